"""OpenAI chat completions adapter, also used for any OpenAI-compatible server.

Ollama, vLLM, llama.cpp server and LM Studio speak the same wire protocol, so
``openai-compatible`` is this class *configured* with ``llm.base_url`` and the key
named by ``llm.key_name`` (optional: local servers usually need none).

- Structured output: ``response_format = {"type": "json_schema", strict}`` at temperature 0.
- Streaming: ``data:`` chunks until ``[DONE]``, with ``stream_options.include_usage``
  so the last chunk carries the token counts.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from icraft.providers.base import LLM, Completion, FirstDelta, ProviderCallError, StreamCallback
from icraft.providers.llm import _sdk

#: Sent when a local server needs no key (the SDK insists on some value).
NO_KEY = "not-needed"


class OpenAILLM(LLM):
    def _make_client(self, timeout: float) -> Any:
        import openai

        kwargs = _sdk.http_client_kwargs(timeout)
        if self.options.base_url:
            kwargs["base_url"] = self.options.base_url
        key = self._key.reveal() if self._key else NO_KEY
        return openai.OpenAI(api_key=key, organization=None, project=None, **kwargs)

    def _classify(self, exc: BaseException) -> ProviderCallError | None:
        import openai

        return _sdk.classify(openai, exc, self.id, self._key)

    def _request(self, messages: list[dict[str, str]], system: str | None, schema: Mapping[str, Any] | None) -> dict:
        msgs: list[dict[str, str]] = [{"role": "system", "content": system}] if system else []
        msgs.extend(messages)
        # OpenAI renamed max_tokens; local servers (Ollama, llama.cpp) still read the old name.
        limit = "max_tokens" if self.spec.needs_base_url else "max_completion_tokens"
        req: dict[str, Any] = {"model": self.model, "messages": msgs, limit: self.options.max_tokens}
        if schema is not None:
            req["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "response", "schema": dict(schema), "strict": True},
            }
            req["temperature"] = 0
        elif self.options.temperature is not None:
            req["temperature"] = self.options.temperature
        return req

    def _call(self, client: Any, req: dict, schema: Mapping[str, Any] | None) -> Completion:
        resp = client.chat.completions.create(**req)
        if not resp.choices:
            raise ProviderCallError(f"{self.id}: the response has no choices")
        choice = resp.choices[0]
        text = choice.message.content or ""
        data = None
        if schema is not None:
            if getattr(choice.message, "refusal", None):
                raise ProviderCallError(f"{self.id}: the model refused: {choice.message.refusal[:200]}")
            try:
                data = json.loads(text)
            except ValueError:
                raise ProviderCallError(f"{self.id}: the model's JSON output is malformed") from None
        tin, tout, cached = _usage(resp.usage)
        return Completion(
            text=text,
            data=data,
            provider=self.id,
            model=resp.model or self.model,
            tokens_in=tin,
            tokens_out=tout,
            cached_tokens=cached,
            stop_reason=choice.finish_reason,
        )

    def _stream(self, client: Any, req: dict, stream_to: StreamCallback) -> Completion:
        deltas = FirstDelta(stream_to)
        model, stop, usage = self.model, None, None
        with client.chat.completions.create(stream=True, stream_options={"include_usage": True}, **req) as chunks:
            for chunk in chunks:
                model = chunk.model or model
                if chunk.usage is not None:
                    usage = chunk.usage
                for choice in chunk.choices:
                    delta = choice.delta.content if choice.delta else None
                    if delta:
                        deltas(delta)
                    stop = choice.finish_reason or stop
        tin, tout, cached = _usage(usage)
        return Completion(
            text=deltas.text,
            provider=self.id,
            model=model,
            tokens_in=tin,
            tokens_out=tout,
            cached_tokens=cached,
            stop_reason=stop,
            first_token_ms=deltas.first_ms,
        )

    def _probe(self, timeout: float) -> None:
        self._client(timeout).models.list()


def _usage(u: Any) -> tuple[int, int, int]:
    """(tokens in incl. cached, tokens out, cached) from a CompletionUsage or None."""
    if u is None:
        return 0, 0, 0
    details = getattr(u, "prompt_tokens_details", None)
    cached = (getattr(details, "cached_tokens", None) or 0) if details is not None else 0
    return u.prompt_tokens or 0, u.completion_tokens or 0, cached
