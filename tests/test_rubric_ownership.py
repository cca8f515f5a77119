"""no_ownership and hypothetical first person: "I would..." is neither an owned action
nor team talk. A plan is ownership-neutral (not judged, so no skill evidence); a story
whose only "I" is hypothetical still fires, and says why the "I" did not count."""

from __future__ import annotations

import pytest

from icraft.rubric import lint_answer, load_rubric
from icraft.skills.evidence import observe

STORY_Q = "Tell me about a time a project did not go as planned."
TEAM_STORY = (
    "Our team rebuilt the billing pipeline last year because the nightly jobs kept failing. "
    "We moved the jobs to a queue, we added retries and we shipped it in March. "
)


def ownership(answer: str, question: str | None = None, qtype: str | None = "behavioral"):
    res = lint_answer(answer, question=question, question_type=qtype)
    hits = [f for f in res.findings if f.rule_id == "no_ownership"]
    return res, (hits[0] if hits else None)


def test_team_story_with_only_hypothetical_i_fires_and_explains() -> None:
    _, f = ownership(TEAM_STORY + "Next time I would write the load tests first and I'd talk to finance earlier.", STORY_Q)
    assert f is not None
    assert f.detail["i_actions"] == 0 and f.detail["we_actions"] == 3 and f.detail["hypothetical"] == 2
    assert [s.quote for s in f.spans] == ["We moved", "we added", "we shipped"]
    assert "says what you would do, not what you did" in f.message
    assert f.message.startswith('"We" 4 times')


@pytest.mark.parametrize("condition", ["If I started over", "If I added a soak test", "Unless I rewrote the client"])
def test_a_conditional_i_action_is_not_owned(condition: str) -> None:
    """"If I started over" used to count as an action of yours and hid the team story."""
    _, f = ownership(TEAM_STORY + f"{condition}, the rollout would be calmer.", STORY_Q)
    assert f is not None and f.detail["i_actions"] == 0


def test_a_real_i_action_still_counts_beside_hypotheticals() -> None:
    res, f = ownership(TEAM_STORY + "I traced the failures to the retry storm. I would add jitter earlier next time.", STORY_Q)
    assert f is None
    assert "no_ownership" in res.judged  # judged and passed: evidence of ownership


def test_a_plan_answer_is_not_judged_so_it_moves_no_ownership_skill() -> None:
    question = "How would you handle a disagreement with a teammate about a design?"
    answer = (
        "I would first ask for a one-on-one so it does not turn into a debate in the review. I'd listen to "
        "their reasons and write both options down with their costs. If we still disagreed, I might bring in "
        "the tech lead."
    )
    res, f = ownership(answer, question)
    assert f is None
    assert "no_ownership" not in res.judged
    ev = observe(res, load_rubric()).get("ownership_signal")
    assert ev is None or "no_ownership" not in ev.passed + ev.failed


def test_a_story_question_answered_only_hypothetically_fires() -> None:
    """Asked what you did, "I would..." dodges the question: no action of yours."""
    _, f = ownership(
        "I would start by talking to finance, then I'd move the jobs to a queue and add retries.", STORY_Q
    )
    assert f is not None and f.detail["hypothetical"] == 2
    assert f.message.startswith("No first-person action anywhere") and "would do" in f.message


@pytest.mark.parametrize(
    ("phrase", "hypothetical"),
    [
        ("I'd say the hardest part was the schema.", 0),  # a hedge, not a plan
        ("I'd already shipped the fix by then.", 0),  # past perfect
        ("I would have pushed for tests.", 1),
        ("If I were the lead I'll split it.", 2),
        ("We'd keep a rollback switch.", 0),  # hypothetical, but not "I"
    ],
)
def test_what_counts_as_hypothetical_first_person(phrase: str, hypothetical: int) -> None:
    _, f = ownership(TEAM_STORY + phrase, STORY_Q)
    assert f is not None and f.detail["hypothetical"] == hypothetical


def test_hypothetical_we_is_not_team_talk() -> None:
    """"We'd"/"we could" are not counted among the "we"s of the story."""
    _, f = ownership(TEAM_STORY + "We'd keep a rollback switch and we could add alerts.", STORY_Q)
    assert f is not None and f.detail["we"] == 4  # our, We, we, we: not We'd, we could


@pytest.mark.parametrize("answer", [
    "On a normal day I review the queue first, then I pair with whoever is stuck and I keep the board tidy. "
    "I believe good habits make a calm team and I always share credit.",
    "First I mix the flour with two eggs, then I whisk it smooth and I let it rest for an hour before I heat the pan.",
])
def test_habits_in_the_first_person_are_no_action_and_the_message_says_so(answer: str) -> None:
    """"No first-person action anywhere" was wrong on an answer full of "I": the finding
    stands (nothing done is told) and says what is missing instead."""
    _, f = ownership(answer, STORY_Q)
    assert f is not None
    assert "first-person" not in f.message and "never with something you did" in f.message
