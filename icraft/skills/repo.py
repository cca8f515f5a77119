"""The skill graph in the database: apply an answer's evidence, and read the state back.

Writes: :func:`apply_result` (one transaction per answer), :func:`apply_observations`
(a mode's own scores, e.g. a negotiation's). Reads, for the CLI and the
dashboard: :func:`skill_states` (every skill, one row each, with trend and schedule),
:func:`skill_history` (one skill's events) and :func:`recent_question_ids`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any

from icraft.core.findings import AnswerResult
from icraft.skills import schedule, trend
from icraft.skills.evidence import PRIOR_SCORE, answer_key, observe, update_score, without_prior
from icraft.skills.graph import SkillDef, get_skill, load_skills
from icraft.store import skills as store
from icraft.store.db import transaction
from icraft.store.sessions import StoredScore
from icraft.store.skills import SkillEvent, counted_skills

if TYPE_CHECKING:
    from icraft.rubric import Rubric


@dataclass(frozen=True, slots=True)
class SkillChange:
    """How one answer moved one skill."""

    skill_id: str
    before: float | None  # None: the skill had no evidence yet
    after: float
    observed: float
    rating: int = 3  # fsrs rating given to the skill's card
    due: str = ""  # ISO due date after the review
    finding_id: int | None = None

    @property
    def delta(self) -> float:
        """How far this answer moved the skill; a new skill moved from the prior."""
        return round(self.after - (self.before if self.before is not None else PRIOR_SCORE), 2)

    def to_dict(self) -> dict[str, Any]:
        return {
            "skill_id": self.skill_id,
            "before": self.before,
            "after": self.after,
            "observed": self.observed,
            "rating": schedule.RATING_NAMES[self.rating],
            "due": self.due,
            "finding_id": self.finding_id,
        }


def result_key(result: AnswerResult, text: str | None) -> str | None:
    """The evidence key of a scored answer: its question plus its ``text``; None without
    the text (then it is never deduplicated)."""
    return answer_key(result.question, text) if text is not None else None


def apply_result(
    conn: sqlite3.Connection,
    result: AnswerResult,
    *,
    rubric: Rubric,
    session_id: str,
    source: str,
    text: str | None,
    stored: StoredScore | None = None,
    at: datetime | None = None,
) -> list[SkillChange]:
    """Move every skill this answer gives evidence about; record one event per skill.

    ``rubric`` is the one the answer was scored with (``LintReport.rubric``): its weights
    and skill lists say what the answer shows. ``stored`` is the answer's score as just
    saved (its id and its findings' ids, linked from the events), ``text`` the answer's
    text; nothing is read back from what the caller hands over.

    Skills without evidence in this answer are not touched (no row, no event). The
    skill's fsrs card is reviewed with the rating for the observed score, and its due
    date stored. ``at`` defaults to now (tests pass it to simulate days passing).
    All reads and writes for the answer are one transaction that starts with the write
    lock; inside the caller's open transaction (the answer's score and findings) it joins
    it, so the score and the skill moves land together or not at all.

    An answer counts once per skill: the event records the answer's evidence key (the
    question and ``text``), and a skill that already has an event with the same key is
    not moved again, so re-linting an unchanged file or typing the same drill answer
    twice leaves the graph as it was.
    """
    evidence = observe(result, rubric)
    if not evidence:
        return []
    # Everything read from here on is read under the write lock: another process saving
    # an answer at the same moment waits, so no skill update is lost.
    with transaction(conn):
        key = result_key(result, text)
        for sid in counted_skills(conn, key):
            evidence.pop(sid, None)  # this very answer already moved it
        if not evidence:
            return []
        finding_ids = stored.finding_ids if stored is not None else ()
        moves = {
            sid: (ev.observed, _at(finding_ids, ev.main_finding)) for sid, ev in evidence.items()
        }
        return _move(conn, moves, session_id=session_id, score_id=stored.id if stored is not None else None,
                     source=source, key=key, at=at)


def _at(ids: tuple[int, ...], index: int | None) -> int | None:
    """The stored id of finding ``index`` (None without one, or when it was not stored)."""
    return ids[index] if index is not None and index < len(ids) else None


def apply_observations(
    conn: sqlite3.Connection,
    observed: dict[str, float],
    *,
    session_id: str,
    source: str,
    evidence_key: str,
    at: datetime | None = None,
) -> list[SkillChange]:
    """Move skills by scores a mode computed itself (0-100 each), not from one linted
    answer: a negotiation's anchoring or counter strategy comes from its whole offer
    ledger. The same rules as :func:`apply_result`: one transaction under the write lock,
    one event per skill, and a skill already moved with ``evidence_key`` is not moved again."""
    with transaction(conn):
        counted = counted_skills(conn, evidence_key)
        moves = {sid: (float(v), None) for sid, v in observed.items() if sid not in counted}
        return _move(conn, moves, session_id=session_id, score_id=None, source=source, key=evidence_key, at=at)


def _move(
    conn: sqlite3.Connection,
    moves: dict[str, tuple[float, int | None]],
    *,
    session_id: str,
    score_id: int | None,
    source: str,
    key: str | None,
    at: datetime | None,
) -> list[SkillChange]:
    """Update each skill by its observed score (skill id -> (observed, finding id)) and
    record its event; inside the caller's transaction."""
    known = {s.id for s in load_skills()}
    at = at or datetime.now(timezone.utc)
    at_iso = at.astimezone(timezone.utc).isoformat(timespec="seconds")
    changes: list[SkillChange] = []
    for sid in sorted(moves):
        if sid not in known:
            continue
        observed, fid = moves[sid]
        row = store.stored_skill(conn, sid)
        before = row.score if row else None
        n = row.evidence if row else 0
        after = update_score(before, n, observed)
        card = schedule.review(row.card if row else None, sid, observed, at)
        due_iso = card.due.astimezone(timezone.utc).isoformat(timespec="seconds")
        store.save_move(conn, store.StoredSkill(sid, after, n + 1, card.card_json, due_iso, at_iso), observed=observed,
                        session_id=session_id, score_id=score_id, finding_id=fid, source=source, key=key)
        changes.append(SkillChange(sid, before, after, observed, card.rating, due_iso, fid))
    return changes


@dataclass(frozen=True, slots=True)
class SkillState:
    """A skill as the user sees it: definition, score, schedule and trend."""

    skill: SkillDef
    score: float | None  # None: never practised
    evidence: int
    due: datetime | None  # None: never practised (due now)
    stability: float | None
    trend: str  # improving / stable / declining / new
    slope: float  # points per answer over the recent window
    updated_at: str | None
    history: tuple[float, ...] = field(default=())  # recent scores, oldest first (sparklines)

    @property
    def id(self) -> str:
        return self.skill.id

    def due_date(self) -> date | None:
        return self.due.date() if self.due else None

    def overdue_days(self, today: date) -> int:
        """Days past the due date (0 when not yet due; never-practised skills are not overdue)."""
        d = self.due_date()
        return max(0, (today - d).days) if d else 0

    def is_due(self, today: date) -> bool:
        d = self.due_date()
        return d is None or d <= today

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.skill.to_dict(),
            "score": self.score,
            "evidence": self.evidence,
            "due": self.due.isoformat() if self.due else None,
            "stability_days": round(self.stability, 2) if self.stability is not None else None,
            "trend": self.trend,
            "slope": round(self.slope, 2),
            "updated_at": self.updated_at,
            "history": list(self.history),
        }


def _parse_ts(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def recent_scores(conn: sqlite3.Connection, limit: int = trend.WINDOW) -> dict[str, list[float]]:
    """skill id -> its last ``limit`` scores, oldest first.

    One indexed query per skill (skill_events_skill covers skill_id, at, rowid), so
    the cost is 24 short index walks however long the history is; a window function
    over the whole table would sort every event.
    """
    if limit <= 0:
        return {}
    return store.recent_scores(conn, (s.id for s in load_skills()), limit)


def skill_states(conn: sqlite3.Connection, *, history: int = 20) -> list[SkillState]:
    """Every declared skill (practised or not), in skills.toml order.

    ``history`` recent scores are kept per skill for sparklines; the trend always
    uses the last trend.WINDOW of them.
    """
    rows = store.stored_skills(conn)
    scores = recent_scores(conn, max(history, trend.WINDOW))
    out = []
    for s in load_skills():
        row = rows.get(s.id)
        hist = scores.get(s.id, [])
        evidence = row.evidence if row else 0
        # The trend is judged on what the answers say, not on the score settling off the
        # prior: event i of the history is the (evidence - len(hist) + 1 + i)-th answer.
        first = evidence - len(hist) + 1
        label, slope = trend.classify([without_prior(v, first + i) for i, v in enumerate(hist)])
        out.append(
            SkillState(
                skill=s,
                score=row.score if row else None,
                evidence=evidence,
                due=_parse_ts(row.due_at) if row else None,
                stability=schedule.stability_of(row.card) if row else None,
                trend=label,
                slope=slope,
                updated_at=row.updated_at if row else None,
                history=tuple(hist[-history:]) if history else (),
            )
        )
    return out


def skill_state(conn: sqlite3.Connection, skill_id: str) -> SkillState:
    """One skill's state (NotFoundError with a suggestion for an unknown id)."""
    get_skill(skill_id)
    return next(s for s in skill_states(conn) if s.id == skill_id)


def skill_history(conn: sqlite3.Connection, skill_id: str, *, limit: int | None = None) -> list[SkillEvent]:
    """A skill's events, oldest first (the last ``limit`` when given), with their main finding."""
    get_skill(skill_id)
    return store.skill_events(conn, skill_id, limit=limit)


def recent_question_ids(conn: sqlite3.Connection, *, days: int = 14, limit: int = 200) -> list[str]:
    """Bank ids of questions asked in drill sessions of the last ``days`` days, newest first."""
    cutoff = datetime.now(timezone.utc).timestamp() - days * 86400
    cutoff_iso = datetime.fromtimestamp(cutoff, timezone.utc).isoformat(timespec="seconds")
    from icraft.store.sessions import asked_question_ids

    return list(dict.fromkeys(asked_question_ids(conn, ("drill",), cutoff_iso, newest_first=True, limit=limit)))


__all__ = [
    "SkillChange",
    "SkillEvent",
    "SkillState",
    "apply_result",
    "counted_skills",
    "recent_question_ids",
    "result_key",
    "recent_scores",
    "skill_history",
    "skill_state",
    "skill_states",
]
