"""Shared set-up for the dashboard tests: deterministic data and a way to drive the app."""

from __future__ import annotations

import asyncio
import importlib.util
import io
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any, Awaitable, Callable

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static

from icraft.paths import db_path
from icraft.tui.app import DashboardApp, build_app

REPO = Path(__file__).resolve().parent.parent
TODAY = date(2026, 3, 10)
SIZE = (120, 40)


def _gen_data() -> Any:
    spec = importlib.util.spec_from_file_location("icraft_bench_gen_data", REPO / "benchmarks" / "gen_data.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


gen_data = _gen_data()


def fill(conn: sqlite3.Connection, *, sessions: int = 12, answers: int = 3, days: int = 30) -> dict[str, int]:
    """A small, fixed history ending on TODAY (same seed every run)."""
    return gen_data.generate(conn, sessions=sessions, answers_per_session=answers, seed=3, end=TODAY, days=days)


def make_app(launcher: Callable[[list[str]], int] | None = None) -> DashboardApp:
    return build_app(db_path=db_path(), today=TODAY, launcher=launcher)


async def settle(pilot: Pilot[Any]) -> None:
    """Let pending messages (mount, resize, focus) be processed and the screen repaint."""
    await pilot.pause()


def drive(app: DashboardApp, scenario: Callable[[Pilot[Any]], Awaitable[None]], size: tuple[int, int] = SIZE) -> None:
    """Run ``scenario`` against the app headless (the same run_test() the snapshots use)."""

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await scenario(pilot)

    asyncio.run(main())


def plain(widget: Static) -> str:
    """A Static's content as plain text, as a terminal 200 columns wide would show it."""
    console = Console(width=200, file=io.StringIO(), record=True, color_system=None)
    console.print(widget.content)
    return console.export_text()
