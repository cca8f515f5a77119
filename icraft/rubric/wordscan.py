"""Cue scans by the answer's words: a pattern whose every match starts at a word start with
a word of a known set (or a word starting with a known prefix) is tried only where the
answer's words of that set start, instead of at every character position.

Why: Python's regex engine costs ~20 ns per character position for a pattern many letters
can start, and visits every position of the answer; most cues start with one of a few dozen
words, and an answer holds few of them. The answer's words are split once (:class:`Words`,
shared by every cue of the answer); a cue's words are read once from its source
(:func:`icraft.rubric.guards.first_words`).

The same matches as ``finditer``: every position where a match can start is tried, in text
order, each from where the previous match ended (leftmost, non-overlapping; a match is never
empty, it holds its first word); ``pattern.match(text, pos)`` reads the text before ``pos``
as a search from an earlier position does (``\\b``, lookbehinds). Checked for every cue
over the calibration answers, rule fixtures and generated texts (tests/test_wordscan.py).
"""

from __future__ import annotations

import re
from itertools import chain
from operator import itemgetter
from typing import Callable

# Every character that is not a word character (``\W``), as a space: an ASCII text is
# translated by a byte table, any other by the regex (one character for one, so a word
# keeps its offsets).
_SPACES = bytes(c if c < 128 and (chr(c).isalnum() or chr(c) == "_") else 32 for c in range(256))
_NONWORD = re.compile(r"\W")
# A prefix is looked up by its first HEAD characters among the answer's words' (a set
# intersection); a prefix shorter than that is not used (read() gives None: a plain scan).
HEAD = 3
_HEAD = itemgetter(slice(0, HEAD))

Match = re.Match[str]


class Words:
    """The words of one (lower-cased) text: runs of word characters (what ``\\w`` matches)."""

    __slots__ = ("text", "set", "_spaced", "_heads", "_at")

    def __init__(self, text: str) -> None:
        if text.isascii():
            spaced = text.encode("ascii").translate(_SPACES).decode("ascii")
        else:
            spaced = _NONWORD.sub(" ", text)
        self.text = text
        self.set = set(spaced.split())
        self._spaced = f" {spaced} "  # each word between spaces: found by " word "
        self._heads: set[str] | None = None
        self._at: dict[str, list[int]] = {}

    def heads(self) -> set[str]:
        """The words' first HEAD characters (a shorter word whole)."""
        if self._heads is None:
            self._heads = set(map(_HEAD, self.set))
        return self._heads

    def at(self, word: str) -> list[int]:
        """Where ``word`` (a word of the text) starts, in text order (kept: several cues
        share common words)."""
        found = self._at.get(word)
        if found is None:
            key = f" {word} "
            find, step = self._spaced.find, len(key) - 1
            found = []
            i = find(key)
            while i >= 0:
                found.append(i)  # the text's offset: the spaced text has one more character before
                i = find(key, i + step)
            self._at[word] = found
        return found

    def starts_of(self, hit: set[str] | frozenset[str]) -> list[int]:
        """Where the words of ``hit`` (words of the text) start, in text order."""
        if len(hit) == 1:
            return self.at(next(iter(hit)))
        return sorted(chain.from_iterable(map(self.at, hit)))


class FirstWords:
    """The words a pattern's matches can start with (``words``: the whole word; ``prefixes``:
    its beginning), read by :func:`icraft.rubric.guards.first_words`."""

    __slots__ = ("words", "prefixes", "heads")

    def __init__(self, words: frozenset[str], prefixes: frozenset[str]) -> None:
        self.words = words
        self.prefixes = tuple(sorted(prefixes))
        self.heads = frozenset(map(_HEAD, prefixes))

    def hit(self, words: Words) -> set[str] | frozenset[str]:
        """The text's words a match can start with."""
        hit = self.words.intersection(words.set)
        if self.prefixes:
            heads = self.heads.intersection(words.heads())
            if heads:
                pre = tuple(p for p in self.prefixes if p[:HEAD] in heads)
                hit = hit.union([w for w in words.set if w.startswith(pre)])
        return hit

    def finditer(self, match: Callable[[str, int], Match | None], words: Words, kept: bool = False) -> list[Match]:
        """``pattern.finditer(text)``'s matches (``match``: the pattern's ``match``), tried
        only at the word starts a match can start at. ``kept``: a Cue part without its
        ``\\b`` (read with ``bounded=True``): its matches kept only where the Cue keeps them
        (patterns._is_word_char), the search moved on past a dropped one as the Cue's scan does."""
        hit = self.hit(words)
        if not hit:
            return []
        text, out, pos = words.text, [], 0
        for start in words.starts_of(hit):
            if start >= pos:
                m = match(text, start)
                if m is not None:
                    if not kept or start == 0 or not ((ch := text[start - 1]).isalnum() or ch in "'_"):
                        out.append(m)
                    pos = m.end()
        return out

    def found(self, match: Callable[[str, int], Match | None], words: Words) -> bool:
        """``pattern.search(text) is not None``, tried only at the word starts a match can start at."""
        hit = self.hit(words)
        if not hit:
            return False
        text = words.text
        starts = chain.from_iterable(map(words.at, hit)) if len(hit) <= 2 else words.starts_of(hit)
        return any(match(text, s) is not None for s in starts)


def read(pattern: re.Pattern[str], *, bounded: bool = False) -> FirstWords | None:
    """The first words of a compiled pattern, or None (the plain scan is used)."""
    from icraft.rubric.guards import first_words

    found = first_words(pattern.pattern, pattern.flags, bounded=bounded)
    if found is None or any(len(p) < HEAD for p in found[1]):
        return None
    return FirstWords(*found)


