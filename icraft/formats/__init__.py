"""Transcript readers and writers, with format detection by content.

    >>> from icraft.formats import read_path, write
    >>> t = read_path("interview.deepgram.json")      # detected: deepgram
    >>> print(write(t, "srt"))

Readers: icraft JSON, Deepgram (prerecorded and streaming), OpenAI/Whisper
verbose_json, WebVTT, SRT and plain text (see docs/FORMATS.md for the detection
rules, the repairs applied to broken timings and the limits). Every problem with the
input is an :class:`InputError` with a one-line message; nothing else escapes.

This package imports only the standard library and ``icraft.core`` (no Rich, numpy or
SDKs), so scripts and the CLI can load it cheaply; readers load on first use.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from icraft.core.errors import InputError, NotFoundError
from icraft.core.transcript import Transcript, clean

FORMATS = ("json", "deepgram", "openai", "vtt", "srt", "text")
_JSON_FORMATS = ("json", "deepgram", "openai")
# What each format is, in words, for errors about a forced --from format.
FORMAT_NAMES = {
    "json": "icraft JSON", "deepgram": "Deepgram JSON", "openai": "Whisper/OpenAI verbose_json",
    "vtt": "WebVTT", "srt": "SRT subtitles", "text": "plain text",
}
WRITE_FORMATS = ("json", "vtt", "srt", "txt")
ALIASES = {
    "icraft": "json",
    "whisper": "openai",
    "verbose_json": "openai",
    "webvtt": "vtt",
    "subrip": "srt",
    "txt": "text",
    "plain": "text",
}
# Refuse bigger inputs before reading them: a one-hour Deepgram response is ~2 MB.
MAX_BYTES = 50_000_000

_HINT = "force a format with --from " + "|".join(FORMATS)


def normalize_format(fmt: str, *, writing: bool = False) -> str:
    """Canonical format name for ``fmt`` (case-insensitive, with aliases), or InputError."""
    name = fmt.strip().lower()
    if writing:
        name = {"text": "txt", "icraft": "json", "webvtt": "vtt", "subrip": "srt"}.get(name, name)
        if name not in WRITE_FORMATS:
            raise InputError(f"cannot write format {fmt!r}; choose one of {', '.join(WRITE_FORMATS)}")
        return name
    name = ALIASES.get(name, name)
    if name not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return name


def _sniff(text: str, name: str | None) -> tuple[str, Any]:
    """(format, parsed JSON or None). JSON is parsed once here and reused by the reader."""
    from icraft.formats import deepgram, icraft_json, openai, subtitles
    from icraft.formats._build import load_json

    label = name or "input"
    body = text.lstrip("\ufeff \t\r\n")
    if not body:
        raise InputError(f"{label}: the file is empty")
    if subtitles.looks_like_vtt(body):
        return "vtt", None
    first = body[0]
    is_json_name = bool(name) and name.lower().endswith((".json", ".jsonl", ".ndjson"))
    if first == "{" or is_json_name or (first == "[" and body[1:].lstrip()[:1] in ("{", "[", "]", '"')):
        data = load_json(text.lstrip("\ufeff"), label=label)  # unstripped: line numbers stay true
        if icraft_json.looks_like(data):
            return "json", data
        if deepgram.looks_like(data):
            return "deepgram", data
        if openai.looks_like(data):
            return "openai", data
        raise InputError(
            f"{label}: JSON, but not a transcript format icraft knows "
            "(icraft JSON has 'turns', Deepgram 'results', Whisper 'segments'/'words'/'text')",
            _HINT,
        )
    if subtitles.looks_like_srt(body):
        return "srt", None
    return "text", None


def detect(text: str, name: str | None = None) -> str:
    """The format of ``text`` by its content (``name``'s extension only breaks ties:
    a ``.json`` file is parsed as JSON, so a broken one reports line and column)."""
    return _sniff(text, name)[0]


def read_text(text: str, fmt: str | None = None, *, name: str | None = None) -> Transcript:
    """Parse a transcript from text; ``fmt`` forces a format instead of detecting it."""
    label = name or "input"
    if len(text) > MAX_BYTES:
        raise InputError(
            f"{label}: too large ({len(text) / 1e6:.0f} MB; the limit is {MAX_BYTES // 1_000_000} MB)"
        )
    if "\x00" in text:
        raise InputError(f"{label}: contains NUL bytes; it looks binary (an audio file?), not a transcript")
    # NFC, without zero-width and bidi marks (Unicode category Cf) anywhere, before labels,
    # cue timings or JSON are parsed: every offset and quote is of this clean text.
    text = clean(text)
    if fmt is None:
        fmt, data = _sniff(text, name)
        return _read_as(fmt, text.lstrip("\ufeff"), data, label)
    fmt = normalize_format(fmt)
    if not text.strip("\ufeff \t\r\n"):
        raise InputError(f"{label}: the file is empty")
    try:
        return _read_as(fmt, text.lstrip("\ufeff"), None, label)
    except InputError as e:
        raise _forced_error(e, fmt, text, name) from None


def _forced_error(error: InputError, forced: str, text: str, name: str | None) -> InputError:
    """The error of a file read with ``--from FORMAT``: when the file is plainly another
    format, say that and what --from expected (the reader's own complaint, "invalid JSON
    at line 1", would not); when it is that format but broken, the reader's error, with
    a hint that does not tell the user to use the --from they already used."""
    try:
        detected = _sniff(text, name)[0]
    except InputError:
        detected = None
    label = name or "input"
    # "text" is what anything unrecognised reads as: it says more than the reader only
    # when JSON was expected (a subtitle reader's "line 7: malformed cue timing" is better).
    if detected is not None and detected != forced and (detected != "text" or forced in _JSON_FORMATS):
        return InputError(
            f"{label}: --from {forced} expects {FORMAT_NAMES[forced]}, but the file is {FORMAT_NAMES[detected]}",
            f"drop --from to read it as {FORMAT_NAMES[detected]}",
        )
    if error.hint and "--from" in error.hint:
        return InputError(error.message, f"check the file: --from {forced} expects {FORMAT_NAMES[forced]}")
    return error


def _read_as(fmt: str, text: str, data: Any, label: str) -> Transcript:
    """Read ``text`` as ``fmt`` (``data``: its JSON when already parsed)."""
    from icraft.formats import deepgram, icraft_json, openai, subtitles, text as plain
    from icraft.formats._build import load_json

    if fmt in _JSON_FORMATS and data is None:
        data = load_json(text, label=label)
    if fmt == "json":
        return icraft_json.read(data, label)
    if fmt == "deepgram":
        return deepgram.read(data, label)
    if fmt == "openai":
        return openai.read(data, label)
    if fmt == "vtt":
        return subtitles.read_vtt(text, label)
    if fmt == "srt":
        return subtitles.read_srt(text, label)
    return plain.read(text, label)


def read_path(path: str | Path, fmt: str | None = None) -> Transcript:
    """Read a transcript file (``"-"`` reads stdin), refusing files over 50 MB and
    anything that is not UTF-8 (a UTF-8 byte-order mark is fine) before parsing."""
    text, label = read_text_file(path)
    return read_text(text, fmt, name=label)


BINARY_HINT = "pass a transcript (JSON, VTT, SRT) or a plain-text file; for audio use `icraft interview --audio-in`"


def read_text_file(path: str | Path, *, binary_hint: str = BINARY_HINT) -> tuple[str, str]:
    """(text, label) of a UTF-8 file or ``"-"`` (stdin), or a one-line InputError for a
    missing file, a directory, a binary or non-UTF-8 file, or one over 50 MB. Shared by
    every command that reads a user's file, so they all fail the same clear way;
    ``binary_hint`` says what the command takes instead of a binary file (a recording: its
    own audio option)."""
    if str(path) == "-":
        raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        label = "<stdin>"
        if len(raw) > MAX_BYTES:
            raise InputError(f"{label}: more than {MAX_BYTES // 1_000_000} MB; transcripts are far smaller")
    else:
        p = Path(path)
        label = str(path)
        try:
            size = p.stat().st_size
        except FileNotFoundError:
            raise NotFoundError(f"{label}: no such file") from None
        except OSError as e:
            raise InputError(f"{label}: cannot read: {e.strerror or e}") from None
        if p.is_dir():
            raise InputError(f"{label}: is a directory, not a transcript file", "pass a file inside it")
        if size > MAX_BYTES:
            raise InputError(
                f"{label}: too large ({size / 1e6:.0f} MB; the limit is {MAX_BYTES // 1_000_000} MB)",
                "a one-hour transcript is about 2 MB; is this an audio or video file?",
            )
        try:
            with p.open("rb") as f:
                raw = f.read(MAX_BYTES + 1)
        except OSError as e:
            raise InputError(f"{label}: cannot read: {e.strerror or e}") from None
        if len(raw) > MAX_BYTES:  # grew since stat, or a device
            raise InputError(f"{label}: too large (the limit is {MAX_BYTES // 1_000_000} MB)")
    return decode(raw, label, binary_hint=binary_hint), label


def decode(raw: bytes, label: str, *, binary_hint: str = BINARY_HINT) -> str:
    """UTF-8 (BOM allowed) or a clear error; other encodings are never guessed."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            f"{label}: is UTF-16, not UTF-8", f"convert it: iconv -f UTF-16 -t UTF-8 {label} > fixed.txt"
        )
    if b"\x00" in raw[:8192]:  # text never holds NUL bytes: an audio file, an archive, a program
        raise InputError(
            f"{label}: contains NUL bytes; it looks binary (an audio file?), not text", binary_hint,
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise InputError(
            f"{label}: is not UTF-8 text (byte 0x{raw[e.start]:02x} at line {line}, offset {e.start})",
            f"convert it, e.g. iconv -f latin1 -t UTF-8 {label} > fixed.txt",
        ) from None


def write(transcript: Transcript, fmt: str) -> str:
    """Serialize to "json" (lossless), "vtt", "srt" or "txt"."""
    from icraft.formats import icraft_json, subtitles, text as plain

    fmt = normalize_format(fmt, writing=True)
    if fmt == "json":
        return icraft_json.write(transcript)
    if fmt == "vtt":
        return subtitles.write_vtt(transcript)
    if fmt == "srt":
        return subtitles.write_srt(transcript)
    return plain.write(transcript)


def to_dict(transcript: Transcript) -> dict[str, Any]:
    """The icraft JSON document as a dict (see docs/transcript.schema.json)."""
    from icraft.formats.icraft_json import to_dict as _to_dict

    return _to_dict(transcript)


__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "WRITE_FORMATS",
    "decode",
    "detect",
    "normalize_format",
    "read_path",
    "read_text",
    "to_dict",
    "write",
]
