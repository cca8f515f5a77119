"""`icraft stories`: the story bank (list, show, add, edit, merge, split, delete)."""

from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from icraft.cli.options import JsonFlag, JsonFormat, wants_json

SHORT_HELP = "Your STAR stories: retellings, competencies, overuse."

stories_app = typer.Typer(
    help=(
        "The story bank: every behavioral answer that tells a story (situation, action, result) is kept as a "
        "telling of its story, and a story retold in other words, shorter or longer, in another session or "
        "for another question, is recognised as the same story. The list shows each story's uses, best "
        "score, the competencies it shows and warnings (told 3 times in 30 days, or twice in one interview), "
        "and which competencies no story covers yet, with a question to practise for each.\n\n"
        "\b\nExamples:\n  icraft stories\n  icraft stories show 3\n  icraft stories add story.txt\n"
        "  icraft stories merge 3 7\n  icraft stories --json"
    ),
    invoke_without_command=True,
)

StoryId = Annotated[int, typer.Argument(help="A story id (see `icraft stories`).", min=1)]


def _conn() -> Any:
    from icraft.store import connect

    return connect()


def _out(data: Any, json_out: bool, text: str) -> None:
    from icraft.cli.output import echo, print_json

    if json_out:
        print_json(data)
    else:
        echo(text)


@stories_app.callback()
def list_cmd(ctx: typer.Context, json_out: JsonFlag = False, fmt: JsonFormat = None) -> None:
    """List the stories: uses, last used, best score, competencies, warnings; then the gaps."""
    if ctx.invoked_subcommand is not None:
        return
    from icraft.stories import bank

    conn = _conn()
    items = [s.to_dict() for s in bank.summaries(conn)]
    gaps = [{"competency": c, "practise": q} for c, q in bank.gaps(conn)]
    if wants_json(json_out, fmt):
        from icraft.cli.output import print_json

        print_json({"stories": items, "gaps": gaps})
        return
    from icraft.cli.output import Col, echo, print_table

    if not items:
        echo("No stories yet: answer behavioral questions (`icraft interview --type behavioral`), "
             "or write one with `icraft stories add FILE`.")
    else:
        cols = [Col("id", justify="right"), Col("title", wrap=True), Col("uses", justify="right"),
                Col("last used", drop=2), Col("best", justify="right"), Col("competencies", wrap=True, drop=1),
                Col("warnings", wrap=True)]
        rows = [[str(i["id"]), _esc(i["title"]), str(i["uses"]), (i["last_used"] or "-")[:10],
                 "-" if i["best_score"] is None else str(i["best_score"]),
                 ", ".join(c.replace("_", " ") for c in i["competencies"]) or "-",
                 _esc("; ".join(i["warnings"])) or "-"] for i in items]
        print_table("Stories", cols, rows)
    if gaps:
        echo("\nNo story yet for: " + ", ".join(g["competency"].replace("_", " ") for g in gaps))
        echo(f"Practise one, e.g. `icraft drill` or answer: \"{gaps[0]['practise']}\"")


@stories_app.command("show", short_help="A story: best telling, STAR parts, every telling.")
def show_cmd(story_id: StoryId, json_out: JsonFlag = False, fmt: JsonFormat = None) -> None:
    from icraft.store import stories as repo
    from icraft.stories import bank

    story = repo.get_story(_conn(), story_id)
    best = story.best
    data = {**bank.Summary(story, bank.warnings_for(story)).to_dict(),
            "best_telling": best.to_dict() if best else None,
            "competency_evidence": story.competencies,
            "tellings": [o.to_dict() for o in story.occurrences]}
    if wants_json(json_out, fmt):
        from icraft.cli.output import print_json

        print_json(data)
        return
    from icraft.cli.output import echo

    lines = [f"Story {story.id}: {story.title}", f"uses: {data['uses']}, best score: {data['best_score'] or '-'}"]
    lines += [f"warning: {w}" for w in data["warnings"]]
    if best is not None:
        lines.append("\nBest telling" + (f" ({best.score}/100)" if best.score is not None else "") + f":\n  {best.text}")
        for p in best.parts:
            lines.append(f"  {p['label']}: \"{p['quote']}\"")
    if story.competencies:
        lines.append("\nShows:")
        lines += [f"  {c.replace('_', ' ')}: \"{q}\"" for c, q in story.competencies.items()]
    lines.append("\nTellings:")
    for o in story.occurrences:
        where = f"session {o.session_id}" if o.session_id else "written"
        score = f", {o.score}/100" if o.score is not None else ""
        lines.append(f"  #{o.id} {o.created_at[:10]} {where}{score}: {o.question or ''}".rstrip(": "))
    echo("\n".join(lines))


@stories_app.command("add", short_help="Write a story before practising it (FILE or - for stdin).")
def add_cmd(
    file: Annotated[str, typer.Argument(help="A text file with the story, or '-' for stdin.")],
    title: Annotated[Optional[str], typer.Option("--title", help="A title (default: made from its words).")] = None,
    json_out: JsonFlag = False,
    fmt: JsonFormat = None,
) -> None:
    from icraft.core.errors import InputError
    from icraft.stories import bank

    text = _read(file)
    if not text.strip():
        raise InputError(f"{file}: no story in it", "write the story as plain text: situation, what you did, result")
    story_id, joined = bank.add_written(_conn(), text.strip(), title=title)
    note = f"added to story {story_id} (the same story told before)" if joined else f"saved as story {story_id}"
    _out({"id": story_id, "joined": joined}, wants_json(json_out, fmt), note)


@stories_app.command("edit", short_help="Rename a story.")
def edit_cmd(story_id: StoryId, title: Annotated[str, typer.Option("--title", help="The new title.")],
             json_out: JsonFlag = False, fmt: JsonFormat = None) -> None:
    from icraft.store import stories as repo

    repo.rename_story(_conn(), story_id, title.strip())
    _out({"id": story_id, "title": title.strip()}, wants_json(json_out, fmt), f"story {story_id} renamed")


@stories_app.command("merge", short_help="Merge story B into story A (the same story).")
def merge_cmd(a: StoryId, b: StoryId, json_out: JsonFlag = False, fmt: JsonFormat = None) -> None:
    from icraft.core.errors import InputError
    from icraft.store import stories as repo

    if a == b:
        raise InputError("a story cannot be merged with itself", "give two different ids from `icraft stories`")
    repo.merge_stories(_conn(), a, b)
    _out({"id": a, "merged": b}, wants_json(json_out, fmt), f"story {b} merged into story {a}")


@stories_app.command("split", short_help="Move one telling into a story of its own.")
def split_cmd(
    telling: Annotated[int, typer.Argument(help="A telling's id (the #N in `icraft stories show ID`).", min=1)],
    title: Annotated[Optional[str], typer.Option("--title", help="The new story's title.")] = None,
    json_out: JsonFlag = False,
    fmt: JsonFormat = None,
) -> None:
    from icraft.store import stories as repo
    from icraft.stories import core

    conn = _conn()
    text = repo.occurrence_text(conn, telling)
    name = title or (core.title(core.read(text)) if text else "story")
    new_id = repo.split_occurrence(conn, telling, title=name)
    _out({"id": new_id, "telling": telling}, wants_json(json_out, fmt), f"telling #{telling} is now story {new_id}")


@stories_app.command("delete", short_help="Delete a story and its tellings (the answers stay).")
def delete_cmd(story_id: StoryId, json_out: JsonFlag = False, fmt: JsonFormat = None) -> None:
    from icraft.store import stories as repo

    repo.delete_story(_conn(), story_id)
    _out({"deleted": story_id}, wants_json(json_out, fmt), f"story {story_id} deleted")


def _read(file: str) -> str:
    import sys
    from pathlib import Path

    from icraft.core.errors import InputError

    if file == "-":
        return sys.stdin.read()
    path = Path(file)
    if not path.is_file():
        raise InputError(f"{file}: no such file", "give a text file with the story, or '-' to read stdin")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{file}: not a text file", "save the story as UTF-8 text") from None


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def register(app: typer.Typer) -> None:
    app.add_typer(stories_app, name="stories", short_help=SHORT_HELP)
