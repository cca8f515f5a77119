"""The drill plan: which skills to practise now, with which questions, in how long.

Urgency (docs/SKILLS.md) ranks skills; the time budget is filled greedily with one
drill item per skill in urgency order, weak skills repeated and items shortened as
the interview date nears. Questions come from the bank, avoiding recent drills.
Deterministic: the same database, day and options give the same plan.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any, Sequence

from icraft.core.errors import InputError
from icraft.skills.evidence import PRIOR_SCORE
from icraft.skills.graph import skill_fits, timing_only_skills
from icraft.skills.repo import SkillState, recent_question_ids, skill_states

# A never-practised skill counts as the prior the update rule starts it from (50/100).
PRIOR_WEAKNESS = (100.0 - PRIOR_SCORE) / 100.0
WEAK_BELOW = 60.0  # a skill scoring under this is weak: planned even when not due
DUE_WEIGHT = 0.5
OVERDUE_WEIGHT = 0.5
OVERDUE_CAP_DAYS = 14
DECLINING_WEIGHT = 0.25
DENSE_HORIZON_DAYS = 28  # interviews further away than this get the relaxed plan
MAX_EXTRA_REPEATS = 2  # weak skills appear up to 1 + this many times when the interview is near
REPEAT_PENALTY = 0.25  # a repeat is queued as if this much less urgent per earlier occurrence
ITEM_MAX_MINUTES = 12  # a drill is focused: long system-design questions are capped
ITEM_MIN_MINUTES = 3
DEFAULT_ITEM_MINUTES = 6


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One drill: a skill, the bank question to practise it with, and its time box."""

    skill_id: str
    skill_name: str
    category: str
    question_id: str
    question: str
    question_type: str
    minutes: int
    urgency: float
    reasons: tuple[str, ...]
    score: float | None
    due: str | None
    trend: str
    repeat: int = 0  # 0: first drill of this skill in the plan, 1..: a weak skill repeated

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in self.__slots__}
        d["reasons"] = list(self.reasons)
        return d


def urgency(state: SkillState, today: date) -> tuple[float, tuple[str, ...]]:
    """(urgency, reasons) of a skill.

    U = weakness + DUE_WEIGHT*[due] + OVERDUE_WEIGHT*min(overdue days, 14)/14
        + DECLINING_WEIGHT*[declining], weakness = (100 - score)/100, or
    PRIOR_WEAKNESS for a never-practised skill (which is due but never overdue).
    """
    reasons: list[str] = []
    if state.score is None:
        weakness = PRIOR_WEAKNESS
        reasons.append("never practised")
    else:
        weakness = (100.0 - state.score) / 100.0
        if state.score < WEAK_BELOW:
            reasons.append(f"weak ({state.score:.0f})")
    u = weakness
    if state.is_due(today):
        u += DUE_WEIGHT
        overdue = state.overdue_days(today)
        if overdue:
            u += OVERDUE_WEIGHT * min(overdue, OVERDUE_CAP_DAYS) / OVERDUE_CAP_DAYS
            reasons.append(f"overdue {overdue}d")
        elif state.score is not None:
            reasons.append("due today")
    if state.trend == "declining":
        u += DECLINING_WEIGHT
        reasons.append("declining")
    if not reasons:
        reasons.append("review ahead of schedule")
    return round(u, 4), tuple(reasons)


def density(interview_date: date | None, today: date) -> float:
    """0 (relaxed) .. 1 (interview today): how compressed the plan should be."""
    if interview_date is None:
        return 0.0
    days_left = (interview_date - today).days
    return max(0.0, min(1.0, 1.0 - days_left / DENSE_HORIZON_DAYS))


def _is_weak(state: SkillState) -> bool:
    return state.score is not None and (state.score < WEAK_BELOW or state.trend == "declining")


def _eligible(state: SkillState, today: date) -> bool:
    return state.is_due(today) or (state.score is not None and state.score < WEAK_BELOW)


def plan(
    conn: sqlite3.Connection,
    *,
    minutes: int = 30,
    interview_date: date | None = None,
    today: date | None = None,
    include_timed: bool = False,
) -> list[PlanItem]:
    """Drill items ordered by urgency whose minutes add up to at most ``minutes``.

    Due or weak skills come first (highest urgency first); with time left, skills not
    yet due are reviewed ahead of schedule. As the interview nears (``density``), items
    get shorter and weak skills are repeated (at most 1 + MAX_EXTRA_REPEATS times).
    Drills are typed, so skills only timing rules can judge (pacing) are left out
    unless ``include_timed``.
    """
    today = today or datetime.now(timezone.utc).date()
    if minutes < 1:
        raise InputError(f"--minutes must be at least 1, not {minutes}")
    if interview_date is not None and interview_date < today:
        raise InputError(f"the interview date {interview_date.isoformat()} is in the past")
    dens = density(interview_date, today)
    skip: frozenset[str] = frozenset()
    if not include_timed:
        from icraft.rubric import load_rubric

        skip = timing_only_skills(load_rubric())
    scored = []
    for order, st in enumerate(skill_states(conn, history=0)):
        if st.id in skip:
            continue
        u, why = urgency(st, today)
        scored.append((u, order, why, st))
    scored.sort(key=lambda t: (-t[0], t[1]))  # ties: skills.toml order
    repeats = round(MAX_EXTRA_REPEATS * dens)
    primary = []
    for u, order, why, st in scored:
        if not _eligible(st, today):
            continue
        for k in range(1 + (repeats if _is_weak(st) else 0)):
            # repeat k of a weak skill is queued as if REPEAT_PENALTY*k less urgent
            primary.append((u - REPEAT_PENALTY * k, k, order, u, why, st))
    primary.sort(key=lambda t: (-t[0], t[1], t[2]))
    ahead = [(u, 0, order, u, why, st) for u, order, why, st in scored if not _eligible(st, today)]
    queue = primary + ahead

    recent = list(reversed(recent_question_ids(conn)))  # oldest first
    chosen: list[str] = []
    seed = today.toordinal()
    items: list[PlanItem] = []
    left = minutes
    for _eff, k, _order, u, why, st in queue:
        if left < 1:
            break
        q = pick_question(st.id, exclude=[*recent, *chosen], seed=seed)
        if q is None:
            continue
        base = min(q.minutes or DEFAULT_ITEM_MINUTES, ITEM_MAX_MINUTES)
        m = max(ITEM_MIN_MINUTES, round(base * (1.0 - 0.5 * dens)))
        if m > left:
            if items:
                continue  # a shorter item further down may still fit
            m = left  # the budget is smaller than one drill: one shortened drill
        items.append(
            PlanItem(
                skill_id=st.id,
                skill_name=st.skill.name,
                category=st.skill.category,
                question_id=q.id,
                question=q.text,
                question_type=q.type,
                minutes=m,
                urgency=u,
                reasons=why,
                score=st.score,
                due=st.due.isoformat() if st.due else None,
                trend=st.trend,
                repeat=k,
            )
        )
        chosen.append(q.id)
        left -= m
    return items


def pick_question(skill_id: str, *, exclude: Sequence[str] = (), seed: int | str | None = None) -> Any | None:
    """A bank question that targets the skill, or None when the bank has none.

    ``exclude`` is ordered oldest first: excluded questions are reused only when the
    skill has no other, the longest-ago first (the bank's rule).
    """
    from icraft.practice import bank

    pool = [q for q in bank.load_bank() if skill_id in q.skills]
    if not pool:
        return None
    # Prefer questions whose answers can move the skill (graph.skill_fits): a trade-off
    # drilled with a story question would give no evidence about it.
    pool = [q for q in pool if skill_fits(skill_id, q.type)] or pool
    found = bank.select(type=bank.TYPES, skills=[skill_id], exclude_ids=list(exclude), seed=seed, count=1, bank=pool)
    return found[0] if found else None


def parse_date(value: str | None, what: str = "--interview-date") -> date | None:
    """A YYYY-MM-DD option value, or a one-line InputError."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{what} must be a date like 2026-03-31, not {value!r}") from None
