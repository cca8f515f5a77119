"""`icraft drill --question ID`: practise one bank question, by the id `icraft plan` shows."""

from __future__ import annotations

import json

ANSWER = "Last year I profiled our checkout, found two blocking scripts and cut load time by 40 percent.\n"


def test_drill_one_question_by_the_id_the_plan_shows(cli):
    item = json.loads(cli("plan", "--json").stdout)["items"][-1]
    r = cli("drill", "--question", item["question_id"], "--json", input=ANSWER)
    assert r.returncode == 0, r.stderr
    (drill,) = json.loads(r.stdout)["drills"]  # one drill, whatever --count says
    assert drill["question_id"] == item["question_id"]
    from icraft.content import bank

    assert drill["skill_id"] in bank.get(item["question_id"]).skills
    sessions = json.loads(cli("sessions", "--json").stdout)
    assert [s["id"] for s in sessions] == [drill["session_id"]] and sessions[0]["kind"] == "drill"


def test_question_and_skill_together(cli):
    from icraft.content import bank

    q = next(q for q in bank.load_bank() if len(q.skills) > 1 and q.id.startswith("beh-"))
    r = cli("drill", "-q", q.id, "--skill", q.skills[1], "--json", input=ANSWER)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["drills"][0]["skill_id"] == q.skills[1]
    other = next(s for s in ("api_design", "capacity_estimation") if s not in q.skills)
    r = cli("drill", "-q", q.id, "--skill", other, input=ANSWER)
    assert r.returncode == 2 and r.stderr.count("\n") == 1
    assert r.stderr.startswith(f"icraft: error: question {q.id} does not drill {other} (it drills ")


def test_unknown_question_is_one_line_with_a_hint(cli):
    r = cli("drill", "--question", "beh-conflict-05", input=ANSWER)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith("icraft: error: no question with id 'beh-conflict-05' (did you mean beh-conflict-00")
    assert r.stderr.count("\n") == 1
    r = cli("drill", "--question", "zzz", input=ANSWER)
    assert r.returncode == 2
    assert r.stderr == "icraft: error: no question with id 'zzz' (`icraft plan` shows question ids)\n"
    assert json.loads(cli("sessions", "--json").stdout) == []  # nothing stored
