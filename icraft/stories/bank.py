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

STORY_TYPES = core.STORY_TYPES
OVERUSE_USES, OVERUSE_DAYS = 3, 30
WEAK_STORY = 60  # a competency whose best story scored under this is a gap too ("only weak ones")
# The bank question that draws a story for each competency: what a gap in the bank drills
# (drills/questions/behavioral.toml).
GAP_QUESTIONS = {
    "technical_leadership": "beh-leadership-001",
    "execution": "beh-execution-002",
    "cross_team": "beh-crossteam-002",
    "conflict_resolution": "beh-conflict-001",
    "mentoring": "beh-mentoring-001",
    "failure_recovery": "beh-failure-002",
    "innovation": "beh-innovation-001",
    "communication": "beh-comm-002",
    "data_driven": "beh-data-001",
    "customer_focus": "beh-customer-001",
}
# Skills of a job posting (its focus weights) that ask for a competency's stories.
SKILL_COMPETENCY = {
    "leadership_stories": "technical_leadership",
    "mentoring_signal": "mentoring",
    "conflict_resolution": "conflict_resolution",
    "ownership_signal": "execution",
    "quantifiable_results": "data_driven",
    "failure_modes": "failure_recovery",
}


def match(conn: sqlite3.Connection, occ: core.Occurrence) -> int | None:
    """The stored story this telling belongs to, or None (a new story)."""
    stories = repo.list_stories(conn)
    tellings = [[core.Occurrence(o.text, numbers=frozenset(o.numbers), names=frozenset(o.names)) for o in s.occurrences]
                for s in stories]
    found = core.best_match(occ, tellings)
    return None if found is None else stories[found].id


def record(conn: sqlite3.Connection, text: str, *, question: str | None, question_type: str, score: int | None,
           session_id: str | None, score_id: int | None, question_id: str | None = None,
           followup: bool = False) -> int | None:
    """Store an answer that tells a story as a telling of its story; returns the story id
    (None when the answer tells no story or its question does not ask for one).

    ``followup``: the reply to a follow-up. It is a telling of a stored story it matches
    (the same use as the core answer when both answer one question: ``question_id``), and
    a new story only when it is a whole one (:attr:`~icraft.stories.core.Occurrence.is_whole`):
    "what was the result?" answered with the result adds no story of its own."""
    if question_type not in STORY_TYPES:
        return None
    occ = core.read(text, question=question)
    if not occ.is_story:
        return None
    story_id = match(conn, occ)
    where = {"session_id": session_id, "score_id": score_id, "question": question, "score": score,
             "question_id": question_id}
    if story_id is None:
        if followup and not occ.is_whole:
            return None
        return repo.add_story(conn, occ, title=core.title(occ), **where)
    repo.add_occurrence(conn, story_id, occ, **where)
    return story_id


def add_written(conn: sqlite3.Connection, text: str, *, title: str | None = None,
                source: str = "<stdin>") -> tuple[int, bool]:
    """A story written before practising it (`stories add`): (story id, joined an existing one).
    Text that tells no story (no action with an outcome or a setting) is an InputError
    naming ``source``."""
    from icraft.core.errors import InputError

    occ = core.read(text)
    if not occ.is_story:
        raise InputError(f"{source}: not a story (no action with its setting or outcome)",
                         "write the situation, what you did and how it turned out")
    story_id = match(conn, occ)
    if story_id is not None:
        repo.add_occurrence(conn, story_id, occ)
        return story_id, True
    return repo.add_story(conn, occ, title=title or core.title(occ)), False


@dataclass(frozen=True)
class Summary:
    story: repo.StoredStory
    warnings: tuple[str, ...]
    flags: tuple[str, ...] = ()  # the warnings in short (the list's column)

    def to_dict(self) -> dict[str, Any]:
        s = self.story
        best = s.best
        return {
            "id": s.id,
            "title": s.title,
            "uses": len(s.uses),
            "last_used": max((o.created_at for o in s.uses), default=None),
            "added": s.created_at,
            "best_score": best.score if best else None,
            "competencies": sorted(s.competencies),
            "warnings": list(self.warnings),
            "flags": list(self.flags),
        }


def _overuse(story: repo.StoredStory, now: datetime | None,
             loops: dict[str, str] | None) -> tuple[int, str | None, str | None]:
    """(uses in the last 30 days, a session it was told in twice, a company loop it was
    told in two sessions of; None for none)."""
    now = now or datetime.now(timezone.utc)
    since = (now - timedelta(days=OVERUSE_DAYS)).isoformat(timespec="seconds")
    recent = sum(1 for o in story.uses if o.created_at >= since)
    per_session: dict[str, int] = {}
    for o in story.uses:
        per_session[o.session_id or ""] = per_session.get(o.session_id or "", 0) + 1
    twice = next((sid for sid, n in per_session.items() if n > 1), None)
    per_loop: dict[str, list[str]] = {}  # in the order told: the loop is named as its first session named it
    for sid in per_session:
        if loops and sid in loops:
            per_loop.setdefault(loops[sid].casefold(), []).append(sid)
    loop = next((loops[sids[0]] for sids in per_loop.values() if len(sids) > 1), None) if loops else None
    return recent, twice, loop


def warnings_for(story: repo.StoredStory, *, now: datetime | None = None,
                 loops: dict[str, str] | None = None) -> tuple[str, ...]:
    """Overuse: told 3 times within 30 days, twice in one interview, or in two interviews of
    one company loop (``loops``: :func:`icraft.store.stories.session_loops`)."""
    recent, twice, loop = _overuse(story, now, loops)
    out = []
    if recent >= OVERUSE_USES:
        out.append(f"told {recent} times in {OVERUSE_DAYS} days: interviewers in one loop compare notes")
    if twice is not None:
        out.append(f"told twice in one session ({twice}): have another example ready")
    if loop is not None:
        out.append(f"told in two interviews for {loop}: its interviewers compare notes")
    return tuple(out)


def warning_flags(story: repo.StoredStory, *, now: datetime | None = None,
                  loops: dict[str, str] | None = None) -> tuple[str, ...]:
    """The warnings as the list's short flags ("4x in 30 days", "twice in a session", "2x for Acme")."""
    recent, twice, loop = _overuse(story, now, loops)
    return tuple(f for f, on in ((f"{recent}x in {OVERUSE_DAYS} days", recent >= OVERUSE_USES),
                                 ("twice in a session", twice is not None),
                                 (f"2x for {loop}", loop is not None)) if on)


def weakest(conn: sqlite3.Connection, n: int = 2) -> list[dict[str, Any]]:
    """The ``n`` stories most in need of practice {"id", "title"}: never told in practice
    first (written with `stories add`), then the lowest best score, then the fewest uses."""
    def need(s: repo.StoredStory) -> tuple[int, int, int]:
        best = max((o.score for o in s.occurrences if o.score is not None), default=None)
        return (0 if best is None else 1, best or 0, len(s.uses))

    ranked = sorted(repo.list_stories(conn), key=lambda s: (*need(s), s.id))
    return [{"id": s.id, "title": s.title} for s in ranked[:n]]


def detail_lines(story: repo.StoredStory, *, loops: dict[str, str] | None = None) -> list[str]:
    """A story as `icraft stories show` prints it (and the dashboard's Stories pane shows
    it): uses, warnings, the best telling with its STAR parts quoted, the competencies
    with their evidence, every telling."""
    summary = Summary(story, warnings_for(story, loops=loops)).to_dict()
    best = story.best
    lines = [f"Story {story.id}: {story.title}", f"uses: {summary['uses']}, best score: {summary['best_score'] or '-'}"]
    lines += [f"warning: {w}" for w in summary["warnings"]]
    if best is not None:
        lines.append("\nBest telling" + (f" ({best.score}/100)" if best.score is not None else "") + f":\n  {best.text}")
        lines += [f"  {p['label']}: \"{p['quote']}\"" for p in best.parts]
    if story.competencies:
        lines.append("\nShows:")
        lines += [f"  {c.replace('_', ' ')}: \"{q}\"" for c, q in story.competencies.items()]
    lines.append("\nTellings:")
    for o in story.occurrences:
        where = f"session {o.session_id}" if o.session_id else "written"
        score = f", {o.score}/100" if o.score is not None else ""
        lines.append(f"  #{o.id} {o.created_at[:10]} {where}{score}: {o.question or ''}".rstrip(": "))
    return lines


def summaries(conn: sqlite3.Connection) -> list[Summary]:
    now = datetime.now(timezone.utc)
    loops = repo.session_loops(conn)
    return [Summary(s, warnings_for(s, now=now, loops=loops), warning_flags(s, now=now, loops=loops))
            for s in repo.list_stories(conn)]


@dataclass(frozen=True)
class Coverage:
    """One competency of the coverage map: the stories that show it, each with the strength
    of its evidence (the best score of a telling that shows it; None: written, never told),
    how much a job posting asks for it, and whether it is a gap (no story, or only weak
    ones) with the bank question that drills it."""

    competency: str
    stories: tuple[tuple[int, str, int | None], ...]  # (story id, title, strength)
    weight: float  # 1 + how much the posting asks for it (0..1); 1 without a posting
    question_id: str
    question: str

    @property
    def strength(self) -> int | None:
        return max((s for _, _, s in self.stories if s is not None), default=None)

    @property
    def gap(self) -> bool:
        return self.strength is None or self.strength < WEAK_STORY

    def to_dict(self) -> dict[str, Any]:
        return {
            "competency": self.competency,
            "stories": [{"id": i, "title": t, "strength": s} for i, t, s in self.stories],
            "strength": self.strength, "weight": round(self.weight, 2), "gap": self.gap,
            "drill": {"question_id": self.question_id, "question": self.question},
        }


def posting_weights(focus: Any) -> dict[str, float]:
    """How much a job posting (:class:`~icraft.jd.practice.JobFocus`) asks for each
    competency, 0..1: its requirement lines that name it (the competencies' cue words),
    relative to the most named one, and its focus skills that ask for such stories
    (:data:`SKILL_COMPETENCY`), whichever is higher."""
    hits = {c: sum(1 for p in focus.probes if core.COMPETENCY_CUES[c].search(p.quote)) for c in core.COMPETENCIES}
    top = max(hits.values(), default=0)
    weights = {c: n / top for c, n in hits.items() if n} if top else {}
    for skill, competency in SKILL_COMPETENCY.items():
        w = float(focus.weights.get(skill, 0.0))
        if w > weights.get(competency, 0.0):
            weights[competency] = w
    return weights


def coverage(conn: sqlite3.Connection, *, weights: dict[str, float] | None = None) -> list[Coverage]:
    """The coverage map: competencies x stories, most wanted first (with a posting's
    ``weights``, :func:`posting_weights`), gaps before covered ones at equal weight."""
    from icraft.content import bank as questions

    stories = repo.list_stories(conn)
    out = []
    for c, qid in GAP_QUESTIONS.items():
        shown = []
        for s in stories:
            tellings = [o for o in s.occurrences if any(q["label"] == c for q in o.competencies)]
            if tellings:
                scores = [o.score for o in tellings if o.score is not None]
                shown.append((s.id, s.title, max(scores) if scores else None))
        shown.sort(key=lambda t: -(t[2] or 0))
        out.append(Coverage(c, tuple(shown), 1.0 + (weights or {}).get(c, 0.0), qid, questions.get(qid).text))
    order = list(GAP_QUESTIONS)
    return sorted(out, key=lambda cv: (-cv.weight, not cv.gap, order.index(cv.competency)))


def gaps(conn: sqlite3.Connection, *, weights: dict[str, float] | None = None) -> list[tuple[str, str]]:
    """(competency, the bank question that draws a story for it) for every gap of the
    coverage map, most wanted first."""
    return [(cv.competency, cv.question) for cv in coverage(conn, weights=weights) if cv.gap]
