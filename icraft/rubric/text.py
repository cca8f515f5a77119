"""Text utilities over a turn's words: sentences, clauses and STAR classification.

Everything works on word indices (so spans map straight to ``span_for_words``) and
runs in one pass over the words, plus one regex pass per cue pattern over the whole
answer (see :mod:`icraft.rubric.lexicon`). No per-sentence regex compilation.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import compress
from operator import attrgetter, itemgetter
from typing import Iterable, Mapping, NamedTuple, Sequence

from icraft.core.transcript import Word
from icraft.rubric import lexicon as lx

_ABBREVIATIONS = frozenset({"e.g", "i.e", "vs", "etc", "mr", "mrs", "dr", "approx", "no", "fig", "st"})
_SENTENCE_END = (".", "?", "!", ".\"", "?\"", "!\"", ".)", "?)", "!)", "...", "…")
# Unpunctuated speech (raw recogniser output) is chunked before these once a chunk is long.
_SPOKEN_BREAKS = frozenset({"and", "so", "but", "then", "because", "after", "anyway", "okay"})
_SPOKEN_CHUNK = 30
_CLAUSE_STARTERS = frozenset(
    {"and", "but", "so", "then", "which", "after", "because", "while", "although", "until", "once", "when"}
)
_SUBJECTS = frozenset({"i", "we", "they", "he", "she", "it", "the", "that", "this", "our", "my", "there"})

STAR_LABELS = ("situation", "task", "action", "result")


class Segment(NamedTuple):
    """A sentence or clause: words [word_start, word_end), chars [char_start, char_end).
    A named tuple: an answer has hundreds, and a tuple is built several times faster
    than a frozen dataclass."""

    index: int
    word_start: int
    word_end: int
    char_start: int
    char_end: int

    @property
    def n_words(self) -> int:
        return self.word_end - self.word_start


_END_CHARS = frozenset(".?!\"')…")
_TEXT = attrgetter("text")
_LAST = itemgetter(-1)


def _ends_sentence(raw: str) -> bool:
    if raw[-1] not in _END_CHARS or not raw.endswith(_SENTENCE_END):
        return False
    core = raw.lower().rstrip(".?!\"')…")
    return core not in _ABBREVIATIONS


def split_sentences(words: Sequence[Word]) -> tuple[Segment, ...]:
    """Sentences by terminal punctuation; unpunctuated speech is chunked at conjunctions.

    Only words whose last character can end a sentence are examined (one C-level pass
    picks them), so the per-word Python work is a set lookup."""
    n = len(words)
    if not n:
        return ()
    # C-level passes (map/compress) pick the few words that can end a sentence.
    texts = list(map(_TEXT, words))
    maybe = compress(range(n), map(_END_CHARS.__contains__, map(_LAST, texts)))
    ends = [i for i in maybe if _ends_sentence(texts[i])]
    out: list[Segment] = []
    start = 0
    if ends:
        for i in ends:
            out.append(Segment(len(out), start, i + 1, words[start].char_start, words[i].char_end))
            start = i + 1
    else:  # unpunctuated speech: a chunk of at least _SPOKEN_CHUNK words ends before a break word
        for i in range(_SPOKEN_CHUNK - 1, n - 1):
            if i + 1 - start >= _SPOKEN_CHUNK and words[i + 1].norm in _SPOKEN_BREAKS:
                out.append(Segment(len(out), start, i + 1, words[start].char_start, words[i].char_end))
                start = i + 1
    if start < n:
        out.append(Segment(len(out), start, n, words[start].char_start, words[n - 1].char_end))
    return tuple(out)


_JOINS = frozenset({"and", "but", "so"})
_BREAK_AFTER = frozenset(",;:")


def split_clauses(
    words: Sequence[Word], sentences: Sequence[Segment], norms: Sequence[str]
) -> tuple[Segment, ...]:
    """Clauses inside sentences: after ';'/':' or a comma before a conjunction, or at
    "and I"/"but we" style joins, so "I rewrote it and latency fell" yields two clauses.

    Only positions that can break (after ',;:' or at and/but/so) are examined."""
    n = len(words)
    lasts = list(map(_LAST, map(_TEXT, words)))
    after_punct = compress(range(1, n), map(_BREAK_AFTER.__contains__, lasts[: n - 1]))
    at_join = compress(range(n), map(_JOINS.__contains__, norms))
    cand = sorted({*after_punct, *(i for i in at_join if i > 0)})
    out: list[Segment] = []
    k = 0
    for s in sentences:
        start = s.word_start
        while k < len(cand) and cand[k] <= s.word_start:
            k += 1
        while k < len(cand) and cand[k] < s.word_end:
            i = cand[k]
            k += 1
            last = words[i - 1].text[-1]
            tok = norms[i]
            brk = last in ";:" or (last == "," and (tok in _CLAUSE_STARTERS or tok in _SUBJECTS))
            if not brk and tok in _JOINS and i - start >= 4:
                nxt = norms[i + 1] if i + 1 < s.word_end else ""
                brk = nxt in _SUBJECTS
            if brk and i - start >= 2:
                out.append(Segment(len(out), start, i, words[start].char_start, words[i - 1].char_end))
                start = i
        out.append(Segment(len(out), start, s.word_end, words[start].char_start, words[s.word_end - 1].char_end))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class StarProfile:
    """STAR labels per clause and where each part of the story is.

    ``labels`` is each clause's main part (what rewrite orders by); ``also`` a second
    part the same clause carries: "I batched the lookups and cut errors from 4% to
    0.1%" is an action *and* a result, and neither may hide the other."""

    clauses: tuple[Segment, ...]
    labels: tuple[str | None, ...]  # one of STAR_LABELS or None, per clause
    reflection: tuple[int, ...]  # clause indices with reflection/learning language
    also: tuple[str | None, ...] = ()  # a second part ("action" or "result") per clause, or None
    # label -> :meth:`indices` (classify_star fills it: the rules ask for the same few
    # labels several times an answer); a label missing here is computed.
    by_label: Mapping[str, tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)

    def indices(self, label: str) -> list[int]:
        kept = self.by_label.get(label)
        if kept is not None:
            return list(kept)
        also = self.also or (None,) * len(self.labels)
        return [i for i, (lab, extra) in enumerate(zip(self.labels, also)) if lab == label or extra == label]

    def has(self, label: str) -> bool:
        return label in self.labels or label in self.also

    def words_in(self, label: str) -> int:
        return sum(self.clauses[i].n_words for i in self.indices(label))


def _bucket(starts: Sequence[int], positions: Sequence[int]) -> list[int]:
    """Count, per segment (given its sorted char starts), the positions that fall inside it."""
    counts = [0] * len(starts)
    for p in positions:
        k = bisect_right(starts, p) - 1
        if k >= 0:
            counts[k] += 1
    return counts


def classify_star(
    clauses: Sequence[Segment],
    hits: dict[str, list[int]],
) -> StarProfile:
    """Label each clause situation/task/action/result from cue-hit positions.

    ``hits`` maps cue names (situation, task, i_action, we_action, result, metric,
    reflection, and optionally result_lead: result cues that announce an outcome, "as a
    result", "in the end") to match start offsets in the answer text (see
    AnswerContext.star). A clause takes the label with the most cues; ties go to the
    label expected at that point of the story (early clauses lean situation/task, late
    ones result), because that is how a listener resolves them too. Then:

    - a clause with both action and outcome cues carries both (``also``): a number or
      "cut errors" in the same sentence must not erase what the candidate did, nor an
      action erase the result;
    - outcome words before the first action are setup ("nobody knew how it worked", "the
      service kept failing"): such a clause reads as situation unless it is told as a
      result (an outcome lead, or a figure: answer-first stories open with the result).
    """
    starts = [c.char_start for c in clauses]
    s = _bucket(starts, hits["situation"])
    t = _bucket(starts, hits["task"])
    a = [x + y for x, y in zip(_bucket(starts, hits["i_action"]), _bucket(starts, hits["we_action"]))]
    rw = _bucket(starts, hits["result"])
    m = _bucket(starts, hits["metric"])
    lead = _bucket(starts, hits.get("result_lead", ()))
    refl = _bucket(starts, hits["reflection"])
    n = len(clauses)
    labels: list[str | None] = []
    also: list[str | None] = []
    for i in range(n):
        si, ti, ai, r = s[i], t[i], a[i], rw[i] + m[i]
        best = max(si, ti, ai, r)
        if best == 0:
            labels.append(None)
            also.append(None)
            continue
        # The first label with the most cues, in the order expected at that point of the story.
        if n > 1 and i / (n - 1) >= 0.5:  # late: result, action, task, situation
            lab = "result" if r == best else "action" if ai == best else "task" if ti == best else "situation"
        else:  # early: task, situation, action, result
            lab = "task" if ti == best else "situation" if si == best else "action" if ai == best else "result"
        labels.append(lab)
        # Action and outcome in one clause: keep both. A bare figure next to an action is
        # scale ("I migrated 40 services"), not an outcome, unless it already won the label.
        if lab == "result" and a[i]:
            also.append("action")
        elif lab == "action" and rw[i]:
            also.append("result")
        else:
            also.append(None)
    first_action = next((i for i in range(n) if labels[i] == "action" or also[i] == "action"), n)
    if first_action < n:
        for i in range(first_action):
            if labels[i] == "result" and not m[i] and not lead[i]:
                labels[i] = "situation"
    by_label: dict[str, list[int]] = {lab: [] for lab in STAR_LABELS}
    for i, (lab, extra) in enumerate(zip(labels, also)):
        if lab is not None:
            by_label[lab].append(i)
        if extra is not None and extra != lab:
            by_label[extra].append(i)
    return StarProfile(tuple(clauses), tuple(labels), tuple(i for i in range(n) if refl[i]), tuple(also),
                       {lab: tuple(idx) for lab, idx in by_label.items()})


# Cue patterns the STAR classifier counts per clause. They run as ONE regex with a
# named group per cue (one pass over the answer instead of six); where two cues could
# match at the same place the earlier group wins, in this order. Metric positions come
# from lexicon.METRIC, which other rules need anyway.
_STAR_ORDER = ("task", "reflection", "result", "i_action", "we_action", "situation")
_STAR_SOURCES = {
    "situation": lx.SITUATION,
    "task": lx.TASK,
    "i_action": lx.I_ACTION,
    "we_action": lx.WE_ACTION,
    "result": lx.RESULT,
    "reflection": lx.REFLECTION,
}


def _unbounded(source: str) -> str:
    src = lx.factor(source).strip()
    return src[2:] if src.startswith("\\b") else src


_PLAIN_WORD = re.compile(r"[a-z][a-z']*")
_QUANTIFIERS = ("?", "*", "+", "{")


def _lettered(source: str) -> list[str] | None:
    """The cue's top-level alternatives, each starting with the plain letter it must
    start with, in their order; None when one cannot be put that way. A leading ``\\b``
    is dropped (STAR_CUES has one in front of everything) and a leading group of plain
    words is distributed, keeping the try order: ``(?:was|were)\\sX`` -> ``was\\sX|were\\sX``."""
    src = _unbounded(source)
    alts, end = lx.split_top(src[3:]) if src.startswith("(?:") else ([], -1)
    if end != len(src) - 4:  # not one group around the whole source
        alts, end = lx.split_top(src)
        if end != len(src):
            return None
    out: list[str] = []
    for alt in alts:
        alt = alt.removeprefix("\\b")
        if alt.startswith("(?:"):
            words, end = lx.split_top(alt[3:])
            rest = alt[3 + end + 1 :]
            if not all(_PLAIN_WORD.fullmatch(w) for w in words) or rest.startswith(_QUANTIFIERS):
                return None
            out += [w + rest for w in words]
        elif alt[:1].isalpha() and not alt[1:].startswith(_QUANTIFIERS):
            out.append(alt)
        else:
            return None
    return out


def _star_cues() -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex for all STAR cues, and the cue name of each of its named groups.

    The alternatives are grouped by first letter, each letter's group holding the cues
    that can start with it (in :data:`_STAR_ORDER`): at a word start the engine tries
    the one letter branch instead of every cue in turn (~20% faster over an answer).
    Matches are identical: alternatives that start with different letters can never
    match at the same place, and inside a letter cues and their alternatives keep their
    order. Falls back to one group per cue if a cue cannot be split by letter."""
    lettered = {k: _lettered(_STAR_SOURCES[k]) for k in _STAR_ORDER}
    if any(alts is None for alts in lettered.values()):
        source = "|".join(f"(?P<{k}>{_unbounded(_STAR_SOURCES[k])})" for k in _STAR_ORDER)
        return lx.fast_compile(f"\\b(?:{source})"), {k: k for k in _STAR_ORDER}
    by_letter: dict[str, dict[str, list[str]]] = {}
    for k in _STAR_ORDER:
        for alt in lettered[k] or ():
            by_letter.setdefault(alt[0], {}).setdefault(k, []).append(alt[1:])
    names: dict[str, str] = {}
    branches = []
    for letter, cues in sorted(by_letter.items()):
        groups = []
        for k, alts in cues.items():
            name = f"{k}_{len(names)}"
            names[name] = k
            groups.append(f"(?P<{name}>{'|'.join(alts)})")
        branches.append(f"{letter}(?:{'|'.join(groups)})")
    # The lookahead fast_compile would add (on the possible first letters), without
    # parsing this long pattern a second time to find them: import stays fast.
    letters = "".join(sorted(by_letter))
    return re.compile(f"(?=[{letters}])\\b(?:{'|'.join(branches)})", re.VERBOSE), names


STAR_CUES, _STAR_GROUP_CUE = _star_cues()


def star_hits(matches: Iterable[re.Match[str]]) -> dict[str, list[re.Match[str]]]:
    """Cue name -> matches of :data:`STAR_CUES`, in text order."""
    hits: dict[str, list[re.Match[str]]] = {k: [] for k in _STAR_ORDER}
    for m in matches:
        hits[_STAR_GROUP_CUE[m.lastgroup or ""]].append(m)
    return hits
