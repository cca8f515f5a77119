"""Long panes read by keyboard and mouse, and searched.

:class:`ReadingPane` is a focusable scroll container: arrows, PgUp/PgDn, Home/End,
``j``/``k``, Space/``b`` and the mouse wheel scroll it; ``/`` asks for a word and
jumps to the first block that contains it, ``n``/``N`` to the next and previous. The
current match is marked with the ``-match`` class. Every long pane of the Textual
apps (the report, the transcript, the findings) is one."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Static


def text_of(widget: Widget) -> str:
    """The words a widget shows: a Markdown block's source, a Static's plain text."""
    source = getattr(widget, "source", None)
    if isinstance(source, str):
        return source
    if isinstance(widget, Static):
        return str(widget.render())
    return ""


class SearchPrompt(ModalScreen["str | None"]):
    """One line at the bottom: the word to find (Enter) or nothing (Esc)."""

    DEFAULT_CSS = """
    SearchPrompt { align: center bottom; background: $background 30%; }
    #search-box { height: auto; width: 100%; background: $surface; padding: 0 1; }
    #search-help { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, last: str = "") -> None:
        super().__init__()
        self.last = last

    def compose(self):  # type: ignore[no-untyped-def]
        with Vertical(id="search-box"):
            yield Label("Find (Enter; n / N for the next and previous match, Esc to cancel)", id="search-help")
            yield Input(value=self.last, placeholder="a word or phrase", id="search")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReadingPane(VerticalScroll, can_focus=True):
    DEFAULT_CSS = """
    ReadingPane .-match { background: $accent 40%; }
    """
    BINDINGS = [
        Binding("j", "scroll_down", show=False),
        Binding("k", "scroll_up", show=False),
        Binding("space", "page_down", show=False),
        Binding("b", "page_up", show=False),
        Binding("slash", "search", "Find", key_display="/"),
        Binding("n", "next_match(1)", show=False),
        Binding("N", "next_match(-1)", show=False),
    ]

    query_text = ""
    _current: Widget | None = None

    def matches(self, needle: str) -> list[Widget]:
        """The innermost blocks whose text contains ``needle`` (case-insensitive), in order."""
        needle = needle.lower()
        found = [w for w in self.query("*") if needle in text_of(w).lower()]
        return [w for w in found if not any(o is not w and w in o.ancestors_with_self for o in found)]

    def action_search(self) -> None:
        self.app.push_screen(SearchPrompt(self.query_text), self.find)

    def find(self, needle: str | None) -> None:
        if not needle:
            return
        self.query_text = needle
        self._current = None
        self.action_next_match(1)

    def action_next_match(self, direction: int = 1) -> None:
        if not self.query_text:
            return
        found = self.matches(self.query_text)
        if self._current is not None:
            self._current.remove_class("-match")
        if not found:
            self._current = None
            self.notify(f"“{self.query_text}” is not in this pane", severity="warning")
            return
        index = found.index(self._current) + direction if self._current in found else (0 if direction > 0 else -1)
        self._current = found[index % len(found)]
        self._current.add_class("-match")
        self.scroll_to_widget(self._current, top=True, animate=False)
        self.notify(f"match {found.index(self._current) + 1} of {len(found)}", timeout=2)
