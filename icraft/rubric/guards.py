"""Guards for the cue scans: literal strings one of which every match of a pattern
contains, read from the pattern's source, so that a text holding none of them is known
not to match without the scan (``AnswerContext.hits/has``, a :class:`~icraft.rubric.patterns.Cue`'s
parts).

Why: most cues are lists of words and phrases, and most answers hold none of a given
list's rarer words ("disagree", "junior", "yesterday"); ``word in text`` is a fast C
search, several times cheaper than the regex engine's pass over the answer.

Conservative by construction: the source is read by a small reader of the regex syntax
the lexicon uses (literals, escapes, classes, groups, alternation, quantifiers,
lookarounds, ``\\b``); anything else (inline flags, back-references, comments, a brace
that is not a quantifier, ``IGNORECASE``) gives no guard. What is derived: a sequence's
match holds the contiguous text of each of its items, so the strings a run of
fixed-choice items can spell (``(?:a|an)\\s`` is not one: ``\\s`` is a class) are
required; an alternation requires one of its alternatives' requirements; an item that
may be left out (``?``, ``*``, ``{0,n}``) requires nothing; a zero-width item (``\\b``,
a lookaround) consumes nothing and does not break a run. A text is matched against the
same lower-cased text the pattern scans, so "contains" is plain substring containment:
no tokenisation is assumed. It relies on no private module of ``re``.

The same reader gives a pattern's first words (:func:`first_words`): the words every match
starts with, at a word start, which icraft/rubric/wordscan.py looks up among an answer's
words instead of scanning it.
"""

from __future__ import annotations

import re
from typing import Callable, NamedTuple

from icraft.rubric.patterns import strip_verbose

# Most strings a run of fixed-choice items may spell before the run is cut in two.
_LIMIT = 32
# A guard is kept only when a text is estimated to hold one of its strings at most this
# often (below), and has at most _MAX_STRINGS strings: otherwise the check costs about as
# much as it saves (measured per pattern over the calibration answers: every guard
# estimated at or under 0.7 saved more than it cost, most above it did not).
_MAX_PASS = 0.7
_MAX_STRINGS = 24
# Longer sources are not read (a few ms each, and none of the lexicon's had a guard that
# pays: STAR_CUES, PLACEHOLDER... name too many words).
_MAX_SOURCE = 1000
# Rough chance that a ~100-word answer holds a given string, by its length: a rarity
# estimate used only to choose between valid guards and to drop useless ones.
_HOLD = {0: 1.0, 1: 1.0, 2: 0.8, 3: 0.3, 4: 0.15, 5: 0.08}
# Words most answers hold whatever their length (the estimate above is by length only).
_COMMON = frozenset(
    """the and that this with have was were what when there they then them their about
    back like know time work make take just also been from would could should some more
    other people which think really team because""".split()
)
_QUANT = re.compile(r"\{(\d*)(,?)(\d*)\}")
_DIGIT_ATOM = ("digit",)
# Stands in a requirement for "a decimal digit" (what ``\d`` matches, Unicode digits too):
# no pattern's literal text holds a NUL, and it is checked by a scan for ``\d``.
DIGIT = "\x00digit"
_DIGIT = re.compile(r"\d")


class _Unread(Exception):
    """A construct the reader does not read: no guard."""


def _class_end(src: str, i: int) -> tuple[frozenset[str] | None, int]:
    """The characters of the class whose body starts at ``i`` (None: not a small set of
    literal characters) and the index after its ``]``."""
    chars: set[str] | None = set()
    if src[i : i + 1] == "^":
        chars, i = None, i + 1
    first = True
    while i < len(src) and (src[i] != "]" or first):
        first = False
        if src[i] == "\\":
            esc = src[i + 1 : i + 2]
            if not esc:
                raise _Unread
            if esc.isalnum():
                chars = None  # \s, \w, \d, \n...: not read as characters
            elif chars is not None:
                chars.add(esc)
            lo, i = esc, i + 2
        else:
            lo, i = src[i], i + 1
            if chars is not None:
                chars.add(lo)
        if src[i : i + 1] == "-" and src[i + 1 : i + 2] not in ("]", ""):
            hi = src[i + 1]
            if hi == "\\" or chars is None or ord(hi) - ord(lo) >= 12 or ord(hi) < ord(lo):
                chars = None
                i += 3 if hi == "\\" else 2
            else:
                chars.update(chr(c) for c in range(ord(lo), ord(hi) + 1))
                i += 2
    if i >= len(src):
        raise _Unread
    return (frozenset(chars) if chars is not None else None), i + 1


def _parse(src: str, i: int, depth: int) -> tuple[list[list[tuple]], int]:
    """Alternatives (lists of (atom, min, max) items) up to the ')' closing this depth."""
    alts: list[list[tuple]] = [[]]
    while i < len(src):
        ch = src[i]
        if ch == ")":
            if depth == 0:
                raise _Unread
            return alts, i + 1
        if ch == "|":
            alts.append([])
            i += 1
            continue
        atom: tuple
        if ch == "\\":
            esc = src[i + 1 : i + 2]
            if esc in ("b", "B", "A", "Z"):
                atom = ("zero", src[i : i + 2])
            elif esc == "d":
                atom = _DIGIT_ATOM
            elif esc in ("s", "S", "w", "W", "D"):
                atom = ("any", src[i : i + 2])
            elif esc and not esc.isalnum():
                atom = ("lit", esc)
            else:
                raise _Unread
            i += 2
        elif ch in "^$":
            atom, i = ("zero", ch), i + 1
        elif ch == ".":
            atom, i = ("any", ch), i + 1
        elif ch == "[":
            start = i
            chars, i = _class_end(src, i + 1)
            atom = ("set", chars) if chars else ("any", src[start:i])
        elif ch == "(":
            look = next((p for p in ("(?=", "(?!", "(?<=", "(?<!") if src.startswith(p, i)), None)
            if look is not None:
                start = i
                _, i = _parse(src, i + len(look), depth + 1)
                atom = ("zero", src[start:i])
            else:
                if src.startswith("(?:", i):
                    head = 3
                elif src.startswith("(?P<", i):
                    head = src.index(">", i) + 1 - i
                elif src.startswith("(?", i):
                    raise _Unread
                else:
                    head = 1
                inner, i = _parse(src, i + head, depth + 1)
                atom = ("group", inner)
        elif ch in "*+?{":
            raise _Unread
        else:
            atom, i = ("lit", ch), i + 1
        lo, hi = 1, 1
        q = src[i : i + 1]
        if q in ("?", "*", "+"):
            lo, hi = (0, 1) if q == "?" else (0, None) if q == "*" else (1, None)
            i += 1
        elif q == "{":
            m = _QUANT.match(src, i)
            if m is None or not (m.group(1) or m.group(3)):
                raise _Unread
            lo = int(m.group(1) or 0)
            hi = lo if not m.group(2) else (int(m.group(3)) if m.group(3) else None)
            i = m.end()
        if q in ("?", "*", "+", "{") and src[i : i + 1] in ("?", "+"):
            i += 1  # lazy or possessive: the same texts
        alts[-1].append((atom, lo, hi))
    if depth:
        raise _Unread
    return alts, i


def _exact(atom: tuple, lo: int, hi: int | None) -> frozenset[str] | None:
    """Every text the item can match, when they are few; else None (read once per
    derivation: a group is asked again by each sequence holding it)."""
    if atom[0] != "group":
        return _read_exact(atom, lo, hi)
    key = (id(atom), lo, hi)
    done = _EXACT.get(key)
    if done is not None and done[0] is atom:
        return done[1]
    found = _read_exact(atom, lo, hi)
    _EXACT[key] = (atom, found)
    return found


def _read_exact(atom: tuple, lo: int, hi: int | None) -> frozenset[str] | None:
    kind = atom[0]
    if kind == "zero":
        return frozenset({""})
    if kind == "lit":
        base: frozenset[str] | None = frozenset({atom[1]})
    elif kind == "set":
        base = atom[1]
    elif kind == "group":
        base = frozenset()
        for alt in atom[1]:
            e = _seq(alt)[0]
            if e is None:
                return None
            base |= e
    else:
        return None
    if base is None or hi is None:
        return None
    out: set[str] = set()
    level = {""}
    for n in range(hi + 1):
        if n >= lo:
            out |= level
        if n < hi:
            if len(level) * len(base) > _LIMIT:
                return None
            level = {a + b for a in level for b in base}
    return frozenset(out) if len(out) <= _LIMIT else None


def _required(atom: tuple) -> frozenset[str] | None:
    """Strings one of which every match of a (not left out) item holds; None: unknown."""
    if atom is _DIGIT_ATOM:
        return frozenset({DIGIT})
    if atom[0] != "group":
        return None
    out: set[str] = set()
    for alt in atom[1]:
        r = _seq(alt)[1]
        if r is None:
            return None
        out |= r
    return _prune(out)


def _prune(strings: set[str] | frozenset[str]) -> frozenset[str]:
    """Without the strings that hold another one: "one of them occurs" is unchanged."""
    kept: list[str] = []
    for s in sorted(strings, key=len):
        if not any(t in s for t in kept):
            kept.append(s)
    return frozenset(kept)


def _pass(strings: frozenset[str]) -> float:
    """Estimated chance that an answer holds one of ``strings`` (see _HOLD, _COMMON)."""
    miss = 1.0
    for s in sorted(strings):  # one order: the same float whatever the hash seed
        miss *= 1.0 - (0.9 if s in _COMMON else 0.4 if s == DIGIT else _HOLD.get(len(s), 0.04))
    return 1.0 - miss


_Read = tuple["frozenset[str] | None", "frozenset[str] | None", "frozenset[str]"]
# Each sequence read once per derivation (groups are asked for their texts, requirement
# and starts in turn): id of the item list -> (the list, what _seq read).
_DONE: dict[int, tuple[list[tuple], _Read]] = {}
_EXACT: dict[tuple[int, int, int | None], tuple[tuple, "frozenset[str] | None"]] = {}


def _seq(items: list[tuple]) -> _Read:
    """(every text the sequence can match, if few; the best requirement, if any; the
    strings every match starts with, {""} when unknown)."""
    done = _DONE.get(id(items))
    if done is not None and done[0] is items:
        return done[1]
    read = _read_seq(items)
    _DONE[id(items)] = (items, read)
    return read


def _read_seq(items: list[tuple]) -> _Read:
    run: frozenset[str] = frozenset({""})
    found: list[frozenset[str]] = []
    head: frozenset[str] | None = None
    exact = True
    pending = ""  # plain literal characters not yet added to the run (fewer set products)
    for atom, lo, hi in items:
        if lo == hi == 1 and atom[0] == "lit":
            pending += atom[1]
            continue
        if atom[0] == "zero":
            continue  # consumes nothing: the run goes on
        if pending:
            run = frozenset(a + pending for a in run)
            pending = ""
        e = _exact(atom, lo, hi)
        if e is not None:
            if len(run) * len(e) <= _LIMIT:
                run = frozenset(a + b for a in run for b in e)
            else:  # too many spellings: the run so far and this item are required apart
                if head is None:
                    head = run
                exact = False
                found.append(run)
                run = e
            continue
        exact = False
        found.append(run)
        # The run goes on into what this item's matches start with ("t" + "hat's").
        start = _heads(atom) if lo >= 1 else frozenset({""})
        if len(run) * len(start) <= _LIMIT:
            found.append(frozenset(a + b for a in run for b in start))
            if head is None:
                head = found[-1]
        elif head is None:
            head = run
        run = frozenset({""})
        if lo >= 1:
            r = _required(atom)
            if r is not None:
                found.append(r)
    if pending:
        run = frozenset(a + pending for a in run)
    found.append(run)
    kept = [c for c in found if c and "" not in c]
    best = _prune(min(kept, key=_pass)) if kept else None
    return (run if exact else None), best, (run if head is None else head)


def _heads(atom: tuple) -> frozenset[str]:
    """Strings every match of a (not left out) item starts with; {""} when unknown."""
    if atom[0] != "group":
        return frozenset({""})
    out: set[str] = set()
    for alt in atom[1]:
        out |= _seq(alt)[2]
    return frozenset(out) if len(out) <= _LIMIT else frozenset({""})


def _alternatives(source: str, flags: int) -> list[list[tuple]] | None:
    """The source's top-level alternatives as the reader reads them, or None."""
    if flags & re.VERBOSE:
        if "#" in source:
            return None  # comments are not read
        source = strip_verbose(source)
    try:
        return _parse(source, 0, 0)[0]
    except _Unread:
        return None


def required_strings(source: str, flags: int = re.VERBOSE) -> frozenset[str] | None:
    """Strings one of which every match of ``source`` (compiled with ``flags``) holds, or
    None when the reader cannot tell (see the module's docstring)."""
    if flags & re.IGNORECASE or len(source) > _MAX_SOURCE:
        return None
    alts = _alternatives(source, flags)
    if alts is None:
        return None
    try:
        return _required(("group", alts))
    finally:
        _DONE.clear()
        _EXACT.clear()


_ASCII_DIGITS = "0123456789"
# The last text has_digit read and what it found (one tuple: replaced whole, so a thread
# reading it meanwhile sees a consistent pair): the parts of a Cue (METRIC has four whose
# guard is a digit) and the cues after it ask of the same answer in turn.
_LAST_DIGIT: tuple[str | None, bool] = (None, False)


def has_digit(text: str) -> bool:
    """Whether ``text`` holds a decimal digit (``\\d``: any script's). An ASCII text is
    searched for each of the ten (a fast substring search each, ~10x cheaper than the regex
    engine's test of every character)."""
    global _LAST_DIGIT
    last = _LAST_DIGIT
    if last[0] is text:
        return last[1]
    found = any(map(text.__contains__, _ASCII_DIGITS)) if text.isascii() else _DIGIT.search(text) is not None
    _LAST_DIGIT = (text, found)
    return found


def holds(text: str, strings: frozenset[str]) -> bool:
    """Whether ``text`` holds one of ``strings`` (:data:`DIGIT`: a decimal digit)."""
    return any(_DIGIT.search(text) is not None if w == DIGIT else w in text for w in strings)


def guard(source: str, flags: int = re.VERBOSE) -> Callable[[str], bool] | None:
    """A check that is False only on a text no match of the pattern can be found in; None
    when no guard would pay (none derived, too many strings or too common)."""
    strings = required_strings(source, flags)
    if not strings or len(strings) > _MAX_STRINGS or _pass(strings) > _MAX_PASS:
        return None
    words = tuple(sorted(strings - {DIGIT}))
    if DIGIT in strings:
        return lambda text: has_digit(text) or any(map(text.__contains__, words))
    if len(words) == 1:
        word = words[0]
        return lambda text: word in text
    return lambda text: any(map(text.__contains__, words))


# --- first words ----------------------------------------------------------------------------
# A match that starts at a word start with a whole word (the run of word characters there) out
# of a finite set is found by trying the pattern only where the answer's words from that set
# start (icraft/rubric/wordscan.py): a set lookup instead of the regex engine's visit of every
# character position. The reader below gives that set, or None.

# Most paths the first-word reader follows through a pattern (alternatives, optional items)
# before it gives up, and the longest first word it reads.
_WALK_LIMIT = 20000
_MAX_WORD = 40
# The lookbehind patterns.bound_after_first puts after a match's first character (its
# WORD_START): "the character before the first is not a word character".
_WORD_START = "(?<!\\w.)"
_NONWORD_ESCAPES = frozenset({"\\s", "\\W"})


def is_word_char(ch: str) -> bool:
    """Whether ``ch`` is a word character as ``\\w``/``\\b`` read a str pattern without
    ASCII (CPython's sre: alphanumeric by str.isalnum, or the underscore)."""
    return ch.isalnum() or ch == "_"


def _nonword(item: str) -> bool:
    """Whether an item (``\\s``, ``\\W``, a class's source) matches only non-word characters."""
    if item in _NONWORD_ESCAPES:
        return True
    if not (item.startswith("[") and item.endswith("]")) or item[1:2] in ("^", "]"):
        return False
    body, i = item[1:-1], 0
    while i < len(body):
        if body[i] == "\\":
            esc = body[i : i + 2]
            if esc not in _NONWORD_ESCAPES and (esc[1:].isalnum() or is_word_char(esc[1:]) or not esc[1:]):
                return False
            i += 2
        else:
            if is_word_char(body[i]) or (body[i] == "-" and 0 < i < len(body) - 1):
                return False  # a word character, or a range
            i += 1
    return True


_Frames = tuple[tuple[list[tuple], int], ...]


def _step(frames: _Frames, budget: list[int]) -> tuple[tuple, _Frames, _Frames] | None:
    """The next item to read (None: none left), the frames after it, and the frames after
    one of its repetitions (the rest of the repetition first). Each step spends one of the
    walk's ``budget``: _Unread when none is left."""
    budget[0] -= 1
    if budget[0] < 0:
        raise _Unread
    while frames and frames[-1][1] >= len(frames[-1][0]):
        frames = frames[:-1]
    if not frames:
        return None
    items, i = frames[-1]
    frames = frames[:-1] + ((items, i + 1),)
    atom, lo, hi = items[i]
    return items[i], frames, frames + (([(atom, max(lo - 1, 0), None if hi is None else hi - 1)], 0),)


def _walk(frames: _Frames, word: str, bounded: bool, out: _Firsts, budget: list[int]) -> None:
    """Add to ``out`` the first word of every match that follows the items still to read
    (``frames``: item lists, innermost last, each with the index of its next item), having
    read ``word`` of it so far, ``bounded`` when the match is known to start at a word start:
    to ``out.words`` when the word surely ends there, else to ``out.prefixes``. Raises _Unread
    where a match could start otherwise (see first_words)."""
    while True:
        if len(word) > _MAX_WORD:
            raise _Unread
        step = _step(frames, budget)
        if step is None:
            closed = False  # the match may end here, its word go on in the text
            break
        (atom, lo, hi), frames, rest = step
        if hi == 0:
            continue
        if (lo, hi) != (1, 1):
            if lo == 0:
                _walk(frames, word, bounded, out, budget)  # left out
            frames = rest
        kind = atom[0]
        if kind == "group":
            for alt in atom[1]:
                _walk(frames + ((alt, 0),), word, bounded, out, budget)
            return
        if kind == "zero":
            what = atom[1]
            if what == "\\b" or what in ("$", "\\Z"):
                if word:  # after a word character: the word ends here
                    closed = True
                    break
                if what != "\\b":
                    raise _Unread
                bounded = True
            elif what in ("^", "\\A"):
                if word:
                    raise _Unread
                bounded = True  # the text's start (or a line's: after a newline)
            elif what == _WORD_START and len(word) == 1:
                bounded = True
            elif word and what.startswith("(?=") and _closes(what):
                closed = True
                break
            # other lookarounds, \B: they only narrow what matches
            continue
        if kind == "lit" and is_word_char(atom[1]):
            word += atom[1]
            continue
        if kind == "set" and len(atom[1]) <= 12 and all(map(is_word_char, atom[1])):
            for ch in sorted(atom[1]):
                _walk(frames, word + ch, bounded, out, budget)
            return
        if not word:
            if kind == "lit" or (kind == "set" and not any(map(is_word_char, atom[1]))):
                out.chars.update(atom[1])  # a non-word character: the match starts where it is
                return
            if atom is _DIGIT_ATOM and bounded:
                out.digit = True  # a word starting with a digit
                out.digit_runs = out.digit_runs and _runs_on(frames)
                return
            raise _Unread  # a class, \\w, \\S...: not a literal word
        closed = _nonword_item(atom)
        break
    if not bounded or not word:
        raise _Unread  # may start inside a word
    (out.words if closed else out.prefixes).add(word)


def _nonword_item(atom: tuple) -> bool:
    """Whether an item matches only non-word characters."""
    kind = atom[0]
    if kind == "lit":
        return not is_word_char(atom[1])
    if kind == "set":
        return not any(map(is_word_char, atom[1]))
    return kind == "any" and _nonword(atom[1])


def _closes(look: str) -> bool:
    """Whether a lookahead's source (``(?=...)``) after a word character says the word ends
    there: each of its matches starts with a non-word character or is at the end."""
    try:
        alts, _ = _parse(look[3:-1], 0, 0)
        return _starts_nonword(((([(("group", alts), 1, 1)]), 0),), [_WALK_LIMIT])
    except _Unread:
        return False


def _starts_nonword(frames: _Frames, budget: list[int]) -> bool:
    while True:
        step = _step(frames, budget)
        if step is None:
            return False  # may match nothing: says nothing of what follows
        (atom, lo, hi), frames, rest = step
        if hi == 0:
            continue
        if (lo, hi) != (1, 1):
            if lo == 0 and not _starts_nonword(frames, budget):
                return False
            frames = rest
        if atom[0] == "group":
            return all(_starts_nonword(frames + ((alt, 0),), budget) for alt in atom[1])
        if atom[0] == "zero":
            if atom[1] in ("$", "\\Z"):
                return True
            continue
        return _nonword_item(atom)


class _Firsts:
    __slots__ = ("words", "prefixes", "chars", "digit", "digit_runs")

    def __init__(self) -> None:
        self.words: set[str] = set()
        self.prefixes: set[str] = set()
        self.chars: set[str] = set()
        self.digit = False
        self.digit_runs = True  # every digit a match starts with is followed by _runs_on's


def _runs_on(frames: _Frames) -> bool:
    """Whether the item after a match's first digit takes any number of digits (``\\d*``,
    ``[\\d,]+``): then a match starting inside a run of digits means one starting at the
    run's first digit, which a search from before the run finds first (and which ends after
    it: the repetition is greedy)."""
    try:
        step = _step(frames, [8])
    except _Unread:
        return False
    if step is None:
        return False
    atom, _, hi = step[0]
    if hi is not None:
        return False
    return atom is _DIGIT_ATOM or (atom[0] == "any" and atom[1][:2] != "[^" and "\\d" in atom[1] and atom[1][0] == "[")


class Firsts(NamedTuple):
    """What a pattern's matches can start with (:func:`first_words`)."""

    words: frozenset[str]  # a word, whole
    prefixes: frozenset[str]  # a word starting so
    chars: frozenset[str] = frozenset()  # a non-word character, wherever it is
    digit: bool = False  # a word starting with a decimal digit
    # A Cue part without its \\b (first_words' ``bounded``): the first words of the matches
    # that may hold the start of another match after their own; a text with a word that ends
    # with one of them (a match there, inside a word, is dropped and may hide a kept one) is
    # scanned plainly.
    # (digit, a Cue part without its \\b: a match inside a word is dropped, and may hide a kept
    # one, where a digit follows a letter in a word: such a text is scanned plainly.)
    risky: frozenset[str] = frozenset()


def first_words(source: str, flags: int = re.VERBOSE, *, bounded: bool = False) -> Firsts | None:
    """The words a match of ``source`` (compiled with ``flags``) can start with: every match
    starts at a word start (the text's start or after a non-word character) and the run of
    word characters there is one of these words. None when the reader cannot tell: a branch
    that can start with a digit, a class, a non-word character, a word whose end is not
    read (``\\w*``, a match that may end inside it), anything the reader does not read (see
    the module's docstring), or a match that may start inside a word. ``bounded``: the caller
    keeps only matches at a word start itself (a Cue part without its ``\\b``).

    A word start is known from a ``\\b`` before the first word character, a ``^``, or the
    lookbehind patterns.bound_after_first puts after the first character; a word ends at a
    ``\\b``, ``$`` or any item that matches only non-word characters. Lookarounds are
    skipped: they only narrow what matches, so the set stays a superset."""
    if flags & (re.IGNORECASE | re.ASCII | re.LOCALE):
        return None
    alts = _alternatives(source, flags)
    if alts is None:
        return None
    try:
        out = _Firsts()
        _walk(((([(("group", alts), 1, 1)]), 0),), "", bounded, out, [_WALK_LIMIT])
    except _Unread:
        return None
    kept: list[str] = []
    for p in sorted(out.prefixes):  # a prefix after one it starts with: found by that one
        if not (kept and p.startswith(kept[-1])):
            kept.append(p)
    prefixes = tuple(kept)
    words = frozenset(w for w in out.words if not w.startswith(prefixes))  # found by its prefix
    if not bounded:
        return Firsts(words, frozenset(prefixes), frozenset(out.chars), out.digit)
    if prefixes or out.chars or (out.digit and not out.digit_runs):
        return None
    risky: set[str] = set()
    try:
        _inner(((([(("group", alts), 1, 1)]), 0),), None, "", words, risky, [_WALK_LIMIT])
    except _Unread:
        return None
    return Firsts(words, frozenset(), digit=out.digit, risky=frozenset(risky))


def _inner(frames: _Frames, first: str | None, cur: str | None, words: frozenset[str], out: set[str],
           budget: list[int]) -> None:
    """Add to ``out`` the first word of each match (read so far: ``first``, None while its
    first word ``cur`` is read; then ``cur``: the word being read, None between words) that
    may hold, after its first word, the start of a word of ``words`` (or of a word the
    reader cannot spell)."""
    while True:
        step = _step(frames, budget)
        if step is None:
            if first is None:
                raise _Unread
            if cur is not None and any(w.startswith(cur) for w in words):
                out.add(first)
            return
        (atom, lo, hi), frames, rest = step
        if hi == 0:
            continue
        if (lo, hi) != (1, 1):
            if hi is None or hi > 4:
                if not _nonword_item(atom):
                    if first is None:
                        raise _Unread
                    out.add(first)  # a repeated word item: its words are not spelled
                    return
                lo, rest = min(lo, 1), frames  # more non-word characters start no word
            if lo == 0:
                _inner(frames, first, cur, words, out, budget)
            frames = rest
        kind = atom[0]
        if kind == "group":
            for alt in atom[1]:
                _inner(frames + ((alt, 0),), first, cur, words, out, budget)
            return
        if kind == "set" and all(map(is_word_char, atom[1])):
            for ch in sorted(atom[1]):
                _inner(frames, first, (cur or "") + ch, words, out, budget)
            return
        if kind == "lit" and is_word_char(atom[1]):
            cur = (cur or "") + atom[1]
            continue
        if kind == "zero" or _nonword_item(atom):
            if kind == "zero" and (atom[1] not in ("\\b", "$", "\\Z") or not cur):
                continue  # consumes nothing, ends no word
            if not cur:
                if first is None:
                    raise _Unread  # starts with a non-word character
                continue
            if first is None:  # a word ends here
                first = cur
            elif cur in words:
                out.add(first)
                return
            cur = None
            continue
        if first is None:
            if atom is _DIGIT_ATOM and cur == "":
                return  # starts with a digit: see FirstWords.finditer (a text's letter-digit words)
            raise _Unread
        out.add(first)  # \\w, \\S, a digit...: a word the reader cannot spell
        return
