"""Sentence and token surgery on an answer's own words.

Everything here *removes*, *moves* or *re-inflects* the candidate's words; nothing
adds a fact. The only new words are grammatical (``I`` for ``we``, ``was`` for
``were``) and the bracketed placeholders of :mod:`icraft.rewrite.placeholders`.
Each operation returns the new text plus the :class:`Edit` records that explain it,
so every version can list exactly what changed and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from icraft.core.transcript import Turn, Word, normalize
from icraft.delivery import find_fillers
from icraft.rubric import lexicon as lx


@dataclass(frozen=True, slots=True)
class Edit:
    """One change in a version: what kind, the words before and after, and why."""

    kind: str  # drop_filler, drop_hedge, we_to_i, reorder, answer_first, placeholder
    before: str
    after: str
    reason: str
    rule: str | None = None  # the rubric rule the edit targets, when there is one

    def to_dict(self) -> dict[str, str | None]:
        return {"kind": self.kind, "before": self.before, "after": self.after, "reason": self.reason, "rule": self.rule}


# -- sentences -------------------------------------------------------------------------

_ABBREV = {"e.g.", "i.e.", "etc.", "vs.", "mr.", "mrs.", "ms.", "dr.", "approx.", "incl.", "a.m.", "p.m."}
_BRACKET = re.compile(r"\[[^\[\]]*\]")


def split_sentences(text: str) -> list[str]:
    """Split on sentence-final punctuation followed by a space.

    Abbreviations (``e.g.``), decimals (``1.5``) and bracketed placeholders are kept
    whole. Unpunctuated speech stays one sentence: reordering then has nothing to
    move, which is the honest outcome.
    """
    tokens = text.split()
    out: list[str] = []
    cur: list[str] = []
    depth = 0
    for tok in tokens:
        cur.append(tok)
        depth += tok.count("[") - tok.count("]")
        if depth > 0:
            continue
        depth = 0
        stripped = tok.rstrip("\"')]")
        if stripped.endswith((".", "!", "?")) and tok.lower() not in _ABBREV:
            out.append(" ".join(cur))
            cur = []
    if cur:
        out.append(" ".join(cur))
    return out


def join_sentences(sentences: Iterable[str]) -> str:
    return " ".join(s for s in sentences if s.strip())


def ensure_terminal(sentence: str) -> str:
    """End a sentence with punctuation (moved sentences must still read as sentences)."""
    s = sentence.rstrip()
    if not s or s.endswith((".", "!", "?", "]")):
        return s
    return s.rstrip(",;:") + "."


def capitalize_first(sentence: str) -> str:
    for i, ch in enumerate(sentence):
        if ch.isalpha():
            return sentence[:i] + ch.upper() + sentence[i + 1 :]
        if ch == "[":  # a placeholder opens the sentence: leave it as written
            return sentence
    return sentence


def clip_quote(quote: str, limit: int = 120) -> str:
    """A long evidence quote cut at a word boundary with "…" (still the speaker's words, in
    order: only the tail is left out). A finding about the whole answer quotes all of it,
    which in a one-line list would drown the other findings."""
    quote = " ".join(quote.split())
    if len(quote) <= limit:
        return quote
    head = quote[:limit].rsplit(" ", 1)[0] if " " in quote[:limit] else quote[:limit]
    return head.rstrip(",;:") + " …"


def strip_placeholders(text: str) -> str:
    """The text with every ``[...]`` placeholder removed (used to see what a rule
    would say if the placeholders were not there)."""
    out = re.sub(r"\s{2,}", " ", _BRACKET.sub("", text))
    return re.sub(r"\s+([.,;:!?])", r"\1", out).strip()


# -- phrase removal (fillers, hedges) ------------------------------------------------

_TRAIL = re.compile(r"[,;:.!?]+$")
_CONJ = frozenset({"and", "but", "so", "or", "then", "because", "which", "while", "when", "although", "that"})
# Opinion openers the lexicon does not count as hedges but a plain answer drops too.
_OPENERS = re.compile(r"\b(?:i\s(?:think|believe|suppose|guess)|i\s(?:would|'d)\ssay)(?:\sthat)?\b")
# A hedge match containing a negation is kept: dropping "not sure" would flip a claim.
_NEGATION = re.compile(r"\b(?:not|don't|no)\b|n't\b")


def _clause_start(words: Sequence[Word], i: int) -> bool:
    if i == 0:
        return True
    prev = words[i - 1]
    return prev.text.endswith((",", ";", ":", ".", "!", "?")) or prev.norm in _CONJ


def _word_range(words: Sequence[Word], start: int, end: int) -> tuple[int, int] | None:
    idx = [k for k, w in enumerate(words) if w.char_end > start and w.char_start < end]
    return (idx[0], idx[-1] + 1) if idx else None


def find_hedges(sentence: str) -> list[tuple[int, int]]:
    """Word ranges of hedges in ``sentence``: the lint engine's hedge lexicon
    (:data:`icraft.rubric.lexicon.HEDGE`, so what is dropped is what it counts) plus
    opinion openers at a clause start. Negations and "what kind of" stay."""
    words = Turn.from_text("candidate", sentence).words
    lower = sentence.lower()
    found: list[tuple[int, int]] = []
    for m in (*lx.HEDGE.finditer(lower), *_OPENERS.finditer(lower)):
        if _NEGATION.search(m.group()):
            continue
        rng = _word_range(words, m.start(), m.end())
        if rng is None:
            continue
        a, b = rng
        if m.re is _OPENERS and not _clause_start(words, a):
            continue
        if words[a].norm in ("kind", "sort") and a and words[a - 1].norm in lx.HEDGE_DETERMINERS:
            continue
        found.append(rng)
    found.sort()
    out: list[tuple[int, int]] = []
    for a, b in found:  # overlapping matches ("i think maybe") merge into one range
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def remove_ranges(sentence: str, ranges: Sequence[tuple[int, int, Edit]]) -> tuple[str, list[Edit]]:
    """Drop word ranges ``(start, end, edit template)`` from one sentence, moving a
    sentence-final mark to the word before and re-capitalising a new first word.
    A range covering the whole sentence is left alone (never delete all of it)."""
    tokens = sentence.split()
    if not ranges or "[" in sentence:
        return sentence, []
    kept = list(tokens)
    edits: list[Edit] = []
    drop: set[int] = set()
    for start, end, template in ranges:
        if start == 0 and end >= len(tokens):
            continue
        removed = tokens[start:end]
        edits.append(Edit(template.kind, " ".join(removed), "", template.reason, template.rule))
        drop.update(range(start, end))
        trail = _TRAIL.search(removed[-1])
        punct = trail.group() if trail else ""
        prev = max((k for k in range(start) if k not in drop), default=None)
        if any(c in punct for c in ".!?") and prev is not None:
            kept[prev] = _TRAIL.sub("", kept[prev]) + punct[-1]
    if not edits:
        return sentence, []
    out = " ".join(t for k, t in enumerate(kept) if k not in drop)
    if out[:1].islower() and sentence[:1].isupper():
        out = capitalize_first(out)
    return out, edits


def drop_fillers(sentence: str, rule: str | None = "filler_spike") -> tuple[str, list[Edit]]:
    """Drop the fillers the delivery analysis finds (the same detector that counts them)."""
    words = Turn.from_text("candidate", sentence).words
    template = Edit("drop_filler", "", "", "filler word: drop it", rule)
    return remove_ranges(sentence, [(a, b, template) for a, b in find_fillers(words)])


def drop_hedges(sentence: str, rule: str | None = "hedging") -> tuple[str, list[Edit]]:
    """Drop hedges ("I think", "maybe", "probably") that undersell what was done."""
    template = Edit("drop_hedge", "", "", "hedge: state what you did plainly", rule)
    return remove_ranges(sentence, [(a, b, template) for a, b in find_hedges(sentence)])


def drop_preamble(text: str, rule: str | None = "no_answer_first") -> tuple[str, list[Edit]]:
    """Drop throat-clearing at the very start ("That's a great question, let me think"),
    as the lint engine's preamble lexicon (:data:`icraft.rubric.lexicon.PREAMBLE`) finds
    it, phrase after phrase."""
    template = Edit("drop_preamble", "", "", "answer first: drop the throat-clearing and start with the point", rule)
    edits: list[Edit] = []
    for _ in range(4):  # a few stacked phrases at most
        m = lx.PREAMBLE.match(text.lower())
        if not m or m.end() == m.start():
            break
        rng = _word_range(Turn.from_text("candidate", text).words, m.start(), m.end())
        if rng is None:
            break
        text, new = remove_ranges(text, [(rng[0], rng[1], template)])
        if not new:
            break
        edits.extend(new)
    return text, edits


_SUBJECTS = frozenset(
    "i we they he she it there my our nobody everyone someone then that this the".split()
)


def split_run_on(sentence: str, max_words: int = 30, min_part: int = 6, rule: str | None = "rambling") -> tuple[str, list[Edit]]:
    """Split a run-on sentence at "and" + a new subject ("... had left and nobody wanted
    to touch it" -> "... had left. Nobody wanted to touch it"). Only "and" is dropped:
    "but"/"so"/"then" carry meaning and stay, re-capitalised, at the head of the new sentence."""
    tokens = sentence.split()
    if len(tokens) <= max_words or "[" in sentence:
        return sentence, []
    norms = [normalize(t) for t in tokens]
    cuts: list[int] = []
    last = 0
    for i in range(1, len(tokens) - 1):
        if norms[i] == "and" and norms[i + 1] in _SUBJECTS and i - last >= min_part and len(tokens) - i > min_part:
            if not tokens[i - 1].endswith((";", ":")):
                cuts.append(i)
                last = i + 1
    if not cuts:
        return sentence, []
    out: list[str] = []
    edits: list[Edit] = []
    prev = 0
    for i in cuts:
        part = tokens[prev:i]
        part[-1] = _TRAIL.sub("", part[-1]) + "."
        out.append(" ".join(part))
        edits.append(Edit("split_sentence", f"{tokens[i - 1]} {tokens[i]} {tokens[i + 1]}",
                          f"{part[-1]} {capitalize_first(tokens[i + 1])}",
                          "one idea per sentence: split the run-on where a new clause starts", rule))
        prev = i + 1
    out.append(" ".join(tokens[prev:]))
    return " ".join(capitalize_first(p) for p in out), edits


_CONNECTIVE = re.compile(
    r"^(?:after\s+that|afterwards|in\s+the\s+end|eventually|finally|as\s+a\s+result|then|so|and|but)\b,?\s*",
    re.IGNORECASE,
)


def strip_connective(sentence: str) -> tuple[str, str]:
    """A sentence without a leading "After that,"/"So"/"In the end," (for a sentence moved to
    the opening, where it connects to nothing); returns (sentence, dropped words)."""
    m = _CONNECTIVE.match(sentence)
    if not m or m.end() >= len(sentence):
        return sentence, ""
    return capitalize_first(sentence[m.end() :]), m.group().strip()


# -- we -> I ---------------------------------------------------------------------------

_ACTION_VERBS = frozenset(
    """
    built wrote rewrote designed decided led proposed implemented migrated refactored added created fixed
    shipped launched deployed introduced moved split batched cached profiled measured analysed analyzed
    investigated debugged traced found identified automated reduced improved optimised optimized replaced
    removed negotiated convinced presented organised organized scheduled prioritised prioritized planned
    drove owned ran tested reviewed mentored coached hired rolled set chose picked started kicked
    documented escalated pushed aligned rebuilt redesigned simplified sharded partitioned indexed
    benchmarked monitored alerted paged rolled-back reverted patched upgraded wrapped extracted
    """.split()
)
_NOT_ACTIONS = frozenset(
    "were had needed wanted used seemed called named based supposed expected required got felt thought "
    "realized realised noticed learned knew saw heard agreed".split()
)
_WE_FORMS = {"we": "I", "we've": "I've", "we'd": "I'd", "we'll": "I'll", "we're": "I'm"}
_WORD = re.compile(r"^(\W*)([\w'’]+)(.*)$")
_ADVERBS = frozenset("then also quickly finally eventually first immediately just together initially later".split())


def is_action_verb(norm: str) -> bool:
    if norm in _NOT_ACTIONS:
        return False
    return norm in _ACTION_VERBS or (norm.endswith("ed") and len(norm) > 4)


def we_to_i(sentence: str, rule: str | None = "no_ownership") -> tuple[str, list[Edit]]:
    """Turn "we <action verb>" into "I <action verb>".

    Only where "we" is directly (or after one adverb) the subject of an action verb
    ("we rewrote", "we then migrated"): those are the actions an interviewer wants to
    hear the candidate own. "We were", "we had", "we needed" describe the team's
    situation and stay. The edit says it assumes the candidate did it.
    """
    tokens = sentence.split()
    if "[" in sentence:
        return sentence, []
    edits: list[Edit] = []
    for i, tok in enumerate(tokens):
        base = normalize(tok)
        if base not in _WE_FORMS:
            continue
        j = i + 1
        if j < len(tokens) and normalize(tokens[j]) in _ADVERBS:
            j += 1
        if j >= len(tokens):
            continue
        if not is_action_verb(normalize(tokens[j])):
            continue
        m = _WORD.match(tok)
        lead, trail = (m.group(1), m.group(3)) if m else ("", "")
        before = " ".join(tokens[i : j + 1])
        tokens[i] = lead + _WE_FORMS[base] + trail
        after = " ".join(tokens[i : j + 1])
        edits.append(
            Edit(
                "we_to_i",
                before,
                after,
                "own your actions: say 'I' for what you did yourself (keep 'we' if the team did it)",
                rule,
            )
        )
    return " ".join(tokens), edits
