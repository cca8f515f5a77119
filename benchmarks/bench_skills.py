"""How fast are the skill graph's reads and writes on a big history?

Generates 1,000 sessions x 20 answers (skill events included) with ``gen_data.py``
into a temporary ICRAFT_HOME, then measures (median of --runs):

- ``skill_states`` (what `icraft skills` and the dashboard's graph read),
- ``skill_history`` of one skill (a trend line),
- ``plan`` (30 minutes and 120 minutes with an interview in 3 days),
- ``apply_result`` of one answer (the write every saved lint pays),
- cold ``icraft skills --json`` and ``icraft plan --json`` processes.

    python benchmarks/bench_skills.py [--sessions 1000] [--answers 20] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sessions", type=int, default=1000)
    p.add_argument("--answers", type=int, default=20)
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args(argv)
    home = Path(tempfile.mkdtemp(prefix="icraft-bench-skills-"))
    try:
        os.environ["ICRAFT_HOME"] = str(home)
        sys.path.insert(0, str(HERE))
        from gen_data import generate

        from icraft.core.findings import AnswerResult, Score
        from icraft.skills import apply_result, plan, skill_history, skill_states
        from icraft.store import connect

        conn = connect()
        t = time.perf_counter()
        counts = generate(conn, sessions=args.sessions, answers_per_session=args.answers)
        print(f"generated {counts} in {time.perf_counter() - t:.1f}s")
        today = date.today()
        results = {
            "skill_states": _median_ms(lambda: skill_states(conn), args.runs),
            "skill_history (1 skill, all events)": _median_ms(lambda: skill_history(conn, "star_structure"), args.runs),
            "plan 30 min": _median_ms(lambda: plan(conn, minutes=30, today=today), args.runs),
            "plan 120 min, interview in 3 days": _median_ms(
                lambda: plan(conn, minutes=120, today=today, interview_date=today + timedelta(days=3)), args.runs
            ),
        }
        clean = AnswerResult(0, 1, "q", "behavioral", (), Score(100, {}, "bench"))
        sid = conn.execute("SELECT id FROM sessions LIMIT 1").fetchone()[0]
        apply_result(conn, clean, session_id=sid, score_id=None, source="lint")  # warm the rubric cache
        results["apply_result (1 answer)"] = _median_ms(
            lambda: apply_result(conn, clean, session_id=sid, score_id=None, source="lint"), args.runs
        )
        conn.close()
        for cmd in (["skills", "--json"], ["plan", "--json"]):
            results[f"cold `icraft {' '.join(cmd)}`"] = _median_ms(
                lambda cmd=cmd: subprocess.run(
                    [sys.executable, "-m", "icraft", *cmd], capture_output=True, check=True
                ),
                args.runs,
            )
        for name, ms in results.items():
            print(f"{name:40s} {ms:8.1f} ms")
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
