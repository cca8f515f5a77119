"""The interview as a Textual app: question panel, answer editor, timer, phase, live
findings after each answer, and the report at the end.

It drives the same :class:`~icraft.interview.runner.InterviewRunner` as the plain
dialogue, so every turn is stored the moment it is sent and a crash or Ctrl-Q loses
at most the answer in the editor. :func:`build_app` is the one factory used by
``icraft interview`` and by the tests. The clock is injectable so the timer and the
recorded answer times are testable.
"""

from __future__ import annotations

import time
from typing import Callable, Sequence

from rich.markup import escape
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Label, Markdown, Static, TextArea

from icraft.interview.engine import Phase, Step
from icraft.interview.runner import InterviewRunner

PHASE_NAMES = {
    Phase.GREETING: "Greeting",
    Phase.WARMUP: "Warm-up",
    Phase.CORE: "Core question",
    Phase.FOLLOWUP: "Follow-up",
    Phase.CANDIDATE_QUESTIONS: "Your questions",
    Phase.CLOSING: "Closing",
    Phase.DONE: "Done",
}


class InterviewApp(App[str]):
    """Returns "completed" when the interview ended, "paused" when the user left it."""

    TITLE = "icraft interview"
    CSS = """
    #status { height: 1; padding: 0 1; background: $boost; }
    #status Label { width: 1fr; }
    #timer { text-align: right; }
    #main { height: 1fr; }
    #left { width: 2fr; }
    #transcript { height: 1fr; border: round $primary-background; padding: 0 1; }
    #question { border: round $accent; padding: 0 1; height: auto; max-height: 10; }
    #answer { height: 8; }
    #findings { width: 1fr; height: 100%; border: round $warning; padding: 0 1; }
    #report { height: 1fr; padding: 0 1; }
    .interviewer { color: $text; margin-top: 1; }
    .candidate { color: $success; }
    """
    BINDINGS = [
        Binding("ctrl+s", "send", "Send answer", priority=True),
        Binding("ctrl+r", "say('can you repeat the question')", "Repeat question", priority=True),
        Binding("ctrl+k", "say('skip')", "Skip", priority=True),
        Binding("ctrl+q", "leave", "Pause & quit", priority=True),
        Binding("q", "quit_done", "Quit"),
    ]

    def __init__(
        self,
        runner: InterviewRunner,
        first: Step,
        *,
        clock: Callable[[], float] = time.monotonic,
        notices: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.runner = runner
        self.first = first
        self.notices = list(notices)
        self.clock = clock
        self.started = clock()
        self.asked_at = clock()
        self.finished = False

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="status"):
            yield Label("", id="phase")
            yield Label("", id="timer")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield VerticalScroll(id="transcript")
                yield Static("", id="question")
                yield TextArea(id="answer", soft_wrap=True, show_line_numbers=False)
            yield Static("Findings for your last answer appear here.", id="findings")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.runner.engine.options.type
        self.query_one("#answer", TextArea).border_title = "Your answer (Ctrl+S to send)"
        self.query_one("#question", Static).border_title = "Question"
        self.query_one("#transcript").border_title = "Transcript"
        self.query_one("#findings", Static).border_title = "Live findings"
        self.timer = self.set_interval(1.0, self._tick)
        self._tick()
        self._show(self.first)
        self.query_one("#answer", TextArea).focus()
        chain = getattr(self.runner.engine.wording, "chain", None)
        if chain is not None:  # a provider failing from now on is a toast, not a line on stderr
            chain.notify = self.provider_notice
        for message in self.notices:  # failures before the UI was up (the greeting)
            self.provider_notice(message)

    def provider_notice(self, message: str) -> None:
        """A provider switch (the fallback chain's one-line notice) as a notification."""
        self.notify(message, title="Model provider", severity="warning", timeout=10)

    # -- updates -------------------------------------------------------------------------

    def _tick(self) -> None:
        used = int(self.clock() - self.started)
        total = self.runner.engine.options.minutes
        self.query_one("#timer", Label).update(f"{used // 60:02d}:{used % 60:02d} / {total:02d}:00")

    def _add(self, who: str, text: str) -> None:
        log = self.query_one("#transcript", VerticalScroll)
        cls = "interviewer" if who == "Interviewer" else "candidate"
        log.mount(Static(f"[b]{who}:[/b] {escape(text)}", classes=cls))
        log.scroll_end(animate=False)

    def _show(self, step: Step) -> None:
        for u in step.utterances:
            self._add("Interviewer", u.text)
        engine = self.runner.engine
        phase = PHASE_NAMES[engine.phase]
        if engine.phase in (Phase.CORE, Phase.FOLLOWUP):
            phase += f" {engine.core_asked}"
        self.query_one("#phase", Label).update(f"[b]{phase}[/b]")
        if step.utterances:
            self.query_one("#question", Static).update(escape(step.utterances[-1].text))
        if step.result is not None:
            self._findings(step)
        if step.done:
            self._report()

    def _findings(self, step: Step) -> None:
        assert step.result is not None
        lines = [f"[b]Answer {(step.answer_index or 0) + 1}: {step.result.score.overall}/100[/b]"]
        for f in step.result.findings:
            if not f.measurable:
                continue
            quote = f'\n  [i]"{escape(f.spans[0].quote)}"[/i]' if f.spans else ""
            lines.append(f"[yellow]• {f.rule_id}[/yellow] (-{f.points:g}) {escape(f.message)}{quote}")
        if len(lines) == 1:
            lines.append("No findings.")
        self.query_one("#findings", Static).update("\n".join(lines))

    def _report(self) -> None:
        from icraft.interview.report import build_report, render_markdown

        self.finished = True
        self.timer.stop()
        rep = build_report(self.runner.conn, self.runner.session_id)
        self.query_one("#main").remove()
        self.query_one("#status").remove()
        self.mount(Markdown(render_markdown(rep), id="report"), before=self.query_one(Footer))
        self.refresh_bindings()

    # -- actions -------------------------------------------------------------------------

    def _submit(self, text: str) -> None:
        if self.finished:
            return
        elapsed = int((self.clock() - self.asked_at) * 1000)
        if text.strip():
            self._add("You", text.strip())
        step = self.runner.submit(text.strip(), elapsed_ms=elapsed)
        self.asked_at = self.clock()
        self._show(step)

    def action_send(self) -> None:
        editor = self.query_one("#answer", TextArea)
        text = editor.text
        editor.text = ""
        self._submit(text)

    def action_say(self, text: str) -> None:
        self._submit(text)

    def action_leave(self) -> None:
        self.exit("completed" if self.finished else "paused")

    def action_quit_done(self) -> None:
        self.exit("completed")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quit_done":
            return self.finished
        if action in ("send", "say"):
            return not self.finished
        return True


def build_app(
    runner: InterviewRunner,
    first: Step,
    *,
    clock: Callable[[], float] = time.monotonic,
    notices: Sequence[str] = (),
) -> InterviewApp:
    return InterviewApp(runner, first, clock=clock, notices=notices)
