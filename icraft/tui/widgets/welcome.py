"""The empty state: what a new user should run first."""

from __future__ import annotations

from textual.widgets import Static

WELCOME = """\
[b]Welcome to icraft.[/b] Nothing practised yet, so there is no history to show.

Start with one of these (quit with [b]q[/b] first):

  [b]icraft interview[/b]     a mock interview, scored with evidence from your own words
  [b]icraft lint FILE[/b]     lint a transcript you already have (JSON, VTT, SRT or text)
  [b]icraft drill[/b]         a five-minute drill on one skill

Every scored answer moves the skills on the left; come back here to see
today's drills, your sessions and how your delivery changes.\
"""


class Welcome(Static):
    DEFAULT_CSS = """
    Welcome { padding: 1 2; height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(WELCOME, id=id)
