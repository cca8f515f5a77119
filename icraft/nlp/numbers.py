"""Spoken figures as digits: "nine hundred" 900, "a hundred and eighteen" 118, "twelve
hundred" 1200, "zero point eight" 0.8, "two and a half" 2.5, "18 thousand" 18000.

Pure text in, text out; used where a spoken retelling must meet a typed one on its
figures (the story bank). A lone "one" is a digit too ("one team" -> "1 team"): callers
that compare figures ignore the small counts every account has.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

UNITS = {
    w: n for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen".split()
    )
}
TENS = {w: 10 * n for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_WORD = "|".join(sorted([*UNITS, *TENS, *_SCALES], key=len, reverse=True))
# A run of number words: "a hundred and eighteen", "ninety-five", "twelve hundred".
_RUN = re.compile(rf"\b(?:an?\s+(?=(?:hundred|thousand|million|billion)\b))?(?:{_WORD})(?:(?:\s+and\s+|[\s-]+)(?:{_WORD}))*\b",
                  re.IGNORECASE)


def words_value(words: Sequence[str], scales: Mapping[str, int] = _SCALES) -> int:
    """The number a run of number words says ("a hundred and eighteen" 118, "twelve
    hundred" 1200); ``scales``: the words that multiply (a caller adds "grand")."""
    total = current = 0
    for w in words:
        if w in ("a", "an"):
            current = 1
        elif w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in scales:
            total += (current or 1) * scales[w]
            current = 0
    return total + current


def _value(run: str) -> int:
    return words_value(re.split(r"[\s-]+", run.lower()))


def digits(text: str) -> str:
    """``text`` with its number words as digits, decimals ("N point M") and halves ("N and
    a half") joined, and "N thousand"/"N million" after digits multiplied out."""
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
    text = re.sub(r"\b(\d+(?:\.\d+)?)\s+(thousand|million|billion)\b",
                  lambda m: f"{float(m.group(1)) * _SCALES[m.group(2).lower()]:.0f}", text, flags=re.IGNORECASE)
    text = _RUN.sub(lambda m: str(_value(m.group())), text)
    text = re.sub(r"\b(\d+) point (\d+)\b", r"\1.\2", text, flags=re.IGNORECASE)
    return re.sub(r"\b(\d+) and a half\b", r"\1.5", text, flags=re.IGNORECASE)
