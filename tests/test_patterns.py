"""The cue lexicon's regex builder (icraft/rubric/patterns.py): the first-character
lookahead it adds is read from the pattern's source, and it never changes a match."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from icraft.rubric import lexicon as lx
from icraft.rubric.patterns import Cue, Lazy, bound_after_first, fast_compile, first_chars

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("pattern", "chars"),
    [
        (r"\b(?:alpha|beta|gamma)\b", set("abg")),
        (r"\bfoo|\bbar", set("fb")),  # every alternative starts at a word boundary
        (r"\b(?P<x>led|ran)\s(?:the|a)", set("lr")),
        (r"\b(?=[a-z])(?!not)(?:yes|no)", set("yn")),  # lookarounds are zero-width
        (r"\b[abc]+x", set("abc")),
        (r"\b[a-d]x", set("abcd")),
        (r"\b(?:\$|£)\d", {"$", "£"}),
        (r"\bx{2,3}", {"x"}),
        (r"""\b(?:one\s|
             two)""", set("ot")),  # verbose whitespace ignored
        (r"\b[]a]b", {"]", "a"}),
        (r"\b(?:(?:a|an)\s+(?=hundred))(?:ten|six)", {"a"}),
    ],
)
def test_first_chars_of_a_bounded_pattern(pattern: str, chars: set[str]) -> None:
    assert first_chars(pattern) == chars


@pytest.mark.parametrize(
    "pattern",
    [
        r"foo\b",  # no leading word boundary: the engine skips ahead by itself
        r"\bfoo|bar",  # one alternative without it
        r"\b(?:a?b)",  # the first letter may be left out
        r"\b(?:x*|y)z",
        r"\bx{0,2}y",
        r"\b\w+ed",  # a category
        r"\b[^a]",  # a negated class
        r"\b[a-z]x",  # a range too wide to be worth a lookahead
        r"\b.x",
        r"\b(?i:foo)",  # inline flags are not read
        r"\b(?:foo|)",  # an empty alternative
    ],
)
def test_no_first_chars_when_they_are_not_a_small_literal_set(pattern: str) -> None:
    assert first_chars(pattern) is None


def test_fast_compile_puts_the_lookahead_before_the_boundary() -> None:
    many = r"\b(?:alpha|beta|gamma|delta|epsilon|zeta|eta|theta)\b"  # 7 first letters
    assert fast_compile(many).pattern.startswith("(?=[abdegtz])")
    assert fast_compile(r"(?:p50|p99)\b").pattern == r"(?:p50|p99)\b"


def test_fast_compile_moves_the_boundary_after_a_few_first_letters() -> None:
    assert fast_compile(r"\b(?:tradeoff|trade-off|balance)\b").pattern == (
        r"(?:t(?<!\w.)radeoff|t(?<!\w.)rade-off|b(?<!\w.)alance)\b"
    )
    # A capturing group first: the lookahead stays (its marks would be saved at every position).
    assert fast_compile(r"\b(?P<who>i|we)\swould").pattern.startswith("(?=[iw])")


@pytest.mark.parametrize(
    ("pattern", "moved"),
    [
        (r"\bfoo|\bbar", r"f(?<!\w.)oo|b(?<!\w.)ar"),
        (r"\b(?:last|this)\s(?:year|week)\b|\byesterday\b",
         r"(?:l(?<!\w.)ast|t(?<!\w.)his)\s(?:year|week)\b|y(?<!\w.)esterday\b"),
        (r"\b[ab]x", r"[ab](?<!\w.)x"),
        (r"\b\d+k", None),  # a repeated first character
        (r"\b\dk", r"\d(?<!\w.)k"),
        (r"\b(?:a?b)", None),  # the first letter may be left out
        (r"\b(?:foo|)", None),
        (r"\bfoo|bar", None),  # one alternative without the boundary
        (r"\b\$\d", None),  # not a word character first: \b means something else there
        (r"\b(?=a)ab", None),
        (r"\b[a-z]x", None),  # a class not read as characters
        (r"\b(?:ab)+c", None),
        (r"\b\w+", None),
    ],
)
def test_bound_after_first(pattern: str, moved: str | None) -> None:
    assert bound_after_first(pattern) == moved


def test_the_moved_boundary_never_changes_a_match() -> None:
    """Every lexicon pattern whose leading word boundary was moved after its first
    character finds exactly what the boundary first finds: over the calibration answers and
    rule fixtures, and each match again after characters that are (letters, digits, "_",
    accented letters, a non-Latin digit) or are not (space, newline, "'", "-") word characters."""
    from icraft.rubric import text as tx
    from icraft.rubric.detectors import seniority
    from icraft.rubric.patterns import WORD_START

    texts = [_corpus()]
    for p in sorted((ROOT / "tests" / "rule_fixtures").glob("*.toml")):
        d = tomllib.loads(p.read_text(encoding="utf-8"))
        texts += [(c.get("question") or "") + "\n" + c["answer"] for k in ("trigger", "pass") for c in d.get(k, [])]
    corpus = "\n".join(texts).lower()
    undo = re.compile(r"(\\d|\[[^\]]*\]|[A-Za-z0-9])" + re.escape(WORD_START))
    pats = _lexicon_patterns() + [(n, v) for n, v in vars(seniority).items() if isinstance(v, re.Pattern)]
    pats.append(("STAR_CUES", tx.STAR_CUES))
    checked = matched = 0
    for name, pat in pats:
        if WORD_START not in pat.pattern:
            continue
        bounded = re.compile(undo.sub(r"\\b\1", pat.pattern), pat.flags)
        assert WORD_START not in bounded.pattern and bounded.pattern.count("\\b") > 0
        found = [m.span() for m in pat.finditer(corpus)]
        assert found == [m.span() for m in bounded.finditer(corpus)], name
        for s, e in found[:100]:
            for before in ("x", "_", "é", "1", "\u0663", "", " ", "\n", "'", "-"):
                for t in (before + corpus[s:e], "a " + before + corpus[s:e] + " z"):
                    assert [m.span() for m in pat.finditer(t)] == [m.span() for m in bounded.finditer(t)], (name, t)
        checked += 1
        matched += len(found)
    assert checked >= 12 and matched >= 150, (checked, matched)


def _lexicon_patterns(*modules: object) -> list[tuple[str, re.Pattern[str]]]:
    """Every compiled pattern of the lexicon (and of ``modules``), each Cue part on its own."""
    found: list[tuple[str, re.Pattern[str]]] = []

    def add(name: str, v: object) -> None:
        if isinstance(v, Lazy):
            v = v.compiled()
        if isinstance(v, re.Pattern):
            found.append((name, v))
        elif isinstance(v, Cue):
            found.extend((f"{name}[{i}]", p) for i, (p, _) in enumerate(v.parts))
        elif isinstance(v, dict):
            for k, x in v.items():
                add(f"{name}[{k}]", x)

    for mod in (lx, *modules):
        for name, v in vars(mod).items():
            add(name if mod is lx else f"{getattr(mod, '__name__', mod)}.{name}", v)
    return found


def _corpus() -> str:
    texts = []
    for p in sorted((ROOT / "tests" / "calibration").glob("*.toml")):
        d = tomllib.loads(p.read_text(encoding="utf-8"))
        texts += [d.get("question") or "", d["answer"]]
    return "\n".join(texts).lower()


def test_the_lookahead_never_changes_a_match() -> None:
    """Every lexicon pattern that got a lookahead finds exactly what it finds without it,
    over the calibration answers (hundreds of real matches)."""
    text = _corpus()
    checked = matched = 0
    for name, pat in _lexicon_patterns():
        m = re.match(r"\(\?=\[[^\]]+\]\)", pat.pattern)
        if m is None:
            continue
        bare = re.compile(pat.pattern[m.end():], pat.flags)
        with_la = [(x.start(), x.end()) for x in pat.finditer(text)]
        assert with_la == [(x.start(), x.end()) for x in bare.finditer(text)], name
        checked += 1
        matched += len(with_la)
    assert checked >= 20 and matched >= 200, (checked, matched)


def test_the_lexicon_relies_on_no_private_regex_module() -> None:
    sources = [(ROOT / "icraft" / "rubric" / n).read_text(encoding="utf-8") for n in ("lexicon.py", "patterns.py")]
    assert not any(re.search(r"\b(?:sre_parse|sre_constants|_parser|_constants)\b", s) for s in sources)


def test_name_candidates_start_where_the_unanchored_scan_started() -> None:
    """specificity's name candidates are read once per word, at its start: the same starts
    as the unanchored scan it replaced (quadratic in a word's length), over the calibration
    answers as written, upper-cased, and tokens shaped like names and code."""
    from icraft.rubric.specificity import _CANDIDATE

    unanchored = re.compile(r"\S*?(?:[A-Z]|\d|\w[./_(]\w|(?<!\S)/\w)\S*")
    # The pronoun alone ("I", "I'm", "I've", "I'd", "I'll") is never a name (de86dd6): the
    # unanchored scan's matches less the ones that are just that word.
    pronoun = re.compile(r"I(?:'(?:m|ve|d|ll))?")
    raw = "\n".join(tomllib.loads(p.read_text(encoding="utf-8"))["answer"]
                    for p in sorted((ROOT / "tests" / "calibration").glob("*.toml")))
    shapes = "/links a/b x_y O(n) Node.js p95 2023 CTO DynamoDB (a) a(b /x / a/ é1 ü.ü ñ_ñ \t/links\n"
    found = 0
    for text in (raw, raw.upper(), shapes):
        starts = [m.start() for m in _CANDIDATE.finditer(text)]
        assert starts == [m.start() for m in unanchored.finditer(text) if not pronoun.fullmatch(m.group())]
        found += len(starts)
    assert found > 500
