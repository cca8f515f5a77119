"""The story bank's tables: ``stories`` and ``story_occurrences`` (migrations 0011, 0013:
ids are AUTOINCREMENT, so a deleted story's id is never given to another)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any, Protocol

from icraft.core.errors import NotFoundError
from icraft.store.db import dumps, now, transaction


class _Quote(Protocol):
    @property
    def label(self) -> str: ...

    def to_dict(self) -> dict[str, object]: ...


class Occurrence(Protocol):
    """What the store keeps of one telling (``icraft.stories.core.Occurrence`` is one; the
    stories layer sits above the store, so the store names only the shape it reads)."""

    @property
    def text(self) -> str: ...

    @property
    def parts(self) -> Sequence[_Quote]: ...

    @property
    def numbers(self) -> AbstractSet[str]: ...

    @property
    def names(self) -> AbstractSet[str]: ...

    @property
    def competencies(self) -> Sequence[_Quote]: ...


@dataclass(frozen=True)
class StoredOccurrence:
    id: int
    story_id: int
    session_id: str | None
    question: str | None
    text: str
    score: int | None
    parts: list[dict[str, Any]]
    numbers: list[str]
    names: list[str]
    competencies: list[dict[str, Any]]
    created_at: str
    question_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class StoredStory:
    id: int
    title: str
    created_at: str
    occurrences: list[StoredOccurrence] = field(default_factory=list)

    @property
    def uses(self) -> list[StoredOccurrence]:
        """Tellings in practice sessions, one per question answered: the story retold in the
        reply to a follow-up of the same question is the same use (a story written with
        `stories add` is not a use)."""
        seen: set[tuple[str, str]] = set()
        out = []
        for o in self.occurrences:
            if o.session_id is None:
                continue
            key = (o.session_id, o.question_id or f"#{o.id}")
            if key not in seen:
                seen.add(key)
                out.append(o)
        return out

    @property
    def best(self) -> StoredOccurrence | None:
        scored = [o for o in self.occurrences if o.score is not None]
        return max(scored, key=lambda o: (o.score, o.created_at)) if scored else (self.occurrences[0] if self.occurrences else None)

    @property
    def competencies(self) -> dict[str, str]:
        """Competency -> the quote that shows it (from the best telling that shows it)."""
        out: dict[str, str] = {}
        ranked = sorted(self.occurrences, key=lambda o: -(o.score or 0))
        for o in ranked:
            for q in o.competencies:
                out.setdefault(q["label"], q["quote"])
        return out


def _occurrence(r: sqlite3.Row) -> StoredOccurrence:
    return StoredOccurrence(
        r["id"], r["story_id"], r["session_id"], r["question"], r["text"], r["score"],
        json.loads(r["parts"]), json.loads(r["numbers"]), json.loads(r["names"]), json.loads(r["competencies"]),
        r["created_at"], r["question_id"],
    )


def add_story(conn: sqlite3.Connection, occ: Occurrence, *, title: str, session_id: str | None = None,
              score_id: int | None = None, question: str | None = None, score: int | None = None,
              question_id: str | None = None) -> int:
    """A new story with its first telling; returns the story id."""
    with transaction(conn):
        t = now()
        cur = conn.execute(
            "INSERT INTO stories (title, text, competencies, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            (title, occ.text, dumps(sorted({q.label for q in occ.competencies})), t, t),
        )
        story_id = int(cur.lastrowid or 0)
        add_occurrence(conn, story_id, occ, session_id=session_id, score_id=score_id, question=question, score=score,
                       question_id=question_id)
    return story_id


def add_occurrence(conn: sqlite3.Connection, story_id: int, occ: Occurrence, *, session_id: str | None = None,
                   score_id: int | None = None, question: str | None = None, score: int | None = None,
                   question_id: str | None = None) -> int:
    with transaction(conn):
        cur = conn.execute(
            "INSERT INTO story_occurrences (story_id, session_id, score_id, question, text, score, parts, numbers,"
            " names, competencies, created_at, question_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                story_id, session_id, score_id, question, occ.text, score,
                dumps([p.to_dict() for p in occ.parts]), dumps(sorted(occ.numbers)), dumps(sorted(occ.names)),
                dumps([q.to_dict() for q in occ.competencies]), now(), question_id,
            ),
        )
        conn.execute("UPDATE stories SET updated_at = ? WHERE id = ?", (now(), story_id))
    return int(cur.lastrowid or 0)


def list_stories(conn: sqlite3.Connection) -> list[StoredStory]:
    """Every story with its tellings, oldest story first (two queries)."""
    stories = {
        r["id"]: StoredStory(r["id"], r["title"], r["created_at"])
        for r in conn.execute("SELECT id, title, created_at FROM stories ORDER BY id")
    }
    for r in conn.execute("SELECT * FROM story_occurrences ORDER BY id"):
        if r["story_id"] in stories:
            stories[r["story_id"]].occurrences.append(_occurrence(r))
    return list(stories.values())


def session_loops(conn: sqlite3.Connection) -> dict[str, str]:
    """session id -> the company loop it practised for: its job posting's company (or title),
    else its company notes' name (`interview --jd/--company`); sessions for none are left out."""
    out = {}
    for r in conn.execute(
        "SELECT id, json_extract(meta, '$.options.jd.company') AS company, json_extract(meta, '$.options.jd.title')"
        " AS posting, json_extract(meta, '$.options.company.name') AS notes FROM sessions"
        " WHERE json_valid(meta) AND (json_extract(meta, '$.options.jd') IS NOT NULL"
        "   OR json_extract(meta, '$.options.company') IS NOT NULL)"
    ):
        loop = r["company"] or r["notes"] or r["posting"]
        if loop:
            out[r["id"]] = str(loop).strip()
    return out


def has_stories(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM stories LIMIT 1").fetchone() is not None


def stories_by_score(conn: sqlite3.Connection, session_id: str | None = None) -> dict[int, dict[str, Any]]:
    """answer_scores id -> the story that answer told {"id", "title"} (one session's, or all)."""
    sql = ("SELECT o.score_id, o.story_id, s.title FROM story_occurrences o JOIN stories s ON s.id = o.story_id"
           " WHERE o.score_id IS NOT NULL")
    rows = conn.execute(sql + " AND o.session_id = ?", (session_id,)) if session_id else conn.execute(sql)
    return {r["score_id"]: {"id": r["story_id"], "title": r["title"]} for r in rows}


def get_story(conn: sqlite3.Connection, story_id: int) -> StoredStory:
    row = conn.execute("SELECT id, title, created_at FROM stories WHERE id = ?", (story_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no story {story_id}", "list them with `icraft stories`")
    story = StoredStory(row["id"], row["title"], row["created_at"])
    story.occurrences = [
        _occurrence(r) for r in conn.execute("SELECT * FROM story_occurrences WHERE story_id = ? ORDER BY id", (story_id,))
    ]
    return story


def rename_story(conn: sqlite3.Connection, story_id: int, title: str) -> None:
    get_story(conn, story_id)
    with transaction(conn):
        conn.execute("UPDATE stories SET title = ?, title_edited = 1, updated_at = ? WHERE id = ?", (title, now(), story_id))


def merge_stories(conn: sqlite3.Connection, keep: int, other: int) -> None:
    """Move ``other``'s tellings into ``keep`` and delete ``other``."""
    get_story(conn, keep)
    get_story(conn, other)
    with transaction(conn):
        conn.execute("UPDATE story_occurrences SET story_id = ? WHERE story_id = ?", (keep, other))
        conn.execute("DELETE FROM stories WHERE id = ?", (other,))


def occurrence_text(conn: sqlite3.Connection, occurrence_id: int) -> str | None:
    row = conn.execute("SELECT text FROM story_occurrences WHERE id = ?", (occurrence_id,)).fetchone()
    return None if row is None else str(row["text"])


def split_occurrence(conn: sqlite3.Connection, occurrence_id: int, *, title: str) -> int:
    """Move one telling into a story of its own; returns the new story's id."""
    row = conn.execute("SELECT story_id, text FROM story_occurrences WHERE id = ?", (occurrence_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no telling {occurrence_id}", "see the tellings' ids with `icraft stories show ID`")
    with transaction(conn):
        t = now()
        cur = conn.execute(
            "INSERT INTO stories (title, text, competencies, created_at, updated_at) VALUES (?, ?, '[]', ?, ?)",
            (title, row["text"], t, t),
        )
        new_id = int(cur.lastrowid or 0)
        conn.execute("UPDATE story_occurrences SET story_id = ? WHERE id = ?", (new_id, occurrence_id))
    return new_id


def delete_story(conn: sqlite3.Connection, story_id: int) -> None:
    get_story(conn, story_id)
    with transaction(conn):
        conn.execute("DELETE FROM stories WHERE id = ?", (story_id,))
