"""Code-quality checks by code: naming, function length, nesting, risky constructs, and
ruff's rules where ruff is installed. Each finding names the line; the score is code's.

The checks read the candidate's code with ``ast`` (never run it). Ruff, when on PATH,
adds its pyflakes/pycodestyle/bugbear findings (``F``, ``E``, ``B``) read from stdin.
"""

from __future__ import annotations

import ast
import builtins
import json
import re
import shutil
import subprocess
from dataclasses import asdict, dataclass

MAX_FUNCTION_LINES = 40
MAX_NESTING = 4
POINTS = 10  # each finding costs this many of 100
SNAKE = re.compile(r"^_{0,2}[a-z][a-z0-9_]*_{0,2}$|^_$")
AMBIGUOUS = {"l", "O", "I"}
SHADOWED = {"list", "dict", "str", "set", "id", "sum", "max", "min", "input", "map", "filter", "type", "len",
            "sorted", "range", "iter", "next", "hash", "all", "any"}


@dataclass(frozen=True)
class QualityFinding:
    check: str
    line: int
    message: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class QualityReport:
    findings: tuple[QualityFinding, ...]
    ruff: bool  # whether ruff's rules were applied

    @property
    def score(self) -> int:
        return max(0, 100 - POINTS * len(self.findings))

    def to_dict(self) -> dict:
        return {"score": self.score, "ruff": self.ruff, "findings": [f.to_dict() for f in self.findings]}


def _depth(node: ast.AST, level: int = 0) -> int:
    blocks = (ast.If, ast.For, ast.While, ast.With, ast.Try, ast.AsyncFor, ast.AsyncWith)
    deepest = level
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue  # a nested function is judged on its own
        deepest = max(deepest, _depth(child, level + isinstance(child, blocks)))
    return deepest


def _names(tree: ast.AST) -> list[tuple[str, int, str]]:
    """(name, line, what) for every name the code defines."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found.append((node.name, node.lineno, "function"))
            found += [(a.arg, node.lineno, "argument") for a in node.args.args + node.args.kwonlyargs]
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            found.append((node.id, node.lineno, "variable"))
    return found


def ast_checks(code: str) -> list[QualityFinding]:
    try:
        tree = ast.parse(code)
    except SyntaxError as e:
        return [QualityFinding("syntax", e.lineno or 0, f"syntax error: {e.msg}")]
    out: list[QualityFinding] = []
    seen: set[tuple[str, str]] = set()
    for name, line, what in _names(tree):
        if (name, what) in seen:
            continue
        seen.add((name, what))
        if name in AMBIGUOUS:
            out.append(QualityFinding("naming", line, f"{what} '{name}' is easy to misread (l, O and I look like 1 and 0)"))
        elif what != "function" and name in SHADOWED and hasattr(builtins, name):
            out.append(QualityFinding("naming", line, f"{what} '{name}' shadows the built-in {name}()"))
        elif not SNAKE.match(name) and not name.isupper():
            out.append(QualityFinding("naming", line, f"{what} '{name}' is not snake_case (PEP 8)"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                out.append(QualityFinding("function-length", node.lineno,
                                          f"{node.name}() is {length} lines; split it (over {MAX_FUNCTION_LINES})"))
            depth = _depth(node)
            if depth > MAX_NESTING:
                out.append(QualityFinding("nesting", node.lineno,
                                          f"{node.name}() nests {depth} blocks deep; return early or extract a helper"))
            for default in node.args.defaults + node.args.kw_defaults:
                if isinstance(default, (ast.List, ast.Dict, ast.Set)):
                    out.append(QualityFinding("mutable-default", node.lineno,
                                              f"{node.name}() has a mutable default argument (shared between calls)"))
        elif isinstance(node, ast.ExceptHandler) and node.type is None:
            out.append(QualityFinding("bare-except", node.lineno, "bare except: catches KeyboardInterrupt too"))
        elif isinstance(node, ast.Global):
            out.append(QualityFinding("global", node.lineno, f"global {', '.join(node.names)}: pass state explicitly"))
    return out


def ruff_checks(code: str) -> list[QualityFinding] | None:
    """Ruff's findings (rules F, E, B), or None when ruff is not installed."""
    ruff = shutil.which("ruff")
    if ruff is None:
        return None
    try:
        done = subprocess.run([ruff, "check", "--select", "F,E,B", "--output-format", "json", "--stdin-filename",
                               "solution.py", "--no-cache", "-"], input=code, capture_output=True, text=True, timeout=20)
        rows = json.loads(done.stdout or "[]")
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    return [QualityFinding(f"ruff {r.get('code')}", int((r.get("location") or {}).get("row", 0)), str(r.get("message")))
            for r in rows if r.get("code") != "E501"]


def check(code: str) -> QualityReport:
    findings = ast_checks(code)
    ruff = ruff_checks(code)
    if ruff:
        have = {(f.line, f.message) for f in findings}
        findings += [f for f in ruff if (f.line, f.message) not in have]
    return QualityReport(tuple(sorted(findings, key=lambda f: (f.line, f.check))), ruff is not None)
