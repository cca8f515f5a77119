"""Blame and complaint are a red flag (issue 13, *Relevance* and the second blind trial's g05 and
b08: "the new leadership, I mean, they don't really understand engineering" scored 95, band
38-56; "because QA missed it... it wasn't really on me... I generally don't fail" 50, band 5-22).

A new rule, blames_others (rubric 2026.12.46): the fault put on others or a failure denied, an
employer run down in the present tense. Owning a mistake, the other side of a past
disagreement ("my manager didn't see the risk") and a product insight about users are not.
Written here in our own words; the trial's answers are regressions.
"""

from __future__ import annotations

import pytest

from icraft.rubric import lint_answer

BLAME = [
    ("behavioral", "Tell me about a time you missed a deadline.",
     "We shipped the reporting feature two weeks late, but that was out of my control: design handed over "
     "the mockups late and the backend team kept changing the API. There was nothing I could have done, and "
     "it went out in the end."),
    ("behavioral", "Tell me about your biggest failure.",
     "I've never really failed at anything big, to be honest. I plan carefully and I test my work, so when "
     "something breaks it is usually someone else's code. The closest was a deploy that broke, and that was "
     "QA's fault for not catching it."),
    ("general", "Why are you looking for a new role?",
     "The culture at my company has become so toxic. Upper management doesn't care about engineers, they "
     "only care about the next funding round, and my manager is incompetent. I just want to work somewhere "
     "that respects its people."),
    ("general", "What would your last manager say about you?",
     "Honestly, he was a terrible manager, so I'm not sure his opinion counts for much. The team liked me, "
     "I always delivered my tickets, and I helped the new hires find their way around the codebase."),
]

OWNED = [
    ("behavioral", "Tell me about your biggest failure.",
     "The biggest was a schema migration I ran without a dry run. It locked the orders table for 12 minutes "
     "at peak. That was on me: I had skipped the staging run to save a day. I rolled it back, rewrote it to "
     "run in batches, and now every migration I write gets a dry run against a production snapshot."),
    ("behavioral", "Tell me about a time you disagreed with your manager.",
     "My manager didn't see the risk in launching without rate limits; he wanted the feature out before the "
     "conference. I showed him last year's bot traffic, 40 times our normal peak, and proposed a simple "
     "per-key limit that took me two days. He agreed, and the limit blocked a scraper in launch week."),
    ("general", "Why are you looking for a new role?",
     "I've learned a lot in four years and led our move to Kubernetes, but the company is now mostly "
     "maintaining a mature product. I want to build something that is still growing, and your team's work "
     "on real-time fraud scoring is exactly where I want to go next."),
    ("behavioral", "Tell me about a time you handled a difficult customer.",
     "A hospital client kept filing tickets about missing reports. Their staff don't really understand the "
     "export filters, so they kept picking the wrong date range. I sat with their admin for an hour, changed "
     "the default range to the last 30 days, and their tickets dropped from ten a week to one."),
]


@pytest.mark.parametrize("qtype,question,answer", BLAME, ids=[f"b{i}" for i in range(len(BLAME))])
def test_blame_and_complaint_are_found(qtype: str, question: str, answer: str) -> None:
    result = lint_answer(answer, question=question, question_type=qtype)
    found = {f.rule_id: f for f in result.findings}
    assert "blames_others" in found, sorted(found)
    finding = found["blames_others"]
    # the evidence is the blaming words, not the answer
    assert all(s.word_end - s.word_start <= 12 for s in finding.spans), finding.spans
    assert result.score.overall <= 60, result.score


@pytest.mark.parametrize("qtype,question,answer", OWNED, ids=[f"o{i}" for i in range(len(OWNED))])
def test_owning_disagreeing_and_moving_on_are_not_blame(qtype: str, question: str, answer: str) -> None:
    result = lint_answer(answer, question=question, question_type=qtype)
    assert "blames_others" not in {f.rule_id for f in result.findings}


def test_the_second_blind_trials_answers() -> None:
    """g05 (rubric 2026.12.45: 95, band 38-56) and b08 (50, band 5-22)."""
    g05_answer = (
        "Honestly, it's, uh, it's a few things. The company got acquired last year and since then a lot has "
        "changed, priorities shift like every month, and the new leadership, I mean, they don't really "
        "understand engineering. We had a roadmap and it got thrown out twice. So I'm looking for somewhere "
        "more stable where I can actually finish things. I've also kind of outgrown the tech stack, it's a lot "
        "of legacy PHP, and I want to work more with Go and cloud infrastructure, which is what you use."
    )
    b08_answer = (
        "Hmm, honestly, I can't really think of a big failure. I'm pretty careful. I guess there was one time a "
        "release went out with a bug, but that was because QA missed it and the requirements weren't clear "
        "from the product side, so it wasn't really on me. We fixed it the next day. I'd say I generally "
        "don't fail because I plan ahead."
    )
    g05 = lint_answer(g05_answer, question="Why are you looking to leave your current role?", question_type="general")
    b08 = lint_answer(b08_answer, question="Tell me about a time you failed at something.", question_type="behavioral")
    for result in (g05, b08):
        assert "blames_others" in {f.rule_id for f in result.findings}
    assert g05.score.overall <= 60, g05.score
    assert b08.score.overall <= 25, b08.score
