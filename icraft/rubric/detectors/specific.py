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
    each concrete clause added lowers it and each placeholder cut lowers it. On an answer
    about yourself (``share_types``) that tells no particular event, generic claims count
    too ("a great culture", "I always...", "I aligned the stakeholders"), graded by the
    vague share, so a short answer of nothing but cliches costs as much as a long one."""
    if short_followup(ctx, rule, 25):
        return NOT_JUDGED
    free = float(param(rule, "free_deficit", 1))
    full = float(param(rule, "full_deficit", 6))
    n_placeholders = len(ctx.hits(lx.PLACEHOLDER))
    # An answer about yourself (a story, a claim) that tells no particular event and whose
    # vague phrases outnumber its concrete clauses says nothing particular however short it
    # is: graded from nothing at share_free to the full weight at share_full (all vague).
    # Checked cheapest first: the share needs two vague phrases and no event.
    share_judged = (
        ctx.question_type in tuple(param(rule, "share_types", ()))
        and n_placeholders + len(ctx.generic_claims) >= 2
        and not ctx.tells_an_event
    )
    if n_placeholders <= free and not share_judged:
        return None  # the deficit is at most the placeholders: the anchors need not be read
    spec = measure(ctx)
    scale = min(1.0, max(0.0, (spec.deficit - free) / (full - free)))
    if share_judged:
        lo, hi = float(param(rule, "share_free", 0.5)), float(param(rule, "share_full", 1.0))
        scale = max(scale, min(1.0, max(0.0, (spec.vague_share - lo) / (hi - lo))))
    if scale <= 0:
        return None
    vague = sorted((*spec.placeholders, *spec.generic), key=lambda m: m.start())
    phrases = [m.group() for m in vague]
    # Quoted as said ("I always", not "i always"): the lower-cased text has the same offsets.
    quoted = ", ".join(f'"{p}"' for p in dict.fromkeys(ctx.text[m.start():m.end()] for m in vague[:_QUOTED]))
    n_sent = len(spec.anchored)
    return Detection(
        match_spans(ctx, vague, _QUOTED),
        scale=scale,
        detail={
            "placeholders": [m.group() for m in spec.placeholders],
            "generic_claims": [m.group() for m in spec.generic],
            "anchored_clauses": spec.anchors,
            "clauses": n_sent,
            "deficit": spec.deficit,
            "vague_share": round(spec.vague_share, 2),
        },
        message=f"Nothing concrete: {quoted} stand where a name, a number or a specific thing belongs "
        f"({spec.anchors} of {n_sent} clauses name anything concrete).",
    )
