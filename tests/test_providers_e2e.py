"""Done-when for providers: with a fake server configured as an openai-compatible
provider, an interview and a diff run through it, the usage ledger shows the calls,
and a provider that dies mid-interview does not stop the session."""

from __future__ import annotations

import json

from tests.fakes import openai_api as O
from tests.fakes.fixtures import offline_network, server  # noqa: F401 (fixtures)
from tests.fakes.server import Reply, Request

ANSWER = (
    "I led the migration of our billing service to Kafka. We had outages every week. I designed the "
    "consumer groups and we cut incidents by 80 percent in three months.\n"
)


def responder(calls: dict[str, int], die_after: int | None = None):
    def respond(req: Request) -> Reply:
        calls["n"] = calls.get("n", 0) + 1
        if die_after is not None and calls["n"] > die_after:
            return O.error(503, "model unloaded")
        if "response_format" in req.body:  # the diff's three versions
            user = req.body["messages"][-1]["content"]
            said = user.split("Candidate's answer:\n", 1)[1].split("\n\nLint findings", 1)[0]
            return O.completion(data={"minimal": said, "medium": said, "ideal": said}, model="llama3.2")
        return O.completion("Thanks. What did you do next, and why?", model="llama3.2")

    return respond


def env_for(server) -> dict[str, str]:
    return {
        "NO_PROXY": "127.0.0.1",
        "ICRAFT_LLM_PROVIDER": "openai-compatible:llama3.2",
        "ICRAFT_LLM_BASE_URL": server.url + "/v1",
    }


def test_interview_and_diff_run_through_an_openai_compatible_server(cli, server, tmp_path, db):
    calls: dict[str, int] = {}
    server.responder = responder(calls)
    env = env_for(server)
    r = cli("interview", "--minutes", "5", "--type", "behavioral", input=ANSWER * 6, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "What did you do next, and why?" in r.stdout  # the model's wording reached the candidate
    (tmp_path / "a.txt").write_text(ANSWER)
    d = cli("diff", str(tmp_path / "a.txt"), "-f", "json", env=env, timeout=120)
    assert d.returncode == 0, d.stderr
    assert json.loads(d.stdout)["rubric_version"]
    purposes = {row[0]: row[1] for row in db.execute("SELECT purpose, COUNT(*) FROM usage GROUP BY purpose")}
    assert purposes.get("interviewer", 0) >= 1 and purposes.get("diff") == 1
    assert sum(purposes.values()) == calls["n"] == len(server.requests)
    assert {q.body["model"] for q in server.requests} == {"llama3.2"}
    u = json.loads(cli("usage", "--json").stdout)
    assert u["total"]["calls"] == calls["n"] and u["total"]["cost_usd"] == 0.0
    assert [p["key"] for p in u["by_provider"]] == ["openai-compatible / llama3.2"]


def test_provider_dying_mid_interview_does_not_stop_it(cli, server, db):
    from icraft.providers.retry import RetryPolicy

    calls: dict[str, int] = {}
    server.responder = responder(calls, die_after=1)
    r = cli("interview", "--minutes", "5", "--type", "behavioral", input=ANSWER * 6, env=env_for(server),
            timeout=180)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    # one good call, one failing call with its retries, then the dead provider is never asked again
    assert calls["n"] == 1 + RetryPolicy().tries
    notices = [line for line in r.stderr.splitlines() if "switching to offline" in line]
    assert len(notices) == 1 and "HTTP 503" in notices[0], r.stderr
    # ... and the interview went on to its end, every answer stored
    (status, answers), = db.execute(
        "SELECT s.status, COUNT(a.id) FROM sessions s JOIN answer_scores a ON a.session_id = s.id"
        " WHERE s.kind = 'interview' GROUP BY s.id").fetchall()
    assert status == "completed" and answers > 1
