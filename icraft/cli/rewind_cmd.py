"""`icraft rewind SESSION_OR_FILE [--answer N]`: re-answer your weakest answer and see the
delta at once, per category and per rule."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from icraft.cli import completion

from icraft.cli.diff_cmd import AnswerOpt, FromOpt, points_label
from icraft.cli.options import JsonFlag, JsonFormat, wants_json

if TYPE_CHECKING:
    import sqlite3

    from icraft.practice.rewind import History, Outcome, Target

SourceArg = Annotated[
    str,
    typer.Argument(
        help="A stored session id (see `icraft sessions`), or a transcript file, which is linted and "
        "saved as a session first.",
        show_default=False,
        autocompletion=completion.sessions_or_files,
    ),
]
FromFileOpt = Annotated[
    Optional[str],
    typer.Option("--from-file", help="Read the re-answer from this file (text, or a transcript) "
                 "instead of typing it.", show_default=False),
]
HistoryFlag = Annotated[
    bool, typer.Option("--history", help="Show the stored attempts, best attempt and rewind count instead.")
]
NoSkillsFlag = Annotated[
    bool, typer.Option("--no-skills", help="Store the attempt but do not update the skill graph.")
]


def rewind(
    source: SourceArg,
    answer: AnswerOpt = None,
    from_file: FromFileOpt = None,
    from_: FromOpt = None,
    show_history: HistoryFlag = False,
    no_skills: NoSkillsFlag = False,
    json_out: JsonFlag = False,
    fmt: JsonFormat = None,
) -> None:
    """Re-answer your weakest answer and see the delta at once.

    Shows the question, the weakest part with its findings and fix hints, then takes your re-answer: type it and finish with an empty line (or Ctrl-D), pipe it in, or use --from-file. Both answers are linted by the same engine, so the same re-answer always gives the same delta: "+12 structure, -3 depth; fixed: missing_result; new: rambling". Every attempt is stored.

    On a negotiation (`icraft negotiate`), --answer N is your N-th turn (default: the first where a point was lost): the new line takes its place, your later lines are replayed with the same seed, and the delta is shown in dollars (the package's value, the money left on the table) and points. A negotiation rewind is shown, not stored.

    \b
    Examples:
      icraft rewind answer.txt
      icraft rewind SESSION_ID --answer 2 --from-file better.txt
      icraft rewind SESSION_ID --history
      icraft rewind NEGOTIATION_ID --answer 2
    """  # noqa: E501 (one line per paragraph: the help renderer keeps line breaks)
    from icraft.practice import rewind as rw
    from icraft.store import connect

    json_out = wants_json(json_out, fmt)
    text = rw.read_reanswer_text(from_file) if from_file and not show_history else None  # before storing
    conn = connect()
    try:
        sid, how = rw.open_source(conn, source, fmt=from_, answer=answer)
        if how == rw.SAVED:
            typer.echo(f"saved {source} as session {sid} (rewind it again with `icraft rewind {sid}`)", err=True)
        elif how == rw.REUSED:
            typer.echo(f"{source}: same content as session {sid}, which is used (its history goes on)", err=True)
        if show_history:
            _show_history(conn, sid, answer, json_out)
            return
        if how == rw.GIVEN and _is_negotiation(conn, sid):
            _rewind_negotiation(conn, sid, answer, text, json_out)
            return
        target = rw.load_target(conn, sid, answer)
        if not json_out:
            show_target(target)
        if text is None:
            try:
                text = read_typed()
            except KeyboardInterrupt:
                from icraft.cli.output import notice

                # Typer exits 130 silently; say what was kept and how to come back.
                notice(f"interrupted: no re-answer stored (rewind later with `icraft rewind {sid}`)")
                raise
        outcome = rw.rewind(conn, target, text, update_skills=not no_skills)
    finally:
        conn.close()
    if json_out:
        from icraft.cli.output import print_json

        print_json(outcome.to_dict())
        return
    show_outcome(outcome)


def _is_negotiation(conn: sqlite3.Connection, sid: str) -> bool:
    from icraft.store import sessions as store

    return store.get_session(conn, sid).kind == "negotiation"


def _rewind_negotiation(conn: sqlite3.Connection, sid: str, turn: int | None, text: str | None, json_out: bool) -> None:
    """A negotiation turn said differently: the same seed replays the rest, the delta is in
    dollars and points. Shown, not stored: the negotiation stays as it was played."""
    from icraft.cli.output import echo, print_json
    from icraft.modes.negotiation import stored_dialogue
    from icraft.negotiation.rewind import rewind as rewind_negotiation
    from icraft.negotiation.rewind import weakest_turn
    from icraft.negotiation.scoring import result as final_result
    from icraft.negotiation.wording import money

    neg = stored_dialogue(conn, sid).neg
    if not neg.done:
        from icraft.core.errors import InputError

        raise InputError(f"negotiation {sid} is still in progress", f"finish it first: `icraft negotiate --continue {sid}`")
    turn = weakest_turn(final_result(neg)) if turn is None else turn
    if text is None:
        if not json_out and 1 <= turn <= len(neg.lines):
            sys.stderr.write(f"Turn {turn}, you said: {neg.lines[turn - 1]}\n")
        text = read_typed()
    r = rewind_negotiation(neg.scenario, neg.seed, list(neg.lines), turn, text)
    if json_out:
        print_json({"session_id": sid, **r.to_dict()})
        return
    d, b, a = r.delta, r.before, r.after
    echo(f"turn {r.turn}: \"{r.before_text}\" -> \"{r.after_text}\" (the rest replayed with seed {neg.seed})")
    deal = {True: "a deal", False: "no deal"}
    echo(f"  ending: {deal[b['final']['deal']]} -> {deal[a['final']['deal']]} ({a['status']})")
    echo(f"  first-year value: {money(b['final']['value'])} -> {money(a['final']['value'])} "
         f"({'+' if d['final_value'] >= 0 else '-'}{money(abs(d['final_value']))} a year)")
    echo(f"  money left on the table: {money(b['money_left'])} -> {money(a['money_left'])}")
    for k, delta in d["scores"].items():
        if delta is not None:
            echo(f"  {k.replace('_', ' ')}: {b['scores'][k]} -> {a['scores'][k]} ({delta:+d})")


def read_typed() -> str:
    """The re-answer from stdin: typed lines until an empty line or EOF (the drill's
    reader), or all of piped input (a pasted answer may have paragraphs)."""
    from icraft.core.errors import InputError
    from icraft.practice.drill import read_answer

    if sys.stdin.isatty():
        sys.stderr.write("Your re-answer (finish with an empty line, or Ctrl-D):\n")
        sys.stderr.flush()
        text = read_answer(sys.stdin) or ""
    else:
        text = sys.stdin.read()
    if not text.strip():
        raise InputError("no re-answer given", "type it and end with an empty line, pipe it in, or use --from-file")
    return text


# -- human output ------------------------------------------------------------------------


def show_target(target: Target) -> None:
    from rich.markup import escape
    from rich.text import Text

    from icraft.cli.output import console
    from icraft.rewrite.text import clip_quote
    from icraft.rubric.report import cost_label

    out = console()
    score = target.original.score.overall
    recorded = ""
    if target.recorded is not None and target.recorded != score:
        recorded = f" [dim](as text; recorded {target.recorded} with timing rules)[/]"
    out.print(f"[bold]Rewind[/] session {target.session_id} · answer {target.number} · {target.question_type}"
              f" · score {score}/100{recorded}")
    if target.question:
        from icraft.interview.wording import bare_question

        out.print(f"[dim]Q:[/] {escape(bare_question(target.question))}")
    a, b = target.weakest_segment()
    seg = Text(("… " if a else "") + target.text[a:b] + (" …" if b < len(target.text) else ""))
    offset = 2 if a else 0
    findings = [f for f in target.original.findings if f.measurable]
    for f in findings:
        for s in f.spans:
            lo, hi = max(s.char_start, a), min(s.char_end, b)
            if lo < hi:
                seg.stylize("bold red underline", lo - a + offset, hi - a + offset)
    out.print(Text("weakest part: ", style="bold") + seg)
    for f in sorted(findings, key=lambda f: -f.points):
        quote = f' — "{clip_quote(f.spans[0].quote)}"' if f.spans else ""
        out.print(f"  [red]{f.rule_id}[/] ({cost_label(f.rule_id, f.category, f.points)}) {escape(f.message)}{escape(quote)}")
    if not findings:
        out.print("[green]no findings on this answer[/]: re-answer it anyway, or pick another with --answer")
    hints = target.hints()
    if hints:
        out.print("[bold]try:[/] " + escape(" · ".join(hints)))


def show_outcome(o: Outcome) -> None:
    from rich.markup import escape

    from icraft.cli.output import console

    out = console()
    d = o.delta
    colour = "green" if d.overall > 0 else "red" if d.overall < 0 else "dim"
    out.print(f"\n[bold]attempt {o.attempt}[/]: {d.before} -> {d.after} [{colour}]({d.overall:+d})[/]")
    out.print(escape(d.summary()))
    for r in d.rules:
        if r.gain or r.status in ("fixed", "new"):
            c = "green" if r.gain > 0 else "red" if r.gain < 0 else "dim"
            out.print(f"  [{c}]{r.status:<6}[/] {r.rule_id}: {points_label(r.gain)}")
    if d.residual:
        out.print(f"  [dim]rounding and category caps: {d.residual:+d}[/]")
    remaining = sorted({f.rule_id for f in o.result.findings if f.measurable})
    if remaining:
        out.print(f"still to fix: {', '.join(remaining)}")
    best = o.history.best
    if best is not None:
        out.print(f"best: attempt {best.attempt} ({best.overall}) · rewinds: {o.history.rewinds}")
    # A skill's first evidence has no score before it (None): shown as "new", always a move.
    moved = [c for c in o.skill_changes if c.before is None or round(c.before) != round(c.after)]
    if o.repeat:
        out.print("[dim]skills: not moved again (this same re-answer was counted before)[/]")
    if moved:
        out.print("skills: " + ", ".join(
            f"{c.skill_id} {'new' if c.before is None else f'{c.before:.0f}'} -> {c.after:.0f}" for c in moved
        ))


def _show_history(conn: sqlite3.Connection, sid: str, answer: int | None, json_out: bool) -> None:
    from icraft.practice import rewind as rw

    from icraft.store import sessions as store

    numbers = rw.numbers_of(store.load_transcript(conn, sid))  # read once for the index and the labels
    idx = None if answer is None else numbers.index(answer, f"session {sid}")
    hs = rw.histories(conn, sid, numbers, only=idx)
    if json_out:
        from icraft.cli.output import print_json

        print_json({"session_id": sid, "answers": [h.to_dict() for h in hs]})
        return
    render_history(sid, hs)


def render_history(sid: str, hs: list[History]) -> None:
    from icraft.cli.output import Col, print_table

    cols = [Col("answer", justify="right", heading="answer {}"), Col("attempts (score)", wrap=True, min_width=10), Col("best"),
            Col("rewinds", justify="right")]
    rows = []
    for h in hs:
        best = h.best
        runs = " ".join(f"#{a.attempt}:{a.not_judged or a.overall}" for a in h.attempts)
        rows.append([str(h.number or h.answer_index + 1), runs, f"#{best.attempt} ({best.overall})" if best else "-", str(h.rewinds)])
    print_table(f"session {sid}: attempts per answer", cols, rows)


def register(app: typer.Typer) -> None:
    app.command("rewind", short_help="Re-answer your weakest answer and see the delta at once.")(rewind)
