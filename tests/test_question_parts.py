"""A question that asks two things and an answer that answers one (issue 13, weak answers scored
as passes; blind trial t02: "How does a database index work, and when would you not add one?"
answered with how it works only, 75 for a band of 10-30).

unanswered_part splits the question into its parts (at a question mark, or a sentence or "and"
that opens a new question word) and checks the parts whose answer shows a sign that can be
read: "when" (a condition or a case), "why" (a reason), numbers (a figure), what it costs (a
trade-off), how you would test it (a test). The cost is the share of parts left unanswered:
all of them cost as much as an off-topic answer.

Written here in our own words: answers that skip a part must be charged; answers that cover
both parts in other words must not. The trial's answer is a regression at the end.
"""

from __future__ import annotations

import pytest

from icraft.rubric import lint_answer
from icraft.rubric.detectors.topic import question_parts

SKIPS_A_PART = [
    ("technical", "What's the difference between a process and a thread, and when would you use async I/O instead?",
     "A process has its own memory space and a thread shares memory with the other threads of its process. "
     "Creating a process is heavier, and switching between threads is cheaper because they share the address "
     "space, so threads are the usual choice for parallel work inside one program."),
    ("behavioral", "Tell me about a time a deploy failed. Why did it fail?",
     "Last spring our mobile release went out with a broken login screen. I rolled it back within ten minutes, "
     "wrote a hotfix and shipped it the same afternoon, and I added a screenshot test for the login flow to our "
     "pipeline so the next release was checked before it went out."),
    ("behavioral", "Tell me about a performance improvement you made. What were the before and after numbers?",
     "Our search page felt sluggish, so I profiled it and found the product listing ran one query per item. I "
     "replaced it with a single batched query and cached the category tree in Redis. Pages felt much snappier "
     "afterwards and the support team stopped getting complaints about search."),
    # "when ... not" asks for the limit: a "when" that says when it is used does not answer it
    ("technical", "How does a database index work, and when would you not add one?",
     "An index is a B-tree over the column values that points at the rows, so a lookup reads a few pages "
     "instead of scanning the whole table. Postgres picks it when the filter is selective enough."),
    ("system-design", "How would you shard a users table, and how would you test the migration?",
     "I'd shard by user id with consistent hashing so that each user's rows live together on one shard, and keep "
     "a small lookup service that maps id ranges to shards. Queries that span users go through a fan-out layer "
     "that merges the results, and hot users get their own shard."),
]

ANSWERS_EVERY_PART = [
    ("technical", "How does a database index work, and when would you not add one?",
     "An index is a sorted structure, usually a B-tree, that maps column values to row locations, so a lookup "
     "walks a few pages instead of scanning the table. I'd skip it on a small lookup table, or on a column that's "
     "written constantly and rarely filtered on, since every insert has to update it."),
    ("technical", "What's the difference between a process and a thread, and when would you use async I/O instead?",
     "A process has its own memory space and a thread shares memory with the other threads of its process. I'd "
     "reach for async I/O when the work is mostly waiting on the network, like a proxy holding thousands of idle "
     "connections, where a thread per connection would waste memory."),
    ("behavioral", "Tell me about a project that failed. Why did it fail?",
     "Our team spent a quarter on a recommendation widget for the checkout page. Nobody clicked it: the product "
     "data was too sparse to recommend anything useful, and we had not tried the idea with a cheap prototype "
     "first. I now insist on a two-week experiment before anyone commits a quarter to an idea."),
    ("behavioral", "Tell me about a performance improvement you made. What were the before and after numbers?",
     "Our search page felt sluggish, so I profiled it and found the product listing ran one query per item. I "
     "replaced it with a single batched query and cached the category tree. The p95 went from 1.2 seconds to "
     "300 milliseconds and search complaints to support dropped by about two thirds."),
]


def _lint(qtype: str, question: str, answer: str):
    return lint_answer(answer, question=question, question_type=qtype)


@pytest.mark.parametrize("qtype,question,answer", SKIPS_A_PART, ids=["when", "why", "numbers", "when-not", "test"])
def test_an_answer_that_skips_a_part_of_the_question_is_charged(qtype: str, question: str, answer: str) -> None:
    result = _lint(qtype, question, answer)
    found = {f.rule_id: f for f in result.findings}
    assert "unanswered_part" in found, sorted(found)
    finding = found["unanswered_part"]
    assert finding.detail["unanswered"] and "unanswered" in finding.message
    # half the question unanswered: about a third of the off-topic cost in every category
    assert finding.points == pytest.approx(67.5 / len(finding.detail["parts"]), abs=0.01)
    assert all(s.word_end - s.word_start <= 20 for s in finding.spans)


@pytest.mark.parametrize("qtype,question,answer", ANSWERS_EVERY_PART, ids=["index", "async", "why", "numbers"])
def test_an_answer_to_every_part_is_not_charged(qtype: str, question: str, answer: str) -> None:
    result = _lint(qtype, question, answer)
    assert "unanswered_part" in result.judged
    assert "unanswered_part" not in {f.rule_id for f in result.findings}


def test_the_parts_of_a_question() -> None:
    parts = question_parts("how does a database index work, and when would you not add one?")
    assert [(p, k.kind if k else None) for p, k in parts] == [
        ("how does a database index work", None), ("when would you not add one", "when not")]
    assert [k.kind for _, k in question_parts("tell me about a project that failed. why did it fail?") if k] == ["why"]
    # one question, or parts whose answer shows no readable sign: not judged
    assert len(question_parts("design a url shortener.")) == 1
    one = lint_answer("An index is a sorted copy of a column with pointers to the rows, so lookups skip the scan.",
                      question="How does a database index work?", question_type="technical")
    assert "unanswered_part" not in one.judged


def test_a_reply_to_a_follow_up_is_not_judged_for_the_main_questions_parts() -> None:
    result = lint_answer("Because the cache was cold.", question="Why?", question_type="technical")
    assert "unanswered_part" not in result.judged


def test_the_blind_trials_index_answer() -> None:
    """Blind trial t02 (rubric 2026.12.34: 72, band 10-30; its wrong claim, "add indexes to all the
    columns you query", is still not read)."""
    answer = ("An index makes queries faster. It's like the index in a book. You should basically add indexes to "
              "all the columns you query so everything is fast.")
    result = _lint("technical", "How does a database index work, and when would you not add one?", answer)
    found = {f.rule_id: f for f in result.findings}
    assert found["unanswered_part"].detail["unanswered"] == ["when would you not add one"]
    assert result.score.overall <= 40, result.score
