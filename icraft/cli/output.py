"""Terminal output. stdout carries data (tables, JSON); stderr carries diagnostics.

Rich is imported on first use, never at CLI start-up, so `icraft --help` and the
JSON paths stay fast. NO_COLOR (https://no-color.org) is honoured by Rich itself;
the `ui.color = false` setting does the same from the config file.
"""

from __future__ import annotations

import json
import os
import sys
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


def _color_disabled() -> bool:
    if os.environ.get("NO_COLOR"):
        return True
    from icraft import config
    from icraft.core.errors import ConfigError

    try:
        return not config.get("ui.color")
    except ConfigError:  # a broken config file (unreadable, bad TOML, bad value) must not break error output
        return False


def _quiet_exit_on_broken_pipe() -> None:
    """The reader went away (`icraft plan | head -1`): stop writing and exit 0.

    Rich's default raises SystemExit(1), which made a successful command look failed.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    raise SystemExit(0)


@lru_cache(maxsize=None)
def console() -> Console:
    from rich.console import Console

    out = Console(no_color=_color_disabled() or None, highlight=False, soft_wrap=False)
    out.on_broken_pipe = _quiet_exit_on_broken_pipe  # type: ignore[method-assign]
    return out


@lru_cache(maxsize=None)
def err_console() -> Console:
    from rich.console import Console

    err = Console(stderr=True, no_color=_color_disabled() or None, highlight=False, soft_wrap=True)
    err.on_broken_pipe = _stderr_gone  # type: ignore[method-assign]  # Rich's default exits 1 and closes stdout
    return err


def echo(text: str) -> None:
    """A line of data on stdout, as ``typer.echo`` writes it, but ending quietly with 0
    when the reader has gone (`icraft config get llm.provider | true`): Click turns that
    broken pipe into exit 1."""
    try:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_exit_on_broken_pipe()


def print_json(data: Any) -> None:
    """Machine output: plain JSON on stdout, no colour, no wrapping."""
    echo(json.dumps(data, indent=2, ensure_ascii=False))


def _stderr_gone() -> None:
    """The reader of stderr went away (`icraft lint dir 2>&1 | head -1`): later
    diagnostics go to /dev/null and the command carries on to its own exit code.

    Unlike a closed stdout (the data's reader is done: exit 0 at once), a closed
    stderr must not turn a failure into success: `icraft lint dir 2>&1 >out | head -1`
    still exits 2 when files could not be linted. When stdout is the same pipe, the
    next data written ends the command quietly with 0 as above."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stderr.fileno())
    os.close(devnull)


def notice(message: str) -> None:
    """A one-line diagnostic on stderr (not data). Never wrapped: scripts grep it."""
    try:
        sys.stderr.write(message.replace("\n", " ") + "\n")
        sys.stderr.flush()
    except BrokenPipeError:
        _stderr_gone()


def is_interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()
