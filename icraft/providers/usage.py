"""The usage ledger: one row per model call in the ``usage`` table, and its totals.

Cost is computed here from a small price table (USD per million tokens, list prices
when the table was written); unknown and local models cost 0 and say so. Tokens
are normalised across vendors: ``tokens_in`` counts every input token (cached ones
included), ``cached_tokens`` the ones read from the prompt cache.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from icraft.providers.base import Completion


@dataclass(frozen=True)
class Price:
    """USD per million tokens."""

    input: float
    output: float
    cached_input: float  # reading the prompt cache
    cache_write: float | None = None  # writing it (Anthropic: 1.25x input); None: same as input


#: List prices as of 2025-11 (anthropic.com/pricing, openai.com/api/pricing); newer models of a
#: family (claude-sonnet-4-6) are assumed to keep the family price. Matched by
#: longest prefix, so dated snapshots ("claude-sonnet-4-5-20250929") find their family.
PRICES: dict[str, Price] = {
    "claude-opus-4-5": Price(5.0, 25.0, 0.50, 6.25),
    "claude-opus-4": Price(15.0, 75.0, 1.50, 18.75),
    "claude-sonnet-4": Price(3.0, 15.0, 0.30, 3.75),
    "claude-haiku-4-5": Price(1.0, 5.0, 0.10, 1.25),
    "claude-3-5-haiku": Price(0.80, 4.0, 0.08, 1.0),
    "gpt-4.1-mini": Price(0.40, 1.60, 0.10),
    "gpt-4.1-nano": Price(0.10, 0.40, 0.025),
    "gpt-4.1": Price(2.0, 8.0, 0.50),
    "gpt-4o-mini": Price(0.15, 0.60, 0.075),
    "gpt-4o": Price(2.50, 10.0, 1.25),
    "gpt-5-mini": Price(0.25, 2.0, 0.025),
    "gpt-5-nano": Price(0.05, 0.40, 0.005),
    "gpt-5": Price(1.25, 10.0, 0.125),
}
#: Providers whose models run on the user's own hardware: always free.
FREE_PROVIDERS = ("openai-compatible", "offline")


def price_for(provider: str, model: str) -> Price | None:
    if provider in FREE_PROVIDERS:
        return None
    best = max((p for p in PRICES if model.startswith(p)), key=len, default=None)
    return PRICES[best] if best else None


def cost_usd(provider: str, model: str, c: Completion) -> float:
    price = price_for(provider, model)
    if price is None:
        return 0.0
    uncached = max(0, c.tokens_in - c.cached_tokens - c.cache_write_tokens)
    write_price = price.cache_write if price.cache_write is not None else price.input
    total = (
        uncached * price.input
        + c.cached_tokens * price.cached_input
        + c.cache_write_tokens * write_price
        + c.tokens_out * price.output
    )
    return round(total / 1_000_000, 8)


def record(
    c: Completion, *, purpose: str, session_id: str | None = None, conn: sqlite3.Connection | None = None
) -> int:
    """Append one call to the ledger; returns the row id. An unknown session id is stored
    as NULL (the ledger must never make a call fail)."""
    from icraft.store import now

    from icraft.store.db import transaction

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
    from icraft.store import connect

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
