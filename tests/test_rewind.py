"""Rewind on the real database: deltas from re-linting, attempts stored, best attempt,
determinism, skill graph updates, and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from icraft.core.errors import InputError, NotFoundError
from icraft.core.transcript import Transcript, Turn
from icraft.practice import rewind as rw
from icraft.practice.record import save_report
from icraft.rubric import lint_answer, lint_transcript

WEAK = (
    "Um, so basically we had this service that was slow and we kind of fixed it by adding caching and I guess "
    "it was better after that. We also migrated to a new database which maybe helped a lot, you know, and the "
    "team was happy with it in the end."
)
BETTER = (
    "At my last job our checkout service timed out during sales and I was the on-call engineer responsible "
    "for it. I profiled the requests and rewrote the inventory lookup to batch its queries, because one query "
    "per item was the bottleneck, instead of adding more replicas. As a result checkout errors fell from 4% to "
    "0.2% within an hour and p99 latency went from 2 s to 300 ms. I learned to read traces before guessing."
)
FINE = (
    "I led the migration of our billing jobs to a queue, because the nightly batch kept missing its window. "
    "As a result the jobs finished in 20 minutes instead of 4 hours, and I learned to ship in small steps."
)


def _session(db, answers: list[str]) -> str:  # type: ignore[no-untyped-def]
    turns = []
    for i, a in enumerate(answers):
        turns.append(Turn.from_text("interviewer", f"Tell me about a time you fixed something hard ({i})."))
        turns.append(Turn.from_text("candidate", a))
    transcript = Transcript(tuple(turns), {"question_type": "behavioral"})
    report = lint_transcript(transcript, question_type="behavioral")
    return save_report(db, transcript, report, kind="lint", source="test")


def test_better_answer_fixes_rules_and_is_stored(db) -> None:  # type: ignore[no-untyped-def]
    sid = _session(db, [FINE, WEAK])
    target = rw.load_target(db, sid, None)
    assert target.answer_index == 1  # default: the lowest-scoring answer
    assert target.text == WEAK
    out = rw.rewind(db, target, BETTER)
    assert out.delta.overall > 0
    assert out.delta.overall == out.result.score.overall - target.original.score.overall
    assert out.delta.before == lint_answer(WEAK, question=target.question, question_type="behavioral").score.overall
    assert out.delta.after == lint_answer(BETTER, question=target.question, question_type="behavioral").score.overall
    assert {"filler_spike", "hedging"} <= set(out.delta.fixed)
    summary = out.delta.summary()
    assert "fixed: " in summary and "filler_spike" in summary
    assert any(v > 0 for v in out.delta.categories.values())
    # stored as attempt 1 beside the original (attempt 0), with its findings
    rows = db.execute(
        "SELECT attempt, overall, text FROM answer_scores WHERE session_id = ? AND answer_index = 1 ORDER BY attempt",
        (sid,),
    ).fetchall()
    assert [r["attempt"] for r in rows] == [0, 1]
    assert rows[1]["overall"] == out.result.score.overall and rows[1]["text"] == BETTER
    n_findings = db.execute("SELECT COUNT(*) FROM findings WHERE score_id = ?", (out.score_id,)).fetchone()[0]
    assert n_findings == sum(1 for _ in out.result.findings)
    # the skill graph learned from the re-answer, tagged as a rewind
    events = db.execute("SELECT COUNT(*) FROM skill_events WHERE score_id = ? AND source = 'rewind'",
                        (out.score_id,)).fetchone()[0]
    assert events == len(out.skill_changes) > 0


def test_same_answer_twice_gives_exactly_zero_delta(db) -> None:  # type: ignore[no-untyped-def]
    sid = _session(db, [WEAK])
    target = rw.load_target(db, sid, 1)
    first = rw.rewind(db, target, BETTER)
    second = rw.rewind(db, rw.load_target(db, sid, 1), BETTER)
    assert first.delta.to_dict() == second.delta.to_dict()
    assert first.result.score == second.result.score
    same = rw.rewind(db, rw.load_target(db, sid, 1), WEAK)  # the original again: nothing moves
    assert same.delta.overall == 0
    assert set(same.delta.categories.values()) == {0}
    assert same.delta.fixed == [] and same.delta.new == []
    assert all(r.gain == 0 for r in same.delta.rules)


def test_history_best_attempt_and_rewind_count(db) -> None:  # type: ignore[no-untyped-def]
    sid = _session(db, [WEAK])
    target = rw.load_target(db, sid, 1)
    rw.rewind(db, target, WEAK)
    best = rw.rewind(db, target, BETTER)
    rw.rewind(db, target, WEAK + " Then we moved on.")
    h = rw.history(db, sid, 0)
    assert [a.attempt for a in h.attempts] == [0, 1, 2, 3]
    assert h.rewinds == 3
    assert h.best is not None and h.best.attempt == best.attempt == 2
    assert h.to_dict()["best_score"] == best.result.score.overall
    # reopening the database sees the same history (it is on disk, committed)
    from icraft.store import connect

    other = connect()
    try:
        assert rw.history(other, sid, 0) == h
    finally:
        other.close()


def test_new_rule_shows_as_new_with_a_negative_gain(db) -> None:  # type: ignore[no-untyped-def]
    sid = _session(db, [FINE])
    target = rw.load_target(db, sid, 1)
    out = rw.rewind(db, target, "Um, so, uh, I guess we kind of did the migration, you know, and it was fine.")
    assert out.delta.overall < 0
    assert "filler_spike" in out.delta.new
    assert next(r for r in out.delta.rules if r.rule_id == "filler_spike").gain < 0
    assert "new: " in out.delta.summary()


def test_bad_answer_index_and_empty_reanswer(db) -> None:  # type: ignore[no-untyped-def]
    sid = _session(db, [WEAK, FINE])
    with pytest.raises(InputError, match="answer 3 does not exist: .* has 2 answers"):
        rw.load_target(db, sid, 3)
    with pytest.raises(InputError):
        rw.load_target(db, sid, 0)
    with pytest.raises(InputError, match="empty"):
        rw.rewind(db, rw.load_target(db, sid, 1), "   \n ")
    with pytest.raises(NotFoundError):
        rw.load_target(db, "ffffffff", None)
    assert [a.attempt for a in rw.history(db, sid, 0).attempts] == [0]  # nothing stored on error


def test_a_file_is_saved_as_a_session_first(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "story.txt"
    path.write_text(f"Interviewer: Tell me about a hard bug.\nCandidate: {WEAK}\n", encoding="utf-8")
    sid, how = rw.open_source(db, str(path))
    assert how == rw.SAVED
    row = db.execute("SELECT kind, source FROM sessions WHERE id = ?", (sid,)).fetchone()
    assert row["kind"] == "lint" and row["source"] == str(path)
    target = rw.load_target(db, sid, None)
    assert target.text == WEAK and target.question == "Tell me about a hard bug."
    again, how_again = rw.open_source(db, sid)
    assert again == sid and how_again == rw.GIVEN


def test_weakest_segment_points_at_the_costliest_evidence() -> None:
    result = lint_answer(WEAK, question_type="behavioral")
    a, b = rw.weakest_segment(WEAK, result.findings)
    segment = WEAK[a:b]
    assert segment.strip() and segment in WEAK
    quotes = [s.quote for f in result.findings for s in f.spans]
    assert any(q in segment for q in quotes)
    assert rw.weakest_segment("No findings here.", ()) == (0, len("No findings here."))


def test_reanswer_from_a_file(tmp_path: Path) -> None:
    p = tmp_path / "again.txt"
    p.write_text(BETTER + "\n\n", encoding="utf-8")
    assert rw.read_reanswer_text(str(p)) == BETTER
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(InputError):
        rw.read_reanswer_text(str(empty))
    with pytest.raises(NotFoundError):
        rw.read_reanswer_text(str(tmp_path / "missing.txt"))
