"""no_stakeholder_mgmt hears a conflict handled as people tell it: what you said to the
other side ("I said okay, let's test it", "I told him", "I proposed we...") and taking
their side into the outcome ("I took her two best screens into mine"). Issue 13, blind
trial B.7: the conversational telling of a conflict story got -20 that the concise telling,
which names the product manager, did not."""

from __future__ import annotations

import pytest

from icraft.rubric import lint_answer

CONFLICT = "Tell me about a time you had a conflict with a coworker."

# Whether the story handles the people: told so, and gone ahead alone.
CASES = {
    True: [
        "My tech lead and I disagreed about moving to GraphQL. I told him I was worried about caching, and we tried it "
        "on one endpoint for a sprint; it doubled our cache misses, so REST stayed for the public API.",
        "There was real tension with the QA lead about release dates. I asked her what she needed to feel safe, and we "
        "added a smoke-test stage to the pipeline, which cut each release by a day.",
        "A senior engineer pushed back on my schema change in review. I took his two main points into the design, and "
        "the migration went out a week later with no downtime.",
        "The designer and I argued about the settings page for a week. I said fine, let's put both in front of five "
        "users, and the simpler one won four of five sessions, so that is what we shipped.",
    ],
    False: [
        "My colleague and I disagreed about the API design. I thought mine was cleaner, so I merged my version on "
        "Friday and it went live without problems the next week.",
        "There was a conflict about the release date with another engineer. I worked late every day for two weeks, "
        "finished the feature myself, and we shipped on time.",
    ],
}


@pytest.mark.parametrize(("answer", "handled"), [(a, h) for h, answers in CASES.items() for a in answers])
def test_talking_to_the_other_side_is_stakeholder_management(answer: str, handled: bool) -> None:
    fired = "no_stakeholder_mgmt" in {f.rule_id for f in lint_answer(answer, question=CONFLICT).findings}
    assert fired is not handled


def test_the_trials_conversational_conflict_story_is_judged_like_its_concise_telling() -> None:
    answer = ("Yeah so, um, this was last year, there was a, a designer on the team, senior, and we, well, we "
              "disagreed about the onboarding flow. She wanted like five screens and I, I thought that was gonna kill "
              "sign-ups, you know. And we had, uh, two weeks to launch. So what I did was, I said okay let's not "
              "argue, let's test it, and I built both versions behind a flag, took me about two days, and we ran an "
              "A/B test on, um, ten percent of traffic. And the short one converted, I think it was fourteen percent "
              "better, but hers had fewer support tickets, so we, uh, we kind of merged, I took her two best screens "
              "into mine. We shipped on time and sign-ups went up eleven percent. And honestly the big thing I "
              "learned was, like, make it an experiment early instead of a debate.")
    assert "no_stakeholder_mgmt" not in {f.rule_id for f in lint_answer(answer, question=CONFLICT).findings}
