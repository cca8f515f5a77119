"""Which voice-activity detector the voice loop uses: Silero VAD, or the energy VAD.

``voice.vad`` (docs/VOICE.md) chooses:

- ``auto`` (default): Silero VAD when it can run, else the energy VAD;
- ``silero``: Silero VAD (falls back to the energy VAD, saying why, when it cannot run);
- ``energy``: the energy + zero-crossing VAD of :mod:`icraft.voice.endpoint`.

Silero VAD is a small neural network (v6, about 2 MB) that tells speech from hum,
music, clicks and noise, which an energy detector cannot: on the generated files of
``benchmarks/bench_vad.py`` the energy VAD calls a large share of the non-speech
frames speech. Its ONNX file ships inside the faster-whisper wheel
(``faster_whisper/assets/silero_vad_v6.onnx``, installed by ``icraft[local-stt]``)
and runs on onnxruntime, a faster-whisper dependency. It is read from the installed
package only: nothing is downloaded. onnxruntime and numpy are imported when the
first detector is made, never when this module is imported.

:func:`describe` says which backend is in use and why (``icraft doctor`` prints it);
:func:`make` returns a detector: a callable ``vad(frame: bytes) -> bool`` on 16 kHz
mono int16 frames of any length, with a ``level`` (0..1) for an input meter.
"""

from __future__ import annotations

import atexit
import importlib.util
import math
import threading
from pathlib import Path
from typing import Any, Protocol

BACKENDS = ("auto", "silero", "energy")
MODEL_FILE = "silero_vad_v6.onnx"
WINDOW = 512  # samples per model step at 16 kHz (32 ms)
CONTEXT = 64  # samples of the previous window the v6 model sees before each window
#: Speech starts when the probability reaches THRESHOLD and ends when it falls below
#: NEG_THRESHOLD (Silero's own hysteresis: 0.5 and 0.5 - 0.15).
THRESHOLD = 0.5
NEG_THRESHOLD = 0.35
#: Windows at the start of a stream that only settle the model's state: from a zero
#: state, a hum that is already there when listening starts reads as speech for about
#: 100 ms. 4 windows = 128 ms.
WARMUP = 4
SETUP_HINT = "`pip install 'icraft[local-stt]'` adds Silero VAD"  # faster-whisper: onnxruntime and the model


class Detector(Protocol):
    def __call__(self, frame: bytes) -> bool: ...

    @property
    def level(self) -> float: ...


# -- availability -----------------------------------------------------------------------
def model_path() -> Path | None:
    """The Silero ONNX file of the installed faster-whisper package, found without
    importing faster-whisper (that would load CTranslate2), or None."""
    try:
        spec = importlib.util.find_spec("faster_whisper")
    except (ImportError, ValueError):
        return None
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "assets" / MODEL_FILE
        if path.is_file():
            return path
    return None


def _onnxruntime_installed() -> bool:
    try:
        return importlib.util.find_spec("onnxruntime") is not None
    except (ImportError, ValueError):
        return False


def configured() -> str:
    from icraft import config

    return str(config.get("voice.vad"))


def _silero_problem() -> str | None:
    """Why Silero VAD cannot run here, or None."""
    if not _onnxruntime_installed():
        return "onnxruntime is not installed"
    if model_path() is None:
        return f"the Silero model ({MODEL_FILE}) is not installed (it comes with faster-whisper)"
    try:
        _session()
    except Exception as e:  # a damaged model file, an onnxruntime that cannot load it
        return f"the Silero model could not be loaded ({type(e).__name__}: {str(e).splitlines()[0][:120] if str(e) else ''})"
    return None


def describe(choice: str | None = None) -> tuple[str, str]:
    """(backend in use, why): ``("silero", "voice.vad = auto; Silero VAD v6 ...")``.

    ``choice`` defaults to the ``voice.vad`` setting. With ``auto`` or ``silero`` this
    loads the model once (a few hundred milliseconds) to be sure it runs."""
    choice = choice or configured()
    if choice == "energy":
        return "energy", "voice.vad = energy: the energy + zero-crossing VAD, as configured"
    problem = _silero_problem()
    if problem is None:
        return "silero", f"voice.vad = {choice}: Silero VAD v6 on onnxruntime, model {model_path()}"
    return "energy", f"voice.vad = {choice}, but {problem}: using the energy VAD"


def fallback_notice(choice: str | None = None) -> str | None:
    """The line to show when ``voice.vad = silero`` was asked for and cannot run (with
    ``auto`` the fallback is silent: ``icraft doctor`` shows it). Loads the model, so a
    voice interview calls it before it starts."""
    choice = choice or configured()
    if choice == "energy":
        return None
    backend, why = describe(choice)
    return f"{why} ({SETUP_HINT})" if choice == "silero" and backend != "silero" else None


def make(choice: str | None = None) -> Detector:
    """A fresh detector of the configured (or given) backend; the energy VAD when
    Silero cannot run."""
    from icraft.voice.endpoint import Vad

    choice = choice or configured()
    if choice != "energy" and _silero_problem() is None:
        return SileroVad()
    return Vad()


# -- Silero ---------------------------------------------------------------------------
_lock = threading.Lock()
_loaded: list[Any] = []
#: Held around every model step. At exit it is taken for good: a daemon thread (the
#: barge-in monitor) still inside onnxruntime when the interpreter shuts down aborts
#: the process ("terminate called without an active exception", exit 134); one waiting
#: on this lock is simply never resumed.
_running = threading.Lock()
atexit.register(_running.acquire)


def _session() -> Any:
    """The one onnxruntime session of the process (loaded on first use; ``run`` is
    thread-safe, and each detector keeps its own recurrent state)."""
    with _lock:
        if not _loaded:
            import onnxruntime

            path = model_path()
            if path is None:
                raise FileNotFoundError(MODEL_FILE)
            opts = onnxruntime.SessionOptions()
            opts.inter_op_num_threads = 1
            opts.intra_op_num_threads = 1
            opts.log_severity_level = 4
            _loaded.append(onnxruntime.InferenceSession(str(path), sess_options=opts,
                                                        providers=["CPUExecutionProvider"]))
        return _loaded[0]


class SileroVad:
    """Silero VAD v6, streamed: frames of any length are buffered into 512-sample
    windows (32 ms at 16 kHz), each window (with the previous 64 samples as context)
    gives a speech probability and the recurrent state carries over. A frame is voiced
    while the detector is in speech: it enters at ``threshold`` and leaves below
    ``neg_threshold`` (Silero's own defaults); the first ``WARMUP`` windows never
    enter. The verdict for a frame is that of the latest complete window,
    so it lags the audio by at most one window."""

    def __init__(self, *, threshold: float = THRESHOLD, neg_threshold: float = NEG_THRESHOLD) -> None:
        import numpy as np

        self._np = np
        self.session = _session()
        self.threshold = threshold
        self.neg_threshold = neg_threshold
        self._h = np.zeros((1, 1, 128), dtype=np.float32)
        self._c = np.zeros((1, 1, 128), dtype=np.float32)
        self._context = np.zeros(CONTEXT, dtype=np.float32)
        self._pending = np.zeros(0, dtype=np.float32)
        self.speaking = False
        self.windows = 0
        self.probability = 0.0
        self.last_db = -100.0

    def __call__(self, frame: bytes) -> bool:
        np = self._np
        samples = np.frombuffer(frame[: len(frame) - len(frame) % 2], dtype="<i2").astype(np.float32) / 32768.0
        if len(samples):
            power = float(np.dot(samples, samples)) / len(samples)
            self.last_db = max(10 * math.log10(power), -100.0) if power > 0 else -100.0
        pending = np.concatenate((self._pending, samples)) if len(self._pending) else samples
        offset = 0
        while len(pending) - offset >= WINDOW:
            window = pending[offset: offset + WINDOW]
            offset += WINDOW
            self._step(window)
        self._pending = pending[offset:].copy()
        return self.speaking

    def _step(self, window: Any) -> None:
        np = self._np
        x = np.concatenate((self._context, window))[None, :]
        with _running:
            out, self._h, self._c = self.session.run(None, {"input": x, "h": self._h, "c": self._c})
        self._context = window[-CONTEXT:]
        p = float(np.asarray(out).reshape(-1)[0])
        self.probability = p
        self.windows += 1
        if self.windows <= WARMUP:
            return
        if p >= self.threshold:
            self.speaking = True
        elif p < self.neg_threshold:
            self.speaking = False

    @property
    def level(self) -> float:
        from icraft.voice.endpoint import meter_level

        return meter_level(self.last_db)


__all__ = ["BACKENDS", "Detector", "SileroVad", "describe", "fallback_notice", "make", "model_path"]
