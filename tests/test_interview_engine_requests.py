""""Can you repeat the question", "give me a moment" and "skip" are requests, not
answers: the engine never scores them and gives them no answer index, in every phase,
while the answers around them keep the positions the stored session numbers them by."""

from __future__ import annotations

import pytest

from icraft.interview.engine import Engine, InterviewOptions, Phase
from icraft.modes.interview import InterviewRunner
from icraft.rubric.intents import Intent, classify, is_control
from icraft.store import sessions as store
from tests.interview_helpers import ScriptedLint, SmallBank, long

REQUESTS = ("can you repeat the question", "give me a moment", "let me think", "Sorry, could you say that again?")


@pytest.mark.parametrize("text", [*REQUESTS, "skip", "I don't know", "", "   "])
def test_requests_and_empty_turns_are_control_turns(text):
    assert is_control(text)


@pytest.mark.parametrize("text", ["no", "We cut latency by half", long("I don't know the exact number, but it halved")])
def test_answers_are_not_control_turns(text):
    assert not is_control(text)


def _engine_at(phase: Phase) -> tuple[Engine, ScriptedLint]:
    """An engine waiting for a core answer (CORE) or for the reply to a follow-up (FOLLOWUP)."""
    lint = ScriptedLint()
    e = Engine(InterviewOptions(type="behavioral", minutes=30), bank=SmallBank(), lint=lint)
    e.start()
    e.answer("I build payment systems.")
    if phase is Phase.FOLLOWUP:
        e.answer("We did it [missing_metrics] score=50")
    assert e.phase is phase
    return e, lint


@pytest.mark.parametrize("phase", [Phase.CORE, Phase.FOLLOWUP])
@pytest.mark.parametrize("text", REQUESTS)
def test_a_request_is_neither_scored_nor_numbered(phase, text):
    e, lint = _engine_at(phase)
    calls = len(lint.calls)
    step = e.answer(text)
    assert step.intent in (Intent.REPEAT, Intent.MOMENT)
    assert step.answer_index is None and step.result is None and len(lint.calls) == calls
    assert e.phase is phase  # the question is still open


def test_skip_moves_on_without_a_score_or_an_index():
    lint = ScriptedLint()
    e = Engine(InterviewOptions(type="behavioral", minutes=30), bank=SmallBank(), lint=lint)
    e.start()
    e.answer("I build payment systems.")
    skipped = e.pending_question_id
    step = e.answer("skip")
    assert step.intent is Intent.SKIP and step.answer_index is None and step.result is None
    assert len(lint.calls) == 0 and e.snapshot()["skipped"] == [skipped]


def test_stored_scores_stay_on_their_turns_around_requests(db):
    """The scored answers' indexes are the positions the stored transcript numbers them by,
    so sessions show and rewind find the scored turn, not the request before it."""
    runner = InterviewRunner.create(db, InterviewOptions(type="behavioral", minutes=10, seed=3), lint=ScriptedLint())
    runner.begin()
    for text in ("I build payment systems.", "We shipped it [missing_metrics] score=50", "give me a moment",
                 "can you repeat the question", "By 30 percent score=90"):
        runner.submit(text)
    runner.stop_early()
    answers = store.load_transcript(db, runner.session_id).answers()
    stored = db.execute(
        "SELECT answer_index, text FROM answer_scores WHERE session_id = ? AND attempt = 0 ORDER BY answer_index",
        (runner.session_id,),
    ).fetchall()
    assert [r["text"] for r in stored] == ["We shipped it [missing_metrics] score=50", "By 30 percent score=90"]
    for r in stored:
        assert answers[r["answer_index"]].turn.text == r["text"]
    assert not any(is_control(r["text"]) for r in stored)


# A weak reply that still attempts the question is an answer, however unsure it sounds;
# only a turn that says "I don't know" or asks to move on, and nothing more, is a skip.
WEAK_ATTEMPTS = (
    "I'm not sure, maybe it was fine.",  # trial i1, core question
    "Not sure really, probably just add more servers.",  # trial i2, follow-up reply
    "I don't know, probably a cache in front of it?",
    "No idea honestly, I guess we'd retry it",
    "Not sure. Maybe 30 percent?",
    "I don't know, I never had that happen.",
    "Not sure, we rolled it back I think.",
)
REAL_SKIPS = (
    "I don't know, can we move on?",
    "Not sure, sorry. Can we skip this one?",
    "Honestly, I have no idea.",
    "Could we move to the next question please?",
    "No clue, next question",
    "I don't know the answer to that, sorry",
    "let's skip it",
)


@pytest.mark.parametrize("text", WEAK_ATTEMPTS)
def test_an_unsure_attempt_is_an_answer_not_a_skip(text):
    assert classify(text) is Intent.ANSWER and not is_control(text)


@pytest.mark.parametrize("text", REAL_SKIPS)
def test_not_knowing_or_asking_to_move_on_and_nothing_else_is_a_skip(text):
    assert classify(text) is Intent.SKIP


def test_not_understanding_the_question_asks_for_it_again():
    assert classify("I'm not sure what you mean?") is Intent.REPEAT


@pytest.mark.parametrize("phase", [Phase.CORE, Phase.FOLLOWUP])
def test_a_weak_reply_is_scored_where_it_was_given(phase):
    """The trial's i1/i2: the unsure reply was stored as a request and listed under Skipped."""
    e, lint = _engine_at(phase)
    asked = e.pending_question_id
    calls = len(lint.calls)
    step = e.answer("I'm not sure, maybe it was fine.")
    assert step.intent is Intent.ANSWER and step.answer_index is not None
    assert len(lint.calls) == calls + 1 and lint.calls[-1]["text"] == "I'm not sure, maybe it was fine."
    assert asked not in e.snapshot()["skipped"]
