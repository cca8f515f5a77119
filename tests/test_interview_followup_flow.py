"""Follow-ups that listen (issue 12's interview defects): a gap the candidate has filled
in a follow-up reply is not probed again, and the same probe is not asked twice in a row
across two questions. The real engine, bank and lint."""

from __future__ import annotations

import pytest

from icraft.interview.engine import Engine, InterviewOptions, Phase, default_lint
from icraft.interview.followups import bank_rules
from icraft.content import bank
from icraft.rubric.scoring import is_judged

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


# The bank's follow-ups mostly open like main questions ("What limits...", "Give me a real
# case...", "What evidence would..."), so their replies were read as main answers, where
# shallow_followup judges nothing: every reply to them was "too short to judge", however weak.
BANK_PROBES = (
    ("What limits connections per server: memory, file descriptors or CPU?",
     "Not sure really, probably just add more servers."),  # the trial's i2
    ("Give me a real case where adding an index made a big difference.", "We added one once and it was faster."),
    ("What evidence would have shown it was a bad idea?", "Probably the metrics."),
    ("How do you stop a bad upstream schema change before it reaches dashboards?", "Testing, mostly."),
)


@pytest.mark.parametrize(("question", "reply"), BANK_PROBES)
def test_a_weak_reply_to_a_bank_followup_is_judged(question, reply) -> None:
    res = default_lint(reply, question=question, question_type="technical", rules=bank_rules())
    assert is_judged(res) and [f.rule_id for f in res.findings] == ["shallow_followup"]
    assert res.score.overall < 100


def test_a_reasoned_reply_to_a_bank_followup_passes() -> None:
    reply = ("Mostly memory, because each idle socket holds kernel buffers; file descriptors are a limit you raise "
             "in config, and CPU only matters when many messages fan out at once.")
    res = default_lint(reply, question=BANK_PROBES[0][0], question_type="system-design", rules=bank_rules())
    assert is_judged(res) and res.findings == ()


def test_the_interview_scores_a_weak_reply_to_its_bank_followup() -> None:
    e = Engine(InterviewOptions(type="system-design", role="backend", level="mid", minutes=15, seed=3), bank=bank)
    e.start()
    e.answer("I've been building our internal job scheduler, which six teams use now.")
    while e.phase is Phase.CORE:  # a strong answer: the bank's own follow-up comes next
        step = e.answer(
            "A WebSocket connection mostly costs memory, not CPU, when it's idle. Say about 20 kilobytes per "
            "connection for the kernel buffers and the app state, so one million is about 20 gigabytes. A box with "
            "64 gigabytes could hold maybe 2 million on paper, but I'd plan for around 200 thousand per server, so we "
            "have headroom for message bursts, file descriptor limits and a server dying. That's five servers, and "
            "I'd run eight across two zones so losing a zone still leaves room. The trade-off is cost versus blast "
            "radius: fewer, bigger boxes are cheaper but a failure drops more users who all reconnect at once, so "
            "I'd add jittered reconnects."
        )
    assert e.phase is Phase.FOLLOWUP and e.s.followup["kind"].startswith("bank:")
    step = e.answer("Not sure really, probably just add more servers.")
    assert step.result is not None and "shallow_followup" in step.result.judged
    assert [f.rule_id for f in step.result.findings] == ["shallow_followup"]
