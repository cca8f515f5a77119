"""How concrete an answer is, read from its own words (docs/SCORING.md section 12).

A vague answer can be on topic, fluent and long enough, and still say nothing an
interviewer can picture: "we had a project and we decided to do something... it was
fine... things worked out". This module counts, per answer:

- **anchors**: clauses holding at least one concrete thing: a figure ("two sprints",
  "30%"), a name (a mid-sentence capitalised word, an acronym, a code-like token:
  "Finly", "CTO", "Node.js", "p95", "/links"), a moment ("last year") or a first-person
  action, done or planned, on a specific object ("I moved the launch", "we rewrote the
  query planner hints", "I would add a unit test"; not "I fixed it", "I designed the
  system", "we did something");
- **placeholders**: the generic words that stand where a concrete one belongs
  ("something", "stuff", "things", "a project", "some issues", "the situation", "it
  was fine", "things worked out", "it depends");
- **generic claims**: claims that stand where a concrete example belongs, as a placeholder
  stands for a name: praise of the company ("a great culture"), a habit or value told about
  yourself ("I always go the extra mile", "I believe in transparency", "I'm a natural
  leader"), and the rubric's own keywords acted on ("I took ownership, I aligned the
  stakeholders and I drove the result"; an action on "the stakeholders" or "the result"
  names nothing, so it anchors nothing either).

The word lists are :mod:`icraft.rubric.lexicon` data (``PLACEHOLDER``, ``GENERIC_CLAIM_PARTS``,
``TRAIT_CLAIM``, ``GENERIC_OBJECT``); the thresholds are the rubric's (``no_specifics``
params). All counts only grow with the words of the answer, so adding a specific sentence
(an anchor and no generic claim) never makes an answer read vaguer: it lowers both the
deficit (placeholders - anchored clauses) and the vague share ((placeholders + generic
claims) / (those + anchored clauses)), and an event it tells ends the share's judgement
(tests/test_score_properties.py).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import compress
from operator import attrgetter
from typing import TYPE_CHECKING

from icraft.rubric import lexicon as lx

if TYPE_CHECKING:
    from icraft.rubric.context import AnswerContext

# Capitalised words that name nothing: the pronoun, discourse words an ASR capitalises.
_NOT_NAMES = frozenset({"i", "i'm", "i've", "i'd", "i'll", "ok", "okay", "oh", "um", "uh", "so", "and", "but", "yeah"})
# Tokens shaped like a name or code: an inner capital (DynamoDB, GitHub), two capitals
# (CTO, API), a digit (p95, base62, 2023), or an inner dot/slash/underscore/bracket
# (Node.js, /links, user_id, O(n)).
_CODE_LIKE = re.compile(r"[A-Za-z]*[A-Z][a-z0-9]*[A-Z]|\d|\w[./_(]\w|^/\w")
# A word that may be name-like: it holds a capital, a digit, an inner dot, slash, underscore
# or bracket, or opens with a slash. Matched at the word's start only (the lookbehind), once
# per word: a match starting inside a word, then trying every longer prefix of it, made the
# unanchored form quadratic in a word's length and 3-4x slower over an answer (the same
# starts: only ``m.start()`` is read).
# The pronoun alone ("I", "I'm", "I've", "I'd", "I'll": never a name) is not a candidate:
# a story says it in most sentences.
_CANDIDATE = re.compile(r"(?<!\S)(?!I(?:'(?:m|ve|d|ll))?(?!\S))(?:\S*?(?:[A-Z]|\d|\w[./_(]\w)|/\w)")


class _Candidates(dict[str, bool]):
    """A word's text -> whether it may be name-like (:data:`_CANDIDATE` matches at its
    start: a match never leaves its word), filled on first sight of a word: where the
    scan of an answer's text found its candidates, ~25 us an answer."""

    def __missing__(self, word: str) -> bool:
        if len(self) > 50_000:
            self.clear()
        found = self[word] = _CANDIDATE.match(word) is not None
        return found


_CANDIDATES = _Candidates()
_TEXT = attrgetter("text")


@dataclass(frozen=True, slots=True)
class Specificity:
    """An answer's concreteness: which clauses hold an anchor, and the placeholder
    phrases found (each a regex match on the lower-cased text)."""

    anchored: tuple[bool, ...]
    placeholders: tuple[re.Match[str], ...]
    generic: tuple[re.Match[str], ...] = ()

    @property
    def anchors(self) -> int:
        return sum(self.anchored)

    @property
    def vague(self) -> int:
        return len(self.placeholders) + len(self.generic)

    @property
    def deficit(self) -> int:
        """Placeholders not outweighed by anchored clauses (negative: concrete)."""
        return len(self.placeholders) - self.anchors

    @property
    def vague_share(self) -> float:
        """The share of the answer's vague phrases among its vague phrases and anchored
        clauses: 1.0 when nothing concrete stands beside its generic claims."""
        total = self.vague + self.anchors
        return self.vague / total if total else 0.0


def generic_claims(ctx: "AnswerContext") -> list[re.Match[str]]:
    """Generic claims (lexicon.GENERIC_CLAIM_PARTS) not inside a placeholder or an earlier claim,
    in text order. In a story, a claim about yourself ("I'm a natural leader", TRAIT_CLAIM)
    stands where the story belongs and is one too; in an answer to a general question it is
    often what was asked ("What is your greatest strength?"), and no_example judges whether
    an example backs it."""
    words = frozenset(ctx.norms)
    found: list[re.Match[str]] = []
    for keys, part in lx.GENERIC_CLAIM_PARTS:
        if all(not words.isdisjoint(k) for k in keys):
            found += ctx.hits(part)
    if ctx.question_type == "behavioral" and not words.isdisjoint(lx.TRAIT_KEYS):
        found += ctx.hits(lx.TRAIT_CLAIM)
    if not found:
        return []
    found.sort(key=lambda m: m.start())
    taken = [(m.start(), m.end()) for m in ctx.hits(lx.PLACEHOLDER)]
    out: list[re.Match[str]] = []
    for m in found:
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        out.append(m)
        taken.append((m.start(), m.end()))
    return out


def _name_like(raw: str, first_in_sentence: bool) -> bool:
    token = raw.strip("\"'“”‘’,;:!?()[]{}")
    if token.endswith("."):
        token = token[:-1]
    if len(token) < 2 or token.lower() in _NOT_NAMES:
        return False
    if _CODE_LIKE.search(token) and any(c.isalnum() for c in token):
        return True
    return not first_in_sentence and token[0].isupper()


def tells_an_event(ctx: "AnswerContext") -> bool:
    """Whether the answer tells one particular occasion: a moment or a scene ("last year",
    "at my last job", "one time", "there was", "we had a"; lexicon.TIME_ANCHOR, EXAMPLE,
    EVENT_SCENE) or a past first-person action on something specific ("I rewrote the retry
    logic"; not "I lead", a habit, nor "I drove the result" or "I fixed it", which name
    nothing). Generic claims beside such an event are its framing; without one they are
    the whole answer."""
    if ctx.has(lx.TIME_ANCHOR) or ctx.has(lx.EXAMPLE) or ctx.has(lx.EVENT_SCENE):
        return True
    for m in (*ctx.star_matches["i_action"], *ctx.star_matches["we_action"]):
        if m.group().rsplit(None, 1)[-1] not in lx.PRESENT_ACTION_VERBS and specific_object(ctx, m):
            return True
    return False


def specific_object(ctx: "AnswerContext", m: re.Match[str]) -> bool:
    """Whether the first-person action ``m`` ("I rewrote", "we moved") acts on a specific
    object: the first content word after the verb is not a pronoun or a generic noun
    ("I fixed it", "I designed the system", "we did something"). Kept per answer by the
    word after the verb: tells_an_event, measure and no_example ask about the same actions."""
    first = ctx.word_at(m.end() - 1) + 1
    known = ctx.objects
    found = known.get(first)
    if found is None:
        found = known[first] = _specific_from(ctx, first)
    return found


def _specific_from(ctx: "AnswerContext", first: int) -> bool:
    fillers = ctx.filler_words
    norms = ctx.norms
    for i in range(first, ctx.n_words):
        norm = norms[i]
        if i in fillers or not norm or norm in lx.OBJECT_SKIP:
            continue  # "we disagreed about, like, some stuff": the filler is not the object
        return norm not in lx.GENERIC_OBJECT
    return False


def measure(ctx: "AnswerContext") -> Specificity:
    """Anchored clauses and placeholders of one answer (linear in its length). Clauses,
    not sentences: a run-on sentence ("...and I traced the errors, and I wrote the fix
    and...") or a transcript with no punctuation holds many concrete things, each counted."""
    clauses = ctx.clauses
    starts = [c.char_start for c in clauses]
    n = len(clauses)
    anchored = [False] * n

    def at(char: int) -> int:
        return max(0, bisect_right(starts, char) - 1)

    # A figure of nothing named ("metrics improved by 30 percent") anchors nothing; read only
    # when the answer has generic claims, which such a phrase is one of.
    hollow = [(m.start(), m.end()) for m in ctx.hits(lx.HOLLOW_FIGURE)] if ctx.generic_claims else []

    def named(pos: int) -> bool:
        return not any(a <= pos < b for a, b in hollow)

    for m in ctx.hits(lx.NUMBER):
        if not hollow or named(m.start()):
            anchored[at(m.start())] = True
    for m in ctx.hits(lx.TIME_ANCHOR):
        anchored[at(m.start())] = True
    for m in (*ctx.star_matches["i_action"], *ctx.star_matches["we_action"], *ctx.hits(lx.PLAN_ACTION)):
        i = at(m.start())
        if not anchored[i] and specific_object(ctx, m):
            anchored[i] = True
    sentence_starts = {s.word_start for s in ctx.sentences}
    # Only a word with a capital, a digit or an inner dot/slash/underscore can be a name
    # (each distinct word read once per process, _Candidates; most words are none).
    words = ctx.words
    for k in compress(range(ctx.n_words), map(_CANDIDATES.__getitem__, map(_TEXT, words))):
        start = words[k].char_start
        i = at(start)
        if not anchored[i] and (not hollow or named(start)):
            anchored[i] = _name_like(words[k].text, k in sentence_starts)
    return Specificity(tuple(anchored), tuple(ctx.hits(lx.PLACEHOLDER)), tuple(ctx.generic_claims))
