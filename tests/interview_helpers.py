"""Test doubles for the interview engine: a small in-test question bank (real
``Question`` objects, selected by the real ``bank.select``) and a scripted lint whose
findings are chosen by markers in the answer text, so each engine decision can be
driven precisely."""

from __future__ import annotations

import re
from typing import Any, Sequence

from icraft.core.findings import AnswerResult, Finding, Score, span_for_words
from icraft.core.transcript import Turn
from icraft.content import bank as real_bank
from icraft.content.bank import Question


def q(qid: str, qtype: str, *, minutes: float = 4, difficulty: int = 3, skills=("star_structure",)) -> Question:
    return Question(
        id=qid,
        type=qtype,
        text=f"Question {qid}?",
        levels=("junior", "mid", "senior", "staff"),
        roles=("any",),
        difficulty=difficulty,
        competencies=(),
        skills=tuple(skills),
        followups=(f"Bank follow-up one for {qid}?", f"Bank follow-up two for {qid}?"),
        minutes=minutes,
    )


SMALL_BANK: tuple[Question, ...] = (
    q("warm-001", "warmup", minutes=2, difficulty=1),
    *(q(f"beh-t-{i:03d}", "behavioral", difficulty=d) for i, d in enumerate((1, 2, 3, 3, 4, 5, 5, 2, 4, 1), 1)),
    *(q(f"tech-t-{i:03d}", "technical", minutes=5, difficulty=d, skills=("tradeoff_analysis",))
      for i, d in enumerate((2, 3, 4), 1)),
    *(q(f"sd-t-{i:03d}", "system-design", minutes=10, difficulty=d, skills=("scalability_thinking",))
      for i, d in enumerate((3, 4), 1)),
    q("code-t-001", "coding-discussion", minutes=5, skills=("edge_cases",)),
)


class SmallBank:
    def __init__(self, questions: Sequence[Question] = SMALL_BANK) -> None:
        self.questions = tuple(questions)
        self.calls: list[dict[str, Any]] = []

    def select(self, **kw: Any) -> list[Question]:
        self.calls.append(kw)
        return real_bank.select(bank=self.questions, **kw)


_MARK = re.compile(r"\[(\w+)\]")
_SCORE = re.compile(r"score=(\d+)")


class ScriptedLint:
    """Findings from ``[rule_id]`` markers in the answer, score from ``score=NN``."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(self, turn: Turn, *, question: str | None, question_type: str, rules=None,
                 main_parts=None) -> AnswerResult:
        self.calls.append({"text": turn.text, "question": question, "type": question_type, "rules": rules,
                           "main_parts": main_parts})
        findings = []
        for m in _MARK.finditer(turn.text):
            rule = m.group(1)
            if rules is not None and rule not in rules:
                continue
            idx = next(i for i, w in enumerate(turn.words) if w.char_start <= m.start() < w.char_end)
            findings.append(
                Finding(
                    rule_id=rule, category="depth", severity="warning", message=f"{rule} fired",
                    fix="fix it", spans=(span_for_words(0, turn, idx, idx + 1),), answer=0,
                    points=float(len(findings) + 5),
                )
            )
        sm = _SCORE.search(turn.text)
        overall = int(sm.group(1)) if sm else (100 - 10 * len(findings))
        score = Score(overall, {"depth": overall}, "test-1")
        return AnswerResult(0, 0, question, question_type, tuple(findings), score)


PADDING = " ".join(["I explained the context to the team and walked through each step in detail."] * 4)


def long(text: str) -> str:
    """An answer long enough (40+ words) for the rubric to judge it."""
    return f"{text} {PADDING}"
