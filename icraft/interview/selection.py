"""Question selection and pacing.

The engine asks the bank for one question at a time (so difficulty can follow the
candidate), excluding questions asked in this session and recently in earlier ones,
matching role, type, level and focus skills, and relaxing those filters one by one
when the bank has nothing left. Among the questions that match, the preferred one
that fits the time left is asked (a 20-minute design question rather than none in
the last 25 minutes).

Pacing uses the bank's ``minutes`` estimates: the core questions fill the interview
length minus the time for greeting, warm-up, the candidate's questions and closing.
The estimate means different things per type, so the time is budgeted per type:

- a behavioral, technical or coding-discussion question's estimate is the answer;
  each follow-up adds :data:`FOLLOWUP_MINUTES`;
- a system-design question's estimate is the whole discussion (the design, then the
  interviewer's probing), so its follow-ups are inside it, and when time is short it
  is run in what is left, down to half its estimate (fewer deep dives), rather than
  skipped. Without this a 30-minute design question in a 10- or 30-minute interview
  used up the budget before its first follow-up, and no second design question ever
  fitted an hour.

Selection is deterministic: the same seed, options and history (the questions asked
recently, which are avoided) pick the same questions.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Callable, Protocol, Sequence

# The content layer's lists, under the names the engine and the options use.
from icraft.content.bank import INTERVIEW_CHOICES as INTERVIEW_TYPES  # noqa: F401
from icraft.content.bank import LEVELS, ROLES  # noqa: F401

# The order a mixed interview cycles through question types.
MIXED_CYCLE: dict[str, tuple[str, ...]] = {
    "em": ("behavioral", "system-design", "behavioral", "technical"),
    "default": ("behavioral", "technical", "system-design", "coding-discussion"),
}

BASE_DIFFICULTY = {"junior": 2, "mid": 3, "senior": 4, "staff": 5}
MIN_DIFFICULTY, MAX_DIFFICULTY = 1, 5
FOLLOWUP_MINUTES = 1.0  # a follow-up question and its answer
# Per question type, where it differs: the minutes a follow-up adds to its question
# (none: the estimate already covers the probing) and the least share of its estimate a
# question can be run in (1.0: a story or a technical answer cannot be cut short).
FOLLOWUP_MINUTES_BY_TYPE: dict[str, float] = {"system-design": 0.0}
SHORTEST_SHARE_BY_TYPE: dict[str, float] = {"system-design": 0.5}
DEFAULT_QUESTION_MINUTES = 5.0
TOLERANCE_MINUTES = 1.0  # a question may overrun the core budget by this much
# How many ranked candidates pick() looks through for one that fits the time left.
PICK_POOL = 50


def core_budget(minutes: float) -> float:
    """Minutes left for core questions once greeting, warm-up, the candidate's questions
    and closing have their share (20% of the interview, at most 5 minutes)."""
    return minutes - min(5.0, 0.2 * minutes)


def fits(used: float, question_minutes: float, minutes: float, *, first: bool) -> bool:
    """May a question (or follow-up) of ``question_minutes`` still be asked? The first core
    question always is."""
    return first or used + question_minutes <= core_budget(minutes) + TOLERANCE_MINUTES


def followup_minutes(question_type: str) -> float:
    """Minutes a follow-up to a question of this type adds to the interview."""
    return FOLLOWUP_MINUTES_BY_TYPE.get(question_type, FOLLOWUP_MINUTES)


def slot(used: float, question_minutes: float, question_type: str, minutes: float, *, first: bool) -> float | None:
    """The minutes to plan for a core question, or None when it does not fit: its estimate
    when that fits; else, for a type that can be run shorter, what is left if that is at
    least its shortest share. The first core question is always asked, in what is left
    when its estimate does not fit (so its follow-ups still have time)."""
    left = core_budget(minutes) + TOLERANCE_MINUTES - used
    if question_minutes <= left:
        return question_minutes
    if first or question_minutes * SHORTEST_SHARE_BY_TYPE.get(question_type, 1.0) <= left:
        return max(left, 0.0)
    return None


def type_for(interview_type: str, role: str, n: int) -> str:
    """The question type of the n-th core question (0-based)."""
    if interview_type != "mixed":
        return interview_type
    cycle = MIXED_CYCLE.get(role, MIXED_CYCLE["default"])
    return cycle[n % len(cycle)]


@dataclass(frozen=True)
class AskedQuestion:
    """A question as the engine keeps it in its (JSON) state."""

    id: str
    type: str
    text: str
    skills: tuple[str, ...] = ()
    followups: tuple[str, ...] = ()
    minutes: float = DEFAULT_QUESTION_MINUTES
    difficulty: int = 3

    @classmethod
    def from_bank(cls, q: Any) -> AskedQuestion:
        return cls(
            id=q.id,
            type=q.type,
            text=q.text,
            skills=tuple(q.skills),
            followups=tuple(q.followups),
            minutes=float(q.minutes or DEFAULT_QUESTION_MINUTES),
            difficulty=int(q.difficulty),
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> AskedQuestion:
        return cls(**{**d, "skills": tuple(d.get("skills", ())), "followups": tuple(d.get("followups", ()))})


class QuestionBank(Protocol):
    """What the engine needs from a bank (``icraft.content.bank`` satisfies it)."""

    def select(
        self,
        *,
        type: str | None = ...,
        role: str | None = ...,
        level: str | None = ...,
        skills: Sequence[str] | None = ...,
        exclude_ids: Sequence[str] | None = ...,
        difficulty: int | None = ...,
        seed: int | None = ...,
        count: int = ...,
    ) -> list[Any]: ...


def pick(
    bank: QuestionBank,
    *,
    type: str,
    role: str,
    level: str,
    skills: Sequence[str],
    asked: Sequence[str],
    recent: Sequence[str],
    difficulty: int,
    seed: int,
    fits: Callable[[AskedQuestion], bool] | None = None,
    prefer: Callable[[AskedQuestion], float] | None = None,
) -> AskedQuestion | None:
    """One question not asked in this session. The bank itself prefers the focus skills
    and the difficulty, and reuses recently asked questions (oldest first) only when
    nothing fresh is left; when even that fails the level, then the role, is relaxed.
    With ``fits``, the most preferred question that fits the time left is taken, else
    the most preferred one (the caller decides whether it can still be asked); the
    filters are not relaxed for time. ``prefer`` (a job posting's relevance) re-ranks the
    bank's candidates, highest first, keeping the bank's order among equals; it needs a
    pool, so it draws as many as ``fits`` does. Deterministic: the same arguments, the same pick."""
    exclude = [*recent, *asked]  # oldest first: the bank reuses the longest-ago ones first
    for lvl, rl in ((level, role), (None, role), (None, None)):
        found = bank.select(
            type=type, role=rl, level=lvl, skills=list(skills), exclude_ids=exclude,
            difficulty=difficulty, seed=seed, count=1 if fits is None and prefer is None else PICK_POOL,
        )
        ranked = [AskedQuestion.from_bank(q) for q in found if q.id not in asked]
        if prefer is not None:
            ranked.sort(key=lambda q: -prefer(q))
        if ranked:
            return next((q for q in ranked if fits(q)), ranked[0]) if fits else ranked[0]
    return None
