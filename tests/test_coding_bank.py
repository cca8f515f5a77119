"""The coding problem bank: loads and validates, covers the topics, and every reference
solution passes its hidden tests in the sandbox while every deliberately wrong one fails."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from icraft.coding import bank, judge
from icraft.core.errors import InputError, NotFoundError
from tests.requires import needs

PROBLEMS = bank.problems()


def test_at_least_40_problems_across_every_topic() -> None:
    assert len(PROBLEMS) >= 40
    topics = Counter(p.topic for p in PROBLEMS.values())
    assert set(topics) == set(bank.TOPICS)
    assert all(n >= 3 for n in topics.values()), topics
    for p in PROBLEMS.values():
        assert len(p.hints) == 3 and {f.kind for f in p.followups} == set(bank.FOLLOWUP_KINDS)
        assert any(t.gen for t in p.hidden) and p.samples and p.starter.strip()
        assert p.time_complexity.startswith("O(")


def test_a_followup_asks_without_giving_its_answer_away() -> None:
    for p in PROBLEMS.values():
        edge = next(f for f in p.followups if f.kind == "edge_cases")
        assert edge.question.endswith("?"), (p.id, edge.question)  # the cases are not read out after it
        assert edge.expect and edge.expect not in edge.question, p.id


@needs("bwrap", "bubblewrap")
@pytest.mark.parametrize("problem_id", sorted(PROBLEMS))
def test_reference_passes_and_wrong_solution_fails(problem_id: str) -> None:
    problem = PROBLEMS[problem_id]
    ok = judge.judge(problem, problem.reference)
    assert ok.verdict == "passed", [(t.name, t.verdict, t.error[-300:]) for t in ok.tests if t.verdict != "passed"]
    assert ok.sandboxed and len(ok.tests) == len(problem.samples) + len(problem.hidden)
    bad = judge.judge(problem, problem.wrong)
    assert bad.verdict != "passed"
    assert bad.first_failure is not None


GOOD = '''id = "tiny"
title = "Tiny"
topic = "hashing"
difficulty = "easy"
function = "f"
statement = "Return x."
constraints = ["none"]
hints = ["a", "b", "c"]
starter = "def f(x):\\n    pass\\n"
reference = "def f(x):\\n    return x\\n"
wrong = "def f(x):\\n    return 0\\n"

[complexity]
time = "O(1)"
space = "O(1)"

[[followups]]
kind = "complexity"
question = "?"
[[followups]]
kind = "edge_cases"
question = "?"
[[followups]]
kind = "testing"
question = "?"
[[followups]]
kind = "tradeoffs"
question = "?"

[[samples]]
name = "one"
args = [1]
expected = 1

[[hidden]]
name = "big"
gen = "[10**6]"
'''


def _write(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "coding"
    folder.mkdir(exist_ok=True)
    (folder / "tiny.toml").write_text(text)
    return folder


def test_a_valid_file_loads(tmp_path: Path) -> None:
    problem = bank.load_dir(_write(tmp_path, GOOD))["tiny"]
    assert problem.call == {"kind": "function", "name": "f", "args": [], "returns": None}
    assert "f(1) -> 1" in problem.examples_text()


@pytest.mark.parametrize(("change", "message"), [
    (lambda t: t.replace('topic = "hashing"', 'topic = "magic"'), "field 'topic' is 'magic'; expected one of"),
    (lambda t: t.replace('hints = ["a", "b", "c"]', 'hints = ["a"]'), "'hints' must be three"),
    (lambda t: t.replace('function = "f"\n', ""), "exactly one of 'function' or 'class'"),
    (lambda t: t.replace('reference = "def f(x):\\n    return x\\n"', 'reference = "def f(:"'), "'reference' does not compile"),
    (lambda t: t.replace('expected = 1\n', ""), "has 'args' but no 'expected'"),
    (lambda t: t.replace('gen = "[10**6]"', 'args = [2]\nexpected = 2'), "at least one generated large test"),
    (lambda t: t.replace('kind = "testing"', 'kind = "vibes"'), "followup kind 'vibes'"),
    (lambda t: t.replace('kind = "edge_cases"\nquestion = "?"', 'kind = "edge_cases"\nquestion = "Which? Empty."'),
     "must end with its question mark"),
    (lambda t: t.replace('id = "tiny"', 'id = "other"'), "differs from the file name"),
    (lambda t: t.replace('title = "Tiny"', 'title = 3'), "field 'title' must be a str, not int"),
    (lambda t: t + "\n[[[", "not valid TOML"),
])
def test_invalid_files_name_the_file_and_the_problem(tmp_path: Path, change, message: str) -> None:
    with pytest.raises(InputError) as e:
        bank.load_dir(_write(tmp_path, change(GOOD)))
    assert "tiny.toml" in str(e.value) and message in str(e.value)


def test_unknown_problem_suggests_the_closest() -> None:
    with pytest.raises(NotFoundError, match="did you mean two-sum"):
        bank.get("two-sums")
