"""Speech-to-text providers: deepgram (live WebSocket), openai (transcriptions API),
local (faster-whisper, optional extra). One streaming interface: see ``base``.

    stt = get_stt()                     # config stt.provider, default "local"
    stream = stt.open(on_result=print)  # interim + final results while speaking
    for frame in source: stream.send(frame)
    turn = stream.finish().turn()       # a timed core.Turn, fillers kept

Specs use the providers registry's ``ProviderSpec`` (kind "stt") and its key
resolution (explicit -> stored -> environment); ``register_providers`` is the
registry/plug-in hook, so `icraft providers` can list them.
"""

from __future__ import annotations

from typing import Any, Callable

from icraft.providers.base import ProviderSpec, ProviderUnavailable, Secret
from icraft.providers.registry import _lazy  # the registry's lazy factory: SDKs load on first use
from icraft.providers.stt.base import (
    FILLER_PROMPT,
    SpeechToText,
    SttOptions,
    SttResult,
    SttStream,
    Transcription,
)


STT_SPECS: dict[str, ProviderSpec] = {
    s.id: s
    for s in (
        ProviderSpec(
            id="deepgram", kind="stt", description="Deepgram live streaming (WebSocket): interim results, "
            "filler words, word timings", factory=_lazy("icraft.providers.stt.deepgram:DeepgramStt"),
            capabilities=frozenset({"stt", "streaming", "fillers"}), key_name="deepgram",
            env_var="DEEPGRAM_API_KEY", default_model="nova-3", options=SttOptions,
        ),
        ProviderSpec(
            id="openai", kind="stt", description="OpenAI transcriptions (whisper-1, verbose_json word timestamps)",
            factory=_lazy("icraft.providers.stt.openai:OpenAIStt"), capabilities=frozenset({"stt"}),
            key_name="openai", env_var="OPENAI_API_KEY", default_model="whisper-1", options=SttOptions,
        ),
        ProviderSpec(
            id="local", kind="stt", description="faster-whisper on this machine (pip install 'icraft[local-stt]'); "
            "model from stt.local_model", factory=_lazy("icraft.providers.stt.local:LocalStt"),
            capabilities=frozenset({"stt", "streaming", "offline"}), key_name=None, key_required=False,
            default_model="tiny.en", options=SttOptions,
        ),
    )
}


def register_providers(register: Callable[[ProviderSpec], None]) -> None:
    """The registry hook (same shape as a plug-in's)."""
    for spec in STT_SPECS.values():
        register(spec)


def resolve_key(spec: ProviderSpec, explicit: str | None = None) -> Secret | None:
    """The providers key API: explicit -> stored -> environment; a missing required
    key is a ProviderUnavailable naming `icraft keys set NAME`."""
    if not spec.key_name:
        return None
    from icraft.providers import keys

    if spec.key_required:
        return keys.require(spec.key_name, explicit, provider=spec.id)
    found = keys.resolve(spec.key_name, explicit)
    return found[0] if found else None


def spec_for(specs: dict[str, ProviderSpec], name: str, kind: str) -> ProviderSpec:
    import difflib

    pid = name.strip().partition(":")[0]
    if pid not in specs:
        close = difflib.get_close_matches(pid, list(specs), n=1)
        raise ProviderUnavailable(
            f"unknown {kind} provider '{pid}'",
            f"did you mean '{close[0]}'?" if close else f"choose one of: {', '.join(specs)}",
        )
    return specs[pid]


def spec_with_model(specs: dict[str, ProviderSpec], name: str, kind: str, opts: Any) -> ProviderSpec:
    """The spec for ``name`` ("provider" or "provider:model"); the model part, if any,
    goes into ``opts.model`` unless the options already name one."""
    spec = spec_for(specs, name, kind)
    model = name.partition(":")[2]
    if model and not opts.model:
        opts.model = model
    return spec


def get_stt(name: str | None = None, *, key: str | None = None, options: SttOptions | None = None) -> SpeechToText:
    """The recogniser ``name`` ("provider" or "provider:model"); None: config stt.provider."""
    from icraft import config

    name = name or config.get("stt.provider") or "local"
    opts = options or SttOptions()
    spec = spec_with_model(STT_SPECS, name, "speech-to-text", opts)
    if spec.id == "local" and not opts.model:
        opts.model = config.get("stt.local_model")
    return spec.factory(spec, opts, resolve_key(spec, key))


__all__ = [
    "FILLER_PROMPT",
    "STT_SPECS",
    "SpeechToText",
    "SttOptions",
    "SttResult",
    "SttStream",
    "Transcription",
    "get_stt",
    "register_providers",
    "resolve_key",
]
