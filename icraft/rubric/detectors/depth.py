"""Depth rules: metrics, trade-offs, assumptions, scale, failure, components,
coding-discussion depth, vague quantities, shallow follow-ups, negotiation anchors."""

from __future__ import annotations

from icraft.core.findings import Span
from icraft.rubric import lexicon as lx
from icraft.rubric.context import AnswerContext
from icraft.rubric.detectors._util import absent, match_spans, param, short_followup
from icraft.rubric.model import Rule
from icraft.rubric.registry import NOT_JUDGED, Detection, NotJudged, detector


@detector("missing_metrics")
def missing_metrics(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    """No quantity with a unit anywhere. Points at the results in a story, at the
    opening in a design (where the estimates belong)."""

    def where() -> Span:
        if ctx.question_type == "behavioral":
            idx = ctx.star.indices("result")
            return ctx.span_segments([ctx.star.clauses[i] for i in idx]) if idx else ctx.closing(2)
        return ctx.opening(2)

    return absent(ctx, rule, lx.METRIC, where)


@detector("no_tradeoff")
def no_tradeoff(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    return absent(ctx, rule, lx.TRADEOFF, ctx.whole)


@detector("no_assumptions")
def no_assumptions(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    return absent(ctx, rule, lx.ASSUMPTION, lambda: ctx.opening(2))


@detector("no_scale_thinking")
def no_scale_thinking(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    return absent(ctx, rule, lx.SCALE, ctx.whole)


@detector("no_failure_modes")
def no_failure_modes(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    return absent(ctx, rule, lx.FAILURE, ctx.whole)


@detector("no_components")
def no_components(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    """Fewer than ``min_components`` distinct building blocks, or no interface between them."""
    if short_followup(ctx, rule):
        return NOT_JUDGED
    found = sorted({m.group().rstrip("s") for m in ctx.hits(lx.COMPONENT)})
    interfaces = ctx.hits(lx.INTERFACE)
    reasons = []
    if len(found) < int(param(rule, "min_components", 2)):
        reasons.append("components")
    if not interfaces:
        reasons.append("interfaces")
    if not reasons:
        return None
    what = " or ".join("named components" if r == "components" else "interfaces (API, contract)" for r in reasons)
    return Detection(
        (ctx.whole(),),
        detail={"missing": reasons, "components": found},
        message=f"The design has no {what}: the interviewer cannot see the boxes and arrows.",
    )


@detector("no_complexity")
def no_complexity(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    return absent(ctx, rule, lx.COMPLEXITY, ctx.whole)


@detector("no_edge_cases")
def no_edge_cases(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    return absent(ctx, rule, lx.EDGE_CASE, ctx.whole)


@detector("no_testing")
def no_testing(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    return absent(ctx, rule, lx.TESTING, lambda: ctx.closing(2))


@detector("vague_quantities")
def vague_quantities(ctx: AnswerContext, rule: Rule) -> Detection | None:
    """Impact words ("a lot", "significantly") in sentences that give no number."""
    candidates = ctx.hits(lx.VAGUE_QUANTITY)
    if not candidates:
        return None  # nothing vague: no need to find the sentences with numbers
    metric_sentences = {ctx.sentence_at(m.start()) for m in ctx.hits(lx.METRIC)}
    vague = [m for m in candidates if ctx.sentence_at(m.start()) not in metric_sentences]
    if len(vague) < int(param(rule, "min_count", 1)):
        return None
    return Detection(match_spans(ctx, vague), count=len(vague), detail={"phrases": [m.group() for m in vague]})


@detector("shallow_followup")
def shallow_followup(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    """A probing question ("why", "what if", "walk me through") answered briefly or
    without any reasoning. Needs the question; without one it does not apply."""
    if not ctx.question_has(lx.FOLLOWUP_QUESTION):
        return NOT_JUDGED
    short = ctx.n_words < int(param(rule, "min_words", 25))
    unreasoned = not ctx.has(lx.REASONING) and ctx.n_words < int(param(rule, "reasoning_below_words", 80))
    if not (short or unreasoned):
        return None
    reasons = (["short"] if short else []) + (["no_reasoning"] if unreasoned else [])
    return Detection((ctx.whole(),), detail={"reasons": reasons, "words": ctx.n_words})


@detector("weak_anchor")
def weak_anchor(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    """A compensation answer with no number, a range (the low end becomes the anchor),
    a disclosed current salary, or a number with no justification.

    No number at all is the weakest anchor whether it is said vaguely ("something
    competitive") or not at all ("Thank you so much for the offer, I'm excited"): the
    evidence is the vague ask, else the sentence that replies to the offer (the first
    one that talks compensation), else the opening."""
    numbers = ctx.hits(lx.NUMBER)
    vague = ctx.hits(lx.VAGUE_ASK)
    comp = ctx.hits(lx.COMP_QUESTION)
    if not (ctx.question_has(lx.COMP_QUESTION) or numbers or vague or comp):
        return NOT_JUDGED  # no compensation talk to judge
    spans = []
    reasons = []
    if not numbers:
        reasons.append("no_number")
        if vague:
            spans += [ctx.span_match(m) for m in vague]
        elif comp:
            spans.append(ctx.span_segment(ctx.sentences[ctx.sentence_at(comp[0].start())]))
        else:
            spans.append(ctx.opening(1))
    ranges = ctx.hits(lx.RANGE)
    if ranges:
        reasons.append("range")
        spans += [ctx.span_match(m) for m in ranges]
    current = ctx.hits(lx.CURRENT_SALARY)
    if current:
        reasons.append("current_salary")
        spans += [ctx.span_match(m) for m in current]
    if numbers and not ranges and not current and not ctx.has(lx.JUSTIFICATION):
        reasons.append("unjustified")
        spans.append(ctx.span_match(numbers[0]))
    if not reasons:
        return None
    message = None
    if reasons == ["no_number"] and not vague:
        message = "No number at all: the answer discusses the offer without naming what you want, the weakest anchor."
    return Detection(tuple(spans), count=len(reasons), detail={"reasons": reasons}, message=message)
