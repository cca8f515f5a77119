"""Voice activity, the adaptive silence budget and barge-in, on espeak-ng speech with room noise."""

from __future__ import annotations

from array import array

import pytest

from icraft.voice import frame_bytes
from icraft.voice.audio import FileSource
from icraft.voice.endpoint import BargeIn, EndOfTurn, TurnEnd, Vad, silence_budget_ms, unfinished
from tests.fakes.voice_speech import answer, ms, noise, say
from tests.requires import needs_espeak


def run(eot: EndOfTurn, pcm: bytes, partials: list[tuple[int, str]] = (), frame_ms: int = 20) -> TurnEnd | None:
    """Feed ``pcm``; ``partials`` are (audio ms, text) a recogniser would report by then."""
    pending = sorted(partials)
    for frame in FileSource(pcm=pcm, speed=0, frame_ms=frame_ms):
        while pending and pending[0][0] <= eot.position_ms:
            at, text = pending.pop(0)
            eot.set_partial(text, at)
        end = eot.feed(frame)
        if end is not None:
            return end
    return None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I led the migration and we cut latency by 40%.", False),
        ("So we chose Postgres because", True),
        ("So we chose Postgres because.", True),  # Whisper punctuates a cut segment
        ("and then the", True),
        ("We shipped it, um", True),
        ("We shipped it, um.", True),
        ("The result was, you know", True),
        ("It was good,", True),
        ("I think...", True),
        ("Yes.", False),
        ("That is what I did", False),
        ("", False),
    ],
)
def test_unfinished_thoughts(text: str, expected: bool) -> None:
    assert unfinished(text) is expected


def test_budget_formula() -> None:
    kw = dict(min_ms=700, max_ms=2500)
    assert silence_budget_ms(1000, "Yes.", **kw) == 700  # short, finished: commit fast
    assert silence_budget_ms(2000, None, **kw) == 700
    assert silence_budget_ms(11000, "We cut costs.", **kw) == 925  # halfway: min + 0.25 * range / 2
    assert silence_budget_ms(20000, "We cut costs.", **kw) == 1150  # long answers get more room
    assert silence_budget_ms(90000, None, **kw) == 1150  # ...but never more than that when finished
    assert silence_budget_ms(1000, "so the", **kw) == 2500  # mid-thought: the whole budget
    assert silence_budget_ms(30000, "because", min_ms=500, max_ms=4000) == 4000


def test_budget_comes_from_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ICRAFT_VOICE_MIN_SILENCE_MS", "400")
    monkeypatch.setenv("ICRAFT_VOICE_MAX_SILENCE_MS", "3000")
    eot = EndOfTurn.from_config()
    assert (eot.min_ms, eot.max_ms) == (400, 3000)
    with pytest.raises(ValueError):
        EndOfTurn(min_silence_ms=900, max_silence_ms=800)


# -- VAD -------------------------------------------------------------------------------------
def _tone(ms_: int, amplitude: int, period: int = 80) -> bytes:
    """A voiced-like low-frequency square wave (200 Hz at period 80)."""
    n = 16 * ms_
    return array("h", (amplitude if (i // (period // 2)) % 2 else -amplitude for i in range(n))).tobytes()


def _frames(pcm: bytes) -> list[bytes]:
    return list(FileSource(pcm=pcm, speed=0))


def test_vad_ignores_room_noise_and_adapts_to_a_louder_floor() -> None:
    vad = Vad()
    assert not any(vad(f) for f in _frames(noise(2000)))
    fan = noise(3000, amplitude=400)  # a fan: about -38 dBFS of white noise
    verdicts = [vad(f) for f in _frames(fan)]
    assert not any(verdicts[25:])  # absorbed into the floor within half a second
    speech_over_fan = _tone(500, 6000)
    assert sum(vad(f) for f in _frames(speech_over_fan)) >= 20


def test_vad_rejects_hiss_but_hears_speech() -> None:
    vad = Vad()
    for f in _frames(noise(500)):
        vad(f)
    hiss = noise(400, amplitude=120, seed=99)  # quiet, high zero-crossing rate
    assert not any(vad(f) for f in _frames(hiss))
    assert all(vad(f) for f in _frames(_tone(200, 3000)))


@needs_espeak
def test_vad_hears_espeak_speech() -> None:
    vad = Vad()
    for f in _frames(noise(500)):
        vad(f)
    voiced = sum(vad(f) for f in _frames(say("We reduced the error rate by half.")))
    assert voiced * 20 > 0.5 * ms(say("We reduced the error rate by half."))


# -- end of turn -------------------------------------------------------------------------------
@needs_espeak
def test_a_short_finished_answer_commits_within_a_second() -> None:
    pcm = answer("Yes, I have led that kind of project.")
    spoken_end = 300 + ms(say("Yes, I have led that kind of project."))
    end = run(EndOfTurn(), pcm, partials=[(spoken_end, "Yes, I have led that kind of project.")])
    assert end is not None
    assert 700 <= end.budget_ms <= 720 and not end.unfinished
    assert 700 <= end.silence_ms <= 1000
    speech = ms(say("Yes, I have led that kind of project."))
    assert abs(end.speech_end_ms - (300 + speech)) < 600  # espeak's own trailing silence is not speech


@needs_espeak
@pytest.mark.parametrize("first, rest", [
    ("So we chose Postgres because", "it gave us transactions and the team knew it well."),
    ("I think the main risk was, um", "the migration window on the weekend."),
    ("And then the", "cache hit rate went up to ninety percent."),
])
def test_a_two_second_thinking_pause_does_not_end_the_turn(first: str, rest: str) -> None:
    pcm = answer(first, 2000, rest)
    first_end = 300 + ms(say(first))
    end = run(EndOfTurn(), pcm, partials=[(first_end + 200, first), (len(pcm) // 32 - 2500, f"{first} {rest}")])
    assert end is not None
    assert end.speech_end_ms > first_end + 2000  # the turn ended after the second part, not in the pause
    assert end.silence_ms <= 1000  # and then committed quickly: the thought was finished


@needs_espeak
def test_without_a_transcript_the_pause_would_end_a_short_answer() -> None:
    """The text is what tells a thinking pause from an ending (documented limit)."""
    pcm = answer("So we chose Postgres because", 2000, "it gave us transactions.")
    end = run(EndOfTurn(), pcm)
    assert end is not None and end.speech_end_ms < 300 + ms(say("So we chose Postgres because")) + 100


@needs_espeak
def test_a_long_answer_gets_more_room_but_still_under_about_a_second_and_a_half() -> None:
    sentences = [
        "In my last role I owned the payments service.",
        "We had a latency problem at peak traffic.",
        "I profiled the hot path and found lock contention.",
        "We moved the ledger writes to a queue.",
        "Then we sharded the table by merchant.",
        "The p99 latency dropped from two seconds to three hundred milliseconds.",
        "I wrote the design doc and ran the rollout.",
    ]
    pcm = answer(" ".join(sentences))  # one utterance: espeak's own short pauses between sentences
    end = run(EndOfTurn(), pcm, partials=[(len(pcm) // 32 - 2800, " ".join(sentences))])
    assert end is not None and end.speech_ms > 10000
    assert 850 < end.budget_ms <= 1150
    assert end.silence_ms <= end.budget_ms + 20
    # the pauses between sentences never ended it
    assert end.speech_end_ms > len(pcm) // 32 - 3000 - 600


@needs_espeak
def test_a_stale_transcript_gets_a_short_grace() -> None:
    pcm = answer("Yes, I have led that kind of project.")
    # The recogniser last reported at 1.0 s: it has not heard the end of the answer yet.
    end = run(EndOfTurn(), pcm, partials=[(1000, "Yes, I have")])
    assert end is not None and end.silence_ms >= 700 + 500 - 20


@needs_espeak
@pytest.mark.parametrize("frame_ms", [10, 20, 30])
def test_frame_sizes_10_to_30_ms(frame_ms: int) -> None:
    pcm = answer("We shipped it on time.")
    end = run(EndOfTurn(frame_ms=frame_ms), pcm, frame_ms=frame_ms)
    assert end is not None and 700 <= end.silence_ms <= 700 + 2 * frame_ms


def test_a_click_does_not_start_a_turn() -> None:
    pcm = noise(500) + _tone(40, 20000) + noise(3000)
    assert run(EndOfTurn(), pcm) is None


# -- barge-in ----------------------------------------------------------------------------------------
def test_barge_in_needs_sustained_voice_not_a_click() -> None:
    det = BargeIn()
    for f in _frames(noise(500)):
        assert not det.feed(f)
    for f in _frames(_tone(60, 20000) + noise(300)):  # a click, a cough
        assert not det.feed(f)
    hits = [det.feed(f) for f in _frames(_tone(400, 5000))]
    assert not hits[8] and hits[9]  # the 10th voiced frame (200 ms) triggers
    assert frame_bytes() == 640


@needs_espeak
def test_a_stale_unfinished_partial_does_not_hold_the_turn_open() -> None:
    """"...because" heard mid-answer, then the sentence went on: the ending is not unfinished."""
    pcm = answer("So we chose Postgres because it gave us transactions.")
    end = run(EndOfTurn(), pcm, partials=[(1200, "So we chose Postgres because")])
    assert end is not None and not end.unfinished
    assert 700 + 500 - 20 <= end.silence_ms <= 700 + 500 + 40  # the grace for fresh text, not 2.5 s
