"""One registry for built-in providers and entry-point plug-ins.

Built-ins and plug-ins go through the same hook, modelled on ``llm``'s
``register_models``: a function ``register_providers(register)`` that calls
``register(ProviderSpec(...))`` once per provider. Plug-ins declare theirs in their
own pyproject::

    [project.entry-points."icraft.providers"]
    myvendor = "icraft_myvendor:register_providers"

A plug-in that fails to load is reported by `icraft providers`, never fatal.
Specs are keyed by (kind, id): "openai" is an LLM, an STT and a TTS provider.
Provider ids may carry a model: ``openai:gpt-4o-mini``, ``openai-compatible:llama3.2``.
"""

from __future__ import annotations

import difflib
import importlib
from typing import Any, Callable

from icraft.providers.base import LLM, LLMOptions, ProviderSpec, ProviderUnavailable

ENTRY_POINT_GROUP = "icraft.providers"
OFFLINE = "offline"

# Keyed by (kind, id): "openai" is both an LLM and an STT/TTS provider.
_SPECS: dict[tuple[str, str], ProviderSpec] | None = None
_ERRORS: list[str] = []


def _lazy(target: str) -> Callable[..., Any]:
    """A factory that imports ``module:Class`` only when a provider is built."""

    def factory(spec: ProviderSpec, options: LLMOptions, key: Any) -> Any:
        module, _, name = target.partition(":")
        return getattr(importlib.import_module(module), name)(spec, options, key)

    factory.__qualname__ = f"lazy({target})"
    return factory


def register_builtins(register: Callable[[ProviderSpec], None]) -> None:
    """icraft's own providers, registered exactly as a plug-in would register its own."""
    llm_caps = frozenset({"llm", "streaming", "json"})
    register(
        ProviderSpec(
            id="anthropic",
            kind="llm",
            description="Anthropic Messages API (Claude): streaming, prompt caching, tool use",
            factory=_lazy("icraft.providers.llm.anthropic:AnthropicLLM"),
            capabilities=llm_caps | {"prompt-cache"},
            key_name="anthropic",
            env_var="ANTHROPIC_API_KEY",
            default_model="claude-sonnet-4-6",
        )
    )
    register(
        ProviderSpec(
            id="openai",
            kind="llm",
            description="OpenAI chat completions: streaming, json_schema structured output",
            factory=_lazy("icraft.providers.llm.openai:OpenAILLM"),
            capabilities=llm_caps,
            key_name="openai",
            env_var="OPENAI_API_KEY",
            default_model="gpt-4.1-mini",
        )
    )
    register(
        ProviderSpec(
            id="openai-compatible",
            kind="llm",
            description="any OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio) at llm.base_url",
            factory=_lazy("icraft.providers.llm.openai:OpenAILLM"),
            capabilities=llm_caps,
            key_name="openai-compatible",  # overridden by config llm.key_name
            key_required=False,
            needs_base_url=True,
        )
    )
    register(
        ProviderSpec(
            id=OFFLINE,
            kind="llm",
            description="built-in rule-based engine: no model, no network (the default)",
            factory=_lazy("icraft.providers.llm.offline:OfflineLLM"),
            capabilities=frozenset({"llm"}),
            key_name=None,
            key_required=False,
        )
    )
    # Speech providers live in their own packages and register through the same hook.
    from icraft.providers import stt, tts

    stt.register_providers(register)
    tts.register_providers(register)


def _load() -> dict[tuple[str, str], ProviderSpec]:
    global _SPECS
    if _SPECS is not None:
        return _SPECS
    specs: dict[tuple[str, str], ProviderSpec] = {}
    _ERRORS.clear()

    def registrar(plugin: str | None) -> Callable[[ProviderSpec], None]:
        def register(spec: ProviderSpec) -> None:
            if (spec.kind, spec.id) in specs:
                _ERRORS.append(
                    f"{plugin or 'icraft'}: {spec.kind} provider {spec.id!r} is already registered; ignored"
                )
                return
            if plugin is not None:
                from dataclasses import replace

                spec = replace(spec, plugin=plugin)
            specs[(spec.kind, spec.id)] = spec

        return register

    register_builtins(registrar(None))
    from importlib.metadata import entry_points

    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            hook = ep.load()
            hook(registrar(ep.name))
        except Exception as e:  # a third-party plug-in must not break icraft; it is reported
            _ERRORS.append(f"plug-in {ep.name} ({ep.value}) failed to load: {type(e).__name__}: {e}")
    _SPECS = specs
    return specs


def reset() -> None:
    """Forget loaded specs (tests; after installing a plug-in in-process)."""
    global _SPECS
    _SPECS = None


def specs(kind: str | None = None) -> list[ProviderSpec]:
    return [s for s in _load().values() if kind is None or s.kind == kind]


def plugin_errors() -> list[str]:
    _load()
    return list(_ERRORS)


def split_id(name: str) -> tuple[str, str]:
    """"openai:gpt-4o" -> ("openai", "gpt-4o"); "anthropic" -> ("anthropic", "")."""
    pid, _, model = name.strip().partition(":")
    return pid, model


def get_spec(name: str, kind: str = "llm") -> ProviderSpec:
    pid, _ = split_id(name)
    found = _load().get((kind, pid))
    if found is None:
        ids = [i for k, i in _load() if k == kind]
        close = difflib.get_close_matches(pid, ids, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "run `icraft providers` to list them"
        what = "provider" if kind == "llm" else f"{kind} provider"
        raise ProviderUnavailable(f"unknown {what} '{pid}'", hint)
    return found


def key_name_for(spec: ProviderSpec) -> str | None:
    if spec.needs_base_url:
        from icraft import config

        return config.get("llm.key_name") or spec.key_name
    return spec.key_name


def options_for(spec: ProviderSpec, model: str = "") -> LLMOptions:
    """Options from config. ``llm.model`` applies to the configured llm.provider, and to a
    provider with no default model (openai-compatible), which has nothing else to use."""
    from icraft import config

    cfg = config.load()
    configured = split_id(cfg["llm.provider"])
    if not model and configured[0] == spec.id:
        model = configured[1] or cfg["llm.model"]
    if not model and not spec.default_model:
        model = cfg["llm.model"]
    return LLMOptions(
        model=model,
        timeout=float(cfg["llm.timeout"]),
        base_url=cfg["llm.base_url"] if spec.needs_base_url else "",
    )


def get_llm(name: str | None = None, *, key: str | None = None, options: LLMOptions | None = None) -> LLM:
    """The LLM named ``name`` ("provider" or "provider:model"); None: config llm.provider.

    Raises ProviderUnavailable (naming the fix) when it lacks a key, base URL or model.
    """
    from icraft import config
    from icraft.providers import keys

    name = name or config.get("llm.provider") or OFFLINE
    spec = get_spec(name)
    opts = options or options_for(spec, split_id(name)[1])
    if spec.needs_base_url and not opts.base_url:
        raise ProviderUnavailable(
            f"{spec.id} needs the server's base URL",
            "e.g. `icraft config set llm.base_url http://localhost:11434/v1` (Ollama)",
        )
    if spec.id != OFFLINE and not (opts.model or spec.default_model):
        raise ProviderUnavailable(
            f"{spec.id} needs a model name",
            f"`icraft config set llm.model NAME` or use `{spec.id}:NAME`",
        )
    secret = None
    key_name = key_name_for(spec)
    if key_name:
        if spec.key_required:
            secret = keys.require(key_name, key, provider=spec.id)
        else:
            found = keys.resolve(key_name, key)
            secret = found[0] if found else None
    return spec.factory(spec, opts, secret)
