"""A rule that could not measure an answer (pace of a typed answer) is one thing in every
view: a note ("·" in the CLI, info in the dashboard's session view, Pilot), never a
warning, and it quotes nothing of the answer."""

from __future__ import annotations

import json
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from tests.dashboard_helpers import drive, make_app, plain

ANSWER = ("Q: Tell me about a time you improved performance.\n"
          "A: At Acme our checkout was slow and customers dropped off before paying. I profiled the service, "
          "found an N+1 query and added a cache instead of rewriting the ORM, because a rewrite would have "
          "taken a month. As a result p99 latency dropped from 900ms to 200ms and conversion rose 3 percent.\n")


def test_a_not_measurable_finding_is_an_unquoted_note_in_the_cli_and_the_dashboard(cli, db, tmp_path):
    from icraft.tui.screens.session import SessionScreen

    (tmp_path / "a.txt").write_text(ANSWER)
    assert cli("lint", str(tmp_path / "a.txt")).returncode == 0
    (sid,) = [s["id"] for s in json.loads(cli("sessions", "--json").stdout)]
    rows = db.execute("SELECT f.rule_id, f.severity, f.spans FROM findings f WHERE f.measurable = 0").fetchall()
    assert [r[0] for r in rows] == ["pace"] and rows[0][1] == "warning"  # stored with the rule's severity
    quote = json.loads(rows[0][2])[0]["quote"]  # and a span, which no view quotes
    shown_cli = cli("sessions", "show", sid, env={"NO_COLOR": "1"}).stdout
    assert "· pace: not measurable here" in shown_cli

    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("3", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        shown = "\n".join(plain(s) for s in app.screen.query(".answer").results(Static))
        (line,) = [ln for ln in shown.splitlines() if " pace " in ln]
        assert line.split()[0] == "info" and "not measurable" in line, shown
        after = shown.split(line)[1].splitlines()[1:2]
        assert not any(f"“{quote}" in ln for ln in after), shown  # no quote under the note

    drive(app, scenario)
