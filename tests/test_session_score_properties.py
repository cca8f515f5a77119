"""The interview's score follows its answers (issue 13, *Weak answers vanish*,
*Elaboration punished*), on a real database with the real rubric:

- a weak reply to a follow-up counts: it is judged by the rules its follow-up asked
  about at any length and lowers its question's score well below the same story with a
  strong reply;
- a reply too short for any rule to judge ("no") does not count;
- no answer vanishes: an interview whose answers are not all 100 never reads 100;
- improving one answer never lowers the session score (generated interviews, each
  answer improved by a relevant, specific sentence through ``sessions edit``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from icraft.interview.runner import question_scores
from icraft.interview.transcript_view import correct_answer
from icraft.store import sessions as store
from tests.test_interview_scoring import NO_RESULT, RESULT, _one_question, _scores
from tests.test_sessions_cmd import interview

WEAK_REPLY = "It went fine in the end, I think, more or less."


def _question(tmp_path, name: str, *answers: str):
    """One question answered in a database of its own (a shared one would ask another
    question: the bank avoids recently asked ones)."""
    from icraft.store import connect

    db = connect(tmp_path / f"{name}.db")
    runner, asked = _one_question(db, *answers)
    [q] = question_scores(db, runner.session_id)
    return db, runner.session_id, q, asked


def test_a_weak_reply_to_a_follow_up_counts(tmp_path, icraft_home):
    *_, alone, _ = _question(tmp_path, "alone", NO_RESULT)
    *_, strong, asked = _question(tmp_path, "strong", NO_RESULT, RESULT)
    db, sid, weak, asked_weak = _question(tmp_path, "weak", NO_RESULT, WEAK_REPLY)
    assert asked[0] == asked_weak[0] == "missing_result"  # both replies answer "how did it turn out?"
    core, reply = _scores(db, sid)
    assert reply["overall"] < core["overall"]  # the reply was checked and found weak...
    assert weak.overall < strong.overall  # ...so it weighs on the question
    # A vague result is still more than none: the question scores above the story alone,
    # but far below the same story with its figures.
    assert alone.overall <= weak.overall <= strong.overall - 5
    assert any(f["answer"] == 2 and f["measurable"] for f in weak.findings)  # its findings are evidence


def test_a_reply_too_short_to_judge_does_not_count(tmp_path, icraft_home):
    db, sid, q, asked = _question(tmp_path, "no", NO_RESULT, "no")
    core, reply = _scores(db, sid)
    judged = db.execute("SELECT judged FROM answer_scores WHERE session_id = ? AND answer_index = 2", (sid,)).fetchone()
    assert judged[0] == "[]"  # no rule could judge "no"
    # The answers as given are the story alone: the question scores the mean of its best
    # account and the story's own score, never less than the story.
    assert q.overall >= core["overall"]


def test_no_weak_answer_vanishes_behind_a_strong_account(db):
    sid = interview(db, ["I build payment systems.", NO_RESULT, RESULT])
    scores = [r["overall"] for r in _scores(db, sid)]
    stored = store.get_session(db, sid).score
    assert min(scores) < 100
    assert stored < 100, f"an answer scored {min(scores)} but the interview reads {stored}"


# Answers the generated interviews are made of: strong, middling and weak sentences.
SENTENCES = [
    "Last year our checkout service was timing out during a flash sale.",
    "I was the on-call engineer that week.",
    "I profiled the requests and found that we called the inventory service once per cart item.",
    "I batched those lookups into one call and added a short cache.",
    "As a result p99 latency fell from 2.4 seconds to 300 milliseconds.",
    "We worked on it as a team and it went well.",
    "It was fine.",
    "I learned to load test the sale path before every big event.",
    "My manager wanted to rewrite the service, and I disagreed because the rewrite would take a quarter.",
    "Honestly I'm not sure, it was kind of a lot of stuff.",
]
BETTER = [
    "As a result checkout errors dropped from 4% to 0.1% for the next sale.",
    "I wrote the load test myself and ran it against 2,000 orders a minute.",
    "I chose the cache over a rewrite because it shipped in two days, at the cost of some stale stock counts.",
]


# derandomize: the same 25 interviews every run, so CI does not fail on a random draw of a
# known limit (the last counterexample below, found by random draws and kept as a strict
# xfail). Random draws, 500 interviews a run: rubric 2026.12.21 failed 2 runs of 2
# (after 164 and 199 interviews); with 2026.12.28 passed 4 runs and failed 1 (that limit).
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_improving_one_answer_never_lowers_the_session_score(tmp_path, icraft_home, data: st.DataObject):
    # A database per example: the bank avoids recently asked questions, so a shared one
    # would ask other questions (and draw other answers) when an example is replayed.
    import tempfile

    from icraft.store import connect

    db = connect(Path(tempfile.mkdtemp(dir=tmp_path)) / "icraft.db")
    answers = [
        " ".join(data.draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=5, unique=True), label=f"answer {i}"))
        for i in range(4)
    ]
    sid = interview(db, ["I build payment systems.", *answers], seed=data.draw(st.integers(0, 5), label="seed"))
    before = store.get_session(db, sid).score
    rows = [r for r in _scores(db, sid) if r["answer_index"] > 0]
    assume(rows and before is not None)
    row = data.draw(st.sampled_from(rows), label="answer improved")
    old = db.execute(
        "SELECT overall, judged FROM answer_scores WHERE session_id = ? AND answer_index = ? AND attempt = 0",
        (sid, row["answer_index"]),
    ).fetchone()
    better = f"{row['text']} {data.draw(st.sampled_from(BETTER), label='sentence added')}"
    _, result = correct_answer(db, sid, row["answer_index"], better)
    assume(result is not None and result.score.overall is not None)
    assume(result.score.overall >= old["overall"])  # the answer itself got no worse
    after = store.get_session(db, sid).score
    assert after >= before, f"answer {row['answer_index']}: {old['overall']} -> {result.score.overall}, session {before} -> {after}"


def test_a_found_counterexample_adding_a_trade_off_to_a_reply(tmp_path, icraft_home):
    """Found by the property above (2026-12-07): a trade-off sentence added to a reply to
    "how did it turn out?" pulled the question's joined account under off_topic's floor
    (read as one text: 68 -> 16) and the session went 38 -> 27 with every answer's own score
    unchanged. off_topic now judges a joined account on its answers to the main question,
    each alone, never on its replies to follow-ups (docs/SCORING.md section 4)."""
    import tempfile

    from icraft.store import connect

    db = connect(Path(tempfile.mkdtemp(dir=tmp_path)) / "icraft.db")
    cache = "I batched those lookups into one call and added a short cache."
    answers = [cache, cache, "As a result p99 latency fell from 2.4 seconds to 300 milliseconds.",
               "Last year our checkout service was timing out during a flash sale."]
    sid = interview(db, ["I build payment systems.", *answers], seed=2)
    before = store.get_session(db, sid).score
    row = next(r for r in _scores(db, sid) if r["answer_index"] == 3)
    _, result = correct_answer(db, sid, 3, f"{row['text']} {BETTER[2]}")
    assert result is not None and result.score.overall >= row["overall"]  # the answer itself got no worse
    assert store.get_session(db, sid).score >= before


def test_sessions_edit_rescores_a_retelling_against_the_question_it_answers(tmp_path, icraft_home):
    """Found by the property above with 500 random interviews: a whole answer asked for
    again ("Can you walk me through it in more detail?") answers the main question, and the
    interview judged it so, but ``sessions edit`` re-scored it against the interviewer's
    request: an off-topic retelling scored 2 in the interview and 52 once edited with its
    text unchanged (off_topic judged nothing), while the question's joined account still
    judged it off topic, so improving it lowered the session (36 -> 35)."""
    import tempfile

    from icraft.store import connect

    db = connect(Path(tempfile.mkdtemp(dir=tmp_path)) / "icraft.db")
    story = SENTENCES[0]  # a flash-sale timeout, to "a time you shipped on a very tight deadline"
    sid = interview(db, ["I build payment systems.", story, f"{story} {BETTER[0]}", " ".join(SENTENCES[:4])], seed=0)
    retelling = next(r for r in _scores(db, sid) if r["answer_index"] == 2)
    assert retelling["phase"] == "core" and retelling["text"] == f"{story} {BETTER[0]}"
    judged = db.execute("SELECT judged FROM answer_scores WHERE session_id = ? AND answer_index = 2", (sid,)).fetchone()
    assert "off_topic" in judged[0]  # the interview judged it against the main question
    _, result = correct_answer(db, sid, 2, retelling["text"])
    assert "off_topic" in result.judged
    assert result.score.overall == retelling["overall"]


@pytest.mark.xfail(strict=True, reason=(
    "known limit (found by the property with 500 random interviews on 2026-12-07, rubric 2026.12.28): "
    "a weak first answer ('It was fine. Honestly I'm not sure...', 4: too short for off_topic to judge) "
    "gains a trade-off sentence, is long enough to judge and is judged off topic, but its own score "
    "cannot show it (4 -> 6: its categories were already near 0); the question's account follows that "
    "answer's verdict (72 -> 23), so the session goes 40 -> 28. docs/SCORING.md section 4, what remains."))
def test_a_found_counterexample_a_weak_answer_turns_off_topic_at_the_floor(tmp_path, icraft_home):
    import tempfile

    from icraft.store import connect

    db = connect(Path(tempfile.mkdtemp(dir=tmp_path)) / "icraft.db")
    weak = "It was fine. Honestly I'm not sure, it was kind of a lot of stuff."
    sid = interview(db, ["I build payment systems.", weak, " ".join(SENTENCES[:4]), SENTENCES[0], SENTENCES[0]],
                    seed=2)
    before = store.get_session(db, sid).score
    row = next(r for r in _scores(db, sid) if r["answer_index"] == 1)
    assert row["text"] == weak and row["phase"] == "core"
    _, result = correct_answer(db, sid, 1, f"{weak} {BETTER[2]}")
    assert result is not None and result.score.overall >= row["overall"]  # the answer itself got no worse
    assert store.get_session(db, sid).score >= before
