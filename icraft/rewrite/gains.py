"""Gains measured by re-linting, never estimated: the delta between two answers.

Used by the diff (original -> each version) and by rewind (original -> re-answer).

How a rule's share of the delta is attributed (docs/DIFF.md): a rule's *cost* in an
answer is the overall score the engine's own scoring function
(:func:`icraft.rubric.score_answer`) gives the answer's findings without that rule's
findings, minus the answer's score: the points it would get back if the rule passed.
The answer's categories are kept as they are; linting with ``ignore={rule}`` would
not do, because ignoring the only running rule of a category drops the category from
the score altogether (a different question). A rule's gain is its cost before minus
its cost after. The overall delta is exactly ``after.overall - before.overall``;
because categories are capped at 0 and the overall is rounded, the per-rule gains
need not sum to it, and the remainder is reported as ``residual`` rather than hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from icraft.core.findings import AnswerResult
from icraft.rewrite.text import strip_placeholders

if TYPE_CHECKING:
    from icraft.core.transcript import Turn

FIXED, NEW, BETTER, WORSE, SAME = "fixed", "new", "better", "worse", "same"


class Relinter:
    """Lints text with one fixed question, question type and rubric, with a cache.

    Fixing the question type matters: a rewrite must be judged by the same rules as
    the original, not re-inferred from its new wording. ``[placeholders]`` are not
    content: the engine sees the text with them removed, so an unfilled placeholder
    earns nothing (and its words cannot make an answer "too long" either); what it
    would earn once filled is measured separately (``Pending`` in versions.py).
    """

    def __init__(self, *, question: str | None, question_type: str, rubric: Any = None,
                 rules: Sequence[str] | None = None, probed: bool = False) -> None:
        from icraft.rubric import lint_answer, load_rubric
        from icraft.rubric.scoring import is_judged

        self._lint = lint_answer
        self._judged = is_judged
        self.rubric = rubric if rubric is not None else load_rubric()
        self.question = question
        self.question_type = question_type
        # An interview's follow-up reply is judged by the rules its follow-up checks, at any
        # length (``probed``): a re-answer to it is judged the same way.
        self.rules = tuple(rules) if rules else None
        self.probed = probed and self.rules is not None
        self._cache: dict[str, AnswerResult] = {}
        self.calls = 0

    def __call__(self, answer: str | Turn) -> AnswerResult:
        if isinstance(answer, str):
            answer = strip_placeholders(answer)
        key = answer if isinstance(answer, str) else answer.text
        hit = self._cache.get(key)
        if hit is None:
            self.calls += 1
            hit = self._lint(answer, question=self.question, question_type=self.question_type, rubric=self.rubric,
                             rules=self.rules, probed=self.probed)
            if not self._judged(hit):
                # No rule could judge it (cut to one word: "Yeah I guess so." -> "So."; another
                # language; a follow-up's rules with nothing to judge): it carries the 100 no
                # rule took points from, and as a rewrite or a re-answer it is worth nothing,
                # never a gain.
                hit = replace(hit, score=replace(hit.score, overall=0))
            self._cache[key] = hit
        return hit

    def fired(self, result: AnswerResult) -> set[str]:
        """Rules with a measurable finding (an unmeasurable one costs nothing)."""
        return {f.rule_id for f in result.findings if f.measurable}

    def score_without(self, result: AnswerResult, rules: Iterable[str]) -> int:
        """The overall score of ``result`` if ``rules`` had passed (same categories)."""
        from icraft.rubric import score_answer

        drop = set(rules)
        kept = [f for f in result.findings if f.rule_id not in drop]
        return score_answer(kept, self.rubric, result.question_type, list(result.score.categories)).overall

    def cost(self, text: str, rule: str) -> int:
        """Overall points ``rule`` costs ``text`` (see the module docstring)."""
        result = self(text)
        return self.score_without(result, {rule}) - result.score.overall


@dataclass(frozen=True, slots=True)
class RuleDelta:
    rule_id: str
    status: str  # fixed / new / better / worse / same
    cost_before: int
    cost_after: int

    @property
    def gain(self) -> int:
        return self.cost_before - self.cost_after

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "status": self.status,
            "cost_before": self.cost_before,
            "cost_after": self.cost_after,
            "gain": self.gain,
        }


@dataclass(frozen=True, slots=True)
class Delta:
    """What changed between two lints of (versions of) the same answer."""

    before: int
    after: int
    categories_before: dict[str, int]
    categories_after: dict[str, int]
    rules: tuple[RuleDelta, ...] = field(default_factory=tuple)

    @property
    def overall(self) -> int:
        return self.after - self.before

    @property
    def categories(self) -> dict[str, int]:
        keys = list(dict.fromkeys([*self.categories_before, *self.categories_after]))
        return {k: self.categories_after.get(k, 0) - self.categories_before.get(k, 0) for k in keys}

    @property
    def fixed(self) -> list[str]:
        return [r.rule_id for r in self.rules if r.status == FIXED]

    @property
    def new(self) -> list[str]:
        return [r.rule_id for r in self.rules if r.status == NEW]

    @property
    def residual(self) -> int:
        return self.overall - sum(r.gain for r in self.rules)

    def summary(self) -> str:
        """``+12 structure, -3 depth; fixed: missing_result; new: rambling``."""
        cats = ", ".join(f"{v:+d} {k}" for k, v in self.categories.items() if v) or "no category changed"
        parts = [cats]
        if self.fixed:
            parts.append("fixed: " + ", ".join(self.fixed))
        if self.new:
            parts.append("new: " + ", ".join(self.new))
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "before": self.before,
            "after": self.after,
            "overall": self.overall,
            "categories": self.categories,
            "fixed": self.fixed,
            "new": self.new,
            "rules": [r.to_dict() for r in self.rules],
            "residual": self.residual,
            "summary": self.summary(),
        }


def compare(relint: Relinter, before: str, after: str) -> Delta:
    """The delta from ``before`` to ``after``, both linted by ``relint``."""
    rb, ra = relint(before), relint(after)
    fb, fa = relint.fired(rb), relint.fired(ra)
    rules = []
    for rule in sorted(fb | fa):
        cb = relint.cost(before, rule) if rule in fb else 0
        ca = relint.cost(after, rule) if rule in fa else 0
        if rule in fb and rule not in fa:
            status = FIXED
        elif rule in fa and rule not in fb:
            status = NEW
        else:
            status = BETTER if ca < cb else WORSE if ca > cb else SAME
        rules.append(RuleDelta(rule, status, cb, ca))
    return Delta(
        before=rb.score.overall,
        after=ra.score.overall,
        categories_before=dict(rb.score.categories),
        categories_after=dict(ra.score.categories),
        rules=tuple(rules),
    )
