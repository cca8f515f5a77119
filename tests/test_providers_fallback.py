"""The fallback chain: chosen provider -> llm.fallback -> offline, switching mid-session
with a one-line notice, and offline meaning "use your own code" (None)."""

from __future__ import annotations

import pytest

from icraft import config
from icraft.providers import FallbackChain, configured_chain, get_llm, keys, with_fallback
from icraft.providers.base import OfflineSignal
from tests.fakes import anthropic_api as A
from tests.fakes import openai_api as O
from tests.fakes.fixtures import fast, offline_network, server, server2  # noqa: F401 (fixtures)


def factory_for(urls: dict[str, str]):
    """get_llm, pointed at fake servers, with instant retries."""

    def make(name: str):
        llm = fast(get_llm(name))
        if llm.id in urls:
            llm.options.base_url = urls[llm.id]
        return llm

    return make


def ask(llm):
    return llm.complete("next question please", purpose="interviewer").text


def test_default_chain_is_offline_only_and_returns_none():
    assert configured_chain() == ["offline"]
    notices: list[str] = []
    assert with_fallback("interviewer", ask, notify=notices.append) is None
    assert notices == []
    with pytest.raises(OfflineSignal):
        get_llm().complete("hi", purpose="t")


def test_configured_chain_order_dedup_and_offline_last():
    config.set_value("llm.provider", "anthropic")
    config.set_value("llm.fallback", "openai, anthropic, offline, openai-compatible")
    assert configured_chain() == ["anthropic", "openai", "offline"]
    config.set_value("llm.fallback", "openai")
    assert configured_chain() == ["anthropic", "openai", "offline"]


def test_chain_switches_mid_session_and_stays_switched(server, server2):
    keys.set_key("anthropic", "ant-key")
    keys.set_key("openai", "oai-key")
    server.push(A.message("Q1 from claude"), A.error(500), A.error(500), A.error(500))
    server2.push(O.completion("Q2 from gpt"), O.completion("Q3 from gpt"))
    notices: list[str] = []
    chain = FallbackChain(
        ["anthropic", "openai"],
        notify=notices.append,
        factory=factory_for({"anthropic": server.url, "openai": server2.url + "/v1"}),
    )
    assert chain.run(ask, purpose="interviewer") == "Q1 from claude"
    assert notices == []
    assert chain.run(ask, purpose="interviewer") == "Q2 from gpt"  # anthropic died after 3 tries
    assert len(notices) == 1 and notices[0].startswith("anthropic failed for interviewer")
    assert "switching to openai" in notices[0] and "\n" not in notices[0]
    assert chain.run(ask, purpose="interviewer") == "Q3 from gpt"
    assert len(server.requests) == 4  # the dead provider is not retried on the next turn
    assert chain.current == "openai"


def test_chain_falls_to_offline_mid_session(server):
    """Done-when: a fake openai-compatible server that dies mid-interview -> offline (None)."""
    config.set_value("llm.base_url", server.url + "/v1")
    config.set_value("llm.model", "llama3.2")
    config.set_value("llm.provider", "openai-compatible")
    server.push(O.completion("Tell me about yourself."))
    server.push(O.error(503), O.error(503), O.error(503))
    notices: list[str] = []
    chain = FallbackChain(notify=notices.append, factory=factory_for({}))
    assert chain.names == ["openai-compatible", "offline"]
    turns = [chain.run(ask, purpose="interviewer") for _ in range(3)]
    assert turns == ["Tell me about yourself.", None, None]
    assert len(notices) == 1 and "switching to offline" in notices[0]
    assert chain.offline and chain.failures[0][0] == "openai-compatible"


def test_missing_key_moves_on_with_the_fix_in_the_notice():
    notices: list[str] = []
    chain = FallbackChain(["anthropic"], notify=notices.append)
    assert chain.run(ask, purpose="judge") is None
    assert "no API key for anthropic" in notices[0] and "switching to offline" in notices[0]


def test_malformed_output_from_a_schema_call_falls_back(server):
    keys.set_key("openai", "k")
    server.push(O.completion(data={"wrong": True}))
    schema = {"type": "object", "properties": {"q": {"type": "string"}}, "required": ["q"]}
    notices: list[str] = []
    chain = FallbackChain(["openai"], notify=notices.append, factory=factory_for({"openai": server.url + "/v1"}))
    assert chain.run(lambda llm: llm.complete("x", schema=schema, purpose="diff").data) is None
    assert "does not match the requested schema" in notices[0]


def test_bugs_are_not_swallowed(server):
    keys.set_key("openai", "k")
    server.push(O.completion("fine"))
    chain = FallbackChain(["openai"], notify=lambda m: None, factory=factory_for({"openai": server.url + "/v1"}))

    def buggy(llm):
        llm.complete("x", purpose="t")
        raise ZeroDivisionError("a bug in the caller")

    with pytest.raises(ZeroDivisionError):
        chain.run(buggy)
