"""icraft's own transcript JSON: lossless (every word, timing and confidence), versioned.

The shape is documented by docs/transcript.schema.json; a test validates ``write``'s
output against it. Reading is lenient where it cannot lose anything (whole-number
floats for ms, scalar meta values) and strict elsewhere, with the path of the bad field.
"""

from __future__ import annotations

from typing import Any

from icraft.core.errors import InputError
from icraft.core.transcript import SPEAKERS, TimedToken, Transcript, Turn, TurnMeta, clean
from icraft.fmt import count
from icraft.formats._build import Repairs, Segment, as_ms, build, confidence, expect, type_name

FORMAT_ID = "icraft-transcript"
VERSION = 1


def to_dict(t: Transcript) -> dict[str, Any]:
    """The JSON document for ``t`` (also what ``icraft transcript show --json`` prints)."""
    return {
        "format": FORMAT_ID,
        "version": VERSION,
        "meta": dict(t.meta),
        "turns": [
            {
                "speaker": turn.speaker,
                "text": turn.text,
                "approximate": turn.approximate,
                **(_turn_meta(turn.meta) if turn.meta is not None else {}),
                "words": [
                    {"text": w.text, "start_ms": w.start_ms, "end_ms": w.end_ms, "confidence": w.confidence}
                    for w in turn.words
                ],
            }
            for turn in t.turns
        ],
    }


def _turn_meta(m: TurnMeta) -> dict[str, Any]:
    """A turn's optional fields (docs/FORMATS.md, "What a session knew"): only those set."""
    out: dict[str, Any] = {}
    if m.phase is not None:
        out["phase"] = m.phase
    if m.question_type is not None:
        out["question_type"] = m.question_type
    if m.checks is not None:
        out["checks"] = list(m.checks)
    if not m.scored:
        out["scored"] = False
    return out


def _read_turn_meta(turn: dict[str, Any], where: str) -> TurnMeta | None:
    """The optional fields of a turn (``phase``, ``question_type``, ``checks``, ``scored``), or None."""
    if not _META_KEYS.intersection(turn):
        return None
    phase, qtype = turn.get("phase"), turn.get("question_type")
    for key, value in (("phase", phase), ("question_type", qtype)):
        if value is not None and (type(value) is not str or not value):
            raise InputError(f"{where}.{key}: expected a non-empty string, got {type_name(value)}")
    checks = turn.get("checks")
    if checks is not None:
        expect(checks, list, f"{where}.checks")
        for j, rule in enumerate(checks):
            if type(rule) is not str or not rule:
                raise InputError(f"{where}.checks[{j}]: expected a rule id, got {type_name(rule)}")
        checks = tuple(checks)
    scored = turn.get("scored", True)
    if type(scored) is not bool:
        raise InputError(f"{where}.scored: expected true or false, got {type_name(scored)}")
    return TurnMeta(phase=phase, question_type=qtype, checks=checks, scored=scored)


_META_KEYS = frozenset(("phase", "question_type", "checks", "scored"))


def looks_like(data: Any) -> bool:
    """A document with ``turns``, or the shorthand: a bare array of turn objects."""
    if isinstance(data, dict):
        return "turns" in data
    return (
        isinstance(data, list)
        and bool(data)
        and all(isinstance(t, dict) and "speaker" in t and ("text" in t or "words" in t) for t in data)
    )


def read(data: Any, label: str) -> Transcript:
    if isinstance(data, list):  # shorthand: [{"speaker": ..., "text": ...}, ...]
        data = {"turns": data}
    doc = expect(data, dict, label)
    version = doc.get("version", VERSION)
    if type(version) is not int or version > VERSION or version < 1:
        raise InputError(
            f"{label}: icraft transcript version {version!r} is not supported "
            f"(this icraft reads 1..{VERSION})",
            "upgrade icraft",
        )
    meta = _meta(doc.get("meta", {}), label)
    if meta.get("source_format", "json") != "json":  # keep the lineage of converted files
        meta.setdefault("original_format", meta["source_format"])
    meta["source_format"] = "json"
    turns_in = expect(doc.get("turns"), list, f"{label}: turns")
    segments: list[Segment] = []
    edited = 0
    for i, raw in enumerate(turns_in):
        where = f"{label}: turns[{i}]"
        turn = expect(raw, dict, where)
        speaker = turn.get("speaker")
        if speaker not in SPEAKERS:
            raise InputError(f"{where}.speaker: expected one of {', '.join(SPEAKERS)}, got {speaker!r}")
        text = turn.get("text")
        if text is not None:
            expect(text, str, f"{where}.text")
        approximate = turn.get("approximate", False)
        if type(approximate) is not bool:
            raise InputError(f"{where}.approximate: expected true or false, got {type_name(approximate)}")
        note = _read_turn_meta(turn, where)
        words = turn.get("words")
        if words is None:
            if text is None:
                raise InputError(f"{where}: needs text or words")
            segments.append(Segment([], role=speaker, text=text, meta=note))
            continue
        tokens = []
        for j, w in enumerate(expect(words, list, f"{where}.words")):
            ww = f"{where}.words[{j}]"
            w = expect(w, dict, ww)
            tokens.append(
                [
                    expect(w.get("text"), str, f"{ww}.text"),
                    as_ms(w.get("start_ms"), f"{ww}.start_ms"),
                    as_ms(w.get("end_ms"), f"{ww}.end_ms"),
                    confidence(w.get("confidence"), f"{ww}.confidence"),
                ]
            )
        if text is not None and clean(text).split() != [p for t in tokens for p in clean(t[0]).split()]:
            # A hand-corrected text wins over the recogniser's words; Turn.with_text keeps
            # the timings of the words that did not change.
            edited += 1
            fixed = Turn.from_tokens(speaker, [TimedToken(*t) for t in tokens]).with_text(text)
            tokens = [[w.text, w.start_ms, w.end_ms, w.confidence] for w in fixed.words]
        segments.append(Segment(tokens, role=speaker, approximate=approximate, meta=note))
    repairs = Repairs()
    if edited:
        repairs.notes.append(
            f"{count(edited, 'turn')} whose text differs from {'its' if edited == 1 else 'their'} words: kept the "
            "text, and the timings of the words that did not change"
        )
    return build(segments, meta, repairs, label=label)


def _meta(raw: object, label: str) -> dict[str, str]:
    meta = expect(raw, dict, f"{label}: meta")
    out: dict[str, str] = {}
    for k, v in meta.items():
        if isinstance(v, (dict, list)):
            raise InputError(f"{label}: meta.{k}: expected a string, got {type_name(v)}")
        if v is None:
            continue
        out[k] = v if isinstance(v, str) else str(v).lower() if isinstance(v, bool) else str(v)
    return out


def write(t: Transcript) -> str:
    """The document laid out one word per line: readable, diffable, and ~10x faster
    than ``json.dumps(indent=2)`` (which falls back to the pure-Python encoder)."""
    import json

    dumps = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, not one per word

    doc = to_dict(t)
    turns = []
    for turn in doc["turns"]:
        head = {k: v for k, v in turn.items() if k != "words"}
        words = ",\n".join("      " + dumps(w) for w in turn["words"])
        turns.append(f'    {dumps(head)[:-1]}, "words": [' + (f"\n{words}\n    ]}}" if words else "]}"))
    body = ",\n".join(turns)
    return (
        f'{{\n  "format": {dumps(doc["format"])},\n  "version": {doc["version"]},\n'
        f'  "meta": {dumps(doc["meta"])},\n  "turns": [' + (f"\n{body}\n  ]" if body else "]") + "\n}\n"
    )

