"""Small text helpers shared by the terminal report, memory and the dashboard."""

from __future__ import annotations


def count(n: int, noun: str) -> str:
    """ "1 day", "3 days": a number with its noun in the right number (regular plurals)."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
