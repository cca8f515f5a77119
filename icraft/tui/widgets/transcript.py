"""The conversation so far, one line per turn: the candidate's lines have the class
``candidate``, the other side's ``interviewer``."""

from __future__ import annotations

from rich.markup import escape
from textual.widgets import Static

from icraft.tui.widgets.reading import ReadingPane

CANDIDATE = "You"


def line_markup(who: str, text: str) -> str:
    return f"[b]{who}:[/b] {escape(text)}"


class TranscriptPane(ReadingPane):
    def add(self, who: str, text: str) -> Static:
        """A turn at the end (``who`` is :data:`CANDIDATE` or the mode's speaker), in view."""
        line = Static(line_markup(who, text), classes="candidate" if who == CANDIDATE else "interviewer")
        self.mount(line)
        self.scroll_end(animate=False)
        return line
