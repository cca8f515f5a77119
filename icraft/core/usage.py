"""The usage sink: where providers report each model call they make.

The providers (an adapter layer) call :func:`report`; the front end connects the sink
once at start (``icraft.cli.main`` sets the database's ledger,
``icraft.store.usage.record_call``). Unconnected, a call is simply not recorded: the
ledger must never make a call fail. Standard library only.
"""

from __future__ import annotations

from typing import Any, Callable

# sink(call, *, purpose, session_id, conn) -> the ledger's row id
Sink = Callable[..., Any]

_sink: Sink | None = None


def set_sink(sink: Sink | None) -> Sink | None:
    """Send every reported call to ``sink`` (None: nowhere); returns the previous sink."""
    global _sink
    previous, _sink = _sink, sink
    return previous


def report(call: Any, *, purpose: str, session_id: str | None = None, **where: Any) -> Any:
    """Report one model call to the connected sink; None when there is none."""
    return None if _sink is None else _sink(call, purpose=purpose, session_id=session_id, **where)
