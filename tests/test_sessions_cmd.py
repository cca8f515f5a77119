"""`icraft sessions` list/show/export/delete/edit against a real database, run as a user would."""

from __future__ import annotations

import json

import pytest

from icraft.core.transcript import CANDIDATE, INTERVIEWER, TimedToken, Turn
from icraft.interview.engine import InterviewOptions, Phase
from icraft.modes.interview import InterviewRunner
from icraft.store import sessions as store

WEAK = (
    "So um, we basically worked on like a migration and we kind of did a lot of stuff and it was, you know, "
    "good I guess. We moved things and the team handled it and everyone was happy with how it went overall."
)
STAR = (
    "At Acme our checkout was slow and customers were dropping off before paying. I was asked to fix it "
    "before Black Friday. I profiled the service, found an N+1 query and added a cache instead of rewriting "
    "the ORM, because the rewrite would have taken a month. As a result p99 latency dropped from 900ms to "
    "200ms and conversion rose by 3 percent. I learned to measure before optimizing anything."
)


def interview(db, answers, lint=None, **opts) -> str:
    """A whole interview in-process; answers are reused cyclically until it ends
    (``lint``: the runner's lint function, the real rubric by default)."""
    runner = InterviewRunner.create(db, InterviewOptions(**{"type": "behavioral", "minutes": 10, "seed": 3, **opts}),
                                    **({"lint": lint} if lint else {}))
    runner.begin()
    i = 0
    while runner.engine.phase is not Phase.DONE:
        if runner.engine.phase is Phase.CANDIDATE_QUESTIONS:
            runner.submit("no")
        else:
            runner.submit(answers[i % len(answers)])
            i += 1
    return runner.session_id


@pytest.fixture
def sid(db):
    return interview(db, ["I build payment systems.", WEAK])


def test_list_json_and_table(cli, sid):
    r = cli("sessions", "list", "--json")
    assert r.returncode == 0, r.stderr
    (row,) = json.loads(r.stdout)
    assert row["id"] == sid and row["status"] == "completed" and row["kind"] == "interview"
    assert row["type"] == "behavioral" and row["role"] == "backend" and isinstance(row["score"], int)
    r = cli("sessions")
    assert r.returncode == 0 and sid in r.stdout and "completed" in r.stdout
    assert json.loads(cli("sessions", "list", "--json", "--status", "in_progress").stdout) == []


@pytest.mark.parametrize("form", [("sessions",), ("sessions", "list")])
def test_bare_group_takes_the_list_options(cli, db, sid, form):
    other = interview(db, [STAR])
    both = json.loads(cli(*form, "--json").stdout)
    assert [r["id"] for r in both] == [other, sid]  # newest first
    r = cli(*form, "--json", "--limit", "1")
    assert r.returncode == 0, r.stderr
    assert [row["id"] for row in json.loads(r.stdout)] == [other]
    assert json.loads(cli(*form, "--kind", "lint", "--json").stdout) == []
    assert json.loads(cli(*form, "--status", "completed", "--json").stdout) == both
    r = cli(*form, "--kind", "lint")
    assert r.returncode == 0 and "no sessions match --kind lint" in r.stderr
    r = cli(*form, "--limit", "0")
    assert r.returncode == 2 and "Traceback" not in r.stderr and "--limit" in r.stderr


def test_listing_options_before_a_subcommand_are_an_error_not_ignored(cli, sid):
    r = cli("sessions", "--json", "show", sid)
    assert r.returncode != 0 and r.stderr.count("\n") == 1
    assert "icraft sessions show" in r.stderr and "Traceback" not in r.stderr
    r = cli("sessions", "show", sid, "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["session"]["id"] == sid


def test_list_fits_a_narrow_terminal_with_whole_ids_and_scores(cli, sid, db):
    score = db.execute("SELECT score FROM sessions").fetchone()[0]
    for width in ("80", "100"):
        r = cli("sessions", env={"COLUMNS": width})
        lines = r.stdout.splitlines()
        assert all(len(line) <= int(width) for line in lines)
        (row,) = [line for line in lines if sid in line]  # the whole id, on one line
        assert str(score) in row.split() and "completed" in row


def test_show_prints_findings_under_answers(cli, sid, db):
    r = cli("sessions", "show", sid[:5])
    assert r.returncode == 0, r.stderr
    assert "Interviewer (greeting)" in r.stdout and "Interviewer (warm-up)" in r.stdout
    assert "You (answer 1)" in r.stdout and "candidate_questions" not in r.stdout
    assert "filler_spike" in r.stdout
    block = r.stdout.split("filler_spike")[0].rsplit("\nYou (answer", 1)[1].splitlines()
    block = block[next(i for i, line in enumerate(block) if line.startswith("    - ")):]
    assert block and all(line.startswith("    ") for line in block)  # a wrapped finding stays indented
    data = json.loads(cli("sessions", "show", sid, "--json").stdout)
    answers = [t for t in data["turns"] if t["speaker"] == "candidate"]
    assert [a["answer"] for a in answers] == list(range(len(answers)))
    weak = next(a for a in answers if a["text"] == WEAK and a["findings"])
    quotes = [q for f in weak["findings"] for q in f["quotes"]]
    assert quotes and all(q in WEAK for q in quotes)
    assert "engine" not in data["session"]["meta"]


def test_export_formats(cli, sid, tmp_path):
    from icraft.formats import read_text

    r = cli("sessions", "export", sid, "--format", "json")
    assert r.returncode == 0, r.stderr
    t = read_text(r.stdout)
    assert t.answers() and WEAK in [a.turn.text for a in t.answers()]
    md = cli("sessions", "export", sid, "-f", "md").stdout
    assert md.startswith("# ") and "**You** (answer 1" in md and "`filler_spike`" in md
    out = tmp_path / "s.vtt"
    r = cli("sessions", "export", sid, "-f", "vtt", "-o", str(out))
    assert r.returncode == 0, r.stderr
    vtt = out.read_text()
    assert vtt.startswith("WEBVTT") and "<v Candidate>" + WEAK in vtt and " --> " in vtt
    # A typed session saved within a second still has cues as long as their words take to say.
    from icraft.formats import read_text as read_any

    cues = read_any(vtt, "vtt").turns
    assert cues and all(t.end_ms - t.start_ms >= 400 * len(t.text.split()) for t in cues)
    assert all(a.end_ms <= b.start_ms for a, b in zip(cues, cues[1:]))


def test_delete_needs_confirmation(cli, sid, db):
    r = cli("sessions", "delete", sid, input="")
    assert r.returncode == 2 and "--yes" in r.stderr
    assert store.get_session(db, sid)
    r = cli("sessions", "delete", sid, "--yes")
    assert r.returncode == 0
    assert db.execute("SELECT COUNT(*) FROM turns").fetchone()[0] == 0
    r = cli("sessions", "show", sid)
    assert r.returncode == 2 and "no session" in r.stderr


def test_edit_rescores_and_updates_the_session_score(cli, sid, db):
    data = json.loads(cli("sessions", "show", sid, "--json").stdout)
    weak = next(t for t in data["turns"] if t["speaker"] == "candidate" and t["text"] == WEAK and t["score"] is not None)
    before = store.get_session(db, sid).score
    r = cli("sessions", "edit", sid, "--answer", str(weak["number"]), "--text", STAR, "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["answer"] == weak["answer"] and out["answer_number"] == weak["number"]
    assert out["result"]["score"]["overall"] > weak["score"]
    rows = db.execute(
        "SELECT a.text, a.overall FROM answer_scores a WHERE a.turn_id = ?", (weak["turn_id"],)
    ).fetchall()
    assert [(r["text"], r["overall"]) for r in rows] == [(STAR, out["result"]["score"]["overall"])]
    assert store.get_session(db, sid).score > before
    r = cli("sessions", "edit", sid, "--answer", "99", "--text", "x")
    assert r.returncode == 2 and "answer 99 does not exist" in r.stderr
    r = cli("sessions", "edit", sid, "--answer", "1")
    assert r.returncode == 2 and "exactly one of --text or --editor" in r.stderr


def test_edit_in_the_editor(cli, sid, db, tmp_path):
    import sys

    script = tmp_path / "fix.py"  # an "editor" that corrects a misheard word in place
    script.write_text("import sys\np = sys.argv[1]\nt = open(p).read()\nopen(p, 'w').write(t.replace('payment', 'billing'))\n")
    r = cli("sessions", "edit", sid, "--answer", "1", "--editor", env={"EDITOR": f"{sys.executable} {script}", "TMPDIR": str(tmp_path)})
    assert r.returncode == 0, r.stderr
    assert "answer 1 of" in r.stderr and "corrected" in r.stderr
    texts = [r.text for r in store.stored_turns(db, sid) if r.speaker == "candidate"]
    assert texts[0] == "I build billing systems."
    r = cli("sessions", "edit", sid, "--answer", "1", "--editor", env={"EDITOR": "true", "TMPDIR": str(tmp_path)})
    assert r.returncode == 0 and "no change" in r.stderr
    r = cli("sessions", "edit", sid, "--answer", "1", "--editor", env={"EDITOR": str(tmp_path / "no-such-editor"), "TMPDIR": str(tmp_path)})
    assert r.returncode == 2 and r.stderr.startswith("icraft: error: cannot start the editor")
    assert len(r.stderr.splitlines()) == 1
    r = cli("sessions", "edit", sid, "--answer", "0", "--text", "x")
    assert r.returncode == 2 and "numbered from 1" in r.stderr and len(r.stderr.splitlines()) == 1
    assert not list(tmp_path.glob("icraft-answer-*"))  # the editor's temporary files are removed


def test_an_edit_that_fails_to_score_changes_nothing(sid, db, monkeypatch):
    """The corrected text lands with its score, or not at all: a failure while re-linting
    (here a crash inside lint) leaves the old text and the old score."""
    from icraft.interview import transcript_view
    from icraft import rubric

    weak = next(r for r in store.stored_turns(db, sid) if r.speaker == "candidate" and r.text == WEAK)
    scores = db.execute("SELECT id, overall FROM answer_scores WHERE turn_id = ?", (weak.id,)).fetchall()
    answer = next(t.answer for t in transcript_view.session_turns(db, sid) if t.turn_id == weak.id)

    def broken(*a, **k):
        raise RuntimeError("lint crashed")

    monkeypatch.setattr(rubric, "lint_answer", broken)
    with pytest.raises(RuntimeError):
        transcript_view.correct_answer(db, sid, answer, STAR)
    assert next(r.text for r in store.stored_turns(db, sid) if r.id == weak.id) == WEAK
    after = db.execute("SELECT id, overall FROM answer_scores WHERE turn_id = ?", (weak.id,)).fetchall()
    assert [tuple(r) for r in after] == [tuple(r) for r in scores] and scores


def test_edit_keeps_the_timings_of_untouched_words(cli, db):
    sid = store.create_session(db, "interview", type="behavioral")
    store.add_turn(db, sid, Turn.from_text(INTERVIEWER, "Tell me about a migration."), phase="core")
    words = "we moved the billing sistem to postgres in two weeks".split()
    toks = [TimedToken(w, 1000 + 400 * i, 1300 + 400 * i, 0.9) for i, w in enumerate(words)]
    store.add_turn(db, sid, Turn.from_tokens(CANDIDATE, toks), phase="core")
    r = cli("sessions", "edit", sid, "--answer", "1", "--text", "we moved the billing system to postgres in two weeks")
    assert r.returncode == 0, r.stderr
    (row,) = db.execute("SELECT text, words FROM turns WHERE speaker = 'candidate'").fetchall()
    assert row["text"] == "we moved the billing system to postgres in two weeks"
    stored = json.loads(row["words"])
    assert stored[4][0] == "system" and stored[4][1] is None  # the corrected word has no timing
    assert [w[1] for i, w in enumerate(stored) if i != 4] == [1000 + 400 * i for i in range(len(words)) if i != 4]


def test_stale_interviews_are_abandoned_but_can_be_continued(cli, db):
    runner = InterviewRunner.create(db, InterviewOptions(type="behavioral", minutes=10, seed=2))
    runner.begin()
    runner.submit("I build payment systems.")
    with db:  # two days without a turn
        db.execute("UPDATE sessions SET started_at = '2020-01-01T00:00:00+00:00'")
        db.execute("UPDATE turns SET created_at = '2020-01-01T00:00:00+00:00'")
    (row,) = json.loads(cli("sessions", "list", "--json").stdout)
    assert row["status"] == "abandoned"
    r = cli("interview", "--continue", "--plain", input="")
    assert r.returncode == 2 and "no interview in progress" in r.stderr
    r = cli("interview", "--continue", runner.session_id, "--plain", input=STAR + "\n")
    assert r.returncode == 0, r.stderr
    assert "Welcome back." in r.stdout
    assert store.get_session(db, runner.session_id).status == "completed"  # input ended: closed early
    r = cli("interview", "--continue", runner.session_id, input="")
    assert r.returncode == 2 and "already completed" in r.stderr


def test_paused_yesterday_is_still_the_default_to_continue(cli, db):
    runner = InterviewRunner.create(db, InterviewOptions(type="behavioral", minutes=10, seed=2))
    runner.begin()
    with db:
        db.execute("UPDATE sessions SET started_at = '2020-01-01T00:00:00+00:00'")
        db.execute("UPDATE turns SET created_at = '2020-01-01T00:00:00+00:00'")
    r = cli("interview", "--continue", "--plain", input="hello\n")
    assert r.returncode == 0, r.stderr
    assert "Welcome back." in r.stdout
