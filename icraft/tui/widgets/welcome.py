"""The empty state: what a new user should run first."""

from __future__ import annotations

from textual.widgets import Static

WELCOME = """\
[b]Welcome to icraft.[/b] Nothing practised yet.

Press Enter on a drill above to start one now,
or quit with [b]q[/b] and begin with:

  [b]icraft interview[/b]
      a mock interview, scored with evidence
  [b]icraft lint FILE[/b]
      lint a transcript you already have
      (JSON, Deepgram, Whisper, VTT, SRT, text)

Every scored answer moves your skills (left);
come back here for today's drills, your
sessions and how your delivery changes.\
"""


class Welcome(Static):
    DEFAULT_CSS = """
    Welcome { padding: 1 2; height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(WELCOME, id=id)
