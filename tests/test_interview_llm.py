"""The interviewer with a model: the real openai SDK against a fake openai-compatible
server on 127.0.0.1 that dies mid-interview. One fallback chain per session: one
notice, then the interview goes on offline without asking the dead server again, and
every call in the ledger belongs to the session."""

from __future__ import annotations

import json

from icraft import config
from tests.fakes import openai_api as O
from tests.fakes.fixtures import offline_network  # noqa: F401 (autouse fixture)
from tests.fakes.server import FakeServer
from tests.test_interview_cli import STAR, WEAK, _db

GREETING = "Hello and welcome! Let's start with a short warm-up."
FOLLOWUP = "You said the team handled it: which part did you do yourself?"


def _use(server: FakeServer) -> None:
    config.set_value("llm.provider", "openai-compatible")
    config.set_value("llm.base_url", server.url + "/v1")
    config.set_value("llm.model", "llama3.2")


def test_provider_dying_mid_interview_gives_one_notice_then_offline(cli, icraft_home):
    # Two good replies (the greeting, the first follow-up), then the server only answers 503.
    with FakeServer(responder=lambda req: O.error(503, "model server is down")) as server:
        server.push(O.completion(GREETING), O.completion(FOLLOWUP))
        _use(server)
        answers = ["I build payment systems at Acme.", WEAK, WEAK, "I wrote the plan myself.", *([STAR] * 12)]
        r = cli(
            "interview", "--plain", "--type", "behavioral", "--minutes", "10", "--seed", "5", "--json",
            input="\n".join(answers) + "\n",
        )
        requests = len(server.requests)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["status"] == "completed" and data["ended_early"] is False
    assert f"Interviewer [greeting]: {GREETING}" in r.stderr
    assert f"Interviewer [followup]: {FOLLOWUP}" in r.stderr
    notices = [line for line in r.stderr.splitlines() if "failed for the interviewer" in line]
    assert len(notices) == 1, r.stderr
    assert notices[0].startswith("icraft: openai-compatible failed") and "switching to offline" in notices[0]
    assert "Traceback" not in r.stderr
    # 2 good calls, then one call's 3 attempts; nothing more for the rest of the interview.
    assert requests == 5
    assert all(req.path == "/v1/chat/completions" for req in server.requests)
    conn = _db(icraft_home)
    (sid,) = conn.execute("SELECT id FROM sessions").fetchone()
    rows = conn.execute("SELECT session_id, purpose, provider FROM usage").fetchall()
    assert [tuple(r) for r in rows] == [(sid, "interviewer", "openai-compatible")] * 2
    usage = json.loads(cli("usage", "--json").stdout)
    assert [(s["key"], s["calls"]) for s in usage["by_session"]] == [(sid, 2)]


def test_offline_provider_makes_no_chain_and_no_notice(cli, icraft_home):
    r = cli("interview", "--plain", "--type", "behavioral", "--minutes", "5", "--seed", "2",
            input="Hello, I build APIs.\n" + STAR + "\n")
    assert r.returncode == 0, r.stderr
    assert "failed for" not in r.stderr
    assert _db(icraft_home).execute("SELECT COUNT(*) FROM usage").fetchone()[0] == 0
