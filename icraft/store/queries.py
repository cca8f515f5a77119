"""Read-only aggregate queries for the dashboard, built to stay fast on big databases.

Every function here answers one screen region with a bounded number of SQL
statements (never one query per displayed row), walking indexes where it can:

- session history is keyset-paginated on ``sessions_started`` so page 40 costs
  the same as page 1;
- delivery trends walk the partial index on the day of timed answers
  (migration ``0005_dashboard_indexes``) and stop after the last N days.

Skill states, trends and the drill plan come from ``icraft.skills``, not from here.
Nothing here writes.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from icraft.store.answers import StoredFinding

TREND_DAYS = 30
PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class SessionSummary:
    id: str
    kind: str
    status: str
    title: str | None
    type: str | None
    started_at: str
    score: int | None
    answers: int
    rewinds: int
    findings: int


@dataclass(frozen=True, slots=True)
class HistoryCursor:
    """Keyset position after the last row of a page: (started_at, rowid) of that row."""

    started_at: str
    rowid: int


@dataclass(frozen=True, slots=True)
class HistoryPage:
    rows: tuple[SessionSummary, ...]
    next: HistoryCursor | None  # None: this was the last page


@dataclass(frozen=True, slots=True)
class DeliveryPoint:
    day: str  # YYYY-MM-DD
    answers: int
    wpm: float | None
    filler_rate: float | None  # fillers per minute


@dataclass(frozen=True, slots=True)
class AnswerView:
    score_id: int
    answer_index: int
    attempt: int
    question: str | None
    text: str
    question_type: str | None
    overall: int
    wpm: float | None
    filler_rate: float | None
    findings: tuple[StoredFinding, ...] = field(default_factory=tuple)
    # The rules that could judge it (empty: too short to judge; None: scored before icraft
    # recorded it) and its delivery measures (an impossible word rate leaves it unjudged).
    judged: tuple[str, ...] | None = None
    delivery: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SessionDetail:
    summary: SessionSummary
    answers: tuple[AnswerView, ...]
    # Every candidate turn's text in order (requests included): how people number the
    # answers (core.numbering: a "can you repeat the question" is not one).
    candidate_texts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Totals:
    sessions: int
    answers: int
    any_skill_event: bool

    @property
    def empty(self) -> bool:
        """A new user: nothing practised and no skill evidence yet."""
        return self.sessions == 0 and not self.any_skill_event


def data_version(conn: sqlite3.Connection) -> int:
    """A number that changes when another connection (another icraft process) commits to
    the database, and only then (SQLite's ``PRAGMA data_version``): one cheap call tells a
    screen left open whether what it shows is out of date."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


def totals(conn: sqlite3.Connection) -> Totals:
    row = conn.execute(
        "SELECT (SELECT COUNT(*) FROM sessions), (SELECT COUNT(*) FROM answer_scores),"
        " EXISTS (SELECT 1 FROM skill_events)"
    ).fetchone()
    return Totals(int(row[0]), int(row[1]), bool(row[2]))


_SUMMARY_SQL = """
SELECT s.rowid AS rid, s.id, s.kind, s.status, s.title, s.type, s.started_at, s.score,
  (SELECT COUNT(*) FROM answer_scores a WHERE a.session_id = s.id AND a.attempt = 0) AS answers,
  (SELECT COUNT(*) FROM answer_scores a WHERE a.session_id = s.id AND a.attempt > 0) AS rewinds,
  (SELECT COUNT(*) FROM answer_scores a JOIN findings f ON f.score_id = a.id
     WHERE a.session_id = s.id AND a.attempt = 0 AND f.measurable = 1) AS findings,
  (SELECT ROUND(AVG(a.overall)) FROM answer_scores a WHERE a.session_id = s.id AND a.attempt = 0) AS avg_score
FROM sessions s
"""


def _summary(r: sqlite3.Row) -> SessionSummary:
    score = r["score"] if r["score"] is not None else r["avg_score"]
    return SessionSummary(
        id=r["id"],
        kind=r["kind"],
        status=r["status"],
        title=r["title"],
        type=r["type"],
        started_at=r["started_at"],
        score=int(score) if score is not None else None,
        answers=int(r["answers"]),
        rewinds=int(r["rewinds"]),
        findings=int(r["findings"]),
    )


def history_page(
    conn: sqlite3.Connection, *, after: HistoryCursor | None = None, limit: int = PAGE_SIZE
) -> HistoryPage:
    """One page of sessions, newest first; pass the returned ``next`` to get the following page."""
    if after is None:
        rows = conn.execute(_SUMMARY_SQL + " ORDER BY s.started_at DESC, s.rowid DESC LIMIT ?", (limit + 1,))
    else:
        rows = conn.execute(
            _SUMMARY_SQL + " WHERE (s.started_at, s.rowid) < (?, ?) ORDER BY s.started_at DESC, s.rowid DESC"
            " LIMIT ?",
            (after.started_at, after.rowid, limit + 1),
        )
    fetched = rows.fetchall()
    more = len(fetched) > limit
    fetched = fetched[:limit]
    nxt = HistoryCursor(fetched[-1]["started_at"], int(fetched[-1]["rid"])) if more and fetched else None
    return HistoryPage(tuple(_summary(r) for r in fetched), nxt)


def delivery_trend(conn: sqlite3.Connection, *, days: int = TREND_DAYS) -> tuple[DeliveryPoint, ...]:
    """Per-day averages of WPM and filler rate over the last ``days`` days with timed answers, oldest first."""
    rows = conn.execute(
        "SELECT substr(created_at, 1, 10) AS day, COUNT(*) AS n,"
        " AVG(json_extract(delivery, '$.wpm')) AS wpm,"
        " AVG(json_extract(delivery, '$.filler_rate_per_min')) AS filler"
        " FROM answer_scores WHERE delivery IS NOT NULL AND json_extract(delivery, '$.measurable')"
        " GROUP BY substr(created_at, 1, 10) ORDER BY day DESC LIMIT ?",
        (days,),
    ).fetchall()
    return tuple(
        DeliveryPoint(
            r["day"],
            int(r["n"]),
            round(r["wpm"], 1) if r["wpm"] is not None else None,
            round(r["filler"], 2) if r["filler"] is not None else None,
        )
        for r in reversed(rows)
    )


def _questions(turns: list[sqlite3.Row]) -> dict[int, str | None]:
    """Each turn's id -> the last interviewer turn before it (turns are ordered by idx):
    one pass, not one scan of the session per answer."""
    out: dict[int, str | None] = {}
    question = None
    for t in turns:
        out[t["id"]] = question
        if t["speaker"] == "interviewer":
            question = t["text"]
    return out


def session_detail(conn: sqlite3.Connection, session_id: str) -> SessionDetail:
    """A session's answers (originals and rewinds) with their findings and quotes: three queries."""
    from icraft.core.errors import NotFoundError

    row = conn.execute(_SUMMARY_SQL + " WHERE s.id = ?", (session_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no session '{session_id}'", "run `icraft sessions` to list them")
    turns = conn.execute(
        "SELECT id, speaker, text FROM turns WHERE session_id = ? ORDER BY idx", (session_id,)
    ).fetchall()
    by_score: dict[int, list[StoredFinding]] = {}
    for f in conn.execute(
        "SELECT f.* FROM findings f JOIN answer_scores a ON a.id = f.score_id WHERE a.session_id = ?"
        " ORDER BY f.score_id, f.points DESC, f.id",
        (session_id,),
    ):
        by_score.setdefault(int(f["score_id"]), []).append(StoredFinding.from_row(f))
    questions = _questions(turns)
    answers = []
    for a in conn.execute(
        "SELECT * FROM answer_scores WHERE session_id = ? ORDER BY answer_index, attempt", (session_id,)
    ):
        delivery = json.loads(a["delivery"]) if a["delivery"] else {}
        answers.append(
            AnswerView(
                score_id=int(a["id"]),
                answer_index=int(a["answer_index"]),
                attempt=int(a["attempt"]),
                question=questions.get(a["turn_id"]),
                text=a["text"],
                question_type=a["question_type"],
                overall=int(a["overall"]),
                wpm=delivery.get("wpm"),
                filler_rate=delivery.get("filler_rate_per_min"),
                findings=tuple(by_score.get(int(a["id"]), ())),
                judged=None if a["judged"] is None else tuple(json.loads(a["judged"])),
                delivery=delivery,
            )
        )
    said = tuple(t["text"] for t in turns if t["speaker"] == "candidate")
    return SessionDetail(_summary(row), tuple(answers), said)
