"""The built-in ``offline`` provider: no model at all.

It exists so "offline" is a provider like any other (listed, selectable, last in
every fallback chain). Its ``complete`` raises :class:`OfflineSignal`, which tells
the caller to use its own rule-based code; ``FallbackChain.run`` turns that into
``None`` before the caller sees it.
"""

from __future__ import annotations

from typing import Any

from icraft.providers.base import LLM, Completion, OfflineSignal


class OfflineLLM(LLM):
    offline = True

    def complete(self, messages: Any, **kwargs: Any) -> Completion:  # type: ignore[override]
        raise OfflineSignal()

    def check(self, timeout: float = 3.0) -> str:
        return "always available (rule-based, no network)"
