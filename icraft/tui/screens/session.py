"""One session: every answer with its score, findings and the quotes that prove them."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from icraft.store.queries import AnswerView, SessionDetail
from icraft.tui import model
from icraft.cli.skills_cmd import score_style
from icraft.rubric.report import cost_label

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def answer_block(a: AnswerView) -> Group:
    """An answer as Rich renderables: header, question, findings with quotes."""
    title = Text()
    title.append(f"Answer {a.answer_index + 1}", style="bold")
    if a.attempt:
        title.append(f" · rewind {a.attempt}", style="magenta")
    title.append("  ")
    title.append(f"{a.overall}", style=score_style(a.overall))
    title.append("/100", style="dim")
    if a.question_type:
        title.append(f"  {a.question_type}", style="dim")
    if a.wpm is not None:
        title.append(f"  {a.wpm:.0f} wpm", style="dim")
    if a.filler_rate is not None:
        title.append(f"  {a.filler_rate:.1f} fillers/min", style="dim")
    parts: list[Text] = [title]
    if a.question:
        parts.append(Text(f"Q: {a.question}", style="italic"))
    parts.append(Text(f"A: {a.text}", style="dim"))
    if not a.findings:
        parts.append(Text("  no findings: every applicable rule passed", style="green"))
    for f in a.findings:
        line = Text("  ")
        line.append(f"{f.severity:<7}", style=SEVERITY_STYLE.get(f.severity, ""))
        line.append(f" {f.rule_id}", style="bold")
        line.append(f"  {f.message}")
        if f.measurable:
            line.append(f"  {cost_label(f.rule_id, f.category, f.points)}", style="dim")
        else:
            line.append("  (not measurable here)", style="dim")
        parts.append(line)
        for q in f.quotes:
            parts.append(Text(f"      “{q}”", style="cyan"))
    parts.append(Text(""))
    return Group(*parts)


class SessionScreen(Screen[None]):
    DEFAULT_CSS = """
    SessionScreen > #session-head { height: auto; padding: 0 1; background: $boost; }
    SessionScreen > VerticalScroll { padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("backspace", "back", "Back", show=False),
    ]

    def __init__(self, detail: SessionDetail) -> None:
        super().__init__()
        self.detail = detail

    def compose(self) -> ComposeResult:
        s = self.detail.summary
        head = Text()
        head.append(s.title or s.id, style="bold")
        head.append("   score ")
        head.append(model.score_label(s.score), style=score_style(s.score))
        head.append(f"\n{s.kind} · {s.type or 'mixed'} · {model.day_label(s.started_at)} · {s.status} · ", style="dim")
        head.append(f"{s.answers} answers, {s.rewinds} rewinds, {s.findings} findings · id {s.id}", style="dim")
        yield Header()
        yield Static(head, id="session-head")
        with VerticalScroll(id="answers"):
            if not self.detail.answers:
                yield Static(Text("No scored answers in this session yet.", style="dim"))
            for a in self.detail.answers:
                yield Static(answer_block(a), classes="answer")
        yield Footer()

    def action_back(self) -> None:
        self.dismiss(None)
