"""Trend of a skill over its recent history: a least-squares slope, not the last step.

The slope is in score points per answer (x = the event's position, not its time, so
ten answers in one afternoon count as ten steps). It is classified with a threshold
(docs/SKILLS.md): at least MIN_EVENTS events are needed, otherwise the trend is "new".
"""

from __future__ import annotations

from statistics import linear_regression
from typing import Sequence

WINDOW = 8  # the most recent events considered
MIN_EVENTS = 3
THRESHOLD = 1.0  # points per answer

TRENDS = ("improving", "stable", "declining", "new")


def slope(values: Sequence[float]) -> float:
    """Least-squares slope of values against 0..n-1 (0.0 for fewer than two values)."""
    if len(values) < 2:
        return 0.0
    return linear_regression(range(len(values)), values).slope


def classify(scores: Sequence[float]) -> tuple[str, float]:
    """(trend, slope) for a skill's scores in chronological order (only the last WINDOW count)."""
    recent = list(scores)[-WINDOW:]
    if len(recent) < MIN_EVENTS:
        return "new", slope(recent)
    s = slope(recent)
    if s >= THRESHOLD:
        return "improving", s
    if s <= -THRESHOLD:
        return "declining", s
    return "stable", s
