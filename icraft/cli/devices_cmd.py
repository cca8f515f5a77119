"""`icraft devices`: the audio devices PortAudio sees, to choose a microphone by name."""

from __future__ import annotations

from typing import Annotated

import typer

from icraft.cli.options import JsonFlag, JsonFormat, wants_json


def devices(
    inputs_only: Annotated[bool, typer.Option("--inputs", help="List only devices with an input (microphones).")] = False,
    json_out: JsonFlag = False,
    fmt: JsonFormat = None,
) -> None:
    """List audio input and output devices.

    Choose a microphone by (part of) its name with `icraft config set voice.input_device NAME`.
    Without PortAudio or without a microphone this says so, with the fix; `icraft interview --plain`
    always works in text mode.
    """
    from icraft.voice.audio import list_devices

    json_out = wants_json(json_out, fmt)
    found = [d for d in list_devices() if d.inputs > 0 or not inputs_only]
    if json_out:
        from icraft.cli.output import print_json

        print_json({"devices": [d.to_dict() for d in found]})
        return
    from icraft.cli.output import console, notice

    if not found:
        notice("no audio devices found (no microphone or speakers); `icraft interview --plain` works in text mode")
        return
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD)
    for col in ("#", "name", "in", "out", "rate", "host API", "default"):
        table.add_column(col, justify="right" if col in ("#", "in", "out", "rate") else "left")
    for d in found:
        default = ", ".join(k for k, on in (("input", d.default_input), ("output", d.default_output)) if on)
        table.add_row(str(d.index), d.name, str(d.inputs), str(d.outputs), f"{d.default_rate:.0f}", d.hostapi, default)
    console().print(table)


def register(app: typer.Typer) -> None:
    app.command("devices", short_help="List audio input and output devices.")(devices)
