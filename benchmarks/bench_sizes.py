"""Time and memory of every transcript command as the input grows (issue 11).

    python benchmarks/bench_sizes.py                      # 100 KB, 300 KB, 1 MB; all inputs, all commands
    python benchmarks/bench_sizes.py --sizes 0.1,1,5 --only text-one-line --commands show,lint-json
    python benchmarks/bench_sizes.py --list               # the input and command names

Each run is its own ``python -m icraft`` process in a fresh ICRAFT_HOME (so peak RSS is
that command's own, read from ``getrusage(RUSAGE_CHILDREN)`` of a one-run wrapper),
on inputs generated here (deterministic, real-shaped): plain text on one line and on
many lines (Q:/A: turns), a WebVTT file of many short cues, a Deepgram response and an
icraft JSON document. For each input and command it prints wall time and peak RSS per
size and the growth exponent between the smallest and the largest size (1.0 = linear;
2.0 = quadratic). The target: 1 MB in under 2 s for every command and output format,
peak RSS under 20x the input on top of the interpreter's own baseline, and the human and
SARIF outputs of lint no slower than twice the JSON one.

The commands: ``transcript show`` (human and --json), ``transcript convert`` (to vtt),
``lint`` (human, json, sarif, with --no-save), ``lint`` saving to the database, then
``sessions show`` of that saved session, ``diff`` (human), and opening the saved
session in the dashboard (in-process, Textual's headless Pilot; ``dashboard`` below).

Measured before issue 11's fixes (2-core machine, load from other engineers' test runs):
``transcript show`` on a 49 MB one-line text file was killed at 300 s with 2.6 GB RSS;
a 6.5 MB VTT of 100k cues took 37.6 s to show and 13 s to lint; a 5 MB transcript took
32.5 s to lint with human output (8.3 s as JSON) and 49.6 s to open in the dashboard.

Measured after (2026-12-07, this 2-core machine, load average 3-9 from other engineers'
test suites, so wall times are 1.5-5x the CPU times; CPU seconds / peak RSS MB of the
whole process, interpreter start included, and the CPU-time exponent from 0.1 to 1 MB):

    CPU s at 1 MB    show  show-json convert lint lint-json lint-sarif lint-save sessions diff dashboard
    text one line    1.01   1.10     1.34   1.77   2.19      2.54      2.61      2.91    40.1   1.21
    text Q/A lines   1.71   1.63     1.47   6.29   3.01      3.54      4.57      5.63    2.17   2.10
    VTT 8-word cues  1.41   1.34     1.01   3.26   1.72      1.95      2.43      2.18    1.65   1.90
    Deepgram JSON    0.31   0.28     0.29   0.71   0.57      0.51      0.55      0.63    0.69   1.88
    icraft JSON      0.36   0.41     0.29   0.73   0.45      0.63      0.60      0.72    0.55   1.51
    RSS MB at 1 MB
    text one line      68    154      154    117    117       150       116        78    3826     79
    text Q/A lines     62    149      149     73    164       236       167        61      71     64
    VTT 8-word cues    65    105      105     70    106       131       110        52      68     61
    Deepgram JSON      39     42       41     41     43        44        45        39      45     55
    icraft JSON        40     42       42     42     45        48        48        41      47     57
    CPU exponent 0.1->1 MB: 0.35-0.84 everywhere (start-up is a fixed ~0.25 s) except `diff`
    of the one-line answer: 1.27, 3.8 GB (rewrite.diff.word_diff's rapidfuzz Indel.opcodes
    holds an n x m/64 bit matrix). Fixed since (2e273ba: ranges over 128 M word pairs are cut
    at patience anchors first): word_diff of a 170,000-word (~1 MB) answer, 0.6 s CPU, 99 MB.

`transcript show` of one long line, CPU: 1 MB 0.91 s, 3 MB 2.46 s, 10 MB 10.1 s (400 MB
RSS); before, 3 MB took 31 s and 49 MB was killed at 300 s. Still over target: the human
lint report of 1,300 Q/A answers (2.1x its JSON; Rich's per-line rendering), commands on
1 MB of many short answers (1.5-6 s CPU: reading, linting and the JSON document of
~1,300 answers), and memory (a word costs ~27 bytes per input byte once read; the JSON
document is ~17x the input).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent

QUESTIONS = (
    "Tell me about a time you disagreed with your manager?",
    "How would you design a URL shortener for a hundred million users?",
    "What was the hardest bug you fixed last year?",
)
ANSWER = (
    "So um basically I led the migration of our billing service to a queue based design, and "
    "we cut the p99 latency from 900 ms to 200 ms over two months. I coordinated three teams, "
    "wrote the rollout plan and I measured the error rate every day because the tradeoff was "
    "consistency against availability. The result was that refunds dropped by 30 percent."
).split()


def _words(n: int, start: int = 0) -> list[str]:
    return [ANSWER[(start + i) % len(ANSWER)] for i in range(n)]


def text_one_line(size: int) -> str:
    """One candidate answer on a single line (no speaker labels, no newline)."""
    out: list[str] = []
    total = i = 0
    while total < size:
        w = ANSWER[i % len(ANSWER)]
        out.append(w)
        total += len(w) + 1
        i += 1
    return " ".join(out)


def _turns(size: int) -> list[tuple[str, list[str]]]:
    """(speaker, words) alternating interviewer questions and ~120-word answers."""
    turns: list[tuple[str, list[str]]] = []
    total = k = 0
    while total < size:
        q = QUESTIONS[k % len(QUESTIONS)].split()
        a = _words(120, k * 7)
        turns += [("interviewer", q), ("candidate", a)]
        total += sum(len(w) + 1 for w in q + a) + 30
        k += 1
    return turns


def text_many_lines(size: int) -> str:
    lines = []
    for speaker, words in _turns(size):
        lines.append(("Q: " if speaker == "interviewer" else "A: ") + " ".join(words))
    return "\n".join(lines) + "\n"


def vtt_many_cues(size: int) -> str:
    """Short cues (~8 words each, as captioners write them) with voice tags."""
    out = ["WEBVTT", ""]
    t = 0
    total = 0
    for speaker, words in _turns(size):
        name = "Interviewer" if speaker == "interviewer" else "Candidate"
        for i in range(0, len(words), 8):
            chunk = words[i : i + 8]
            s, e = t, t + 400 * len(chunk)
            out += [f"{_stamp(s)} --> {_stamp(e)}", f"<v {name}>{' '.join(chunk)}", ""]
            t = e + 100
            total += len(out[-2]) + 30
        if total >= size:
            break
    return "\n".join(out)


def _stamp(ms: int) -> str:
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def deepgram(size: int) -> str:
    words = []
    t = 0.0
    for speaker, ws in _turns(size // 25):  # a Deepgram word costs ~25x its text
        for w in ws:
            words.append({"word": w.lower().strip(",.?"), "punctuated_word": w, "start": round(t, 3),
                          "end": round(t + 0.3, 3), "confidence": 0.93,
                          "speaker": 0 if speaker == "interviewer" else 1, "speaker_confidence": 0.9})
            t += 0.4
    return json.dumps({"metadata": {"duration": t}, "results": {"channels": [{"alternatives": [
        {"transcript": " ".join(w["punctuated_word"] for w in words), "words": words}]}]}})


def icraft_json(size: int) -> str:
    turns = []
    t = 0
    for speaker, ws in _turns(size // 15):  # an icraft JSON word costs ~15x its text
        words = []
        for w in ws:
            words.append({"text": w, "start_ms": t, "end_ms": t + 300, "confidence": 0.9})
            t += 400
        turns.append({"speaker": speaker, "text": " ".join(ws), "approximate": False, "words": words})
    return json.dumps({"format": "icraft-transcript", "version": 1, "meta": {}, "turns": turns})


INPUTS: dict[str, tuple[str, Callable[[int], str]]] = {
    "text-one-line": (".txt", text_one_line),
    "text-many-lines": (".txt", text_many_lines),
    "vtt": (".vtt", vtt_many_cues),
    "deepgram": (".json", deepgram),
    "icraft-json": (".json", icraft_json),
}

# name -> argv after `icraft`, with {f} the input file and {id} the saved session.
COMMANDS: dict[str, list[str]] = {
    "show": ["transcript", "show", "{f}"],
    "show-json": ["transcript", "show", "{f}", "--json"],
    "convert": ["transcript", "convert", "{f}", "--to", "json"],
    "lint-human": ["lint", "{f}", "--no-save"],
    "lint-json": ["lint", "{f}", "--no-save", "-f", "json"],
    "lint-sarif": ["lint", "{f}", "--no-save", "-f", "sarif"],
    "lint-save": ["lint", "{f}", "-f", "json"],
    "sessions-show": ["sessions", "show", "{id}"],
    "diff": ["diff", "{f}"],
    "dashboard": [],  # in-process, see _dashboard
}

# Runs one command with its output to /dev/null and prints "wall_s max_rss_kb rc cpu_s".
_WRAPPER = r"""
import os, resource, subprocess, sys, time
t0 = time.perf_counter()
with open(os.devnull, "wb") as out:
    rc = subprocess.call(sys.argv[1:], stdout=out, stderr=subprocess.PIPE)
wall = time.perf_counter() - t0
use = resource.getrusage(resource.RUSAGE_CHILDREN)
print(wall, use.ru_maxrss, rc, use.ru_utime + use.ru_stime)
"""

# Opens the dashboard headless, then the session, as a click on its history row does.
_DASHBOARD = r"""
import asyncio, sys
from icraft.tui.app import build_app
from icraft.tui.messages import SessionRequested
from icraft.tui.screens.session import SessionScreen
async def main():
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.post_message(SessionRequested(sys.argv[1]))
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen), app.screen
        await pilot.press("end")
        await pilot.pause()
asyncio.run(main())
"""


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, int, int, str, float]:
    """(wall s, peak RSS KB, exit code, stderr tail, CPU s) of ``python ARGV``."""
    proc = subprocess.run(
        [sys.executable, "-c", _WRAPPER, sys.executable, *argv],
        capture_output=True, text=True, env=env, check=False,
    )
    try:
        wall, rss, rc, cpu = proc.stdout.split()
    except ValueError:
        return math.nan, 0, -1, proc.stderr[-300:], math.nan
    return float(wall), int(rss), int(rc), proc.stderr[-300:], float(cpu)


def _saved_session(home: str) -> str | None:
    import sqlite3

    db = Path(home) / "icraft.db"
    if not db.exists():
        return None
    with sqlite3.connect(db) as con:
        row = con.execute("SELECT id FROM sessions ORDER BY started_at DESC LIMIT 1").fetchone()
    return row[0] if row else None


def _exponent(points: list[tuple[int, float]]) -> float:
    (n0, t0), (n1, t1) = points[0], points[-1]
    if not (t0 > 0 and t1 > 0) or n1 == n0:
        return math.nan
    return math.log(t1 / t0) / math.log(n1 / n0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="0.1,0.3,1", help="sizes in MB, comma-separated")
    ap.add_argument("--only", default="", help="input names, comma-separated (default: all)")
    ap.add_argument("--commands", default="", help="command names, comma-separated (default: all)")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()
    if args.list:
        print("inputs:  ", ", ".join(INPUTS))
        print("commands:", ", ".join(COMMANDS))
        return
    sizes = [int(float(s) * 1_000_000) for s in args.sizes.split(",")]
    inputs = [n for n in INPUTS if not args.only or n in args.only.split(",")]
    commands = [c for c in COMMANDS if not args.commands or c in args.commands.split(",")]
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}; python {sys.version.split()[0]}")
    _, base, rc, err, _ = _run(["-m", "icraft", "--version"], dict(os.environ))
    if rc != 0:
        sys.exit(f"`{sys.executable} -m icraft` does not run (exit {rc}): {err.strip()[-200:]}")
    print(f"baseline RSS of `icraft --version`: {base / 1024:.0f} MB")
    print("each cell: wall s / CPU s / peak RSS MB; exponents of CPU time and of RSS above the baseline")
    sizes_head = "  ".join(f"{s / 1e6:>21.2f} MB" for s in sizes)
    print(f"{'input':16s} {'command':14s} {sizes_head}  cpu^  rss^")
    for name in inputs:
        ext, make = INPUTS[name]
        with tempfile.TemporaryDirectory(prefix="icraft-bench-") as tmp:
            files = []
            for s in sizes:
                f = Path(tmp) / f"{name}-{s}{ext}"
                f.write_text(make(s), encoding="utf-8")
                files.append(f)
            results: dict[str, list[tuple[int, float, int, int]]] = {c: [] for c in commands}
            for f in files:
                home = tempfile.mkdtemp(dir=tmp)
                env = dict(os.environ, ICRAFT_HOME=home, NO_COLOR="1", COLUMNS="100")
                session: str | None = None
                for c in commands:
                    if c == "dashboard":
                        argv = ["-c", _DASHBOARD, session] if session else None
                    elif c == "sessions-show":
                        argv = [a.replace("{id}", str(session)) for a in COMMANDS[c]] if session else None
                    else:
                        argv = [a.replace("{f}", str(f)) for a in COMMANDS[c]]
                    if argv is None:
                        results[c].append((f.stat().st_size, math.nan, 0, math.nan))
                        continue
                    wall, rss, rc, err, cpu = _run(argv if c == "dashboard" else ["-m", "icraft", *argv], env)
                    if rc not in (0, 1):
                        size = f.stat().st_size
                        print(f"  ! {name} {c} {size} exit {rc}: {err.strip()[-200:]}", file=sys.stderr)
                    results[c].append((f.stat().st_size, wall, rss, cpu))
                    if c == "lint-save":
                        session = _saved_session(home)
            for c in commands:
                row = results[c]
                cells = "  ".join(
                    f"{w:6.2f} /{cpu:6.2f} /{rss / 1024:5.0f}" if not math.isnan(w) else f"{'-':>22s}"
                    for _, w, rss, cpu in row
                )
                done = [r for r in row if not math.isnan(r[1])] or [(1, math.nan, 0, math.nan)]
                cpu_exp = _exponent([(n, cpu) for n, _, _, cpu in done])
                rss_exp = _exponent([(n, max(1, rss - base)) for n, _, rss, _ in done])
                print(f"{name:16s} {c:14s} {cells}  {cpu_exp:4.2f}  {rss_exp:4.2f}", flush=True)


if __name__ == "__main__":
    main()
