"""A general answer made of claims about yourself with no example behind them is weak (issue 13,
"23 of the 27 misses are too lenient"; blind trial: "Why should we hire you?" answered with "I'm a
strong fit... I'm good at working with people, and I learn quickly... I always write tests" 75 for
a band of 40-55, "I'm good at making complicated systems understandable to other people." 55 for
20-40, "I'm a perfectionist..." 45 for 15-35).

no_example fired on them, but in depth alone: for a general question the claims are the answer,
and an answer whose claims have nothing behind them gives the interviewer nothing to credit in
any category, so since rubric 2026.12.36 it costs every category (``scope = "answer"``). The
generic claims of an answer that tells no event are charged once, by no_specifics (they are its
vague phrases); an answer of nothing but generic claims pays generic_share of the weight here.

Written here in our own words; the trial's answers are regressions at the end.
"""

from __future__ import annotations

import pytest

from icraft.rubric import lint_answer

CLAIMS_ONLY = [
    ("Why should we hire you?",
     "I'm a quick learner and a strong communicator, and I'm very reliable. People at work come to me when "
     "something needs to get done, and I care a lot about doing things properly."),
    ("What's your greatest strength?",
     "My greatest strength is problem solving. I'm good at breaking big problems into small pieces and I stay "
     "calm when things get stressful, so my teams trust me with the hard parts."),
    ("Why should we hire you?",
     "I have strong backend skills and I'm a fast learner. I also work well in teams and I'm very organized. I "
     "think I'd be a good fit for this role and I'd hit the ground running."),
]

# Written as weak too; only one of their claims is read as a claim (the others are not in
# lexicon.TRAIT_CLAIM's wording), so one claim's 30 points leave them at 70.
STILL_LENIENT = [
    ("Tell me about yourself.",
     "I'm a backend developer who loves clean code and good architecture. I'm a team player, I'm "
     "detail-oriented, and I'm always eager to learn new things and take on new challenges."),
    ("What would your last manager say about you?",
     "She'd say I'm dependable and easy to work with. I'm the kind of person who stays positive under pressure "
     "and I'm always willing to help my teammates out."),
]

BACKED = ("What's your greatest strength?",
          "My greatest strength is debugging production problems. For example, last March our checkout latency "
          "tripled and I traced it to a missing index on the orders table in under an hour; I added it and p95 "
          "went back to 200 ms.")


@pytest.mark.parametrize("question,answer", CLAIMS_ONLY, ids=["hire", "strength", "hire2"])
def test_claims_with_no_example_make_a_weak_answer(question: str, answer: str) -> None:
    result = lint_answer(answer, question=question)
    assert result.question_type == "general"
    assert "no_example" in {f.rule_id for f in result.findings}
    assert result.score.overall <= 59, result.score
    # every category pays, not depth alone
    assert max(result.score.categories.values()) <= 70, result.score.categories


@pytest.mark.xfail(strict=True, reason="one claim read of several: 70 (88 before rubric 2026.12.36), see module doc")
@pytest.mark.parametrize("question,answer", STILL_LENIENT, ids=["about", "manager"])
def test_claims_the_claim_reader_misses_are_still_lenient(question: str, answer: str) -> None:
    assert lint_answer(answer, question=question).score.overall <= 59


def test_a_claim_with_its_example_is_untouched() -> None:
    result = lint_answer(BACKED[1], question=BACKED[0])
    assert "no_example" not in {f.rule_id for f in result.findings}
    assert result.score.overall >= 85


TRIAL = [
    ("Why should we hire you?",
     "I think I'm a strong fit because I have a lot of backend experience, I'm good at working with people, and I "
     "learn quickly. I've worked with Python and Go and Postgres, which are in your stack. I also care a lot about "
     "quality and I always write tests. I'm confident I could contribute from the first month.", (40, 55)),
    ("What is your greatest strength?",
     "I'm good at making complicated systems understandable to other people.", (20, 40)),
    ("What is your greatest weakness?",
     "Honestly I'd say I'm a perfectionist. I just care too much about my work and sometimes I work too hard. But "
     "I think that's also a strength really.", (15, 35)),
]


@pytest.mark.parametrize("question,answer,band", TRIAL, ids=["g10", "p4a", "g06"])
def test_the_blind_trials_claims_land_in_their_bands(question: str, answer: str, band: tuple[int, int]) -> None:
    """Blind trial g10 (rubric 2026.12.35: 75), p4a (55), g06 (45); bands written before any run."""
    result = lint_answer(answer, question=question)
    assert band[0] <= result.score.overall <= band[1], result.score
