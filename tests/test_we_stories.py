"""A story told only with "we" gives the interviewer nothing to credit (issue 13, "23 of the 27
misses are too lenient"; blind trial b03, a "we"-only failure story, 75 for a band of 20-40, and
p1a, a "we"-only incident, 60 for 25-45).

``no_ownership`` fired on them as an error, but in seniority_signal alone (weight 0.20 of a
behavioral answer), so -68 there was -13.5 overall: the mean of the categories diluted it. A
story whose every action is the team's fails every dimension for the interviewer (whose
structure, whose depth?), so the "we"-only form costs every category (``scope = "answer"``,
docs/SCORING.md section 8, rubric 2026.12.34). Its cost no longer grows with the number of
"we" actions: a more detailed "we" story cost more than a bare one (elaboration punished).

Also vague outcomes, lessons and effort ("it didn't go as planned", "we all worked really
hard", "next time we'll plan better") are placeholders for the concrete thing, like "it was
fine" (lexicon.PLACEHOLDER, no_specifics).

Written here in our own words; the trial's two answers are regressions at the end. A concrete
"we" story stays mid (calibration behavioral_mid_we_heavy, and the guard below).
"""

from __future__ import annotations

import pytest

from icraft.rubric import lint_answer

WE_ONLY_VAGUE = [
    ("Tell me about a time you handled a project that was behind schedule.",
     "Our team had a migration that was behind schedule. We had a lot of meetings about it and we decided to "
     "split the work differently. We pushed for the last two weeks and eventually we shipped it, a bit late. "
     "We learned to plan earlier."),
    ("Tell me about a time you led a migration.",
     "Last year our team was responsible for moving the mobile app to a new payments provider. We spent the first "
     "weeks reading the provider's documentation and we set up a sandbox account. We ran into some problems with "
     "refunds, so we worked with their support team until it was sorted out. We finally switched over in the "
     "spring and the launch went smoothly overall. We learned that it pays to start testing early."),
    ("Tell me about a time you improved a process.",
     "Our deployments used to be painful and everybody complained about them. We sat down as a team and we looked "
     "at the whole release process from start to finish. We moved the manual steps into the CI pipeline and we "
     "wrote a checklist for the rest. After a while releases became much calmer and people stopped complaining. "
     "We were all happy with how it turned out."),
]

CONCRETE_WE = (
    "Tell me about a time you improved a slow system.",
    "At my last company our nightly billing job took six hours and often missed the 6 am cutoff. We profiled "
    "it and found 40,000 single-row inserts. We switched to batched COPY writes and we moved the tax lookups "
    "into one query. The job now runs in 35 minutes and has not missed the cutoff since March.",
)


def _lint(question: str, answer: str):
    return lint_answer(answer, question=question, question_type="behavioral")


@pytest.mark.parametrize("question,answer", WE_ONLY_VAGUE, ids=["behind", "migration", "process"])
def test_a_vague_we_only_story_scores_weak(question: str, answer: str) -> None:
    result = _lint(question, answer)
    found = {f.rule_id: f for f in result.findings}
    assert "no_ownership" in found
    # Weak, under the calibration set's weak ceiling (tests/calibration/README.md: 0-59). Written
    # as <= 45 before the change was run; they land at 51-58 (65-71 before): nothing but the
    # ownership and a vague result fires on them, see docs/SCORING.md section 8, 2026.12.34.
    assert result.score.overall <= 59, (result.score, sorted(found))
    # the whole answer pays, not seniority alone
    assert all(v <= 75 for v in result.score.categories.values()), result.score.categories


def test_a_concrete_we_only_story_stays_middling() -> None:
    result = _lint(*CONCRETE_WE)
    assert "no_ownership" in {f.rule_id for f in result.findings}
    assert 55 <= result.score.overall <= 85, result.score


def test_more_we_detail_never_costs_more_ownership() -> None:
    """Two concrete "we" sentences added to a "we" story: its ownership cost used to grow
    with each "we" action (45, 67.5, 78.8, 84.4... points), so the fuller story scored lower."""
    question = "Tell me about a time you fixed a production issue."
    base = ("Last month checkout started double-charging some customers. We traced it to the webhook consumer "
            "and we shipped a fix the same day.")
    fuller = base + (" We rewrote the retry logic in the consumer. We added an idempotency key to each charge "
                     "request and we replayed the failed webhooks from the dead-letter queue.")
    before, after = _lint(question, base), _lint(question, fuller)
    cost = {r: next(f.points for f in res.findings if f.rule_id == "no_ownership") for r, res in
            (("base", before), ("fuller", after))}
    assert cost["fuller"] <= cost["base"], cost
    assert after.score.overall >= before.score.overall, (before.score, after.score)


def test_vague_outcomes_lessons_and_effort_are_placeholders() -> None:
    answer = ("We had an initiative to improve onboarding for new customers that didn't work out. Everyone "
              "worked really hard on it, but the scope kept growing. It didn't go as planned and we had to stop. "
              "I think communication is key and next time we should plan better.")
    result = _lint("Tell me about a project that failed.", answer)
    found = {f.rule_id: f for f in result.findings}
    assert "no_specifics" in found, sorted(found)
    quoted = " ".join(s.quote for s in found["no_specifics"].spans).lower()
    assert "didn't work out" in quoted and "worked really hard" in quoted


def test_an_i_story_is_unchanged_by_the_ownership_cost() -> None:
    answer = ("Last month checkout started double-charging some customers. I traced it to the webhook consumer, "
              "rewrote its retry logic with an idempotency key per charge and replayed the failed webhooks. "
              "Duplicate charges stopped that day, and I added an alert on the duplicate rate.")
    result = _lint("Tell me about a time you fixed a production issue.", answer)
    assert "no_ownership" not in {f.rule_id for f in result.findings}


TRIAL = [
    ("Tell me about a time you failed.",
     "We had a project that didn't go well. We were supposed to launch a new search feature but we ran out of "
     "time because the requirements kept changing. The team worked really hard but in the end it got delayed. "
     "We talked about it in the retro and decided to do better planning next time.", (20, 40)),
    ("Tell me about a time you handled a production incident.",
     "Our checkout service started timing out during a sale and we had to fix it quickly. We looked at the "
     "dashboards and found the database was overloaded. We added a cache and things got better.", (25, 45)),
]


@pytest.mark.parametrize("question,answer,band", TRIAL, ids=["b03", "p1a"])
def test_the_blind_trials_we_stories_land_in_their_bands(question: str, answer: str, band: tuple[int, int]) -> None:
    """Blind trial b03 (rubric 2026.12.32: 75) and p1a (60), bands written before any run."""
    result = _lint(question, answer)
    assert band[0] <= result.score.overall <= band[1], result.score
