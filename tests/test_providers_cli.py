"""`icraft providers` and `icraft usage` as a user runs them, plug-ins through entry
points, and the import-time promise (no vendor SDK on `import icraft.providers`)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from icraft.providers.base import Completion
from icraft.providers.usage import record
from tests.fakes import openai_api as O
from tests.fakes.fixtures import offline_network, server  # noqa: F401 (fixtures)

ENV = {"NO_PROXY": "127.0.0.1", "ICRAFT_KEYRING": "0"}


def test_importing_providers_loads_no_sdk():
    code = textwrap.dedent(
        """
        import sys
        import icraft.providers
        from icraft.providers import get_llm, keys, registry, usage, fallback
        from icraft.rubric import judge
        import icraft.cli.providers_cmd, icraft.cli.keys_cmd, icraft.cli.usage_cmd
        registry.specs()
        get_llm("offline")
        keys.resolve("anthropic")
        fallback.configured_chain()
        heavy = [m for m in sys.modules if m.split(".")[0] in (
            "anthropic", "openai", "httpx", "httpx2", "rich", "numpy", "deepgram", "websockets", "sounddevice")]
        print(heavy)
        """
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def test_providers_json_offline(cli):
    r = cli("providers", "--json", env=ENV)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    by_id = {p["id"]: p for p in data["providers"] if p["kind"] == "llm"}
    assert set(by_id) == {"anthropic", "openai", "openai-compatible", "offline"}
    speech = {(p["kind"], p["id"]) for p in data["providers"] if p["kind"] != "llm"}
    assert {("stt", "deepgram"), ("tts", "elevenlabs"), ("stt", "openai")} <= speech
    assert data["chain"] == ["offline"] and data["provider"] == "offline"
    assert by_id["offline"]["ready"] and by_id["offline"]["key_name"] is None
    assert not by_id["anthropic"]["ready"]
    assert "icraft keys set anthropic" in by_id["anthropic"]["hint"]
    assert "streaming" in by_id["anthropic"]["capabilities"] and "json" in by_id["openai"]["capabilities"]
    assert by_id["openai-compatible"]["key_required"] is False
    assert any(o["name"] == "timeout" for o in by_id["openai"]["options"])
    assert all(p["reachable"] is None for p in data["providers"])  # no network without --check


def test_providers_check_against_fake_compatible_server(cli, server):
    server.push(O.models())
    env = {**ENV, "ICRAFT_LLM_PROVIDER": "openai-compatible:llama3.2", "ICRAFT_LLM_BASE_URL": server.url + "/v1"}
    r = cli("providers", "--check", "--json", env=env)
    assert r.returncode == 0, r.stderr
    by_id = {p["id"]: p for p in json.loads(r.stdout)["providers"] if p["kind"] == "llm"}
    assert by_id["openai-compatible"]["ready"] and by_id["openai-compatible"]["model"] == "llama3.2"
    assert by_id["openai-compatible"]["reachable"].startswith("ok (")
    assert by_id["anthropic"]["reachable"] == "skipped (not ready)"
    assert [q.path for q in server.requests] == ["/v1/models"]
    for width in ("120", "80"):  # pytest-xdist workers run with COLUMNS=80: check both widths explicitly
        server.push(O.models())  # each --check asks again (an unanswered one exits 3)
        human = cli("providers", "--check", env={**env, "COLUMNS": width})
        assert human.returncode == 0 and "openai-compatible" in human.stdout, human.stderr
        header = next(line for line in human.stdout.splitlines() if line.strip().startswith("id "))
        assert header.split()[-1] == "reachable", (width, header)


def test_entry_point_plugin_is_listed(process, tmp_path):  # a plug-in installed on PYTHONPATH
    (tmp_path / "icraft_fakeplug.py").write_text(
        textwrap.dedent(
            """
            from icraft.providers import ProviderSpec

            def register_providers(register):
                register(ProviderSpec(id="fakeplug", kind="llm", description="a test plug-in",
                                      factory=lambda spec, opts, key: None, capabilities=frozenset({"llm"}),
                                      key_name="fakeplug", default_model="m1"))

            def broken(register):
                raise RuntimeError("plug-in bug")
            """
        )
    )
    dist = tmp_path / "icraft_fakeplug-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: icraft-fakeplug\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text(
        "[icraft.providers]\nfakeplug = icraft_fakeplug:register_providers\nbroken = icraft_fakeplug:broken\n"
    )
    r = process("providers", "--json", env={**ENV, "PYTHONPATH": str(tmp_path)})
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    plug = {p["id"]: p for p in data["providers"]}["fakeplug"]
    assert plug["plugin"] == "fakeplug" and plug["key_name"] == "fakeplug"
    assert "FAKEPLUG_API_KEY" in plug["hint"]
    assert any("broken" in e and "plug-in bug" in e for e in data["plugin_errors"])
    human = process("providers", env={**ENV, "PYTHONPATH": str(tmp_path)})
    assert human.returncode == 0 and "fakeplug" in human.stdout and "plug-in bug" in human.stderr


def _call(provider: str, model: str, tin: int, tout: int, cached: int, cost: float) -> Completion:
    return Completion(text="", provider=provider, model=model, tokens_in=tin, tokens_out=tout,
                      cached_tokens=cached, cost_usd=cost)


def test_usage_totals_per_day_session_provider(cli, db):
    from icraft.store.sessions import create_session

    sid = create_session(db, "interview")
    ids = [
        record(_call("anthropic", "claude-sonnet-4-6", 1000, 100, 800, 0.002), purpose="interviewer",
               session_id=sid, conn=db),
        record(_call("anthropic", "claude-sonnet-4-6", 500, 50, 0, 0.001), purpose="judge", session_id=sid,
               conn=db),
        record(_call("openai-compatible", "llama3.2", 300, 30, 0, 0.0), purpose="diff", conn=db),
    ]
    with db:
        db.execute("UPDATE usage SET at = '2025-01-02T10:00:00+00:00' WHERE id = ?", (ids[2],))
    r = cli("usage", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["total"] == {"calls": 3, "tokens_in": 1800, "tokens_out": 180, "cached_tokens": 800,
                             "cost_usd": 0.003}
    assert {row["key"]: row["calls"] for row in data["by_session"]} == {sid: 2, "-": 1}
    assert {row["key"]: row["calls"] for row in data["by_provider"]} == {
        "anthropic / claude-sonnet-4-6": 2, "openai-compatible / llama3.2": 1}
    assert [row["key"] for row in data["by_day"]][0] == "2025-01-02"
    since = json.loads(cli("usage", "--since", "2025-06-01", "--json").stdout)
    assert since["total"]["calls"] == 2 and since["since"] == "2025-06-01"
    human = cli("usage")
    assert human.returncode == 0 and "per day" in human.stdout and "total: 3 calls" in human.stdout
    bad = cli("usage", "--since", "yesterday")
    assert bad.returncode == 2 and "--since must be a date" in bad.stderr


def test_usage_empty(cli):
    r = cli("usage")
    assert r.returncode == 0 and "no model calls recorded" in r.stdout


def test_providers_table_stays_readable_in_narrow_terminals(cli):
    """Ids used to be folded mid-word ("anthrop|ic") and hint commands broken across lines
    at 80 columns; now names stay whole, less needed columns go, and hints are not wrapped."""
    for width in ("120", "80", "60"):
        r = cli("providers", env={**ENV, "COLUMNS": width})
        assert r.returncode == 0, r.stderr
        lines = r.stdout.splitlines()
        end = next(i for i, line in enumerate(lines) if i > 3 and not line.strip())  # the blank after the table
        table = "\n".join(lines[:end])
        rows = [line.split() for line in lines[4:end] if line.strip()]
        ids = {row[0] if row[0] != "*" else row[1] for row in rows}
        assert {"anthropic", "openai", "openai-compatible", "offline", "deepgram", "elevenlabs"} <= ids, (width, ids)
        assert all(len(line) <= int(width) for line in table.splitlines()), width
        assert "icraft config set llm.base_url http://localhost:11434/v1" in r.stdout, width  # one line, copyable
        assert ("capabilities" in table) == (width == "120") and ("model" in table) == (width != "60")


def test_usage_tables_keep_numbers_and_days_whole_in_60_columns(cli):
    """At 60 columns the day was cut to '2026-1…' and headers split over two lines."""
    for provider, model in (("anthropic", "claude-sonnet-4-6"), ("openai-compatible", "llama3.2")):
        record(Completion(text="x", provider=provider, model=model, tokens_in=1234567, tokens_out=89,
                          cost_usd=0.5), purpose="interview")
    r = cli("usage", env={"COLUMNS": "60"})
    assert r.returncode == 0, r.stderr
    assert all(len(line.rstrip()) <= 60 for line in r.stdout.splitlines())
    assert "…" not in r.stdout
    day_row = next(line for line in r.stdout.splitlines() if line.strip()[:4].isdigit() and "-" in line)
    assert day_row.split()[1:] == ["2", "2469134", "0", "178", "1.0000"], day_row
    wide = cli("usage", env={"COLUMNS": "80"}).stdout
    assert "anthropic / claude-sonnet-4-6" in wide and "openai-compatible / llama3.2" in wide


def test_a_command_connects_the_usage_ledger(cli, db):
    """The providers only report calls to the usage sink; the CLI connects the database's
    ledger when a command starts (tests/conftest.py does the same for in-process tests)."""
    from icraft.core import usage
    from icraft.providers.base import Completion

    call = Completion(text="x", provider="anthropic", model="claude-haiku-4-5", tokens_in=10, tokens_out=2)
    previous = usage.set_sink(None)
    try:
        assert usage.report(call, purpose="test") is None  # nothing connected: not recorded
        assert cli("usage").returncode == 0
        row_id = usage.report(call, purpose="test")
    finally:
        usage.set_sink(previous)
    assert tuple(db.execute("SELECT provider, purpose FROM usage WHERE id = ?", (row_id,)).fetchone()) == ("anthropic", "test")
