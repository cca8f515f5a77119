"""`icraft rewind` end to end in a subprocess, with piped input and the real database."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .test_rewind import BETTER, WEAK

STORY = f"Interviewer: Tell me about a time you fixed a production issue.\nCandidate: {WEAK}\n"


def _file(tmp_path: Path) -> Path:
    p = tmp_path / "story.txt"
    p.write_text(STORY, encoding="utf-8")
    return p


def test_file_rewind_with_piped_answer_then_history(cli, tmp_path: Path, db) -> None:  # type: ignore[no-untyped-def]
    r = cli("rewind", str(_file(tmp_path)), input=BETTER + "\n")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "Tell me about a time you fixed a production issue." in out
    assert "weakest part:" in out and "filler_spike" in out and "try:" in out
    assert "attempt 1:" in out and "fixed: " in out
    assert "best: attempt 1" in out and "rewinds: 1" in out
    assert "saved " in r.stderr and "as session" in r.stderr
    sid = r.stderr.split("as session ")[1].split()[0]
    rows = db.execute("SELECT attempt FROM answer_scores WHERE session_id = ? ORDER BY attempt", (sid,)).fetchall()
    assert [row["attempt"] for row in rows] == [0, 1]

    # the session id now works directly; the same answer again gives exactly zero delta
    again = cli("rewind", sid, "--json", input=BETTER)
    assert again.returncode == 0, again.stderr
    data = json.loads(again.stdout)
    assert data["attempt"] == 2 and data["answer"] == 0 and data["answer_number"] == 1
    assert data["delta"]["overall"] > 0  # still measured against the original
    third = json.loads(cli("rewind", sid, "--json", input=BETTER).stdout)
    assert third["delta"] == data["delta"]  # deterministic: same re-answer, same delta

    h = cli("rewind", sid, "--history", "--json")
    assert h.returncode == 0, h.stderr
    hist = json.loads(h.stdout)["answers"][0]
    assert hist["rewinds"] == 3 and hist["best_attempt"] == 1
    assert [a["attempt"] for a in hist["attempts"]] == [0, 1, 2, 3]
    human = cli("rewind", sid, "--history", "--answer", "1")
    assert human.returncode == 0 and "#1" in human.stdout


def test_from_file_json_delta(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    answer = tmp_path / "again.txt"
    answer.write_text(BETTER, encoding="utf-8")
    r = cli("rewind", str(_file(tmp_path)), "--answer", "1", "--from-file", str(answer), "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)  # stdout is JSON only: the prompt and notices go to stderr
    d = data["delta"]
    assert d["overall"] == data["score"]["overall"] - data["original_score"]["overall"] > 0
    assert "filler_spike" in d["fixed"] and "hedging" in d["fixed"]
    assert d["summary"].startswith("+") and "fixed: " in d["summary"]
    assert {c["skill_id"] for c in data["skill_changes"]}


def test_errors_are_one_line_exit_2(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    story = str(_file(tmp_path))
    cases = [
        (("rewind", story, "--answer", "4"), "answer 4 does not exist"),
        (("rewind", "deadbeef"), "no session 'deadbeef'"),
        (("rewind", story, "--from-file", str(tmp_path / "nope.txt")), "no such file"),
        (("rewind", story), "no re-answer given"),
    ]
    for args, message in cases:
        r = cli(*args, input="")
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        err = [line for line in r.stderr.strip().splitlines() if not line.startswith("saved ")]
        assert len(err) == 1 and err[0].startswith("icraft: error:") and message in err[0], r.stderr
        assert "Traceback" not in r.stderr
    assert "saved" not in cli("rewind", story, "--answer", "4").stderr  # a bad index stores nothing


def test_typed_reanswer_in_a_terminal_ends_at_an_empty_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A real pseudo-terminal: the prompt goes to stderr, lines are read until an empty line."""
    from tests.pty_helpers import PtyChild

    first = cli("rewind", str(_file(tmp_path)), "--json", input=WEAK)
    sid = json.loads(first.stdout)["session_id"]
    with PtyChild("rewind", sid, env={"NO_COLOR": "1"}) as child:
        assert child.read_until(b"finish with an empty line"), child.out
        child.write(BETTER.encode() + b"\n")
        child.write(b"\n")
        child.read_until(b"rewinds: 2")
        code = child.wait_exit()
    text = re.sub(r"\x1b\[[0-9;]*m", "", child.out.decode(errors="replace"))
    assert code == 0, text
    assert "attempt 2:" in text and "fixed: " in text and "rewinds: 2" in text


def test_a_directory_or_binary_input_is_one_line_and_stores_nothing(cli, tmp_path: Path, db) -> None:  # type: ignore[no-untyped-def]
    story = str(_file(tmp_path))
    binary = tmp_path / "take.wav"
    binary.write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\xd0\xff")
    cases = [
        (("rewind", str(tmp_path)), "is a directory"),  # was "no such file or session"
        (("diff", str(tmp_path)), "is a directory"),
        (("rewind", story, "--from-file", str(binary)), "looks binary"),  # was saved first, then failed
        (("rewind", story, "--from-file", str(tmp_path)), "is a directory"),
    ]
    for args, message in cases:
        r = cli(*args, input="")
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        err = r.stderr.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("icraft: error:") and message in err[0], (args, r.stderr)
    assert db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 0


def test_ctrl_c_at_the_reanswer_prompt_says_what_was_kept(cli, tmp_path: Path, db) -> None:  # type: ignore[no-untyped-def]
    from tests.pty_helpers import PtyChild

    first = cli("rewind", str(_file(tmp_path)), "--json", input=WEAK)
    sid = json.loads(first.stdout)["session_id"]
    with PtyChild("rewind", sid, env={"NO_COLOR": "1"}) as child:
        assert child.read_until(b"finish with an empty line"), child.out
        child.write(b"\x03")  # Ctrl-C: the terminal sends SIGINT
        child.read_until(b"interrupted")
        code = child.wait_exit()
    text = child.out.decode(errors="replace")
    assert code == 130, text
    assert f"interrupted: no re-answer stored (rewind later with `icraft rewind {sid}`)" in text
    assert "Traceback" not in text
    attempts = [r[0] for r in db.execute("SELECT attempt FROM answer_scores WHERE session_id = ?", (sid,))]
    assert attempts == [0, 1]  # the piped first rewind is kept; the interrupted one stored nothing


def test_reanswer_that_gives_a_skill_its_first_evidence(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A re-answer that mentions a conflict is the first evidence about conflict_resolution
    (the original said nothing to judge it on): the skill moves from "new", no crash."""
    src = tmp_path / "proud.txt"
    src.write_text(
        "Interviewer: Tell me about a project you are proud of.\n"
        "Candidate: I built a caching layer for our API. It made things faster. We shipped it.\n",
        encoding="utf-8",
    )
    better = tmp_path / "better.txt"
    better.write_text(
        "My manager and I disagreed about the cache design and we had a conflict. I listened to her "
        "concerns about staleness, proposed a compromise with a short TTL, and we agreed. Latency dropped "
        "40% and the team adopted it.",
        encoding="utf-8",
    )
    r = cli("rewind", str(src), "--from-file", str(better))
    assert r.returncode == 0, r.stderr
    assert "internal error" not in r.stderr
    skills = " ".join(r.stdout.split("\nskills: ", 1)[1].split())  # the line may wrap
    assert re.search(r"conflict_resolution new -> \d+", skills)


def test_rewinding_the_same_file_again_continues_its_session(cli, tmp_path: Path, db) -> None:  # type: ignore[no-untyped-def]
    """Each `icraft rewind FILE` used to save a new session, splitting the history."""
    src = _file(tmp_path)
    first = cli("rewind", str(src), "--json", input=BETTER)
    assert first.returncode == 0, first.stderr
    sid = json.loads(first.stdout)["session_id"]
    copy = tmp_path / "copy.txt"
    copy.write_text(STORY.replace("Candidate: ", "Candidate:   "), encoding="utf-8")  # same content, other file
    second = cli("rewind", str(copy), "--json", input=WEAK)
    assert second.returncode == 0, second.stderr
    data = json.loads(second.stdout)
    assert data["session_id"] == sid and data["attempt"] == 2
    assert f"same content as session {sid}" in second.stderr
    assert [a["attempt"] for a in data["history"]["attempts"]] == [0, 1, 2]
    assert db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 1
    # re-answering with the original answer itself: already counted when the file was saved
    assert json.loads(first.stdout)["counted_before"] is False
    assert data["counted_before"] is True and data["skill_changes"] == []
    human = cli("rewind", sid, input=WEAK)
    assert "skills: not moved again (this same re-answer was counted before)" in human.stdout
    # a file edited since is a new answer: a new session
    src.write_text(STORY.replace("Candidate: ", "Candidate: Honestly, "), encoding="utf-8")
    third = cli("rewind", str(src), "--json", input=BETTER)
    assert json.loads(third.stdout)["session_id"] != sid


def _custom_rubric(tmp_path: Path) -> Path:
    """The built-in rubric with hedging four times as costly and its own version: the
    same story scores differently under it."""
    from icraft.resources import rubrics_dir

    text = (rubrics_dir() / "default.toml").read_text(encoding="utf-8")
    head, rest = text.split('id = "hedging"', 1)
    text = head + 'id = "hedging"' + rest.replace("weight = 15", "weight = 60", 1)
    text = text.replace('version = "', 'version = "custom-', 1)
    p = tmp_path / "custom.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_a_session_linted_with_a_custom_rubric_is_rewound_and_diffed_with_it(cli, tmp_path: Path, db) -> None:  # type: ignore[no-untyped-def]
    rubric = _custom_rubric(tmp_path)
    story = _file(tmp_path)
    custom = json.loads(cli("lint", str(story), "--rubric", str(rubric), "--json").stdout)
    builtin = json.loads(cli("lint", str(story), "--no-save", "--json").stdout)
    score = custom["reports"][0]["answers"][0]["score"]["overall"]
    assert score < builtin["reports"][0]["answers"][0]["score"]["overall"]  # the rubrics disagree on this story
    sid = custom["reports"][0]["session_id"]
    meta = json.loads(db.execute("SELECT meta FROM sessions WHERE id = ?", (sid,)).fetchone()["meta"])
    assert meta["rubric_path"] == str(rubric.resolve()) and len(meta["rubric_sha256"]) == 64

    r = cli("rewind", sid, "--json", input=BETTER)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["original_score"]["overall"] == score  # judged again by the custom rubric
    assert data["score"]["rubric_version"].startswith("custom-")
    d = json.loads(cli("diff", sid, "--json").stdout)
    assert d["original_score"]["overall"] == score
    fixed = cli("sessions", "edit", sid, "--answer", "1", "--text", WEAK + " I guess.", "--json")
    assert json.loads(fixed.stdout)["result"]["score"]["rubric_version"].startswith("custom-")

    # changed, then gone: one line saying so and what to do; nothing judged by another rubric
    rubric.write_text(rubric.read_text(encoding="utf-8").replace("weight = 60", "weight = 30", 1), encoding="utf-8")
    attempts = db.execute("SELECT COUNT(*) FROM answer_scores WHERE session_id = ?", (sid,)).fetchone()[0]
    for args in (("rewind", sid), ("diff", sid), ("sessions", "edit", sid, "--answer", "1", "--text", BETTER)):
        r = cli(*args, input=BETTER)
        assert r.returncode == 2 and r.stdout == ""
        assert re.fullmatch(r"icraft: error: session \S+ was scored with the rubric \S+custom\.toml, "
                            r"which has changed since .*restore the file as it was.*\n", r.stderr), r.stderr
    rubric.unlink()
    r = cli("rewind", sid, input=BETTER)
    assert r.returncode == 2 and "which no longer exists (put that file back" in r.stderr
    assert r.stderr.count("\n") == 1
    assert db.execute("SELECT COUNT(*) FROM answer_scores WHERE session_id = ?", (sid,)).fetchone()[0] == attempts


def test_a_session_linted_with_a_selection_of_rules_is_rewound_and_diffed_with_it(cli, tmp_path: Path, db) -> None:  # type: ignore[no-untyped-def]
    """`lint --rules/--ignore` judged the answer with some rules; rewind, diff and
    `sessions edit` judged it again with every rule, so the "original" they showed was
    another score than the one stored."""
    story = _file(tmp_path)
    picked = json.loads(cli("lint", str(story), "--rules", "too_short,missing_metrics", "--json").stdout)
    answer = picked["reports"][0]["answers"][0]
    assert {f["rule_id"] for f in answer["findings"]} <= {"too_short", "missing_metrics"}
    score, sid = answer["score"]["overall"], picked["reports"][0]["session_id"]
    every = json.loads(cli("lint", str(story), "--no-save", "--json").stdout)["reports"][0]["answers"][0]
    assert every["score"]["overall"] != score  # the selection matters for this story
    meta = json.loads(db.execute("SELECT meta FROM sessions WHERE id = ?", (sid,)).fetchone()["meta"])
    assert meta["rules"] == ["too_short", "missing_metrics"] and "ignore" not in meta

    history = json.loads(cli("rewind", sid, "--history", "--json").stdout)
    assert history["answers"][0]["attempts"][0]["overall"] == score
    r = cli("rewind", sid, "--json", input=BETTER)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["original_score"]["overall"] == score
    assert json.loads(cli("diff", sid, "--json").stdout)["original_score"]["overall"] == score
    edited = json.loads(cli("sessions", "edit", sid, "--answer", "1", "--text", BETTER, "--json").stdout)
    assert {f["rule_id"] for f in edited["result"]["findings"]} <= {"too_short", "missing_metrics"}

    ignored = json.loads(cli("lint", str(story), "--ignore", "no_ownership", "--json").stdout)["reports"][0]
    meta = json.loads(db.execute("SELECT meta FROM sessions WHERE id = ?", (ignored["session_id"],)).fetchone()["meta"])
    assert meta["ignore"] == ["no_ownership"] and "rules" not in meta
    d = json.loads(cli("diff", ignored["session_id"], "--json").stdout)
    assert d["original_score"]["overall"] == ignored["answers"][0]["score"]["overall"]


def test_history_shows_a_reply_no_rule_judged_as_too_short_never_as_100(cli, db) -> None:  # type: ignore[no-untyped-def]
    """ "Yeah." to a follow-up is stored with the 100 no rule took points from, and every view
    says "too short to judge" (the interview, `sessions show`): `rewind --history` too, and it is
    never the best attempt."""
    from .test_sessions_cmd import STAR, interview

    sid = interview(db, ["I build payment systems.", STAR, "Yeah."])
    short = [r["answer_index"] for r in db.execute(
        "SELECT answer_index FROM answer_scores WHERE session_id = ? AND judged = '[]'", (sid,))]
    assert short, "the interview stored no reply that no rule judged"
    data = json.loads(cli("rewind", sid, "--history", "--json").stdout)
    by_index = {h["answer"]: h for h in data["answers"]}
    for i in short:
        (attempt,) = by_index[i]["attempts"]
        assert attempt["overall"] is None and attempt["not_judged"] == "too short to judge"
        assert by_index[i]["best_attempt"] is None and by_index[i]["best_score"] is None
    table = cli("rewind", sid, "--history").stdout
    for i in short:
        number = by_index[i]["answer_number"]
        (row,) = [line.split() for line in table.splitlines() if line.split()[:1] == [str(number)]]
        assert row[1:] == ["#0:too", "short", "to", "judge", "-", "0"], table
