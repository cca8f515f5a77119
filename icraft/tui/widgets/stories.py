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
        self._subtitles: tuple[str, ...] = ()

    def on_mount(self) -> None:
        self.add_column(Text("#", justify="right"), key="id")
        self.add_column("Story", key="title")
        self.add_column(Text("Uses", justify="right"), key="uses")
        self.add_column(Text("Best", justify="right"), key="best")
        self.add_column("Warning", key="warn")

    def on_resize(self) -> None:
        fill_column(self, "title")
        self._fit_subtitle()

    def _fit_subtitle(self) -> None:
        """The pane's subtitle: the longest wording of :meth:`summaries` its border holds
        whole (a border cuts a longer one with "…")."""
        pane = self.parent
        if pane is None or not self._subtitles:
            return
        room = pane.size.width - 6  # the corners and the spaces around the subtitle
        pane.border_subtitle = next((s for s in self._subtitles if len(s) <= room), self._subtitles[-1])  # type: ignore[attr-defined]

    def show(self, items: tuple[Summary, ...], gaps: tuple[str, ...] = ()) -> None:
        self._subtitles = self.summaries(items, gaps)
        self._fit_subtitle()
        self.clear()
        self._ids = [s.story.id for s in items]
        for s in items:
            d = s.to_dict()
            best = d["best_score"]
            self.add_row(
                Text(str(d["id"]), style="dim", justify="right"),
                Text(d["title"]),
                Text(str(d["uses"]), justify="right"),
                Text("—" if best is None else str(best), style=score_style(best), justify="right"),
                Text("overused" if s.warnings else "", style="yellow"),
                key=str(d["id"]),
                height=None,  # the title wraps
            )
        fill_column(self, "title")

    @staticmethod
    def summaries(items: tuple[Summary, ...], gaps: tuple[str, ...]) -> tuple[str, ...]:
        """The pane's subtitle, longest wording first: how many stories, and the
        competencies still without a strong one (named, then counted, then left out)."""
        if not items:  # every competency of an empty bank is a gap: nothing to single out yet
            return ("none yet: answer behavioral questions",)
        head = f"{len(items)} stories · Enter opens"
        if not gaps:
            return (head,)
        named = [
            f"{head} · gaps: " + ", ".join(g.replace("_", " ") for g in gaps[:k]) + (f" +{len(gaps) - k}" if len(gaps) > k else "")
            for k in (2, 1)[: len(gaps)]
        ]
        return *named, f"{head} · {len(gaps)} gaps", f"{len(items)} stories · {len(gaps)} gaps"

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self._ids):
            self.post_message(StoryRequested(self._ids[event.cursor_row]))
