"""Stored answers and their findings, read back as typed objects.

Writes are :func:`icraft.store.sessions.save_answer` (returning a
:class:`~icraft.store.sessions.StoredScore`: the ids it wrote). Reads return
:class:`StoredAnswer` (one ``answer_scores`` row, JSON columns decoded) and
:class:`StoredFinding` (one ``findings`` row), so callers read ``f.rule_id`` and
``a.judged`` instead of indexing rows and decoding JSON themselves.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True, slots=True)
class StoredFinding:
    """One stored finding: what a rule found in an answer, with its evidence spans."""

    id: int
    score_id: int
    rule_id: str
    category: str
    severity: str
    message: str
    points: float
    measurable: bool
    spans: tuple[dict[str, Any], ...]  # as stored: quote, turn, char_start, char_end...
    skills: tuple[str, ...]

    @property
    def quotes(self) -> tuple[str, ...]:
        return tuple(s["quote"] for s in self.spans if s.get("quote"))

    @property
    def quote(self) -> str | None:
        """The first evidence quote (None for a finding without a span)."""
        return self.spans[0].get("quote") if self.spans else None

    @classmethod
    def from_row(cls, r: sqlite3.Row) -> StoredFinding:
        d = _columns(cls, r)
        d.update(points=float(d["points"]), measurable=bool(d["measurable"]),
                 spans=tuple(json.loads(d["spans"] or "[]")), skills=tuple(json.loads(d["skills"] or "[]")))
        return cls(**d)


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    """One stored answer score (attempt 0 is the answer as given, 1.. its rewinds)."""

    id: int
    session_id: str
    turn_id: int | None
    answer_index: int
    attempt: int
    text: str
    question_type: str | None
    overall: int
    categories: dict[str, int]
    delivery: dict[str, Any] | None
    rubric_version: str | None
    # The rules that could judge it (fired or passed); None when not recorded (scored
    # before migration 0007): then a rule without a finding may have passed or had
    # nothing to judge.
    judged: list[str] | None
    created_at: str

    @classmethod
    def from_row(cls, r: sqlite3.Row) -> StoredAnswer:
        d = _columns(cls, r)
        d.update(categories=json.loads(d["categories"] or "{}"),
                 delivery=json.loads(d["delivery"]) if d["delivery"] else None,
                 judged=None if d["judged"] is None else list(json.loads(d["judged"])))
        return cls(**d)


def _columns(cls: type, row: sqlite3.Row) -> dict[str, Any]:
    """The row's columns that are fields of ``cls`` (a later migration's extra columns are left out)."""
    names = {f.name for f in fields(cls)}
    return {k: row[k] for k in row.keys() if k in names}


def session_answers(conn: sqlite3.Connection, session_id: str, *, attempt: int | None = 0) -> list[StoredAnswer]:
    """A session's stored answers by answer index then attempt (``attempt`` None: all of
    them; 0, the default: the answers as given)."""
    sql = "SELECT * FROM answer_scores WHERE session_id = ?"
    args: tuple[Any, ...] = (session_id,)
    if attempt is not None:
        sql += " AND attempt = ?"
        args += (attempt,)
    return [StoredAnswer.from_row(r) for r in conn.execute(sql + " ORDER BY answer_index, attempt, id", args)]


def session_findings(conn: sqlite3.Connection, session_id: str, *, attempt: int | None = 0) -> dict[int, list[StoredFinding]]:
    """A session's findings by score id, each answer's in stored order: one query for the
    whole session, not one per answer."""
    sql = "SELECT f.* FROM findings f JOIN answer_scores a ON a.id = f.score_id WHERE a.session_id = ?"
    args: tuple[Any, ...] = (session_id,)
    if attempt is not None:
        sql += " AND a.attempt = ?"
        args += (attempt,)
    out: dict[int, list[StoredFinding]] = {}
    for r in conn.execute(sql + " ORDER BY f.id", args):
        out.setdefault(int(r["score_id"]), []).append(StoredFinding.from_row(r))
    return out


@dataclass(frozen=True, slots=True)
class AnswerInContext:
    """A stored answer as given, with its turn's phase and bank question id and the
    interviewer's last turn before it (the question it answers)."""

    answer: StoredAnswer
    phase: str | None
    question_id: str | None
    question: str | None
    started_at: str | None = None  # the session's start (read across sessions only)


def answers_in_context(conn: sqlite3.Connection, session_id: str) -> list[AnswerInContext]:
    """A session's answers as given (attempt 0), by answer index, each with its question."""
    rows = conn.execute(
        "SELECT a.*, t.phase AS t_phase, t.question_id AS t_qid,"
        " (SELECT q.text FROM turns q WHERE q.session_id = a.session_id AND q.speaker = 'interviewer'"
        "   AND q.idx < t.idx ORDER BY q.idx DESC LIMIT 1) AS t_question"
        " FROM answer_scores a LEFT JOIN turns t ON t.id = a.turn_id"
        " WHERE a.session_id = ? AND a.attempt = 0 ORDER BY a.answer_index",
        (session_id,),
    ).fetchall()
    return [AnswerInContext(StoredAnswer.from_row(r), r["t_phase"], r["t_qid"], r["t_question"]) for r in rows]


def finished_answers_in_context(conn: sqlite3.Connection) -> list[AnswerInContext]:
    """Every answer as given (attempt 0) of every session that is not in progress, oldest
    session first, each with its question and its session's start (the memory's input)."""
    rows = conn.execute(
        "SELECT a.*, s.started_at AS s_started, t.phase AS t_phase, t.question_id AS t_qid,"
        " (SELECT q.text FROM turns q WHERE q.session_id = a.session_id AND q.speaker = 'interviewer'"
        "   AND q.idx < t.idx ORDER BY q.idx DESC LIMIT 1) AS t_question"
        " FROM answer_scores a JOIN sessions s ON s.id = a.session_id LEFT JOIN turns t ON t.id = a.turn_id"
        " WHERE a.attempt = 0 AND s.status != 'in_progress'"
        " ORDER BY s.started_at, s.rowid, a.answer_index"
    ).fetchall()
    return [
        AnswerInContext(StoredAnswer.from_row(r), r["t_phase"], r["t_qid"], r["t_question"], r["s_started"])
        for r in rows
    ]


def measurable_findings(conn: sqlite3.Connection, score_ids: list[int]) -> list[StoredFinding]:
    """The findings that cost points of these answers, costliest first."""
    marks = ",".join("?" * len(score_ids))
    rows = conn.execute(
        f"SELECT * FROM findings WHERE measurable = 1 AND score_id IN ({marks}) ORDER BY points DESC, id", score_ids
    )
    return [StoredFinding.from_row(r) for r in rows]


def save_memory(conn: sqlite3.Connection, doc: dict[str, Any], updated_at: str) -> None:
    """Store the cross-session memory document (one row, replaced)."""
    from icraft.store.db import dumps

    conn.execute(
        "INSERT INTO interview_memory (id, doc, updated_at) VALUES (1, ?, ?)"
        " ON CONFLICT(id) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at",
        (dumps(doc), updated_at),
    )


def load_memory(conn: sqlite3.Connection) -> dict[str, Any] | None:
    """The stored memory document, None before the first one."""
    row = conn.execute("SELECT doc FROM interview_memory WHERE id = 1").fetchone()
    return json.loads(row["doc"]) if row else None


def answer_findings(conn: sqlite3.Connection, score_id: int) -> list[StoredFinding]:
    """One stored answer's findings, in stored order."""
    rows = conn.execute("SELECT * FROM findings WHERE score_id = ? ORDER BY id", (score_id,))
    return [StoredFinding.from_row(r) for r in rows]


def given_answer(conn: sqlite3.Connection, session_id: str, turn_id: int, answer_index: int) -> StoredAnswer | None:
    """The stored score of an answer as given (attempt 0): by its turn, or by its index for
    an answer stored without its turn; None when it was not scored."""
    row = conn.execute(
        "SELECT * FROM answer_scores WHERE session_id = ? AND attempt = 0 AND (turn_id = ? OR"
        " (turn_id IS NULL AND answer_index = ?))",
        (session_id, turn_id, answer_index),
    ).fetchone()
    return StoredAnswer.from_row(row) if row else None


def delete_answer(conn: sqlite3.Connection, score_id: int) -> None:
    """Delete a stored answer score and its findings (in the caller's transaction when one is open)."""
    from icraft.store.db import transaction

    with transaction(conn):
        conn.execute("DELETE FROM answer_scores WHERE id = ?", (score_id,))


def last_turn_times(conn: sqlite3.Connection) -> dict[str, str]:
    """Session id -> when its last turn was stored (sessions with turns only)."""
    return {r[0]: r[1] for r in conn.execute("SELECT session_id, MAX(created_at) FROM turns GROUP BY session_id")}
