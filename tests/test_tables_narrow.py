"""Every table command at 40 and 120 columns: no line runs past the terminal, nothing is
cut ("…" or a word split at the edge), and the values a user reads or copies (ids,
statuses, dates, durations, scores) are whole words. Narrow tables first drop their
optional columns, then fold into one block per row (icraft.cli.output.print_table)."""

from __future__ import annotations

import json
import re

import pytest

WIDTHS = ("40", "120")
ANSWER = ("Q: Tell me about a time you improved performance.\n"
          "A: Um, we kind of made the checkout faster and it was fine I guess.\n")


def _show(cli, width: str, *args: str, env: dict[str, str] | None = None) -> tuple[str, set[str]]:
    r = cli(*args, env={"COLUMNS": width, "NO_COLOR": "1", **(env or {})})
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    # A hint holding a `command` is never broken (so it can be copied whole): the terminal wraps it.
    too_long = [line for line in lines if len(line.rstrip()) > int(width) and "`" not in line]
    assert not too_long, (args, width, too_long)
    unquoted = re.sub(r'"[^"]*"', "", r.stdout)  # a quote clipped on purpose ("… the result …") is not a cut
    assert "…" not in unquoted, (args, width, r.stdout)
    return r.stdout, set(r.stdout.split())


def _whole(text: str, words: set[str], value: str) -> bool:
    """Every word of ``value`` appears as a word of the output (nothing cut mid-word)."""
    return all(w in words for w in value.split())


@pytest.fixture
def linted(cli, tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(ANSWER)
    assert cli("lint", str(tmp_path)).returncode == 0
    return json.loads(cli("sessions", "--json").stdout)


@pytest.mark.parametrize("width", WIDTHS)
def test_rules(cli, width):
    text, words = _show(cli, width, "rules")
    for rule in json.loads(cli("rules", "--json").stdout)["rules"]:
        for value in (rule["id"], rule["category"], f"{rule['weight']:g}", rule["severity"]):
            assert value in words, (width, rule["id"], value)
        assert _whole(text, words, rule["name"]), (width, rule["name"])


@pytest.mark.parametrize("width", WIDTHS)
def test_sessions(cli, linted, width):
    text, words = _show(cli, width, "sessions")
    for s in linted:
        for value in (s["id"], s["status"], s["kind"], s["type"], str(s["score"])):
            assert value in words, (width, value)
        assert s["started_at"][11:16] in words  # the start time, HH:MM, whole
        assert f"{s['duration_s']}s" in words


@pytest.mark.parametrize("width", WIDTHS)
def test_providers(cli, width):
    env = {"ICRAFT_KEYRING": "0"}
    text, words = _show(cli, width, "providers", env=env)
    from icraft.cli.providers_cmd import _short_status

    for p in json.loads(cli("providers", "--json", env=env).stdout)["providers"]:
        assert p["id"] in words, (width, p["id"])
        assert _whole(text, words, _short_status(p["id"], p["status"])), (width, p["status"])


@pytest.mark.parametrize("width", WIDTHS)
def test_skills_and_one_skill(cli, linted, width):
    _, words = _show(cli, width, "skills")
    states = json.loads(cli("skills", "--json").stdout)["skills"]
    for s in states:
        assert s["id"] in words
    practised = next(s for s in states if s["evidence"])
    _, words = _show(cli, width, "skills", practised["id"])
    events = json.loads(cli("skills", practised["id"], "--json").stdout)["events"]
    assert events and {e["session_id"] for e in events} <= words  # each event's session id, whole


@pytest.mark.parametrize("width", WIDTHS)
def test_plan_config_keys_usage_and_rewind_history(cli, linted, width):
    text, words = _show(cli, width, "plan")
    for item in json.loads(cli("plan", "--json").stdout)["items"]:
        assert item["skill_id"] in words and item["question_id"] in words
    text, words = _show(cli, width, "config", "show")
    assert "llm.provider" in words and "interview.level" in words
    env = {"ICRAFT_KEYRING": "0"}
    assert cli("keys", "set", "openai", input="sk-test-0123456789abcdef\n", env=env).returncode == 0
    text, words = _show(cli, width, "keys", "list", env=env)
    key = json.loads(cli("keys", "list", "--json", env=env).stdout)["keys"][0]
    assert {key["name"], key["fingerprint"], key["env_var"]} <= words
    _, words = _show(cli, width, "rewind", linted[0]["id"], "--history")
    assert "#0:" + str(linted[0]["score"]) in words


def test_usage_tables(cli, db):
    from icraft.providers.base import Completion
    from icraft.providers.usage import record

    record(Completion(text="x", provider="openai-compatible", model="llama3.2", tokens_in=1234567, tokens_out=89,
                      cost_usd=0.5), purpose="interview")
    for width in WIDTHS:
        text, words = _show(cli, width, "usage")
        assert {"1234567", "89", "0.5000"} <= words, width


@pytest.mark.parametrize("width", WIDTHS)
def test_devices(process, tmp_path, width):  # a fake PortAudio on PYTHONPATH: a real process
    import os

    from tests.fakes import voice_sounddevice

    fake = tmp_path / "sd"
    voice_sounddevice.install(fake)  # a fake PortAudio with three devices
    env = {"PYTHONPATH": f"{fake}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    _, words = _show(process, width, "devices", env=env)
    for d in json.loads(process("devices", "--json", env=env).stdout)["devices"]:
        assert set(d["name"].split()) <= words and d["hostapi"].split()[0] in words, (width, d)


@pytest.mark.parametrize("columns", ["", "80", "120"])
def test_the_interview_reports_panel_keeps_the_session_id_whole(cli, columns):
    """Piped (soft wrap, no COLUMNS) Rich cropped the panel's line at its border: "session
    4919add7" came out as "sessio"; the panel's text wraps instead."""
    env = {"NO_COLOR": "1", "COLUMNS": columns}  # "": piped with no width asked, as a user's `| less`
    r = cli("interview", "--plain", "--type", "behavioral", "--minutes", "10", input="skip\n" * 12, env=env)
    assert r.returncode == 0, r.stderr
    sid = json.loads(cli("sessions", "--json").stdout)[0]["id"]
    panel = r.stdout.split("Interview report")[1].split("╰")[0]
    assert sid in panel.split() and "behavioral interview" in panel, panel
    if columns:
        assert all(len(line) <= int(columns) for line in panel.splitlines()), panel


@pytest.mark.parametrize("size", [(80, 60), (120, 50)])
def test_dashboard_tables_keep_every_value_and_header_whole(db, size):
    """The dashboard's tables: value columns as wide as their values and headers (a fixed
    width cut "Code review reasoning" to "Code review reasonin" and "Findings" to "Find"),
    the title or reason column wraps, and a pane's subtitle shortens rather than being cut."""
    import asyncio

    from icraft.tui.widgets.drill_queue import DrillQueue
    from icraft.tui.widgets.history import HistoryTable
    from tests.dashboard_helpers import fill, make_app, settle

    fill(db)
    db.execute("UPDATE sessions SET title = 'mixed interview (backend, mid, 15 min) with a long title' "
               "WHERE rowid = (SELECT MAX(rowid) FROM sessions)")
    db.commit()
    app = make_app()

    async def go() -> tuple[str, list[str], list[str]]:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.pause()
            screen = "\n".join(s.text for s in app.screen._compositor.render_strips())
            skills = [str(c) for c in app.query_one(DrillQueue).get_column("skill")]
            titles = [str(c) for c in app.query_one(HistoryTable).get_column("title")]
            return screen, skills, titles

    screen, skills, titles = asyncio.run(go())
    assert "…" not in screen, screen
    assert "Code review reasoning" in skills  # the skill a 20-column Skill cut
    for name in skills:
        assert name in screen, (size, name, screen)
    words = set(screen.split())
    assert any("with a long title" in t for t in titles[:3])
    for title in titles[:3]:  # the newest, on screen without scrolling
        assert all(w in words for w in title.split()), (size, title, screen)
    for header in ("Findings", "Score", "Warning", "Why", "Min"):
        assert header in words, (size, header, screen)


@pytest.mark.parametrize("columns", ["", "80"])
def test_memory_show_wraps_its_lists_when_piped(cli, db, columns):
    """Piped with no width (soft wrap), Rich cropped each Markdown list item at 80 columns:
    "The answer covers 1 of the q"; every item now wraps whole."""
    from icraft.interview import memory
    from tests.test_sessions_cmd import WEAK, interview

    interview(db, ["I build payment systems.", WEAK], seed=1)
    interview(db, ["I build payment systems.", WEAK], seed=2)
    db.commit()
    doc = memory.rebuild(db)
    r = cli("memory", "show", env={"NO_COLOR": "1", "COLUMNS": columns})
    assert r.returncode == 0, r.stderr
    assert all(len(line.rstrip()) <= 80 for line in r.stdout.splitlines()), r.stdout
    words = r.stdout.split()
    flowing = " ".join(words)
    assert doc.recurring
    for item in doc.recurring:
        assert " ".join(item["message"].split()) in flowing, (item["message"], r.stdout)


WEAK = ("Q: Tell me about a time you helped a struggling teammate.\n"
        "A: So um, we basically had a teammate who was kind of struggling with his tickets and we helped him out. "
        "We paired with him on some things and we did a lot of stuff to get him unstuck. It was, you know, good I "
        "guess. The team handled it together and everyone was happy with how it went overall in the end.\n")


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("columns", ["", "80"])
def test_piped_or_narrow_output_wraps_and_never_cuts(cli, tmp_path, columns):
    """Piped with no width asked ("") or in an 80-column terminal, nothing is cut: a
    finding of `sessions show`, the lint header, a coding problem's title and a skill's
    evidence quote are whole (wrapped, or on one line when piped). README: "Tables never
    cut a value"."""
    env = {"NO_COLOR": "1", "COLUMNS": columns}
    answer = tmp_path / "weak_answer_with_a_long_file_name_for_the_header.txt"
    answer.write_text(WEAK)
    r = cli("lint", str(answer), env=env)
    assert r.returncode == 0, r.stderr
    rubric = json.loads(cli("lint", str(answer), "--no-save", "--json").stdout)["rubric_version"]
    head = f"{answer}  (text, untimed; rubric {rubric})"  # a path wider than the terminal folds there
    assert "".join(head.split()) in "".join(r.stdout.split()), r.stdout
    (sid,) = [s["id"] for s in json.loads(cli("sessions", "--json").stdout)]

    shown = cli("sessions", "show", sid, env=env).stdout
    turn = next(t for t in json.loads(cli("sessions", "show", sid, "--json").stdout)["turns"] if t["findings"])
    measured = [f for f in turn["findings"] if f["measurable"]]
    assert measured
    for f in measured:
        assert _flat(f["message"]) in _flat(shown), (f["rule_id"], shown)
        assert _flat(f'"{f["quotes"][0]}"') in _flat(shown), (f["rule_id"], shown)

    listing = cli("code", "list", env=env).stdout
    assert "…" not in listing
    for p in json.loads(cli("code", "list", "--json").stdout)["problems"]:
        assert _flat(p["title"]) in _flat(listing) or all(w in listing.split() for w in p["title"].split()), p

    skill = json.loads(cli("skills", "star_structure", "--json").stdout)
    quotes = [e["quote"] for e in skill["events"] if e.get("quote")]
    assert quotes
    text = cli("skills", "star_structure", env=env).stdout
    for q in quotes:
        assert all(w in text.split() for w in f'"{q}"'.split()), (q, text)
    if columns:
        for out in (shown, listing, text):
            assert all(len(line.rstrip()) <= int(columns) for line in out.splitlines())


def test_sessions_at_80_columns_drop_columns_before_folding_and_name_the_linted_file(cli, tmp_path):
    """At 80 columns every session folded into an 8-line block; the role, then the
    duration, then the type go first. A lint session's title is its file's name."""
    for name, qtype in (("first answer.txt", "coding-discussion"), ("second.txt", "system-design")):
        (tmp_path / name).write_text(ANSWER)
        assert cli("lint", str(tmp_path / name), "-t", qtype).returncode == 0
    assert cli("negotiate", "--plain", input="I was hoping for 200k\n").returncode == 0
    listed = json.loads(cli("sessions", "--json").stdout)
    titles = {s["kind"]: s["title"] for s in listed}
    assert [s["title"] for s in listed if s["kind"] == "lint"] == ["second.txt", "first answer.txt"]
    assert titles["negotiation"]
    text, words = _show(cli, "80", "sessions")
    lines = text.splitlines()
    assert lines[1].split() == ["id", "status", "kind", "started", "score", "title"]
    for s in listed:
        (line,) = [ln for ln in lines if ln.startswith(s["id"] + " ")]  # one row a session, not a block
        assert line.split()[1:3] == [s["status"], s["kind"]] and str(s["score"]) in line.split()
        assert _whole(text, words, s["title"])
    text, _ = _show(cli, "120", "sessions")
    assert text.splitlines()[1].split() == ["id", "status", "kind", "type", "role", "started", "duration", "score",
                                            "title"]
