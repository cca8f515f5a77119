"""Spaced repetition per skill with the ``fsrs`` library (FSRS v6).

Each skill owns one fsrs Card, stored as JSON in ``skills.card``. Every answer that
gives evidence about a skill is one review of its card, rated from the observed
score (:func:`rating_for`, documented in docs/SKILLS.md). fsrs is imported inside
the functions: it is only needed when a card changes.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fsrs import Scheduler

# observed 0-100 -> fsrs Rating: below AGAIN_BELOW is Again (1), below HARD_BELOW
# is Hard (2), below EASY_FROM is Good (3), from EASY_FROM on it is Easy (4).
AGAIN_BELOW = 40.0
HARD_BELOW = 60.0
EASY_FROM = 85.0
RATING_NAMES = {1: "again", 2: "hard", 3: "good", 4: "easy"}


@dataclass(frozen=True, slots=True)
class CardState:
    """What the rest of icraft needs from a card, without importing fsrs."""

    card_json: str
    due: datetime
    stability: float | None  # days until recall probability falls to 90%
    rating: int  # the rating of the review that produced this state


def rating_for(observed: float) -> int:
    """The fsrs Rating value (1-4) for an observed 0-100 skill outcome."""
    if observed < AGAIN_BELOW:
        return 1
    if observed < HARD_BELOW:
        return 2
    if observed < EASY_FROM:
        return 3
    return 4


@lru_cache(maxsize=1)
def scheduler() -> Scheduler:
    """One scheduler for every skill.

    Learning steps are turned off (fsrs's defaults are 1 and 10 minutes, made for
    flashcards; a skill is practised at most a few times a day), so a card goes
    straight to day-scale intervals. Fuzzing is off so schedules are reproducible.
    """
    from fsrs import Scheduler

    return Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def card_id(skill_id: str) -> int:
    """A stable card id per skill (fsrs defaults to a timestamp)."""
    return zlib.crc32(skill_id.encode())


def review(card_json: str | None, skill_id: str, observed: float, at: datetime) -> CardState:
    """Review a skill's card (a new one when ``card_json`` is None) with the rating for ``observed``."""
    from fsrs import Card, Rating

    card = Card.from_json(card_json) if card_json else Card(card_id=card_id(skill_id))
    rating = rating_for(observed)
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    # fsrs refuses reviews before the last one; a clock step back must not crash a save.
    if card.last_review is not None and at < card.last_review:
        at = card.last_review
    card, _log = scheduler().review_card(card, Rating(rating), at)
    return CardState(card_json=card.to_json(), due=card.due, stability=card.stability, rating=rating)


def stability_of(card_json: str | None) -> float | None:
    """The card's stability in days, read from its JSON without importing fsrs."""
    if not card_json:
        return None
    value = json.loads(card_json).get("stability")
    return float(value) if value is not None else None
