"""One command line: every command that prints data takes --json and --format json
(tests walk the real command tree, so a new command cannot forget them)."""

from __future__ import annotations

import json
from typing import Any

import pytest
import typer.main

# Commands that print no data (or whose output is not a report), and why.
NO_DATA: dict[str, str] = {
    "icraft dashboard": "a full-screen UI; `icraft skills --json` and `icraft plan --json` are its data",
    "icraft config set": "changes a setting; says so on stderr",
    "icraft config unset": "changes a setting; says so on stderr",
    "icraft keys set": "stores a key; says so on stderr",
    "icraft keys remove": "forgets a key; says so on stderr",
    "icraft sessions delete": "deletes a session; says so on stderr",
    "icraft transcript convert": "writes the format --to names (`--to json` is its JSON)",
}


def _walk() -> list[tuple[str, Any]]:
    """(path, Click command) for every command and subcommand, and for every group that
    runs on its own (`icraft sessions`, `icraft memory`)."""
    from icraft.cli.main import app

    root = typer.main.get_command(app)
    found: list[tuple[str, Any]] = []

    def visit(path: str, command: Any) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands is None or getattr(command, "invoke_without_command", False):
            found.append((path, command))
        for name in sorted(subcommands or {}):
            visit(f"{path} {name}", subcommands[name])

    for name in root.list_commands(None):
        visit(f"icraft {name}", root.get_command(None, name))
    return found


COMMANDS = _walk()


def _option(command: Any, name: str) -> Any:
    return next((p for p in command.params if name in getattr(p, "opts", ())), None)


def test_the_walk_sees_every_command() -> None:
    paths = {p for p, _ in COMMANDS}
    assert {"icraft lint", "icraft sessions", "icraft sessions show", "icraft memory show",
            "icraft keys list", "icraft config show"} <= paths
    assert set(NO_DATA) <= paths, "NO_DATA names a command that does not exist"


@pytest.mark.parametrize("path,command", [c for c in COMMANDS if c[0] not in NO_DATA], ids=lambda v: v
                         if isinstance(v, str) else "")
def test_every_data_command_takes_json_and_format_json(path: str, command: Any) -> None:
    flag = _option(command, "--json")
    assert flag is not None and flag.is_flag, f"`{path}` prints data: give it --json (icraft.cli.options.JsonFlag)"
    fmt = _option(command, "--format")
    assert fmt is not None, f"`{path}`: --format json must work too (icraft.cli.options.JsonFormat)"
    assert "-f" in fmt.opts
    kind = getattr(fmt, "type_descriptor", None) or fmt.type  # Typer 0.29+ / before it
    choices = [getattr(c, "value", c) for c in kind.choices or ()]
    assert "json" in choices, f"`{path} --format` does not accept json: {choices}"


def test_format_is_shown_only_where_there_are_several_formats() -> None:
    shown = {path for path, command in COMMANDS
             if (fmt := _option(command, "--format")) is not None and not fmt.hidden}
    assert shown == {"icraft lint", "icraft diff", "icraft sessions export"}


@pytest.mark.parametrize("args", [["rules"], ["skills"], ["sessions"], ["config", "show"], ["memory"]])
def test_format_json_prints_what_json_prints(cli, args: list[str]) -> None:
    a, b = cli(*args, "--json"), cli(*args, "--format", "json")
    assert a.returncode == b.returncode == 0, a.stderr + b.stderr
    first, second = json.loads(a.stdout), json.loads(b.stdout)
    for doc in (first, second):  # a time stamp is the only thing allowed to move
        if isinstance(doc, dict):
            doc.pop("updated_at", None)
    assert first == second


def test_json_is_format_json_on_multi_format_commands(cli, tmp_path) -> None:
    answer = tmp_path / "a.txt"
    answer.write_text("Q: Tell me about a conflict.\nA: We fixed it and it was fine.\n")
    lint = cli("lint", str(answer), "--json", "--no-save")
    assert lint.returncode == 0, lint.stderr
    assert json.loads(lint.stdout)["schema"] == "icraft.lint"
    diff = cli("diff", str(answer), "--json")
    assert diff.returncode == 0, diff.stderr
    assert len(json.loads(diff.stdout)["versions"]) == 3


def test_json_and_another_format_is_one_clear_error(cli, tmp_path) -> None:
    answer = tmp_path / "a.txt"
    answer.write_text("Q: Why?\nA: Because.\n")
    r = cli("lint", str(answer), "--json", "--format", "sarif", "--no-save")
    assert r.returncode == 2
    assert r.stderr == "icraft: error: --json and --format sarif ask for different outputs (pass only one of them)\n"
    assert r.stdout == ""


def test_sessions_export_takes_json(cli, tmp_path) -> None:
    answer = tmp_path / "a.txt"
    answer.write_text("Q: Why?\nA: Because we shipped it in a week.\n")
    assert cli("lint", str(answer)).returncode == 0
    sid = json.loads(cli("sessions", "--json").stdout)[0]["id"]
    a, b = cli("sessions", "export", sid, "--json"), cli("sessions", "export", sid)
    assert a.returncode == 0 and a.stdout == b.stdout and json.loads(a.stdout)["turns"]
