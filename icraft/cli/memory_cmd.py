"""`icraft memory show`: what the interviewer remembers across sessions."""

from __future__ import annotations

import typer

from icraft.cli.options import JsonFlag, JsonFormat, wants_json

memory_app = typer.Typer(
    help=(
        "The cross-session memory the interviewer uses: recurring findings, strongest stories, "
        "weakest skills, communication habits and what improved. Rebuilt by code from your sessions."
    ),
    invoke_without_command=True,
)


@memory_app.callback()
def _default(ctx: typer.Context, json_out: JsonFlag = False, fmt: JsonFormat = None) -> None:
    """`icraft memory` alone shows it (and takes the options of `icraft memory show`)."""
    if ctx.invoked_subcommand is None:
        show(json_out=json_out, fmt=fmt)
    elif json_out or fmt is not None:
        from icraft.core.errors import InputError

        raise InputError("--json goes after `icraft memory show`, not before it")


@memory_app.command("show", short_help="Print the memory document, rebuilt from your sessions.")
def show(json_out: JsonFlag = False, fmt: JsonFormat = None) -> None:
    """Print the memory document (rebuilt from the database first, so it is current)."""
    from icraft.interview import memory
    from icraft.store import connect

    json_out = wants_json(json_out, fmt)
    doc = memory.rebuild(connect())
    if json_out:
        from icraft.cli.output import print_json

        print_json(doc.to_dict())
        return
    from rich.markdown import Markdown

    from icraft.cli.output import console

    # Wrapped at the width even when piped: a piped console's soft wrap makes Rich crop each
    # list item of the Markdown at the width, cutting the quotes and questions.
    console().print(Markdown(memory.render_markdown(doc)), soft_wrap=False)


def register(app: typer.Typer) -> None:
    app.add_typer(
        memory_app, name="memory", short_help="What the interviewer remembers about you across sessions."
    )
