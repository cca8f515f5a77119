"""Options shared by several commands, as Annotated aliases (one definition each)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer


class OutputFormat(str, Enum):
    human = "human"
    json = "json"


JsonFlag = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]
FormatOpt = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="Output format: human (rich) or json.", case_sensitive=False)
]
NoSave = Annotated[bool, typer.Option("--no-save", help="Do not store results or update the skill graph.")]
