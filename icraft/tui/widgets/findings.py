"""The live findings of the last scored answer (score, rule, points lost, quote), or the
mode's own side panel in their place (the negotiation's offer table)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape
from textual.app import ComposeResult
from textual.widgets import Static

from icraft.delivery.timing import unreliable, unreliable_note
from icraft.fmt import points
from icraft.tui.widgets.reading import ReadingPane

if TYPE_CHECKING:
    from icraft.core.findings import AnswerResult
    from icraft.interview.transcript_view import TurnView

Item = tuple[str, float, str, "str | None"]  # rule id, points lost, message, quote


def findings_markup(number: int, score: int, items: list[Item], *, note: str = "", unjudged: bool = False,
                    flagged: str | None = None) -> str:
    """``number``: the answer as the candidate counts it (requests are not answers)."""
    if flagged:  # a transcript nobody could have spoken: not scored
        return f"[b]Answer {number}: not judged[/b]\n{escape(flagged)}"
    if unjudged:  # see plain.unjudged_followup: a "100" here would mean nothing
        return f"[b]Answer {number}: too short to judge[/b]\nThe follow-up wanted more than that."
    lines = [f"[b]Answer {number}: {score}/100[/b]" + note]
    for rule_id, lost, message, quote in items:
        said = f'\n  [i]"{escape(quote)}"[/i]' if quote else ""
        lines.append(f"[yellow]• {rule_id}[/yellow] (-{points(lost)}) {escape(message)}{said}")
    if len(lines) == 1:
        lines.append("No findings.")
    lines.append("\n[dim]Ctrl+E corrects this answer's text.[/dim]")
    return "\n".join(lines)


class FindingsPane(ReadingPane):
    def compose(self) -> ComposeResult:
        yield Static("Findings for your last answer appear here.", id="findings")

    def show_result(self, number: int, result: AnswerResult, *, note: str = "", unjudged: bool = False) -> None:
        """An answer just scored (or corrected): ``number`` as the candidate counts it."""
        flagged = unreliable_note(result.delivery) if unreliable(result.delivery) else None  # type: ignore[arg-type]
        items = [(f.rule_id, f.points, f.message, f.spans[0].quote if f.spans else None)
                 for f in result.findings if f.measurable]
        self._update(findings_markup(number, result.score.overall, items, note=note, unjudged=unjudged,
                                     flagged=flagged))

    def show_stored(self, tv: TurnView) -> None:
        """A stored answer (a continued session's last), as it was shown when scored."""
        items = [(f.rule_id, f.points, f.message, f.quote) for f in tv.findings if f.measurable]
        self._update(findings_markup(tv.number or (tv.answer or 0) + 1, tv.score or 0, items, unjudged=tv.unjudged,
                                     flagged=tv.flagged))

    def show_panel(self, title: str, markup: str) -> None:
        """The mode's side panel instead of findings."""
        self.border_title = title
        self._update(markup)

    def _update(self, markup: str) -> None:
        self.query_one("#findings", Static).update(markup)
