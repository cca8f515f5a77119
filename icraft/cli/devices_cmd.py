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
    from icraft.cli.output import Col, notice, print_table

    if not found:
        notice("no audio devices found (no microphone or speakers); `icraft interview --plain` works in text mode")
        return
    from rich.markup import escape

    cols = [Col("#", justify="right"), Col("name", wrap=True, min_width=16), Col("in", justify="right"),
            Col("out", justify="right"), Col("rate", justify="right", drop=2), Col("host API", drop=1), Col("default")]
    rows = []
    for d in found:
        default = ", ".join(k for k, on in (("input", d.default_input), ("output", d.default_output)) if on)
        rows.append([str(d.index), escape(d.name), str(d.inputs), str(d.outputs), f"{d.default_rate:.0f}",
                     escape(d.hostapi), default])
    print_table(None, cols, rows, bold_first=False, head=1)


def register(app: typer.Typer) -> None:
    app.command("devices", short_help="List audio input and output devices.")(devices)
