"""The dashboard's Stories pane, driven headless with the Pilot on a real database."""

from __future__ import annotations

import sqlite3
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from icraft.store import stories as repo
from icraft.stories import bank, core
from icraft.tui.screens.story import StoryScreen
from icraft.tui.widgets.stories import StoryList
from tests.dashboard_helpers import drive, fill, make_app
from tests.test_stories import CHECKOUT, CHECKOUT_AGAIN, MENTOR


def test_the_stories_pane_lists_the_bank_and_enter_opens_a_story(db: sqlite3.Connection) -> None:
    fill(db)
    sid = db.execute("SELECT id FROM sessions ORDER BY started_at LIMIT 1").fetchone()[0]
    checkout, _ = bank.add_written(db, CHECKOUT)
    for n in range(3):  # three uses within 30 days: overused
        repo.add_occurrence(db, checkout, core.read(CHECKOUT_AGAIN), session_id=sid, question_id=f"q{n}", score=70 + n)
    mentor, _ = bank.add_written(db, MENTOR)
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        table = app.query_one(StoryList)
        assert table.row_count == 2
        first = [str(c) for c in table.get_row_at(0)]
        assert first[:4] == [str(checkout), repo.get_story(db, checkout).title, "3", "72"] and first[4] == "overused"
        assert [str(c) for c in table.get_row_at(1)][2:5] == ["0", "—", ""]
        subtitle = str(app.query_one("#stories-pane").border_subtitle)
        assert subtitle.startswith("2 stories · Enter opens · gaps: ")
        await pilot.press("4")
        assert isinstance(app.focused, StoryList)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)
        text = str(app.screen.query_one("#story-text", Static).content)
        assert text.startswith(f"Story {mentor}: ") and "Best telling:" in text and 'situation: "Last year' in text
        await pilot.press("escape")
        assert not isinstance(app.screen, StoryScreen)

    drive(app, scenario)


def test_a_new_user_sees_how_stories_come_in(db: sqlite3.Connection) -> None:
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        assert app.query_one(StoryList).row_count == 0
        assert str(app.query_one("#stories-pane").border_subtitle) == "none yet: answer behavioral questions"

    drive(app, scenario)
