"""The spoken session's listening panel, in place of the answer editor: the input level
meter, the partial transcript of the answer being heard and the last turn's stage times,
under a border title that says what the session is doing (:data:`VOICE_STATES`)."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

VOICE_STATES = {
    "listening": "Listening: speak your answer",
    "thinking": "The interviewer is thinking…",
    "speaking": "The interviewer is speaking (start talking to interrupt)",
    "ended": "The recording has ended",
}


def level_bar(level: float, width: int = 24) -> str:
    """The input level as a bar: ``level`` 0..1 (-60..0 dBFS)."""
    filled = max(0, min(width, round(level * width)))
    return "█" * filled + "░" * (width - filled)


class ListeningPanel(Vertical):
    """The audio threads write the level and the partial text with :meth:`set_level` and
    :meth:`set_partial` (plain attribute writes); a timer draws them ten times a second
    rather than a message per audio frame. Everything else is called on the UI thread."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.level = 0.0
        self.partial = ""
        self.listening = False  # partial results belong to the answer being listened to

    def compose(self) -> ComposeResult:
        yield Static(level_bar(0.0), id="meter")
        yield Static("", id="partial")
        yield Static("[dim]Stage times of each turn appear here.[/dim]", id="stages")

    def on_mount(self) -> None:
        self.set_interval(0.1, self._draw)

    def set_level(self, level: float) -> None:
        self.level = level

    def set_partial(self, text: str) -> None:
        if self.listening:  # a recogniser thread's late result must not outlive its answer
            self.partial = text

    def state(self, name: str) -> None:
        """The conversation's state ("listening", "thinking", "speaking", "ended")."""
        if name == "listening":
            self.listening = True
        elif name in ("thinking", "ended"):
            self.listening = False
            self.partial, self.level = "", 0.0
        self.show_state(name)

    def show_state(self, name: str) -> None:
        self.border_title = VOICE_STATES[name]

    def stages(self, text: str) -> None:
        """The last turn's stage times (``voice.pipeline.describe_timings``)."""
        self.query_one("#stages", Static).update(escape(text))

    def _draw(self) -> None:
        self.query_one("#meter", Static).update(level_bar(self.level))
        self.query_one("#partial", Static).update(escape(self.partial))
