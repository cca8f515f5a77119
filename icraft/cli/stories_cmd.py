"""`icraft stories`: the story bank (list, show, add, edit, merge, split, delete)."""

from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from icraft.cli.options import JsonFlag, JsonFormat, wants_json
from icraft.cli.profile_opts import JdOpt

SHORT_HELP = "Your STAR stories: retellings, competencies, overuse."

stories_app = typer.Typer(
    help=(
        "The story bank: every behavioral answer that tells a story (situation, action, result) is kept as a "
        "telling of its story, and a story retold in other words, shorter or longer, in another session or "
        "for another question, is recognised as the same story. The list shows each story's uses, best "
        "score, the competencies it shows and warnings (told 3 times in 30 days, twice in one interview, or in two "
        "interviews for one company: --jd or --company), "
        "and which competencies no story covers yet, with a question to practise for each.\n\n"
        "\b\nExamples:\n  icraft stories\n  icraft stories show 3\n  icraft stories add story.txt\n"
        "  icraft stories merge 3 7\n  icraft stories --json\n\n"
        "Exit status: 0 done; 2 bad input (a file that tells no story, an unknown story or telling id), "
        "one line on stderr."
    ),
    invoke_without_command=True,
)

LIST_LIMIT = 50  # stories the list shows by default (Rich renders 500 table rows in about 1.5 s)
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


def _weights(conn: Any, jd: str | None) -> dict[str, float] | None:
    """A job posting's weight per competency (`--jd`), or None."""
    if jd is None:
        return None
    from icraft.cli.jd_cmd import job_focus
    from icraft.stories import bank

    return bank.posting_weights(job_focus(conn, jd))


@stories_app.callback()
def list_cmd(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="At most this many stories: the most recently used (or added), "
                                       "listed by id.", min=1)] = LIST_LIMIT,
    jd: JdOpt = None,
    json_out: JsonFlag = False,
    fmt: JsonFormat = None,
) -> None:
    """List the stories: uses, last used, best score, competencies, warnings; then the gaps."""
    if ctx.invoked_subcommand is not None:
        return
    from icraft.stories import bank

    conn = _conn()
    every = [s.to_dict() for s in bank.summaries(conn)]
    recent = sorted(every, key=lambda i: i["last_used"] or i["added"], reverse=True)[:limit]
    shown = {i["id"] for i in recent}
    items = [i for i in every if i["id"] in shown]
    more = len(every) - len(items)
    gaps = [{"competency": cv.competency, "practise": cv.question, "question_id": cv.question_id,
             "weight": round(cv.weight, 2)} for cv in bank.coverage(conn, weights=_weights(conn, jd)) if cv.gap]
    if wants_json(json_out, fmt):
        from icraft.cli.output import print_json

        print_json({"stories": items, "more": more, "gaps": gaps})
        return
    from icraft.cli.output import Col, echo, print_table

    if not items:
        echo("No stories yet: answer behavioral questions (`icraft interview --type behavioral`), "
             "or write one with `icraft stories add FILE`.")
    else:
        cols = [Col("id", justify="right"), Col("title", wrap=True), Col("uses", justify="right"),
                Col("last used", drop=2), Col("best", justify="right"), Col("competencies", wrap=True, drop=1),
                Col("warnings", wrap=True, min_width=10)]
        rows = [[str(i["id"]), _esc(i["title"]), str(i["uses"]), (i["last_used"] or "-")[:10],
                 "-" if i["best_score"] is None else str(i["best_score"]),
                 ", ".join(c.replace("_", " ") for c in i["competencies"]) or "-",
                 ", ".join(i["flags"]) or "-"] for i in items]
        print_table("Stories", cols, rows)
        if more:
            echo(f"{more} more (less recently used): `icraft stories --limit {len(every)}`")
        if any(i["warnings"] for i in items):
            echo("warnings: `icraft stories show ID` says why")
    if gaps:
        echo(f"\nNo story, or only weak ones (under {bank.WEAK_STORY}), for: "
             + ", ".join(g["competency"].replace("_", " ") for g in gaps))
        echo(f"Drill one: `icraft drill --question {gaps[0]['question_id']}` (\"{gaps[0]['practise']}\"); "
             "`icraft drill` starts with one. The map: `icraft stories coverage`.")


@stories_app.command("coverage", short_help="Competencies x stories: how strongly each story shows them.")
def coverage_cmd(jd: JdOpt = None, json_out: JsonFlag = False, fmt: JsonFormat = None) -> None:
    """The coverage map: for each competency, the stories that show it and how strongly
    (the best score of a telling that shows it; "-" for a story written but never told in
    practice); gaps (no story, or only weak ones) with the bank question that drills them.
    With --jd, the competencies the posting asks for most come first."""
    from icraft.stories import bank

    conn = _conn()
    rows = bank.coverage(conn, weights=_weights(conn, jd))
    if wants_json(json_out, fmt):
        from icraft.cli.output import print_json

        print_json({"coverage": [cv.to_dict() for cv in rows]})
        return
    from icraft.cli.output import Col, print_table

    cols = [Col("competency"), Col("weight", justify="right", drop=2), Col("stories (strength)", wrap=True),
            Col("gap: drill", wrap=True)]
    table = [[cv.competency.replace("_", " "), f"{cv.weight:.2f}",
              _esc(", ".join(f"#{i} {t} ({'-' if st is None else st})" for i, t, st in cv.stories)) or "-",
              f"{cv.question_id}: {_esc(cv.question)}" if cv.gap else "-"] for cv in rows]
    print_table("Story coverage" + (" (weighted by the posting)" if jd else ""), cols, table)


@stories_app.command("show", short_help="A story: best telling, STAR parts, every telling.")
def show_cmd(story_id: StoryId, json_out: JsonFlag = False, fmt: JsonFormat = None) -> None:
    from icraft.store import stories as repo
    from icraft.stories import bank

    conn = _conn()
    story = repo.get_story(conn, story_id)
    loops = repo.session_loops(conn)
    best = story.best
    data = {**bank.Summary(story, bank.warnings_for(story, loops=loops)).to_dict(),
            "best_telling": best.to_dict() if best else None,
            "competency_evidence": story.competencies,
            "tellings": [o.to_dict() for o in story.occurrences]}
    if wants_json(json_out, fmt):
        from icraft.cli.output import print_json

        print_json(data)
        return
    from icraft.cli.output import echo

    echo("\n".join(bank.detail_lines(story, loops=loops)))


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
    source = "<stdin>" if file == "-" else file
    if not text.strip():
        raise InputError(f"{source}: no story in it", "write the story as plain text: situation, what you did, result")
    story_id, joined = bank.add_written(_conn(), text.strip(), title=title, source=source)
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
