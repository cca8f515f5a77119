"""The CLI frame: version, help, error boundary, exit codes, NO_COLOR."""

from __future__ import annotations

from icraft import __version__


def test_version(cli) -> None:
    r = cli("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"icraft {__version__}"


def test_help_lists_commands(cli) -> None:
    r = cli("--help")
    assert r.returncode == 0
    from icraft.cli.main import app

    import typer.main

    group = typer.main.get_command(app)
    for name in group.list_commands(None):  # type: ignore[arg-type]
        assert name in r.stdout


def test_no_args_without_tty_prints_help(cli) -> None:
    r = cli()
    assert r.returncode == 0 and "Usage" in r.stdout


def test_unknown_command_and_option_exit_2(cli) -> None:
    r = cli("frobnicate")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    r = cli("config", "show", "--bogus")
    assert r.returncode == 2 and "--bogus" in r.stderr and "Traceback" not in r.stderr


def test_domain_error_is_one_line_exit_2(cli) -> None:
    r = cli("config", "set", "interview.minutes", "many")
    assert r.returncode == 2
    assert r.stderr.startswith("icraft: error: ") and r.stderr.count("\n") == 1


def test_unreadable_config_is_a_one_line_error(cli, icraft_home) -> None:
    bad = icraft_home / "cfgdir"  # a config path that is a directory
    bad.mkdir(parents=True)
    r = cli("config", "show", env={"ICRAFT_CONFIG": str(bad)})
    assert r.returncode == 2 and r.stderr.startswith("icraft: error: cannot read config file")
    assert r.stderr.count("\n") == 1


def test_internal_error_is_one_line_exit_70_and_debug_shows_traceback() -> None:
    import os
    import subprocess
    import sys

    # a bug inside a command: the boundary in cli/main.py:run must catch what is not an IcraftError
    code = (
        "import sys, icraft.config as c\n"
        "def load(): raise RuntimeError('boom in config')\n"
        "c.load = load\n"
        "sys.argv = ['icraft', 'config', 'show']\n"
        "from icraft.cli.main import run\n"
        "run()\n"
    )
    for debug in ("", "1"):
        env = {**os.environ, "ICRAFT_DEBUG": debug}
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
        if debug:
            assert r.returncode != 0 and "Traceback" in r.stderr and "RuntimeError: boom in config" in r.stderr
        else:
            assert r.returncode == 70, r.stderr
            assert r.stderr.startswith("icraft: internal error: RuntimeError: boom in config (rerun with ICRAFT_DEBUG=1")
            assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


def test_no_color_is_respected(cli) -> None:
    import re

    colour = re.compile(r"\x1b\[[0-9;]*m")
    from tests.conftest import REPO

    args = ("lint", str(REPO / "examples" / "weak_behavioral.txt"), "--no-save")
    forced = cli(*args, env={"FORCE_COLOR": "1", "TERM": "xterm-256color"})
    assert colour.search(forced.stdout), "FORCE_COLOR should colour lint output (control for the NO_COLOR check)"
    plain = cli(*args, env={"FORCE_COLOR": "1", "NO_COLOR": "1", "TERM": "xterm-256color"})
    assert plain.returncode == 0 and "missing_metrics" in plain.stdout
    assert not re.search(r"\x1b\[[0-9;]*3[0-9]", plain.stdout)


def test_output_piped_into_head_exits_0(icraft_home) -> None:
    """A reader that closes the pipe early is not an error (Rich alone exits 1)."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, COLUMNS="120")
    for _ in range(3):  # the race between writer and reader differs per run
        r = subprocess.run(
            f"{sys.executable} -m icraft rules | head -c 10 >/dev/null; echo ${{PIPESTATUS[0]}}",
            shell=True, executable="/bin/bash", capture_output=True, text=True, env=env, timeout=60,
        )
        assert r.stdout.strip() == "0", r.stderr
        assert "Traceback" not in r.stderr


def test_usage_errors_are_one_line_naming_the_help(cli) -> None:
    cases = {
        ("frobnicate",): "`icraft --help`",
        ("config", "show", "--bogus"): "`icraft config show --help`",
        ("config", "get"): "`icraft config get --help`",
    }
    for args, where in cases.items():
        r = cli(*args)
        assert r.returncode == 2, args
        assert r.stderr.startswith("icraft: error: ") and r.stderr.count("\n") == 1, r.stderr
        assert where in r.stderr
