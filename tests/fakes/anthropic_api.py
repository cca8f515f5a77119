"""Anthropic Messages API wire format (POST /v1/messages), as the real API sends it."""

from __future__ import annotations

from typing import Any

from .server import Reply, sse_frame

MODEL = "claude-sonnet-4-6"


def usage(tokens_in: int = 12, tokens_out: int = 7, cache_read: int = 0, cache_write: int = 0) -> dict[str, Any]:
    return {
        "input_tokens": tokens_in,
        "output_tokens": tokens_out,
        "cache_read_input_tokens": cache_read,
        "cache_creation_input_tokens": cache_write,
    }


def message(text: str = "", *, tool_input: Any = None, model: str = MODEL, **u: int) -> Reply:
    content: list[dict[str, Any]] = []
    if text:
        content.append({"type": "text", "text": text})
    if tool_input is not None:
        content.append({"type": "tool_use", "id": "toolu_01", "name": "respond", "input": tool_input})
    return Reply.json(
        {
            "id": "msg_01",
            "type": "message",
            "role": "assistant",
            "model": model,
            "content": content,
            "stop_reason": "tool_use" if tool_input is not None else "end_turn",
            "stop_sequence": None,
            "usage": usage(**u),
        }
    )


def stream(deltas: list[str], *, model: str = MODEL, event_delay: float = 0.0, **u: int) -> Reply:
    """The event sequence of a streamed text answer."""
    start_usage = usage(**u)
    out_tokens = start_usage["output_tokens"]
    start_usage["output_tokens"] = 1
    frames = [
        sse_frame(
            {
                "type": "message_start",
                "message": {
                    "id": "msg_01",
                    "type": "message",
                    "role": "assistant",
                    "model": model,
                    "content": [],
                    "stop_reason": None,
                    "stop_sequence": None,
                    "usage": start_usage,
                },
            },
            "message_start",
        ),
        sse_frame({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
                  "content_block_start"),
        sse_frame({"type": "ping"}, "ping"),
    ]
    for d in deltas:
        frames.append(
            sse_frame({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": d}},
                      "content_block_delta")
        )
    frames += [
        sse_frame({"type": "content_block_stop", "index": 0}, "content_block_stop"),
        sse_frame(
            {
                "type": "message_delta",
                "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": out_tokens},
            },
            "message_delta",
        ),
        sse_frame({"type": "message_stop"}, "message_stop"),
    ]
    return Reply.sse(frames, event_delay=event_delay)


def error(status: int, message: str = "boom", kind: str = "api_error", **kw: Any) -> Reply:
    kinds = {429: "rate_limit_error", 401: "authentication_error", 529: "overloaded_error", 400: "invalid_request_error"}
    return Reply.json({"type": "error", "error": {"type": kinds.get(status, kind), "message": message}}, status, **kw)


def models() -> Reply:
    return Reply.json(
        {"data": [{"type": "model", "id": MODEL, "display_name": "Claude Sonnet 4.6", "created_at": "2025-09-29T00:00:00Z"}],
         "has_more": False, "first_id": MODEL, "last_id": MODEL}
    )
