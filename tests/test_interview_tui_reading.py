"""The interview TUI's defects from the practice-modes issue, each a test: the final
report scrolls by keyboard and is searchable, Ctrl-C pauses, a continued interview gets
back its half-typed answer, its last findings and its clock, and at 40 columns the
panes stack with "Send" still in the footer."""

from __future__ import annotations

import asyncio

from textual.widgets import Footer, Static, TextArea

from icraft.interview.engine import InterviewOptions, Phase
from icraft.modes.interview import InterviewRunner
from icraft.store import sessions as store
from icraft.tui.interview_app import build_app
from icraft.tui.widgets.reading import ReadingPane
from tests.fakes.fixtures import offline_network  # noqa: F401 (autouse: no proxies, loopback only)
from tests.test_interview_tui import FakeClock, _app, _type_and_send
from tests.test_sessions_cmd import STAR, WEAK


def test_the_final_report_scrolls_by_keyboard_and_finds_words(db) -> None:
    runner, app = _app(db)

    async def go() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await _type_and_send(pilot, "I build payment systems at Acme.")
            await _type_and_send(pilot, WEAK)
            for _ in range(30):
                if app.finished:
                    break
                await _type_and_send(pilot, "no" if runner.engine.phase is Phase.CANDIDATE_QUESTIONS else STAR)
            assert app.finished
            pane = app.query_one("#report-pane", ReadingPane)
            await pilot.pause()
            assert pane.max_scroll_y > 0, "the report is longer than the screen"
            assert app.focused is pane
            for key, moved in (("down", lambda y: y > 0), ("end", lambda y: y == pane.max_scroll_y),
                               ("home", lambda y: y == 0), ("pagedown", lambda y: y > 1), ("k", lambda y: y >= 0),
                               ("j", lambda y: y > 0), ("space", lambda y: y > 1)):
                if key == "home":
                    pane.scroll_end(animate=False)
                await pilot.press(key)
                await pilot.pause()
                assert moved(pane.scroll_y), (key, pane.scroll_y)
            pane.scroll_home(animate=False)
            await pilot.pause()
            last_block = pane.matches("Delivery") or pane.matches("answer")
            assert last_block
            await pilot.press("slash")
            await pilot.pause()
            await pilot.press(*"Delivery" if pane.matches("Delivery") else "answer", "enter")
            await pilot.pause()
            current = pane._current
            assert current is not None and current.has_class("-match")
            assert current.region.y >= pane.region.y  # scrolled into view
            await pilot.press("q")

    asyncio.run(go())


def test_ctrl_c_pauses_like_ctrl_q(db) -> None:
    runner, app = _app(db, minutes=30)

    async def go() -> str:
        async with app.run_test() as pilot:
            await _type_and_send(pilot, "I build payment systems at Acme.")
            await pilot.press("ctrl+c")
        return app.return_value or ""

    assert asyncio.run(go()) == "paused"
    assert store.get_session(db, runner.session_id).status == "in_progress"


def test_a_continued_interview_restores_the_draft_the_findings_and_the_clock(db) -> None:
    clock = FakeClock()
    runner, app = _app(db, minutes=30, clock=clock)

    async def first() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await _type_and_send(pilot, "I build payment systems at Acme.")
            clock.t += 200
            await _type_and_send(pilot, WEAK)
            clock.t += 100
            app.query_one("#answer", TextArea).text = "half an ans"
            await pilot.press("ctrl+q")

    asyncio.run(first())
    findings_before = None
    again = InterviewRunner.load(db, runner.session_id)
    resumed = build_app(again, again.resume(), clock=FakeClock())

    async def second() -> None:
        nonlocal findings_before
        async with resumed.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert resumed.query_one("#answer", TextArea).text == "half an ans"
            findings_before = str(resumed.query_one("#findings", Static).render())
            assert "Answer 2:" in findings_before and "/100" in findings_before
            assert str(resumed.query_one("#timer").render()).startswith("05:00")  # 300 s used, not the 0 s typed

    asyncio.run(second())


def test_at_40_columns_the_panes_stack_and_send_stays_in_the_footer(db) -> None:
    runner, app = _app(db)

    async def go() -> None:
        async with app.run_test(size=(40, 30)) as pilot:
            await pilot.pause()
            assert app.has_class("narrow")
            left, findings = app.query_one("#left"), app.query_one("#findings-pane")
            assert findings.region.y >= left.region.bottom  # under the answer, not beside it
            footer = app.query_one(Footer)
            keys = [str(w.render()) for w in footer.query("*") if "Send" in str(w.render())]
            assert keys and footer.region.x == 0
            send = next(w for w in footer.query("*") if "Send" in str(w.render()))
            assert send.region.right <= 40, "the Send key is on screen"

    asyncio.run(go())
