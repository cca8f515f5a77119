"""`icraft sessions show` tells a rule that passed from one that had nothing to judge,
from the `judged` column stored with each score (migration 0007), and still reads
sensibly for answers scored before that column existed (judged NULL). Real database
file, real CLI in a subprocess."""

from __future__ import annotations

import json

from icraft.interview.engine import InterviewOptions
from icraft.interview.transcript_view import session_turns
from icraft.modes import plain as dialogue
from icraft.modes.interview import InterviewRunner
from icraft.rubric import load_rubric
from icraft.store import answers
from tests.test_sessions_cmd import STAR

# A weak answer to seed 4's question (helping a struggling teammate): vague, "we", fillers,
# on topic, so its follow-up probes one rule ("what did *you* do?") and "no" is too short
# for it. (The weak migration story used before is off topic there since rubric 2026.12.4,
# and the reply to that follow-up is a new answer judged by every rule.)
WEAK = (
    "So um, we basically had a teammate who was kind of struggling with his tickets and we helped him out. We paired "
    "with him on some things and we talked about it in standups, and we kind of did a lot of stuff to get him unstuck. "
    "It was, you know, good I guess. The team handled it together and everyone was happy with how it went overall in "
    "the end."
)


def _interview_with_an_unjudged_followup(db) -> str:
    """Warm-up, a weak core answer, then "no" to its follow-up (too short for the rules it probes)."""
    import io

    runner = InterviewRunner.create(db, InterviewOptions(type="behavioral", minutes=10, seed=4))
    answers = iter(["I build payment systems.", WEAK, "no", STAR])
    dialogue.run(runner, runner.begin(), read=lambda: next(answers, None), out=io.StringIO())
    return runner.session_id


def test_show_lists_passed_and_not_judged_rules_from_the_stored_verdicts(cli, db):
    sid = _interview_with_an_unjudged_followup(db)
    stored = {a.answer_index: a.judged for a in answers.session_answers(db, sid, attempt=None)}
    assert stored and all(v is not None for v in stored.values())

    data = json.loads(cli("sessions", "show", sid, "--json").stdout)
    scored = [t for t in data["turns"] if t["speaker"] == "candidate" and t["score"] is not None]
    assert len(scored) >= 2
    for t in scored:
        fired = {f["rule_id"] for f in t["findings"]}
        assert t["judged"] == stored[t["answer"]]
        assert t["passed"] == [r for r in t["judged"] if r not in fired]  # judged, and no finding
        assert not set(t["not_judged"]) & (set(t["judged"]) | fired)  # ran, had nothing to judge
    weak = next(t for t in scored if t["text"] == WEAK)
    assert weak["passed"] and weak["not_judged"]  # a core answer has both kinds
    assert "no_stakeholder_mgmt" in weak["not_judged"]  # no conflict in the story: nothing to judge
    no = next(t for t in scored if t["text"] == "no")
    assert no["checked"] and no["judged"] == [] and no["passed"] == []
    assert no["not_judged"] == no["checked"]  # a follow-up runs only the rules it probes

    out = cli("sessions", "show", sid).stdout
    assert "You (answer 3) too short to judge: no" in out  # not "100/100"
    weak_block = out.split(f"You (answer {weak['answer'] + 1})")[1].split("\nInterviewer")[0]
    assert "+ passed: " + ", ".join(weak["passed"][:2]) in " ".join(weak_block.split())
    assert "· not judged: " in weak_block
    assert "not recorded" not in out


def test_answers_scored_before_0007_are_shown_as_not_recorded(cli, db):
    sid = _interview_with_an_unjudged_followup(db)
    with db:
        db.execute("UPDATE answer_scores SET judged = NULL WHERE session_id = ?", (sid,))  # as a pre-0007 row
    turns = [t for t in session_turns(db, sid) if t.score is not None]
    assert turns and all(t.judged is t.passed is t.not_judged is None for t in turns)

    r = cli("sessions", "show", sid)
    assert r.returncode == 0, r.stderr
    assert "+ passed" not in r.stdout and "not judged (" not in r.stdout
    blocks = r.stdout.split("\nYou (answer ")[2:]  # the scored answers (answer 1 is the warm-up)
    assert blocks and all("not recorded whether they passed or had nothing to judge" in b for b in blocks)
    top = round(load_rubric().top)  # a reply no rule judged stored the top score
    assert f"You (answer 3) {top}/100: no" in r.stdout  # unknown: the stored score, as before
    assert "filler_spike" in r.stdout  # the findings themselves are still shown

    md = cli("sessions", "export", sid, "--format", "md").stdout
    assert "> - rules without a finding: not recorded" in md


def test_markdown_export_carries_the_verdicts(cli, db):
    sid = _interview_with_an_unjudged_followup(db)
    md = cli("sessions", "export", sid, "--format", "md").stdout
    assert "(answer 3 — too short to judge): no" in md
    assert "> - passed: " in md and "> - not judged: " in md


def test_the_dashboard_shows_an_unjudged_answer_as_sessions_show_does(cli, db):
    """Dashboard, Sessions pane, the session opened (Pilot): the "no" that `sessions show`
    calls too short to judge is not "100/100 ... every applicable rule passed"."""
    from typing import Any

    from textual.pilot import Pilot
    from textual.widgets import Static

    from icraft.tui.screens.session import SessionScreen
    from tests.dashboard_helpers import drive, make_app, plain

    sid = _interview_with_an_unjudged_followup(db)
    assert "You (answer 3) too short to judge: no" in cli("sessions", "show", sid).stdout
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("3", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen) and app.screen.detail.summary.id == sid
        blocks = [plain(s) for s in app.screen.query(".answer").results(Static)]
        (no,) = [b for b in blocks if "A: no\n" in b]
        assert no.startswith("Answer 3  too short to judge"), no
        assert "100/100" not in no and "every applicable rule passed" not in no
        judged = [b for b in blocks if b is not no]
        assert judged and all("/100" in b.splitlines()[0] for b in judged)

    drive(app, scenario)
