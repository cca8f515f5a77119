"""`icraft cue` end to end in-process on a real database: --replay --json, bad input, the
drill's fade sequence through the SessionRunner, --from-bank."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from icraft.cue.fade import FIRST, FULL, KEYS, NOTHING, next_level, shown
from icraft.cue.prepared import parse
from tests.cue_data import prepared_path

ONE = """## Tell me about a time you failed
- I shipped a cache without an eviction limit and memory blew up on Black Friday.
- I rolled back in twelve minutes and wrote the postmortem.
- I added load tests to CI so capacity limits are tested before launch.
"""
GOOD = ("I shipped a cache without an eviction limit, and on Black Friday memory blew up. I rolled back in twelve "
        "minutes and wrote the postmortem myself. Then I added load tests to CI, so now capacity limits are tested "
        "before every launch; we have had no memory incident since.\n\n")
BAD = "I do not remember.\n\n"


def _lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_replay_json_is_one_object_per_question(cli, tmp_path: Path) -> None:
    qs = tmp_path / "questions.txt"
    qs.write_text("so um what would you say is your biggest weakness\nmm-hmm\n"
                  "how many golf balls fit in a school bus\n"
                  "Great, thanks. Why are you leaving your current job? And what motivates you?\n")
    r = cli("cue", str(prepared_path("behavioral")), "--replay", str(qs), "--json")
    assert r.returncode == 0, r.stderr
    objs = _lines(r.stdout)
    assert [(o["question"], o["match"]) for o in objs] == [
        ("so um what would you say is your biggest weakness", 6),
        ("how many golf balls fit in a school bus", None),  # abstains: no card
        ("Why are you leaving your current job?", 3),
        ("And what motivates you?", 32),
    ]  # the backchannel gets no object; two questions in one line are two objects
    for o in objs:
        assert set(o) >= {"question", "match", "score", "latency_ms"}
        assert isinstance(o["score"], float) and 0 <= o["latency_ms"] < 1000
    assert objs[0]["cards"][0]["level"] == "full answer" and "over-polish" in objs[0]["cards"][0]["shown"]
    assert objs[1]["cards"] == [] and r.stderr == ""


def test_human_output_is_labelled_a_rehearsal_aid(cli, tmp_path: Path) -> None:
    r = cli("cue", str(prepared_path("behavioral")), "--plain", input="what's your favorite book?\nhow do you prioritize?\n")
    assert r.returncode == 0, r.stderr
    assert "rehearsal aid" in r.stdout and "no prepared answer" in r.stdout
    assert "#16 How do you prioritize your work?" in r.stdout
    help_text = cli("cue", "--help").stdout
    assert "rehearsal aid" in help_text


@pytest.mark.parametrize(("content", "message"), [
    ("", "is empty: no prepared answers"),
    ("## Why us?\n\n", "'## Why us?' has no answer below it"),
])
def test_bad_prepared_file_is_one_line_exit_2(cli, tmp_path: Path, content: str, message: str) -> None:
    f = tmp_path / "answers.md"
    f.write_text(content)
    r = cli("cue", str(f), "--replay", str(f))
    assert r.returncode == 2 and message in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.stderr


def test_a_binary_file_points_to_the_cues_own_audio_option(cli, tmp_path: Path) -> None:
    """It suggested `icraft interview --audio-in`, another command's option."""
    rec = tmp_path / "take.wav"
    rec.write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(64))
    questions = tmp_path / "q.txt"
    questions.write_text("Why us?\n")
    for args in ((str(rec),), (str(prepared_path("behavioral")), "--replay", str(rec))):
        r = cli("cue", *args)
        assert r.returncode == 2 and "looks binary" in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert "--audio FILE" in r.stderr and "interview" not in r.stderr, r.stderr
    assert "--audio" in cli("cue", "--help").stdout  # the option the hint names exists


def test_the_drill_counts_the_keys_of_a_card_that_gives_them(cli, tmp_path: Path) -> None:
    deck = tmp_path / "answers.md"
    deck.write_text("## Tell me about yourself\nkeys: payments, Go, ledger rewrite, 40% faster\n"
                    "- Backend engineer, six years, payments at Acme.\n- Led the ledger rewrite in Go.\n"
                    "- Made settlement 40% faster.\n")
    r = cli("cue", str(deck), "--drill", "--plain", input="I work on payments in Go.\n\n")
    assert r.returncode == 0, r.stderr
    assert "2 of 4 key points" in r.stdout and "Missed: ledger rewrite; 40% faster" in r.stdout, r.stdout


def test_usage_errors(cli, tmp_path: Path) -> None:
    r = cli("cue")
    assert r.returncode == 2 and "missing FILE" in r.stderr
    r = cli("cue", str(prepared_path("behavioral")), "--drill", "--replay", "x.txt")
    assert r.returncode == 2 and "--replay is for listening, not --drill" in r.stderr
    r = cli("cue", str(prepared_path("behavioral")), "--audio", "x.wav", "--replay", "x.txt")
    assert r.returncode == 2 and "pass only one of them" in r.stderr
    r = cli("cue", "--continue")
    assert r.returncode == 2 and "no cue in progress to continue" in r.stderr
    r = cli("cue", str(tmp_path / "nope.md"))
    assert r.returncode == 2 and "no such file" in r.stderr


def test_duplicate_questions_are_warned_on_stderr(cli, tmp_path: Path) -> None:
    f = tmp_path / "a.md"
    f.write_text("## Why us?\nA great team.\n\n## Why us?\nThe mission.\n")
    q = tmp_path / "q.txt"
    q.write_text("why us?\n")
    r = cli("cue", str(f), "--replay", str(q), "--json")
    assert r.returncode == 0 and "duplicate question 'Why us?'" in r.stderr
    assert len(_lines(r.stdout)) == 1


def test_the_fade_sequence() -> None:
    entry = parse(ONE).entries[0]
    assert [next_level(FULL, 3), next_level(KEYS, 4), next_level(FIRST, 3), next_level(NOTHING, 4)] == [
        KEYS, FIRST, NOTHING, NOTHING]
    assert next_level(FIRST, 2) == FIRST and next_level(NOTHING, 1) == FULL  # hard stays, again comes back
    assert shown(entry, FULL) == entry.answer
    assert shown(entry, KEYS) == " · ".join(entry.keys) and "Black" in shown(entry, KEYS)
    assert shown(entry, FIRST).splitlines()[0] == "- I shipped a cache without an …"
    assert shown(entry, NOTHING) == ""


def _drill(cli, f: Path, tmp_path: Path, answer: str) -> dict:
    a = tmp_path / "answers.txt"
    a.write_text(answer)
    r = cli("cue", str(f), "--drill", "--answers", str(a), "--json")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_drill_fades_the_card_and_a_bad_answer_brings_it_back(cli, tmp_path: Path, icraft_home: Path) -> None:
    f = tmp_path / "answers.md"
    f.write_text(ONE)
    seen = []
    for _ in range(3):
        review = _drill(cli, f, tmp_path, GOOD)["reviews"][0]
        assert review["covered"] == 3 and review["rating"] in ("good", "easy")
        seen.append((review["level_before"], review["level_after"]))
    assert seen == [("full answer", "key words"), ("key words", "first words"), ("first words", "from memory")]
    back = _drill(cli, f, tmp_path, BAD)["reviews"][0]
    assert (back["level_before"], back["level_after"], back["rating"]) == ("from memory", "full answer", "again")
    assert back["covered"] == 0 and len(back["missed"]) == 3
    conn = sqlite3.connect(icraft_home / "icraft.db")
    try:
        level, reviews, rating = conn.execute("SELECT level, reviews, last_rating FROM cue_cards").fetchone()
        assert (level, reviews, rating) == (0, 4, 1)
        kinds = [tuple(r) for r in conn.execute("SELECT kind, status FROM sessions")]
        assert kinds == [("cue", "completed")] * 4  # each drill is a session run by the SessionRunner
        assert conn.execute("SELECT count(*) FROM answer_scores").fetchone()[0] == 4  # linted and stored
    finally:
        conn.close()


def test_listening_shows_the_card_at_its_faded_level(cli, tmp_path: Path) -> None:
    f = tmp_path / "answers.md"
    f.write_text(ONE)
    _drill(cli, f, tmp_path, GOOD)
    q = tmp_path / "q.txt"
    q.write_text("can you tell me about a failure of yours?\n")
    card = _lines(cli("cue", str(f), "--replay", str(q), "--json").stdout)[0]["cards"][0]
    assert card["level"] == "key words" and card["shown"] == shown(parse(ONE).entries[0], KEYS)


def test_from_bank_imports_the_best_stored_answers(cli, tmp_path: Path) -> None:
    r = cli("cue", "--from-bank", "--replay", str(tmp_path / "q.txt"))
    assert r.returncode == 2 and "the bank has no stored answer" in r.stderr
    t = tmp_path / "t.txt"
    t.write_text("Interviewer: Tell me about a time you improved the reliability of a system.\n"
                 "Candidate: At Acme our deploys failed one time in five and took 45 minutes, which blocked the "
                 "payments team every week. I owned the fix: I split the pipeline, cached the builds and added "
                 "canary releases with automatic rollback. As a result deploys now take 9 minutes and fail under "
                 "one percent, and the team ships twice a day. I learned to measure the pipeline before tuning it.\n")
    assert cli("lint", str(t)).returncode in (0, 1)
    q = tmp_path / "q.txt"
    q.write_text("can you tell me about improving the reliability of a system?\n")
    r = cli("cue", "--from-bank", "--replay", str(q), "--json")
    assert r.returncode == 0, r.stderr
    obj = _lines(r.stdout)[0]
    assert obj["match"] == 1 and "canary releases" in obj["cards"][0]["shown"]


def test_an_interrupted_drill_continues_where_it_stopped(cli, tmp_path: Path, db: sqlite3.Connection) -> None:
    from icraft.cue import deck
    from icraft.modes.cue import CueRunner

    prepared = parse(ONE + "\n## Why do you want to work here?\n- Your fraud team publishes its research.\n", "a.md")
    cards = deck.drill_order(db, "a.md", prepared.entries, 5)
    runner = CueRunner.create(db, "cue", {"deck": "a.md", "cards": deck.cards_option(cards)})
    runner.begin()
    runner.submit(GOOD.strip())  # one card answered, then the process died (no stop_early)
    assert deck.levels(db, "a.md") == {"tell me about a time you failed": 1}
    a = tmp_path / "a.txt"
    a.write_text("Your fraud team publishes its research and I like that.\n\n")
    r = cli("cue", "--continue", "--answers", str(a), "--json")  # the latest in progress
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["session_id"] == runner.session_id and [x["match"] for x in out["reviews"]] == [2]
    status = db.execute("SELECT status FROM sessions WHERE id = ?", (runner.session_id,)).fetchone()[0]
    assert status == "completed" and deck.levels(db, "a.md")["why do you want to work here"] == 1
