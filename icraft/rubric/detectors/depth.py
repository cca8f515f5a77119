"""Depth rules: metrics, trade-offs, assumptions, scale, failure, components,
coding-discussion depth, vague quantities, shallow follow-ups, negotiation anchors."""

from __future__ import annotations

import re

from typing import Any, Mapping

from icraft.core.findings import Span
from icraft.rubric import lexicon as lx
from icraft.rubric.context import AnswerContext
from icraft.rubric.detectors._util import (
    MIN_PROBED_WORDS,
    absent,
    asks_elsewhere,
    brief,
    match_spans,
    param,
    short_followup,
)
from icraft.rubric.model import Rule
from icraft.rubric.registry import NOT_JUDGED, Detection, NotJudged, detector, generic_detector


# -- "absent" rules: a cue that never occurs ---------------------------------------------------
# One detector for every rule about something missing that one lexicon pattern finds (no
# trade-off, no complexity, no numbers...), configured in the rule's rubric entry:
# detector = { kind = "absent", cue = "tradeoff", at = "whole" }.

_AT = ("opening", "closing", "results", "choice")


def _cue(name: str) -> Any:
    """The lexicon pattern a rule names ("edge_case" -> lexicon.EDGE_CASE)."""
    found = getattr(lx, name.upper(), None) if name.isidentifier() and name == name.lower() else None
    return found if hasattr(found, "finditer") and hasattr(found, "search") else None


def _check_absent(cfg: Mapping[str, Any]) -> str | None:
    unknown = sorted(set(cfg) - {"kind", "cue", "at", "unless_asked", "dismissed"})
    if unknown:
        return f"unknown key '{unknown[0]}' (kind, cue, at, unless_asked, dismissed)"
    asked = cfg.get("unless_asked", [])
    if not isinstance(asked, list) or any(a not in lx.QUESTION_FOCUS for a in asked) or len(asked) == 1:
        return f"'unless_asked' must list this rule's aspect, then the others, from {', '.join(lx.QUESTION_FOCUS)}"
    for key in ("cue", "dismissed") if "dismissed" in cfg else ("cue",):
        if not isinstance(cfg.get(key), str) or _cue(cfg[key]) is None:
            return f"'{key}' must name a pattern of icraft.rubric.lexicon in lower case, not {cfg.get(key)!r}"
    at = cfg.get("at")
    places = list(at.values()) if isinstance(at, Mapping) else [at]
    if isinstance(at, Mapping) and "default" not in at:
        return "'at' per question type needs a 'default'"
    if not places or any(a not in _AT for a in places):
        return f"'at' must be one of {', '.join(_AT)} (or a table of them per question type)"
    return None


def _where(ctx: AnswerContext, at: str) -> Span:
    """Where the missing thing was expected, quoted briefly (never the whole answer)."""
    if at == "results":  # a story's result clauses, else where a result belongs
        idx = ctx.star.indices("result")
        return ctx.span_segments([ctx.star.clauses[i] for i in idx]) if idx else brief(ctx, -1)
    if at == "opening":  # where context, assumptions or the estimates belong
        return brief(ctx, 0)
    if at == "choice":  # the first choice stated ("I'd use X"): where "instead of Y because" belongs
        choice = ctx.hits(lx.CHOICE)
        if choice:
            return brief(ctx, ctx.sentence_at(choice[0].start()))
    return brief(ctx, -1)  # closing: where a choice is weighed, tests or a lesson belong


@generic_detector("absent", check=_check_absent)
def absent_cue(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    """Fire when the rule's lexicon cue never occurs in the answer, pointing briefly at the
    part of the answer where it belongs (``at``: its opening or closing sentence, a
    story's results, or the first choice it states, else its closing sentence). ``unless_asked = [aspect, *others]``: not judged when the question
    asks about some of the others but not this aspect (docs/SCORING.md section 11)."""
    cfg = rule.detector or {}
    asked = cfg.get("unless_asked")
    if asked and asks_elsewhere(ctx, asked[0], tuple(asked[1:])):
        return NOT_JUDGED
    at = cfg["at"]
    if not isinstance(at, str):  # a table per question type (_check_absent: a place or a Mapping of them)
        at = at.get(ctx.question_type, at["default"])
    dismissed = cfg.get("dismissed")
    return absent(ctx, rule, _cue(cfg["cue"]), lambda: _where(ctx, at), _cue(dismissed) if dismissed else None)


@detector("no_components")
def no_components(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    """Fewer than ``min_components`` distinct building blocks, or no interface between them."""
    if short_followup(ctx, rule) or asks_elsewhere(ctx, "design", ("estimate",)):
        return NOT_JUDGED  # "Estimate the storage..." asks for numbers, not boxes and arrows
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
        (brief(ctx, -1),),
        detail={"missing": reasons, "components": found},
        message=f"The design has no {what}: the interviewer cannot see the boxes and arrows.",
    )


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
    without any reasoning. A follow-up that asks for a fact ("How many users were
    affected?", "How long did it last?") is not judged: a short, exact reply answers it. Judges only replies to a real follow-up (``is_followup``: "Why
    Kafka?", "What if the cache dies?"); a main question that happens to start with
    "why" or "how would" ("Why should we hire you?", "How would you design a rate
    limiter?") is judged by too_short and the other rules instead."""
    if not ctx.followup or ctx.n_words < MIN_PROBED_WORDS:
        return NOT_JUDGED  # "Yeah.", "No.": too short to judge, as for every other rule
    if ctx.question_has(lx.FACTUAL_QUESTION) and not ctx.question_has(lx.FOLLOWUP_QUESTION):
        return NOT_JUDGED  # "How many users were affected?" -> "About 3,000.": a fact is the answer
    short = ctx.n_words < int(param(rule, "min_words", 25))
    unreasoned = not ctx.has(lx.REASONING) and ctx.n_words < int(param(rule, "reasoning_below_words", 80))
    if not (short or unreasoned):
        return None
    reasons = (["short"] if short else []) + (["no_reasoning"] if unreasoned else [])
    return Detection((brief(ctx, 0),), detail={"reasons": reasons, "words": ctx.n_words})


@detector("weak_anchor")
def weak_anchor(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    """A compensation answer with no number, a range (the low end becomes the anchor),
    a disclosed current salary, or a number with no justification.

    No number at all is the weakest anchor whether it is said vaguely ("something
    competitive") or not at all ("Thank you so much for the offer, I'm excited"): the
    evidence is the vague ask, else the sentence that replies to the offer (the first
    one that talks compensation), else the opening. Asking them to name the number
    first ("I'd rather hear your offer first", "Could you share the range you have
    budgeted?") is a legitimate opening while no offer is on the table (the question
    names no number): it passes. So does asking for time while an offer is on the table
    (the question names a figure, or puts a date on the decision: "We'd need your answer by
    Friday"). The message names the reasons that apply, only those."""
    numbers = ctx.hits(lx.NUMBER)
    vague = ctx.hits(lx.VAGUE_ASK)
    comp = ctx.hits(lx.COMP_QUESTION)
    if not (ctx.question_has(lx.COMP_QUESTION) or numbers or vague or comp):
        return NOT_JUDGED  # no compensation talk to judge
    asks_first = ctx.has(lx.ASK_THEIR_NUMBER) and not ctx.question_has(lx.NUMBER)
    if not numbers and asks_first:
        return None  # they are asked to go first, before any offer
    if not numbers and (ctx.question_has(lx.NUMBER) or ctx.question_has(lx.DECISION_DUE)) and ctx.has(lx.DEFER):
        return None  # an offer on the table (or its decision due), and time asked: the anchor comes later
    current = ctx.hits(lx.CURRENT_SALARY)
    # The figure that says what you earn now ("I currently make 120k") is no ask: an answer
    # whose only number it is names nothing it wants.
    own = [n for n in numbers if not any(_states_pay(ctx, c, n) for c in current)] if current else numbers
    spans = []
    reasons = []
    if not own and not asks_first:
        reasons.append("no_number")
        if vague:
            spans += [ctx.span_match(m) for m in vague]
        elif numbers:
            pass  # only current pay: its own span (below) is the evidence
        elif comp:
            spans.append(ctx.span_segment(ctx.sentences[ctx.sentence_at(comp[0].start())]))
        else:
            spans.append(ctx.opening(1))
    found = ctx.hits(lx.RANGE)
    ranges = [m for m in found if not _cited(ctx, m, found, numbers)]
    if ranges:
        reasons.append("range")
        spans += [ctx.span_match(m) for m in ranges]
    if current:
        reasons.append("current_salary")
        spans += [ctx.span_match(m) for m in current]
    if own and not ranges and not current and not ctx.has(lx.JUSTIFICATION):
        reasons.append("unjustified")
        spans.append(ctx.span_match(own[0]))
    if not reasons:
        return None
    said = {
        "no_number": ("No number of your own: the only figure is what you earn now, so you never say what you "
                      "want." if numbers else
                      "No number, only a vague ask: it leaves the anchor to the other side." if vague else
                      "No number at all: the answer discusses the offer without naming what you want, "
                      "the weakest anchor."),
        # A researched range with their band asked for is the standard opening when pressed for a
        # number before any offer; the floor still anchors, and the message says both.
        "range": ("You gave a range: researching it and asking for their band is a fair opening, but its low end "
                  "is where they will start; name the figure you want at the top of it."
                  if ctx.has(lx.ASK_THEIR_NUMBER) and ctx.has(lx.JUSTIFICATION) else
                  "You gave a range: its low end becomes the anchor."),
        "current_salary": "You named your current pay: the offer will be anchored to what you earn now, "
                          "not to the market or the role.",
        "unjustified": "Your number comes with no reason (market data, the scope, the value you bring), "
                       "so it is easy to talk down.",
    }
    # The worst first: current pay cannot be taken back.
    order = ("current_salary", "no_number", "range", "unjustified")
    message = " ".join(said[r] for r in sorted(reasons, key=order.index))
    # Anchoring to current pay counts twice: it hands over the lowest anchor there is and
    # cannot be taken back (it was one reason among four, -18 overall at most).
    count = len(reasons) + (1 if current else 0)
    return Detection(tuple(spans), count=count, detail={"reasons": reasons}, message=message)


def _cited(ctx: AnswerContext, rng: re.Match[str], ranges: list[re.Match[str]], numbers: list[re.Match[str]]) -> bool:
    """Whether a range is the market's, cited for the ask, not the ask: its sentence gives
    a reason before it ("market data for this level puts the range around 165 to 175") and
    the answer names a number of its own outside every range ("I'd like to ask for 170")."""
    sent = ctx.sentences[ctx.sentence_at(rng.start())]
    reason = any(sent.char_start <= j.start() < rng.start() for j in ctx.hits(lx.JUSTIFICATION))
    return reason and any(any(c.isdigit() for c in n.group()) and not any(r.start() <= n.start() < r.end() for r in ranges)
                          for n in numbers)


# At most this many words between "I currently make" / "my current base is" and its figure.
_PAY_GAP_WORDS = 3


def _states_pay(ctx: AnswerContext, cue: re.Match[str], number: re.Match[str]) -> bool:
    """Whether ``number`` is the figure a current-pay cue states ("I currently make 120k",
    "my current base is about 140"): it follows the cue closely, in the same clause."""
    gap = ctx.lower[cue.end():number.start()]
    return number.start() >= cue.end() and len(gap.split()) <= _PAY_GAP_WORDS and not any(p in gap for p in ".;!?")
