"""The Textual interview app driven with the Pilot, on a real database and the real lint."""

from __future__ import annotations

import asyncio

from textual.widgets import Markdown, Static, TextArea

from icraft.interview.engine import InterviewOptions, Phase
from icraft.interview.runner import InterviewRunner
from icraft.store import sessions as store
from icraft.tui.interview_app import build_app
from tests.test_sessions_cmd import STAR, WEAK


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def _app(db, minutes=10, clock=None):
    runner = InterviewRunner.create(db, InterviewOptions(type="behavioral", minutes=minutes, seed=11))
    first = runner.begin()
    return runner, build_app(runner, first, clock=clock or FakeClock())


async def _type_and_send(pilot, text):
    pilot.app.query_one("#answer", TextArea).text = text
    await pilot.press("ctrl+s")
    await pilot.pause()


def test_full_interview_in_the_tui(db):
    clock = FakeClock()
    runner, app = _app(db, clock=clock)

    async def go():
        async with app.run_test(size=(120, 40)) as pilot:
            assert "Warm-up" in str(app.query_one("#phase").render())
            await _type_and_send(pilot, "I build payment systems at Acme.")
            clock.t += 95  # the candidate took 95 s on the next answer
            await _type_and_send(pilot, WEAK)
            findings = str(app.query_one("#findings", Static).render())
            assert "filler_spike" in findings and "/100" in findings
            assert app.query_one("#answer", TextArea).text == ""  # editor cleared after sending
            await pilot.press("ctrl+r")  # repeat the question
            assert "Sure." in str(app.query_one("#question", Static).render())
            for _ in range(30):
                if app.finished:
                    break
                if runner.engine.phase is Phase.CANDIDATE_QUESTIONS:
                    await _type_and_send(pilot, "no")
                else:
                    await _type_and_send(pilot, STAR)
            assert app.finished
            report = app.query_one("#report", Markdown)
            assert report is not None
            await pilot.press("q")
        return app.return_value

    assert asyncio.run(go()) == "completed"
    row = store.get_session(db, runner.session_id)
    assert row.status == "completed" and row.score is not None
    timed = db.execute("SELECT timings FROM turns WHERE text = ?", (WEAK,)).fetchone()
    assert timed["timings"] == '{"answer_ms":95000}'


def test_pause_keeps_the_session_in_progress(db):
    runner, app = _app(db, minutes=30)

    async def go():
        async with app.run_test() as pilot:
            await _type_and_send(pilot, "I build payment systems at Acme.")
            app.query_one("#answer", TextArea).text = "half an answer"
            await pilot.press("ctrl+q")
        return app.return_value

    assert asyncio.run(go()) == "paused"
    row = store.get_session(db, runner.session_id)
    assert row.status == "in_progress"
    texts = [r["text"] for r in store.turn_rows(db, runner.session_id) if r["speaker"] == "candidate"]
    assert texts == ["I build payment systems at Acme."]
    again = InterviewRunner.load(db, runner.session_id)
    assert again.engine.phase is Phase.CORE
