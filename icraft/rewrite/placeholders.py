"""Placeholders: where content is missing, a version asks for it instead of inventing it.

A placeholder is square-bracketed text, ``[label: question?]``. Each has a label the
output refers to (``+8 once [metric] is filled``) and the rubric rules its content
would satisfy. How scoring treats them (documented in docs/DIFF.md): a version is
linted *as written*, placeholders included; a rule that only passes because a
placeholder is there, or that still fails but is what the placeholder asks for, is
reported as *pending* on that placeholder, with the gain measured by re-linting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from icraft.rewrite import star


@dataclass(frozen=True, slots=True)
class Placeholder:
    label: str  # "metric"
    text: str  # "[metric: by how much?]"
    rules: tuple[str, ...]  # rubric rules whose content this placeholder stands for
    star_role: str  # where in a STAR answer it goes

    def to_dict(self) -> dict[str, object]:
        return {"label": self.label, "text": self.text, "rules": list(self.rules)}


def _p(label: str, question: str, rules: tuple[str, ...], role: str) -> Placeholder:
    return Placeholder(label, f"[{label}: {question}]", rules, role)


SITUATION = _p("situation", "where and when was this, and what was at stake?", ("no_star_structure",), star.SITUATION)
TASK = _p("task", "what were you responsible for?", ("no_star_structure",), star.TASK)
ACTION = _p("action", "what did you do, step by step?", ("no_star_structure",), star.ACTION)
RESULT = _p("result", "what changed?", ("missing_result", "no_star_structure"), star.RESULT)
METRIC = _p("metric", "by how much?", ("missing_metrics", "result_not_specific", "vague_quantities"), star.RESULT)
ESTIMATE = _p("estimate", "how many users, requests per second, how much data?",
               ("missing_metrics", "vague_quantities"), star.SITUATION)
DECISION = _p("your decision", "why this option over ...?", ("no_ownership", "no_tradeoff"), star.ACTION)
TRADEOFF = _p("trade-off", "what else did you consider?", ("no_tradeoff",), star.ACTION)
ASSUMPTION = _p("assumption", "what scale, users and constraints are you assuming?", ("no_assumptions",), star.SITUATION)
SCALE = _p("scale", "how many users or requests per second, and what breaks first?", ("no_scale_thinking",), star.ACTION)
STAKEHOLDERS = _p("stakeholders", "who did you align with, and how?", ("no_stakeholder_mgmt",), star.ACTION)
MENTORING = _p("mentoring", "whom did you help grow, and how?", ("no_mentoring_signal",), star.ACTION)
ANCHOR = _p("anchor", "your number first, and what it is based on?", ("weak_anchor",), star.SITUATION)
DEPTH = _p("detail", "the mechanism: how does it work, and why?", ("shallow_followup",), star.ACTION)
LESSON = _p("lesson", "what did you learn, and what do you do differently since?", ("no_reflection",), star.LESSON)
FAILURE = _p("failure", "what fails, and what happens then?", ("no_failure_modes",), star.ACTION)
COMPONENTS = _p("components", "which parts, and how do they talk to each other?", ("no_components",), star.ACTION)
COMPLEXITY = _p("complexity", "time and space, in big-O?", ("no_complexity",), star.ACTION)
EDGE_CASES = _p("edge cases", "which inputs would break it?", ("no_edge_cases",), star.ACTION)
TESTING = _p("testing", "how would you test it?", ("no_testing",), star.ACTION)

ALL: tuple[Placeholder, ...] = (
    SITUATION, TASK, ACTION, RESULT, METRIC, DECISION, TRADEOFF, ASSUMPTION, SCALE, STAKEHOLDERS, MENTORING,
    ANCHOR, DEPTH, LESSON, ESTIMATE, FAILURE, COMPONENTS, COMPLEXITY, EDGE_CASES, TESTING,
)
_BY_TEXT = {p.text: p for p in ALL}

# The placeholder a version adds for a rule that fires (ideal: every one that applies).
FOR_RULE: dict[str, tuple[Placeholder, ...]] = {
    "missing_result": (RESULT,),
    "result_not_specific": (METRIC,),
    "missing_metrics": (METRIC,),
    "no_tradeoff": (TRADEOFF,),
    "no_ownership": (DECISION,),
    "no_assumptions": (ASSUMPTION,),
    "no_scale_thinking": (SCALE,),
    "no_stakeholder_mgmt": (STAKEHOLDERS,),
    "no_mentoring_signal": (MENTORING,),
    "weak_anchor": (ANCHOR,),
    "shallow_followup": (DEPTH,),
    "vague_quantities": (METRIC,),
    "no_reflection": (LESSON,),
    "no_failure_modes": (FAILURE,),
    "no_components": (COMPONENTS,),
    "no_complexity": (COMPLEXITY,),
    "no_edge_cases": (EDGE_CASES,),
    "no_testing": (TESTING,),
}



def for_rule(rule: str, question_type: str) -> tuple[Placeholder, ...]:
    """The placeholders a version adds for ``rule``: a story asks for the result's
    metric, a design or technical answer for an estimate."""
    found = FOR_RULE.get(rule, ())
    if question_type != "behavioral":
        found = tuple(ESTIMATE if p is METRIC else p for p in found)
    return found


def metric_for(question_type: str) -> Placeholder:
    return METRIC if question_type == "behavioral" else ESTIMATE


_BRACKETED = re.compile(r"\[[^\[\]]*\]")


def found_in(text: str) -> list[Placeholder]:
    """The known placeholders present in ``text``, in order of appearance."""
    return [_BY_TEXT[m.group()] for m in _BRACKETED.finditer(text) if m.group() in _BY_TEXT]


def bracket_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of every bracketed span (placeholder or the candidate's own)."""
    return [(m.start(), m.end()) for m in _BRACKETED.finditer(text)]
