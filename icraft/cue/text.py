"""Spoken and written questions reduced to comparable words: lowercase, contractions
expanded, fillers dropped, stopwords and question frames removed, a light stem."""

from __future__ import annotations

import re

from icraft.cue.prepared import STOPWORDS

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_CONTRACTIONS = (
    ("won't", "will not"), ("can't", "can not"), ("n't", " not"), ("'re", " are"), ("'ve", " have"),
    ("'m", " am"), ("'ll", " will"), ("'d", " would"), ("let's", "let us"), ("what's", "what is"),
    ("that's", "that is"), ("it's", "it is"), ("how's", "how is"), ("where's", "where is"),
    ("who's", "who is"), ("there's", "there is"), ("here's", "here is"),
)
FILLERS = frozenset("um umm uh uhh uhm er erm ah ahh hmm mm mhm huh".split())
_FILLER_PHRASES = re.compile(r"\b(?:you know|i mean|kind of|sort of|i guess)\b")
# Words that frame a question rather than say what it is about ("tell me about a time...").
FRAME = frozenset(
    """tell describe explain talk walk share give example quick quickly briefly maybe just please
    okay ok yeah alright so well now next question let us start curious love hear like""".split()
)
DROP = STOPWORDS | FILLERS | FRAME


def normalize(text: str) -> str:
    """Lowercase words with contractions expanded and fillers removed, joined by spaces."""
    t = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    for short, long in _CONTRACTIONS:
        t = t.replace(short, long)
    t = _FILLER_PHRASES.sub(" ", t)
    return " ".join(w for w in _TOKEN.findall(t) if w not in FILLERS)


_SUFFIXES = (("ibility", ""), ("ability", ""), ("ations", ""), ("ation", ""), ("ities", ""), ("ity", ""),
             ("ness", ""), ("ments", ""), ("ment", ""), ("ings", ""), ("ing", ""), ("able", ""), ("ible", ""),
             ("ies", "y"), ("ied", "y"), ("ers", ""), ("er", ""), ("ed", ""), ("es", ""), ("ly", ""), ("s", ""))


def stem(word: str) -> str:
    """A crude suffix strip, enough to meet "scaling" with "scale", "available" with
    "availability" and "indexes" with "index" (one suffix, then a final "e")."""
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + repl
            break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def content(text: str) -> list[str]:
    """The words that say what ``text`` is about (no stopwords, fillers or question frames);
    a text made only of such words ("tell me about yourself") keeps its non-frame words."""
    words = normalize(text).split()
    kept = [w for w in words if w not in DROP]
    return kept or [w for w in words if w not in FRAME]


def terms(text: str) -> list[str]:
    """Stemmed content words, the lexical index's terms."""
    return [stem(w) for w in content(text)]
