"""Keyboard help, as a modal over the dashboard."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: tuple[tuple[str, str], ...] = (
    ("Tab / Shift+Tab", "move between panes"),
    ("1 2 3 4", "jump to skills, drills, sessions, stories"),
    ("↑ ↓ PgUp PgDn", "move in a pane; sessions load as you scroll"),
    ("Home End", "first / last loaded session"),
    ("Enter on a drill", "run that drill here, then come back"),
    ("Enter on a skill", "run a drill on that skill"),
    ("Enter on a session", "open its answers, findings and quotes"),
    ("Enter on a story", "open it: best telling, STAR parts, tellings"),
    ("Esc", "back from a session or story / close this help"),
    ("r", "reload from the database"),
    ("?", "this help"),
    ("q", "quit"),
)


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 72; height: auto; padding: 1 2;
        border: round $accent; background: $surface;
    }
    """
    BINDINGS = [
        Binding("escape", "dismiss_help", "Close"),
        Binding("question_mark", "dismiss_help", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        lines = ["[b]icraft dashboard — keys[/b]", ""]
        lines += [f"  [b]{key:<20}[/b] {what}" for key, what in KEYS]
        with Vertical():
            yield Static("\n".join(lines), id="help-text")

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
