"""One story of the bank, as `icraft stories show` prints it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class StoryScreen(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="story-body"):
            yield Static("\n".join(self.lines), markup=False, id="story-text")
        yield Footer()
