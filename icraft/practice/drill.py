"""Drills: one focused question for one skill, answered, linted, stored, scheduled.

The terminal loop lives in ``icraft.cli.drill_cmd``; this module holds the parts
that touch the database and the lint engine, so the dashboard can run a drill with
the same code. Every drill is a session of kind "drill" (an interviewer turn that
carries the bank question id, then the candidate's answer) and each write commits
at once, so an interrupted run keeps every answer scored before the interrupt.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from typing import IO, TYPE_CHECKING, Any, Mapping, Sequence

from icraft.core.errors import InputError, NotFoundError
from icraft.core.findings import AnswerResult, Finding
from icraft.core.transcript import CANDIDATE, INTERVIEWER, Turn
from icraft.skills import SkillChange, apply_result, get_skill, plan, recent_question_ids
from icraft.skills.evidence import unjudged_reason
from icraft.skills.graph import timing_only_skills
from icraft.skills.plan import pick_question, practice_profile
from icraft.skills.repo import counted_skills, result_key
from icraft.store import sessions
from icraft.store.db import now, transaction

if TYPE_CHECKING:
    from icraft.content.bank import Question
    from icraft.rubric import Rubric


@dataclass(frozen=True, slots=True)
class DrillTarget:
    """A skill to drill and the bank question to drill it with."""

    skill_id: str
    question: Question
    probe: str | None = None  # with a job posting: the requirement it probes, quoted ("The posting asks for: ...")
    story_gap: str | None = None  # a competency the story bank has no (strong) story for: the answer joins the bank


@dataclass
class DrillRecord:
    """What one drill produced (the stored session, its score and the skill moves)."""

    session_id: str
    target: DrillTarget
    answer: str
    result: AnswerResult
    score_id: int
    changes: list[SkillChange]
    note: str | None = None  # why the drilled skill did not move (None: it moved)
    rewind: AnswerResult | None = None
    rewind_changes: list[SkillChange] = field(default_factory=list)
    rewind_note: str | None = None

    @property
    def delta(self) -> int | None:
        """Score gained by the rewind, computed from the two stored scores."""
        return None if self.rewind is None else self.rewind.score.overall - self.result.score.overall

    def to_dict(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "skill_id": self.target.skill_id,
            "question_id": self.target.question.id,
            "question": self.target.question.text,
            "probe": self.target.probe,
            "story_gap": self.target.story_gap,
            "score": self.result.score.overall,
            "findings": [f.to_dict() for f in self.result.findings],
            "relevant_findings": [f.rule_id for f in relevant(self.result, self.target.skill_id)],
            "skills": [c.to_dict() for c in self.changes],
            "skill_note": self.note,
            "rewind": None
            if self.rewind is None
            else {
                "score": self.rewind.score.overall,
                "delta": self.delta,
                "findings": [f.to_dict() for f in self.rewind.findings],
                "skills": [c.to_dict() for c in self.rewind_changes],
                "skill_note": self.rewind_note,
            },
        }


def relevant(result: AnswerResult, skill_id: str) -> list[Finding]:
    """Findings that give evidence about the drilled skill (highlighted in the UI)."""
    return [f for f in result.findings if skill_id in f.skills]


def others(result: AnswerResult, skill_id: str) -> list[Finding]:
    return [f for f in result.findings if skill_id not in f.skills]


def _apply(
    conn: sqlite3.Connection, result: AnswerResult, answer: str, skill_id: str, *,
    session_id: str, stored: sessions.StoredScore, source: str, rubric: Rubric | None,
) -> tuple[list[SkillChange], str | None]:
    """Move the skills for one drill answer; also say why the drilled skill did not move
    (the same answer counted before, or not judged and why), None when it moved."""
    from icraft.rubric import load_rubric

    rubric = rubric or load_rubric()
    repeated = counted_skills(conn, result_key(result, answer))  # before this answer counts
    changes = apply_result(conn, result, rubric=rubric, session_id=session_id, stored=stored, source=source,
                           text=answer)
    if any(c.skill_id == skill_id for c in changes):
        return changes, None
    if skill_id in repeated:
        return changes, "not counted again — this same answer to this question was counted before"
    return changes, "not judged — " + unjudged_reason(result, rubric, skill_id)


def choose_question(
    skill_id: str, *, exclude: Sequence[str], seed: int | None = None, role: str | None = None,
    level: str | None = None,
) -> Question:
    """A bank question for the skill (and role and level: see ``plan.pick_question``),
    avoiding ``exclude`` (oldest first) while any other is left."""
    q = pick_question(skill_id, exclude=exclude, seed=seed, role=role, level=level)
    if q is None:
        raise NotFoundError(f"the question bank has no question for skill '{skill_id}'")
    return q


def targets(
    conn: sqlite3.Connection, *, skill_id: str | None, count: int, today: date | None = None,
    role: str | None = None, level: str | None = None, weights: Mapping[str, float] | None = None,
) -> list[DrillTarget]:
    """What to drill: ``count`` questions for one skill, or the first ``count`` plan items,
    chosen for ``role`` and ``level`` (None: ``plan.practice_profile``), the plan weighted
    by a job posting's skill ``weights`` when given."""
    role, level = practice_profile(conn, role=role, level=level)
    from icraft.content import bank

    if skill_id is not None:
        get_skill(skill_id)  # unknown id -> NotFoundError with did-you-mean
        from icraft.rubric import load_rubric

        if skill_id in timing_only_skills(load_rubric()):
            raise InputError(
                f"{skill_id} is judged only from word timings, which a typed drill does not have",
                "practise it in a spoken `icraft interview`, or lint a recorded transcript",
            )
        exclude = list(reversed(recent_question_ids(conn)))
        out = []
        for _ in range(count):
            q = choose_question(skill_id, exclude=exclude, seed=(today.toordinal() if today else None),
                                role=role, level=level)
            exclude.append(q.id)
            out.append(DrillTarget(skill_id, q))
        return out
    items = plan(conn, minutes=600, today=today, role=role, level=level, weights=weights)[:count]
    return [DrillTarget(it.skill_id, bank.get(it.question_id)) for it in items]


def story_gap_target(conn: sqlite3.Connection, *, weights: Mapping[str, float] | None = None) -> DrillTarget | None:
    """The story bank's most wanted gap as a drill: the bank question that draws a story
    for a competency no story shows, or only weak ones (``weights``: a job posting's, per
    competency, :func:`icraft.stories.bank.posting_weights`). None when there is no gap,
    or no story yet (every competency of an empty bank is a gap: the plan decides)."""
    from icraft.content import bank
    from icraft.rubric import load_rubric
    from icraft.store.stories import has_stories
    from icraft.stories import bank as story_bank

    if not has_stories(conn):
        return None
    gap = next((cv for cv in story_bank.coverage(conn, weights=dict(weights or {})) if cv.gap), None)
    if gap is None:
        return None
    q = bank.get(gap.question_id)
    timed = timing_only_skills(load_rubric())
    skill = next((s for s in q.skills if s not in timed), "star_structure")
    return DrillTarget(skill, q, story_gap=gap.competency)


def question_target(
    conn: sqlite3.Connection, question_id: str, *, skill_id: str | None = None, today: date | None = None,
) -> DrillTarget:
    """One bank question to drill (`icraft drill --question ID`, the ids `icraft plan`
    shows). It drills ``skill_id`` when given (one of the question's skills), else the
    question's skill the plan ranks most urgent. An unknown id is a NotFoundError naming
    the closest ids."""
    from icraft.content import bank
    from icraft.rubric import load_rubric

    try:
        q = bank.get(question_id)
    except NotFoundError as e:
        close = e.hint if e.hint and e.hint.startswith("did you mean") else None
        raise NotFoundError(e.message, close or "`icraft plan` shows question ids") from None
    typed = [s for s in q.skills if s not in timing_only_skills(load_rubric())]
    if skill_id is not None:
        get_skill(skill_id)  # unknown id -> NotFoundError with did-you-mean
        if skill_id not in typed:
            raise InputError(f"question {q.id} does not drill {skill_id}",
                             f"it drills {', '.join(typed) or 'only timing skills'}; leave out --skill")
        return DrillTarget(skill_id, q)
    if not typed:
        raise InputError(f"question {q.id} drills only skills judged from word timings",
                         "practise it in a spoken `icraft interview`")
    urgent = [it.skill_id for it in plan(conn, minutes=600, today=today)]
    return DrillTarget(min(typed, key=lambda s: urgent.index(s) if s in urgent else len(urgent)), q)


def lint_type(question: Question) -> str | None:
    """The rubric question type for a bank question (None: let the lint engine infer it)."""
    from icraft.rubric.questions import scoring_type

    return scoring_type(question.type)


def record_drill(
    conn: sqlite3.Connection, target: DrillTarget, answer: str, *, rubric: Rubric | None = None
) -> DrillRecord:
    """Lint the answer and store the drill: session, both turns, score, findings, skills."""
    from icraft.rubric import lint_answer

    q = target.question
    skill = get_skill(target.skill_id)
    result = lint_answer(answer, question=q.text, question_type=lint_type(q), rubric=rubric)
    sid = sessions.create_session(
        conn,
        "drill",
        title=f"drill: {skill.name}",
        type=result.question_type,
        meta={"skill": skill.id, "question_id": q.id},
    )
    try:
        sessions.add_turn(conn, sid, Turn.from_text(INTERVIEWER, q.text), question_id=q.id)
        turn_id = sessions.add_turn(conn, sid, Turn.from_text(CANDIDATE, answer))
        with transaction(conn):  # the score, its findings and the skill moves land together
            stored = sessions.save_answer(conn, sid, result, answer, turn_id=turn_id)
            changes, note = _apply(conn, result, answer, skill.id, session_id=sid, stored=stored,
                                   source="drill", rubric=rubric)
            if target.story_gap is not None:  # the story drilled for a gap joins the story bank
                from icraft.stories import bank as story_bank

                story_bank.record(conn, answer, question=q.text, question_type=result.question_type,
                                  score=result.score.overall, session_id=sid, score_id=stored.id, question_id=q.id)
            sessions.update_session(
                conn, sid, status="completed", score=result.score.overall,
                rubric_version=result.score.rubric_version, ended_at=now(),
            )
    except KeyboardInterrupt:
        sessions.update_session(conn, sid, status="abandoned", ended_at=now())
        raise
    return DrillRecord(sid, target, answer, result, stored.id, changes, note)


def record_rewind(conn: sqlite3.Connection, record: DrillRecord, answer: str, *, rubric: Rubric | None = None) -> None:
    """Lint a re-answer, store it as attempt 1.. of the same answer, and move the skills again."""
    from icraft.rubric import lint_answer

    q = record.target.question
    result = lint_answer(answer, question=q.text, question_type=record.result.question_type, rubric=rubric)
    with transaction(conn):  # the attempt, its findings and the skill moves land together
        attempt = sessions.next_attempt(conn, record.session_id, record.result.answer)
        stored = sessions.save_answer(conn, record.session_id, result, answer, attempt=attempt)
        changes, note = _apply(
            conn, result, answer, record.target.skill_id, session_id=record.session_id, stored=stored,
            source="rewind", rubric=rubric,
        )
        sessions.update_session(conn, record.session_id, meta={
            "skill": record.target.skill_id, "question_id": q.id,
            "rewind_delta": result.score.overall - record.result.score.overall,
        })
    record.rewind, record.rewind_changes, record.rewind_note = result, changes, note


def read_answer(stream: IO[str], *, skip_leading_blank: bool = True) -> str | None:
    """Read lines up to an empty line or EOF. None at EOF with nothing read.

    Leading blank lines are skipped for an answer (a stray Enter is not an answer);
    for the optional rewind they are not, so an empty line means "skip".
    """
    lines: list[str] = []
    while True:
        line = stream.readline()
        if line == "":
            break
        text = line.rstrip("\r\n")
        if not text.strip():
            if lines or not skip_leading_blank:
                break
            continue
        lines.append(text)
    if not lines:
        return None if line == "" else ""
    return "\n".join(lines).strip()
