"""`icraft transcript show|convert`: look at a transcript file, or convert it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from icraft.cli import completion

from icraft.cli.options import JsonFlag, JsonFormat, wants_json
from icraft.fmt import count as plural

if TYPE_CHECKING:
    from icraft.core.transcript import Transcript

_READ = "json, deepgram, openai (whisper), vtt, srt, text"

transcript_app = typer.Typer(
    help=(
        "Read transcripts from Deepgram, OpenAI/Whisper, WebVTT, SRT, plain text or icraft JSON "
        "(detected by content), show them, and convert between formats."
    ),
    no_args_is_help=True,
)

FileArg = Annotated[
    str,
    typer.Argument(help="Transcript file, or - to read standard input.", metavar="FILE"),
]
FromOpt = Annotated[
    Optional[str],
    typer.Option(
        "--from",
        help=f"Force the input format instead of detecting it: {_READ}.",
        metavar="FMT",
        autocompletion=completion.formats,
    ),
]


def _load(file: str, fmt: str | None) -> Transcript:
    from icraft.formats import read_path

    return read_path(file, fmt)


def _clock(ms: int) -> str:
    m, s = divmod(ms / 1000, 60)
    return f"{int(m)}:{s:04.1f}"


@transcript_app.command("show", short_help="Show a transcript's turns: speaker, times and text.")
def show(file: FileArg, from_: FromOpt = None, json_out: JsonFlag = False, fmt: JsonFormat = None) -> None:
    """Show the turns of a transcript: speaker, times (when the source has them), text.

    Timings read from subtitles (VTT, SRT) are shared over each cue's words by length, so they are marked approximate. With --json, prints the transcript as icraft JSON (docs/transcript.schema.json), the same document `convert --to json` writes.

    \b
    Examples:
      icraft transcript show call.vtt
      icraft transcript show deepgram.json --json
      cat notes.txt | icraft transcript show -
    """  # noqa: E501 (one line per paragraph: the help renderer keeps line breaks)
    json_out = wants_json(json_out, fmt)
    t = _load(file, from_)
    if json_out:
        from icraft.formats import write

        typer.echo(write(t, "json"), nl=False)  # the exact document `convert --to json` writes
        return
    from icraft.cli.output import Batched, console

    with Batched(console()) as out:  # linear in the text, and one print per batch of lines
        _print_transcript(out, t, file)


def _print_transcript(out: Any, t: Transcript, file: str) -> None:
    from rich.text import Text

    words = t.word_count()
    timed = [x for x in t.turns if x.timed]
    shown = "<stdin>" if file == "-" else file
    summary = (f"{shown}: {t.meta.get('source_format', '?')}, {plural(len(t.turns), 'turn')}, "
               f"{plural(words, 'word')}")
    if timed:
        summary += f", {_clock(timed[-1].end_ms or 0)} long"  # type: ignore[arg-type]
    out.print(Text(summary, style="bold"))
    if not timed:
        out.print(Text("no timings in this file: pace and pause checks will not apply", style="dim"))
    elif t.approximate:
        out.print(
            Text(
                "approximate timings: cue times shared over the words by length "
                "(pace is an estimate; pauses inside a cue are not known)",
                style="yellow",
            )
        )
    for key in ("title", "question_type", "role", "level", "speakers", "repairs"):
        if t.meta.get(key):
            out.print(Text(f"{key.replace('_', ' ')}: {t.meta[key]}", style="dim"))
    for turn in t.turns:
        head = Text()
        head.append("Interviewer" if turn.speaker == "interviewer" else "Candidate",
                    style="cyan bold" if turn.speaker == "interviewer" else "green bold")
        if turn.timed:
            approx = "~" if turn.approximate else ""
            head.append(f"  {approx}{_clock(turn.start_ms or 0)}-{_clock(turn.end_ms or 0)}", style="dim")
        head.append(f"  {plural(len(turn.words), 'word')}", style="dim")
        out.print()
        out.print(head)
        out.print(Text(turn.text))


@transcript_app.command("convert", short_help="Convert a transcript to another format.")
def convert(
    file: FileArg,
    to: Annotated[
        str,
        typer.Option(
            "--to",
            "-t",
            help="Output format: json (lossless, every word timing), vtt, srt or txt.",
            metavar="FMT",
            autocompletion=lambda: ["json", "vtt", "srt", "txt"],
        ),
    ],
    output: Annotated[
        Optional[Path],
        typer.Option("--output", "-o", help="Write here instead of standard output.", metavar="OUT"),
    ] = None,
    from_: FromOpt = None,
) -> None:
    """Convert a transcript to another format (printed on stdout unless -o is given).

    json keeps every word timing and can be read back exactly; vtt and srt need timings, so a plain-text transcript can only become json or txt.

    \b
    Examples:
      icraft transcript convert deepgram.json --to vtt -o call.vtt
      icraft transcript convert call.srt --to json
    """  # noqa: E501 (one line per paragraph: the help renderer keeps line breaks)
    from icraft.core.errors import InputError
    from icraft.formats import normalize_format, write

    fmt = normalize_format(to, writing=True)  # before reading: a typo fails fast
    data = write(_load(file, from_), fmt)
    if output is None or str(output) == "-":
        typer.echo(data, nl=False)
        return
    try:
        output.write_text(data, encoding="utf-8")
    except OSError as e:
        raise InputError(f"{output}: cannot write: {e.strerror or e}") from None
    typer.echo(f"wrote {output} ({fmt})", err=True)


def register(app: typer.Typer) -> None:
    app.add_typer(
        transcript_app, name="transcript", short_help="Show transcripts and convert them between formats."
    )
