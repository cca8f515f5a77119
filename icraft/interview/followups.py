"""Follow-up choice: what a good interviewer asks next, decided from the lint findings
of the answer just given.

A finding-driven follow-up goes after the gap the rubric measured (no result -> ask
for the outcome, no numbers -> "by how much?", "we" -> "what did *you* do?", no
trade-off -> what else was considered). When the answer has none of those gaps the
bank's own follow-ups for the question are used. Each kind is asked at most once per
question and at most :data:`MAX_FOLLOWUPS` follow-ups are asked per question. What to
ask for each rule is the rule's own ``followup`` in the rubric (rubrics/default.toml).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Sequence

from icraft.core.findings import Finding
from icraft.skills.evidence import TOO_SHORT_RULE

if TYPE_CHECKING:
    from icraft.rubric.model import Rubric

MAX_FOLLOWUPS = 2
# The follow-up an interviewer asks on hearing a story told earlier in the same interview:
# "a different example, please". Its reply is judged as a core answer, like too_short's.
DIFFERENT_EXAMPLE = "different_example"


@dataclass(frozen=True, slots=True)
class Followup:
    """A follow-up to ask: ``kind`` is a rule id, or ``bank:N`` for the bank's N-th one."""

    kind: str
    text: str
    rules: tuple[str, ...] = ()  # the rules the follow-up answer is checked against


def _rubric(rubric: Rubric | None) -> Rubric:
    from icraft.rubric.model import load_rubric

    return rubric if rubric is not None else load_rubric()


def bank_rules(rubric: Rubric | None = None) -> tuple[str, ...]:
    """The rules a reply to the bank's own follow-up is checked with: bank follow-ups probe
    depth, so the rules marked ``bank_followup`` in the rubric (a shallow reply)."""
    return tuple(r.id for r in _rubric(rubric).rules if r.bank_followup)


def retell_kinds(rubric: Rubric | None = None) -> frozenset[str]:
    """The follow-ups that ask for the whole answer again (too_short's "walk me through it",
    off_topic's "answer the question I asked", docs/SCORING.md): their reply is judged as a
    core answer by every rule (the engine's answer_phase), so they carry no rule list of
    their own (``recheck = []``)."""
    return frozenset(r.id for r in _rubric(rubric).rules if r.followup is not None and not r.followup.recheck)


TOO_SHORT = TOO_SHORT_RULE  # the rule whose follow-up asks for the whole story again after a one-liner


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
    rubric: Rubric | None = None,
    avoid: Sequence[str] = (),
) -> Followup | None:
    """The next follow-up for a question, or None when it is time to move on.

    ``gaps`` come from :func:`gaps_of` on the answer to the question (a one-liner's
    too_short finding costs the most, so the full story is asked for first);
    ``asked_kinds`` are the follow-ups already asked for this question; ``priority_rules``
    (known weaknesses from the cross-session memory) are probed first. The wording and
    the rules the reply is re-checked with are the rubric's (``followup`` of each rule);
    between two gaps costing the same, the rule with the lower ``priority`` goes first.
    ``avoid`` are kinds not to ask now (the follow-up just asked of the previous question:
    the same probe twice in a row sounds like a script).
    """
    if len(asked_kinds) >= MAX_FOLLOWUPS:
        return None
    asked = set(asked_kinds)
    rb = _rubric(rubric)
    order = {r.id: i for i, r in enumerate(rb.by_priority())}
    candidates = []
    for rule_id, pts in gaps:
        rule = rb.rule_or_none(rule_id)
        if rule is not None and rule.followup is not None and rule_id not in asked and rule_id not in avoid:
            candidates.append((rule, pts))
    if candidates:
        prio = set(priority_rules)
        best, _ = min(candidates, key=lambda g: (g[0].id not in prio, -g[1], order[g[0].id]))
        spec = best.followup
        assert spec is not None
        return Followup(best.id, spec.text_for(question_type), spec.recheck)
    # No measured gap: a strong answer. Dig deeper once with the bank's own follow-up
    # (the first one), then move on.
    if not asked and bank_followups:
        return Followup("bank:0", bank_followups[0], bank_rules(rb))
    return None
