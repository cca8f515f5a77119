"""`icraft negotiate`: a salary negotiation against a recruiter with a hidden budget."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional, TextIO

import typer

from icraft.cli import completion

from icraft.cli.options import AudioInOpt, JsonFormat, PlainOpt, wants_json

if TYPE_CHECKING:
    import sqlite3

    from icraft.modes.runner import SessionRunner

SHORT = "Negotiate an offer with a recruiter who has a hidden budget."
HELP = (
    f"{SHORT}\n\n"
    "The recruiter asks for your number, makes an offer and counters by code: a time-based "
    "concession over base, bonus, equity, sign-on and PTO, trades on what is cheap for the company, "
    "and never offers past its hidden limits. It ends in a deal, a walk-away or the deadline; then the "
    "debrief shows the offer ledger, the limits revealed, the money left on the table and where each "
    "point was won or lost.\n\n"
    "In an interactive terminal it runs full-screen (Ctrl+S sends a turn); with --plain or piped input it is a "
    "line dialogue (piped: one line per turn; the end of input walks away). --voice speaks it. "
    "Every turn is saved: `icraft negotiate --continue` resumes. See docs/NEGOTIATION.md.\n\n"
    "\b\n"
    "Examples:\n"
    "  icraft negotiate --list\n"
    "  icraft negotiate --role backend --level senior\n"
    "  icraft negotiate --scenario ml-staff-bigtech --seed 7\n"
    "  icraft negotiate --scenario ./my-offer.toml\n"
    "  printf 'I am looking for 204k base, based on market data.\\nI accept.\\n' | icraft negotiate --seed 1 --json"
)


def negotiate(
    session_id: Annotated[
        Optional[str],
        typer.Argument(help="With --continue: the negotiation to continue (default: the latest in progress).",
                       autocompletion=completion.sessions("negotiation", in_progress=True)),
    ] = None,
    scenario: Annotated[
        Optional[str],
        typer.Option("--scenario", "-s", help="A scenario id (see --list) or the path of your own scenario .toml.",
                     autocompletion=completion.scenarios),
    ] = None,
    seed: Annotated[
        Optional[int],
        typer.Option(help="Seed: the same scenario, seed and lines give the same negotiation, offer for offer."),
    ] = None,
    role: Annotated[
        Optional[str], typer.Option(help="Pick a scenario for this role (backend, frontend, ml, sre, em...).",
                                    autocompletion=completion.roles)
    ] = None,
    level: Annotated[Optional[str], typer.Option(help="Pick a scenario for this level (junior, mid, senior, staff).",
                                                 autocompletion=completion.levels)] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the bundled scenarios and exit.")] = False,
    continue_: Annotated[
        bool, typer.Option("--continue", help="Continue an interrupted negotiation instead of starting one.")
    ] = False,
    plain: PlainOpt = False,
    voice: Annotated[
        bool, typer.Option("--voice", help="Speak the negotiation: microphone in, speech out (config stt.*, tts.*). "
                           "See docs/VOICE.md.")
    ] = False,
    audio_in: AudioInOpt = None,
    audio_out: Annotated[
        Optional[Path], typer.Option("--audio-out", help="With --voice: write the recruiter's speech to this WAV.")
    ] = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the final result as JSON on stdout once it ends (the dialogue goes "
                           "to stderr; the same as --format json).")
    ] = False,
    fmt: JsonFormat = None,
) -> None:
    import sys

    from icraft.cli.play import plain_notice, play, says_how_to_continue, use_tui
    from icraft.core.errors import InputError
    from icraft.modes.runner import SessionRunner, latest_in_progress
    from icraft.store import connect
    from icraft.store import sessions as store

    json_out = wants_json(json_out, fmt)
    if list_:
        _list(json_out)
        return
    out = sys.stderr if json_out else sys.stdout
    tui = use_tui(plain=plain, out=out)
    options = None
    if continue_:
        if scenario or seed is not None or role or level:
            raise InputError("--continue resumes a stored negotiation as it was",
                             "drop --scenario, --seed, --role and --level")
    else:
        if session_id:
            raise InputError(f"unexpected argument '{session_id}'", "to continue a negotiation use --continue ID")
        options = _options(scenario, seed, role, level)  # a bad scenario fails before anything is opened
    held: list[str] = []
    voiced = None
    if voice or audio_in:  # before any session exists: a missing microphone leaves nothing behind
        from icraft.cli.output import notice
        from icraft.voice.dialogue import open_session

        voiced = open_session(audio_in=audio_in, audio_out=audio_out, keep_audio=None,
                              notify=held.append if tui else notice)
    conn = connect()
    rewriter = _rewriter(held.append if tui else plain_notice)
    if options is None:
        sid = store.get_session(conn, session_id).id if session_id else latest_in_progress(conn, "negotiation")
        if rewriter is not None:
            rewriter.session_id = sid
        runner = SessionRunner.load(conn, sid, kind="negotiation", update_skills=False, rewriter=rewriter)
        done = runner.dialogue.phase == "done"
        first = None if done else runner.resume()
    else:
        runner = SessionRunner.create(conn, "negotiation", options, update_skills=False, rewriter=rewriter)
        if rewriter is not None:
            rewriter.session_id = runner.session_id  # so `icraft usage` attributes the calls to it
        done = False
        with says_how_to_continue(runner):
            first = None if tui else runner.begin()
    if not done:
        play(runner, first, tui=tui, voiced=voiced, held=held, out=out, show_findings=False)
    _finish(conn, runner, json_out=json_out, out=out)


def _rewriter(notify: Any) -> Any:
    """With a model provider configured, the recruiter's lines are worded by it through one
    fallback chain for the session (numbers checked by the engine); None when offline."""
    from icraft.cli.play import model_chain

    chain = model_chain(notify, "the negotiation")
    if chain is None:
        return None
    from icraft.negotiation.model_wording import ModelRewriter

    return ModelRewriter(chain)


def _options(scenario: str | None, seed: int | None, role: str | None, level: str | None) -> dict[str, Any]:
    import secrets

    from icraft.core.errors import InputError
    from icraft.modes.negotiation import options_for
    from icraft.negotiation import scenario as scenarios

    if seed is not None and seed < 0:
        raise InputError(f"--seed must be 0 or more, not {seed}")
    seed = secrets.randbelow(2**31) if seed is None else seed
    if scenario and (role or level):
        raise InputError("--scenario names one scenario; --role and --level pick one", "pass one or the other")
    scn = scenarios.get(scenario) if scenario else scenarios.choose(role=role, level=level, seed=seed)
    return options_for(scn, seed)


def _list(json_out: bool) -> None:
    from icraft.cli.output import Col, print_json, print_table
    from icraft.negotiation.scenario import load_all

    scns = load_all()
    if json_out:
        print_json([s.public() for s in scns])
        return
    rows = [
        [s.id, s.role, s.level, s.company, s.persona, str(s.deadline), f"${s.market['p50']:,}", s.location]
        for s in scns
    ]
    cols = [Col("id"), Col("role"), Col("level"), Col("company", drop=2), Col("persona", drop=3),
            Col("turns", justify="right", drop=4), Col("market p50", justify="right", drop=1),
            Col("location", drop=0, wrap=True)]
    print_table("Negotiation scenarios (the recruiter's limits stay hidden)", cols, rows)


def _finish(conn: sqlite3.Connection, runner: SessionRunner, *, json_out: bool, out: TextIO) -> None:
    from icraft.cli.output import notice, print_json
    from icraft.cli.play import unfinished
    from icraft.negotiation.debrief import lines
    from icraft.store import sessions as store

    row = store.get_session(conn, runner.session_id)
    neg = runner.dialogue.neg
    if unfinished(row, "negotiate", json_out=json_out, scenario=neg.scenario.id, seed=neg.seed,
                  ledger=[e.to_dict() for e in neg.ledger]):  # the ledger so far; never the hidden limits
        return
    report = runner.report()
    if report is None:
        notice(f"negotiation {row.id} ended")
        return
    result = {"session_id": row.id, "completed": True, **report.to_dict()}
    if json_out:
        print_json(result)
        return
    out.write("\n" + "\n".join(lines(result)) + "\n")
    out.flush()


def register(app: typer.Typer) -> None:
    app.command("negotiate", help=HELP, short_help=SHORT)(negotiate)
