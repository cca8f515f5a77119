"""Delivery trends: pace (WPM) and filler rate per day, from timed answers only."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Sparkline, Static

from icraft.fmt import count
from icraft.store.queries import DeliveryPoint

NO_TIMINGS = (
    "No timed answers yet. Pace and fillers need word timings: answer by voice in "
    "`icraft interview`, or lint a Deepgram/Whisper/VTT transcript."
)


class TrendRow(Horizontal):
    """A label, a sparkline and the latest value."""

    DEFAULT_CSS = """
    TrendRow { height: 1; }
    TrendRow > .trend-label { width: 12; color: $text-muted; }
    TrendRow > Sparkline { width: 1fr; }
    TrendRow > .trend-value { width: 14; text-align: right; }
    """

    def __init__(self, label: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._label = label

    def compose(self) -> ComposeResult:
        yield Label(self._label, classes="trend-label")
        yield Sparkline([], summary_function=max)
        yield Label("", classes="trend-value")

    def show(self, values: list[float], value_text: str) -> None:
        self.query_one(Sparkline).data = values
        self.query_one(".trend-value", Label).update(value_text)


class DeliveryTrends(Vertical):
    DEFAULT_CSS = """
    DeliveryTrends { height: auto; }
    DeliveryTrends > #delivery-empty { color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield TrendRow("Pace (WPM)", id="trend-wpm")
        yield TrendRow("Fillers/min", id="trend-fillers")
        yield Static("", id="delivery-range")
        yield Static(NO_TIMINGS, id="delivery-empty")

    def show(self, points: tuple[DeliveryPoint, ...]) -> None:
        wpm = [p.wpm for p in points if p.wpm is not None]
        fillers = [p.filler_rate for p in points if p.filler_rate is not None]
        has = bool(points)
        for selector in ("#trend-wpm", "#trend-fillers", "#delivery-range"):
            self.query_one(selector).display = has
        self.query_one("#delivery-empty").display = not has
        if not has:
            return
        self.query_one("#trend-wpm", TrendRow).show(wpm, f"{wpm[-1]:.0f} wpm" if wpm else "—")
        self.query_one("#trend-fillers", TrendRow).show(fillers, f"{fillers[-1]:.1f}/min" if fillers else "—")
        answers = sum(p.answers for p in points)
        self.query_one("#delivery-range", Static).update(
            f"[dim]{count(len(points), 'day')}, {points[0].day} → {points[-1].day}"
            f" · {count(answers, 'timed answer')}[/]"
        )
