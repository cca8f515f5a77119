"""Cue scans by the answer's words: a pattern whose every match starts at a word start with
a word of a known set (or a word starting with a known prefix) is tried only where the
answer's words of that set start, instead of at every character position.

Why: Python's regex engine costs ~20 ns per character position for a pattern many letters
can start, and visits every position of the answer; most cues start with one of a few dozen
words, and an answer holds few of them. The answer's words are split once (:class:`Words`,
shared by every cue of the answer); a cue's words are read once from its source
(:func:`icraft.rubric.guards.first_words`). The engine's cues are indexed: one pass over
an answer's words lists where the words of each cue its kind of answer reads (by question
type) start, which of them a word can start kept per process (:meth:`Words.starts_for`),
instead of a set intersection and a find loop per word for each cue (~100 us an answer
over ~17 cues).

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

# The first words the engine reads (:func:`read`), each at its slot.
_FIRSTS: tuple["FirstWords", ...] = ()
_REGISTER = threading.Lock()
# Distinct words kept with their slots, per kind of answer, before the table is emptied.
_MAX_WORDS = 50_000


class _Kind:
    """The indexed slots read for one kind of answer (its question type: the rules that
    read cues differ by type, a system-design answer reads 6 of ~60 in the hour, a story
    37), and each word -> those of them it can start (kept per process: words repeat
    across answers). An answer's words are read once for these slots (:meth:`Words.starts_for`);
    another is read for that answer alone, then added for the next ones."""

    __slots__ = ("state",)

    def __init__(self) -> None:
        # (the slots, word -> its slots among them): replaced whole (under _REGISTER), so a
        # thread reading it meanwhile sees a consistent pair.
        self.state: tuple[frozenset[int], dict[str, tuple[int, ...]]] = (frozenset(), {"": ()})

    def add(self, slot: int) -> None:
        """Index ``slot`` for this kind's next answers: the words known are checked
        against its first words alone."""
        first = _FIRSTS[slot]
        with _REGISTER:
            active, known = self.state
            if slot not in active:
                # A copy of the words (taken in C, whole): another thread's answer may add one meanwhile.
                words = list(known.items())
                self.state = (active | {slot}, {w: (*s, slot) if first.can_start(w) else s for w, s in words})


_KINDS: dict[object, _Kind] = {}


def _register(first: "FirstWords") -> int:
    """``first``'s slot among the indexed first words."""
    global _FIRSTS
    with _REGISTER:
        _FIRSTS = (*_FIRSTS, first)
        return len(_FIRSTS) - 1


class Words:
    """The words of one (lower-cased) text: runs of word characters (what ``\\w`` matches)."""

    __slots__ = ("text", "set", "spaced", "_parts", "_heads", "_at", "_digits", "_letter_digit", "_kind", "_index")

    def __init__(self, text: str, kind: object = None) -> None:
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
        self._kind = kind  # what kind of answer (its question type: see _Kind)
        self._index: dict[int, list[int]] | None = None  # slot -> where its words start

    def starts_for(self, slot: int) -> list[int]:
        """Where a match of the indexed first words of ``slot`` can start, in text order
        (:meth:`FirstWords.starts` without its characters). The answer's words are read
        once for every slot its kind of answer reads (_Kind); another slot's on its own."""
        index = self._index
        if index is None:
            index = self._index = self._read()
        found = index.get(slot)
        if found is None:  # not read for this kind of answer before
            first, found, pos = _FIRSTS[slot], [], 0
            for word in self._parts:
                if first.can_start(word):
                    found.append(pos)
                pos += len(word) + 1
            index[slot] = found
            kind = _KINDS.get(self._kind)
            if kind is None:
                kind = _KINDS.setdefault(self._kind, _Kind())
            kind.add(slot)
        return found

    def _read(self) -> dict[int, list[int]]:
        """Each slot its kind of answer reads -> where its words start."""
        kind = _KINDS.get(self._kind)
        if kind is None:
            return {}
        active, known = kind.state
        if len(known) > _MAX_WORDS:
            known.clear()
            known[""] = ()
        firsts = _FIRSTS
        index: dict[int, list[int]] = {i: [] for i in active}
        get, pos = known.get, 0
        for word in self._parts:
            slots = get(word)
            if slots is None:
                slots = known[word] = tuple(i for i in active if firsts[i].can_start(word))
            for i in slots:
                index[i].append(pos)
            pos += len(word) + 1
        return index

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
        """Whether a match can start with ``word`` (a text's word, or ""): :meth:`hit` of a
        text holding it holds it."""
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


