"""Word-level diff between an answer and a version of it (rendering lives in the CLI).

Every change is shown: words are *aligned* by their normalized form (so "the" and
"The" line up), but a word whose spelling changed at all (case, a dropped or moved
full stop) is reported as deleted and inserted, never folded into an unchanged run.

Linear in practice: difflib's matcher is quadratic in the number of edits, which on a
17,000-word answer took minutes. Long inputs are first cut at *anchors* (patience diff:
words whose count is the same in both ranges, the k-th occurrence paired with the
k-th, kept only along the longest run in the same order), then the gaps between
anchors, which are short, are matched by difflib as before.
"""

from __future__ import annotations

import difflib
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from icraft.core.transcript import normalize

EQUAL, DELETE, INSERT = "equal", "delete", "insert"

# Ranges with at most this many words (both sides together) go to difflib directly:
# every normal answer, so its diff is exactly difflib's.
_DIRECT = 600


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
    ka, kb = [_key(w) for w in a], [_key(w) for w in b]
    ops: list[tuple[str, int, int, int, int]] = []
    _align(ka, kb, 0, len(a), 0, len(b), ops)
    out: list[Chunk] = []
    for op, i1, i2, j1, j2 in ops:
        if op == EQUAL:
            for k in range(i2 - i1):  # aligned, but a changed spelling is a change
                if a[i1 + k] == b[j1 + k]:
                    _push(out, EQUAL, b[j1 + k])
                else:
                    _push(out, DELETE, a[i1 + k])
                    _push(out, INSERT, b[j1 + k])
            continue
        for w in a[i1:i2]:
            _push(out, DELETE, w)
        for w in b[j1:j2]:
            _push(out, INSERT, w)
    return _order(out)


def _words(text: str) -> list[str]:
    """Whitespace words, with a bracketed placeholder kept as one word ("[metric: by how
    much?]."): its words never align with the answer's own ("you" in "what did you do")."""
    out: list[str] = []
    depth = 0
    for tok in text.split():
        if depth > 0:
            out[-1] += " " + tok
        else:
            out.append(tok)
        depth = max(0, depth + tok.count("[") - tok.count("]"))
    return out


def _push(out: list[Chunk], op: str, word: str) -> None:
    if out and out[-1].op == op:
        out[-1] = Chunk(op, out[-1].text + " " + word)
    else:
        out.append(Chunk(op, word))


def _order(chunks: list[Chunk]) -> list[Chunk]:
    """Within each run of changes, all deletions first, then all insertions (and
    adjacent runs of the same op joined): "[-fine. I think the-] {+fine [metric]. The+}"
    reads better than alternating one-word pairs."""
    out: list[Chunk] = []
    i = 0
    while i < len(chunks):
        if chunks[i].op == EQUAL:
            out.append(chunks[i])
            i += 1
            continue
        j = i
        while j < len(chunks) and chunks[j].op != EQUAL:
            j += 1
        dels = " ".join(c.text for c in chunks[i:j] if c.op == DELETE)
        ins = " ".join(c.text for c in chunks[i:j] if c.op == INSERT)
        out.extend(Chunk(op, t) for op, t in ((DELETE, dels), (INSERT, ins)) if t)
        i = j
    return out


def _key(word: str) -> str:
    return normalize(word) or word


def _align(
    a: Sequence[str], b: Sequence[str], a0: int, a1: int, b0: int, b1: int, ops: list[tuple[str, int, int, int, int]]
) -> None:
    """Append opcodes (``op, i1, i2, j1, j2``) aligning ``a[a0:a1]`` with ``b[b0:b1]``."""
    # common prefix and suffix
    p = 0
    while a0 + p < a1 and b0 + p < b1 and a[a0 + p] == b[b0 + p]:
        p += 1
    s = 0
    while a1 - s > a0 + p and b1 - s > b0 + p and a[a1 - s - 1] == b[b1 - s - 1]:
        s += 1
    if p:
        ops.append((EQUAL, a0, a0 + p, b0, b0 + p))
    lo_a, hi_a, lo_b, hi_b = a0 + p, a1 - s, b0 + p, b1 - s
    if lo_a < hi_a or lo_b < hi_b:
        _middle(a, b, lo_a, hi_a, lo_b, hi_b, ops)
    if s:
        ops.append((EQUAL, a1 - s, a1, b1 - s, b1))


def _middle(
    a: Sequence[str], b: Sequence[str], a0: int, a1: int, b0: int, b1: int, ops: list[tuple[str, int, int, int, int]]
) -> None:
    if a0 == a1 or b0 == b1:
        ops.append(("replace", a0, a1, b0, b1))
        return
    if (a1 - a0) + (b1 - b0) <= _DIRECT:
        m = difflib.SequenceMatcher(a=a[a0:a1], b=b[b0:b1], autojunk=False)
        for op, i1, i2, j1, j2 in m.get_opcodes():
            ops.append((EQUAL if op == EQUAL else "replace", a0 + i1, a0 + i2, b0 + j1, b0 + j2))
        return
    anchors = _anchors(a, b, a0, a1, b0, b1)
    if not anchors:  # nothing in common worth aligning on: the honest answer is "all changed"
        ops.append(("replace", a0, a1, b0, b1))
        return
    pa, pb = a0, b0
    for i, j in anchors:
        _align(a, b, pa, i, pb, j, ops)
        ops.append((EQUAL, i, i + 1, j, j + 1))
        pa, pb = i + 1, j + 1
    _align(a, b, pa, a1, pb, b1, ops)


def _anchors(a: Sequence[str], b: Sequence[str], a0: int, a1: int, b0: int, b1: int) -> list[tuple[int, int]]:
    """Pairs (i, j) of equal words to cut the ranges at: words whose count is the same
    on both sides, k-th occurrence with k-th, reduced to the longest increasing run
    (patience sorting, O(n log n))."""
    ca, cb = Counter(a[a0:a1]), Counter(b[b0:b1])
    same = {w for w, n in ca.items() if cb.get(w) == n}
    if not same:
        return []
    rank: dict[str, list[int]] = {}
    for j in range(b0, b1):
        if b[j] in same:
            rank.setdefault(b[j], []).append(j)
    seen: Counter[str] = Counter()
    pairs: list[tuple[int, int]] = []
    for i in range(a0, a1):
        w = a[i]
        if w in same:
            pairs.append((i, rank[w][seen[w]]))
            seen[w] += 1
    return _longest_increasing(pairs)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of ``pairs`` (sorted by i) whose j increase."""
    tails: list[int] = []  # j of the last pair of the best run of each length
    tail_idx: list[int] = []
    prev = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[pos] = j
            tail_idx[pos] = k
        prev[k] = tail_idx[pos - 1] if pos else -1
    out: list[tuple[int, int]] = []
    k = tail_idx[-1] if tail_idx else -1
    while k != -1:
        out.append(pairs[k])
        k = prev[k]
    return out[::-1]


def apply(chunks: list[Chunk], side: str) -> str:
    """Rebuild one side of the diff exactly: ``before`` or ``after``."""
    skip = INSERT if side == "before" else DELETE
    return " ".join(c.text for c in chunks if c.op != skip)
