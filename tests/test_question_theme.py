"""A good story told to the wrong behavioral question is off topic (issue 13, *Relevance*: "a
billing story given to a mentoring question 87"; blind trial b08: a billing incident told to
"Tell me about a time you mentored someone" scored 90, band 15-35).

Such a story is about work and meets the question's words by meaning as well as an on-topic
story told in other words does, so the similarity cannot tell them apart. What tells them
apart is the competency the question asks about (its theme, ``lexicon.THEMES``: someone
mentored, a conflict, a failure, a customer...): a story that shows no sign of it answers
another question. The sign is read broadly (a pronoun for the person mentored, "wanted" or
"thought" for the other side of a disagreement), so on-topic stories told without the
theme's keyword must not move: the second half of this file, and the paraphrased and
on-topic stories of tests/data/relevance (test_relevance.py).

Written here in our own words; the trial's answer and the calibration case are regressions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from icraft.rubric import lint_answer

# Good work stories, each told to a behavioral question about something else.
OFF_THEME = [
    ("Tell me about a time you mentored someone.",
     "Last year our nightly export to the data warehouse started taking nine hours. I profiled it, found that "
     "every row was written in its own transaction, and rewrote the loader to commit in batches of 5,000. The "
     "export now finishes in 40 minutes, and I added a dashboard that alerts when it runs over an hour."),
    ("Give me a specific example of how you onboarded a new engineer to a complex codebase.",
     "In 2023 I led our move from Jenkins to GitHub Actions. I wrote the shared workflows, migrated 40 "
     "repositories over six weeks and switched off the old build servers. Build times fell from 18 to 7 "
     "minutes, which saves about 2,000 dollars a month."),
    ("Tell me about a time you disagreed with a teammate about a design.",
     "Last spring our search page took four seconds to load. I profiled it, found an N+1 query in the "
     "product listing, added a batched loader and put the results in Redis for five minutes. Load time fell "
     "to 600 milliseconds and conversions rose 3 percent."),
    ("Tell me about a time you made a mistake at work.",
     "In 2023 I led our move from Jenkins to GitHub Actions. I wrote the shared workflows, migrated 40 "
     "repositories over six weeks and trained each team in a 30-minute session. Build times fell from 18 to 7 "
     "minutes, which saves about 2,000 dollars a month."),
]

# Work stories told to a mentoring question that name a manager or a team ("he", "their",
# "my colleagues") but teach nobody: a person is in most stories, so a pronoun is no sign of
# someone helped to grow (rubric 2026.12.50; before it, the first of these scored 88).
OFF_THEME += [
    ("Tell me about a time you mentored someone on your team.",
     "Last spring our billing service started double-charging about two percent of customers after a deploy. "
     "My manager asked me to own the fix, and he wanted a status update every hour. I traced it to a retry in "
     "the payment client that was not idempotent, added an idempotency key to every charge request and wrote a "
     "backfill script to refund the duplicates. We refunded all 1,400 customers within two days, and my "
     "manager said it was the cleanest incident response he had seen that year."),
    ("Tell me about a time you mentored someone on your team.",
     "Last spring our billing service started double-charging customers after a deploy. My manager asked me to "
     "own the fix and wanted a status update every hour, so I gave him one on the hour. I traced it to a retry "
     "that was not idempotent, added an idempotency key and refunded all 1,400 customers within two days."),
    ("Describe a time you helped a junior engineer grow.",
     "Our mobile team shipped their release every two weeks and the build kept breaking on Fridays. My "
     "colleagues and I owned the CI pipeline, so I split the test suite into four shards, cached the Gradle "
     "dependencies and moved the flaky UI tests to a nightly job. Their build went from 41 to 12 minutes and "
     "they have not missed a release date since."),
]

# Success stories told to a conflict question that name a manager, a teammate, "no", "not" or
# "but": people and negations are in most stories, so they are no sign of a disagreement
# (rubric 2026.12.44; a second blind trial's b07 passed on "Sure", "no caching", "my manager").
OFF_THEME += [
    ("Tell me about a time you disagreed with your manager.",
     "Sure. Our nightly billing report took six hours and my manager asked me to look at it. There was no "
     "index on the invoice date, so I added one and split the job into four parallel batches. It now runs in "
     "35 minutes, and my manager shared the write-up with the other teams."),
    ("Tell me about a time you had a conflict with a coworker.",
     "My teammate Dana and I owned the checkout service together. It was not fast enough on mobile, but we "
     "had no profiling in place, so I added tracing, found three blocking calls and made them async. She "
     "handled the rollout and p95 latency went from 2.1 seconds to 700 milliseconds."),
    ("Describe a time you pushed back on a request from a senior leader.",
     "Our VP of engineering asked me to lead the migration of our logging stack to OpenTelemetry. I wrote the "
     "plan, moved twelve services in five weeks and ran a session for each team. We cut our logging bill by 40 "
     "percent and he asked me to present it at the all-hands."),
]

# On-topic stories told without the theme's own word (no "mentor", no "disagree", no "mistake").
ON_THEME = [
    ("Tell me about a time you mentored someone.",
     "When Priya joined us from a bootcamp she froze whenever a design call was hers to make. I set aside an "
     "hour every Tuesday to go through her pull requests with her and asked her to argue for her choice before "
     "I said anything. After three months she was writing the design notes for our payments service herself."),
    ("Tell me about a time you mentored someone.",
     "Two graduates joined my squad in September and neither had written Go before. I wrote ten starter "
     "tickets that got harder one by one, sat with them for the first three and went over their changes every "
     "afternoon. By December both shipped features alone, and one of them now runs our release rotation."),
    # the help itself, with no mentoring word and no newcomer (rubric 2026.12.50)
    ("Tell me about a time you mentored someone on your team.",
     "Marco moved over from QA to our backend team and kept getting stuck on our deploy scripts. I walked him "
     "through one release end to end, then let him drive the next two while I watched. By the spring he was "
     "running the weekly release on his own and fixed two bugs in the scripts himself."),
    ("Describe a time you helped a colleague improve.",
     "A teammate's code reviews kept stalling for days because her changes were 800 lines long. I showed her "
     "how to split a change into a stack of small ones and reviewed the first few stacks the same morning. Her "
     "review time dropped from four days to one, and she now teaches the same trick to the interns."),
    ("Tell me about a time you disagreed with a teammate about a design.",
     "My tech lead wanted to rewrite our invoice importer in Rust because it was slow. I thought a profiler "
     "pass would be enough, so I spent a day on it and showed that 80 percent of the time went into one regex. "
     "We fixed that instead, the import went from 20 minutes to 3, and the rewrite was dropped."),
    ("Tell me about a time you disagreed with a teammate about a design.",
     "The designer's mockup put the checkout button below the fold, and I was sure it would cost us "
     "conversions. I asked for a one-week A/B test on ten percent of traffic, and the version with the button "
     "on top converted 4 percent better, so we shipped that and she reused the layout on the cart page."),
    ("Tell me about a time you made a mistake at work.",
     "Last spring I pushed a config change on a Friday evening without a canary, and it took login down for "
     "40 minutes. I rolled it back as soon as the alert fired, wrote the postmortem myself, and added a canary "
     "stage to our deploy pipeline so a config change now reaches 5 percent of traffic first."),
    ("Tell me about a time you made a mistake at work.",
     "I promised the data team their customer export by the end of the quarter and delivered it five weeks "
     "after that, because I had not counted the legal review. I told their lead as soon as I saw it coming and "
     "now I put a review buffer in every estimate I give."),
    # a conflict told as the other side's stance, a refusal or displeasure (no "disagree",
    # "conflict" or "argue"), rubric 2026.12.44
    ("Tell me about a time you disagreed with your manager.",
     "My manager preferred to hire a contractor for the mobile app. I wasn't sure a contractor could learn our "
     "API in time, so I built a two-week prototype with one teammate and showed him the cost of each path. He "
     "kept the contractor for design only, and we shipped the app in March."),
    ("Tell me about a time you had to say no to a request from a senior leader.",
     "Our CFO asked for a custom export in two days, in the middle of a security audit. I told him we couldn't "
     "take it that week and offered a CSV from the admin page as a stopgap. He was not happy at first, but the "
     "CSV covered what the board needed, and I built the real export the following sprint."),
    ("Tell me about a time you had to influence someone who didn't report to you.",
     "The platform team was reluctant to add a staging queue for us because it meant more on-call work. I "
     "wrote down the three incidents it would have caught, offered to own its alerts myself, and paired with "
     "their lead on the setup. They added it within a month and we have had no bad deploys since."),
    # a failure told as what happened to the work ("nobody ended up using", "was stopped"): rubric
    # 2026.12.32 called it off topic, the failure theme now reads these too
    ("Tell me about a time you failed.",
     "We built a reporting tool that nobody ended up using. We spent a few months on it but the requirements "
     "were unclear. In the end the project was stopped and we moved on to other work."),
]

TRIAL = Path(__file__).resolve().parent / "calibration"


def _lint(question: str, answer: str):
    return lint_answer(answer, question=question, question_type="behavioral")


@pytest.mark.parametrize("question,answer", OFF_THEME, ids=[f"off{i}" for i in range(len(OFF_THEME))])
def test_a_good_story_told_to_a_question_about_something_else_is_off_topic(question: str, answer: str) -> None:
    result = _lint(question, answer)
    found = {f.rule_id: f for f in result.findings}
    assert "off_topic" in found, (question, sorted(found))
    finding = found["off_topic"]
    assert finding.detail["themes"], finding.detail
    assert "does not answer the question" in finding.message
    assert result.score.overall <= 40, result.score
    # the evidence is the opening, briefly, never the whole story
    assert all(s.word_end - s.word_start <= 20 for s in finding.spans)


@pytest.mark.parametrize("question,answer", ON_THEME, ids=[f"on{i}" for i in range(len(ON_THEME))])
def test_an_on_topic_story_told_in_other_words_is_not_off_topic(question: str, answer: str) -> None:
    result = _lint(question, answer)
    assert "off_topic" not in {f.rule_id for f in result.findings}
    if "we built a reporting tool" not in answer.lower():  # a weak "we" story, on topic but not strong
        assert result.score.overall >= 70, (result.score, [f.rule_id for f in result.findings])


def test_a_question_with_no_theme_is_not_judged_for_one() -> None:
    # "a project you owned" names no competency the story must show: nothing to miss
    story = OFF_THEME[0][1]
    result = _lint("Tell me about a project you owned from start to finish.", story)
    assert "off_topic" not in {f.rule_id for f in result.findings}


def test_the_blind_trials_billing_story_to_a_mentoring_question() -> None:
    """Blind trial b08 (rubric 2026.12.31: 90, band 15-35)."""
    answer = ("In March our billing job failed and 3,000 invoices went out with the wrong tax rate. I was on call, "
              "so I rolled back the tax table within 20 minutes, wrote a script that reissued the corrected invoices, "
              "and added a check that compares the rate table against the previous day before each run. As a result "
              "no invoice has gone out wrong since. I learned to validate configuration as carefully as code.")
    result = _lint("Tell me about a time you mentored someone.", answer)
    assert "off_topic" in {f.rule_id for f in result.findings}
    assert 15 <= result.score.overall <= 35, result.score
    # the same story told to a question about a failure is on topic
    failure = _lint("Tell me about a time something you owned failed in production.", answer)
    assert "off_topic" not in {f.rule_id for f in failure.findings}


def test_the_second_blind_trials_speed_up_story_to_a_disagreement_question() -> None:
    """Second blind trial b07 (rubric 2026.12.43: 98, band 18-36): it passed the conflict theme
    on "Sure", "no caching" and "My manager"."""
    answer = ("Sure. So one of my proudest projects was optimizing our search service. Search latency had crept up "
              "to about 900 milliseconds at p95, and customers were complaining. I profiled it and found we were doing "
              "an N+1 query pattern when loading facets, plus we had no caching on the category tree. I rewrote the "
              "facet loading to batch the queries, added a Redis cache for the category tree with a five-minute TTL, "
              "and added an index on the product attributes table. P95 went from 900 to 180 milliseconds, and support "
              "tickets about slow search dropped by about 70 percent. My manager was really happy with the result and "
              "I presented it at our engineering demo day.")
    result = _lint("Tell me about a time you disagreed with your manager. What did you do?", answer)
    found = {f.rule_id: f for f in result.findings}
    assert "off_topic" in found and found["off_topic"].detail["themes"] == ["conflict"], sorted(found)
    assert result.score.overall <= 40, result.score
