"""Sentence and token surgery on an answer's own words.

Everything here *removes* or *moves* the candidate's words; nothing adds a fact, and
nothing changes who did what ("we" stays "we": the candidate's own part is asked for
with a placeholder). The only new words are the bracketed placeholders of
:mod:`icraft.rewrite.placeholders` and the capital letter of a new sentence start.
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

    kind: str  # drop_filler, drop_hedge, drop_concession, reorder, answer_first, placeholder, ...
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
    out = re.sub(r"\s+([.,;:!?])", r"\1", out)
    return re.sub(r",([.,;:!?])", r"\1", out).strip()  # "fine, [metric]." -> "fine."


# -- phrase removal (fillers, hedges) ------------------------------------------------

_TRAIL = re.compile(r"[,;:.!?]+$")
_CONJ = frozenset({"and", "but", "so", "or", "then", "because", "which", "while", "when", "although", "that"})
# Opinion openers the lexicon does not count as hedges but a plain answer drops too.
_OPENERS = re.compile(r"\b(?:i\s(?:think|believe|suppose|guess)|i\s(?:would|'d)\ssay)(?:\sthat)?\b")
# A hedge match containing a negation is kept: dropping "not sure" would flip a claim.
_NEGATION = re.compile(r"\b(?:not|don't|no)\b|n't\b")


# Prepositions: their object is still to come ("disagreed about, um, some stuff").
_PREPOSITIONS = frozenset(
    "about above across after against along among around as at before behind below between by during for from "
    "in into like of off on onto over per since than through to toward towards under until upon with within "
    "without".split()
)
# Words a phrase cannot end on, so a comma after them only set off the filler that
# followed ("because, like, nobody" -> "because nobody"; "it, uh, started" -> "it started").
_NO_COMMA_AFTER = (_PREPOSITIONS - {"like"}) | frozenset(
    "and but or so because then the a an this these those was were is are be been had have "
    "it we i they he she you all just".split()
)


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
    """Drop word ranges ``(start, end, edit template)`` from one sentence, with the
    punctuation they leave behind: a sentence-final mark moves to the word before; a
    range set off by commas ("this, like, service") takes one comma with it ("this
    service"); a new first word is re-capitalised. A range covering the whole sentence
    is left alone (never delete all of it)."""
    tokens = sentence.split()
    if not ranges or "[" in sentence:
        return sentence, []
    kept = list(tokens)
    edits: list[Edit] = []
    drop: set[int] = set()
    for start, end, template in sorted(ranges, key=lambda r: r[0]):
        if start == 0 and end >= len(tokens):
            continue
        removed = tokens[start:end]
        edits.append(Edit(template.kind, " ".join(removed), "", template.reason, template.rule))
        drop.update(range(start, end))
        trail = _TRAIL.search(removed[-1])
        punct = trail.group() if trail else ""
        prev = max((k for k in range(start) if k not in drop), default=None)
        if prev is None:
            continue
        if any(c in punct for c in ".!?"):
            kept[prev] = _TRAIL.sub("", kept[prev]) + punct[-1]
        elif "," in punct and kept[prev].endswith(","):
            # "this, like, service" -> "this service": the comma only set off the filler.
            # "After that, uh, ..." and "better, maybe, I don't know" keep theirs.
            if normalize(kept[prev]) in _NO_COMMA_AFTER:
                kept[prev] = kept[prev][:-1]
        elif kept[prev].endswith(",") and end < len(tokens) and normalize(tokens[end]) in _CONJ:
            kept[prev] = kept[prev][:-1]  # "fine, you know and" -> "fine and"
    if not edits:
        return sentence, []
    out = " ".join(t for k, t in enumerate(kept) if k not in drop)
    if out[:1].islower() and sentence[:1].isupper():
        out = capitalize_first(out)
    return out, edits


def drop_fillers(sentence: str, rule: str | None = None) -> tuple[str, list[Edit]]:
    """Drop the fillers the delivery analysis finds (the same detector that counts them),
    and every "like" set off by commas ("decided to, like, rewrite"), which is never the
    verb, so that no instance is left behind."""
    words = Turn.from_text("candidate", sentence).words
    template = Edit("drop_filler", "", "", "filler word: drop it", rule)
    found = set(find_fillers(words))
    covered = {k for a, b in found for k in range(a, b)}
    for k in range(1, len(words)):
        if k not in covered and words[k].norm == "like" and words[k].text.endswith(",") \
                and words[k - 1].text.endswith(","):
            found.add((k, k + 1))
    return remove_ranges(sentence, [(a, b, template) for a, b in sorted(found)])


def drop_hedges(sentence: str, rule: str | None = None) -> tuple[str, list[Edit]]:
    """Drop hedges ("I think", "maybe", "probably") that undersell what was done."""
    template = Edit("drop_hedge", "", "", "hedge: state what you did plainly", rule)
    return remove_ranges(sentence, [(a, b, template) for a, b in find_hedges(sentence)])


def drop_preamble(text: str, rule: str | None = None) -> tuple[str, list[Edit]]:
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


def split_run_on(sentence: str, max_words: int = 30, min_part: int = 6, rule: str | None = None) -> tuple[str, list[Edit]]:
    """Split a run-on sentence at "and" + a new subject ("... had left and nobody wanted
    to touch it" -> "... had left. Nobody wanted to touch it"). Only "and" is dropped:
    "but"/"so"/"then" carry meaning and stay, re-capitalised, at the head of the new sentence."""
    tokens = sentence.split()
    if len(tokens) <= max_words:
        return sentence, []
    norms = [normalize(t) for t in tokens]
    inside = _in_brackets(tokens)  # a placeholder's own words are never a cut point
    cuts: list[int] = []
    last = 0
    for i in range(1, len(tokens) - 1):
        if inside[i] or inside[i + 1]:
            continue
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


# Words that open a new clause's subject after "and" ("...and things got better"); a cut is
# made only where both parts are told as different STAR parts, so a noun here is safe.
_NEW_SUBJECTS = _SUBJECTS | frozenset(
    "things everything errors users customers latency traffic costs people he she his her their its".split()
)


def and_cuts(sentence: str, min_part: int = 3) -> list[int]:
    """Token indices of "and" + a new subject ("we added a cache and things got better")
    where ``sentence`` could be cut in two, each part at least ``min_part`` tokens; never
    inside a placeholder nor after ";"/":"."""
    tokens = sentence.split()
    norms = [normalize(t) for t in tokens]
    inside = _in_brackets(tokens)
    return [i for i in range(min_part, len(tokens) - min_part)
            if norms[i] == "and" and norms[i + 1] in _NEW_SUBJECTS and not (inside[i] or inside[i + 1])
            and not tokens[i - 1].endswith((";", ":"))]


def cut_at(sentence: str, i: int) -> tuple[str, str]:
    """``sentence`` cut at the "and" at token ``i``: two sentences, the "and" dropped
    ("We added a cache and things got better." -> "We added a cache.", "Things got better.")."""
    tokens = sentence.split()
    head = tokens[:i]
    head[-1] = _TRAIL.sub("", head[-1]) + "."
    return " ".join(head), capitalize_first(" ".join(tokens[i + 1:]))


def _in_brackets(tokens: Sequence[str]) -> list[bool]:
    out: list[bool] = []
    depth = 0
    for tok in tokens:
        opened = tok.count("[")
        out.append(depth > 0 or opened > 0)
        depth = max(0, depth + opened - tok.count("]"))
    return out


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


# -- team actions ------------------------------------------------------------------------

# The lint engine's own "we <action>" cue (what no_ownership counts as a team action).
_WE_ACTION = lx.fast_compile(lx.WE_ACTION)
# Verbs that say a choice was made: the best place to ask what the candidate's part was.
_DECISIONS = frozenset("decided chose picked proposed planned agreed".split())


def team_action_end(sentence: str) -> int | None:
    """Token index ending the clause of the sentence's most telling "we <action>" (a
    decision if there is one, else the first), or None when "we" never acts.

    Used to ask for the candidate's own part right there ("we decided to rewrite it
    [your part: what did you do yourself?]"): turning "we" into "I" would claim the
    candidate did what the text only says the team did."""
    if "[" in sentence:
        return None
    hits = list(_WE_ACTION.finditer(sentence.lower()))
    if not hits:
        return None
    best = next((m for m in hits if m.group().split()[-1] in _DECISIONS), hits[0])
    tokens = sentence.split()
    pos = 0
    verb = len(tokens) - 1
    for k, tok in enumerate(tokens):  # the token holding the end of the match
        pos = sentence.index(tok, pos) + len(tok)
        if pos >= best.end():
            verb = k
            break
    for k in range(verb, len(tokens)):
        if normalize(tokens[k]) in _NO_CLAUSE_END:
            continue  # "disagreed about, some stuff": a clause never ends on "about"
        if tokens[k].endswith((",", ";", ":", ".", "!", "?")):
            return k
        if k + 1 < len(tokens) and normalize(tokens[k + 1]) in ("and", "but", "so", "then"):
            return k
    return len(tokens) - 1


# Words a clause cannot end on (its object is still to come): a comma after one of them
# is left over from a dropped filler ("disagreed about, um, some stuff"), not a boundary.
_NO_CLAUSE_END = _PREPOSITIONS | frozenset(
    "a an the this that these those my our your their his her its some any "
    "and or but nor so because if whether which who whom whose".split()
)


def append_clause(sentence: str, text: str) -> str:
    """``sentence`` with ``text`` as its last clause, set off by a comma before the closing
    punctuation ("it went fine, [metric: by how much?]."): a placeholder goes at a clause
    boundary, never between a verb and what it governs."""
    s = sentence.rstrip()
    end = s[-1] if s[-1:] in (".", "!", "?") else "."
    body = (s[:-1] if s[-1:] in (".", "!", "?") else s).rstrip(",;: ")
    return f"{body}, {text}{end}"


# -- negotiation -------------------------------------------------------------------------

_CLAUSE_END = (",", ";", ":", ".", "!", "?")


def drop_concessions(text: str, rule: str | None = None) -> tuple[str, list[Edit]]:
    """Drop the clauses that give ground or apologise before any counter ("I'm flexible",
    "Sorry, I know it's a lot to ask", "I can accept", "either way, I'll probably accept"), as
    the lint engine's own concession and apology cues find them. A sentence left with under three words goes
    whole; the candidate's other words (their question, their thanks) stay. Nothing is
    added: the counter itself is a placeholder for the candidate to fill."""
    reason = "negotiation: do not give ground or apologise before you counter"
    sents = split_sentences(text)
    out: list[str] = []
    edits: list[Edit] = []
    for sent in sents:
        tokens = sent.split()
        clauses: list[tuple[int, int]] = []
        start = 0
        for k, tok in enumerate(tokens):
            if tok.endswith(_CLAUSE_END) or k == len(tokens) - 1:
                clauses.append((start, k + 1))
                start = k + 1
        # Giving in anyway can span clauses ("Either way, I think I'll probably accept"; "If it's not
        # possible, I understand, I'll figure it out"): every clause it touches goes.
        said = " ".join(tokens).lower()
        pre = [(m.start(), m.end()) for m in lx.PRECONCESSION.finditer(said)]
        starts = [len(" ".join(tokens[:k])) + (1 if k else 0) for k in range(len(tokens) + 1)]
        bad = [(a, b) for a, b in clauses
               if any(rx.search(" ".join(tokens[a:b]).lower()) for rx in (lx.APOLOGY, lx.CONCESSION, lx.HARD_CONCESSION))
               or any(ps < starts[b] and starts[a] < pe for ps, pe in pre)]
        if not bad or "[" in sent:
            out.append(sent)
            continue
        left = len(tokens) - sum(b - a for a, b in bad)
        if left < 3:
            edits.append(Edit("drop_concession", sent, "", reason, rule))
            continue
        template = Edit("drop_concession", "", "", reason, rule)
        new, e = remove_ranges(sent, [(a, b, template) for a, b in bad])
        if bad[0][0] == 0:  # the opening clause went: "but ..." has nothing to connect to
            new, dropped = strip_connective(new)
            if dropped:
                e.append(Edit("drop_connective", dropped, "", "nothing to connect to", rule))
        out.append(new)
        edits.extend(e)
    if not out:  # everything was a concession: leave the answer for the placeholders
        return text, []
    return join_sentences(out), edits
