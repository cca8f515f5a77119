"""What one scored answer says about each skill, and how a skill's score moves.

Pure functions, no database: :func:`observe` turns an AnswerResult plus the rubric
into per-skill evidence, :func:`update_score` is the documented update rule
(docs/SKILLS.md). Both are deterministic, so the same answer always moves a skill
the same way.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from icraft.core.findings import AnswerResult
from icraft.skills.graph import skill_fits

if TYPE_CHECKING:
    from icraft.rubric import Rubric

# A fired rule always counts as at least this much of a failure, even when its
# finding costs few points: it fired, so the skill was not shown.
MIN_LOSS = 0.25
# The learning rate never drops below this, so a skill with a long history still
# follows a real change in a handful of answers.
MIN_ALPHA = 0.15
# What a never-practised skill is taken to be before any evidence: the middle of the
# scale, counted as one observation (see alpha), so one answer moves a new skill
# halfway to what it showed instead of replacing the prior outright.
PRIOR_SCORE = 50.0
# The rule that says an answer is too short for its question, and the shortfall (missing
# share of the words the question type needs, the finding's ``detail["shortfall"]``) from
# which the answer is too thin to show any strength: under half the words needed.
TOO_SHORT_RULE = "too_short"
THIN_SHORTFALL = 0.5
# The rule that says an answer is about another subject: what its other rules found silent
# there is no strength for this question (a mentoring story given to a tech-debt question
# showed mentoring_signal 75).
OFF_TOPIC_RULE = "off_topic"


@dataclass(frozen=True, slots=True)
class Evidence:
    """One answer's evidence about one skill."""

    skill_id: str
    observed: float  # 0-100: how well this answer showed the skill
    passed: tuple[str, ...]  # rules that applied and did not fire (strength)
    failed: tuple[str, ...]  # rules that fired (weakness)
    main_finding: int | None  # index in result.findings of the costliest finding, if any


def off_topic(result: AnswerResult) -> bool:
    """Whether ``off_topic`` fired on the answer: it answers another question."""
    return any(f.rule_id == OFF_TOPIC_RULE and f.measurable for f in result.findings)


def loss_fraction(points: float, weight: float) -> float:
    """How badly a fired rule failed, 0-1: its points lost over its weight, floored at MIN_LOSS."""
    if weight <= 0:
        return 1.0
    return min(1.0, max(MIN_LOSS, points / weight))


def too_thin(result: AnswerResult) -> bool:
    """Whether the answer is too short to show a strength: ``too_short`` fired on it
    with a shortfall of THIN_SHORTFALL or more (a finding without a recorded shortfall,
    e.g. one a judge proposed, counts as thin). Nine words in reply to "tell me about a
    time you managed out an underperformer" pass most rules only because there is
    nothing in them to fail; an answer a few words under the minimum is still judged."""
    for f in result.findings:
        if f.rule_id == TOO_SHORT_RULE and f.measurable:
            shortfall = f.detail.get("shortfall") if isinstance(f.detail, dict) else None
            if not isinstance(shortfall, (int, float)) or shortfall >= THIN_SHORTFALL:
                return True
    return False


def thin_points(rubric: Rubric) -> float:
    """What a ``too_short`` finding costs at THIN_SHORTFALL (full cost x shortfall^power,
    rounded as findings are): a stored finding keeps its points, not its shortfall, so an
    answer is too thin to show a strength (:func:`too_thin`) when it cost at least this."""
    rule = rubric.rule_or_none(TOO_SHORT_RULE)
    if rule is None:
        return float("inf")
    power = float(rule.params.get("shortfall_power", 2))
    return round(rule.weight * rubric.severity_factors[rule.severity] * THIN_SHORTFALL**power, 2)


def observe(result: AnswerResult, rubric: Rubric) -> dict[str, Evidence]:
    """Per-skill evidence from one answer.

    A rule is *relevant* to the answer when the answer's question type is in its
    ``applies_to``. For each skill, every relevant rule that lists it contributes its
    weight ``w``: fully (strength, outcome 1) when it did not fire, and ``1 - loss``
    when it fired, ``loss = clamp(points / w, MIN_LOSS, 1)``. Findings that are not
    measurable (timing rules on typed text) are no evidence either way: the rule is
    left out, and so is a timing rule (``Rule.timed``) that did not fire on an answer
    without word timings (its silence proves nothing), and a rule that did not fire
    and is not in ``result.judged``: the engine ran it but it had nothing to judge (no
    conflict for no_stakeholder_mgmt, a short reply to a follow-up for missing_result,
    switched off with ``--rules``/``--ignore``), so its silence is no strength. On an
    answer :func:`too_thin` to judge, no silent rule is strength: only the rules that
    fired are evidence (of weakness), so "no finding about X" never reads as 100 on X.
    observed = 100 * sum(w * outcome) / sum(w). A skill takes evidence only from
    answers of the question types its category fits (``graph.skill_fits``), and from an
    answer to a bank question that lists the skills it targets, only when it is one of
    them or a communication skill (every spoken answer shows those): a technical question
    about microservices says nothing of code review or STAR structure, whatever rules
    judged its answer (:func:`targets`). Skills no relevant rule lists are absent from
    the result: they did not move.
    """
    aimed = targets(result)
    fired_points: dict[str, float] = defaultdict(float)
    unmeasurable: set[str] = set()
    costliest: dict[str, tuple[float, int]] = {}
    for i, f in enumerate(result.findings):
        if not f.measurable:
            unmeasurable.add(f.rule_id)
            continue
        fired_points[f.rule_id] += f.points
        if f.rule_id not in costliest or f.points > costliest[f.rule_id][0]:
            costliest[f.rule_id] = (f.points, i)

    timed_answer = result.delivery is not None and result.delivery.measurable
    # thin or off topic: silence is no strength
    judged = set() if too_thin(result) or off_topic(result) else set(result.judged)
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])  # skill -> [sum w*outcome, sum w]
    passed: dict[str, list[str]] = defaultdict(list)
    failed: dict[str, list[str]] = defaultdict(list)
    main: dict[str, tuple[float, int]] = {}
    for rule in rubric.rules:
        if result.question_type not in rule.applies_to or not rule.skills:
            continue
        if rule.id not in fired_points and (rule.id in unmeasurable or (rule.timed and not timed_answer)):
            continue  # could not be judged on this answer: no evidence either way
        if rule.id not in fired_points and rule.id not in judged:
            continue  # the engine did not judge it on this answer: its silence is no strength
        weight = rule.weight if rule.weight > 0 else 1.0
        if rule.id in fired_points:
            outcome = 1.0 - loss_fraction(fired_points[rule.id], weight)
        else:
            outcome = 1.0
        for sid in rule.skills:
            if not skill_fits(sid, result.question_type):
                continue  # e.g. missing_metrics on a story is no evidence about capacity estimation
            if aimed is not None and sid not in aimed:
                continue  # the question does not target it
            acc = totals[sid]
            acc[0] += weight * outcome
            acc[1] += weight
            if rule.id in fired_points:
                failed[sid].append(rule.id)
                pts, idx = costliest[rule.id]
                if sid not in main or pts > main[sid][0]:
                    main[sid] = (pts, idx)
            else:
                passed[sid].append(rule.id)
    return {
        sid: Evidence(
            skill_id=sid,
            observed=round(100.0 * num / den, 2),
            passed=tuple(passed[sid]),
            failed=tuple(failed[sid]),
            main_finding=main[sid][1] if sid in main else None,
        )
        for sid, (num, den) in totals.items()
        if den > 0
    }


# Skills every spoken or typed answer shows, whatever its question targets.
ALWAYS_SHOWN_CATEGORY = "communication"
# Skills any answer of a question type shows, whatever its question lists: every story has
# a structure, an owner and an outcome; every design has parts, limits and trade-offs; every
# solution discussed has a cost, edge cases and a way to test it; every negotiation answer
# anchors and counters. The bank lists a question's particular skills on top of these (only
# 30 of its 65 behavioral questions list star_structure).
TYPE_SKILLS: dict[str, frozenset[str]] = {
    "behavioral": frozenset({"star_structure", "ownership_signal", "quantifiable_results"}),
    "system-design": frozenset({"component_design", "scalability_thinking", "tradeoff_analysis"}),
    "coding-discussion": frozenset({"complexity_analysis", "edge_cases", "testing_approach"}),
    "negotiation": frozenset({"anchoring", "counter_strategy", "value_articulation", "emotional_control"}),
}


def targets(result: AnswerResult) -> frozenset[str] | None:
    """The skills an answer can move: its bank question's ``skills``, the skills any answer
    of its type shows (:data:`TYPE_SKILLS`) and the communication skills; None (no limit
    beyond the question type) for a question of the user's own or a bank question that
    lists no skills. A technical question about microservices moved code_review_reasoning
    and star_structure (a blind trial's interview)."""
    from icraft.rubric.relevance import skills_for
    from icraft.skills.graph import load_skills

    listed = skills_for(result.question)
    if not listed:
        return None
    return (frozenset(listed) | TYPE_SKILLS.get(result.question_type, frozenset())
            | {s.id for s in load_skills() if s.category == ALWAYS_SHOWN_CATEGORY})


def unjudged_reason(result: AnswerResult, rubric: Rubric, skill_id: str) -> str:
    """Why ``result`` gives no evidence about ``skill_id``, for "X: not judged — <reason>".

    The same tests :func:`observe` applies, in its order; call it only for a skill
    observe left out (for one it judged the text would be meaningless)."""
    qtype = result.question_type
    if not skill_fits(skill_id, qtype):
        return f"a {qtype} answer cannot show it"
    rules = [r for r in rubric.rules if skill_id in r.skills and qtype in r.applies_to]
    if not rules:
        return f"no rule judges it on a {qtype} answer"
    timed_answer = result.delivery is not None and result.delivery.measurable
    if not timed_answer and all(r.timed for r in rules):
        return "it is judged only from word timings, which a typed answer does not have"
    if too_thin(result):
        return "the answer was too short to show it"
    if off_topic(result):
        return "the answer was about another subject"
    aimed = targets(result)
    if aimed is not None and skill_id not in aimed:
        return "its question does not ask about it"
    names = ", ".join(r.id for r in rules)
    return f"the answer gave its rule{'s' * (len(rules) > 1)} ({names}) nothing to judge"


def answer_key(question: str | None, text: str) -> str:
    """The identity of one answer as evidence: sha256 of the question and the answer text,
    each case-folded with whitespace collapsed. The same answer to the same question,
    linted again, re-wound to itself or typed again in a drill, has the same key, and a
    skill counts each key once (``repo.apply_result``); any edit to the wording is a new
    answer."""
    def norm(s: str | None) -> str:
        return " ".join((s or "").split()).casefold()

    return hashlib.sha256(f"{norm(question)}\x1f{norm(text)}".encode("utf-8")).hexdigest()


def alpha(evidence_count: int) -> float:
    """Learning rate for the next answer given how many answers already moved the skill.

    1/(n+2) is the running mean of the answers *and the prior* (PRIOR_SCORE counted as
    one observation): the first answer moves a new skill halfway, the second counts a
    third, the third a quarter. Early evidence moves the skill fast, but one answer
    (a single lucky or bad day) never sets it outright. Floored at MIN_ALPHA (reached
    from the sixth answer on) so an established skill still tracks real change (an
    exponential average over ~6 answers).
    """
    return max(MIN_ALPHA, 1.0 / (evidence_count + 2))


def update_score(before: float | None, evidence_count: int, observed: float) -> float:
    """The skill score after one more answer: before + alpha(n) * (observed - before),
    where a skill with no evidence yet (``before`` None) starts from PRIOR_SCORE."""
    start = PRIOR_SCORE if before is None else before
    return round(start + alpha(evidence_count) * (observed - start), 2)


# The first answer count at which alpha is MIN_ALPHA (1/(n+2) <= MIN_ALPHA from here on).
_FLOOR_FROM = next(n for n in range(1000) if 1.0 / (n + 2) <= MIN_ALPHA)


def prior_weight(evidence_count: int) -> float:
    """The share of PRIOR_SCORE still in a skill's score after ``evidence_count`` answers:
    the product of (1 - alpha(n)) over the answers, which is 1/(k+1) while alpha is
    1/(n+2) and shrinks by (1 - MIN_ALPHA) per answer after that."""
    k = max(0, evidence_count)
    head = min(k, _FLOOR_FROM)
    return (1.0 / (head + 1)) * (1.0 - MIN_ALPHA) ** (k - head)


def without_prior(score: float, evidence_count: int) -> float:
    """The score with the prior's share taken out: what the answers alone say (for the
    first answers, exactly their running mean). The trend is judged on this, so a skill
    whose answers are all alike reads "stable" while its score is still moving off the
    prior (30, 23, 20 for three answers of 10 is the estimate settling, not decline)."""
    w = prior_weight(evidence_count)
    if w >= 1.0:
        return score
    return (score - w * PRIOR_SCORE) / (1.0 - w)
