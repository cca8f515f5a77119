"""Text-to-speech providers and the fallback chain that keeps the interviewer talking.

Providers: ``elevenlabs``, ``openai``, ``deepgram`` (Aura), ``local`` (espeak-ng)
and ``none`` (text only). :class:`TtsChain` is ``tts.provider`` followed by
``tts.fallback`` and always ends with ``none``: a provider that errors or gives
no audio within ``tts.timeout`` seconds is dropped *for the rest of the session*
(one notice), and the sentence is spoken by the next one.
"""

from __future__ import annotations

import queue
import sys
import threading
from typing import Any, Callable, Iterator, Sequence

from icraft.core.errors import DependencyError, ProviderError
from icraft.providers.base import ProviderCallError, ProviderSpec
from icraft.providers.registry import _lazy
from icraft.providers.stt import resolve_key, spec_with_model
from icraft.providers.tts.base import TextToSpeech, TtsOptions, sentences

NONE = "none"

TTS_SPECS: dict[str, ProviderSpec] = {
    s.id: s
    for s in (
        ProviderSpec(id="elevenlabs", kind="tts", description="ElevenLabs streaming voices (pcm_16000)",
                     factory=_lazy("icraft.providers.tts.vendors:ElevenLabsTts"),
                     capabilities=frozenset({"tts", "streaming"}), key_name="elevenlabs",
                     env_var="ELEVENLABS_API_KEY", default_model="eleven_flash_v2_5", options=TtsOptions),
        ProviderSpec(id="openai", kind="tts", description="OpenAI speech (gpt-4o-mini-tts, raw pcm)",
                     factory=_lazy("icraft.providers.tts.vendors:OpenAITts"),
                     capabilities=frozenset({"tts", "streaming"}), key_name="openai", env_var="OPENAI_API_KEY",
                     default_model="gpt-4o-mini-tts", options=TtsOptions),
        ProviderSpec(id="deepgram", kind="tts", description="Deepgram Aura voices (linear16)",
                     factory=_lazy("icraft.providers.tts.vendors:DeepgramTts"),
                     capabilities=frozenset({"tts", "streaming"}), key_name="deepgram",
                     env_var="DEEPGRAM_API_KEY", default_model="aura-2-thalia-en", options=TtsOptions),
        ProviderSpec(id="local", kind="tts", description="espeak-ng on this machine: offline, instant, robotic",
                     factory=_lazy("icraft.providers.tts.local:EspeakTts"),
                     capabilities=frozenset({"tts", "offline"}), key_name=None, key_required=False,
                     options=TtsOptions),
        ProviderSpec(id=NONE, kind="tts", description="no speech: the interviewer's words are shown only",
                     factory=_lazy("icraft.providers.tts.local:SilentTts"), capabilities=frozenset({"tts"}),
                     key_name=None, key_required=False, options=TtsOptions),
    )
}


def register_providers(register: Callable[[ProviderSpec], None]) -> None:
    for spec in TTS_SPECS.values():
        register(spec)


def options_from_config() -> TtsOptions:
    from icraft import config

    cfg = config.load()
    return TtsOptions(voice=cfg["tts.voice"], timeout=float(cfg["tts.timeout"]))


def get_tts(name: str | None = None, *, key: str | None = None, options: TtsOptions | None = None) -> TextToSpeech:
    """The voice ``name`` ("provider" or "provider:model"); None: config tts.provider."""
    from icraft import config

    name = name or config.get("tts.provider") or "local"
    opts = options or options_from_config()
    spec = spec_with_model(TTS_SPECS, name, "text-to-speech", opts)
    return spec.factory(spec, opts, resolve_key(spec, key))


def configured_chain(first: str | None = None) -> list[str]:
    """``first`` (or tts.provider), then tts.fallback, deduplicated, ending in none."""
    from icraft import config

    cfg = config.load()
    chain: list[str] = []
    for n in [first or cfg["tts.provider"] or "local", *cfg["tts.fallback"]]:
        n = n.strip()
        if n and n not in chain:
            chain.append(n)
    if NONE in chain:
        chain = chain[: chain.index(NONE)]
    return [*chain, NONE]


_DONE = object()


def _timed(chunks: Iterator[bytes], timeout: float, who: str) -> Iterator[bytes]:
    """Chunks from a producer thread; no chunk for ``timeout`` seconds is an error."""
    q: queue.Queue[Any] = queue.Queue()

    def produce() -> None:
        try:
            for c in chunks:
                q.put(c)
        except (ProviderError, DependencyError) as e:
            q.put(e)
        finally:
            q.put(_DONE)

    threading.Thread(target=produce, name=f"tts-{who}", daemon=True).start()
    while True:
        try:
            item = q.get(timeout=timeout)
        except queue.Empty:
            raise ProviderCallError(f"{who} gave no audio within {timeout:g}s") from None
        if item is _DONE:
            return
        if isinstance(item, Exception):
            raise item
        yield item


class TtsChain:
    """The session's voice: ordered providers, stateful across sentences."""

    def __init__(self, names: Sequence[str] | None = None, *, notify: Callable[[str], None] | None = None,
                 factory: Callable[[str], TextToSpeech] = get_tts, timeout: float | None = None) -> None:
        chain = list(names) if names is not None else configured_chain()
        if not chain or chain[-1].partition(":")[0] != NONE:
            chain.append(NONE)
        self.names = chain
        self.position = 0
        self.notify = notify or (lambda m: sys.stderr.write(f"icraft: {m}\n"))
        self._factory = factory
        self._timeout = timeout
        self._voices: dict[str, TextToSpeech] = {}
        self.failures: list[tuple[str, str]] = []

    @property
    def current(self) -> str:
        return self.names[self.position]

    @property
    def silent(self) -> bool:
        """Whether the voice now in use says nothing (``none``: the interviewer is shown)."""
        return self.current.partition(":")[0] == NONE

    def voice(self) -> TextToSpeech:
        name = self.current
        if name not in self._voices:
            self._voices[name] = self._factory(name)
        return self._voices[name]

    def _fail(self, name: str, error: Exception) -> None:
        message = getattr(error, "message", str(error))
        self.failures.append((name, message))
        self.position += 1
        self.notify(f"text-to-speech {name} failed ({message}); switching to {self.current} for this session")

    def synthesize(self, sentence: str) -> Iterator[tuple[bytes, int]]:
        """(pcm, sample_rate) chunks of one sentence from the first provider that works.

        A provider failing before its first chunk: the sentence goes to the next one.
        Failing mid-sentence: the rest of this sentence is lost (repeating its start
        would sound worse) and the next sentence uses the next provider."""
        while True:
            name = self.current
            started = False
            try:
                voice = self.voice()
                if self.silent:
                    return
                timeout = self._timeout if self._timeout is not None else voice.options.timeout
                for chunk in _timed(voice.synthesize(sentence), timeout, name):
                    started = True
                    yield chunk, voice.sample_rate
                return
            except (ProviderError, DependencyError) as e:
                self._fail(name, e)
                if started:
                    return

    def speak(self, deltas: Iterator[str] | Sequence[str] | str) -> Iterator[tuple[str, bytes, int]]:
        """(sentence, pcm, rate) for a reply given as text or as streamed deltas."""
        source = [deltas] if isinstance(deltas, str) else deltas
        for sentence in sentences(source):
            for pcm, rate in self.synthesize(sentence):
                yield sentence, pcm, rate


__all__ = ["NONE", "TTS_SPECS", "TextToSpeech", "TtsChain", "TtsOptions", "configured_chain", "get_tts",
           "register_providers", "sentences"]
