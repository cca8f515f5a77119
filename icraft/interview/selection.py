"""Question selection and pacing.

The engine asks the bank for one question at a time (so difficulty can follow the
candidate), excluding questions asked in this session and recently in earlier ones,
matching role, type, level and focus skills, and relaxing those filters one by one
when the bank has nothing left. Pacing uses the bank's ``minutes`` estimates: the
core questions fill the interview length minus the time for greeting, warm-up,
the candidate's questions and closing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Protocol, Sequence

INTERVIEW_TYPES = ("behavioral", "technical", "system-design", "coding-discussion", "mixed")
LEVELS = ("junior", "mid", "senior", "staff")
ROLES = ("backend", "frontend", "fullstack", "data", "ml", "sre", "mobile", "em")
# Bank question types that the rubric scores (warm-up and closing questions are not scored).
SCORED_TYPES = ("behavioral", "technical", "system-design", "coding-discussion", "negotiation")

# The order a mixed interview cycles through question types.
MIXED_CYCLE: dict[str, tuple[str, ...]] = {
    "em": ("behavioral", "system-design", "behavioral", "technical"),
    "default": ("behavioral", "technical", "system-design", "coding-discussion"),
}

BASE_DIFFICULTY = {"junior": 2, "mid": 3, "senior": 4, "staff": 5}
MIN_DIFFICULTY, MAX_DIFFICULTY = 1, 5
FOLLOWUP_MINUTES = 1.0  # a follow-up question and its answer
DEFAULT_QUESTION_MINUTES = 5.0
TOLERANCE_MINUTES = 1.0  # a question may overrun the core budget by this much


def core_budget(minutes: float) -> float:
    """Minutes left for core questions once greeting, warm-up, the candidate's questions
    and closing have their share (20% of the interview, at most 5 minutes)."""
    return minutes - min(5.0, 0.2 * minutes)


def fits(used: float, question_minutes: float, minutes: float, *, first: bool) -> bool:
    """May a question of ``question_minutes`` still be asked? The first core question always is."""
    return first or used + question_minutes <= core_budget(minutes) + TOLERANCE_MINUTES


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
    """What the engine needs from a bank (``icraft.practice.bank`` satisfies it)."""

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
) -> AskedQuestion | None:
    """One question not asked in this session. The bank itself prefers the focus skills
    and the difficulty, and reuses recently asked questions (oldest first) only when
    nothing fresh is left; when even that fails the level, then the role, is relaxed."""
    exclude = [*recent, *asked]  # oldest first: the bank reuses the longest-ago ones first
    for lvl, rl in ((level, role), (None, role), (None, None)):
        found = bank.select(
            type=type, role=rl, level=lvl, skills=list(skills), exclude_ids=exclude,
            difficulty=difficulty, seed=seed, count=1,
        )
        if found and found[0].id not in asked:
            return AskedQuestion.from_bank(found[0])
    return None
