"""An interview where no answer was scored (every question skipped) says so plainly, in
the piped report and in the Textual app's (Pilot), and lists the skipped questions by
their text, never as a clean sheet ("nothing the rubric flagged")."""

from __future__ import annotations

import asyncio

from textual.widgets import Markdown, TextArea

from icraft.interview.engine import InterviewOptions, Phase
from icraft.modes.interview import InterviewRunner
from icraft.tui.interview_app import build_app

CLEAN_SHEET = ("nothing the rubric flagged", "every answer scored 80 or more", "no answer was long enough")


def _asked(db, sid: str) -> list[str]:
    return [t for (t,) in db.execute(
        "SELECT text FROM turns WHERE session_id = ? AND speaker = 'interviewer' AND phase = 'core'", (sid,))]


def test_the_tui_report_of_an_all_skipped_interview_says_no_answer_was_scored(db):
    runner = InterviewRunner.create(db, InterviewOptions(type="behavioral", minutes=10, seed=11))
    app = build_app(runner, runner.begin())

    async def go() -> str:
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(20):
                if app.finished:
                    break
                app.query_one("#answer", TextArea).text = "skip"
                await pilot.press("ctrl+s")
                await pilot.pause()
            assert app.finished
            return app.query_one("#report", Markdown).source

    report = asyncio.run(go())
    skipped = db.execute("SELECT meta FROM sessions").fetchone()[0]
    assert runner.engine.phase is Phase.DONE and '"skipped"' in skipped
    assert "No answer was scored" in report, report
    assert not any(line in report for line in CLEAN_SHEET), report
    listed = report.split("## Skipped")[1].split("\n## ")[0]
    ids = runner.engine.s.skipped
    assert ids and not any(i in listed for i in ids), listed
    from icraft.interview.wording import bare_question

    assert any(bare_question(q) in listed for q in _asked(db, runner.session_id)), listed


def test_the_piped_report_of_an_all_skipped_interview_says_no_answer_was_scored(cli):
    r = cli("interview", "--plain", "--type", "behavioral", "--minutes", "10", "--seed", "2", input="skip\n" * 12)
    assert r.returncode == 0, r.stderr
    report = r.stdout.split("Interview report")[1]
    assert "No answer was scored: all" in report and "questions were skipped" in report, report
    assert not any(line in report for line in CLEAN_SHEET), report
    assert "Skipped" in report and "beh-" not in report, report
