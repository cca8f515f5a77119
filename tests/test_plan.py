"""The drill plan on a real database and the real question bank."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from icraft.core.errors import InputError
from icraft.core.transcript import INTERVIEWER, Turn
from icraft.content import bank
from icraft.skills import plan, skill_states, urgency
from icraft.store import sessions
from tests.test_skills_graph import T0, _save, finding, result

DAY0 = T0.date()


def _history(db):
    """Day 0: ownership fails hard, STAR half-fails, conciseness is clean."""
    _save(db, result(finding("no_ownership", 20.0), finding("missing_result", 5.0)), T0)


def test_plan_puts_the_weakest_due_skill_first_and_fits_the_budget(db):
    _history(db)
    today = DAY0 + timedelta(days=3)
    items = plan(db, minutes=30, today=today)
    assert items[0].skill_id == "ownership_signal"
    # observed 0 on its first answer: halfway from the prior of 50 (docs/SKILLS.md)
    assert "weak (25)" in items[0].reasons and any(r.startswith("overdue") for r in items[0].reasons)
    # half-failed skills, overdue, come before never-practised ones (prior 50, not overdue)
    assert {items[1].skill_id, items[2].skill_id} == {"star_structure", "quantifiable_results"}
    assert items[3].reasons == ("never practised",)
    assert "conciseness" not in [i.skill_id for i in items]  # strong and not due
    assert sum(i.minutes for i in items) <= 30
    assert [i.urgency for i in items] == sorted((i.urgency for i in items), reverse=True)
    for it in items:
        assert it.skill_id in bank.get(it.question_id).skills
    assert len({i.question_id for i in items}) == len(items)
    for budget in (1, 5, 7, 13, 60, 240):
        got = plan(db, minutes=budget, today=today)
        assert got and sum(i.minutes for i in got) <= budget
    assert plan(db, minutes=30, today=today) == items  # deterministic


def test_plan_gets_denser_as_the_interview_nears(db):
    _history(db)
    today = DAY0 + timedelta(days=3)
    # 90 minutes: ownership (25 after one failed answer, urgency 1.32) is queued 1 + 2
    # times, its second repeat as if 0.5 less urgent (0.82), so after the never-practised
    # skills (1.0); 90 minutes of 3-minute near items reach it, 60 do not.
    relaxed = plan(db, minutes=90, today=today)
    far = plan(db, minutes=90, today=today, interview_date=today + timedelta(days=60))
    near = plan(db, minutes=90, today=today, interview_date=today + timedelta(days=1))
    assert far == relaxed
    assert len(near) > len(relaxed)
    assert sum(i.minutes for i in near) / len(near) < sum(i.minutes for i in relaxed) / len(relaxed)
    own = [i for i in near if i.skill_id == "ownership_signal"]
    assert len(own) == 3 and len({i.question_id for i in own}) == 3  # repeated, different questions
    assert [i.skill_id for i in relaxed].count("ownership_signal") == 1


def test_declining_trend_and_overdue_days_raise_urgency(db):
    states = {s.id: s for s in skill_states(db)}
    fresh_u, why = urgency(states["star_structure"], DAY0)
    assert fresh_u == pytest.approx(1.0) and why == ("never practised",)
    at = T0
    for pts in (0.0, 3.0, 6.0, 8.0, 10.0):  # star_structure worse every day
        _save(db, result(finding("missing_result", pts)) if pts else result(), at)
        at += timedelta(days=1)
    star = {s.id: s for s in skill_states(db)}["star_structure"]
    assert star.trend == "declining"
    u_due, why_due = urgency(star, star.due.date())
    u_late, why_late = urgency(star, star.due.date() + timedelta(days=7))
    assert "declining" in why_due and u_late == pytest.approx(u_due + 0.25)
    assert "overdue 7d" in why_late


def test_plan_avoids_questions_drilled_recently(db):
    _history(db)
    today = DAY0 + timedelta(days=3)
    first = plan(db, minutes=10, today=today)[0]
    sid = sessions.create_session(db, "drill")
    sessions.add_turn(db, sid, Turn.from_text(INTERVIEWER, first.question), question_id=first.question_id)
    again = plan(db, minutes=10, today=today)[0]
    assert again.skill_id == first.skill_id and again.question_id != first.question_id


def test_plan_rejects_bad_budgets_and_past_interviews(db):
    with pytest.raises(InputError):
        plan(db, minutes=0)
    with pytest.raises(InputError, match="in the past"):
        plan(db, today=DAY0, interview_date=DAY0 - timedelta(days=1))
    # a new user still gets a plan: every skill has the never-practised prior
    items = plan(db, minutes=30, today=DAY0)
    assert items and all(i.reasons == ("never practised",) for i in items)


def test_plan_cli_json_table_and_bad_date(cli):
    out = cli("plan", "--minutes", "20", "--json")
    assert out.returncode == 0, out.stderr
    import json

    data = json.loads(out.stdout)
    assert data["planned_minutes"] <= 20 and data["items"]
    table = cli("plan", "--minutes", "20")
    assert table.returncode == 0 and "Drill plan" in table.stdout and data["items"][0]["skill_id"] in table.stdout
    bad = cli("plan", "--interview-date", "next week")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "YYYY" not in bad.stderr
    assert "--interview-date must be a date" in bad.stderr
    past = cli("plan", "--interview-date", "2001-01-01")
    assert past.returncode == 2 and "in the past" in past.stderr


def test_typed_plans_leave_out_skills_only_timings_can_judge(db):
    typed = {i.skill_id for i in plan(db, minutes=600, today=DAY0)}
    everything = {i.skill_id for i in plan(db, minutes=600, today=DAY0, include_timed=True)}
    assert "pacing" not in typed and "pacing" in everything
    assert everything - typed == {"pacing", "filler_word_control"}


def test_a_drill_question_is_one_whose_answer_can_move_the_skill():
    """The bank lists tradeoff_analysis on some story questions too; a drill picks a question of a
    type the skill takes evidence from (graph.skill_fits) whenever the bank has one."""
    from icraft.content import bank
    from icraft.skills.graph import skill_fits, skill_ids
    from icraft.skills.plan import pick_question

    story_pool = [q for q in bank.load_bank() if "tradeoff_analysis" in q.skills and q.type == "behavioral"]
    assert story_pool, "the bank no longer mixes types for this skill; pick another example"
    for seed in range(20):
        assert skill_fits("tradeoff_analysis", pick_question("tradeoff_analysis", seed=seed).type)
    for sid in skill_ids():
        fitting = [q for q in bank.load_bank() if sid in q.skills and skill_fits(sid, q.type)]
        q = pick_question(sid, seed=1)
        if fitting:
            assert skill_fits(sid, q.type), (sid, q.id, q.type)


@pytest.mark.parametrize("minutes", ["30", "200"])
def test_plan_shows_each_question_whole_at_any_width(cli, minutes):
    """The question used to be cut with an ellipsis ("sd-em-003 As an enginee…") at 80 columns,
    and with a long plan (a 25-letter skill id) cut mid-word at the terminal's edge."""
    items = json.loads(cli("plan", "--json", "-m", minutes).stdout)["items"]
    assert items
    for width in ("120", "80", "60"):
        out = cli("plan", "-m", minutes, env={"COLUMNS": width})
        assert out.returncode == 0, out.stderr
        assert all(len(line.rstrip()) <= int(width) for line in out.stdout.splitlines()), width
        flat = " ".join(out.stdout.split())
        for it in items:
            assert f"{it['question_id']} {' '.join(it['question'].split())}" in flat, (width, it["question_id"])
        assert "…" not in out.stdout


# -- questions that fit the skill, the role and the level ---------------------------------


def _fits(q, skill_id: str, role: str, level: str) -> bool:
    from icraft.rubric import load_rubric
    from icraft.skills.graph import evidence_types

    return (
        skill_id in q.skills and q.fits_role(role) and q.fits_level(level)
        and q.type in evidence_types(load_rubric(), skill_id)
    )


def test_a_new_mid_backend_engineer_gets_questions_for_the_skill_role_and_level(db):
    """The reviewer's plan for a new user (config defaults: backend, mid) drilled
    testing_approach with "p99 latency doubled…" (a technical question no_testing never
    judges), tradeoff_analysis with the ML bias-variance question, capacity_estimation
    with an engineering manager's build-or-buy, leadership_stories with "manage out an
    underperformer" (an EM question for seniors)."""
    for day in range(5):  # several seeds: the pick is random among the fitting questions
        items = plan(db, minutes=600, today=DAY0 + timedelta(days=day))
        assert len(items) == 22
        for it in items:
            assert _fits(bank.get(it.question_id), it.skill_id, "backend", "mid"), (it.skill_id, it.question_id)
        picked = {it.skill_id: it.question_id for it in items}
        assert picked["testing_approach"] != "tech-sre-002" and picked["tradeoff_analysis"] != "tech-ml-001"
        assert picked["leadership_stories"] != "beh-em-001"


def test_drill_questions_follow_the_last_interview_then_the_config(db, monkeypatch):
    from icraft.practice.drill import targets
    from icraft.skills.plan import practice_profile

    assert practice_profile(db) == ("backend", "mid")  # the config defaults
    sessions.create_session(db, "interview", role="data", level="senior")
    assert practice_profile(db) == ("data", "senior")
    for t in targets(db, skill_id="tradeoff_analysis", count=4, today=DAY0):
        assert _fits(t.question, "tradeoff_analysis", "data", "senior"), t.question.id
    monkeypatch.setenv("ICRAFT_INTERVIEW_ROLE", "ml")  # set by the user: wins over the last session
    assert practice_profile(db) == ("ml", "senior")
    assert practice_profile(db, role="em", level="staff") == ("em", "staff")
    for it in plan(db, minutes=60, today=DAY0, role="em", level="staff"):
        assert _fits(bank.get(it.question_id), it.skill_id, "em", "staff") or not any(
            _fits(q, it.skill_id, "em", "staff") for q in bank.load_bank()
        ), it
    with pytest.raises(InputError, match="unknown role 'dta'"):
        practice_profile(db, role="dta")


def test_a_question_that_names_the_skill_first_is_preferred():
    from icraft.skills.plan import pick_question

    for seed in range(10):
        q = pick_question("testing_approach", seed=seed, role="backend", level="mid")
        assert q.skills[0] == "testing_approach" and q.type == "coding-discussion", q.id
    # ...while one is fresh: with every such question recently drilled, another fitting one
    main = [q.id for q in bank.load_bank() if q.skills[0] == "testing_approach"]
    q = pick_question("testing_approach", seed=1, role="backend", level="mid", exclude=main)
    assert q.id not in main and _fits(q, "testing_approach", "backend", "mid")


def test_plan_and_drill_cli_take_role_and_level(cli):
    out = json.loads(cli("plan", "--json", "--role", "frontend", "--level", "junior", "-m", "600").stdout)
    assert (out["role"], out["level"]) == ("frontend", "junior")
    assert any(bank.get(i["question_id"]).roles == ("frontend",) for i in out["items"])
    table = cli("plan", "--role", "frontend", "--level", "junior")
    assert "questions for junior frontend" in " ".join(table.stdout.split())
    bad = cli("drill", "--skill", "edge_cases", "--role", "dba", input="x\n")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "unknown role 'dba'" in bad.stderr


def test_drilling_a_skill_again_asks_another_question_for_the_role_before_repeating_one(db):
    """A mid backend engineer has two leadership_stories questions at their level; the third
    drill used to repeat the first. A question for the role at another level comes first,
    never one for another role (the engineering manager's)."""
    from icraft.practice.drill import targets

    picked = [t.question for t in targets(db, skill_id="leadership_stories", count=5, today=DAY0)]
    assert len({q.id for q in picked}) == 5
    assert all(q.fits_role("backend") and "leadership_stories" in q.skills for q in picked)
    at_level = [q for q in bank.load_bank() if _fits(q, "leadership_stories", "backend", "mid")]
    assert 0 < len(at_level) < 5, "the bank changed: pick a skill with fewer questions at the level"
    assert {q.id for q in picked[: len(at_level)]} == {q.id for q in at_level}  # the level's own come first
