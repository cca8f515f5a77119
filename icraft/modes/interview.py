"""The interview as a practice mode: :class:`~icraft.interview.engine.Engine` is its
Dialogue, scored per question on the best complete account, reported by
:mod:`icraft.interview.report`, and remembered across sessions by
:mod:`icraft.interview.memory`."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from icraft.modes import runner as modes_runner
from icraft.modes.base import Dialogue, Mode
from icraft.modes.runner import SessionRunner

if TYPE_CHECKING:  # pragma: no cover
    from icraft.interview.engine import InterviewOptions, LintFn
    from icraft.interview.selection import QuestionBank
    from icraft.interview.wording import Wording

KIND = "interview"


def _dialogue(options: dict[str, Any], *, state: dict[str, Any] | None, meta: dict[str, Any], bank: Any = None,
              lint: Any = None, wording: Any = None) -> Dialogue:
    from icraft.interview.engine import Engine, InterviewOptions, default_lint

    if bank is None:
        from icraft.content import bank as default_bank

        bank = default_bank  # the module itself has select(...)
    return Engine(
        InterviewOptions.from_dict(options),
        bank=bank,
        lint=lint or default_lint,
        wording=wording,
        recent_ids=meta.get("recent", ()),
        state=state,
    )


def _prepare(conn: sqlite3.Connection, options: dict[str, Any]) -> dict[str, Any]:
    from icraft.interview.runner import recent_question_ids

    return {"recent": recent_question_ids(conn)}


def _title(o: dict[str, Any]) -> str:
    return f"{o['type']} interview ({o['role']}, {o['level']}, {o['minutes']} min)"


def _score(conn: sqlite3.Connection, session_id: str, dialogue: Dialogue) -> tuple[int | None, str | None]:
    from icraft.interview.runner import core_score

    return core_score(conn, session_id, lint=dialogue.lint)  # type: ignore[attr-defined]


def _report(conn: sqlite3.Connection, session_id: str) -> Any:
    from icraft.interview.report import build_report

    return build_report(conn, session_id)


def _markdown(report: Any) -> str:
    from icraft.interview.report import render_markdown

    return render_markdown(report)


def _remember(conn: sqlite3.Connection) -> None:
    from icraft.interview import memory

    memory.rebuild(conn)


def _phase_label(dialogue: Any) -> str:
    from icraft.interview.engine import PHASE_NAMES, Phase

    label = PHASE_NAMES[dialogue.phase]
    if dialogue.phase in (Phase.CORE, Phase.FOLLOWUP):
        label += f" {dialogue.core_asked}"
    return label


MODE = Mode(
    kind=KIND,
    help="A mock interview: questions, follow-ups and a report.",
    dialogue_factory=_dialogue,
    title=_title,
    prepare=_prepare,
    columns=lambda o: {"type": o["type"], "role": o["role"], "level": o["level"]},
    session_score=_score,
    report_builder=_report,
    render_markdown=_markdown,
    after_session=_remember,
    phase_label=_phase_label,
    command="interview",
)


def latest_in_progress(conn: sqlite3.Connection) -> str:
    return modes_runner.latest_in_progress(conn, KIND)


class InterviewRunner(SessionRunner):
    """An interview session: the generic runner with the interview's options."""

    @classmethod
    def create(  # type: ignore[override]
        cls,
        conn: sqlite3.Connection,
        options: InterviewOptions,
        *,
        bank: QuestionBank | None = None,
        lint: LintFn | None = None,  # None: the engine's default_lint
        wording: Wording | None = None,
        update_skills: bool = True,
    ) -> InterviewRunner:
        return super().create(  # type: ignore[return-value]
            conn, KIND, options.to_dict(), update_skills=update_skills, bank=bank, lint=lint, wording=wording
        )

    @classmethod
    def load(  # type: ignore[override]
        cls,
        conn: sqlite3.Connection,
        session_id: str,
        *,
        bank: QuestionBank | None = None,
        lint: LintFn | None = None,  # None: the engine's default_lint
        wording: Wording | None = None,
        update_skills: bool = True,
    ) -> InterviewRunner:
        """Reopen a stored interview, replaying any turns stored after its last snapshot."""
        return super().load(  # type: ignore[return-value]
            conn, session_id, kind=KIND, update_skills=update_skills, bank=bank, lint=lint, wording=wording
        )
