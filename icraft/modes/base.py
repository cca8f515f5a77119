"""The shapes every practice mode shares: :class:`Mode`, the registry entry that ties a
kind of session to its dialogue and its report, and (from :mod:`icraft.core.dialogue`,
where the dialogues below the modes layer import them) what a mode says (:class:`Step`,
:class:`Utterance`), the pure :class:`Dialogue` protocol and the one-shot :class:`Analyzer`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any, Callable

from icraft.core.dialogue import DONE, Analyzer, Dialogue, Step, Utterance

__all__ = ["DONE", "Analyzer", "Dialogue", "Mode", "Step", "Utterance"]

# dialogue_factory(options, state=..., **collaborators) -> Dialogue. ``options`` is the
# JSON-able dict stored in the session's meta; ``state`` a snapshot to restore (None: new);
# collaborators are what a front end injects (the interview's question bank, lint
# function, wording, recently asked question ids).
DialogueFactory = Callable[..., Dialogue]
# report_builder(conn, session_id) -> an object with to_dict() (for --json) and a
# Markdown rendering via render_markdown(report) (for files and the TUI).
ReportBuilder = Callable[[sqlite3.Connection, str], Any]
# session_score(conn, session_id, dialogue) -> (score or None, rubric version or None)
SessionScorer = Callable[[sqlite3.Connection, str, Dialogue], "tuple[int | None, str | None]"]


def _no_score(conn: sqlite3.Connection, session_id: str, dialogue: Dialogue) -> tuple[int | None, str | None]:
    return None, None


def _no_hook(conn: sqlite3.Connection) -> None:
    return None


@dataclass(frozen=True)
class Mode:
    """A kind of practice session: what ``sessions.kind`` stores and everything the
    runner, the driver and the front ends need to run one.

    - ``dialogue_factory(options, state=None, **collaborators)`` builds the Dialogue;
    - ``prepare(conn, options)`` what else a new session's meta holds (read from the
      database once, at creation: the interview's recently asked questions);
    - ``title(options)`` the session's title; ``columns(options)`` its ``type``, ``role``
      and ``level`` columns (for ``icraft sessions``);
    - ``session_score`` scores the finished session (default: none);
    - ``report_builder`` and ``render_markdown`` make the end-of-session report;
    - ``after_session(conn)`` runs once a session completes (the interview rebuilds the
      cross-session memory);
    - ``phase_label(dialogue)`` the front ends' name for the current phase; ``minutes``
      the planned length shown by the timer (None: no limit); ``speaker`` who talks to
      the candidate ("Interviewer", "Recruiter"); ``side_panel`` what the full screen shows
      beside the conversation (the negotiation's offer table), instead of live findings.
    """

    kind: str
    help: str
    dialogue_factory: DialogueFactory
    title: Callable[[dict[str, Any]], str]
    prepare: Callable[[sqlite3.Connection, dict[str, Any]], dict[str, Any]] = lambda conn, options: {}
    report_builder: ReportBuilder | None = None
    render_markdown: Callable[[Any], str] | None = None
    columns: Callable[[dict[str, Any]], dict[str, Any]] = lambda options: {}
    session_score: SessionScorer = _no_score
    after_session: Callable[[sqlite3.Connection], None] = _no_hook
    phase_label: Callable[[Dialogue], str] = lambda d: str(d.phase).replace("_", " ").capitalize()
    minutes: Callable[[dict[str, Any]], int | None] = lambda options: options.get("minutes")
    speaker: str = "Interviewer"
    # The full screen's side pane for this mode: (title, Rich markup), refreshed after every
    # step; None (the default) shows the last answer's live findings there.
    side_panel: Callable[[Dialogue], "tuple[str, str] | None"] = lambda d: None
    command: str = ""  # the icraft command that runs and continues it (default: the kind)
    # Whether Ctrl+K's "skip" is heard as a move that spends a turn (the negotiation: a
    # stall, which the ledger records): the full screen then labels the key so.
    skip_spends_turn: bool = False
