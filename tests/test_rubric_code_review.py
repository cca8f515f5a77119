"""A question about reviewing code (a pull request, giving feedback on a PR) is not an
algorithm question: it is not failed for leaving out big-O (issue 13, blind trial B.4:
a strong code-review answer got no_complexity -25 and `diff` asked for its complexity)."""

from __future__ import annotations

import pytest

from icraft.rubric import lint_answer

REVIEW = ("First I check that it does what the ticket says, so I read the description and the tests before the code. "
          "Then correctness on the edges: nulls, empty inputs, retries, two writers at once. Then whether it is easy "
          "to change: names, one job per function, no copied logic; style I leave to the linter. I mark each comment "
          "blocking or nit so the author knows what must change, and I ask for a test that fails without the fix.")

REVIEW_QUESTIONS = [
    "What do you look for when you review a pull request?",
    "How do you review code?",
    "How do you give feedback on a pull request from a junior engineer?",
    "What makes a good code review?",
    "Review this function: what would you change?",
]


@pytest.mark.parametrize("question", REVIEW_QUESTIONS)
def test_a_code_review_question_does_not_ask_for_complexity(question: str) -> None:
    res = lint_answer(REVIEW, question=question, question_type="coding-discussion")
    assert "no_complexity" not in {f.rule_id for f in res.findings}


@pytest.mark.parametrize(
    "question",
    ["Review this function: what is its time complexity, and what would you change?",
     "Walk me through your solution to two-sum.",
     "How would you find the duplicates in an array?"],
)
def test_complexity_is_still_judged_when_asked_or_for_a_solution(question: str) -> None:
    res = lint_answer(REVIEW, question=question, question_type="coding-discussion")
    assert "no_complexity" in {f.rule_id for f in res.findings}


def test_the_trials_code_review_answer_scores_as_strong() -> None:
    """Blind trial c04 (band 80-95): 73 with no_complexity and no_tradeoff."""
    answer = ("First whether it does what the ticket says, so I read the description and the tests before the code. "
              "Then correctness on the edges: nulls, empty inputs, retries, concurrent writes. Then whether it will be "
              "easy to change: names, one responsibility per function, no copied logic. I leave style to the linter. On "
              "my team I also ask for a test that fails without the fix; last quarter that rule caught two regressions "
              "before release. I mark comments as blocking or nit so the author knows what must change, and I try to "
              "review within four working hours, because slow reviews cost more than imperfect ones.")
    res = lint_answer(answer, question="What do you look for when you review a pull request?")
    assert [f.rule_id for f in res.findings if f.points] == []
    assert res.score.overall >= 80
