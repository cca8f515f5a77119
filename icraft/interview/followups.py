"""Follow-up choice: what a good interviewer asks next, decided from the lint findings
of the answer just given.

A finding-driven follow-up goes after the gap the rubric measured (no result -> ask
for the outcome, no numbers -> "by how much?", "we" -> "what did *you* do?", no
trade-off -> what else was considered). When the answer has none of those gaps the
bank's own follow-ups for the question are used. Each kind is asked at most once per
question and at most :data:`MAX_FOLLOWUPS` follow-ups are asked per question.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from icraft.core.findings import Finding

MAX_FOLLOWUPS = 2
# The rubric's too_short rule (docs/SCORING.md) measures a thin core answer; its follow-up
# asks for the whole story, and the reply is judged as a core answer by every rule (the
# engine's answer_phase), so it carries no rule list of its own.
TOO_SHORT = "too_short"
# Bank follow-ups probe depth; the answer is checked for a shallow reply.
BANK_RULES = ("shallow_followup",)


@dataclass(frozen=True, slots=True)
class Followup:
    """A follow-up to ask: ``kind`` is a rule id, or ``bank:N`` for the bank's N-th one."""

    kind: str
    text: str
    rules: tuple[str, ...] = ()  # the rules the follow-up answer is checked against


# rule id -> (default wording, rules the follow-up answer is re-checked with).
# Order is the tie-break when two findings cost the same points.
FOLLOWUP_FOR_RULE: dict[str, tuple[str, tuple[str, ...]]] = {
    "missing_result": ("And how did it turn out? What was the result?", ("missing_result",)),
    "missing_metrics": (
        "By how much? Do you have a number for the impact?",
        ("missing_metrics", "result_not_specific"),
    ),
    "result_not_specific": (
        "What exactly changed as a result? Can you make that concrete?",
        ("result_not_specific", "missing_metrics"),
    ),
    "no_ownership": (
        "You said 'we' a lot. What did *you* personally do?",
        ("no_ownership",),
    ),
    "no_tradeoff": (
        "What else did you consider, and why did you choose this option over it?",
        ("no_tradeoff",),
    ),
    "no_assumptions": (
        "What assumptions are you making there, about scale or requirements?",
        ("no_assumptions",),
    ),
    "no_scale_thinking": (
        "What breaks first if the load grows ten times, and what would you change?",
        ("no_scale_thinking",),
    ),
    "no_star_structure": (
        "Let's go back a step: what was the situation, and what was your task in it?",
        ("no_star_structure",),
    ),
    "no_stakeholder_mgmt": (
        "Who else was affected, and how did you bring them along?",
        ("no_stakeholder_mgmt",),
    ),
    "no_mentoring_signal": (
        "Did anyone else on the team grow from this? What was your part in that?",
        ("no_mentoring_signal",),
    ),
    TOO_SHORT: (
        "Can you walk me through it in more detail? What was the situation, what did you do, "
        "and how did it turn out?",
        (),
    ),
}
# A design or technical answer has no "situation", and a design has no "impact" yet: the
# same request in its terms.
_WORDING_FOR_TYPE: dict[tuple[str, str], str] = {
    **{
        (TOO_SHORT, qtype): "Can you go deeper? Walk me through how it works and why you chose that approach."
        for qtype in ("technical", "system-design", "coding-discussion")
    },
    ("missing_metrics", "system-design"): (
        "What numbers are you designing for? Roughly how many users, requests per second and how much data?"
    ),
}
_ORDER = {rule: i for i, rule in enumerate(FOLLOWUP_FOR_RULE)}


def gaps_of(findings: Iterable[Finding]) -> list[tuple[str, float]]:
    """The measured findings of an answer as (rule id, points lost): what follow-ups probe.
    Kept as plain pairs so the engine can store them in its JSON state."""
    return [(f.rule_id, float(f.points)) for f in findings if f.measurable]


def choose_followup(
    gaps: Iterable[tuple[str, float]],
    *,
    asked_kinds: Sequence[str] = (),
    bank_followups: Sequence[str] = (),
    priority_rules: Sequence[str] = (),
    question_type: str = "behavioral",
) -> Followup | None:
    """The next follow-up for a question, or None when it is time to move on.

    ``gaps`` come from :func:`gaps_of` on the answer to the question (a one-liner's
    too_short finding costs the most, so the full story is asked for first);
    ``asked_kinds`` are the follow-ups already asked for this question; ``priority_rules``
    (known weaknesses from the cross-session memory) are probed first.
    """
    if len(asked_kinds) >= MAX_FOLLOWUPS:
        return None
    asked = set(asked_kinds)
    candidates = [(rule, pts) for rule, pts in gaps if rule in FOLLOWUP_FOR_RULE and rule not in asked]
    if candidates:
        prio = set(priority_rules)
        best, _ = min(candidates, key=lambda g: (g[0] not in prio, -g[1], _ORDER[g[0]]))
        text, rules = FOLLOWUP_FOR_RULE[best]
        return Followup(best, _WORDING_FOR_TYPE.get((best, question_type), text), rules)
    # No measured gap: a strong answer. Dig deeper once with the bank's own follow-up
    # (the first one), then move on.
    if not asked and bank_followups:
        return Followup("bank:0", bank_followups[0], BANK_RULES)
    return None
