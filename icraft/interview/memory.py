"""Cross-session memory: what the interviewer remembers about the candidate.

A document rebuilt by code from the database after every session (never written by
a model): recurring findings, strongest stories, weakest skills, communication
habits and what improved. The interviewer uses it to open ("From our earlier
sessions: ..."), to probe known weaknesses first, and (through the stored question
ids) to avoid repeating questions. ``icraft memory show`` prints it.

Quotes are the stored evidence spans and answer sentences cut from stored turns.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from icraft.fmt import count, minute
from icraft.interview.wording import bare_question
from icraft.store import answers
from icraft.store.answers import StoredAnswer
from icraft.store.db import now, transaction

MIN_SESSIONS_RECURRING = 2
IMPROVED_DROP = 0.25  # a rule counts as improved when its firing rate fell by this much
STORY_WORDS = 40  # a behavioral answer shorter than this is not quoted as a story

@dataclass
class MemoryDoc:
    updated_at: str
    sessions: int = 0
    answers: int = 0
    recurring: list[dict[str, Any]] = field(default_factory=list)
    strongest_stories: list[dict[str, Any]] = field(default_factory=list)
    weakest_skills: list[dict[str, Any]] = field(default_factory=list)
    habits: dict[str, Any] = field(default_factory=dict)
    improved: list[dict[str, Any]] = field(default_factory=list)
    score_trend: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MemoryDoc:
        return cls(**d)

    @property
    def weak_rules(self) -> tuple[str, ...]:
        return tuple(r["rule_id"] for r in self.recurring)

    def opening(self) -> str | None:
        """The interviewer's line about earlier sessions (None on a first session)."""
        if not self.sessions:
            return None
        phrases = [p for p in map(memory_phrase, (r["rule_id"] for r in self.recurring)) if p][:2]
        if phrases:
            return f"From our earlier sessions: {' and '.join(phrases)}, so I'll ask about that."
        if self.improved:
            return "Good to see you again: your last session improved on earlier ones."
        return None


def memory_phrase(rule_id: str) -> str | None:
    """How the interviewer words a recurring finding in its opening line: the rule's
    ``memory_phrase`` in the rubric (None for a rule with none, or one no longer there)."""
    from icraft.rubric.model import load_rubric

    rule = load_rubric().rule_or_none(rule_id)
    return rule.memory_phrase if rule is not None else None


def sentences(text: str) -> list[str]:
    """The sentences of an answer, cut from its text, whitespace runs made one space.

    Split by the lint engine's splitter (:func:`icraft.rubric.text.split_sentences`), so
    a quote is a sentence as the findings see it: a sentence ends only at a word ending
    in . ? or !, never at the point inside "0.1" or "v2.0", nor after "e.g."."""
    from icraft.core.transcript import CANDIDATE, Turn
    from icraft.rubric.text import split_sentences

    turn = Turn.from_text(CANDIDATE, text)
    return [" ".join(turn.text[s.char_start : s.char_end].split()) for s in split_sentences(turn.words)]


def first_sentence(text: str, *, max_words: int = 30) -> str:
    """The first sentence of an answer, cut from its text (shortened to ``max_words``)."""
    found = sentences(text)
    words = (found[0] if found else "").split()
    return " ".join(words[:max_words]) + (" ..." if len(words) > max_words else "")


def build(conn: sqlite3.Connection) -> MemoryDoc:
    context = [c for c in answers.finished_answers_in_context(conn) if c.phase in (None, "core")]  # follow-ups are partial checks
    rows = [c.answer for c in context]
    about = {c.answer.id: c for c in context}  # each answer's question and session start
    doc = MemoryDoc(updated_at=now())
    if not rows:
        return doc
    order = list(dict.fromkeys(r.session_id for r in rows))
    doc.sessions, doc.answers = len(order), len(rows)
    by_id = {r.id: r for r in rows}
    findings = answers.measurable_findings(conn, list(by_id))

    # Recurring findings: rules that fired in at least two sessions.
    # The message and quote shown are one finding's (a message naming its question, as
    # off_topic's does, goes with a quote of the answer it was said of): the latest
    # session's finding with a quote, else the first with one, else the first.
    per_rule: dict[str, dict[str, Any]] = defaultdict(lambda: {"sessions": set(), "answers": set(), "quote": None})
    fired: dict[str, set[int]] = defaultdict(set)
    for f in findings:
        r = by_id[f.score_id]
        entry = per_rule[f.rule_id]
        entry["sessions"].add(r.session_id)
        entry["answers"].add(f.score_id)
        if "message" not in entry or (f.quote and (entry["quote"] is None or r.session_id == order[-1])):
            entry["message"], entry["quote"] = f.message, f.quote
        fired[f.rule_id].add(f.score_id)
    doc.recurring = sorted(
        (
            {
                "rule_id": rule,
                "sessions": len(e["sessions"]),
                "answers": len(e["answers"]),
                "message": e["message"],
                "quote": e["quote"],
            }
            for rule, e in per_rule.items()
            if len(e["sessions"]) >= MIN_SESSIONS_RECURRING
        ),
        key=lambda d: (-d["sessions"], -d["answers"], d["rule_id"]),
    )[:5]

    # Strongest stories: best behavioral answers long enough to be a story. The same story
    # told to several questions, in other words too, is listed once (the story bank's story:
    # icraft/stories/), with how often it was told (overuse shows).
    from icraft.store.stories import stories_by_score

    story_of = {score_id: (t["id"], t["title"]) for score_id, t in stories_by_score(conn).items()}
    told: dict[Any, list[StoredAnswer]] = {}
    for r in sorted(
        (r for r in rows if r.question_type == "behavioral" and len(r.text.split()) >= STORY_WORDS),
        key=lambda r: (-r.overall, about[r.id].started_at or ""),
    ):
        key = story_of[r.id][0] if r.id in story_of else " ".join(r.text.lower().split())
        told.setdefault(key, []).append(r)
    doc.strongest_stories = [
        {
            "session_id": r.session_id,
            "answer": r.answer_index,
            "score": r.overall,
            "question": bare_question(about[r.id].question) if about[r.id].question else None,
            "quote": first_sentence(r.text),
            "told": len(same),
            "story_id": story_of[r.id][0] if r.id in story_of else None,
            "title": story_of[r.id][1] if r.id in story_of else None,
        }
        for r, same in ((same[0], same) for same in told.values())
    ][:3]

    doc.weakest_skills = _weakest_skills(conn)
    doc.habits = _habits(rows)

    # What improved: rules that fired less in the latest session than before, and the score.
    # Each rate is over the answers the rule judged: a rule that does not apply to the
    # latest session's answers (behavioral rules after a system-design drill) did not improve.
    last = [r for r in rows if r.session_id == order[-1]]
    earlier = [r for r in rows if r.session_id != order[-1]]
    if earlier:
        judged = {r.id: None if r.judged is None else frozenset(r.judged) for r in rows}
        for rule, ids in sorted(fired.items()):
            judged_before = [r for r in earlier if _judged(r, judged[r.id], rule, ids)]
            judged_after = [r for r in last if _judged(r, judged[r.id], rule, ids)]
            if not judged_before or not judged_after:
                continue
            before = sum(1 for r in judged_before if r.id in ids) / len(judged_before)
            after = sum(1 for r in judged_after if r.id in ids) / len(judged_after)
            if before - after >= IMPROVED_DROP:
                doc.improved.append({"rule_id": rule, "before_rate": round(before, 2), "after_rate": round(after, 2)})
        doc.score_trend = {
            "earlier": round(sum(r.overall for r in earlier) / len(earlier)),
            "latest": round(sum(r.overall for r in last) / len(last)),
        }
    return doc


def _judged(row: StoredAnswer, judged: frozenset[str] | None, rule_id: str, fired: set[int]) -> bool:
    """Whether ``rule_id`` judged this stored answer: it fired on it, or it is in the
    answer's stored ``judged``; for an answer scored before that was stored (``judged``
    None), whether the rule applies to the answer's question type."""
    if row.id in fired:
        return True
    if judged is not None:
        return rule_id in judged
    from icraft.rubric.model import load_rubric

    rule = load_rubric().rule_or_none(rule_id)
    return rule is not None and rule.applies(row.question_type or "behavioral")


def _weakest_skills(conn: sqlite3.Connection, n: int = 3) -> list[dict[str, Any]]:
    from icraft.skills import skill_states

    known = [s for s in skill_states(conn, history=0) if s.score is not None]
    known.sort(key=lambda s: (s.score, s.skill.id))
    return [{"skill_id": s.skill.id, "name": s.skill.name, "score": round(s.score, 1)} for s in known[:n]]


def _habits(rows: list[StoredAnswer]) -> dict[str, Any]:
    words = fillers = 0
    wpm: list[float] = []
    for r in rows:
        d = r.delivery
        if not d:
            continue
        words += d.get("word_count") or 0
        fillers += d.get("filler_count") or 0
        if d.get("measurable") and d.get("wpm"):
            wpm.append(float(d["wpm"]))
    out: dict[str, Any] = {"words": words}
    if words:
        out["fillers_per_100_words"] = round(100 * fillers / words, 1)
    out["wpm"] = round(sum(wpm) / len(wpm)) if wpm else None  # None: no timed answers yet
    return out


def rebuild(conn: sqlite3.Connection) -> MemoryDoc:
    """Recompute the memory document from the database and store it (a database opened
    read-only is only read: the document is recomputed, not stored)."""
    if getattr(conn, "read_only", ""):
        return build(conn)
    with transaction(conn):  # built from what is stored at the moment it is written
        doc = build(conn)
        answers.save_memory(conn, doc.to_dict(), doc.updated_at)
    return doc


def load(conn: sqlite3.Connection) -> MemoryDoc | None:
    stored = answers.load_memory(conn)
    return MemoryDoc.from_dict(stored) if stored is not None else None


def render_markdown(doc: MemoryDoc) -> str:
    built = minute(doc.updated_at)
    lines = [
        "# What icraft remembers",
        "",
        f"Built from {count(doc.sessions, 'session')} and {count(doc.answers, 'scored answer')}"
        f" (updated {built} UTC).",
    ]
    if not doc.sessions:
        return "\n".join([*lines[:2], "Nothing yet: finish an interview or lint an answer first."]) + "\n"
    lines += ["", "## Recurring findings"]
    lines += [
        f"- **{r['rule_id']}** in {r['sessions']} sessions ({count(r['answers'], 'answer')}): {r['message']}"
        + (f' — "{r["quote"]}"' if r.get("quote") else "")
        for r in doc.recurring
    ] or ["- none across sessions yet"]
    lines += ["", "## Strongest stories"]
    lines += [
        f"- {s['score']}/100 — {s['question'] or '(question)'}: \"{s['quote']}\" (session {s['session_id']}"
        + (f"; story {s['story_id']}" if s.get("story_id") else "")
        + (f"; told {s['told']} times" if s.get("told", 1) > 1 else "") + ")"
        for s in doc.strongest_stories
    ] or [f"- no behavioral answer of {STORY_WORDS}+ words yet"]
    lines += ["", "## Weakest skills"]
    lines += [f"- {s['name']} ({s['skill_id']}): {s['score']}" for s in doc.weakest_skills] or ["- no skill data yet"]
    h = doc.habits
    lines += ["", "## Communication habits"]
    if "fillers_per_100_words" in h:
        lines.append(f"- filler words: {h['fillers_per_100_words']} per 100 words")
    lines.append(f"- pace: {h['wpm']} words per minute" if h.get("wpm") else "- pace: not measured (no timed answers)")
    trend = doc.score_trend
    score = f"- average answer score: {trend['earlier']} earlier → {trend['latest']} latest" if trend else None
    rose = bool(trend) and trend["latest"] > trend["earlier"]
    lines += ["", "## What improved"]
    lines += [
        f"- {i['rule_id']}: in {round(100 * i['before_rate'])}% of earlier answers, {round(100 * i['after_rate'])}% in the latest session"
        for i in doc.improved
    ] + ([score] if rose else []) or ["- nothing measurable yet"]
    if score and not rose:  # a drop (or no change) is not an improvement
        lines += ["", "## What did not improve", score]
    return "\n".join(lines) + "\n"
