"""The skill graph: every microskill grouped by category, with score, trend and due date."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import DataTable

from icraft.fmt import TREND_MARKS, score_style, sparkline
from icraft.skills import SkillState
from icraft.tui import model
from icraft.tui.messages import DrillRequested

CATEGORY_KEY = "category:"


def due_cell(due: date | None, today: date) -> Text:
    """The due date, red when overdue, bold when due today."""
    if due is None:
        return Text("now", style="bold")
    style = "bold red" if due < today else "bold" if due == today else "dim"
    return Text("today" if due == today else model.short_date(due, today), style=style)


def category_title(category: str) -> str:
    return category.replace("_", " ").replace("-", " ").upper()


class SkillGraph(DataTable[Text]):
    """One row per skill under a row per category; Enter drills the highlighted skill."""

    DEFAULT_CSS = """
    SkillGraph { height: 1fr; }
    """
    BINDINGS = [Binding("enter", "select_cursor", "Drill this skill")]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, id=id)

    def on_mount(self) -> None:
        # Widths from the values (DataTable's auto width): a skill name is never cut.
        self.add_column("Skill", key="skill")
        self.add_column(Text("Score", justify="right"), key="score")
        self.add_column("Trend", key="trend")
        self.add_column("Due", key="due")

    def show(self, skills: tuple[SkillState, ...], today: date) -> None:
        """Replace the rows, keeping the cursor on the same skill when it is still there."""
        keep = self.cursor_row
        self.clear()
        category = None
        for st in skills:
            if st.skill.category != category:
                category = st.skill.category
                self.add_row(
                    Text(category_title(category), style="bold"), Text(""), Text(""), Text(""),
                    key=CATEGORY_KEY + category,
                )
            if st.score is None:
                self.add_row(
                    Text(" " + st.skill.name),
                    Text("—", style="dim", justify="right"),
                    Text("no evidence yet", style="dim italic"),
                    Text("now", style="dim"),
                    key=st.id,
                )
                continue
            due = st.due_date()
            mark = TREND_MARKS.get(st.trend, "").split(" ")[0]
            self.add_row(
                Text(" " + st.skill.name),
                Text(model.score_label(st.score), style=score_style(st.score), justify="right"),
                Text(f"{sparkline(st.history):<{model.SPARK_POINTS}} {mark}", style=score_style(st.score)),
                due_cell(due, today),
                key=st.id,
            )
        if self.row_count:
            self.move_cursor(row=min(max(keep, 1), self.row_count - 1), animate=False)

    @on(DataTable.RowSelected)
    def _drill(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = event.row_key.value or ""
        if key.startswith(CATEGORY_KEY):
            return
        self.post_message(DrillRequested(key))
