"""WebVTT and SubRip (SRT) subtitles, read and written.

Subtitles time cues, not words, so reading shares each cue's span over its words by
character length and marks the turns ``approximate``: pace can be estimated, pauses
inside a cue cannot. The speaker of a cue comes from a WebVTT voice tag
(``<v Interviewer>``, ``<v Alice>``) or a role prefix in the text (``Interviewer:``,
``Candidate:``, ``Q:``, ``A:``); a cue with neither continues the previous speaker.
Names other than the role names go through the diarization heuristic in ``_build``.

Writing groups each turn's words into cues of at most ~7 s and ~80 characters.
"""

from __future__ import annotations

import html
import re

from icraft.core.errors import InputError
from icraft.core.transcript import INTERVIEWER, Transcript
from icraft.formats._build import MAX_MS, Repairs, Segment, build, role_for_label, spread
from icraft.formats.text import split_prefix

# Hours are bounded: MAX_MS is 277 hours, so 9 digits (leading zeros allowed) say every
# time a file can hold, and a 5,000-digit hour is a malformed timing, not an int() crash.
_TIME = r"(?:(\d{1,9}):)?(\d{1,2}):(\d{1,2})[.,](\d{1,3})"
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(?:\s.*)?$")
# What a timing line looks like at a glance, for detection: an SRT file whose timing is
# malformed (a 5,000-digit hour) is still SRT, and reading it says which line is wrong.
_TIMING_LIKE = re.compile(r"^\s*\d[\d:.,]*\s*-->\s*\d")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:\s+([^>]*))?>", re.IGNORECASE)
_NAME = re.compile(r"^\s*([^\W\d_][\w.'\- ]{0,40}?):\s+")
_TAG = re.compile(r"<[^>]*>|\{\\[^}]*\}")  # HTML-ish tags; SSA overrides like {\an8}

CUE_MAX_MS = 7000
CUE_MAX_CHARS = 80


def looks_like_vtt(text: str) -> bool:
    return text.lstrip("\ufeff").startswith("WEBVTT")


def looks_like_srt(text: str) -> bool:
    head = text[:65536]
    return any(_TIMING_LIKE.match(line) for line in head.split("\n", 20)[:20])


def _ms(groups: tuple[str | None, ...], line_no: int, label: str) -> int:
    h, m, s, frac = groups
    ms = ((int(h or 0) * 60 + int(m)) * 60 + int(s)) * 1000 + int(frac.ljust(3, "0"))
    if ms > MAX_MS:
        raise InputError(f"{label}: line {line_no}: cue time out of range")
    return ms


def read_vtt(text: str, label: str) -> Transcript:
    if not looks_like_vtt(text):
        raise InputError(f"{label}: not WebVTT (the first line must be 'WEBVTT')")
    return _read(text, label, "vtt")


def read_srt(text: str, label: str) -> Transcript:
    return _read(text, label, "srt")


def _read(text: str, label: str, fmt: str) -> Transcript:
    """Line by line: a timing line opens a cue, a blank line closes it. Lines between a
    closed cue and the next timing are identifiers (SRT numbers, VTT ids), the VTT
    header, or NOTE/STYLE/REGION blocks, and are skipped; a missing blank line between
    two cues is tolerated."""
    repairs = Repairs()
    segments: list[Segment] = []
    cues: list[tuple[int, int, list[str]]] = []
    payload: list[str] | None = None  # the open cue's text lines
    stray: int | None = None  # first line number of text outside any cue (SRT only)
    for n, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        m = _TIMING.match(raw) if "-->" in raw else None
        if m is None and "-->" in raw and payload is None:
            raise InputError(f"{label}: line {n}: malformed cue timing {raw.strip()[:60]!r}")
        if m is not None:
            if payload is not None and payload and payload[-1].strip().isdigit():
                payload.pop()  # an SRT index with no blank line before it
            start, end = _ms(m.groups()[:4], n, label), _ms(m.groups()[4:], n, label)
            if end < start:
                repairs.end_before_start += 1
                end = start
            payload = []
            cues.append((start, end, payload))
            stray = None
        elif not raw.strip():
            payload = None
            if stray is not None:
                raise InputError(
                    f"{label}: line {stray}: text outside a cue",
                    "each SRT cue is: number, 'HH:MM:SS,mmm --> HH:MM:SS,mmm', text, blank line",
                )
        elif payload is not None:
            payload.append(raw)
        elif fmt == "srt" and not raw.strip().isdigit() and stray is None:
            stray = n
    if stray is not None:
        raise InputError(f"{label}: line {stray}: text outside a cue")
    names = _name_prefixes(cues, fmt)
    speaker: tuple[str | None, str | None] = (None, None)  # (role, key) carried across cues
    for start, end, lines in cues:
        parts: list[tuple[tuple[str | None, str | None], str]] = []
        for raw in lines:
            voice = _VOICE.search(raw)
            if voice and fmt == "vtt":
                name = html.unescape(voice.group(1) or "").strip()
                role = role_for_label(name) if name else None
                speaker = (role, None) if role else (None, name or None)
            line = html.unescape(_TAG.sub("", raw)) if fmt == "vtt" else _TAG.sub("", raw)
            role, rest = split_prefix(line)
            if role:
                speaker, line = (role, None), rest
            elif names:
                m = _NAME.match(line)
                if m and m.group(1) in names:
                    speaker, line = (None, m.group(1)), line[m.end() :]
            if line.strip():
                parts.append((speaker, line))
        if not parts:
            continue
        tokens = spread(" ".join(p for _, p in parts), start, end)
        k = 0
        for (role, key), line in parts:
            count = len(line.split())
            seg = Segment(tokens[k : k + count], key=key, role=role, approximate=True)
            k += count
            last = segments[-1] if segments else None
            if last and last.role == seg.role and last.key == seg.key:
                last.tokens.extend(seg.tokens)
            else:
                segments.append(seg)
    return build(segments, {"source_format": fmt}, repairs, label=label)


def _name_prefixes(cues: list[tuple[int, int, list[str]]], fmt: str) -> set[str]:
    """Speaker names used as ``Name: text`` prefixes, as Zoom writes its transcripts.

    Only trusted when they look like a convention, not an accident ("Note: ..."): at
    least half the cues start with one, and there are at most 8 distinct names.
    """
    firsts = [_TAG.sub("", lines[0]) for _, _, lines in cues if lines]
    found = [m.group(1) for m in map(_NAME.match, firsts) if m and not role_for_label(m.group(1))]
    names = set(found)
    if not found or len(found) * 2 < len(firsts) or len(names) > 8:
        return set()
    return names


# -- writing --------------------------------------------------------------------------------


# An untimed line (the interviewer's typed or spoken question) is given the time it takes
# to say at 150 words a minute; a gap shorter than 100 ms a word (600 a minute, faster than
# anyone speaks) cannot hold its words, so they get that estimate instead of the gap.
SPEAKING_MS_PER_WORD = 400
FASTEST_MS_PER_WORD = 100


def _times(t: Transcript, fmt: str) -> list[list[tuple[int, int]]]:
    """Per-turn, per-word (start, end) on one timeline that never goes back.

    - Untimed words (the interviewer's lines in a voice session, a hand-corrected word)
      share the gap up to the next timed word, or, when the gap is too short to say
      them (or there is no next timed word), the time they take at
      :data:`SPEAKING_MS_PER_WORD`, and the timed words after them move later by what
      was missing.
    - A turn whose first time is before the timeline's end started a new clock (a voice
      session times each answer from its own recording): it is placed after what came
      before, keeping its own spacing.

    A transcript read from a file already runs forwards (the readers repair it), so its
    timed words keep their times exactly. A transcript with no timings at all (typed
    text) cannot be a subtitle file.
    """
    if not any(w.timed for turn in t.turns for w in turn.words):
        raise InputError(
            f"cannot write {fmt}: the transcript has no timings",
            "subtitles need times; write json or txt instead",
        )
    out: list[list[tuple[int, int]]] = [[(0, 0)] * len(turn.words) for turn in t.turns]
    pending: list[tuple[int, int]] = []  # (turn, word) of untimed words waiting for their window
    clock = offset = 0

    def place(until: int | None) -> int:
        """Time the pending words from ``clock``; returns the end of their window."""
        texts = [t.turns[ti].words[wi].text for ti, wi in pending]
        n = len(texts)
        end = until if until is not None and until - clock >= n * FASTEST_MS_PER_WORD else (
            clock + n * SPEAKING_MS_PER_WORD)
        for (ti, wi), (_, s, e, _c) in zip(pending, spread(" ".join(texts), clock, end)):
            out[ti][wi] = (s, e)
        pending.clear()
        return end

    for ti, turn in enumerate(t.turns):
        first = True
        for wi, w in enumerate(turn.words):
            if w.start_ms is None or w.end_ms is None:
                pending.append((ti, wi))
                continue
            start = w.start_ms + offset
            restarted = first and start < clock
            if pending:
                ready = place(None if restarted else start)
                clock = max(clock, ready)
            if restarted:
                offset = clock
            elif start < clock:  # the untimed words before needed more time than the gap
                offset += clock - start
            first = False
            s, e = w.start_ms + offset, w.end_ms + offset
            out[ti][wi] = (s, e)
            clock = max(clock, e)
    if pending:
        place(None)
    return out


def _cues(t: Transcript, fmt: str) -> list[tuple[int, int, str, str]]:
    """(start_ms, end_ms, speaker, text) cues, never spanning two turns, each lasting a
    positive time: a cue whose words are all timed at one instant lasts as long as its
    words take to say, or up to the next cue's start when that comes sooner."""
    cues: list[tuple[int, int, str, str]] = []
    for turn, times in zip(t.turns, _times(t, fmt)):
        words: list[str] = []
        c_start = c_end = 0
        for w, (s, e) in zip(turn.words, times):
            length = sum(len(x) + 1 for x in words) + len(w.text)
            if words and (length > CUE_MAX_CHARS or e - c_start > CUE_MAX_MS):
                cues.append((c_start, c_end, turn.speaker, " ".join(words)))
                words = []
            if not words:
                c_start = s
            words.append(w.text)
            c_end = max(c_end, e) if len(words) > 1 else e
        if words:
            cues.append((c_start, c_end, turn.speaker, " ".join(words)))
    for i, (s, e, speaker, text) in enumerate(cues):
        if e <= s:
            e = s + len(text.split()) * SPEAKING_MS_PER_WORD
            later = [c[0] for c in cues[i + 1 :] if c[0] > s]
            cues[i] = (s, min(e, later[0]) if later else e, speaker, text)
    return cues


def _stamp(ms: int, sep: str) -> str:
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def _name(speaker: str) -> str:
    return "Interviewer" if speaker == INTERVIEWER else "Candidate"


def write_vtt(t: Transcript) -> str:
    out = ["WEBVTT", ""]
    for s, e, speaker, text in _cues(t, "vtt"):
        body = html.escape(text, quote=False)
        out += [f"{_stamp(s, '.')} --> {_stamp(e, '.')}", f"<v {_name(speaker)}>{body}", ""]
    return "\n".join(out)


def write_srt(t: Transcript) -> str:
    out = []
    for i, (s, e, speaker, text) in enumerate(_cues(t, "srt"), 1):
        out += [str(i), f"{_stamp(s, ',')} --> {_stamp(e, ',')}", f"{_name(speaker)}: {text}", ""]
    return "\n".join(out)
