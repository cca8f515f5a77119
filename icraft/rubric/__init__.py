"""The lint engine: rubric as data, one detector per rule, scoring by code.

Public interface (see /work/notes/api.md and docs/SCORING.md)::

    load_rubric(path=None) -> Rubric
    lint_transcript(transcript, *, rubric=None, question_type=None, rules=None, ignore=None) -> LintReport
    lint_answer(answer, *, question=None, question_type=None, rubric=None, rules=None, ignore=None) -> AnswerResult
    infer_question_type(question, answer) -> str

Imports no Rich, Textual, numpy or provider SDK.
"""

from icraft.rubric.engine import lint_answer, lint_transcript, select_rules
from icraft.rubric.model import CATEGORIES, QUESTION_TYPES, Rubric, Rule, load_rubric
from icraft.rubric.questions import infer_question_type
from icraft.rubric.scoring import finding_points, make_finding, score_answer, score_session

__all__ = [
    "CATEGORIES",
    "QUESTION_TYPES",
    "Rubric",
    "Rule",
    "finding_points",
    "infer_question_type",
    "lint_answer",
    "lint_transcript",
    "load_rubric",
    "make_finding",
    "score_answer",
    "score_session",
    "select_rules",
]
