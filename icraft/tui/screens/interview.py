"""The practice session's screen (the interview, and any mode registered in
:mod:`icraft.modes.registry`): status line (phase, clock), transcript, question, answer
editor (or, spoken, the listening panel), live findings, and the mode's report at the end.

The screen is the conversation driver's output port (:mod:`icraft.modes.driver`:
``heard``, ``show``, ``state``, ``stages``) and, typed, its input: :meth:`submit` hands
the editor's text to ``Conversation.respond``, the exchange the plain and spoken front
ends run, so every turn is stored the moment it is sent. With a model phrasing the
interviewer's lines the exchange (lint plus the model call, which can take seconds)
runs in a thread worker while the screen shows "thinking…" and stays usable; offline it
is instant and runs inline. The half-typed answer and the time used are stored every few
seconds and when leaving, and a continued session gets them back with its transcript and
last findings. Ctrl+E's correction (:class:`EditAnswerScreen`) re-lints the stored answer.
The app (:mod:`icraft.tui.interview_app`) owns the keys, the hand-off and the voice worker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from rich.markup import escape
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown, Static, TextArea

from icraft.modes.driver import Conversation, HandOff
from icraft.modes.plain import unjudged_followup
from icraft.tui.screens.edit_answer import EditAnswerScreen
from icraft.tui.widgets.findings import FindingsPane
from icraft.tui.widgets.listening import ListeningPanel
from icraft.tui.widgets.reading import ReadingPane
from icraft.tui.widgets.status import StatusLine
from icraft.tui.widgets.transcript import CANDIDATE, TranscriptPane, line_markup

if TYPE_CHECKING:
    from icraft.core.findings import AnswerResult
    from icraft.modes.base import Step
    from icraft.modes.runner import SessionRunner


class InterviewScreen(Screen[None]):
    def __init__(self, runner: SessionRunner, first: Step | None, *, clock: Callable[[], float], spoken: bool,
                 hand_off: HandOff, ready: Callable[[], None]) -> None:
        super().__init__()
        self.ready = ready  # called once mounted: the app starts the session
        self.conversation = Conversation(runner, self, hand_off=hand_off)
        self.runner = runner
        self.first = first
        self.clock = clock
        self.spoken = spoken  # the listening panel instead of the editor
        self.started = clock()
        self.asked_at = clock()
        self.finished = False
        self.thinking = False  # a worker is producing the interviewer's next line
        self._draft = ""  # the answer being typed, as last stored
        self._draft_at = clock()
        self._answer_widget: Static | None = None  # the transcript line of the last turn sent
        self.last_scored: tuple[int, Static] | None = None  # (answer index, its transcript line)
        self._lines: dict[int, Static] = {}  # a continued session's stored turns: turn id -> transcript line

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusLine(id="status")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield TranscriptPane(id="transcript")
                yield Static("", id="question")
                if self.spoken:
                    yield ListeningPanel(id="listen")
                else:
                    yield TextArea(id="answer", soft_wrap=True, show_line_numbers=False)
            yield FindingsPane(id="findings-pane")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#question", Static).border_title = "Question"
        self.query_one(TranscriptPane).border_title = "Transcript"
        self.query_one(FindingsPane).border_title = "Live findings"
        # A continued session: its time so far, its transcript up to this step, the last
        # answer's findings and the answer that was being typed.
        used_ms = max(self.runner.dialogue.elapsed_ms, int(self.runner.meta.get("clock_ms") or 0))
        self.started -= used_ms / 1000
        self._history()
        if not self._side_panel():
            self._last_findings()
        self._ticker = self.set_interval(1.0, self._tick)
        self._tick()
        if not self.spoken:
            editor = self.query_one("#answer", TextArea)
            editor.border_title = "Your answer (Ctrl+S to send)"
            editor.text = self._draft = str(self.runner.meta.get("draft") or "")
            editor.move_cursor(editor.document.end)
            editor.focus()
        self.ready()

    def open(self) -> None:
        """A typed session begins: its first step shown, or the greeting asked for (in a
        worker when a model phrases it: the screen first)."""
        if self.first is not None:
            self._show(self.first)
        elif self.uses_model:
            self._think(True)
            self.run_worker(self.conversation.open, thread=True, group="greeting", name="greeting")
        else:
            self.conversation.open()

    def _history(self) -> None:
        """Stored turns said before ``first`` (none for a new session)."""
        from icraft.core.transcript import INTERVIEWER
        from icraft.store import sessions as store

        rows = store.stored_turns(self.runner.conn, self.runner.session_id)
        shown_next = len(self.first.utterances) if self.first is not None else 0
        transcript = self.query_one(TranscriptPane)
        for r in rows[: len(rows) - shown_next]:
            self._lines[r.id] = transcript.add(self.runner.mode.speaker if r.speaker == INTERVIEWER else CANDIDATE,
                                               r.text)

    @property
    def uses_model(self) -> bool:
        """A model phrases the next line (until the fallback chain has reached offline)."""
        wording = getattr(self.runner.dialogue, "wording", None)
        return getattr(wording, "chain", None) is not None and not wording.offline  # type: ignore[union-attr]

    # -- updates -------------------------------------------------------------------------

    def _tick(self) -> None:
        self._keep_draft()
        self.query_one(StatusLine).clock(int(self.clock() - self.started),
                                         self.runner.mode.minutes(self.runner.meta.get("options", {})))

    def _think(self, on: bool) -> None:
        """The "thinking…" state while a worker waits for the model."""
        self.thinking = on
        self.app.refresh_bindings()
        if self.spoken:
            return
        editor = self.query_one("#answer", TextArea)
        if on:
            self.query_one(StatusLine).phase(f"[b]{self._phase_name()}[/b]  [i]thinking…[/i]")
            self.query_one("#question", Static).update("[i]The interviewer is thinking…[/i]")
            editor.border_title = "Your answer (you can type; Ctrl+S once the interviewer has replied)"
        else:
            editor.border_title = "Your answer (Ctrl+S to send)"

    def _phase_name(self) -> str:
        return self.runner.mode.phase_label(self.runner.dialogue)

    # -- the conversation driver's output port --------------------------------------------

    def heard(self, text: str) -> None:
        """The candidate's turn, in the transcript (a spoken silence is shown as such)."""
        text = text.strip()
        transcript = self.query_one(TranscriptPane)
        self._answer_widget = transcript.add(CANDIDATE, text) if text else None
        if not text and self.spoken:
            transcript.add(CANDIDATE, "(silence)")

    def show(self, step: Step) -> None:
        if self.thinking:
            self._think(False)
        self._show(step)

    def state(self, name: str) -> None:
        if self.spoken and not self.finished:
            self.query_one(ListeningPanel).state(name)

    def stages(self, timings: dict[str, Any]) -> None:
        from icraft.voice.pipeline import describe_timings

        if not self.finished:
            self.query_one(ListeningPanel).stages(describe_timings(timings))

    def _show(self, step: Step) -> None:
        self.asked_at = self.clock()
        transcript = self.query_one(TranscriptPane)
        for u in step.utterances:
            transcript.add(self.runner.mode.speaker, u.text)
        self.query_one(StatusLine).phase(f"[b]{self._phase_name()}[/b]")
        if step.utterances:
            self.query_one("#question", Static).update(escape(step.utterances[-1].text))
        if self._side_panel():
            pass
        elif step.result is not None and step.answer_index is not None:
            if self._answer_widget is not None:
                self.last_scored = (step.answer_index, self._answer_widget)
                self.app.refresh_bindings()
            self._findings(step.number or self.runner.answer_number(step.answer_index), step.result,
                           unjudged=unjudged_followup(step))
        if step.done:
            self._report()

    def _side_panel(self) -> bool:
        """The mode's own side pane (the negotiation's offer table), when it has one."""
        panel = self.runner.mode.side_panel(self.runner.dialogue)
        if panel is None:
            return False
        self.query_one(FindingsPane).show_panel(*panel)
        return True

    def _findings(self, number: int, result: AnswerResult, *, note: str = "", unjudged: bool = False) -> None:
        self.query_one(FindingsPane).show_result(number, result, note=note, unjudged=unjudged)

    def _last_findings(self) -> None:
        """A continued session: the last scored answer's findings, as they were shown, and
        that answer is the one Ctrl+E corrects (until a new one is scored)."""
        from icraft.interview import transcript_view as view

        scored = [tv for tv in view.session_turns(self.runner.conn, self.runner.session_id) if tv.score is not None]
        if scored:
            self.query_one(FindingsPane).show_stored(scored[-1])
            line = self._lines.get(scored[-1].turn_id)
            if line is not None and scored[-1].answer is not None:
                self.last_scored = (scored[-1].answer, line)
                self.app.refresh_bindings()

    def _report_markdown(self) -> str:
        mode = self.runner.mode
        rep = self.runner.report()
        return "" if rep is None or mode.render_markdown is None else mode.render_markdown(rep)

    def _report(self) -> None:
        self.finished = True
        self._ticker.stop()
        self.query_one("#main").remove()
        self.query_one("#status").remove()
        pane = ReadingPane(Markdown(self._report_markdown(), id="report"), id="report-pane")
        self.mount(pane, before=self.query_one(Footer))
        pane.border_title = "Report (arrows, PgDn, j/k, Space to scroll; / to find)"
        pane.focus()
        self.app.refresh_bindings()

    def _refresh_report(self) -> None:
        self.query_one("#report", Markdown).update(self._report_markdown())

    # -- the typed input -------------------------------------------------------------------

    def submit(self, text: str) -> bool:
        """Send a turn; False (and a bell) while the interviewer is still thinking."""
        if self.finished:
            return False
        if self.thinking:
            self.app.bell()
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

    def send(self) -> None:
        # Ctrl+S is the app's priority binding: it is seen before the editor has handled the
        # keys queued ahead of it (fast typing, a paste without bracketed paste). Reading
        # the text after the editor's queue is drained sends every key typed.
        editor = self.query_one("#answer", TextArea)
        editor.call_later(self.call_later, self._send_editor_text, editor)  # then on the screen's queue

    def _send_editor_text(self, editor: TextArea) -> None:
        if self.submit(editor.text):
            editor.text = self._draft = ""

    # -- what a continued session restores: the answer being typed and the time used ----------

    def _keep_draft(self, *, now: bool = False) -> None:
        """Store the answer being typed (at most every few seconds, and when leaving), so a
        pause, a crash or a closed terminal does not lose it."""
        if self.spoken or self.finished:
            return
        text = self.query_one("#answer", TextArea).text
        if text == self._draft or (not now and self.clock() - self._draft_at < 3):
            return
        self._draft, self._draft_at = text, self.clock()
        self.runner.keep(draft=text, clock_ms=self._used_ms())

    def keep_progress(self) -> None:
        """Leaving before the end: the answer being typed and the time used are stored."""
        if not self.finished:
            self._keep_draft(now=True)
            self.runner.keep(clock_ms=self._used_ms())

    def _used_ms(self) -> int:
        return int((self.clock() - self.started) * 1000)

    # -- correcting the last scored answer (Ctrl+E) ------------------------------------------

    def edit_answer(self) -> None:
        """Open the last scored answer in an editor; saving re-lints it (see _corrected)."""
        if self.last_scored is None:
            return
        from icraft.interview import transcript_view as view

        index, _ = self.last_scored
        turns = view.session_turns(self.runner.conn, self.runner.session_id)
        current = view.answer_turn(turns, index).text
        number = self.runner.answer_number(index)
        self.app.push_screen(EditAnswerScreen(number, current), lambda text: self._corrected(index, current, text))

    def _corrected(self, index: int, before: str, text: str | None) -> None:
        """Store the corrected text (``Turn.with_text``: untouched words keep their timings),
        re-lint it and show the new score. The session's course is not replayed."""
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
        self.last_scored[1].update(line_markup(CANDIDATE, tv.text))
        number = self.runner.answer_number(index)
        message = f"Answer {number} corrected."
        if result is not None:
            message = f"Answer {number} corrected; re-scored {old} → {result.score.overall}."
            if self.finished:
                self._refresh_report()
            else:
                self._findings(number, result, note=f" [dim](corrected; was {old})[/dim]")
        self.notify(message)
