"""The story bank over the database: tellings recorded as answers are stored, stories
listed with their uses and warnings, and the competencies no story covers yet.

A telling joins the stored story it is most like (:func:`icraft.stories.core.cluster`'s
rule: mean similarity to the story's tellings at least ``core.SAME_STORY``), or starts a
new story titled from its own words."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from icraft.store import stories as repo
from icraft.stories import core

STORY_TYPES = ("behavioral", "general")  # question types whose answers may tell a story
OVERUSE_USES, OVERUSE_DAYS = 3, 30
# The question that draws a story for each competency: what a gap in the bank drills.
GAP_QUESTIONS = {
    "technical_leadership": "Tell me about a time you set the technical direction for your team.",
    "execution": "Tell me about a project you delivered under a tight deadline.",
    "cross_team": "Tell me about a time you needed another team's help to deliver.",
    "conflict_resolution": "Tell me about a time you disagreed with a colleague. How did you resolve it?",
    "mentoring": "Tell me about someone you helped grow as an engineer.",
    "failure_recovery": "Tell me about a time you failed. What did you do next?",
    "innovation": "Tell me about an idea of yours that changed how your team works.",
    "communication": "Tell me about a time you had to explain something complex to a non-technical audience.",
    "data_driven": "Tell me about a decision you made with data that went against intuition.",
    "customer_focus": "Tell me about a time you went out of your way for a customer or user.",
}


def match(conn: sqlite3.Connection, occ: core.Occurrence) -> int | None:
    """The stored story this telling belongs to, or None (a new story)."""
    stories = repo.list_stories(conn)
    if not stories:
        return None
    from icraft.nlp import embed

    e = embed.embedder()
    texts = [o.text for s in stories for o in s.occurrences]
    vectors = e.embed([occ.text, *texts]) if e is not None else None
    best, best_score, k = None, core.SAME_STORY, 1
    for s in stories:
        scores = []
        for o in s.occurrences:
            other = core.Occurrence(o.text, numbers=frozenset(o.numbers), names=frozenset(o.names))
            meaning = float(vectors[0] @ vectors[k]) if vectors is not None else 0.0
            scores.append(core.similarity(occ, other, meaning=meaning))
            k += 1
        if scores and sum(scores) / len(scores) >= best_score:
            best, best_score = s.id, sum(scores) / len(scores)
    return best


def record(conn: sqlite3.Connection, text: str, *, question: str | None, question_type: str, score: int | None,
           session_id: str | None, score_id: int | None) -> int | None:
    """Store an answer that tells a story as a telling of its story; returns the story id
    (None when the answer tells no story or its question does not ask for one)."""
    if question_type not in STORY_TYPES:
        return None
    occ = core.read(text, question=question)
    if not occ.is_story:
        return None
    story_id = match(conn, occ)
    if story_id is None:
        return repo.add_story(conn, occ, title=core.title(occ), session_id=session_id, score_id=score_id,
                              question=question, score=score)
    repo.add_occurrence(conn, story_id, occ, session_id=session_id, score_id=score_id, question=question, score=score)
    return story_id


def add_written(conn: sqlite3.Connection, text: str, *, title: str | None = None) -> tuple[int, bool]:
    """A story written before practising it (`stories add`): (story id, joined an existing one)."""
    occ = core.read(text)
    story_id = match(conn, occ)
    if story_id is not None:
        repo.add_occurrence(conn, story_id, occ)
        return story_id, True
    return repo.add_story(conn, occ, title=title or core.title(occ)), False


@dataclass(frozen=True)
class Summary:
    story: repo.StoredStory
    warnings: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        s = self.story
        best = s.best
        return {
            "id": s.id,
            "title": s.title,
            "uses": len(s.uses),
            "last_used": max((o.created_at for o in s.uses), default=None),
            "best_score": best.score if best else None,
            "competencies": sorted(s.competencies),
            "warnings": list(self.warnings),
        }


def warnings_for(story: repo.StoredStory, *, now: datetime | None = None) -> tuple[str, ...]:
    """Overuse: told in 3 sessions within 30 days, or twice in one interview."""
    now = now or datetime.now(timezone.utc)
    since = (now - timedelta(days=OVERUSE_DAYS)).isoformat(timespec="seconds")
    recent = [o for o in story.uses if o.created_at >= since]
    out = []
    if len(recent) >= OVERUSE_USES:
        out.append(f"told {len(recent)} times in {OVERUSE_DAYS} days: interviewers in one loop compare notes")
    per_session: dict[str, int] = {}
    for o in story.uses:
        per_session[o.session_id or ""] = per_session.get(o.session_id or "", 0) + 1
    twice = [sid for sid, n in per_session.items() if n > 1]
    if twice:
        out.append(f"told twice in one session ({twice[0]}): have another example ready")
    return tuple(out)


def summaries(conn: sqlite3.Connection) -> list[Summary]:
    return [Summary(s, warnings_for(s)) for s in repo.list_stories(conn)]


def gaps(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(competency, a question that draws a story for it) for every competency no story shows."""
    covered = {c for s in repo.list_stories(conn) for c in s.competencies}
    return [(c, q) for c, q in GAP_QUESTIONS.items() if c not in covered]
