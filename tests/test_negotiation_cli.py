"""`icraft negotiate`: the negotiation as a registered mode, run through the SessionRunner and
the conversation driver; piped and --json runs, --list, --continue, sessions, skills, the TUI."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

from icraft.modes import registry
from icraft.modes.negotiation import NegotiationDialogue, options_for
from icraft.modes.runner import SessionRunner
from icraft.negotiation import scenario as sc
from icraft.negotiation.engine import replay
from icraft.store import answers
from icraft.store import sessions as store

LINES = [
    "Thanks! Based on market data for this level and the payments scope, I'm looking for 204k base.",
    "I'd rather not share that; I'm focused on the value I'd bring.",
    "Given the scope, could we get base to 198k and a 25k sign-on?",
    "Yes, I have an offer at 200k.",
    "Could you do 195 base?",
    "I accept.",
]
ARGS = ["negotiate", "--scenario", "backend-senior-fintech", "--seed", "4"]


def test_a_piped_negotiation_completes_offline_and_prints_the_debrief(cli: Any, db: sqlite3.Connection) -> None:
    r = cli(*ARGS, input="\n".join(LINES) + "\n")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert out.startswith("\nRecruiter [negotiating]: Hello, this is Dana at Ledgerly.")
    assert "You: I accept." in out and "Recruiter [done]: Great, we have a deal" in out
    assert "\nOffer ledger\n" in out and "\nThe recruiter's limits, revealed\n" in out
    assert re.search(r"\n  base salary +\$172,000 +\$\d{3},\d{3} +\$191,500\n", out)
    expected, _ = replay(sc.get("backend-senior-fintech"), 4, LINES)
    assert f"Money left on the table: ${expected.money_left():,} a year." in out
    # the limit is never said before the debrief (except when it was offered on the table)
    dialogue = out[: out.index("Debrief:")]
    assert "$166,000" not in dialogue  # the equity limit, never offered
    (row,) = store.list_sessions(db)
    assert row.kind == "negotiation" and row.status == "completed" and row.score is not None
    shown = cli("sessions", "show", row.id).stdout
    exported = cli("sessions", "export", row.id, "--format", "md").stdout
    assert "Recruiter (negotiating): Hello, this is Dana" in shown and "Interviewer" not in shown
    assert "**Recruiter** _(negotiating)_: Hello, this is Dana" in exported


def test_json_prints_the_final_result_only_after_the_end(cli: Any) -> None:
    r = cli(*ARGS, "--json", input="\n".join(LINES) + "\n")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert {"scenario", "seed", "ledger", "final", "hidden_limits", "money_left", "scores"} <= set(data)
    assert data["scenario"] == "backend-senior-fintech" and data["seed"] == 4 and data["status"] == "deal"
    assert data["money_left"] == data["hidden_limits"]["value"] - data["final"]["value"]
    assert "Recruiter [negotiating]" in r.stderr  # the dialogue went to stderr
    assert [e["who"] for e in data["ledger"]][:2] == ["recruiter", "candidate"]


def test_list_shows_scenarios_without_their_limits(cli: Any) -> None:
    human = cli("negotiate", "--list")
    assert human.returncode == 0 and "backend-senior-fintech" in human.stdout
    data = json.loads(cli("negotiate", "--list", "--json").stdout)
    assert len(data) >= 12 and all("limits" not in s for s in data)


def test_bad_input_is_one_line_and_exit_2(cli: Any, tmp_path: Path) -> None:
    bad = tmp_path / "mine.toml"
    bad.write_text('id = "mine"\ncompany = "X"\nrole = "backend"\nlevel = "senior"\npersona = "grumpy"\ndeadline = 5\n')
    binary = tmp_path / "offer.dat"
    binary.write_bytes(bytes([0xC4, 0xF5, 0xB1, 0xF0, 0x17, 0x5E, 0x8D, 0x7E]) * 64)
    recording = tmp_path / "offer.wav"
    recording.write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(64))
    for args, message in (
        (["--scenario", str(bad)], "persona 'grumpy' is not one of"),
        (["--scenario", "nope"], "no negotiation scenario 'nope'"),
        (["--role", "em", "--level", "junior"], "no negotiation scenario for em at junior"),
        (["--seed", "-1"], "--seed must be 0 or more"),
        (["--scenario", str(binary)], "is not UTF-8 text (byte 0xc4 at line 1"),  # was Python's "'utf-8' codec can't decode"
        (["--scenario", str(recording)], "contains NUL bytes; it looks binary"),
    ):
        r = cli("negotiate", *args, input="")
        assert r.returncode == 2, (args, r.stderr)
        assert r.stderr.startswith("icraft: error: ") and message in r.stderr and "Traceback" not in r.stderr
        assert len(r.stderr.splitlines()) == 1 and "codec" not in r.stderr


def test_continue_replays_to_the_same_negotiation(cli: Any, db: sqlite3.Connection) -> None:
    scn = sc.get("backend-senior-fintech")
    runner = SessionRunner.create(db, "negotiation", options_for(scn, 4), update_skills=False)
    runner.begin()
    runner.submit(LINES[0])
    runner.submit(LINES[1])
    sid = runner.session_id
    del runner  # the process dies here
    r = cli("negotiate", "--continue", "--json", input="\n".join(LINES[2:]) + "\n")
    assert r.returncode == 0, r.stderr
    assert "Where were we..." in r.stderr
    data = json.loads(r.stdout)
    uninterrupted, _ = replay(scn, 4, LINES)
    assert data["session_id"] == sid
    assert data["ledger"] == [e.to_dict() for e in uninterrupted.ledger]
    again = cli("negotiate", "--continue", input="")
    assert again.returncode == 2 and "start one with `icraft negotiate`" in again.stderr


def test_the_four_negotiation_skills_move_once_from_the_scores(cli: Any, db: sqlite3.Connection) -> None:
    r = cli(*ARGS, "--json", input="\n".join(LINES) + "\n")
    data = json.loads(r.stdout)
    rows = db.execute("SELECT skill_id, observed, source FROM skill_events ORDER BY skill_id").fetchall()
    moved = {row["skill_id"]: row["observed"] for row in rows}
    assert set(moved) == {k for k in ("anchoring", "value_articulation", "counter_strategy", "emotional_control")
                          if data["scores"][k] is not None}
    assert all(moved[k] == data["scores"][k] for k in moved)
    assert {row["source"] for row in rows} == {"negotiation"}
    # each candidate turn is stored with its lint result and evidence
    turns = answers.session_answers(db, data["session_id"], attempt=None)
    assert len(turns) >= 4


def test_the_mode_is_registered_and_its_snapshot_restores_exactly() -> None:
    mode = registry.get("negotiation")
    assert mode.speaker == "Recruiter" and mode.command == "negotiate"
    scn = sc.get("sre-staff-fintech")
    d = NegotiationDialogue(options_for(scn, 9))
    d.start()
    from icraft.core.transcript import CANDIDATE, Turn

    d.answer(Turn.from_text(CANDIDATE, "I'm looking for 300k, based on market data."))
    d.answer(Turn.from_text(CANDIDATE, "Yes, I have another offer at 290k."))
    copy = NegotiationDialogue(options_for(scn, 9), state=json.loads(json.dumps(d.snapshot())))
    assert [e.to_dict() for e in copy.neg.ledger] == [e.to_dict() for e in d.neg.ledger]
    assert copy.phase == d.phase and copy.neg.offer == d.neg.offer


def test_a_user_scenario_file_plays_and_survives_the_file_changing(cli: Any, db: sqlite3.Connection,
                                                                   tmp_path: Path) -> None:
    src = (sc.scenarios_dir() / "backend-senior-fintech.toml").read_text()
    mine = tmp_path / "my-offer.toml"
    mine.write_text(src.replace('id = "backend-senior-fintech"', 'id = "my-offer"'))
    scn = sc.get(str(mine))
    runner = SessionRunner.create(db, "negotiation", options_for(scn, 1), update_skills=False)
    runner.begin()
    runner.submit(LINES[0])
    mine.write_text("broken = [")  # edited since: the stored scenario is used
    r = cli("negotiate", "--continue", runner.session_id, "--json", input="I accept.\n")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["scenario"] == "my-offer"


def test_the_negotiation_runs_in_the_tui(db: sqlite3.Connection) -> None:
    import asyncio

    from textual.widgets import Static

    from icraft.tui.interview_app import build_app

    runner = SessionRunner.create(db, "negotiation", options_for(sc.get("backend-senior-fintech"), 4),
                                  update_skills=False)

    async def play() -> str:
        app = build_app(runner, None)
        async with app.run_test(size=(120, 40)) as pilot:
            assert "salary expectations" in str(app.query_one("#question", Static).render())
            assert app.title == "icraft negotiate"
            for n, line in enumerate(LINES):
                await pilot.press(*line, "ctrl+s")
                await pilot.pause()
                if n == 2:  # the offer table beside the conversation, the ledger growing in it
                    pane = app.query_one("#findings-pane")
                    text = str(app.query_one("#findings", Static).render())
                    assert pane.border_title == "Offer table"
                    assert "Turn 4 of 6" in text and "$172k" in text and "anchor" in text
                    rows = [r for r in text.splitlines() if r.split(" ")[0] in ("base", "bonus", "equity", "PTO")]
                    width = app.query_one("#findings", Static).content_size.width
                    assert len(rows) == 4 and all(len(r.rstrip()) <= width for r in rows), (width, rows)  # no wrap
                    assert "$191,500" not in text and "$166,000" not in text  # no hidden limit
                    said = [str(w.render()) for w in app.query(".interviewer")]
                    assert said and all(s.startswith("Recruiter:") for s in said)
                if n == 4:  # the competing offer stated at turn 4 stays on the table's pane
                    assert "your competing offer: base $200,000" in str(app.query_one("#findings", Static).render())
                    # no "Correct" (Ctrl+E) in the footer: a corrected line would not replay the
                    # negotiation, so the debrief and the transcript would disagree
                    assert app.check_action("edit_answer", ()) is False
                    await pilot.press("ctrl+e")
                    assert app.query_one("#findings-pane").border_title == "Offer table"
            assert app.finished
            await pilot.press("q")
        return app.return_value or ""

    assert asyncio.run(play()) == "completed"
    row = store.get_session(db, runner.session_id)
    assert row.status == "completed" and row.score is not None


def test_a_negotiation_turn_is_judged_by_the_negotiation_rules_only(db: sqlite3.Connection) -> None:
    """"Can you do 195?" is a whole negotiation move: no too_short (or any rule that is not a
    negotiation rule) on it, when it is stored, when it is corrected in the TUI (Ctrl+E), and
    in the scores (a thin-answer verdict would void every rule that passed)."""
    from icraft.interview import transcript_view as view
    from icraft.negotiation.scoring import negotiation_rules
    from icraft.rubric import load_rubric

    allowed = set(negotiation_rules(load_rubric()))
    assert allowed and "too_short" not in allowed and "weak_anchor" in allowed
    runner = SessionRunner.create(db, "negotiation", options_for(sc.get("backend-senior-fintech"), 4),
                                  update_skills=False)
    runner.begin()
    runner.submit("What's the range?")
    runner.submit("Can you do 195?")
    results = answers.session_answers(db, runner.session_id, attempt=None)
    assert results and all(r.question_type == "negotiation" for r in results)
    rules = {f.rule_id for r in results for f in answers.answer_findings(db, r.id)}
    assert rules <= allowed, rules
    _, corrected = view.correct_answer(db, runner.session_id, 1, "Can you do 196?")
    assert corrected is not None and corrected.question_type == "negotiation"
    assert {f.rule_id for f in corrected.findings} <= allowed
    runner.submit("Based on market data for this level, can you do 200k?")
    runner.submit("I accept.")
    res = runner.dialogue.result()
    assert all(f["rule_id"] in allowed for f in res["findings"])
    assert res["scores"]["value_articulation"] is not None and res["scores"]["value_articulation"] > 0


def test_two_runs_of_the_same_seed_and_lines_give_identical_json(process: Any, db: sqlite3.Connection) -> None:
    """Two processes (string hashing differs between them unless pinned: set and dict order
    of strings) print the same JSON, text for text, and store the same session score."""
    runs = []
    for hash_seed in ("1", "2"):
        r = process(*ARGS, "--json", input="\n".join(LINES) + "\n", env={"PYTHONHASHSEED": hash_seed})
        assert r.returncode == 0, r.stderr
        runs.append(r.stdout)
    a, b = (json.loads(out) for out in runs)
    assert a.pop("session_id") != b.pop("session_id")
    assert json.dumps(a) == json.dumps(b)
    assert {row.score for row in store.list_sessions(db)} == {a["scores"]["overall"]}


def test_the_debrief_reads_as_sections_in_the_tui_and_plain(db: sqlite3.Connection) -> None:
    """The full screen's report (Textual Markdown, 80 columns) and the plain debrief: every
    section under its heading, no amount cut short in the ledger, won and lost said in words
    (a leading +/- made a nested, unmarked Markdown list)."""
    import asyncio

    from textual.app import App, ComposeResult
    from textual.widgets import Markdown

    from icraft.negotiation.debrief import lines, markdown
    from icraft.negotiation.scoring import result

    neg, _ = replay(sc.get("backend-senior-fintech"), 4, LINES)
    res = result(neg)
    md = markdown(res)
    for heading in ("## Offer ledger", "## The recruiter's limits, revealed", "## Scores",
                    "## Where points were won and lost"):
        assert f"\n\n{heading}\n\n" in md, heading
    assert "- **Won**, turn" in md and "- **Lost**, turn" in md
    assert not re.search(r"^- [+-] ", md, re.M)

    class Report(App[None]):
        def compose(self) -> ComposeResult:
            yield Markdown(md)

    async def shown() -> str:
        app = Report()
        async with app.run_test(size=(80, 200)) as pilot:
            await pilot.pause()
            return app.export_screenshot()

    import html

    svg = html.unescape(asyncio.run(shown())).replace("\xa0", " ")
    ledger = svg[svg.index("Offer ledger"): svg.index("What each move did")]
    assert "…" not in ledger  # no cell cut short at 80 columns
    assert "$172k" in ledger and "counter" in ledger
    plain = lines(res)
    for heading in ("Offer ledger", "The recruiter's limits, revealed", "Scores", "Where points were won and lost"):
        i = plain.index(heading)
        assert plain[i - 1] == "" and plain[i + 1].strip(), heading
    assert all(len(line) <= 80 for line in plain[: plain.index("Where points were won and lost")])


def test_the_offer_tables_rows_fit_the_pane_in_an_80_column_terminal(db: sqlite3.Connection) -> None:
    import asyncio

    from textual.widgets import Static

    from icraft.tui.interview_app import build_app

    runner = SessionRunner.create(db, "negotiation", options_for(sc.get("frontend-mid-saas"), 2), update_skills=False)

    async def play() -> None:
        app = build_app(runner, None)
        async with app.run_test(size=(80, 40)) as pilot:
            await pilot.press(*"I want 2 million dollars.", "ctrl+s")
            await pilot.pause()
            pane = app.query_one("#findings", Static)
            text = str(pane.render())
            rows = [r for r in text.splitlines() if r.split(" ")[0] in ("base", "bonus", "equity", "sign-on", "PTO")]
            assert len(rows) == 5 and all(len(r.rstrip()) <= pane.content_size.width for r in rows), rows
            assert "$0k" not in text  # no sign-on is $0
            await pilot.press("ctrl+q")

    asyncio.run(play())


def test_ctrl_k_is_labelled_as_the_stall_it_is(db: sqlite3.Connection) -> None:
    """Ctrl+K sends "skip", which the recruiter hears as a stall that spends a turn: the
    footer says "Stall (spends a turn)", not "Skip" (the interview keeps "Skip")."""
    import asyncio

    from icraft.interview.engine import InterviewOptions
    from icraft.modes.interview import InterviewRunner
    from icraft.tui.interview_app import build_app

    def footer(app: Any) -> str:
        return app.screen._compositor.render_strips()[-1].text

    runner = SessionRunner.create(db, "negotiation", options_for(sc.get("backend-senior-fintech"), 4),
                                  update_skills=False)

    async def negotiate() -> tuple[str, str]:
        app = build_app(runner, None)
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause()
            shown = footer(app)
            await pilot.press("ctrl+k")
            await pilot.pause()
            return shown, str(app.query_one("#findings").render())

    shown, table = asyncio.run(negotiate())
    assert "Stall (spends a turn)" in shown and "Skip" not in shown, shown
    assert "Turn 2 of" in table and "stall" in table, table  # the key's move: a turn spent, on the ledger
    interview = InterviewRunner.create(db, InterviewOptions(type="behavioral", minutes=10))

    async def interviewing() -> str:
        app = build_app(interview, interview.begin())
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause()
            return footer(app)

    shown = asyncio.run(interviewing())
    assert "Skip" in shown and "Stall" not in shown, shown
