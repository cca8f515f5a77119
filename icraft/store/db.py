"""The SQLite database: one file, WAL, foreign keys on, append-only migrations.

Migrations are (name, SQL) pairs in :data:`MIGRATIONS`, applied in order on every
open and recorded by name in ``_migrations``. A landed migration is never edited:
to change the schema, append a new one. ``tests/test_store.py`` checks the
migrated schema.

Writes go through :func:`transaction` (``BEGIN IMMEDIATE``). SQLite's faults of the
machine (damaged file, full disk, I/O error, read-only) become an
:class:`~icraft.core.errors.EnvironmentFault` naming the file (:func:`fault`);
``tests/test_store_integrity.py`` runs them in real processes.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from icraft.core.errors import CorruptDatabase, EnvironmentFault, IcraftError
from icraft.paths import db_path, ensure_private_dir

# How long a connection waits for another process's write lock before giving up.
BUSY_TIMEOUT_S = 10.0
# A file up to this size is checked at open (PRAGMA quick_check: 4 ms for 6.5 MB with a warm cache,
# about 10 ms a MB cold); a larger one only by `icraft doctor` and by SQLite's own checks as
# pages are read (a damaged page met then is still a CorruptDatabase).
QUICK_CHECK_MAX_BYTES = 32 << 20

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
    (
        "0009_job_postings",
        """
        -- Job postings analysed by `icraft jd` (icraft/jd/): the whole text and the analysis.
        CREATE TABLE job_postings (
            id TEXT PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,  -- sha256 of the whitespace-collapsed text
            title TEXT NOT NULL,
            source TEXT,                        -- file name, <stdin>, <pasted>
            text TEXT NOT NULL,
            analysis TEXT NOT NULL,             -- JSON Analysis.to_dict() (without the text)
            analyzer_version TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        """,
    ),
    (
        "0010_cue_cards",
        """
        -- `icraft cue` rehearsal cards (icraft/cue/): one per prepared question, an fsrs card each.
        CREATE TABLE cue_cards (
            deck TEXT NOT NULL,                 -- the prepared file's absolute path, or 'bank'
            question_key TEXT NOT NULL,         -- the question's words, lowercased (prepared.question_key)
            level INTEGER NOT NULL DEFAULT 0,   -- 0 full answer, 1 key words, 2 first words, 3 nothing
            card TEXT NOT NULL,                 -- JSON fsrs card state
            due_at TEXT NOT NULL,
            reviews INTEGER NOT NULL DEFAULT 0,
            last_rating INTEGER,                -- fsrs rating 1-4 of the last answer
            last_coverage REAL,                 -- share of the key points the last answer covered
            updated_at TEXT NOT NULL,
            PRIMARY KEY (deck, question_key)
        );
        """,
    ),
    (
        "0011_story_bank",
        """
        -- The story bank (icraft/stories/): a story is its tellings, each from an answer
        -- (session, score) or written with `icraft stories add` (no session).
        ALTER TABLE stories ADD COLUMN title_edited INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE story_occurrences (
            id INTEGER PRIMARY KEY,
            story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            session_id TEXT REFERENCES sessions(id) ON DELETE SET NULL,
            score_id INTEGER REFERENCES answer_scores(id) ON DELETE SET NULL,
            question TEXT,
            text TEXT NOT NULL,
            score INTEGER,
            parts TEXT NOT NULL DEFAULT '[]',         -- JSON [{label, quote, char_start, char_end}]
            numbers TEXT NOT NULL DEFAULT '[]',
            names TEXT NOT NULL DEFAULT '[]',
            competencies TEXT NOT NULL DEFAULT '[]',  -- JSON quotes, label = competency
            created_at TEXT NOT NULL
        );
        CREATE INDEX story_occurrences_story ON story_occurrences(story_id);
        CREATE INDEX story_occurrences_session ON story_occurrences(session_id);
        """,
    ),
    (
        "0012_skill_moves_once",
        """
        -- An interview's skill moves are stored once, as skill_events (store.sessions.skill_moves);
        -- sessions saved before kept a copy in their meta, which nothing reads any more.
        UPDATE sessions SET meta = json_remove(meta, '$.skill_changes')
        WHERE json_type(meta, '$.skill_changes') IS NOT NULL;
        """,
    ),
    (
        "0013_story_ids_never_reused",
        """
        -- A deleted story's id is never given to a new one (AUTOINCREMENT): `stories show 3`
        -- in a note or a report must not come to mean another story. SQLite cannot add
        -- AUTOINCREMENT to a table, so both tables are rebuilt: the old stories table is
        -- renamed first (its tellings' reference follows the rename), the new one filled
        -- from it, the tellings copied into a table that references the new one (with the
        -- core question's id, so a story retold in a follow-up's reply is one use of it).
        ALTER TABLE stories RENAME TO stories_0011;
        CREATE TABLE stories (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            competencies TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            title_edited INTEGER NOT NULL DEFAULT 0
        );
        INSERT INTO stories (id, title, text, competencies, created_at, updated_at, title_edited)
            SELECT id, title, text, competencies, created_at, updated_at, title_edited FROM stories_0011;
        CREATE TABLE story_occurrences_0013 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            session_id TEXT REFERENCES sessions(id) ON DELETE SET NULL,
            score_id INTEGER REFERENCES answer_scores(id) ON DELETE SET NULL,
            question TEXT,
            text TEXT NOT NULL,
            score INTEGER,
            parts TEXT NOT NULL DEFAULT '[]',
            numbers TEXT NOT NULL DEFAULT '[]',
            names TEXT NOT NULL DEFAULT '[]',
            competencies TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL,
            question_id TEXT                    -- the core question it answered (a follow-up's reply too)
        );
        INSERT INTO story_occurrences_0013 (id, story_id, session_id, score_id, question, text, score, parts, numbers,
                                            names, competencies, created_at)
            SELECT id, story_id, session_id, score_id, question, text, score, parts, numbers, names, competencies,
                   created_at FROM story_occurrences;
        DROP TABLE story_occurrences;
        DROP TABLE stories_0011;
        ALTER TABLE story_occurrences_0013 RENAME TO story_occurrences;
        CREATE INDEX story_occurrences_story ON story_occurrences(story_id);
        CREATE INDEX story_occurrences_session ON story_occurrences(session_id);
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


class Database(sqlite3.Connection):
    """A connection that knows its file and whether it may write (see :func:`connect`)."""

    path: Path | None = None
    read_only: str = ""  # why it is opened read-only ("" when it may write)


# The file the last connect() opened: the CLI boundary names it when an SQLite error
# (a damaged page met by a read, a full disk) reaches it without a path.
_current: Path | None = None


def current_path() -> Path:
    """The database file this process opened last (the default location if none)."""
    from icraft.paths import data_dir

    return _current or data_dir(create=False) / "icraft.db"


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction that starts with the write lock (``BEGIN IMMEDIATE``).

    Everything read inside it is what the writes are based on: no other process can
    write between the read and the write (a deferred transaction, as ``with conn:``
    starts, reads a snapshot that another writer can make stale). Commits on success,
    rolls back on any exception. Inside an open transaction it joins that one, so the
    outer caller decides what lands together (an answer's score, findings and skill moves).
    A fault of the machine (full disk, read-only folder, damaged file) is raised as an
    :class:`EnvironmentFault` naming the database, after the rollback.
    """
    if conn.in_transaction:
        yield conn
        return
    path = getattr(conn, "path", None)
    if getattr(conn, "read_only", False):
        why = conn.read_only  # type: ignore[attr-defined]
        fix = "free some space" if why == "the disk is full" else "make it writable"
        raise EnvironmentFault(
            f"cannot save to the database {path}: {why}",
            f"nothing was saved; {fix}, or point ICRAFT_HOME at another folder",
        )
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.commit()
        except BaseException:
            _rollback(conn)
            raise
    except sqlite3.Error as e:
        environment = fault(e, path)
        if environment is None:
            raise
        raise environment from e


def fault(e: sqlite3.Error, path: Path | None = None) -> EnvironmentFault | None:
    """The :class:`EnvironmentFault` an SQLite error stands for (damaged file, full disk,
    I/O error, read-only, cannot open, busy), naming the database file; None for any
    other error (a bug)."""
    path = path or current_path()
    code = (getattr(e, "sqlite_errorcode", None) or 0) & 0xFF  # the primary result code
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return damaged(path, str(e))
    if code in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR):
        cause, fix = ("the disk is full", "free some space") if code == sqlite3.SQLITE_FULL else _io_cause(path)
        return EnvironmentFault(
            f"cannot write to the database {path}: {cause}", f"nothing was half-saved; {fix} and run it again"
        )
    if code == sqlite3.SQLITE_READONLY:
        return EnvironmentFault(
            f"cannot save to the database {path}: it is read-only",
            "nothing was saved; make the file and its folder writable, or point ICRAFT_HOME at a writable folder",
        )
    if code == sqlite3.SQLITE_CANTOPEN:
        return EnvironmentFault(
            f"cannot open the database {path}",
            "check that its folder exists and is writable, or point ICRAFT_HOME at another folder",
        )
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return EnvironmentFault(
            f"the database {path} is busy: another program held its write lock for {BUSY_TIMEOUT_S:.0f} s",
            "nothing was saved; run it again when the other icraft has finished",
        )
    return None


def damaged(path: Path, detail: str) -> CorruptDatabase:
    return CorruptDatabase(
        f"the database {path} is damaged ({detail})",
        f"icraft wrote nothing to it; run `icraft doctor`, or move it aside (mv {path} {path}.damaged) "
        "to start a new one",
    )


def _io_cause(path: Path) -> tuple[str, str]:
    """Why a write failed with SQLite's generic I/O error (a file size limit, a full disk),
    and what to do about it."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
        if soft != resource.RLIM_INFINITY:
            return f"the file size limit is reached (ulimit -f: {soft} bytes)", "raise it (`ulimit -f unlimited`)"
    except (ImportError, OSError, ValueError):  # not POSIX
        pass
    if _free_bytes(path.parent) < 1 << 20:
        return "the disk is full", "free some space"
    return "a disk I/O error", "check the disk"


def _free_bytes(folder: Path) -> int:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return -1


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


def wal_path(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def writable(path: Path) -> bool:
    """Whether icraft may write the database: its folder (for the -wal and -shm files beside
    it) and the file itself. False on a read-only file system, even for root."""
    return os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def open_read_only(path: Path, why: str = "it is read-only", *, immutable: bool = False) -> Database:
    """A read-only connection that writes nothing, not even the -shm file: when the folder is
    not writable (or ``immutable``) and no WAL holds data, the file is opened ``immutable``
    (the file alone is the database)."""
    query = "mode=ro"
    if (immutable or not os.access(path.parent, os.W_OK)) and not _size(wal_path(path)):
        query += "&immutable=1"
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True, timeout=BUSY_TIMEOUT_S, factory=Database)
    conn.path, conn.read_only = path, why
    conn.row_factory = sqlite3.Row
    return conn


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """SQLite's ``quick_check``: [] when the file is sound, else its problems (at most 10)."""
    rows = [r[0] for r in conn.execute("PRAGMA quick_check(10)")]
    if rows == ["ok"]:
        return []
    # One line each: "*** in database main ***\nPage 13: btreeInitPage() ..." -> "page 13: btreeInitPage() ..."
    lines = [" ".join(str(r).replace("*** in database main ***", "").split()) for r in rows]
    return [line[:1].lower() + line[1:] for line in lines if line]


def _full(e: sqlite3.Error, path: Path) -> bool:
    """Whether an error opening the file is the disk being full (with no WAL data to miss)."""
    code = (getattr(e, "sqlite_errorcode", None) or 0) & 0xFF
    full = code == sqlite3.SQLITE_FULL or (code == sqlite3.SQLITE_IOERR and 0 <= _free_bytes(path.parent) < 1 << 20)
    return full and not _size(wal_path(path))


def connect(path: Path | None = None) -> sqlite3.Connection:
    """Open (creating if needed) the database, migrated and configured.

    A database icraft cannot write (a read-only folder or file) is opened read-only:
    commands that only read work, and the first write raises an EnvironmentFault. A
    damaged file is never written to: a small one is checked at open (``quick_check``),
    and any SQLite error that says "damaged" becomes a :class:`CorruptDatabase`.
    """
    global _current
    path = path or db_path()
    ensure_private_dir(path.parent)
    _current = path
    conn: Database | None = None
    try:
        size = _size(path)
        if path.exists() and size == 0 and _size(wal_path(path)):
            raise damaged(path, f"the file is empty but its write-ahead log holds {_size(wal_path(path))} bytes")
        if writable(path):
            try:
                conn = _open_read_write(path)
            except sqlite3.OperationalError as e:
                if not _full(e, path):
                    raise
                # No room even for the -shm file: read what the file holds; a write says why not.
                conn = open_read_only(path, "the disk is full", immutable=True)
        elif path.exists():
            conn = open_read_only(path, "its folder is read-only")
        else:
            raise EnvironmentFault(
                f"cannot create the database {path}: its folder is read-only",
                "make it writable, or point ICRAFT_HOME at a writable folder",
            )
        if size <= QUICK_CHECK_MAX_BYTES and (problems := quick_check(conn)):
            raise damaged(path, problems[0])
        conn.execute("PRAGMA foreign_keys=ON")
        if conn.read_only:
            if pending := pending_migrations(conn):
                raise EnvironmentFault(
                    f"the database {path} needs upgrading ({pending[-1]}) but {conn.read_only}",
                    "run icraft once where it can write the file",
                )
        else:
            migrate(conn)
    except BaseException as e:
        if conn is not None:
            conn.close()
        if isinstance(e, sqlite3.Error):
            raise fault(e, path) or IcraftError(
                f"cannot open the database {path}: {e}",
                "check the file, or point ICRAFT_HOME at another folder",
            ) from None
        raise
    return conn


def _open_read_write(path: Path) -> Database:
    fresh = not path.exists()
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, factory=Database)
    try:
        conn.path = path
        conn.row_factory = sqlite3.Row
        if fresh:
            os.chmod(path, 0o600)
        _set_wal(conn)
        conn.execute("PRAGMA synchronous=NORMAL")
    except BaseException:
        conn.close()
        raise
    return conn
