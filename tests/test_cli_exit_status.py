"""Exit statuses that mean what the README's table says: 1 is findings over a threshold,
3 a provider problem, and a user's "no" at a prompt is not a failure."""

from __future__ import annotations

import json
import socket

from tests.fakes import openai_api as O
from tests.fakes.fixtures import offline_network, server  # noqa: F401 (fixtures)

ENV = {"NO_PROXY": "127.0.0.1", "ICRAFT_KEYRING": "0"}


def _closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_providers_check_exits_3_when_the_configured_provider_cannot_be_reached(cli):
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    env = {**ENV, "ICRAFT_LLM_PROVIDER": "openai-compatible:llama3.2", "ICRAFT_LLM_BASE_URL": url}
    for args in (("--check",), ("--check", "--json")):
        r = cli("providers", *args, env=env)
        assert r.returncode == 3, (args, r.stderr)
        assert "openai-compatible" in r.stdout  # the report is printed first, whole
        lines = r.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(
            "icraft: error: cannot reach the configured provider (openai-compatible: cannot connect"), lines
    data = json.loads(r.stdout)
    assert {p["id"]: p for p in data["providers"] if p["kind"] == "llm"}["openai-compatible"]["reachable"].startswith("no:")


def test_providers_check_exits_0_when_the_chain_answers(cli, server):
    server.push(O.models())
    env = {**ENV, "ICRAFT_LLM_PROVIDER": "openai-compatible:llama3.2", "ICRAFT_LLM_BASE_URL": server.url + "/v1"}
    r = cli("providers", "--check", env=env)
    assert r.returncode == 0 and r.stderr == "", r.stderr


def test_providers_check_with_an_unready_chain_provider_exits_3(cli):
    # anthropic is configured but has no key: it cannot be reached either.
    r = cli("providers", "--check", "--json", env={**ENV, "ICRAFT_LLM_PROVIDER": "anthropic"})
    assert r.returncode == 3, r.stderr
    assert "anthropic: skipped (not ready)" in r.stderr
    assert cli("providers", "--json", env={**ENV, "ICRAFT_LLM_PROVIDER": "anthropic"}).returncode == 0  # no --check


def test_declining_sessions_delete_exits_0_and_keeps_the_session(cli, tmp_path):
    from tests.pty_helpers import PtyChild

    answer = tmp_path / "a.txt"
    answer.write_text("Q: Why?\nA: Because we shipped it in a week.\n")
    assert cli("lint", str(answer)).returncode == 0
    sid = json.loads(cli("sessions", "--json").stdout)[0]["id"]
    with PtyChild("sessions", "delete", sid) as child:
        assert child.read_until(b"[y/N]"), child.out
        child.write(b"n\n")
        child.read_until(b"nothing deleted")
        assert child.wait_exit() == 0, (child.exit_code, child.out)
    assert b"nothing deleted" in child.out
    assert [s["id"] for s in json.loads(cli("sessions", "--json").stdout)] == [sid]
