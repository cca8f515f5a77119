"""Labelled audio for voice-activity tests and ``benchmarks/bench_vad.py``, built in code.

Every clip is 16 kHz mono int16 PCM with one label per 20 ms frame (True: speech),
known from how the clip was made: the speech frames are where the *clean* espeak-ng
track has energy (over -50 dBFS; gaps inside a phrase shorter than 100 ms, the
closures of stop consonants, count as speech), before any noise is mixed in. Hum,
music, clicks and noise bursts are synthesised with numpy from fixed seeds, so every
run hears the same samples. Nothing is downloaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from icraft.voice import FRAME_MS, SAMPLE_RATE
from tests.fakes.voice_speech import say

FRAME = SAMPLE_RATE * FRAME_MS // 1000  # samples per frame
SPEECH_DB = -50.0  # a clean-track frame over this is speech
BRIDGE_MS = 100  # shorter gaps inside speech are speech (stop closures)


@dataclass(frozen=True)
class Clip:
    name: str
    pcm: bytes
    labels: tuple[bool, ...]  # one per FRAME_MS frame

    @property
    def seconds(self) -> float:
        return len(self.pcm) / 2 / SAMPLE_RATE


def _np() -> Any:
    import numpy as np

    return np


def _samples(ms: int) -> int:
    return SAMPLE_RATE * ms // 1000


def _db(x: Any) -> float:
    np = _np()
    p = float(np.mean(np.square(x, dtype=np.float64))) if len(x) else 0.0
    return 10 * np.log10(p) if p > 0 else -120.0


def _to_pcm(x: Any) -> bytes:
    np = _np()
    return np.clip(np.round(x * 32768.0), -32768, 32767).astype("<i2").tobytes()


def _frames(x: Any) -> list[Any]:
    return [x[i: i + FRAME] for i in range(0, len(x) - FRAME + 1, FRAME)]


def labels_from_clean(clean: Any) -> tuple[bool, ...]:
    """Speech frames of a clean speech track (the module docstring's definition)."""
    raw = [_db(f) > SPEECH_DB for f in _frames(clean)]
    out = list(raw)
    bridge = BRIDGE_MS // FRAME_MS
    i = 0
    while i < len(raw):
        if not raw[i]:
            j = i
            while j < len(raw) and not raw[j]:
                j += 1
            if 0 < i and j < len(raw) and j - i < bridge:
                out[i:j] = [True] * (j - i)
            i = j
        else:
            i += 1
    return tuple(out)


# -- sounds (float arrays, -1..1) --------------------------------------------------------
def room(ms: int, seed: int, db: float = -62.0) -> Any:
    """Quiet white room noise at ``db`` dBFS."""
    np = _np()
    rng = np.random.default_rng(seed)
    return rng.standard_normal(_samples(ms)) * 10 ** (db / 20)


def white(n: int, seed: int) -> Any:
    np = _np()
    return np.random.default_rng(seed).standard_normal(n)


def pink(n: int, seed: int) -> Any:
    """1/f noise: white noise shaped in the frequency domain, unit RMS."""
    np = _np()
    spectrum = np.fft.rfft(np.random.default_rng(seed).standard_normal(n))
    f = np.arange(len(spectrum), dtype=np.float64)
    f[0] = 1.0
    x = np.fft.irfft(spectrum / np.sqrt(f), n)
    return x / np.sqrt(np.mean(x * x))


def at_db(x: Any, db: float) -> Any:
    np = _np()
    rms = np.sqrt(np.mean(x * x))
    return x * (10 ** (db / 20) / rms) if rms > 0 else x


def hum(ms: int, base_hz: float, db: float = -25.0) -> Any:
    """Mains hum: the fundamental and its harmonics up to 1 kHz, falling 1/k."""
    np = _np()
    t = np.arange(_samples(ms)) / SAMPLE_RATE
    x = sum(np.sin(2 * np.pi * base_hz * k * t + 0.3 * k) / k for k in range(1, int(1000 // base_hz) + 1))
    return at_db(x, db)


def _note(hz: float, ms: int, *, kind: str = "piano") -> Any:
    np = _np()
    t = np.arange(_samples(ms)) / SAMPLE_RATE
    if kind == "piano":  # additive partials with a fast decay
        x = sum(np.sin(2 * np.pi * hz * k * t) * (0.6 ** (k - 1)) for k in range(1, 7)) * np.exp(-3.0 * t)
    elif kind == "organ":  # steady partials
        x = sum(np.sin(2 * np.pi * hz * k * t) / k for k in (1, 2, 3, 4, 6, 8))
    else:  # "lead": a sawtooth with vibrato
        phase = 2 * np.pi * np.cumsum(hz * (1 + 0.01 * np.sin(2 * np.pi * 5.5 * t))) / SAMPLE_RATE
        x = sum(np.sin(k * phase) / k for k in range(1, 16))
    attack = min(len(t), _samples(15))
    env = np.ones(len(t))
    env[:attack] = np.linspace(0, 1, attack)
    release = min(len(t), _samples(30))
    env[len(t) - release:] *= np.linspace(1, 0, release)
    return x * env


def _midi(n: int) -> float:
    return 440.0 * 2 ** ((n - 69) / 12)


def chords(ms_each: int = 1000, kind: str = "piano", db: float = -20.0) -> Any:
    """I-vi-IV-V in C, four notes each."""
    np = _np()
    progression = ((48, 60, 64, 67), (45, 57, 60, 64), (41, 57, 60, 65), (43, 55, 59, 62))
    parts = [sum(_note(_midi(n), ms_each, kind=kind) for n in chord) for chord in progression * 2]
    return at_db(np.concatenate(parts), db)


def melody(kind: str = "lead", db: float = -20.0) -> Any:
    """A tune of short and long notes over a bass (a little music under a podcast)."""
    np = _np()
    tune = ((72, 250), (74, 250), (76, 500), (79, 250), (77, 250), (76, 500), (74, 250), (72, 250), (71, 500),
            (72, 750), (67, 250), (69, 250), (71, 250), (72, 1000))
    lead = np.concatenate([_note(_midi(n), d, kind=kind) for n, d in tune])
    bass = np.concatenate([_note(_midi(n), 1000, kind="organ") for n in (36, 41, 43, 36, 41, 43)])[: len(lead)]
    bass = np.pad(bass, (0, len(lead) - len(bass)))
    return at_db(lead + 0.5 * bass, db)


def clicks(ms: int, seed: int, *, every_ms: int = 350, db: float = -10.0) -> Any:
    """Keyboard and mouse clicks: 3-8 ms decaying noise bursts at irregular times, over room noise."""
    np = _np()
    rng = np.random.default_rng(seed)
    x = room(ms, seed)
    pos = _samples(200)
    while pos < len(x) - _samples(20):
        n = _samples(int(rng.integers(3, 9)))
        burst = rng.standard_normal(n) * np.exp(-np.arange(n) / (n / 4)) * 10 ** (db / 20)
        x[pos: pos + n] += burst
        pos += _samples(int(rng.integers(every_ms // 3, every_ms * 2)))
    return x


def bursts(ms: int, seed: int, *, colour: str = "white", db: float = -25.0) -> Any:
    """Noise bursts of 150-900 ms (a door, a fan switched on, a passing car) between room noise."""
    np = _np()
    rng = np.random.default_rng(seed)
    x = room(ms, seed)
    pos = _samples(300)
    while pos < len(x):
        n = min(_samples(int(rng.integers(150, 900))), len(x) - pos)
        noise = (white if colour == "white" else pink)(n, int(rng.integers(1 << 30)))
        ramp = min(n // 2, _samples(10))
        env = np.ones(n)
        if ramp:
            env[:ramp] = np.linspace(0, 1, ramp)
            env[n - ramp:] = np.linspace(1, 0, ramp)
        x[pos: pos + n] += at_db(noise, db) * env
        pos += n + _samples(int(rng.integers(200, 800)))
    return x


# -- clips -----------------------------------------------------------------------------
ANSWERS = (
    ("I led the migration of our billing system to Postgres.", "en-us", 165),
    ("The hardest part was the cut over, so we ran both systems for a week.", "en-gb", 150),
    ("Latency dropped by forty percent and the team kept the new process.", "en-us", 185),
    ("Um, I think the main risk was the data migration window.", "en-us", 140),
)


def _speech_track(answers: tuple[tuple[str, str, int], ...], gap_ms: int = 900) -> Any:
    """Clean speech: the sentences with ``gap_ms`` of digital silence around each."""
    np = _np()
    parts = [np.zeros(_samples(gap_ms))]
    for text, voice, wpm in answers:
        pcm = say(text, voice=voice, wpm=wpm)
        parts.append(np.frombuffer(pcm, dtype="<i2").astype(np.float64) / 32768.0)
        parts.append(np.zeros(_samples(gap_ms)))
    return np.concatenate(parts)


def _speech_clip(name: str, answers: tuple[tuple[str, str, int], ...], background: Callable[[int], Any] | None,
                 snr_db: float | None = None) -> Clip:
    np = _np()
    clean = _speech_track(answers)
    labels = labels_from_clean(clean)
    bg = background(len(clean)) if background else np.zeros(len(clean))
    if snr_db is not None:  # noise level from the speech frames' power
        speech = np.concatenate([f for f, s in zip(_frames(clean), labels) if s])
        bg = at_db(bg, _db(speech) - snr_db)
    mix = clean + bg + room(len(clean) * 1000 // SAMPLE_RATE + 1, 5)[: len(clean)]
    return Clip(name, _to_pcm(mix), labels)


def _noise_clip(name: str, x: Any) -> Clip:
    x = x + room(len(x) * 1000 // SAMPLE_RATE + 1, 9)[: len(x)]
    return Clip(name, _to_pcm(x), (False,) * (len(x) // FRAME))


def speech_clips(small: bool = False) -> list[Clip]:
    """espeak-ng answers clean (over room noise) and mixed with noise, hum and music."""
    answers = ANSWERS[:2] if small else ANSWERS
    clips = [_speech_clip("speech", answers, None)]
    clips.append(_speech_clip("speech+white 10dB", answers, lambda n: white(n, 21), 10.0))
    if small:
        return clips
    clips.append(_speech_clip("speech+pink 10dB", answers, lambda n: pink(n, 22), 10.0))
    clips.append(_speech_clip("speech+hum50 10dB", answers, lambda n: hum(n * 1000 // SAMPLE_RATE + 1, 50)[:n], 10.0))
    return clips


def noise_clips(small: bool = False) -> list[Clip]:
    """Files with no speech at all."""
    clips = [
        _noise_clip("hum 100 Hz", hum(6000, 100)),
        _noise_clip("music: chords", chords()),
        _noise_clip("clicks", clicks(6000, 31)),
        _noise_clip("white bursts", bursts(8000, 41)),
    ]
    if small:
        return clips
    return clips + [
        _noise_clip("hum 50 Hz", hum(10000, 50)),
        _noise_clip("music: organ", chords(kind="organ")),
        _noise_clip("music: melody", melody()),
        _noise_clip("pink bursts", bursts(8000, 42, colour="pink")),
        _noise_clip("pure tone 440 Hz", at_db(_sine(440.0, 6000), -12.0)),
    ]


def _sine(hz: float, ms: int) -> Any:
    np = _np()
    return np.sin(2 * np.pi * hz * np.arange(_samples(ms)) / SAMPLE_RATE)


# -- scoring -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Rates:
    speech: int  # speech frames
    found: int  # speech frames called speech
    other: int  # non-speech frames
    false: int  # non-speech frames called speech

    @property
    def found_rate(self) -> float | None:
        return self.found / self.speech if self.speech else None

    @property
    def false_rate(self) -> float | None:
        return self.false / self.other if self.other else None

    def __add__(self, o: Rates) -> Rates:
        return Rates(self.speech + o.speech, self.found + o.found, self.other + o.other, self.false + o.false)


COLLAR = 2  # frames either side of a label change that are not scored (40 ms: onsets are not sample-exact)


def score(clip: Clip, make: Callable[[], Callable[[bytes], bool]]) -> Rates:
    """Run a fresh detector over the clip's frames and count against its labels; the
    ``COLLAR`` frames around each speech boundary are not counted."""
    vad = make()
    step = 2 * FRAME
    verdicts = [vad(clip.pcm[i: i + step]) for i in range(0, len(clip.pcm) - step + 1, step)]
    n = min(len(verdicts), len(clip.labels))
    edge = [any(clip.labels[j] != clip.labels[i] for j in range(max(0, i - COLLAR), min(n, i + COLLAR + 1)))
            for i in range(n)]
    speech = found = other = false = 0
    for i in range(n):
        if edge[i]:
            continue
        if clip.labels[i]:
            speech += 1
            found += verdicts[i]
        else:
            other += 1
            false += verdicts[i]
    return Rates(speech, found, other, false)
