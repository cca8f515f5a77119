"""The coding round in Textual: the statement, a Python editor (syntax highlighting, line
numbers, undo), the test panel, the interviewer, and an answer box for the approach and
the follow-ups. The editor keeps the indentation on Enter (one level more after a colon).

Ctrl+R runs the sample tests on the editor's code (in the sandbox; nothing is stored);
Ctrl+S sends: in the coding phase the editor's code is submitted to the hidden tests, in
the other phases the answer box's text is the answer. Each send is one exchange of the
conversation driver (:mod:`icraft.modes.driver`), run in a thread worker (judging takes a
moment) with every database write and widget update handed to the UI thread. When the
round is done the report replaces the screen. :func:`build_app` is the one factory, for the
command and the tests.
"""

from __future__ import annotations

import re
import time
from typing import Any, Callable

from rich.markup import escape
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Label, Markdown, Static, TextArea

from icraft.modes.base import Step
from icraft.modes.coding import CODING
from icraft.modes.driver import Conversation
from icraft.modes.runner import SessionRunner


class CodeEditor(TextArea):
    """The Python editor: Enter keeps the line's indentation, one level more after a ':'."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter" and not self.read_only:
            event.stop()
            event.prevent_default()
            row, column = self.cursor_location
            before = self.document.get_line(row)[:column]
            indent = before[:len(before) - len(before.lstrip(" \t"))]
            if before.rstrip().endswith(":"):
                indent += " " * self.indent_width
            start, end = self.selection
            self._replace_via_keyboard("\n" + indent, start, end)
            return
        await super()._on_key(event)


class CodingApp(App[None]):
    CSS = """
    #left { width: 2fr; }
    #right { width: 3fr; }
    #statement { height: 2fr; border: round $primary; }
    #interviewer { height: 1fr; border: round $secondary; }
    #phase { height: 1; padding: 0 1; }
    #editor { height: 3fr; }
    #tests-pane { height: auto; max-height: 12; border: round $accent; padding: 0 1; }
    #tests { height: auto; }
    #answer { height: 6; }
    #report { border: round $primary; }
    """
    BINDINGS = [
        Binding("ctrl+r", "run_samples", "Run samples", priority=True),
        Binding("ctrl+s", "send", "Submit / send", priority=True),
        Binding("ctrl+q", "quit", "Pause", priority=True),
    ]

    def __init__(self, runner: SessionRunner, *, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.runner = runner
        self.clock = clock
        self.dialogue: Any = runner.dialogue
        self.conversation = Conversation(runner, self, hand_off=self._hand_off)
        self.prompted_at = clock()
        self.busy = False
        self.said: list[str] = []
        self.report_text = ""

    # -- layout ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        p = self.dialogue.problem
        yield Header(show_clock=False)
        with Horizontal():
            with Vertical(id="left"):
                with VerticalScroll(id="statement"):
                    yield Markdown(self._statement_md(), id="statement-text")
                with VerticalScroll(id="interviewer"):
                    yield Static("", id="said")
            with Vertical(id="right"):
                yield Label("", id="phase")
                editor = CodeEditor.code_editor(self.dialogue.code or p.starter, language="python", id="editor")
                yield editor
                with VerticalScroll(id="tests-pane"):
                    yield Static("Ctrl+R runs the examples; Ctrl+S submits to the hidden tests.", id="tests")
                yield TextArea("", id="answer")
        yield Footer()

    def _statement_md(self) -> str:
        p = self.dialogue.problem
        # a bullet per example with inline code, which wraps in the pane (a code block is cut at its edge)
        examples = "\n".join(f"- {name}: {_code(call)} -> {_code(expected)}" + (f"  \n  {why}" if why else "")
                             for name, call, expected, why in p.examples())
        constraints = "\n".join(f"- {c}" for c in p.constraints)
        return (f"## {p.title}\n\n*{p.topic}, {p.difficulty}*\n\n{p.statement}\n\n**Examples**\n\n{examples}\n\n"
                f"**Constraints**\n\n{constraints}\n")

    def on_mount(self) -> None:
        self.title = f"icraft code: {self.dialogue.problem.title}"
        if self.runner.meta.get("turns", 0) == 0 and not self.said:
            self.show(self.runner.begin())
        else:
            self.show(self.runner.resume())
        self._focus_for_phase()

    # -- output port ----------------------------------------------------------------------------

    def _hand_off(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return self.call_from_thread(fn, *args, **kwargs)

    def heard(self, text: str) -> None:
        if self.dialogue.phase == CODING and "\n" in text.strip():
            self._say(f"[b]You[/b] submitted {len(text.strip().splitlines())} lines of code.")
        else:
            self._say(f"[b]You:[/b] {escape(text.strip())}")

    def show(self, step: Step) -> None:
        for u in step.utterances:
            self._say(f"[b]Interviewer:[/b] {_inline_code(escape(u.text))}")
        if step.result is not None:
            rules = [f.rule_id for f in step.result.findings if f.measurable]
            self._say(f"[dim]  scored {step.result.score.overall}/100"
                      + (f"; {', '.join(rules)}" if rules else "; no findings") + "[/dim]")
        if self.dialogue.submissions:
            self._show_tests(self.dialogue.submissions[-1], "Last submission")
        self.query_one("#phase", Label).update(
            f"Phase: {self.runner.mode.phase_label(self.dialogue)}   (Ctrl+S sends"
            + (" the code)" if self.dialogue.phase == CODING else " your answer)"))
        self.prompted_at = self.clock()
        if step.done:
            self._report()
        else:
            self._focus_for_phase()

    def _say(self, line: str) -> None:
        self.said.append(line)
        self.query_one("#said", Static).update("\n".join(self.said[-60:]))
        self.query_one("#interviewer", VerticalScroll).scroll_end(animate=False)

    def _show_tests(self, judged: dict[str, Any], head: str) -> None:
        from icraft.coding.judge import shared_errors
        from icraft.coding.report import names_text
        from icraft.modes.coding import summary_line

        rows = [f"{head}: {escape(summary_line(judged))}"]
        shared = shared_errors(judged["tests"])
        for error, names in shared.items():  # once, with the tests it affects, before the tests
            which = f"all {len(names)} tests" if len(names) == len(judged["tests"]) else names_text(names)
            rows.append(f"[red]{escape(error.splitlines()[-1][:120])}[/red] ({escape(which)})")
        for t in judged["tests"]:
            mark = "[green]ok[/green]" if t["verdict"] == "passed" else "[red]!![/red]"
            took = (f", stopped at the {t['limit']} limit" if t.get("limit") else "") if t.get("time_ms") is None \
                else f", {t['time_ms']:.1f} ms"
            rows.append(f"{mark} {escape(t['name'])}: {t['verdict']}{took}")
            if t["verdict"] == "wrong answer" and "expected" in t:
                rows.append(f"   got {escape(repr(t.get('got')))}, expected {escape(repr(t['expected']))}")
            elif t.get("error") and t["verdict"] != "passed" and t["error"].strip() not in shared:
                rows.append("   " + escape(t["error"].strip().splitlines()[-1][:120]))
        self.query_one("#tests", Static).update("\n".join(rows))
        self.query_one("#tests-pane", VerticalScroll).scroll_home(animate=False)

    def _focus_for_phase(self) -> None:
        target = "#editor" if self.dialogue.phase == CODING else "#answer"
        self.query_one(target, TextArea).focus()

    def _report(self) -> None:
        from icraft.modes.coding import render_markdown

        self.report_text = render_markdown(self.runner.report())
        self.query_one("#right").display = False  # the report takes the editor's width
        self.query_one("#left").styles.width = "1fr"
        self.query_one("#statement").styles.height = "3fr"
        self.query_one("#statement-text", Markdown).update(self.report_text)

    # -- actions --------------------------------------------------------------------------------

    def action_run_samples(self) -> None:
        if self.busy or self.dialogue.phase == "done":
            return
        code = self.query_one("#editor", TextArea).text
        self.query_one("#tests", Static).update("Running the examples in the sandbox…")
        self.busy = True
        self.run_worker(lambda: self._samples(code), thread=True, exclusive=True, group="run")

    def _samples(self, code: str) -> None:
        from icraft.coding import judge

        try:
            unsafe = bool(self.runner.meta["options"].get("unsafe"))
            judged = judge.judge(self.dialogue.problem, code, judge.SAMPLES, unsafe=unsafe)
            self.call_from_thread(self._show_tests, judged.to_dict(), "Examples")
        except Exception as e:  # noqa: BLE001 - the sandbox's error is shown, the round goes on
            self.call_from_thread(self.query_one("#tests", Static).update, f"Could not run: {escape(str(e))}")
        finally:
            self.busy = False

    def action_send(self) -> None:
        if self.busy or self.dialogue.phase == "done":
            return
        if self.dialogue.phase == CODING:
            text = self.query_one("#editor", TextArea).text
        else:
            box = self.query_one("#answer", TextArea)
            text = box.text
            if not text.strip():
                return
            box.text = ""
        elapsed = int((self.clock() - self.prompted_at) * 1000)
        if self.dialogue.phase == CODING:
            self.query_one("#tests", Static).update("Submitting to the hidden tests in the sandbox…")
        self.busy = True
        self.run_worker(lambda: self._exchange(text, elapsed), thread=True, exclusive=True, group="send")

    def _exchange(self, text: str, elapsed: int) -> None:
        try:
            self.conversation.respond(text, elapsed_ms=elapsed)
        finally:
            self.busy = False


def _inline_code(markup: str) -> str:
    """Markdown's `code` in the interviewer's lines (the statement's names) shown bold, not in backticks."""
    return re.sub(r"`([^`\n]+)`", r"[b]\1[/b]", markup)


def _code(text: str) -> str:
    """``text`` as Markdown inline code (double backticks when it holds one)."""
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def build_app(runner: SessionRunner, *, clock: Callable[[], float] = time.monotonic) -> CodingApp:
    return CodingApp(runner, clock=clock)
