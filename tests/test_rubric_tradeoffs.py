"""no_tradeoff hears a trade-off however it is stated (issue 13, blind trial section B.1):
the cost of a choice ("costs retries", "didn't hurt insert latency", "uses more memory"),
an alternative set against it (", against O(n) space"), or where the choice stops being
right ("unless", "not for balances", "I wouldn't make the whole database serializable").
When it does fire, it quotes the choice that came without one, briefly."""

from __future__ import annotations

import pytest

from icraft.rubric import lint_answer

DESIGN = "How would you store user sessions for a web app?"


def _tradeoff(answer: str, question: str = DESIGN, qtype: str = "technical"):
    res = lint_answer(answer, question=question, question_type=qtype)
    return next((f for f in res.findings if f.rule_id == "no_tradeoff"), None), res


# Our own phrasings of the class: each states what the choice costs or when it is wrong,
# without "trade-off", "instead of", "rather than" or "versus".
STATED = [
    # the cost of the choice, as a verb on a resource
    "I'd keep sessions in Redis with a 30 minute TTL. Every lookup then costs a network round trip, "
    "which is fine next to the page render time.",
    "I'd add a Bloom filter in front of the lookup; it costs a few megabytes of memory per shard and skips most disk reads.",
    "I'd batch the writes into one insert per second. Batching adds a second of latency to each write, "
    "and cuts the load on the primary by four.",
    "I'd sign the session into a cookie. It did not hurt page latency when we tried it, and no store is needed.",
    "I'd store them in Postgres at first. Encrypting each row takes extra CPU on every request, about 2 ms.",
    # an alternative set against it
    "I'd sort the array once and binary search it: O(n log n) up front and O(log n) per query, against O(n) "
    "per query for a scan.",
    "I'd use a database table with an index on the session id, as opposed to a separate cache cluster we would "
    "have to run.",
    # where the choice stops being right
    "I'd keep sessions in the database unless we pass a few thousand logins a second; then Redis.",
    "Sticky sessions on the load balancer work for a small fleet. Not for autoscaling, where a node "
    "disappears with its sessions; there I'd use Redis.",
    "I'd use server-side sessions in Redis. I wouldn't put them in JWTs, because a stolen token then "
    "stays valid until it expires.",
    "I'd use signed cookies for the session id. An extra lookup per request is acceptable for an app this size.",
]


@pytest.mark.parametrize("answer", STATED)
def test_a_tradeoff_stated_without_the_word_counts(answer: str) -> None:
    finding, _ = _tradeoff(answer)
    assert finding is None, [s.quote for s in finding.spans]


# Answers that make choices and never weigh them still get the finding.
UNWEIGHED = [
    "I'd keep sessions in Redis with a 30 minute TTL, keyed by a random session id that goes in a secure cookie. "
    "The app servers read it on every request and refresh the TTL.",
    "I would use a load balancer in front of the app servers and store the sessions in Postgres. I'd add an index "
    "on the session id and a cron job that deletes expired rows every night.",
    "You should just use JWTs for everything so it scales and is fast. Put the user id and the roles inside and "
    "sign it with a secret.",
]


@pytest.mark.parametrize("answer", UNWEIGHED)
def test_choices_with_no_alternative_or_cost_still_fire(answer: str) -> None:
    finding, _ = _tradeoff(answer)
    assert finding is not None


def test_the_evidence_is_the_choice_made_without_a_tradeoff_not_the_closing_sentence() -> None:
    answer = ("Sessions expire after thirty minutes of inactivity. I'd keep them in Redis, keyed by a random id in "
              "a secure cookie. The app servers refresh the TTL on every request and log a warning when Redis is slow.")
    finding, res = _tradeoff(answer)
    assert finding is not None
    assert [s.quote for s in finding.spans] == ["I'd keep them in Redis, keyed by a random id in a secure cookie."]


def test_the_evidence_is_brief_when_the_choice_is_a_long_sentence() -> None:
    answer = ("I would use a token bucket per API key stored in Redis with a capacity of one hundred requests that "
              "refills at a fixed rate every second and is checked atomically by a Lua script. When it is empty we "
              "return 429 with a Retry-After header.")
    finding, _ = _tradeoff(answer, "Design a rate limiter for our public API.", "system-design")
    assert finding is not None
    (span,) = finding.spans
    assert span.quote == "I would use a token bucket per API key stored in Redis"


# The blind trial's strong answers (regression): each states a trade-off and got -25.
TRIAL = {
    "t04": ("How would you optimise a slow SQL query?",
            "First I'd measure: run EXPLAIN ANALYZE on the real query with production-like data and see where the "
            "time goes. Last month a dashboard query took 9 seconds; the plan showed a sequential scan over 40 "
            "million rows and a sort spilling to disk. I added a composite index on (account_id, created_at), "
            "rewrote a correlated subquery as a join, and selected only the five columns the page used. It dropped "
            "to 120 milliseconds. I'd then check that the new index didn't hurt insert latency, which rose about 3 "
            "percent, acceptable for that table, and add the query to our slow-query alerts so a regression shows up."),
    "t06": ("When is eventual consistency acceptable?",
            "When a stale read for a few seconds does no harm and you need availability or low latency across "
            "regions: like counts, a product catalogue, a feed. Not for balances or inventory at checkout, where a "
            "stale read means overselling or an overdraft; there I'd use strong consistency on the write path. For "
            "a user's own edits I would use read-your-writes, routing their reads to the leader for a short window, "
            "because otherwise they edit their profile and see the old value, which looks like a bug even though "
            "the system is correct."),
    "f03": ("Which isolation level would you use for a money transfer between two accounts?",
            "I'd use serializable for the transfer transaction, or at least lock both account rows with SELECT FOR "
            "UPDATE in a fixed order by account id. Read committed is not enough because two concurrent transfers "
            "can both read the same balance and overdraw it. I wouldn't make the whole database serializable, "
            "because serializable costs retries under contention; I'd keep it to the transfer path and retry on "
            "serialization failures up to three times. Ordering the locks by id also prevents deadlocks when A "
            "pays B while B pays A."),
    "t01": ("How does a database index work, and when would you not add one?",
            "Most relational databases use a B-tree index: a sorted tree of key values pointing to rows, so a "
            "lookup goes from a full scan, O(n), to O(log n) page reads. A composite index on (customer_id, "
            "created_at) also serves range queries on the leading column. On a table with 50 million rows I'd "
            "check the query plan with EXPLAIN ANALYZE before and after, and watch write latency, since each extra "
            "index costs write throughput and disk."),
    "q5": ("How would you detect a cycle in a linked list?",
           "I'd use two pointers, a slow one that moves one step and a fast one that moves two steps. If there's a "
           "cycle they will eventually meet, and if the fast one reaches the end there's no cycle. That is O(n) time "
           "and O(1) space, against O(n) space for the set."),
    "c03": ("How would you detect a cycle in a linked list?",
            "I'd use two pointers, a slow one that moves one step and a fast one that moves two steps. If there's a "
            "cycle they will eventually meet, and if the fast one reaches the end there's no cycle. You could also "
            "store visited nodes in a set but that uses more memory."),
}


@pytest.mark.parametrize("case", sorted(TRIAL))
def test_trial_strong_answers_keep_their_tradeoff(case: str) -> None:
    question, answer = TRIAL[case]
    res = lint_answer(answer, question=question)
    assert "no_tradeoff" not in {f.rule_id for f in res.findings}
