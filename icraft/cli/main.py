"""The icraft command: assembles one module per command and owns the error boundary.

Every command module exposes ``register(app)``. Modules import only Typer and
icraft's light modules at top level; Rich, Textual, numpy and provider SDKs are
imported inside the commands that use them, so start-up stays fast.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Annotated

import typer

from icraft import __version__
from icraft.core.errors import ExitCode, IcraftError

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
)

# One module per command (or command group), registered in this order in --help.
COMMAND_MODULES: list[str] = [
    # the practice loop first, then records, data, providers and settings
    "interview_cmd",
    "lint_cmd",
    "diff_cmd",
    "rewind_cmd",
    "drill_cmd",
    "plan_cmd",
    "skills_cmd",
    "dashboard_cmd",
    "sessions_cmd",
    "memory_cmd",
    "transcript_cmd",
    "rules_cmd",
    "providers_cmd",
    "keys_cmd",
    "usage_cmd",
    "devices_cmd",
    "config_cmd",
]


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
    if ctx.invoked_subcommand is not None:
        return
    dashboard = ctx.command.get_command(ctx, "dashboard") if hasattr(ctx.command, "get_command") else None
    if dashboard is not None and sys.stdin.isatty() and sys.stdout.isatty():
        ctx.invoke(dashboard.callback)  # type: ignore[union-attr]
        return
    typer.echo(ctx.get_help())


for _name in COMMAND_MODULES:
    importlib.import_module(f"icraft.cli.{_name}").register(app)


def _print_error(prefix: str, message: str) -> None:
    # One line, plain text: error output must work even when Rich is broken.
    sys.stderr.write(f"icraft: {prefix}{message}\n")


def _usage_line(e: typer.exceptions.TyperException) -> str:
    """Click's usage error as one line that names the help to read."""
    message = " ".join(e.format_message().split())  # type: ignore[attr-defined]
    ctx = getattr(e, "ctx", None)
    where = f"`{ctx.command_path} --help`" if ctx is not None else "`icraft --help`"
    return f"{message} (see {where})"


def run() -> None:
    """Console-script entry point: the single error boundary.

    Typer runs in non-standalone mode so that usage errors (unknown option, bad
    value, missing argument) come back here and print as one line, like every
    other error, instead of Click's multi-line box.
    """
    debug = os.environ.get("ICRAFT_DEBUG", "") not in ("", "0")
    try:
        rv = app(standalone_mode=False, prog_name="icraft")
    except typer.exceptions.TyperException as e:  # Click's usage/parameter errors
        _print_error("error: ", _usage_line(e))
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
    except Exception as e:  # a bug: say so in one line, traceback only on request
        if debug:
            raise
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
