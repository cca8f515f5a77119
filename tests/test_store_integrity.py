"""The database under concurrency and faults: real processes, real SQLite files on disk.

- Eight processes opening one fresh database at the same moment all get a migrated
  database (migrate() takes the write lock before it reads what is applied).
- Parallel saving lints lose no skill update (score, findings and skill moves are one
  transaction that starts with the write lock).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from icraft.store import db as dbmod

WORKERS = 8
TRIALS = int(__import__("os").environ.get("TRIALS", "40"))


def _open_fresh_databases(barrier, paths: list[str], results) -> None:  # noqa: ANN001
    """One of WORKERS processes: for each trial, wait for all the others, then open the
    trial's fresh database at the same moment as they do."""
    from icraft.store.db import connect

    errors = []
    for p in paths:
        barrier.wait(timeout=60)
        try:
            connect(Path(p)).close()
        except Exception as e:  # noqa: BLE001 - every failure is reported to the test
            errors.append(f"{Path(p).parent.name}: {type(e).__name__}: {e}")
    results.put(errors)


def test_eight_processes_opening_a_fresh_database_at_once_all_succeed(tmp_path: Path) -> None:
    paths = [str(tmp_path / f"trial{i:02d}" / "icraft.db") for i in range(TRIALS)]
    for p in paths:
        Path(p).parent.mkdir()
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(WORKERS)
    results = ctx.Queue()
    procs = [ctx.Process(target=_open_fresh_databases, args=(barrier, paths, results)) for _ in range(WORKERS)]
    for p in procs:
        p.start()
    errors = [e for _ in procs for e in results.get(timeout=300)]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    assert errors == [], f"{len(errors)} of {WORKERS * TRIALS} opens failed, e.g. {errors[:3]}"
    expected = [name for name, _ in dbmod.MIGRATIONS]
    for p in paths:
        conn = sqlite3.connect(p)
        try:
            assert [r[0] for r in conn.execute("SELECT name FROM _migrations ORDER BY rowid")] == expected
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        finally:
            conn.close()


LINTERS = 6
WAVES = 3


def _transcript(i: int) -> str:
    """A four-answer transcript whose answers no other file has (each counts as evidence)."""
    from tests.test_drill import STRONG, WEAK
    from tests.test_skills_lint import QS

    turns = []
    for j, q in enumerate(QS):
        answer = (WEAK if (i + j) % 2 else STRONG) + f" That was project number {i * 10 + j}."
        turns += [{"speaker": "interviewer", "text": q}, {"speaker": "candidate", "text": answer}]
    return json.dumps({"turns": turns})


def test_parallel_saving_lints_lose_no_skill_update(tmp_path: Path, icraft_home: Path) -> None:
    """Waves of saving lints at once: every skill's stored evidence count equals its events
    (the skill row is read and written under the write lock, with the answer's score)."""
    env = {**os.environ, "COLUMNS": "120"}
    for wave in range(WAVES):
        files = []
        for k in range(LINTERS):
            f = tmp_path / f"answers{wave}-{k}.json"
            f.write_text(_transcript(wave * LINTERS + k))
            files.append(f)
        procs = [
            subprocess.Popen([sys.executable, "-m", "icraft", "lint", str(f), "--format", "json"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            for f in files
        ]
        for p in procs:
            _, err = p.communicate(timeout=300)
            assert p.returncode in (0, 1), err
    conn = sqlite3.connect(icraft_home / "icraft.db")
    try:
        rows = conn.execute(
            "SELECT s.skill_id, s.evidence, (SELECT COUNT(*) FROM skill_events e WHERE e.skill_id = s.skill_id)"
            " FROM skills s ORDER BY s.skill_id"
        ).fetchall()
        (sessions,) = conn.execute("SELECT COUNT(*) FROM sessions WHERE kind = 'lint' AND status = 'completed'").fetchone()
        (scores,) = conn.execute("SELECT COUNT(*) FROM answer_scores").fetchone()
    finally:
        conn.close()
    assert sessions == WAVES * LINTERS and scores == WAVES * LINTERS * 4
    assert rows and sum(events for _, _, events in rows) >= WAVES * LINTERS
    assert [(skill, evidence) for skill, evidence, _ in rows] == [(skill, events) for skill, _, events in rows]
