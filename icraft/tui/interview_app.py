"""A practice session as a Textual app (the interview, and any mode registered in
:mod:`icraft.modes.registry`): the shell around :class:`InterviewScreen`.

The app owns what is app-wide: the keys (Ctrl+S send, Ctrl+R repeat, Ctrl+K skip,
Ctrl+E correct, Ctrl+Q or Ctrl+C pause, q quit at the end), the wiring of the
conversation driver's ports (the screen is the output and, typed, the input; spoken, the
:class:`VoiceWorker` runs the loop with the voice port), the hand-off that sends a
worker's database writes and widget updates to the UI thread with ``call_from_thread``,
the provider notices as toasts, and the lifecycle: start, pause, quit, and a failing
microphone or speech provider ending the app with the session paused
(:attr:`InterviewApp.voice_error`). :func:`build_app` is the one factory used by the
commands and by the tests; the clock is injectable so the timer and the recorded answer
times are testable.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any, Callable, Sequence

from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from icraft.tui.screens.interview import InterviewScreen
from icraft.tui.voice_worker import GROUP, Left, VoiceWorker
from icraft.tui.widgets.listening import ListeningPanel

if TYPE_CHECKING:
    from textual.widgets import Static

    from icraft.modes.base import Step
    from icraft.modes.runner import SessionRunner
    from icraft.voice.pipeline import VoiceSession


class InterviewApp(App[str]):
    """Returns "completed" when the session ended, "paused" when the user left it."""

    TITLE = "icraft interview"
    CSS_PATH = "interview.tcss"
    BINDINGS = [
        Binding("ctrl+s", "send", "Send", priority=True),
        Binding("ctrl+r", "say('can you repeat the question')", "Repeat", priority=True),
        Binding("ctrl+k", "say('skip')", "Skip", priority=True),
        # The same key where "skip" is a move that spends a turn (a negotiation's stall):
        # check_action enables one of the two, so the footer says what the key does.
        Binding("ctrl+k", "stall", "Stall (spends a turn)", priority=True),
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
        self.runner = runner
        self.notices = list(notices)
        self.voice_worker = VoiceWorker(voice) if voice is not None else None
        self.voice_error: BaseException | None = None  # a failure of the audio or speech providers
        self._ui_thread: int | None = None
        self.interview = InterviewScreen(runner, first, clock=clock, spoken=voice is not None,
                                         hand_off=self._hand_off, ready=self._begin)

    # -- what the screen knows, as the app's state ----------------------------------------------

    @property
    def finished(self) -> bool:
        return self.interview.finished

    @property
    def thinking(self) -> bool:
        return self.interview.thinking

    @property
    def uses_model(self) -> bool:
        return self.interview.uses_model

    @property
    def last_scored(self) -> tuple[int, Static] | None:
        return self.interview.last_scored

    # -- lifecycle ---------------------------------------------------------------------------

    def get_default_screen(self) -> InterviewScreen:
        return self.interview

    def on_mount(self) -> None:
        self._ui_thread = threading.get_ident()
        options = self.runner.meta.get("options", {})
        self.title = f"icraft {self.runner.mode.command or self.runner.mode.kind}"
        self.sub_title = str(options.get("type") or self.runner.mode.kind) + (
            " · voice" if self.voice_worker is not None else "")
        self.set_class(self.size.width < self.NARROW, "narrow")
        self.set_class(self.runner.mode.side_panel(self.runner.dialogue) is not None, "side-panel")

    def _begin(self) -> None:
        """The screen is mounted with what a continued session restores: the session starts."""
        chain = getattr(getattr(self.runner.dialogue, "wording", None), "chain", None)
        if chain is not None:  # a provider failing from now on is a toast, not a line on stderr
            chain.notify = self.provider_notice
        for message in self.notices:  # failures before the UI was up
            self.provider_notice(message, title="Before the interview started")
        if self.voice_worker is None:
            self.interview.open()
        else:
            self.voice_worker.start(self, self.interview.conversation, self.interview.first,
                                    self.interview.query_one(ListeningPanel), notify=self.provider_notice)

    def on_resize(self) -> None:
        self.set_class(self.size.width < self.NARROW, "narrow")

    def provider_notice(self, message: str, *, title: str = "Model provider") -> None:
        """A provider switch (the fallback chain's one-line notice) as a notification.
        Called from a worker thread too: ``App.notify`` is thread-safe."""
        self.notify(message, title=title, severity="warning", timeout=10)

    def _hand_off(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """The conversation's hand-off: database writes and widgets belong to the UI thread,
        so a worker's calls go there; once the user has left a spoken session, a worker's
        call raises :class:`Left` instead, so nothing more is stored."""
        if threading.get_ident() == self._ui_thread:
            return fn(*args, **kwargs)
        if self.voice_worker is not None and self.voice_worker.left:
            raise Left
        return self.call_from_thread(fn, *args, **kwargs)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failing voice worker pauses the session; any other worker's exception is a
        bug and ends the app with it (Textual's default)."""
        worker = event.worker
        if worker.group == GROUP and event.state is WorkerState.ERROR and self.voice_worker is not None \
                and not self.voice_worker.left:
            # The microphone or a speech provider failed: keep the session (paused) and
            # let the command print the one-line error after the UI is gone.
            self.voice_error = worker.error
            self._stop_voice()
            self.exit("completed" if self.finished else "paused")

    def _stop_voice(self) -> None:
        if self.voice_worker is not None:
            self.voice_worker.stop()

    # -- actions -------------------------------------------------------------------------------

    def action_send(self) -> None:
        self.interview.send()

    def action_say(self, text: str) -> None:
        self.interview.submit(text)

    def action_stall(self) -> None:
        self.interview.submit("skip")

    def action_edit_answer(self) -> None:
        self.interview.edit_answer()

    def action_leave(self) -> None:
        self.interview.keep_progress()
        self._stop_voice()
        self.exit("completed" if self.finished else "paused")

    def action_quit_done(self) -> None:
        self._stop_voice()
        self.exit("completed")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.screen is not self.interview and action in ("send", "say", "stall", "edit_answer", "quit_done"):
            return False  # the correction editor (or a search prompt) is open: its own keys apply
        if action == "quit_done":
            return self.finished
        stalls = self.runner.mode.skip_spends_turn
        if (action == "stall" and not stalls) or (action == "say" and parameters == ("skip",) and stalls):
            return False  # the other Ctrl+K binding is this mode's
        if action in ("send", "say", "stall"):  # spoken: say "skip" or "can you repeat that"
            return not self.finished and self.voice_worker is None
        if action == "edit_answer":  # shown dimmed until an answer is scored
            if self.runner.mode.side_panel(self.runner.dialogue) is not None:
                return False  # a mode with its own pane (the negotiation) replays its lines: no correcting one
            return None if self.last_scored is None or self.thinking else True
        return True


def build_app(
    runner: SessionRunner,
    first: Step | None,
    *,
    clock: Callable[[], float] = time.monotonic,
    notices: Sequence[str] = (),
    voice: VoiceSession | None = None,
) -> InterviewApp:
    return InterviewApp(runner, first, clock=clock, notices=notices, voice=voice)
