"""Cue scans by the answer's words: a pattern whose every match starts at a word start with
a word of a known set (or a word starting with a known prefix) is tried only where the
answer's words of that set start, instead of at every character position.

Why: Python's regex engine costs ~20 ns per character position for a pattern many letters
can start, and visits every position of the answer; most cues start with one of a few dozen
words, and an answer holds few of them. The answer's words are split once (:class:`Words`,
shared by every cue of the answer); a cue's words are read once from its source
(:func:`icraft.rubric.guards.first_words`). The engine's cues are indexed: which of them a
word can start is kept per process, and one pass over an answer's words lists where each
cue's words start (:meth:`Words.starts_for`), instead of a set intersection and a find loop
per word for each cue (~100 us an answer over ~17 cues).

The same matches as ``finditer``: every position where a match can start is tried, in text
order, each from where the previous match ended (leftmost, non-overlapping; a match is never
empty, it holds its first word); ``pattern.match(text, pos)`` reads the text before ``pos``
as a search from an earlier position does (``\\b``, lookbehinds). Checked for every cue
over the calibration answers, rule fixtures and generated texts (tests/test_wordscan.py).
"""

from __future__ import annotations

import re
import threading
from itertools import chain, filterfalse
from operator import itemgetter
from typing import TYPE_CHECKING, Callable

from icraft.rubric.guards import has_digit

if TYPE_CHECKING:
    from icraft.rubric.guards import Firsts

# Every character that is not a word character (``\W``), as a space: an ASCII text is
# translated by a byte table, any other by the regex (one character for one, so a word
# keeps its offsets).
_SPACES = bytes(c if c < 128 and (chr(c).isalnum() or chr(c) == "_") else 32 for c in range(256))
_NONWORD = re.compile(r"\W")
_LETTER_DIGIT = re.compile(r"[^\W\d]\d")
# A prefix is looked up by its first HEAD characters among the answer's words' (a set
# intersection); a prefix shorter than that is not used (read() gives None: a plain scan).
HEAD = 3
_HEAD = itemgetter(slice(0, HEAD))

Match = re.Match[str]

# The first words the engine reads (:func:`read`), each with its slot, and a word -> the
# slots whose matches can start with it (kept per process: words repeat across answers).
# An answer's words are then read once for all of them (:meth:`Words.starts_for`): one pass
# over its words instead of, for each cue, a set intersection and a find loop per word.
# Replaced whole when a pattern's first words are read (a few dozen times a process, over
# its first answers: on a pattern's READ_AT-th use), so a thread reading it meanwhile sees a
# consistent pair; the words known then are checked against the new pattern alone.
_INDEXED: tuple[tuple["FirstWords", ...], dict[str, tuple[int, ...]]] = ((), {"": ()})
_REGISTER = threading.Lock()
# Distinct words kept with their slots before the table is emptied.
_MAX_WORDS = 50_000


def _register(first: "FirstWords") -> int:
    """``first``'s slot among the indexed first words."""
    global _INDEXED
    with _REGISTER:
        firsts, known = _INDEXED
        slot = len(firsts)
        _INDEXED = ((*firsts, first), {w: (*s, slot) if first.can_start(w) else s for w, s in known.items()})
        return slot


def _slots(word: str, firsts: tuple["FirstWords", ...]) -> tuple[int, ...]:
    """The slots of ``firsts`` whose matches can start with ``word``."""
    return tuple(i for i, f in enumerate(firsts) if f.can_start(word))


class Words:
    """The words of one (lower-cased) text: runs of word characters (what ``\\w`` matches)."""

    __slots__ = ("text", "set", "spaced", "_parts", "_heads", "_at", "_digits", "_letter_digit", "_index", "_indexed")

    def __init__(self, text: str) -> None:
        if text.isascii():
            spaced = text.encode("ascii").translate(_SPACES).decode("ascii")
        else:
            spaced = _NONWORD.sub(" ", text)
        self.text = text
        # The text split at each space: its words, and "" between two non-word characters.
        self._parts = parts = spaced.split(" ")
        self.set = set(parts)
        self.set.discard("")
        self.spaced = f" {spaced} "  # each word between spaces: found by " word "
        self._heads: set[str] | None = None
        self._at: dict[str, list[int]] = {}
        self._digits: list[str] | None = None
        self._letter_digit: bool | None = None
        self._index: list[list[int]] = []
        self._indexed = -1  # how many indexed first words _index was read for (-1: not yet)

    def starts_for(self, slot: int) -> list[int]:
        """Where a match of the indexed first words of ``slot`` can start, in text order
        (:meth:`FirstWords.starts` without its characters). The answer's words are read
        once for every indexed pattern, again only when one was indexed since."""
        if slot >= self._indexed:
            firsts, known = _INDEXED
            if len(known) > _MAX_WORDS:
                known.clear()
                known[""] = ()
            index: list[list[int]] = [[] for _ in firsts]
            get, pos = known.get, 0
            for word in self._parts:
                slots = get(word)
                if slots is None:
                    slots = known[word] = _slots(word, firsts)
                for i in slots:
                    index[i].append(pos)
                pos += len(word) + 1
            self._index, self._indexed = index, len(firsts)
        return self._index[slot]

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
            find, step = self.spaced.find, len(key) - 1
            found = []
            i = find(key)
            while i >= 0:
                found.append(i)  # the text's offset: the spaced text has one more character before
                i = find(key, i + step)
            self._at[word] = found
        return found

    def digit_words(self) -> list[str]:
        """The words that start with a decimal digit (what ``\\d`` matches)."""
        if self._digits is None:
            if not has_digit(self.text):
                self._digits = []
            elif self.text.isascii():
                self._digits = [w for w in self.set if w[0] <= "9"]  # "0"-"9" sort before letters and "_"
            else:
                self._digits = [w for w in self.set if w[0].isdecimal()]
        return self._digits

    def letter_digit(self) -> bool:
        """Whether a word holds a digit right after a letter or "_" ("p99", "x2"): where a
        match starting with a digit may start inside a word (a Cue part without its ``\\b``)."""
        if self._letter_digit is None:
            self._letter_digit = has_digit(self.text) and _LETTER_DIGIT.search(
                " ".join(filterfalse(str.isalpha, self.set))
            ) is not None
        return self._letter_digit

    def char_at(self, ch: str) -> list[int]:
        """Where the character ``ch`` is, in text order (kept with the words')."""
        found = self._at.get(ch)
        if found is None:
            find, found = self.text.find, []
            i = find(ch)
            while i >= 0:
                found.append(i)
                i = find(ch, i + 1)
            self._at[ch] = found
        return found

    def starts_of(self, hit: set[str] | frozenset[str]) -> list[int]:
        """Where the words of ``hit`` (words of the text) start, in text order."""
        if len(hit) == 1:
            return self.at(next(iter(hit)))
        return sorted(chain.from_iterable(map(self.at, hit)))


class FirstWords:
    """Where a pattern's matches can start (:class:`icraft.rubric.guards.Firsts`, read by
    :func:`icraft.rubric.guards.first_words`): at a word of ``words``, at a word starting
    with one of ``prefixes`` or with a decimal digit (``digit``), at one of ``chars``."""

    __slots__ = ("words", "prefixes", "heads", "chars", "digit", "risky", "slot")

    def __init__(self, found: "Firsts", indexed: bool = False) -> None:
        self.words = found.words
        self.prefixes = tuple(sorted(found.prefixes))
        self.heads = frozenset(map(_HEAD, found.prefixes))
        self.chars = tuple(sorted(found.chars))
        self.digit = found.digit
        # A Cue part's matches inside a word may hide kept ones where a word ends with one
        # of these: such a text is scanned plainly (see finditer).
        self.risky = (
            re.compile("|".join(f"{re.escape(w)} (?<=\\w{re.escape(w)} )" for w in sorted(found.risky)))
            if found.risky else None
        )
        # Indexed (the engine's, :func:`read`): its starts read with every indexed pattern's
        # (:meth:`Words.starts_for`); else by its own words' (a checking copy, in tests).
        self.slot = _register(self) if indexed else -1

    def can_start(self, word: str) -> bool:
        """Whether a match can start with ``word`` (a text's word): :meth:`hit` of a text
        holding it holds it."""
        return word in self.words or (bool(self.prefixes) and word.startswith(self.prefixes)) or (
            self.digit and word[:1].isdecimal())

    def hit(self, words: Words) -> set[str] | frozenset[str]:
        """The text's words a match can start with."""
        hit = self.words.intersection(words.set)
        if self.prefixes:
            heads = self.heads.intersection(words.heads())
            if heads:
                pre = tuple(p for p in self.prefixes if p[:HEAD] in heads)
                hit = hit.union([w for w in words.set if w.startswith(pre)])
        if self.digit:
            digits = words.digit_words()
            if digits:
                hit = hit.union(digits)
        return hit

    def starts(self, words: Words) -> list[int]:
        """Where a match can start in the text, in text order."""
        if self.slot >= 0:
            at = words.starts_for(self.slot)
        else:
            hit = self.hit(words)
            at = words.starts_of(hit) if hit else []
        if self.chars:
            more = [i for ch in self.chars for i in words.char_at(ch)]
            if more:
                at = sorted([*at, *more])
        return at

    def finditer(self, match: Callable[[str, int], Match | None], words: Words, kept: bool = False) -> list[Match] | None:
        """``pattern.finditer(text)``'s matches (``match``: the pattern's ``match``), tried
        only where a match can start. ``kept``: a Cue part without its ``\\b`` (read with
        ``bounded=True``): its matches kept only where the Cue keeps them
        (patterns._is_word_char), the search moved on past a dropped one as the Cue's scan
        does; None when a match inside a word might hide a kept one (scan plainly)."""
        starts = self.starts(words)
        if not starts:
            return []
        if kept and (
            (self.risky is not None and self.risky.search(words.spaced) is not None)
            or (self.digit and words.letter_digit())
        ):
            return None
        text, out, pos = words.text, [], 0
        for start in starts:
            if start >= pos:
                m = match(text, start)
                if m is not None:
                    if not kept or start == 0 or not ((ch := text[start - 1]).isalnum() or ch in "'_"):
                        out.append(m)
                    pos = m.end()
        return out

    def found(self, match: Callable[[str, int], Match | None], words: Words) -> bool:
        """``pattern.search(text) is not None``, tried only where a match can start."""
        text = words.text
        return any(match(text, s) is not None for s in self.starts(words))


def read(pattern: re.Pattern[str], *, bounded: bool = False) -> FirstWords | None:
    """The first words of a compiled pattern, or None (the plain scan is used)."""
    from icraft.rubric.guards import first_words

    found = first_words(pattern.pattern, pattern.flags, bounded=bounded)
    if found is None or any(len(p) < HEAD for p in found.prefixes):
        return None
    return FirstWords(found, indexed=True)


