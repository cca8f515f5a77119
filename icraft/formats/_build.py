"""What every reader shares: typed field access, seconds -> ms, speaker roles, timing
repair, and the one place segments become a :class:`Transcript`.

Readers turn their file into a list of :class:`Segment` (a run of tokens from one
speaker) and hand it to :func:`build`. Keeping role assignment and timing repair here
means a Deepgram file, a Whisper file and a subtitle file with the same glitch get the
same repair and the same note in ``meta["repairs"]``.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field, replace
from typing import Any

from icraft.core.errors import InputError
from icraft.core.transcript import (
    CANDIDATE,
    INTERVIEWER,
    TimedToken,
    Transcript,
    Turn,
    TurnMeta,
    clean,
    fold_backchannels,
    merge_adjacent,
)
from icraft.fmt import count, number

# A token as readers produce it: [text, start_ms, end_ms, confidence]. A plain list,
# not a dataclass, because a one-hour file has ~9,000 of them and repair edits them.
Token = list[Any]

_SPACE = re.compile(r"\s")
_SPACES = re.compile(r"\s+")

# Timings beyond this are a broken file, not a long interview (about 11.6 days).
MAX_MS = 1_000_000_000

_ROLE_NAMES = {
    "interviewer": INTERVIEWER,
    "q": INTERVIEWER,
    "question": INTERVIEWER,
    "recruiter": INTERVIEWER,  # a negotiation's other side (icraft negotiate exports it so)
    "hiring manager": INTERVIEWER,
    "candidate": CANDIDATE,
    "a": CANDIDATE,
    "answer": CANDIDATE,
}


def role_for_label(label: str) -> str | None:
    """The role a speaker label names outright ("Interviewer", "q", "Candidate"), else None."""
    return _ROLE_NAMES.get(clean(label).strip().lower())


@dataclass(slots=True)
class Segment:
    """Consecutive tokens from one speaker.

    ``role`` is set when the file names it (``Interviewer:``); otherwise ``key`` is the
    file's raw speaker id (Deepgram speaker 0, ``<v Alice>``) and :func:`assign_roles`
    decides; with neither, the segment belongs to the candidate.
    """

    tokens: list[Token]
    key: str | None = None
    role: str | None = None
    approximate: bool = False
    # For untimed sources: the raw text, tokenized by Turn.from_text instead.
    text: str | None = None
    # What the file says its session knew of the turn (icraft JSON: phase, checks...).
    meta: TurnMeta | None = None


@dataclass(slots=True)
class Repairs:
    """Counts of timing repairs, reported in ``meta["repairs"]`` as one line."""

    negative: int = 0
    end_before_start: int = 0
    out_of_order: int = 0
    overlap: int = 0
    half_timed: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = []
        if self.negative:
            parts.append(f"{count(self.negative, 'negative timing')} clamped to 0")
        if self.end_before_start:
            starts = "it starts" if self.end_before_start == 1 else "they start"
            parts.append(f"{count(self.end_before_start, 'word')} ending before {starts}: end set to start")
        if self.out_of_order:
            parts.append(
                f"{count(self.out_of_order, 'word')} out of time order: start moved to the previous word's end"
            )
        if self.overlap:
            parts.append(f"{count(self.overlap, 'overlapping word')}: start moved to the previous word's end")
        if self.half_timed:
            parts.append(f"{count(self.half_timed, 'word')} with only one of start/end: left untimed")
        return "; ".join(parts + self.notes)


# -- typed access with messages that say where -------------------------------------------


def type_name(v: object) -> str:
    if v is None:
        return "null"
    return {dict: "object", list: "array", str: "string", bool: "boolean"}.get(
        type(v), "number" if isinstance(v, (int, float)) else type(v).__name__
    )


_KIND_NAMES = {dict: "an object", list: "an array", str: "a string"}


def expect(value: object, kind: type, where: str) -> Any:
    """``value`` if it is a ``kind`` (dict, list or str), else an InputError naming ``where``."""
    if isinstance(value, kind):
        return value
    raise InputError(f"{where}: expected {_KIND_NAMES[kind]}, got {type_name(value)}")


def seconds_to_ms(value: object, where: str) -> int | None:
    """Seconds (JSON number) -> integer milliseconds, rounded; None stays None."""
    if value is None:
        return None
    if type(value) is not float and type(value) is not int:
        raise InputError(f"{where}: expected a number of seconds, got {type_name(value)}")
    ms = value * 1000
    if not (-MAX_MS <= ms <= MAX_MS):
        raise InputError(f"{where}: timing {number(value)} s is out of range",
                         f"a time must be under {MAX_MS // 1000:,} s, about 11 days")
    return round(ms)


_MAX_S = MAX_MS / 1000


def word_token(
    w: object, where: str, i: int, text_keys: tuple[str, ...], conf_keys: tuple[str, ...]
) -> Token:
    """One recogniser word ({text, start, end in seconds, confidence}) -> a token.

    Shared by the Deepgram and Whisper readers. The common case is checked inline and
    the location string is only built for an error: a one-hour file has ~9,000 words.
    """
    if type(w) is not dict:
        raise InputError(f"{where}[{i}]: expected an object, got {type_name(w)}")
    text = None
    for k in text_keys:
        text = w.get(k)
        if type(text) is str:
            break
    else:
        raise InputError(f"{where}[{i}]: a word needs its text in {' or '.join(repr(k) for k in text_keys)}")
    s, e = w.get("start"), w.get("end")
    if type(s) is float and -_MAX_S <= s <= _MAX_S:
        s = round(s * 1000)
    else:  # None, an int, or an error naming the field
        s = seconds_to_ms(s, f"{where}[{i}].start")
    if type(e) is float and -_MAX_S <= e <= _MAX_S:
        e = round(e * 1000)
    else:
        e = seconds_to_ms(e, f"{where}[{i}].end")
    c = None
    for k in conf_keys:
        c = w.get(k)
        if c is not None:
            break
    if c is not None and not (type(c) is float and -1e300 < c < 1e300):
        c = confidence(c, f"{where}[{i}].{k}")
    return [text, s, e, c]


def as_ms(value: object, where: str) -> int | None:
    """An integer millisecond field (icraft JSON); whole floats are accepted."""
    if value is None:
        return None
    if type(value) is float and value.is_integer():
        value = int(value)
    if type(value) is not int:
        raise InputError(f"{where}: expected an integer number of milliseconds, got {type_name(value)}")
    if not (-MAX_MS <= value <= MAX_MS):
        raise InputError(f"{where}: timing {number(value)} ms is out of range",
                         f"a time must be under {MAX_MS:,} ms, about 11 days")
    return value


def confidence(value: object, where: str) -> float | None:
    if value is None:
        return None
    if type(value) is int:
        value = float(value)
    if type(value) is not float or not math.isfinite(value):
        raise InputError(f"{where}: expected a confidence number, got {type_name(value)}")
    return value


# -- JSON ---------------------------------------------------------------------------------


def _reject_constant(name: str) -> float:
    raise InputError(f"invalid JSON: {name} is not a number JSON allows")


def load_json(text: str, *, label: str = "input") -> Any:
    """Parse JSON, or JSON Lines (one document per line), with errors that say where."""
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as e:
        if e.msg == "Extra data":
            lines = load_json_lines(text)
            if lines is not None:
                return lines
        raise InputError(
            f"{label}: invalid JSON at line {e.lineno}, column {e.colno}: {e.msg}",
            "check the file, or force another format with --from",
        ) from None
    except RecursionError:
        raise InputError(f"{label}: invalid JSON: nested too deeply") from None
    except ValueError as e:  # e.g. an integer with more digits than Python converts
        raise InputError(f"{label}: invalid JSON: {e}") from None


def load_json_lines(text: str) -> list[Any] | None:
    """Each non-blank line one JSON document (how streaming results are often logged)."""
    out = []
    for line in text.splitlines():
        if line.strip():
            try:
                out.append(json.loads(line, parse_constant=_reject_constant))
            except (ValueError, RecursionError):
                return None
    return out


# -- roles ----------------------------------------------------------------------------------


def _asks(tokens: list[Token]) -> int:
    return sum(1 for t in tokens if t[0].endswith("?"))


def assign_roles(segments: list[Segment]) -> dict[str, str]:
    """Decide interviewer/candidate for segments that carry only a raw speaker key.

    The heuristic (documented in docs/FORMATS.md): with one unnamed speaker, it is the
    candidate (a single voice is someone practising). With several, the interviewer is
    the first speaker if they ask a question (a token ending in "?"), else the speaker
    who asks the most questions, else the first speaker. The candidate is the remaining
    speaker with the most words; any other voice is a panel interviewer. Returns the
    mapping used, for ``meta["speakers"]``.
    """
    order: list[str] = []
    words: dict[str, int] = {}
    questions: dict[str, int] = {}
    named = {s.role for s in segments if s.role}
    for s in segments:
        if s.role or s.key is None:
            continue
        if s.key not in words:
            order.append(s.key)
            words[s.key] = questions[s.key] = 0
        words[s.key] += len(s.tokens) if s.text is None else len(s.text.split())
        questions[s.key] += _asks(s.tokens) if s.text is None else s.text.count("?")
    mapping: dict[str, str] = {}
    if len(order) == 1:
        only = order[0]
        mapping[only] = INTERVIEWER if named == {CANDIDATE} else CANDIDATE
    elif order:
        if questions[order[0]] > 0 or max(questions.values()) == 0:
            interviewer = order[0]
        else:
            interviewer = max(order, key=lambda k: (questions[k], -order.index(k)))
        rest = [k for k in order if k != interviewer]
        candidate = max(rest, key=lambda k: (words[k], -order.index(k)))
        for k in order:
            mapping[k] = CANDIDATE if k == candidate else INTERVIEWER
    for s in segments:
        if not s.role:
            s.role = mapping[s.key] if s.key is not None else CANDIDATE
    return mapping


# -- timing repair -------------------------------------------------------------------------


def repair_timings(tokens: list[Token], repairs: Repairs) -> None:
    """Make one turn's timings non-negative, non-overlapping and in order, in place.

    Word order is never changed (the recogniser's order is the text); only times move:
    negative -> 0, end before start -> end = start, a start before the previous word's
    end -> that end. A token missing either time is left untimed and skipped.
    """
    prev_start = prev_end = 0
    for tok in tokens:
        s, e = tok[1], tok[2]
        if s is None or e is None:
            if s is not None or e is not None:
                tok[1] = tok[2] = None
                repairs.half_timed += 1
            continue
        if s < 0 or e < 0:
            repairs.negative += (s < 0) + (e < 0)
            s, e = max(s, 0), max(e, 0)
        if e < s:
            repairs.end_before_start += 1
            e = s
        if s < prev_end:
            if s < prev_start:
                repairs.out_of_order += 1
            else:
                repairs.overlap += 1
            s = prev_end
            e = max(e, s)
        tok[1], tok[2] = s, e
        prev_start, prev_end = s, e


def _split_multiword(tokens: list[Token]) -> list[Token]:
    """Split tokens holding whitespace ("New York" as one recogniser token) into words
    that share the token's span, before repair sees them.

    Turn.from_tokens splits them too, but its rounding can end the last piece after the
    token's end (0-3 ms split in two gives 0-2, 2-4); splitting here keeps every piece
    inside its token. One regex scan over all the text keeps the usual case cheap.
    """
    if not _SPACE.search("".join(t[0] for t in tokens)):
        return tokens
    out: list[Token] = []
    for t in tokens:
        text, s, e, conf = t
        if not _SPACE.search(text):
            out.append(t)
        elif s is None or e is None or e < s:
            out.extend([p, s, e, conf] for p in text.split())
        else:
            out.extend([p, ps, pe, conf] for p, ps, pe, _ in spread(text, s, e))
    return out


def spread(text: str, start_ms: int, end_ms: int) -> list[Token]:
    """Approximate word timings for a cue: its span shared by character length.

    Used for VTT/SRT cues and Whisper segments without words; turns built from these
    are marked ``approximate`` so timing rules can say their numbers are estimates.
    """
    pieces = text.split()
    if not pieces:
        return []
    end_ms = max(end_ms, start_ms)
    total = sum(len(p) for p in pieces)
    dur = end_ms - start_ms
    out: list[Token] = []
    acc = 0
    t = start_ms
    for p in pieces:
        acc += len(p)
        e = start_ms + (dur * acc) // total
        out.append([p, t, e, None])
        t = e
    return out


def span_segment(text: str, start: object, end: object, where: str, key: str | None) -> Segment:
    """Text timed only as a whole (a Deepgram utterance, a Whisper segment): its words
    get approximate times from the span, or none when the span is not timed."""
    s = seconds_to_ms(start, f"{where}.start")
    e = seconds_to_ms(end, f"{where}.end")
    if s is None or e is None:
        return Segment([], key=key, text=text)
    return Segment(spread(text, s, e), key=key, approximate=True)


# -- assembly ------------------------------------------------------------------------------


def build(
    segments: list[Segment], meta: dict[str, str], repairs: Repairs | None = None, *, label: str = "input"
) -> Transcript:
    """Segments -> Transcript: roles, grouping by speaker, timing repair, merge."""
    repairs = repairs or Repairs()
    for seg in segments:  # JSON strings: "\u200b" escapes survive read_text's cleaning of the file
        if seg.text is not None and not seg.text.isascii():
            seg.text = clean(seg.text)
        for tok in seg.tokens:
            if not tok[0].isascii():
                tok[0] = clean(tok[0])
    segments = [
        s for s in segments if (s.text or "").strip() or any(t[0] and not t[0].isspace() for t in s.tokens)
    ]
    if not segments:  # also catches words that are only whitespace
        raise InputError(f"{label}: no words found", "is the file empty or only silence?")
    mapping = assign_roles(segments)
    if mapping:
        meta["speakers"] = ", ".join(f"{k}={v}" for k, v in mapping.items())
    turns: list[Turn] = []
    group: list[Segment] = []
    for s in segments + [Segment([], role="")]:  # sentinel flushes the last group
        if group and (s.role != group[0].role or (s.text is None) != (group[0].text is None)):
            turns.append(_turn(group, repairs))
            group = []
        group.append(s)
    summary = repairs.summary()
    if summary:
        meta["repairs"] = summary
    return Transcript(merge_adjacent(fold_backchannels(turns)), meta)


def _turn(group: list[Segment], repairs: Repairs) -> Turn:
    turn = _words(group, repairs)
    meta = next((s.meta for s in reversed(group) if s.meta is not None), None)  # as merge_adjacent keeps it
    return turn if meta is None else replace(turn, meta=meta)


def _words(group: list[Segment], repairs: Repairs) -> Turn:
    role = group[0].role or CANDIDATE
    if group[0].text is not None:
        # Whitespace runs collapsed by one regex pass: str.split() made a string per word
        # (the peak memory of reading a long plain-text answer).
        return Turn.from_text(role, " ".join(_SPACES.sub(" ", s.text or "").strip() for s in group))
    tokens = _split_multiword([t for s in group for t in s.tokens])
    repair_timings(tokens, repairs)
    return Turn.from_tokens(
        role,
        [TimedToken(t[0], t[1], t[2], t[3]) for t in tokens],
        approximate=any(s.approximate for s in group),
    )
