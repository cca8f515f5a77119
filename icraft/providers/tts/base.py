"""The text-to-speech contract and the sentence splitter that makes speech start early.

A :class:`TextToSpeech` turns one sentence into mono int16 PCM chunks at its own
``sample_rate`` (sinks resample). Replies are spoken sentence by sentence: the
LLM's streamed deltas go through :func:`sentences`, which yields each sentence as
soon as it ends, so the first audio plays while the rest of the reply is still
being written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from icraft.providers.base import Adapter, ProviderSpec, Secret

_END = re.compile(r"[.!?…]+[\"')\]]*\s+")
_ABBREV = re.compile(r"\b(?:mr|mrs|ms|dr|prof|sr|jr|vs|etc|e\.g|i\.e|approx|no|st)\.$", re.IGNORECASE)
MIN_CHARS = 12  # "Okay." alone is merged with what follows: fewer, more natural requests
MAX_CHARS = 240  # a run-on clause is cut at a comma/semicolon past this length


@dataclass
class TtsOptions:
    voice: str = field(default="", metadata={"help": "voice id or name (config tts.voice; empty: provider default)"})
    model: str = field(default="", metadata={"help": "synthesis model (empty: provider default)"})
    timeout: float = field(default=4.0, metadata={"help": "seconds to wait for audio before falling back"})
    base_url: str = field(default="", metadata={"help": "API base URL (empty: the vendor's)"})


class TextToSpeech(Adapter):
    """Base of every TTS adapter."""

    sample_rate = 16_000

    def synthesize(self, text: str) -> Iterator[bytes]:
        """PCM chunks (mono int16 at ``sample_rate``) of one sentence, as they arrive."""
        raise NotImplementedError


def _cut(buf: str) -> int:
    """Index just after the first complete sentence in ``buf``, or 0."""
    for m in _END.finditer(buf):
        head = buf[: m.end()].rstrip()
        if _ABBREV.search(head) or len(head) < MIN_CHARS:
            continue
        return m.end()
    if len(buf) > MAX_CHARS:
        pos = max(buf.rfind(", ", 0, MAX_CHARS), buf.rfind("; ", 0, MAX_CHARS))
        if pos > MIN_CHARS:
            return pos + 2
    return 0


def sentences(deltas: Iterable[str]) -> Iterator[str]:
    """Sentences of a streamed text, each yielded as soon as it is complete."""
    buf = ""
    for delta in deltas:
        buf += delta
        while (cut := _cut(buf)) > 0:
            sentence, buf = buf[:cut].strip(), buf[cut:]
            if sentence:
                yield sentence
    if buf.strip():
        yield buf.strip()


__all__ = ["TextToSpeech", "TtsOptions", "sentences"]
