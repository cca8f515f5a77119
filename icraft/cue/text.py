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
    t = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("%", " percent ")
    for short, long in _CONTRACTIONS:
        t = t.replace(short, long)
    t = _FILLER_PHRASES.sub(" ", t)
    return " ".join(w for w in _TOKEN.findall(t) if w not in FILLERS)


_SUFFIXES = (("ibility", ""), ("ability", ""), ("ations", ""), ("ation", ""), ("ities", ""), ("ity", ""),
             ("ness", ""), ("ments", ""), ("ment", ""), ("ings", ""), ("ing", ""), ("able", ""), ("ible", ""),
             ("ies", "y"), ("ied", "y"), ("ers", ""), ("er", ""), ("ed", ""), ("es", ""), ("ly", ""), ("s", ""))


# Irregular forms that a suffix strip cannot meet with their lemma ("led" and "lead").
_IRREGULAR = dict(pair.split(":") for pair in """
    began:begin begun:begin blew:blow blown:blow broke:break broken:break brought:bring built:build bought:buy
    chose:choose chosen:choose drew:draw drawn:draw drove:drive fed:feed fell:fall fallen:fall felt:feel
    flew:fly flown:fly forgot:forget forgotten:forget found:find gave:give given:give gone:go went:go grew:grow
    grown:grow held:hold hid:hide hung:hang kept:keep knew:know known:know led:lead left:leave lent:lend
    lost:lose made:make meant:mean met:meet paid:pay ran:run rode:ride said:say saw:see seen:see sent:send
    shook:shake shot:shoot slept:sleep sold:sell sped:speed spent:spend stood:stand struck:strike taught:teach
    thought:think threw:throw thrown:throw told:tell took:take taken:take understood:understand woke:wake
    won:win wore:wear worn:wear wrote:write written:write people:person men:man women:woman children:child
    """.split())


def stem(word: str) -> str:
    """A crude lemma: irregular forms mapped ("led" to "lead"), then one suffix stripped,
    enough to meet "scaling" with "scale", "available" with "availability", "indexes" with
    "index" and "shipped" with "ship" (one suffix, a doubled last consonant, a final "e")."""
    word = _IRREGULAR.get(word, word)
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + repl
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz" and word[-1].isalpha():
                word = word[:-1]  # shipp(ed) -> ship, plann(ed) -> plan
            break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def digits(words: list[str]) -> list[str]:
    """Number words as digits ("nine hundred twenty" -> "920", "six" -> "6"), so that a
    spoken "six years" meets a written "6 years"; other words unchanged (one reader of
    spoken figures for the cue and the story bank: :func:`icraft.nlp.numbers.digits`)."""
    from icraft.nlp.numbers import digits as spoken_digits

    return spoken_digits(" ".join(words)).split()


def content(text: str, *, numbers: bool = False) -> list[str]:
    """The words that say what ``text`` is about (no stopwords, fillers or question frames);
    a text made only of such words ("tell me about yourself") keeps its non-frame words.
    ``numbers``: number words become digits first (so "two weeks" keeps its "2")."""
    words = normalize(text).split()
    if numbers:
        words = digits(words)
    kept = [w for w in words if w not in DROP]
    return kept or [w for w in words if w not in FRAME]


def terms(text: str, *, numbers: bool = False) -> list[str]:
    """Stemmed content words, the lexical index's terms (``numbers``: see :func:`content`)."""
    return [stem(w) for w in content(text, numbers=numbers)]
