"""Voice: audio in/out, voice activity and end of turn, barge-in, the spoken-turn pipeline.

The whole voice loop works on one audio format so no stage converts twice:
16 kHz, mono, signed 16-bit little-endian PCM, in frames of :data:`FRAME_MS`.
Importing this package is cheap: numpy, sounddevice and pydub are imported inside
the functions that need them (a text-only interview never loads them).
"""

from __future__ import annotations

SAMPLE_RATE = 16_000
SAMPLE_WIDTH = 2  # bytes: int16
FRAME_MS = 20


def frame_bytes(frame_ms: int = FRAME_MS, rate: int = SAMPLE_RATE) -> int:
    """Bytes in one mono int16 frame of ``frame_ms`` at ``rate``."""
    return rate * frame_ms // 1000 * SAMPLE_WIDTH


def duration_ms(pcm: bytes, rate: int = SAMPLE_RATE) -> int:
    return len(pcm) * 1000 // (SAMPLE_WIDTH * rate)


__all__ = ["FRAME_MS", "SAMPLE_RATE", "SAMPLE_WIDTH", "duration_ms", "frame_bytes"]
