"""Judge a solution: run a problem's tests in the sandbox and give each one a verdict.

The sandbox returns what the code returned; expected outputs stay here. A generated
(large) test's expected output and its reference time come from running the reference
solution on the same input in the sandbox, once per process (:func:`reference_run`).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from icraft.coding.bank import Problem, Test
from icraft.sandbox import harness
from icraft.sandbox.runner import Limits, RunOutcome, Verdict, run_tests

SAMPLES, HIDDEN = "samples", "hidden"


@dataclass
class TestResult:
    name: str
    verdict: str
    time_ms: float | None = None
    cpu_ms: float | None = None
    error: str = ""
    large: bool = False
    limit: str = ""  # the sandbox limit that stopped it before its time was taken ("2 s CPU")
    got: Any = None  # shown for sample tests only
    expected: Any = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None and v != ""}


@dataclass
class Judgement:
    problem_id: str
    which: str
    verdict: str
    tests: list[TestResult]
    stdout: str = ""
    stderr: str = ""
    sandboxed: bool = True
    banner: str = ""
    wall_ms: float = 0.0
    reference_ms: dict[str, float] = field(default_factory=dict)  # large test -> reference time

    @property
    def passed(self) -> int:
        return sum(t.verdict == Verdict.PASSED.value for t in self.tests)

    @property
    def first_failure(self) -> TestResult | None:
        return next((t for t in self.tests if t.verdict != Verdict.PASSED.value), None)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Judgement:
        """Back from :meth:`to_dict` (plus ``reference_ms``), as a coding round stores it."""
        fields = set(TestResult.__dataclass_fields__)
        tests = [TestResult(**{k: v for k, v in t.items() if k in fields}) for t in data["tests"]]
        return cls(data["problem"], data["which"], data["verdict"], tests, data.get("stdout", ""),
                   data.get("stderr", ""), data.get("sandboxed", True), "", 0.0, dict(data.get("reference_ms", {})))

    def to_dict(self) -> dict[str, Any]:
        return {
            "problem": self.problem_id, "which": self.which, "verdict": self.verdict,
            "passed": self.passed, "total": len(self.tests), "sandboxed": self.sandboxed,
            "tests": [t.to_dict() for t in self.tests],
            "stdout": self.stdout, "stderr": self.stderr,
        }


def shared_errors(tests: list[Any]) -> dict[str, list[str]]:
    """Errors that more than one failed test raised, each with the tests it affects, in order.

    ``tests`` are :class:`TestResult` or their dicts. A SyntaxError or a NameError fails every
    test the same way: a report shows it once with the tests' names instead of once per test.
    """
    by_error: dict[str, list[str]] = {}
    for t in tests:
        d = t if isinstance(t, dict) else asdict(t)
        error = (d.get("error") or "").strip()
        if error and d["verdict"] != Verdict.PASSED.value:
            by_error.setdefault(error, []).append(d["name"])
    return {error: names for error, names in by_error.items() if len(names) > 1}


def _same(got: Any, expected: Any, compare: str) -> bool:
    if compare == "float":
        if isinstance(got, (int, float)) and isinstance(expected, (int, float)) and not isinstance(got, bool):
            return math.isclose(got, expected, rel_tol=1e-6, abs_tol=1e-9)
        if isinstance(got, list) and isinstance(expected, list) and len(got) == len(expected):
            return all(_same(g, e, compare) for g, e in zip(got, expected))
    return harness.encode(got) == harness.encode(expected)


def _cost(problem: Problem) -> Limits:
    return Limits()


def _run(problem: Problem, code: str, tests: tuple[Test, ...], unsafe: bool, limits: Limits | None) -> RunOutcome:
    return run_tests(code, problem.call, [t.for_harness(problem.is_class, problem.compare) for t in tests],
                     limits=limits or _cost(problem), unsafe=unsafe)


_REFERENCE: dict[tuple[str, bool], dict[str, Any]] = {}


def reference_run(problem: Problem, *, unsafe: bool = False) -> dict[str, Any]:
    """The reference solution's result on each generated test: ``{name: TestRun}`` (cached)."""
    key = (problem.id, unsafe)
    if key not in _REFERENCE:
        large = tuple(t for t in problem.hidden if t.gen)
        outcome = _run(problem, problem.reference, large, unsafe, None)
        _REFERENCE[key] = {t.name: run for t, run in zip(large, outcome.tests)}
    return _REFERENCE[key]


def judge(problem: Problem, code: str, which: str = HIDDEN, *, unsafe: bool = False,
          limits: Limits | None = None) -> Judgement:
    """Run ``code`` on the problem's sample or hidden tests (one sandbox run) and judge each test."""
    # a submission runs the samples too: a solution that fails an example never passes
    tests = problem.samples if which == SAMPLES else problem.samples + problem.hidden
    reference = reference_run(problem, unsafe=unsafe) if any(t.gen for t in tests) else {}
    limits = limits or _cost(problem)
    outcome = _run(problem, code, tests, unsafe, limits)
    stopped = {"cpu": f"{limits.cpu_s:g} s CPU", "wall": f"{limits.wall_s:g} s wall-clock"}.get(outcome.killed, "")
    results = []
    for test, run in zip(tests, outcome.tests):
        result = TestResult(test.name, run.status, run.time_ms, run.cpu_ms, run.error, large=test.gen is not None)
        if run.status == Verdict.TIME_LIMIT.value and run.time_ms is None:
            result.limit = stopped  # killed mid-test: the limit it hit is its time, not "0.0 ms"
        if run.status == "ok":
            if test.gen is not None:
                ref = reference.get(test.name)
                if ref is None or ref.status != "ok":
                    result.verdict, result.error = Verdict.RUNTIME_ERROR.value, "the reference solution failed here"
                else:
                    ok = (run.digest is not None and run.digest == ref.digest) or (
                        run.digest is None and ref.digest is None and _same(run.value, ref.value, problem.compare))
                    result.verdict = Verdict.PASSED.value if ok else Verdict.WRONG_ANSWER.value
            else:
                expected = harness.canonical(harness.to_plain(test.expected), problem.compare)
                ok = run.digest is None and _same(run.value, expected, problem.compare)
                result.verdict = Verdict.PASSED.value if ok else Verdict.WRONG_ANSWER.value
                if test in problem.samples:  # the examples are public: show what differed
                    result.got, result.expected = run.value, test.expected
        elif run.status == "bad test":
            result.verdict = Verdict.RUNTIME_ERROR.value
        results.append(result)
    failure = next((r for r in results if r.verdict != Verdict.PASSED.value), None)
    ref_ms = {name: run.cpu_ms or run.time_ms or 0.0 for name, run in reference.items() if run.status == "ok"}
    return Judgement(problem.id, which, failure.verdict if failure else Verdict.PASSED.value, results,
                     outcome.stdout, outcome.stderr, outcome.sandboxed, outcome.banner, outcome.wall_ms, ref_ms)
