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

from icraft.core.transcript import Turn, normalize
from icraft.delivery import find_fillers


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


def strip_placeholders(text: str) -> str:
    """The text with every ``[...]`` placeholder removed (used to see what a rule
    would say if the placeholders were not there)."""
    return re.sub(r"\s{2,}", " ", _BRACKET.sub("", text)).strip()


# -- phrase removal (fillers, hedges) ------------------------------------------------

_TRAIL = re.compile(r"[,;:.!?]+$")
_CONJ = {"and", "but", "so", "or", "then", "because", "which", "while", "when", "although"}
_DETERMINERS = {"this", "that", "the", "a", "an", "what", "which", "any", "some", "every", "same", "one", "each"}


@dataclass(frozen=True, slots=True)
class Phrase:
    """A filler or hedge to drop: normalized tokens and where it may match."""

    words: tuple[str, ...]
    kind: str  # drop_filler / drop_hedge
    reason: str
    rule: str | None = None
    # "any": anywhere; "start": only at the start of a sentence or clause (after a comma);
    # "commas": only when set off by commas or at the start ("like," as a filler, not "I'd like")
    where: str = "any"


def _match_at(norms: Sequence[str], i: int, phrase: Phrase) -> bool:
    n = len(phrase.words)
    return tuple(norms[i : i + n]) == phrase.words


def _clause_start(tokens: Sequence[str], i: int) -> bool:
    if i == 0:
        return True
    prev = tokens[i - 1]
    return prev.endswith((",", ";", ":", ".", "!", "?")) or normalize(prev) in _CONJ or normalize(prev) == "that"


def _allowed(tokens: Sequence[str], norms: Sequence[str], i: int, phrase: Phrase) -> bool:
    end = i + len(phrase.words)
    if phrase.where == "start" and not _clause_start(tokens, i):
        return False
    if phrase.where == "commas":
        last = tokens[end - 1]
        if not (last.endswith(",") and _clause_start(tokens, i)):
            return False
    if phrase.words in (("kind", "of"), ("sort", "of")):
        # "this kind of problem" is content; "it was kind of slow" is a hedge.
        if i > 0 and norms[i - 1] in _DETERMINERS:
            return False
    if end >= len(tokens) and phrase.where != "any":
        return False
    # Never drop a phrase that is the whole sentence.
    return not (i == 0 and end == len(tokens))


def find_phrases(sentence: str, phrases: Sequence[Phrase]) -> list[tuple[int, int, Phrase]]:
    """Word ranges ``(start, end, phrase)`` of ``phrases`` in ``sentence``, left to right."""
    tokens = sentence.split()
    norms = [normalize(t) for t in tokens]
    found: list[tuple[int, int, Phrase]] = []
    ordered = sorted(phrases, key=lambda p: -len(p.words))
    i = 0
    while i < len(tokens):
        hit = next((p for p in ordered if _match_at(norms, i, p) and _allowed(tokens, norms, i, p)), None)
        if hit is None:
            i += 1
            continue
        end = i + len(hit.words)
        # "I think that the cache..." -> drop the complementizer with the hedge.
        if hit.words[0] == "i" and end < len(tokens) - 1 and norms[end] == "that":
            end += 1
        found.append((i, end, hit))
        i = end
    return found


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


def drop_hedges(sentence: str, rule: str | None = None) -> tuple[str, list[Edit]]:
    """Drop hedges ("I think", "maybe", "probably") that undersell what was done."""
    ranges = [
        (a, b, Edit(p.kind, "", "", p.reason, rule or p.rule)) for a, b, p in find_phrases(sentence, HEDGES)
    ]
    return remove_ranges(sentence, ranges)


def _phrases(items: Iterable[tuple[str, str]], kind: str, reason: str, rule: str | None) -> tuple[Phrase, ...]:
    return tuple(Phrase(tuple(w.split()), kind, reason, rule, where) for w, where in items)


# Hedges that undersell what the candidate did. Negations ("not sure") are never
# dropped: removing them would flip a claim, which is inventing.
HEDGES: tuple[Phrase, ...] = _phrases(
    [
        ("i think", "start"), ("i guess", "start"), ("i believe", "start"), ("i feel like", "start"),
        ("i suppose", "start"), ("maybe", "any"), ("probably", "any"), ("perhaps", "any"),
        ("kind of", "any"), ("sort of", "any"), ("somewhat", "any"), ("a little bit", "any"),
        ("hopefully", "any"), ("more or less", "any"), ("i would say", "start"), ("i'd say", "start"),
    ],
    "drop_hedge",
    "hedge: state what you did plainly",
    None,
)


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
