"""Small text helpers shared by the front ends (the CLI and the Textual apps), the
report and the memory: numbers, points, times, score colours and sparklines. Plain
strings and Rich style names only: nothing here imports Rich."""

from __future__ import annotations

import math


def count(n: int, noun: str) -> str:
    """ "1 day", "3 days": a number with its noun in the right number (regular plurals)."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def number(value: float | str, *, max_chars: int = 12) -> str:
    """A number as written, or in short scientific notation when that would run past
    ``max_chars`` ("1.00e+300", not 301 digits): error messages echo bad values from
    files and settings, and a one-line error must stay one readable line. A string is
    a number as the user typed it (digits past Python's int() limit included)."""
    if isinstance(value, str):
        text = value.strip()
    else:
        text = repr(value) if isinstance(value, float) else str(value)
    if len(text) <= max_chars:
        return text
    digits = text.lstrip("+-")
    if digits.isdigit():
        return f"{'-' if text.startswith('-') else ''}{digits[0]}.{digits[1:3]}e+{len(digits) - 1}"
    if isinstance(value, float):
        return f"{value:.3g}"
    return text[: max_chars - 1] + "…"


def points(value: float) -> str:
    """Points lost as people read them, whole and rounded half-up (as `lint` shows a
    finding's cost): 56.25 -> "56", 187.5 -> "188", 20.0 -> "20". JSON keeps the float."""
    return str(math.floor(value + 0.5))


def minute(timestamp: str) -> str:
    """A stored ISO timestamp (UTC) to the minute, as people read it: "2026-11-23 07:41"."""
    return timestamp.replace("T", " ")[:16]


def score_style(score: float | None) -> str:
    """The colour of a 0-100 score (`icraft skills`, the dashboard): red below 50, yellow below 75."""
    if score is None:
        return "dim"
    return "red" if score < 50 else "yellow" if score < 75 else "green"


TREND_MARKS = {"improving": "↑ improving", "declining": "↓ declining", "stable": "→ stable", "new": "· new"}
TREND_STYLES = {"improving": "green", "declining": "red", "stable": "", "new": "dim"}
_BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: tuple[float, ...] | list[float]) -> str:
    """Scores 0-100 as block characters (absolute scale, so lines compare across skills)."""
    return "".join(_BARS[min(len(_BARS) - 1, int(v / 100 * len(_BARS)))] for v in values)
