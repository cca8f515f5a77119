"""`icraft skills [SKILL_ID]`: the skill graph with scores, evidence, trend and schedule."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Annotated

import typer

from icraft.cli.options import JsonFlag, JsonFormat, wants_json

if TYPE_CHECKING:
    from icraft.skills import SkillState

TREND_MARKS = {"improving": "↑ improving", "declining": "↓ declining", "stable": "→ stable", "new": "· new"}
TREND_STYLES = {"improving": "green", "declining": "red", "stable": "", "new": "dim"}
_BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: tuple[float, ...] | list[float]) -> str:
    """Scores 0-100 as block characters (absolute scale, so lines compare across skills)."""
    return "".join(_BARS[min(len(_BARS) - 1, int(v / 100 * len(_BARS)))] for v in values)


def due_text(state: SkillState, today: date, *, with_date: bool = False) -> str:
    """Relative due date ("in 3d", "overdue 2d"); never-practised skills are due now."""
    d = state.due_date()
    if d is None:
        return "now (new)" if with_date else "now"
    days = (d - today).days
    rel = f"overdue {-days}d" if days < 0 else "today" if days == 0 else f"in {days}d"
    return f"{d.isoformat()} ({rel})" if with_date else rel


def score_style(score: float | None) -> str:
    if score is None:
        return "dim"
    return "red" if score < 50 else "yellow" if score < 75 else "green"


def skills(
    skill_id: Annotated[
        str | None, typer.Argument(help="Show one skill in detail with its history (e.g. star_structure).")
    ] = None,
    json_out: JsonFlag = False,
    fmt: JsonFormat = None,
) -> None:
    """Every microskill with its score (0-100), evidence count, trend, due date and stability.

    Scores move with every saved lint, interview answer, rewind and drill; the due date and stability come from the skill's spaced-repetition card (fsrs). See docs/SKILLS.md for the update rule.

    \b
    Examples:
      icraft skills
      icraft skills star_structure   # history with evidence
      icraft skills --json
    """  # noqa: E501 (one line per paragraph: the help renderer keeps line breaks)
    from icraft.skills import skill_history, skill_state, skill_states
    from icraft.store import connect

    json_out = wants_json(json_out, fmt)
    today = datetime.now(timezone.utc).date()
    conn = connect()
    try:
        if skill_id is not None:
            state = skill_state(conn, skill_id)
            events = skill_history(conn, state.id, limit=30)
        else:
            states = skill_states(conn, history=12)
    finally:
        conn.close()
    if skill_id is not None:
        if json_out:
            from icraft.cli.output import print_json

            print_json({**state.to_dict(), "events": [e.to_dict() for e in events]})
            return
        _show_one(state, events, today)
        return
    if json_out:
        from icraft.cli.output import print_json

        print_json({"today": today.isoformat(), "skills": [s.to_dict() for s in states]})
        return
    _show_all(states, today)


def _show_all(states: list[SkillState], today: date) -> None:
    from rich.table import Table

    from icraft.cli.output import console

    from rich import box

    c = console()
    # Narrow terminals drop the least needed columns whole (most expendable first) rather
    # than letting Rich squeeze the score to nothing; `icraft skills ID` shows them all.
    drop = {name for name, needs in (("stability", 90), ("history", 78), ("answers", 68)) if c.width < needs}
    columns = [
        ("skill", {"style": "bold", "no_wrap": True}, lambda s: s.id),
        ("score", {"justify": "right", "no_wrap": True},
         lambda s: f"[{score_style(s.score)}]{s.score:.0f}[/]" if s.score is not None else "[dim]—[/]"),
        ("answers", {"justify": "right", "no_wrap": True}, lambda s: str(s.evidence)),
        ("trend", {"no_wrap": True},
         lambda s: f"[{TREND_STYLES[s.trend]}]{TREND_MARKS[s.trend]}[/]" if TREND_STYLES[s.trend] else TREND_MARKS[s.trend]),
        ("history", {"no_wrap": True, "overflow": "crop"}, lambda s: sparkline(s.history)),
        ("due", {"no_wrap": True}, lambda s: due_text(s, today)),
        ("stability", {"justify": "right", "no_wrap": True},
         lambda s: f"{s.stability:.1f}d" if s.stability is not None else "—"),
    ]
    columns = [col for col in columns if col[0] not in drop]
    table = Table(title="Skill graph", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for col, kw, _ in columns:
        table.add_column(col, min_width=len(col), **kw)  # type: ignore[arg-type]
    category = None
    for s in states:
        if s.skill.category != category:
            category = s.skill.category
            table.add_section()
            table.add_row(f"[dim]{category.replace('_', ' ')}[/]", *[""] * (len(columns) - 1))
        table.add_row(*(cell(s) for _, _, cell in columns))
    c.print(table)
    practised = sum(1 for s in states if s.score is not None)
    if not practised:
        c.print("[dim]No evidence yet: lint an answer or run `icraft drill` to start the graph.[/]")


def _show_one(state: SkillState, events: list, today: date) -> None:
    from rich.table import Table

    from icraft.cli.output import console

    c = console()
    s = state.skill
    score = f"{state.score:.0f}" if state.score is not None else "—"
    c.print(f"[bold]{s.name}[/] ({s.id}, {s.category.replace('_', ' ')})")
    c.print(f"[dim]{s.description}[/]")
    stability = f"{state.stability:.1f} days" if state.stability is not None else "—"
    c.print(
        f"score [{score_style(state.score)}]{score}[/]  evidence {state.evidence}  trend {TREND_MARKS[state.trend]}"
        f" ({state.slope:+.1f}/answer)  due {due_text(state, today, with_date=True)}  stability {stability}"
    )
    if not events:
        c.print("[dim]No evidence yet for this skill.[/]")
        return
    from rich import box
    from rich.markup import escape

    from icraft.rewrite.text import clip_quote

    # Every column but the evidence stays whole (no_wrap); the evidence wraps in what is left.
    # Under 72 columns "seen" (this answer's own score) and "source" go (both are in --json).
    wide = c.width >= 72
    table = Table(title=f"Last {len(events)} answers", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("when", no_wrap=True)
    for col in ("score", "seen") if wide else ("score",):
        table.add_column(col, justify="right", no_wrap=True)
    for col in ("source", "session") if wide else ("session",):
        table.add_column(col, no_wrap=True)
    table.add_column("evidence", ratio=1, min_width=16)
    for e in events:
        quote = (f'{e.rule_id}: "{escape(clip_quote(e.quote, 60))}"' if e.rule_id and e.quote
                 else (e.rule_id or "[green]rules passed[/]"))
        when = e.at[:16].replace("T", " ")
        when = when[5:] if when[:4] == str(today.year) else when
        cells = [when, f"{e.score:.0f}", f"{e.observed:.0f}", e.source, e.session_id or "—", quote]
        table.add_row(*(cells if wide else [cells[0], cells[1], cells[4], cells[5]]))
    c.print(table)


def register(app: typer.Typer) -> None:
    app.command("skills", short_help="Every microskill with its score, trend and due date.")(skills)
