"""The speech-to-text contract: one streaming interface for every recogniser.

A :class:`SpeechToText` opens one :class:`SttStream` per answer. The caller sends
16 kHz mono int16 frames as they are captured; the stream reports
:class:`SttResult`s (interim and final, with word timings and confidence) through
a callback while the candidate speaks, and ``finish()`` returns the whole answer
as a :class:`Transcription` whose tokens become a timed ``core.Turn``.

Recognisers drop filler words unless told not to; the delivery analysis needs
them, so every adapter asks to keep them (Deepgram ``filler_words``, Whisper a
filler-style prompt) and docs/VOICE.md records how many survive.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from icraft.core.errors import ProviderError
from icraft.core.transcript import CANDIDATE, TimedToken, Turn
from icraft.providers.base import Adapter, ProviderCallError, ProviderSpec, Secret

#: Whisper keeps the fillers it sees in its prompt's style.
FILLER_PROMPT = "Um, uh, so, like, you know, I mean... Hmm, well, uh, I think, um, we did it."


@dataclass(frozen=True)
class SttResult:
    """One recogniser message. ``tokens``/``text`` cover one segment; ``transcript`` is
    the whole answer so far (finals + this interim), what a live display shows."""

    text: str
    tokens: tuple[TimedToken, ...]
    is_final: bool
    transcript: str
    end_ms: int | None = None  # audio clock: the end of the audio this result covers
    speech_final: bool = False  # the recogniser heard the end of an utterance


@dataclass(frozen=True)
class Transcription:
    text: str
    tokens: tuple[TimedToken, ...]
    provider: str
    model: str
    audio_ms: int
    finish_ms: int  # wall time finish() took: the "STT final" latency after end of turn

    def turn(self, speaker: str = CANDIDATE) -> Turn:
        return Turn.from_tokens(speaker, self.tokens)


ResultCallback = Callable[[SttResult], None]


@dataclass
class SttOptions:
    model: str = field(default="", metadata={"help": "recogniser model (empty: the provider default)"})
    language: str = field(default="en", metadata={"help": "spoken language"})
    timeout: float = field(default=15.0, metadata={"help": "seconds to wait for the final transcript"})
    base_url: str = field(default="", metadata={"help": "API base URL (empty: the vendor's)"})


def join_tokens(tokens: tuple[TimedToken, ...] | list[TimedToken]) -> str:
    return " ".join(t.text.strip() for t in tokens if t.text.strip())


class SttStream:
    """One answer being transcribed. Subclasses implement ``_send`` and ``_finish``
    and call ``_emit`` for every result; this class keeps the finals in order."""

    def __init__(self, provider: SpeechToText, on_result: ResultCallback | None, offset_ms: int = 0) -> None:
        self.provider = provider
        self.on_result = on_result
        self.offset_ms = offset_ms  # added to every word time (audio clock of the answer)
        self.audio_bytes = 0
        self.finals: list[TimedToken] = []
        self.interim: tuple[TimedToken, ...] = ()
        self.partial_end_ms: int | None = None
        self.error: ProviderError | None = None
        self._lock = threading.Lock()
        self._closed = False

    @property
    def partial_text(self) -> str:
        with self._lock:
            return join_tokens([*self.finals, *self.interim])

    def send(self, pcm: bytes) -> None:
        if self._closed:
            raise RuntimeError("stream already finished")
        if self.error is not None:
            raise self.error
        self.audio_bytes += len(pcm)
        self._send(pcm)

    def hint_pause(self, speech_end_ms: int) -> None:
        """The VAD heard silence after ``speech_end_ms`` (audio clock, relative to the
        stream): recognisers that can, transcribe now so the final is ready early."""

    def finish(self, *, speech_end_ms: int | None = None) -> Transcription:
        """Flush, wait for the last final result and close. ``speech_end_ms`` lets a
        recogniser skip the trailing silence the end-of-turn budget waited through."""
        if self._closed:
            raise RuntimeError("stream already finished")
        started = time.monotonic()
        try:
            self._finish(speech_end_ms)
        finally:
            self._closed = True
        if self.error is not None:
            raise self.error
        tokens = tuple(self.finals)
        return Transcription(
            text=join_tokens(tokens), tokens=tokens, provider=self.provider.id, model=self.provider.model,
            audio_ms=self.audio_bytes * 1000 // 32000, finish_ms=int((time.monotonic() - started) * 1000),
        )

    def abort(self) -> None:
        """Drop the stream (barge-in on nothing, Ctrl-C): no final is waited for."""
        self._closed = True

    # -- for subclasses -----------------------------------------------------------------
    def _send(self, pcm: bytes) -> None:
        raise NotImplementedError

    def _finish(self, speech_end_ms: int | None) -> None:
        raise NotImplementedError

    def _emit(self, tokens: tuple[TimedToken, ...], *, is_final: bool, end_ms: int | None = None,
              speech_final: bool = False) -> None:
        with self._lock:
            if is_final:
                self.finals.extend(tokens)
                self.interim = ()
            else:
                self.interim = tokens
            if end_ms is not None:
                self.partial_end_ms = end_ms
            transcript = join_tokens([*self.finals, *self.interim])
        if self.on_result is not None:
            self.on_result(SttResult(join_tokens(tokens), tokens, is_final, transcript, end_ms, speech_final))

    def _fail(self, error: ProviderError) -> None:
        if self.error is None:
            self.error = error


class SpeechToText(Adapter):
    """Base of every STT adapter; ``open`` must not block on the network for long."""


    def open(self, on_result: ResultCallback | None = None, *, offset_ms: int = 0) -> SttStream:
        raise NotImplementedError

    def transcribe(self, pcm: bytes, *, chunk_ms: int = 20) -> Transcription:
        """A whole recording at once (no pacing): file input and tests."""
        stream = self.open()
        step = 32 * chunk_ms
        for off in range(0, len(pcm), step):
            stream.send(pcm[off: off + step])
        return stream.finish()


def call_error(provider: str, exc: BaseException, *, status: int | None = None) -> ProviderCallError:
    """A vendor/transport exception as the one-line error the fallback chain handles."""
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return ProviderCallError(f"{provider} failed: {detail[:200]}", "check the key and network with `icraft providers --check`",
                             status=status)


def seconds_to_ms(value: Any, offset_ms: int = 0) -> int | None:
    return None if value is None else int(round(float(value) * 1000)) + offset_ms
