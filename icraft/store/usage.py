"""The usage ledger: one row per model call in the ``usage`` table, and its totals.

The providers hand each call to the usage sink (:mod:`icraft.core.usage`); the front end
connects :func:`record_call` to it, so calls land here without the providers importing
the store.
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any, Protocol

from icraft.store.db import now, transaction


class Call(Protocol):
    """What the ledger keeps of a model call (``icraft.providers.base.Completion`` is one)."""

    provider: str
    model: str
    tokens_in: int
    tokens_out: int
    cached_tokens: int
    cost_usd: float


def record_call(c: Call, *, purpose: str, session_id: str | None = None, conn: sqlite3.Connection | None = None) -> int:
    """Append one call to the ledger; returns the row id. An unknown session id is stored
    as NULL (the ledger must never make a call fail)."""
    db = conn or _ledger_connection()
    with transaction(db):
        cur = db.execute(
            "INSERT INTO usage (at, session_id, provider, model, purpose, tokens_in, tokens_out,"
            " cached_tokens, cost_usd) VALUES (?, (SELECT id FROM sessions WHERE id = ?), ?,?,?,?,?,?,?)",
            (now(), session_id, c.provider, c.model, purpose, c.tokens_in, c.tokens_out, c.cached_tokens,
             c.cost_usd),
        )
    return int(cur.lastrowid)


_local = threading.local()


def _ledger_connection() -> sqlite3.Connection:
    """One open connection per thread: opening and closing the database per call costs
    ~15 ms (the WAL checkpoint on close), more than the row itself (~0.5 ms)."""
    from icraft.paths import db_path
    from icraft.store.db import connect

    path = db_path()
    held = getattr(_local, "conn", None)
    if held is not None and held[0] == path:
        return held[1]
    if held is not None:
        held[1].close()
    conn = connect(path)
    _local.conn = (path, conn)
    return conn


_SUMS = (
    "COUNT(*) AS calls, SUM(tokens_in) AS tokens_in, SUM(tokens_out) AS tokens_out,"
    " SUM(cached_tokens) AS cached_tokens, ROUND(SUM(cost_usd), 8) AS cost_usd"
)
_GROUPS = {
    "day": "substr(at, 1, 10)",
    "session": "COALESCE(session_id, '-')",
    "provider": "provider || ' / ' || model",
    "purpose": "purpose",
}


def summary(conn: sqlite3.Connection, *, since: str | None = None) -> dict[str, Any]:
    """Totals overall and per day, session, provider/model and purpose, since a date."""
    where, args = ("WHERE at >= ?", [since]) if since else ("", [])
    out: dict[str, Any] = {"since": since}
    total = conn.execute(f"SELECT {_SUMS} FROM usage {where}", args).fetchone()
    out["total"] = _row(dict(total))
    for name, expr in _GROUPS.items():
        rows = conn.execute(
            f"SELECT {expr} AS key, {_SUMS} FROM usage {where} GROUP BY key ORDER BY key", args
        ).fetchall()
        out[f"by_{name}"] = [_row(dict(r)) for r in rows]
    return out


def _row(d: dict[str, Any]) -> dict[str, Any]:
    for k in ("calls", "tokens_in", "tokens_out", "cached_tokens"):
        d[k] = int(d[k] or 0)
    d["cost_usd"] = float(d["cost_usd"] or 0.0)
    return d
