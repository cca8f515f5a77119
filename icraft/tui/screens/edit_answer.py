"""The correction editor: the last answer's text, fixed and saved (Ctrl+S) or not (Esc)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea


class EditAnswerScreen(ModalScreen["str | None"]):
    """The last answer in an editor, to fix what was mistyped or misheard. Dismissed
    with the corrected text (Ctrl+S) or None (Esc)."""

    DEFAULT_CSS = """
    EditAnswerScreen { align: center middle; }
    #edit-box { width: 90%; height: 70%; border: round $accent; background: $surface; padding: 0 1; }
    #edit-help { color: $text-muted; }
    #edit-text { height: 1fr; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save correction", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(self, number: int, text: str) -> None:
        super().__init__()
        self.number = number
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="edit-box"):
            yield Label(
                "Fix the words; Ctrl+S saves and re-scores, Esc cancels. Unchanged words keep their timings.",
                id="edit-help",
            )
            yield TextArea(self.text, id="edit-text", soft_wrap=True, show_line_numbers=False)

    def on_mount(self) -> None:
        self.query_one("#edit-box").border_title = f"Correct answer {self.number}"
        self.query_one("#edit-text", TextArea).focus()

    def action_save(self) -> None:
        editor = self.query_one("#edit-text", TextArea)
        # After the keys queued before Ctrl+S; dismissed from the screen's own queue, not the editor's.
        editor.call_later(self.call_later, self._save, editor)

    def _save(self, editor: TextArea) -> None:
        self.dismiss(editor.text)  # not returned: call_later would await it inside this screen's handler

    def action_cancel(self) -> None:
        self.dismiss(None)
