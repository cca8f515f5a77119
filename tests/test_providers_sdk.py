"""The real anthropic and openai SDKs against fake servers on 127.0.0.1 speaking the
vendors' wire formats: JSON, SSE streams, 429/500 with retries, timeouts, malformed
bodies, and the usage ledger rows each call leaves."""

from __future__ import annotations

import time

import pytest
from tests.fakes import anthropic_api as A
from tests.fakes import openai_api as O
from tests.fakes.fixtures import fast, offline_network, server, server2  # noqa: F401 (fixtures)
from tests.fakes.server import Reply, sse_frame

from icraft.providers import LLMOptions, ProviderCallError, Secret, get_spec
from icraft.store import connect

SCHEMA = {
    "type": "object",
    "properties": {"verdict": {"type": "string", "enum": ["good", "bad"]}, "n": {"type": "integer"}},
    "required": ["verdict", "n"],
    "additionalProperties": False,
}


def make(provider: str, url: str, key: str | None = "sk-test-KEY", timeout: float = 5.0, model: str = ""):
    spec = get_spec(provider)
    opts = LLMOptions(base_url=url, timeout=timeout, model=model)
    return fast(spec.factory(spec, opts, Secret(key) if key else None))


def usage_rows():
    conn = connect()
    try:
        return [dict(r) for r in conn.execute("SELECT * FROM usage ORDER BY id")]
    finally:
        conn.close()


# -- anthropic -------------------------------------------------------------------------
def test_anthropic_text_sends_cached_system_prompt_and_records_usage(server):
    server.push(A.message("Tell me about a conflict.", tokens_in=10, tokens_out=8, cache_read=900))
    llm = make("anthropic", server.url)
    c = llm.complete("start", system="You are a strict interviewer.", purpose="interviewer")
    assert c.text == "Tell me about a conflict."
    req = server.requests[0]
    assert req.path == "/v1/messages"
    assert req.headers["authorization"] == "Bearer sk-test-KEY"
    assert req.body["system"] == [
        {"type": "text", "text": "You are a strict interviewer.", "cache_control": {"type": "ephemeral"}}
    ]
    assert req.body["messages"] == [{"role": "user", "content": "start"}]
    assert req.body["model"] == "claude-sonnet-4-6"
    assert (c.tokens_in, c.tokens_out, c.cached_tokens) == (910, 8, 900)
    # sonnet: 10 * $3 + 900 * $0.30 + 8 * $15 per million
    assert c.cost_usd == pytest.approx((10 * 3 + 900 * 0.30 + 8 * 15) / 1e6)
    (row,) = usage_rows()
    assert row["provider"] == "anthropic" and row["model"] == A.MODEL and row["purpose"] == "interviewer"
    assert (row["tokens_in"], row["tokens_out"], row["cached_tokens"]) == (910, 8, 900)
    assert row["cost_usd"] == pytest.approx(c.cost_usd)


def test_anthropic_structured_output_is_a_forced_tool_call(server):
    server.push(A.message(tool_input={"verdict": "good", "n": 3}))
    c = make("anthropic", server.url).complete("judge", schema=SCHEMA, purpose="judge")
    assert c.data == {"verdict": "good", "n": 3}
    body = server.requests[0].body
    assert body["tools"][0]["input_schema"] == SCHEMA
    assert body["tool_choice"] == {"type": "tool", "name": body["tools"][0]["name"]}


def test_anthropic_tool_input_that_breaks_the_schema_is_refused(server):
    server.push(A.message(tool_input={"verdict": "great", "n": "three"}))
    with pytest.raises(ProviderCallError, match="does not match the requested schema"):
        make("anthropic", server.url).complete("judge", schema=SCHEMA, purpose="judge")
    assert usage_rows() == []  # a refused answer is not recorded as a successful call


def test_anthropic_streaming_delivers_deltas_in_order(server):
    server.push(A.stream(["Walk me ", "through ", "the design."], tokens_in=30, tokens_out=6, event_delay=0.02))
    got: list[str] = []
    c = make("anthropic", server.url).complete("go", purpose="interviewer", stream_to=got.append)
    assert got == ["Walk me ", "through ", "the design."]
    assert c.text == "Walk me through the design."
    assert server.requests[0].body["stream"] is True
    assert (c.tokens_in, c.tokens_out, c.stop_reason) == (30, 6, "end_turn")
    assert c.first_token_ms is not None and c.first_token_ms <= c.latency_ms
    assert usage_rows()[0]["tokens_out"] == 6


def test_anthropic_429_honours_retry_after_then_succeeds(server):
    server.push(A.error(429, "slow down", headers={"retry-after": "7"}), A.error(529, "overloaded"), A.message("ok"))
    sleeps: list[float] = []
    llm = fast(make("anthropic", server.url), sleeps)
    c = llm.complete("hi", purpose="t")
    assert c.text == "ok" and c.attempts == 3 and len(server.requests) == 3
    assert sleeps[0] == 7.0  # the server's Retry-After, not our backoff
    assert 0.5 * 0.75 * 2 <= sleeps[1] <= 0.5 * 1.25 * 2  # 2nd backoff: base * 2 with +/-25 % jitter


def test_anthropic_retries_are_bounded(server):
    server.push(A.error(500), A.error(500), A.error(500), A.message("never reached"))
    with pytest.raises(ProviderCallError, match=r"HTTP 500.*after 3 attempts") as e:
        make("anthropic", server.url).complete("hi", purpose="t")
    assert e.value.retryable and len(server.requests) == 3


def test_anthropic_client_errors_are_not_retried(server):
    server.push(A.error(401, "invalid x-api-key"))
    with pytest.raises(ProviderCallError) as e:
        make("anthropic", server.url).complete("hi", purpose="t")
    assert len(server.requests) == 1
    assert "HTTP 401" in e.value.message and "icraft keys set anthropic" in (e.value.hint or "")


def test_anthropic_malformed_json_body(server):
    server.push(Reply(body=b'{"id": "msg_01", "content": [tru'))
    with pytest.raises(ProviderCallError, match="malformed response"):
        make("anthropic", server.url).complete("hi", purpose="t")


def test_anthropic_json_without_content_is_a_provider_error_not_a_crash(server):
    """A compatible server's 200 reply the SDK accepts unchecked used to raise TypeError,
    which a fallback chain treats as a bug and so ended the session."""
    server.push(Reply.json({}), Reply.json({"content": [{"type": "text", "text": "hi"}]}))
    llm = make("anthropic", server.url)
    for _ in range(2):
        with pytest.raises(ProviderCallError, match="the response has no content or usage"):
            llm.complete("hi", purpose="t")


def test_anthropic_error_event_inside_stream(server):
    frames = A.stream(["partial "]).events[:4]
    frames.append(sse_frame({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}},
                            "error"))
    server.push(Reply.sse(frames))
    got: list[str] = []
    with pytest.raises(ProviderCallError, match="Overloaded"):
        make("anthropic", server.url).complete("hi", purpose="t", stream_to=got.append)
    assert got == ["partial "]
    assert len(server.requests) == 1  # text was already shown: no replay


def test_timeout_is_retried_then_reported(server):
    reply_after = 5.0
    llm = make("anthropic", server.url, timeout=0.25)
    server.push(A.message("warm"))
    assert llm.complete("hi", purpose="t").text == "warm"  # the SDK's first-call import cost is out of the timing
    server.push(*(Reply.json({}, delay=reply_after) for _ in range(3)))
    started = time.monotonic()
    with pytest.raises(ProviderCallError, match="timed out.*after 3 attempts"):
        llm.complete("hi", purpose="t")
    # three 0.25 s timeouts take ~0.75 s; had any attempt waited for the server's reply the
    # whole call would take longer than one reply's delay (a wide margin for a loaded machine)
    assert time.monotonic() - started < reply_after
    assert len(server.requests) == 1 + 3


# -- openai ----------------------------------------------------------------------------
def test_openai_text_and_cached_tokens(server):
    server.push(O.completion("Hello!", prompt=1200, completion_tokens=5, cached=1024))
    c = make("openai", server.url + "/v1").complete(
        [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hey"}, {"role": "user", "content": "go"}],
        system="be brief",
        purpose="interviewer",
    )
    assert c.text == "Hello!"
    req = server.requests[0]
    assert req.path == "/v1/chat/completions"
    assert req.body["messages"][0] == {"role": "system", "content": "be brief"}
    assert [m["role"] for m in req.body["messages"]] == ["system", "user", "assistant", "user"]
    assert (c.tokens_in, c.tokens_out, c.cached_tokens) == (1200, 5, 1024)
    assert c.cost_usd == pytest.approx((176 * 0.40 + 1024 * 0.10 + 5 * 1.60) / 1e6)


def test_openai_json_schema_at_temperature_zero(server):
    server.push(O.completion(data={"verdict": "bad", "n": 0}))
    c = make("openai", server.url + "/v1").complete("judge", schema=SCHEMA, purpose="judge")
    assert c.data == {"verdict": "bad", "n": 0}
    body = server.requests[0].body
    assert body["temperature"] == 0
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["schema"] == SCHEMA
    assert body["response_format"]["json_schema"]["strict"] is True


def test_openai_malformed_json_content_is_a_provider_error(server):
    server.push(O.completion('{"verdict": "good", '))
    with pytest.raises(ProviderCallError, match="malformed"):
        make("openai", server.url + "/v1").complete("judge", schema=SCHEMA, purpose="judge")


def test_openai_streaming_with_usage_chunk_and_done(server):
    server.push(O.stream(["Why ", "that ", "database?"], prompt=40, completion_tokens=4))
    got: list[str] = []
    c = make("openai", server.url + "/v1").complete("go", purpose="interviewer", stream_to=got.append)
    assert got == ["Why ", "that ", "database?"] and c.text == "Why that database?"
    assert server.requests[0].body["stream_options"] == {"include_usage": True}
    assert (c.tokens_in, c.tokens_out) == (40, 4)


def test_openai_malformed_sse_chunk(server):
    frames = O.stream(["ok"]).events[:2] + [b"data: {not json\n\n"]
    server.push(Reply.sse(frames))
    with pytest.raises(ProviderCallError, match="malformed"):
        make("openai", server.url + "/v1").complete("go", purpose="t", stream_to=lambda d: None)


def test_openai_500_then_ok_with_retry_after_ms(server):
    server.push(O.error(503, headers={"retry-after-ms": "1500"}), O.completion("fine"))
    sleeps: list[float] = []
    c = fast(make("openai", server.url + "/v1"), sleeps).complete("hi", purpose="t")
    assert c.text == "fine" and sleeps == [1.5]


def test_openai_compatible_via_config_base_url_without_key(server, monkeypatch):
    """Ollama-style: configured, not subclassed; no key sent as a real credential; costs 0."""
    from icraft import config
    from icraft.providers import get_llm

    config.set_value("llm.provider", "openai-compatible")
    config.set_value("llm.base_url", server.url + "/v1")
    config.set_value("llm.model", "llama3.2")
    server.push(O.completion("local hello", model="llama3.2", prompt=50, completion_tokens=3))
    llm = get_llm()
    assert (llm.id, llm.model) == ("openai-compatible", "llama3.2")
    c = llm.complete("hi", purpose="interviewer")
    assert c.text == "local hello" and c.cost_usd == 0.0
    body = server.requests[0].body
    assert body["model"] == "llama3.2" and "max_tokens" in body
    assert server.requests[0].headers["authorization"] == "Bearer not-needed"
    assert usage_rows()[0]["provider"] == "openai-compatible"


def test_openai_compatible_uses_the_key_named_in_config(server, monkeypatch):
    from icraft import config
    from icraft.providers import get_llm, keys

    config.set_value("llm.base_url", server.url + "/v1")
    config.set_value("llm.key_name", "vllm-box")
    keys.set_key("vllm-box", "vllm-secret-123")
    server.push(O.completion("ok"))
    get_llm("openai-compatible:qwen2.5").complete("hi", purpose="t")
    assert server.requests[0].headers["authorization"] == "Bearer vllm-secret-123"
    assert server.requests[0].body["model"] == "qwen2.5"


def test_check_lists_models(server, server2):
    server.push(A.models())
    server2.push(O.error(401, "Incorrect API key provided"))
    assert make("anthropic", server.url).check().startswith("ok (")
    assert server.requests[0].path.startswith("/v1/models")
    with pytest.raises(ProviderCallError, match="HTTP 401"):
        make("openai", server2.url + "/v1").check()


def test_usage_session_id_links_to_sessions(server, db):
    from icraft.store.sessions import create_session

    sid = create_session(db, "interview")
    server.push(O.completion("a"), O.completion("b"))
    llm = make("openai", server.url + "/v1")
    llm.complete("x", purpose="interviewer", session_id=sid)
    llm.complete("y", purpose="interviewer", session_id="no-such-session")
    rows = usage_rows()
    assert [r["session_id"] for r in rows] == [sid, None]
