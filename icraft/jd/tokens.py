"""Tokens with character offsets, lines and sentences of a job posting.

A token is a word with its ``[start, end)`` character range in the posting, so every
extracted item can be quoted as ``text[start:end]``. The split follows the SkillSpan
corpus closely enough for a tagger trained on it: punctuation around a word is its own
token, while punctuation inside a technology name stays in it ("C++", "C#", ".NET",
"Node.js", "CI/CD", "m/f/d").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A word: letters/digits with inner joiners (. - / ' & _ +), a leading "." for ".NET",
# trailing "+"/"#" for C++ / C# / F#; otherwise one punctuation character.
_TOKEN = re.compile(
    r"""
    \.?[^\W_](?:[\w'’&]|[.\-/](?=[^\W_]))*[+#]*   # word, Node.js, CI/CD, C++, .NET, e-mail
    | [^\w\s]                                      # one punctuation mark
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of ``text[start:end]``, offsets relative to ``text``."""
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, len(text) if end is None else end)]


# A sentence ends at . ! ? followed by space and an upper-case letter or a digit, or at a
# line break; bullets and headings are lines of their own in postings.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"“])|\s*\n\s*")


_SENTENCE_END_IN_LINES = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"“])")


def sentences(text: str, *, lines: bool = True) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-empty sentence, in order; with ``lines`` a line break
    ends a sentence too (bullets and headings are lines of their own in postings)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in (_SENTENCE_END if lines else _SENTENCE_END_IN_LINES).finditer(text):
        _add(text, pos, m.start(), out)
        pos = m.end()
    _add(text, pos, len(text), out)
    return out


def _add(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))
