"""Filler words with context rules.

A word is a filler only with positive evidence from its neighbours, so ordinary
uses stay clean: "I like Python" (a verb after a pronoun), "a like counter" (a noun
after a determiner), "so that" (purpose), "as well", "it went well" (an adverb after
its verb), "it actually works" (an adverb inside a clause) are not fillers; "um", "uh",
"oh", "like, you know", "Well, I think", "So, basically" are. Discourse markers count
where they open a turn, a sentence or a clause, or sit between commas: "well", "you
know", "I mean". "kind of" and "sort of" are hedges, not fillers: the hedging rule counts
them, once.

Tuned on the development set ``../shared/data/fillers-dev`` (Switchboard disfluency
annotation; ``benchmarks/bench_fillers.py`` prints precision and recall).

Works on normalized tokens in one linear pass; returns word ranges ``(start, end)``
(end exclusive) so callers build spans with ``span_for_words``.
"""

from __future__ import annotations

from itertools import compress, islice
from operator import attrgetter
from typing import Sequence

from icraft.core.transcript import Word, normalize

# Always fillers: vocalised hesitations.
# ("uh-huh", "mm-hmm" are backchannels, acknowledgements of the other speaker: not fillers.)
HESITATIONS = frozenset({"um", "umm", "uh", "uhh", "uhm", "er", "erm", "ah", "hmm", "hm", "mm", "mhm", "oh", "ooh"})
# Always fillers when spoken: empty intensifiers.
EMPTY_ADVERBS = frozenset({"basically", "literally"})

# "like" after these is a verb or a comparison ("I like", "would like", "looks like").
_LIKE_VERB_PREV = frozenset(
    {
        "i", "you", "we", "they", "he", "she", "would", "i'd", "we'd", "you'd", "they'd", "don't",
        "didn't", "doesn't", "do", "does", "did", "to", "really", "also", "might", "may", "could",
        "should", "will", "i'll", "we'll", "not", "look", "looks", "looked", "looking", "seem",
        "seems", "seemed", "sound", "sounds", "sounded", "feel", "feels", "felt", "something",
        "anything", "nothing", "things", "stuff", "more", "less", "exactly", "much", "just",
        "languages", "tools", "systems", "services", "cases", "companies", "people", "teams",
    }
)
# "like" after these, or at a clause start, is a discourse filler ("and like", "it was like"), or
# after a light verb an approximator ("had like a disagreement", "took like two weeks").
_LIKE_FILLER_PREV = frozenset(
    {"and", "so", "but", "was", "is", "were", "it's", "that's", "um", "uh", "or", "had", "have", "has", "got", "took", "spent"}
)

# "like" after a determiner is a noun ("a like counter", "the like button").
_DETERMINERS = frozenset(
    {
        "a", "an", "the", "what", "this", "that", "some", "any", "every", "which", "same",
        "different", "one", "other", "each", "no", "my", "our", "your", "his", "her", "their",
        "its", "these", "those", "another", "first", "right", "whatever", "all", "many",
    }
)
# "you know" followed by these is a real question or clause ("you know how it works").
_YOU_KNOW_CLAUSE_NEXT = frozenset({"what", "how", "that", "the", "why", "where", "when", "who", "if", "whether"})
_YOU_KNOW_CLAUSE_PREV = frozenset({"do", "did", "if", "don't", "didn't", "as", "let", "would", "to", "what", "whether", "now"})
# Before these, "well" is an adverb or adjective ("as well", "very well", "it went well").
_WELL_ADVERB_PREV = frozenset(
    {"as", "very", "pretty", "quite", "so", "too", "really", "how", "fairly", "reasonably", "extremely", "just",
     "went", "go", "goes", "going", "gone", "do", "does", "did", "doing", "done", "work", "works", "worked", "working",
     "is", "was", "are", "were", "be", "been", "being", "get", "got", "getting", "sell", "sells", "sold", "play", "played",
     "paid", "pays", "fit", "fits", "ran", "run", "runs", "scale", "scales", "scaled", "known", "treated", "behaved",
     "all", "not", "equally", "perfectly", "exceptionally", "relatively", "particularly", "fine", "and", "or"}
)
# After these a sentence-initial "so" is a conjunction of result ("so that", "so far").
_CONJUNCTIONS = frozenset({"and", "but", "or", "because", "then", "plus"})
_SO_PURPOSE_NEXT = frozenset({"that", "far", "much", "many", "long", "on", "forth", "to"})
_FILLERS_FOR_CHAINS = HESITATIONS | EMPTY_ADVERBS | {"like", "yeah", "okay", "ok", "well"}
# "I mean" after these is the verb ("what I mean is", "I mean to say" is handled by its next word).
_I_MEAN_PREV = frozenset({"what", "that", "which", "if", "do", "don't", "didn't"})
# "so" after these is a pro-form or degree adverb ("I think so", "it was so slow").
_SO_NOT_PREV = frozenset(
    {"think", "hope", "guess", "believe", "said", "say", "says", "suppose", "not", "if", "do", "did", "does", "is",
     "was", "are", "were", "be", "been", "it's", "that's", "they're", "we're", "i'm", "you're", "he's", "she's",
     "so", "even", "just", "and", "or", "why", "doing", "told", "imagine", "expect", "seems", "seem"}
)


# Characters normalize() strips from token edges (every non-word char but the apostrophe);
# str.strip with this set is ~10x faster than the regex and gives the same result on real text.
_EDGE_PUNCT = "".join(chr(c) for c in range(33, 127) if not (chr(c).isalnum() or chr(c) in "'_")) + (
    "\u201c\u201d\u2018\u2019\u2014\u2013\u2026\u00ab\u00bb\u00b7\u2022\u00bf\u00a1\u201e\u00a0"
)


_TEXT = attrgetter("text")


# Word text -> its normalized form, per process: an answer's words are mostly words seen
# in earlier answers, so one dict look-up a word (in C) replaces the passes below for them.
_NORMS: dict[str, str] = {}
_MAX_NORMS = 50_000


def norms_of(words: Sequence[Word]) -> list[str]:
    """``normalize(w.text)`` for every word: known words from :data:`_NORMS`, the others
    lower-cased, stripped of edge punctuation and the apostrophe fixed (lower-casing a word
    alone gives what the whole text's lower-casing gives it: a capital sigma's final form
    reads only cased letters next to it, and words are whitespace-separated)."""
    texts = list(map(_TEXT, words))
    found = list(map(_NORMS.get, texts))
    if None in found:
        if len(_NORMS) > _MAX_NORMS:
            _NORMS.clear()
        for i, (text, norm) in enumerate(zip(texts, found)):
            if norm is None:
                # Strip before replacing the apostrophe, as normalize() does ("’quoted’" -> "quoted").
                norm = _NORMS[text] = text.lower().strip(_EDGE_PUNCT).replace("\u2019", "'")
                found[i] = norm
    return found  # type: ignore[return-value]  # every None filled


def _ends_clause(raw: str) -> bool:
    return raw.endswith((",", ";", ":", "-", "—", "."))


def _ends_sentence(raw: str) -> bool:
    return raw.endswith((".", "?", "!"))


# Words that may be a filler alone, and the two-word fillers by their second word: "i" is a
# candidate only before "mean", "you" only before "know" (an answer says "I" far more
# often than "I mean": looking at every "I" was most of the loop below).
_CANDIDATES = HESITATIONS | EMPTY_ADVERBS | {"like", "actually", "so", "well"}
_PAIRS = {"mean": "i", "know": "you"}


def find_fillers(words: Sequence[Word], norms: Sequence[str] | None = None) -> list[tuple[int, int]]:
    """Word ranges of filler words/phrases in ``words`` (a turn's words), in order.
    ``norms`` (the words' normalized forms) may be passed when the caller has them."""
    if norms is None:
        norms = norms_of(words)
    raws = list(map(_TEXT, words))
    n = len(norms)
    out: list[tuple[int, int]] = []
    candidates = _CANDIDATES
    taken_until = 0  # a two-word filler ("you know") consumes the next word
    found = list(compress(range(n), map(candidates.__contains__, norms)))
    pairs = [j - 1 for j in compress(range(1, n), map(_PAIRS.__contains__, islice(norms, 1, None)))
             if norms[j - 1] == _PAIRS[norms[j]]]
    if pairs:
        found = sorted(found + pairs)
    for i in found:
        if i < taken_until:
            continue
        tok = norms[i]
        prev = norms[i - 1] if i else ""
        nxt = norms[i + 1] if i + 1 < n else ""
        clause_start = i == 0 or _ends_clause(raws[i - 1])
        sentence_start = i == 0 or _ends_sentence(raws[i - 1])
        width = 0
        if tok in HESITATIONS or tok in EMPTY_ADVERBS:
            width = 1
        elif tok == "well":
            # A discourse marker where it opens a turn, a sentence or a clause, or follows
            # another marker ("oh well", "uh well"): "Well, I think", "and, well, it broke".
            # After a verb or a degree word it is the adverb ("it went well", "as well").
            if prev in _WELL_ADVERB_PREV and not (clause_start and raws[i].endswith(",")):
                width = 0
            elif clause_start or prev in _FILLERS_FOR_CHAINS or prev in _CONJUNCTIONS or raws[i].endswith(","):
                width = 1
        elif tok == "like":
            if raws[i].endswith(",") and i and raws[i - 1].endswith(","):
                width = 1  # comma-enclosed ("decided to, like, rewrite"): never the verb
            elif prev in _DETERMINERS and not clause_start:
                width = 0  # a noun: "a like counter", "the like button"
            elif prev in _LIKE_VERB_PREV or nxt == "to":
                width = 0
            elif i and raws[i - 1].endswith(":") and not raws[i].endswith(","):
                width = 0  # "such as" opening the examples a colon announces: "regions: like counts, a feed"
            elif i + 1 < n and raws[i + 1][:1].isupper() and not raws[i].endswith(",") and norms[i + 1] != "i":
                width = 0  # the preposition before a name: "countries like Saudi Arabia", "tools like Kafka"
            elif clause_start or prev in _LIKE_FILLER_PREV or raws[i].endswith(","):
                width = 1
        elif tok == "you" and nxt == "know":
            # Parenthetical: between commas, at the end ("you know?"), or opening a clause
            # ("..., you know the high top sneakers"); the verb after "do", "if", "as"...
            after = norms[i + 2] if i + 2 < n else ""
            comma = raws[i + 1].endswith((",", ".", "?"))
            lead = clause_start or prev in _FILLERS_FOR_CHAINS or prev in _CONJUNCTIONS
            if prev in _YOU_KNOW_CLAUSE_PREV and not comma:
                width = 0
            elif comma or lead or after not in _YOU_KNOW_CLAUSE_NEXT:
                width = 2
        elif tok == "i" and nxt == "mean":
            after = norms[i + 2] if i + 2 < n else ""
            comma = raws[i + 1].endswith((",", "."))
            lead = clause_start or prev in _FILLERS_FOR_CHAINS or prev in _CONJUNCTIONS
            if prev not in _I_MEAN_PREV and after != "to" and (comma or lead or after not in {"it", "that", "what", "the"}):
                width = 2
        elif tok == "actually":
            if raws[i].endswith(",") or prev in _FILLERS_FOR_CHAINS or (sentence_start and nxt in {"um", "uh"}):
                width = 1
        elif tok == "so":
            if (nxt in _SO_PURPOSE_NEXT and not raws[i].endswith(",")) or prev in _SO_NOT_PREV:
                width = 0  # "so that", "I think so", "it was so slow"
            elif raws[i].endswith(",") or nxt in _FILLERS_FOR_CHAINS or nxt == "so" or (i == 0 and nxt):
                width = 1
        if width:
            out.append((i, i + width))
            taken_until = i + width
    return out
