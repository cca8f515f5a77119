"""Wire formats of the vendors' audio HTTP endpoints, for tests/fakes/server.FakeServer.

- OpenAI ``POST /v1/audio/speech`` -> raw audio bytes (``response_format=pcm``: 24 kHz int16);
  ``POST /v1/audio/transcriptions`` (multipart) -> ``verbose_json`` with ``words``.
- ElevenLabs ``POST /v1/text-to-speech/{voice_id}/stream?output_format=pcm_16000`` -> PCM;
  errors as ``{"detail": {"status": ..., "message": ...}}``.
- Deepgram ``POST /v1/speak?model=...&encoding=linear16&container=none`` -> PCM;
  errors as ``{"err_code": ..., "err_msg": ..., "request_id": ...}``.
"""

from __future__ import annotations

import re
from typing import Any

from .server import Reply


def pcm_reply(pcm: bytes, content_type: str = "audio/pcm", **kw: Any) -> Reply:
    return Reply(body=pcm, content_type=content_type, **kw)


def openai_transcription(words: list[tuple[str, float, float]], *, duration: float | None = None) -> Reply:
    text = " ".join(w for w, _, _ in words)
    end = duration if duration is not None else (words[-1][2] if words else 0.0)
    return Reply.json({
        "task": "transcribe", "language": "english", "duration": end, "text": text,
        "words": [{"word": w, "start": s, "end": e} for w, s, e in words],
        "segments": [{"id": 0, "seek": 0, "start": 0.0, "end": end, "text": text, "tokens": [50364],
                      "temperature": 0.0, "avg_logprob": -0.2, "compression_ratio": 1.2, "no_speech_prob": 0.01}],
        "usage": {"type": "duration", "seconds": int(end) + 1},
    })


def elevenlabs_error(status: int, message: str = "Invalid API key", code: str = "invalid_api_key") -> Reply:
    return Reply.json({"detail": {"status": code, "message": message}}, status)


def deepgram_error(status: int, message: str = "Invalid credentials.", code: str = "INVALID_AUTH") -> Reply:
    return Reply.json({"err_code": code, "err_msg": message, "request_id": "req-1"}, status)


def multipart_fields(body: bytes, content_type: str) -> dict[str, bytes]:
    """The parts of a multipart/form-data body (what the SDK uploaded), by field name."""
    boundary = re.search(r"boundary=([^;]+)", content_type).group(1).strip('"').encode()  # type: ignore[union-attr]
    out: dict[str, bytes] = {}
    for part in body.split(b"--" + boundary):
        head, sep, data = part.partition(b"\r\n\r\n")
        m = re.search(rb'name="([^"]+)"', head)
        if sep and m:
            name = m.group(1).decode()
            value = data[:-2] if data.endswith(b"\r\n") else data
            out[name] = value if name not in out else out[name] + b"," + value
    return out
