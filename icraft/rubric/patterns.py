"""The regex builder behind the cue lexicon (``lexicon.py`` holds the word lists and
patterns; this module only compiles them fast).

Python's regex engine has no trie and cannot skip ahead past a leading ``\b``, so a
word-list pattern is slow over long text. Three remedies, all leaving matches unchanged:
:func:`factor` groups a list's alternatives by first letter, :func:`trie` builds a list of
literal words as a prefix tree, and :func:`fast_compile` either moves a leading ``\b`` after
the first character (:func:`bound_after_first`: where few letters can start a match, the
engine then skips ahead to them) or puts a lookahead on the pattern's possible first
characters in front of it (the engine rejects most positions at once). The first
characters are read from the pattern's source by :func:`first_chars`,
a small reader of the regex syntax the lexicon uses (literals, escapes, classes, groups,
alternation, quantifiers, lookarounds) that answers None for anything else (no lookahead
then: slower, never wrong); it relies on no private module of ``re``.
"""

from __future__ import annotations

import re
from operator import methodcaller
from typing import TYPE_CHECKING, Callable, Iterator

if TYPE_CHECKING:
    from icraft.rubric.wordscan import FirstWords, Words


_SPACE = re.compile(r"\s")


def _strip_verbose(src: str) -> str:
    """The pattern without the whitespace re.VERBOSE ignores (outside classes, unescaped).
    The lexicon's patterns have no '#' comments."""
    if _SPACE.search(src) is None:  # already stripped (fast_compile reads a source 3 times)
        return src
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(src):
        ch = src[i]
        if ch == "\\":
            out.append(src[i : i + 2])
            i += 2
            continue
        if ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        if in_class or not ch.isspace():
            out.append(ch)
        i += 1
    return "".join(out)


def _split_top(src: str) -> tuple[list[str], int]:
    """Top-level alternatives of ``src`` up to its first unmatched ')' and that index."""
    alts: list[str] = []
    depth, in_class, start, i = 0, False, 0, 0
    while i < len(src):
        ch = src[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                break
            depth -= 1
        elif ch == "|" and depth == 0:
            alts.append(src[start:i])
            start = i + 1
        i += 1
    alts.append(src[start:i])
    return alts, i


def _factor(pattern: str) -> str:
    """``\\b(?:alpha|beta|bravo)...`` -> ``\\b(?:alpha|b(?:eta|ravo))...``: alternatives that
    start with the same plain letter are grouped under it, so at each position the engine
    tries one branch per first letter instead of every word (Python's regex has no trie).
    Matches are identical: only alternatives that cannot match at the same position (they
    start with different letters) change order, and a branch that starts with anything
    else is a barrier nothing is moved across."""
    src = _strip_verbose(pattern)
    head = ""
    if src.startswith("\\b"):
        head, src = "\\b", src[2:]
    if not src.startswith("(?:"):
        return pattern
    alts, end = _split_top(src[3:])
    if len(alts) < 4 or end >= len(src) - 3:
        return pattern
    rest = src[3 + end + 1 :]
    out: list[str] = []
    buckets: dict[str, list[str]] = {}

    def flush() -> None:
        for ch, group in buckets.items():
            if len(group) == 1:
                out.append(ch + group[0])
            else:
                out.append(ch + "(?:" + "|".join(group) + ")")
        buckets.clear()

    for alt in alts:
        lead = alt[:1]
        literal = lead.isalnum() and alt[1:2] not in ("?", "*", "+", "{")
        if not literal:
            flush()
            out.append(alt)
        else:
            buckets.setdefault(lead, []).append(alt[1:])
    flush()
    return head + "(?:" + "|".join(out) + ")" + rest


def first_chars(pattern: str) -> set[str] | None:
    """The characters a match of ``pattern`` (verbose syntax) can start with, when it starts
    with a word boundary (``\\b``) and they are a small literal set; else None."""
    src = _strip_verbose(pattern)
    alts, end = _split_top(src)
    if end < len(src) or not all(a.startswith("\\b") for a in alts):
        return None
    out: set[str] = set()
    for alt in alts:
        chars = _alt_first(alt)
        if chars is None:
            return None
        out |= chars
    return out or None


_QUANTIFIER = re.compile(r"\{(\d*)(?:,(\d*))?\}")
_LOOKAROUND = ("(?=", "(?!", "(?<=", "(?<!")


def _alt_first(alt: str) -> set[str] | None:
    """First characters of one alternative (no top-level ``|``): those of its first item
    that consumes text, zero-width items (``\\b``, anchors, lookarounds) skipped; None
    when that item is not a small literal set or may be left out (``?``, ``*``, ``{0,n}``)."""
    i = 0
    while i < len(alt):
        ch = alt[i]
        if ch == "\\":
            esc = alt[i + 1 : i + 2]
            if esc in ("b", "B", "A", "Z"):
                i += 2
                continue
            if not esc or esc.isalnum():
                return None  # \d, \w, \s, a numbered group, \n...: not read here
            chars, j = {esc}, i + 2
        elif ch in "^$":
            i += 1
            continue
        elif ch == "(":
            look = next((p for p in _LOOKAROUND if alt.startswith(p, i)), None)
            if look is not None:
                _, end = _split_top(alt[i + len(look) :])
                i += len(look) + end + 1
                continue
            if alt.startswith("(?:", i):
                head = 3
            elif alt.startswith("(?P<", i):
                head = alt.index(">", i) + 1 - i
            elif alt.startswith("(?", i):
                return None  # inline flags, comments, conditionals
            else:
                head = 1
            alts, end = _split_top(alt[i + head :])
            chars = set()
            for a in alts:
                sub = _alt_first(a)
                if sub is None:
                    return None
                chars |= sub
            j = i + head + end + 1
        elif ch == "[":
            found = _class_chars(alt, i + 1)
            if found is None:
                return None
            chars, j = found
        elif ch in ".*+?{|)":
            return None
        else:
            chars, j = {ch}, i + 1
        quant = alt[j : j + 1]
        if quant in ("?", "*"):
            return None
        if quant == "{":
            m = _QUANTIFIER.match(alt, j)
            if m and not int(m.group(1) or 0):
                return None
        return chars
    return None


def _class_chars(src: str, i: int) -> tuple[set[str], int] | None:
    """The characters of the class whose body starts at ``i`` (just after ``[``) and the
    index after its ``]``; None for a negated class, a category (``\\w``) or a range of
    12 characters or more."""
    if src[i : i + 1] == "^":
        return None
    chars: set[str] = set()
    first = True
    while i < len(src) and (src[i] != "]" or first):
        first = False
        lo, i = _class_atom(src, i)
        if lo is None:
            return None
        if src[i : i + 1] == "-" and src[i + 1 : i + 2] not in ("]", ""):
            hi, i = _class_atom(src, i + 1)
            if hi is None or ord(hi) - ord(lo) >= 12:
                return None
            chars.update(chr(c) for c in range(ord(lo), ord(hi) + 1))
        else:
            chars.add(lo)
    return (chars, i + 1) if i < len(src) else None


def _class_atom(src: str, i: int) -> tuple[str | None, int]:
    if src[i] == "\\":
        esc = src[i + 1 : i + 2]
        return (None if not esc or esc.isalnum() else esc), i + 2
    return src[i], i + 1


# Put right after a match's first character, which is a word character: "the character
# before it is not one", what a leading ``\b`` says there.
WORD_START = r"(?<!\w.)"


def bound_after_first(pattern: str) -> str | None:
    """``pattern`` (verbose syntax) with each alternative's leading ``\\b`` moved after the
    first character it consumes, as :data:`WORD_START`; None when that is not sure to
    find the same matches.

    Why: with ``\\b`` (or a lookahead) first, Python's engine starts a match attempt at
    every position of the text. When the pattern starts with a literal character instead
    (or a branch whose alternatives each do), the compiled pattern carries that set of
    first characters and the engine skips, in C, every position that holds none of them
    (about 2x faster over an answer). The same matches: a leading ``\\b`` before a word
    character holds exactly when the position is the text's start or the character before
    it is not a word character, which is what :data:`WORD_START` checks one character on;
    a failed check fails the alternative at the same position, as the ``\\b`` did, and
    the alternatives keep their order. Only read where each first character is surely a
    word character: a plain ASCII letter or digit, a class of them, or ``\\d``, none of
    them optional or repeated (a group of such alternatives is read inside)."""
    src = _strip_verbose(pattern)
    alts, end = _split_top(src)
    if end < len(src):
        return None
    out = []
    for alt in alts:
        if not alt.startswith("\\b"):
            return None
        marked = _mark_first(alt[2:])
        if marked is None:
            return None
        out.append(marked)
    return "|".join(out)


# Moving the boundary pays only where few alternatives are tried at each position: few
# first letters (a list of 15 words has ~15), each tried once (a group nested among the
# alternatives is entered at every letter) and no capturing group (its marks are saved
# at every position). Otherwise the lookahead with the boundary first rejects a position
# inside a word sooner. Measured per pattern over the calibration answers: 1-6 letters
# and alternatives 0.5-0.9x the time; 8 about equal; 10-21 1.1-1.9x; 7 alternatives with
# a nested group 1.5x; a capturing group first 1.2x.
MOVE_MAX_FIRST = 6


def _captures_first(moved: str) -> bool:
    """Whether a capturing group opens before the first character (see MOVE_MAX_FIRST)."""
    head = moved[: moved.index(WORD_START)]
    return "(?P<" in head or re.search(r"\((?!\?)", head) is not None


def _mark_first(alt: str) -> str | None:
    """``alt`` with :data:`WORD_START` after its first character (see
    :func:`bound_after_first`), or None."""
    if not alt:
        return None
    ch = alt[0]
    if ch == "\\":
        if alt[1:2] != "d":
            return None
        j = 2
    elif ch == "[":
        found = _class_chars(alt, 1)
        if found is None or not all(c.isascii() and c.isalnum() for c in found[0]):
            return None
        j = found[1]
    elif ch == "(":
        if alt.startswith("(?:"):
            head = 3
        elif alt.startswith("(?P<"):
            head = alt.find(">") + 1
        elif alt.startswith("(?"):
            return None  # a lookaround, inline flags...
        else:
            head = 1
        inner, end = _split_top(alt[head:])
        j = head + end + 1
        if j > len(alt) or alt[j - 1 : j] != ")":
            return None
        marked = [_mark_first(a) for a in inner]
        if any(m is None for m in marked) or alt[j : j + 1] in ("?", "*", "+", "{"):
            return None
        return alt[:head] + "|".join(marked) + alt[j - 1 :]  # type: ignore[arg-type]
    elif ch.isascii() and ch.isalnum():
        j = 1
    else:
        return None
    if alt[j : j + 1] in ("?", "*", "+", "{"):
        return None
    return alt[:j] + WORD_START + alt[j:]


def fast_compile(pattern: str) -> re.Pattern[str]:
    """Compile a cue pattern (verbose syntax), factored (:func:`factor`). A leading ``\\b``
    is moved after the first character (:func:`bound_after_first`), so the engine skips
    ahead by first character; where that cannot be done, a pattern that starts with
    ``\\b`` gets a lookahead on its possible first characters (:func:`first_chars`):
    Python's engine cannot skip ahead past a leading ``\\b``, and the lookahead rejects
    most positions at once (3x faster on long text)."""
    pattern = _factor(pattern)
    chars = first_chars(pattern)
    if chars and len(chars) <= MOVE_MAX_FIRST:
        moved = bound_after_first(pattern)
        if moved is not None and moved.count(WORD_START) <= MOVE_MAX_FIRST and not _captures_first(moved):
            return re.compile(moved, re.VERBOSE)
    if chars and len(chars) <= 24:
        cls = "".join(re.escape(c) for c in sorted(chars))
        return re.compile(f"(?=[{cls}])" + pattern, re.VERBOSE)
    return re.compile(pattern, re.VERBOSE)


_rx = fast_compile
factor = _factor
split_top = _split_top
strip_verbose = _strip_verbose


class Lazy:
    """A pattern compiled on first use, used like a compiled one (``finditer``, ``search``,
    ``match``). For cues only some answers need (a general question's claims, a
    negotiation's concessions): a cold ``icraft lint`` of a story does not pay their
    compile time at import."""

    __slots__ = ("_source", "_compile", "_compiled")

    def __init__(self, source: str, compile: "Callable[[str], re.Pattern[str]] | None" = None) -> None:
        self._source = source
        self._compile = compile or _rx
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = self._compile(self._source)
        return self._compiled

    @property
    def pattern(self) -> str:
        return self.compiled().pattern

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compiled().finditer(text)

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled().search(text)

    def match(self, text: str) -> re.Match[str] | None:
        return self.compiled().match(text)


_match_start = methodcaller("start")


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "'_"


class Cue:
    """A cue made of compiled patterns, used like one pattern (``finditer``/``search``).

    Why: a leading ``\b`` stops Python's regex engine from skipping ahead by first
    character, which makes small word lists ~5x slower over long text. Parts given
    with ``bounded=False`` are compiled without it and their matches are kept only
    at a word start, checked here; matches of all parts come back in text order.

    A part may name a third item, a guard: a pattern every match of the part contains
    (its rare words, "half|third|..."), found in one fast scan. A text without it cannot
    match the part, so the part's own (slower, word-bounded) scan is skipped there. A part
    without one gets the guard read from its source (:func:`derive_guards`, called by
    :func:`icraft.rubric.guards.guard_of` once the cue has been used a few times), if it has one.
    """

    def __init__(self, *parts: tuple[str, bool] | tuple[str, bool, str]) -> None:
        self.parts = tuple((_rx(p[0]), p[1]) for p in parts)
        self.guards: tuple[Callable[[str], object] | None, ...] = tuple(
            re.compile(p[2], re.VERBOSE).search if len(p) > 2 else None for p in parts  # type: ignore[misc]
        )
        # Each part's first words (icraft/rubric/wordscan.py), read with the guards: None
        # before, and for a part whose first words cannot be read.
        self.firsts: tuple["FirstWords | None", ...] = (None,) * len(self.parts)
        self.by_words = False  # whether a part's first words are read
        self.pattern = " | ".join(p.pattern for p, _ in self.parts)

    def derive_guards(self) -> None:
        """Each part without a guard gets the one read from its source, if any; each part
        its first words, if they can be read."""
        from icraft.rubric.guards import guard
        from icraft.rubric.wordscan import read

        self.guards = tuple(
            g if g is not None else guard(p.pattern, p.flags) for (p, _), g in zip(self.parts, self.guards)
        )
        self.firsts = tuple(read(p, bounded=not bounded) for p, bounded in self.parts)
        self.by_words = any(f is not None for f in self.firsts)

    def _part(self, i: int, text: str, words: "Words | None") -> list[re.Match[str]]:
        """Part ``i``'s matches the cue keeps (by the answer's words when its first words
        are read and ``words`` is given)."""
        (pat, bounded), guard, first = self.parts[i], self.guards[i], self.firsts[i]
        if words is not None and first is not None:
            found = first.finditer(pat.match, words, kept=not bounded)
            if found is not None:
                return found
        if guard is not None and not guard(text):
            return []
        if bounded:
            return list(pat.finditer(text))
        return [m for m in pat.finditer(text) if (k := m.start()) == 0 or not _is_word_char(text[k - 1])]

    def finditer(self, text: str, words: "Words | None" = None) -> list[re.Match[str]]:
        """Every part's matches in text order (``words``: ``text``'s :class:`Words`, to find
        them by first word where that can be done)."""
        if len(self.parts) == 1:
            return self._part(0, text, words)
        out: list[re.Match[str]] = []
        for i in range(len(self.parts)):
            out += self._part(i, text, words)
        out.sort(key=_match_start)
        return out

    def _first(self, text: str) -> Iterator[re.Match[str] | None]:
        """Each part's first match (None for a part with none), part by part."""
        for (pat, bounded), guard in zip(self.parts, self.guards):
            if guard is not None and not guard(text):
                yield None
            elif bounded:
                yield pat.search(text)
            else:
                yield next(
                    (x for x in pat.finditer(text) if (k := x.start()) == 0 or not _is_word_char(text[k - 1])), None
                )

    def search(self, text: str) -> re.Match[str] | None:
        """The first match (in text order) of any part; each part stops at its first hit."""
        best: re.Match[str] | None = None
        for m in self._first(text):
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        return best

    def found(self, text: str, words: "Words | None" = None) -> bool:
        """``search(text) is not None``, without reading the parts after the first that
        matches (which match comes first in the text does not matter here)."""
        if words is None:
            return any(m is not None for m in self._first(text))
        for i, ((pat, bounded), first) in enumerate(zip(self.parts, self.firsts)):
            if first is not None and bounded:
                hit = first.found(pat.match, words)
            else:
                hit = bool(self._part(i, text, words))
            if hit:
                return True
        return False


def trie(words: list[str]) -> str:
    """A regex alternation of literal ``words`` factored by common prefix ("t(?:en|wo|...)"),
    so the engine tries a handful of branches per position instead of every word."""
    tree: dict[str, dict] = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        optional = "" in node
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and not optional else "(?:" + "|".join(alts) + ")"
        return body + ("?" if optional else "")

    return emit(tree)


# id -> (the pattern, its guard, its first words, its compiled ``match``): read on a
# pattern's READ_AT-th scan in the process, then kept (reading all the lexicon's guards takes
# ~30 ms of CPU: more than linting a few answers would save, so a short ``icraft lint`` never
# reads them; an interview, a long transcript or a batch does, once; icraft/rubric/guards.py
# is imported only then). The pattern is kept too, so its id is never reused. The guard is a
# check that is False only on a text the pattern cannot match (icraft/rubric/guards.py); the
# first words (icraft/rubric/wordscan.py) say where in an answer a match can start. A Cue's
# entry holds neither: it keeps each part's own (Cue.derive_guards).
GUARDS: dict[int, tuple[object, "Callable[[str], bool] | None", "FirstWords | None", "Callable | None"]] = {}
READ_AT = 8
_SEEN: dict[int, list] = {}


def guard_of(pattern: object) -> Callable[[str], bool] | None:
    """The guard of a compiled pattern or :class:`Lazy` (:func:`icraft.rubric.guards.guard`:
    a check that is False only on a text the pattern cannot match; see :data:`GUARDS`):
    None before it is read, for a :class:`Cue` (which guards each of its parts itself) and
    when there is none. Callers may read :data:`GUARDS` first (no call)."""
    entry = read_guards(pattern)
    return None if entry is None else entry[1]


def read_guards(pattern: object) -> tuple | None:
    """The pattern's :data:`GUARDS` entry, read on its READ_AT-th use (None before)."""
    key = id(pattern)
    entry = GUARDS.get(key)
    if entry is not None and entry[0] is pattern:
        return entry
    seen = _SEEN.get(key)
    if seen is None or seen[0] is not pattern:
        _SEEN[key] = [pattern, 1]
        return None
    seen[1] += 1
    if seen[1] < READ_AT:
        return None
    from icraft.rubric.guards import guard  # only once a pattern has been used READ_AT times
    from icraft.rubric.wordscan import read

    if isinstance(pattern, (Lazy, re.Pattern)):
        compiled = pattern.compiled() if isinstance(pattern, Lazy) else pattern
        first = read(compiled)
        entry = (pattern, guard(compiled.pattern, compiled.flags), first, compiled.match)
    elif isinstance(pattern, Cue):
        pattern.derive_guards()
        entry = (pattern, None, None, None)
    else:
        raise TypeError(f"not a cue pattern: {pattern!r}")
    GUARDS[key] = entry
    _SEEN.pop(key, None)  # not del: another thread (a TUI worker) may have read it too
    return entry
