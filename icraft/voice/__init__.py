"""Voice: audio in/out, voice activity and end of turn, barge-in, the spoken-turn pipeline.

The whole voice loop works on one audio format so no stage converts twice:
16 kHz, mono, signed 16-bit little-endian PCM, in frames of :data:`FRAME_MS`.
Importing this package is cheap: numpy, sounddevice and pydub are imported inside
the functions that need them (a text-only interview never loads them).
"""

from __future__ import annotations

from icraft.core.audio import FRAME_MS, SAMPLE_RATE, SAMPLE_WIDTH, duration_ms, frame_bytes

__all__ = ["FRAME_MS", "SAMPLE_RATE", "SAMPLE_WIDTH", "duration_ms", "frame_bytes"]
