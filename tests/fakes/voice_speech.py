"""Speech fixtures made with espeak-ng, at test time: answers, fillers, thinking pauses.

``answer("So we chose Postgres because", 2000, "it had transactions.")`` is the 16 kHz
mono PCM of the spoken pieces joined by those milliseconds of room noise (white noise
at about -62 dBFS, so the VAD's adaptive floor has something real to track).
"""

from __future__ import annotations

import random
import shutil
import subprocess
from array import array
from functools import lru_cache
from pathlib import Path

from icraft.voice import SAMPLE_RATE
from icraft.voice.audio import read_wav, wav_bytes
from tests.requires import skip_unless

ESPEAK = shutil.which("espeak-ng")  # None when missing; tests skip through tests.requires


@lru_cache(maxsize=64)
def say(text: str, *, wpm: int = 165, voice: str = "en-us") -> bytes:
    """The words spoken by espeak-ng, as 16 kHz mono int16 PCM."""
    espeak = skip_unless("espeak-ng")
    out = subprocess.run([espeak, "-v", voice, "-s", str(wpm), "--stdout", text], capture_output=True, check=True)
    return read_wav(out.stdout)


def noise(ms: int, *, amplitude: int = 25, seed: int = 7) -> bytes:
    """Room noise: uniform white noise of +-amplitude (25 -> about -62 dBFS)."""
    rng = random.Random(seed + ms)
    return array("h", (rng.randint(-amplitude, amplitude) for _ in range(SAMPLE_RATE * ms // 1000))).tobytes()


def answer(*parts: str | int, lead_ms: int = 300, tail_ms: int = 3000) -> bytes:
    """Strings are spoken, ints are pauses in ms; noise before and after."""
    pcm = bytearray(noise(lead_ms))
    for part in parts:
        if isinstance(part, int):
            pcm += noise(part)
        else:
            speech = say(part)
            # espeak pads with digital silence; replace it by the same noise floor
            pcm += _mix_noise(speech)
    pcm += noise(tail_ms, seed=11)
    return bytes(pcm)


def _mix_noise(pcm: bytes) -> bytes:
    samples = array("h")
    samples.frombytes(pcm)
    n = noise(len(samples) * 1000 // SAMPLE_RATE + 1, seed=3)
    extra = array("h")
    extra.frombytes(n)
    return array("h", (max(-32768, min(32767, s + extra[i])) for i, s in enumerate(samples))).tobytes()


def write(path: Path, pcm: bytes) -> Path:
    path.write_bytes(wav_bytes(pcm))
    return path


def ms(pcm: bytes) -> int:
    return len(pcm) * 1000 // (2 * SAMPLE_RATE)
