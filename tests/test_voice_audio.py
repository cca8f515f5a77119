"""Audio in/out: files at real-time pace, devices through a fake PortAudio, sinks, `icraft devices`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import wave
from pathlib import Path

import pytest

from icraft.core.errors import DependencyError, ExitCode, InputError, NotFoundError
from icraft.voice import SAMPLE_RATE, duration_ms, frame_bytes
from icraft.voice import audio
from tests.fakes import voice_sounddevice
from tests.fakes.voice_speech import answer, say, write
from tests.requires import needs_espeak, needs_ffmpeg, needs_sox


@pytest.fixture
def fake_sd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Install a fake sounddevice module (configurable) for in-process tests."""

    def make(**kw):
        d = tmp_path / "fake_sd"
        voice_sounddevice.install(d, **kw)
        monkeypatch.syspath_prepend(str(d))
        monkeypatch.delitem(sys.modules, "sounddevice", raising=False)
        return d

    yield make
    sys.modules.pop("sounddevice", None)


# -- files ---------------------------------------------------------------------------------
@needs_espeak
def test_wav_from_espeak_is_resampled_to_16k_mono(tmp_path: Path) -> None:
    raw = tmp_path / "raw.wav"
    subprocess.run(["espeak-ng", "-w", str(raw), "Tell me about a project."], check=True)
    with wave.open(str(raw)) as w:
        native_ms = w.getnframes() * 1000 // w.getframerate()
        assert w.getframerate() == 22050
    pcm = audio.load_audio(raw)
    assert abs(duration_ms(pcm) - native_ms) <= 2
    assert len(pcm) % 2 == 0


@needs_espeak
@needs_ffmpeg
@pytest.mark.parametrize("suffix", [".flac", ".mp3"])
def test_flac_and_mp3_decode_through_ffmpeg(tmp_path: Path, suffix: str) -> None:
    wav = write(tmp_path / "a.wav", say("We shipped it on time."))
    out = tmp_path / f"a{suffix}"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", str(wav), str(out)], check=True)
    pcm = audio.load_audio(out)
    # mp3 adds encoder padding; the length is the same within a few frames
    assert abs(duration_ms(pcm) - duration_ms(say("We shipped it on time."))) < 80


def test_missing_audio_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="audio file not found"):
        audio.load_audio(tmp_path / "nope.wav")


@needs_ffmpeg  # a WAV the standard library cannot read goes to ffmpeg before it is called bad
def test_bad_audio_files_are_clear_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match=r"empty.wav is empty: there is no audio in it"):
        audio.load_audio(empty)
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"this is not a wav file")
    with pytest.raises(InputError, match="junk.wav is not audio: it has no WAV header"):
        audio.load_audio(junk)
    cut = tmp_path / "cut.wav"
    cut.write_bytes(b"RIFF\x00\x00")
    with pytest.raises(InputError, match=r"not a readable WAV file \(empty or cut short\)"):
        audio.load_audio(cut)
    junk_mp3 = tmp_path / "junk.mp3"
    junk_mp3.write_bytes(b"\x00" * 100)
    with pytest.raises(InputError, match="cannot decode"):
        audio.load_audio(junk_mp3)


def test_8bit_wav_is_decoded_by_ffmpeg(tmp_path: Path) -> None:
    p = tmp_path / "8bit.wav"
    with wave.open(str(p), "wb") as w:
        w.setnchannels(1), w.setsampwidth(1), w.setframerate(8000)
        w.writeframes(b"\x80" * 800)  # 100 ms of silence
    assert abs(duration_ms(audio.load_audio(p)) - 100) <= 1


@needs_sox
@needs_ffmpeg  # the standard library refuses these WAVs: they are decoded by ffmpeg
@pytest.mark.parametrize("sox_args", [["-b", "24"], ["-e", "floating-point", "-b", "32"], ["-c", "2", "-b", "24"]])
def test_wavs_the_stdlib_cannot_read_still_load(tmp_path: Path, sox_args: list[str]) -> None:
    """sox writes WAVE_FORMAT_EXTENSIBLE for these (Python 3.11's wave module refuses it)."""
    src = write(tmp_path / "a.wav", say("We shipped it on time."))
    out = tmp_path / "b.wav"
    subprocess.run(["sox", str(src), *sox_args, str(out)], check=True)
    with pytest.raises((wave.Error, InputError)):
        audio.read_wav(out.read_bytes())  # the standard library alone cannot
    pcm = audio.load_audio(out)
    assert abs(duration_ms(pcm) - duration_ms(say("We shipped it on time."))) < 20


def test_stereo_48k_becomes_mono_16k() -> None:
    from array import array

    left = array("h", [1000] * 4800)
    right = array("h", [3000] * 4800)
    stereo = array("h", (v for pair in zip(left, right) for v in pair)).tobytes()
    mono = audio.resample(stereo, 48000, 16000, channels=2)
    samples = array("h")
    samples.frombytes(mono)
    assert len(samples) == 1600
    assert set(samples) == {2000}


def test_file_source_frames_and_pacing() -> None:
    pcm = bytes(frame_bytes() * 50)  # 1 s
    src = audio.FileSource(pcm=pcm, speed=4.0)
    started = time.monotonic()
    frames = list(src)
    elapsed = time.monotonic() - started
    assert len(frames) == 50 and all(len(f) == 640 for f in frames)
    assert src.position_ms == 1000
    # 1 s of audio at 4x real time: never faster than 0.25 s, and well under real time
    # (the upper bound is loose: sleeps overshoot on a loaded machine)
    assert 0.22 <= elapsed < 0.9
    fast = audio.FileSource(pcm=pcm, speed=0, frame_ms=10)
    started = time.monotonic()
    assert len(list(fast)) == 100
    assert time.monotonic() - started < 0.2  # speed 0 never sleeps


def test_file_source_close_stops_iteration() -> None:
    src = audio.FileSource(pcm=bytes(frame_bytes() * 10), speed=0)
    got = []
    for f in src:
        got.append(f)
        if len(got) == 3:
            src.close()
    assert len(got) == 3


# -- sinks -----------------------------------------------------------------------------------
def test_file_sink_plays_in_real_time_and_stop_cuts_it(tmp_path: Path) -> None:
    sink = audio.FileSink(tmp_path / "out.wav", speed=1.0)
    sink.play(bytes(32000), SAMPLE_RATE)  # 1 s
    assert sink.busy
    time.sleep(0.2)
    sink.stop()
    assert sink.wait(0.5)
    sink.close()
    heard = duration_ms(bytes(sink.played))
    assert 100 <= heard <= 400  # cut within a chunk of the stop
    with wave.open(str(tmp_path / "out.wav")) as w:
        assert w.getframerate() == SAMPLE_RATE
        assert w.getnframes() * 1000 // SAMPLE_RATE == heard


def test_file_sink_resamples_to_its_rate() -> None:
    sink = audio.FileSink(speed=0)
    sink.play(bytes(24000 * 2), 24000)  # 1 s at 24 kHz
    assert sink.wait(2)
    sink.close()
    assert duration_ms(bytes(sink.played)) == 1000


# -- devices through a fake PortAudio --------------------------------------------------------------
def test_devices_listed_and_chosen_by_name(fake_sd) -> None:
    fake_sd()
    devices = audio.list_devices()
    assert [d.name for d in devices] == ["Built-in Microphone", "USB Headset Mic", "Built-in Output"]
    assert devices[0].default_input and devices[2].default_output
    assert audio.find_device("usb") == 1
    assert audio.find_device("Built-in Microphone") == 0
    assert audio.find_device(None) is None  # the system default
    assert audio.find_device("output", kind="output") == 2
    with pytest.raises(NotFoundError) as e:
        audio.find_device("bluetooth")
    assert "0: Built-in Microphone" in e.value.hint and "1: USB Headset Mic" in e.value.hint
    with pytest.raises(InputError, match="ambiguous"):
        audio.find_device("mic")


def test_no_microphone_is_one_clear_error(fake_sd) -> None:
    fake_sd(devices=[voice_sounddevice.SPEAKERS])
    with pytest.raises(DependencyError, match="no audio input device") as e:
        list(audio.MicSource())
    assert "icraft interview --plain" in e.value.hint


def test_missing_portaudio_is_one_clear_error(fake_sd) -> None:
    fake_sd(missing=True)
    with pytest.raises(DependencyError) as e:
        audio.list_devices()
    assert "PortAudio library not found" in e.value.message
    assert "apt-get install libportaudio2" in e.value.hint and "brew install portaudio" in e.value.hint
    assert "--plain" in e.value.hint


def test_busy_microphone_is_one_clear_error(fake_sd) -> None:
    fake_sd(busy=True)
    with pytest.raises(DependencyError, match="cannot open the microphone") as e:
        list(audio.MicSource("usb"))
    assert "another program" in e.value.hint


def test_microphone_frames_arrive_through_the_callback(fake_sd) -> None:
    fake_sd(frames=30)
    mic = audio.MicSource("usb")
    frames = []
    for f in mic:
        frames.append(f)
        if len(frames) == 30:
            mic.close()
    assert len(frames) == 30 and all(len(f) == 640 for f in frames)
    assert mic.position_ms == 600
    from icraft.voice.endpoint import Vad

    vad = Vad()
    assert any(vad(f) for f in frames)  # the fake mic's loud bursts are heard


def test_speaker_sink_writes_to_the_device(fake_sd) -> None:
    fake_sd()
    sink = audio.SpeakerSink()
    sink.play(bytes(6400), SAMPLE_RATE)
    assert sink.wait(2)
    sink.close()
    import sounddevice

    assert sum(len(b) for b in sounddevice.RawOutputStream.written) == 6400


# -- the command ----------------------------------------------------------------------------------
def _cli_with_fake(tmp_path: Path, *args: str, **kw):
    d = tmp_path / "sd"
    voice_sounddevice.install(d, **kw)
    env = dict(os.environ, PYTHONPATH=f"{d}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    return subprocess.run([sys.executable, "-m", "icraft", "devices", *args], capture_output=True, text=True,
                          env=env, timeout=60)


def test_devices_command_json(tmp_path: Path) -> None:
    r = _cli_with_fake(tmp_path, "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert [d["name"] for d in data["devices"]] == ["Built-in Microphone", "USB Headset Mic", "Built-in Output"]
    assert data["devices"][1]["inputs"] == 1 and data["devices"][1]["outputs"] == 2
    r = _cli_with_fake(tmp_path, "--json", "--inputs")
    assert [d["name"] for d in json.loads(r.stdout)["devices"]] == ["Built-in Microphone", "USB Headset Mic"]


def test_devices_command_table(tmp_path: Path) -> None:
    r = _cli_with_fake(tmp_path)
    assert r.returncode == 0, r.stderr
    assert "USB Headset Mic" in r.stdout and "ALSA" in r.stdout


def test_devices_command_without_portaudio(tmp_path: Path) -> None:
    r = _cli_with_fake(tmp_path, missing=True)
    assert r.returncode == ExitCode.PROVIDER
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr
    assert "libportaudio2" in lines[0] and "icraft interview --plain" in lines[0]
    assert r.stdout == ""


def test_voice_package_imports_stay_light() -> None:
    code = (
        "import sys, icraft.voice, icraft.voice.audio, icraft.voice.endpoint, icraft.voice.pipeline, "
        "icraft.providers.stt, icraft.providers.tts, icraft.cli.devices_cmd\n"
        "heavy = [m for m in ('numpy', 'sounddevice', 'pydub', 'deepgram', 'openai', 'faster_whisper', 'httpx',"
        " 'websockets', 'rich') if m in sys.modules]\n"
        "print(heavy)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


@needs_espeak
def test_answer_fixture_has_the_pauses_it_claims() -> None:
    pcm = answer("Yes.", 1500, "No.", lead_ms=200, tail_ms=500)
    expected = 200 + duration_ms(say("Yes.")) + 1500 + duration_ms(say("No.")) + 500
    assert abs(duration_ms(pcm) - expected) <= 2
