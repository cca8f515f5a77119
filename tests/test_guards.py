"""Guards of the cue scans (icraft/rubric/guards.py): strings one of which every match of
a pattern holds, read from its source. A guard may only skip texts the pattern cannot
match: checked for every cue over the calibration answers and rule fixtures, and over
phrases spelled from each cue's own pattern (every alternative of every group)."""

from __future__ import annotations

import itertools
import re
import tomllib
from pathlib import Path

import pytest

from icraft.core.transcript import CANDIDATE, Turn
from icraft.rubric import patterns as guards_of
from icraft.rubric import lexicon as lx
from icraft.rubric.guards import DIGIT, guard, holds, required_strings
from icraft.rubric.patterns import Cue, Lazy

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("source", "strings"),
    [
        (r"\b(?:disagree\w*|conflicts?)\b", {"disagree", "conflict"}),
        (r"\bp(?:50|99)\b", {"p50", "p99"}),  # a run goes on into a group's spellings
        (r"\b(?:a|an)\sjunior", {"junior"}),  # \s is a class: the run is cut there
        (r"\bj(?:unior\sdev|unior's\sfine)", {"junior"}),  # "j" + what each alternative starts with
        (r"(?<!first\s)half\s(?:of\s)?the", {"half"}),  # lookarounds consume nothing
        (r"\b(?:x|y)?zero", {"zero"}),  # an item that may be left out requires nothing
        (r"\$\s?\d", {DIGIT}),  # of "$" and a digit, the one estimated rarer (by kind and length)
        (r"(?:lot|lots)\b", {"lot"}),  # "lots" holds "lot": one of them is enough
        (r"\bfoo\ bar", {"foo bar"}),  # an escaped space is a literal in verbose syntax
        (r"x[ab]y", {"xay", "xby"}),
        (r"\$?\d[\d,]*\s?k|\d+\s?ms", {DIGIT}),  # a decimal digit, any script's
        (r"\d|zero", {DIGIT, "zero"}),
    ],
)
def test_required_strings(source: str, strings: set[str]) -> None:
    assert required_strings(source) == strings


@pytest.mark.parametrize(
    ("source", "flags"),
    [
        (r"\w+\s\S", re.VERBOSE),  # nothing literal
        (r"(?i)foo", re.VERBOSE),  # inline flags are not read
        (r"foo", re.VERBOSE | re.IGNORECASE),
        (r"(a)\1", re.VERBOSE),  # a back-reference
        (r"foo # a comment", re.VERBOSE),
        (r"a{,", re.VERBOSE),  # a brace that is not a quantifier
        (r"foo|\w+", re.VERBOSE),  # one alternative requires nothing
        (r"(?:foo)?", re.VERBOSE),
    ],
)
def test_no_strings_when_the_reader_cannot_tell(source: str, flags: int) -> None:
    assert required_strings(source, flags) is None


def test_whitespace_is_literal_without_verbose() -> None:
    assert required_strings("a junior", 0) == {"a junior"}
    assert required_strings("a junior", re.VERBOSE) == {"ajunior"}


def test_a_guard_is_kept_only_where_it_pays() -> None:
    assert guard(r"\b(?:weakness\w*|improve\son)\b") is not None
    assert guard(r"\b(?:i|we)\b") is None  # short, common strings: the check would not skip
    assert guard(r"\w+") is None
    check = guard(r"\b(?:disagree\w*|conflicts?)\b")
    assert check is not None and check("a conflict") and not check("no such word")
    digits = guard(r"\d+\s?ms|\bthree\sms")
    assert digits is not None and digits("in 40ms") and digits("\u0664\u0660 ms") and digits("three ms")
    assert not digits("forty ms")


def _cue_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Every compiled cue pattern the engine scans (lexicon, the STAR cues, the detectors'
    own, the question classifier's), each Cue part on its own."""
    from icraft.rubric import questions, text
    from icraft.rubric.detectors import general, seniority, structure
    from tests.test_patterns import _lexicon_patterns

    return _lexicon_patterns(text, questions, general, seniority, structure)


def _texts() -> list[str]:
    texts: list[str] = []
    for p in sorted((ROOT / "tests" / "calibration").glob("*.toml")):
        d = tomllib.loads(p.read_text(encoding="utf-8"))
        texts += [d.get("question") or "", d["answer"]]
    for p in sorted((ROOT / "tests" / "rule_fixtures").glob("*.toml")):
        d = tomllib.loads(p.read_text(encoding="utf-8"))
        texts += [c.get(k) or "" for kind in ("trigger", "pass") for c in d.get(kind, []) for k in ("question", "answer")]
    return [t.lower().replace("\u2019", "'") for t in texts if t]


def class_char(av: list) -> str:
    """A character of a class in CPython's parse (``#`` for a negated one)."""
    from re import _constants as c  # noqa: PLC0415 (the tests' own reader)

    for op, a in av:
        if op is c.NEGATE:
            return "#"
        if op is c.LITERAL:
            return chr(a)
        if op is c.RANGE:
            return chr(a[0])
        if op is c.CATEGORY:
            return {c.CATEGORY_SPACE: " ", c.CATEGORY_DIGIT: "1", c.CATEGORY_WORD: "a"}.get(a, "#")
    return "#"


def _spell(pattern: re.Pattern[str], limit: int = 400) -> list[str]:
    """Phrases spelled from the pattern's own parse (CPython's, a reader independent of
    guards.py's): each alternative of each group in turn, with the others at their first;
    an optional item both left out and taken once; a class by one of its characters."""
    from re import _constants as c  # noqa: PLC0415 (the test's own reader)
    from re import _parser

    def items(seq: list, choice: dict[int, int]) -> list[str]:
        outs = [""]
        for op, av in seq:
            if op is c.LITERAL:
                outs = [o + chr(av) for o in outs]
            elif op is c.NOT_LITERAL or op is c.ANY:
                outs = [o + "x" for o in outs]
            elif op is c.IN:
                outs = [o + class_char(av) for o in outs]
            elif op is c.BRANCH:
                k = choice.get(id(av), 0)
                outs = [o + s for o in outs for s in items(av[1][k % len(av[1])], choice)[:2]]
            elif op is c.SUBPATTERN:
                outs = [o + s for o in outs for s in items(av[3], choice)[:2]]
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
                lo, hi, body = av
                inner = items(body, choice)[0]
                counts = sorted({lo, min(lo + 1, hi)})
                outs = [o + inner * n for o in outs for n in counts]
            outs = outs[:8]
        return outs

    branches: list[tuple[int, int]] = []

    def walk(seq: list) -> None:
        for op, av in seq:
            if op is c.BRANCH:
                branches.append((id(av), len(av[1])))
                for b in av[1]:
                    walk(b)
            elif op is c.SUBPATTERN:
                walk(av[3])
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT, c.ASSERT, c.ASSERT_NOT):
                walk(av[2] if op not in (c.ASSERT, c.ASSERT_NOT) else av[1])

    parsed = _parser.parse(pattern.pattern, pattern.flags)
    walk(parsed.data)
    out: list[str] = []
    for key, n in branches:
        for k in range(n):
            out += items(parsed.data, {key: k})
    return list(itertools.islice(dict.fromkeys(out), limit))


def test_a_guard_never_skips_a_text_its_pattern_matches() -> None:
    texts = _texts()
    patterns = _cue_patterns()
    assert len(patterns) >= 60
    read = spelled = matched = 0
    for name, pat in patterns:
        strings = required_strings(pat.pattern, pat.flags)
        if strings is None:
            continue
        read += 1
        phrases = []
        for p in _spell(pat):
            for t in (p, f"so {p} then", f"({p}).\n"):
                if pat.search(t):
                    phrases.append(t)
        spelled += len(phrases)
        for t in [*texts, *phrases]:
            if pat.search(t):
                matched += 1
                assert holds(t, strings), (name, sorted(strings), t[:120])
    assert read >= 50 and spelled >= 1000 and matched >= 3000, (read, spelled, matched)


def test_guarded_scans_find_what_unguarded_scans_find() -> None:
    """The engine's contexts with guards (read on a pattern's READ_AT-th use) find the same
    matches as the bare patterns, over the calibration answers and rule fixtures."""
    from icraft.rubric.context import AnswerContext

    import copy

    texts = _texts()
    cues = [v for v in vars(lx).values() if isinstance(v, (re.Pattern, Lazy, Cue))]
    plain = {}
    for cue in cues:
        if isinstance(cue, Cue):
            plain[id(cue)] = copy.copy(cue)
            plain[id(cue)].guards = (None,) * len(cue.parts)
    for cue in cues:  # a guard is read on a pattern's READ_AT-th use
        for _ in range(guards_of.READ_AT):
            guards_of.guard_of(cue)
        assert id(cue) in guards_of.GUARDS
    skipped = 0
    for text in texts:
        turn = Turn.from_text(CANDIDATE, text)
        ctx, fresh = (AnswerContext(answer_index=0, turn_index=0, turn=turn, question=None,
                                    question_type="behavioral") for _ in range(2))
        for cue in cues:
            bare = [m.span() for m in plain.get(id(cue), cue).finditer(ctx.lower)]
            assert [m.span() for m in ctx.hits(cue)] == bare, text[:80]
            assert fresh.has(cue) == bool(bare), text[:80]
            entry = guards_of.GUARDS.get(id(cue))
            skipped += entry is not None and entry[1] is not None and not entry[1](ctx.lower)
    assert skipped > 1000
