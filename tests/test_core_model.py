"""The transcript model's invariants: tokens, offsets, spans, timings of corrections."""

from __future__ import annotations

import pytest

from icraft.core import CANDIDATE, INTERVIEWER, TimedToken, Transcript, Turn
from icraft.core.errors import InputError
from icraft.core.findings import span_for_chars, span_for_words
from icraft.core.transcript import merge_adjacent, normalize


def test_from_text_offsets_cut_the_words() -> None:
    t = Turn.from_text(CANDIDATE, "  I led the   migration, um, to Postgres.  ")
    assert t.text == "I led the   migration, um, to Postgres."
    assert [w.text for w in t.words] == ["I", "led", "the", "migration,", "um,", "to", "Postgres."]
    for w in t.words:
        assert t.text[w.char_start : w.char_end] == w.text
    assert not t.timed and t.start_ms is None and t.duration_ms is None


def test_from_tokens_joins_with_spaces_and_keeps_timings() -> None:
    t = Turn.from_tokens(CANDIDATE, [TimedToken("So", 0, 360, 0.9), TimedToken("the", 580, 630)])
    assert t.text == "So the"
    assert (t.words[1].start_ms, t.words[1].end_ms) == (580, 630)
    assert t.timed and t.start_ms == 0 and t.end_ms == 630 and t.duration_ms == 630


def test_token_with_inner_space_is_split_with_shared_timing() -> None:
    t = Turn.from_tokens(CANDIDATE, [TimedToken("New York", 1000, 1800)])
    assert [w.text for w in t.words] == ["New", "York"]
    assert t.words[0].start_ms == 1000 and t.words[1].end_ms == 1800
    assert t.words[0].end_ms == t.words[1].start_ms


def test_span_quote_is_cut_from_text_with_ms_only_when_timed() -> None:
    timed = Turn.from_tokens(CANDIDATE, [TimedToken(w, i * 100, i * 100 + 80) for i, w in enumerate("a b c d".split())])
    s = span_for_words(3, timed, 1, 3)
    assert (s.quote, s.char_start, s.char_end, s.start_ms, s.end_ms) == ("b c", 2, 5, 100, 280)
    untimed = Turn.from_text(CANDIDATE, "a b c d")
    s2 = span_for_words(0, untimed, 1, 3)
    assert s2.quote == "b c" and s2.start_ms is None and s2.end_ms is None
    # char 4 is "c": the span grows to the whole word; a range of only spaces covers no word
    assert span_for_chars(0, untimed, 4, 5).word_start == 2
    assert span_for_chars(0, untimed, 2, 5).quote == "b c"
    with pytest.raises(InputError):
        span_for_chars(0, untimed, 3, 4)
    with pytest.raises(InputError):
        span_for_words(0, untimed, 2, 9)


def test_with_text_keeps_timings_of_untouched_words() -> None:
    toks = [TimedToken(w, i * 500, i * 500 + 400) for i, w in enumerate("I wrote the cash layer".split())]
    turn = Turn.from_tokens(CANDIDATE, toks)
    fixed = turn.with_text("I wrote the cache layer quickly")
    assert [w.text for w in fixed.words] == ["I", "wrote", "the", "cache", "layer", "quickly"]
    assert fixed.words[0].start_ms == 0 and fixed.words[4].start_ms == 2000
    assert fixed.words[3].start_ms is None and fixed.words[5].start_ms is None


def test_answers_pair_questions_and_merge() -> None:
    turns = merge_adjacent(
        [
            Turn.from_text(INTERVIEWER, "Tell me about a time."),
            Turn.from_text(CANDIDATE, "First part."),
            Turn.from_text(CANDIDATE, "Second part."),
            Turn.from_text(INTERVIEWER, "Why?"),
            Turn.from_text(CANDIDATE, "Because."),
        ]
    )
    tr = Transcript(turns)
    answers = tr.answers()
    assert len(answers) == 2
    assert answers[0].turn.text == "First part. Second part."
    assert answers[0].turn.words[2].char_start == len("First part. ")
    assert answers[1].question is not None and answers[1].question.text == "Why?"


def test_unknown_speaker_rejected() -> None:
    with pytest.raises(InputError):
        Transcript((Turn.from_text("narrator", "hi"),))


def test_normalize() -> None:
    assert normalize("Sale,") == "sale"
    assert normalize("“Don’t”") == "don't"


def test_split_token_pieces_stay_inside_the_token() -> None:
    t = Turn.from_tokens(CANDIDATE, [TimedToken("a b", 0, 3), TimedToken("next", 3, 9)])
    assert [(w.start_ms, w.end_ms) for w in t.words] == [(0, 2), (2, 3), (3, 9)]
    t2 = Turn.from_tokens(CANDIDATE, [TimedToken("x  yy zzz", 100, 107)])
    assert t2.words[0].start_ms == 100 and t2.words[-1].end_ms == 107
    assert all(a.end_ms <= b.start_ms for a, b in zip(t2.words, t2.words[1:]))


def test_results_built_through_their_slots_keep_dataclass_behaviour() -> None:
    """Span and Finding set their slots in a written-out __init__: same defaults, keywords,
    validation (__post_init__), fresh default dicts, frozen instances and replace()."""
    import dataclasses

    from icraft.core.findings import Finding, Span

    span = Span(0, 1, 2, 3, 4, "x")
    assert (span.start_ms, span.end_ms) == (None, None)
    assert span == Span(turn=0, word_start=1, word_end=2, char_start=3, char_end=4, quote="x")
    assert dataclasses.replace(span, turn=5).turn == 5
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.turn = 1  # type: ignore[misc]
    a = Finding("r", "c", "info", "m", "f", (span,), 0)
    b = Finding("r", "c", "info", "m", "f", (span,), 0)
    assert a.detail == {} and a.detail is not b.detail and a.points == 0.0 and a.source == "rules"
    with pytest.raises(InputError):
        Finding("r", "c", "fatal", "m", "f", (), 0)
    with pytest.raises(TypeError):
        Span(0, 1)  # type: ignore[call-arg]
