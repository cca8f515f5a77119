"""OpenAI transcription (``whisper-1``, ``verbose_json`` with word timestamps) via the openai SDK.

The API is not streaming: the stream buffers the answer and ``finish`` uploads it
as one WAV (trailing silence trimmed). Whisper drops fillers unless its prompt is
full of them, so the filler-style prompt is always sent. ``whisper-1`` gives no
per-word confidence; tokens carry None.
"""

from __future__ import annotations

from typing import Any

from icraft.core.errors import ProviderError
from icraft.core.transcript import TimedToken
from icraft.providers.stt.base import FILLER_PROMPT, SpeechToText, SttStream, call_error, seconds_to_ms

PAD_MS = 300


class OpenAIStt(SpeechToText):
    def open(self, on_result=None, *, offset_ms: int = 0) -> SttStream:  # type: ignore[no-untyped-def]
        return _OpenAIStream(self, on_result, offset_ms)

    def _client(self) -> Any:
        import openai

        return openai.OpenAI(
            api_key=self._key.reveal() if self._key else None,
            base_url=self.options.base_url or None,
            timeout=self.options.timeout,
            max_retries=1,
        )

    def request(self, wav: bytes) -> Any:
        import openai

        try:
            return self._client().audio.transcriptions.create(
                model=self.model,
                file=("answer.wav", wav, "audio/wav"),
                response_format="verbose_json",
                timestamp_granularities=["word"],
                prompt=FILLER_PROMPT,
                language=self.options.language or openai.omit,
                temperature=0.0,
            )
        except openai.APIStatusError as e:
            raise call_error("openai", e, status=e.status_code) from None
        except openai.APIError as e:  # connection errors and timeouts
            raise call_error("openai", e) from None


class _OpenAIStream(SttStream):
    def __init__(self, provider: OpenAIStt, on_result: Any, offset_ms: int) -> None:
        super().__init__(provider, on_result, offset_ms)
        self._buf = bytearray()

    def _send(self, pcm: bytes) -> None:
        self._buf += pcm

    def _finish(self, speech_end_ms: int | None) -> None:
        from icraft.core.audio import wav_bytes

        pcm = bytes(self._buf)
        if speech_end_ms is not None:
            pcm = pcm[: (speech_end_ms + PAD_MS) * 32]
        if len(pcm) < 3200:  # under 0.1 s: nothing to transcribe (the API rejects it)
            return
        provider: OpenAIStt = self.provider  # type: ignore[assignment]
        try:
            result = provider.request(wav_bytes(pcm))
        except ProviderError as e:
            self._fail(e)
            return
        words = getattr(result, "words", None) or []
        tokens = tuple(
            TimedToken(w.word, seconds_to_ms(w.start, self.offset_ms), seconds_to_ms(w.end, self.offset_ms))
            for w in words
        )
        if not tokens and getattr(result, "text", ""):
            tokens = tuple(TimedToken(t) for t in result.text.split())
        self._emit(tokens, is_final=True, end_ms=self.offset_ms + len(pcm) // 32, speech_final=True)
