"""Session history, newest first, loaded a page at a time as the user scrolls."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import DataTable

from icraft.fmt import score_style
from icraft.store.queries import HistoryCursor, HistoryPage, SessionSummary
from icraft.tui import model
from icraft.tui.messages import MoreHistoryWanted, SessionRequested
from icraft.tui.widgets.fit import cell_width, fill_column

PREFETCH_ROWS = 10  # ask for the next page when the cursor is this close to the last loaded row


# A title column narrower than this (or than its longest word, up to this) breaks words
# in two ("sre-staff-fint / ech"): the Kind column goes first, as most titles say the kind.
TITLE_MIN = 18
TITLE_MAX_WORD = 30  # a longer word (a file name) is folded rather than widening the column more


class HistoryTable(DataTable[Text]):
    """Sessions with their scores; Enter opens the session's findings."""

    DEFAULT_CSS = """
    HistoryTable { height: 1fr; scrollbar-gutter: stable; }
    """
    # scrollbar-gutter: the vertical scrollbar's room is kept from the start, so rows that
    # come to need it (wrapped titles, a second page) do not push the last column out.
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
        self._sessions: list[SessionSummary] = []  # every row loaded, to lay them out again
        self._with_kind = True

    def on_mount(self) -> None:
        self._add_columns()

    def _add_columns(self) -> None:
        self.add_column("Date", key="date")
        if self._with_kind:
            self.add_column("Kind", key="kind")
        self.add_column("Title", key="title")
        self.add_column(Text("Score", justify="right"), key="score")
        self.add_column(Text("Findings", justify="right"), key="findings")

    def _add_rows(self, rows: Iterable[SessionSummary]) -> None:
        for s in rows:
            cells = [
                Text(model.day_label(s.started_at, self.today), style="dim"),
                Text(s.kind),
                Text(_title(s)),
                Text(model.score_label(s.score), style=score_style(s.score), justify="right"),
                Text(str(s.findings), justify="right"),
            ]
            if not self._with_kind:
                del cells[1]
            self.add_row(*cells, key=s.id, height=None)  # height None: the title wraps

    def show(self, page: HistoryPage, *, append: bool = False) -> None:
        if not append:
            self.clear()
            self._sessions = []
        self._sessions += page.rows
        self._add_rows(page.rows)
        self._fit()
        self.next_page = page.next
        self._asked = False

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """Keep the Kind column only while the title still gets its room, then size the title."""
        width = self.scrollable_content_region.width
        if width > 0 and self._sessions and self._kind_fits(width) != self._with_kind:
            self._with_kind = not self._with_kind
            row = self.cursor_row
            self.clear(columns=True)
            self._add_columns()
            self._add_rows(self._sessions)
            self.move_cursor(row=row, animate=False)
        fill_column(self, "title")

    def _title_room(self) -> int:
        """The room a title needs to wrap between words: its longest word (up to
        TITLE_MAX_WORD), at least TITLE_MIN, at most the widest title."""
        if not self._sessions:
            return TITLE_MIN
        words = [min(len(w), TITLE_MAX_WORD) for s in self._sessions for w in _title(s).split()]
        return min(max(len(_title(s)) for s in self._sessions), max(TITLE_MIN, *words))

    def _kind_fits(self, width: int) -> bool:
        pad = 2 * self.cell_padding
        title = self._title_room()
        fixed = sum(max(cell_width(self.columns[k].label), *(cell_width(v) for v in self.get_column(k))) + pad
                    for k in ("date", "score", "findings"))
        kind = max(len("Kind"), *(len(s.kind) for s in self._sessions)) + pad
        return fixed + kind + title + pad <= width

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


def _title(s: SessionSummary) -> str:
    return s.title or s.type or s.id
