"""`icraft jd FILE | list | show | delete`: analyse job postings and keep them."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from icraft.cli.options import JsonFlag, JsonFormat, wants_json
from icraft.core.errors import IcraftError, InputError

SHORT_HELP = "Analyse a job posting: requirements, quotes, focus skills."


class _JdGroup(TyperGroup):
    """`icraft jd FILE` is `icraft jd analyze FILE`: a first argument that is no subcommand
    is the posting."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        first = next((a for a in args if a == "-" or not a.startswith("-")), None)
        if first is not None and first not in self.commands and not {"-h", "--help"} & set(args[: args.index(first)]):
            args = ["analyze", *args]
        return super().parse_args(ctx, args)


jd_app = typer.Typer(
    cls=_JdGroup,
    help=(
        "Analyse a job posting (.txt, .md, .pdf, .html saved from a browser, or '-' for stdin), offline: "
        "the technologies, skills, responsibilities and years it asks for, each with its quote and "
        "strength (required, preferred, nice-to-have), the microskills they map to, the focus skills, "
        "session type and level. The analysis is saved (the same posting only once).\n\n"
        "\b\nExamples:\n  icraft jd posting.pdf\n  icraft jd list\n  icraft jd show 3fa1\n"
        "  pbpaste | icraft jd - --json"
    ),
    no_args_is_help=True,
)

IdArg = Annotated[str, typer.Argument(help="Posting id (a unique prefix is enough; see `icraft jd list`).")]


@jd_app.command("analyze", short_help="Analyse a posting file and save the analysis.")
def analyze_cmd(
    file: Annotated[str, typer.Argument(help="The posting: .txt, .md, .pdf, .html, or '-' for stdin.")],
    no_save: Annotated[bool, typer.Option("--no-save", help="Do not store the analysis.")] = False,
    json_out: JsonFlag = False,
    fmt: JsonFormat = None,
) -> None:
    """Analyse a posting and save it (`icraft jd FILE` is the same)."""
    json_out = wants_json(json_out, fmt)
    if no_save:
        from icraft.jd import document
        from icraft.jd.analyze import analyze

        text, label = document.read(file)
        _emit(None, label, text, analyze(text).to_dict(), json_out, note=None)
        return
    from icraft.store import connect

    row, stored = _analyse_and_save(connect(), file)
    _emit(row.id, row.source, row.text, row.analysis, json_out, note="saved" if stored else "already stored")


@jd_app.command("list", short_help="The stored postings, newest first.")
def list_cmd(json_out: JsonFlag = False, fmt: JsonFormat = None) -> None:
    """List the stored postings."""
    from icraft.store import connect
    from icraft.store.jd import list_postings

    rows = list_postings(connect())
    items = [{"id": r.id, "title": r.title, "level": r.analysis.get("level"), "role": r.analysis.get("role"),
              "session_type": r.analysis.get("session_type"), "requirements": len(r.analysis.get("requirements", [])),
              "source": r.source, "created_at": r.created_at} for r in rows]
    if wants_json(json_out, fmt):
        from icraft.cli.output import print_json

        print_json(items)
        return
    if not items:
        from icraft.cli.output import echo

        echo("No job postings yet: `icraft jd FILE` analyses one.")
        return
    from icraft.cli.output import Col, print_table

    cols = [Col("id"), Col("title", wrap=True), Col("level"), Col("session", drop=1), Col("items", justify="right"),
            Col("added", drop=2)]
    print_table("Job postings", cols, [[i["id"], _esc(i["title"]), i["level"] or "-", i["session_type"] or "-",
                                        str(i["requirements"]), i["created_at"][:10]] for i in items])


@jd_app.command("show", short_help="Print a stored posting's analysis.")
def show_cmd(posting_id: IdArg, json_out: JsonFlag = False, fmt: JsonFormat = None) -> None:
    """Print a stored posting's analysis (as `icraft jd FILE` printed it)."""
    from icraft.store import connect
    from icraft.store.jd import get_posting

    row = get_posting(connect(), posting_id)
    _emit(row.id, row.source, row.text, row.analysis, wants_json(json_out, fmt), note=None)


@jd_app.command("delete", short_help="Delete a stored posting.")
def delete_cmd(posting_id: IdArg, json_out: JsonFlag = False, fmt: JsonFormat = None) -> None:
    """Delete a stored posting and its analysis."""
    from icraft.store import connect
    from icraft.store.jd import delete_posting, get_posting

    conn = connect()
    row = get_posting(conn, posting_id)
    delete_posting(conn, row.id)
    if wants_json(json_out, fmt):
        from icraft.cli.output import print_json

        print_json({"deleted": row.id})
        return
    from icraft.cli.output import echo

    echo(f"Deleted job posting {row.id} ({row.title}).")


def _analyse_and_save(conn: Any, file: str) -> tuple[Any, bool]:
    """Read, analyse and store a posting file: (the stored row, stored now)."""
    from icraft.jd import ANALYZER_VERSION, document
    from icraft.jd.analyze import analyze
    from icraft.store.jd import save_posting

    text, label = document.read(file)
    analysis = analyze(text)
    return save_posting(conn, content_hash=analysis.content_hash, title=analysis.title, source=label, text=text,
                        analysis=analysis.to_dict(), analyzer_version=ANALYZER_VERSION)


def job_focus(conn: Any, ident: str) -> Any:
    """The :class:`~icraft.jd.practice.JobFocus` of ``--jd ID|FILE``: a stored posting's id
    (or unique prefix), or a posting file, analysed and stored first."""
    from pathlib import Path

    from icraft.jd.practice import job_focus as make_focus
    from icraft.store.jd import get_posting

    if ident == "-" or Path(ident).is_file():
        row, _ = _analyse_and_save(conn, ident)
    else:
        try:
            row = get_posting(conn, ident)
        except IcraftError as e:
            if "/" in ident or "." in ident:
                raise InputError(f"--jd {ident}: no such file or stored posting", "see `icraft jd list`") from e
            raise
    return make_focus(row.id, row.analysis, row.text)


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _emit(pid: str | None, source: str | None, text: str, data: dict[str, Any], json_out: bool,
          note: str | None) -> None:
    if json_out:
        from icraft.cli.output import print_json

        print_json({"id": pid, "source": source, **data})
        return
    _render(pid, text, data, note)


def _render(pid: str | None, text: str, data: dict[str, Any], note: str | None) -> None:
    from icraft.cli.output import console

    out = console()
    reqs = data["requirements"]
    head = f"[bold]{_esc(data['title'] or '(untitled posting)')}[/bold]"
    if pid:
        head += f"  [dim]id {pid}{', ' + note if note else ''}[/dim]"
    out.print(head)
    years = data.get("years")
    facts = [f"level {data.get('level') or '?'}", f"role {data.get('role') or '?'}",
             f"session {data['session_type']}"]
    if years:
        facts.append(f"{years[0]}{'-' + str(years[1]) if years[1] else '+'} years")
    out.print(" · ".join(facts))
    for strength in ("required", "preferred", "nice-to-have"):
        mine = [r for r in reqs if r["strength"] == strength]
        if not mine:
            continue
        out.print(f"\n[bold]{strength.capitalize()}[/bold]")
        names = list(dict.fromkeys(r["canonical"] or r["text"] for r in mine if r["kind"] == "knowledge"))
        if names:
            out.print("  [cyan]knowledge[/cyan]: " + _esc(", ".join(names)))
        for r in mine:
            if r["kind"] == "knowledge":
                continue
            skills = ", ".join(r["skill_ids"]) or "unmapped"
            out.print(f"  [cyan]{r['kind']}[/cyan] \"{_esc(_quote(text, r))}\" [dim]-> {_esc(skills)}[/dim]")
    focus = data["focus_skills"][:8]
    if focus:
        out.print("[bold]Focus skills[/bold]: " + ", ".join(f"{f['skill_id']} ({f['weight']:g})" for f in focus))
    unmapped = sorted({reqs[i]["canonical"] or reqs[i]["text"] for i in data.get("unmapped", [])}, key=str.lower)
    if unmapped:
        out.print("[bold]Unmapped[/bold] (no microskill practises these yet): " + _esc(", ".join(unmapped)))
    for kind, facts_ in data.get("company", {}).items():
        quotes = "; ".join(" ".join(f["text"].split()).strip(" -*") for f in facts_[:3])
        out.print(f"[bold]Company {kind}[/bold]: {_esc(quotes)}")


def _quote(text: str, r: dict[str, Any]) -> str:
    """The item's sentence, with the item in «» when the sentence is longer than the item."""
    ctx = r.get("context")
    if r["kind"] == "responsibility" or not ctx or (r["char_start"], r["char_end"]) == tuple(ctx):
        return " ".join(r["text"].split())
    a, b = ctx
    s = text[a : r["char_start"]] + "«" + text[r["char_start"] : r["char_end"]] + "»" + text[r["char_end"] : b]
    return " ".join(s.split()).strip(" -*•")


def register(app: typer.Typer) -> None:
    app.add_typer(jd_app, name="jd", short_help=SHORT_HELP)
