"""Stored job postings (``job_postings``): the text, its analysis, found by id or content hash.

The same posting (same :func:`icraft.jd.analyze.content_hash`) is stored once: saving it
again returns the stored row. Ids are 8 hex characters; a unique prefix finds a posting.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from icraft.core.errors import InputError, NotFoundError
from icraft.store.db import dumps, now, transaction
from icraft.store.sessions import new_id


@dataclass(frozen=True)
class PostingRow:
    id: str
    content_hash: str
    title: str
    source: str | None
    text: str
    analysis: dict[str, Any]
    analyzer_version: str
    created_at: str

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> PostingRow:
        d = dict(row)
        d["analysis"] = json.loads(d["analysis"])
        return cls(**d)


def save_posting(conn: sqlite3.Connection, *, content_hash: str, title: str, source: str | None, text: str,
                 analysis: dict[str, Any], analyzer_version: str) -> tuple[PostingRow, bool]:
    """(the row, True) when stored now, (the stored row, False) when the same posting was
    stored before. A posting stored by an older analyzer gets the new analysis."""
    with transaction(conn):
        row = conn.execute("SELECT * FROM job_postings WHERE content_hash = ?", (content_hash,)).fetchone()
        if row is not None:
            if row["analyzer_version"] != analyzer_version:
                conn.execute("UPDATE job_postings SET analysis = ?, analyzer_version = ? WHERE id = ?",
                             (dumps(analysis), analyzer_version, row["id"]))
                row = conn.execute("SELECT * FROM job_postings WHERE id = ?", (row["id"],)).fetchone()
            return PostingRow.from_row(row), False
        pid = new_id()
        conn.execute(
            "INSERT INTO job_postings (id, content_hash, title, source, text, analysis, analyzer_version, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (pid, content_hash, title, source, text, dumps(analysis), analyzer_version, now()),
        )
        row = conn.execute("SELECT * FROM job_postings WHERE id = ?", (pid,)).fetchone()
    return PostingRow.from_row(row), True


def get_posting(conn: sqlite3.Connection, ident: str) -> PostingRow:
    """The posting whose id is ``ident`` or starts with it (at least 4 characters)."""
    row = conn.execute("SELECT * FROM job_postings WHERE id = ?", (ident,)).fetchone()
    if row is None and len(ident) >= 4:
        rows = conn.execute("SELECT * FROM job_postings WHERE id LIKE ? ESCAPE '\\' LIMIT 2",
                            (ident.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",)).fetchall()
        if len(rows) > 1:
            raise InputError(f"job posting id {ident!r} is ambiguous", "give more characters of the id")
        row = rows[0] if rows else None
    if row is None:
        raise NotFoundError(f"no job posting {ident!r}", "see `icraft jd list`")
    return PostingRow.from_row(row)


def list_postings(conn: sqlite3.Connection, *, limit: int = 100) -> list[PostingRow]:
    rows = conn.execute("SELECT * FROM job_postings ORDER BY created_at DESC, rowid DESC LIMIT ?", (limit,))
    return [PostingRow.from_row(r) for r in rows]


def delete_posting(conn: sqlite3.Connection, posting_id: str) -> None:
    with transaction(conn):
        cur = conn.execute("DELETE FROM job_postings WHERE id = ?", (posting_id,))
    if cur.rowcount == 0:
        raise NotFoundError(f"no job posting {posting_id!r}", "see `icraft jd list`")
