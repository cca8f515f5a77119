"""Messages the dashboard's widgets post to the app, as small dataclasses.

Widgets translate Textual's generic events (a DataTable row selected) into these
domain requests; the app decides what to do (open a screen, run a drill), so
widgets stay reusable and tests can assert on intent.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class DrillRequested(Message):
    """Start one drill on a skill (from the drill queue or the skill graph)."""

    skill_id: str


@dataclass
class SessionRequested(Message):
    """Open one session's answers and findings."""

    session_id: str


@dataclass
class MoreHistoryWanted(Message):
    """The history table scrolled near its last loaded row: load the next page."""


@dataclass
class StoryRequested(Message):
    """Open one story of the bank: its best telling, STAR parts and tellings."""

    story_id: int
