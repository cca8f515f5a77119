"""The coding problem bank: ``drills/coding/*.toml``, one problem per file, validated on load.

A problem has a statement, constraints, Python starter code, sample tests (shown to the
candidate) and hidden tests (edge cases and large generated inputs with a time budget),
a reference solution with its complexity, a deliberately wrong solution (the bank's own
test: the hidden tests must catch it), three levels of hints and the follow-ups an
interviewer asks. ``drills/coding/README.md`` documents the format.

A test has ``args`` (or ``args_json`` when it holds null) and ``expected`` (or
``expected_json``), or ``gen``, a Python expression evaluated *in the sandbox* with a
seeded ``random`` that builds the arguments; a generated test's expected output is the
reference solution's, computed in the sandbox too.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from icraft.core.errors import InputError, NotFoundError

TOPICS = ("arrays-strings", "hashing", "two-pointers", "intervals", "trees", "graphs", "heaps",
          "dynamic-programming", "concurrency", "practical")
DIFFICULTIES = ("easy", "medium", "hard")
COMPARES = ("exact", "unordered", "unordered_nested", "float")
FOLLOWUP_KINDS = ("complexity", "edge_cases", "testing", "tradeoffs")
DEFAULT_TIME_MS = 1000
_MISSING = object()


@dataclass(frozen=True)
class Test:
    name: str
    args: Any = None  # the arguments (a list), or for a class problem [operations]
    expected: Any = _MISSING
    gen: str | None = None
    seed: int = 0
    time_ms: int = DEFAULT_TIME_MS
    explanation: str | None = None

    @property
    def has_expected(self) -> bool:
        return self.expected is not _MISSING

    def for_harness(self, is_class: bool, compare: str) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "time_ms": self.time_ms, "compare": compare}
        if self.gen is not None:
            out.update(gen=self.gen, seed=self.seed)
        elif is_class:
            out["ops"] = self.args[0]
        else:
            out["args"] = self.args
        return out


@dataclass(frozen=True)
class Followup:
    kind: str
    question: str  # asked as written (an edge_cases one ends with "?", never with the cases)
    expect: str = ""  # what a good answer names, said after the candidate's answer


@dataclass(frozen=True)
class Problem:
    id: str
    title: str
    topic: str
    difficulty: str
    statement: str
    constraints: tuple[str, ...]
    time_complexity: str
    space_complexity: str
    hints: tuple[str, str, str]
    followups: tuple[Followup, ...]
    starter: str
    reference: str
    wrong: str
    samples: tuple[Test, ...]
    hidden: tuple[Test, ...]
    function: str | None = None
    class_name: str | None = None
    compare: str = "exact"
    arg_kinds: tuple[str, ...] = ()
    returns: str | None = None

    @property
    def is_class(self) -> bool:
        return self.class_name is not None

    @property
    def entry(self) -> str:
        return self.class_name or self.function or ""

    @property
    def call(self) -> dict[str, Any]:
        if self.is_class:
            return {"kind": "class"}
        return {"kind": "function", "name": self.function, "args": list(self.arg_kinds), "returns": self.returns}

    def summary(self) -> dict[str, str]:
        return {"id": self.id, "title": self.title, "topic": self.topic, "difficulty": self.difficulty}

    def statement_text(self) -> str:
        """Title, statement, examples and constraints, as the candidate reads them."""
        parts = [f"{self.title} ({self.id}; {self.topic}, {self.difficulty})", "", self.statement, "",
                 "Examples:", self.examples_text(), "", "Constraints:"]
        parts += [f"  - {c}" for c in self.constraints]
        return "\n".join(parts)

    def examples(self) -> list[tuple[str, str, str, str]]:
        """The sample tests as examples: (name, call, expected result, explanation or "")."""
        out = []
        for t in self.samples:
            shown = t.args[0] if self.is_class else t.args
            call = (f"{self.entry} operations {json.dumps(shown)}" if self.is_class
                    else f"{self.entry}({', '.join(json.dumps(a) for a in shown)})")
            out.append((t.name, call, json.dumps(t.expected), t.explanation or ""))
        return out

    def examples_text(self) -> str:
        """The sample tests written as examples for the statement."""
        lines = []
        for name, call, expected, why in self.examples():
            lines.append(f"{name}: {call} -> {expected}")
            if why:
                lines.append(f"  {why}")
        return "\n".join(lines)


class _Reader:
    """Typed access to one problem file's table; every error names the file and the field."""

    def __init__(self, path: Path, table: dict[str, Any]) -> None:
        self.path, self.table = path, table

    def fail(self, what: str) -> InputError:
        return InputError(f"coding problem {self.path.name}: {what}",
                          "see drills/coding/README.md for the format")

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = _MISSING, table: dict | None = None) -> Any:
        table = self.table if table is None else table
        if key not in table:
            if default is _MISSING:
                raise self.fail(f"missing field '{key}'")
            return default
        value = table[key]
        if not isinstance(value, kind) or isinstance(value, bool) and kind is int:
            name = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise self.fail(f"field '{key}' must be a {name}, not {type(value).__name__}")
        return value

    def choice(self, key: str, options: tuple[str, ...], default: Any = _MISSING) -> str:
        value = self.get(key, str, default)
        if value not in options:
            raise self.fail(f"field '{key}' is {value!r}; expected one of {', '.join(options)}")
        return value

    def json_or(self, table: dict[str, Any], key: str, where: str) -> Any:
        if f"{key}_json" in table:
            try:
                return json.loads(self.get(f"{key}_json", str, table=table))
            except ValueError as e:
                raise self.fail(f"{where}: '{key}_json' is not valid JSON ({e})") from None
        return table.get(key, _MISSING)

    def tests(self, key: str, need: bool) -> tuple[Test, ...]:
        rows = self.get(key, list)
        if need and not rows:
            raise self.fail(f"'{key}' has no tests")
        out = []
        for n, row in enumerate(rows, 1):
            where = f"{key} #{n}"
            if not isinstance(row, dict):
                raise self.fail(f"{where} must be a table")
            name = self.get("name", str, f"{key} {n}", table=row)
            args = self.json_or(row, "args", where)
            expected = self.json_or(row, "expected", where)
            gen = self.get("gen", str, None, table=row)
            if gen is None and args is _MISSING:
                raise self.fail(f"{where} ({name}) has neither 'args' nor 'gen'")
            if gen is None and not isinstance(args, list):
                raise self.fail(f"{where} ({name}): 'args' must be a list of arguments")
            if gen is None and expected is _MISSING:
                raise self.fail(f"{where} ({name}) has 'args' but no 'expected'")
            if gen is not None:
                try:
                    compile(gen, f"{self.path.name}:{where}", "eval")
                except SyntaxError as e:
                    raise self.fail(f"{where} ({name}): 'gen' is not a Python expression ({e.msg})") from None
            time_ms = self.get("time_ms", int, DEFAULT_TIME_MS, table=row)
            if not 1 <= time_ms <= 10_000:
                raise self.fail(f"{where} ({name}): time_ms must be between 1 and 10000")
            out.append(Test(name, None if args is _MISSING else args, expected, gen,
                            self.get("seed", int, 0, table=row), time_ms,
                            self.get("explanation", str, None, table=row)))
        return tuple(out)

    def code(self, key: str) -> str:
        text = self.get(key, str)
        try:
            compile(text, f"{self.path.name}:{key}", "exec")
        except SyntaxError as e:
            raise self.fail(f"'{key}' does not compile: {e.msg} (line {e.lineno})") from None
        return text


def parse(path: Path) -> Problem:
    """One problem file, validated; :class:`InputError` names the file and what is wrong."""
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"coding problem {path.name}: not valid TOML ({e})", "fix the file") from None
    r = _Reader(path, table)
    pid = r.get("id", str)
    if pid != path.stem:
        raise r.fail(f"id '{pid}' differs from the file name")
    function, class_name = r.get("function", str, None), r.get("class", str, None)
    if (function is None) == (class_name is None):
        raise r.fail("give exactly one of 'function' or 'class'")
    hints = r.get("hints", list)
    if len(hints) != 3 or not all(isinstance(h, str) and h.strip() for h in hints):
        raise r.fail("'hints' must be three non-empty strings (a nudge, a direction, the key idea)")
    followups = []
    for row in r.get("followups", list):
        if not isinstance(row, dict):
            raise r.fail("each followup must be a table with 'kind' and 'question'")
        kind = r.get("kind", str, table=row)
        if kind not in FOLLOWUP_KINDS:
            raise r.fail(f"followup kind {kind!r}; expected one of {', '.join(FOLLOWUP_KINDS)}")
        question = r.get("question", str, table=row).strip()
        if kind == "edge_cases" and not question.endswith("?"):  # the cases listed after it gave them away
            raise r.fail("the edge_cases followup must end with its question mark (the cases go in 'expect')")
        followups.append(Followup(kind, question, r.get("expect", str, "", table=row)))
    missing = set(FOLLOWUP_KINDS) - {f.kind for f in followups}
    if missing:
        raise r.fail(f"followups miss the kinds {', '.join(sorted(missing))}")
    complexity = r.get("complexity", dict)
    constraints = r.get("constraints", list)
    if not all(isinstance(c, str) for c in constraints):
        raise r.fail("'constraints' must be a list of strings")
    arg_kinds = r.get("arg_kinds", list, [])
    if any(k not in ("tree", "value") for k in arg_kinds):
        raise r.fail("'arg_kinds' entries must be 'tree' or 'value'")
    returns = r.get("returns", str, None)
    if returns not in (None, "tree"):
        raise r.fail("'returns' must be 'tree' when given")
    hidden = r.tests("hidden", need=True)
    if not any(t.gen for t in hidden):
        raise r.fail("'hidden' needs at least one generated large test ('gen') with a time budget")
    return Problem(
        id=pid, title=r.get("title", str), topic=r.choice("topic", TOPICS),
        difficulty=r.choice("difficulty", DIFFICULTIES), statement=r.get("statement", str),
        constraints=tuple(constraints), time_complexity=r.get("time", str, table=complexity),
        space_complexity=r.get("space", str, table=complexity), hints=tuple(hints),  # type: ignore[arg-type]
        followups=tuple(followups), starter=r.code("starter"), reference=r.code("reference"),
        wrong=r.code("wrong"), samples=r.tests("samples", need=True), hidden=hidden, function=function,
        class_name=class_name, compare=r.choice("compare", COMPARES, "exact"), arg_kinds=tuple(arg_kinds),
        returns=returns,
    )


def load_dir(folder: Path) -> dict[str, Problem]:
    problems = {}
    for path in sorted(folder.glob("*.toml")):
        problem = parse(path)
        problems[problem.id] = problem
    return problems


@lru_cache(maxsize=1)
def problems() -> dict[str, Problem]:
    """Every problem of the bank shipped with icraft, by id (validated)."""
    from icraft.resources import drills_dir

    return load_dir(drills_dir() / "coding")


def get(problem_id: str) -> Problem:
    bank = problems()
    if problem_id in bank:
        return bank[problem_id]
    import difflib

    close = difflib.get_close_matches(problem_id, list(bank), n=1)
    hint = f"did you mean {close[0]}?" if close else "list them with: icraft code list"
    raise NotFoundError(f"no coding problem '{problem_id}'", hint)
