"""OpenAI chat completions wire format (POST /v1/chat/completions), as the real API sends it."""

from __future__ import annotations

import json
from typing import Any

from .server import Reply, sse_frame

MODEL = "gpt-4.1-mini-2025-04-14"


def _usage(prompt: int, completion: int, cached: int) -> dict[str, Any]:
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": cached, "audio_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0},
    }


def completion(text: str | None = None, *, data: Any = None, model: str = MODEL, prompt: int = 20,
               completion_tokens: int = 9, cached: int = 0) -> Reply:
    content = json.dumps(data) if data is not None else text
    return Reply.json(
        {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 1760000000,
            "model": model,
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": content, "refusal": None},
                 "logprobs": None, "finish_reason": "stop"}
            ],
            "usage": _usage(prompt, completion_tokens, cached),
        }
    )


def stream(deltas: list[str], *, model: str = MODEL, prompt: int = 20, completion_tokens: int = 9,
           cached: int = 0, event_delay: float = 0.0) -> Reply:
    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1760000000, "model": model,
                "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}], "usage": None}

    frames = [sse_frame(chunk({"role": "assistant", "content": ""}))]
    frames += [sse_frame(chunk({"content": d})) for d in deltas]
    frames.append(sse_frame(chunk({}, "stop")))
    frames.append(sse_frame({"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1760000000,
                             "model": model, "choices": [], "usage": _usage(prompt, completion_tokens, cached)}))
    frames.append(b"data: [DONE]\n\n")
    return Reply.sse(frames, event_delay=event_delay)


def error(status: int, message: str = "boom", **kw: Any) -> Reply:
    kinds = {429: "rate_limit_exceeded", 401: "invalid_api_key"}
    return Reply.json({"error": {"message": message, "type": "error", "param": None,
                                 "code": kinds.get(status)}}, status, **kw)


def models() -> Reply:
    return Reply.json({"object": "list", "data": [{"id": MODEL, "object": "model", "created": 1, "owned_by": "openai"}]})
