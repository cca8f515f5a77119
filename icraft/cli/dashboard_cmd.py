"""`icraft dashboard`: the Textual dashboard (also what bare `icraft` opens in a terminal)."""

from __future__ import annotations

from typing import Annotated

import typer

from icraft.cli.options import TodayOpt


def dashboard(
    today: TodayOpt = None,
) -> None:
    """Your skills, today's drills, past sessions and delivery trends in one screen.

    Enter on a drill (or a skill) runs it and comes back; Enter on a session opens its findings with quotes; ? lists the keys; q quits. Under 110 columns the panes stack.

    \b
    Examples:
      icraft dashboard   # or just `icraft` in a terminal
      icraft dashboard --today 2026-12-01
    """  # noqa: E501 (one line per paragraph: the help renderer keeps line breaks)
    from icraft.cli.output import is_interactive
    from icraft.core.errors import InputError
    from icraft.skills import parse_date

    day = parse_date(today, "--today")
    if not is_interactive():
        raise InputError(
            "the dashboard needs an interactive terminal",
            "for scripts use `icraft skills --json` or `icraft plan --json`",
        )
    import subprocess

    from icraft.tui.app import build_app

    app = build_app(today=day)
    argv = app.run()
    if app.crash is not None:
        raise app.crash  # one line at the CLI boundary, with its exit code (70 for a bug)
    if argv:
        # The terminal could not be handed over while the app was running: run the drill now.
        raise typer.Exit(subprocess.run(argv, check=False).returncode)


def register(app: typer.Typer) -> None:
    app.command(
        "dashboard", short_help="Skills, drills, sessions and delivery trends on one screen."
    )(dashboard)
