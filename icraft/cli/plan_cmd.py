"""`icraft plan`: today's drill plan, ordered by urgency, within a time budget."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from icraft.cli.options import JsonFlag, JsonFormat, TodayOpt, wants_json
from icraft.cli.profile_opts import JdOpt, LevelOpt, RoleOpt


def plan(
    minutes: Annotated[int, typer.Option("--minutes", "-m", help="Time budget in minutes.", min=1, max=600)] = 30,
    interview_date: Annotated[
        str | None,
        typer.Option(
            "--interview-date",
            help="Your interview date (YYYY-MM-DD): the nearer it is, the shorter the drills and the more "
            "often weak skills repeat.",
        ),
    ] = None,
    role: RoleOpt = None,
    level: LevelOpt = None,
    jd: JdOpt = None,
    today: TodayOpt = None,
    json_out: JsonFlag = False,
    fmt: JsonFormat = None,
) -> None:
    """Which skills to drill now and with which questions, most urgent first.

    Urgency grows with weakness (low score), days overdue on the skill's spaced-repetition schedule and a declining trend; skills you never practised get a moderate prior. Each skill gets a question that drills it, for your role and level. Run the plan with `icraft drill`. See docs/SKILLS.md.

    \b
    Examples:
      icraft plan
      icraft plan -m 45 --interview-date 2026-12-15
      icraft plan --role data --level senior
      icraft plan --json
    """  # noqa: E501 (one line per paragraph: the help renderer keeps line breaks)
    from icraft.skills import as_of, parse_date
    from icraft.skills import plan as make_plan
    from icraft.skills.plan import practice_profile
    from icraft.store import connect

    json_out = wants_json(json_out, fmt)
    when = parse_date(interview_date)
    day = as_of(today)
    conn = connect()
    try:
        weights = reasons = None
        if jd is not None:
            from icraft.cli.jd_cmd import job_focus

            posting = job_focus(conn, jd)
            role, level, weights = role or posting.role, level or posting.level, posting.weights
            reasons = posting.reasons
        role, level = practice_profile(conn, role=role, level=level)
        items = make_plan(conn, minutes=minutes, interview_date=when, today=day, role=role, level=level,
                          weights=weights, reasons=reasons)
        gap = _story_gap(conn, posting if jd is not None else None)
    finally:
        conn.close()
    total = sum(i.minutes for i in items)
    if json_out:
        from icraft.cli.output import print_json

        print_json(
            {
                "today": day.isoformat(),
                "interview_date": when.isoformat() if when else None,
                "minutes": minutes,
                "planned_minutes": total,
                "role": role,
                "level": level,
                "items": [i.to_dict() for i in items],
                "story_gap": gap,
            }
        )
        return
    from rich.markup import escape

    from icraft.cli.output import Col, console, print_table

    title = f"Drill plan: {total} of {minutes} min, questions for {level} {role}"
    if when:
        title += f", interview in {(when - day).days} days"
    # Short columns keep their full width; the question takes what is left and wraps
    # (it is what you will answer, so it is never cut); too narrow for that, one block
    # per drill, headed by its skill.
    cols = [Col("#", justify="right"), Col("skill", style="bold"), Col("min", justify="right"),
            Col("why", wrap=True, min_width=20), Col("question", wrap=True, min_width=24)]
    rows = [[str(n), it.skill_id, str(it.minutes), escape(", ".join(it.reasons)),
             f"[dim]{escape(it.question_id)}[/] {escape(it.question)}"] for n, it in enumerate(items, 1)]
    print_table(title, cols, rows, bold_first=False, head=1)
    c = console()
    if gap is not None:
        c.print(f"Story bank: no strong story yet for {gap['competency'].replace('_', ' ')}; `icraft drill` starts "
                f"with \"{escape(gap['question'])}\" ({gap['question_id']}).", markup=True)
    if items:
        c.print("[dim]Start with `icraft drill` (or `icraft drill --skill ID`, `icraft drill --question ID`).[/]")
    else:
        c.print("[dim]No drill fits: try a larger --minutes.[/]")


def _story_gap(conn: Any, posting: Any) -> dict[str, str] | None:
    """The story bank's most wanted gap, the first drill of `icraft drill` (None: no gap, or
    no story yet), weighted by the posting's competencies with --jd."""
    from icraft.practice.drill import story_gap_target
    from icraft.stories.bank import posting_weights

    target = story_gap_target(conn, weights=posting_weights(posting) if posting is not None else None)
    if target is None or target.story_gap is None:
        return None
    return {"competency": target.story_gap, "question_id": target.question.id, "question": target.question.text}


def register(app: typer.Typer) -> None:
    app.command("plan", short_help="Which skills to drill now, and with which questions.")(plan)
