"""`icraft interview --audio-in FILE` with a file that holds no audio: one icraft line,
exit 2 (bad input), on a machine with or without ffmpeg, and never pydub's own warnings
(a real process: warnings are printed by the interpreter)."""

from __future__ import annotations

import json
import os

import pytest

from tests.requires import skip_unless

CASES = {
    "empty.wav": (b"", "is empty: there is no audio in it"),
    "garbage.wav": (bytes(range(256)) * 8, "is not audio: it has no WAV header"),
    "cut.wav": (b"RIFF\x00\x00", "is not a readable WAV file (empty or cut short)"),
}


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("ffmpeg", ["absent", "present"])
def test_a_file_without_audio_is_one_line_and_exit_2(process, tmp_path, name, ffmpeg):
    if ffmpeg == "present":
        skip_unless("ffmpeg")
        path = os.environ["PATH"]
    else:
        path = str(tmp_path / "bin")  # a PATH with no ffmpeg on it
        os.mkdir(path)
    data, message = CASES[name]
    audio = tmp_path / name
    audio.write_bytes(data)
    r = process("interview", "--audio-in", str(audio), "--plain", input="", env={"PATH": path})
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith(f"icraft: error: {audio} {message} ("), r.stderr
    assert r.stderr.count("\n") == 1 and "Warning" not in r.stderr and "ffmpeg is needed" not in r.stderr
    assert json.loads(process("sessions", "--json").stdout) == []  # checked before any session was started
