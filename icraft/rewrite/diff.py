"""Word-level diff between an answer and a version of it (rendering lives in the CLI).

Every change is shown: words are *aligned* by their normalized form (so "the" and
"The" line up), but a word whose spelling changed at all (case, a dropped or moved
full stop) is reported as deleted and inserted, never folded into an unchanged run.

The alignment is a minimal edit script (longest common subsequence of the word
keys) from rapidfuzz's bit-parallel ``Indel.opcodes``: 17,000 words align in tens of
milliseconds, where difflib's matcher is quadratic in the number of edits. Its
traceback holds a bit matrix of len(a) x len(b), so a range larger than
``_DIRECT_CELLS`` is first cut at *anchors* (patience diff: words whose count is the
same on both sides, k-th occurrence paired with k-th, kept along the longest run in
the same order) and only the gaps between anchors are aligned directly: memory stays
bounded on a one-megabyte answer.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from icraft.core.transcript import normalize

EQUAL, DELETE, INSERT = "equal", "delete", "insert"

# Ranges up to this many word pairs (len(a) * len(b)) are aligned in one call: a bit
# matrix of at most ~16 MB, and every answer of normal length.
_DIRECT_CELLS = 128_000_000
_MAX_DEPTH = 32  # anchors within anchors; deeper gaps are reported as replaced

Op = tuple[str, int, int, int, int]

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
    runs: list[tuple[str, list[str]]] = []  # (op, words), joined once at the end

    def push(op: str, word: str) -> None:
        if runs and runs[-1][0] == op:
            runs[-1][1].append(word)
        else:
            runs.append((op, [word]))

    ops: list[Op] = []
    _align([_key(w) for w in a], [_key(w) for w in b], 0, len(a), 0, len(b), ops, 0)
    for op, i1, i2, j1, j2 in ops:
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


def _align(a: Sequence[str], b: Sequence[str], a0: int, a1: int, b0: int, b1: int, ops: list[Op], depth: int) -> None:
    """Append opcodes aligning ``a[a0:a1]`` with ``b[b0:b1]`` (only equal, delete, insert)."""
    while a0 < a1 and b0 < b1 and a[a0] == b[b0]:  # common prefix
        ops.append((EQUAL, a0, a0 + 1, b0, b0 + 1))
        a0, b0 = a0 + 1, b0 + 1
    s = 0
    while a1 - s > a0 and b1 - s > b0 and a[a1 - s - 1] == b[b1 - s - 1]:  # common suffix
        s += 1
    _middle(a, b, a0, a1 - s, b0, b1 - s, ops, depth)
    if s:
        ops.append((EQUAL, a1 - s, a1, b1 - s, b1))


def _middle(a: Sequence[str], b: Sequence[str], a0: int, a1: int, b0: int, b1: int, ops: list[Op], depth: int) -> None:
    if a0 == a1 or b0 == b1 or (a1 - a0) * (b1 - b0) > _DIRECT_CELLS:
        can_cut = a0 < a1 and b0 < b1 and depth < _MAX_DEPTH
        anchors = _anchors(a, b, a0, a1, b0, b1) if can_cut else []
        if not anchors:  # nothing in common to cut at: all of it changed
            if a0 < a1:
                ops.append((DELETE, a0, a1, b0, b0))
            if b0 < b1:
                ops.append((INSERT, a1, a1, b0, b1))
            return
        pa, pb = a0, b0
        for i, j in anchors:
            _align(a, b, pa, i, pb, j, ops, depth + 1)
            ops.append((EQUAL, i, i + 1, j, j + 1))
            pa, pb = i + 1, j + 1
        _align(a, b, pa, a1, pb, b1, ops, depth + 1)
        return
    from rapidfuzz.distance import Indel  # C extension: loaded on first diff

    for op, i1, i2, j1, j2 in Indel.opcodes(a[a0:a1], b[b0:b1]):
        ops.append((op, a0 + i1, a0 + i2, b0 + j1, b0 + j2))


def _anchors(a: Sequence[str], b: Sequence[str], a0: int, a1: int, b0: int, b1: int) -> list[tuple[int, int]]:
    """Pairs (i, j) of equal words to cut the ranges at: words whose count is the same
    on both sides, k-th occurrence with k-th, reduced to the longest run whose j
    increase (patience sorting, O(n log n))."""
    ca, cb = Counter(a[a0:a1]), Counter(b[b0:b1])
    same = {w for w, n in ca.items() if cb.get(w) == n}
    if not same:
        return []
    where: dict[str, list[int]] = {}
    for j in range(b0, b1):
        if b[j] in same:
            where.setdefault(b[j], []).append(j)
    seen: Counter[str] = Counter()
    pairs: list[tuple[int, int]] = []
    for i in range(a0, a1):
        if a[i] in same:
            pairs.append((i, where[a[i]][seen[a[i]]]))
            seen[a[i]] += 1
    tails: list[int] = []  # j of the last pair of the best run of each length
    tail_at: list[int] = []
    prev = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[pos], tail_at[pos] = j, k
        prev[k] = tail_at[pos - 1] if pos else -1
    out: list[tuple[int, int]] = []
    k = tail_at[-1] if tail_at else -1
    while k != -1:
        out.append(pairs[k])
        k = prev[k]
    return out[::-1]


def apply(chunks: list[Chunk], side: str) -> str:
    """Rebuild one side of the diff exactly: ``before`` or ``after``."""
    skip = INSERT if side == "before" else DELETE
    return " ".join(c.text for c in chunks if c.op != skip)
