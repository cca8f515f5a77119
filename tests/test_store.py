"""The database: migrations, schema, pragmas, permissions, and the sessions repository."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from icraft.core import CANDIDATE, INTERVIEWER, TimedToken, Turn
from icraft.core.errors import NotFoundError
from icraft.core.findings import AnswerResult, Finding, Score, span_for_words
from icraft.paths import db_path
from icraft.store import answers, connect, migrate
from icraft.store import db as dbmod
from icraft.store import sessions as repo

EXPECTED_TABLES = {
    "_migrations",
    "sessions",
    "turns",
    "answer_scores",
    "findings",
    "skills",
    "skill_events",
    "stories",
    "usage",
}


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


def test_migrated_schema(db: sqlite3.Connection) -> None:
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert EXPECTED_TABLES <= tables
    assert {"id", "kind", "status", "meta", "started_at", "score", "rubric_version"} <= _columns(db, "sessions")
    assert {"session_id", "idx", "speaker", "text", "words", "question_id", "timings"} <= _columns(db, "turns")
    assert {"answer_index", "attempt", "overall", "categories", "rubric_version"} <= _columns(db, "answer_scores")
    assert {"rule_id", "spans", "points", "skills"} <= _columns(db, "findings")
    applied = [r[0] for r in db.execute("SELECT name FROM _migrations ORDER BY rowid")]
    assert applied == [name for name, _ in dbmod.MIGRATIONS]


def test_migrations_are_idempotent_and_named_uniquely(db: sqlite3.Connection) -> None:
    assert migrate(db) == []
    names = [n for n, _ in dbmod.MIGRATIONS]
    assert len(names) == len(set(names))
    assert all(n[:4].isdigit() for n in names)


def test_pragmas_and_permissions(db: sqlite3.Connection) -> None:
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    path = db_path()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700


def test_session_turns_scores_roundtrip_and_cascade(db: sqlite3.Connection) -> None:
    sid = repo.create_session(db, "interview", type="behavioral", role="backend")
    q = Turn.from_text(INTERVIEWER, "Tell me about a launch.")
    a = Turn.from_tokens(CANDIDATE, [TimedToken("We", 0, 200), TimedToken("shipped.", 250, 700)])
    repo.add_turn(db, sid, q, question_id="beh-1", phase="core")
    tid = repo.add_turn(db, sid, a, phase="core")
    tr = repo.load_transcript(db, sid)
    assert [t.text for t in tr.turns] == ["Tell me about a launch.", "We shipped."]
    assert tr.turns[1].words[1].end_ms == 700 and tr.meta["question_type"] == "behavioral"

    finding = Finding(
        "no_ownership", "seniority_signal", "warning", "msg", "fix", (span_for_words(1, a, 0, 1),), 0, 6.0, ("ownership_signal",)
    )
    result = AnswerResult(0, 1, q.text, "behavioral", (finding,), Score(70, {"structure": 80}, "test-1"))
    score_id = repo.save_answer(db, sid, result, a.text, turn_id=tid).id
    assert repo.next_attempt(db, sid, 0) == 1
    [f] = answers.answer_findings(db, score_id)
    assert f.rule_id == "no_ownership" and f.quote == "We" and f.skills == ("ownership_signal",)

    assert repo.get_session(db, sid[:4]).id == sid  # unique prefix works
    repo.delete_session(db, sid)
    assert db.execute("SELECT COUNT(*) FROM turns").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM findings").fetchone()[0] == 0
    with pytest.raises(NotFoundError):
        repo.get_session(db, sid)


def test_turns_survive_a_new_connection(icraft_home) -> None:
    conn = connect()
    other = None
    try:
        sid = repo.create_session(conn, "interview")
        repo.add_turn(conn, sid, Turn.from_text(CANDIDATE, "kept"))
        # read while the writer is still open, as after a killed process: every add_turn has committed
        other = connect()
        assert [t.text for t in repo.load_transcript(other, sid).turns] == ["kept"]
    finally:
        conn.close()
        if other is not None:
            other.close()


def test_corrupt_database_is_a_clear_error(icraft_home) -> None:
    path = db_path()
    path.write_bytes(b"this is not a database" * 100)
    from icraft.core.errors import CorruptDatabase, ExitCode

    with pytest.raises(CorruptDatabase, match=f"the database {path} is damaged .*icraft doctor") as e:
        connect()
    assert e.value.exit_code == ExitCode.ENVIRONMENT == 74
    assert path.read_bytes() == b"this is not a database" * 100  # nothing written to it


def test_merge_turn_timings_keeps_existing_and_skips_none(db: sqlite3.Connection) -> None:
    sid = repo.create_session(db, "interview")
    tid = repo.add_turn(db, sid, Turn.from_text(CANDIDATE, "hello"), timings={"answer_ms": 900})
    repo.merge_turn_timings(db, tid, {"stt_final_ms": 120, "first_tts_audio_ms": None})
    import json

    stored = json.loads(db.execute("SELECT timings FROM turns WHERE id = ?", (tid,)).fetchone()[0])
    assert stored == {"answer_ms": 900, "stt_final_ms": 120}
    with pytest.raises(NotFoundError):
        repo.merge_turn_timings(db, tid + 999, {"x": 1})


def test_judged_rules_are_stored_with_the_score(db: sqlite3.Connection) -> None:
    assert "judged" in _columns(db, "answer_scores")
    sid = repo.create_session(db, "lint")
    a = Turn.from_text(CANDIDATE, "We shipped it.")
    judged = AnswerResult(0, 0, None, "behavioral", (), Score(90, {"structure": 90}, "test-1"), judged=("hedging",))
    nothing = AnswerResult(1, 0, None, "behavioral", (), Score(100, {"structure": 100}, "test-1"))  # judged=()
    for result in (judged, nothing):
        repo.save_answer(db, sid, result, a.text)
    stored = answers.session_answers(db, sid)
    assert [s.judged for s in stored] == [["hedging"], []]  # nothing could judge 1: not the same as "not recorded"
    with db:
        db.execute("UPDATE answer_scores SET judged = NULL WHERE id = ?", (stored[1].id,))
    assert answers.session_answers(db, sid)[1].judged is None


def test_0007_adds_judged_to_an_existing_database_file_and_keeps_its_rows(icraft_home, monkeypatch) -> None:
    """A database file made before 0007 (scores without `judged`) is migrated on open:
    its rows are kept with judged NULL, and new scores store it."""
    path = db_path()
    assert str(path).startswith(str(icraft_home))  # the test's own file, never the user's
    with monkeypatch.context() as m:
        m.setattr(dbmod, "MIGRATIONS", [mig for mig in dbmod.MIGRATIONS if mig[0] < "0007"])
        conn = connect()
        sid = repo.create_session(conn, "interview", type="behavioral")
        tid = repo.add_turn(conn, sid, Turn.from_text(CANDIDATE, "We shipped it."), phase="core")
        with conn:
            conn.execute(
                "INSERT INTO answer_scores (session_id, turn_id, answer_index, text, overall, categories,"
                " rubric_version, created_at) VALUES (?, ?, 0, 'We shipped it.', 41, '{}', 'old-1',"
                " '2026-01-01T00:00:00+00:00')",
                (sid, tid),
            )
        assert "judged" not in _columns(conn, "answer_scores")
        conn.close()

    assert path.exists()
    conn = connect(path)  # the same file, opened by this icraft
    try:
        assert "judged" in _columns(conn, "answer_scores")
        assert "0007_answer_judged" in {r[0] for r in conn.execute("SELECT name FROM _migrations")}
        [old] = answers.session_answers(conn, sid)
        assert (old.overall, old.rubric_version, old.judged) == (41, "old-1", None)
        result = AnswerResult(1, 0, None, "behavioral", (), Score(80, {}, "test-1"), judged=("too_short", "hedging"))
        repo.save_answer(conn, sid, result, "A new answer.")
        assert [a.judged for a in answers.session_answers(conn, sid)] == [None, ["too_short", "hedging"]]
    finally:
        conn.close()


def test_sql_is_written_only_in_the_store_package() -> None:
    """docs/ARCHITECTURE.md: SQL lives in icraft/store/ only; every other module calls the
    store's typed functions. A cursor call (execute, executemany, executescript) anywhere
    else in icraft is named here with its line."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "icraft"
    calls = ("execute", "executemany", "executescript")
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.relative_to(root).parts[0] == "store":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in calls:
                found.append(f"{path.relative_to(root.parent)}:{node.lineno}")
    assert not found, f"SQL outside icraft/store/: {found}"
