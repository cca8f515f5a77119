"""Hints name options that exist. Every `icraft COMMAND ... --option` written in the
code's strings (errors, hints, help) and in the docs is checked against the real
command tree, and every bare `--option` hint against all commands: `--tts none` was
suggested for months while no command had --tts."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import typer.main

REPO = Path(__file__).resolve().parent.parent
BACKTICKED = re.compile(r"`([^`\n]+)`")
OPTION = re.compile(r"^--?[a-zA-Z][\w-]*")


def _code_strings(path: Path) -> list[str]:
    """The string literals of a module (implicit concatenations joined; an f-string's
    fields written as {field}); comments are not strings."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            out.append(node.value)
        elif isinstance(node, ast.JoinedStr):
            out.append("".join(v.value if isinstance(v, ast.Constant) else "{field}" for v in node.values))
    return out


def _doc_mentions(path: Path) -> list[str]:
    """Backticked spans of a Markdown file, and the command lines of its code blocks."""
    text = path.read_text(encoding="utf-8")
    found = BACKTICKED.findall(text.replace("```", "\n"))
    for block in re.findall(r"```[^\n]*\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            line = line.strip().removeprefix("$ ")
            if line.startswith("icraft "):
                found.append(line.split("  #")[0])
    return found


def _mentions() -> list[tuple[str, str]]:
    """(where, mention) for every backticked or code-block mention."""
    found = []
    for path in sorted((REPO / "icraft").rglob("*.py")):
        for s in _code_strings(path):
            found += [(str(path.relative_to(REPO)), m) for m in BACKTICKED.findall(s)]
    for path in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        found += [(str(path.relative_to(REPO)), m) for m in _doc_mentions(path)]
    return found


def _tree() -> Any:
    from icraft.cli.main import app

    return typer.main.get_command(app)


def _options(command: Any) -> set[str]:
    names = {"--help", "-h"}
    for p in command.params:
        names.update(getattr(p, "opts", ()))
        names.update(getattr(p, "secondary_opts", ()))
    return names


def _all_options(root: Any) -> set[str]:
    names = _options(root)
    stack = [root.get_command(None, n) for n in root.list_commands(None)]
    while stack:
        command = stack.pop()
        names |= _options(command)
        stack += list(getattr(command, "commands", {}).values())
    return names


def _words(mention: str) -> list[str]:
    """The words of a command line, brackets and alternatives taken apart."""
    return [w for part in re.split(r"[\s\[\]|]+", mention) for w in part.split("/") if w]


def _check(mention: str, root: Any, everywhere: set[str]) -> list[str]:
    """The options a mention names that do not exist where it puts them."""
    words = _words(mention)
    if not words:
        return []
    if words[0] != "icraft":  # a bare `--option value` hint: it must exist on some command
        return [words[0]] if mention.startswith("--") and OPTION.match(words[0]) and words[0] not in everywhere else []
    if len(words) > 1 and "{" in words[1]:  # `icraft {command} --continue ID`: any mode's command
        return [m.group(0) for w in words[2:] if (m := OPTION.match(w)) and m.group(0) not in everywhere]
    command, allowed = root, _options(root)
    for w in words[1:]:
        sub = getattr(command, "commands", None)
        if sub is not None and not w.startswith("-"):
            nxt = command.get_command(None, w) if command is root else sub.get(w)
            if nxt is not None:
                command = nxt
                allowed |= _options(command)  # a group's own options stay valid before its subcommand
                continue
    bad = []
    for w in words[1:]:
        m = OPTION.match(w)
        if m and "{" not in w and m.group(0) not in allowed:
            bad.append(m.group(0))
    return bad


def test_every_hint_names_options_that_exist():
    root = _tree()
    everywhere = _all_options(root)
    mentions = _mentions()
    assert len(mentions) > 100  # the extraction works: code strings and docs both seen
    assert any(m.startswith("icraft drill --skill") for _, m in mentions)
    wrong = sorted({f"{where}: `{m}` ({', '.join(bad)})" for where, m in mentions
                    if (bad := _check(m, root, everywhere))})
    assert wrong == [], "\n".join(wrong)


def test_the_checker_catches_a_missing_option():
    root = _tree()
    everywhere = _all_options(root)
    assert _check("--tts none", root, everywhere) == ["--tts"]
    assert _check("icraft interview --tts none", root, everywhere) == ["--tts"]
    assert _check("icraft drill --skill ID --count 1", root, everywhere) == []
    assert _check("icraft sessions export ID --json", root, everywhere) == []
    assert _check("icraft sessions export ID --check", root, everywhere) == ["--check"]
    assert _check("icraft lint --rules/--ignore", root, everywhere) == []
