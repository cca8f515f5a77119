"""A coding round's scores, all by code: correctness (hidden tests), efficiency (time on the
large tests against the reference), code quality (``quality``) and the explanation (the lint
engine's coding-discussion rules, plus whether the complexity stated matches the reference).

Weights: correctness 50, efficiency 20, explanation 20, quality 10; a part that could not
be judged (no explanation given, no large test passed) is left out and the rest re-weighted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from icraft.coding.bank import Problem
from icraft.coding.judge import Judgement
from icraft.coding.quality import QualityReport
from icraft.sandbox.runner import Verdict

if TYPE_CHECKING:
    from icraft.core.findings import AnswerResult

WEIGHTS = {"correctness": 50, "efficiency": 20, "explanation": 20, "quality": 10}
QUESTION_TYPE = "coding-discussion"
# a follow-up kind -> the microskill whose coding-discussion rules judge its answer
FOLLOWUP_SKILL = {"complexity": "complexity_analysis", "edge_cases": "edge_cases",
                  "testing": "testing_approach", "tradeoffs": "tradeoff_analysis"}
# candidate time / reference time -> efficiency points
RATIO_POINTS = ((2.0, 100), (4.0, 75), (8.0, 50), (float("inf"), 25))
_BIG_O = re.compile(r"\bO\s*\((?:[^()]|\([^()]*\))*\)", re.IGNORECASE)


def rules_for(skill: str) -> tuple[str, ...]:
    """The coding-discussion rules that judge ``skill`` (a follow-up answer is checked with these)."""
    from icraft.rubric import load_rubric

    return tuple(r.id for r in load_rubric().rules if skill in r.skills and QUESTION_TYPE in r.applies_to)


def normalise_big_o(text: str) -> str:
    """``O(n log n)``, ``O(N*log(N))`` and ``o(nlogn)`` -> ``o(nlogn)``; ``n²`` -> ``n^2``."""
    s = text.lower().replace("²", "^2").replace("³", "^3").replace("·", "")
    s = re.sub(r"[\s*]", "", s)
    s = re.sub(r"log\((\w)\)", r"log\1", s)
    return s.replace("n.n", "n^2").replace("nn)", "n^2)")


@dataclass
class ComplexityCheck:
    reference: str
    stated: list[dict[str, Any]]  # {"text", "char_start", "char_end"} cut from the explanation
    matches: bool | None  # None: nothing stated

    def to_dict(self) -> dict[str, Any]:
        return {"reference": self.reference, "stated": self.stated, "matches": self.matches}


def complexity_check(text: str, problem: Problem) -> ComplexityCheck:
    ref = _BIG_O.search(problem.time_complexity)
    reference = ref.group(0) if ref else problem.time_complexity
    stated = [{"text": m.group(0), "char_start": m.start(), "char_end": m.end()} for m in _BIG_O.finditer(text)]
    if not stated:
        return ComplexityCheck(reference, [], None)
    want = normalise_big_o(reference)
    return ComplexityCheck(reference, stated, any(normalise_big_o(s["text"]) == want for s in stated))


@dataclass
class EfficiencyTest:
    name: str
    time_ms: float | None  # None: stopped by the sandbox before it was timed (see limit)
    reference_ms: float
    ratio: float | None
    points: int
    limit: str = ""  # the sandbox limit that stopped it ("2 s CPU")


def _measure(judgement: Judgement, name: str) -> tuple[float, float] | None:
    test = next((t for t in judgement.tests if t.name == name), None)
    ref = judgement.reference_ms.get(name)
    if test is None or ref is None:
        return None
    cand = test.cpu_ms if test.cpu_ms is not None else test.time_ms
    return (cand or 0.0), ref


def efficiency(judgement: Judgement) -> tuple[int | None, list[EfficiencyTest]]:
    """Points from the large tests: passed ones by their time ratio to the reference, over
    the time budget 0; tests that failed otherwise say nothing about speed."""
    rows = []
    for test in judgement.tests:
        if not test.large:
            continue
        if test.verdict == Verdict.TIME_LIMIT.value:
            rows.append(EfficiencyTest(test.name, test.time_ms, judgement.reference_ms.get(test.name, 0.0),
                                       None, 0, test.limit))
            continue
        measured = _measure(judgement, test.name)
        if test.verdict != Verdict.PASSED.value or measured is None:
            continue
        cand, ref = measured
        ratio = max(cand, 1.0) / max(ref, 1.0)  # below a millisecond both are noise
        points = next(p for limit, p in RATIO_POINTS if ratio <= limit)
        rows.append(EfficiencyTest(test.name, cand, ref, round(ratio, 2), points))
    if not rows:
        return None, rows
    return round(sum(r.points for r in rows) / len(rows)), rows


@dataclass
class CodingScore:
    correctness: int
    efficiency: int | None
    quality: int
    explanation: int | None
    overall: int
    efficiency_tests: list[EfficiencyTest] = field(default_factory=list)
    complexity: ComplexityCheck | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "overall": self.overall, "correctness": self.correctness, "efficiency": self.efficiency,
            "quality": self.quality, "explanation": self.explanation, "weights": WEIGHTS,
            "efficiency_tests": [vars(t) for t in self.efficiency_tests],
            "complexity": self.complexity.to_dict() if self.complexity else None,
        }


def lint_explanation(text: str, problem: Problem) -> AnswerResult | None:
    """The explanation through the lint engine's coding-discussion rules (None when empty)."""
    if not text.strip():
        return None
    from icraft.rubric import lint_answer

    return lint_answer(text, question=f"{problem.title}: {problem.statement}", question_type=QUESTION_TYPE)


def score(problem: Problem, judgement: Judgement, quality: QualityReport,
          explanation: AnswerResult | None, explanation_text: str = "") -> CodingScore:
    correctness = round(100 * judgement.passed / len(judgement.tests)) if judgement.tests else 0
    eff, rows = efficiency(judgement)
    expl = explanation.score.overall if explanation is not None else None
    parts = {"correctness": correctness, "efficiency": eff, "explanation": expl, "quality": quality.score}
    judged = {k: v for k, v in parts.items() if v is not None}
    total = sum(WEIGHTS[k] for k in judged)
    overall = round(sum(WEIGHTS[k] * v for k, v in judged.items()) / total)
    check = complexity_check(explanation_text, problem) if explanation_text.strip() else None
    return CodingScore(correctness, eff, quality.score, expl, overall, rows, check)
