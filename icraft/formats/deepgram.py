"""Deepgram transcripts: prerecorded responses and streaming (live) result messages.

Prerecorded: ``results.channels[c].alternatives[0].words`` (``punctuated_word`` when
present, else ``word``; ``speaker`` with ``diarize=true``), or ``results.utterances``
when the channel has no words. Streaming: a JSON array (or JSON Lines) of ``Results``
messages; interim results (``is_final: false``) are skipped and messages are taken in
order of their ``start``. Several channels (``multichannel=true``) are several speakers.
"""

from __future__ import annotations

from typing import Any

from icraft.core.errors import InputError
from icraft.formats._build import Repairs, Segment, Token, build, expect, span_segment, word_token


def looks_like(data: Any) -> bool:
    if isinstance(data, dict):
        return isinstance(data.get("results"), dict) or _is_message(data)
    if isinstance(data, list) and data:
        return all(isinstance(m, dict) for m in data) and any(_is_message(m) for m in data)
    return False


def _is_message(m: dict[str, Any]) -> bool:
    return m.get("type") == "Results" or (isinstance(m.get("channel"), dict) and "is_final" in m)


def read(data: Any, label: str) -> Any:
    meta = {"source_format": "deepgram"}
    if isinstance(data, list) or (isinstance(data, dict) and _is_message(data)):
        meta["deepgram_mode"] = "streaming"
        words = _streaming_words(data if isinstance(data, list) else [data], label)
        return build(_segments_from_words(words), meta, Repairs(), label=label)
    doc = expect(data, dict, label)
    results = doc.get("results")
    if not isinstance(results, dict):
        raise InputError(f"{label}: not a Deepgram transcript (no 'results' object)")
    channels = results.get("channels") or []
    expect(channels, list, f"{label}: results.channels")
    words: list[tuple[Token, str | None]] = []
    for c, ch in enumerate(channels):
        where = f"{label}: results.channels[{c}]"
        alt = _first_alternative(ch, where)
        ch_key = str(c) if len(channels) > 1 else None
        words.extend(_words(alt.get("words") or [], f"{where}.alternatives[0].words", ch_key))
    if len(channels) > 1:  # multichannel: interleave the channels by time
        words.sort(key=lambda w: w[0][1] if w[0][1] is not None else 0)
    utterances = results.get("utterances")
    has_speakers = any(k is not None for _, k in words)
    if utterances and (not words or not has_speakers):
        return build(_utterance_segments(utterances, label), meta, Repairs(), label=label)
    if not words:
        alt = _first_alternative(channels[0], f"{label}: results.channels[0]") if channels else {}
        text = alt.get("transcript")
        if isinstance(text, str) and text.strip():
            return build([Segment([], text=text)], meta, label=label)
    return build(_segments_from_words(words), meta, Repairs(), label=label)


def _first_alternative(ch: object, where: str) -> dict[str, Any]:
    ch = expect(ch, dict, where)
    alts = expect(ch.get("alternatives") or [{}], list, f"{where}.alternatives")
    return expect(alts[0], dict, f"{where}.alternatives[0]")


def _words(raw: object, where: str, ch_key: str | None) -> list[tuple[Token, str | None]]:
    out: list[tuple[Token, str | None]] = []
    for i, w in enumerate(expect(raw, list, where)):
        tok = word_token(w, where, i, ("punctuated_word", "word"), ("confidence",))
        speaker = w.get("speaker")
        if speaker is not None and (type(speaker) is not int and type(speaker) is not str):
            raise InputError(f"{where}[{i}].speaker: expected a speaker number")
        key = ch_key if speaker is None else (f"{ch_key}:{speaker}" if ch_key else str(speaker))
        out.append((tok, key))
    return out


def _segments_from_words(words: list[tuple[Token, str | None]]) -> list[Segment]:
    segments: list[Segment] = []
    for tok, key in words:
        if segments and segments[-1].key == key:
            segments[-1].tokens.append(tok)
        else:
            segments.append(Segment([tok], key=key))
    return segments


def _utterance_segments(raw: object, label: str) -> list[Segment]:
    segments: list[Segment] = []
    for i, u in enumerate(expect(raw, list, f"{label}: results.utterances")):
        where = f"{label}: results.utterances[{i}]"
        u = expect(u, dict, where)
        speaker = u.get("speaker")
        key = None if speaker is None else str(speaker)
        if u.get("words"):
            toks = [t for t, _ in _words(u["words"], f"{where}.words", None)]
            segments.append(Segment(toks, key=key))
            continue
        text = u.get("transcript")
        if not isinstance(text, str):
            continue
        segments.append(span_segment(text, u.get("start"), u.get("end"), where, key))
    return segments


def _streaming_words(messages: list[Any], label: str) -> list[tuple[Token, str | None]]:
    finals: list[tuple[float, int, dict[str, Any]]] = []
    for i, m in enumerate(messages):
        where = f"{label}: message {i}"
        m = expect(m, dict, where)
        if not _is_message(m) or m.get("is_final") is False:
            continue  # Metadata, SpeechStarted, UtteranceEnd, interim results
        start = m.get("start", 0)
        if type(start) not in (int, float):
            raise InputError(f"{where}.start: expected a number of seconds")
        finals.append((start, i, m))
    finals.sort(key=lambda f: (f[0], f[1]))
    words: list[tuple[Token, str | None]] = []
    for _, i, m in finals:
        where = f"{label}: message {i}.channel"
        alt = _first_alternative(m.get("channel"), where)
        words.extend(_words(alt.get("words") or [], f"{where}.alternatives[0].words", None))
    return words
