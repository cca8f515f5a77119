"""Plain text transcripts, read and written.

Reading: a line starting with a speaker prefix (``Q:``/``A:``, ``Interviewer:``/
``Candidate:``, ``Question:``/``Answer:``; any case, optionally in ``**bold**``)
starts a turn; following lines without a prefix continue it (multi-line turns,
paragraphs). With no prefix anywhere, the whole file is one candidate answer. Text
before the first prefix belongs to the candidate (nothing is dropped). Lines at the top
of the form ``# title: ...``, ``# question_type: ...``, ``# role: ...``, ``# level: ...``
set ``Transcript.meta`` (the txt writer emits them, so meta survives a round trip).
"""

from __future__ import annotations

import re

from icraft.core.transcript import INTERVIEWER, Transcript
from icraft.formats._build import Segment, build, role_for_label

_PREFIX = re.compile(
    r"^[ \t]*(\*\*)?(interviewer|recruiter|hiring manager|candidate|question|answer|q|a)[ \t]*:(?(1)\*\*)[ \t]*",
    re.IGNORECASE,
)
META_KEYS = ("title", "question_type", "role", "level")
_META = re.compile(r"^#[ \t]*(title|question[ _]type|role|level)[ \t]*:[ \t]*(.*?)\s*$", re.IGNORECASE)


def split_prefix(line: str) -> tuple[str | None, str]:
    """(role, rest) when ``line`` starts with a speaker prefix, else (None, line)."""
    m = _PREFIX.match(line)
    if not m:
        return None, line
    return role_for_label(m.group(2)), line[m.end() :]


def read(text: str, label: str) -> Transcript:
    meta = {"source_format": "text"}
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = _META.match(lines[i])
        if m:
            meta[m.group(1).lower().replace(" ", "_")] = m.group(2)
        elif lines[i].strip():
            break
        i += 1
    segments: list[Segment] = []
    current: list[str] = []
    role: str | None = None
    for line in lines[i:]:
        new_role, rest = split_prefix(line)
        if new_role is not None:
            if current:
                segments.append(Segment([], role=role, text=" ".join(current)))
            role, current = new_role, [rest]
        else:
            current.append(line)
    if current:
        segments.append(Segment([], role=role, text=" ".join(current)))
    return build(segments, meta, label=label)


def write(t: Transcript) -> str:
    head = [f"# {k}: {' '.join(t.meta[k].split())}" for k in META_KEYS if t.meta.get(k)]
    body = [f"{'Interviewer' if x.speaker == INTERVIEWER else 'Candidate'}: {x.text}" for x in t.turns]
    return "\n".join(head + ([""] if head else []) + ["\n\n".join(body)]) + "\n"
