"""Seniority-signal rules: ownership, passive voice, stakeholders, mentoring,
and conceding in a negotiation."""

from __future__ import annotations

from icraft.rubric import lexicon as lx
from icraft.rubric.context import AnswerContext
from icraft.rubric.detectors._util import match_spans, param, short_followup
from icraft.rubric.model import Rule
from icraft.rubric.registry import NOT_JUDGED, Detection, NotJudged, detector


@detector("no_ownership")
def no_ownership(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    """"We" with no "I": team actions and no first-person action, or "we" actions
    outnumbering "I" actions by ``max_we_ratio`` to one."""
    if short_followup(ctx, rule, 50):
        return NOT_JUDGED
    we = ctx.hits(lx.WE)
    i_actions = ctx.star_matches["i_action"]
    we_actions = ctx.star_matches["we_action"]
    if not i_actions and not we_actions:
        # Generic talk with no actor at all: nothing the interviewer can credit either.
        return Detection(
            (ctx.whole(),),
            detail={"we": len(we), "i_actions": 0, "we_actions": 0},
            message="No first-person action anywhere: the answer never says what you did.",
        )
    # Team actions and none of yours fire at any count ("We migrated it." is all "we");
    # otherwise a handful of "we"s is normal and only the ratio below can fire.
    if len(we) < int(param(rule, "min_we", 3)) and (i_actions or not we_actions):
        return None
    detail = {"we": len(we), "i_actions": len(i_actions), "we_actions": len(we_actions)}
    evidence = we_actions or we
    if not i_actions:
        return Detection(
            match_spans(ctx, evidence, 8),
            count=len(evidence),
            detail=detail,
            message=f"\"We\" {len(we)} times and not one thing *you* did: the interviewer cannot credit you.",
        )
    ratio = float(param(rule, "max_we_ratio", 3))
    if len(we_actions) >= int(param(rule, "min_we_actions", 4)) and len(we_actions) >= ratio * len(i_actions):
        return Detection(
            match_spans(ctx, we_actions, 8),
            count=len(we_actions),
            detail=detail,
            message=f"{len(we_actions)} team actions (\"we ...\") to {len(i_actions)} of yours: your part is hidden.",
        )
    return None


@detector("passive_voice")
def passive_voice(ctx: AnswerContext, rule: Rule) -> Detection | None:
    """"It was decided", "the fix got deployed": passives that hide who acted."""
    found = []
    for m in ctx.hits(lx.PASSIVE):
        if m.group(1) in lx.PASSIVE_STATIVE:
            continue
        before = ctx.lower[max(0, m.start() - 6) : m.start()].split()
        if before and before[-1] in ("i", "we"):
            continue  # "I was promoted": the subject is the speaker, nothing is hidden
        found.append(m)
    if len(found) < int(param(rule, "min_count", 2)):
        return None
    return Detection(match_spans(ctx, found), count=len(found), detail={"phrases": [m.group() for m in found]})


@detector("no_stakeholder_mgmt")
def no_stakeholder_mgmt(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    """A conflict (asked about, or described) with no one talked to, aligned or convinced."""
    asked = ctx.question_has(lx.STAKEHOLDER_QUESTION)
    conflict = ctx.hits(lx.CONFLICT)
    if not (asked or conflict) or short_followup(ctx, rule, 30):
        return NOT_JUDGED  # no conflict in question or story: nothing to judge
    if ctx.has(lx.STAKEHOLDER):
        return None
    if conflict:
        sentences = sorted({ctx.sentence_at(m.start()) for m in conflict})[:3]
        spans = tuple(ctx.span_segment(ctx.sentences[i]) for i in sentences)
    else:
        spans = (ctx.opening(2),)
    return Detection(spans, detail={"asked": asked, "conflict_mentions": len(conflict)})


@detector("no_mentoring_signal")
def no_mentoring_signal(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    """Asked about leading or growing people, or a junior appears in the story, and
    nothing shows you growing anyone."""
    asked = ctx.question_has(lx.MENTOR_QUESTION)
    mentee = ctx.hits(lx.MENTEE)
    if not (asked or mentee) or short_followup(ctx, rule, 30):
        return NOT_JUDGED  # no one to grow in question or story: nothing to judge
    if ctx.has(lx.MENTORING):
        return None
    spans = match_spans(ctx, mentee, 4) if mentee else (ctx.whole(),)
    return Detection(spans, detail={"asked": asked})


@detector("early_concession")
def early_concession(ctx: AnswerContext, rule: Rule) -> Detection | None:
    """Accepting or giving ground before countering, or apologising for asking."""
    apologies = ctx.hits(lx.APOLOGY)
    concessions = ctx.hits(lx.CONCESSION)
    countered = ctx.has(lx.COUNTER) or ctx.has(lx.NUMBER)
    found = sorted(apologies + ([] if countered else concessions), key=lambda m: m.start())
    if not found:
        return None
    return Detection(
        match_spans(ctx, found),
        count=len(found),
        detail={"apologies": len(apologies), "concessions": 0 if countered else len(concessions)},
    )
