"""Deepgram live transcription over a WebSocket, through deepgram-sdk (v5+ ``listen.v1``).

Asks for ``filler_words`` (Deepgram drops "um"/"uh" by default), ``smart_format``,
``interim_results`` and word timings. Audio goes up as binary linear16 frames as it
is captured; a receiver thread turns ``Results`` messages into interim/final
results. ``finish`` sends ``CloseStream``: Deepgram then flushes the last finals,
sends ``Metadata`` and closes, so the final transcript is complete.
"""

from __future__ import annotations

import threading
from typing import Any

from icraft.core.transcript import TimedToken
from icraft.providers.base import ProviderCallError, ProviderUnavailable
from icraft.providers.stt.base import SpeechToText, SttStream, call_error, seconds_to_ms

API_URL = "https://api.deepgram.com"


def _environment(base_url: str) -> Any:
    from deepgram.environment import DeepgramClientEnvironment

    base = (base_url or API_URL).rstrip("/")
    ws = "ws" + base[4:] if base.startswith("http") else base
    return DeepgramClientEnvironment(base=base, production=ws, agent=ws, agent_rest=base)


def client(key: str, base_url: str, timeout: float) -> Any:
    from deepgram import DeepgramClient

    return DeepgramClient(api_key=key, environment=_environment(base_url), timeout=timeout)


class DeepgramStt(SpeechToText):
    def open(self, on_result=None, *, offset_ms: int = 0) -> SttStream:  # type: ignore[no-untyped-def]
        if self._key is None:
            raise ProviderUnavailable("no API key for deepgram", "run `icraft keys set deepgram`")
        return _DeepgramStream(self, on_result, offset_ms)


class _DeepgramStream(SttStream):
    def __init__(self, provider: DeepgramStt, on_result: Any, offset_ms: int) -> None:
        super().__init__(provider, on_result, offset_ms)
        from deepgram.core.api_error import ApiError
        from websockets.exceptions import InvalidHandshake

        opts = provider.options
        dg = client(provider._key.reveal(), opts.base_url, opts.timeout)  # type: ignore[union-attr]
        self._cm = dg.listen.v1.connect(
            model=provider.model,
            language=opts.language,
            encoding="linear16",
            sample_rate=16000,
            channels=1,
            interim_results=True,
            smart_format=True,
            punctuate=True,
            vad_events=True,
            request_options={"additional_query_parameters": {"filler_words": "true"}},
        )
        try:
            self._socket = self._cm.__enter__()
        except (ApiError, InvalidHandshake) as e:
            # The SDK wraps some handshake failures in ApiError; websockets >= 14 raises InvalidStatus.
            response = getattr(e, "response", None)
            status = getattr(e, "status_code", None) or getattr(response, "status_code", None)
            hint = "run `icraft keys set deepgram`" if status in (401, 403) else "check `icraft providers --check`"
            raise ProviderCallError(f"deepgram refused the connection (HTTP {status})", hint, status=status) from None
        except OSError as e:
            raise call_error("deepgram", e) from None
        self._receiver = threading.Thread(target=self._receive, name="deepgram-stt", daemon=True)
        self._receiver.start()

    def _send(self, pcm: bytes) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            self._socket.send_media(pcm)
        except ConnectionClosed as e:
            self._fail(call_error("deepgram", e))
            raise self.error from None  # type: ignore[misc]

    def _receive(self) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            for message in self._socket:
                self._handle(message)
        except ConnectionClosed as e:
            if e.rcvd is None or e.rcvd.code not in (1000, 1001):
                self._fail(call_error("deepgram", e))

    def _handle(self, message: Any) -> None:
        kind = getattr(message, "type", None)
        if kind == "Results":
            alt = message.channel.alternatives[0] if message.channel.alternatives else None
            words = (alt.words or []) if alt is not None else []
            tokens = tuple(
                TimedToken(
                    getattr(w, "punctuated_word", None) or w.word,
                    seconds_to_ms(w.start, self.offset_ms),
                    seconds_to_ms(w.end, self.offset_ms),
                    float(w.confidence),
                )
                for w in words
            )
            end_ms = seconds_to_ms(message.start + message.duration, self.offset_ms)
            self._emit(tokens, is_final=bool(message.is_final), end_ms=end_ms,
                       speech_final=bool(message.speech_final))
        elif kind == "Error":
            detail = getattr(message, "description", None) or getattr(message, "message", None) or "error"
            self._fail(ProviderCallError(f"deepgram error: {detail}"))

    def _finish(self, speech_end_ms: int | None) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            self._socket.send_close_stream()
        except ConnectionClosed:
            pass  # already closed by the server: what it sent is all there is
        self._receiver.join(self.provider.options.timeout)
        if self._receiver.is_alive():
            self._fail(ProviderCallError("deepgram did not send the final transcript in time"))
        self._cm.__exit__(None, None, None)

    def abort(self) -> None:
        super().abort()
        self._cm.__exit__(None, None, None)
