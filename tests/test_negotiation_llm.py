"""The recruiter worded by a model: the real openai SDK against a fake openai-compatible
server on 127.0.0.1. A line that states only numbers on the table is used; a line that
leaks the hidden limit is replaced by the offline line; a dying server falls back to
offline with one notice. Moves, numbers and scores are the same as offline."""

from __future__ import annotations

import json
from typing import Any

from icraft import config
from icraft.negotiation import scenario as sc
from tests.fakes import openai_api as O
from tests.fakes.fixtures import offline_network  # noqa: F401 (autouse fixture)
from tests.fakes.server import FakeServer

LINES = ["I'd rather hear your offer first.", "Based on market data I'm looking for 200k.", "I accept."]
ARGS = ["negotiate", "--plain", "--scenario", "backend-senior-fintech", "--seed", "4", "--json"]
GREETING = "Hey there, Dana from Ledgerly here! We'd love to have you. What are you hoping for?"
LEAK = "Honestly, we could go as high as $191,500 on base."


def test_model_wording_is_checked_and_a_leak_never_reaches_the_candidate(cli: Any, icraft_home: Any) -> None:
    offline = json.loads(cli(*ARGS, input="\n".join(LINES) + "\n").stdout)
    with FakeServer(responder=lambda req: O.error(503, "model server is down")) as server:
        server.push(O.completion(GREETING), O.completion(LEAK))
        config.set_value("llm.provider", "openai-compatible")
        config.set_value("llm.base_url", server.url + "/v1")
        config.set_value("llm.model", "llama3.2")
        r = cli(*ARGS, input="\n".join(LINES) + "\n")
    assert r.returncode == 0, r.stderr
    assert f"Recruiter [negotiating]: {GREETING}" in r.stderr  # the model's line, no number in it
    assert "191,500" not in r.stderr  # the leak was replaced by the offline line
    assert "Let me share the offer. Our offer is a base salary of $172,000" in r.stderr
    notices = [line for line in r.stderr.splitlines() if "failed for the recruiter" in line]
    assert len(notices) == 1 and "Traceback" not in r.stderr
    data = json.loads(r.stdout)
    # moves, numbers and scores are code's: the same as offline
    assert [(e["move"], e["values"]) for e in data["ledger"]] == [(e["move"], e["values"]) for e in offline["ledger"]]
    assert data["scores"] == offline["scores"] and data["money_left"] == offline["money_left"]
    # the stored session scores too (scored live, on the model's lines): the lint's question
    # is the offline line, so a model's wording never moves a score
    stored = {s["id"]: s["score"] for s in json.loads(cli("sessions", "--json").stdout)}
    assert stored[data["session_id"]] == stored[offline["session_id"]] == offline["scores"]["overall"]
    assert sc.get("backend-senior-fintech").limits["base"] == 191500
