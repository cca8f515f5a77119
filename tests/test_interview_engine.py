"""The interviewer state machine on its own: phases, pacing, follow-ups, difficulty,
and the candidate's control requests. The lint is scripted (findings from markers in
the answer) so each decision is driven exactly; the bank is a small in-test bank
selected from by the real ``bank.select``."""

from __future__ import annotations

import pytest

from icraft.core.errors import InputError
from icraft.interview.engine import MAX_EMPTY, Engine, InterviewOptions, Phase
from icraft.interview.followups import MAX_FOLLOWUPS, choose_followup
from icraft.interview.resume import parse_resume
from icraft.interview.selection import core_budget
from icraft.rubric.intents import Intent, classify
from tests.interview_helpers import ScriptedLint, SmallBank, long


def make(**kw) -> Engine:
    lint = kw.pop("lint", ScriptedLint())
    bank = kw.pop("bank", SmallBank())
    opts = {"type": "behavioral", "minutes": 30, **kw}
    return Engine(InterviewOptions(**opts), bank=bank, lint=lint)


def to_core(e: Engine) -> None:
    e.start()
    e.answer("I am a backend engineer working on payments.")
    assert e.phase is Phase.CORE


def run_through(e: Engine, answer: str = long("I led the migration myself and cut costs by 40% score=70")) -> list:
    """Answer everything with the same answer until the interview is done; returns the steps."""
    steps = [e.start()]
    for _ in range(100):
        if e.phase is Phase.CANDIDATE_QUESTIONS:
            steps.append(e.answer("no questions"))
        else:
            steps.append(e.answer(answer))
        if steps[-1].done:
            return steps
    raise AssertionError("interview never ended")


def test_phases_in_order():
    e = make(minutes=10)
    steps = run_through(e)
    seen = []
    for s in steps:
        for u in s.utterances:
            if not seen or seen[-1] != u.phase:
                seen.append(u.phase)
    assert seen[0] is Phase.GREETING and seen[1] is Phase.WARMUP
    assert Phase.CORE in seen and seen[-2:] == [Phase.CANDIDATE_QUESTIONS, Phase.CLOSING]
    assert e.phase is Phase.DONE
    with pytest.raises(InputError):
        e.answer("more")


def test_start_twice_is_refused():
    e = make()
    e.start()
    with pytest.raises(InputError):
        e.start()


@pytest.mark.parametrize("minutes", [5, 10, 20, 45])
def test_pacing_fills_the_time_from_bank_estimates(minutes):
    e = make(minutes=minutes)
    run_through(e, long("I did it score=70"))  # score 70: no finding, bank follow-up once per question
    # behavioral questions in the small bank take 4 minutes, plus one 1-minute follow-up each
    per_question = 4 + 1
    expected = max(1, int((core_budget(minutes) + 1) // per_question))
    assert abs(e.core_asked - expected) <= 1
    assert e.used_minutes <= max(core_budget(minutes) + 1, per_question)


def test_more_minutes_more_core_questions():
    counts = {}
    for minutes in (10, 30, 60):
        e = make(minutes=minutes)
        run_through(e)
        counts[minutes] = e.core_asked
    assert counts[10] < counts[30] < counts[60]


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("missing_result", "how did it turn out"),
        ("missing_metrics", "by how much"),
        ("no_ownership", "what did *you* personally do"),
        ("no_tradeoff", "what else did you consider"),
    ],
)
def test_followup_is_chosen_from_the_finding(rule, expected):
    e = make()
    to_core(e)
    step = e.answer(f"We worked on the thing [{rule}] score=50")
    assert step.result is not None and step.core
    assert [f.rule_id for f in step.result.findings] == [rule]
    assert e.phase is Phase.FOLLOWUP
    assert expected in step.utterances[-1].text.lower()


def test_followup_answer_is_checked_against_the_probed_rule_only():
    lint = ScriptedLint()
    e = make(lint=lint)
    to_core(e)
    e.answer("We shipped it [missing_metrics] score=50")
    e.answer("It dropped by 30% [no_star_structure]")
    assert lint.calls[-1]["rules"] == ("missing_metrics", "result_not_specific")


def test_at_most_two_followups_per_question():
    e = make()
    to_core(e)
    first_q = e.pending_question_id
    e.answer("We did it [missing_result] [missing_metrics] [no_ownership] [no_tradeoff] score=20")
    asked = []
    while e.phase is Phase.FOLLOWUP:
        asked.append(e.pending_text)
        e.answer("still vague [missing_result] [missing_metrics] [no_ownership] [no_tradeoff]")
    assert len(asked) == MAX_FOLLOWUPS == 2
    assert len(set(asked)) == 2  # never the same follow-up twice
    assert e.phase is Phase.CORE and e.pending_question_id != first_q


def test_strong_answer_gets_one_bank_followup():
    e = make()
    to_core(e)
    qid = e.pending_question_id
    step = e.answer(long("I led it and we cut p99 latency by 45% score=95"))
    assert step.utterances[-1].text == f"Bank follow-up one for {qid}?"
    step = e.answer("Because the data showed it.")
    assert step.checked_rules == ("shallow_followup",)  # a bank follow-up is checked for depth only
    assert e.phase is Phase.CORE and e.pending_question_id != qid


def test_known_weakness_is_probed_first():
    gaps = [("missing_metrics", 9.0), ("no_tradeoff", 3.0)]
    assert choose_followup(gaps).kind == "missing_metrics"
    assert choose_followup(gaps, priority_rules=("no_tradeoff",)).kind == "no_tradeoff"
    assert choose_followup(gaps, asked_kinds=("missing_metrics", "no_tradeoff")) is None
    assert choose_followup([], bank_followups=("deeper?",)).text == "deeper?"
    assert choose_followup([], asked_kinds=("bank:0",), bank_followups=("a?", "b?")) is None


def test_difficulty_rises_after_strong_and_eases_after_weak_answers():
    bank = SmallBank()
    e = make(level="mid", bank=bank)
    to_core(e)
    assert e.difficulty == 3
    e.answer(long("great answer score=92"))
    e.answer("follow-up answer")
    assert e.difficulty == 4
    assert bank.calls[-1]["difficulty"] == 4  # the next question was picked at the new difficulty
    e.answer(long("weak answer score=30"))
    while e.phase is Phase.FOLLOWUP:
        e.answer("ok")
    assert e.difficulty == 3
    e.answer("skip")
    assert e.difficulty == 2  # a skipped question eases too


def test_repeat_moment_empty_and_skip():
    e = make()
    to_core(e)
    q = e.pending_text
    qid = e.pending_question_id
    step = e.answer("Sorry, can you repeat the question?")
    assert step.intent is Intent.REPEAT and q in step.utterances[0].text and e.pending_question_id == qid
    step = e.answer("Give me a moment.")
    assert step.intent is Intent.MOMENT and e.phase is Phase.CORE and e.pending_question_id == qid
    step = e.answer("")
    assert step.intent is Intent.EMPTY and step.answer_index is None and q in step.utterances[0].text
    assert e.pending_question_id == qid
    step = e.answer("I don't know.")
    assert step.intent is Intent.SKIP and step.result is None
    assert e.phase is Phase.CORE and e.pending_question_id != qid


def test_repeated_empty_answers_move_on():
    e = make()
    to_core(e)
    qid = e.pending_question_id
    for _ in range(MAX_EMPTY - 1):
        e.answer("   ")
        assert e.pending_question_id == qid
    e.answer("")
    assert e.pending_question_id != qid


def test_control_requests_need_short_turns():
    assert classify("I don't know the exact number, but we cut latency by half in two weeks") is Intent.ANSWER
    assert classify("hmm, let me think") is Intent.MOMENT
    assert classify("pass") is Intent.SKIP
    assert classify("could you say that again?") is Intent.REPEAT
    assert classify(".") is Intent.EMPTY
    assert classify("No, that's all.") is Intent.NONE


def test_candidate_questions_then_closing():
    e = make(minutes=5)
    run_through_core = [e.start()]
    while e.phase is not Phase.CANDIDATE_QUESTIONS:
        run_through_core.append(e.answer(long("I did it score=70")))
    step = e.answer("What does the on-call rotation look like?")
    assert e.phase is Phase.CANDIDATE_QUESTIONS and "Anything else" in step.utterances[-1].text
    step = e.answer("How big is the team?")
    assert step.done and step.utterances[-1].phase is Phase.CLOSING


def test_requests_take_a_position_but_get_no_answer_index():
    e = make()
    e.start()
    idx = [e.answer(t).answer_index for t in ("hello there", "", "repeat please", "We did it score=70")]
    # "repeat please" is turn 1 of the candidate's turns with words, so the answer after it is at 2.
    assert idx == [0, None, None, 2]


def test_snapshot_restores_identical_decisions():
    e1 = make(seed=7)
    e1.start()
    e1.answer("warm up")
    e1.answer("We did it [missing_metrics] score=50")
    snap = e1.snapshot()
    e2 = Engine(InterviewOptions(type="behavioral", minutes=30, seed=7), bank=SmallBank(), lint=ScriptedLint(), state=snap)
    for text in ("by 20%", "I did it score=90", "more detail"):
        a, b = e1.answer(text), e2.answer(text)
        assert [u.text for u in a.utterances] == [u.text for u in b.utterances]
    assert e1.snapshot() == e2.snapshot()


def test_resume_anchors_the_first_core_question():
    facts = parse_resume("## Acme Corp — Senior Engineer (2019–2023)\n- Built an event pipeline on Kafka\n")
    e = make(resume=facts)
    to_core(e)
    assert e.pending_text.startswith('You mention Kafka at Acme Corp: "Built an event pipeline on Kafka"')
    assert e.pending_question_id == "resume:kafka"


def test_mixed_interview_cycles_types():
    e = make(type="mixed", minutes=60)
    run_through(e)
    types = [qid.split("-")[0] for qid in e.snapshot()["asked_ids"][1:]]
    assert types[:3] == ["beh", "tech", "sd"]


def test_bad_options_are_input_errors():
    with pytest.raises(InputError, match="unknown role"):
        InterviewOptions(role="astronaut")
    from icraft.core.errors import ConfigError, ExitCode

    with pytest.raises(ConfigError, match="^--minutes must be between 1 and 240, not 0$") as e:
        InterviewOptions(minutes=0)  # the bounds of the interview.minutes setting, one place
    assert e.value.exit_code == ExitCode.USAGE


def test_memory_opening_and_company_in_greeting():
    from icraft.interview.resume import parse_company_notes

    notes = parse_company_notes("Initech\nWe value ownership and small teams. On-call is one week in six.")
    e = make(company=notes, memory_opening="From our earlier sessions: X.")
    step = e.start()
    assert "at Initech" in step.utterances[0].text and "From our earlier sessions: X." in step.utterances[0].text
    while e.phase is not Phase.CANDIDATE_QUESTIONS:
        e.answer("skip")
    step = e.answer("How does on-call work here?")
    assert "On-call is one week in six." in step.utterances[0].text


def test_running_out_of_questions_ends_the_core():
    e = make(minutes=240)
    run_through(e)
    assert e.core_asked == 10  # every behavioral question of the small bank, none twice
    asked = e.snapshot()["asked_ids"]
    assert len(asked) == len(set(asked))


def test_too_short_answer_asks_for_the_full_story_and_eases_difficulty():
    e = make(level="mid")
    to_core(e)
    step = e.answer("We migrated billing [too_short] and it went well. score=30")
    assert step.result.score.overall == 30
    assert "walk me through it in more detail" in step.utterances[-1].text
    assert "what did you do" in step.utterances[-1].text
    assert e.difficulty == 2  # a low score eases the next question
    # The full story is a core answer: linted by every rule, not only those the follow-up probed.
    step = e.answer(long("At Acme I rebuilt the billing service and cut costs by 40% score=85"))
    assert step.core and e.lint.calls[-1]["rules"] is None


def test_the_full_story_is_asked_for_once_and_outranks_a_cheaper_gap():
    from icraft.rubric import load_rubric

    gaps = [("missing_metrics", 8.0), ("too_short", 60.0)]
    fu = choose_followup(gaps)
    assert fu.kind == "too_short" and fu.text == load_rubric().rule("too_short").followup.ask
    assert choose_followup([("missing_metrics", 8.0), ("too_short", 1.0)]).kind == "missing_metrics"
    assert choose_followup(gaps, asked_kinds=("too_short",)).kind == "missing_metrics"
    design = choose_followup(gaps, question_type="system-design")
    assert design.kind == "too_short" and "situation" not in design.text and "how it works" in design.text


def test_a_one_line_answer_gets_the_full_story_follow_up_from_the_real_rubric():
    from icraft.interview.engine import default_lint

    e = make(level="mid", lint=default_lint)
    to_core(e)
    step = e.answer("We migrated billing and it went well.")
    assert any(f.rule_id == "too_short" for f in step.result.findings)
    assert step.result.score.overall < 55
    assert "walk me through it in more detail" in step.utterances[-1].text
    assert e.difficulty == 2


def test_a_state_saved_before_the_too_short_rule_still_loads():
    e = make()
    to_core(e)
    old = {**e.snapshot(), "short": True}
    again = Engine(InterviewOptions(type="behavioral", minutes=30), bank=SmallBank(), state=old)
    assert again.phase is Phase.CORE and again.snapshot() == e.snapshot()
