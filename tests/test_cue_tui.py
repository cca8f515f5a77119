"""The cue app driven with the Pilot: a provisional card while the question is typed, the
firm card on Enter, 'no prepared answer', and a drill whose card fades (real database,
real lint, the cue mode run by the SessionRunner)."""

from __future__ import annotations

import asyncio
import sqlite3

from textual.widgets import Input, Static

from icraft.cue import deck
from icraft.cue.prepared import parse
from icraft.modes.cue import CueRunner
from icraft.tui.cue_app import CardPane, build_app, level_dots
from tests.cue_data import prepared_path


def _twenty():
    text = prepared_path("behavioral").read_text()
    cut = [i for i, line in enumerate(text.splitlines()) if line.startswith("## ")][20]
    return parse("\n".join(text.splitlines()[:cut]), "twenty.md")


def _pane_text(app) -> str:
    pane = app.query_one("#card", CardPane)
    return (pane.border_title or "") + "\n" + "\n".join(str(s.render()) for s in pane.query(Static))


def test_listening_shows_a_provisional_card_then_the_firm_one() -> None:
    prepared = _twenty()
    assert len(prepared.entries) == 20
    app = build_app(prepared)

    async def go():
        async with app.run_test(size=(100, 30)) as pilot:
            assert "Rehearsal aid" in str(app.query_one("#label", Static).render())
            entry = app.query_one("#entry", Input)
            entry.value = "so um tell me about a conflict with your boss"
            await pilot.pause()
            pane = app.query_one("#card", CardPane)
            assert pane.has_class("provisional") and "provisional:" in pane.border_title
            assert "#4 Tell me about a time you disagreed with your manager" in _pane_text(app)
            await pilot.press("enter")
            await pilot.pause()
            assert not pane.has_class("provisional")
            text = _pane_text(app)
            assert "dual-write" in text and level_dots(0) in text and "full answer" in text
            entry.value = "mm-hmm, great"
            await pilot.press("enter")
            await pilot.pause()
            assert "not a question" in str(app.query_one("#status", Static).render())
            entry.value = "how many golf balls fit in a school bus?"
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            assert "no prepared answer" in _pane_text(app)
            assert "2 questions heard, 1 with a card" in str(app.query_one("#status", Static).render())

    asyncio.run(go())


def test_the_drill_card_fades_after_a_good_answer(db: sqlite3.Connection) -> None:
    prepared = _twenty()
    name = "twenty"
    cards = deck.drill_order(db, name, prepared.entries, 2)
    runner = CueRunner.create(db, "cue", {"deck": name, "cards": deck.cards_option(cards)})
    app = build_app(runner=runner, first=runner.begin())

    async def go():
        async with app.run_test(size=(100, 30)) as pilot:
            assert "Tell me about yourself" in str(app.query_one("#question", Static).render())
            assert "Led the ledger rewrite" in _pane_text(app)
            app.query_one("#entry", Input).value = (
                "I am a backend engineer with six years on payments at Acme. I led the ledger rewrite and cut p99 "
                "from 900 ms to 120 ms. Now I am looking for a staff track role with more system ownership.")
            await pilot.press("enter")
            await pilot.pause()
            feedback = str(app.query_one("#feedback", Static).render())
            assert "3 of 3 key points" in feedback and "fades to key words" in feedback
            assert "Why do you want to work here?" in str(app.query_one("#question", Static).render())
            app.query_one("#entry", Input).value = "skip"
            await pilot.press("enter")
            await pilot.pause()
            assert "drill over" in _pane_text(app)
            await pilot.press("enter")

    asyncio.run(go())
    assert deck.levels(db, name) == {"tell me about yourself": 1}
    assert runner.dialogue.phase == "done"
    assert db.execute("SELECT status FROM sessions WHERE id = ?", (runner.session_id,)).fetchone()[0] == "completed"


def _footer(app) -> str:
    lines = [s.text.rstrip() for s in app.screen._compositor.render_strips()]
    return next(line for line in reversed(lines) if line)


def test_the_drill_sends_with_ctrl_s_like_the_interview_and_the_footer_says_so(db: sqlite3.Connection) -> None:
    from icraft.tui.interview_app import InterviewApp

    send = {b.key for b in InterviewApp.BINDINGS if b.action == "send"}
    assert send == {"ctrl+s"}  # the interview's send key
    prepared = _twenty()
    cards = deck.drill_order(db, "twenty", prepared.entries, 3)
    runner = CueRunner.create(db, "cue", {"deck": "twenty", "cards": deck.cards_option(cards)})
    app = build_app(runner=runner, first=runner.begin())

    async def go():
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            footer = _footer(app)
            assert "Send" in footer and "^s" in footer and "Enter" in footer and "Skip" in footer, footer
            app.query_one("#entry", Input).value = "I am a backend engineer; I led the ledger rewrite at Acme."
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "key points" in str(app.query_one("#feedback", Static).render())
            assert app.query_one("#entry", Input).value == ""
            assert "2/3" in str(app.query_one("#question", Static).render())
            await pilot.press("ctrl+k")  # skip, as in the interview
            await pilot.pause()
            assert "Skipped." in str(app.query_one("#feedback", Static).render())
            assert "3/3" in str(app.query_one("#question", Static).render())

    asyncio.run(go())


def test_listening_firms_the_card_up_with_ctrl_s_too() -> None:
    app = build_app(_twenty())

    async def go():
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert "Send" in _footer(app) and "^s" in _footer(app)
            app.query_one("#entry", Input).value = "tell me about a conflict with your boss"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert not app.query_one("#card", CardPane).has_class("provisional") and app.cues

    asyncio.run(go())
