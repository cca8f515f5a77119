"""Cards that fade: what a card shows at each level, and how an answer moves it.

A card shows the full answer at first (level 0), then only its key words (1), then the
first words of each key point (2), then nothing (3: "from memory"). After the question
the candidate answers aloud or typed; the answer is compared with the prepared one:

- coverage: the share of the prepared key points the answer covers (the file's ``keys:``
  when given, else its bullets or sentences: :attr:`Entry.recall_points`; a point is covered
  when the answer says at least :data:`POINT_COVERED` of its content words, lemmatised,
  number words as digits, and gives no other number for one of its quantities; measured
  on the labelled answers of tests/data/cue/recall.tsv by benchmarks/bench_cue.py);
- the lint engine's score of the answer (0-100, from its findings).

``observed = COVERAGE_WEIGHT * 100 * coverage + (1 - COVERAGE_WEIGHT) * lint score`` is
rated like a skill's outcome (:func:`icraft.skills.schedule.rating_for`: again < 40 <= hard
< 60 <= good < 85 <= easy) and reviews the card's fsrs card. Good or easy fades the card
one level; hard keeps it; again brings the full answer back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable

from icraft.cue.prepared import Entry, first_words
from icraft.cue.text import terms

if TYPE_CHECKING:  # pragma: no cover
    from icraft.core.findings import AnswerResult

FULL, KEYS, FIRST, NOTHING = 0, 1, 2, 3
LEVEL_NAMES = {FULL: "full answer", KEYS: "key words", FIRST: "first words", NOTHING: "from memory"}
POINT_COVERED = 0.4
COVERAGE_WEIGHT = 0.7
RATING_NAMES = {1: "again", 2: "hard", 3: "good", 4: "easy"}


def shown(entry: Entry, level: int) -> str:
    """What the card shows at ``level`` (empty at level 3: the candidate answers from memory)."""
    if level <= FULL:
        return entry.answer
    if level == KEYS:
        return " · ".join(entry.keys)
    if level == FIRST:
        return "\n".join(f"- {first_words(p)}" for p in entry.points)
    return ""


def next_level(level: int, rating: int) -> int:
    if rating <= 1:
        return FULL
    if rating == 2:
        return level
    return min(NOTHING, level + 1)


def _quantities(words: list[str]) -> set[tuple[str, str]]:
    """(number, the word after it) pairs: ("45", "minut") from "45 minutes"."""
    return {(a, b) for a, b in zip(words, words[1:]) if a.isdigit() and not b.isdigit()}


def _contradicts(point: set[tuple[str, str]], said: set[tuple[str, str]], numbers: set[str]) -> bool:
    """The answer gives another number for something the point counts ("9 minutes" for
    "45 minutes") and never says the point's own number."""
    return any(n not in numbers and any(u == unit and m != n for m, u in said) for n, unit in point)


def covered_points(entry: Entry, answer: str) -> list[bool]:
    """Which key points the answer covers: at least :data:`POINT_COVERED` of a point's
    content words said (lemmatised, number words as digits: "six" meets "6", "led" meets
    "lead"; the question's own words do not count), and none of its quantities contradicted.

    The static embeddings (icraft.nlp.embed) were measured here and left out: on the
    labelled answers the hardest misses and false hits have the same cosine (0.44-0.77)."""
    said_words = terms(answer, numbers=True)
    said, said_quantities = set(said_words), _quantities(said_words)
    asked = set(terms(" ".join(entry.wordings), numbers=True))
    out = []
    for point in entry.recall_points:
        words = terms(point, numbers=True)
        want = set(words) - asked or set(words)  # echoing the question's words shows no recall
        out.append(bool(want) and len(want & said) / len(want) >= POINT_COVERED
                   and not _contradicts(_quantities(words), said_quantities, said))
    return out


@dataclass(frozen=True)
class Review:
    """How one answer to a card went, and where the card goes next."""

    number: int
    question_key: str
    level_before: int
    level_after: int
    covered: tuple[bool, ...]
    lint_score: int | None
    observed: float
    rating: int
    missed: tuple[str, ...] = field(default=())

    @property
    def coverage(self) -> float:
        return sum(self.covered) / len(self.covered) if self.covered else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"match": self.number, "level_before": LEVEL_NAMES[self.level_before],
                "level_after": LEVEL_NAMES[self.level_after], "covered": sum(self.covered),
                "points": len(self.covered), "lint_score": self.lint_score, "observed": round(self.observed, 1),
                "rating": RATING_NAMES[self.rating], "missed": list(self.missed)}


Lint = Callable[[str, str], "AnswerResult"]


def default_lint(answer: str, question: str) -> AnswerResult:
    from icraft.rubric.engine import lint_answer

    return lint_answer(answer, question=question)


def rate(entry: Entry, answer: str, level: int, key: str, *, lint: Lint | None = default_lint
         ) -> tuple[Review, AnswerResult | None]:
    """Compare ``answer`` with the prepared one: the review and the lint result (None without lint)."""
    from icraft.skills.schedule import rating_for

    covered = tuple(covered_points(entry, answer))
    coverage = sum(covered) / len(covered) if covered else 0.0
    result = lint(answer, entry.question) if lint is not None and answer.strip() else None
    lint_score = result.score.overall if result is not None else None
    observed = 100 * coverage if lint_score is None else (
        COVERAGE_WEIGHT * 100 * coverage + (1 - COVERAGE_WEIGHT) * lint_score)
    rating = rating_for(observed)
    missed = tuple(p for p, ok in zip(entry.recall_points, covered) if not ok)
    return Review(entry.number, key, level, next_level(level, rating), covered, lint_score, observed, rating,
                  missed), result


def review_card(card_json: str | None, key: str, observed: float, at: datetime) -> tuple[str, datetime]:
    """The fsrs card after this review (a new card when None), and its next due time."""
    from icraft.skills.schedule import review

    state = review(card_json, f"cue:{key}", observed, at)
    return state.card_json, state.due
