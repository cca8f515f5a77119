"""A deck: the prepared entries of one file (or the bank) with their stored cards.

Reads and writes go through :mod:`icraft.store.cue`; this module decides the drill's
fsrs order and what a review does to a card.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from icraft.cue.fade import FULL, Review, review_card
from icraft.cue.prepared import Entry, Prepared, from_pairs, question_key
from icraft.store import cue as store

BANK_DECK = "bank"
MIN_BANK_SCORE = 60  # a stored answer below this is not worth rehearsing
MIN_BANK_WORDS = 25


def deck_name(path: Path | None) -> str:
    return str(path.resolve()) if path is not None else BANK_DECK


def levels(conn: sqlite3.Connection, deck: str) -> dict[str, int]:
    return {k: r.level for k, r in store.cards(conn, deck).items()}


def drill_order(conn: sqlite3.Connection, deck: str, entries: list[Entry], count: int,
                now: datetime | None = None) -> list[tuple[Entry, str, int]]:
    """(entry, key, level) of the next ``count`` cards in fsrs order: cards due now (most
    overdue first), then new cards (file order), then the rest by due date."""
    now = now or datetime.now(timezone.utc)
    stamp = now.isoformat()
    rows = store.cards(conn, deck)
    due, new, later = [], [], []
    for e in entries:
        key = question_key(e.question)
        row = rows.get(key)
        if row is None:
            new.append((e, key, FULL))
        elif row.due_at <= stamp:
            due.append((row.due_at, (e, key, row.level)))
        else:
            later.append((row.due_at, (e, key, row.level)))
    ordered = [c for _, c in sorted(due, key=lambda t: t[0])] + new + [c for _, c in sorted(later, key=lambda t: t[0])]
    seen: set[str] = set()
    out = []
    for card in ordered:  # a duplicate question is one card
        if card[1] not in seen:
            seen.add(card[1])
            out.append(card)
    return out[:count]


def apply_review(conn: sqlite3.Connection, deck: str, review: Review, now: datetime | None = None) -> store.CueCardRow:
    """Review the entry's fsrs card with this answer and store its new level."""
    now = now or datetime.now(timezone.utc)
    old = store.card(conn, deck, review.question_key)
    card_json, due = review_card(old.card if old else None, review.question_key, review.observed, now)
    row = store.CueCardRow(deck, review.question_key, review.level_after, card_json, due.isoformat(),
                           (old.reviews if old else 0) + 1, review.rating, round(review.coverage, 3))
    store.save_card(conn, row)
    return row


def from_bank(conn: sqlite3.Connection) -> Prepared:
    """Entries from the best stored answer to each question (score >= MIN_BANK_SCORE, at
    least MIN_BANK_WORDS words) and from the story bank's stories."""
    from icraft.cue.detect import questions

    pairs: list[tuple[str, str]] = []
    seen: set[str] = set()
    for r in store.scored_answers(conn):  # best first
        if r.question is None or r.overall < MIN_BANK_SCORE or len(r.answer.split()) < MIN_BANK_WORDS:
            continue
        asked = questions(r.question)
        q = asked[-1] if asked else r.question.strip()
        key = question_key(q)
        if key and key not in seen:
            seen.add(key)
            pairs.append((q, r.answer))
    stories: list[tuple[str, str]] = []
    for s in store.stories(conn):
        title = s.title.strip()
        q = title if title.endswith("?") else f"Tell me about {title[0].lower() + title[1:]}" if title else ""
        if q and question_key(q) not in seen:
            seen.add(question_key(q))
            stories.append((q, s.text))
    bank = from_pairs(pairs, "bank")
    told = from_pairs(stories, "story")
    entries = [*bank.entries, *told.entries]
    return Prepared([_renumber(e, i) for i, e in enumerate(entries, 1)], [], "bank")


def merge(first: Prepared, second: Prepared) -> Prepared:
    """``second``'s entries after ``first``'s, numbered on."""
    n = len(first.entries)
    return Prepared([*first.entries, *(_renumber(e, n + i) for i, e in enumerate(second.entries, 1))],
                    [*first.warnings, *second.warnings], first.path)


def _renumber(e: Entry, number: int) -> Entry:
    return Entry(**{**e.__dict__, "number": number})


def cards_option(cards: list[tuple[Entry, str, int]]) -> list[dict[str, Any]]:
    return [{"entry": e.to_dict(), "key": key, "level": level} for e, key, level in cards]
