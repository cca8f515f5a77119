"""The fallback chain: a provider failing mid-session degrades to the next one.

The chain is ``llm.provider`` followed by ``llm.fallback``, always ending with
``offline``. ``run(fn)`` calls ``fn(llm)`` with the current provider; a
ProviderError (missing key, HTTP error after retries, timeout, bad output) emits a
one-line notice and moves on. The chain remembers the switch, so the rest of a
session does not wait on a provider that just failed. Reaching ``offline`` returns
None: the caller then uses its own rule-based code.
"""

from __future__ import annotations

import sys
from typing import Callable, Sequence, TypeVar

from icraft.core.errors import ProviderError
from icraft.providers.base import LLM
from icraft.providers.registry import OFFLINE, get_llm, split_id

T = TypeVar("T")
Notify = Callable[[str], None]


def _stderr_notice(message: str) -> None:
    sys.stderr.write(f"icraft: {message}\n")


def configured_chain(first: str | None = None) -> list[str]:
    """``first`` (or llm.provider), then llm.fallback, deduplicated, ending in offline."""
    from icraft import config

    cfg = config.load()
    names = [first or cfg["llm.provider"] or OFFLINE, *cfg["llm.fallback"]]
    chain: list[str] = []
    for n in names:
        n = n.strip()
        if n and n not in chain:
            chain.append(n)
    if OFFLINE in chain:
        chain = chain[: chain.index(OFFLINE)]
    return [*chain, OFFLINE]


class FallbackChain:
    """An ordered list of provider names, stateful across calls of one session."""

    def __init__(
        self,
        names: Sequence[str] | None = None,
        *,
        notify: Notify | None = None,
        factory: Callable[[str], LLM] = get_llm,
    ) -> None:
        chain = list(names) if names is not None else configured_chain()
        if not chain or split_id(chain[-1])[0] != OFFLINE:
            chain.append(OFFLINE)
        self.names = chain
        self.position = 0
        self.notify = notify or _stderr_notice
        self._factory = factory
        self._llms: dict[str, LLM] = {}
        self.failures: list[tuple[str, str]] = []  # (provider, one-line reason)

    @property
    def current(self) -> str:
        return self.names[self.position]

    @property
    def offline(self) -> bool:
        return split_id(self.current)[0] == OFFLINE

    def _llm(self, name: str) -> LLM:
        if name not in self._llms:
            self._llms[name] = self._factory(name)
        return self._llms[name]

    def run(self, fn: Callable[[LLM], T], *, purpose: str = "") -> T | None:
        """``fn(llm)`` with the first provider that works; None when only offline is left."""
        while not self.offline:
            name = self.current
            try:
                return fn(self._llm(name))
            except ProviderError as e:
                self.failures.append((name, e.message))
                self.position += 1
                what = f" for {purpose}" if purpose else ""
                self.notify(f"{name} failed{what} ({e.message}); switching to {self.current}")
        return None


def with_fallback(
    purpose: str, fn: Callable[[LLM], T], *, chain: FallbackChain | None = None, notify: Notify | None = None
) -> T | None:
    """One call through a chain (the configured one unless given); None means offline."""
    return (chain or FallbackChain(notify=notify)).run(fn, purpose=purpose)
