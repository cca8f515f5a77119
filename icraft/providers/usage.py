"""What a model call costs, and handing each call to the usage ledger.

Every call a provider makes is passed to the usage sink (:mod:`icraft.core.usage`), which
the front end connects to the database's ledger (``icraft.store.usage``: one row per
call in the ``usage`` table, and its totals): the providers, an adapter layer, never
import the store. Cost is computed here from a small price table (USD per million tokens, list prices
when the table was written); unknown and local models cost 0 and say so. Tokens
are normalised across vendors: ``tokens_in`` counts every input token (cached ones
included), ``cached_tokens`` the ones read from the prompt cache.
"""

from __future__ import annotations

import sqlite3
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


def record(c: Completion, *, purpose: str, session_id: str | None = None,
           conn: sqlite3.Connection | None = None) -> int | None:
    """Hand one call to the usage sink (``conn``: the database to write it to, else the
    sink's own); returns the ledger's row id, None when no sink is connected."""
    from icraft.core import usage

    return usage.report(c, purpose=purpose, session_id=session_id, conn=conn)
