"""Scores computed by code from findings and rubric weights (docs/SCORING.md).

Per answer: every category that applies to the question type starts at 100 and loses
each finding's points, floored at 0 (a rule with ``scope = "answer"``, too_short, costs
every category that applies). A finding's points are::

    weight x severity_factor x (1 + d + d^2 + ... + d^(count-1))      (d = repeat_decay)

so a repeated problem costs more than a single one, with diminishing returns (at
most weight x factor / (1 - d)), times the detection's ``scale`` (1 except for graded
rules: too_short charges its shortfall below the minimum length). A finding that is not measurable costs 0. The
overall score is the mean of the category scores weighted by the rubric's category
weights for the question type. Session scores average the answers. Rounding is
half-up to an integer, so scores are identical on every platform and run.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any, Iterable, Mapping, Sequence

from icraft.core.findings import AnswerResult, Finding, Score, Span
from icraft.delivery.timing import unreliable, unreliable_note
from icraft.rubric.model import Rubric, Rule
from icraft.rubric.questions import SMALL_TALK

_MAX_REPEATS = 20


def round_half_up(x: float) -> int:
    return int(math.floor(x + 0.5))


def finding_points(
    rule: Rule, rubric: Rubric, count: int, measurable: bool = True, scale: float = 1.0
) -> float:
    """Points a finding of ``rule`` with ``count`` occurrences costs its category;
    ``scale`` (0-1) is the fraction a graded rule charges (too_short: the shortfall)."""
    if not measurable or count <= 0 or scale <= 0:
        return 0.0
    repeats = _repeats(rubric.repeat_decay, min(count, _MAX_REPEATS))
    return round(rule.weight * rubric.severity_factors[rule.severity] * repeats * min(1.0, scale), 2)


@lru_cache(maxsize=256)
def _repeats(decay: float, count: int) -> float:
    """1 + d + d^2 + ... + d^(count-1), summed term by term (cached: a transcript's
    findings reuse a handful of counts, and the closed form could differ in the last bit)."""
    return sum(decay**k for k in range(count))


def make_finding(
    rule: Rule,
    rubric: Rubric,
    *,
    answer: int,
    spans: tuple[Span, ...],
    count: int = 1,
    measurable: bool = True,
    scale: float = 1.0,
    message: str | None = None,
    detail: Mapping[str, Any] | None = None,
    source: str = "rules",
) -> Finding:
    """The one way a rule's verdict becomes a :class:`Finding` (the rule engine and the
    LLM judge both use it): category, severity, fix and skills come from the rule, the
    points from :func:`finding_points`, and ``detail.count`` is always set."""
    # Positional (one per finding, ~250 an hour of transcript): rule_id, category, severity,
    # message, fix, spans, answer, points, skills, measurable, source, detail.
    return Finding(rule.id, rule.category, rule.severity, message or rule.message, rule.fix, spans, answer,
                   finding_points(rule, rubric, count, measurable, scale), rule.skills, measurable, source,
                   {"count": count, **(detail or {})})


def applicable_categories(rubric: Rubric, question_type: str, rules: Iterable[Rule]) -> tuple[str, ...]:
    """Categories with at least one active rule for this question type and a weight > 0."""
    weights = rubric.category_weights[question_type]
    active = {r.category for r in rules if r.applies(question_type)}
    return tuple(c for c in rubric.categories if c in active and weights.get(c, 0.0) > 0)


def score_answer(
    findings: Sequence[Finding], rubric: Rubric, question_type: str, categories: Sequence[str]
) -> Score:
    if question_type not in rubric.category_weights:  # small talk: nothing is scored
        return Score(overall=100, categories={}, rubric_version=rubric.version)
    raw = {c: 100.0 for c in categories}
    for f in findings:
        rule = rubric.rule_or_none(f.rule_id)
        if rule is not None and rule.scope == "answer":
            for c in raw:  # charged to every category that applies
                raw[c] -= f.points
        elif f.category in raw:
            raw[f.category] -= f.points
    clamped = {c: min(100.0, max(0.0, v)) for c, v in raw.items()}
    weights = rubric.category_weights[question_type]
    total_w = sum(weights.get(c, 0.0) for c in clamped)
    overall = sum(weights.get(c, 0.0) * v for c, v in clamped.items()) / total_w if total_w else 100.0
    return Score(
        overall=round_half_up(to_scale(overall, rubric)),
        categories={c: round_half_up(v) for c, v in clamped.items()},
        rubric_version=rubric.version,
    )


def to_scale(mean: float, rubric: Rubric) -> float:
    """The weighted mean of the categories on the overall scale: unchanged up to the rubric's
    ``knee``, compressed linearly above it so that 100 (nothing the rules check is missing)
    reads as its ``top``, where interviewers put strong answers (docs/SCORING.md 3)."""
    knee = rubric.knee
    if mean <= knee:
        return mean
    return knee + (mean - knee) * (rubric.top - knee) / (100.0 - knee)


def is_judged(answer: AnswerResult) -> bool:
    """Whether any rule judged the answer (fired or passed). An answer no selected rule
    could judge (``--rules weak_anchor`` on a story) has no score: its 100 with no
    categories measures nothing, so it is left out of the session score and shown as
    "not judged" (:func:`not_judged_reason`)."""
    return bool(answer.judged) or any(f.measurable for f in answer.findings)


def not_judged_reason(answer: AnswerResult) -> str | None:
    """Why an answer has no score ("no selected rule applies to a behavioral answer",
    "unreliable transcript: impossible word rate: 1,191 words/min ..."), or None when it was judged."""
    if is_judged(answer):
        return None
    if answer.refused:
        return answer.refused
    if answer.delivery is not None and unreliable(answer.delivery):
        return unreliable_note(answer.delivery)
    if answer.question_type == SMALL_TALK:
        return "small talk: a pleasantry, not scored"
    if not answer.score.categories:
        return f"no selected rule applies to a {answer.question_type} answer"
    return f"no selected rule could judge this {answer.question_type} answer"


def score_session(answers: Sequence[AnswerResult], rubric: Rubric) -> Score:
    """The session: mean of the judged answers' overall scores; each category averaged
    over the judged answers it applied to. Answers no rule judged do not count."""
    answers = [a for a in answers if is_judged(a)] or answers
    if not answers:
        return Score(overall=0, categories={}, rubric_version=rubric.version)
    overall = sum(a.score.overall for a in answers) / len(answers)
    cats: dict[str, list[int]] = {}
    for a in answers:
        for c, v in a.score.categories.items():
            cats.setdefault(c, []).append(v)
    ordered = [c for c in rubric.categories if c in cats]
    return Score(
        overall=round_half_up(overall),
        categories={c: round_half_up(sum(cats[c]) / len(cats[c])) for c in ordered},
        rubric_version=rubric.version,
    )
