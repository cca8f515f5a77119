"""The skill graph driven by the real lint engine through save_report (what `icraft lint`,
interviews and rewinds store): weak answers, then better ones."""

from __future__ import annotations

from icraft.core.transcript import CANDIDATE, INTERVIEWER, Transcript, Turn
from icraft.practice.record import save_report
from icraft.rubric import lint_transcript, load_rubric
from icraft.skills import plan, skill_states
from icraft.skills.graph import rules_by_skill, unknown_rule_skills
from tests.test_drill import STRONG, WEAK

Q = "Tell me about a time you fixed a serious production problem."
SD_Q = "Design a URL shortener."
SD = (
    "I would start with a write API that stores a short code to URL mapping in a key value store and a "
    "read path behind a cache. The service generates codes with a counter. Reads are served from the cache "
    "and fall back to the store. That is basically the design, with a load balancer in front of the servers."
)


def _lint(db, question: str, answer: str, qtype: str, kind: str = "lint") -> str:
    t = Transcript((Turn.from_text(INTERVIEWER, question), Turn.from_text(CANDIDATE, answer)), {"question_type": qtype})
    return save_report(db, t, lint_transcript(t), kind=kind, source="test")


def _rows(db) -> dict[str, tuple]:
    return {r["skill_id"]: tuple(r) for r in db.execute("SELECT * FROM skills")}


def test_every_rule_skill_is_declared_and_every_skill_has_a_rule():
    rubric = load_rubric()
    assert unknown_rule_skills(rubric) == []
    assert all(rules_by_skill(rubric).values()), [s for s, r in rules_by_skill(rubric).items() if not r]


def test_weak_then_better_answers_raise_skills_and_leave_the_others_exactly_alone(db):
    _lint(db, SD_Q, SD, "system-design")
    sd_rows = _rows(db)
    for _ in range(3):
        _lint(db, Q, WEAK, "behavioral")
    weak = {s.id: s for s in skill_states(db)}
    after_weak = _rows(db)
    hit = {s for s, st in weak.items() if st.evidence > (1 if s in sd_rows else 0)}
    assert {"ownership_signal", "quantifiable_results"} <= hit
    assert weak["ownership_signal"].score < 40

    # The weakest due skills lead the plan.
    tomorrow = weak["ownership_signal"].due_date()
    items = plan(db, minutes=30, today=tomorrow)
    lowest = min(st.score for st in weak.values() if st.score is not None)
    assert items[0].score == lowest and "weak" in items[0].reasons[0], (items[0], lowest)
    assert [i.score for i in items if i.score is not None] == sorted(i.score for i in items if i.score is not None)

    for _ in range(4):
        _lint(db, Q, STRONG, "behavioral", kind="rewind")
    strong = {s.id: s for s in skill_states(db)}
    for sid in ("ownership_signal", "quantifiable_results"):
        assert strong[sid].score > weak[sid].score + 20, sid
        assert strong[sid].trend == "improving", (sid, strong[sid].history)
        # same-day reviews: fsrs grows stability (short-term) but keeps the next review at least a day
        # away; tests/test_skills_graph.py checks due dates moving over simulated days.
        assert strong[sid].stability > 10 * weak[sid].stability
        assert strong[sid].due >= weak[sid].due
    # skills no behavioral rule touches: byte-for-byte the same rows, no new events
    untouched = set(sd_rows) - hit
    assert untouched, "the system-design answer should have moved skills behavioral rules never touch"
    final = _rows(db)
    for sid in untouched:
        assert final[sid] == sd_rows[sid] == after_weak[sid]
        assert db.execute("SELECT COUNT(*) FROM skill_events WHERE skill_id = ?", (sid,)).fetchone()[0] == 1
    never = [s for s, st in strong.items() if st.score is None]
    assert never and all(s not in final for s in never)
    # events link to the answer and its costliest finding
    ev = db.execute(
        "SELECT e.*, f.rule_id FROM skill_events e JOIN findings f ON f.id = e.finding_id"
        " WHERE e.skill_id = 'ownership_signal' ORDER BY e.id LIMIT 1"
    ).fetchone()
    assert ev["rule_id"] == "no_ownership" and ev["source"] == "lint" and ev["score_id"]


def test_icraft_lint_moves_skills_unless_no_save(cli, db, tmp_path):
    f = tmp_path / "answer.txt"
    f.write_text(f"# question_type: behavioral\nQ: {Q}\nA: {WEAK}\n")
    dry = cli("lint", str(f), "--no-save")
    assert dry.returncode == 0, dry.stderr  # findings exit 1 only with --fail-under
    assert db.execute("SELECT COUNT(*) FROM skills").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM skill_events").fetchone()[0] == 0
    saved = cli("lint", str(f))
    assert saved.returncode == 0, saved.stderr
    sources = {r[0] for r in db.execute("SELECT source FROM skill_events")}
    own = db.execute("SELECT score, evidence FROM skills WHERE skill_id = 'ownership_signal'").fetchone()
    assert sources == {"lint"} and own["evidence"] == 1 and own["score"] < 40


def test_a_behavioral_lint_leaves_design_and_coding_skills_alone(db):
    """The real rubric: missing_metrics also lists capacity_estimation and shallow_followup lists
    code_review_reasoning, but a story is evidence about neither."""
    _lint(db, Q, WEAK, "behavioral")
    moved = set(_rows(db))
    assert "quantifiable_results" in moved
    assert not moved & {"capacity_estimation", "code_review_reasoning", "tradeoff_analysis"}, moved
