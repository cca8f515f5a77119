"""The spoken interview: the interview runner driven by voice (``icraft interview --voice``
or ``--audio-in answers.wav``).

The interviewer's lines are printed (as in ``--plain``) and spoken; each answer is
listened to until the end-of-turn decision, transcribed with word timings (so the
delivery rules measure real pace, pauses and fillers), submitted to the runner,
and the per-stage timings are stored with the candidate's turn (``turns.timings``).
The end of an audio file ends the interview early, like the end of piped input.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from icraft.modes.base import Step
from icraft.modes.driver import Conversation
from icraft.modes.plain import TextOutput
from icraft.modes.runner import SessionRunner
from icraft.voice.pipeline import VoiceSession

if TYPE_CHECKING:  # pragma: no cover
    from icraft.core.transcript import Turn


def open_session(*, audio_in: Path | None, audio_out: Path | None, keep_audio: Path | None,
                 notify: Any = None) -> tuple[VoiceSession, Any]:
    """The configured recogniser, voice chain, source and sink; returns (session, sink).

    Without speakers (and no --audio-out) the interviewer is shown, not spoken."""
    from icraft.core.errors import DependencyError
    from icraft.providers.stt import get_stt
    from icraft.providers.tts import TtsChain
    from icraft.voice.audio import FileSink, SpeakerSink, open_source

    stt = get_stt()
    # Load a local model (or fail on a missing dependency) before the interview starts.
    probe = stt.open()
    probe.abort()
    from icraft.voice import vad

    notice = vad.fallback_notice()  # and the voice-activity model, loaded now
    if notice and notify:
        notify(notice)
    source = open_source(audio_in)
    start = getattr(source, "start", None)
    if start is not None:
        start()  # a missing PortAudio, no or a busy microphone: fail before the interview starts
    tts = TtsChain(notify=notify)
    sink: Any
    if audio_out is not None:
        sink = FileSink(audio_out, speed=1.0)
    else:
        try:
            sink = SpeakerSink()
        except DependencyError as e:
            if notify:
                notify(f"{e.message}: the interviewer's words are shown, not spoken")
            tts = TtsChain(["none"], notify=notify)
            sink = FileSink(speed=0)
    return VoiceSession(source, stt=stt, tts=tts, sink=sink, keep_audio=keep_audio), sink


class LiveLine:
    """One terminal line, redrawn in place: an input level meter and the partial
    transcript while the candidate speaks (terminals only; cleared before output)."""

    def __init__(self, out: TextIO) -> None:
        import threading

        self.out = out
        self.level = 0.0
        self.text = ""
        self._drawn = 0.0
        self._lock = threading.Lock()

    def partial(self, text: str) -> None:
        self.text = text
        self.draw(force=True)

    def meter(self, level: float) -> None:
        self.level = level
        self.draw()

    def draw(self, *, force: bool = False) -> None:
        import shutil
        import time

        now = time.monotonic()
        if not force and now - self._drawn < 0.1:  # 10 redraws a second are plenty
            return
        self._drawn = now
        width = shutil.get_terminal_size().columns
        bar = ("#" * round(self.level * 10)).ljust(10)
        room = max(width - 16, 10)
        text = self.text if len(self.text) <= room else "..." + self.text[-(room - 3):]
        with self._lock:
            self.out.write(f"\r  [{bar}] {text}\x1b[K")
            self.out.flush()

    def clear(self) -> None:
        with self._lock:
            self.out.write("\r\x1b[K")
            self.out.flush()


class VoicePort:
    """The spoken input port of the conversation driver: listens until the end-of-turn
    decision, hands the transcribed answer (with word timings) to the conversation and
    speaks the reply, with barge-in; the end of an audio file ends the session early,
    like the end of piped input. ``live`` is the terminal's live line, if any."""

    def __init__(self, session: VoiceSession, live: LiveLine | None = None) -> None:
        self.session = session
        self.live = live

    def opening(self, conversation: Conversation, step: Step) -> None:
        conversation.state("speaking")
        self.session.say(step.said)

    def exchange(self, conversation: Conversation) -> Step:
        session = self.session
        outcome: dict[str, Step] = {}
        conversation.state("listening")

        def respond(answer: Turn, emit: Any) -> str:
            if self.live is not None:
                self.live.clear()
            if not answer.words and session.exhausted:  # the recording ended: close like end of input
                conversation.state("ended")
                outcome["step"] = conversation.respond(None)
            else:
                outcome["step"] = conversation.respond(answer, elapsed_ms=answer.duration_ms)
                conversation.state("speaking")
            return outcome["step"].said

        voice_turn = session.turn(respond)
        conversation.timed(voice_turn.timings)
        step = outcome["step"]
        if session.exhausted and not step.done:
            conversation.state("ended")
            step = conversation.respond(None)
        return step


def run(runner: SessionRunner, first: Step, *, session: VoiceSession, out: TextIO,
        show_findings: bool = True) -> Step:
    """Talk until the session is done or the audio ends; returns the last step."""
    live = LiveLine(out) if out.isatty() else None
    if live is not None:
        session.on_partial, session.on_level = live.partial, live.meter
    output = TextOutput(out, speaker=runner.mode.speaker, show_findings=show_findings, echo=True, silence="(silence)")
    return Conversation(runner, output).run(first, VoicePort(session, live))


def release(session: VoiceSession, sink: Any) -> None:
    """Release the audio devices: the speaker, and the microphone (or recording)."""
    sink.close()
    close = getattr(session.source, "close", None)
    if close is not None:
        close()


__all__ = ["VoicePort", "open_session", "release", "run"]
