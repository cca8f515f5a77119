"""The Stories pane: the story bank (uses, best score, warnings); Enter opens a story."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import DataTable

from icraft.fmt import score_style
from icraft.stories.bank import Summary
from icraft.tui.messages import StoryRequested
from icraft.tui.widgets.fit import fill_column


class StoryList(DataTable[Text]):
    """One row per story, in the order `icraft stories` lists them."""

    DEFAULT_CSS = """
    StoryList { height: auto; max-height: 10; }
    """
    BINDINGS = [Binding("enter", "select_cursor", "Open story")]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", id=id)
        self._ids: list[int] = []

    def on_mount(self) -> None:
        self.add_column(Text("#", justify="right"), key="id", width=3)
        self.add_column("Story", key="title", width=24)
        self.add_column(Text("Uses", justify="right"), key="uses", width=4)
        self.add_column(Text("Best", justify="right"), key="best", width=4)
        self.add_column("Warning", key="warn", width=10)

    def on_resize(self) -> None:
        fill_column(self, "title")

    def show(self, items: tuple[Summary, ...]) -> None:
        self.clear()
        self._ids = [s.story.id for s in items]
        for s in items:
            d = s.to_dict()
            best = d["best_score"]
            self.add_row(
                Text(str(d["id"]), style="dim", justify="right"),
                Text(d["title"], overflow="ellipsis", no_wrap=True),
                Text(str(d["uses"]), justify="right"),
                Text("—" if best is None else str(best), style=score_style(best), justify="right"),
                Text("overused" if s.warnings else "", style="yellow"),
                key=str(d["id"]),
            )

    @staticmethod
    def summary(items: tuple[Summary, ...], gaps: tuple[str, ...]) -> str:
        """The pane's subtitle: how many stories, and the competencies still without a strong one."""
        if not items:  # every competency of an empty bank is a gap: nothing to single out yet
            return "none yet: answer behavioral questions"
        head = f"{len(items)} stories · Enter opens"
        if not gaps:
            return head
        names = ", ".join(g.replace("_", " ") for g in gaps[:2]) + (f" +{len(gaps) - 2}" if len(gaps) > 2 else "")
        return f"{head} · gaps: {names}"

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self._ids):
            self.post_message(StoryRequested(self._ids[event.cursor_row]))
