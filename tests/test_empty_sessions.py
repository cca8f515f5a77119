"""A session in which the candidate said nothing (end of input at once, only empty
answers) is no completed session: no score, no skill moves, and the command says so in
one line instead of printing a report of dashes (issue 13, found in a new user's trial:
`icraft interview < /dev/null` was saved as a completed interview)."""

from __future__ import annotations

from icraft.interview.engine import InterviewOptions
from icraft.modes.interview import InterviewRunner
from icraft.store import sessions as store


def _skill_rows(db) -> int:
    return db.execute("SELECT COUNT(*) FROM skill_events").fetchone()[0]


def test_end_of_input_before_any_answer_is_not_a_completed_session(db):
    runner = InterviewRunner.create(db, InterviewOptions(type="behavioral", minutes=10, seed=3))
    runner.begin()
    runner.stop_early()
    row = store.get_session(db, runner.session_id)
    assert row.status == "abandoned" and row.score is None and row.meta.get("empty")
    assert _skill_rows(db) == 0


def test_only_empty_answers_is_not_a_completed_session(db):
    runner = InterviewRunner.create(db, InterviewOptions(type="behavioral", minutes=10, seed=3))
    runner.begin()
    for _ in range(12):  # three empty answers in a row skip a question
        if runner.engine.phase.value == "done":
            break
        runner.submit("")
    runner.stop_early()
    row = store.get_session(db, runner.session_id)
    assert row.status == "abandoned" and row.score is None
    assert _skill_rows(db) == 0


def test_one_answer_makes_it_a_completed_session(db):
    runner = InterviewRunner.create(db, InterviewOptions(type="behavioral", minutes=10, seed=3))
    runner.begin()
    runner.submit("I build payment systems.")
    runner.stop_early()
    assert store.get_session(db, runner.session_id).status == "completed"


def test_the_command_says_nothing_was_answered(cli):
    r = cli("interview", "--plain", "--minutes", "10", input="")
    assert r.returncode == 0, r.stderr
    assert "nothing was answered" in r.stderr + r.stdout and "Overall" not in r.stdout
    listed = cli("sessions", "list", "--status", "completed", "--json")
    assert listed.returncode == 0 and listed.stdout.strip() in ("[]", "")


def test_json_of_a_session_with_nothing_said_is_one_document_not_silence(cli):
    """`--json </dev/null` printed nothing on stdout and exited 0: a script got no JSON. Both
    commands print what there is: completed false, why, and for a negotiation its ledger so far
    (never the hidden limits: it has no result)."""
    import json

    for args, extra in ((("interview", "--minutes", "10"), set()),
                        (("negotiate", "--seed", "4", "--scenario", "backend-senior-fintech"),
                         {"scenario", "seed", "ledger"})):
        r = cli(*args, "--json", input="")
        assert r.returncode == 0, r.stderr
        data = json.loads(r.stdout)
        assert data["completed"] is False and data["status"] == "abandoned", data
        assert data["reason"] == "nothing was answered" and "continue" not in data
        assert set(data) == {"session_id", "completed", "status", "reason"} | extra
        assert "nothing was answered" in r.stderr
    assert data["scenario"] == "backend-senior-fintech" and data["seed"] == 4
    assert data["ledger"][0]["who"] == "recruiter" and "candidate" not in {e["who"] for e in data["ledger"]}


def test_json_of_a_paused_session_says_how_to_continue(db, capsys):
    import json

    from icraft.cli.play import unfinished

    runner = InterviewRunner.create(db, InterviewOptions(type="behavioral", minutes=10, seed=3))
    runner.begin()
    runner.submit("I build payment systems.")
    row = store.get_session(db, runner.session_id)
    assert row.status == "in_progress"
    assert unfinished(row, "interview", json_out=True) is True
    data = json.loads(capsys.readouterr().out)
    assert data == {"session_id": row.id, "completed": False, "status": "in_progress", "reason": "paused",
                    "continue": f"icraft interview --continue {row.id}"}
    runner.stop_early()
    assert unfinished(store.get_session(db, runner.session_id), "interview", json_out=True) is False
