"""The story bank: stories read from answers with their own words, retellings recognised
across sessions, overuse warned, the bank curated from the command line."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from icraft.interview.engine import InterviewOptions
from icraft.modes.interview import InterviewRunner
from icraft.store import stories as repo
from icraft.stories import bank, core

CHECKOUT = ("Last spring our checkout at Acme was timing out during sales. My task was to fix it before Black "
            "Friday. I profiled the service and rewrote the three slowest queries in Postgres. As a result p99 "
            "fell from 900 ms to 200 ms and conversion rose 4%.")
CHECKOUT_AGAIN = ("So, um, at Acme the checkout kept timing out before Black Friday. I dug into the profiles, found "
                  "the three bad Postgres queries and rewrote them, and p99 went from nine hundred milliseconds "
                  "down to two hundred. Conversion went up four percent.")
MENTOR = ("Last year a new engineer on my team, Priya, had 3 pull requests rejected in a row. My goal was to get "
          "her confident again. I paired with her twice a week and we wrote a review checklist together. Within "
          "six weeks her PRs were approved on the first pass and she led the billing export herself.")


def test_a_story_is_read_in_its_own_words() -> None:
    occ = core.read(CHECKOUT)
    assert occ.is_story
    assert [p.label for p in occ.parts] == ["situation", "task", "action", "result"]
    assert all(CHECKOUT[p.char_start:p.char_end] == p.quote for p in occ.parts)
    assert occ.numbers == {"900", "200", "4"}  # "three" is a count every story has
    assert {"acme", "postgres", "p99"} <= occ.names
    assert core.title(occ) == "Last spring our checkout at Acme was timing…"
    assert all(q.quote in CHECKOUT for q in occ.competencies)
    assert not core.read("I like Python because it is readable.").is_story


def test_figures_are_one_whatever_their_spelling() -> None:
    assert core.numbers_in("p99 fell 900 milliseconds to 200, up 40 percent, saved $18k") == {"900", "200", "40", "18000"}
    assert core.numbers_in("forty percent, eighteen... 18 thousand dollars") >= {"40", "18000"}


def test_a_retelling_is_the_same_story_and_a_near_miss_is_not() -> None:
    outage = core.read("At Acme I once took the checkout down: I added an index to the orders table in Postgres "
                       "at peak and it locked the table for 12 minutes. I rolled back and wrote the postmortem.")
    groups = core.cluster([core.read(CHECKOUT), outage, core.read(MENTOR), core.read(CHECKOUT_AGAIN)])
    assert sorted(map(sorted, groups)) == [[0, 3], [1], [2]]


def _interview(db: sqlite3.Connection, *answers: str) -> str:
    runner = InterviewRunner.create(db, InterviewOptions(type="behavioral", minutes=30, seed=11))
    runner.begin()
    runner.submit("I build payment systems at Acme.")
    for a in answers:
        while runner.engine.phase.value not in ("core", "done"):
            runner.submit("skip")
        runner.submit(a)
    return runner.session_id


def test_retellings_across_sessions_are_one_story_with_its_uses(db: sqlite3.Connection) -> None:
    first = _interview(db, CHECKOUT)
    second = _interview(db, CHECKOUT_AGAIN, MENTOR)
    stories = repo.list_stories(db)
    assert len(stories) == 2
    checkout = next(s for s in stories if "Acme" in s.title)
    assert {o.session_id for o in checkout.uses} == {first, second}
    assert checkout.best is not None and checkout.best.score is not None
    assert all(o.score is not None for o in checkout.uses)


def test_overuse_is_warned_at_the_third_use_and_on_a_retelling_in_one_interview(db: sqlite3.Connection) -> None:
    _interview(db, CHECKOUT)
    _interview(db, CHECKOUT_AGAIN)
    assert bank.warnings_for(repo.list_stories(db)[0]) == ()
    _interview(db, CHECKOUT)
    (warned,) = [s for s in bank.summaries(db) if s.warnings]
    assert "told 3 times in 30 days" in warned.warnings[0]
    _interview(db, CHECKOUT, CHECKOUT_AGAIN)
    assert any("twice in one session" in w for w in bank.summaries(db)[0].warnings)


def test_gaps_are_competencies_no_story_shows_with_a_question_to_practise(db: sqlite3.Connection) -> None:
    before = dict(bank.gaps(db))
    assert "mentoring" in before and before["mentoring"].startswith("Tell me about")
    _interview(db, MENTOR)
    assert "mentoring" not in dict(bank.gaps(db))


def test_the_bank_is_curated_from_the_command_line(cli, icraft_home: Path, tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(CHECKOUT, encoding="utf-8")
    env = {"ICRAFT_HOME": str(icraft_home)}
    r = cli("stories", "add", str(story), "--json", env=env)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"id": 1, "joined": False}
    r = cli("stories", "add", "-", "--json", input=CHECKOUT_AGAIN, env=env)
    assert json.loads(r.stdout) == {"id": 1, "joined": True}
    story.write_text(MENTOR, encoding="utf-8")
    assert cli("stories", "add", str(story), env=env).returncode == 0
    listed = json.loads(cli("stories", "--json", env=env).stdout)
    assert [s["id"] for s in listed["stories"]] == [1, 2]
    assert "mentoring" in listed["stories"][1]["competencies"]
    shown = json.loads(cli("stories", "show", "1", "--json", env=env).stdout)
    assert len(shown["tellings"]) == 2 and shown["best_telling"]["parts"][0]["label"] == "situation"
    second = shown["tellings"][1]["id"]
    assert json.loads(cli("stories", "split", str(second), "--json", env=env).stdout)["telling"] == second
    assert len(json.loads(cli("stories", "--json", env=env).stdout)["stories"]) == 3
    assert cli("stories", "merge", "1", "3", env=env).returncode == 0
    assert cli("stories", "edit", "1", "--title", "Checkout latency", env=env).returncode == 0
    assert cli("stories", "delete", "2", env=env).returncode == 0
    final = json.loads(cli("stories", "--json", env=env).stdout)["stories"]
    assert [(s["id"], s["title"]) for s in final] == [(1, "Checkout latency")]
    missing = cli("stories", "show", "9", env=env)
    assert missing.returncode != 0 and missing.stderr.count("\n") == 1 and "no story 9" in missing.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    bad = cli("stories", "add", str(empty), env=env)
    assert bad.returncode != 0 and "no story in it" in bad.stderr
