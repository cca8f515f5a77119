"""Everything a detector may ask about one answer, computed lazily and at most once.

Detectors share one :class:`AnswerContext` per answer, so the sentence split, the
STAR profile, the delivery figures and each cue pattern's matches are computed once
no matter how many rules use them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Callable, Generic, Mapping, Sequence, TypeVar, overload

from icraft.core.findings import DeliveryStats, Span, span_for_words
from icraft.core.transcript import Turn
from icraft.delivery import analyze, norms_of
from icraft.rubric.lexicon import AnyCue
from icraft.rubric import lexicon as lx
from icraft.rubric import relevance
from icraft.rubric.patterns import GUARDS, read_guards
from icraft.rubric.text import (
    STAR_CUES,
    Segment,
    StarProfile,
    classify_star,
    split_clauses,
    split_sentences,
    star_hits,
)

if TYPE_CHECKING:
    from icraft.rubric.wordscan import Words

_T = TypeVar("_T")
_TEXT = attrgetter("text")


class cached_property(Generic[_T]):
    """``functools.cached_property`` without its lock. On Python 3.11 every first access
    takes a lock (most of the cost of a cheap view), and the engine makes ~500 first
    accesses per hour of transcript; a context lives inside one engine call, never
    shared between threads, so the lock buys nothing here."""

    def __init__(self, func: Callable[[Any], _T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> "cached_property[_T]": ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> _T: ...
    def __get__(self, obj: object | None, owner: type | None = None) -> "_T | cached_property[_T]":
        if obj is None:
            return self
        # Stored under the same name: the instance attribute shadows this (non-data) descriptor.
        value = obj.__dict__[self.name] = self.func(obj)
        return value


# (id of a pattern, a lower-cased question) -> (the pattern, whether it occurs there): see
# AnswerContext.question_has. Emptied when full.
_QUESTION_HAS: dict[tuple[int, str], tuple[AnyCue, bool]] = {}
_MAX_QUESTION_HAS = 8192


class AnswerContext:
    """One answer as the detectors see it."""

    def __init__(
        self,
        *,
        answer_index: int,
        turn_index: int,
        turn: Turn,
        question: str | None,
        question_type: str,
        meta: Mapping[str, Any] | None = None,
        followup: bool = False,
        probed: bool = False,
        main_parts: Sequence[tuple[int, int]] | None = None,
    ) -> None:
        self.answer_index = answer_index
        self.turn_index = turn_index
        self.turn = turn
        self.words = turn.words
        self.n_words = len(turn.words)
        self.text = turn.text
        # Same length as text, so match offsets are text offsets.
        self.lower = turn.text.lower().replace("\u2019", "'")
        self.question = question
        self.question_lower = (question or "").lower().replace("\u2019", "'")
        self.question_type = question_type
        # A reply to a follow-up ("Why Kafka?", "And then?") rather than to a main
        # question: a short reply is normal there, so "missing X" rules and too_short
        # do not judge it (see is_followup).
        self.followup = followup
        # A reply checked against the rules its follow-up asked about (the interview's
        # "By how much?" for missing_metrics): those rules judge it at any length.
        self.probed = probed
        # A joined account (an interview question's answers linted as one): the character
        # ranges [start, end) of its answers to the main question, which off_topic judges
        # (not its replies to follow-ups, which answer the follow-up). None: the whole
        # answer answers the main question.
        self.main_parts = None if main_parts is None else tuple(main_parts)
        self.meta = dict(meta or {})
        self._hits: dict[int, list[re.Match[str]]] = {}
        self._has: dict[int, bool] = {}
        self._spans: dict[tuple[int, int], Span] = {}

    # -- lazily computed views -------------------------------------------------------------
    @cached_property
    def norms(self) -> list[str]:
        """Normalized words (lower-case, edge punctuation stripped), computed once."""
        return norms_of(self.words)

    @cached_property
    def hedges(self) -> list[re.Match[str]]:
        """Epistemic hedges ("I guess", "maybe", "kind of"), without noun phrases such as
        "what kind of data"."""
        found = []
        for m in self.hits(lx.HEDGE):
            if m.group().startswith(("kind", "sort")):
                before = self.lower[max(0, m.start() - 12) : m.start()].split()
                if before and before[-1] in lx.HEDGE_DETERMINERS:
                    continue
            found.append(m)
        return found

    @cached_property
    def preamble(self) -> re.Match[str] | None:
        """The throat-clearing opening ("That's a great question, let me think"), if any."""
        m = lx.PREAMBLE.match(self.lower)
        return m if m and m.end() > m.start() else None

    @cached_property
    def content_words(self) -> int:
        """Words that carry content: not fillers, hedges or a throat-clearing opening.
        An answer's length is judged on these, so cutting "um", "I guess" or "great
        question" never makes an answer count as shorter."""
        spans = set(self._unspoken)  # fillers and the opening
        for m in self.hedges:
            spans.update(range(self.word_at(m.start()), self.word_at(m.end() - 1) + 1))
        return self.n_words - len(spans)

    @cached_property
    def timed(self) -> bool:
        # Delivery checks that every word is timed; it is computed for every answer anyway.
        return self.delivery.measurable

    @cached_property
    def sentences(self) -> tuple[Segment, ...]:
        return split_sentences(self.words)

    @cached_property
    def clauses(self) -> tuple[Segment, ...]:
        return split_clauses(self.words, self.sentences, self.norms)

    @cached_property
    def star_matches(self) -> dict[str, list[re.Match[str]]]:
        """STAR cue matches by cue name (situation, task, i_action, we_action, result, reflection)."""
        return star_hits(self.hits(STAR_CUES))

    @cached_property
    def star(self) -> StarProfile:
        hits = {k: [m.start() for m in ms] for k, ms in self.star_matches.items()}
        hits["metric"] = [m.start() for m in self.hits(lx.METRIC)]
        lead = lx.RESULT_LEAD.match
        hits["result_lead"] = [m.start() for m in self.star_matches["result"] if lead(m.group())]
        return classify_star(self.clauses, hits)

    @cached_property
    def generic_claims(self) -> list[re.Match[str]]:
        """Generic claims standing where an example belongs (specificity.generic_claims):
        read by no_specifics, no_star_structure and no_example, computed once."""
        from icraft.rubric.specificity import generic_claims

        return generic_claims(self)

    @cached_property
    def objects(self) -> dict[int, bool]:
        """Word index after a first-person verb -> whether the action names a specific
        object (specificity.specific_object), filled as the rules ask."""
        return {}

    @cached_property
    def tells_an_event(self) -> bool:
        """Whether the answer tells one particular occasion (specificity.tells_an_event):
        read by no_specifics and no_star_structure, computed once."""
        from icraft.rubric.specificity import tells_an_event

        return tells_an_event(self)

    # -- what the answer is about (icraft/rubric/relevance.py) --------------------------------
    @cached_property
    def sentence_texts(self) -> list[str]:
        return [self.text[s.char_start : s.char_end] for s in self.sentences]

    @cached_property
    def topic_question(self) -> str | None:
        """What the answer should be about: the bank's wording of its question when it is
        one (without an interviewer's "Thanks. Next question."), else the question."""
        return relevance.bank_question(self.question) or self.question

    @cached_property
    def talking_points(self) -> tuple[str, ...]:
        """The question's talking points when it is a bank question, else ()."""
        return relevance.talking_points_for(self.topic_question)

    @cached_property
    def sentence_stems(self) -> list[frozenset[str]]:
        """Each sentence's content stems (:func:`relevance.stems`), read once for the
        talking points and off_topic's echoed opening."""
        return [relevance.stems_of_words(ws) for ws in self.sentence_words]

    @cached_property
    def sentence_words(self) -> list[list[str]]:
        """Each sentence's :func:`relevance.words`: read once for the answer's words
        (:attr:`lexical_words`, their concatenation) and its sentences' stems."""
        return [relevance.words(t) for t in self.sentence_texts]

    @cached_property
    def coverage(self) -> tuple[relevance.PointCoverage, ...]:
        """Each talking point with the sentence that covers it (None: not covered), by its
        words or else by meaning (:func:`relevance.by_meaning_too`): depth and the report."""
        if not self.word_coverage:
            return ()
        covered = self.word_coverage
        if self.question_type in ("behavioral", "general") and not all(c.covered for c in covered):
            # A point asking for the story's result or lesson: the sentence the story reader
            # finds it in (relevance.by_story_too), before meaning is tried.
            results, lessons = self.star.indices("result"), self.star.reflection
            clause = self.star.clauses
            covered = relevance.by_story_too(
                covered,
                self.sentence_at(clause[results[-1]].char_start) if results else None,
                self.sentence_at(clause[lessons[0]].char_start) if lessons else None,
            )
        return relevance.by_meaning_too(covered, self.sentence_texts, self.sentence_words)

    @cached_property
    def word_coverage(self) -> tuple[relevance.PointCoverage, ...]:
        """:attr:`coverage` by the points' words alone: what the relevance score reads
        (:func:`relevance.covered_share`), so it never waits for the word vectors."""
        if not self.talking_points:
            return ()
        return relevance.cover(self.talking_points, self.sentence_texts, self.sentence_stems, by_meaning=False)

    @cached_property
    def shape(self) -> str:
        """The kind of answer this is from its own words (a story, a design, code talk,
        a negotiation, a technical explanation), whatever the question asked."""
        from icraft.rubric.questions import infer_question_type

        return infer_question_type(None, self.text)

    @cached_property
    def relevance_terms(self) -> tuple[float | None, float] | None:
        """The relevance terms that need no shape (similarity, share of the question's
        words); None with no question to compare with."""
        if not self.topic_question or not self.topic_question.strip():
            return None
        return relevance.terms(self.spoken_content, self.topic_question, self.spoken_stems)

    @cached_property
    def spoken_stems(self) -> frozenset[str]:
        """:func:`relevance.stems` of :attr:`spoken_content`: with nothing cut from the
        answer, its sentences' stems together (a word never spans the space joining two
        sentences, and its words are theirs: :attr:`lexical_words`)."""
        if self._unspoken:
            return relevance.stems(self.spoken_content)
        if self._lexical_by_sentence:
            return frozenset().union(*self.sentence_stems)
        return relevance.stems_of_words(self.lexical_words)

    def relevance_clears(self, floor: float) -> bool:
        """Whether the relevance score is surely at or over ``floor`` whatever the answer's
        shape (:func:`relevance.clears`), read before the shape and the exact similarity;
        False with no question, or when only the exact figures can tell (:attr:`relevance`)."""
        if not self.topic_question or not self.topic_question.strip():
            return False
        words = relevance.word_share(self.topic_question, self.spoken_stems)
        return relevance.clears(self.spoken_content, self.topic_question, floor, words,
                                relevance.covered_share(self.word_coverage))

    @cached_property
    def relevance(self) -> relevance.Relevance | None:
        """How well the answer fits its question (None: no question to compare with)."""
        if self.relevance_terms is None:
            return None
        return relevance.combine(
            *self.relevance_terms, relevance.covered_share(self.word_coverage), relevance.shape_fit(self.question_type, self.shape)
        )

    @cached_property
    def lexical_words(self) -> list[str]:
        """The answer's lower-cased words as the relevance measures count them: its
        sentences' words in order (one regex pass over the text, shared with
        :attr:`sentence_stems`). The same list as ``relevance.words(text)`` whenever only
        whitespace lies outside the sentences (the split is by words): a word is letters
        and an apostrophe, never across a space, and lower-casing is per character except
        a capital sigma's final form, which reads its neighbours (then the text is read whole)."""
        if not self._lexical_by_sentence:
            return relevance.words(self.text)
        return [w for ws in self.sentence_words for w in ws]

    @cached_property
    def _lexical_by_sentence(self) -> bool:
        """Whether :attr:`lexical_words` are its sentences' words in order: only
        whitespace lies outside the sentences, and no capital sigma (see there)."""
        text = self.text
        if "\u03a3" in text:
            return False
        end = 0
        for s in self.sentences:
            if s.char_start < end or (s.char_start > end and not text[end : s.char_start].isspace()):
                return False
            end = s.char_end
        return end >= len(text) or text[end:].isspace()

    @cached_property
    def function_share(self) -> float:
        """Share of the words that are English function words (prose 35-55%, a keyword list under 15%)."""
        return relevance.english_share(self.lexical_words)

    @cached_property
    def spoken_content(self) -> str:
        """The answer without its fillers and throat-clearing opening: what relevance
        reads, so cutting "um, so basically" never makes an answer less relevant."""
        drop = self._unspoken
        if not drop:  # most answers: every word, joined in C
            return " ".join(map(_TEXT, self.words))
        return " ".join(w.text for i, w in enumerate(self.words) if i not in drop)

    @cached_property
    def _unspoken(self) -> set[int]:
        """Indices of the words relevance leaves out: fillers and the throat-clearing opening."""
        drop = set(self.filler_words)
        if self.preamble is not None:
            drop.update(range(0, self.word_at(self.preamble.end() - 1) + 1))
        return drop

    @cached_property
    def filler_words(self) -> frozenset[int]:
        """Indices of the words that are fillers ("um", "you know")."""
        return frozenset(i for f in self.delivery.fillers for i in range(f.word_start, f.word_end))

    @cached_property
    def delivery(self) -> DeliveryStats:
        return analyze(self.turn, self.turn_index, self.norms)

    # -- pattern matches ------------------------------------------------------------------------
    def hits(self, pattern: AnyCue) -> list[re.Match[str]]:
        """All matches of a precompiled pattern in the lower-cased answer (cached)."""
        key = id(pattern)
        found = self._hits.get(key)
        if found is None:
            entry = GUARDS.get(key)
            if entry is None or entry[0] is not pattern:
                entry = read_guards(pattern)
            if entry is None:  # not read yet: a plain scan
                found = list(pattern.finditer(self.lower))
            elif type(pattern) is lx.Cue:
                found = pattern.finditer(self.lower, self.cue_words if pattern.by_words else None)
            elif entry[2] is not None:  # tried only where its first words start
                found = entry[2].finditer(entry[3], self.cue_words)
            elif entry[1] is not None and not entry[1](self.lower):
                found = []  # holds none of its guard's strings
            else:
                found = list(pattern.finditer(self.lower))
            self._hits[key] = found
        return found

    def has(self, pattern: AnyCue) -> bool:
        """Whether the pattern occurs at all (stops at the first match; cached)."""
        key = id(pattern)
        found = self._has.get(key)
        if found is None:
            done = self._hits.get(key)
            if done is not None:
                found = bool(done)
            else:
                entry = GUARDS.get(key)
                if entry is None or entry[0] is not pattern:
                    entry = read_guards(pattern)
                if type(pattern) is lx.Cue:  # stops at the first of its parts that matches
                    by_words = entry is not None and pattern.by_words
                    found = pattern.found(self.lower, self.cue_words if by_words else None)
                elif entry is None:
                    found = pattern.search(self.lower) is not None
                elif entry[2] is not None:
                    found = entry[2].found(entry[3], self.cue_words)
                elif entry[1] is not None and not entry[1](self.lower):
                    found = False
                else:
                    found = pattern.search(self.lower) is not None
            self._has[key] = found
        return found

    @cached_property
    def cue_words(self) -> "Words":
        """The answer's words with where each starts, for the cue scans (icraft/rubric/wordscan.py,
        imported once a pattern's first words are read)."""
        from icraft.rubric.wordscan import Words

        return Words(self.lower, self.question_type)  # the cues read differ by type

    def question_has(self, pattern: AnyCue) -> bool:
        """Whether the pattern occurs in the question (kept per process and question: the
        rules ask about the same few patterns for every answer to a question)."""
        q = self.question_lower
        if not q:
            return False
        key = (id(pattern), q)
        kept = _QUESTION_HAS.get(key)
        if kept is None or kept[0] is not pattern:
            if len(_QUESTION_HAS) >= _MAX_QUESTION_HAS:
                _QUESTION_HAS.clear()
            kept = _QUESTION_HAS[key] = (pattern, pattern.search(q) is not None)
        return kept[1]

    # -- positions and spans ------------------------------------------------------------------------
    @cached_property
    def _starts(self) -> list[int]:
        return list(map(attrgetter("char_start"), self.words))

    def word_at(self, char: int) -> int:
        """Index of the word containing (or last starting before) character ``char``."""
        return max(0, bisect_right(self._starts, char) - 1)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.char_start for s in self.sentences]

    def sentence_at(self, char: int) -> int:
        return max(0, bisect_right(self._sentence_starts, char) - 1)

    def span_words(self, start: int, end: int) -> Span:
        """The span of words [start, end) (cached: several rules quote the same range,
        e.g. the whole answer, and building a span checks every word's timing)."""
        key = (start, end)
        span = self._spans.get(key)
        if span is None:
            span = self._spans[key] = span_for_words(self.turn_index, self.turn, start, end)
        return span

    def span_chars(self, char_start: int, char_end: int) -> Span:
        return self.span_words(self.word_at(char_start), self.word_at(max(char_start, char_end - 1)) + 1)

    def span_match(self, m: re.Match[str]) -> Span:
        return self.span_chars(m.start(), m.end())

    def span_segment(self, seg: Segment) -> Span:
        return self.span_words(seg.word_start, seg.word_end)

    def span_segments(self, segs: Sequence[Segment]) -> Span:
        return self.span_words(segs[0].word_start, segs[-1].word_end)

    def opening(self, n: int = 1) -> Span:
        """The first ``n`` sentences: where context, assumptions or the headline belong."""
        return self.span_segments(self.sentences[:n])

    def closing(self, n: int = 2) -> Span:
        """The last ``n`` sentences: where a result or a lesson belongs; never the whole answer
        (an answer of ``n`` sentences or fewer: its last one)."""
        n = max(1, min(n, len(self.sentences) - 1))
        return self.span_segments(self.sentences[-n:])

    def whole(self) -> Span:
        return self.span_words(0, self.n_words)
