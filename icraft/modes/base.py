"""The shapes every practice mode shares: what a mode says (:class:`Step`), the pure
:class:`Dialogue` protocol, the one-shot :class:`Analyzer`, and :class:`Mode`, the
registry entry that ties a kind of session to its dialogue and its report.

A Dialogue does no I/O and touches no database: it takes the candidate's turns and
returns Steps. Its whole state is a JSON-able dict (``snapshot()``); constructing it
again with ``state=`` restores it, and given the same state and turns it decides the
same (replay after a crash and ``--continue`` rely on this).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Generic, Protocol, TypeVar, runtime_checkable

if TYPE_CHECKING:  # pragma: no cover
    from icraft.core.findings import AnswerResult
    from icraft.core.transcript import Turn

DONE = "done"


@dataclass(frozen=True)
class Utterance:
    """One thing the other side says. ``question_id`` is set when it asks a bank question."""

    text: str
    phase: str  # a mode's phase name (the interview's are a StrEnum)
    kind: str  # greeting, question, followup, repeat, moment, reprompt, ack, reply, resume, closing...
    question_id: str | None = None


@dataclass(frozen=True)
class Step:
    """A dialogue's answer to one event: what to say, the phase it leaves the session in
    (``"done"`` when it is over, so no answer is expected), and what was judged."""

    utterances: tuple[Utterance, ...]
    phase: str
    intent: Any = None  # the mode's reading of the turn (the interview's Intent), if any
    # Position of the candidate's turn among the session's candidate turns; None for an empty
    # turn or a request (repeat, a moment, skip), which is not an answer.
    answer_index: int | None = None
    answered_phase: str | None = None  # the phase the candidate's turn belonged to
    question_id: str | None = None  # the question the candidate's turn answered
    result: AnswerResult | None = None  # set when the turn was scored (the runner stores it)
    core: bool = False  # the scored turn answered a core question (not a follow-up)
    checked_rules: tuple[str, ...] | None = None  # a follow-up answer is checked against these only

    @property
    def done(self) -> bool:
        return self.phase == DONE

    @property
    def said(self) -> str:
        """The utterances as one spoken line."""
        return " ".join(u.text for u in self.utterances)


@runtime_checkable
class Dialogue(Protocol):
    """A practice conversation as a pure state machine (see the module docstring)."""

    kind: str

    def start(self) -> Step: ...

    def answer(self, turn: Turn, *, elapsed_ms: int | None = None) -> Step: ...

    def finish_early(self) -> Step: ...

    def resume_prompt(self) -> Step: ...

    def snapshot(self) -> dict[str, Any]: ...

    @property
    def phase(self) -> str: ...

    @property
    def pending_question_id(self) -> str | None: ...

    @property
    def answer_phase(self) -> str: ...

    @property
    def elapsed_ms(self) -> int: ...


R = TypeVar("R")


class Analyzer(Protocol, Generic[R]):
    """The one-shot form of a mode: a document in, a typed result and skill evidence out
    (a job posting). Pure, like a Dialogue."""

    kind: str

    def analyze(self, text: str) -> R: ...


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
