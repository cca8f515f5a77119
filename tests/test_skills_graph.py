"""Skill graph: definitions, evidence from findings, the update rule, fsrs cards, trends.

The rubric here is built in the test (three rules) so the arithmetic can be checked
by hand; tests/test_skills_lint.py drives the same code with the real lint engine.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import MappingProxyType

import pytest

from icraft.core.errors import NotFoundError
from icraft.core.findings import AnswerResult, DeliveryStats, Finding, Score
from icraft.rubric.model import Rubric, Rule
from icraft.skills import evidence, graph, schedule, trend
from icraft.skills.graph import get_skill, load_skills
from icraft.skills.repo import apply_result, skill_history, skill_states

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)


def _rule(rid: str, skills: tuple[str, ...], weight: float = 10.0, *, timed: bool = False,
          applies: tuple[str, ...] = ("behavioral",)) -> Rule:
    return Rule(
        id=rid, name=rid, category="structure", weight=weight, applies_to=applies, skills=skills,
        message="m", fix="f", anti_pattern="a", best_practice="b", timed=timed,
    )


RULES = (
    _rule("missing_result", ("star_structure", "quantifiable_results"), 10.0),
    _rule("no_ownership", ("ownership_signal",), 20.0),
    _rule("rambling", ("conciseness",), 10.0, applies=("behavioral", "system-design")),
    _rule("slow_pace", ("pacing",), 10.0, timed=True),
    _rule("no_tradeoff", ("tradeoff_analysis",), 10.0, applies=("system-design",)),
)
RUBRIC = Rubric(
    version="test-1", rules=RULES, categories=("structure",), category_weights=MappingProxyType({}),
    severity_factors=MappingProxyType({}), repeat_decay=0.5, _by_id=MappingProxyType({r.id: r for r in RULES}),
)


def finding(rule_id: str, points: float, *, measurable: bool = True) -> Finding:
    rule = next(r for r in RULES if r.id == rule_id)
    return Finding(rule_id, rule.category, "warning", "m", "f", (), 0, points, rule.skills, measurable)


def result(
    *findings: Finding,
    qtype: str = "behavioral",
    timed: bool = False,
    words: int = 100,
    judged: tuple[str, ...] | None = None,
) -> AnswerResult:
    """An answer result; ``judged`` defaults to every rule of the test rubric for the type
    (what the engine reports when every detector had something to judge)."""
    delivery = DeliveryStats(measurable=timed, word_count=words, filler_count=0)
    if judged is None:
        judged = tuple(r.id for r in RULES if qtype in r.applies_to)
    return AnswerResult(0, 1, "q?", qtype, tuple(findings), Score(70, {}, "test-1"), delivery, judged)


def test_skills_file_declares_the_24_microskills_in_five_categories():
    skills = load_skills()
    assert len(skills) == 24
    assert len({s.id for s in skills}) == 24
    assert {s.category for s in skills} == {"system_design", "behavioral", "communication", "coding", "negotiation"}
    assert get_skill("star_structure").name == "STAR structure"


def test_unknown_skill_suggests_the_nearest_id():
    with pytest.raises(NotFoundError) as e:
        get_skill("star_structur")
    assert "star_structure" in str(e.value)


def test_observe_weights_fired_rules_by_points_and_passed_rules_as_strength():
    ev = evidence.observe(result(finding("missing_result", 5.0)), RUBRIC)
    # missing_result fired with half its weight: outcome 0.5 for both of its skills
    assert ev["star_structure"].observed == 50.0
    assert ev["quantifiable_results"].failed == ("missing_result",)
    assert ev["quantifiable_results"].main_finding == 0
    # no_ownership and rambling applied and did not fire: strength
    assert ev["ownership_signal"].observed == 100.0 and ev["ownership_signal"].passed == ("no_ownership",)
    assert ev["conciseness"].observed == 100.0
    # a timing rule that did not fire on an untimed answer, and a rule for another type: no evidence
    assert "pacing" not in ev and "tradeoff_analysis" not in ev


def test_observe_floors_a_cheap_finding_and_ignores_unmeasurable_ones():
    ev = evidence.observe(result(finding("no_ownership", 0.0), finding("slow_pace", 3.0, measurable=False)), RUBRIC)
    assert ev["ownership_signal"].observed == pytest.approx(100 * (1 - evidence.MIN_LOSS))
    assert "pacing" not in ev
    timed = evidence.observe(result(timed=True), RUBRIC)
    assert timed["pacing"].observed == 100.0  # timed answer, pace rule passed: real evidence


def test_a_rule_the_engine_did_not_judge_is_no_evidence_of_strength_but_findings_still_count():
    # The engine judged nothing but no_ownership (which fired): e.g. a short reply to a
    # follow-up, where the "missing X" rules had nothing to judge.
    ev = evidence.observe(result(finding("no_ownership", 20.0), judged=("no_ownership",)), RUBRIC)
    assert set(ev) == {"ownership_signal"} and ev["ownership_signal"].observed == 0.0
    # A passing rule counts once judged, whatever the length (the engine decides that).
    ev = evidence.observe(result(words=9, judged=("missing_result",)), RUBRIC)
    assert set(ev) == {"star_structure", "quantifiable_results"}
    assert ev["star_structure"].passed == ("missing_result",)


def test_only_rules_the_real_engine_judged_count_as_strength():
    from icraft.rubric import lint_answer, load_rubric

    story = (
        "At my last company our search page was timing out for large customers, and I was responsible for the "
        "search service. I profiled the slow queries, found a missing index, added it and rewrote the pagination "
        "to use cursors. As a result p99 latency dropped from 8 seconds to 400 ms. I learned to read query plans first."
    )
    res = lint_answer(story, question="Tell me about a time you fixed a production problem.")
    # No conflict and no junior in question or story, no probing follow-up: not judged.
    assert {"no_stakeholder_mgmt", "no_mentoring_signal", "shallow_followup"}.isdisjoint(res.judged)
    assert {"missing_result", "no_ownership", "too_short"} <= set(res.judged)
    ev = evidence.observe(res, load_rubric())
    assert "conflict_resolution" not in ev and "mentoring_signal" not in ev
    assert ev["ownership_signal"].passed == ("no_ownership", "passive_voice")
    # Rules switched off for the lint are not judged either.
    ignored = lint_answer(story, question="Tell me about a time you fixed a production problem.", ignore=["no_ownership"])
    assert "no_ownership" not in ignored.judged
    assert evidence.observe(ignored, load_rubric())["ownership_signal"].passed == ("passive_voice",)
    # A reply to a follow-up: the "missing X" rules do not judge it, shallow_followup does.
    reply = lint_answer("Because the traces showed it.", question="Why that index?", question_type="behavioral")
    assert "missing_result" not in reply.judged and "shallow_followup" in reply.judged


def test_a_skill_takes_evidence_only_from_question_types_its_category_fits():
    # One rule listing a behavioral and a system-design skill, applying to both types (like
    # missing_metrics): a story without numbers is no evidence about capacity estimation.
    rule = _rule("missing_metrics", ("quantifiable_results", "capacity_estimation"),
                 applies=("behavioral", "system-design"))
    both = Rubric(
        version="test-2", rules=(rule,), categories=("structure",), category_weights=MappingProxyType({}),
        severity_factors=MappingProxyType({}), repeat_decay=0.5, _by_id=MappingProxyType({rule.id: rule}),
    )
    fired = Finding(rule.id, rule.category, "warning", "m", "f", (), 0, 10.0, rule.skills, True)
    story = evidence.observe(result(fired, qtype="behavioral"), both)
    design = evidence.observe(result(fired, qtype="system-design"), both)
    assert set(story) == {"quantifiable_results"} and story["quantifiable_results"].observed == 0.0
    assert set(design) == {"capacity_estimation"} and design["capacity_estimation"].observed == 0.0
    assert graph.skill_fits("conciseness", "negotiation")  # communication shows in every answer
    assert not graph.skill_fits("code_review_reasoning", "behavioral")


def test_update_rule_moves_fast_early_and_slowly_with_history():
    prior = evidence.PRIOR_SCORE
    assert prior == 50.0
    # One answer moves a new skill halfway (alpha(0) = 1/2): a lot, but never all the way.
    assert evidence.alpha(0) == 0.5
    assert evidence.update_score(None, 0, 20.0) == (prior + 20.0) / 2 == 35.0
    assert evidence.update_score(None, 0, 100.0) == 75.0
    # Then the running mean of the prior and the answers: 1/3, 1/4...
    assert evidence.update_score(35.0, 1, 80.0) == (prior + 20.0 + 80.0) / 3 == 50.0
    assert evidence.update_score(50.0, 2, 90.0) == (prior + 20.0 + 80.0 + 90.0) / 4 == 60.0
    # ...for the first five answers exactly; alpha(5) = 1/7 is below the floor.
    observed, score = [20.0, 80.0, 90.0, 10.0, 60.0], None
    for n, o in enumerate(observed):
        score = evidence.update_score(score, n, o)
        assert score == pytest.approx((prior + sum(observed[: n + 1])) / (n + 2), abs=0.01)
    assert evidence.alpha(4) == pytest.approx(1 / 6)
    assert evidence.alpha(5) == evidence.alpha(50) == evidence.MIN_ALPHA
    assert evidence.update_score(50.0, 50, 100.0) == pytest.approx(50 + 0.15 * 50)


def test_prior_weight_and_what_the_answers_alone_say():
    """The trend reads scores with the prior's share removed: answers all alike are flat."""
    assert [evidence.prior_weight(k) for k in range(7)] == pytest.approx([1, 1 / 2, 1 / 3, 1 / 4, 1 / 5, 1 / 6, 0.85 / 6])
    score, cleaned = None, []
    for n in range(10):
        score = evidence.update_score(score, n, 10.0)
        cleaned.append(evidence.without_prior(score, n + 1))
    # still settling off the prior of 50 after ten answers of 10: 10 + w(10) * (50 - 10)
    assert score == pytest.approx(10.0 + evidence.prior_weight(10) * 40.0, abs=0.01) and score > 12.9
    assert cleaned == pytest.approx([10.0] * 10, abs=0.05)
    assert evidence.without_prior(42.0, 0) == 42.0  # no answers: nothing to take out


def test_rating_mapping_and_fsrs_intervals_grow_with_good_answers():
    assert [schedule.rating_for(x) for x in (0, 39.9, 40, 59.9, 60, 84.9, 85, 100)] == [1, 1, 2, 2, 3, 3, 4, 4]
    card, at, dues = None, T0, []
    for _ in range(3):
        st = schedule.review(card, "star_structure", 75.0, at)
        card, at = st.card_json, st.due
        dues.append(st.due)
    gaps = [(b - a).days for a, b in zip([T0, *dues], dues)]
    assert gaps == sorted(gaps) and gaps[-1] > gaps[0] >= 1
    again = schedule.review(card, "star_structure", 10.0, at)
    assert again.rating == 1 and (again.due - at).days < gaps[-1] // 4  # a lapse: back to days
    assert again.stability < schedule.stability_of(card)


def test_trend_uses_a_least_squares_slope_over_the_window():
    assert trend.classify([50, 55])[0] == "new"
    assert trend.classify([40, 45, 50, 55])[0] == "improving"
    assert trend.classify([70, 60, 50])[0] == "declining"
    # one last jump after a long flat run is not a trend on its own... but a sustained one is
    assert trend.classify([50, 50, 50, 50, 50, 50, 50, 54])[0] == "stable"
    assert trend.slope([1, 2, 3, 4]) == pytest.approx(1.0)
    # only the last WINDOW events count
    assert trend.classify([0, 100, 0, 100] + [60] * trend.WINDOW)[0] == "stable"


def _save(db, res: AnswerResult, at: datetime, source: str = "lint"):
    from icraft.store import sessions

    sid = sessions.create_session(db, "lint")
    # A distinct text per call: these are different answers (the same answer counts once).
    text = f"answer text {sid}"
    stored = sessions.save_answer(db, sid, res, text)
    return sid, stored.id, apply_result(db, res, rubric=RUBRIC, session_id=sid, stored=stored, text=text,
                                        source=source, at=at)


def test_apply_result_updates_touched_skills_only_and_links_the_main_finding(db):
    untouched_before = {s.id: s for s in skill_states(db)}
    sid, score_id, changes = _save(db, result(finding("missing_result", 8.0), finding("no_ownership", 20.0)), T0)
    moved = {c.skill_id: c for c in changes}
    assert set(moved) == {"star_structure", "quantifiable_results", "ownership_signal", "conciseness"}
    # no_ownership lost all 20 of its 20 points: observed 0, and a new skill moves
    # halfway from the prior (alpha(0) = 1/2): 50 + (0 - 50) / 2 = 25.
    own = moved["ownership_signal"]
    assert own.observed == 0.0 and own.before is None
    assert own.after == evidence.PRIOR_SCORE / 2 == 25.0 and own.delta == -25.0
    # missing_result lost 8 of its 10: outcome 0.2, observed 20, after (50 + 20) / 2 = 35.
    assert moved["star_structure"].observed == pytest.approx(20.0)
    assert moved["star_structure"].after == pytest.approx(35.0)
    assert moved["conciseness"].observed == 100.0 and moved["conciseness"].after == 75.0
    states = {s.id: s for s in skill_states(db)}
    for sid_ in set(untouched_before) - set(moved):
        assert states[sid_].score is None and states[sid_].evidence == 0 and states[sid_].due is None
    assert states["ownership_signal"].due.date() == (T0 + timedelta(days=1)).date()  # rated Again
    events = skill_history(db, "ownership_signal")
    assert len(events) == 1 and events[0].rule_id == "no_ownership" and events[0].score_id == score_id
    assert events[0].session_id == sid and events[0].source == "lint"
    conc = skill_history(db, "conciseness")
    assert conc[0].finding_id is None and conc[0].observed == 100.0


def test_weak_then_better_answers_raise_skills_turn_trend_improving_and_push_due_dates(db):
    at = T0
    for _ in range(3):
        _save(db, result(finding("no_ownership", 18.0)), at)
        at += timedelta(days=1)
    weak = {s.id: s for s in skill_states(db)}
    # Each answer loses 18 of no_ownership's 20 points (observed 10); after three the score
    # is the mean of the prior and the answers, (50 + 3 * 10) / 4 = 20. The answers are
    # alike, so the trend is stable although the score went 30, 23.33, 20 off the prior.
    assert weak["ownership_signal"].score == pytest.approx(20.0)
    assert weak["ownership_signal"].history == pytest.approx((30.0, 23.33, 20.0))
    assert weak["ownership_signal"].trend == "stable"
    for _ in range(4):
        _save(db, result(), at, source="rewind")
        at += timedelta(days=1)
    strong = {s.id: s for s in skill_states(db)}
    own = strong["ownership_signal"]
    assert own.score > 50 and own.trend == "improving" and own.evidence == 7
    assert own.due > weak["ownership_signal"].due + timedelta(days=3)
    assert own.stability > weak["ownership_signal"].stability
    # conciseness never failed: seven answers of 100 take it from the prior towards 100
    # (the prior's share after 7 answers is 1/6 * 0.85^2), and its trend is stable.
    expected = 100.0 - evidence.prior_weight(7) * (100.0 - evidence.PRIOR_SCORE)
    assert strong["conciseness"].score == pytest.approx(expected, abs=0.01) and strong["conciseness"].score < 100
    assert strong["conciseness"].trend == "stable"
    assert strong["tradeoff_analysis"].score is None
