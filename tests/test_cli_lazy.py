"""The lazily loaded command group (icraft/cli/lazy.py): `icraft --help` lists every
command from the static table in cli/main.py without importing a command module,
and that table cannot drift from the real commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import typer.main

from icraft.cli.lazy import PACKAGE, load_command
from icraft.cli.main import COMMANDS

CLI_DIR = Path(__file__).resolve().parent.parent / "icraft" / "cli"

# Click's command list at 80 columns: 78 wide, two spaces of indent, the longest name, two spaces.
HELP_WIDTH = 78


def _registered(module: str) -> dict[str, object]:
    """Every command the module's register(app) adds, by name."""
    import importlib

    holder = typer.Typer(rich_markup_mode=None, add_completion=False)
    importlib.import_module(f"{PACKAGE}.{module}").register(holder)
    return dict(typer.main.get_group(holder).commands)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_table_entry_matches_the_real_command(name: str) -> None:
    entry = COMMANDS[name]
    command = load_command(entry.module, name)
    assert command.name == name and not command.hidden
    # the line the real command would show in any list, with no length limit
    assert command.get_short_help_str(limit=10**6) == entry.short_help, (
        f"the short help of `icraft {name}` and its COMMANDS entry in cli/main.py differ"
    )


def test_every_command_module_is_in_the_table_with_all_its_commands() -> None:
    modules = sorted(p.stem for p in CLI_DIR.glob("*_cmd.py"))
    in_table = {entry.module for entry in COMMANDS.values()}
    assert [m for m in modules if m not in in_table] == [], "add the module's commands to COMMANDS in cli/main.py"
    for module in modules:
        expected = {name for name, entry in COMMANDS.items() if entry.module == module}
        assert set(_registered(module)) == expected, module


def test_load_command_names_a_wrong_table_entry() -> None:
    with pytest.raises(LookupError, match="drill_cmd.register\\(\\) added no command named 'drills'"):
        load_command("drill_cmd", "drills")


def test_help_lists_every_command_on_one_line_at_80_columns(cli) -> None:
    r = cli("--help", env={"COLUMNS": "80"})
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    rows = lines[lines.index("Commands:") + 1:]
    assert all(len(line) <= HELP_WIDTH for line in rows), rows
    assert not any("..." in line for line in rows), rows
    # one row per command, in the table's order, each with its whole short help
    assert [line.split()[0] for line in rows] == list(COMMANDS), rows
    for line, (name, entry) in zip(rows, COMMANDS.items()):
        assert line.split(None, 1)[1] == entry.short_help, line


def _modules_loaded(argv: list[str], env: dict[str, str] | None = None) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run the CLI in a fresh interpreter; report which command modules it imported."""
    code = (
        "import atexit, json, sys\n"
        "atexit.register(lambda: sys.stderr.write('\\nLOADED ' + json.dumps(sorted("
        "m.rsplit('.', 1)[1] for m in sys.modules if m.startswith('icraft.cli.') and m.endswith('_cmd')))))\n"
        f"sys.argv = {['icraft', *argv]!r}\n"
        "from icraft.cli.main import run\n"
        "run()\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
        env={**os.environ, "COLUMNS": "80", **(env or {})},
    )
    marker = r.stderr.rindex("LOADED ")
    return r, json.loads(r.stderr[marker + len("LOADED "):])


def test_help_and_version_import_no_command_module() -> None:
    for argv in (["--help"], ["--version"], []):
        r, loaded = _modules_loaded(argv)
        assert r.returncode == 0 and loaded == [], (argv, loaded)
        assert "icraft" in r.stdout


def test_a_command_imports_only_its_own_module() -> None:
    r, loaded = _modules_loaded(["drill", "--help"])
    assert r.returncode == 0 and "icraft drill" in r.stdout
    assert loaded == ["drill_cmd"]
    r, loaded = _modules_loaded(["config", "path"])
    assert r.returncode == 0 and r.stdout.strip().endswith(".toml")
    assert loaded == ["config_cmd"]


def test_completion_of_command_names_uses_the_table() -> None:
    r, loaded = _modules_loaded([], env={"_ICRAFT_COMPLETE": "complete_bash", "COMP_WORDS": "icraft dr", "COMP_CWORD": "1"})
    assert r.returncode == 0 and r.stdout.split() == ["drill"]
    assert loaded == []
    r, loaded = _modules_loaded([], env={"_ICRAFT_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "icraft d"})
    assert r.returncode == 0
    for name in ("diff", "drill", "dashboard", "devices"):
        # zsh shows the whole one-line help beside each name (Click's default cut it at 45)
        assert f'"{name}":"{COMMANDS[name].short_help}' in r.stdout.replace("''", "'"), r.stdout
    assert loaded == []


def test_completion_inside_a_command_loads_it() -> None:
    r, loaded = _modules_loaded([], env={"_ICRAFT_COMPLETE": "complete_bash", "COMP_WORDS": "icraft drill --sk",
                                         "COMP_CWORD": "2"})
    assert r.returncode == 0 and r.stdout.split() == ["--skill"]
    assert loaded == ["drill_cmd"]
    r, _ = _modules_loaded([], env={"_ICRAFT_COMPLETE": "complete_bash", "COMP_WORDS": "icraft config s",
                                    "COMP_CWORD": "2"})
    assert sorted(r.stdout.split()) == ["set", "show"]


def _complete(words: str) -> list[str]:
    r, _ = _modules_loaded([], env={"_ICRAFT_COMPLETE": "complete_bash", "COMP_WORDS": words,
                                    "COMP_CWORD": str(len(words.split()) - (not words.endswith(" ")))})
    assert r.returncode == 0, r.stderr
    return r.stdout.split()


def test_completion_of_option_values_and_ids(db, icraft_home) -> None:
    """`icraft interview --type <TAB>` and `icraft code show tw<TAB>` completed nothing:
    enumerated values, problem and scenario ids, and the store's session ids do."""
    from icraft.coding import bank
    from icraft.content.bank import INTERVIEW_CHOICES, LEVELS
    from icraft.negotiation import scenario

    assert _complete("icraft interview --type ") == [*INTERVIEW_CHOICES, "coding"]
    assert _complete("icraft interview --level s") == [lv for lv in LEVELS if lv.startswith("s")]
    assert _complete("icraft drill --role s") == ["sre"]
    assert _complete("icraft code show tw") == sorted(p for p in bank.problems() if p.startswith("tw"))
    assert _complete("icraft negotiate --scenario ") == [s.id for s in scenario.load_all()]
    assert _complete("icraft lint --from v") == ["vtt"]
    assert _complete("icraft sessions show ") == []  # no session stored yet
    db.close()
    from icraft.core.transcript import CANDIDATE, INTERVIEWER, Transcript, Turn
    from icraft.practice.record import save_report
    from icraft.rubric import lint_transcript
    from icraft.store import connect

    conn = connect()
    t = Transcript((Turn.from_text(INTERVIEWER, "Tell me about a conflict."),
                    Turn.from_text(CANDIDATE, "I disagreed with my lead about a rollout and we agreed on a pilot.")))
    sids = [save_report(conn, t, lint_transcript(t), kind="lint", source=f"{n}.txt") for n in range(2)]
    conn.close()
    assert sorted(_complete("icraft sessions show ")) == sorted(sids)
    assert _complete(f"icraft sessions export {sids[0][:6]}") == [sids[0]]
    assert _complete("icraft interview --continue ") == []  # no interview to continue
    assert sorted(_complete("icraft rewind ")) == sorted(sids) and _complete(f"icraft diff {sids[1][:5]}") == [sids[1]]
    assert _complete("icraft diff ./ans") == []  # a path: the shell completes file names (complete -o default)


def test_unknown_command_suggests_a_command_not_yet_loaded(cli) -> None:
    r = cli("drll")
    assert r.returncode == 2
    assert r.stderr == "icraft: error: unknown command 'drll'; did you mean 'drill'? (see `icraft --help`)\n"


def test_group_without_a_subcommand_prints_its_help_exit_2(cli) -> None:
    r = cli("config")
    assert r.returncode == 2 and r.stdout == ""
    lines = r.stderr.splitlines()
    # Click's help as it prints it, not squashed into one error line
    assert lines[0] == "Usage: icraft config [OPTIONS] COMMAND [ARGS]..." and "Commands:" in lines
    assert "icraft: error" not in r.stderr


GROUPS = sorted(name for name, entry in COMMANDS.items() if hasattr(load_command(entry.module, name), "commands"))


def test_groups_are_found() -> None:
    assert {"config", "keys", "sessions", "transcript"} <= set(GROUPS)  # control for the test below


@pytest.mark.parametrize("group", GROUPS)
def test_group_help_lists_subcommands_whole_at_80_columns(cli, group: str) -> None:
    r = cli(group, "--help", env={"COLUMNS": "80"})
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    rows = lines[lines.index("Commands:") + 1:]
    assert rows and all(len(line) <= HELP_WIDTH and "..." not in line for line in rows), rows
    subcommands = load_command(COMMANDS[group].module, group).commands
    assert [line.split()[0] for line in rows] == list(subcommands), rows  # one line each
