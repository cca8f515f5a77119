"""`icraft rewind` on a negotiation turn: the same seed replays with one line changed, and
the delta is in dollars and points."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pytest

from icraft.core.errors import InputError
from icraft.negotiation import scenario as sc
from icraft.negotiation.rewind import play, rewind
from icraft.negotiation.scenario import package_value

LINES = [
    "I'd rather hear your offer first.",
    "I make 150k now.",
    "Could you do 185k?",
    "I accept.",
]


def test_rewinding_the_disclosure_replays_the_rest_and_measures_the_delta() -> None:
    scn = sc.get("backend-senior-fintech")
    r = rewind(scn, 4, LINES, 2, "I'd rather not share that; I'm focused on the value I'd bring.")
    assert r.before_text == "I make 150k now." and r.turn == 2
    before, after = r.before, r.after
    assert before["details"]["anchoring"]["disclosed_current_pay"] is True
    assert after["details"]["anchoring"]["disclosed_current_pay"] is False
    d = r.delta
    assert d["final_value"] == after["final"]["value"] - before["final"]["value"]
    assert d["money_left"] == -d["final_value"]  # the limits did not change
    assert d["scores"]["anchoring"] > 0
    # the same rewind gives the same delta (same seed, same lines)
    assert rewind(scn, 4, LINES, 2, "I'd rather not share that; I'm focused on the value I'd bring.").delta == d
    # the turns before the rewound one are untouched
    assert after["ledger"][:3] == before["ledger"][:3]


def test_lines_that_run_out_end_as_a_walk_away_and_bad_turns_are_input_errors() -> None:
    scn = sc.get("backend-senior-fintech")
    neg = play(scn, 4, LINES[:2])
    assert neg.status == "walkaway" and neg.money_left() == package_value(scn, scn.limits) - package_value(scn, neg.final_values())
    with pytest.raises(InputError, match="turn 9 is not in this negotiation"):
        rewind(scn, 4, LINES, 9, "hello")


def test_icraft_rewind_on_a_negotiation_session(cli: Any, db: sqlite3.Connection) -> None:
    r = cli("negotiate", "--scenario", "backend-senior-fintech", "--seed", "4", "--json", input="\n".join(LINES) + "\n")
    sid = json.loads(r.stdout)["session_id"]
    out = cli("rewind", sid, "--answer", "2", "--json", input="I'd rather not share that; I'm focused on the value.\n")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["turn"] == 2 and data["delta"]["scores"]["anchoring"] > 0
    human = cli("rewind", sid, "--answer", "2", input="I'd rather not share that; I'm focused on the value.\n")
    assert human.returncode == 0, human.stderr
    assert "turn 2" in human.stdout and "money left on the table" in human.stdout and "anchoring" in human.stdout
