"""Pacing per question type: a design question's estimate is the whole discussion, so
its follow-ups are asked inside it and a short interview still probes what the answer
lacked; a longer interview asks another design question when one fits the time left.
Also: the seed reproduces an interview given the same history."""

from __future__ import annotations

import pytest

from icraft.interview.engine import Engine, InterviewOptions, Phase
from icraft.interview.followups import MAX_FOLLOWUPS
from icraft.interview.selection import core_budget, pick
from tests.interview_helpers import ScriptedLint, SmallBank, long, q

# Design questions as long as the real bank's (25-45 minutes), plus one short estimate.
DESIGN_BANK = (
    q("warm-001", "warmup", minutes=2, difficulty=1),
    *(q(f"sd-long-{i}", "system-design", minutes=m, difficulty=3, skills=("scalability_thinking",))
      for i, m in enumerate((30, 35, 40, 30, 45), 1)),
)
ESTIMATE = q("sd-short-1", "system-design", minutes=15, difficulty=2, skills=("capacity_estimation",))

GAPS = "We shard by user id and cache reads [no_tradeoff] [no_scale_thinking] score=50"


def design(minutes: int, bank=DESIGN_BANK, **kw) -> Engine:
    opts = InterviewOptions(type="system-design", minutes=minutes, seed=kw.pop("seed", 3), **kw)
    return Engine(opts, bank=SmallBank(bank), lint=ScriptedLint())


def interview(e: Engine, answer: str = GAPS) -> list[tuple[Phase, str, str | None]]:
    """Answer every question with ``answer``; the interviewer's (phase, kind, question id)."""
    said = [(u.phase, u.kind, u.question_id) for u in e.start().utterances]
    for _ in range(60):
        step = e.answer("no questions" if e.phase is Phase.CANDIDATE_QUESTIONS else answer)
        said += [(u.phase, u.kind, u.question_id) for u in step.utterances]
        if step.done:
            return said
    raise AssertionError("interview never ended")


@pytest.mark.parametrize("minutes", [10, 30])
def test_a_short_design_interview_follows_up_on_what_the_answer_lacked(minutes):
    e = design(minutes)
    e.start()
    e.answer("I build payment systems.")
    assert e.phase is Phase.CORE
    step = e.answer(GAPS)
    assert e.phase is Phase.FOLLOWUP, "went straight to the candidate's questions"
    assert "ten times" in step.utterances[-1].text  # the costlier gap (the scripted lint: the later marker)
    step = e.answer("More servers behind the load balancer.")
    assert e.phase is Phase.FOLLOWUP and "what else did you consider" in step.utterances[-1].text.lower()
    e.answer("Nothing else really.")
    assert e.phase is Phase.CANDIDATE_QUESTIONS  # two follow-ups at most, then no time for another question


@pytest.mark.parametrize(("minutes", "questions"), [(10, 1), (30, 1), (60, 2), (120, 3)])
def test_longer_design_interviews_ask_more_questions(minutes, questions):
    e = design(minutes)
    said = interview(e)
    asked = [qid for phase, kind, qid in said if phase is Phase.CORE and kind == "question"]
    assert len(asked) == questions == e.core_asked
    followups = [qid for phase, kind, qid in said if phase is Phase.FOLLOWUP]
    for qid in asked:  # every design question is probed, and never more than twice
        assert 1 <= followups.count(qid) <= MAX_FOLLOWUPS
    assert e.used_minutes <= core_budget(minutes) + 1


def test_a_shorter_design_question_is_preferred_when_the_long_ones_no_longer_fit():
    e = design(45, bank=(*DESIGN_BANK, ESTIMATE))
    said = interview(e)
    asked = [qid for phase, kind, qid in said if phase is Phase.CORE and kind == "question"]
    # 40 minutes of core time: one long question, then only the 15-minute estimate fits.
    assert len(asked) == 2 and asked[0].startswith("sd-long") and asked[1] == "sd-short-1"


def test_slot_is_the_estimate_or_what_is_left_for_a_design_question():
    from icraft.interview.selection import slot

    assert slot(0, 30, "system-design", 60, first=True) == 30
    assert slot(0, 30, "system-design", 10, first=True) == core_budget(10) + 1  # the first is run short
    assert slot(30, 30, "system-design", 60, first=False) == core_budget(60) + 1 - 30  # 26 >= half of 30
    assert slot(45, 30, "system-design", 60, first=False) is None  # 11 minutes: under half of 30
    # A behavioral story is not cut short: it fits whole or is not asked.
    assert slot(6, 4, "behavioral", 10, first=False) is None  # 3 minutes left
    assert slot(0, 4, "behavioral", 10, first=False) == 4


def test_pick_prefers_the_best_question_that_fits_and_otherwise_the_best():
    bank = SmallBank((*DESIGN_BANK, ESTIMATE))
    args = dict(type="system-design", role="backend", level="mid", skills=("scalability_thinking",),
                asked=(), recent=(), difficulty=3, seed=1)
    best = pick(bank, **args)
    assert best.id.startswith("sd-long")  # the focus skill ranks the long ones first
    assert pick(bank, **args, fits=lambda c: c.minutes <= 20).id == "sd-short-1"
    assert pick(bank, **args, fits=lambda c: False).id == best.id


def test_a_real_ten_minute_design_interview_follows_up_with_the_real_bank_and_rubric():
    """The reviewer's case end to end in the engine: the shipped bank and the real lint."""
    from icraft.interview.engine import default_lint
    from icraft.content import bank

    e = Engine(InterviewOptions(type="system-design", minutes=10, seed=1), bank=bank, lint=default_lint)
    e.start()
    e.answer("I work on payments in Go.")
    step = e.answer("I would put a load balancer in front of stateless servers and a cache before the database.")
    assert step.core and step.result is not None
    assert e.phase is Phase.FOLLOWUP and step.utterances[-1].kind == "followup"


def test_same_seed_and_same_history_give_the_same_interview():
    def run(recent=()):
        e = Engine(InterviewOptions(type="behavioral", minutes=30, seed=11), bank=SmallBank(),
                   lint=ScriptedLint(), recent_ids=recent)
        return [u.text for s in [e.start(), *(e.answer(long("I did it score=70")) for _ in range(6))]
                for u in s.utterances]

    first = run()
    assert run() == first
    # Questions asked recently are avoided, so a different history may change the choice; it is
    # the same again for the same history.
    asked_first = [line for line in first if line.endswith("?") and "Question beh" in line][0]
    recent = [asked_first.rsplit("Question ", 1)[1].rstrip("?")]
    with_history = run(tuple(recent))
    assert with_history != first and run(tuple(recent)) == with_history


def test_a_design_answer_without_numbers_is_asked_for_its_numbers_not_its_impact():
    from icraft.interview.followups import choose_followup

    design_fu = choose_followup([("missing_metrics", 20.0)], question_type="system-design")
    assert "requests per second" in design_fu.text and "impact" not in design_fu.text
    assert "impact" in choose_followup([("missing_metrics", 20.0)], question_type="behavioral").text
