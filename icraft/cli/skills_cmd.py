"""`icraft skills [SKILL_ID]`: the skill graph with scores, evidence, trend and schedule."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Annotated

import typer

from icraft.cli.options import JsonFlag, JsonFormat, wants_json
from icraft.fmt import TREND_MARKS, TREND_STYLES, score_style, sparkline

if TYPE_CHECKING:
    from icraft.skills import SkillState

def due_text(state: SkillState, today: date, *, with_date: bool = False) -> str:
    """Relative due date ("in 3d", "overdue 2d"); never-practised skills are due now."""
    d = state.due_date()
    if d is None:
        return "now (new)" if with_date else "now"
    days = (d - today).days
    rel = f"overdue {-days}d" if days < 0 else "today" if days == 0 else f"in {days}d"
    return f"{d.isoformat()} ({rel})" if with_date else rel


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
    from icraft.cli.output import Col, Section, console, print_table

    c = console()
    # Narrow terminals drop the least needed columns whole (most expendable first) rather
    # than letting Rich squeeze the score to nothing; `icraft skills ID` shows them all.
    cols = [Col("skill"), Col("score", justify="right"), Col("answers", justify="right", drop=3), Col("trend"),
            Col("history", drop=2), Col("due"), Col("stability", justify="right", drop=1)]
    rows: list = []
    category = None
    for s in states:
        if s.skill.category != category:
            category = s.skill.category
            rows.append(Section(category.replace("_", " ")))
        trend = f"[{TREND_STYLES[s.trend]}]{TREND_MARKS[s.trend]}[/]" if TREND_STYLES[s.trend] else TREND_MARKS[s.trend]
        rows.append([
            s.id,
            f"[{score_style(s.score)}]{s.score:.0f}[/]" if s.score is not None else "[dim]—[/]",
            str(s.evidence),
            trend,
            sparkline(s.history),
            due_text(s, today),
            f"{s.stability:.1f}d" if s.stability is not None else "—",
        ])
    print_table("Skill graph", cols, rows)
    practised = sum(1 for s in states if s.score is not None)
    if not practised:
        c.print("[dim]No evidence yet: lint an answer or run `icraft drill` to start the graph.[/]")


def _show_one(state: SkillState, events: list, today: date) -> None:
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
    from rich.markup import escape

    from icraft.cli.output import Col, print_table

    # Every column but the evidence stays whole; the evidence wraps in what is left. When
    # narrow, "seen" (this answer's own score) and "source" go first (both are in --json).
    cols = [Col("when"), Col("score", justify="right"), Col("seen", justify="right", drop=1), Col("source", drop=1),
            Col("session"), Col("evidence", wrap=True, min_width=16)]
    rows = []
    for e in events:
        quote = (f'{e.rule_id}: "{escape(e.quote)}"' if e.rule_id and e.quote
                 else (e.rule_id or "[green]rules passed[/]"))
        when = e.at[:16].replace("T", " ")
        when = when[5:] if when[:4] == str(today.year) else when
        rows.append([when, f"{e.score:.0f}", f"{e.observed:.0f}", e.source, e.session_id or "—", quote])
    print_table(f"Last {len(events)} answers", cols, rows, bold_first=False)


def register(app: typer.Typer) -> None:
    app.command("skills", short_help="Every microskill with its score, trend and due date.")(skills)
