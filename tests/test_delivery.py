"""Delivery analysis: filler context rules, pace over speech time, pauses, and the
shared timed fixtures checked against their raw word timings."""

from __future__ import annotations

import json

import pytest

from icraft.core.transcript import CANDIDATE, TimedToken, Turn
from icraft.delivery import HESITATION_MS, LONG_PAUSE_MS, analyze, find_fillers
from tests.conftest import TRANSCRIPT_FIXTURES


def fillers(text: str) -> list[str]:
    turn = Turn.from_text(CANDIDATE, text)
    return [" ".join(w.text for w in turn.words[a:b]) for a, b in find_fillers(turn.words)]


@pytest.mark.parametrize(
    "text",
    [
        "I like Python and Go.",
        "We would like to ship it on Friday.",
        "It looks like the cache was cold.",
        "I batched the writes so that the queue drained.",
        "It was so slow that users left.",
        "What kind of data do you store?",
        "That sort of problem shows up under load.",
        "It actually works on the first try.",
        "Do you know how the scheduler works?",
        "What I mean is the index was missing.",
        "Languages like Rust make this easier.",
        "Some languages, like Rust and Go, make this easier.",
        "I'd like, if possible, to start on Monday.",
        # Issue 13: hedges are not fillers (hedging counts them, once); "like" as a noun or a
        # preposition, "well" as an adverb, "you know"/"I mean" as verbs are not fillers.
        "It was kind of slow.",
        "We sort of rewrote it.",
        "We added a like counter to every post.",
        "It works like a charm.",
        "The like button was slow.",
        "Countries like Brazil had the most users.",
        "It went well, and the tests passed as well.",
        "It scaled pretty well under load.",
        "If you know the key, the lookup is constant time.",
        "I think so.",
        "I mean to finish it this week.",
        # "like" = "such as", opening the examples a colon announces (a trial's diff dropped it
        # from "low latency across regions: like counts, a product catalogue, a feed")
        "It suits data that may lag: like counts, a product catalogue, a feed.",
        "Two kinds of reads are cheap: like profile views and search results.",
        "Keep the hot paths small: like the login check and the cart total.",
    ],
)
def test_ordinary_uses_are_not_fillers(text: str) -> None:
    assert fillers(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Um, I restarted it.", ["Um,"]),
        ("It was, uh, the cache.", ["uh,"]),
        ("And like, it broke.", ["like,"]),
        ("It was like the worst week.", ["like"]),
        # after a light verb, "like" before what follows is an approximator: a filler (a trial's
        # minimal patch said "drops fillers" and kept "had like a disagreement")
        ("We had like a disagreement about the roadmap.", ["like"]),
        ("It took like two weeks.", ["like"]),
        ("We shipped it, you know, on time.", ["you know,"]),
        ("I mean, it worked.", ["I mean,"]),
        # Issue 13: turn-initial and parenthetical "well", "oh", "you know" are fillers.
        ("Well, I think the cache was cold.", ["Well,"]),
        ("Oh, that was the worst week.", ["Oh,"]),
        ("And, well, it broke.", ["well,"]),
        ("Well I rewrote it.", ["Well"]),
        ("We kept the old one, you know the batch job, running.", ["you know"]),
        ("It was fine, you know?", ["you know?"]),
        ("It was slow. I mean it took a minute.", ["I mean"]),
        ("Actually, the index was missing.", ["Actually,"]),
        ("So, basically, we rewrote it.", ["So,", "basically,"]),
        ("So the situation was bad.", ["So"]),
        ("It literally fell over.", ["literally"]),
        # Comma-enclosed "like" is a filler even after a word that usually makes it a verb.
        ("We decided to, like, rewrite some of it.", ["like,"]),
        ("I, like, rewrote it.", ["like,"]),
        ("We would, like, ship it.", ["like,"]),
        # after a colon, "like" set off by its own comma is still the filler
        ("The problem was: like, nobody owned it.", ["like,"]),
    ],
)
def test_fillers_in_context(text: str, expected: list[str]) -> None:
    assert fillers(text) == expected


def _turn(spec: list[tuple[str, int, int]]) -> Turn:
    return Turn.from_tokens(CANDIDATE, [TimedToken(w, s, e) for w, s, e in spec])


def test_pace_is_over_speech_time_and_pauses_are_counted() -> None:
    # 6 words of 250 ms each = 1.5 s of speech; one 2 s gap and one 3.5 s gap.
    turn = _turn(
        [
            ("I", 0, 250),
            ("um", 250, 500),
            ("rewrote", 2500, 2750),
            ("the", 2750, 3000),
            ("query", 6500, 6750),
            ("loop.", 6750, 7000),
        ]
    )
    d = analyze(turn, 3)
    assert d.measurable and not d.approximate
    assert d.duration_ms == 7000
    assert d.speech_ms == 1500
    assert d.wpm == pytest.approx(6 / (1500 / 60000))
    assert d.filler_count == 1
    assert d.filler_rate_per_min == pytest.approx(round(1 / (7000 / 60000), 2))
    assert d.hesitation_pauses == 2 and d.long_pauses == 1
    assert [p["gap_ms"] for p in d.pauses] == [2000, 3500]
    assert d.pauses[0]["after_word"] == 1
    assert d.fillers[0].turn == 3 and d.fillers[0].quote == "um" and d.fillers[0].start_ms == 250
    assert HESITATION_MS == 1500 and LONG_PAUSE_MS == 3000


def test_untimed_turn_reports_counts_but_no_timing() -> None:
    d = analyze(Turn.from_text(CANDIDATE, "Um, I rewrote it, you know."))
    assert not d.measurable
    assert d.filler_count == 2 and d.word_count == 6
    assert d.wpm is None and d.duration_ms is None and d.hesitation_pauses is None


def test_partially_timed_turn_is_not_measurable() -> None:
    turn = _turn([("I", 0, 200), ("rewrote", 200, 500)]).with_text("I quickly rewrote")
    assert not analyze(turn).measurable


def _deepgram_words(name: str) -> list[dict]:
    data = json.loads((TRANSCRIPT_FIXTURES / name).read_text())
    return data["results"]["channels"][0]["alternatives"][0]["words"]


@pytest.mark.parametrize("name", ["mid_behavioral.deepgram.json", "sd_cache.deepgram.json"])
def test_shared_fixture_delivery_matches_word_timings(name: str) -> None:
    from icraft.formats import read_path
    from icraft.rubric import lint_transcript

    words = _deepgram_words(name)
    report = lint_transcript(read_path(TRANSCRIPT_FIXTURES / name))
    d = report.answers[0].delivery
    assert d is not None and d.measurable
    ms = [(round(w["start"] * 1000), round(w["end"] * 1000)) for w in words]
    assert d.word_count == len(words)
    assert d.duration_ms == ms[-1][1] - ms[0][0]
    assert d.speech_ms == sum(e - s for s, e in ms)
    assert d.wpm == pytest.approx(round(len(words) / (d.speech_ms / 60000), 1))
    gaps = [ms[i + 1][0] - ms[i][1] for i in range(len(ms) - 1)]
    assert d.hesitation_pauses == sum(g >= 1500 for g in gaps)
    assert d.long_pauses == sum(g >= 3000 for g in gaps)
    # Every filler span's timing is the recognised word's own timing.
    for f in d.fillers:
        assert (f.start_ms, f.end_ms) == (ms[f.word_start][0], ms[f.word_end - 1][1])


def test_shared_mid_behavioral_fillers_are_the_spoken_ones() -> None:
    from icraft.formats import read_path

    t = read_path(TRANSCRIPT_FIXTURES / "mid_behavioral.deepgram.json")
    d = analyze(t.answers()[0].turn)
    assert [f.quote for f in d.fillers] == ["So", "um,", "uh,"]


def test_vtt_timings_are_flagged_approximate() -> None:
    from icraft.formats import read_path
    from icraft.rubric import lint_transcript

    report = lint_transcript(read_path(TRANSCRIPT_FIXTURES / "mid_behavioral.vtt"))
    d = report.answers[0].delivery
    assert d is not None and d.measurable and d.approximate
    assert d.word_count == len(_deepgram_words("mid_behavioral.deepgram.json"))


def test_interview_fixture_lints_every_answer_with_timed_spans() -> None:
    from icraft.formats import read_path
    from icraft.rubric import lint_transcript

    t = read_path(TRANSCRIPT_FIXTURES / "interview_two_speakers.deepgram.json")
    report = lint_transcript(t)
    assert len(report.answers) == len(t.answers()) == 2
    for a in report.answers:
        turn = t.turns[a.turn_index]
        for f in a.findings:
            for s in f.spans:
                assert s.turn == a.turn_index
                assert s.quote == turn.text[s.char_start : s.char_end]
                assert s.start_ms == turn.words[s.word_start].start_ms
                assert s.end_ms == turn.words[s.word_end - 1].end_ms


def test_norms_of_matches_normalize_word_by_word() -> None:
    """The one-pass normalizer gives exactly what normalize() gives per word, curly quotes
    at the edges included ("’quoted’" -> "quoted", "it’s" -> "it's")."""
    from icraft.core.transcript import normalize
    from icraft.delivery import norms_of

    text = "‘quoted’ it’s “Hello,” — (ok)… «x» ¿qué? ¡sí! 3.5% $40 e.g. a-b --- ... ’tis rock’n’roll’ Um, SO"
    words = Turn.from_text(CANDIDATE, text).words
    assert norms_of(words) == [normalize(w.text) for w in words]
    assert norms_of(words)[:2] == ["quoted", "it's"]


def test_norms_of_are_the_words_normalized_seen_or_not() -> None:
    """norms_of keeps each word's form per process: a first and a second reading of the
    same words (one from the cache) both give normalize()'s forms."""
    from icraft.core.transcript import normalize
    from icraft.delivery.fillers import norms_of

    turn = Turn.from_text(CANDIDATE, "“Well,” ΟΔΟΣ we’d (re)built it... Um, 30% ok? – done’")
    expected = [normalize(w.text) for w in turn.words]
    assert norms_of(turn.words) == expected
    assert norms_of(turn.words) == expected
