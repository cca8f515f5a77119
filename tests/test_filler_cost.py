"""Fillers are graded (issue 13): the cost grows smoothly with the filler rate instead of
a 20-point switch in one category, and hedges are counted once, under hedging."""

from __future__ import annotations

from icraft.core.transcript import CANDIDATE, TimedToken, Turn
from icraft.rubric import lint_answer, load_rubric

BASE = ("I traced the timeouts to the payment client and I rewrote its retry policy with jittered backoff "
        "so that checkout errors fell from four percent to a fraction of a percent within a week and the "
        "on call team stopped getting paged at night because the alerts now matched what customers saw").split()


def _with_fillers(n: int) -> str:
    """BASE with ``n`` "um"s spread through it."""
    words = list(BASE)
    step = max(1, len(words) // (n + 1))
    for k in range(n, 0, -1):
        words.insert(k * step, "um")
    return " ".join(words)


def _cost(text: str) -> float:
    res = lint_answer(text, question_type="technical")
    return sum(f.points for f in res.findings if f.rule_id == "filler_spike")


def test_filler_cost_grows_smoothly_with_the_rate() -> None:
    rubric = load_rubric()
    rule = rubric.rule("filler_spike")
    full = rule.weight * rubric.severity_factors[rule.severity]
    costs = [_cost(_with_fillers(n)) for n in range(0, 13)]
    assert costs[0] == 0 and costs[1] == 0  # one "um" in 50 words: within the allowance
    assert all(b >= a for a, b in zip(costs, costs[1:])), costs  # never cheaper with more fillers
    # No jump at a threshold: one more "um" in ~50 words adds ~2 per 100 words, a quarter of
    # the line from free (2) to full cost (10), so at most a quarter of the rule's points.
    assert max(b - a for a, b in zip(costs, costs[1:])) <= full / 4, costs
    assert costs[-1] > 0.75 * full  # a filler-heavy answer pays nearly the whole rule


def test_filler_cost_is_charged_to_the_whole_answer() -> None:
    res = lint_answer(_with_fillers(8), question_type="technical")
    finding = next(f for f in res.findings if f.rule_id == "filler_spike")
    clean = lint_answer(_with_fillers(0), question_type="technical")
    assert clean.score.overall - res.score.overall >= finding.points - 1  # every category pays, not communication only


def test_timed_filler_cost_is_graded_by_fillers_per_minute() -> None:
    def timed(n: int) -> Turn:
        return Turn.from_tokens(CANDIDATE, [TimedToken(w, 400 * i, 400 * i + 350) for i, w in enumerate(_with_fillers(n).split())])

    costs = [_cost_turn(timed(n)) for n in (3, 5, 8, 12)]
    assert costs == sorted(costs) and costs[0] < costs[-1]


def _cost_turn(turn: Turn) -> float:
    res = lint_answer(turn, question_type="technical")
    return sum(f.points for f in res.findings if f.rule_id == "filler_spike")


def test_kind_of_is_a_hedge_counted_once() -> None:
    res = lint_answer("We kind of rewrote it, and it was sort of faster, and it kind of works now, I guess.",
                      question_type="technical")
    assert res.delivery is not None and res.delivery.filler_count == 0
    hedging = next(f for f in res.findings if f.rule_id == "hedging")
    assert hedging.detail["count"] == 4


def test_moderate_fillers_cost_what_a_listener_charges() -> None:
    """Rubric 2026.12.33: the same strong story told with moderate fillers (about 5.5 per 100
    words, "um", "uh", "you know") loses 15-20 points, as a blind trial's rater charged for
    them (docs/SCORING.md 8); at weight 20 it lost about 9."""
    clean = ("Last spring our nightly billing export started missing its 6 am deadline. I owned the export, so I "
             "profiled it and found a query that scanned the whole invoices table for every customer. I rewrote it "
             "as one batched join and added an index on the invoice date, after checking that writes stayed fast. "
             "The run went from three hours to 25 minutes and finance got their reports on time every day since. "
             "I learned to profile before I touch the code.")
    words = clean.split()
    fillers = ["um,", "uh,", "you know,", "um,", "uh,"]
    step = len(words) // (len(fillers) + 1)
    for k in range(len(fillers), 0, -1):
        words.insert(k * step, fillers[k - 1])
    filled = " ".join(words)
    q = "Tell me about a time you improved the performance of something."
    a = lint_answer(clean, question=q, question_type="behavioral")
    b = lint_answer(filled, question=q, question_type="behavioral")
    assert a.findings == () or all(f.points == 0 for f in a.findings), a.findings
    rate = 100 * len(fillers) / len(filled.split())  # "you know" is one filler of two words
    assert 4.5 <= rate <= 7, rate
    # Charged to every category (scope "answer"): each loses the finding's points, 15-22.
    cost = next(f.points for f in b.findings if f.rule_id == "filler_spike")
    assert 15 <= cost <= 22 and all(abs(v - (100 - cost)) <= 0.5 for v in b.score.categories.values()), (
        cost, b.score.categories)
