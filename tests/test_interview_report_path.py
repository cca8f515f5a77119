"""`icraft interview --report PATH`: a path that cannot be written is refused before the
interview starts, and a write that fails at the end still shows the report."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from icraft.core.errors import ExitCode


def _sessions(home: Path) -> int:
    db = home / "icraft.db"
    return sqlite3.connect(db).execute("SELECT COUNT(*) FROM sessions").fetchone()[0] if db.exists() else 0


def test_a_report_path_in_a_missing_folder_is_refused_before_the_interview(cli, icraft_home: Path,
                                                                          tmp_path: Path) -> None:
    for bad, says in ((tmp_path / "nope" / "r.md", "does not exist"), (tmp_path, "it is a folder")):
        r = cli("interview", "--plain", "--report", str(bad), input="hi\n", env={"ICRAFT_HOME": str(icraft_home)})
        assert r.returncode == ExitCode.USAGE, r.stderr
        assert says in r.stderr and r.stderr.strip().count("\n") == 0
        assert "Interviewer" not in r.stdout  # no interview was run for nothing
    assert _sessions(icraft_home) == 0


def test_a_report_that_cannot_be_written_at_the_end_is_still_shown(cli, icraft_home: Path) -> None:
    """The disk is full when the interview ends (/dev/full: every write fails with ENOSPC):
    the report was printed first, and the error says how to export it again."""
    import json

    import pytest

    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    r = cli("interview", "--plain", "--json", "--report", "/dev/full", input="hi\n",
            env={"ICRAFT_HOME": str(icraft_home)})
    assert r.returncode == ExitCode.USAGE
    report = json.loads(r.stdout)  # the whole report reached the screen before the failed write
    assert report["session_id"] and report["status"] == "completed"
    last = r.stderr.strip().splitlines()[-1]
    assert last.startswith("icraft: error: cannot write /dev/full") and f"sessions export {report['session_id']}" in last
