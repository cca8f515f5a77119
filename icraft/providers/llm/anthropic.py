"""Anthropic Messages API adapter (the ``anthropic`` SDK, imported on first call).

- The static system prompt (rubric, interviewer persona) is sent as a text block with
  ``cache_control: ephemeral`` so repeated calls read it from the prompt cache.
- Structured output is a forced tool call whose ``input_schema`` is the wanted schema;
  the tool_use block's ``input`` is the data. (No temperature: see ``_request``.)
- Streaming reads the raw SSE events (message_start, content_block_delta,
  message_delta, message_stop) to pass text deltas on and collect usage.
"""

from __future__ import annotations

from typing import Any, Mapping

from icraft.providers.base import LLM, Completion, FirstDelta, ProviderCallError, StreamCallback
from icraft.providers.llm import _sdk

TOOL_NAME = "respond"


class AnthropicLLM(LLM):
    def _make_client(self, timeout: float) -> Any:
        import anthropic

        kwargs = _sdk.http_client_kwargs(timeout)
        if self.options.base_url:
            kwargs["base_url"] = self.options.base_url
        return anthropic.Anthropic(api_key=self._key.reveal() if self._key else None, **kwargs)

    def _classify(self, exc: BaseException) -> ProviderCallError | None:
        import anthropic

        return _sdk.classify(anthropic, exc, self.id, self._key)

    def _request(self, messages: list[dict[str, str]], system: str | None, schema: Mapping[str, Any] | None) -> dict:
        req: dict[str, Any] = {"model": self.model, "max_tokens": self.options.max_tokens, "messages": messages}
        if system:
            req["system"] = [{"type": "text", "text": system, "cache_control": {"type": "ephemeral"}}]
        if schema is not None:
            req["tools"] = [
                {
                    "name": TOOL_NAME,
                    "description": "Give the answer as this tool's input; nothing else is read.",
                    "input_schema": dict(schema),
                }
            ]
            req["tool_choice"] = {"type": "tool", "name": TOOL_NAME}
        # The Messages API version the installed SDK (2.x) targets has no sampling
        # parameters (`temperature` is not accepted): a forced tool call plus code
        # verification of everything it returns is what makes the output dependable.
        return req

    def _call(self, client: Any, req: dict, schema: Mapping[str, Any] | None) -> Completion:
        msg = client.messages.create(**req)
        if msg.content is None or msg.usage is None:  # the SDK does not validate a 200 body
            raise ProviderCallError(f"{self.id}: the response has no content or usage")
        text = "".join(b.text for b in msg.content if b.type == "text")
        data = None
        if schema is not None:
            uses = [b for b in msg.content if b.type == "tool_use" and b.name == TOOL_NAME]
            if not uses:
                raise ProviderCallError(f"{self.id}: the model did not call the {TOOL_NAME} tool")
            data = uses[0].input
        u = msg.usage
        cached = u.cache_read_input_tokens or 0
        written = u.cache_creation_input_tokens or 0
        return Completion(
            text=text,
            data=data,
            provider=self.id,
            model=msg.model or self.model,
            tokens_in=u.input_tokens + cached + written,
            tokens_out=u.output_tokens,
            cached_tokens=cached,
            cache_write_tokens=written,
            stop_reason=msg.stop_reason,
        )

    def _stream(self, client: Any, req: dict, stream_to: StreamCallback) -> Completion:
        deltas = FirstDelta(stream_to)
        model, stop = self.model, None
        tin = tout = cached = written = 0
        with client.messages.create(stream=True, **req) as events:
            for ev in events:
                if ev.type == "message_start":
                    model = ev.message.model or model
                    u = ev.message.usage
                    cached = u.cache_read_input_tokens or 0
                    written = u.cache_creation_input_tokens or 0
                    tin = u.input_tokens + cached + written
                    tout = u.output_tokens
                elif ev.type == "content_block_delta" and ev.delta.type == "text_delta":
                    deltas(ev.delta.text)
                elif ev.type == "message_delta":
                    stop = ev.delta.stop_reason or stop
                    tout = ev.usage.output_tokens or tout
        return Completion(
            text=deltas.text,
            provider=self.id,
            model=model,
            tokens_in=tin,
            tokens_out=tout,
            cached_tokens=cached,
            cache_write_tokens=written,
            stop_reason=stop,
            first_token_ms=deltas.first_ms,
        )

    def _probe(self, timeout: float) -> None:
        self._client(timeout).models.list(limit=1)
