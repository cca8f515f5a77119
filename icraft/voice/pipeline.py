"""The spoken turn: listen -> end of turn -> final transcript -> reply -> speech, timed.

    session = VoiceSession(source, stt=get_stt(), tts=TtsChain(), sink=SpeakerSink())
    session.say("Tell me about a project you led.")        # interruptible (barge-in)
    turn = session.turn(respond)                            # one candidate answer + reply
    turn.answer      # core.Turn with word timings (fillers kept)
    turn.timings     # per-stage latencies, stored with the turn (turns.timings)

``respond(answer, emit)`` is the interviewer: it gets the candidate's timed
``Turn`` and returns the reply text, calling ``emit(delta)`` for streamed pieces
if it has them (an LLM's tokens); sentences are spoken as soon as they are
complete, so the first audio does not wait for the whole reply.

Threads: the caller's thread reads the audio source until the end of turn and
then runs ``respond`` (so it may use the caller's SQLite connection); a speaker
thread synthesises sentences into the sink while a monitor thread keeps reading
the source for barge-in (never at the same time as the caller's thread). Every
timestamp is ``time.monotonic()``; ``timings`` are milliseconds measured from the
end of speech (the wall time the last voiced frame arrived).
"""

from __future__ import annotations

import queue
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Protocol

from icraft.core.transcript import CANDIDATE, Turn
from icraft.voice import FRAME_MS
from icraft.voice.endpoint import BargeIn, EndOfTurn, TurnEnd

PAUSE_HINT_MS = 240  # silence after which the recogniser is asked to transcribe now (> local PAUSE_PAD_MS)
PREROLL_MS = 400  # audio before a barge-in kept for the next answer (its first syllable)

Emit = Callable[[str], None]
Respond = Callable[[Turn, Emit], str]


class Sink(Protocol):
    """Where the interviewer's voice goes: ``audio.SpeakerSink`` or ``audio.FileSink``."""

    def play(self, pcm: bytes, rate: int = ...) -> None: ...
    def stop(self) -> None: ...
    def wait(self, timeout: float | None = None) -> bool: ...
    @property
    def busy(self) -> bool: ...


@dataclass
class Heard:
    """One listened answer."""

    answer: Turn
    end: TurnEnd | None  # None: the source ended or nothing was said
    speech_end_at: float | None  # monotonic time the last voiced frame arrived
    decided_at: float | None
    final_at: float
    audio: bytes = b""  # only with keep_audio


@dataclass
class Spoken:
    text: str
    interrupted: bool = False
    first_token_at: float | None = None
    first_audio_at: float | None = None
    sentences: list[str] = field(default_factory=list)


@dataclass
class VoiceTurn:
    answer: Turn
    reply: str
    interrupted: bool  # the candidate barged in on the reply
    timings: dict[str, Any]
    audio_path: Path | None = None


def _ms(later: float | None, earlier: float | None) -> int | None:
    return None if later is None or earlier is None else int(round((later - earlier) * 1000))


class VoiceSession:
    """A voice interview's audio plumbing, shared across turns (one TTS chain: a
    provider that failed stays dropped)."""

    def __init__(self, source: Iterable[bytes], *, stt: Any, tts: Any, sink: Sink, endpoint: Callable[[], EndOfTurn]
                 | None = None, barge_in: bool = True, keep_audio: Path | None = None,
                 on_partial: Callable[[str], None] | None = None, on_level: Callable[[float], None] | None = None,
                 no_speech_ms: int = 30_000, max_answer_ms: int = 600_000) -> None:
        self.source = source
        self.frames: Iterator[bytes] = iter(source)
        self.stt = stt
        self.tts = tts
        self.sink = sink
        self.endpoint = endpoint or EndOfTurn.from_config
        self.barge_in = barge_in
        self.keep_audio = keep_audio
        self.on_partial = on_partial
        self.on_level = on_level
        self.no_speech_ms = no_speech_ms
        self.max_answer_ms = max_answer_ms
        self.exhausted = False  # the source has no more audio (end of file)
        self._pending: deque[bytes] = deque()  # frames heard during a barge-in, not yet listened to
        self._answers = 0

    # -- frames ----------------------------------------------------------------------------
    def _next_frame(self) -> bytes | None:
        if self._pending:
            return self._pending.popleft()
        if self.exhausted:
            return None
        try:
            return next(self.frames)
        except StopIteration:
            self.exhausted = True
            return None

    # -- listening -------------------------------------------------------------------------
    def listen(self) -> Heard:
        """Frames until the end-of-turn decision, then the final transcript."""
        eot = self.endpoint()
        stream = self.stt.open(on_result=lambda r: self._on_result(eot, r))
        keep = bytearray() if self.keep_audio is not None else None
        speech_end_at: float | None = None
        hinted_for = -1
        end: TurnEnd | None = None
        while True:
            frame = self._next_frame()
            if frame is None:
                break
            stream.send(frame)
            if keep is not None:
                keep += frame
            before = eot.speech_end_ms
            end = eot.feed(frame)
            if self.on_level is not None:
                self.on_level(eot.vad.level)
            if eot.speaking and eot.speech_end_ms != before:
                speech_end_at = time.monotonic()
            if end is not None:
                break
            if not eot.speaking and eot.position_ms >= self.no_speech_ms:
                break
            if eot.speaking and eot.position_ms - eot.speech_end_ms >= PAUSE_HINT_MS and hinted_for != eot.speech_end_ms:
                hinted_for = eot.speech_end_ms
                stream.hint_pause(eot.speech_end_ms)
            if eot.position_ms - (eot.speech_start_ms or 0) >= self.max_answer_ms:
                break
        decided_at = time.monotonic()
        if end is None and eot.speaking and speech_end_at is None:
            speech_end_at = decided_at
        if not eot.speaking:
            # Nobody spoke: transcribing room noise only invites a hallucinated "you".
            stream.abort()
            return Heard(Turn.from_text(CANDIDATE, ""), None, None, None, time.monotonic(), b"")
        result = stream.finish(speech_end_ms=eot.speech_end_ms)
        final_at = time.monotonic()
        return Heard(result.turn(CANDIDATE), end, speech_end_at, decided_at, final_at,
                     bytes(keep) if keep is not None else b"")

    def _on_result(self, eot: EndOfTurn, result: Any) -> None:
        eot.set_partial(result.transcript, result.end_ms)
        if self.on_partial is not None:
            self.on_partial(result.transcript)

    # -- speaking ----------------------------------------------------------------------------
    def say(self, text: str) -> Spoken:
        """Speak a fixed text (the first question), interruptible."""
        return self._speak(lambda emit: text)

    def _speak(self, produce: Callable[[Emit], str]) -> Spoken:
        from icraft.providers.tts.base import sentences

        spoken = Spoken(text="")
        deltas: queue.Queue[str | None] = queue.Queue()
        cancel = threading.Event()
        errors: list[BaseException] = []

        def emit(delta: str) -> None:
            if spoken.first_token_at is None and delta:
                spoken.first_token_at = time.monotonic()
            deltas.put(delta)

        def reply() -> None:
            streamed = [False]

            def tracking(delta: str) -> None:
                streamed[0] = True
                emit(delta)

            try:
                text = produce(tracking)
                spoken.text = text
                if not streamed[0]:
                    emit(text)
            except BaseException as e:  # Ctrl-C or a failing interviewer: stop talking, re-raise below
                errors.append(e)
                cancel.set()
                self.sink.stop()
            finally:
                deltas.put(None)

        def chunks() -> Iterator[str]:
            while (d := deltas.get()) is not None:
                yield d

        def speaker() -> None:
            try:
                for sentence in sentences(chunks()):
                    spoken.sentences.append(sentence)
                    for pcm, rate in self.tts.synthesize(sentence):
                        if cancel.is_set():
                            return
                        self.sink.play(pcm, rate)
                        if spoken.first_audio_at is None:
                            spoken.first_audio_at = time.monotonic()
                    if cancel.is_set():
                        return
            except BaseException as e:
                errors.append(e)

        # ``respond`` runs in the caller's thread (it may use a SQLite connection made there);
        # the speaker thread synthesises and plays, the monitor thread listens for barge-in.
        speaker_thread = threading.Thread(target=speaker, name="voice-speaker", daemon=True)
        speaker_thread.start()
        interrupted: list[bool] = []

        def monitor() -> None:
            try:
                interrupted.append(self._monitor(speaker_thread, cancel))
            except BaseException as e:  # the audio source failed: re-raised below
                errors.append(e)
                cancel.set()

        monitor_thread = threading.Thread(target=monitor, name="voice-barge-in", daemon=True)
        monitor_thread.start()
        reply()
        speaker_thread.join()
        monitor_thread.join()
        spoken.interrupted = bool(interrupted and interrupted[0])
        if not spoken.interrupted and not errors:
            self.sink.wait()
        if errors:
            raise errors[0]
        return spoken

    def _monitor(self, speaker: threading.Thread, cancel: threading.Event) -> bool:
        """Read the source while the reply is produced and played; True on barge-in.

        With nothing to hear (the interviewer shown, not spoken) there is nothing to
        interrupt: the source is left alone, so a microphone's frames wait in its queue and
        a recording waits where it is, instead of being read for as long as the reply takes
        to compute (wall time, not the audio's: where an answer started would vary)."""
        if not self.barge_in or self.tts.silent:
            speaker.join()
            return False
        from icraft.voice import vad

        detector = BargeIn(vad=vad.make())
        recent: deque[bytes] = deque(maxlen=max(1, PREROLL_MS // FRAME_MS))
        while speaker.is_alive() or self.sink.busy:
            frame = None if self.exhausted else self._next_frame()
            if frame is None:
                speaker.join()
                return False
            recent.append(frame)
            if detector.feed(frame):
                cancel.set()
                self.sink.stop()
                self._pending.extend(recent)  # the start of the candidate's answer
                return True
        return False

    # -- a whole turn ------------------------------------------------------------------------
    def turn(self, respond: Respond) -> VoiceTurn:
        heard = self.listen()
        self._answers += 1
        audio_path = None
        if self.keep_audio is not None and heard.audio and heard.answer.words:
            from icraft.paths import write_private
            from icraft.voice.audio import wav_bytes

            audio_path = self.keep_audio / f"answer-{self._answers:03d}.wav"
            write_private(audio_path, wav_bytes(heard.audio), own_folder=False)  # your voice: owner-only
        spoken = self._speak(lambda emit: respond(heard.answer, emit))
        t0 = heard.speech_end_at
        end = heard.end
        timings: dict[str, Any] = {
            "answer_ms": (end.speech_end_ms - end.speech_start_ms) if end else None,
            "end_of_speech_ms": end.speech_end_ms if end else None,  # audio clock, from listening start
            "silence_budget_ms": end.budget_ms if end else None,
            "end_of_turn_ms": _ms(heard.decided_at, t0),
            "stt_final_ms": _ms(heard.final_at, t0),
            "first_llm_token_ms": _ms(spoken.first_token_at, t0),
            "first_tts_audio_ms": _ms(spoken.first_audio_at, t0),
            "decision_to_audio_ms": _ms(spoken.first_audio_at, heard.decided_at),
            "stt": getattr(self.stt, "id", None),
            "tts": getattr(self.tts, "current", None),
            "interrupted": spoken.interrupted,
        }
        return VoiceTurn(heard.answer, spoken.text, spoken.interrupted, timings, audio_path)


STAGES = (  # (timings key, label): the order a spoken turn goes through them
    ("end_of_turn_ms", "end of turn"),
    ("stt_final_ms", "transcript"),
    ("first_llm_token_ms", "reply"),
    ("first_tts_audio_ms", "first audio"),
)


def listen_turns(source: Any, *, stt: Any = None, on_partial: Callable[[str], Any] | None = None) -> Iterator[Heard]:
    """Listen to an audio source turn by turn without replying (voice activity + end of
    turn + the configured speech-to-text, as the spoken interview does; `icraft cue` with
    audio): ``on_partial`` gets each interim text, and each turn's :class:`Heard` is
    yielded as the turn ends."""
    if stt is None:
        from icraft.providers.stt import get_stt

        stt = get_stt()
    session = VoiceSession(source, stt=stt, tts=None, sink=None, barge_in=False,  # type: ignore[arg-type]
                           on_partial=on_partial)
    while not session.exhausted:
        heard = session.listen()
        if heard.end is None and not heard.answer.text:
            if session.exhausted:
                break
            continue
        yield heard


def describe_timings(timings: dict[str, Any]) -> str:
    """One line of a turn's stage times, each measured from the end of speech:
    ``end of turn 640 ms · transcript 910 ms · reply 925 ms · first audio 1,020 ms``."""
    parts = [f"{label} {timings[key]:,} ms" for key, label in STAGES if isinstance(timings.get(key), int)]
    if timings.get("interrupted"):
        parts.append("interrupted")
    return " · ".join(parts) if parts else "no stage times (nothing was said)"


def run_voice_turn(session: VoiceSession, respond: Respond) -> VoiceTurn:
    """One candidate answer and the interviewer's spoken reply (see :class:`VoiceSession`)."""
    return session.turn(respond)


__all__ = ["Heard", "Respond", "Spoken", "VoiceSession", "VoiceTurn", "describe_timings", "run_voice_turn"]
