"""A stand-in ``sounddevice`` module (PortAudio binding) for tests without audio hardware.

``install(dir, ...)`` writes ``sounddevice.py`` into ``dir``; put ``dir`` first on
``sys.path`` (in-process) or PYTHONPATH (a subprocess running the real CLI) and
icraft's real device code runs against it: listing, choosing by name, a missing
PortAudio library, a busy microphone, and a microphone delivering frames.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

BUILT_IN_MIC = {"name": "Built-in Microphone", "hostapi": 0, "max_input_channels": 1,
                "max_output_channels": 0, "default_samplerate": 48000.0}
USB_HEADSET = {"name": "USB Headset Mic", "hostapi": 0, "max_input_channels": 1,
               "max_output_channels": 2, "default_samplerate": 16000.0}
SPEAKERS = {"name": "Built-in Output", "hostapi": 0, "max_input_channels": 0,
            "max_output_channels": 2, "default_samplerate": 48000.0}

_TEMPLATE = '''
"""Fake sounddevice written by tests/fakes/voice_sounddevice.py."""
import json, threading, time
MISSING = {missing!r}
if MISSING:
    raise OSError("PortAudio library not found")
_DEVICES = json.loads({devices!r})
BUSY = {busy!r}
FRAMES = {frames!r}  # frames of 320 int16 samples the fake microphone delivers

class PortAudioError(Exception):
    pass

class _Default:
    device = {default!r}
default = _Default()

def query_devices(device=None, kind=None):
    return [dict(d, index=i) for i, d in enumerate(_DEVICES)]

def query_hostapis():
    return [{{"name": "ALSA"}}]

class RawInputStream:
    def __init__(self, samplerate, channels, dtype, device=None, blocksize=0, callback=None):
        if BUSY:
            raise PortAudioError("Error opening RawInputStream: Device unavailable [PaErrorCode -9985]")
        self.callback, self.blocksize, self.device = callback, blocksize, device
        self._thread = None
        self.active = False

    def start(self):
        self.active = True
        def run():
            for i in range(FRAMES):
                if not self.active:
                    return
                value = 3000 if (i // 10) % 2 == 0 else 0
                samples = (value if j % 2 else -value for j in range(self.blocksize))
                data = b"".join(int(s).to_bytes(2, "little", signed=True) for s in samples)
                self.callback(memoryview(data), self.blocksize, None, None)
        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()

    def stop(self):
        self.active = False

    def close(self):
        pass

class RawOutputStream:
    written = []
    def __init__(self, samplerate, channels, dtype, device=None):
        if BUSY:
            raise PortAudioError("Error opening RawOutputStream: Device unavailable")
    def start(self):
        pass
    def write(self, data):
        RawOutputStream.written.append(bytes(data))
        time.sleep(len(data) / 32000)
    def stop(self):
        pass
    def close(self):
        pass
'''


def install(directory: Path, *, devices: list[dict[str, Any]] | None = None, missing: bool = False,
            busy: bool = False, frames: int = 50, default: tuple[int, int] = (0, 2)) -> Path:
    devs = [BUILT_IN_MIC, USB_HEADSET, SPEAKERS] if devices is None else devices
    source = _TEMPLATE.format(missing=missing, devices=json.dumps(devs), busy=busy, frames=frames,
                              default=list(default))
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "sounddevice.py"
    path.write_text(source)
    return path
