"""Plain-text renderings of a judged solution: test verdicts, scores, efficiency against the
reference, quality findings and the explanation's findings with their quotes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from icraft.coding.bank import Problem
from icraft.coding.judge import Judgement, shared_errors
from icraft.coding.quality import QualityReport
from icraft.coding.scoring import CodingScore

if TYPE_CHECKING:
    from icraft.core.findings import AnswerResult


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} ms"


def _took(time_ms: float | None, limit: str | None) -> str:
    """A test's time; one the sandbox stopped before timing it shows the limit it hit."""
    return f"stopped at the {limit} limit" if time_ms is None and limit else _ms(time_ms)


def names_text(names: list[str], shown: int = 4) -> str:
    """Test names, the first few, then how many more."""
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more} more" if more > 0 else "")


def verdict_lines(j: Judgement) -> list[str]:
    lines = [f"{j.verdict.upper()}: {j.passed}/{len(j.tests)} tests passed"
             + ("" if j.sandboxed else " (NOT SANDBOXED: --unsafe-no-sandbox)")]
    shared = shared_errors(j.tests)
    for t in j.tests:
        mark = "ok " if t.verdict == "passed" else "!! "
        size = " (large)" if t.large else ""
        lines.append(f"  {mark}{t.name}{size}: {t.verdict}, {_took(t.time_ms, t.limit)}")
        if t.verdict == "wrong answer" and t.expected is not None:
            lines.append(f"       got {t.got!r}, expected {t.expected!r}")
        if t.error and t.verdict != "passed" and t.error.strip() not in shared:
            lines += ["       " + line for line in t.error.strip().splitlines()[-6:]]
    for error, names in shared.items():  # once, with the tests it affects
        some = f"{len(names)} tests ({names_text(names)})"
        lines.append(f"  The same error in {f'all {len(names)} tests' if len(names) == len(j.tests) else some}:")
        lines += ["       " + line for line in error.splitlines()[-6:]]
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
        lines.append(f"  {t.name}: {_took(t.time_ms, t.limit)} vs reference {_ms(t.reference_ms)} ({ratio})")
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
    return "\n".join(lines)  # the unsafe banner went to stderr already


# -- a coding round's report (icraft.modes.coding) ------------------------------------------------

def round_scores(dialogue: Any) -> dict[str, Any] | None:
    """Scores of a finished or stopped round: the last submission, the code's quality and the
    whole explanation (approach and follow-up answers) through the coding-discussion rules."""
    from icraft.coding import quality, scoring

    judgement = dialogue.last_judgement()
    text = dialogue.explanation()
    if judgement is None and not text.strip():
        return None
    problem = dialogue.problem
    checks = quality.check(dialogue.code) if dialogue.code.strip() else None
    lint = scoring.lint_explanation(text, problem)
    if lint is not None:
        lint = _placed_in_answers(lint, dialogue, text)
    if judgement is not None and checks is not None:
        score = scoring.score(problem, judgement, checks, lint, text)
        score_dict = score.to_dict()
    else:  # explained but never submitted: no correctness, no code to judge
        check = scoring.complexity_check(text, problem) if text.strip() else None
        expl = lint.score.overall if lint is not None else None
        score_dict = {"overall": round((expl or 0) * scoring.WEIGHTS["explanation"] / 100), "correctness": 0,
                      "efficiency": None, "quality": None, "explanation": expl, "weights": scoring.WEIGHTS,
                      "efficiency_tests": [], "complexity": check.to_dict() if check else None}
    edge = [t for t in (judgement.tests if judgement else []) if not t.large and not t.name.startswith("example")]
    observations = {
        "edge_cases": round(100 * sum(t.verdict == "passed" for t in edge) / len(edge)) if edge else None,
        "complexity_analysis": score_dict["efficiency"],
    }
    return {"score": score_dict, "quality": checks.to_dict() if checks else None,
            "explanation": lint.to_dict() if lint is not None else None, "explanation_text": text,
            "observations": observations}


def _placed_in_answers(lint: AnswerResult, dialogue: Any, text: str) -> AnswerResult:
    """A finding about something missing from the whole explanation quotes the answer to the
    follow-up that asked for it (the testing question's "I am not sure."), not the closing
    sentence of the last answer: that answer alone is linted with the rule and its evidence
    moved to where that answer sits in ``text``."""
    from dataclasses import replace

    from icraft.coding.scoring import FOLLOWUP_SKILL, rules_for
    from icraft.core.findings import span_for_chars
    from icraft.core.transcript import CANDIDATE, Turn
    from icraft.rubric import lint_answer

    asked = []  # (question, answer, its offset in text, the rules that judged it)
    for followup, answer in zip(dialogue.problem.followups, dialogue.answers):
        at = text.find(answer) if answer.strip() else -1
        if at >= 0:
            asked.append((followup.question, answer, at, rules_for(FOLLOWUP_SKILL[followup.kind])))
    if not asked:
        return lint
    whole = Turn.from_text(CANDIDATE, text)
    findings = []
    for f in lint.findings:
        for question, answer, at, rules in asked:
            if f.rule_id not in rules or not f.spans:
                continue
            alone = lint_answer(answer, question=question, question_type=lint.question_type, rules=[f.rule_id])
            hit = next((g for g in alone.findings if g.rule_id == f.rule_id and g.spans), None)
            if hit is not None:
                turn = f.spans[0].turn
                f = replace(f, spans=tuple(span_for_chars(turn, whole, at + s.char_start, at + s.char_end)
                                           for s in hit.spans))
                break
        findings.append(f)
    return replace(lint, findings=tuple(findings))


def round_report(dialogue: Any, session_id: str) -> dict[str, Any]:
    p = dialogue.problem
    scores = round_scores(dialogue) or {}
    return {
        "session_id": session_id, "problem": p.summary(),
        "reference_complexity": {"time": p.time_complexity, "space": p.space_complexity},
        "completed": dialogue.phase == "done" and not dialogue.stopped,
        "phase_ms": dialogue.phase_ms, "hints_used": dialogue.hints_used,
        "submissions": [{"verdict": s["verdict"], "passed": s["passed"], "total": s["total"]}
                        for s in dialogue.submissions],
        "final": dialogue.submissions[-1] if dialogue.submissions else None,
        **scores,
    }


def round_markdown(data: dict[str, Any]) -> str:
    from icraft.coding.judge import Judgement

    p = data["problem"]
    lines = [f"# Coding round: {p['title']} ({p['id']}; {p['topic']}, {p['difficulty']})", ""]
    times = ", ".join(f"{k} {v / 60000:.1f} min" for k, v in data["phase_ms"].items())
    lines.append(f"- Time per phase: {times or 'none recorded'}; hints used: {data['hints_used']} of 3")
    subs = data["submissions"]
    lines.append("- Submissions: " + (", ".join(f"{s['verdict']} ({s['passed']}/{s['total']})" for s in subs)
                                      if subs else "none"))
    lines.append("")
    if data.get("final"):  # a block: a line per test and the tracebacks as they are
        lines += ["## Tests (last submission)", "", "```text", *verdict_lines(Judgement.from_dict(data["final"])),
                  "```", ""]
    score = data.get("score")
    if score:
        def part(v: int | None) -> str:
            return "not judged" if v is None else f"{v}/100"

        lines += ["## Scores", "", f"Overall {score['overall']}/100: correctness {part(score['correctness'])}, "
                  f"efficiency {part(score['efficiency'])}, explanation {part(score['explanation'])}, "
                  f"code quality {part(score['quality'])}", ""]
    ref = data["reference_complexity"]
    lines += ["## Complexity", "", f"Reference: time {ref['time']}, space {ref['space']}"]
    for t in (score or {}).get("efficiency_tests", []):
        ratio = "over the time budget" if t["ratio"] is None else f"{t['ratio']}x the reference"
        lines.append(f"- {t['name']}: {_took(t['time_ms'], t.get('limit'))} vs reference {_ms(t['reference_ms'])} ({ratio})")
    c = (score or {}).get("complexity")
    if c is None or c["matches"] is None:
        lines.append("- stated: none")
    else:
        lines.append(f"- stated: {', '.join(dict.fromkeys(s['text'] for s in c['stated']))}: "
                     + ("matches the reference" if c["matches"] else "does not match the reference"))
    lines.append("")
    expl = data.get("explanation")
    lines += ["## Your explanation", ""]
    if expl is None:
        lines.append("Not given.")
    else:
        lines.append(f"Score {expl['score']['overall']}/100: the whole discussion, your approach and your "
                     "follow-up answers together, through the coding-discussion rules (each answer's own "
                     "score was shown as you gave it).")
        for f in expl["findings"]:
            if not f.get("measurable", True):
                continue
            lines.append(f"- **{f['rule_id']}**: {f['message']}")
            for span in f["spans"][:2]:
                quote = " ".join(span["quote"].split())
                if quote:
                    lines.append(f'  > "{quote if len(quote) <= 200 else quote[:197] + "..."}"')
            lines.append(f"  Fix: {f['fix']}")
        if not any(f.get("measurable", True) for f in expl["findings"]):
            lines.append("No findings: taken together, your answers covered complexity, edge cases and testing.")
    q = data.get("quality")
    if q:
        lines += ["", "## Code quality", "", f"Score {q['score']}/100"
                  + ("" if q["ruff"] else " (ruff not installed: icraft's own checks)")]
        lines += [f"- line {f['line']}: {f['check']}: {f['message']}" for f in q["findings"]]
    return "\n".join(lines) + "\n"
