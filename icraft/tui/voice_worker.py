"""The spoken session's thread worker: the conversation driver's loop
(``Conversation.run``) with its voice input port (:class:`icraft.voice.dialogue.VoicePort`:
listening, end of turn, transcription, the reply spoken with barge-in), off the UI thread.

The audio threads report the input level and the partial transcript to the listening
panel (plain attribute writes it draws on a timer); every database write and widget
update goes to the UI thread through the conversation's hand-off. Leaving stops the
playback and releases the microphone, which ends the worker's read of the source; from
then on the app's hand-off raises :class:`Left`, so nothing more is stored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from textual.app import App
    from textual.worker import Worker

    from icraft.modes.base import Step
    from icraft.modes.driver import Conversation
    from icraft.tui.widgets.listening import ListeningPanel
    from icraft.voice.pipeline import VoiceSession

GROUP = "voice"  # the worker group the app watches for failures


class Left(Exception):
    """The user left the app while the voice worker was mid-turn."""


class VoiceWorker:
    def __init__(self, session: VoiceSession) -> None:
        self.session = session
        self.left = False  # the user has left: the hand-off raises Left

    def start(self, app: App[object], conversation: Conversation, first: Step | None, panel: ListeningPanel, *,
              notify: Callable[..., None]) -> Worker[None]:
        """Connect the session to ``panel`` (and its voice's failures to ``notify``) and run
        the loop in a thread worker of ``app``, which decides what a failure does."""
        session = self.session
        session.on_level = panel.set_level  # from the audio threads
        session.on_partial = panel.set_partial
        if hasattr(session.tts, "notify"):  # a failing voice is a toast, not a line on stderr under the UI
            session.tts.notify = lambda m: notify(m, title="Voice")
        panel.show_state("listening" if first is None else "speaking")
        return app.run_worker(lambda: self._loop(conversation, first), thread=True, group=GROUP, name="voice",
                              exit_on_error=False)

    def _loop(self, conversation: Conversation, first: Step | None) -> None:
        """The worker: greet, then listen, answer and speak until the session is done."""
        from icraft.voice.dialogue import VoicePort

        runner = conversation.runner
        try:
            # A continued session's "welcome back" is already stored; a new one's greeting may
            # be phrased by a model, off the main thread.
            step = first or runner.dialogue.start()
            if first is None:
                step = conversation.hand_off(runner.started, step)
            conversation.run(step, VoicePort(self.session))
        except Left:
            return

    def stop(self) -> None:
        """Leaving: nothing more is stored, playback stops and the microphone is released."""
        self.left = True
        self.session.sink.stop()
        close = getattr(self.session.source, "close", None)
        if close is not None:
            close()
