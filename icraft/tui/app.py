"""The dashboard app: skill graph, story bank, today's drills, session history, delivery trends.

:func:`build_app` is the one factory used by ``icraft dashboard`` and by the tests
and snapshots, so what is tested is what runs. ``today`` is a parameter (never read
from the clock inside the app) so screenshots are reproducible.

Starting a drill suspends the app and runs ``icraft drill --skill ID --count 1``
in the same terminal, then reloads the data. Where the terminal cannot be handed
over (headless tests, web), the app exits and returns the command instead; the
CLI runs it.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
from datetime import date
from pathlib import Path
from typing import Callable

from textual import on
from textual.app import App, ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import ContentSwitcher, Footer, Header

from icraft.store import connect, queries
from icraft.tui import model
from icraft.tui.messages import DrillRequested, MoreHistoryWanted, SessionRequested, StoryRequested
from icraft.tui.screens.help import HelpScreen
from icraft.tui.screens.session import SessionScreen
from icraft.tui.widgets.delivery import DeliveryTrends
from icraft.tui.widgets.drill_queue import DrillQueue
from icraft.tui.widgets.history import HistoryTable
from icraft.tui.widgets.skill_graph import SkillGraph
from icraft.tui.widgets.stories import StoryList
from icraft.tui.widgets.welcome import Welcome

NARROW = 110
"""Terminal width under which the panes stack vertically instead of side by side."""

Launcher = Callable[[list[str]], int]
"""Runs a command (argv) while the dashboard waits and returns its exit code."""


class DashboardApp(App[list[str] | None]):
    """Returns None on quit, or the drill command to run when it could not suspend."""

    CSS_PATH = "dashboard.tcss"
    TITLE = "icraft"
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("r", "reload", "Reload"),
        Binding("1", "focus_pane('skills')", "Skills", show=False),
        Binding("2", "focus_pane('queue')", "Drills", show=False),
        Binding("3", "focus_pane('history')", "Sessions", show=False),
        Binding("4", "focus_pane('stories')", "Stories", show=False),
    ]

    WATCH_SECONDS = 2.0
    """How often the dashboard asks the database whether another process saved something
    (a session, a drill): one ``PRAGMA data_version``; it reloads only when it changed."""

    def __init__(self, *, db_path: Path | None, today: date, launcher: Launcher | None = None) -> None:
        super().__init__()
        self.db_path = db_path
        self.today = today
        self.launcher = launcher
        self._conn: sqlite3.Connection | None = None
        self.totals: queries.Totals | None = None
        self._seen: int | None = None  # the data_version the screen shows

    @property
    def crash(self) -> BaseException | None:
        """The exception that ended the app, if one did (Textual keeps the first one)."""
        return self._exception if self.return_code else None

    def _print_error_renderables(self) -> None:
        # Textual prints a full traceback when the app crashes; icraft's CLI boundary
        # reports ``crash`` as one line instead (ICRAFT_DEBUG=1 keeps the traceback).
        if os.environ.get("ICRAFT_DEBUG", "") not in ("", "0"):
            super()._print_error_renderables()
        else:
            self._exit_renderables.clear()

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = connect(self.db_path)
        return self._conn

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            with Vertical(id="left-col"):
                with Vertical(id="left", classes="pane") as left:
                    left.border_title = "Skills"
                    yield SkillGraph(id="skills")
                with Vertical(id="stories-pane", classes="pane") as stories:
                    stories.border_title = "Stories"
                    yield StoryList(id="stories")
            with Vertical(id="right"):
                with Vertical(id="queue-pane", classes="pane") as queue:
                    queue.border_title = "Today's drills"
                    yield DrillQueue(id="queue")
                with ContentSwitcher(id="history-pane", classes="pane", initial="history") as hist:
                    hist.border_title = "Sessions"
                    yield HistoryTable(today=self.today, id="history")
                    yield Welcome(id="welcome")
                with Vertical(id="delivery-pane", classes="pane") as deliv:
                    deliv.border_title = "Delivery"
                    yield DeliveryTrends(id="delivery")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DrillQueue).focus()
        self.reload()
        self.set_interval(self.WATCH_SECONDS, self.reload_if_changed)

    def on_app_focus(self) -> None:
        self.reload_if_changed()  # back from another terminal window, where a session may have been saved

    def reload_if_changed(self) -> None:
        """Reload when another process committed to the database since the last reload
        (an interview or drill saved in another terminal); wait while a session's detail
        or the help is open over the main screen."""
        if self._conn is None or len(self.screen_stack) > 1:
            return
        if queries.data_version(self.conn) != self._seen:
            self.reload()

    def on_resize(self) -> None:
        # Under NARROW columns the side-by-side panes would cut the drills and sessions
        # tables to a few letters: stack them instead (dashboard.tcss, `.-narrow`).
        self.set_class(self.size.width < NARROW, "-narrow")

    def on_unmount(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def reload(self) -> None:
        """Read everything again (at start, after a drill, on `r`, or when another process
        saved something): a few dozen indexed queries."""
        self._seen = queries.data_version(self.conn)
        ov = model.load_overview(self.conn)
        self.totals = ov.totals
        t = ov.totals
        self.sub_title = f"{self.today.isoformat()} · {t.sessions:,} sessions · {t.answers:,} answers"
        self.query_one(SkillGraph).show(model.load_skills(self.conn), self.today)
        queue = model.load_queue(self.conn, self.today)
        self.query_one(DrillQueue).show(queue)
        self.query_one("#queue-pane").border_subtitle = DrillQueue.summary(queue)
        self.query_one(HistoryTable).show(ov.history)
        self._history_subtitle()
        self.query_one("#history-pane", ContentSwitcher).current = "welcome" if t.empty else "history"
        self.query_one(DeliveryTrends).show(ov.delivery)
        bank = model.load_stories(self.conn)
        self.query_one(StoryList).show(bank.stories, bank.gaps)  # sets the pane's subtitle to fit

    # -- actions ---------------------------------------------------------------------

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_reload(self) -> None:
        self.reload()
        self.notify("reloaded")

    def action_focus_pane(self, pane: str) -> None:
        self.query_one(f"#{pane}").focus()

    # -- requests from the widgets ---------------------------------------------------

    @on(SessionRequested)
    def open_session(self, message: SessionRequested) -> None:
        self.push_screen(SessionScreen(queries.session_detail(self.conn, message.session_id)))

    @on(StoryRequested)
    def open_story(self, message: StoryRequested) -> None:
        from icraft.store import stories as repo
        from icraft.stories.bank import detail_lines
        from icraft.tui.screens.story import StoryScreen

        story = repo.get_story(self.conn, message.story_id)
        self.push_screen(StoryScreen(detail_lines(story, loops=repo.session_loops(self.conn))))

    @on(MoreHistoryWanted)
    def more_history(self, message: MoreHistoryWanted) -> None:
        table = self.query_one(HistoryTable)
        if table.next_page is not None:
            table.show(queries.history_page(self.conn, after=table.next_page), append=True)
            self._history_subtitle()

    def _history_subtitle(self) -> None:
        total = self.totals.sessions if self.totals else 0
        shown = self.query_one(HistoryTable).row_count
        self.query_one("#history-pane").border_subtitle = f"{shown:,} of {total:,}" if total else ""

    @on(DrillRequested)
    def start_drill(self, message: DrillRequested) -> None:
        argv = model.drill_argv(message.skill_id)
        if self.launcher is not None:
            code = self.launcher(argv)
        else:
            try:
                with self.suspend():
                    code = _run_in_terminal(argv)
            except SuspendNotSupported:
                self.exit(argv)
                return
        self.reload()
        if code:
            self.notify(f"the drill ended with exit code {code}", severity="warning")


def _run_in_terminal(argv: list[str]) -> int:
    """Run the drill with the terminal, then wait so its result can be read.

    Ctrl-C belongs to the drill (it stops the drill, keeping what was answered);
    the dashboard ignores it meanwhile. A Python-level no-op handler, unlike
    SIG_IGN, is not inherited by the child, which keeps its default Ctrl-C.
    """
    previous = signal.signal(signal.SIGINT, lambda signum, frame: None)
    try:
        code = subprocess.run(argv, check=False).returncode
        try:
            input("\n[icraft] press Enter to return to the dashboard ")
        except EOFError:
            pass
    finally:
        signal.signal(signal.SIGINT, previous)
    return code


def build_app(
    *, db_path: Path | None = None, today: date | None = None, launcher: Launcher | None = None
) -> DashboardApp:
    """The dashboard for the database at ``db_path`` (default: the user's), as of ``today``."""
    return DashboardApp(db_path=db_path, today=today or date.today(), launcher=launcher)
