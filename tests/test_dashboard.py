"""The dashboard app, driven headless with run_test() and the Pilot on a real database."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from textual.pilot import Pilot
from textual.widgets import ContentSwitcher, Sparkline, Static

from icraft.skills import load_skills, plan
from icraft.tui import model
from icraft.tui.screens.help import HelpScreen
from icraft.tui.screens.session import SessionScreen
from icraft.tui.widgets.delivery import DeliveryTrends
from icraft.tui.widgets.drill_queue import DrillQueue
from icraft.tui.widgets.history import HistoryTable
from icraft.tui.widgets.skill_graph import CATEGORY_KEY, SkillGraph
from icraft.tui.widgets.welcome import Welcome
from tests.dashboard_helpers import TODAY, drive, fill, make_app, plain
from tests.pty_helpers import DEADLINE
from tests.requires import needs_tmux


def _cell_text(table: Any, row: int, col: int) -> str:
    return str(table.get_row_at(row)[col])


def test_main_screen_shows_every_skill_queue_history_and_delivery(db: sqlite3.Connection) -> None:
    counts = fill(db)
    skills = load_skills()
    categories = list(dict.fromkeys(s.category for s in skills))
    expected_queue = plan(db, minutes=model.PLAN_MINUTES, today=TODAY)
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        graph = app.query_one(SkillGraph)
        assert graph.row_count == len(skills) + len(categories)
        keys = [k.value for k in graph.rows]
        assert keys[0] == CATEGORY_KEY + skills[0].category
        assert [k for k in keys if not k.startswith(CATEGORY_KEY)] == [s.id for s in skills]
        stored = {r["skill_id"]: r["score"] for r in db.execute("SELECT skill_id, score FROM skills")}
        row = keys.index("star_structure")
        assert _cell_text(graph, row, 1) == f"{stored['star_structure']:.0f}"
        queue = app.query_one(DrillQueue)
        assert queue.row_count == len(expected_queue) > 0
        assert _cell_text(queue, 0, 1) == expected_queue[0].skill_name
        history = app.query_one(HistoryTable)
        assert history.row_count == counts["sessions"]
        newest = db.execute("SELECT title FROM sessions ORDER BY started_at DESC LIMIT 1").fetchone()[0]
        assert _cell_text(history, 0, history.get_column_index("title")) == newest
        assert app.query_one("#history-pane", ContentSwitcher).current == "history"
        wpm = app.query_one("#trend-wpm").query_one(Sparkline)
        assert wpm.display and len(wpm.data or []) > 0
        assert "12 sessions" in app.sub_title and TODAY.isoformat() in app.sub_title

    drive(app, scenario)


def test_tab_and_number_keys_move_between_panes(db: sqlite3.Connection) -> None:
    fill(db)
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        assert isinstance(app.focused, DrillQueue)
        await pilot.press("tab")
        assert isinstance(app.focused, HistoryTable)
        await pilot.press("tab")
        assert isinstance(app.focused, SkillGraph)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, HistoryTable)
        await pilot.press("1")
        assert isinstance(app.focused, SkillGraph)
        await pilot.press("2")
        assert isinstance(app.focused, DrillQueue)
        await pilot.press("3")
        assert isinstance(app.focused, HistoryTable)

    drive(app, scenario)


def test_enter_on_a_session_opens_its_answers_and_quoted_findings(db: sqlite3.Connection) -> None:
    fill(db)
    sid, title = db.execute("SELECT id, title FROM sessions ORDER BY started_at DESC LIMIT 1 OFFSET 1").fetchone()
    quotes = [
        json.loads(r[0])[0]["quote"]
        for r in db.execute(
            "SELECT f.spans FROM findings f JOIN answer_scores a ON a.id = f.score_id WHERE a.session_id = ?", (sid,)
        )
    ]
    assert quotes, "the generated session should have findings"
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("3", "down", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert screen.detail.summary.id == sid
        shown = "\n".join(plain(s) for s in screen.query(".answer").results(Static))
        head = plain(screen.query_one("#session-head", Static))
        assert title in head
        for q in quotes:
            assert f"“{q}”" in shown
        assert "Q: " in shown  # the question asked before each answer
        await pilot.press("escape")
        assert not isinstance(app.screen, SessionScreen)
        assert isinstance(app.focused, HistoryTable)

    drive(app, scenario)


def test_enter_on_a_drill_hands_the_drill_command_back_when_it_cannot_suspend(db: sqlite3.Connection) -> None:
    fill(db)
    first = plan(db, minutes=model.PLAN_MINUTES, today=TODAY)[0]
    app = make_app()  # headless: no terminal to hand over

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("2", "enter")
        await pilot.pause()

    drive(app, scenario)
    assert app.return_value == model.drill_argv(first.skill_id)
    assert app.return_value[-5:] == ["drill", "--skill", first.skill_id, "--count", "1"]


def test_drill_launcher_runs_the_drill_then_the_dashboard_reloads(db: sqlite3.Connection) -> None:
    fill(db)
    items = plan(db, minutes=model.PLAN_MINUTES, today=TODAY)
    assert len(items) >= 2
    ran: list[list[str]] = []

    def launcher(argv: list[str]) -> int:
        ran.append(argv)
        # What a drill does to the store: one more session.
        db.execute(
            "INSERT INTO sessions (id, kind, status, title, started_at) VALUES"
            " ('drill001', 'drill', 'completed', 'the drill just done', '2026-03-10T23:00:00+00:00')"
        )
        db.commit()
        return 0

    app = make_app(launcher)

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("2", "down", "enter")
        await pilot.pause()
        assert ran == [model.drill_argv(items[1].skill_id)]
        history = app.query_one(HistoryTable)
        assert _cell_text(history, 0, history.get_column_index("title")) == "the drill just done"
        assert app.is_running and app.return_value is None

    drive(app, scenario)


def test_enter_on_a_skill_drills_it_and_enter_on_a_category_does_nothing(db: sqlite3.Connection) -> None:
    fill(db)
    ran: list[list[str]] = []
    app = make_app(lambda argv: ran.append(argv) or 0)
    first_skill = load_skills()[0]

    async def scenario(pilot: Pilot[Any]) -> None:
        graph = app.query_one(SkillGraph)
        await pilot.press("1")
        graph.move_cursor(row=0)
        await pilot.press("enter")
        await pilot.pause()
        assert ran == []  # a category header is not a skill
        await pilot.press("down", "enter")
        await pilot.pause()
        assert ran == [model.drill_argv(first_skill.id)]

    drive(app, scenario)


def test_new_user_sees_what_to_run_first(db: sqlite3.Connection) -> None:
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        assert app.query_one("#history-pane", ContentSwitcher).current == "welcome"
        text = plain(app.query_one(Welcome))
        assert "icraft interview" in text and "icraft lint FILE" in text
        graph = app.query_one(SkillGraph)
        untouched = [
            r for r in range(graph.row_count) if _cell_text(graph, r, 2) == "no evidence yet"
        ]
        assert len(untouched) == len(load_skills())
        delivery = app.query_one(DeliveryTrends)
        assert delivery.query_one("#delivery-empty").display
        assert not delivery.query_one("#trend-wpm").display
        assert "0 sessions" in app.sub_title

    drive(app, scenario)


def test_question_mark_shows_help_and_escape_closes_it(db: sqlite3.Connection) -> None:
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = plain(app.screen.query_one("#help-text", Static))
        assert "Enter on a session" in text and "quit" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running

    drive(app, scenario)


def test_history_loads_more_pages_as_the_cursor_nears_the_end(db: sqlite3.Connection) -> None:
    fill(db, sessions=130, answers=1, days=60)
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        table = app.query_one(HistoryTable)
        assert table.row_count == 50
        await pilot.press("3", "end")
        await pilot.pause()
        assert table.row_count == 100
        await pilot.press("end")
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()
        assert table.row_count == 130 and table.next_page is None
        ids = [k.value for k in table.rows]
        expected = [r[0] for r in db.execute("SELECT id FROM sessions ORDER BY started_at DESC, rowid DESC")]
        assert ids == expected
        assert app.query_one("#history-pane").border_subtitle == "130 of 130"

    drive(app, scenario)


def test_dashboard_command_needs_a_terminal_and_a_valid_date(cli: Any) -> None:
    r = cli("dashboard")  # stdin/stdout are pipes here
    assert r.returncode == 2 and r.stdout == ""
    assert "needs an interactive terminal" in r.stderr and "Traceback" not in r.stderr
    r = cli("dashboard", "--today", "2026-13-01")
    assert r.returncode == 2 and "--today must be a date" in r.stderr
    r = cli("--help")
    assert "dashboard" in r.stdout


def test_cli_start_up_does_not_import_textual() -> None:
    import subprocess
    import sys

    code = "import sys, icraft.cli.main; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@pytest.mark.slow
@needs_tmux  # a real terminal
def test_bare_icraft_opens_the_dashboard_in_a_real_terminal(db: sqlite3.Connection, icraft_home: Path) -> None:
    import subprocess
    import sys
    import time

    fill(db)
    name = f"icraft-test-{os.getpid()}"
    cmd = f"ICRAFT_HOME={icraft_home} {sys.executable} -m icraft; echo EXIT=$?; sleep 30"
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "120", "-y", "40", cmd], check=True)

    def screen() -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", name], capture_output=True, text=True).stdout

    def wait_for(text: str) -> str:
        deadline = time.monotonic() + DEADLINE  # generous: a cold start under load is slow
        while time.monotonic() < deadline:
            shown = screen()
            if text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared on screen:\n{screen()}")

    try:
        shown = wait_for("Capacity estimation")
        assert "12 sessions" in shown
        subprocess.run(["tmux", "send-keys", "-t", name, "q"], check=True)
        wait_for("EXIT=0")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], check=False)


def test_history_loads_more_when_scrolled_with_the_mouse_wheel_or_scrollbar(db: sqlite3.Connection) -> None:
    fill(db, sessions=70, answers=1, days=60)
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        table = app.query_one(HistoryTable)
        assert table.row_count == 50 and table.cursor_row == 0
        table.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert table.cursor_row == 0  # the cursor did not move: scrolling alone asked for more
        assert table.row_count == 70 and table.next_page is None

    drive(app, scenario)


def test_a_crash_inside_the_dashboard_is_one_line_and_a_non_zero_exit(
    db: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """Textual used to print a full traceback and `icraft dashboard` exited 0; now the
    exception reaches the CLI boundary (one line, exit 70 for a bug) and a domain error
    keeps its own message and code."""
    import subprocess
    import sys

    from icraft.cli import output
    from icraft.core.errors import InputError
    from icraft.tui import app as app_mod

    class Crashing(app_mod.DashboardApp):
        CSS_PATH = str(Path(app_mod.__file__).with_name("dashboard.tcss"))  # resolved from the subclass's file
        error: Exception = RuntimeError("boom in a widget")

        def on_mount(self) -> None:
            raise self.error

        def run(self, **kwargs: Any) -> Any:  # type: ignore[override]
            return super().run(headless=True, size=(100, 30))

    monkeypatch.setattr(app_mod, "build_app", lambda **kw: Crashing(db_path=None, today=TODAY))
    monkeypatch.setattr(output, "is_interactive", lambda: True)
    from icraft.cli.dashboard_cmd import dashboard

    with pytest.raises(RuntimeError, match="boom in a widget"):
        dashboard(today=None)
    Crashing.error = InputError("the database is locked", "close the other icraft")
    with pytest.raises(InputError, match="database is locked"):
        dashboard(today=None)
    err = capfd.readouterr().err
    assert "Traceback" not in err and "boom" not in err  # the boundary prints it, once
    # The boundary turns the re-raised crash into one line and exit 70.
    code = (
        "import sys, icraft.tui.app as a, icraft.cli.output as o\n"
        "class C(a.DashboardApp):\n"
        "    CSS_PATH = a.__file__.replace('app.py', 'dashboard.tcss')\n"
        "    def on_mount(self): raise RuntimeError('boom in a widget')\n"
        "    def run(self, **k): return super().run(headless=True, size=(100, 30))\n"
        "a.build_app = lambda **k: C(db_path=None, today=a.date(2026, 3, 10))\n"
        "o.is_interactive = lambda: True\n"
        "sys.argv = ['icraft', 'dashboard']\n"
        "from icraft.cli.main import run\n"
        "run()\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 70, (r.returncode, r.stderr[-2000:])
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("icraft: internal error: RuntimeError: boom in a widget"), r.stderr


def test_panes_stack_in_a_narrow_terminal_so_no_table_is_cut(db: sqlite3.Connection) -> None:
    """At 100 columns the side-by-side layout left the drills pane 34 columns wide, cutting
    its Why column to two letters; under app.NARROW the panes stack at full width."""
    from icraft.tui.app import NARROW

    fill(db)
    for size, narrow in (((100, 35), True), ((NARROW, 40), False)):
        app = make_app()

        async def scenario(pilot: Pilot[Any], app: Any = app, size: tuple[int, int] = size,
                           narrow: bool = narrow) -> None:
            assert app.has_class("-narrow") is narrow
            queue = app.query_one(DrillQueue)
            skills = app.query_one(SkillGraph)
            if narrow:
                assert queue.region.width >= size[0] - 4 and skills.region.width >= size[0] - 4
                assert queue.region.y > skills.region.y  # below the skills, not beside them
                assert app.query_one(HistoryTable).region.height >= 3
            else:
                assert queue.region.x > skills.region.x  # side by side
            # every column of the drills table fits in the pane
            assert sum(c.get_render_width(queue) for c in queue.columns.values()) <= queue.region.width

        drive(app, scenario, size=size)


def test_a_session_saved_elsewhere_appears_without_r_and_counts_only_real_findings(
    db: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process saves a lint while the dashboard is open: it shows up within the
    watch interval, without `r`, and its Find cell counts findings that cost points (the
    typed answer's "pace: not measurable here" is none). Nothing changed: no reload."""
    from icraft.core.transcript import CANDIDATE, INTERVIEWER, Transcript, Turn
    from icraft.practice.record import save_report
    from icraft.rubric import lint_transcript
    from icraft.store import connect
    from icraft.tui.app import DashboardApp
    from tests.test_lint_cli import STRONG

    counts = fill(db)
    monkeypatch.setattr(DashboardApp, "WATCH_SECONDS", 0.05, raising=False)
    app = make_app()
    reloads: list[int] = []

    async def scenario(pilot: Pilot[Any]) -> None:
        real = app.reload
        monkeypatch.setattr(app, "reload", lambda: (reloads.append(1), real())[1])
        history = app.query_one(HistoryTable)
        await pilot.pause(0.3)
        assert reloads == [] and history.row_count == counts["sessions"]  # nothing new: not re-read

        other = connect()  # another icraft process's connection
        t = Transcript((Turn.from_text(INTERVIEWER, "Tell me about a production problem you fixed."),
                        Turn.from_text(CANDIDATE, STRONG)), {"question_type": "behavioral"})
        report = lint_transcript(t)
        [answer] = report.answers
        assert answer.findings and not any(f.measurable for f in answer.findings)  # only "pace", unmeasured
        sid = save_report(other, t, report, kind="lint", title="saved in another terminal")
        other.close()
        for _ in range(40):
            await pilot.pause(0.05)
            if history.row_count > counts["sessions"]:
                break
        assert reloads and history.row_count == counts["sessions"] + 1
        assert _cell_text(history, 0, history.get_column_index("title")) == "saved in another terminal"
        assert _cell_text(history, 0, history.get_column_index("findings")) == "0"
        assert db.execute("SELECT COUNT(*) FROM findings f JOIN answer_scores a ON a.id = f.score_id"
                          " WHERE a.session_id = ?", (sid,)).fetchone()[0] == len(answer.findings)

    drive(app, scenario)


def test_sessions_pane_fits_its_columns_at_120x40(db: sqlite3.Connection) -> None:
    """At 120x40 the Sessions pane hid its Findings column ("Finding" cut) and wrapped a
    title mid-word ("sre-staff-fint / ech"): the Kind column goes before a title is
    broken, and every row shows its score and findings whole on screen."""
    fill(db)
    db.execute("UPDATE sessions SET title = 'sre-staff-fintech mock negotiation interview', kind = 'negotiation'"
               " WHERE rowid = (SELECT MAX(rowid) FROM sessions)")
    db.commit()
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("3")
        await pilot.pause()
        table = app.query_one(HistoryTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width  # no sideways scroll needed
        pane = app.query_one("#history-pane")
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
        inside = [ln[pane.region.x:pane.region.right] for ln in lines[pane.region.y:pane.region.bottom]]
        text = "\n".join(inside)
        assert "Findings" in text.split(), text
        assert {"sre-staff-fintech", "negotiation", "interview"} <= set(text.split()), text
        from icraft.store import queries

        rows = queries.history_page(db).rows
        shown = [ln for ln in inside if any(ch.isdigit() for ch in ln[:12])]  # a row's first line: its date
        assert len(shown) >= 8
        for line, s in zip(shown, rows):
            assert line.split()[-3:-1] == [str(s.score), str(s.findings)], (line, s)

    drive(app, scenario)
    wide = make_app()

    async def roomy(pilot: Pilot[Any]) -> None:  # where there is room, the Kind column stays
        assert "kind" in wide.query_one(HistoryTable).columns

    drive(wide, roomy, size=(170, 40))
