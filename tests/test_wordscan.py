"""Cue scans by first words (icraft/rubric/wordscan.py, icraft/rubric/guards.first_words):
a pattern tried only where the answer's words it can start with start finds exactly what
``finditer`` finds and ``has`` exactly what ``search`` says, for every cue pattern, over
the calibration answers, rule fixtures, phrases spelled from each pattern and texts built
to trip the word split (punctuation, apostrophes, digits, underscores, other scripts)."""

from __future__ import annotations

import copy
import re

import pytest

from icraft.rubric import lexicon as lx
from icraft.rubric.guards import Firsts, first_words
from icraft.rubric.patterns import READ_AT, Cue, Lazy, read_guards
from icraft.rubric.wordscan import FirstWords, Words, read
from tests.test_guards import _cue_patterns, _spell, _texts, class_char


def _spans(ms: list[re.Match[str]]) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.re.pattern) for m in ms]


def _kept(pat: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """A Cue part without its ``\\b``: its matches at a word start (as Cue.finditer keeps them)."""
    return [m for m in pat.finditer(text) if m.start() == 0 or not (text[m.start() - 1].isalnum() or text[m.start() - 1] in "'_")]


def _bounded_parts() -> dict[str, bool]:
    """Cue part name -> whether the Cue keeps its matches at a word start itself."""
    return {f"{n}[{i}]": not b for n, v in vars(lx).items() if isinstance(v, Cue) for i, (_, b) in enumerate(v.parts)}


# Around each phrase: what the word split and the boundaries must get right.
_WRAPS = (
    "{}", "so {} then", "({}).\n", "x{}", "{}x", "'{}", "{}'s", "1{}", "{}2", "_{}", "{}_", "é{}", "{}é",
    "\u0663{}", "{} \u0663", "-{}-", "{}, {}", "{}{}", "a {} b {} c", "don't {} isn't", "{}.{}", "\u2019{}",
)
_ODD = [
    "", " ", "'", "a", "i", "i'm i'd i'll i've i'", "we're we've we'd we'll our us", "'we 'i x'we wei iwe",
    "hi think maybe, i think maybe", "ai guess so", "p99 p999 p50x xp99 99p", "from 10 to 20, xfrom 1 to 2, from 1,5 to 2",
    "3 users, 3users, x3 users, 1,5 users, 2.5x faster, 40 a month, 3 retries per request",
    "users10,5 users, x1,5 users, v2 3 users, 5 users10 20 users, a1 2 per day, 12,5 per day, '99 users",
    "p1,5 users and 7 ms, 5%10 users, 1.5.2 users, 10_000 users, ٣,5 users, from 1 to 2 per day",
    "a lot, alot, a  lot, a\tlot, a\nlot, lots of, a_lot", "doubled, redoubled, halved_, tripled2",
    "ÉTÉ été naïve café résumé 東京 mañana straße ﬁx", "\u0663\u0664 users, ٣ users", "__init__ _a a_ a__b",
]


def _corpus() -> list[str]:
    return [*_texts(), *_ODD]


def test_match_at_a_position_reads_the_text_before_it() -> None:
    """What the candidate scan relies on: ``pattern.match(text, pos)`` checks ``\\b`` and
    lookbehinds against the characters before ``pos`` (a slice would not)."""
    assert re.compile(r"\bcat").match("concat", 3) is None
    assert re.compile(r"\bcat").match("con cat", 4) is not None
    assert re.compile(r"(?<!first\s)half").match("first half", 6) is None
    assert re.compile(r"(?<!first\s)half").match("one half", 4) is not None
    assert re.compile(r"c(?<!\w.)at").match("concat", 3) is None
    assert re.compile(r"^cat").match("a cat", 2) is None  # ^ is the text's start, not pos


@pytest.mark.parametrize(
    ("source", "words", "prefixes"),
    [
        (r"\b(?:alpha|beta)\b", {"alpha", "beta"}, set()),
        (r"\b(?:a\slot|lots\sof)", {"a", "lots"}, set()),  # the word ends at a non-word item
        (r"\bconflicts?\b", {"conflict", "conflicts"}, set()),
        (r"\bdisagree\w*", set(), {"disagree"}),  # the word goes on: a prefix
        (r"\boutcome", set(), {"outcome"}),  # the match may end inside the word
        (r"\bi(?:'m|\swas)", {"i"}, set()),  # an apostrophe is not a word character
        (r"a(?<!\w.)(?:lot|ll)\b", {"alot", "all"}, set()),  # patterns.bound_after_first's form
        (r"(?=[ab])\b(?:a|b)\s", {"a", "b"}, set()),
        (r"\b(?:stuff|things)(?=\s*(?:[.,]|$)|\s(?:and|or)\b)", {"stuff", "things"}, set()),
        (r"\b(?:(?<!first\s)half|in\shalf)\b", {"half", "in"}, set()),  # a lookbehind narrows only
        (r"\b(?:re)?(?:do|try)\b", {"do", "try", "redo", "retry"}, set()),
        (r"\b1[:-]?1\b", {"1", "11"}, set()),
        (r"\bcase[-\s]studies", {"case"}, set()),
        (r"\bthe\b|\bthem\w*", {"the"}, {"them"}),
    ],
)
def test_first_words(source: str, words: set[str], prefixes: set[str]) -> None:
    found = first_words(source)
    assert found is not None and (found.words, found.prefixes) == (words, prefixes)
    assert not found.chars and not found.digit


def test_first_digits_and_characters() -> None:
    found = first_words(r"\$\s?\d|\b\d+\s?k\b|\b(?:ten|six)\b")
    assert found == ({"ten", "six"}, frozenset(), {"$"}, True, frozenset())
    assert first_words(r"[$£]\d").chars == {"$", "£"}  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "source",
    [
        r"\d+\s?ms",  # a digit that may be inside a word
        r"\b[a-z]{3,}ed",  # a class of many letters
        r"cat\b",  # may start inside a word
        r"\bi(?=x)|dog",
        r"\b(?:a|)\s",  # may start with no word at all
        r"\b\w+",
        r"\b(?:foo|bar)?",
        r"(?i)\bfoo",  # inline flags are not read
        r"\bfoo # comment",
        r"\b(?:x|y)*z\b",  # the reader's walk does not end (every count of x and y)
    ],
)
def test_no_first_words_when_a_match_may_start_otherwise(source: str) -> None:
    assert first_words(source) is None


def test_a_cue_part_without_its_boundary_is_read_only_when_no_dropped_match_can_hide_a_kept_one() -> None:
    # "we're": a dropped match inside a word ("awe're") covers "re", which starts no match.
    assert first_words(r"(?:we|we're|our|us)\b", bounded=True) == ({"we", "our", "us"}, frozenset(), frozenset(), False, frozenset())
    # "i think maybe" inside "hi think maybe" is dropped, and the search goes on after it:
    # a scan at word starts would find "maybe" there: where a word ends with "i", the part is
    # scanned plainly.
    assert first_words(r"(?:i\sthink\smaybe|maybe|i\sguess|not\ssure)\b", bounded=True) == (
        {"i", "maybe", "not"}, frozenset(), frozenset(), False, {"i"}
    )
    assert first_words(r"(?:i\s\w+|me)\b", bounded=True).risky == {"i"}  # type: ignore[union-attr]
    assert first_words(r"(?:doubled|halved)\w*", bounded=True) is None  # a prefix
    assert first_words(r"\d\sms", bounded=True) is None  # a digit inside a run of digits ("10 ms")
    # After the digit any number of digits: a match inside a run of digits means one at its
    # start; one after a letter ("p99") is checked per text (Words.letter_digit).
    assert first_words(r"\d[\d,]*\sms", bounded=True) == (frozenset(), frozenset(), frozenset(), True, frozenset())
    assert Words("p99 ms").letter_digit() and not Words("99 ms, 1,5").letter_digit()


def _spell_each(pattern: re.Pattern[str], cap: int = 600) -> list[str]:
    """Phrases spelled from the pattern's own parse (CPython's): every alternative of every
    group (round robin up to ``cap``), each way through the first word in full, the rest by
    its first; an optional item both left out and taken once; a class by each of its characters when
    it lists them, else by one."""
    from re import _constants as c  # noqa: PLC0415 (the test's own reader)
    from re import _parser

    def seq(items: list, limit: int) -> list[str]:
        outs = [""]
        for op, av in items:
            subs = one(op, av, limit)
            if subs is None:
                continue
            # still in the first word: every way on
            outs = [o + x for o in outs for x in (subs if re.fullmatch(r"\w*", o) else subs[:1])][:limit]
        return outs

    def one(op: object, av: object, limit: int) -> list[str] | None:
        if op is c.LITERAL:
            return [chr(av)]  # type: ignore[arg-type]
        if op is c.NOT_LITERAL or op is c.ANY:
            return ["x"]
        if op is c.IN:
            lits = [chr(a) for o, a in av if o is c.LITERAL]  # type: ignore[union-attr]
            return lits if lits and len(lits) == len(av) else [class_char(av)]  # type: ignore[arg-type]
        if op is c.BRANCH:
            alts = [seq(a, limit) for a in av[1]]  # type: ignore[index]
            out: list[str] = []
            for k in range(max(map(len, alts))):
                out += [a[k] for a in alts if k < len(a)]
            return out[:limit]
        if op is c.SUBPATTERN:
            return seq(av[3], limit)  # type: ignore[index]
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            lo, hi, body = av  # type: ignore[misc]
            inner = seq(body, limit)
            counts = sorted({lo, min(lo + 1, hi)})
            return [x * n for x in inner[:limit] for n in counts]
        return None  # zero-width

    return list(dict.fromkeys(seq(_parser.parse(pattern.pattern, pattern.flags).data, cap)))


def _read_patterns() -> list[tuple[str, re.Pattern[str], FirstWords, bool]]:
    kept = _bounded_parts()
    out = []
    for name, pat in _cue_patterns():
        first = read(pat, bounded=kept.get(name, False))
        if first is not None:
            out.append((name, pat, first, kept.get(name, False)))
    return out


def test_candidate_scans_find_what_finditer_finds() -> None:
    """Every cue pattern (each Cue part on its own) whose first words are read: the scan at
    its words' starts finds exactly finditer's matches (a Cue part: the ones it keeps), and
    ``found`` exactly what search says. Every first word read starts a match somewhere in
    the texts, so a set missing a word fails here (see the next test)."""
    texts = _corpus()
    read_ = _read_patterns()
    assert len(read_) >= 70
    checked = matched = plain = 0
    for name, pat, first, kept in read_:
        spelled = list(dict.fromkeys([*_spell(pat, limit=80), *_spell_each(pat)]))
        phrases = [w.format(p, p) for p in spelled for w in _WRAPS]
        starting: set[str] = set()
        for text in [*texts, *phrases]:
            words = Words(text)
            expected = _kept(pat, text) if kept else list(pat.finditer(text))
            got = first.finditer(pat.match, words, kept=kept)
            if got is None:  # a word ends with a risky first word, or a digit follows a letter: scanned plainly
                assert kept and (first.risky is not None or first.digit)
                plain += 1
            else:
                assert _spans(got) == _spans(expected), (name, text[:120])
            if not kept:
                assert first.found(pat.match, words) == (pat.search(text) is not None), (name, text[:120])
            for m in expected:
                starting.add(re.match(r"\w*", text[m.start():]).group())  # type: ignore[union-attr]
            checked += 1
            matched += len(expected)
        missing = {w for w in first.words if w not in starting}
        missing |= {p for p in first.prefixes if not any(s.startswith(p) for s in starting)}
        assert not missing, (name, sorted(missing))  # each first word is exercised
    assert checked > 60_000 and matched > 40_000 and plain > 10, (checked, matched, plain)


def test_a_first_word_set_missing_a_word_is_caught() -> None:
    """The check above is not vacuous: with any one word (or prefix) left out of
    VAGUE_QUANTITY's or STAR_CUES' first words, the scan misses matches over the texts."""
    from icraft.rubric.text import STAR_CUES

    texts = _corpus()
    for pat in (lx.VAGUE_QUANTITY, STAR_CUES):
        first = read(pat)
        assert first is not None
        phrases = [*texts, *_spell_each(pat)]
        for indexed in (False, True):  # by its own words, or read with every indexed pattern's
            for word in sorted(first.words):
                broken = FirstWords(Firsts(first.words - {word}, frozenset(first.prefixes)), indexed)
                assert any(_spans(broken.finditer(pat.match, Words(t))) != _spans(list(pat.finditer(t))) for t in phrases), word
            for prefix in first.prefixes:
                broken = FirstWords(Firsts(first.words, frozenset(first.prefixes) - {prefix}), indexed)
                assert any(_spans(broken.finditer(pat.match, Words(t))) != _spans(list(pat.finditer(t))) for t in phrases), prefix


def test_engine_contexts_find_what_plain_scans_find() -> None:
    """Through AnswerContext (first words and guards read on a pattern's READ_AT-th use):
    hits and has equal the bare patterns', Cues whole (parts merged in text order) included."""
    from icraft.core.transcript import CANDIDATE, Turn
    from icraft.rubric.context import AnswerContext
    from icraft.rubric.text import STAR_CUES

    cues = [v for v in vars(lx).values() if isinstance(v, (re.Pattern, Lazy, Cue))] + [STAR_CUES]
    plain = {}
    for cue in cues:
        if isinstance(cue, Cue):
            plain[id(cue)] = copy.copy(cue)
            plain[id(cue)].guards = (None,) * len(cue.parts)
        for _ in range(READ_AT):
            read_guards(cue)
    by_words = sum(
        1 for c in cues if (c.by_words if isinstance(c, Cue) else (read_guards(c) or (0, 0, None))[2] is not None)
    )
    assert by_words >= 40
    for text in _corpus():
        turn = Turn.from_text(CANDIDATE, text)
        ctx, fresh = (AnswerContext(answer_index=0, turn_index=0, turn=turn, question=None,
                                    question_type="behavioral") for _ in range(2))
        for cue in cues:
            bare = _spans(list(plain.get(id(cue), cue).finditer(ctx.lower)))
            assert _spans(ctx.hits(cue)) == bare, text[:80]
            assert fresh.has(cue) == bool(bare), text[:80]


def test_words_split_as_word_boundaries_do() -> None:
    for text in ("don't  stop_it—naïve 3.5x (a)b ٣4 a", "a a a. i'd, i-i_i (i)", "ascii only: x1 1x x_1, ok"):
        words = Words(text)
        runs = [(m.group(), m.start()) for m in re.finditer(r"\w+", text)]
        assert words.set == {w for w, _ in runs}
        for w in words.set:
            assert words.at(w) == [s for x, s in runs if x == w]
        assert words.starts_of(words.set) == [s for _, s in runs]
        # Read with every indexed pattern's first words: each word's, a prefix's, a digit's.
        every = FirstWords(Firsts(frozenset(words.set), frozenset()), indexed=True)
        assert every.starts(words) == [s for _, s in runs]
        for kind in ("story", "design"):  # read alone for a kind's first answer, then with its index
            for _ in range(2):
                assert every.starts(Words(text, kind)) == [s for _, s in runs]
        for w in words.set:
            one = FirstWords(Firsts(frozenset([w]), frozenset()), indexed=True)
            assert one.starts(words) == one.starts(Words(text)) == [s for x, s in runs if x == w]
        prefixed = FirstWords(Firsts(frozenset(), frozenset(["don", "sto"]), digit=True), indexed=True)
        assert prefixed.starts(words) == [s for x, s in runs if x.startswith(("don", "sto")) or x[0].isdecimal()]


def test_a_cue_indexed_while_another_answer_adds_a_word(monkeypatch: pytest.MonkeyPatch) -> None:
    """A kind of answer indexes a cue read for the first time by checking the words it
    knows: an answer read meanwhile on another thread (the TUI lints off its UI thread)
    may add a word to that table, which must not break the check (nor lose the cue)."""
    from icraft.rubric import wordscan

    kind = object()  # a kind of answer of its own
    alpha = FirstWords(Firsts(frozenset({"alpha"}), frozenset()), indexed=True)
    assert alpha.starts(Words("alpha beta", kind)) == [0]  # read alone, then indexed for the kind
    assert alpha.starts(Words("beta alpha", kind)) == [5]  # by the kind's index: "beta" now known
    known = wordscan._KINDS[kind].state[1]
    assert "beta" in known
    real = FirstWords.can_start

    def meanwhile(self: FirstWords, word: str) -> bool:
        known.setdefault(f"other{len(known)}", ())  # another answer's word, added as the words are checked
        return real(self, word)

    monkeypatch.setattr(FirstWords, "can_start", meanwhile)
    beta = FirstWords(Firsts(frozenset({"beta"}), frozenset()), indexed=True)
    assert beta.starts(Words("beta alpha beta", kind)) == [0, 11]
    monkeypatch.setattr(FirstWords, "can_start", real)
    words = Words("alpha beta", kind)
    assert (alpha.starts(words), beta.starts(words)) == ([0], [6])
    assert {alpha.slot, beta.slot} <= wordscan._KINDS[kind].state[0]
