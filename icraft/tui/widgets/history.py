"""Session history, newest first, loaded a page at a time as the user scrolls."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import DataTable

from icraft.fmt import score_style
from icraft.store.queries import HistoryCursor, HistoryPage
from icraft.tui import model
from icraft.tui.messages import MoreHistoryWanted, SessionRequested
from icraft.tui.widgets.fit import fill_column

PREFETCH_ROWS = 10  # ask for the next page when the cursor is this close to the last loaded row


class HistoryTable(DataTable[Text]):
    """Sessions with their scores; Enter opens the session's findings."""

    DEFAULT_CSS = """
    HistoryTable { height: 1fr; }
    """
    BINDINGS = [
        Binding("enter", "select_cursor", "Open session"),
        # Rows, not columns, are what one scrolls through here.
        Binding("home", "scroll_top", "First", show=False),
        Binding("end", "scroll_bottom", "Last", show=False),
    ]

    def __init__(self, *, today: date, id: str | None = None) -> None:
        super().__init__(cursor_type="row", id=id)
        self.today = today
        self.next_page: HistoryCursor | None = None
        self._asked = False  # a MoreHistoryWanted is in flight

    def on_mount(self) -> None:
        self.add_column("Date", key="date")
        self.add_column("Kind", key="kind")
        self.add_column("Title", key="title")
        self.add_column(Text("Score", justify="right"), key="score")
        self.add_column(Text("Findings", justify="right"), key="findings")

    def show(self, page: HistoryPage, *, append: bool = False) -> None:
        if not append:
            self.clear()
        for s in page.rows:
            self.add_row(
                Text(model.day_label(s.started_at, self.today), style="dim"),
                Text(s.kind),
                Text(s.title or s.type or s.id),
                Text(model.score_label(s.score), style=score_style(s.score), justify="right"),
                Text(str(s.findings), justify="right"),
                key=s.id,
                height=None,  # the title wraps
            )
        fill_column(self, "title")
        self.next_page = page.next
        self._asked = False

    def on_resize(self) -> None:
        fill_column(self, "title")

    def _maybe_more(self) -> None:
        if self.next_page is None or self._asked:
            return
        near_cursor = self.cursor_row >= self.row_count - PREFETCH_ROWS
        near_bottom = self.max_scroll_y > 0 and self.scroll_y >= self.max_scroll_y - PREFETCH_ROWS
        if near_cursor or near_bottom:
            self._asked = True
            self.post_message(MoreHistoryWanted())

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._maybe_more()

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._maybe_more()

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.post_message(SessionRequested(event.row_key.value))
