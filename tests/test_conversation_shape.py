"""Conversation shape (issue 13): an interviewer's backchannel ("mhm", "okay", "right")
merges back into the answer it interrupts; only a real follow-up question starts a
follow-up reply."""

from __future__ import annotations

import pytest

from icraft.core.transcript import is_backchannel
from icraft.formats import read_text
from icraft.rubric import lint_transcript

STORY = """Interviewer: Tell me about a time you led a migration.
Candidate: Last year our billing database was hitting its storage limit, and I was asked to move it to Postgres without downtime.
Interviewer: Mhm.
Candidate: I wrote a dual-write layer, backfilled the history in batches at night, and compared checksums every morning.
Interviewer: Okay, right.
Candidate: After three weeks we switched reads over, storage costs fell by 30%, and nobody saw an error. I learned to budget a week for the backfill alone.
Interviewer: Why Postgres?
Candidate: Because the team already ran it for two other services, so on-call knew it; a managed key-value store would have meant a second stack.
"""


def test_backchannels_fold_into_the_answer_they_interrupt() -> None:
    t = read_text(STORY, "txt")
    answers = t.answers()
    assert len(answers) == 2
    story, why = answers
    assert story.turn.text.startswith("Last year") and story.turn.text.endswith("alone.")
    assert "Mhm" not in story.turn.text and story.question is not None
    assert story.question.text == "Tell me about a time you led a migration."
    assert why.question is not None and why.question.text == "Why Postgres?"
    report = lint_transcript(t)
    first, second = report.answers
    assert first.question_type == "behavioral" and second.question_type == "behavioral"
    # The whole story is judged as one answer: its result and lesson count, nothing is "missing".
    fired = {f.rule_id for f in first.findings}
    assert not fired & {"missing_result", "no_star_structure", "no_reflection", "too_short"}, fired
    # Only the real follow-up is a follow-up reply: shallow_followup judges it, not the story.
    assert "shallow_followup" not in set(first.judged) | fired
    assert "shallow_followup" in set(second.judged) | {f.rule_id for f in second.findings}


def test_a_new_question_after_an_answer_is_a_main_question() -> None:
    t = read_text("Q: Tell me about a time you led a migration.\nA: We moved billing to Postgres and it was good.\n"
                  "Q: What are you looking for in your next role?\nA: A team that owns its product.", "txt")
    second = lint_transcript(t).answers[1]
    assert second.question_type == "general"
    assert "too_short" in {f.rule_id for f in second.findings}  # a main answer: judged for its length


@pytest.mark.parametrize("text", ["Mhm.", "Okay.", "Right, right.", "Yeah, I see.", "uh-huh", "Got it. Go on."])
def test_backchannels(text: str) -> None:
    assert is_backchannel(text)


@pytest.mark.parametrize("text", ["Okay. Why Postgres?", "Right, and what did you do next?", "Tell me more.", ""])
def test_questions_are_not_backchannels(text: str) -> None:
    assert not is_backchannel(text)
