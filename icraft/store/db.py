"""The SQLite database: one file, WAL, foreign keys on, append-only migrations.

Migrations are (name, SQL) pairs in :data:`MIGRATIONS`, applied in order on every
open and recorded by name in ``_migrations``. A landed migration is never edited:
to change the schema, append a new one. ``tests/test_store.py`` checks the
migrated schema.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from icraft.core.errors import IcraftError
from icraft.paths import db_path, ensure_private_dir

# How long a connection waits for another process's write lock before giving up.
BUSY_TIMEOUT_S = 10.0

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_initial",
        """
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,                 -- interview, lint, drill
            status TEXT NOT NULL DEFAULT 'in_progress',  -- in_progress, completed, abandoned
            title TEXT,
            type TEXT,                          -- behavioral, system-design, ... mixed
            role TEXT,
            level TEXT,
            source TEXT,                        -- file path for linted transcripts
            meta TEXT NOT NULL DEFAULT '{}',    -- JSON: options, engine state for resume
            started_at TEXT NOT NULL,
            ended_at TEXT,
            score INTEGER,                      -- session overall, set when scored
            rubric_version TEXT
        );
        CREATE INDEX sessions_started ON sessions(started_at);

        CREATE TABLE turns (
            id INTEGER PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,               -- position in the session
            speaker TEXT NOT NULL,              -- interviewer, candidate
            text TEXT NOT NULL,
            words TEXT,                         -- JSON [[text, start_ms, end_ms, conf], ...] or NULL
            approximate INTEGER NOT NULL DEFAULT 0,
            question_id TEXT,                   -- bank id of the question asked (interviewer turns)
            phase TEXT,
            timings TEXT,                       -- JSON per-stage latencies (voice)
            created_at TEXT NOT NULL,
            UNIQUE (session_id, idx)
        );

        -- One lint of one answer. Rewind attempts are further rows for the same answer.
        CREATE TABLE answer_scores (
            id INTEGER PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            turn_id INTEGER REFERENCES turns(id) ON DELETE CASCADE,
            answer_index INTEGER NOT NULL,
            attempt INTEGER NOT NULL DEFAULT 0, -- 0: the original answer, 1..n: rewinds
            text TEXT NOT NULL,                 -- the answer text that was scored
            words TEXT,                         -- JSON words of a re-answer (attempt > 0)
            question_type TEXT,
            overall INTEGER NOT NULL,
            categories TEXT NOT NULL,           -- JSON {category: 0-100}
            delivery TEXT,                      -- JSON DeliveryStats
            rubric_version TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX answer_scores_session ON answer_scores(session_id, answer_index);

        CREATE TABLE findings (
            id INTEGER PRIMARY KEY,
            score_id INTEGER NOT NULL REFERENCES answer_scores(id) ON DELETE CASCADE,
            rule_id TEXT NOT NULL,
            category TEXT NOT NULL,
            severity TEXT NOT NULL,
            message TEXT NOT NULL,
            points REAL NOT NULL,
            measurable INTEGER NOT NULL DEFAULT 1,
            spans TEXT NOT NULL,                -- JSON [Span]
            skills TEXT NOT NULL DEFAULT '[]'   -- JSON [skill id]
        );
        CREATE INDEX findings_score ON findings(score_id);
        CREATE INDEX findings_rule ON findings(rule_id);

        CREATE TABLE skills (
            skill_id TEXT PRIMARY KEY,
            score REAL NOT NULL,                -- 0-100
            evidence INTEGER NOT NULL DEFAULT 0,-- how many answers moved it
            card TEXT,                          -- JSON fsrs card state
            due_at TEXT,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE skill_events (
            id INTEGER PRIMARY KEY,
            skill_id TEXT NOT NULL,
            at TEXT NOT NULL,
            score REAL NOT NULL,                -- skill score after the event
            observed REAL NOT NULL,             -- what this answer showed (0-100)
            session_id TEXT REFERENCES sessions(id) ON DELETE SET NULL,
            score_id INTEGER REFERENCES answer_scores(id) ON DELETE SET NULL,
            finding_id INTEGER REFERENCES findings(id) ON DELETE SET NULL,
            source TEXT NOT NULL                -- lint, interview, rewind, drill
        );
        CREATE INDEX skill_events_skill ON skill_events(skill_id, at);

        CREATE TABLE stories (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            competencies TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE usage (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            session_id TEXT REFERENCES sessions(id) ON DELETE SET NULL,
            provider TEXT NOT NULL,
            model TEXT NOT NULL,
            purpose TEXT NOT NULL,              -- interviewer, judge, diff, stt, tts
            tokens_in INTEGER NOT NULL DEFAULT 0,
            tokens_out INTEGER NOT NULL DEFAULT 0,
            cached_tokens INTEGER NOT NULL DEFAULT 0,
            cost_usd REAL NOT NULL DEFAULT 0
        );
        CREATE INDEX usage_at ON usage(at);
        """,
    ),
    (
        "0005_dashboard_indexes",
        """
        -- Dashboard delivery trend: walk timed answers by day, newest first, and stop early.
        CREATE INDEX answer_scores_delivery_day ON answer_scores(substr(created_at, 1, 10))
            WHERE delivery IS NOT NULL;
        """,
    ),
    (
        "0006_interview_memory",
        """
        -- The cross-session memory document (icraft/interview/memory.py), rebuilt by code.
        CREATE TABLE interview_memory (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            doc TEXT NOT NULL,                  -- JSON MemoryDoc
            updated_at TEXT NOT NULL
        );
        """,
    ),
    (
        "0007_answer_judged",
        """
        -- AnswerResult.judged: JSON [rule id] of the rules that could judge the answer (fired
        -- or passed). A rule absent from it had nothing to judge (not judged), which is no
        -- evidence of strength. NULL: scored before this column existed (not recorded).
        ALTER TABLE answer_scores ADD COLUMN judged TEXT;
        """,
    ),
    (
        "0008_skill_evidence_key",
        """
        -- skills.evidence.answer_key: sha256 of the normalised question and answer text, so the
        -- same answer linted again is not counted again (docs/SKILLS.md). NULL: recorded before.
        ALTER TABLE skill_events ADD COLUMN evidence_key TEXT;
        CREATE INDEX skill_events_key ON skill_events(evidence_key, skill_id) WHERE evidence_key IS NOT NULL;
        """,
    ),
]


def now() -> str:
    """UTC timestamp, ISO 8601 with seconds; sortable as text."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def statements(sql: str) -> list[str]:
    """A script split into its statements (comments and strings respected, as SQLite reads them)."""
    out: list[str] = []
    buf = ""
    for piece in sql.split(";"):
        buf += piece + ";"
        if sqlite3.complete_statement(buf):
            if buf.strip(" \t\r\n;"):
                out.append(buf.strip())
            buf = ""
    if buf.strip(" \t\r\n;"):
        out.append(buf.strip())  # a last statement without its ';'
    return out


def applied_migrations(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations recorded in the database, in the order they were applied."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'"
    ).fetchone()
    if not has_table:
        return []
    return [r[0] for r in conn.execute("SELECT name FROM _migrations ORDER BY rowid")]


def pending_migrations(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations this icraft has that the database has not applied."""
    done = set(applied_migrations(conn))
    return [name for name, _ in MIGRATIONS if name not in done]


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply pending migrations; return the names applied.

    An up-to-date database is only read. Otherwise the write lock is taken first
    (``BEGIN IMMEDIATE``), then what is applied is read again and the rest applied, all
    in that one transaction: processes opening a fresh database at the same moment wait
    for each other, and the second one finds the work done instead of redoing it.
    """
    if not pending_migrations(conn):
        return []
    if conn.in_transaction:
        conn.commit()
    applied: list[str] = []
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        done = set(applied_migrations(conn))
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            # Statement by statement: executescript() would commit the transaction first.
            for statement in statements(sql):
                conn.execute(statement)
            conn.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", (name, now()))
            applied.append(name)
        conn.commit()
    except BaseException:
        _rollback(conn)
        raise
    return applied


def _rollback(conn: sqlite3.Connection) -> None:
    """Roll back the open transaction, if any; a failing rollback (the disk is gone) does not
    hide the error that caused it: SQLite rolls back an unfinished transaction itself."""
    try:
        if conn.in_transaction:
            conn.rollback()
    except sqlite3.Error:
        pass


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction that starts with the write lock (``BEGIN IMMEDIATE``).

    Everything read inside it is what the writes are based on: no other process can
    write between the read and the write (a deferred transaction, as ``with conn:``
    starts, reads a snapshot that another writer can make stale). Commits on success,
    rolls back on any exception. Inside an open transaction it joins that one, so the
    outer caller decides what lands together (an answer's score, findings and skill moves).
    """
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.commit()
    except BaseException:
        _rollback(conn)
        raise


def _set_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL (a persistent setting: a no-op once the file is in WAL mode).

    Switching needs an exclusive lock and SQLite does not wait for it with the busy
    handler, so processes opening a fresh file at once retry here until the timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        try:
            conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError as e:
            if e.sqlite_errorcode != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def connect(path: Path | None = None) -> sqlite3.Connection:
    """Open (creating if needed) the database, migrated and configured."""
    path = path or db_path()
    ensure_private_dir(path.parent)
    fresh = not path.exists()
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
        conn.row_factory = sqlite3.Row
        _set_wal(conn)
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=NORMAL")
        if fresh:
            os.chmod(path, 0o600)
        migrate(conn)
    except sqlite3.DatabaseError as e:
        raise IcraftError(
            f"cannot open the database {path}: {e}",
            "check the file, or point ICRAFT_HOME at another folder",
        ) from None
    return conn
