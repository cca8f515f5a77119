"""`icraft interview`: a complete mock interview, stored turn by turn, with a report."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Callable, Optional

import typer

from icraft.cli import completion

from icraft.cli.options import AudioInOpt, JsonFormat, PlainOpt, wants_json

if TYPE_CHECKING:
    import sqlite3

    from icraft.interview.engine import InterviewOptions
    from icraft.interview.wording import LLMWording

HELP = (
    "Run a mock interview in the terminal, offline by default.\n\n"
    "The interviewer greets you, warms up, asks core questions from the bank (paced to --minutes), "
    "follows up on what your answer lacked (no result, no numbers, \"we\" instead of \"I\", no trade-off; "
    "at most two follow-ups per question), takes your questions and closes with a scored report. "
    "Every turn is saved as it happens: `icraft interview --continue` resumes an interrupted interview.\n\n"
    "In an interactive terminal it runs full-screen (Ctrl+S sends an answer, Ctrl+E corrects the last one); "
    "with --plain or piped input "
    "it is a line dialogue: in a terminal an answer ends with an empty line or a line with a single \".\", "
    "piped input is one answer per line, and the end of input ends the interview. "
    "Say \"can you repeat the question\", \"give me a moment\" or \"skip\" at any time. See docs/INTERVIEW.md."
)


WARMUP_STORIES = 2  # stories `--stories` asks for first


def _wording(notify: Callable[[str], None]) -> LLMWording | None:
    """The configured LLM phrases the interviewer's lines through one fallback chain
    (llm.provider, llm.fallback, offline) for the whole session; None when offline."""
    from icraft.cli.play import model_chain

    chain = model_chain(notify, "the interview")
    if chain is None:
        return None
    from icraft.interview.wording import LLMWording

    return LLMWording(chain)


def _default_focus(conn: sqlite3.Connection, minutes: int) -> tuple[str, ...]:
    """The drill plan's weakest practised skills (none before any practice)."""
    from icraft.skills import plan

    items = [i for i in plan(conn, minutes=max(minutes, 10)) if i.score is not None]
    return tuple(dict.fromkeys(i.skill_id for i in items))[:3]


def _options(
    conn: sqlite3.Connection,
    *,
    role: str | None,
    type_: str | None,
    level: str | None,
    minutes: int | None,
    focus: list[str] | None,
    resume_file: Path | None,
    company: Path | None,
    seed: int | None,
    jd: str | None = None,
    stories: bool = False,
) -> InterviewOptions:
    import secrets

    from icraft import config
    from icraft.core.errors import InputError
    from icraft.interview import memory
    from icraft.interview.engine import InterviewOptions
    from icraft.interview.resume import load_company_notes, load_resume
    from icraft.skills import load_skills

    minutes = int(config.get("interview.minutes")) if minutes is None else minutes  # 0 is checked, not replaced
    known = {s.id for s in load_skills()}
    for f in focus or ():
        if f not in known:
            import difflib

            close = difflib.get_close_matches(f, known, n=1)
            raise InputError(
                f"unknown skill '{f}' for --focus", f"did you mean '{close[0]}'?" if close else "see `icraft skills`"
            )
    mem = memory.load(conn)
    posting = None
    notes = load_company_notes(company) if company else None
    if jd is not None:  # the posting fills what the options leave open
        from icraft.cli.jd_cmd import job_focus
        from icraft.interview.resume import CompanyNotes

        posting = job_focus(conn, jd)
        role = role or posting.role
        level = level or posting.level
        if not type_ and posting.session_type in ("behavioral", "technical", "system-design", "coding-discussion"):
            type_ = posting.session_type
        focus = focus or list(posting.focus)
        if notes is None and posting.company_facts:
            notes = CompanyNotes(posting.company or posting.title, posting.company_facts)
    warmup: tuple[dict, ...] = ()
    if stories:
        from icraft.stories import bank

        warmup = tuple(bank.weakest(conn, WARMUP_STORIES))
        if not warmup:
            raise InputError("--stories: the story bank is empty",
                             "answer behavioral questions first, or write one with `icraft stories add FILE`")
    return InterviewOptions(
        warmup_stories=warmup,
        role=role or config.get("interview.role"),
        type=type_ or config.get("interview.type"),
        level=level or config.get("interview.level"),
        minutes=minutes,
        focus=tuple(focus) if focus else _default_focus(conn, minutes),
        jd=posting,
        seed=secrets.randbelow(2**31) if seed is None else seed,
        resume=load_resume(resume_file) if resume_file else None,
        company=notes,
        memory_opening=mem.opening() if mem else None,
        weak_rules=mem.weak_rules if mem else (),
    )


def interview(
    session_id: Annotated[
        Optional[str],
        typer.Argument(help="With --continue: the interview to continue (default: the latest in progress).",
                       autocompletion=completion.sessions("interview", in_progress=True)),
    ] = None,
    role: Annotated[
        Optional[str],
        typer.Option(help="backend, frontend, fullstack, data, ml, sre, mobile or em (config interview.role).",
                     autocompletion=completion.roles),
    ] = None,
    type_: Annotated[
        Optional[str],
        typer.Option(
            "--type", help="behavioral, technical, system-design, coding-discussion, mixed (config interview.type), "
            "or coding: a live coding round (see icraft code).", autocompletion=completion.interview_types,
        ),
    ] = None,
    level: Annotated[
        Optional[str], typer.Option(help="junior, mid, senior or staff (config interview.level).",
                                    autocompletion=completion.levels)
    ] = None,
    minutes: Annotated[
        Optional[int], typer.Option(help="Interview length in minutes (1-240); paces how many questions are asked.")
    ] = None,
    focus: Annotated[
        Optional[list[str]],
        typer.Option(help="Skill to focus on (repeatable); default: the drill plan's weakest skills."),
    ] = None,
    resume_file: Annotated[
        Optional[Path],
        typer.Option("--resume-file", help="Your CV (.pdf, .md, .txt): some questions are about your projects."),
    ] = None,
    company: Annotated[
        Optional[Path],
        typer.Option(help="Notes about the company (.txt/.md, name on the first line), used to answer your questions."),
    ] = None,
    jd: Annotated[
        Optional[str],
        typer.Option("--jd", help="A job posting (a stored id from `icraft jd list`, or a file): its focus skills, "
                                  "level, role and company; each question says which requirement it probes."),
    ] = None,
    stories: Annotated[
        bool, typer.Option("--stories", help=f"Warm up on your story bank: the first questions ask you to tell "
                           f"its {WARMUP_STORIES} weakest stories again (see `icraft stories`).")
    ] = False,
    continue_: Annotated[
        bool, typer.Option("--continue", help="Continue an interrupted interview instead of starting one.")
    ] = False,
    plain: PlainOpt = False,
    voice: Annotated[
        bool, typer.Option("--voice", help="Speak the interview: microphone in (`icraft devices`), speech out "
                           "(config stt.*, tts.*); answers keep word timings. See docs/VOICE.md.")
    ] = False,
    audio_in: AudioInOpt = None,
    audio_out: Annotated[
        Optional[Path], typer.Option("--audio-out", help="With --voice: write the interviewer's speech to this WAV.")
    ] = None,
    keep_audio: Annotated[
        Optional[Path], typer.Option("--keep-audio", help="With --voice: keep each answer's audio in this folder "
                                     "(audio is never stored otherwise).")
    ] = None,
    report: Annotated[
        Optional[Path], typer.Option("--report", help="Also save the final report as Markdown here.")
    ] = None,
    report_json: Annotated[
        Optional[Path], typer.Option("--report-json", help="Also save the final report as JSON here.")
    ] = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the final report as JSON on stdout (dialogue goes to stderr; "
                           "the same as --format json).")
    ] = False,
    fmt: JsonFormat = None,
    quiet_findings: Annotated[
        bool, typer.Option("--no-live-findings", help="Do not show each answer's score during the interview.")
    ] = False,
    seed: Annotated[
        Optional[int], typer.Option(help="Seed for question choice: the same seed, answers and history give the "
                                    "same interview (questions from your last 30 days are avoided, so a rerun "
                                    "in the same ICRAFT_HOME asks others).")
    ] = None,
) -> None:
    import sys

    from icraft.cli.play import plain_notice, play, says_how_to_continue, use_tui
    from icraft.core.errors import InputError
    from icraft.interview.runner import mark_abandoned
    from icraft.modes.interview import InterviewRunner, latest_in_progress
    from icraft.store import connect
    from icraft.store import sessions as store

    json_out = wants_json(json_out, fmt)
    if type_ == "coding":  # a live coding round is its own mode
        from icraft.cli.code_round import run_round

        run_round(None, plain=plain, unsafe=False, json_out=json_out, report_path=report)
        return
    _check_writable(report, report_json)
    out = sys.stderr if json_out else sys.stdout
    tui = use_tui(plain=plain, out=out)
    held: list[str] = []  # provider notices before the full-screen UI is up: shown in it
    voiced = None
    if voice or audio_in:  # before any session exists: a missing microphone leaves nothing behind
        from icraft.cli.output import notice
        from icraft.voice.dialogue import open_session

        voiced = open_session(audio_in=audio_in, audio_out=audio_out, keep_audio=keep_audio,
                              notify=held.append if tui else notice)
    conn = connect()
    wording = _wording(held.append if tui else plain_notice)
    if continue_:
        # Not marking stale interviews abandoned first: the one being continued is not.
        sid = store.get_session(conn, session_id).id if session_id else latest_in_progress(conn)
        if wording is not None:
            wording.session_id = sid
        runner = InterviewRunner.load(conn, sid, wording=wording)
        done = runner.engine.phase.value == "done"
        first = None if done else runner.resume()
    else:
        if session_id:
            raise InputError(f"unexpected argument '{session_id}'", "to continue an interview use --continue ID")
        mark_abandoned(conn)
        opts = _options(
            conn,
            role=role,
            type_=type_,
            level=level,
            minutes=minutes,
            focus=focus,
            resume_file=resume_file,
            company=company,
            seed=seed,
            jd=jd,
            stories=stories,
        )
        runner = InterviewRunner.create(conn, opts, wording=wording)
        if wording is not None:
            wording.session_id = runner.session_id  # so `icraft usage` attributes the calls to it
        done = False
        with says_how_to_continue(runner):
            first = None if tui else runner.begin()  # the UI begins it itself: a model's greeting in a worker

    if not done:
        play(runner, first, tui=tui, voiced=voiced, held=held, out=out, show_findings=not quiet_findings)
    _finish(conn, runner.session_id, report=report, report_json=report_json, json_out=json_out)


def _finish(conn, session_id: str, *, report: Path | None, report_json: Path | None, json_out: bool) -> None:  # noqa: ANN001
    from icraft.cli.output import console, notice, print_json
    from icraft.core.errors import InputError
    from icraft.cli.interview_report import render_rich
    from icraft.cli.play import unfinished
    from icraft.interview.report import build_report, render_markdown
    from icraft.store import sessions as store

    row = store.get_session(conn, session_id)
    if unfinished(row, "interview", json_out=json_out):
        return
    rep = build_report(conn, row.id)
    if json_out:  # shown first: a file that cannot be written must not cost the report
        print_json({"completed": True, **rep.to_dict()})
    else:
        console().print()
        render_rich(rep, console())
    for path, text in ((report, lambda: render_markdown(rep)), (report_json, lambda: _json(rep.to_dict()))):
        if path is None:
            continue
        try:
            path.write_text(text(), encoding="utf-8")
        except OSError as e:
            kind = "json" if path is report_json else "md"
            raise InputError(f"cannot write {path}: {e.strerror}",
                             f"the interview is saved; `icraft sessions export {row.id} --format {kind}`") from None
        notice(f"report saved to {path}")


def _check_writable(*paths: Path | None) -> None:
    """Refuse a report path that cannot be written before the interview, not after it."""
    import os

    from icraft.core.errors import InputError

    for path in paths:
        if path is None:
            continue
        folder = path.parent if str(path.parent) else Path(".")
        if path.is_dir():
            raise InputError(f"cannot write the report to {path}: it is a folder", "give a file name")
        if not folder.is_dir():
            raise InputError(f"cannot write the report to {path}: folder {folder} does not exist")
        if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            raise InputError(f"cannot write the report to {path}: permission denied")


def _json(data: object) -> str:
    import json

    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def register(app: typer.Typer) -> None:
    app.command("interview", help=HELP, short_help="Run a mock interview in the terminal, offline by default.")(interview)
