"""Sessions, turns and answer scores: the repository every practice mode writes to.

Each write is its own committed transaction, so a killed process keeps every turn
and score that was written before it died. Every write goes through
:func:`icraft.store.db.transaction` (``BEGIN IMMEDIATE``): called inside an open one, it
joins it, so a caller can make several writes land together (an answer's score, its
findings and the skill moves: see :mod:`icraft.practice.record`).
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from dataclasses import dataclass
from typing import Any, Sequence

from icraft.core.errors import NotFoundError
from icraft.core.findings import AnswerResult
from icraft.core.transcript import TimedToken, Transcript, Turn, merge_adjacent
from icraft.store.db import dumps, now, transaction


@dataclass(frozen=True)
class SessionRow:
    id: str
    kind: str
    status: str
    title: str | None
    type: str | None
    role: str | None
    level: str | None
    source: str | None
    meta: dict[str, Any]
    started_at: str
    ended_at: str | None
    score: int | None
    rubric_version: str | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> SessionRow:
        d = dict(row)
        d["meta"] = json.loads(d["meta"] or "{}")
        return cls(**d)


def new_id() -> str:
    """Short, URL-safe, unique enough for a personal database (8 hex chars)."""
    return secrets.token_hex(4)


def words_json(turn: Turn) -> str | None:
    if not any(w.timed for w in turn.words):
        return None
    return dumps([[w.text, w.start_ms, w.end_ms, w.confidence] for w in turn.words])


def turn_from_row(speaker: str, text: str, words: str | None, approximate: int = 0) -> Turn:
    if not words:
        return Turn.from_text(speaker, text)
    toks = [TimedToken(t, s, e, c) for t, s, e, c in json.loads(words)]
    return Turn.from_tokens(speaker, toks, approximate=bool(approximate))


def create_session(
    conn: sqlite3.Connection,
    kind: str,
    *,
    title: str | None = None,
    type: str | None = None,
    role: str | None = None,
    level: str | None = None,
    source: str | None = None,
    meta: dict[str, Any] | None = None,
    status: str = "in_progress",
) -> str:
    sid = new_id()
    with transaction(conn):
        conn.execute(
            "INSERT INTO sessions (id, kind, status, title, type, role, level, source, meta, started_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?)",
            (sid, kind, status, title, type, role, level, source, dumps(meta or {}), now()),
        )
    return sid


def update_session(conn: sqlite3.Connection, session_id: str, **fields: Any) -> None:
    allowed = {"status", "title", "meta", "ended_at", "score", "rubric_version", "type", "role", "level"}
    bad = set(fields) - allowed
    if bad:
        raise ValueError(f"cannot update {bad}")
    if "meta" in fields:
        fields["meta"] = dumps(fields["meta"])
    cols = ", ".join(f"{k} = ?" for k in fields)
    with transaction(conn):
        conn.execute(f"UPDATE sessions SET {cols} WHERE id = ?", (*fields.values(), session_id))


def get_session(conn: sqlite3.Connection, session_id: str) -> SessionRow:
    rows = conn.execute("SELECT * FROM sessions WHERE id LIKE ? || '%'", (session_id,)).fetchall()
    if not rows:
        raise NotFoundError(f"no session '{session_id}'", "run `icraft sessions` to list them")
    if len(rows) > 1:
        raise NotFoundError(f"session id '{session_id}' is ambiguous ({len(rows)} match)", "type more characters")
    return SessionRow.from_row(rows[0])


def list_sessions(conn: sqlite3.Connection, *, kind: str | None = None, limit: int = 50) -> list[SessionRow]:
    q = "SELECT * FROM sessions"
    args: list[Any] = []
    if kind:
        q += " WHERE kind = ?"
        args.append(kind)
    q += " ORDER BY started_at DESC, rowid DESC LIMIT ?"
    args.append(limit)
    return [SessionRow.from_row(r) for r in conn.execute(q, args)]


def delete_session(conn: sqlite3.Connection, session_id: str) -> None:
    row = get_session(conn, session_id)
    with transaction(conn):
        conn.execute("DELETE FROM sessions WHERE id = ?", (row.id,))


def add_turn(
    conn: sqlite3.Connection,
    session_id: str,
    turn: Turn,
    *,
    question_id: str | None = None,
    phase: str | None = None,
    timings: dict[str, Any] | None = None,
) -> int:
    """Append a turn and commit it at once; returns the turn's row id."""
    with transaction(conn):
        (idx,) = conn.execute(
            "SELECT COALESCE(MAX(idx) + 1, 0) FROM turns WHERE session_id = ?", (session_id,)
        ).fetchone()
        cur = conn.execute(
            "INSERT INTO turns (session_id, idx, speaker, text, words, approximate, question_id, phase, timings,"
            " created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                session_id,
                idx,
                turn.speaker,
                turn.text,
                words_json(turn),
                int(turn.approximate),
                question_id,
                phase,
                dumps(timings) if timings else None,
                now(),
            ),
        )
    return int(cur.lastrowid)


def replace_turn_text(conn: sqlite3.Connection, turn_id: int, turn: Turn) -> None:
    with transaction(conn):
        conn.execute(
            "UPDATE turns SET text = ?, words = ? WHERE id = ?", (turn.text, words_json(turn), turn_id)
        )


def merge_turn_timings(conn: sqlite3.Connection, turn_id: int, timings: dict[str, Any]) -> None:
    """Merge stage timings (voice latencies) into a stored turn's timings; None values are skipped."""
    with transaction(conn):
        row = conn.execute("SELECT timings FROM turns WHERE id = ?", (turn_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no turn {turn_id}")
        merged = {**(json.loads(row[0]) if row[0] else {}), **{k: v for k, v in timings.items() if v is not None}}
        conn.execute("UPDATE turns SET timings = ? WHERE id = ?", (dumps(merged), turn_id))


def count_turns(conn: sqlite3.Connection, session_id: str) -> int:
    (n,) = conn.execute("SELECT COUNT(*) FROM turns WHERE session_id = ?", (session_id,)).fetchone()
    return int(n)


def has_first_score(conn: sqlite3.Connection, turn_id: int) -> bool:
    """True when the stored turn already has its first score (attempt 0)."""
    row = conn.execute("SELECT 1 FROM answer_scores WHERE turn_id = ? AND attempt = 0", (turn_id,)).fetchone()
    return row is not None


def merged_position(conn: sqlite3.Connection, turn_id: int) -> int:
    """Index of a stored turn in the session transcript, where consecutive turns of one
    speaker are merged (as :func:`load_transcript` does), so evidence spans point at the
    right turn of an exported or re-linted session."""
    session_id, idx = conn.execute("SELECT session_id, idx FROM turns WHERE id = ?", (turn_id,)).fetchone()
    speakers = [
        r[0]
        for r in conn.execute(
            "SELECT speaker FROM turns WHERE session_id = ? AND idx <= ? ORDER BY idx", (session_id, idx)
        )
    ]
    return sum(1 for i, s in enumerate(speakers) if i == 0 or s != speakers[i - 1]) - 1


def latest_in_progress(conn: sqlite3.Connection, kind: str) -> str | None:
    row = conn.execute(
        "SELECT id FROM sessions WHERE kind = ? AND status = 'in_progress' ORDER BY started_at DESC, rowid DESC"
        " LIMIT 1",
        (kind,),
    ).fetchone()
    return None if row is None else str(row["id"])


def loads_timings(raw: str | None) -> dict[str, Any]:
    """A turn's stored ``timings`` column as a dict ({} when none)."""
    return json.loads(raw) if raw else {}


@dataclass(frozen=True, slots=True)
class StoredTurn:
    """One stored turn, in the session's order (``idx``)."""

    id: int
    session_id: str
    idx: int
    speaker: str
    text: str
    words: str | None  # the word timings as stored JSON (None: typed, untimed)
    approximate: bool
    question_id: str | None
    phase: str | None
    timings: dict[str, Any]  # per-stage times of a spoken turn, the answer's time ({} when none)
    created_at: str

    def turn(self) -> Turn:
        """The turn itself, word timings included."""
        return turn_from_row(self.speaker, self.text, self.words, int(self.approximate))


def stored_turns(conn: sqlite3.Connection, session_id: str) -> list[StoredTurn]:
    """A session's turns in order."""
    rows = conn.execute("SELECT * FROM turns WHERE session_id = ? ORDER BY idx", (session_id,)).fetchall()
    return [
        StoredTurn(
            id=int(r["id"]), session_id=r["session_id"], idx=int(r["idx"]), speaker=r["speaker"], text=r["text"],
            words=r["words"], approximate=bool(r["approximate"]), question_id=r["question_id"], phase=r["phase"],
            timings=loads_timings(r["timings"]), created_at=r["created_at"],
        )
        for r in rows
    ]


def has_words_from(conn: sqlite3.Connection, session_id: str, speaker: str) -> bool:
    """Whether ``speaker`` said anything (a turn that is not blank) in the session."""
    row = conn.execute(
        "SELECT 1 FROM turns WHERE session_id = ? AND speaker = ? AND TRIM(text) != '' LIMIT 1", (session_id, speaker)
    ).fetchone()
    return row is not None


def load_transcript(conn: sqlite3.Connection, session_id: str, stored: list[StoredTurn] | None = None) -> Transcript:
    """The session's turns as a Transcript (same-speaker neighbours merged); ``stored``:
    its :func:`stored_turns`, when the caller has read them already."""
    row = get_session(conn, session_id)
    turns = [t.turn() for t in (stored if stored is not None else stored_turns(conn, row.id))]
    return Transcript(merge_adjacent(turns), load_meta(row))


def load_meta(row: SessionRow) -> dict[str, str]:
    """A session's transcript meta: its question type, role, level and id."""
    meta = {k: v for k, v in (("question_type", row.type), ("role", row.role), ("level", row.level)) if v}
    meta["session_id"] = row.id
    return meta


@dataclass(frozen=True, slots=True)
class StoredScore:
    """One answer's score as stored: its ``answer_scores`` id and the ``findings`` ids of
    its findings, in the order of ``AnswerResult.findings``."""

    id: int
    finding_ids: tuple[int, ...]


def save_answer(
    conn: sqlite3.Connection,
    session_id: str,
    result: AnswerResult,
    text: str,
    *,
    turn_id: int | None = None,
    attempt: int = 0,
    words: str | None = None,
) -> StoredScore:
    """Store one answer's score and findings in one transaction; returns their ids."""
    with transaction(conn):
        cur = conn.execute(
            "INSERT INTO answer_scores (session_id, turn_id, answer_index, attempt, text, words, question_type,"
            " overall, categories, delivery, rubric_version, judged, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                session_id,
                turn_id,
                result.answer,
                attempt,
                text,
                words,
                result.question_type,
                result.score.overall,
                dumps(result.score.categories),
                dumps(result.delivery.to_dict()) if result.delivery else None,
                result.score.rubric_version,
                dumps(list(result.judged)),
                now(),
            ),
        )
        score_id = int(cur.lastrowid)
        finding_ids = tuple(
            int(
                conn.execute(
                    "INSERT INTO findings (score_id, rule_id, category, severity, message, points, measurable, spans,"
                    " skills) VALUES (?,?,?,?,?,?,?,?,?)",
                    (
                        score_id,
                        f.rule_id,
                        f.category,
                        f.severity,
                        f.message,
                        f.points,
                        int(f.measurable),
                        dumps([s.to_dict() for s in f.spans]),
                        dumps(list(f.skills)),
                    ),
                ).lastrowid
            )
            for f in result.findings
        )
    return StoredScore(score_id, finding_ids)


@dataclass(frozen=True, slots=True)
class SkillMove:
    """How a session moved one skill: its score before the session's first move of it
    (None: the skill had no evidence yet) and after its last."""

    skill_id: str
    before: float | None
    after: float


def skill_moves(conn: sqlite3.Connection, session_id: str, source: str) -> list[SkillMove]:
    """The skills a session moved (its ``skill_events`` of ``source``: an interview's own
    answers, not later rewinds of them), by skill id. "Before" is the skill's score in the
    event written just before the session's first event about it."""
    rows = conn.execute(
        "WITH mine AS (SELECT skill_id, MIN(id) AS first, MAX(id) AS last FROM skill_events"
        "  WHERE session_id = ? AND source = ? GROUP BY skill_id)"
        " SELECT m.skill_id,"
        "  (SELECT p.score FROM skill_events p WHERE p.skill_id = m.skill_id AND p.id < m.first"
        "   ORDER BY p.id DESC LIMIT 1) AS before,"
        "  (SELECT e.score FROM skill_events e WHERE e.id = m.last) AS after"
        " FROM mine m ORDER BY m.skill_id",
        (session_id, source),
    ).fetchall()
    return [SkillMove(r["skill_id"], r["before"], float(r["after"])) for r in rows]


def lint_session_with_content(conn: sqlite3.Connection, key: str) -> str | None:
    """The lint session saved from content with this key (``meta.content_key``): the one
    already re-wound if any, else the first saved; None when there is none."""
    row = conn.execute(
        "SELECT s.id FROM sessions s WHERE s.kind = 'lint' AND json_extract(s.meta, '$.content_key') = ?"
        " ORDER BY EXISTS (SELECT 1 FROM answer_scores a WHERE a.session_id = s.id AND a.attempt > 0) DESC,"
        " s.started_at, s.rowid LIMIT 1",
        (key,),
    ).fetchone()
    return str(row["id"]) if row else None


def recent_values(conn: sqlite3.Connection, column: str, *, limit: int = 20) -> list[str]:
    """The latest sessions' ``role`` or ``level`` (``column``), newest first, where one was recorded."""
    if column not in ("role", "level"):
        raise ValueError(f"not a session profile column: {column}")
    rows = conn.execute(
        f"SELECT {column} FROM sessions WHERE {column} IS NOT NULL"  # noqa: S608 (one of two fixed columns)
        " ORDER BY started_at DESC, rowid DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [str(r[0]) for r in rows]


def asked_question_ids(
    conn: sqlite3.Connection, kinds: Sequence[str], since: str, *, exclude_session: str | None = None,
    newest_first: bool = False, limit: int = -1,
) -> list[str]:
    """Bank ids of the questions asked in sessions of ``kinds`` since ``since`` (an ISO
    time), one per asking turn, oldest first (or newest first), at most ``limit`` (-1: all)."""
    marks = ",".join("?" * len(kinds))
    order = "DESC" if newest_first else "ASC"
    rows = conn.execute(
        "SELECT t.question_id FROM turns t JOIN sessions s ON s.id = t.session_id"
        f" WHERE s.kind IN ({marks}) AND t.question_id IS NOT NULL AND t.created_at >= ?"  # noqa: S608 (placeholders)
        f" AND s.id IS NOT ? ORDER BY t.created_at {order}, t.id {order} LIMIT ?",
        (*kinds, since, exclude_session, limit),
    ).fetchall()
    return [str(r[0]) for r in rows]


def abandon_stale(conn: sqlite3.Connection, kind: str, before: str) -> int:
    """Mark in-progress sessions of ``kind`` whose last turn (or start) is older than
    ``before`` (an ISO time) as abandoned; returns how many."""
    with transaction(conn):
        cur = conn.execute(
            "UPDATE sessions SET status = 'abandoned' WHERE kind = ? AND status = 'in_progress' AND"
            " COALESCE((SELECT MAX(created_at) FROM turns WHERE session_id = sessions.id), started_at) < ?",
            (kind, before),
        )
    return cur.rowcount


def next_attempt(conn: sqlite3.Connection, session_id: str, answer_index: int) -> int:
    (n,) = conn.execute(
        "SELECT COALESCE(MAX(attempt) + 1, 0) FROM answer_scores WHERE session_id = ? AND answer_index = ?",
        (session_id, answer_index),
    ).fetchone()
    return int(n)
