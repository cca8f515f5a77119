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
    judging it only above ``min_words`` made scores jump at that length."""
    return ctx.followup and ctx.content_words < int(param(rule, "min_words", default))


def absent(
    ctx: AnswerContext, rule: Rule, pattern: AnyCue, where: Callable[[], Span], **detail: Any
) -> Detection | NotJudged | None:
    """Fire, pointing at ``where()``, when ``pattern`` never occurs in the answer (the
    span is built only when the rule fires)."""
    if short_followup(ctx, rule):
        return NOT_JUDGED
    if ctx.has(pattern):
        return None
    return Detection((where(),), detail=dict(detail))


def match_spans(ctx: AnswerContext, matches: list[re.Match[str]], limit: int = 12) -> tuple[Span, ...]:
    return tuple(ctx.span_match(m) for m in matches[:limit])
