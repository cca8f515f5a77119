"""Structure rules: STAR, a result, the answer first, reflection."""

from __future__ import annotations

import re

from icraft.rubric import lexicon as lx
from icraft.rubric.context import AnswerContext
from icraft.rubric.detectors._util import brief, by_type, conditional, match_spans, param, short_followup
from icraft.rubric.model import Rule
from icraft.rubric.registry import NOT_JUDGED, Detection, NotJudged, detector


def _no_particular_event(ctx: AnswerContext) -> list[re.Match[str]]:
    """The habits and generic claims of an answer that tells no particular event, else [].

    "I usually end up leading projects. I always make sure everyone knows..." or "I took
    ownership, I aligned the stakeholders and I drove the result": STAR cue words without a
    time it happened. Read only when the answer talks in habits (lexicon.HABITUAL, one of the
    generic claims) or in two or more generic claims, and finds no event in it
    (specificity.tells_an_event). A
    story in the historical present ("so I grab the traces...") with no habit word is not
    read."""
    claims = ctx.generic_claims
    habitual = lx.HABITUAL.compiled()
    if (len(claims) < 2 and not any(m.re is habitual for m in claims)) or ctx.tells_an_event:
        return []
    return claims


@detector("no_star_structure")
def no_star_structure(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    """Missing context (situation/task) or missing actions, or a setup that eats the story;
    or no particular event at all: habits and generic claims told instead of a time it
    happened (_no_particular_event)."""
    if short_followup(ctx, rule, 50):
        return NOT_JUDGED
    star = ctx.star
    missing = []
    if not (star.has("situation") or star.has("task") or _opens_on_the_scene(ctx) or _setup_before_action(ctx)):
        missing.append("situation/task")
    if not star.has("action"):
        missing.append("action")
    if missing:
        # Quoted briefly where the missing part was expected: the opening for the
        # context, the second sentence (where the actions would start) for the actions.
        where = brief(ctx, 0 if missing == ["situation/task"] else min(1, len(ctx.sentences) - 1))
        return Detection(
            (where,),
            count=len(missing),
            detail={"missing": missing, "labels": _label_counts(ctx)},
            message=f"The story has no {' and no '.join(missing)}: a listener cannot follow what you faced "
            "and what you did.",
        )
    generic = _no_particular_event(ctx)
    if generic:
        # Situation and action cues are there, but no occasion: both are missing from a
        # story a listener could follow (as when neither cue is found: count 2).
        quoted = ", ".join(f'"{ctx.text[m.start():m.end()]}"' for m in generic[:3])
        return Detection(
            match_spans(ctx, generic, 3),
            count=2,
            detail={"missing": ["a particular event"], "generic": [m.group() for m in generic], "labels": _label_counts(ctx)},
            message=f"No particular event: {quoted} tell what you usually do or claim, not one time it happened. "
            "Pick one occasion: when it was, what you faced, what you did.",
        )
    # A setup clause with a figure gives the scale of the problem ("about 2,000 orders a
    # minute"), which the rubric asks for: it is not setup that delays the story, so adding
    # the scale never tips an answer over the share.
    metric_starts = [m.start() for m in ctx.hits(lx.METRIC)]
    idx = sorted(i for i in star.indices("situation") + star.indices("task")
                 if not any(star.clauses[i].char_start <= p < star.clauses[i].char_end for p in metric_starts))
    share = sum(star.clauses[i].n_words for i in idx) / ctx.n_words
    limit = float(param(rule, "max_setup_share", 0.5))
    if share > limit:
        # Graded, no cliff: from nothing at the limit to the full cost at full_setup_share.
        full = float(param(rule, "full_setup_share", 0.75))
        clauses = [star.clauses[i] for i in idx]
        return Detection(
            (ctx.span_segments(clauses),),
            detail={"setup_share": round(share, 2), "labels": _label_counts(ctx)},
            message=f"Setup takes {share:.0%} of the answer; the actions start late.",
            scale=min(1.0, (share - limit) / (full - limit)),
        )
    return None


# Words before the first action that set the scene even with no situation cue: "Last
# spring a new engineer on my team had 3 pull requests rejected in a row" is context a
# listener follows, whatever its words.
MIN_SETUP_WORDS = 6


OPENING_WORDS = 4


def _opens_on_the_scene(ctx: AnswerContext) -> bool:
    """Whether the story's first words set its scene ("Last year I shipped a config change
    that dropped 3% of checkout...", "At my last job I...", "In 2023 we..."): a situation
    cue among the answer's first OPENING_WORDS words. Such an opening clause also tells
    the mistake or the first action, so it may be labelled so; the listener still knows
    when and where it happened (it cost -38 for "no situation/task", quoting it)."""
    if not ctx.words:
        return False
    end = ctx.words[min(OPENING_WORDS, len(ctx.words)) - 1].char_end
    return any(m.start() < end for m in ctx.star_matches["situation"])


def _setup_before_action(ctx: AnswerContext) -> bool:
    """Whether the story opens with at least MIN_SETUP_WORDS words before its first
    action, or does so after a one-sentence headline: the rubric asks for the answer
    first ("I cut checkout errors by 90%. Here's what happened..."), so an opening
    sentence with an action is the headline and the scene may follow it (it used to
    cost -38 for "no situation/task" to open a story with what you did). Further sentences
    that open with an action are read as part of the headline."""
    star = ctx.star
    actions = star.indices("action")
    if not actions:
        return False
    if sum(star.clauses[i].n_words for i in range(actions[0])) >= MIN_SETUP_WORDS:
        return True
    if len(ctx.sentences) < 2:
        return False
    # After the headline: the opening sentence, and any sentence after it that also opens
    # with an action ("I cut errors by 90%. I rewrote the retry logic myself. Our checkout
    # was..."), so a second headline sentence never hides the scene that follows it.
    action_starts = {star.clauses[i].char_start for i in actions}
    story_start = next(
        (s.char_start for s in ctx.sentences[1:] if s.char_start not in action_starts), ctx.sentences[-1].char_end
    )
    after = [i for i, c in enumerate(star.clauses) if c.char_start >= story_start]
    if not after:
        return False
    later = [i for i in actions if i >= after[0]]
    end = later[0] if later else len(star.clauses)
    scene = (i for i in range(after[0], end) if star.labels[i] != "result")
    return sum(star.clauses[i].n_words for i in scene) >= MIN_SETUP_WORDS


def _label_counts(ctx: AnswerContext) -> dict[str, int]:
    counts: dict[str, int] = {}
    for lab in ctx.star.labels:
        if lab:
            counts[lab] = counts.get(lab, 0) + 1
    return counts


@detector("missing_result")
def missing_result(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    """No clause reads as an outcome; points at the ending, where the result belongs."""
    if short_followup(ctx, rule, 40):
        return NOT_JUDGED
    if ctx.star.has("result"):
        return None
    return Detection((ctx.closing(int(param(rule, "closing_sentences", 2))),))


# Outcome words (the STAR result cue, or a comparison: "11 minutes faster than my goal"),
# searched within one clause.
_OUTCOME = lx.Lazy(lx.RESULT + r"|\b(?:faster|slower|quicker|cheaper|fewer|less|lower|higher|shorter|smaller|earlier|sooner)\b")


@detector("result_not_specific")
def result_not_specific(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    """A result is stated but carries no figure; points at the result clauses told after
    the first action (outcome language before any action is setup: "nobody knew how it
    worked" is context, not a result), else at the closing sentences, where the result
    and its number belong."""
    if short_followup(ctx, rule, 40):
        return NOT_JUDGED
    star = ctx.star
    idx = star.indices("result")
    if not idx:
        return NOT_JUDGED  # no result to judge: missing_result covers it
    metric_starts = [m.start() for m in ctx.hits(lx.METRIC)]
    actions = star.indices("action")
    first_action = actions[0] if actions else -1
    for i in idx:
        c = star.clauses[i]
        if not any(c.char_start <= p < c.char_end for p in metric_starts):
            continue
        # A figure is a specific result when it is told as an outcome: with outcome words
        # ("we cut hosting costs by 30%", "I finished 11 minutes faster than my goal"), after the actions ("p95 is now 300 ms"), or as an
        # answer-first headline in the opening sentence ("The migration finished two weeks
        # early"); not when it is scale in the setup ("...because our on-call had only two
        # people") or in an action ("I took two heap snapshots"). Outcome words are read on
        # the clause's text: in the answer's cue matches "we cut" is an action and hides "cut".
        if _OUTCOME.compiled().search(ctx.lower, c.char_start, c.char_end):
            return None
        if i > first_action and i not in actions:
            return None
        if i < first_action and ctx.sentence_at(c.char_start) == 0:
            return None
    told = [i for i in idx if i > first_action]
    if told:
        spans = tuple(ctx.span_segment(star.clauses[i]) for i in told[-3:])
    else:
        spans = (ctx.closing(int(param(rule, "closing_sentences", 2))),)
    return Detection(spans, count=1)


@detector("no_story")
def no_story(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    """A question that asks for a time it happened answered with what you would do and no
    particular event ("I would first let them explain... then I would apologize"): the
    interviewer asked for evidence and got a plan, so the rule costs every category (``scope =
    "answer"``). Not judged when the question asks what you would do ("What would you do
    if...?": a plan is the answer), nor on a short reply to a follow-up. Habits and generic
    claims told instead of an event are no_star_structure's and no_specifics' (the latter
    costs every category already)."""
    if short_followup(ctx, rule, 50):
        return NOT_JUDGED
    if ctx.question_has(lx.PLAN_QUESTION) and not ctx.question_has(lx.STORY_QUESTION):
        return NOT_JUDGED
    would = [m for m in ctx.hits(lx.HYPOTHETICAL_SELF) if m.group("who") == "i"]
    if len(would) < int(param(rule, "min_hypothetical", 2)):
        return None
    # An event told (a team's story with "I would have pushed for load tests" as its lesson is
    # no_ownership's), or something you did in the past outside a condition ("if we still
    # disagreed"): a story, its "I would" a lesson or an aside.
    if ctx.tells_an_event or any(not conditional(ctx, m) for m in ctx.star_matches["i_action"]):
        return None
    # Quoted by sentence (a bare "I would" shows nothing), the first three that say it; by
    # clause when those sentences are the whole answer (evidence never is).
    parts = ctx.sentences
    said = sorted({ctx.sentence_at(m.start()) for m in would})
    if len(said) == len(parts):
        parts = ctx.star.clauses
        said = sorted({i for m in would for i, c in enumerate(parts) if c.char_start <= m.start() < c.char_end})
    return Detection(
        tuple(ctx.span_segment(parts[i]) for i in said[:3]),
        detail={"said": [m.group() for m in would]},
        message="No particular event: the answer tells what you would do, not one time it happened. "
        "Pick one occasion: when it was, what you faced, what you did.",
    )


@detector("no_answer_first")
def no_answer_first(ctx: AnswerContext, rule: Rule) -> Detection | None:
    """Throat-clearing opening, or a first sentence so long the headline is buried."""
    m = ctx.preamble
    if m is not None:
        # Quote the throat-clearing sentence when it is short; else just the opening up to the cue.
        sentence = ctx.sentences[ctx.sentence_at(m.end() - 1)]
        end = sentence.word_end if sentence.word_end <= 25 else ctx.word_at(m.end() - 1) + 1
        return Detection((ctx.span_words(0, end),), detail={"reason": "preamble"})
    first = ctx.sentences[0]
    limit = int(param(rule, "max_first_sentence_words", 45))
    if first.n_words > limit:
        return Detection(
            (ctx.span_segment(first),),
            detail={"reason": "long_opening", "words": first.n_words},
            message=f"The first sentence runs {first.n_words} words before it lands; lead with the point.",
        )
    return None


@detector("no_reflection")
def no_reflection(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    """No lesson or what-I'd-do-differently; points at the ending, where it belongs."""
    if short_followup(ctx, rule, 60):
        return NOT_JUDGED
    if ctx.star.reflection:
        return None
    return Detection((brief(ctx, -1),))


def _length(said: int, content: int) -> str:
    """"Only 12 words", or "Only 4 words, 1 without fillers and hedges" when the count the
    rule judges (content words) is not the count a reader sees ("Yeah I guess so.")."""
    head = f"Only {said} word{'s' if said != 1 else ''}"
    return head if content == said else f"{head}, {content} without fillers and hedges"


@detector("too_short")
def too_short(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    """Fewer content words (no fillers, hedges or throat-clearing opening) than the question type needs. The cost
    is the rule's points times ``shortfall ** shortfall_power`` with shortfall
    ``(minimum - words) / minimum``: it grows a little with every word missing instead of
    jumping at a threshold, barely near the minimum and steeply for a one-liner. Replies
    to follow-ups are not judged: a short reply to "Why Kafka?" is fine."""
    if ctx.followup or ctx.question_has(lx.ASKS_FOR_QUESTIONS):
        return NOT_JUDGED  # the floor handed over ("Any questions for us?"): no_questions_back's
    minimum = int(by_type(rule, "min_words", ctx.question_type, 80))
    if minimum <= 0 or ctx.n_words >= minimum + ctx.delivery.filler_count + 40:
        return None  # long enough whatever the hedges and opening: skip counting them
    words = ctx.content_words
    if words >= minimum:
        return None
    shortfall = (minimum - words) / minimum
    return Detection(
        (brief(ctx, 0),),
        detail={"words": words, "min_words": minimum, "shortfall": round(shortfall, 3)},
        scale=shortfall ** float(param(rule, "shortfall_power", 2)),
        message=f"{_length(ctx.n_words, words)}: too short for a {ctx.question_type} answer "
        f"(aim for at least {minimum}), so the interviewer hears no context, reasoning or result.",
    )
