"""The lint engine's speed-ups must not change a single result: each fast path is
checked here against the plain way of computing the same thing."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from icraft.core.transcript import CANDIDATE, TimedToken, Turn
from icraft.delivery import analyze
from icraft.rubric import load_rubric
from icraft.rubric import text as tx
from icraft.rubric.context import AnswerContext
from icraft.rubric.scoring import finding_points

TESTS = Path(__file__).parent
EXAMPLES = TESTS.parent / "examples"


def _answers() -> list[str]:
    """Every answer the fixtures and calibration set hold, plus the examples' text."""
    out = []
    for path in sorted([*TESTS.glob("rule_fixtures/*.toml"), *TESTS.glob("calibration/*.toml")]):
        data = tomllib.loads(path.read_text())
        for case in [data, *data.get("trigger", []), *data.get("pass", [])]:
            if "answer" in case:
                out.append(case["answer"])
    out += [p.read_text() for p in sorted(EXAMPLES.glob("*.txt"))]
    return [a.lower().replace("\u2019", "'") for a in out]


def _one_group_per_cue() -> re.Pattern[str]:
    """STAR_CUES as it was first written: one named group per cue, tried in order."""
    source = "|".join(f"(?P<{k}>{tx._unbounded(tx._STAR_SOURCES[k])})" for k in tx._STAR_ORDER)
    return re.compile(f"\\b(?:{source})", re.VERBOSE)


def test_star_cues_branched_by_letter_match_exactly_like_one_group_per_cue() -> None:
    assert len(tx._STAR_GROUP_CUE) > len(tx._STAR_ORDER)  # the letter-branched regex is in use
    plain = _one_group_per_cue()
    answers = _answers()
    assert len(answers) > 100
    found = 0
    for text in answers:
        expected = [(m.span(), m.lastgroup) for m in plain.finditer(text)]
        got = [(m.span(), tx._STAR_GROUP_CUE[m.lastgroup or ""]) for m in tx.STAR_CUES.finditer(text)]
        assert got == expected, text[:80]
        found += len(got)
    assert found > 200  # the answers exercise the cues


@pytest.mark.parametrize(
    "text",
    [
        "we were struggling, so i rewrote it and we shipped. i'd do it differently now.",
        "when i joined, there were outages; i worked on it and we worked on it too.",
        "our team owned it. i then quickly added a cache; latency dropped as a result.",
    ],
)
def test_star_cues_agree_where_cues_overlap(text: str) -> None:
    plain = _one_group_per_cue()
    expected = [(m.span(), m.lastgroup) for m in plain.finditer(text)]
    assert expected  # each sentence holds cues of several kinds
    assert [(m.span(), tx._STAR_GROUP_CUE[m.lastgroup or ""]) for m in tx.STAR_CUES.finditer(text)] == expected


@pytest.mark.parametrize("source", [r"(?:\d+\sdays|context)", r"\b(?:was|were)?\sthere", r"(?:situation|[a-z]+ed)"])
def test_a_cue_that_cannot_be_split_by_letter_is_reported(source: str) -> None:
    assert tx._lettered(source) is None  # STAR_CUES then falls back to one group per cue


def test_lettered_distributes_a_leading_word_group_in_order() -> None:
    assert tx._lettered(r"(?:(?:was|were)\sdown|\bi\sworked)") == [r"was\sdown", r"were\sdown", r"i\sworked"]


def _timed(spec: list[tuple[str, int | None, int | None]]) -> Turn:
    return Turn.from_tokens(CANDIDATE, [TimedToken(w, s, e) for w, s, e in spec])


@pytest.mark.parametrize(
    "spec",
    [
        [("I", 0, 200), ("rewrote", 200, 500), ("it.", 500, None)],  # last word has no end
        [("I", None, 200), ("rewrote", 200, 500)],  # first word has no start
        [("I", 0, 200), ("um", None, None), ("rewrote", 900, 1200)],
    ],
)
def test_a_word_without_timings_anywhere_makes_delivery_not_measurable(
    spec: list[tuple[str, int | None, int | None]],
) -> None:
    d = analyze(_timed(spec))
    assert not d.measurable and d.wpm is None and d.duration_ms is None
    assert d.word_count == len(spec)


def test_repeat_points_match_the_term_by_term_sum() -> None:
    rubric = load_rubric()
    rule = rubric.rules[0]
    factor = rubric.severity_factors[rule.severity]
    for count in range(1, 26):
        repeats = sum(rubric.repeat_decay**k for k in range(min(count, 20)))
        assert finding_points(rule, rubric, count) == round(rule.weight * factor * repeats, 2)


def test_context_views_are_computed_once_and_stored_on_the_instance() -> None:
    turn = Turn.from_text(CANDIDATE, "I rewrote the cache. Latency fell from 900 ms to 200 ms.")
    ctx = AnswerContext(answer_index=0, turn_index=0, turn=turn, question=None, question_type="behavioral")
    first = ctx.sentences
    assert ctx.sentences is first and ctx.__dict__["sentences"] is first
    assert ctx.n_words == 12 and [s.n_words for s in first] == [4, 8]
    assert type(ctx).sentences.__doc__ == AnswerContext.__dict__["sentences"].func.__doc__


def test_an_answers_words_are_its_sentences_words_read_once() -> None:
    """ctx.lexical_words joins its sentences' words (one regex pass shared with the
    sentence stems): the same list as reading the whole text, on every repository answer,
    unpunctuated speech, curly quotes, other scripts and a final sigma."""
    from icraft.rubric import relevance

    odd = [
        "so we had this outage and um I paged the team and we rolled back and then we wrote a postmortem",
        "I\u2019m sure it\u2019s fine. We\u2019d shipped it. \u00c9quipe r\u00e9duite, na\u00efve caf\u00e9.",
        "\u039f\u0394\u03a5\u03a3\u03a3\u0395\u03a5\u03a3. \u03a3\u039f\u03a6\u039f\u03a3 \u03a3. It worked.",
        "\u0130stanbul team. Stra\u00dfe GRO\u00df. x\u0130y.",
        "Tabs\tand\u00a0no-break spaces. Then\u2003an em space.",
        "",
    ]
    for text in [*_answers(), *odd]:
        turn = Turn.from_text(CANDIDATE, text)
        ctx = AnswerContext(answer_index=0, turn_index=0, turn=turn, question=None, question_type="behavioral")
        assert ctx.lexical_words == relevance.words(turn.text), text
        assert ctx.sentence_stems == [relevance.stems(t) for t in ctx.sentence_texts], text


def test_cue_guards_never_change_a_match() -> None:
    """A Cue part's guard (words every match holds) only skips texts the part cannot
    match: METRIC with and without its guards finds the same matches, first match too."""
    import copy

    from icraft.rubric import lexicon as lx

    assert any(g is not None for g in lx.METRIC.guards)
    plain = copy.copy(lx.METRIC)
    plain.guards = (None,) * len(lx.METRIC.parts)
    rates = [
        "we cut it by half. half the team left; two thirds of our tickets. in half. a third of them",
        "we deploy twice a day, 3 retries per request, forty a month, a dozen a week, once every sprint",
        "three quarters of those users, back half of it, ten tickets each day, an hour a day",
    ]
    skipped = 0
    for text in [*_answers(), *rates]:
        got, expected = lx.METRIC.finditer(text), plain.finditer(text)
        assert [(m.span(), m.re.pattern) for m in got] == [(m.span(), m.re.pattern) for m in expected], text[:80]
        first, want = lx.METRIC.search(text), plain.search(text)
        assert (first and (first.span(), first.re.pattern)) == (want and (want.span(), want.re.pattern)), text[:80]
        skipped += any(g is not None and not g(text) for g in lx.METRIC.guards)
    assert skipped > 50  # the guards do skip most answers' fraction and rate scans
    assert all(lx.METRIC.finditer(t) for t in rates)
    people = [
        "she disagreed, we had a conflict and competing priorities; he pushed back, then push back again, "
        "pushback, i didn't agree, they objected, tension, we argued, an argument, arguing, frustrating, "
        "resistance, not on board, a clash. a junior, new hires, a new hire, an intern, interns, "
        "a new engineer, a new teammate, a new grad, my mentee."
    ]
    for cue, least in ((lx.CONFLICT, 14), (lx.MENTEE, 8)):
        plain = copy.copy(cue)
        plain.guards = (None,) * len(cue.parts)
        assert len(cue.finditer(people[0])) >= least
        for text in [*_answers(), *people]:
            assert [m.span() for m in cue.finditer(text)] == [m.span() for m in plain.finditer(text)], text[:80]
