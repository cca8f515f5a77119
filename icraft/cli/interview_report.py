"""The interview report in the terminal: Rich rendering of an
:class:`~icraft.interview.report.InterviewReport` (built by code in the headless
``interview`` package, which also renders it as Markdown). Rich is imported only here,
when the report is printed."""

from __future__ import annotations

from typing import Any

from icraft.fmt import points
# the text pieces the Markdown rendering uses too, so both say the same
from icraft.interview.report import (
    InterviewReport,
    _answers,
    _evidence_parts,
    _fmt_score,
    _questions_line,
    delivery_line,
    nothing_scored,
    posting_lines,
    story_lines,
)


def render_rich(rep: InterviewReport, console: Any) -> None:
    from rich.markup import escape as esc
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    head = (
        f"[bold]Overall {_fmt_score(rep.overall)}/100[/bold]  ·  {esc(rep.title or rep.session_id)}"
        f"  ·  session {rep.session_id}"
    )
    if rep.ended_early:
        head += "  ·  ended early"
    # The panel's text wraps even on a piped console (soft wrap, where Rich would crop a
    # panel's line at its border and cut the session id).
    text = Text.from_markup(head, overflow="fold")
    text.no_wrap = False
    console.print(Panel(text, title="Interview report", title_align="left"))
    per_question = _questions_line(rep)
    if per_question:
        console.print(f"[dim]{esc(per_question)}[/dim]")
    t = Table(show_header=True, header_style="bold", expand=False)
    t.add_column("Category")
    t.add_column("Score", justify="right")
    t.add_column("Evidence", overflow="fold")
    for c in rep.categories:
        ev = "\n".join(
            f'"{esc(quote)}" [dim]({esc(where)})[/dim]' if quote else f"[dim]{esc(where)}[/dim]"
            for quote, where in map(_evidence_parts, c["evidence"])
        ) or "-"
        t.add_row(c["name"], _fmt_score(c["score"]), ev)
    console.print(t)
    unscored = nothing_scored(rep)
    if unscored:
        console.print(f"[bold]{esc(unscored[0].upper() + unscored[1:])}.[/bold]")

    def bullets(title: str, rows: list[tuple[str, str]]) -> None:
        """A heading and bullet rows whose wrapped lines stay indented under their text."""
        console.print(title)
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=3, justify="right")
        grid.add_column()
        for mark, text in rows:
            grid.add_row(mark, text)
        console.print(grid)

    if not unscored:  # said once above, not three times: nothing to list
        bullets(
            "[bold green]Strengths[/bold green]",
            [
                ("+", f'{esc(s["title"].replace("*", ""))} — "{esc(s["quote"])}" [dim](answer {s["answer"] + 1})[/dim]')
                for s in rep.strengths
            ]
            or [("", "[dim]none yet: no answer was long enough to show one[/dim]")],
        )
        improvements = []
        for i in rep.improvements:
            quote = f' — "{esc(i["quote"])}"' if i["quote"] else ""
            pts = f"-{points(i['points'])} points, " if i["points"] else ""
            pts = f" [dim]({pts}{_answers(i['answers'])})[/dim]"
            fix = f"\n[dim]fix: {esc(i['fix'])}[/dim]" if i["fix"] else ""
            improvements.append(("-", f"{esc(i['title'])}{pts}{quote}{fix}"))
        bullets("[bold yellow]Improvements[/bold yellow]", improvements or [("", "nothing the rubric flagged")])
    delivery = delivery_line(rep.delivery)
    if delivery:
        console.print(f"[bold]Delivery[/bold] {esc(delivery)}")
    if rep.rewind:
        console.print("[bold]Rewind first[/bold]")
        for r in rep.rewind:
            why = f", {esc(r['top_title'])}" if r["top_title"] else ""
            console.print(
                f"  answer {r['answer'] + 1} ({_fmt_score(r['score'])}/100{why}): "
                f"icraft rewind {rep.session_id} --answer {r['answer'] + 1}"
            )
    if rep.skipped:
        bullets("[bold]Skipped[/bold]", [("-", esc(q)) for q in rep.skipped_questions or rep.skipped])
    if rep.skills:
        moved = ", ".join(
            f"{s['skill_id']} {'new' if s['before'] is None else _fmt_score(s['before'])} → {_fmt_score(s['after'])}"
            for s in rep.skills
        )
        console.print(f"[bold]Skills[/bold] {moved}")
    told = story_lines(rep)
    if told:
        console.print("[bold]Stories told[/bold]")
        for line in told:
            console.print("  " + esc(line.split(" (`")[0]))
    if rep.posting:
        console.print(f"[bold]The job posting[/bold] {esc(rep.posting['title'])}")
        for line in posting_lines(rep.posting):
            console.print("  " + esc(line.removeprefix("- ").replace("**", "")))
