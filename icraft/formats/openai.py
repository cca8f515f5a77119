"""OpenAI / Whisper ``verbose_json`` (and the faster-whisper / WhisperX shapes).

Word timings come from, in order of preference: top-level ``words`` (OpenAI with
``timestamp_granularities=["word"]``), ``segments[].words`` (faster-whisper,
WhisperX), else each segment's span shared over its words by length (approximate).
A bare ``{"text": ...}`` (``response_format=json``) is one untimed answer. Whisper does
not diarize, so everything is the candidate unless segments or words carry a
``speaker`` (WhisperX), which goes through the usual role heuristic.
"""

from __future__ import annotations

from typing import Any

from icraft.core.errors import InputError
from icraft.core.transcript import Transcript
from icraft.formats._build import Segment, build, expect, span_segment, word_token


def looks_like(data: Any) -> bool:
    if not isinstance(data, dict):
        return False
    if isinstance(data.get("segments"), list) or isinstance(data.get("words"), list):
        return True
    return isinstance(data.get("text"), str)


def read(data: Any, label: str) -> Transcript:
    doc = expect(data, dict, label)
    meta = {"source_format": "openai"}
    if isinstance(doc.get("language"), str):
        meta["language"] = doc["language"]
    words = doc.get("words")
    segments = doc.get("segments")
    if words:
        return build(_word_segments(words, f"{label}: words", None), meta, label=label)
    if segments:
        out: list[Segment] = []
        for i, seg in enumerate(expect(segments, list, f"{label}: segments")):
            where = f"{label}: segments[{i}]"
            seg = expect(seg, dict, where)
            key = _speaker(seg.get("speaker"), where)
            if seg.get("words"):
                out.extend(_word_segments(seg["words"], f"{where}.words", key))
                continue
            text = seg.get("text")
            if text is None:
                continue
            expect(text, str, f"{where}.text")
            out.append(span_segment(text, seg.get("start"), seg.get("end"), where, key))
        return build(out, meta, label=label)
    text = doc.get("text")
    if isinstance(text, str):
        return build([Segment([], text=text)], meta, label=label)
    raise InputError(f"{label}: not a Whisper transcript (no words, segments or text)")


def _speaker(value: object, where: str) -> str | None:
    if value is None:
        return None
    if type(value) not in (str, int):
        raise InputError(f"{where}.speaker: expected a speaker label")
    return str(value)


def _word_segments(raw: object, where: str, key: str | None) -> list[Segment]:
    out: list[Segment] = []
    for i, w in enumerate(expect(raw, list, where)):
        tok = word_token(w, where, i, ("word",), ("probability", "score", "confidence"))
        k = key if w.get("speaker") is None else _speaker(w["speaker"], f"{where}[{i}]")
        if out and out[-1].key == k:
            out[-1].tokens.append(tok)
        else:
            out.append(Segment([tok], key=k))
    return out

