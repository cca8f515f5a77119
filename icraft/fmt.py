"""Small text helpers shared by the terminal report, memory and the dashboard."""

from __future__ import annotations


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
