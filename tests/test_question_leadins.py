"""Questions are shown as asked, without the interviewer's lead-ins ("Welcome back.
Picking up where we left off: ", "Thanks. "), in the memory, the report and the
dashboard's session view; a recurring finding's quote comes from an answer it fired on."""

from __future__ import annotations

from rich.console import Console

from icraft.interview import memory
from icraft.interview.engine import InterviewOptions, Phase
from icraft.interview.wording import RESUME_LEAD, bare_question, retold_lead
from icraft.modes.interview import InterviewRunner
from tests.test_sessions_cmd import STAR

LEADINS = ("Welcome back", "Picking up where", "Thanks.", "No problem, let's move on", "I think you told me")


def _paused_then_continued(db) -> str:
    """An interview stopped after the warm-up and continued: the next answer replies to
    "Welcome back. Picking up where we left off: <question>"."""
    runner = InterviewRunner.create(db, InterviewOptions(type="behavioral", minutes=10, seed=3))
    runner.begin()
    runner.submit("I build payment systems in Go and Python for a mid-sized fintech.")
    sid = runner.session_id
    runner = InterviewRunner.load(db, sid)
    runner.resume()
    while runner.engine.phase is not Phase.DONE:
        runner.submit("no" if runner.engine.phase is Phase.CANDIDATE_QUESTIONS else STAR)
    return sid


def test_bare_question_cuts_every_lead_in_the_engine_says():
    q = "Tell me about a time you had to make an unpopular decision."
    assert bare_question(RESUME_LEAD + q) == q
    assert bare_question(RESUME_LEAD + "Thanks. Next question. " + q) == q
    assert bare_question(retold_lead('We moved "billing" (twice)') + q) == q
    assert bare_question("Thanks. " + q) == q
    assert bare_question("Thanks for joining?") == "Thanks for joining?"
    # A model's own lead-in before a bank question: the bank's wording.
    bank = "Tell me about a time you disagreed with your manager on a technical decision."  # beh-conflict-001
    assert bare_question("Great, thanks for that! " + bank) == bank


def test_memory_report_and_dashboard_show_the_question_not_the_lead_in(db):
    from icraft.interview.report import build_report
    from icraft.store.queries import session_detail
    from icraft.tui.screens.session import answer_block

    sid = _paused_then_continued(db)
    asked = [t for (t,) in db.execute("SELECT text FROM turns WHERE session_id = ? AND speaker = 'interviewer'", (sid,))]
    assert any(t.startswith(RESUME_LEAD) for t in asked)  # the lead-in was really said and stored

    doc = memory.rebuild(db)
    shown = [s["question"] for s in doc.strongest_stories]
    assert shown and all(q and not q.startswith(LEADINS) for q in shown), shown
    assert not any(lead in memory.render_markdown(doc) for lead in LEADINS[:2])

    rep = build_report(db, sid)
    assert all(not a.question.startswith(LEADINS) for a in rep.answers if a.question), [a.question for a in rep.answers]

    detail = session_detail(db, sid)
    console = Console(width=120, record=True, color_system=None)
    for a in detail.answers:
        console.print(answer_block(a))
    text = console.export_text()
    assert "Q: " in text and not any(f"Q: {lead}" in text for lead in LEADINS), text


def test_a_recurring_findings_quote_comes_from_an_answer_it_fired_on_with_its_message(db):
    """A message that names its answer ("Only 15 words", off_topic's question) is shown
    with a quote of that answer, never with another answer's quote."""
    from tests.test_sessions_cmd import WEAK, interview

    short = "We shipped the stressful launch on time."
    interview(db, ["I build payment systems.", WEAK], seed=1)
    interview(db, ["I build payment systems.", short, WEAK + " " + WEAK], seed=2)
    doc = memory.rebuild(db)
    from icraft.store import answers

    ids = [i for (i,) in db.execute("SELECT id FROM answer_scores")]
    found = answers.measurable_findings(db, ids)
    assert doc.recurring
    # The test means something: a recurring rule fired with messages that differ.
    assert any(len({f.message for f in found if f.rule_id == r["rule_id"]}) > 1 for r in doc.recurring)
    for r in doc.recurring:
        assert (r["message"], r["quote"]) in {(f.message, f.quote) for f in found if f.rule_id == r["rule_id"]}, r


def test_lint_of_an_exported_interview_names_the_bank_question_not_the_lead_in(cli, db, tmp_path):
    from tests.test_sessions_cmd import interview

    sid = interview(db, ["I build payment systems.", STAR], seed=3)
    db.commit()
    out = tmp_path / "export.json"
    assert cli("sessions", "export", sid, "-o", str(out)).returncode == 0
    asked = [t for (t,) in db.execute("SELECT text FROM turns WHERE session_id = ? AND speaker = 'interviewer' "
                                      "AND phase = 'core'", (sid,))]
    assert any(t.startswith("Thanks.") for t in asked)  # the export holds the lead-ins
    r = cli("lint", str(out), "--no-save", env={"NO_COLOR": "1", "COLUMNS": "300"})
    assert r.returncode == 0, r.stderr
    shown = [line.split(" · Q: ", 1)[1] for line in r.stdout.splitlines() if " · Q: " in line]
    assert shown and not any(q.startswith(LEADINS) for q in shown), shown
