"""`icraft sessions [list] | show | export | delete | edit`: the stored practice sessions."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from icraft.cli import completion

from icraft.cli.options import JsonFlag, JsonFormat, output_format, wants_json

sessions_app = typer.Typer(
    help=(
        "List, read, export, correct and delete stored sessions (interviews, lints, drills). "
        "Interviews still in progress can be continued with `icraft interview --continue ID`; "
        "one with no new turn for 24 hours is marked abandoned (it can still be continued by id). "
        "`icraft sessions` alone lists them and takes the options of `icraft sessions list`."
    ),
    invoke_without_command=True,
)

IdArg = Annotated[str, typer.Argument(help="Session id (a unique prefix is enough; see `icraft sessions`).",
                                      autocompletion=completion.sessions())]


class ExportFormat(str, Enum):
    json = "json"
    md = "md"
    vtt = "vtt"


def _duration_s(started: str, ended: str | None, last_turn: str | None) -> int | None:
    from datetime import datetime

    end = ended or last_turn
    if not end:
        return None
    return max(0, int((datetime.fromisoformat(end) - datetime.fromisoformat(started)).total_seconds()))


def _fmt_duration(s: int | None) -> str:
    if s is None:
        return "-"
    m, s = divmod(s, 60)
    return f"{m}m{s:02d}s" if m else f"{s}s"


# `icraft sessions` alone is `icraft sessions list`: both take these same options.
KindOpt = Annotated[Optional[str], typer.Option(help="Only this kind: interview, lint, drill...")]
StatusOpt = Annotated[Optional[str], typer.Option(help="Only this status: in_progress, completed, abandoned.")]
LimitOpt = Annotated[int, typer.Option(help="At most this many, newest first.", min=1)]


@sessions_app.callback()
def _default(
    ctx: typer.Context,
    kind: KindOpt = None,
    status: StatusOpt = None,
    limit: LimitOpt = 30,
    json_out: JsonFlag = False,
    fmt: JsonFormat = None,
) -> None:
    """With no subcommand, list sessions (the options are those of `icraft sessions list`)."""
    if ctx.invoked_subcommand is None:
        list_sessions(kind=kind, status=status, limit=limit, json_out=json_out, fmt=fmt)
    elif (kind, status, limit, json_out, fmt) != (None, None, 30, False, None):
        from icraft.core.errors import InputError

        # `icraft sessions --json show ID` would otherwise drop --json without a word.
        raise InputError(
            "the listing options go after `icraft sessions` only when no subcommand follows",
            f"put them after the subcommand: `icraft sessions {ctx.invoked_subcommand} ...`",
        )


@sessions_app.command("list", short_help="Sessions, newest first: id, status, kind, score, title.")
def list_sessions(
    kind: KindOpt = None,
    status: StatusOpt = None,
    limit: LimitOpt = 30,
    json_out: JsonFlag = False,
    fmt: JsonFormat = None,
) -> None:
    """Sessions, newest first: id, status, kind, type, role, started, duration, score, title (a lint: the file linted)."""
    from datetime import date

    from icraft.interview.runner import mark_abandoned
    from icraft.interview.transcript_view import minute
    from icraft.store import answers, connect
    from icraft.store import sessions as store

    json_out = wants_json(json_out, fmt)
    conn = connect()
    mark_abandoned(conn)
    rows = [r for r in store.list_sessions(conn, kind=kind, limit=limit * 4 if status else limit)]
    if status:
        rows = [r for r in rows if r.status == status][:limit]
    last = answers.last_turn_times(conn)
    data = [
        {
            "id": r.id,
            "status": r.status,
            "kind": r.kind,
            "type": r.type,
            "role": r.role,
            "level": r.level,
            "title": r.title,
            "started_at": r.started_at,
            "ended_at": r.ended_at,
            "duration_s": _duration_s(r.started_at, r.ended_at, last.get(r.id)),
            "score": r.score,
        }
        for r in rows
    ]
    if json_out:
        from icraft.cli.output import print_json

        print_json(data)
        return
    from icraft.cli.output import notice

    if not data:
        filtered = " ".join(f"--{k} {v}" for k, v in (("kind", kind), ("status", status)) if v)
        notice(f"no sessions match {filtered}" if filtered else "no sessions yet: start one with `icraft interview`")
        return
    from icraft.cli.output import Col, print_table

    from rich.markup import escape

    from icraft.practice.record import source_title

    # Every cell stays whole (ids are copied; status, start and duration are read) and the
    # title wraps: when the terminal is narrow the role goes first, then the duration, then
    # the type (all in --json), and only then do the rows fold into blocks.
    cols = [Col("id"), Col("status"), Col("kind"), Col("type", drop=3), Col("role", drop=1), Col("started"),
            Col("duration", justify="right", drop=2), Col("score", justify="right"),
            Col("title", wrap=True, min_width=16)]
    style = {"in_progress": "yellow", "abandoned": "dim", "completed": "green"}
    this_year = str(date.today().year)
    table = []
    for d, r in zip(data, rows):
        started = minute(d["started_at"])
        table.append([
            d["id"],
            f"[{style.get(d['status'], '')}]{d['status']}[/]",
            d["kind"],
            d["type"] or "-",
            d["role"] or "-",
            started[5:] if started.startswith(this_year) else started,  # "11-23 07:41" this year
            _fmt_duration(d["duration_s"]),
            "-" if d["score"] is None else str(d["score"]),
            escape(d["title"] or source_title(r.source) or "-"),  # a lint saved before titles were stored
        ])
    print_table("Sessions", cols, table, compact=True)


@sessions_app.command("show", short_help="The transcript with each answer's score and findings.")
def show(session_id: IdArg, json_out: JsonFlag = False, fmt: JsonFormat = None) -> None:
    """The transcript, with each answer's score and findings (evidence quotes) under it."""
    from icraft.interview.transcript_view import session_turns
    from icraft.store import connect
    from icraft.store import sessions as store

    json_out = wants_json(json_out, fmt)
    conn = connect()
    row = store.get_session(conn, session_id)
    turns = session_turns(conn, row.id)
    if json_out:
        from icraft.cli.output import print_json

        print_json({"session": _row_dict(row), "turns": [t.to_dict() for t in turns]})
        return
    from icraft.cli.output import Batched, console

    with Batched(console()) as c:
        _print_session(c, row, turns)


def _speaker(kind: str) -> str:
    """Who talks to the candidate in a session of this kind ("Recruiter" in a negotiation)."""
    from icraft.core.errors import InputError
    from icraft.modes import registry

    try:
        return registry.get(kind).speaker
    except InputError:  # a kind no installed mode knows (a plug-in removed since)
        return "Interviewer"


def _print_session(c: Any, row: Any, turns: list[Any]) -> None:
    from rich.markup import escape

    from icraft.cli.output import indented
    from icraft.fmt import points
    from icraft.interview.transcript_view import minute, phase_label

    speaker = _speaker(row.kind)
    started = minute(row.started_at)
    c.print(f"[bold]{escape(row.title or row.kind)}[/bold]  [dim]{row.id} · {row.status} · {started} UTC[/dim]")
    if row.score is not None:
        c.print(f"score [bold]{row.score}[/bold]/100")
    for t in turns:
        if t.speaker == "interviewer":
            phase = phase_label(t.phase)
            c.print(f"\n[cyan]{speaker}[/cyan] [dim]({phase})[/dim]: {escape(t.text)}")
            continue
        label = t.score_label()  # "too short to judge" rather than a 100 no rule could give
        score = f" [bold]{label}[/bold]" if label else ""
        c.print(f"[green]You[/green] [dim]({t.who()})[/dim]{score}: {escape(t.text)}")
        for f in t.findings:
            if not f.measurable:
                line = f"[dim]· {f.rule_id}: not measurable here[/dim]"
            else:
                quote = f' [italic]"{escape(f.quote)}"[/italic]' if f.quote else ""
                line = f"[yellow]- {f.rule_id}[/yellow] (-{points(f.points)}): {escape(f.message)}{quote}"
            c.print(indented(line, 4))  # wrapped lines stay under their finding
        for kind, text in t.verdict_lines():  # passed vs not judged (rules without a finding)
            line = f"[green]+ {escape(text)}[/green]" if kind == "passed" else f"[dim]· {escape(text)}[/dim]"
            c.print(indented(line, 4))


def _row_dict(row: Any) -> dict[str, Any]:
    d = dict(row.__dict__)
    d["meta"] = {k: v for k, v in row.meta.items() if k not in ("engine", "recent")}
    return d


@sessions_app.command("export", short_help="Export a transcript as icraft JSON, Markdown or WebVTT.")
def export(
    session_id: IdArg,
    fmt: Annotated[
        Optional[ExportFormat],
        typer.Option("--format", "-f", help="json (icraft transcript, the default; --json is the same), md or vtt.",
                     show_default=False),
    ] = None,
    json_out: JsonFlag = False,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
) -> None:
    """Export a session's transcript: icraft JSON, Markdown (with findings) or WebVTT."""
    import sys

    from icraft.core.errors import InputError
    from icraft.interview import transcript_view as view
    from icraft.store import connect
    from icraft.store import sessions as store

    fmt = output_format(json_out, fmt, ExportFormat.json)
    conn = connect()
    row = store.get_session(conn, session_id)
    if fmt is ExportFormat.json:
        from icraft.formats import write

        # each turn with its phase and how it was scored, so `lint` of it judges as the session did
        text = write(view.export_transcript(conn, row), "json")
    elif fmt is ExportFormat.md:
        text = view.to_markdown(row, view.session_turns(conn, row.id), speaker=_speaker(row.kind))
    else:
        text = view.to_vtt(conn, row, view.session_turns(conn, row.id))
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as e:
        raise InputError(f"cannot write {output}: {e.strerror}") from None
    typer.echo(f"exported {row.id} to {output}", err=True)


@sessions_app.command("delete", short_help="Delete a session; the skill history keeps its events.")
def delete(
    session_id: IdArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a session with its turns, scores and findings (skill history keeps its events)."""
    from icraft.core.errors import InputError
    from icraft.store import connect
    from icraft.store import sessions as store

    conn = connect()
    row = store.get_session(conn, session_id)
    if not yes:
        import sys

        if not sys.stdin.isatty():
            raise InputError(f"refusing to delete {row.id} without confirmation", "pass --yes")
        from icraft.interview.transcript_view import minute

        started = minute(row.started_at)
        if not typer.confirm(f"Delete session {row.id} ({row.title or row.kind}, {started} UTC)?"):
            typer.echo("nothing deleted", err=True)  # the user's choice, not a failure: exit 0
            return
    store.delete_session(conn, row.id)
    typer.echo(f"deleted {row.id}", err=True)


@sessions_app.command("edit", short_help="Correct an answer's transcript and re-score it.")
def edit(
    session_id: IdArg,
    answer: Annotated[
        int, typer.Option("--answer", "-a", help="Which answer, counting from 1 (see `icraft sessions show`).")
    ],
    text: Annotated[Optional[str], typer.Option("--text", help="The corrected answer text.")] = None,
    editor: Annotated[bool, typer.Option("--editor", help="Correct the answer in $EDITOR.")] = False,
    json_out: JsonFlag = False,
    fmt: JsonFormat = None,
) -> None:
    """Correct an answer's transcript (e.g. a speech-to-text mistake) and re-score it.

    Words you did not change keep their timings; a scored answer is linted again and
    the session score follows.
    """
    from icraft.core.errors import InputError
    from icraft.interview import transcript_view as view
    from icraft.store import connect
    from icraft.store import sessions as store

    json_out = wants_json(json_out, fmt)
    if (text is None) == (not editor):
        raise InputError("pass exactly one of --text or --editor", 'e.g. --text "the corrected answer"')
    conn = connect()
    row = store.get_session(conn, session_id)
    if answer < 1:
        raise InputError(f"answers are numbered from 1, not {answer}", f"see `icraft sessions show {row.id}`")
    # --answer N counts real answers (a "can you repeat the question" is not one); the
    # stored index, which counts every candidate turn, is what the correction writes to.
    index = view.numbered_turn(view.session_turns(conn, row.id), answer, f"session {row.id}").answer
    assert index is not None
    if text is None:
        current = view.answer_turn(view.session_turns(conn, row.id), index).text
        edited = _edit_in_editor(current + "\n")
        if edited.strip() == current.strip():
            typer.echo("no change", err=True)
            return
        text = edited.strip()
    tv, result = view.correct_answer(conn, row.id, index, text)
    if json_out:
        from icraft.cli.output import print_json

        print_json(
            {
                "session": row.id,
                "answer": index,
                "answer_number": answer,
                "text": tv.text,
                "result": result.to_dict() if result else None,
            }
        )
        return
    msg = f"answer {answer} of {row.id} corrected"
    if result is not None:
        rules = ", ".join(f.rule_id for f in result.findings if f.measurable) or "no findings"
        msg += f"; re-scored {tv.score} → {result.score.overall} ({rules})"
    typer.echo(msg, err=True)


def _edit_in_editor(text: str) -> str:
    """``text`` edited in $VISUAL / $EDITOR (vi if neither is set), via a temporary file
    that is always removed. A missing editor or a failed edit is a one-line error."""
    import os
    import shlex
    import subprocess
    import tempfile

    from icraft.core.errors import InputError

    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    fd, name = tempfile.mkstemp(prefix="icraft-answer-", suffix=".txt")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        try:
            status = subprocess.run([*shlex.split(command), name], check=False).returncode
        except OSError as e:
            raise InputError(f"cannot start the editor '{command}': {e.strerror}", "set $EDITOR, or pass --text") from None
        if status != 0:
            raise InputError(f"the editor '{command}' exited with status {status}; nothing was changed")
        with open(name, encoding="utf-8") as f:
            return f.read()
    finally:
        os.unlink(name)


def register(app: typer.Typer) -> None:
    app.add_typer(
        sessions_app, name="sessions", short_help="List, read, export, correct and delete stored sessions."
    )
