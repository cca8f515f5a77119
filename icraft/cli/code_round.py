"""Running a coding round from the command line (``icraft code [PROBLEM]``, ``icraft interview
--type coding``): the sandbox is checked first, the session is stored turn by turn by the
modes' SessionRunner, and the front end is the Textual app or plain lines. (A front end,
so it lives with the CLI: ``icraft.coding`` below holds the problems, judge and scores.)

Plain lines: the approach and the follow-up answers end with an empty line (one line each
when piped); code is a file path on one line, or pasted lines ending with a line ``EOF``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # pragma: no cover
    from icraft.modes.runner import SessionRunner

EOF_LINE = "EOF"


def choose_problem(problem_id: str | None) -> str:
    from icraft.coding import bank

    if problem_id is not None:
        return bank.get(problem_id).id
    import secrets

    return secrets.choice(sorted(bank.problems()))


def code_reader(stream: TextIO, out: TextIO, interactive: bool):
    """Reads code: a path to a file on the first line, or lines up to ``EOF``; None at end of input."""

    def read() -> str | None:
        if interactive:
            out.write(f"(a file path, or paste the code and end with a line {EOF_LINE})\n")
            out.flush()
        lines: list[str] = []
        while True:
            line = stream.readline()
            if line == "":
                return "\n".join(lines) if lines else None
            line = line.rstrip("\r\n")
            if line.strip() == EOF_LINE:
                return "\n".join(lines) + "\n"
            if not lines and line.strip() and "\n" not in line:
                candidate = Path(line.strip()).expanduser()
                if candidate.suffix == ".py" and candidate.is_file():
                    return candidate.read_text(encoding="utf-8")
                if line.strip().lower() in ("move on", "skip", "next", "give up", "hint"):
                    return line.strip()
            lines.append(line)

    return read


def phase_reader(runner: SessionRunner, stream: TextIO, out: TextIO, interactive: bool):
    from icraft.modes import plain
    from icraft.modes.coding import CODING

    text = plain.multiline_reader(stream, out) if interactive else plain.line_reader(stream)
    code = code_reader(stream, out, interactive)
    return lambda: code() if runner.dialogue.phase == CODING else text()


def run_round(problem_id: str | None, *, plain: bool, unsafe: bool, json_out: bool = False,
              report_path: Path | None = None, session_id: str | None = None, resume: bool = False) -> None:
    from icraft.cli.output import is_interactive, notice
    from icraft.cli.play import says_how_to_continue, use_tui
    from icraft.modes.coding import options_for
    from icraft.modes.runner import SessionRunner
    from icraft.sandbox import runner as sandbox
    from icraft.store import connect

    pid = None if resume else choose_problem(problem_id)
    if unsafe:
        notice(sandbox.UNSAFE_BANNER)
    else:
        sandbox.require()  # no sandbox: say so and how to fix it before anything is stored
    out = sys.stderr if json_out else sys.stdout
    tui = use_tui(plain=plain, out=out)
    conn = connect()
    if resume:
        from icraft.modes.runner import latest_in_progress
        from icraft.store import sessions as store

        sid = store.get_session(conn, session_id).id if session_id else latest_in_progress(conn, "coding")
        runner = SessionRunner.load(conn, sid, kind="coding")
        runner.dialogue.plain = not tui  # how to hand in code depends on this front end
    else:
        runner = SessionRunner.create(conn, "coding", options_for(pid, plain=not tui, unsafe=unsafe))
    with says_how_to_continue(runner):
        if runner.dialogue.phase == "done":
            pass
        elif tui:
            from icraft.tui.coding_app import build_app

            build_app(runner).run()
        else:
            from icraft.modes import plain as lines

            first = runner.resume() if resume else runner.begin()
            interactive = is_interactive()
            lines.run(runner, first, read=phase_reader(runner, sys.stdin, out, interactive), out=out,
                      echo=not interactive)
    finish(runner, json_out=json_out, report_path=report_path, out=out)


def finish(runner: SessionRunner, *, json_out: bool, report_path: Path | None, out: TextIO) -> None:
    from icraft.cli.output import notice, print_json
    from icraft.modes.coding import render_markdown
    from icraft.store import sessions as store

    row = store.get_session(runner.conn, runner.session_id)
    if row.status != "completed":
        notice(f"coding round {row.id} paused; continue it with `icraft code --continue {row.id}`")
        return
    report = runner.report()
    if report_path is not None:
        report_path.write_text(render_markdown(report), encoding="utf-8")
    if json_out:
        print_json(report.to_dict())
        return
    out.write("\n" + render_markdown(report))
    out.flush()
