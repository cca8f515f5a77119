"""The session's status line: the phase on the left, the clock (used / planned) on the right."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label


def clock_text(used_s: int, planned_min: int | None) -> str:
    planned = f" / {planned_min:02d}:00" if planned_min else ""
    return f"{used_s // 60:02d}:{used_s % 60:02d}{planned}"


class StatusLine(Horizontal):
    def compose(self) -> ComposeResult:
        yield Label("", id="phase")
        yield Label("", id="timer")

    def phase(self, markup: str) -> None:
        self.query_one("#phase", Label).update(markup)

    def clock(self, used_s: int, planned_min: int | None) -> None:
        self.query_one("#timer", Label).update(clock_text(used_s, planned_min))
