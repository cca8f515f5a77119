"""Small helpers shared by the detectors."""

from __future__ import annotations

import re
from typing import Any, Callable

from icraft.core.findings import Span
from icraft.rubric.context import AnswerContext
from icraft.rubric.lexicon import AnyCue
from icraft.rubric.model import Rule
from icraft.rubric.registry import NOT_JUDGED, Detection, NotJudged


def param(rule: Rule, key: str, default: Any) -> Any:
    """A threshold from the rubric (``[rule.params]``), or the documented default."""
    return rule.params.get(key, default)


def by_type(rule: Rule, key: str, qtype: str, default: Any) -> Any:
    """A per-question-type threshold: ``params.key`` may be a number or a {type: number} table."""
    value = rule.params.get(key, default)
    if isinstance(value, dict):
        return value.get(qtype, value.get("default", default))
    return value


def short_followup(ctx: AnswerContext, rule: Rule, default: int = 40) -> bool:
    """Whether a rule about something *missing* should leave this answer unjudged: a
    short reply to a follow-up ("Why Kafka?" -> two sentences) is not expected to hold
    the whole story or design; shallow_followup judges those. An answer to a main
    question is judged at any length: a one-line story really does lack a result, and
    judging it only above ``min_words`` made scores jump at that length. A reply to a
    follow-up that asked for exactly this (``ctx.probed``: "By how much?" for the metrics
    rule) is judged at any length but one word ("no" is too short to judge): "A lot." to
    "By how much?" is a weak reply, and it used to vanish as "too short to judge"."""
    if ctx.probed:
        return ctx.n_words < MIN_PROBED_WORDS
    return ctx.followup and ctx.content_words < int(param(rule, "min_words", default))


# A reply to a follow-up shorter than this ("no", "yes") is too short to judge even by
# the rule the follow-up asked about.
MIN_PROBED_WORDS = 2


def absent(
    ctx: AnswerContext, rule: Rule, pattern: AnyCue, where: Callable[[], Span], dismissed: AnyCue | None = None,
    **detail: Any
) -> Detection | NotJudged | None:
    """Fire, pointing at ``where()``, when ``pattern`` never occurs in the answer (the
    span is built only when the rule fires). ``dismissed``: phrases that name the thing only
    to wave it off ("I don't write tests"); when every occurrence is inside one, the rule
    fires quoting them."""
    if short_followup(ctx, rule):
        return NOT_JUDGED
    if ctx.has(pattern):
        if dismissed is None or not ctx.has(dismissed):
            return None
        waved = [(m.start(), m.end()) for m in ctx.hits(dismissed)]
        if any(not any(s <= m.start() < e for s, e in waved) for m in ctx.hits(pattern)):
            return None
        return Detection(match_spans(ctx, ctx.hits(dismissed)), detail={**detail, "dismissed": True},
                         message=f"{rule.message[:-1]}: it is named only to be waved off.")
    return Detection((where(),), detail=dict(detail))


# An "absent" finding quotes where the missing thing was expected, briefly: that
# sentence when it has at most BRIEF_SENTENCE words, else its first BRIEF_WORDS words;
# never the whole answer.
BRIEF_SENTENCE = 20
BRIEF_WORDS = 12


def brief(ctx: AnswerContext, sentence: int = 0) -> Span:
    """A short quote of sentence ``sentence`` (negative: from the end), where something
    was expected."""
    seg = ctx.sentences[max(-len(ctx.sentences), min(sentence, len(ctx.sentences) - 1))]
    end = seg.word_end if seg.n_words <= BRIEF_SENTENCE else seg.word_start + BRIEF_WORDS
    return ctx.span_words(seg.word_start, end)


def asks_elsewhere(ctx: AnswerContext, aspect: str, among: tuple[str, ...]) -> bool:
    """Whether the question asks about some of the aspects ``among`` (keys of
    lexicon.QUESTION_FOCUS) but not about ``aspect``: "Which edge cases matter when you
    paginate?" is not failed for leaving out complexity or tests, "Estimate the storage
    ..." for naming no components. A question naming none of them ("Walk me through
    your solution") asks about all."""
    from icraft.rubric.lexicon import QUESTION_FOCUS, WHOLE_SOLUTION

    if ctx.question_has(WHOLE_SOLUTION):
        return False
    asked = {k for k in (*among, aspect) if ctx.question_has(QUESTION_FOCUS[k])}
    return bool(asked) and aspect not in asked


def match_spans(ctx: AnswerContext, matches: list[re.Match[str]], limit: int = 12) -> tuple[Span, ...]:
    return tuple(ctx.span_match(m) for m in matches[:limit])


# The word before a subject that makes its verb conditional: "if I added a cache".
_CONDITIONAL_LEAD = frozenset({"if", "unless", "suppose", "supposing", "assuming", "imagine"})


def conditional(ctx: AnswerContext, m: re.Match[str]) -> bool:
    """Whether a first-person action sits in a condition ("if I added a cache, ...")."""
    before = ctx.lower[max(0, m.start() - 12) : m.start()].split()
    return bool(before) and before[-1].strip(",") in _CONDITIONAL_LEAD
