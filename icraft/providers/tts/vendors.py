"""Cloud voices: OpenAI (``audio.speech`` through the openai SDK), Deepgram Aura
(``speak.v1.audio.generate`` through deepgram-sdk) and ElevenLabs (its REST
streaming endpoint through httpx: its SDK adds nothing for one POST).

All three are asked for raw 16-bit PCM so audio can be played as bytes arrive,
without decoding: OpenAI ``pcm`` (24 kHz), Deepgram ``linear16``/``container=none``
(16 kHz), ElevenLabs ``pcm_16000``.
"""

from __future__ import annotations

from typing import Any, Iterator

from icraft.providers.stt.base import call_error
from icraft.providers.tts.base import TextToSpeech

CHUNK = 3200  # bytes per yielded chunk (~100 ms at 16 kHz)


def _even_chunks(raw: Iterator[bytes]) -> Iterator[bytes]:
    """Re-chunk a byte stream on sample boundaries (HTTP chunks can split a sample)."""
    carry = b""
    for piece in raw:
        data = carry + piece
        cut = len(data) - len(data) % 2
        carry = data[cut:]
        if cut:
            yield data[:cut]


class OpenAITts(TextToSpeech):
    sample_rate = 24_000

    def synthesize(self, text: str) -> Iterator[bytes]:
        import openai

        client = openai.OpenAI(api_key=self._key.reveal() if self._key else None,
                               base_url=self.options.base_url or None, timeout=self.options.timeout, max_retries=0)
        try:
            with client.audio.speech.with_streaming_response.create(
                model=self.model, voice=self.options.voice or "alloy", input=text, response_format="pcm",
            ) as response:
                yield from _even_chunks(response.iter_bytes(CHUNK))
        except openai.APIStatusError as e:
            raise call_error("openai", e, status=e.status_code) from None
        except openai.APIError as e:
            raise call_error("openai", e) from None


class DeepgramTts(TextToSpeech):
    sample_rate = 16_000

    def synthesize(self, text: str) -> Iterator[bytes]:
        import httpx
        from deepgram.core.api_error import ApiError

        from icraft.providers.stt.deepgram import client

        dg = client(self._key.reveal() if self._key else "", self.options.base_url, self.options.timeout)
        try:
            yield from _even_chunks(dg.speak.v1.audio.generate(
                text=text, model=self.model, encoding="linear16", container="none", sample_rate=self.sample_rate,
                request_options={"max_retries": 0, "chunk_size": CHUNK},
            ))
        except ApiError as e:
            raise call_error("deepgram", _api_detail(e), status=e.status_code) from None
        except httpx.HTTPError as e:
            raise call_error("deepgram", e) from None


def _api_detail(e: Any) -> Exception:
    body = getattr(e, "body", None)
    detail = body.get("err_msg") or body.get("message") if isinstance(body, dict) else body
    return RuntimeError(f"HTTP {getattr(e, 'status_code', '?')}: {detail or 'error'}")


class ElevenLabsTts(TextToSpeech):
    sample_rate = 16_000
    API_URL = "https://api.elevenlabs.io"
    DEFAULT_VOICE = "21m00Tcm4TlvDq8ikWAM"  # "Rachel", a premade voice every account has

    def synthesize(self, text: str) -> Iterator[bytes]:
        import httpx

        base = (self.options.base_url or self.API_URL).rstrip("/")
        voice = self.options.voice or self.DEFAULT_VOICE
        url = f"{base}/v1/text-to-speech/{voice}/stream"
        headers = {"xi-api-key": self._key.reveal() if self._key else "", "accept": "audio/pcm"}
        body = {"text": text, "model_id": self.model}
        try:
            with httpx.stream("POST", url, params={"output_format": "pcm_16000"}, headers=headers, json=body,
                              timeout=self.options.timeout) as response:
                if response.status_code >= 400:
                    response.read()
                    raise call_error("elevenlabs", RuntimeError(f"HTTP {response.status_code}: "
                                                                f"{_eleven_detail(response)}"),
                                     status=response.status_code)
                yield from _even_chunks(response.iter_bytes(CHUNK))
        except httpx.HTTPError as e:
            raise call_error("elevenlabs", e) from None


def _eleven_detail(response: Any) -> str:
    try:
        detail = response.json().get("detail")
    except ValueError:
        return response.text[:120]
    if isinstance(detail, dict):
        return str(detail.get("message") or detail.get("status") or detail)
    return str(detail)
