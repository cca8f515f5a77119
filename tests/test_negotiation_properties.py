"""Properties of the negotiation simulator over 1,000 seeds and four scripted candidates
(meek, reasonable, aggressive, absurd), every bundled scenario in turn:

- no recruiter offer ever exceeds a hidden limit, on any issue;
- no recruiter line states a hidden limit unless that number is on the table or the
  candidate said it, and every number a recruiter line states is on the table, public,
  or the candidate's;
- the same scenario, seed and lines replay offer for offer, line for line;
- money left on the table equals the limits' package value minus the final package value;
- every negotiation ends (deal, walk-away or deadline).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from icraft.negotiation.engine import ENDINGS, Negotiation, replay
from icraft.negotiation.scenario import ISSUES, load_all, package_value
from icraft.negotiation.wording import numbers_in
from tests.negotiation_candidates import CANDIDATES, play

SCENARIOS = load_all()


def check_invariants(neg: Negotiation, lines: list[str]) -> None:
    scn = neg.scenario
    assert neg.status in ENDINGS, (neg.status, lines)
    said: set[int] = set()
    public = {scn.vesting_years} | {n for t in scn.details.values() for n in numbers_in(t)}
    tables: set[int] = set()
    for e in neg.ledger:
        if e.who == "candidate":
            said |= set(e.values.values())
            continue
        for issue, v in e.values.items():
            assert v <= scn.limits[issue], (issue, v, scn.limits[issue], e)
        tables |= set(e.values.values())
        stated = numbers_in(e.text)
        assert stated <= tables | said | public, (stated - tables - said - public, e.text)
        for issue in ISSUES:
            limit = scn.limits[issue]
            if limit in stated:
                assert limit in tables or limit in said or limit in public, (issue, e.text)
    assert neg.money_left() == package_value(scn, scn.limits) - package_value(scn, neg.final_values())
    assert neg.money_left() >= 0
    # A deal follows the candidate's acceptance; nothing the recruiter agrees to or closes is
    # below the table it replaced.
    table: dict[str, int] = {}
    last_candidate = None
    for e in neg.ledger:
        if e.who == "candidate":
            last_candidate = e
            continue
        if e.move == "accept":
            assert last_candidate is not None and last_candidate.move == "accept", e
        if e.move in ("accept", "agree"):
            assert all(e.values[i] >= table[i] for i in table), (table, e)
        if e.values:
            table = e.values
    if neg.status == "deal":
        assert neg.ledger[-1].move == "accept" and last_candidate is not None and last_candidate.move == "accept"
    assert all(not e.values for e in neg.ledger if e.who == "candidate" and e.move == "unclear")


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(seed=st.integers(min_value=0, max_value=10**9), kind=st.sampled_from(sorted(CANDIDATES)),
       which=st.integers(min_value=0, max_value=len(SCENARIOS) - 1))
def test_limits_hold_and_replays_are_identical(seed: int, kind: str, which: int) -> None:
    scn = SCENARIOS[which]
    neg = Negotiation(scn, seed)
    lines = play(neg, kind, seed)
    check_invariants(neg, lines)
    again, _ = replay(scn, seed, lines)
    assert [e.to_dict() for e in again.ledger] == [e.to_dict() for e in neg.ledger]
    assert again.status == neg.status and again.final_values() == neg.final_values()


ODD_LINES = ["-50k", "minus 20k", "I'd take -5k sign-on", "$0 base", "I want 0k", "I'd take 40k.", "Yes.",
             "I accept.", "Can you do 10 more?", "190 base and a 20k sign-on, and 4 weeks PTO", "I make 90k now.",
             "-", "Can you match the other offer?", "Acme offered 250k.", "negative 10k"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(seed=st.integers(min_value=0, max_value=10**6), which=st.integers(min_value=0, max_value=len(SCENARIOS) - 1),
       lines=st.lists(st.sampled_from(ODD_LINES), min_size=1, max_size=10))
def test_odd_and_negative_amounts_never_close_a_deal_below_the_table(seed: int, which: int, lines: list[str]) -> None:
    scn = SCENARIOS[which]
    neg, _ = replay(scn, seed, lines)
    if not neg.done:
        neg.finish_early()
    check_invariants(neg, lines)


def test_a_thousand_seeds_per_candidate_end_within_the_limits() -> None:
    """Seeds 0-999 for each of the four candidates, not sampled: every run is checked."""
    endings: dict[str, dict[str, int]] = {k: {} for k in CANDIDATES}
    for kind in sorted(CANDIDATES):
        for seed in range(1000):
            scn = SCENARIOS[seed % len(SCENARIOS)]
            neg = Negotiation(scn, seed)
            lines = play(neg, kind, seed)
            check_invariants(neg, lines)
            endings[kind][neg.status] = endings[kind].get(neg.status, 0) + 1
    # The candidates behave as their names say, so the invariants were tested on every ending.
    assert endings["absurd"].get("recruiter_walked", 0) > 900
    assert endings["meek"].get("deal", 0) > 900
    assert endings["reasonable"].get("deal", 0) > 500
    assert set(endings["aggressive"]) >= {"deal", "walkaway"}
