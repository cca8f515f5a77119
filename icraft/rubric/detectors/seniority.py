"""Seniority-signal rules: ownership, passive voice, stakeholders, mentoring,
and conceding in a negotiation."""

from __future__ import annotations

import re

from icraft.fmt import count
from icraft.rubric import lexicon as lx
from icraft.rubric.context import AnswerContext
from icraft.rubric.detectors._util import brief, conditional, match_spans, param, short_followup
from icraft.rubric.model import Rule
from icraft.rubric.registry import NOT_JUDGED, Detection, NotJudged, detector


def _who(m: re.Match[str]) -> tuple[str, int]:
    """The subject ("i" or "we") of a hypothetical match and where it starts."""
    group = "who" if m.group("who") else "who_if"
    return m.group(group), m.start(group)


# Said when the answer's only "I" is hypothetical, so the user sees why it did not count.
_PLAN_NOTE = " (\"I would...\" says what you would do, not what you did)."
_I_WORD = re.compile(r"\bi\b")


def _tells_a_plan(ctx: AnswerContext, hypothetical: list[re.Match[str]], we: list[re.Match[str]]) -> bool:
    """Whether an answer with no past action is a plan ("I would start by...") rather
    than a story whose only "I" is hypothetical ("the team rebuilt it; I would do it
    differently"). The question decides when it asks for either; otherwise the answer
    does: team talk ("our team", "we had") or story-setting cues ("last year", "there
    was") make it a story."""
    if not hypothetical:
        return False
    if ctx.question_has(lx.STORY_QUESTION):
        return False
    if ctx.question_has(lx.PLAN_QUESTION):
        return True
    return not we and not ctx.star_matches["situation"]


@detector("no_ownership")
def no_ownership(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    """"We" with no "I": team actions and no first-person action, or "we" actions
    outnumbering "I" actions by ``max_we_ratio`` to one.

    Hypothetical first person ("I would...", "I'd...", "we could...", "if I added...")
    counts neither way: it is not an action you owned, nor team talk. An answer that
    is all plan (no action told in the past) is ownership-neutral and left unjudged;
    a story whose only "I" is hypothetical still fires.

    The rule costs every category (``scope = "answer"``): team actions and none of yours
    cost its whole weight once, however many "we" actions the story tells (more detail must
    not cost more); no actor at all ``no_actor_share`` of it (no_star_structure already asks
    for the actions), "we" actions outnumbering yours ``hidden_share``."""
    if short_followup(ctx, rule, 50):
        return NOT_JUDGED
    hypothetical = ctx.hits(lx.HYPOTHETICAL_SELF)
    subjects = [_who(m) for m in hypothetical]
    hyp_starts = {start for _, start in subjects}
    we = [m for m in ctx.hits(lx.WE) if m.start() not in hyp_starts]
    i_actions = [m for m in ctx.star_matches["i_action"] if not conditional(ctx, m)]
    we_actions = [m for m in ctx.star_matches["we_action"] if not conditional(ctx, m)]
    hyp_i = sum(1 for who, _ in subjects if who == "i")
    if not i_actions and not we_actions:
        if _tells_a_plan(ctx, hypothetical, we):
            return NOT_JUDGED  # "I would start by...": a plan, nothing owned or hidden
        # Generic talk with no actor at all: nothing the interviewer can credit either. An
        # answer that says "I" in the present ("I mix the flour", "I always stay calm") tells
        # habits, not something done: the message says so instead of "no first person".
        present = not hyp_i and _I_WORD.search(ctx.lower) is not None
        return Detection(
            (brief(ctx, 0),),
            scale=float(param(rule, "no_actor_share", 0.3)),
            detail={"we": len(we), "i_actions": 0, "we_actions": 0, "hypothetical": hyp_i},
            message="No action of yours told: \"I\" comes only with what you do in general or now, never with "
                    "something you did, so the answer never says what you did." if present else
                    "No first-person action anywhere: the answer never says what you did" + (_PLAN_NOTE if hyp_i else "."),
        )
    # Team actions and none of yours fire at any count ("We migrated it." is all "we");
    # otherwise a handful of "we"s is normal and only the ratio below can fire.
    if len(we) < int(param(rule, "min_we", 3)) and (i_actions or not we_actions):
        return None
    detail = {"we": len(we), "i_actions": len(i_actions), "we_actions": len(we_actions), "hypothetical": hyp_i}
    evidence = we_actions or we
    if not i_actions:
        return Detection(
            match_spans(ctx, evidence, 8),
            detail=detail,
            message=f"\"We\" {count(len(we), 'time')} and not one thing *you* did"
            + (_PLAN_NOTE[:-1] if hyp_i else "")
            + ": the interviewer cannot credit you.",
        )
    ratio = float(param(rule, "max_we_ratio", 2))
    if len(we_actions) >= int(param(rule, "min_we_actions", 4)) and len(we_actions) >= ratio * len(i_actions):
        return Detection(
            match_spans(ctx, we_actions, 8),
            scale=float(param(rule, "hidden_share", 0.5)),
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
        spans = (brief(ctx, 0),)
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
    spans = match_spans(ctx, mentee, 4) if mentee else (brief(ctx, 0),)
    return Detection(spans, detail={"asked": asked})


@detector("early_concession")
def early_concession(ctx: AnswerContext, rule: Rule) -> Detection | None:
    """Giving ground before countering, or apologising for asking.

    Two kinds: a real concession ("I'd be willing to go lower", "I can make $170,000
    work", "I'll take it", "let's do it, send over the paperwork", "anything above my
    current pay works") fires whether or not the answer also names a number, because a
    number followed by giving it up is still giving it up; a polite agreement ("sounds
    great", "that's fair") fires only when the answer never counters. A concession
    offered in exchange ("I'm flexible on the start date if you can move on base") is a
    trade, not a concession. Saying you would give in anyway ("Either way, I'll probably
    accept", "if it's not possible, I'll figure it out by Friday") costs
    ``preconcession_share``; an apology alone (``lexicon.APOLOGY``: "sorry", "I'd feel bad", "I
    totally understand if it's not possible") ``apology_share``."""
    apologies = ctx.hits(lx.APOLOGY)
    # "Either way, I'll accept", "if not, that's okay, I'll make it work": the ask is made, then
    # its leverage given away. What such a phrase holds ("I'll accept", "that's okay") is that, not
    # a concession of its own.
    pre = [m for m in ctx.hits(lx.PRECONCESSION) if not _in_trade(ctx, m)]

    def _in_pre(m: re.Match[str]) -> bool:
        return any(p.start() <= m.start() < p.end() for p in pre)

    hard = [m for m in ctx.hits(lx.HARD_CONCESSION) if not _in_trade(ctx, m) and not _in_pre(m)]
    countered = ctx.has(lx.COUNTER) or ctx.has(lx.NUMBER)
    hard_starts = {m.start() for m in hard}
    soft = [] if countered else [m for m in ctx.hits(lx.CONCESSION) if m.start() not in hard_starts and not _in_pre(m)]
    found = sorted(apologies + hard + soft + pre, key=lambda m: m.start())
    if not found:
        return None
    # The rule costs every category (scope "answer"): giving ground undoes the answer. An
    # apology alone gives nothing away, so it costs only a share of that; saying you would
    # give in anyway costs preconcession_share: the ask still stands, but not its leverage.
    conceded = bool(hard or soft)
    scale = 1.0 if conceded else float(param(rule, "preconcession_share" if pre else "apology_share", 0.35))
    message = None
    if pre and not conceded:
        message = ("You said you would give in anyway (\"either way, I'll probably accept\", \"if not, I'll figure it "
                   "out\")" + (", and apologised for asking" if apologies else "") + ": the ask stands, its leverage is gone.")
    return Detection(
        match_spans(ctx, found),
        count=len(found),
        scale=scale,
        detail={"apologies": len(apologies), "concessions": len(hard) + len(soft), "preconcessions": len(pre),
                "after_counter": bool(hard) and countered},
        message=message,
    )


@detector("ultimatum")
def ultimatum(ctx: AnswerContext, rule: Rule) -> Detection | None:
    """A threat to walk, a deadline imposed, a refusal stated as final or the offer called an
    insult (``lexicon.ULTIMATUM``): each phrase counts. A competing offer stated calmly, or a
    conditional that keeps the talk open, is not one."""
    found = ctx.hits(lx.ULTIMATUM)
    if not found:
        return None
    return Detection(match_spans(ctx, found), count=len(found), detail={"phrases": [m.group() for m in found]})


@detector("blames_others")
def blames_others(ctx: AnswerContext, rule: Rule) -> Detection | None:
    """The fault put on others or an employer run down (``lexicon.BLAME``): "it wasn't really on
    me", "I generally don't fail", "the new leadership... they don't really understand
    engineering". One finding quoting every phrase: the posture is one red flag, however often
    it is said."""
    words = frozenset(ctx.norms)
    if words.isdisjoint(lx.BLAME_KEYS) and (words.isdisjoint(lx.BLAME_LEADERS) or words.isdisjoint(lx.BLAME_VERBS)):
        return None  # holds no word every match needs: not scanned
    found = [m for m in ctx.hits(lx.BLAME) if not _disowned_comparison(ctx, m)]
    if not found:
        return None
    return Detection(match_spans(ctx, found), detail={"phrases": [m.group() for m in found]})


_NEGATED = re.compile(r"\b(?:not|never|no|cannot)\b|n't\b")


def _disowned_comparison(ctx: AnswerContext, m: re.Match[str]) -> bool:
    """Whether a comparison with other candidates is said to be declined ("I can't honestly say
    I'm better than the other candidates"): a negation earlier in its sentence."""
    if not m.group().startswith("better"):
        return False
    start = ctx.sentences[ctx.sentence_at(m.start())].char_start
    return _NEGATED.search(ctx.lower, start, m.start()) is not None


def _in_trade(ctx: AnswerContext, m: re.Match[str]) -> bool:
    """Whether the concession's sentence makes it conditional on getting something back."""
    sent = ctx.sentences[ctx.sentence_at(m.start())]
    return any(sent.char_start <= t.start() < sent.char_end for t in ctx.hits(lx.TRADE))
