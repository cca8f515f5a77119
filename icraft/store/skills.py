"""The skill graph's tables: one row per skill (``skills``) and one event per move
(``skill_events``), read back as typed objects. What moves a skill and by how much is
:mod:`icraft.skills.repo`; this module only reads and writes the rows."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any, Iterable


@dataclass(frozen=True, slots=True)
class StoredSkill:
    """A skill's stored state: its score, how many answers moved it, its fsrs card."""

    skill_id: str
    score: float
    evidence: int
    card: str | None  # the fsrs card as JSON
    due_at: str | None
    updated_at: str | None


@dataclass(frozen=True, slots=True)
class SkillEvent:
    """One answer's effect on a skill: the points of a trend line, linked to the evidence."""

    id: int
    skill_id: str
    at: str
    score: float
    observed: float
    source: str
    session_id: str | None
    score_id: int | None
    finding_id: int | None
    rule_id: str | None  # rule of the main finding, if any
    quote: str | None  # first evidence quote of the main finding, if any

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}


def _skill(r: sqlite3.Row) -> StoredSkill:
    return StoredSkill(r["skill_id"], float(r["score"]), int(r["evidence"]), r["card"], r["due_at"], r["updated_at"])


def stored_skills(conn: sqlite3.Connection) -> dict[str, StoredSkill]:
    """Every skill with evidence, by id."""
    return {r["skill_id"]: _skill(r) for r in conn.execute("SELECT * FROM skills")}


def stored_skill(conn: sqlite3.Connection, skill_id: str) -> StoredSkill | None:
    row = conn.execute("SELECT * FROM skills WHERE skill_id = ?", (skill_id,)).fetchone()
    return _skill(row) if row else None


def counted_skills(conn: sqlite3.Connection, key: str | None) -> frozenset[str]:
    """Skills an answer with this evidence key already moved (none for no key)."""
    if key is None:
        return frozenset()
    rows = conn.execute("SELECT DISTINCT skill_id FROM skill_events WHERE evidence_key = ?", (key,)).fetchall()
    return frozenset(r["skill_id"] for r in rows)


def save_move(
    conn: sqlite3.Connection,
    skill: StoredSkill,
    *,
    observed: float,
    session_id: str,
    score_id: int | None,
    finding_id: int | None,
    source: str,
    key: str | None,
) -> None:
    """Store a skill's new state and the event that moved it (inside the caller's transaction)."""
    conn.execute(
        "INSERT INTO skills (skill_id, score, evidence, card, due_at, updated_at) VALUES (?,?,?,?,?,?)"
        " ON CONFLICT(skill_id) DO UPDATE SET score = excluded.score, evidence = excluded.evidence,"
        " card = excluded.card, due_at = excluded.due_at, updated_at = excluded.updated_at",
        (skill.skill_id, skill.score, skill.evidence, skill.card, skill.due_at, skill.updated_at),
    )
    conn.execute(
        "INSERT INTO skill_events (skill_id, at, score, observed, session_id, score_id, finding_id, source,"
        " evidence_key) VALUES (?,?,?,?,?,?,?,?,?)",
        (skill.skill_id, skill.updated_at, skill.score, observed, session_id, score_id, finding_id, source, key),
    )


def recent_scores(conn: sqlite3.Connection, skill_ids: Iterable[str], limit: int) -> dict[str, list[float]]:
    """skill id -> its last ``limit`` scores, oldest first (skills with events only).

    One indexed query per skill (skill_events_skill covers skill_id, at, rowid), so the
    cost is a few short index walks however long the history is; a window function over
    the whole table would sort every event."""
    out: dict[str, list[float]] = {}
    for sid in skill_ids:
        rows = conn.execute(
            "SELECT score FROM skill_events WHERE skill_id = ? ORDER BY at DESC, id DESC LIMIT ?", (sid, limit)
        ).fetchall()
        if rows:
            out[sid] = [float(r[0]) for r in reversed(rows)]
    return out


def skill_events(conn: sqlite3.Connection, skill_id: str, *, limit: int | None = None) -> list[SkillEvent]:
    """A skill's events, oldest first (the last ``limit`` when given), with their main finding."""
    rows = conn.execute(
        "SELECT e.*, f.rule_id AS rule_id, f.spans AS spans FROM skill_events e"
        " LEFT JOIN findings f ON f.id = e.finding_id WHERE e.skill_id = ?"
        " ORDER BY e.at DESC, e.id DESC LIMIT ?",
        (skill_id, limit if limit is not None else -1),
    ).fetchall()
    events = []
    for r in reversed(rows):
        spans = json.loads(r["spans"]) if r["spans"] else []
        events.append(
            SkillEvent(
                id=int(r["id"]),
                skill_id=r["skill_id"],
                at=r["at"],
                score=float(r["score"]),
                observed=float(r["observed"]),
                source=r["source"],
                session_id=r["session_id"],
                score_id=r["score_id"],
                finding_id=r["finding_id"],
                rule_id=r["rule_id"],
                quote=spans[0]["quote"] if spans else None,
            )
        )
    return events
