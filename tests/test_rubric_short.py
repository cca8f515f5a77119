"""Short answers score low, and scores have no cliff at any length.

The engine used to judge "missing X" rules only above 40-60 words, so a one-sentence
story scored 100 and a 44-word design answer (32) became 96 when 5 fillers were cut.
Now too_short charges a shortfall that grows a little per missing word, and the
"missing X" rules judge main answers at any length (replies to follow-ups excepted).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from icraft.core.findings import AnswerResult
from icraft.rubric import lint_answer, load_rubric
from icraft.rubric.questions import is_followup

CALIBRATION = Path(__file__).parent / "calibration"
DESIGN_44 = (
    "So um I would basically put a cache in front of the database and like keep the hot keys there. "
    "Then I'd add a second service for writes, you know, and a queue between them so the writers never "
    "block the readers at all."
)
# Fillers and hedges in the answers below, removed to test that cutting them never
# lifts a score by more than the findings about them cost.
FILLER_ANSWERS = [
    (DESIGN_44, "Design a URL shortener.", "system-design"),
    (
        "Um so basically at my last job, like, our deploys were failing a lot. I guess I kind of rewrote "
        "the pipeline, you know, and maybe added some checks. Uh, it was probably better after that, I think "
        "maybe the team was happier.",
        "Tell me about a time you improved a process.",
        "behavioral",
    ),
    (
        "Um, I'd probably use a hash map, like, to count the elements, and then basically sort the keys. "
        "I guess it's maybe O(n log n), kind of.",
        "Walk me through your solution and its complexity.",
        "coding-discussion",
    ),
]
FILLERS_AND_HEDGES = {
    "um", "uh", "so", "basically", "like", "you", "know", "i", "guess", "kind", "of", "maybe", "probably",
    "think",
}


def _impact(result: AnswerResult, rule_ids: set[str]) -> float:
    """Overall points the findings of ``rule_ids`` cost this answer (before clamping)."""
    rubric = load_rubric()
    weights = rubric.category_weights[result.question_type]
    total = sum(weights.get(c, 0.0) for c in result.score.categories)
    cost = 0.0
    for f in result.findings:
        if f.rule_id not in rule_ids:
            continue
        if rubric.rule(f.rule_id).scope == "answer":
            cost += f.points
        else:
            cost += f.points * weights.get(f.category, 0.0) / total
    return cost


def _strip_fillers(result: AnswerResult, text: str) -> str:
    """The answer without the words the filler counter and the hedging rule flagged."""
    from icraft.core.transcript import CANDIDATE, Turn

    turn = Turn.from_text(CANDIDATE, text)
    drop: set[int] = set()
    spans = list(result.delivery.fillers if result.delivery else ())
    spans += [s for f in result.findings if f.rule_id == "hedging" for s in f.spans]
    for s in spans:
        drop.update(range(s.word_start, s.word_end))
    return " ".join(w.text for i, w in enumerate(turn.words) if i not in drop)


def _case(stem: str) -> dict:
    with (CALIBRATION / f"{stem}.toml").open("rb") as fh:
        return tomllib.load(fh)


@pytest.mark.parametrize(
    ("answer", "question", "qtype"),
    [
        ("We migrated the billing system and it was good.", "Tell me about a time you led a migration.", "behavioral"),
        ("We migrated the billing system and it was good.", None, None),
        ("I would store the codes in a database.", "Design a URL shortener.", "system-design"),
        ("I used a hash map, it's O(n).", "Walk me through your solution.", "coding-discussion"),
        ("HTTPS uses TLS.", "Explain how HTTPS works.", None),
    ],
)
def test_a_one_sentence_answer_scores_low_and_says_why(answer: str, question: str | None, qtype: str | None) -> None:
    res = lint_answer(answer, question=question, question_type=qtype)
    assert res.score.overall <= 35, res.score
    short = next(f for f in res.findings if f.rule_id == "too_short")
    assert short.spans[0].quote == answer
    assert f"Only {len(answer.split())} words" in short.message
    assert short.detail["min_words"] > short.detail["words"] == len(answer.split())


def test_too_short_grows_smoothly_as_the_answer_shrinks() -> None:
    words = _case("behavioral_strong_outage")["answer"].split()
    costs = []
    for k in range(2, 95):  # one word is too short to judge
        res = lint_answer(" ".join(words[:k]), question_type="behavioral")
        costs.append(next((f.points for f in res.findings if f.rule_id == "too_short"), 0.0))
    rule = load_rubric().rule("too_short")
    minimum = rule.params["min_words"]["behavioral"]
    full = rule.weight * load_rubric().severity_factors[rule.severity]
    assert costs[minimum - 2] == 0.0 and costs[0] > 0.9 * full * (1 - 2 / minimum) ** 2
    # Never grows as the answer gets longer, and by at most the slope of the squared
    # shortfall (2 x full / minimum) per word: no jump anywhere.
    per_word = max(a - b for a, b in zip(costs, costs[1:]))
    assert all(b <= a for a, b in zip(costs, costs[1:]))
    assert 0 < per_word <= 2 * full / minimum + 0.01


@pytest.mark.parametrize("answer,question,qtype", FILLER_ANSWERS)
def test_removing_fillers_never_raises_the_score_beyond_what_they_cost(answer: str, question: str, qtype: str) -> None:
    before = lint_answer(answer, question=question, question_type=qtype)
    cleaned = _strip_fillers(before, answer)
    assert len(cleaned.split()) < len(answer.split())
    after = lint_answer(cleaned, question=question, question_type=qtype)
    # Only findings about how things were said may go away (and no_answer_first, whose
    # throat-clearing opening was the fillers); +1 for rounding.
    allowed = _impact(before, {"filler_spike", "hedging", "no_answer_first", "repetition"}) + 1
    gain = after.score.overall - before.score.overall
    assert gain <= allowed, (before.score, after.score, [f.rule_id for f in after.findings])


# The most a single word may move a prefix's score: one word can complete a cue that
# flips two rules at once (a first "I rewrote" clears no_ownership, 9 points, and
# no_star_structure's missing action, up to 19.7 points), so the bound is 30; the old
# length thresholds made jumps of 60+ points at 40 and 50 words.
MAX_STEP = 30
STRONG = ["behavioral_strong_outage", "behavioral_strong_conflict", "behavioral_strong_mentoring",
          "sd_strong_shortener", "coding_strong_twosum", "behavioral_mid_no_result", "sd_mid_cache"]


@pytest.mark.parametrize("stem", STRONG)
def test_scores_over_truncations_have_no_cliff(stem: str) -> None:
    case = _case(stem)
    words = case["answer"].split()
    # From two words: one word is too short to judge (no score, so no step from it).
    scores = [
        lint_answer(" ".join(words[:k]), question=case["question"], question_type=case["question_type"]).score.overall
        for k in range(2, len(words) + 1)
    ]
    steps = [(b - a, k + 3) for k, (a, b) in enumerate(zip(scores, scores[1:]))]
    worst = max(steps, key=lambda s: abs(s[0]))
    assert abs(worst[0]) <= MAX_STEP, f"{stem}: {worst[0]:+d} points at {worst[1]} words"
    assert max(scores[:14]) <= 40, f"{stem}: a 15-word prefix should score low: {scores[:14]}"
    assert scores[-1] >= 60


def test_replies_to_followups_are_not_judged_for_length() -> None:
    res = lint_answer("Because replay matters for billing: a plain queue deletes on ack.", question="Why Kafka?")
    fired = {f.rule_id for f in res.findings}
    assert not fired & {"too_short", "missing_result", "missing_metrics", "no_star_structure", "no_tradeoff"}
    assert is_followup("Why Kafka?") and is_followup("And then?", answer_index=2)
    assert not is_followup("Design a URL shortener.") and not is_followup("How does an index speed up queries?")
    assert not is_followup(None, answer_index=3)


def test_a_graded_finding_that_costs_under_a_point_is_not_reported() -> None:
    """59 of 60 words used to give "error too_short -0 each category": an error label on
    a cost that rounds to nothing. Under one point it is not a finding (too_short passes),
    from one point on it is, and the score moves by under a point where it starts."""
    words = ("At my last company our nightly billing job took four hours and often missed the deadline. " * 8).split()
    rubric = load_rubric()
    by_length = {}
    for n in range(45, 62):
        res = lint_answer(" ".join(words[:n]) + ".", question_type="behavioral", rubric=rubric)
        short = [f for f in res.findings if f.rule_id == "too_short"]
        assert "too_short" in res.judged
        assert all(f.points >= 1.0 for f in short), [(n, f.points) for f in short]
        by_length[n] = (bool(short), res)
    assert not by_length[59][0] and not by_length[54][0]
    assert by_length[53][0] and by_length[45][0]
    # Where it starts, dropping it moves no category by a whole point.
    fired = next(f for f in by_length[53][1].findings if f.rule_id == "too_short")
    assert fired.points < 1.1
