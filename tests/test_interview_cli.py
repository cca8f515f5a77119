"""`icraft interview` end to end, as a user runs it: piped answers in a subprocess, the
database checked afterwards; a SIGKILL mid-interview and `--continue`; and the
runner's crash-window replay on a real database."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from icraft.core.transcript import CANDIDATE, Turn
from icraft.interview.engine import InterviewOptions, Phase
from icraft.modes.interview import InterviewRunner
from icraft.store import sessions as store
from tests.pty_helpers import DEADLINE

STAR = (
    "At Acme our checkout was slow and customers were dropping off before paying. I was asked to fix it "
    "before Black Friday. I profiled the service, found an N+1 query and added a cache instead of rewriting "
    "the ORM, because the rewrite would have taken a month. As a result p99 latency dropped from 900ms to "
    "200ms and conversion rose by 3 percent. I learned to measure before optimizing anything."
)
WEAK = (
    "So um, we basically worked on like a migration and we kind of did a lot of stuff and it was, you know, "
    "good I guess. We moved things and the team handled it and everyone was happy with how it went overall."
)


def _db(home: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(home / "icraft.db")
    conn.row_factory = sqlite3.Row
    return conn


def _query(home: Path, sql: str) -> list[sqlite3.Row]:
    """Read the database another process is writing; [] until it exists (never creates it)."""
    try:
        conn = sqlite3.connect(f"file:{home / 'icraft.db'}?mode=ro", uri=True)
    except sqlite3.OperationalError:
        return []
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql).fetchall()
    except sqlite3.OperationalError:  # not migrated yet
        return []
    finally:
        conn.close()


def test_piped_interview_completes_stores_and_reports(cli, icraft_home, tmp_path):
    answers = ["I build payment systems at Acme.", WEAK, WEAK, "I wrote the plan myself.", *([STAR] * 12)]
    report_md, report_json = tmp_path / "r.md", tmp_path / "r.json"
    r = cli(
        "interview", "--plain", "--type", "behavioral", "--minutes", "10", "--seed", "5",
        "--report", str(report_md), "--report-json", str(report_json),
        input="\n".join(answers) + "\n",
    )
    assert r.returncode == 0, r.stderr
    assert "Interviewer [greeting]" in r.stdout and "Interviewer [closing]" in r.stdout
    assert "Interview report" in r.stdout
    # Piped answers are echoed under their question, so the output reads as the transcript.
    assert "Interviewer [warmup]" in r.stdout.split("You: I build payment systems at Acme.\n")[0]
    conn = _db(icraft_home)
    (s,) = conn.execute("SELECT * FROM sessions").fetchall()
    assert s["kind"] == "interview" and s["status"] == "completed" and s["type"] == "behavioral"
    turns = conn.execute("SELECT * FROM turns WHERE session_id = ? ORDER BY idx", (s["id"],)).fetchall()
    phases = [t["phase"] for t in turns if t["speaker"] == "interviewer"]
    assert phases[0] == "greeting" and phases[-1] == "closing" and "core" in phases
    core_q = [t for t in turns if t["speaker"] == "interviewer" and t["phase"] == "core" and t["question_id"]]
    assert core_q and all(t["question_id"].startswith("beh-") for t in core_q)
    scores = conn.execute("SELECT * FROM answer_scores WHERE session_id = ?", (s["id"],)).fetchall()
    assert scores and s["score"] is not None
    # The weak answer was followed up on what it lacked, and its findings were stored with quotes.
    findings = conn.execute("SELECT rule_id, spans FROM findings").fetchall()
    assert {"filler_spike", "no_ownership"} <= {f["rule_id"] for f in findings}
    cand_texts = [t["text"] for t in turns if t["speaker"] == "candidate"]
    for f in findings:
        for span in json.loads(f["spans"]):
            assert any(span["quote"] in text for text in cand_texts)
    data = json.loads(report_json.read_text())
    assert data["session_id"] == s["id"] and data["overall"] == s["score"]
    assert [c["name"] for c in data["categories"]] == ["Technical depth", "Communication", "Structure", "Confidence"]
    assert len(data["strengths"]) == 3 and data["improvements"]
    assert data["skills"], "the skill graph was updated"
    md = report_md.read_text()
    assert f"**Overall: {s['score']}/100**" in md and "## Rewind these first" in md


def test_end_of_input_closes_early_and_scores_what_was_answered(cli, icraft_home):
    r = cli("interview", "--plain", "--type", "behavioral", "--minutes", "30", "--seed", "1",
            "--json", input="Hello, I build APIs.\n" + STAR + "\n")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["ended_early"] is True and data["status"] == "completed"
    assert data["overall"] is not None
    assert "Interviewer [closing]: Let's stop here." in r.stderr


def test_bad_options_are_one_line_errors(cli, tmp_path):
    r = cli("interview", "--plain", "--role", "astronaut", input="")
    assert r.returncode == 2 and r.stderr.startswith("icraft: error: unknown role 'astronaut'")
    r = cli("interview", "--plain", "--resume-file", str(tmp_path / "nope.pdf"), input="")
    assert r.returncode == 2 and "no such file" in r.stderr
    r = cli("interview", "--continue", input="")
    assert r.returncode == 2 and "no interview in progress" in r.stderr
    r = cli("interview", "--plain", "--focus", "star_structur", input="")
    assert r.returncode == 2 and "did you mean 'star_structure'" in r.stderr
    assert "Traceback" not in r.stderr
    for bad in ("0", "241"):
        r = cli("interview", "--plain", "--minutes", bad, input="")
        assert r.returncode == 2 and r.stderr == f"icraft: error: --minutes must be between 1 and 240, not {bad}\n"


def test_resume_file_anchors_a_question(cli, icraft_home, tmp_path):
    cv = tmp_path / "cv.md"
    cv.write_text("## Acme Corp — Senior Engineer (2019–2023)\n- Built the event pipeline on Kafka\n")
    r = cli("interview", "--plain", "--type", "behavioral", "--minutes", "5", "--seed", "2",
            "--resume-file", str(cv), input="hi\n" + STAR + "\n")
    assert r.returncode == 0, r.stderr
    assert 'You mention Kafka at Acme Corp: "Built the event pipeline on Kafka"' in r.stdout


def _wait_for(pred, timeout=DEADLINE):  # generous: a cold start under load is slow
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return
        time.sleep(0.05)
    raise AssertionError("timed out waiting for the interview to store its turns")


def test_sigkill_mid_interview_then_continue_loses_only_the_turn_in_progress(icraft_home, cli):
    env = {**os.environ, "ICRAFT_HOME": str(icraft_home)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "icraft", "interview", "--plain", "--type", "behavioral", "--minutes", "30",
         "--seed", "9"],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
    )
    sent = ["I build payment systems at Acme.", STAR, "It cut p99 latency from 900ms to 200ms, measured in Grafana."]

    def candidates():
        return [r["text"] for r in _query(icraft_home, "SELECT text FROM turns WHERE speaker='candidate' ORDER BY idx")]

    def answered(n):
        # n answers stored, and the interviewer's reply to the last one too
        rows = _query(icraft_home, "SELECT speaker FROM turns ORDER BY idx")
        return sum(r["speaker"] == "candidate" for r in rows) == n and rows[-1]["speaker"] == "interviewer"

    for i, text in enumerate(sent, 1):
        proc.stdin.write(text + "\n")
        proc.stdin.flush()
        _wait_for(lambda: answered(i))
    proc.stdin.write("This answer is half typed when the power goes")  # no newline: still being typed
    proc.stdin.flush()
    time.sleep(0.2)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL

    assert candidates() == sent  # everything confirmed is there, the half answer is not
    conn = _db(icraft_home)
    (s,) = conn.execute("SELECT id, status FROM sessions").fetchall()
    assert s["status"] == "in_progress"
    n_scores = conn.execute("SELECT COUNT(*) FROM answer_scores").fetchone()[0]
    conn.close()

    r = cli("interview", "--continue", "--plain", input="\n".join([STAR] * 12) + "\nno\n")
    assert r.returncode == 0, r.stderr
    assert "Welcome back. Picking up where we left off:" in r.stdout
    conn = _db(icraft_home)
    (s2,) = conn.execute("SELECT id, status FROM sessions").fetchall()
    assert s2["id"] == s["id"] and s2["status"] == "completed"
    texts = [r["text"] for r in conn.execute("SELECT text FROM turns WHERE speaker='candidate' ORDER BY idx")]
    assert texts[: len(sent)] == sent and all(t == STAR or t == "no" for t in texts[len(sent):])
    assert not any("half typed" in t for t in texts)
    # earlier scores kept, not duplicated
    per_turn = conn.execute("SELECT turn_id, COUNT(*) c FROM answer_scores GROUP BY turn_id HAVING c > 1").fetchall()
    assert per_turn == [] and conn.execute("SELECT COUNT(*) FROM answer_scores").fetchone()[0] > n_scores
    idx = [r[0] for r in conn.execute("SELECT idx FROM turns WHERE session_id = ? ORDER BY idx", (s["id"],))]
    assert idx == list(range(len(idx)))


def test_replay_after_a_crash_between_writes(db):
    """The candidate's turn was committed but the process died before the interviewer's
    reply and the snapshot: loading the session replays it and makes only the missing writes."""
    opts = InterviewOptions(type="behavioral", minutes=20, seed=4)
    runner = InterviewRunner.create(db, opts)
    runner.begin()
    runner.submit("I build payment systems at Acme.")
    assert runner.engine.phase is Phase.CORE
    qid = runner.engine.pending_question_id
    # the crash: only the first write of submit() happened
    store.add_turn(db, runner.session_id, Turn.from_text(CANDIDATE, STAR), question_id=qid, phase="core")
    before = len(store.stored_turns(db, runner.session_id))

    again = InterviewRunner.load(db, runner.session_id)
    rows = store.stored_turns(db, runner.session_id)
    assert len(rows) > before and rows[before].speaker == "interviewer"  # the reply was made
    scored = db.execute("SELECT turn_id FROM answer_scores WHERE session_id = ?", (runner.session_id,)).fetchall()
    assert [r["turn_id"] for r in scored] == [rows[before - 1].id]
    assert again.engine.phase in (Phase.CORE, Phase.FOLLOWUP)
    # loading again replays nothing more
    InterviewRunner.load(db, runner.session_id)
    assert len(store.stored_turns(db, runner.session_id)) == len(rows)
    assert db.execute("SELECT COUNT(*) FROM answer_scores").fetchone()[0] == 1


def test_crash_after_the_closing_line_completes_on_continue(db):
    from tests.test_sessions_cmd import interview

    sid = interview(db, ["I build payment systems.", STAR])
    store.update_session(db, sid, status="in_progress", ended_at=None, score=None)  # died before finalize()
    runner = InterviewRunner.load(db, sid)
    row = store.get_session(db, sid)
    assert runner.engine.phase is Phase.DONE and row.status == "completed" and row.score is not None


def test_questions_from_earlier_interviews_are_not_asked_again(db):
    from tests.test_sessions_cmd import interview

    def core_ids(sid):
        return [
            r.question_id
            for r in store.stored_turns(db, sid)
            if r.speaker == "interviewer" and r.phase == "core" and r.question_id
        ]

    first = set(core_ids(interview(db, ["I build payment systems.", STAR], minutes=30, seed=1)))
    second = set(core_ids(interview(db, ["I build payment systems.", STAR], minutes=30, seed=1)))  # same seed
    assert first and second and not first & second


def test_pdf_resume_file_end_to_end_and_bad_files_are_one_line(cli, tmp_path):
    from tests.test_interview_parts import _pdf

    cv = tmp_path / "cv.pdf"
    cv.write_bytes(_pdf(["Globex - Staff Engineer (2018-2024)", "- Migrated the ledger to PostgreSQL"]))
    r = cli("interview", "--plain", "--type", "behavioral", "--minutes", "5", "--seed", "2",
            "--resume-file", str(cv), input="hi\n" + STAR + "\n")
    assert r.returncode == 0, r.stderr
    assert "I've read your CV" in r.stdout
    assert 'You mention PostgreSQL at Globex: "Migrated the ledger to PostgreSQL"' in r.stdout
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"garbage, not a PDF")
    for path, message in ((broken, "cannot read the PDF broken.pdf"), (tmp_path, "is a folder, not a file"),
                          (tmp_path / "missing.pdf", "no such file")):
        r = cli("interview", "--plain", "--resume-file", str(path), input="")
        assert r.returncode == 2 and message in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1, r.stderr  # no pypdf warnings around it
