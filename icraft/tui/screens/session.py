"""One session: every answer with its score, findings and the quotes that prove them."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from icraft.fmt import score_style
from icraft.core.numbering import AnswerNumbers
from icraft.rubric.report import cost_label
from icraft.store.queries import AnswerView, SessionDetail
from icraft.tui import model

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


# Textual wraps a widget's text each time it measures or paints it: an answer of a
# megabyte took a minute to open. The screen shows the start of a long answer (its
# findings quote it) and mounts answers a page at a time as the list scrolls.
PREVIEW_CHARS = 3000
PAGE = 20
QUOTES = 5  # quotes shown per finding (a filler finding can quote thousands of words)


def _preview(text: str) -> str:
    if len(text) <= PREVIEW_CHARS:
        return text
    cut = text.rfind(" ", 0, PREVIEW_CHARS)
    cut = cut if cut > PREVIEW_CHARS // 2 else PREVIEW_CHARS
    rest = len(text[cut:].split())
    return f"{text[:cut]} … ({rest:,} more words: `icraft sessions show` prints the whole answer)"


def answer_block(a: AnswerView, number: int | None = None) -> Group:
    """An answer as Rich renderables: header, question, findings with quotes. ``number``:
    as people count answers (requests not counted); default: the stored index + 1."""
    # The interview's wording and verdict helpers, loaded when a session is opened, not
    # with the dashboard (~30 ms of its start-up).
    from icraft.interview.transcript_view import flagged_note, score_label
    from icraft.interview.wording import bare_question

    title = Text()
    title.append(f"Answer {number or a.answer_index + 1}", style="bold")
    if a.attempt:
        title.append(f" · rewind {a.attempt}", style="magenta")
    title.append("  ")
    flagged = flagged_note(a.delivery)
    label = score_label(a.overall, a.judged, flagged)
    if label == f"{a.overall}/100":
        title.append(f"{a.overall}", style=score_style(a.overall))
        title.append("/100", style="dim")
    else:  # as `icraft sessions show` says it: a 100 no rule gave is not a pass
        title.append(label or "", style="yellow")
    if a.question_type:
        title.append(f"  {a.question_type}", style="dim")
    if a.wpm is not None:
        title.append(f"  {a.wpm:.0f} wpm", style="dim")
    if a.filler_rate is not None:
        title.append(f"  {a.filler_rate:.1f} fillers/min", style="dim")
    parts: list[Text] = [title]
    if a.question:
        parts.append(Text(f"Q: {_preview(bare_question(a.question))}", style="italic"))
    parts.append(Text(f"A: {_preview(a.text)}", style="dim"))
    if flagged:
        parts.append(Text(f"  not judged: {flagged}", style="yellow"))
    elif a.judged is not None and not a.judged:
        parts.append(Text("  too short to judge: no rule could judge a reply this short", style="yellow"))
    elif not a.findings:
        if a.judged is None:  # scored before icraft recorded which rules could judge it
            parts.append(Text("  no findings (not recorded whether the rules passed or had nothing to judge)",
                              style="dim"))
        else:
            parts.append(Text("  no findings: every applicable rule passed", style="green"))
    for f in a.findings:
        # A rule that could not measure this answer (pace of a typed one) is a note, as the
        # CLI shows it ("·"): info whatever the rule's severity, and it quotes nothing.
        severity = f.severity if f.measurable else "info"
        line = Text("  ")
        line.append(f"{severity:<7}", style=SEVERITY_STYLE.get(severity, ""))
        line.append(f" {f.rule_id}", style="bold")
        line.append(f"  {f.message}")
        if f.measurable:
            line.append(f"  {cost_label(f.rule_id, f.category, f.points)}", style="dim")
        else:
            line.append("  (not measurable here)", style="dim")
        parts.append(line)
        if not f.measurable:
            continue
        for q in f.quotes[:QUOTES]:
            parts.append(Text(f"      “{_preview(q)}”", style="cyan"))
        if len(f.quotes) > QUOTES:
            parts.append(Text(f"      (+{len(f.quotes) - QUOTES:,} more)", style="dim"))
    parts.append(Text(""))
    return Group(*parts)


class _Answers(VerticalScroll):
    """The answers list: asks its screen for the next page when scrolled near the end."""

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self.max_scroll_y - new_value <= self.size.height and isinstance(self.screen, SessionScreen):
            self.screen.call_after_refresh(self.screen.more_answers)


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
        from icraft.rubric.intents import answer_numbers

        super().__init__()
        self.detail = detail
        self.numbers = answer_numbers(detail.candidate_texts)  # as `sessions show` numbers them

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
        with _Answers(id="answers"):
            if not self.detail.answers:
                yield Static(Text("No scored answers in this session yet.", style="dim"))
            for a in self.detail.answers[:PAGE]:
                yield Static(answer_block(a, self.numbers.number(a.answer_index)), classes="answer")
            if len(self.detail.answers) > PAGE:
                yield Static(self._more_label(PAGE), id="more")
        yield Footer()

    def _more_label(self, shown: int) -> Text:
        total = len(self.detail.answers)
        return Text(f"{shown:,} of {total:,} answers shown: scroll down for more", style="dim")

    def more_answers(self) -> None:
        """Mount the next page of answers (when the list is scrolled near its end)."""
        shown = len(self.query(".answer"))
        page = self.detail.answers[shown : shown + PAGE]
        if not page:
            return
        more = self.query_one("#more", Static)
        self.query_one(_Answers).mount_all(
            [Static(answer_block(a, self.numbers.number(a.answer_index)), classes="answer") for a in page],
            before=more
        )
        shown += len(page)
        if shown >= len(self.detail.answers):
            more.remove()
        else:
            more.update(self._more_label(shown))

    def action_back(self) -> None:
        self.dismiss(None)
