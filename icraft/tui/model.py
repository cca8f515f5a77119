"""What the dashboard shows, loaded and formatted without Textual.

Each region's data comes through ``icraft.skills`` (skill states, trends, the drill
plan) or ``icraft.store.queries`` (history, delivery, totals): a fixed number of SQL
statements however big the database is, each an index walk (about 25 ms in all on
1,000 sessions / 20,000 answers / 110,000 skill events), so the app loads it
synchronously before its first paint. The formatting
helpers take ``today`` explicitly so snapshots never depend on the clock; the
sparkline, trend and score-colour rules are the ones ``icraft skills`` prints, from
``icraft.fmt``, so the two views always agree.
"""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import dataclass
from datetime import date
from typing import Any

from icraft.skills import PlanItem, SkillState, plan, skill_states
from icraft.store import queries

SPARK_POINTS = 13  # skill history points drawn in the graph's sparkline column
PLAN_MINUTES = 30


@dataclass(frozen=True, slots=True)
class Overview:
    """Totals, the first page of history and the delivery trend."""

    totals: queries.Totals
    history: queries.HistoryPage
    delivery: tuple[queries.DeliveryPoint, ...]


def load_overview(conn: sqlite3.Connection) -> Overview:
    return Overview(queries.totals(conn), queries.history_page(conn), queries.delivery_trend(conn))


def load_skills(conn: sqlite3.Connection) -> tuple[SkillState, ...]:
    """Every skill with its recent scores for the sparkline (``icraft.skills`` owns trend and due)."""
    return tuple(skill_states(conn, history=SPARK_POINTS))


def load_queue(conn: sqlite3.Connection, today: date, *, minutes: int = PLAN_MINUTES) -> tuple[PlanItem, ...]:
    """Today's drills: ``icraft.skills.plan`` for a ``minutes`` budget."""
    return tuple(plan(conn, minutes=minutes, today=today))


@dataclass(frozen=True, slots=True)
class StoryBank:
    """The Stories pane: every story with its warnings, and the coverage gaps."""

    stories: tuple[Any, ...]  # icraft.stories.bank.Summary
    gaps: tuple[str, ...]  # competencies without a strong story


def load_stories(conn: sqlite3.Connection) -> StoryBank:
    """The story bank as `icraft stories` lists it (two queries: about 20 ms for 500 stories)."""
    from icraft.stories import bank

    return StoryBank(tuple(bank.summaries(conn)), tuple(c for c, _ in bank.gaps(conn)))


def drill_argv(skill_id: str) -> list[str]:
    """The command that runs one drill on ``skill_id`` (the same interpreter as this process)."""
    return [sys.executable, "-m", "icraft", "drill", "--skill", skill_id, "--count", "1"]


def short_date(day: date, today: date) -> str:
    """A compact date: 'Nov 20' within ``today``'s year, 'Nov 2025' in any other."""
    return day.strftime("%b %d") if day.year == today.year else day.strftime("%b %Y")


def day_label(timestamp: str, today: date | None = None) -> str:
    """The day of an ISO timestamp (stored in UTC): :func:`short_date`, or ISO without ``today``."""
    day = date.fromisoformat(timestamp[:10])
    return short_date(day, today) if today else day.isoformat()


def score_label(score: float | None) -> str:
    return "—" if score is None else f"{score:.0f}"
