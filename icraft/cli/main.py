"""The icraft command: assembles one module per command and owns the error boundary.

Every command module exposes ``register(app)``. Modules import only Typer and
icraft's light modules at top level; Rich, Textual, numpy and provider SDKs are
imported inside the commands that use them, so start-up stays fast. Even the
command modules load lazily (``icraft.cli.lazy``): ``COMMANDS`` below names each
command's module and one-line help, and a module is imported only when its
command runs or its own ``--help`` is asked.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from icraft import __version__
from icraft.cli.lazy import LazyCommand, LazyGroup
from icraft.core.errors import ExitCode, IcraftError

# Every command: name -> (module in icraft.cli exposing register(app), the one line
# `icraft --help` shows, at most 60 characters so it fits one line at 80 columns).
# The order is the order of --help: the practice loop first, then records, data,
# providers and settings. The command itself must use the same text as its
# short_help: tests/test_cli_lazy.py checks both directions.
COMMANDS: dict[str, LazyCommand] = {
    "interview": LazyCommand("interview_cmd", "Run a mock interview in the terminal, offline by default."),
    "negotiate": LazyCommand("negotiate_cmd", "Negotiate an offer with a recruiter who has a hidden budget."),
    "lint": LazyCommand("lint_cmd", "Lint answers against the rubric, with evidence and fixes."),
    "diff": LazyCommand("diff_cmd", "Three better versions of an answer, with real score gains."),
    "rewind": LazyCommand("rewind_cmd", "Re-answer your weakest answer and see the delta at once."),
    "drill": LazyCommand("drill_cmd", "Answer focused questions for your weakest, most due skills."),
    "cue": LazyCommand("cue_cmd", "Rehearsal cards from your own prepared answers."),
    "code": LazyCommand("code_cmd", "Practise live coding; your code runs in a sandbox."),
    "plan": LazyCommand("plan_cmd", "Which skills to drill now, and with which questions."),
    "jd": LazyCommand("jd_cmd", "Analyse a job posting: requirements, quotes, focus skills."),
    "skills": LazyCommand("skills_cmd", "Every microskill with its score, trend and due date."),
    "dashboard": LazyCommand("dashboard_cmd", "Skills, drills, sessions and delivery trends on one screen."),
    "sessions": LazyCommand("sessions_cmd", "List, read, export, correct and delete stored sessions."),
    "stories": LazyCommand("stories_cmd", "Your STAR stories: retellings, competencies, overuse."),
    "memory": LazyCommand("memory_cmd", "What the interviewer remembers about you across sessions."),
    "transcript": LazyCommand("transcript_cmd", "Show transcripts and convert them between formats."),
    "rules": LazyCommand("rules_cmd", "List the lint rules, or show one rule's documentation."),
    "providers": LazyCommand("providers_cmd", "List the model and speech providers, and which are ready."),
    "keys": LazyCommand("keys_cmd", "Store, list and remove API keys for the providers."),
    "usage": LazyCommand("usage_cmd", "Tokens and cost of every model call, per day and provider."),
    "devices": LazyCommand("devices_cmd", "List audio input and output devices."),
    "config": LazyCommand("config_cmd", "Show and change settings (config file, ICRAFT_* variables)."),
    "doctor": LazyCommand("doctor_cmd", "Check the database, config, audio and extras; say the fix."),
}

# The modules behind the commands, for code that wants to import them all.
COMMAND_MODULES: list[str] = list(dict.fromkeys(entry.module for entry in COMMANDS.values()))


class IcraftGroup(LazyGroup):
    table = COMMANDS


app = typer.Typer(
    name="icraft",
    help=(
        "Deliberate practice for tech interviews: lint an answer with evidence, see three "
        "better versions, rewind and re-answer, and let the skill graph plan your next drill. "
        "Works offline with no API keys."
    ),
    no_args_is_help=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 120},
    cls=IcraftGroup,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"icraft {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """icraft: practise interviews, see exactly what broke, fix it, repeat."""
    _connect_usage_ledger()
    if ctx.invoked_subcommand is not None:
        return
    if sys.stdin.isatty() and sys.stdout.isatty():  # only then is the dashboard module imported
        dashboard = ctx.command.get_command(ctx, "dashboard")  # type: ignore[attr-defined]
        ctx.invoke(dashboard.callback)
        return
    typer.echo(ctx.get_help())


def _connect_usage_ledger() -> None:
    """Every model call a command makes goes to the database's usage ledger: the providers
    report calls to the usage sink (icraft.core.usage), this front end sets where they go."""
    from icraft.core import usage

    usage.set_sink(_record_call)


def _record_call(call: object, **where: object) -> object:
    from icraft.store.usage import record_call  # only when a model is called

    return record_call(call, **where)  # type: ignore[arg-type]


def _print_error(prefix: str, message: str) -> None:
    # One line, plain text: error output must work even when Rich is broken.
    sys.stderr.write(f"icraft: {prefix}{message}\n")


def _environment_fault(e: Exception) -> IcraftError | None:
    """The EnvironmentFault a filesystem or SQLite error stands for (disk full, read-only,
    file size limit, damaged database), None for a bug. Light: imports only on an error."""
    if isinstance(e, OSError):
        from icraft.core.errors import os_fault

        return os_fault(e)
    sqlite3 = sys.modules.get("sqlite3")
    if sqlite3 is not None and isinstance(e, sqlite3.Error):
        from icraft.store.db import fault

        return fault(e)
    return None


def run(argv: list[str] | None = None) -> None:
    """Console-script entry point: the single error boundary. ``argv``: the arguments
    after the program name (default ``sys.argv[1:]``; tests run commands in-process).

    Typer runs in non-standalone mode so that usage errors (unknown option, bad
    value, missing argument) come back here and print as one line, like every
    other error, instead of Click's multi-line box.
    """
    debug = os.environ.get("ICRAFT_DEBUG", "") not in ("", "0")
    try:
        rv = app(args=argv, standalone_mode=False, prog_name="icraft")
    except typer.exceptions.TyperException as e:  # Click's usage/parameter errors
        from typer._click.exceptions import NoArgsIsHelpError  # Typer's vendored Click

        if isinstance(e, NoArgsIsHelpError):  # `icraft config` alone: its help, as Click prints it
            sys.stderr.write(e.format_message() + "\n")
        else:
            from icraft.cli.usage_errors import usage_line  # only when there is a usage error

            _print_error("error: ", usage_line(e, sys.argv[1:] if argv is None else argv))
        sys.exit(int(getattr(e, "exit_code", ExitCode.USAGE)))
    except typer.Abort:  # Ctrl-D / Ctrl-C at a prompt
        _print_error("", "interrupted")
        sys.exit(int(ExitCode.INTERRUPTED))
    except IcraftError as e:
        if debug:
            raise
        _print_error("error: ", str(e).replace("\n", " "))
        sys.exit(int(e.exit_code))
    except KeyboardInterrupt:
        _print_error("", "interrupted")
        sys.exit(int(ExitCode.INTERRUPTED))
    except BrokenPipeError:
        # stdout closed early (e.g. `icraft lint ... | head`): not an error.
        try:
            sys.stdout = open(os.devnull, "w")
        finally:
            sys.exit(int(ExitCode.OK))
    except Exception as e:  # the machine's fault (disk full, read-only...) or a bug: one line
        if debug:
            raise
        fault = _environment_fault(e)
        if fault is not None:
            _print_error("error: ", str(fault).replace("\n", " "))
            sys.exit(int(fault.exit_code))
        _print_error(
            "internal error: ",
            f"{type(e).__name__}: {e} (rerun with ICRAFT_DEBUG=1 for the traceback and please report it)",
        )
        sys.exit(int(ExitCode.INTERNAL))
    # Non-standalone Typer returns the exit code of typer.Exit (help, --version, 130
    # after Ctrl-C inside a command) or the command's return value (None: success).
    sys.exit(rv if isinstance(rv, int) else int(ExitCode.OK))


if __name__ == "__main__":
    run()
