"""The one audio format icraft's voice loop and speech providers share: 16 kHz, mono,
signed 16-bit little-endian PCM in frames of :data:`FRAME_MS`, and the conversions
to and from it (WAV containers, resampling). Standard library only at import; numpy
is imported inside :func:`resample` when a rate or channel count has to change."""

from __future__ import annotations

import io
import wave

from icraft.core.errors import InputError

SAMPLE_RATE = 16_000
SAMPLE_WIDTH = 2  # bytes: int16
FRAME_MS = 20


def frame_bytes(frame_ms: int = FRAME_MS, rate: int = SAMPLE_RATE) -> int:
    """Bytes in one mono int16 frame of ``frame_ms`` at ``rate``."""
    return rate * frame_ms // 1000 * SAMPLE_WIDTH


def duration_ms(pcm: bytes, rate: int = SAMPLE_RATE) -> int:
    return len(pcm) * 1000 // (SAMPLE_WIDTH * rate)


def resample(pcm: bytes, src_rate: int, dst_rate: int = SAMPLE_RATE, channels: int = 1) -> bytes:
    """int16 PCM at ``src_rate`` (interleaved ``channels``) -> mono int16 at ``dst_rate``.

    Linear interpolation: plenty for speech recognition and VAD, and numpy-only."""
    if src_rate == dst_rate and channels == 1:
        return pcm
    import numpy as np

    data = np.frombuffer(pcm[: len(pcm) - len(pcm) % (2 * channels)], dtype="<i2")
    if channels > 1:
        data = data.reshape(-1, channels).mean(axis=1)
    if src_rate != dst_rate and len(data):
        n_out = int(round(len(data) * dst_rate / src_rate))
        x_old = np.arange(len(data), dtype=np.float64)
        x_new = np.linspace(0, len(data) - 1, n_out)
        data = np.interp(x_new, x_old, data)
    return np.clip(np.round(data), -32768, 32767).astype("<i2").tobytes()


def wav_bytes(pcm: bytes, rate: int = SAMPLE_RATE) -> bytes:
    """Wrap mono int16 PCM in a WAV container (uploads, --keep-audio, FileSink)."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(SAMPLE_WIDTH)
        w.setframerate(rate)
        w.writeframes(pcm)
    return buf.getvalue()


def read_wav(data: bytes | io.BufferedIOBase, rate: int = SAMPLE_RATE) -> bytes:
    """A WAV file (bytes or file object) -> mono int16 PCM at ``rate``."""
    src = io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else data
    with wave.open(src, "rb") as w:
        width, channels, src_rate = w.getsampwidth(), w.getnchannels(), w.getframerate()
        frames = w.readframes(w.getnframes())
    if width != SAMPLE_WIDTH:
        raise InputError(f"only 16-bit WAV is supported directly, this one is {8 * width}-bit",
                         "convert it with `sox in.wav -b 16 out.wav`")
    return resample(frames, src_rate, rate, channels)
