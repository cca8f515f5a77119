"""A coding round end to end: the Textual app driven with the Pilot and the plain lines, on a
real database, the real sandbox and the real lint."""

from __future__ import annotations

import asyncio
import io
import json
import sys

import pytest
from textual.widgets import Markdown, Static, TextArea

from icraft.coding import bank
from icraft.modes.coding import CodingDialogue, options_for
from icraft.modes.runner import SessionRunner
from icraft.store import sessions as store
from tests.requires import needs

pytestmark = needs("bwrap", "bubblewrap")

APPROACH = ("I keep a dict from each value to its index and make a single pass: for each number I look up target "
            "minus it. That is O(n) time and O(n) space. Edge cases: the same value twice must use two different "
            "indexes, negative numbers, and the pair at the very end. I would test it with unit tests for those.")
FOLLOWUPS = [
    "It is O(n) time because each element is looked up once in the dict, and O(n) space for the dict itself.",
    "The edge cases are the same value twice, negative numbers, an empty list and a pair at the very end.",
    "I would write unit tests for each edge case and a randomized test against a brute force O(n^2) version.",
    "Sorting with two pointers would save memory, instead of the dict, but the cost is losing the original indexes.",
]
WRONG = "def two_sum(nums, target):\n    return [0, 1]\n"


def _runner(db, plain: bool) -> SessionRunner:
    return SessionRunner.create(db, "coding", options_for("two-sum", plain=plain, unsafe=False))


def test_a_coding_round_completes_in_the_tui(db) -> None:
    from icraft.tui.coding_app import build_app

    runner = _runner(db, plain=False)
    app = build_app(runner)
    reference = bank.get("two-sum").reference

    async def settle(pilot) -> None:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()

    async def send(pilot, text: str) -> None:
        app.query_one("#answer", TextArea).text = text
        await pilot.press("ctrl+s")
        await settle(pilot)

    async def go() -> None:
        async with app.run_test(size=(140, 45)) as pilot:
            editor = app.query_one("#editor", TextArea)
            assert editor.language == "python" and editor.show_line_numbers
            assert "def two_sum" in editor.text  # the starter code
            assert "Approach" in str(app.query_one("#phase").render())
            said = str(app.query_one("#said", Static).render())
            assert "integers nums and an integer target" in said and "`" not in said  # names shown, not backticks
            await send(pilot, "hint")
            assert "Hint 1 of 3" in app.said[-1]
            await send(pilot, APPROACH)
            assert app.dialogue.phase == "coding"
            editor.text = WRONG
            await pilot.press("ctrl+r")  # the examples only: nothing stored
            await settle(pilot)
            panel = str(app.query_one("#tests", Static).render())
            assert "Examples" in panel and "example 2: wrong answer" in panel and "expected [1, 2]" in panel
            assert app.dialogue.submissions == []
            await pilot.press("ctrl+s")  # submit the wrong one
            await settle(pilot)
            assert app.dialogue.submissions[-1]["verdict"] == "wrong answer"
            assert "Submission 1: wrong answer" in " ".join(app.said)
            editor.text = reference
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.dialogue.phase == "followups"
            for answer in FOLLOWUPS:
                await send(pilot, answer)
            assert app.dialogue.phase == "done"
            shown = app.report_text
            assert "# Coding round: Two Sum" in shown and "PASSED: 7/7 tests passed" in shown
            assert "Reference: time O(n), space O(n)" in shown and "matches the reference" in shown
            assert "Submissions: wrong answer (2/7), passed (7/7)" in shown
            assert app.query_one("#statement-text", Markdown) is not None

    asyncio.run(go())
    row = store.get_session(db, runner.session_id)
    assert row.status == "completed" and row.kind == "coding" and row.score is not None
    moved = {r[0] for r in db.execute("SELECT skill_id FROM skill_events WHERE session_id = ?", (runner.session_id,))}
    assert {"complexity_analysis", "edge_cases"} <= moved


def test_a_coding_round_in_plain_lines_reports_verdicts_complexity_and_quotes(cli, tmp_path) -> None:
    sol = tmp_path / "sol.py"
    sol.write_text(bank.get("two-sum").reference)
    weak = "I would loop over the list and check things until it works, that is my plan for this one."
    lines = [weak, "hint", WRONG.rstrip("\n"), "EOF", str(sol), *FOLLOWUPS[:2], "I am not sure.", FOLLOWUPS[3]]
    r = cli("code", "two-sum", "--plain", input="\n".join(lines) + "\n")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "Interviewer [approach]: Today's problem: Two Sum." in out
    assert "Hint 1 of 3:" in out
    assert "Submission 1: wrong answer: 2 of 7 tests pass" in out
    assert "Submission 2: passed: 7 of 7 tests pass" in out
    assert "ok 100k, pair at the end (large): passed" in out  # verdicts
    assert "Reference: time O(n), space O(n)" in out  # complexity
    assert "**no_testing**" in out and '  > "I am not sure.' in out  # a finding, quoted from the answers
    # the report's explanation score is the whole discussion's, and says so (a trial read it
    # against the approach's own live score and findings)
    assert "the whole discussion, your approach and your follow-up answers together" in out
    # the edge-case follow-up asks; the cases it looks for come after the answer, never in the question
    asked = "Interviewer [followups]: Which edge cases did you handle?\n"
    assert asked in out and out.index("Cases I had in mind: The same value used twice") > out.index(asked)
    # the live score lines number the answers as the candidate saw them: the approach, then
    # follow-ups 1..4 (not "follow-up 4" for the first, counted among the code submissions)
    heads = [line.split(":")[0] for line in out.splitlines() if line.startswith("  [")]
    assert heads == ["  [answer 1", "  [follow-up 1", "  [follow-up 2", "  [follow-up 3", "  [follow-up 4"]


def test_plain_json_report_and_the_dialogue_on_stderr(cli, tmp_path) -> None:
    lines = [APPROACH, "move on", *FOLLOWUPS]
    r = cli("code", "practice", "two-sum", "--plain", "--json", input="\n".join(lines) + "\n")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["problem"]["id"] == "two-sum" and data["submissions"] == [] and data["completed"] is True
    assert data["score"]["correctness"] == 0 and data["score"]["complexity"]["matches"] is True
    assert "Interviewer [approach]" in r.stderr


def test_the_dialogue_restores_from_its_snapshot_without_running_code(db) -> None:
    calls: list[str] = []

    def judge(problem, code):
        from icraft.coding import judge as j

        calls.append(code)
        return j.judge(problem, code)

    d = CodingDialogue(options_for("two-sum", plain=True, unsafe=False), judge=judge)
    d.start()
    from icraft.core.transcript import CANDIDATE, Turn

    d.answer(Turn.from_text(CANDIDATE, APPROACH), elapsed_ms=5000)
    d.answer(Turn.from_text(CANDIDATE, WRONG), elapsed_ms=60000)
    again = CodingDialogue(options_for("two-sum", plain=True, unsafe=False),
                           state=json.loads(json.dumps(d.snapshot())), judge=judge)
    assert again.phase == "coding" and again.submissions == d.submissions and len(calls) == 1
    assert again.phase_ms == {"approach": 5000, "coding": 60000}


def test_interview_type_coding_runs_the_coding_round(cli) -> None:
    r = cli("interview", "--type", "coding", "--plain", input=APPROACH + "\n")
    assert r.returncode == 0, r.stderr
    assert "Interviewer [approach]: Today's problem:" in r.stdout


def test_an_interrupted_round_continues_where_it_stopped(cli, db, tmp_path) -> None:
    runner = _runner(db, plain=True)
    runner.begin()
    runner.submit(APPROACH, elapsed_ms=3000)  # then the terminal closed: still in progress
    assert store.get_session(db, runner.session_id).status == "in_progress"
    sol = tmp_path / "sol.py"
    sol.write_text(bank.get("two-sum").reference)
    r = cli("code", "--continue", "--plain", input="\n".join([str(sol), *FOLLOWUPS]) + "\n")
    assert r.returncode == 0, r.stderr
    assert "Back to the code for Two Sum" in r.stdout and "paste the code and end it with a line EOF" in r.stdout
    assert "Submission 1: passed: 7 of 7 tests pass" in r.stdout and "PASSED: 7/7 tests passed" in r.stdout
    assert store.get_session(db, runner.session_id).status == "completed"
    r = cli("code", "--continue", runner.session_id)
    assert r.returncode == 2 and "already completed" in r.stderr


def _screen_column(app, widget) -> list[str]:
    """The lines the screen shows inside ``widget``'s region (its border cut off)."""
    region = widget.region
    strips = app.screen._compositor.render_strips()
    return [strip.text[region.x + 1:region.right - 1] for strip in strips[region.y + 1:region.bottom - 1]]


def _longest_examples(n: int) -> list[str]:
    problems = sorted(bank.problems().values(), key=lambda p: -max(map(len, p.examples_text().splitlines())))
    return ["two-sum", *(p.id for p in problems[:n])]


@pytest.mark.parametrize("problem", _longest_examples(2))
def test_the_statement_pane_shows_every_example_whole(db, problem: str) -> None:
    """Examples wrap in the statement pane (no line cut at its edge); scrolling it shows them all."""
    from textual.containers import VerticalScroll

    from icraft.tui.coding_app import build_app

    p = bank.get(problem)
    app = build_app(SessionRunner.create(db, "coding", options_for(problem, plain=False, unsafe=False)))

    async def go() -> str:
        seen: list[str] = []
        async with app.run_test(size=(120, 40)) as pilot:
            pane = app.query_one("#statement", VerticalScroll)
            await pilot.pause()
            y = 0
            while True:
                pane.scroll_to(y=y, animate=False)
                await pilot.pause()
                seen += _screen_column(app, pane)
                if y >= pane.max_scroll_y:
                    return " ".join(" ".join(seen).split())
                y = min(y + pane.size.height, pane.max_scroll_y)

    shown = asyncio.run(go())
    for _name, call, expected, why in p.examples():
        for part in (call, expected, why):
            assert " ".join(part.split()) in shown, (part, shown)


def test_the_editor_keeps_indentation_and_the_panel_leads_with_a_shared_error(db) -> None:
    from icraft.tui.coding_app import build_app

    app = build_app(_runner(db, plain=False))

    async def go() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            editor = app.query_one("#editor", TextArea)
            editor.text = "def two_sum(nums, target):"
            editor.focus()
            editor.move_cursor((0, len(editor.text)))
            await pilot.press("enter", *"seen = {}", "enter", *"for i in nums:", "enter", *"x = i")
            assert editor.text == "def two_sum(nums, target):\n    seen = {}\n    for i in nums:\n        x = i"
            error = {"verdict": "runtime error", "name": "", "error": "NameError: name 'foo' is not defined"}
            judged = {"verdict": "runtime error",
                      "tests": [{**error, "name": f"case {i}", "time_ms": 0.1} for i in range(9)]}
            app._show_tests(judged, "Examples")
            await pilot.pause()
            lines = [s.text for s in app.screen._compositor.render_strips()]
            panel = app.query_one("#tests-pane").region
            shown = " ".join(line[panel.x:panel.right] for line in lines[panel.y:panel.bottom])
            assert "NameError: name 'foo' is not defined (all 9 tests)" in " ".join(shown.split()), shown

    asyncio.run(go())


def test_the_report_keeps_its_lines_and_takes_the_whole_width(db) -> None:
    """At the end the report replaces the panes: one line per test and per fact, not run together."""
    from icraft.tui.coding_app import build_app

    runner = _runner(db, plain=False)
    app = build_app(runner)
    reference = bank.get("two-sum").reference

    async def go() -> list[str]:
        async with app.run_test(size=(120, 60)) as pilot:
            async def send(text: str, box: str = "#answer") -> None:
                app.query_one(box, TextArea).text = text
                await pilot.press("ctrl+s")
                await pilot.pause()
                await app.workers.wait_for_complete()
                await pilot.pause()

            await send(APPROACH)
            await send(reference, "#editor")
            for answer in FOLLOWUPS:
                await send(answer)
            assert app.dialogue.phase == "done"
            pane = app.query_one("#statement")
            assert pane.region.width >= 100  # the report has the width the editor had
            lines = [s.text for s in app.screen._compositor.render_strips()]
            return [line[pane.region.x:pane.region.right].strip(" │") for line in lines]

    shown = asyncio.run(go())
    assert any(line.startswith("PASSED: 7/7 tests passed") and line.endswith("passed") for line in shown), shown
    assert sum("ok " in line and ": passed" in line for line in shown) == 7  # a line per test
    assert any(line.lstrip("• ").startswith("Submissions: passed (7/7)") for line in shown)
