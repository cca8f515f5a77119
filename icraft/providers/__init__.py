"""Providers: LLM (and later STT/TTS) adapters behind one registry, keys, retries,
the fallback chain and the usage ledger.

Importing this package is cheap: no vendor SDK is imported until a call is made
(``tests/test_providers_imports.py`` checks it in a subprocess).

    from icraft.providers import FallbackChain, get_llm
    chain = FallbackChain()                       # llm.provider -> llm.fallback -> offline
    reply = chain.run(lambda llm: llm.complete("Hi", purpose="interviewer"))
    if reply is None: ...                         # offline: use the rule-based path
"""

from icraft.providers.base import (
    LLM,
    Completion,
    LLMOptions,
    OfflineSignal,
    ProviderCallError,
    ProviderSpec,
    ProviderUnavailable,
    Secret,
)
from icraft.providers.fallback import FallbackChain, configured_chain, with_fallback
from icraft.providers.registry import OFFLINE, get_llm, get_spec, specs

__all__ = [
    "LLM",
    "OFFLINE",
    "Completion",
    "FallbackChain",
    "LLMOptions",
    "OfflineSignal",
    "ProviderCallError",
    "ProviderSpec",
    "ProviderUnavailable",
    "Secret",
    "configured_chain",
    "get_llm",
    "get_spec",
    "specs",
    "with_fallback",
]
