"""Word-level diff between an answer and a version of it (rendering lives in the CLI)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from icraft.core.transcript import normalize

EQUAL, DELETE, INSERT = "equal", "delete", "insert"


@dataclass(frozen=True, slots=True)
class Chunk:
    op: str  # equal / delete / insert
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"op": self.op, "text": self.text}


def word_diff(before: str, after: str) -> list[Chunk]:
    """Chunks of words that stayed, went or came, in reading order.

    A replacement is a deletion followed by an insertion, so a reader sees the old
    words struck through right before the new ones. Words match by their normalized
    form (case and surrounding punctuation ignored: "fine." -> "fine" when a
    placeholder follows, or a word re-capitalised at a sentence start, is not a
    change worth a red mark) and unchanged chunks show the new spelling.
    """
    a, b = before.split(), after.split()
    out: list[Chunk] = []
    matcher = difflib.SequenceMatcher(a=[_key(w) for w in a], b=[_key(w) for w in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(Chunk(EQUAL, " ".join(b[j1:j2])))
            continue
        if i2 > i1:
            out.append(Chunk(DELETE, " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(Chunk(INSERT, " ".join(b[j1:j2])))
    return out


def _key(word: str) -> str:
    return normalize(word) or word


def apply(chunks: list[Chunk], side: str) -> str:
    """Rebuild one side of the diff: ``after`` exactly, ``before`` up to case and punctuation."""
    skip = INSERT if side == "before" else DELETE
    return " ".join(c.text for c in chunks if c.op != skip)
