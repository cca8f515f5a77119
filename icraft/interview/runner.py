"""The interview's session functions: the per-question and session scores (the best
complete account), recently asked questions, and marking stale interviews abandoned
(``abandoned`` when an in-progress interview has had no new turn for
:data:`ABANDON_AFTER_HOURS`, marked lazily, when sessions are listed or continued; an
abandoned interview can still be continued by id). Its runner, the generic
:class:`~icraft.modes.runner.SessionRunner` with the interview's options, is
:class:`icraft.modes.interview.InterviewRunner`."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Sequence

from icraft.core.findings import AnswerResult
from icraft.core.transcript import CANDIDATE, Turn
from icraft.interview.engine import Engine, LintFn, Phase, default_lint
from icraft.store import sessions as store
from icraft.store.answers import AnswerInContext

__all__ = ["core_score", "mark_abandoned", "question_scores", "recent_question_ids", "session_score"]

ABANDON_AFTER_HOURS = 24
RECENT_DAYS = 30


def recent_question_ids(conn: sqlite3.Connection, *, days: int = RECENT_DAYS, exclude_session: str | None = None) -> list[str]:
    """Bank ids asked in interviews and drills of the last ``days`` days, oldest first
    (the order the bank wants, to reuse the longest-ago questions first)."""
    cutoff = (datetime.now(timezone.utc) - timedelta(days=days)).isoformat(timespec="seconds")
    ordered: dict[str, None] = {}
    for qid in store.asked_question_ids(conn, (Engine.kind, "drill"), cutoff, exclude_session=exclude_session):
        ordered.pop(qid, None)  # keep each id at its latest position
        ordered[qid] = None
    return list(ordered)


def mark_abandoned(conn: sqlite3.Connection, *, hours: int = ABANDON_AFTER_HOURS) -> int:
    """Mark in-progress interviews with no turn for ``hours`` as abandoned; returns how many."""
    if getattr(conn, "read_only", ""):  # housekeeping: a database opened read-only is only read
        return 0
    cutoff = (datetime.now(timezone.utc) - timedelta(hours=hours)).isoformat(timespec="seconds")
    return store.abandon_stale(conn, Engine.kind, cutoff)


@dataclass(frozen=True)
class QuestionScore:
    """One core question's score: the best complete account the candidate gave of it.

    ``answers`` are all the scored answers to the question (the core answer, the full story
    a too-short one drew out, the follow-up answers), 0-based; ``basis`` the ones the score
    comes from: a single core-phase answer, or all of them linted together as one answer.
    """

    question_id: str | None
    answers: tuple[int, ...]
    basis: tuple[int, ...]
    overall: int
    categories: dict[str, int]
    rubric_version: str
    # Of a joined account only (a single answer's are stored with it): its findings, each
    # with the answer its first quote was cut from, and the rules that judged it.
    findings: tuple[dict[str, Any], ...] = ()
    judged: tuple[str, ...] = ()

    @property
    def combined(self) -> bool:
        return len(self.basis) > 1

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "combined": self.combined}


def question_scores(
    conn: sqlite3.Connection, session_id: str, *, lint: LintFn = default_lint
) -> list[QuestionScore]:
    """Each core question's score, in the order asked (docs/INTERVIEW.md, *Final report*).

    A question that drew one scored answer keeps that answer's stored score. One that drew
    more (a one-liner, then the full story it was asked for; a story, then "by 40%" to
    "by how much?") scores the mean of two things, so neither a complete account nor a weak
    answer is lost (rubric 2026.12.2, docs/SCORING.md section 4):

    - its best complete account: the candidate's answers to it joined in order and linted
      as one core answer by every rule, or one of its core-phase answers alone, whichever
      scores higher (the joined account first on a tie). A one-line start does not halve
      the story told a minute later, and a retelling that repeats the one-liner is not
      marked down for the repetition. Whether the account is about the question is read
      from its answers to the main question alone, each as it was judged when given,
      never from the replies to follow-ups (off_topic, rubric 2026.12.28);
    - how its answers landed as given: the mean of the stored scores of every answer to it
      that a rule judged (a core answer on every rule, a follow-up reply on the rules its
      follow-up asked about). A weak reply counts ("It was fine." to "how did it turn
      out?"), and so does a story that needed prompting for its result; a reply too short
      for any rule to judge ("no") does not.

    Each part only rises when an answer improves, so improving one answer never lowers the
    question's score nor the session's; every judged answer weighs on it, so a weak one
    never vanishes behind a strong account (an interview read 100 with an answer at 72).
    The joined account is linted from the stored text without word timings (the gaps
    between its parts are the interviewer's turns, not the candidate's pauses), so pace
    is judged on each answer's own score and in the report's delivery line only. An
    answer with an unreliable transcript (docs/SCORING.md) is left out: it was not scored.
    """
    from icraft.store.answers import answers_in_context, session_findings

    groups: dict[Any, list[AnswerInContext]] = {}
    for c in filter(_real, answers_in_context(conn, session_id)):
        # a question's answers share its bank id; an answer without one stands alone
        groups.setdefault(c.question_id or ("answer", c.answer.answer_index), []).append(c)
    out: list[QuestionScore] = []
    stored: dict[int, list[Any]] | None = None
    for group in groups.values():
        core = [c for c in group if (c.phase or Phase.CORE.value) == Phase.CORE.value]
        if not any(map(_judged, core)):
            continue  # no core answer judged ("No.", one word): the question has no score
        core = [c for c in core if _judged(c)]
        answers = tuple(c.answer.answer_index for c in group)
        qid = core[0].question_id
        singles = [
            QuestionScore(qid, answers, (c.answer.answer_index,), c.answer.overall, c.answer.categories,
                          c.answer.rubric_version)  # type: ignore[arg-type]
            for c in core
        ]
        if len(group) == 1:
            out.append(singles[0])
            continue
        accounts = [_joined(group, core[0], answers, lint), *singles]
        best = max(accounts, key=lambda a: a.overall)  # the first of equals: the joined account
        if stored is None:
            stored = session_findings(conn, session_id)
        out.append(_with_answers_as_given(best, group, stored))
    return out


def _judged(c: AnswerInContext) -> bool:
    """Whether a rule judged the stored answer (a "no" to a follow-up: none did). Answers
    stored before icraft recorded it count as judged."""
    return c.answer.judged is None or bool(c.answer.judged)


def _with_answers_as_given(best: QuestionScore, group: Sequence[AnswerInContext],
                           stored: dict[int, list[Any]]) -> QuestionScore:
    """The question's score: the mean of its best complete account and of the stored
    scores of its judged answers (see :func:`question_scores`); each category likewise,
    over the answers whose checked rules touched it. The findings are the account's and
    every counted answer's own, so a category that lost points shows where."""
    from icraft.rubric.scoring import round_half_up

    parts = [c for c in group if _judged(c)]
    if not parts:
        return best
    given = sum(c.answer.overall for c in parts) / len(parts)
    categories = {}
    for cat, value in best.categories.items():
        own = [c.answer.categories[cat] for c in parts if cat in c.answer.categories]
        categories[cat] = round_half_up((value + sum(own) / len(own)) / 2) if own else value

    def own_findings(c: AnswerInContext) -> list[dict[str, Any]]:
        return [{**finding_view(f, f.quote), "answer": c.answer.answer_index} for f in stored.get(c.answer.id, [])]

    if best.combined:
        findings, judged = list(best.findings), set(best.judged)
    else:  # one core answer alone: its stored findings
        alone = next(c for c in group if c.answer.answer_index == best.basis[0])
        findings, judged = own_findings(alone), set(alone.answer.judged or ())
    seen = {(f["rule_id"], f["answer"]) for f in findings}
    findings += [f for c in parts for f in own_findings(c) if (f["rule_id"], f["answer"]) not in seen]
    judged |= {rule for c in parts for rule in c.answer.judged or ()}
    basis = tuple(sorted(set(best.basis) | {c.answer.answer_index for c in parts}))
    return QuestionScore(
        best.question_id, best.answers, basis, round_half_up((best.overall + given) / 2), categories,
        best.rubric_version, tuple(findings), tuple(sorted(judged)),
    )


def _real(c: AnswerInContext) -> bool:
    """False for an answer flagged as an unreliable transcript (a tone or music
    transcribed as hundreds of "uh"): not scored, like an answer no rule judged."""
    from icraft.delivery.timing import unreliable

    return not unreliable(c.answer.delivery or {})


def finding_view(f: Any, quote: str | None) -> dict[str, Any]:
    """A finding as the report shows it (a stored one or a joined account's): its rule,
    cost and first quote."""
    return {
        "rule_id": f.rule_id,
        "category": f.category,
        "severity": f.severity,
        "message": f.message,
        "points": f.points,
        "measurable": f.measurable,
        "quote": quote,
        "skills": list(f.skills),
    }


def _joined(group: Sequence[AnswerInContext], core: AnswerInContext, answers: tuple[int, ...],
            lint: LintFn) -> QuestionScore:
    """A question's answers joined in order (as readers merge adjacent turns) and linted
    as one core answer; each finding keeps the answer its first quote comes from. Its
    core-phase answers are told apart (``main_parts``): off_topic judges each of them alone
    against the question, not the replies to follow-ups (docs/SCORING.md section 4)."""
    from bisect import bisect_right

    from icraft.core.transcript import merge_adjacent
    from icraft.interview.wording import bare_question

    parts = [Turn.from_text(CANDIDATE, c.answer.text) for c in group]
    starts = [0]
    for part in parts[:-1]:
        starts.append(starts[-1] + len(part.text) + 1)  # merge_adjacent joins with one space
    main = tuple((start, start + len(part.text)) for c, start, part in zip(group, starts, parts)
                 if (c.phase or Phase.CORE.value) == Phase.CORE.value)
    result = _lint_joined(
        lint,
        merge_adjacent(parts)[0],
        bare_question(core.question) if core.question else None,
        core.answer.question_type or "behavioral",
        main,
    )
    findings = tuple(
        {
            **finding_view(f, f.spans[0].quote if f.spans else None),
            "answer": answers[bisect_right(starts, f.spans[0].char_start) - 1] if f.spans else answers[0],
        }
        for f in result.findings
    )
    s = result.score
    return QuestionScore(
        core.question_id, answers, answers, s.overall, dict(s.categories), s.rubric_version, findings, result.judged
    )


# The last joined accounts linted, by (lint function, question, question type, text, main
# parts): the
# session score at the end of an interview and its report right after it read the same
# joined answers, which are linted once (a joined account is never stored).
_JOINED: dict[tuple[Any, ...], AnswerResult] = {}
_JOINED_KEPT = 32


def _lint_joined(lint: LintFn, turn: Turn, question: str | None, question_type: str,
                 main_parts: tuple[tuple[int, int], ...]) -> AnswerResult:
    """``lint`` of a joined account, linted once per process for the same lint function,
    question, text and main parts (an unhashable lint function is never remembered)."""
    try:
        key: tuple[Any, ...] | None = (lint, question, question_type, turn.text, main_parts)
        hit = _JOINED.get(key)  # type: ignore[arg-type]
    except TypeError:
        key, hit = None, None
    if hit is not None:
        return hit
    result = lint(turn, question=question, question_type=question_type, rules=None, main_parts=main_parts)
    if key is not None:
        _JOINED[key] = result
        while len(_JOINED) > _JOINED_KEPT:
            _JOINED.pop(next(iter(_JOINED)), None)  # the oldest
    return result


def session_score(questions: Sequence[QuestionScore]) -> tuple[int | None, str | None]:
    """The interview's score: the mean of its questions' scores, and the rubric version."""
    from icraft.rubric.scoring import round_half_up

    if not questions:
        return None, None
    return round_half_up(sum(q.overall for q in questions) / len(questions)), questions[0].rubric_version


def core_score(
    conn: sqlite3.Connection, session_id: str, *, lint: LintFn = default_lint
) -> tuple[int | None, str | None]:
    """The session score (mean of :func:`question_scores`) and the rubric version."""
    return session_score(question_scores(conn, session_id, lint=lint))
