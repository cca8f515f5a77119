"""`icraft interview --audio-in FILE` with a file that holds no audio: one icraft line,
exit 2 (bad input), on a machine with or without ffmpeg, and never pydub's own warnings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

CASES = {
    "empty.wav": (b"", "is empty: there is no audio in it"),
    "garbage.wav": (bytes(range(256)) * 8, "is not audio: it has no WAV header"),
    "cut.wav": (b"RIFF\x00\x00", "is not a readable WAV file (empty or cut short)"),
}


def _run(audio: Path, path_env: str) -> subprocess.CompletedProcess[str]:
    # A real process: the warnings pydub prints go to the process's stderr.
    return subprocess.run(
        [sys.executable, "-m", "icraft", "interview", "--audio-in", str(audio), "--plain"],
        input="", capture_output=True, text=True, timeout=120,
        env={**os.environ, "PATH": path_env, "COLUMNS": "120"},
    )


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("ffmpeg", ["absent", "present"])
def test_a_file_without_audio_is_one_line_and_exit_2(tmp_path, name, ffmpeg):
    if ffmpeg == "present" and not any((Path(d) / "ffmpeg").exists() for d in os.environ["PATH"].split(os.pathsep)):
        pytest.skip("needs ffmpeg (apt-get install ffmpeg)")
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    data, message = CASES[name]
    audio = tmp_path / name
    audio.write_bytes(data)
    r = _run(audio, str(empty_bin) if ffmpeg == "absent" else os.environ["PATH"])
    assert r.returncode == 2, r.stderr
    assert r.stderr == f"icraft: error: {audio} {message} ({r.stderr.rsplit('(', 1)[1]}", r.stderr
    assert r.stderr.count("\n") == 1 and "Warning" not in r.stderr and "ffmpeg is needed" not in r.stderr
    listed = subprocess.run([sys.executable, "-m", "icraft", "sessions", "--json"], capture_output=True, text=True,
                            timeout=120)
    assert listed.stdout.strip() == "[]"  # checked before any session was started
