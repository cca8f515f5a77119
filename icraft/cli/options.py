"""Options shared by several commands, as Annotated aliases (one definition each).

Asking for JSON is the same everywhere: every command that prints data takes
``--json``. ``--format`` (``-f``) is shown where there are several formats (lint:
human/json/sarif; diff: human/json; sessions export: json/md/vtt), and ``--json`` is
accepted there as ``--format json``. The other data commands accept ``--format json``
(and ``--format human``) too, as a hidden alias of ``--json``, so a script written
for one command works on the next. ``tests/test_cli_consistency.py`` walks the whole
command tree and checks that every data command has both.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional, TypeVar

import typer


class OutputFormat(str, Enum):
    human = "human"
    json = "json"


JSON_HELP = "Print machine-readable JSON on stdout (the same as --format json)."
# `--today` (dashboard, plan, drill): the day a command runs as of, for due dates and for
# the questions drawn (a skill's questions rotate by day); read by ``skills.as_of``.
TodayOpt = Annotated[
    Optional[str],
    typer.Option("--today", metavar="YYYY-MM-DD",
                 help="Run as of this date: due dates and the questions drawn (they rotate by day); default: today."),
]

JsonFlag = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
# A data command with one format besides the human one: `--format json` is `--json`.
JsonFormat = Annotated[
    Optional[OutputFormat],
    typer.Option("--format", "-f", help="human or json (--json is the same as --format json).",
                 case_sensitive=False, hidden=True, show_default=False),
]
# diff's --format, shown in its help (human or json).
FormatOpt = Annotated[
    Optional[OutputFormat],
    typer.Option("--format", "-f", help="Output format: human (rich, the default) or json (the same as --json).",
                 case_sensitive=False, show_default=False),
]
# The front-end choice of the practice commands (interview, negotiate).
PlainOpt = Annotated[bool, typer.Option("--plain", help="Line-based dialogue instead of the full-screen UI.")]
AudioInOpt = Annotated[
    Optional[Path], typer.Option("--audio-in", help="Answer from a recording (WAV/FLAC/MP3) played at real-time "
                                 "pace instead of the microphone; implies --voice.")
]
NoSave = Annotated[bool, typer.Option("--no-save", help="Do not store results or update the skill graph.")]

F = TypeVar("F", bound=Enum)


def output_format(json_flag: bool, fmt: F | None, default: F) -> F:
    """The format asked for by ``--json`` and ``--format`` together (``default`` when
    neither is given). ``--json`` is ``--format json``; asking for two different
    formats is a usage error, not a silent pick."""
    if json_flag:
        if fmt is not None and fmt.value != "json":
            from icraft.core.errors import InputError

            raise InputError(f"--json and --format {fmt.value} ask for different outputs", "pass only one of them")
        return type(default)("json")
    return default if fmt is None else fmt


def wants_json(json_flag: bool, fmt: OutputFormat | None) -> bool:
    """True when a single-format command was asked for JSON (``--json`` or ``--format json``)."""
    return output_format(json_flag, fmt, OutputFormat.human) is OutputFormat.json
