"""`icraft skills` as a user runs it: JSON for scripts, a table, one skill's history, typos."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from tests.test_skills_graph import _save, finding, result


def test_skills_json_table_detail_and_typo(cli, db):
    now = datetime.now(timezone.utc)
    for i, pts in enumerate((20.0, 20.0, 0.0, 0.0)):  # weak twice, then clean twice
        _save(db, result(finding("no_ownership", pts)) if pts else result(), now - timedelta(days=4 - i))
    out = cli("skills", "--json")
    assert out.returncode == 0, out.stderr
    data = {s["id"]: s for s in json.loads(out.stdout)["skills"]}
    assert len(data) == 24
    own = data["ownership_signal"]
    assert own["evidence"] == 4 and own["score"] > 0 and own["trend"] == "improving"
    assert own["due"] and own["stability_days"] > 0 and len(own["history"]) == 4
    assert data["tradeoff_analysis"]["score"] is None and data["tradeoff_analysis"]["trend"] == "new"

    table = cli("skills")
    assert table.returncode == 0 and "ownership_signal" in table.stdout and "improving" in table.stdout

    one = cli("skills", "ownership_signal")
    assert one.returncode == 0 and "no_ownership" in one.stdout and "rules passed" in one.stdout
    one_json = json.loads(cli("skills", "ownership_signal", "--json").stdout)
    assert [e["source"] for e in one_json["events"]] == ["lint"] * 4
    assert one_json["events"][0]["rule_id"] == "no_ownership" and one_json["events"][-1]["rule_id"] is None

    typo = cli("skills", "owner_signal")
    assert typo.returncode == 2 and typo.stderr.count("\n") == 1 and "did you mean ownership_signal" in typo.stderr


def test_skills_table_keeps_score_and_due_whole_in_narrow_terminals(cli, db):
    """At 80 columns the stability column used to be cut mid-number, and at 60 the score
    column was squeezed out entirely; now whole columns are dropped, least needed first."""
    now = datetime.now(timezone.utc)
    _save(db, result(finding("no_ownership", 20.0)), now - timedelta(days=1))
    for width, absent in (("120", ()), ("80", ("stability",)), ("60", ("stability", "history", "answers"))):
        out = cli("skills", env={"COLUMNS": width})
        assert out.returncode == 0, out.stderr
        lines = out.stdout.splitlines()
        header = next(line for line in lines if line.strip().startswith("skill"))
        assert header.split()[:2] == ["skill", "score"] and "due" in header.split(), (width, header)
        assert all(col not in header.split() for col in absent), (width, header)
        assert all(len(line.rstrip()) <= int(width) for line in lines)
        row = next(line for line in lines if line.strip().startswith("ownership_signal")).split()
        assert row[1].isdigit() and "…" not in " ".join(row), (width, row)  # the score, whole


def test_skill_detail_history_fits_narrow_terminals(cli, db):
    """The detail table used to cut the date ('2026-11…') and the rule id ('missin…') and wrap
    the quote one word per line at 60 columns."""
    now = datetime.now(timezone.utc)
    _save(db, result(finding("no_ownership", 20.0)), now - timedelta(days=1))
    _save(db, result(), now)
    sessions = [r[0] for r in db.execute("SELECT session_id FROM skill_events WHERE skill_id = 'ownership_signal'")]
    for width in ("100", "80", "60"):
        out = cli("skills", "ownership_signal", env={"COLUMNS": width})
        assert out.returncode == 0, out.stderr
        lines = out.stdout.splitlines()
        assert all(len(line.rstrip()) <= int(width) for line in lines), width
        rows = [line.split() for line in lines if any(sid and sid in line for sid in sessions)]
        assert len(rows) == len(sessions) == 2, (width, out.stdout)
        for row in rows:  # "MM-DD HH:MM score ...": the date and time whole, then the score
            assert len(row[0]) == 5 and len(row[1]) == 5 and row[2].isdigit(), (width, row)
        assert "no_ownership" in out.stdout and "rules passed" in out.stdout, width


def test_linting_an_unchanged_file_again_does_not_move_skills(cli, tmp_path):
    """`icraft lint` of the same file three times moved ownership_signal 35.5 -> 28.3 with
    evidence 1 -> 3; the same answer is one piece of evidence however often it is linted."""
    from tests.test_drill import WEAK

    f = tmp_path / "story.txt"
    f.write_text(f"Interviewer: Tell me about a time you fixed a production problem.\nCandidate: {WEAK}\n")

    def ownership() -> dict:
        data = json.loads(cli("skills", "--json").stdout)
        return next(s for s in data["skills"] if s["id"] == "ownership_signal")

    assert cli("lint", str(f)).returncode in (0, 1)
    first = ownership()
    assert first["evidence"] == 1
    for _ in range(2):
        assert cli("lint", str(f)).returncode in (0, 1)
    again = ownership()
    assert again["evidence"] == 1 and again["score"] == first["score"]
