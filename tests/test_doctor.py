"""`icraft doctor`: every check with ok/warn/fail and its fix, --json, exit 0 unless a check
fails, and it never writes (not to a damaged database, not even the data folder)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from icraft.cli import doctor_cmd
from icraft.cli.doctor_cmd import FAIL, OK, WARN, Check, run_checks


def _by_name(checks: list[Check]) -> dict[str, Check]:
    return {c.name: c for c in checks}


def _files(home: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(home.glob("*")) if p.is_file()}


def _make_database(home: Path) -> Path:
    from icraft.core import CANDIDATE, Turn
    from icraft.store import connect
    from icraft.store import sessions as repo

    conn = connect()
    try:
        for i in range(40):
            sid = repo.create_session(conn, "lint", title=f"session {i}")
            repo.add_turn(conn, sid, Turn.from_text(CANDIDATE, f"answer {i} " + "word " * 200))
    finally:
        conn.close()
    return home / "icraft.db"


def test_a_fresh_home_is_all_well_and_doctor_creates_nothing(cli, icraft_home: Path) -> None:
    r = cli("doctor", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["ok"] is True
    names = [c["name"] for c in data["checks"]]
    for expected in ("database", "disk", "config", "keys", "audio", "espeak-ng", "ffmpeg", "faster-whisper",
                     "onnxruntime", "sandbox"):
        assert expected in names
    assert all(set(c) == {"name", "status", "detail", "fix"} and c["status"] in (OK, WARN, FAIL)
               for c in data["checks"])
    assert not icraft_home.exists()  # it only looked


def test_human_output_is_one_line_per_check_with_the_fix_under_a_problem(cli, icraft_home: Path) -> None:
    icraft_home.mkdir()
    (icraft_home / "config.toml").write_text('[llm]\nprovider = "offline"\n[nonsense]\nkey = 1\n')
    r = cli("doctor")
    assert r.returncode == 0, r.stderr  # a warning is not a failure
    lines = r.stdout.splitlines()
    assert all(line.split()[0] in (OK, WARN, FAIL) or line.split()[0] == "fix:" for line in lines), lines
    [i] = [i for i, line in enumerate(lines) if line.startswith(WARN) and "config" in line]
    assert "unknown keys nonsense.key (ignored)" in lines[i]
    assert lines[i + 1].split()[0] == "fix:" and "icraft config show" in lines[i + 1]


def test_a_damaged_database_fails_names_the_fix_and_is_not_written(cli, icraft_home: Path) -> None:
    path = _make_database(icraft_home)
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.seek((size // 4096 // 2) * 4096)
        f.write(b"\xa5" * 4096)
    before = _files(icraft_home)
    r = cli("doctor", "--json")
    assert r.returncode == 1, r.stderr
    data = json.loads(r.stdout)
    assert data["ok"] is False
    db = _by_name([Check(**c) for c in data["checks"]])["database"]
    assert db.status == FAIL and db.detail.startswith(f"{path} is damaged")
    assert f"mv {path} {path}.damaged" in db.fix
    assert _files(icraft_home) == before
    assert json.loads(cli("doctor", "--format", "json").stdout) == data  # the same, asked the other way
    human = cli("doctor")
    assert human.returncode == 1
    assert any(line.startswith("fail  database") for line in human.stdout.splitlines())


def test_an_empty_database_whose_wal_holds_data_fails(icraft_home: Path) -> None:
    icraft_home.mkdir()
    (icraft_home / "icraft.db").write_bytes(b"")
    (icraft_home / "icraft.db-wal").write_bytes(b"\x37\x7f\x06\x82" + b"\0" * 4092)
    db = _by_name(run_checks())["database"]
    assert db.status == FAIL and "empty but its write-ahead log holds 4.0 KB" in db.detail


def test_pending_migrations_warn_and_a_newer_database_fails(icraft_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from icraft.store import db as dbmod

    path = _make_database(icraft_home)
    before = path.read_bytes()
    with monkeypatch.context() as m:
        m.setattr(dbmod, "MIGRATIONS", dbmod.MIGRATIONS + [("9999_future", "SELECT 1")])
        db = _by_name(run_checks())["database"]
    assert db.status == WARN and "1 pending (9999_future)" in db.detail
    assert path.read_bytes() == before  # doctor does not migrate
    with monkeypatch.context() as m:
        m.setattr(dbmod, "MIGRATIONS", dbmod.MIGRATIONS[:-1])
        db = _by_name(run_checks())["database"]
    assert db.status == FAIL and "made by a newer icraft" in db.detail
    assert _by_name(run_checks())["database"].status == OK


def test_an_invalid_config_value_fails_with_its_fix(icraft_home: Path) -> None:
    icraft_home.mkdir()
    (icraft_home / "config.toml").write_text('[interview]\nrole = "astronaut"\n')
    [bad] = [c for c in run_checks() if c.name == "config"]
    assert bad.status == FAIL and "interview.role" in bad.detail and "icraft config unset interview.role" in bad.fix
    (icraft_home / "config.toml").write_text("this is = not [toml\n")
    [broken] = [c for c in run_checks() if c.name == "config"]
    assert broken.status == FAIL and "is not valid TOML" in broken.detail


def test_checks_are_a_list_to_extend_and_a_failing_check_is_reported_not_raised(
    cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def check_vad() -> Check:
        return Check("vad", WARN, "energy VAD (Silero not installed)", "pip install onnxruntime")

    def check_broken() -> Check:
        raise RuntimeError("boom")

    results = run_checks([*doctor_cmd.CHECKS, check_vad, check_broken])
    assert results[-2] == Check("vad", WARN, "energy VAD (Silero not installed)", "pip install onnxruntime")
    assert results[-1].name == "broken" and results[-1].status == FAIL and "RuntimeError: boom" in results[-1].detail


def test_a_database_doctor_cannot_open_at_all_fails(icraft_home: Path) -> None:
    icraft_home.mkdir()
    (icraft_home / "icraft.db").write_bytes(b"not a database at all, " * 200)
    db = _by_name(run_checks())["database"]
    assert db.status == FAIL and ("is damaged" in db.detail or "cannot be opened" in db.detail), db
    assert (icraft_home / "icraft.db").read_bytes() == b"not a database at all, " * 200
