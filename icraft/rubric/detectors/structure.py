"""Structure rules: STAR, a result, the answer first, reflection."""

from __future__ import annotations

from icraft.rubric import lexicon as lx
from icraft.rubric.context import AnswerContext
from icraft.rubric.detectors._util import param, too_short
from icraft.rubric.model import Rule
from icraft.rubric.registry import Detection, detector


@detector("no_star_structure")
def no_star_structure(ctx: AnswerContext, rule: Rule) -> Detection | None:
    """Missing context (situation/task) or missing actions, or a setup that eats the story."""
    if too_short(ctx, rule, 50):
        return None
    star = ctx.star
    missing = []
    if not (star.has("situation") or star.has("task")):
        missing.append("situation/task")
    if not star.has("action"):
        missing.append("action")
    if missing:
        if missing == ["situation/task"]:
            where = ctx.opening(1)
        else:
            middle = ctx.sentences[1:-1] or ctx.sentences
            where = ctx.span_segments(middle)
        return Detection(
            (where,),
            count=len(missing),
            detail={"missing": missing, "labels": _label_counts(ctx)},
            message=f"The story has no {' and no '.join(missing)}: a listener cannot follow what you faced "
            "and what you did.",
        )
    setup = star.words_in("situation") + star.words_in("task")
    share = setup / ctx.n_words
    if share > float(param(rule, "max_setup_share", 0.5)):
        idx = star.indices("situation") + star.indices("task")
        clauses = [star.clauses[i] for i in sorted(idx)]
        return Detection(
            (ctx.span_segments(clauses),),
            detail={"setup_share": round(share, 2), "labels": _label_counts(ctx)},
            message=f"Setup takes {share:.0%} of the answer; the actions start late.",
        )
    return None


def _label_counts(ctx: AnswerContext) -> dict[str, int]:
    counts: dict[str, int] = {}
    for lab in ctx.star.labels:
        if lab:
            counts[lab] = counts.get(lab, 0) + 1
    return counts


@detector("missing_result")
def missing_result(ctx: AnswerContext, rule: Rule) -> Detection | None:
    """No clause reads as an outcome; points at the ending, where the result belongs."""
    if too_short(ctx, rule, 40) or ctx.star.has("result"):
        return None
    return Detection((ctx.closing(int(param(rule, "closing_sentences", 2))),))


@detector("result_not_specific")
def result_not_specific(ctx: AnswerContext, rule: Rule) -> Detection | None:
    """A result is stated but carries no figure; points at the result clauses."""
    if too_short(ctx, rule, 40):
        return None
    star = ctx.star
    idx = star.indices("result")
    if not idx:
        return None
    metric_starts = [m.start() for m in ctx.hits(lx.METRIC)]
    for i in idx:
        c = star.clauses[i]
        if any(c.char_start <= p < c.char_end for p in metric_starts):
            return None
    spans = tuple(ctx.span_segment(star.clauses[i]) for i in idx[:3])
    return Detection(spans, count=1)


@detector("no_answer_first")
def no_answer_first(ctx: AnswerContext, rule: Rule) -> Detection | None:
    """Throat-clearing opening, or a first sentence so long the headline is buried."""
    m = lx.PREAMBLE.match(ctx.lower)
    if m and m.end() > m.start():
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
def no_reflection(ctx: AnswerContext, rule: Rule) -> Detection | None:
    """No lesson or what-I'd-do-differently; points at the ending, where it belongs."""
    if too_short(ctx, rule, 60) or ctx.star.reflection:
        return None
    return Detection((ctx.closing(1),))
