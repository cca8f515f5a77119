"""Scores never punish a better answer (issue 13, *Elaboration punished*).

- Adding a relevant, specific sentence (a figure, an "I" action, a result, a trade-off)
  anywhere between the sentences of an answer never lowers its score. Generated over every
  calibration answer that addresses its question (off-topic, keyword-list and negotiation
  cases aside: a figure in a negotiation can be a concession, and nothing added makes an
  off-topic answer relevant), each kind of sentence, each position, and content words
  drawn from the answer and its question so the sentence is about the same thing.
- Improving one answer of a stored interview (``sessions edit`` with the same answer plus
  such a sentence) never lowers the session score: tests/test_interview_scoring.py.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from icraft.core.transcript import CANDIDATE, Turn
from icraft.rubric import lint_answer
from icraft.rubric.relevance import _GENERIC
from icraft.rubric.text import split_sentences

CALIBRATION = sorted((Path(__file__).parent / "calibration").glob("*.toml"))

# One relevant, specific sentence per kind and question type; {a} and {b} are content
# words of the answer or its question.
SENTENCES: dict[str, dict[str, str]] = {
    "behavioral": {
        "figure": "The {a} affected about 2,000 {b} requests a day at the time.",
        "action": "I rewrote the {a} checks myself so the {b} work ran in one batch.",
        "result": "As a result the {a} errors fell from 4% to 0.5% within two weeks.",
        "tradeoff": "I chose to fix the {a} over a full rewrite of the {b} because it shipped in days, at the cost of some duplicated code.",
    },
    "general": {
        "figure": "For example, at my last job I led the {a} work for a team of 6 engineers.",
        "action": "For example, last year I rewrote our {a} checks myself and documented the {b} steps.",
        "result": "As a result our {a} releases went from monthly to weekly within a quarter.",
        "tradeoff": "I chose the {a} work over the {b} project because it mattered more to the team, at the cost of a slower start.",
    },
    "technical": {
        "figure": "For example, at 5,000 requests per second the {a} kept p99 latency under 50 ms.",
        "action": "I would measure the {a} first and then tune the {b} settings one at a time.",
        "result": "In our service that cut the {a} latency from 120 ms to 30 ms.",
        "tradeoff": "The trade-off is that the {a} costs extra memory, while the {b} stays simpler to operate.",
    },
    "system-design": {
        "figure": "At about 2,000 writes per second the {a} needs 3 shards, each replicated twice.",
        "action": "I would put the {a} behind a queue so the {b} writes are retried on failure.",
        "result": "That keeps the {a} p99 under 100 ms even at three times today's peak.",
        "tradeoff": "The trade-off is consistency: the {a} can serve stale reads for a few seconds, which is fine for the {b}.",
    },
    "coding-discussion": {
        "figure": "On an input of 1 million items the {a} finishes in about 200 ms.",
        "action": "I would add a unit test for an empty input and for duplicates in the {a}.",
        "result": "That makes it O(n log k) time and O(k) space instead of O(n log n).",
        "tradeoff": "The trade-off is a heap of size k, which uses less memory than sorting the whole {a} but is more code.",
    },
}
# Words that would change what the sentence says (a hedge, a filler) rather than its topic.
_NOT_TOPIC = {"maybe", "probably", "really", "pretty", "basically", "actually", "literally", "just", "think",
              "guess", "kind", "sort", "stuff", "things", "like", "well", "yeah", "okay", "hadn", "didn",
              "wasn", "doesn", "isn", "wouldn", "couldn", "thought"}


def _cases() -> list[dict]:
    out = []
    for path in CALIBRATION:
        with path.open("rb") as fh:
            case = tomllib.load(fh)
        off = {"off_topic", "keyword_stuffing"} & set(case.get("must_fire", []))
        if off or case["question_type"] not in SENTENCES or "wpm" in case:
            continue
        out.append(case | {"stem": path.stem})
    return out


CASES = _cases()


def _content_words(case: dict) -> list[str]:
    """Nouns of the answer and its question, read as the word after a determiner ("the
    queue", "our checkout"): the sentence added is about the same things."""
    text = f"{case.get('question') or ''} {case['answer']}".lower()
    words = re.findall(r"\b(?:the|our|my|a|an|their|its|this|that)\s([a-z]{4,})\b", text)
    return sorted({w for w in words if w not in _GENERIC and w not in _NOT_TOPIC}) or ["service"]


def _sentences(answer: str) -> list[str]:
    turn = Turn.from_text(CANDIDATE, answer)
    return [answer[s.char_start : s.char_end] for s in split_sentences(turn.words)]


def _score(case: dict, answer: str) -> int:
    res = lint_answer(answer, question=case.get("question"), question_type=case["question_type"])
    assert res.score.overall is not None, "the calibration answers are all judged"
    return res.score.overall


def test_the_generator_covers_every_type_and_level() -> None:
    assert {c["question_type"] for c in CASES} == set(SENTENCES)
    assert {c["level"] for c in CASES} == {"weak", "mid", "strong"}
    assert len(CASES) >= 30


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_adding_a_relevant_specific_sentence_never_lowers_the_score(data: st.DataObject) -> None:
    case = data.draw(st.sampled_from(CASES), label="case")
    kind = data.draw(st.sampled_from(sorted(SENTENCES[case["question_type"]])), label="kind")
    words = _content_words(case)
    a, b = data.draw(st.sampled_from(words), label="a"), data.draw(st.sampled_from(words), label="b")
    sentences = _sentences(case["answer"])
    at = data.draw(st.integers(0, len(sentences)), label="position")
    added = SENTENCES[case["question_type"]][kind].format(a=a, b=b)
    longer = " ".join([*sentences[:at], added, *sentences[at:]])
    before, after = _score(case, case["answer"]), _score(case, longer)
    assert after >= before, f"{case['stem']}: {before} -> {after} after adding {added!r} at sentence {at}"


@pytest.mark.parametrize("case", CASES, ids=[c["stem"] for c in CASES])
def test_every_kind_of_sentence_at_every_position(case: dict) -> None:
    """The exhaustive version for each case with fixed content words: the first and the
    last content word of the answer and question."""
    words = _content_words(case)
    sentences = _sentences(case["answer"])
    before = _score(case, case["answer"])
    for kind, template in SENTENCES[case["question_type"]].items():
        added = template.format(a=words[0], b=words[-1])
        for at in range(len(sentences) + 1):
            after = _score(case, " ".join([*sentences[:at], added, *sentences[at:]]))
            assert after >= before, f"{before} -> {after} after adding {added!r} at sentence {at}"


def test_the_overall_scale_tops_out_where_interviewers_put_strong_answers() -> None:
    """Rubric 2026.12.48 ([scoring.top]): a mean of 100 (no finding) scores 95, the 90-100 of the
    mean is compressed into 90-95 (still strictly increasing), and below 90 nothing changes."""
    from icraft.rubric import load_rubric
    from icraft.rubric.scoring import to_scale

    rubric = load_rubric()
    assert (rubric.knee, rubric.top) == (90.0, 95.0)
    assert to_scale(100.0, rubric) == 95.0 and to_scale(90.0, rubric) == 90.0 and to_scale(61.5, rubric) == 61.5
    means = [90 + k / 4 for k in range(41)]
    scaled = [to_scale(m, rubric) for m in means]
    assert all(b > a for a, b in zip(scaled, scaled[1:]))  # a better answer never scores the same or less
    strong = ("Last spring our nightly billing export started missing its 6 am deadline. I owned it, so I profiled "
              "it and found a query scanning the whole invoices table per customer. I rewrote it as one batched join "
              "and added an index after checking writes stayed fast, and the run went from three hours to 25 "
              "minutes. I learned to profile before touching the code.")
    res = lint_answer(strong, question="Tell me about a time you improved the performance of something.",
                      question_type="behavioral")
    assert all(f.points == 0 for f in res.findings) and res.score.overall == 95, res
    assert set(res.score.categories.values()) == {100}  # the categories keep their own scale
