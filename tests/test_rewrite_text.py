"""The rewrite machinery on plain strings: sentences, fillers, hedges, we->I, STAR
order, placeholders, the invented-fact checker and the word-level diff."""

from __future__ import annotations

import pytest

from icraft.core.transcript import normalize

from icraft.rewrite import placeholders as ph
from icraft.rewrite import star
from icraft.rewrite.diff import DELETE, EQUAL, INSERT, apply, word_diff
from icraft.rewrite.facts import fact_tokens, new_facts
from icraft.rewrite.text import (
    drop_fillers,
    drop_hedges,
    split_run_on,
    split_sentences,
    strip_placeholders,
    we_to_i,
)
from icraft.rewrite.versions import _insert_placeholder, _moved_indices, _star_reorder


def test_split_sentences_keeps_abbreviations_decimals_and_placeholders() -> None:
    text = "We cut p99 from 1.5 s to 300 ms, e.g. on checkout. It worked! [metric: by how much?] Done"
    assert split_sentences(text) == [
        "We cut p99 from 1.5 s to 300 ms, e.g. on checkout.",
        "It worked!",
        "[metric: by how much?]",
        "Done",
    ]


def test_unpunctuated_speech_is_one_sentence() -> None:
    assert split_sentences("so we had this outage and i fixed it") == ["so we had this outage and i fixed it"]


@pytest.mark.parametrize(
    ("before", "after", "dropped"),
    [
        ("After that, uh, checkout errors went down.", "After that, checkout errors went down.", ["uh,"]),
        ("So the page was slow, um, during the sale.", "The page was slow, during the sale.", ["So", "um,"]),
        ("It was fine, you know.", "It was fine.", ["you know."]),
        ("I would like to use Redis.", "I would like to use Redis.", []),  # "like" the verb stays
        ("What kind of data is it?", "What kind of data is it?", []),  # noun phrase stays
        ("Um.", "Um.", []),  # never delete a whole sentence
    ],
)
def test_drop_fillers(before: str, after: str, dropped: list[str]) -> None:
    text, edits = drop_fillers(before)
    assert text == after
    assert [e.before for e in edits] == dropped
    assert all(e.kind == "drop_filler" and e.after == "" for e in edits)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("I think the main thing I learned is to look at traces.", "The main thing I learned is to look at traces."),
        ("I think that it was a cache problem.", "It was a cache problem."),
        ("It was probably the index, and maybe the pool.", "It was the index, and the pool."),
        ("I'm not sure it worked.", "I'm not sure it worked."),  # negations are never dropped
        ("They think I fixed it.", "They think I fixed it."),  # "think" not as a hedge
    ],
)
def test_drop_hedges(before: str, after: str) -> None:
    assert drop_hedges(before)[0] == after


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("We rewrote the query.", "I rewrote the query."),
        ("Then we quickly migrated it, and we were done.", "Then I quickly migrated it, and we were done."),
        ("We had a slow page.", "We had a slow page."),  # situation, not an action
        ("We needed a cache.", "We needed a cache."),
        ("We've batched the calls.", "I've batched the calls."),
    ],
)
def test_we_to_i_only_for_actions(before: str, after: str) -> None:
    text, edits = we_to_i(before)
    assert text == after
    assert len(edits) == (before != after)
    assert all("keep 'we' if the team did it" in e.reason for e in edits)


STORY = (
    "After that, checkout errors went down a lot. "
    "The situation was that our checkout page was timing out during a sale. "
    "I was the on-call engineer that week. "
    "I rewrote the lookup to batch the calls. "
    "I learned to look at traces first."
)


def test_star_roles_and_reorder() -> None:
    sents = split_sentences(STORY)
    assert star.roles(sents) == [star.RESULT, star.SITUATION, star.TASK, star.ACTION, star.LESSON]
    text, edits = _star_reorder(STORY)
    assert split_sentences(text) == [sents[1], sents[2], sents[3], sents[0], sents[4]]
    assert [e.before for e in edits] == [sents[0]]  # only the result sentence moved
    assert edits[0].kind == "reorder"
    assert _star_reorder(text) == (text, [])  # already in order: no edit


def test_moved_indices_is_the_complement_of_the_longest_run() -> None:
    assert _moved_indices([1, 2, 3, 0, 4]) == {0}
    assert _moved_indices([0, 1, 2]) == set()
    assert _moved_indices([2, 1, 0]) in ({0, 1}, {1, 2}, {0, 2})


def test_headline_for_behavioral_and_design() -> None:
    assert star.headline_index(split_sentences(STORY), "behavioral") == 0
    design = "There are many users. I would put a cache in front of the database. It scales."
    assert star.headline_index(split_sentences(design), "system-design") == 1


def test_metric_placeholder_goes_inside_the_result_sentence() -> None:
    text = "The page was slow. I added a cache. After that, errors went down."
    out, edits = _insert_placeholder(ph.METRIC, "missing_metrics")(text)
    assert out == "The page was slow. I added a cache. After that, errors went down [metric: by how much?]."
    assert edits[0].after == ph.METRIC.text and edits[0].rule == "missing_metrics"
    assert _insert_placeholder(ph.METRIC, None)(out) == (out, [])  # idempotent


def test_result_placeholder_goes_after_the_actions() -> None:
    text = "The page was slow. I added a cache. I learned a lot."
    out, _ = _insert_placeholder(ph.RESULT, "missing_result")(text)
    assert out == "The page was slow. I added a cache. [result: what changed?] I learned a lot."
    assert ph.found_in(out) == [ph.RESULT]
    assert strip_placeholders(out) == text


def test_fact_checker_flags_numbers_names_and_tech_outside_brackets() -> None:
    original = "Our checkout page was slow, so I moved the lookups to redis."
    assert new_facts(original, "I moved the lookups to Redis. Our checkout page was slow.") == []
    assert new_facts(original, "I moved the lookups to redis, cutting latency by 40%.") == ["40%."]
    assert new_facts(original, "I moved the lookups to redis and Kafka.") == ["Kafka."]
    assert new_facts(original, "Alice and I moved the lookups to redis.") == []  # sentence start: not a name
    assert new_facts(original, "Then Alice and I moved the lookups to redis.") == ["Alice"]
    assert new_facts(original, "I moved them to memcached.") == ["memcached."]
    assert new_facts(original, "I moved them [metric: by how much? e.g. 40% with Kafka].") == []
    assert fact_tokens("We served 2k rps on k8s using gRPC and three replicas.") == [
        "2k", "k8s", "gRPC", "three",
    ]


def test_split_run_on_only_at_and_plus_subject() -> None:
    long = (
        "We had a payments service that was written years ago by people who had left and nobody wanted to "
        "touch it and then one day it failed during the big sale and I looked at the logs for an hour."
    )
    text, edits = split_run_on(long)
    assert text == (
        "We had a payments service that was written years ago by people who had left. Nobody wanted to touch "
        "it and then one day it failed during the big sale. I looked at the logs for an hour."
    )  # "nobody wanted to touch it" is too short to stand alone (< 6 words)
    assert [e.kind for e in edits] == ["split_sentence"] * 2
    assert split_run_on("I fixed it and it worked.") == ("I fixed it and it worked.", [])  # short: left alone


def test_word_diff_roundtrips_both_sides() -> None:
    before = "So the page was slow, um, and we rewrote it."
    after = "The page was slow, and I rewrote it. [result: what changed?]"
    chunks = word_diff(before, after)
    assert [normalize(w) for w in apply(chunks, "before").split()] == [normalize(w) for w in before.split()]
    assert apply(chunks, "after") == after
    ops = [c.op for c in chunks]
    assert DELETE in ops and INSERT in ops and EQUAL in ops
    assert chunks[0].op == DELETE and chunks[0].text == "So"


def test_clip_quote_keeps_short_quotes_and_cuts_long_ones_at_a_word():
    from icraft.rewrite.text import clip_quote

    assert clip_quote("we  looked\nat it") == "we looked at it"  # whitespace as one line
    assert clip_quote("short quote") == "short quote"
    long = "So, um, basically we had this service, " * 10
    cut = clip_quote(long, 60)
    assert cut.endswith(" …") and len(cut) <= 62 and long.startswith(cut[:-2])
    assert not cut[:-2].endswith((",", " "))


def test_rewind_lists_long_quotes_clipped(cli, tmp_path):
    """A finding about the whole answer used to print the whole answer again as its quote."""
    from pathlib import Path

    story = Path(__file__).resolve().parent.parent / "examples" / "weak_behavioral.txt"
    r = cli("rewind", str(story), input="I added an index and p99 fell 40%.\n")
    assert r.returncode == 0, r.stderr
    listed = r.stdout.split("weakest part:", 1)[1].split("try:", 1)[0]
    flat = " ".join(listed.split())
    assert " — \"" in flat and flat.count(" …\"") >= 1
    for q in flat.split(" — \"")[1:]:
        assert len(q.split("\"", 1)[0]) <= 122, q[:200]
