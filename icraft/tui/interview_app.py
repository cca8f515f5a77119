"""A practice session as a Textual app (the interview, and any mode registered in
:mod:`icraft.modes.registry`): question panel, answer editor, timer, phase, live
findings after each answer, and the mode's report at the end.

The app is an output port of the conversation driver (:mod:`icraft.modes.driver`:
``heard``, ``show``, ``state``, ``stages``) and its editor the input: Ctrl+S hands the
text to ``Conversation.respond``, the same exchange the plain and spoken front ends
run, so every turn is stored the moment it is sent and a crash or Ctrl-Q loses at
most the answer in the editor. :func:`build_app` is the one factory used by the
commands and by the tests. The clock is injectable so the timer and the recorded
answer times are testable.

With a model phrasing the interviewer's lines, the exchange (lint plus the model call,
which can take seconds) runs in a thread worker while the UI shows "thinking…" and
stays usable (the timer runs, the editor takes text). Offline it is instant and runs
inline. Spoken (``--voice`` in a terminal): the editor becomes a listening panel with
the input level meter, the partial transcript and the last turn's stage times, and a
thread worker runs the driver's loop with the voice input port. Either way the
driver's hand-off (:meth:`InterviewApp._hand_off`) sends every database write and
widget update to the UI thread with ``call_from_thread``; the meter and partial text
are polled ten times a second rather than posted per audio frame.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Callable, Sequence

from rich.markup import escape
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Label, Markdown, Static, TextArea
from textual.worker import Worker, WorkerState

from icraft.core.findings import AnswerResult
from icraft.delivery.timing import unreliable, unreliable_note
from icraft.fmt import points
from icraft.modes.base import Step
from icraft.modes.driver import Conversation
from icraft.modes.plain import unjudged_followup
from icraft.modes.runner import SessionRunner
from icraft.tui.screens.edit_answer import EditAnswerScreen
from icraft.tui.widgets.listening import VOICE_STATES, level_bar
from icraft.tui.widgets.reading import ReadingPane

if TYPE_CHECKING:
    from icraft.voice.pipeline import VoiceSession


class InterviewApp(App[str]):
    """Returns "completed" when the interview ended, "paused" when the user left it."""

    TITLE = "icraft interview"
    CSS_PATH = "interview.tcss"
    BINDINGS = [
        Binding("ctrl+s", "send", "Send", priority=True),
        Binding("ctrl+r", "say('can you repeat the question')", "Repeat", priority=True),
        Binding("ctrl+k", "say('skip')", "Skip", priority=True),
        Binding("ctrl+e", "edit_answer", "Correct", priority=True),
        Binding("ctrl+q", "leave", "Pause", priority=True),
        # Ctrl+C pauses too (the terminal habit); the command then says how to continue.
        Binding("ctrl+c", "leave", "Pause", show=False, priority=True),
        Binding("q", "quit_done", "Quit"),
    ]
    NARROW = 80  # columns below which the panes stack

    def __init__(
        self,
        runner: SessionRunner,
        first: Step | None,
        *,
        clock: Callable[[], float] = time.monotonic,
        notices: Sequence[str] = (),
        voice: VoiceSession | None = None,
    ) -> None:
        super().__init__()
        self.conversation = Conversation(runner, self, hand_off=self._hand_off)
        self.voice = voice
        self.voice_error: BaseException | None = None  # a failure of the audio or speech providers
        self._leaving = False
        self._level = 0.0  # written by the voice worker, drawn by a timer
        self._partial = ""
        self._listening = False  # partial results belong to the answer being listened to
        self.runner = runner
        self.first = first
        self.notices = list(notices)
        self.clock = clock
        self.started = clock()
        self.asked_at = clock()
        self.finished = False
        self.thinking = False  # a worker is producing the interviewer's next line
        self._ui_thread: int | None = None
        self._draft = ""  # the answer being typed, as last stored
        self._draft_at = clock()
        self._answer_widget: Static | None = None  # the transcript line of the last turn sent
        self.last_scored: tuple[int, Static] | None = None  # (answer index, its transcript line)

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="status"):
            yield Label("", id="phase")
            yield Label("", id="timer")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield ReadingPane(id="transcript")
                yield Static("", id="question")
                if self.voice is None:
                    yield TextArea(id="answer", soft_wrap=True, show_line_numbers=False)
                else:
                    with Vertical(id="listen"):
                        yield Static(level_bar(0.0), id="meter")
                        yield Static("", id="partial")
                        yield Static("", id="stages")
            with ReadingPane(id="findings-pane"):
                yield Static("Findings for your last answer appear here.", id="findings")
        yield Footer(compact=True, show_command_palette=False)

    def on_resize(self) -> None:
        self.set_class(self.size.width < self.NARROW, "narrow")

    def on_mount(self) -> None:
        import threading

        self._ui_thread = threading.get_ident()
        options = self.runner.meta.get("options", {})
        self.title = f"icraft {self.runner.mode.command or self.runner.mode.kind}"
        self.sub_title = str(options.get("type") or self.runner.mode.kind) + (" · voice" if self.voice is not None else "")
        self.query_one("#question", Static).border_title = "Question"
        self.query_one("#transcript").border_title = "Transcript"
        self.query_one("#findings-pane").border_title = "Live findings"
        self.set_class(self.size.width < self.NARROW, "narrow")
        self.set_class(self.runner.mode.side_panel(self.runner.dialogue) is not None, "side-panel")
        # A continued session: its time so far, its transcript up to this step, the last
        # answer's findings and the answer that was being typed.
        used_ms = max(self.runner.dialogue.elapsed_ms, int(self.runner.meta.get("clock_ms") or 0))
        self.started -= used_ms / 1000
        self._history()
        if not self._side_panel():
            self._last_findings()
        self.timer = self.set_interval(1.0, self._tick)
        self._tick()
        chain = getattr(getattr(self.runner.dialogue, "wording", None), "chain", None)
        if chain is not None:  # a provider failing from now on is a toast, not a line on stderr
            chain.notify = self.provider_notice
        for message in self.notices:  # failures before the UI was up
            self.provider_notice(message, title="Before the interview started")
        if self.voice is not None:
            self._start_voice()
            return
        editor = self.query_one("#answer", TextArea)
        editor.border_title = "Your answer (Ctrl+S to send)"
        editor.text = self._draft = str(self.runner.meta.get("draft") or "")
        editor.move_cursor(editor.document.end)
        editor.focus()
        if self.first is not None:
            self._show(self.first)
        elif self.uses_model:  # the model phrases the greeting: show the UI first
            self._think(True)
            self.run_worker(self.conversation.open, thread=True, group="greeting", name="greeting")
        else:
            self.conversation.open()

    def _history(self) -> None:
        """Stored turns said before ``first`` (none for a new interview)."""
        from icraft.core.transcript import INTERVIEWER
        from icraft.store import sessions as store

        rows = store.stored_turns(self.runner.conn, self.runner.session_id)
        shown_next = len(self.first.utterances) if self.first is not None else 0
        for r in rows[: len(rows) - shown_next]:
            self._add(self.runner.mode.speaker if r.speaker == INTERVIEWER else "You", r.text)

    def provider_notice(self, message: str, *, title: str = "Model provider") -> None:
        """A provider switch (the fallback chain's one-line notice) as a notification.
        Called from the worker thread too: ``App.notify`` is thread-safe."""
        self.notify(message, title=title, severity="warning", timeout=10)

    @property
    def uses_model(self) -> bool:
        """A model phrases the next line (until the fallback chain has reached offline)."""
        wording = getattr(self.runner.dialogue, "wording", None)
        return getattr(wording, "chain", None) is not None and not wording.offline  # type: ignore[union-attr]

    # -- updates -------------------------------------------------------------------------

    def _tick(self) -> None:
        self._keep_draft()
        used = int(self.clock() - self.started)
        total = self.runner.mode.minutes(self.runner.meta.get("options", {}))
        planned = f" / {total:02d}:00" if total else ""
        self.query_one("#timer", Label).update(f"{used // 60:02d}:{used % 60:02d}{planned}")

    def _add(self, who: str, text: str) -> Static:
        log = self.query_one("#transcript", VerticalScroll)
        cls = "candidate" if who == "You" else "interviewer"
        line = Static(f"[b]{who}:[/b] {escape(text)}", classes=cls)
        log.mount(line)
        log.scroll_end(animate=False)
        return line

    def _think(self, on: bool) -> None:
        """The "thinking…" state while a worker waits for the model."""
        self.thinking = on
        self.refresh_bindings()
        if self.voice is not None:
            return
        editor = self.query_one("#answer", TextArea)
        if on:
            self.query_one("#phase", Label).update(f"[b]{self._phase_name()}[/b]  [i]thinking…[/i]")
            self.query_one("#question", Static).update("[i]The interviewer is thinking…[/i]")
            editor.border_title = "Your answer (you can type; Ctrl+S once the interviewer has replied)"
        else:
            editor.border_title = "Your answer (Ctrl+S to send)"

    def _phase_name(self) -> str:
        return self.runner.mode.phase_label(self.runner.dialogue)

    # -- the conversation driver's output port ------------------------------------------------

    def _hand_off(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Database writes and widgets belong to the UI thread: a worker's calls go there."""
        import threading

        if threading.get_ident() == self._ui_thread:
            return fn(*args, **kwargs)
        return self._from_worker(fn, *args, **kwargs)

    def heard(self, text: str) -> None:
        """The candidate's turn, in the transcript (a spoken silence is shown as such)."""
        text = text.strip()
        self._answer_widget = self._add("You", text) if text else None
        if not text and self.voice is not None:
            self._add("You", "(silence)")

    def show(self, step: Step) -> None:
        if self.thinking:
            self._think(False)
        self._show(step)

    def state(self, name: str) -> None:
        if name == "listening":
            self._listening = True
        elif name in ("thinking", "ended"):
            self._listening = False
            self._partial, self._level = "", 0.0
        if self.voice is not None:
            self._voice_state(name)

    def stages(self, timings: dict[str, Any]) -> None:
        from icraft.voice.pipeline import describe_timings

        if not self.finished:
            self.query_one("#stages", Static).update(escape(describe_timings(timings)))

    def _show(self, step: Step) -> None:
        self.asked_at = self.clock()
        for u in step.utterances:
            self._add(self.runner.mode.speaker, u.text)
        self.query_one("#phase", Label).update(f"[b]{self._phase_name()}[/b]")
        if step.utterances:
            self.query_one("#question", Static).update(escape(step.utterances[-1].text))
        if self._side_panel():
            pass
        elif step.result is not None and step.answer_index is not None:
            if self._answer_widget is not None:
                self.last_scored = (step.answer_index, self._answer_widget)
                self.refresh_bindings()
            self._findings(step.answer_index, step.result, unjudged=unjudged_followup(step))
        if step.done:
            self._report()

    def _side_panel(self) -> bool:
        """The mode's own side pane (the negotiation's offer table), when it has one."""
        panel = self.runner.mode.side_panel(self.runner.dialogue)
        if panel is None:
            return False
        title, markup = panel
        self.query_one("#findings-pane").border_title = title
        self.query_one("#findings", Static).update(markup)
        return True

    def _findings(self, answer: int, result: AnswerResult, *, note: str = "", unjudged: bool = False) -> None:
        flagged = unreliable_note(result.delivery) if unreliable(result.delivery) else None  # type: ignore[arg-type]
        items = [(f.rule_id, f.points, f.message, f.spans[0].quote if f.spans else None)
                 for f in result.findings if f.measurable]
        self._show_findings(answer, result.score.overall, items, note=note, unjudged=unjudged, flagged=flagged)

    def _last_findings(self) -> None:
        """A continued session: the last scored answer's findings, as they were shown."""
        from icraft.interview import transcript_view as view

        scored = [tv for tv in view.session_turns(self.runner.conn, self.runner.session_id) if tv.score is not None]
        if not scored:
            return
        tv = scored[-1]
        items = [(f.rule_id, f.points, f.message, f.quote) for f in tv.findings if f.measurable]
        self._show_findings(tv.answer or 0, tv.score or 0, items, unjudged=tv.unjudged, flagged=tv.flagged)

    def _show_findings(self, answer: int, score: int, items: list[tuple[str, float, str, str | None]], *,
                       note: str = "", unjudged: bool = False, flagged: str | None = None) -> None:
        pane = self.query_one("#findings", Static)
        if flagged:  # a transcript nobody could have spoken: not scored
            pane.update(f"[b]Answer {answer + 1}: not judged[/b]\n{escape(flagged)}")
            return
        if unjudged:  # see plain.unjudged_followup: a "100" here would mean nothing
            pane.update(f"[b]Answer {answer + 1}: too short to judge[/b]\nThe follow-up wanted more than that.")
            return
        lines = [f"[b]Answer {answer + 1}: {score}/100[/b]" + note]
        for rule_id, lost, message, quote in items:
            said = f'\n  [i]"{escape(quote)}"[/i]' if quote else ""
            lines.append(f"[yellow]• {rule_id}[/yellow] (-{points(lost)}) {escape(message)}{said}")
        if len(lines) == 1:
            lines.append("No findings.")
        lines.append("\n[dim]Ctrl+E corrects this answer's text.[/dim]")
        pane.update("\n".join(lines))

    def _report_markdown(self) -> str:
        mode = self.runner.mode
        rep = self.runner.report()
        return "" if rep is None or mode.render_markdown is None else mode.render_markdown(rep)

    def _report(self) -> None:
        self.finished = True
        self.timer.stop()
        self.query_one("#main").remove()
        self.query_one("#status").remove()
        pane = ReadingPane(Markdown(self._report_markdown(), id="report"), id="report-pane")
        self.mount(pane, before=self.query_one(Footer))
        pane.border_title = "Report (arrows, PgDn, j/k, Space to scroll; / to find)"
        pane.focus()
        self.refresh_bindings()

    def _refresh_report(self) -> None:
        self.query_one("#report", Markdown).update(self._report_markdown())

    # -- actions -------------------------------------------------------------------------

    def _submit(self, text: str) -> bool:
        """Send a turn; False (and a bell) while the interviewer is still thinking."""
        if self.finished:
            return False
        if self.thinking:
            self.bell()
            return False
        elapsed = int((self.clock() - self.asked_at) * 1000)
        self.runner.meta.update(draft="", clock_ms=self._used_ms())  # stored with the answer's snapshot
        if self.uses_model:  # the model's reply takes a while: the exchange runs in a worker
            self._think(True)
            self.run_worker(lambda: self.conversation.respond(text.strip(), elapsed_ms=elapsed), thread=True,
                            group="reply", name="interviewer reply")
        else:
            self.conversation.respond(text.strip(), elapsed_ms=elapsed)
        return True

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failing voice worker pauses the session; any other worker's exception is a
        bug and ends the app with it (Textual's default)."""
        worker = event.worker
        if worker.group == "voice" and event.state is WorkerState.ERROR and not self._leaving:
            # The microphone or a speech provider failed: keep the session (paused) and
            # let the command print the one-line error after the UI is gone.
            self.voice_error = worker.error
            self._stop_voice()
            self.exit("completed" if self.finished else "paused")

    def action_send(self) -> None:
        # Ctrl+S is a priority binding: the app sees it before the editor has handled the
        # keys queued ahead of it (fast typing, a paste without bracketed paste). Reading
        # the text after the editor's queue is drained sends every key typed.
        editor = self.query_one("#answer", TextArea)
        editor.call_later(self.call_later, self._send_editor_text, editor)  # then on the app's queue

    def _send_editor_text(self, editor: TextArea) -> None:
        if self._submit(editor.text):
            editor.text = self._draft = ""

    # -- what a continued session restores: the answer being typed and the time used ----------

    def _keep_draft(self, *, now: bool = False) -> None:
        """Store the answer being typed (at most every few seconds, and when leaving), so a
        pause, a crash or a closed terminal does not lose it."""
        if self.voice is not None or self.finished:
            return
        text = self.query_one("#answer", TextArea).text
        if text == self._draft or (not now and self.clock() - self._draft_at < 3):
            return
        self._draft, self._draft_at = text, self.clock()
        self.runner.keep(draft=text, clock_ms=self._used_ms())

    def _used_ms(self) -> int:
        return int((self.clock() - self.started) * 1000)

    def action_say(self, text: str) -> None:
        self._submit(text)

    def action_edit_answer(self) -> None:
        """Open the last scored answer in an editor; saving re-lints it (see _corrected)."""
        if self.last_scored is None:
            return
        from icraft.interview import transcript_view as view

        index, _ = self.last_scored
        turns = view.session_turns(self.runner.conn, self.runner.session_id)
        current = view.answer_turn(turns, index).text
        self.push_screen(EditAnswerScreen(index + 1, current), lambda text: self._corrected(index, current, text))

    def _corrected(self, index: int, before: str, text: str | None) -> None:
        """Store the corrected text (``Turn.with_text``: untouched words keep their timings),
        re-lint it and show the new score. The interview's course is not replayed."""
        from icraft.core.errors import IcraftError
        from icraft.interview import transcript_view as view

        if text is None or text.strip() == before.strip():
            self.notify("No change.")
            return
        old = view.answer_turn(view.session_turns(self.runner.conn, self.runner.session_id), index).score
        try:
            tv, result = view.correct_answer(self.runner.conn, self.runner.session_id, index, text.strip())
        except IcraftError as e:
            self.notify(str(e), severity="error")
            return
        assert self.last_scored is not None
        self.last_scored[1].update(f"[b]You:[/b] {escape(tv.text)}")
        message = f"Answer {index + 1} corrected."
        if result is not None:
            message = f"Answer {index + 1} corrected; re-scored {old} → {result.score.overall}."
            if self.finished:
                self._refresh_report()
            else:
                self._findings(index, result, note=f" [dim](corrected; was {old})[/dim]")
        self.notify(message)

    def action_leave(self) -> None:
        if not self.finished:
            self._keep_draft(now=True)
            self.runner.keep(clock_ms=self._used_ms())
        self._stop_voice()
        self.exit("completed" if self.finished else "paused")

    def action_quit_done(self) -> None:
        self._stop_voice()
        self.exit("completed")

    # -- voice -----------------------------------------------------------------------------

    def _start_voice(self) -> None:
        assert self.voice is not None
        voice = self.voice
        voice.on_level = self._set_level  # from the worker thread: plain attribute writes
        voice.on_partial = self._set_partial
        if hasattr(voice.tts, "notify"):  # a failing voice is a toast, not a line on stderr under the UI
            voice.tts.notify = lambda m: self.provider_notice(m, title="Voice")
        self.query_one("#stages", Static).update("[dim]Stage times of each turn appear here.[/dim]")
        self._voice_state("listening" if self.first is None else "speaking")
        self.set_interval(0.1, self._draw_live)
        self.run_worker(self._voice_loop, thread=True, group="voice", name="voice", exit_on_error=False)

    def _set_level(self, level: float) -> None:
        self._level = level

    def _set_partial(self, text: str) -> None:
        if self._listening:  # a recogniser thread's late result must not outlive its answer
            self._partial = text

    def _draw_live(self) -> None:
        if self.finished:
            return
        self.query_one("#meter", Static).update(level_bar(self._level))
        self.query_one("#partial", Static).update(escape(self._partial))

    def _voice_state(self, state: str) -> None:
        if not self.finished:
            self.query_one("#listen").border_title = VOICE_STATES[state]

    def _from_worker(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run ``fn`` on the main thread (the database's and the widgets'); raises
        :class:`_Left` once the user has left, so nothing more is stored."""
        if self._leaving:
            raise _Left
        return self.call_from_thread(fn, *args, **kwargs)

    def _voice_loop(self) -> None:
        """The worker: greet, then listen, answer and speak until the session is done."""
        from icraft.voice.dialogue import VoicePort

        assert self.voice is not None
        try:
            # A continued session's "welcome back" is already stored; a new one's greeting may
            # be phrased by a model, off the main thread.
            first = self.first or self.runner.dialogue.start()
            if self.first is None:
                first = self._from_worker(self.runner.started, first)
            self.conversation.run(first, VoicePort(self.voice))
        except _Left:
            return

    def _stop_voice(self) -> None:
        """Leaving: nothing more is stored, playback stops and the microphone is released,
        which ends the worker's read of the source."""
        if self.voice is None:
            return
        self._leaving = True
        self.voice.sink.stop()
        close = getattr(self.voice.source, "close", None)
        if close is not None:
            close()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if len(self.screen_stack) > 1 and action in ("send", "say", "edit_answer", "quit_done"):
            return False  # the correction editor is open: its own Ctrl+S / Esc apply
        if action == "quit_done":
            return self.finished
        if action in ("send", "say"):
            return not self.finished and self.voice is None  # spoken: say "skip" or "can you repeat that"
        if action == "edit_answer":  # shown dimmed until an answer is scored
            if self.runner.mode.side_panel(self.runner.dialogue) is not None:
                return False  # a mode with its own pane (the negotiation) replays its lines: no correcting one
            return None if self.last_scored is None or self.thinking else True
        return True


class _Left(Exception):
    """The user left the app while the voice worker was mid-turn."""


def build_app(
    runner: SessionRunner,
    first: Step | None,
    *,
    clock: Callable[[], float] = time.monotonic,
    notices: Sequence[str] = (),
    voice: VoiceSession | None = None,
) -> InterviewApp:
    return InterviewApp(runner, first, clock=clock, notices=notices, voice=voice)
