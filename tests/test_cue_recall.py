"""Rating a drill answer: which prepared key points it covers (icraft.cue.fade.covered_points),
on the labelled answers of tests/data/cue/recall.tsv (paraphrased, spoken-style, covering or
missing points) and on the cases that made it unreliable: number words against digits,
irregular verbs, quantities said wrong, the question's own words echoed back."""

from __future__ import annotations

import pytest

from icraft.cue.fade import covered_points
from icraft.cue.prepared import Entry, load, parse
from icraft.cue.text import digits, stem
from tests.cue_data import FILES, prepared_path, recall_answers


def _confusion() -> tuple[int, int, int, int]:
    files = {name: load(prepared_path(name)) for name in FILES}
    tp = fp = fn = tn = 0
    for a in recall_answers():
        for i, got in enumerate(covered_points(files[a.file].entry(a.entry), a.text), 1):
            want = i in a.covered
            tp, fp, fn, tn = tp + (got and want), fp + (got and not want), fn + (want and not got), tn + (
                not got and not want)
    return tp, fp, fn, tn


def test_the_labelled_answers_are_rated_right() -> None:
    answers = recall_answers()
    assert len(answers) >= 150 and sum(not a.covered for a in answers) >= 40  # misses as well as hits
    tp, fp, fn, tn = _confusion()
    assert tp + fp + fn + tn >= 400
    assert (tp + tn) / (tp + fp + fn + tn) >= 0.985  # 0.980 before lemmas, numbers and the question's words
    assert tp / (tp + fp) >= 0.985 and tp / (tp + fn) >= 0.985


def _entry(question: str, *points: str) -> Entry:
    return parse(f"## {question}\n" + "\n".join(f"- {p}" for p in points)).entries[0]


@pytest.mark.parametrize(("words", "expected"), [
    ("six years", ["6", "years"]), ("nine hundred twenty ms", ["920", "ms"]),
    ("forty five minutes", ["45", "minutes"]), ("one time in ten thousand", ["1", "time", "in", "10000"]),
    ("the 2022 outage", ["the", "2022", "outage"]),
])
def test_number_words_become_digits(words: str, expected: list[str]) -> None:
    assert digits(words.split()) == expected


def test_spoken_numbers_meet_written_ones() -> None:
    entry = _entry("Tell me about yourself", "Led the ledger rewrite: p99 from 900 ms to 120 ms.")
    assert covered_points(entry, "p99 went from nine hundred to one hundred twenty milliseconds") == [True]


def test_a_quantity_said_wrong_does_not_cover_the_point() -> None:
    entry = _entry("Tell me about a time you improved a process",
                   "Our deploys took 45 minutes and failed one time in five.",
                   "Deploys now take 9 minutes and fail under one percent.")
    assert covered_points(entry, "Deploys used to take 45 minutes and failed about one time out of five.") == [
        True, False]


@pytest.mark.parametrize(("form", "lemma"), [
    ("led", "lead"), ("wrote", "write"), ("written", "writing"), ("ran", "run"), ("shipped", "ship"),
    ("planned", "plan"), ("stopped", "stops"), ("fell", "falls"),
])
def test_irregular_and_doubled_forms_meet_their_lemma(form: str, lemma: str) -> None:
    assert stem(form) == stem(lemma)


def test_echoing_the_question_covers_nothing() -> None:
    entry = _entry("Explain concurrency versus parallelism",
                   "Concurrency is dealing with many things at once; parallelism is doing many at once.")
    assert covered_points(entry, "Concurrency and parallelism are related ideas that people mix up, "
                                 "both about doing things.") == [False]
    assert covered_points(entry, "Concurrency means dealing with many things at once and parallelism means "
                                 "doing many of them at once.") == [True]


KEYED = """## Tell me about yourself
keys: payments, Go, ledger rewrite, 40% faster
- Backend engineer, six years, payments at Acme.
- Led the ledger rewrite in Go.
- Made settlement 40% faster.

## Why do you want to leave?
keys: growth, scale, mentoring
I want to grow into a staff role at a company with more scale where I can mentor others.
"""


def test_the_keys_line_is_what_a_drilled_answer_is_checked_against() -> None:
    """A card with 4 keys was rated on its 3 bullets ("3 of 3"); one with 3 keys and a prose
    answer on its one sentence ("0 of 1", the whole answer missed)."""
    from icraft.cue.drill import entry_from_dict
    from icraft.cue.fade import rate

    four, three = parse(KEYED).entries
    assert four.recall_points == ("payments", "Go", "ledger rewrite", "40% faster") and len(four.points) == 3
    assert covered_points(four, "Payments in Go: I led the ledger rewrite and it got 40% faster.") == [True] * 4
    assert covered_points(four, "Payments, in Go.") == [True, True, False, False]
    review, _ = rate(three, "I am after more scale and mentoring.", 0, "k", lint=None)
    assert review.covered == (False, True, True) and review.missed == ("growth",)
    assert entry_from_dict(four.to_dict()).recall_points == four.recall_points  # a stored drill keeps them
    plain = parse("## Why us?\n- the payments team\n- the Go stack\n").entries[0]
    assert not plain.keys_given and plain.recall_points == plain.points == ("the payments team", "the Go stack")
