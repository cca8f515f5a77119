"""`icraft drill`: run planned drills in the terminal (typed answers; works with piped stdin)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer

from icraft.cli.options import JsonFlag, JsonFormat, TodayOpt, wants_json
from icraft.cli.profile_opts import JdOpt, LevelOpt, RoleOpt
from icraft.core.errors import InputError
from icraft.fmt import count as plural

if TYPE_CHECKING:
    from icraft.practice.drill import DrillRecord, DrillTarget
    from icraft.skills import SkillChange


def drill(
    skill: Annotated[
        str | None, typer.Option("--skill", "-s", help="Drill this skill (see `icraft skills`); default: the plan.")
    ] = None,
    question: Annotated[
        str | None,
        typer.Option("--question", "-q", help="Practise this one bank question (the ids `icraft plan` shows).",
                     show_default=False),
    ] = None,
    count: Annotated[int, typer.Option("--count", "-n", help="How many drills to run.", min=1, max=50)] = 3,
    from_file: Annotated[
        Path | None,
        typer.Option(
            "--from-file",
            help="Read the answers from this file instead of the keyboard (same format: each answer ends "
            "with an empty line).",
        ),
    ] = None,
    rewind: Annotated[
        bool | None,
        typer.Option(
            "--rewind/--no-rewind",
            help="Offer one re-answer after each drill and show the score delta (default: only in a terminal).",
        ),
    ] = None,
    role: RoleOpt = None,
    level: LevelOpt = None,
    jd: JdOpt = None,
    today: TodayOpt = None,
    json_out: JsonFlag = False,
    fmt: JsonFormat = None,
) -> None:
    """Answer focused questions for your weakest, most overdue skills, linted at once.

    Each question targets the skill and fits your role and level (--role/--level, else config interview.role/level if set, else your last interview's). Type the answer over as many lines as you like; an empty line (or Ctrl-D) ends it. Findings about the drilled skill are highlighted, the rest listed after; an answer too short to show the skill does not move it. Each drill is saved as soon as it is scored and updates the skill's schedule; Ctrl-C stops and keeps everything answered so far. Once your story bank (`icraft stories`) has a story, the first drill asks for a story for a competency it has none (or only weak ones) for, the one a job posting (--jd) asks for most first; your answer joins the bank.

    \b
    Examples:
      icraft drill
      icraft drill --skill star_structure -n 1 --rewind
      icraft drill --question beh-conflict-005
      icraft drill --skill tradeoff_analysis --from-file answers.txt --json
    """
    from icraft.practice.drill import question_target, read_answer, record_drill, record_rewind, targets
    from icraft.skills import as_of
    from icraft.store import connect

    json_out = wants_json(json_out, fmt)
    stream: IO[str] = sys.stdin
    if from_file:  # read and checked before anything is stored
        import io

        from icraft.formats import read_text_file

        text, _ = read_text_file(from_file)  # one-line errors: missing, directory, binary, not UTF-8
        if not text.strip():
            raise InputError(f"{from_file}: has no answer in it", "write each answer, then an empty line")
        stream = io.StringIO(text)
    interactive = from_file is None and sys.stdin.isatty()
    ui = _Ui(quiet=json_out, interactive=interactive)
    records: list[DrillRecord] = []
    conn = connect()
    try:  # closed on every way out: done, empty plan, Ctrl-C, a bug
        day = as_of(today)
        if question is not None:  # one question, whatever --count says
            plan = [question_target(conn, question, skill_id=skill, today=day)]
        else:
            posting = None
            if jd is not None:
                from icraft.cli.jd_cmd import job_focus

                posting = job_focus(conn, jd)
                role, level = role or posting.role, level or posting.level
            plan = targets(conn, skill_id=skill, count=count, today=day, role=role, level=level,
                           weights=posting.weights if posting else None)
            if skill is None:  # the story bank's most wanted gap is the first drill
                from icraft.practice.drill import story_gap_target
                from icraft.stories.bank import posting_weights

                gap = story_gap_target(conn, weights=posting_weights(posting) if posting else None)
                if gap is not None and all(t.question.id != gap.question.id for t in plan):
                    plan = [gap, *plan][:count]
            if posting is not None:
                plan = _with_probes(plan, posting)
        if not plan:
            raise InputError("nothing to drill: the plan is empty", "try `icraft drill --skill ID`")
        offer_rewind = interactive if rewind is None else rewind
        for n, target in enumerate(plan, 1):
            ui.question(n, len(plan), target)
            answer = read_answer(stream)
            if answer is None:
                break
            rec = record_drill(conn, target, answer)
            records.append(rec)
            ui.result(rec)
            if offer_rewind:
                ui.prompt_rewind()
                again = read_answer(stream, skip_leading_blank=False)
                if again:
                    record_rewind(conn, rec, again)
                    ui.rewind(rec)
    except KeyboardInterrupt:
        from icraft.cli.output import notice

        # Typer turns the interrupt into exit 130 silently; say what was kept.
        notice(f"interrupted: {plural(len(records), 'drill')} answered and saved")
        raise
    finally:
        conn.close()
    if not records:
        raise InputError("no answer was given, nothing saved", "type an answer, or pipe one: echo 'answer' | icraft drill")
    if json_out:
        from icraft.cli.output import print_json

        print_json({"drills": [r.to_dict() for r in records]})
        return
    ui.summary(records)


def _with_probes(plan: list[DrillTarget], posting: Any) -> list[DrillTarget]:
    """Each drill with the posting's requirement it probes (its quote), when one shares a skill."""
    from dataclasses import replace

    used: list[int] = []
    out = []
    for target in plan:
        probe = posting.probe_for(target.question.skills, used, text=target.question.text)
        if probe is not None:
            used.append(probe.index)
            target = replace(target, probe=posting.line(probe).strip())
        out.append(target)
    return out


class _Ui:
    """Human rendering of a drill run (silent with --json, which prints one JSON document at the end)."""

    def __init__(self, *, quiet: bool, interactive: bool) -> None:
        self.quiet = quiet
        self.interactive = interactive

    def _c(self):
        from icraft.cli.output import console

        return console()

    def question(self, n: int, total: int, target: DrillTarget) -> None:
        if self.quiet:
            return
        from icraft.skills import get_skill

        c = self._c()
        s = get_skill(target.skill_id)
        q = target.question
        c.rule(f"drill {n}/{total}: {s.name}")
        c.print(f"[dim]{q.id} · {q.type} · about {q.minutes:g} min[/]")
        if target.story_gap:
            c.print(f"No strong story yet for {target.story_gap.replace('_', ' ')}: tell one (it joins `icraft stories`).",
                    markup=False)
        if target.probe:
            c.print(target.probe, style="italic", markup=False)
        c.print(q.text, style="bold", markup=False)
        if self.interactive:
            c.print("[dim]Type your answer; an empty line ends it (Ctrl-D: stop, Ctrl-C: quit).[/]")
        c.file.flush()  # a program driving the drill through pipes sees the question before answering

    def result(self, rec: DrillRecord) -> None:
        from icraft.rubric.report import cost_label

        if self.quiet:
            return
        from icraft.practice.drill import others, relevant

        c = self._c()
        r = rec.result
        c.print(f"score [bold]{r.score.overall}[/]/100  ({r.question_type})")
        from rich.markup import escape

        from icraft.rewrite.text import clip_quote

        focus = relevant(r, rec.target.skill_id)
        if focus:
            for f in focus:
                quote = f' "{escape(clip_quote(f.spans[0].quote))}"' if f.spans else ""
                c.print(f"[bold yellow]● {f.rule_id}[/] ({cost_label(f.rule_id, f.category, f.points)}) {escape(f.message)}[italic]{quote}[/]")
                c.print(f"  [green]fix:[/] {escape(f.fix)}")
        elif any(ch.skill_id == rec.target.skill_id for ch in rec.changes):
            c.print(f"[green]✓ no finding about {rec.target.skill_id}[/]")
        rest = others(r, rec.target.skill_id)
        if rest:
            c.print("[dim]also: " + ", ".join(
                f"{f.rule_id} ({cost_label(f.rule_id, f.category, f.points)})" if f.measurable else f"{f.rule_id} (not measurable)" for f in rest
            ) + "[/]")
        self._changes(rec.changes, rec.target.skill_id, rec.note)

    def _changes(self, changes: list[SkillChange], focus: str, note: str | None) -> None:
        """The drilled skill's move on its own line, the other skills' moves on one dim line."""
        c = self._c()
        mine = [ch for ch in changes if ch.skill_id == focus]
        for ch in mine:
            before = "new" if ch.before is None else f"{ch.before:.0f}"
            c.print(f"[bold]{focus}: {before} → {ch.after:.0f}[/] (this answer {ch.observed:.0f}), next drill {ch.due[:10]}")
        if not mine and note:
            from rich.markup import escape

            c.print(f"[bold]{focus}:[/] {escape(note)}")
        rest = [f"{ch.skill_id} {ch.after:.0f}" for ch in changes if ch.skill_id != focus]
        if rest:
            c.print("[dim]also moved: " + ", ".join(rest) + "[/]")

    def prompt_rewind(self) -> None:
        if not self.quiet and self.interactive:
            self._c().print("[dim]Rewind: re-answer now (empty line to skip).[/]")

    def rewind(self, rec: DrillRecord) -> None:
        if self.quiet or rec.rewind is None:
            return
        d = rec.delta or 0
        colour = "green" if d > 0 else "red" if d < 0 else "dim"
        self._c().print(f"rewind score {rec.rewind.score.overall} ([{colour}]{d:+d}[/])")
        self._changes(rec.rewind_changes, rec.target.skill_id, rec.rewind_note)

    def summary(self, records: list[DrillRecord]) -> None:
        c = self._c()
        c.rule()
        c.print(f"{plural(len(records), 'drill')} saved: " + ", ".join(f"{r.session_id} ({r.result.score.overall})" for r in records))


def register(app: typer.Typer) -> None:
    app.command("drill", short_help="Answer focused questions for your weakest, most due skills.")(drill)
