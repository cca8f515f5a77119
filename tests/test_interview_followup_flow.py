"""Follow-ups that listen (issue 12's interview defects): a gap the candidate has filled
in a follow-up reply is not probed again, and the same probe is not asked twice in a row
across two questions. The real engine, bank and lint."""

from __future__ import annotations

from icraft.interview.engine import Engine, InterviewOptions, Phase
from icraft.content import bank

TEAM_STORY = (
    "Last year our checkout was slow and customers complained. We looked at the problem together as a team, "
    "we talked to the product managers, we went through the database queries one by one, and we agreed on a plan. "
    "We fixed the slow queries and after that the checkout got a lot better and customers were happier with it. "
    "We learned that we should measure performance earlier."
)
MY_PART_WITH_FIGURES = (
    "I personally rewrote the three slowest queries and added two indexes; p99 latency fell from 900 ms to 200 ms "
    "and conversion rose 4 percent."
)
CACHE = (
    "I would put a cache in front of the database using Redis, with a time to live of five minutes, "
    "and invalidate the key on every write so readers see fresh data within a few seconds. "
    "I would measure the hit rate and the p99 latency, and page on errors above one percent."
)


def test_numbers_given_in_a_followup_reply_are_not_asked_for_again() -> None:
    e = Engine(InterviewOptions(type="behavioral", minutes=30, seed=3), bank=bank)
    e.start()
    e.answer("I build payment systems at Acme.")
    core = e.answer(TEAM_STORY)
    missing = {f.rule_id for f in core.result.findings}
    assert {"missing_metrics", "no_ownership"} <= missing  # the story lacks both
    assert "personally" in core.said  # ownership costs most: asked first
    reply = e.answer(MY_PART_WITH_FIGURES)
    assert "how much" not in reply.said.lower() and "number" not in reply.said.lower(), reply.said


def test_the_same_probe_is_not_asked_twice_in_a_row() -> None:
    e = Engine(InterviewOptions(type="technical", minutes=45, seed=5), bank=bank)
    e.start()
    e.answer("I build payment systems at Acme.")
    asked: list[str] = []
    for _ in range(8):
        step = e.answer(CACHE if e.phase is Phase.CORE else "I am not sure.")
        asked += [u.text for u in step.utterances if u.kind == "followup"]
    assert len(asked) >= 3
    assert all(a != b for a, b in zip(asked, asked[1:])), asked
