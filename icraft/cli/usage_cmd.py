"""`icraft usage [--since YYYY-MM-DD] [--json]`: what the models cost you."""

from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from icraft.cli.options import JsonFlag, JsonFormat, wants_json

SinceOpt = Annotated[
    Optional[str], typer.Option("--since", help="Only calls on or after this day (YYYY-MM-DD, UTC).")
]


def _since(raw: str | None) -> str | None:
    if raw is None:
        return None
    from datetime import date

    from icraft.core.errors import InputError

    try:
        return date.fromisoformat(raw).isoformat()
    except ValueError:
        raise InputError(f"--since must be a date like 2025-11-01, not {raw!r}") from None


def usage(since: SinceOpt = None, json_out: JsonFlag = False, fmt: JsonFormat = None) -> None:
    """Tokens (in, out, cached) and cost of every model call, totalled per day, session and provider/model.

    Costs come from icraft's price table; local and unknown models count as 0.

    \b
    Examples:
      icraft usage
      icraft usage --since 2026-11-01 --json
    """
    from icraft.store.usage import summary
    from icraft.store import connect

    json_out = wants_json(json_out, fmt)
    conn = connect()
    try:
        data = summary(conn, since=_since(since))
    finally:
        conn.close()
    if json_out:
        from icraft.cli.output import print_json

        print_json(data)
        return
    from icraft.cli.output import console

    out = console()
    total = data["total"]
    if not total["calls"]:
        out.print("no model calls recorded" + (f" since {data['since']}" if data["since"] else "") +
                  " (offline mode uses none)")
        return
    for key, title in (("by_day", "day"), ("by_session", "session"), ("by_provider", "provider / model"),
                       ("by_purpose", "purpose")):
        _table(title, data[key])
    out.print(
        f"total: {total['calls']} calls, {total['tokens_in']} tokens in ({total['cached_tokens']} cached), "
        f"{total['tokens_out']} out, ${total['cost_usd']:.4f}"
    )


def _table(title: str, rows: list[dict[str, Any]]) -> None:
    from rich.markup import escape

    from icraft.cli.output import Col, print_table

    # Short headers so the numbers stay whole in 60 columns; the key (a day, a session id,
    # "provider / model") wraps at its slash rather than losing its end.
    cols = [Col(title, wrap=True, min_width=10), *(Col(c, justify="right") for c in ("calls", "in", "cached", "out", "USD"))]
    print_table(f"per {title}", cols, [
        [escape(str(r["key"])), str(r["calls"]), str(r["tokens_in"]), str(r["cached_tokens"]), str(r["tokens_out"]),
         f"{r['cost_usd']:.4f}"] for r in rows], bold_first=False)


def register(app: typer.Typer) -> None:
    app.command("usage", short_help="Tokens and cost of every model call, per day and provider.")(usage)
