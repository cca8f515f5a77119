"""save_report: a lint report lands in the real SQLite store, turn by turn and score by score."""

from __future__ import annotations


from icraft.core.transcript import CANDIDATE, INTERVIEWER, TimedToken, Transcript, Turn
from icraft.practice.record import save_report
from icraft.rubric import lint_transcript
from icraft.store import answers, sessions


def _transcript() -> Transcript:
    words = "I rewrote the billing job, um, and it went from four hours to 20 minutes.".split()
    timed = Turn.from_tokens(CANDIDATE, [TimedToken(w, 300 * i, 300 * i + 250) for i, w in enumerate(words)])
    return Transcript(
        (
            Turn.from_text(INTERVIEWER, "Tell me about a time you improved performance."),
            timed,
            Turn.from_text(INTERVIEWER, "Why did you pick batching?"),
            Turn.from_text(CANDIDATE, "It was simpler."),
        ),
        {"role": "backend", "level": "senior", "title": "practice", "source_format": "json"},
    )


def test_save_report_stores_session_turns_scores_and_findings(db) -> None:
    t = _transcript()
    report = lint_transcript(t, question_type="behavioral")
    sid = save_report(db, t, report, kind="lint", source="x.json")
    row = sessions.get_session(db, sid)
    assert (row.kind, row.status, row.source, row.role, row.level, row.title) == (
        "lint", "completed", "x.json", "backend", "senior", "practice"
    )
    assert row.score == report.score.overall and row.rubric_version == report.rubric_version
    assert row.type == "behavioral" and row.ended_at
    # The turns round-trip, timings included.
    assert sessions.load_transcript(db, sid).turns == t.turns
    scores = answers.session_answers(db, sid, attempt=None)
    assert [s.answer_index for s in scores] == [0, 1]
    for stored, result in zip(scores, report.answers):
        assert stored.overall == result.score.overall
        assert stored.categories == result.score.categories
        assert stored.rubric_version == report.rubric_version
        assert stored.text == t.turns[result.turn_index].text
        findings = answers.answer_findings(db, stored.id)
        assert [f.rule_id for f in findings] == [f.rule_id for f in result.findings]
        for f_row, f in zip(findings, result.findings):
            assert list(f_row.spans) == [s.to_dict() for s in f.spans]
            assert f_row.points == f.points and f_row.measurable == f.measurable
    delivery = scores[0].delivery
    assert delivery["measurable"] is True and delivery["filler_count"] == 1


def test_mixed_question_types_mark_the_session_mixed(db) -> None:
    t = Transcript(
        (
            Turn.from_text(INTERVIEWER, "Tell me about a conflict."),
            Turn.from_text(CANDIDATE, "I disagreed with my PM and we agreed on a flag."),
            Turn.from_text(INTERVIEWER, "Design a URL shortener."),
            Turn.from_text(CANDIDATE, "A key-value store behind a stateless service."),
        )
    )
    sid = save_report(db, t, lint_transcript(t), kind="lint")
    assert sessions.get_session(db, sid).type == "mixed"
