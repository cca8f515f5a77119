"""Word-level diff between an answer and a version of it (rendering lives in the CLI).

Every change is shown: words are *aligned* by their normalized form (so "the" and
"The" line up), but a word whose spelling changed at all (case, a dropped or moved
full stop) is reported as deleted and inserted, never folded into an unchanged run.

The alignment is a minimal edit script (longest common subsequence of the word
keys) from rapidfuzz's bit-parallel ``Indel.opcodes``: 17,000 words align in tens of
milliseconds, where difflib's matcher is quadratic in the number of edits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from icraft.core.transcript import normalize

EQUAL, DELETE, INSERT = "equal", "delete", "insert"

# A word: a run of non-space characters, where a closed bracket group such as
# "[metric: by how much?]" counts as one piece even with spaces inside (a placeholder
# is one unit). A "[" that is not closed within the bound is an ordinary character, so
# an unbalanced bracket never glues the rest of the text into one word.
_PLACEHOLDER_MAX = 300
_WORD = re.compile(r"(?:\[[^\[\]]{0,%d}\]|[^\s\[]|\[)+" % _PLACEHOLDER_MAX)


@dataclass(frozen=True, slots=True)
class Chunk:
    op: str  # equal / delete / insert
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"op": self.op, "text": self.text}


def word_diff(before: str, after: str) -> list[Chunk]:
    """Chunks of words that stayed, went or came, in reading order.

    A replacement is a deletion followed by an insertion, so a reader sees the old
    words struck through right before the new ones. ``equal`` chunks hold words that
    are identical on both sides, so joining the non-inserted chunks gives ``before``
    exactly and the non-deleted ones ``after`` exactly.
    """
    a, b = _words(before), _words(after)
    from rapidfuzz.distance import Indel  # C extension: loaded on first diff

    runs: list[tuple[str, list[str]]] = []  # (op, words), joined once at the end

    def push(op: str, word: str) -> None:
        if runs and runs[-1][0] == op:
            runs[-1][1].append(word)
        else:
            runs.append((op, [word]))

    for op, i1, i2, j1, j2 in Indel.opcodes([_key(w) for w in a], [_key(w) for w in b]):
        if op == EQUAL:
            for k in range(i2 - i1):  # aligned, but a changed spelling is a change
                if a[i1 + k] == b[j1 + k]:
                    push(EQUAL, b[j1 + k])
                else:
                    push(DELETE, a[i1 + k])
                    push(INSERT, b[j1 + k])
        elif op == DELETE:
            for w in a[i1:i2]:
                push(DELETE, w)
        else:
            for w in b[j1:j2]:
                push(INSERT, w)
    return _order(runs)


def _words(text: str) -> list[str]:
    """Whitespace words, with a bracketed placeholder kept as one word ("[metric: by how
    much?]."): its words never align with the answer's own ("you" in "what did you do")."""
    return _WORD.findall(text)


def _order(runs: list[tuple[str, list[str]]]) -> list[Chunk]:
    """Within each run of changes, all deletions first, then all insertions (and
    adjacent runs of the same op joined): "[-fine. I think the-] {+fine [metric]. The+}"
    reads better than alternating one-word pairs."""
    out: list[Chunk] = []
    i = 0
    while i < len(runs):
        if runs[i][0] == EQUAL:
            out.append(Chunk(EQUAL, " ".join(runs[i][1])))
            i += 1
            continue
        j = i
        while j < len(runs) and runs[j][0] != EQUAL:
            j += 1
        for op in (DELETE, INSERT):
            words = [w for r in runs[i:j] if r[0] == op for w in r[1]]
            if words:
                out.append(Chunk(op, " ".join(words)))
        i = j
    return out


def _key(word: str) -> str:
    return normalize(word) or word


def apply(chunks: list[Chunk], side: str) -> str:
    """Rebuild one side of the diff exactly: ``before`` or ``after``."""
    skip = INSERT if side == "before" else DELETE
    return " ".join(c.text for c in chunks if c.op != skip)
