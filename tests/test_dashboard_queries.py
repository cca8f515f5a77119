"""icraft.store.queries: the dashboard's read-only aggregates, on data written by the real repository."""

from __future__ import annotations

import json
import sqlite3

import pytest

from icraft.core.errors import NotFoundError
from icraft.core.findings import AnswerResult, DeliveryStats, Finding, Score, span_for_words
from icraft.core.transcript import TimedToken, Turn
from icraft.store import queries
from icraft.store import sessions as repo
from tests.dashboard_helpers import fill


def _answer(index: int, overall: int, findings: tuple[Finding, ...], delivery: DeliveryStats | None) -> AnswerResult:
    return AnswerResult(
        answer=index,
        turn_index=2 * index + 1,
        question=None,
        question_type="behavioral",
        findings=findings,
        score=Score(overall, {"structure": overall}, "t-1"),
        delivery=delivery,
    )


def _delivery(wpm: float, filler: float) -> DeliveryStats:
    return DeliveryStats(measurable=True, word_count=30, filler_count=2, wpm=wpm, filler_rate_per_min=filler)


def test_session_detail_pairs_each_answer_with_its_question_findings_and_quotes(db: sqlite3.Connection) -> None:
    sid = repo.create_session(db, "interview", title="Mock", type="behavioral")
    repo.add_turn(db, sid, Turn.from_text("interviewer", "Tell me about a launch."))
    answer = Turn.from_tokens(
        "candidate", [TimedToken(w, 100 * i, 100 * i + 80) for i, w in enumerate("Um we shipped it late".split())]
    )
    tid = repo.add_turn(db, sid, answer)
    finding = Finding(
        rule_id="no_ownership", category="seniority_signal", severity="warning", message="say what you did",
        fix="use I", spans=(span_for_words(1, answer, 1, 3),), answer=0, points=7.5, skills=("ownership_signal",),
    )
    repo.save_answer(db, sid, _answer(0, 61, (finding,), _delivery(140.0, 4.5)), answer.text, turn_id=tid)
    repo.save_answer(db, sid, _answer(0, 80, (), None), "I shipped it.", turn_id=tid, attempt=1)
    repo.update_session(db, sid, score=61, status="completed")

    detail = queries.session_detail(db, sid)
    assert detail.summary.title == "Mock" and detail.summary.score == 61
    assert (detail.summary.answers, detail.summary.rewinds, detail.summary.findings) == (1, 1, 1)
    original, rewind = detail.answers
    assert original.question == rewind.question == "Tell me about a launch."
    assert (original.attempt, original.overall, original.wpm, original.filler_rate) == (0, 61, 140.0, 4.5)
    (f,) = original.findings
    assert f.quotes == ("we shipped",) and f.points == 7.5 and f.skills == ("ownership_signal",)
    assert rewind.attempt == 1 and rewind.findings == () and rewind.text == "I shipped it."
    with pytest.raises(NotFoundError):
        queries.session_detail(db, "nope")


def test_session_score_falls_back_to_the_answers_average_while_unscored(db: sqlite3.Connection) -> None:
    sid = repo.create_session(db, "lint")
    repo.save_answer(db, sid, _answer(0, 50, (), None), "a")
    repo.save_answer(db, sid, _answer(1, 70, (), None), "b")
    (row,) = queries.history_page(db).rows
    assert row.score == 60 and row.status == "in_progress"


def test_history_pages_cover_every_session_once_newest_first(db: sqlite3.Connection) -> None:
    fill(db, sessions=23, answers=2)
    seen = []
    page = queries.history_page(db, limit=10)
    sizes = [len(page.rows)]
    seen += [r.id for r in page.rows]
    while page.next is not None:
        page = queries.history_page(db, after=page.next, limit=10)
        sizes.append(len(page.rows))
        seen += [r.id for r in page.rows]
    assert sizes == [10, 10, 3]
    assert seen == [r[0] for r in db.execute("SELECT id FROM sessions ORDER BY started_at DESC, rowid DESC")]
    counts = {r[0]: r[1] for r in db.execute("SELECT session_id, COUNT(*) FROM answer_scores GROUP BY session_id")}
    first = queries.history_page(db, limit=1).rows[0]
    assert first.answers == counts[first.id] == 2


def test_history_page_is_exactly_one_page_when_rows_fit(db: sqlite3.Connection) -> None:
    fill(db, sessions=5, answers=1)
    page = queries.history_page(db, limit=5)
    assert len(page.rows) == 5 and page.next is None
    assert queries.history_page(db).next is None


def test_delivery_trend_averages_timed_answers_per_day(db: sqlite3.Connection) -> None:
    sid = repo.create_session(db, "interview")
    for i, (wpm, filler) in enumerate([(120.0, 6.0), (140.0, 2.0)]):
        repo.save_answer(db, sid, _answer(i, 70, (), _delivery(wpm, filler)), "x")
    repo.save_answer(db, sid, _answer(2, 70, (), None), "typed, untimed")
    (point,) = queries.delivery_trend(db)
    assert (point.answers, point.wpm, point.filler_rate) == (2, 130.0, 4.0)

    fill(db, sessions=40, answers=2, days=40)
    points = queries.delivery_trend(db, days=7)
    assert len(points) == 7 and [p.day for p in points] == sorted(p.day for p in points)
    day = points[-1].day
    rows = [
        json.loads(r[0])
        for r in db.execute("SELECT delivery FROM answer_scores WHERE delivery IS NOT NULL AND created_at LIKE ?",
                            (day + "%",))
    ]
    assert points[-1].answers == len(rows)
    assert points[-1].wpm == round(sum(d["wpm"] for d in rows) / len(rows), 1)


def test_delivery_trend_walks_the_dashboard_index(db: sqlite3.Connection) -> None:
    plan = " ".join(
        r[3]
        for r in db.execute(
            "EXPLAIN QUERY PLAN SELECT substr(created_at, 1, 10) AS day FROM answer_scores WHERE delivery IS NOT NULL"
            " GROUP BY substr(created_at, 1, 10) ORDER BY day DESC LIMIT 30"
        )
    )
    assert "answer_scores_delivery_day" in plan


def test_totals_tell_a_new_user_apart(db: sqlite3.Connection) -> None:
    assert queries.totals(db).empty
    fill(db, sessions=2, answers=1)
    t = queries.totals(db)
    assert (t.sessions, t.answers, t.empty) == (2, 2, False)
