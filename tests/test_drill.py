"""`icraft drill` end to end: the real CLI in a subprocess with piped answers, checked in the DB."""

from __future__ import annotations

import io
import json

from icraft.content.bank import get
from icraft.practice.drill import read_answer

WEAK = (
    "So basically there was this project where we had some problems with the checkout service. "
    "We looked at a lot of things, like the database and the cache and the network, and we talked about it "
    "a lot in meetings. The team tried a few different approaches and we kind of went back and forth on it "
    "for a while. Eventually we changed some stuff in the code and things got better, I think. "
    "It was a good learning experience for the team and everyone worked really hard on it."
)
STRONG = (
    "Last year our checkout service was timing out during peak sales, costing us about 3% of orders. "
    "As the on-call lead I owned the fix. I profiled the service, found an N+1 query in the cart code, "
    "and I rewrote it as a single batched query behind a cache. I also added a load test to CI. "
    "As a result p99 latency dropped from 2.1 seconds to 300 milliseconds and checkout errors fell by 90% "
    "within two weeks; I then documented the pattern and coached two teammates to apply it. "
    "What I learned is to load-test the slow path before a peak, not after it."
)


# The day the drills below are drawn on: a skill's questions rotate by day (the draw is seeded
# by the date), and the strong answers were written for that day's questions.
DAY = "2026-12-07"


# A strong story for the question a fresh database draws second for star_structure
# (beh-customer-001, "a time you went out of your way for a customer or user"): the
# same story given to a question it does not answer is off topic (docs/SCORING.md 10).
STRONG_CUSTOMER = (
    "Last year one of our biggest customers, a chain of 40 clinics, was losing about 3% of its patient "
    "bookings because our booking page timed out at peak hours. It wasn't my team's service, but their "
    "account manager asked me for help and I took it on. I called the clinic manager to see the problem "
    "with her, profiled the page, found an N+1 query in the booking code, and I rewrote it as a single "
    "batched query behind a cache. I then joined the customer's weekly call for a month to show them the "
    "numbers. As a result failed bookings fell by 90% within two weeks, and the customer renewed for three "
    "years. What I learned is to talk to the user before guessing at the problem."
)


# The re-answer for the question a fresh database draws for quantifiable_results
# (beh-innovation-003, "something you automated that saved your team time").
STRONG_AUTOMATION = (
    "Last year our weekly release took a whole day of manual steps, and I was the engineer who ran it most "
    "often. I wrote a pipeline that automated the build, the migration checks and the rollout, and I added a "
    "smoke test that rolled back on failure. I then documented it and showed the team how to use it. As a "
    "result each release went from 6 hours of manual work to 20 minutes, which saved the team about 250 hours "
    "a year, and failed releases dropped from 3 a quarter to zero. What I learned is to automate first the "
    "step people dread."
)


def _drill_sessions(db):
    return db.execute("SELECT * FROM sessions WHERE kind = 'drill' ORDER BY rowid").fetchall()


def test_read_answer_reads_blocks_until_an_empty_line_or_eof():
    s = io.StringIO("\n\nfirst line\nsecond line\n\nnext answer\n")
    assert read_answer(s) == "first line\nsecond line"
    assert read_answer(s) == "next answer"
    assert read_answer(s) is None
    assert read_answer(io.StringIO("\nre-answer\n"), skip_leading_blank=False) == ""  # empty line: skip


def test_drill_a_skill_with_piped_answers_stores_sessions_and_moves_the_skill(cli, db):
    out = cli("drill", "--skill", "star_structure", "--count", "2", "--today", DAY,
              input=f"{WEAK}\n\n{STRONG_CUSTOMER}\n")
    assert out.returncode == 0, out.stderr
    rows = _drill_sessions(db)
    assert len(rows) == 2 and all(r["status"] == "completed" and r["score"] is not None for r in rows)
    qids = []
    for r in rows:
        turns = db.execute("SELECT * FROM turns WHERE session_id = ? ORDER BY idx", (r["id"],)).fetchall()
        assert [t["speaker"] for t in turns] == ["interviewer", "candidate"]
        q = get(turns[0]["question_id"])
        assert "star_structure" in q.skills and turns[0]["text"] == q.text
        assert " ".join(q.text.split()) in " ".join(out.stdout.split())  # shown (maybe wrapped)
        qids.append(q.id)
        assert json.loads(r["meta"])["skill"] == "star_structure"
    assert len(set(qids)) == 2
    assert qids[1] == "beh-customer-001", "STRONG_CUSTOMER answers beh-customer-001; pick the story for the new question"
    weak_score, strong_score = (r["score"] for r in rows)
    assert strong_score > weak_score
    events = db.execute("SELECT * FROM skill_events WHERE skill_id = 'star_structure' ORDER BY id").fetchall()
    assert [e["source"] for e in events] == ["drill", "drill"]
    assert events[1]["observed"] > events[0]["observed"]
    skill = db.execute("SELECT * FROM skills WHERE skill_id = 'star_structure'").fetchone()
    assert skill["evidence"] == 2 and skill["due_at"] and json.loads(skill["card"])["stability"] > 0

    # The next run does not repeat a question drilled recently.
    again = cli("drill", "--skill", "star_structure", "--count", "1", "--today", DAY, input=f"{STRONG}\n")
    assert again.returncode == 0, again.stderr
    last = _drill_sessions(db)[-1]
    qid = db.execute("SELECT question_id FROM turns WHERE session_id = ? AND idx = 0", (last["id"],)).fetchone()[0]
    assert qid not in qids


def test_drill_rewind_stores_a_second_attempt_and_shows_the_delta(cli, db):
    out = cli("drill", "--skill", "quantifiable_results", "--count", "1", "--rewind", "--json", "--today", DAY,
              input=f"{WEAK}\n\n{STRONG_AUTOMATION}\n\n")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)["drills"][0]
    assert data["question_id"] == "beh-innovation-003", "STRONG_AUTOMATION answers beh-innovation-003"
    (row,) = _drill_sessions(db)
    attempts = db.execute(
        "SELECT attempt, overall FROM answer_scores WHERE session_id = ? ORDER BY attempt", (row["id"],)
    ).fetchall()
    assert [a["attempt"] for a in attempts] == [0, 1]
    assert data["rewind"]["delta"] == attempts[1]["overall"] - attempts[0]["overall"] > 0
    sources = [r[0] for r in db.execute(
        "SELECT source FROM skill_events WHERE skill_id = 'quantifiable_results' ORDER BY id")]
    assert sources == ["drill", "rewind"]
    # the weak answer has no numbers: the findings about the drilled skill are the relevant ones
    about_skill = [f["rule_id"] for f in data["findings"] if "quantifiable_results" in f["skills"]]
    assert "missing_metrics" in about_skill
    assert data["relevant_findings"] == about_skill
    human = cli("drill", "--skill", "quantifiable_results", "--count", "1", "--rewind", "--today", DAY,
                input=f"{WEAK}\n\n{STRONG_AUTOMATION}\n\n")
    assert human.returncode == 0 and "rewind score" in human.stdout


def test_drill_without_skill_follows_the_plan(cli, db):
    from icraft.skills import plan

    first = plan(db, minutes=600)[0]
    out = cli("drill", "--count", "1", "--json", input=f"{STRONG}\n")
    assert out.returncode == 0, out.stderr
    drilled = json.loads(out.stdout)["drills"][0]
    assert (drilled["skill_id"], drilled["question_id"]) == (first.skill_id, first.question_id)


def test_drill_from_file_and_bad_input(cli, db, tmp_path):
    f = tmp_path / "answers.txt"
    f.write_text(f"{STRONG}\n")
    ok = cli("drill", "--today", DAY, "--skill", "ownership_signal", "--count", "1", "--from-file", str(f))
    assert ok.returncode == 0, ok.stderr
    assert len(_drill_sessions(db)) == 1
    typo = cli("drill", "--skill", "ownership_signl")
    assert typo.returncode == 2 and typo.stderr.count("\n") == 1 and "ownership_signal" in typo.stderr
    timed = cli("drill", "--today", DAY, "--skill", "pacing", input=f"{STRONG}\n")
    assert timed.returncode == 2 and "word timings" in timed.stderr
    empty = cli("drill", "--today", DAY, "--skill", "ownership_signal", input="")
    assert empty.returncode == 2 and "no answer" in empty.stderr
    assert len(_drill_sessions(db)) == 1  # nothing stored for the failed runs


def test_ctrl_c_keeps_the_drills_answered_so_far(db):
    from tests.pty_helpers import PipeChild

    with PipeChild("drill", "--skill", "edge_cases", "--count", "3") as child:
        child.write(f"{STRONG}\n\n")
        # The second question is shown (and flushed) right before the drill reads its answer,
        # after the first drill is stored: interrupt there, not while it is still being scored.
        assert child.read_until("drill 2/3"), (child.out, child.err)
        child.interrupt()  # now blocked reading the second answer
        code = child.wait_exit()
    assert code == 130 and "interrupted: 1 drill answered and saved" in child.err, (code, child.err)
    assert "Traceback" not in child.err
    rows = _drill_sessions(db)
    assert len(rows) == 1 and rows[0]["status"] == "completed"
    assert db.execute("SELECT COUNT(*) FROM skill_events WHERE session_id = ?", (rows[0]["id"],)).fetchone()[0] >= 1


def test_drill_from_a_bad_file_is_one_line_before_anything_is_shown_or_stored(cli, db, tmp_path):
    binary = tmp_path / "answers.bin"
    binary.write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00\xd0\xff answer")  # a program, not UTF-8
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    for path, message in ((binary, "looks binary"), (empty, "has no answer"), (tmp_path, "is a directory"),
                          (tmp_path / "nope.txt", "no such file")):
        out = cli("drill", "--today", DAY, "--skill", "star_structure", "--count", "1", "--from-file", str(path))
        assert out.returncode == 2, (path, out.stderr)
        err = out.stderr.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("icraft: error:") and message in err[0], out.stderr
        assert out.stdout == ""  # the question is not shown for an answer file that cannot be used
    assert _drill_sessions(db) == []


def test_drill_does_not_tick_a_skill_the_answer_gave_no_evidence_about(capsys):
    """No finding about the skill and no move of it means no evidence, not a pass: no ✓."""
    from icraft.cli.drill_cmd import _Ui
    from icraft.core.findings import AnswerResult, Score
    from icraft.practice.drill import DrillRecord, DrillTarget
    from icraft.skills import SkillChange

    q = get("beh-ownership-001")
    result = AnswerResult(0, 1, q.text, "behavioral", (), Score(90, {}, "v"), None)
    target = DrillTarget("star_structure", q)
    ui = _Ui(quiet=False, interactive=False)
    note = "not judged — the answer was too short to show it"
    ui.result(DrillRecord("s1", target, "I fixed it.", result, 1, changes=[], note=note))
    silent = capsys.readouterr().out
    assert f"star_structure: {note}" in silent and "✓" not in silent
    moved = [SkillChange("star_structure", None, 100.0, 100.0, due="2026-12-01T00:00:00+00:00")]
    ui.result(DrillRecord("s2", target, "A full story.", result, 2, changes=moved))
    assert "✓ no finding about star_structure" in capsys.readouterr().out


def test_a_one_line_drill_answer_does_not_score_the_drilled_skill(cli, db):
    """Nine words to a leadership question used to show "✓ no finding about
    leadership_stories … leadership_stories: 100 → 100": silence read as perfection."""
    one_liner = "I coached and mentored him, a junior engineer, with clear goals."
    out = cli("drill", "--today", DAY, "--skill", "leadership_stories", "--count", "1", input=f"{one_liner}\n")
    assert out.returncode == 0, out.stderr
    assert "leadership_stories: not judged — the answer was too short to show it" in out.stdout
    assert "✓" not in out.stdout
    assert db.execute("SELECT COUNT(*) FROM skills WHERE skill_id = 'leadership_stories'").fetchone()[0] == 0
    js = cli("drill", "--today", DAY, "--skill", "leadership_stories", "--count", "1", "--json", input=f"{one_liner}\n")
    data = json.loads(js.stdout)["drills"][0]
    assert data["skill_note"] == "not judged — the answer was too short to show it"
    assert "leadership_stories" not in {s["skill_id"] for s in data["skills"]}
    assert {s["skill_id"] for s in data["skills"]} >= {"conciseness", "star_structure"}  # what failed still counts


def test_the_same_drill_answer_again_is_not_counted_again(cli, db):
    out = cli("drill", "--today", DAY, "--skill", "star_structure", "--count", "1", "--rewind", "--json",
              input=f"{STRONG}\n\n{STRONG}\n\n")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)["drills"][0]
    assert data["skill_note"] is None and "star_structure" in {s["skill_id"] for s in data["skills"]}
    assert data["rewind"]["skills"] == []
    assert data["rewind"]["skill_note"] == "not counted again — this same answer to this question was counted before"
    assert db.execute("SELECT evidence FROM skills WHERE skill_id = 'star_structure'").fetchone()[0] == 1
