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
from typing import Any, Mapping, Sequence

from icraft.core.errors import InputError
from icraft.skills.evidence import PRIOR_SCORE
from icraft.skills.graph import evidence_types, timing_only_skills
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
# A job posting's weight for a skill (0..1, its top focus skill 1) adds up to this to the
# skill's urgency, and makes it eligible even when not due (`icraft plan --jd`).
POSTING_WEIGHT = 1.0


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
    role: str | None = None,
    level: str | None = None,
    weights: Mapping[str, float] | None = None,
    reasons: Mapping[str, str] | None = None,
) -> list[PlanItem]:
    """Drill items ordered by urgency whose minutes add up to at most ``minutes``.

    Due or weak skills come first (highest urgency first); with time left, skills not
    yet due are reviewed ahead of schedule. As the interview nears (``density``), items
    get shorter and weak skills are repeated (at most 1 + MAX_EXTRA_REPEATS times).
    Drills are typed, so skills only timing rules can judge (pacing) are left out
    unless ``include_timed``. Questions fit ``role`` and ``level`` (see pick_question);
    None takes them from :func:`practice_profile`. ``weights`` (a job posting's, skill id
    -> 0..1) add ``POSTING_WEIGHT * weight`` to a skill's urgency and plan it even when
    it is not due; skills the posting does not name keep their urgency. ``reasons`` (skill
    id -> what in the posting asks for it) is the reason such an item gives.
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
        w = (weights or {}).get(st.id, 0.0)
        if w > 0:
            u, why = round(u + POSTING_WEIGHT * w, 4), (*why, (reasons or {}).get(st.id, "the posting asks for it"))
        scored.append((u, order, why, st))
    scored.sort(key=lambda t: (-t[0], t[1]))  # ties: skills.toml order
    repeats = round(MAX_EXTRA_REPEATS * dens)
    primary = []
    wanted = {k for k, v in (weights or {}).items() if v > 0}
    for u, order, why, st in scored:
        if not (_eligible(st, today) or st.id in wanted):
            continue
        for k in range(1 + (repeats if _is_weak(st) else 0)):
            # repeat k of a weak skill is queued as if REPEAT_PENALTY*k less urgent
            primary.append((u - REPEAT_PENALTY * k, k, order, u, why, st))
    primary.sort(key=lambda t: (-t[0], t[1], t[2]))
    ahead = [(u, 0, order, u, why, st) for u, order, why, st in scored
             if not (_eligible(st, today) or st.id in wanted)]
    queue = primary + ahead

    role, level = practice_profile(conn, role=role, level=level)
    recent = list(reversed(recent_question_ids(conn)))  # oldest first
    chosen: list[str] = []
    seed = today.toordinal()
    items: list[PlanItem] = []
    left = minutes
    for _eff, k, _order, u, why, st in queue:
        if left < 1:
            break
        q = pick_question(st.id, exclude=[*recent, *chosen], seed=seed, role=role, level=level)
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


def pick_question(
    skill_id: str,
    *,
    exclude: Sequence[str] = (),
    seed: int | str | None = None,
    role: str | None = None,
    level: str | None = None,
) -> Any | None:
    """A bank question that drills the skill, or None when the bank has none.

    Candidates are the questions tagged with the skill whose answers can move it
    (``graph.evidence_types``: a technical question tagged testing_approach never
    could), narrowed to the first of: fits ``role`` and ``level``, fits the role (any
    level) that has a question not in ``exclude``; else the first non-empty of those,
    fits the level, any. Within them, a question that names the skill first (its main
    target) is preferred while one is not recently asked. ``exclude`` is ordered
    oldest first: excluded questions are reused only when no other candidate is left,
    the longest-ago first (the bank's rule).
    """
    from icraft.content import bank
    from icraft.rubric import load_rubric

    tagged = [q for q in bank.load_bank() if skill_id in q.skills]
    if not tagged:
        return None
    types = evidence_types(load_rubric(), skill_id)
    pool = [q for q in tagged if q.type in types] or tagged
    tiers = (
        [q for q in pool if q.fits_role(role) and q.fits_level(level)],
        [q for q in pool if q.fits_role(role)],
        [q for q in pool if q.fits_level(level)],
        pool,
    )
    recent = set(exclude)
    # A fresh question for the role (a level off) beats asking the same one again; a
    # question for another role does not: then the role's own are reused, oldest first.
    tier = next((t for t in tiers[:2] if any(q.id not in recent for q in t)), None)
    tier = tier or next(t for t in tiers if t)
    main = [q for q in tier if q.skills[0] == skill_id and q.id not in recent]
    found = bank.select(type=bank.TYPES, exclude_ids=list(exclude), seed=seed, count=1, bank=main or tier)
    return found[0] if found else None


def practice_profile(
    conn: sqlite3.Connection, *, role: str | None = None, level: str | None = None
) -> tuple[str, str]:
    """The role and level drills are chosen for: the given ones, else the ones set with
    `icraft config set interview.role/interview.level` (or their environment variables),
    else the most recent session that recorded them (your last interview), else the
    config defaults. Unknown names are a one-line error with a suggestion."""
    from icraft import config
    from icraft.content import bank

    def resolve(given: str | None, key: str, column: str, known: tuple[str, ...]) -> str:
        value = given
        if value is None and config.origin(key) == "default":
            from icraft.store.sessions import recent_values

            value = next((v for v in recent_values(conn, column) if v in known), None)  # a stored oddity is skipped
        value = str(config.get(key)) if value is None else value
        if value not in known:
            what = key.split(".")[1]
            raise InputError(f"unknown {what} {value!r}", f"one of: {', '.join(known)}")
        return value

    return (
        resolve(role, "interview.role", "role", (*bank.ROLES, bank.ANY_ROLE)),
        resolve(level, "interview.level", "level", bank.LEVELS),
    )


def as_of(value: str | None) -> date:
    """The day a ``--today`` value names (a one-line InputError if it is not a date), or
    today's date in UTC when it is None."""
    from datetime import datetime, timezone

    return parse_date(value, "--today") or datetime.now(timezone.utc).date()


def parse_date(value: str | None, what: str = "--interview-date") -> date | None:
    """A YYYY-MM-DD option value, or a one-line InputError."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{what} must be a date like 2026-03-31, not {value!r}") from None
