"""SVG snapshots of the dashboard's main screens (pytest-textual-snapshot).

Fixed terminal size, generated data with a fixed seed and end date, and "today"
passed in (never read from the clock), so the pictures are reproducible. After an
intended UI change, review and accept with `pytest tests/test_dashboard_snapshots.py
--snapshot-update`.
"""

from __future__ import annotations

import sqlite3
from typing import Any, Callable

from textual.pilot import Pilot

from tests.dashboard_helpers import SIZE, fill, make_app, settle

SnapCompare = Callable[..., bool]


async def _ready(pilot: Pilot[Any]) -> None:
    await settle(pilot)


def test_main_screen(db: sqlite3.Connection, snap_compare: SnapCompare) -> None:
    fill(db)
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_ready)


def test_session_screen(db: sqlite3.Connection, snap_compare: SnapCompare) -> None:
    fill(db)
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_ready, press=["3", "enter"])


def test_help_screen(db: sqlite3.Connection, snap_compare: SnapCompare) -> None:
    fill(db)
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_ready, press=["question_mark"])


def test_new_user_screen(db: sqlite3.Connection, snap_compare: SnapCompare) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_ready)
