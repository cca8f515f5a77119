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


def test_internal_error_is_one_line_and_debug_shows_traceback(cli, icraft_home) -> None:
    # a config path that is a directory makes reading it fail in an unexpected way
    bad = icraft_home / "cfgdir"
    bad.mkdir(parents=True)
    r = cli("config", "show", env={"ICRAFT_CONFIG": str(bad)})
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert r.stderr.count("\n") == 1
    r = cli("config", "show", env={"ICRAFT_CONFIG": str(bad), "ICRAFT_DEBUG": "1"})
    assert "Traceback" in r.stderr


def test_no_color_is_respected(cli) -> None:
    import re

    colour = re.compile(r"\x1b\[[0-9;]*m")
    forced = cli("--help", env={"FORCE_COLOR": "1", "TERM": "xterm-256color"})
    assert colour.search(forced.stdout), "FORCE_COLOR should colour the help (control for the NO_COLOR check)"
    plain = cli("--help", env={"FORCE_COLOR": "1", "NO_COLOR": "1", "TERM": "xterm-256color"})
    assert not re.search(r"\x1b\[[0-9;]*3[0-9]", plain.stdout)
