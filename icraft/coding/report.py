"""Plain-text renderings of a judged solution: test verdicts, scores, efficiency against the
reference, quality findings and the explanation's findings with their quotes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from icraft.coding.bank import Problem
from icraft.coding.judge import Judgement
from icraft.coding.quality import QualityReport
from icraft.coding.scoring import CodingScore

if TYPE_CHECKING:
    from icraft.core.findings import AnswerResult


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} ms"


def verdict_lines(j: Judgement) -> list[str]:
    lines = [f"{j.verdict.upper()}: {j.passed}/{len(j.tests)} tests passed"
             + ("" if j.sandboxed else " (NOT SANDBOXED: --unsafe-no-sandbox)")]
    for t in j.tests:
        mark = "ok " if t.verdict == "passed" else "!! "
        size = " (large)" if t.large else ""
        lines.append(f"  {mark}{t.name}{size}: {t.verdict}, {_ms(t.time_ms)}")
        if t.verdict == "wrong answer" and t.expected is not None:
            lines.append(f"       got {t.got!r}, expected {t.expected!r}")
        if t.error and t.verdict != "passed":
            lines += ["       " + line for line in t.error.strip().splitlines()[-6:]]
    if j.stdout.strip():
        lines.append("  your output (stdout): " + j.stdout.strip()[:400].replace("\n", " | "))
    return lines


def explanation_lines(result: AnswerResult | None, text: str) -> list[str]:
    if result is None:
        return ["Explanation: none given (not judged)"]
    lines = [f"Explanation: {result.score.overall}/100 (coding-discussion rules)"]
    for f in result.findings:
        if not f.measurable:
            continue
        lines.append(f"  - {f.rule_id}: {f.message}")
        for span in f.spans[:2]:
            quote = span.quote.strip()
            if quote:
                short = quote if len(quote) <= 160 else quote[:157] + "..."
                lines.append(f'      "{short}"')
        lines.append(f"      fix: {f.fix}")
    return lines


def score_lines(problem: Problem, score: CodingScore) -> list[str]:
    def part(v: int | None) -> str:
        return "not judged" if v is None else f"{v}/100"

    lines = [f"Score {score.overall}/100: correctness {part(score.correctness)}, efficiency {part(score.efficiency)}, "
             f"explanation {part(score.explanation)}, code quality {part(score.quality)}",
             f"Reference complexity: time {problem.time_complexity}, space {problem.space_complexity}"]
    for t in score.efficiency_tests:
        ratio = "over the time budget" if t.ratio is None else f"{t.ratio}x the reference"
        lines.append(f"  {t.name}: {_ms(t.time_ms)} vs reference {_ms(t.reference_ms)} ({ratio})")
    c = score.complexity
    if c is not None:
        if c.matches is None:
            lines.append(f"Complexity: none stated (the reference is {c.reference})")
        else:
            said = ", ".join(s["text"] for s in c.stated)
            lines.append(f"Complexity stated: {said}: " + ("matches" if c.matches else "does not match")
                         + f" the reference's {c.reference}")
    return lines


def quality_lines(q: QualityReport) -> list[str]:
    head = f"Code quality: {q.score}/100" + ("" if q.ruff else " (ruff not installed: icraft's own checks only)")
    return [head] + [f"  line {f.line}: {f.check}: {f.message}" for f in q.findings]


def render_run(problem: Problem, j: Judgement, score: CodingScore, q: QualityReport,
               explanation: AnswerResult | None, text: str = "") -> str:
    lines = [f"{problem.title} ({problem.id})", *verdict_lines(j), "", *score_lines(problem, score), "",
             *quality_lines(q)]
    if explanation is not None:
        lines += ["", *explanation_lines(explanation, text)]
    if j.banner:
        lines.insert(0, j.banner)
    return "\n".join(lines)
