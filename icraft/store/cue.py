"""Rehearsal cards of `icraft cue` (table ``cue_cards``) and the stored answers it imports."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from icraft.store.db import now, transaction


@dataclass(frozen=True)
class CueCardRow:
    deck: str
    question_key: str
    level: int
    card: str
    due_at: str
    reviews: int
    last_rating: int | None
    last_coverage: float | None


def cards(conn: sqlite3.Connection, deck: str) -> dict[str, CueCardRow]:
    """Every card of a deck, by question key."""
    rows = conn.execute(
        "SELECT deck, question_key, level, card, due_at, reviews, last_rating, last_coverage "
        "FROM cue_cards WHERE deck = ?", (deck,)
    ).fetchall()
    return {r["question_key"]: CueCardRow(*tuple(r)) for r in rows}


def card(conn: sqlite3.Connection, deck: str, question_key: str) -> CueCardRow | None:
    r = conn.execute(
        "SELECT deck, question_key, level, card, due_at, reviews, last_rating, last_coverage "
        "FROM cue_cards WHERE deck = ? AND question_key = ?", (deck, question_key)
    ).fetchone()
    return CueCardRow(*tuple(r)) if r is not None else None


def save_card(conn: sqlite3.Connection, row: CueCardRow) -> None:
    with transaction(conn):
        conn.execute(
            "INSERT INTO cue_cards (deck, question_key, level, card, due_at, reviews, last_rating, last_coverage, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (deck, question_key) DO UPDATE SET "
            "level = excluded.level, card = excluded.card, due_at = excluded.due_at, reviews = excluded.reviews, "
            "last_rating = excluded.last_rating, last_coverage = excluded.last_coverage, "
            "updated_at = excluded.updated_at",
            (row.deck, row.question_key, row.level, row.card, row.due_at, row.reviews, row.last_rating,
             row.last_coverage, now()),
        )


@dataclass(frozen=True, slots=True)
class AnsweredQuestion:
    """A scored answer (an original or a rewind) and the interviewer's turn before it."""

    question: str | None
    answer: str
    overall: int
    question_type: str | None


@dataclass(frozen=True, slots=True)
class StoryText:
    """A story of the story bank as the cue deck reads it."""

    title: str
    text: str
    competencies: str  # JSON, as stored


def scored_answers(conn: sqlite3.Connection) -> list[AnsweredQuestion]:
    """Every scored answer (originals and rewinds) with the interviewer's turn before it; best first."""
    rows = conn.execute(
        """
        SELECT s.text AS answer, s.overall AS overall, s.question_type AS question_type,
               (SELECT q.text FROM turns q WHERE q.session_id = t.session_id AND q.idx < t.idx
                  AND q.speaker = 'interviewer' ORDER BY q.idx DESC LIMIT 1) AS question
        FROM answer_scores s JOIN turns t ON t.id = s.turn_id
        ORDER BY s.overall DESC, s.created_at DESC
        """
    ).fetchall()
    return [AnsweredQuestion(r["question"], r["answer"], int(r["overall"]), r["question_type"]) for r in rows]


def stories(conn: sqlite3.Connection) -> list[StoryText]:
    """The story bank, oldest first."""
    rows = conn.execute("SELECT title, text, competencies FROM stories ORDER BY id").fetchall()
    return [StoryText(r["title"], r["text"], r["competencies"]) for r in rows]
