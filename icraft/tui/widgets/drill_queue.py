"""Today's drill queue from the skill plan; Enter starts the highlighted drill."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import DataTable

from icraft.skills import PlanItem
from icraft.tui.messages import DrillRequested
from icraft.tui.widgets.fit import fill_column


class DrillQueue(DataTable[Text]):
    """One row per planned drill, most urgent first."""

    DEFAULT_CSS = """
    DrillQueue { height: auto; max-height: 10; }
    """
    BINDINGS = [Binding("enter", "select_cursor", "Start drill")]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", id=id)
        self._skills: list[str] = []

    def on_mount(self) -> None:
        self.add_column("#", key="n")
        self.add_column("Skill", key="skill")
        self.add_column(Text("Min", justify="right"), key="min")
        self.add_column("Why", key="why")

    def on_resize(self) -> None:
        fill_column(self, "why")

    def show(self, items: tuple[PlanItem, ...]) -> None:
        self.clear()
        self._skills = [i.skill_id for i in items]
        for n, item in enumerate(items, 1):
            self.add_row(
                Text(str(n), style="dim"),
                Text(item.skill_name),
                Text(str(item.minutes), justify="right"),
                Text(", ".join(item.reasons) or item.question_type, style="dim"),
                key=f"{n}:{item.skill_id}",
                height=None,  # the reasons wrap
            )
        fill_column(self, "why")

    @staticmethod
    def summary(items: tuple[PlanItem, ...]) -> str:
        total = sum(i.minutes for i in items)
        return f"{len(items)} drills · {total} min · Enter starts" if items else "nothing due today"

    @on(DataTable.RowSelected)
    def _start(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self._skills):
            self.post_message(DrillRequested(self._skills[event.cursor_row]))
