"""The suite runs most commands in-process (the ``cli`` fixture, tests/inprocess.py) for speed.
These tests hold it to what a user gets: the same commands through a real ``python -m icraft``
subprocess (the ``process`` fixture) give the same exit code, stdout and stderr, byte for byte:
widths, colour, stdin, the environment, usage and domain errors, and the state one run leaves
for the next (a Rich console made at another width, an environment variable, TMPDIR)."""

from __future__ import annotations

import os
import signal
import sys
import tempfile
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ANSWER = str(REPO / "examples" / "mid_behavioral.txt")
WEAK = (REPO / "examples" / "weak_behavioral.txt").read_text(encoding="utf-8")

CASES: list[tuple[tuple[str, ...], dict[str, str], str | None]] = [
    (("--help",), {"COLUMNS": "80"}, None),
    ((), {}, None),  # no tty: the help, not the dashboard
    (("frobnicate",), {}, None),  # usage error, exit 2
    (("config",), {}, None),  # a group alone: Click's help on stderr
    (("config", "set", "interview.minutes", "many"), {}, None),  # domain error
    (("lint", ANSWER, "--no-save"), {"COLUMNS": "80"}, None),
    (("lint", ANSWER, "--no-save"), {"COLUMNS": "200"}, None),  # a console made at 80 is not reused
    (("lint", ANSWER, "--no-save"), {"FORCE_COLOR": "1", "TERM": "xterm-256color"}, None),
    (("lint", "-", "--no-save", "-f", "json"), {}, WEAK),  # stdin
    (("lint", "-", "--no-save"), {}, ""),  # empty stdin
    (("rules",), {"COLUMNS": "40"}, None),
    (("config", "show"), {"ICRAFT_INTERVIEW_MINUTES": "25"}, None),
]


def _id(args: tuple[str, ...], env: dict[str, str], stdin: str | None) -> str:
    shown = [Path(a).name if a == ANSWER else a for a in args] + [f"{k}={v}" for k, v in env.items()]
    return " ".join(shown + ([] if stdin is None else [f"<{len(stdin)} chars"])) or "(no args)"


@pytest.mark.parametrize(("args", "env", "stdin"), [pytest.param(*c, id=_id(*c)) for c in CASES])
def test_in_process_run_matches_a_real_process(cli, process, args, env, stdin) -> None:  # type: ignore[no-untyped-def]
    real = process(*args, env=env, input=stdin)
    fast = cli(*args, env=env, input=stdin)
    assert (fast.returncode, fast.stdout, fast.stderr) == (real.returncode, real.stdout, real.stderr)


def test_in_process_run_restores_the_test_process(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = (dict(os.environ), os.getcwd(), signal.getsignal(signal.SIGINT), sys.excepthook,
              sys.stdin, sys.stdout, sys.stderr, tempfile.gettempdir())
    threads = set(threading.enumerate())
    r = cli("config", "show", env={"ICRAFT_INTERVIEW_MINUTES": "25", "TMPDIR": str(tmp_path)})
    assert r.returncode == 0 and "25" in r.stdout
    after = (dict(os.environ), os.getcwd(), signal.getsignal(signal.SIGINT), sys.excepthook,
             sys.stdin, sys.stdout, sys.stderr, tempfile.gettempdir())
    assert after == before
    assert set(threading.enumerate()) <= threads


def test_interpreter_only_environment_is_refused(cli) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="PYTHONPATH only affects a new interpreter: use run_process"):
        cli("providers", env={"PYTHONPATH": "/nowhere"})
