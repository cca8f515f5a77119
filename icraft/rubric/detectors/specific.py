"""Specificity: an answer that says nothing concrete (icraft/rubric/specificity.py)."""

from __future__ import annotations

from icraft.rubric import lexicon as lx
from icraft.rubric.context import AnswerContext
from icraft.rubric.detectors._util import match_spans, param, short_followup
from icraft.rubric.model import Rule
from icraft.rubric.registry import NOT_JUDGED, Detection, NotJudged, detector
from icraft.rubric.specificity import measure

# At most this many placeholders are quoted.
_QUOTED = 6


@detector("no_specifics")
def no_specifics(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    """Generic placeholders ("something", "a project", "things worked out") that the
    answer's concrete clauses (a figure, a name, a moment, an action on a specific
    object) do not outweigh. Graded: the cost grows with ``placeholders - anchored
    clauses`` from ``free_deficit`` (nothing) to ``full_deficit`` (the full weight), so
    each concrete clause added lowers it and each placeholder cut lowers it."""
    if short_followup(ctx, rule, 25):
        return NOT_JUDGED
    free = float(param(rule, "free_deficit", 1))
    full = float(param(rule, "full_deficit", 6))
    if len(ctx.hits(lx.PLACEHOLDER)) <= free:
        return None  # the deficit is at most the placeholders: the anchors need not be read
    spec = measure(ctx)
    scale = min(1.0, max(0.0, (spec.deficit - free) / (full - free)))
    if scale <= 0:
        return None
    phrases = [m.group() for m in spec.placeholders]
    quoted = ", ".join(f'"{p}"' for p in dict.fromkeys(phrases[:_QUOTED]))
    n_sent = len(spec.anchored)
    return Detection(
        match_spans(ctx, list(spec.placeholders), _QUOTED),
        scale=scale,
        detail={"placeholders": phrases, "anchored_clauses": spec.anchors, "clauses": n_sent, "deficit": spec.deficit},
        message=f"Nothing concrete: {quoted} stand where a name, a number or a specific thing belongs "
        f"({spec.anchors} of {n_sent} clauses name anything concrete).",
    )
