"""Audio in and out: file and microphone sources, file and speaker sinks, devices.

Every source yields 16 kHz mono int16 frames (``FRAME_MS`` long, bytes) so the
voice-activity detector, the speech recognisers and the benchmarks see one format.
A :class:`FileSource` plays a recording at real-time pace (``speed=1``), faster
(``speed=4``) or as fast as possible (``speed=0``): tests, benchmarks and
``icraft interview --audio-in answer.wav`` use it instead of a microphone.

PortAudio is a native library that may be missing, and a machine may have no
microphone or a busy one: all of these become one :class:`DependencyError` with
the install hint and a pointer to text mode, never a traceback.

Audio is kept in memory only; nothing is written to disk unless a caller asks
(``--keep-audio`` or a :class:`FileSink` with a path).
"""

from __future__ import annotations

import queue
import threading
import time
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from icraft.core.audio import read_wav, resample, wav_bytes  # noqa: F401 (part of this module's interface)
from icraft.core.errors import DependencyError, InputError, NotFoundError
from icraft.voice import FRAME_MS, SAMPLE_RATE, SAMPLE_WIDTH, frame_bytes

INSTALL_HINT = (
    "install PortAudio (`apt-get install libportaudio2` or `brew install portaudio`), "
    "or practise in text mode with `icraft interview --plain`"
)


# The first four bytes of a WAV file (little-endian, big-endian, 64-bit sizes).
WAV_MAGIC = (b"RIFF", b"RIFX", b"RF64")


def load_audio(path: str | Path, rate: int = SAMPLE_RATE) -> bytes:
    """Read WAV (stdlib) or FLAC/MP3/OGG/M4A (pydub + ffmpeg) as mono int16 PCM at ``rate``.

    A WAV the standard library cannot read (WAVE_FORMAT_EXTENSIBLE as sox and many
    recorders write it, 24-bit or float samples) is decoded by ffmpeg like the others."""
    p = Path(path)
    if not p.is_file():
        raise NotFoundError(f"audio file not found: {p}")
    with p.open("rb") as f:
        head = f.read(4)
    if not head:
        raise InputError(f"{p} is empty: there is no audio in it", "give a WAV, FLAC or MP3 recording")
    if p.suffix.lower() == ".wav":
        if head not in WAV_MAGIC:  # not a WAV container at all: no decoder would read it
            raise InputError(f"{p} is not audio: it has no WAV header", "give a WAV, FLAC or MP3 recording")
        try:
            with p.open("rb") as f:
                return read_wav(f, rate)
        except (wave.Error, EOFError, InputError) as e:
            reason = (e.message if isinstance(e, InputError) else str(e)) or "empty or cut short"
            # A valid WAV the stdlib does not decode (24-bit, float, extensible) needs ffmpeg;
            # a broken one (cut short, no data chunk) is bad input whether ffmpeg is there or not.
            valid = isinstance(e, InputError) or str(e).startswith("unknown format")
            try:
                return _decode(p, rate)
            except (InputError, DependencyError) as decode_error:
                if valid and isinstance(decode_error, DependencyError):
                    raise
                raise InputError(f"{p} is not a readable WAV file ({reason})",
                                 "convert it with `sox in.wav -b 16 -e signed out.wav`") from None
    return _decode(p, rate)


def _decode(p: Path, rate: int) -> bytes:
    """Any format ffmpeg reads, through pydub. pydub's own warnings (no ffmpeg found) are
    silenced: a missing ffmpeg is reported once, as icraft's one-line error."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            from pydub import AudioSegment
            from pydub.exceptions import CouldntDecodeError
        except ImportError:  # pragma: no cover - pydub is a core dependency
            raise DependencyError("pydub is needed to read non-WAV audio", "pip install pydub") from None
        try:
            seg = AudioSegment.from_file(str(p))
        except CouldntDecodeError:
            raise InputError(f"cannot decode {p}", "is it audio? ffmpeg must be installed to read FLAC/MP3") from None
        except FileNotFoundError:
            raise DependencyError("ffmpeg is needed to read FLAC/MP3 audio",
                                  "`apt-get install ffmpeg` / `brew install ffmpeg`, or convert to WAV") from None
    seg = seg.set_channels(1).set_sample_width(SAMPLE_WIDTH).set_frame_rate(rate)
    return bytes(seg.raw_data)


# -- sources ---------------------------------------------------------------------------
class FileSource:
    """Frames of a recording, paced like a microphone.

    ``speed`` 1.0 is real time, 4.0 four times faster, 0 as fast as possible.
    ``position_ms`` is the audio clock: the end of the last frame handed out.
    """

    def __init__(self, path: str | Path | None = None, *, pcm: bytes | None = None,
                 frame_ms: int = FRAME_MS, speed: float = 1.0) -> None:
        if (path is None) == (pcm is None):
            raise ValueError("give a path or pcm")
        self.name = str(path) if path is not None else "<memory>"
        self.pcm = load_audio(path) if path is not None else pcm or b""
        self.frame_ms = frame_ms
        self.speed = speed
        self.position_ms = 0
        self._closed = False

    def __iter__(self) -> Iterator[bytes]:
        step = frame_bytes(self.frame_ms)
        started = time.monotonic()
        for i, off in enumerate(range(0, len(self.pcm) - step + 1, step)):
            if self._closed:
                return
            if self.speed > 0:  # wait until this frame would have been captured
                due = started + (i + 1) * self.frame_ms / 1000 / self.speed
                delay = due - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            self.position_ms = (i + 1) * self.frame_ms
            yield self.pcm[off: off + step]

    def close(self) -> None:
        self._closed = True


def _sounddevice() -> Any:
    """Import sounddevice, turning a missing PortAudio into the one clear error."""
    try:
        import sounddevice
    except OSError as e:  # sounddevice raises OSError when libportaudio is missing
        raise DependencyError(f"audio is unavailable: {e}", INSTALL_HINT) from None
    except ImportError:
        raise DependencyError("audio is unavailable: the sounddevice package is not installed",
                              "pip install sounddevice; or practise in text mode with `icraft interview --plain`"
                              ) from None
    return sounddevice


@dataclass(frozen=True)
class Device:
    index: int
    name: str
    inputs: int
    outputs: int
    default_rate: float
    default_input: bool = False
    default_output: bool = False
    hostapi: str = ""

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return asdict(self)


def list_devices() -> list[Device]:
    """Every PortAudio device (may be empty on a machine without audio hardware)."""
    sd = _sounddevice()
    try:
        raw = sd.query_devices()
        apis = sd.query_hostapis()
        default_in, default_out = sd.default.device
    except sd.PortAudioError as e:
        raise DependencyError(f"cannot list audio devices: {e}", INSTALL_HINT) from None
    return [
        Device(
            index=int(d["index"]) if "index" in d else i,
            name=str(d["name"]),
            inputs=int(d["max_input_channels"]),
            outputs=int(d["max_output_channels"]),
            default_rate=float(d["default_samplerate"]),
            default_input=i == default_in,
            default_output=i == default_out,
            hostapi=str(apis[d["hostapi"]]["name"]) if apis else "",
        )
        for i, d in enumerate(raw)
    ]


def find_device(name: str | None, kind: str = "input") -> int | None:
    """The index of the device whose name contains ``name`` (case-insensitive).

    None/"" means the system default (None is returned; PortAudio picks it), but
    only after checking that a default device of that kind exists."""
    devices = list_devices()
    usable = [d for d in devices if (d.inputs if kind == "input" else d.outputs) > 0]
    if not usable:
        raise DependencyError(
            f"no audio {kind} device found" + (" (no microphone)" if kind == "input" else ""),
            "connect one and check `icraft devices`; "
            + ("or practise in text mode with `icraft interview --plain`" if kind == "input"
               else "or run without speech: `icraft config set tts.provider none`"),
        )
    if not name:
        return None
    if name.isdigit() and any(d.index == int(name) for d in usable):
        return int(name)
    matches = [d for d in usable if name.lower() in d.name.lower()]
    exact = [d for d in matches if d.name.lower() == name.lower()]
    if exact or len(matches) == 1:
        return (exact or matches)[0].index
    names = ", ".join(f"{d.index}: {d.name}" for d in usable)
    if matches:
        raise InputError(f"audio {kind} device name {name!r} is ambiguous", f"matches several; choose one of: {names}")
    raise NotFoundError(f"no audio {kind} device named {name!r}", f"available: {names}")


class MicSource:
    """The microphone through PortAudio, as 16 kHz mono int16 frames.

    Frames come from PortAudio's callback thread through a queue; ``position_ms``
    counts captured audio, so end-of-turn decisions use the audio clock like files do.
    """

    def __init__(self, device: str | None = None, *, frame_ms: int = FRAME_MS) -> None:
        self.frame_ms = frame_ms
        self.device = device
        self.position_ms = 0
        self._queue: queue.Queue[bytes | None] = queue.Queue()
        self._stream: Any = None

    def start(self) -> None:
        """Open the device now (errors surface here, before an interview starts)."""
        if self._stream is not None:
            return
        sd = _sounddevice()
        index = find_device(self.device, "input")

        def callback(indata: Any, frames: int, time_info: Any, status: Any) -> None:
            self._queue.put(bytes(indata))

        try:
            self._stream = sd.RawInputStream(
                samplerate=SAMPLE_RATE, channels=1, dtype="int16", device=index,
                blocksize=SAMPLE_RATE * self.frame_ms // 1000, callback=callback,
            )
            self._stream.start()
        except sd.PortAudioError as e:
            raise DependencyError(f"cannot open the microphone: {e}",
                                  "is another program using it? see `icraft devices`, or practise in text "
                                  "mode with `icraft interview --plain`") from None

    def __iter__(self) -> Iterator[bytes]:
        self.start()
        while True:
            chunk = self._queue.get()
            if chunk is None:
                return
            self.position_ms += self.frame_ms
            yield chunk

    def close(self) -> None:
        if self._stream is not None:
            self._stream.stop()
            self._stream.close()
            self._stream = None
        self._queue.put(None)


def open_source(audio_in: str | Path | None, *, device: str | None = None, speed: float = 1.0) -> FileSource | MicSource:
    """``--audio-in FILE`` gives a FileSource; otherwise the (configured) microphone."""
    if audio_in:
        return FileSource(audio_in, speed=speed)
    if device is None:
        from icraft import config

        device = config.get("voice.input_device") or None
    return MicSource(device)


# -- sinks -----------------------------------------------------------------------------
class _ThreadedSink:
    """Playback in a background thread, in short chunks, so ``stop()`` cuts it within
    one chunk (barge-in). Subclasses implement ``_emit(chunk)``, which blocks for the
    chunk's duration like a real device does."""

    chunk_ms = 20

    def __init__(self, rate: int = SAMPLE_RATE) -> None:
        self.rate = rate
        self.played = bytearray()  # what was actually "heard"
        self.first_audio_at: float | None = None  # time.monotonic() of the first chunk played
        self.stopped = False  # stop() was called (barge-in)
        self._queue: queue.Queue[bytes | None] = queue.Queue()
        self._pending = 0  # chunks queued and not yet played
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        self._thread = threading.Thread(target=self._run, name=type(self).__name__, daemon=True)
        self._thread.start()

    def play(self, pcm: bytes, rate: int = SAMPLE_RATE) -> None:
        """Queue mono int16 audio (at ``rate``); returns at once."""
        if rate != self.rate:
            pcm = resample(pcm, rate, self.rate)
        step = self.rate * self.chunk_ms // 1000 * SAMPLE_WIDTH
        with self._lock:
            self.stopped = False
            for off in range(0, len(pcm), step):
                self._pending += 1
                self._idle.clear()
                self._queue.put(pcm[off: off + step])

    @property
    def busy(self) -> bool:
        return not self._idle.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until everything queued has played (True) or the timeout passed."""
        return self._idle.wait(timeout)

    def stop(self) -> None:
        """Drop whatever is queued; the chunk playing now is the last one heard."""
        with self._lock:
            self.stopped = True
            while True:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is not None:
                    self._pending -= 1
            if self._pending <= 0:
                self._pending = 0
                self._idle.set()

    def _run(self) -> None:
        while True:
            chunk = self._queue.get()
            if chunk is None:
                return
            if self.first_audio_at is None:
                self.first_audio_at = time.monotonic()
            self._emit(chunk)
            with self._lock:
                self.played += chunk
                self._pending -= 1
                if self._pending <= 0:
                    self._pending = 0
                    self._idle.set()

    def _emit(self, chunk: bytes) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.stop()
        self._queue.put(None)
        self._thread.join(timeout=2)


class FileSink(_ThreadedSink):
    """Plays into memory (and a WAV file at close, when given a path) at ``speed`` x
    real time; ``speed=0`` returns at once. Tests and benchmarks use it as speakers."""

    def __init__(self, path: str | Path | None = None, *, rate: int = SAMPLE_RATE, speed: float = 1.0) -> None:
        self.path = Path(path) if path else None
        self.speed = speed
        super().__init__(rate)

    def _emit(self, chunk: bytes) -> None:
        if self.speed > 0:
            time.sleep(len(chunk) / (SAMPLE_WIDTH * self.rate) / self.speed)

    def close(self) -> None:
        super().close()
        if self.path is not None:
            self.path.write_bytes(wav_bytes(bytes(self.played), self.rate))


class SpeakerSink(_ThreadedSink):
    """The default (or named) output device through PortAudio."""

    def __init__(self, device: str | None = None, *, rate: int = SAMPLE_RATE) -> None:
        sd = _sounddevice()
        index = find_device(device, "output")
        try:
            self._stream = sd.RawOutputStream(samplerate=rate, channels=1, dtype="int16", device=index)
            self._stream.start()
        except sd.PortAudioError as e:
            raise DependencyError(f"cannot open the audio output: {e}",
                                  "see `icraft devices`, or run without speech: "
                                  "`icraft config set tts.provider none`") from None
        super().__init__(rate)

    def _emit(self, chunk: bytes) -> None:
        self._stream.write(chunk)

    def close(self) -> None:
        super().close()
        self._stream.stop()
        self._stream.close()


__all__ = [
    "INSTALL_HINT",
    "Device",
    "FileSink",
    "FileSource",
    "MicSource",
    "SpeakerSink",
    "find_device",
    "list_devices",
    "load_audio",
    "open_source",
    "read_wav",
    "resample",
    "wav_bytes",
]
