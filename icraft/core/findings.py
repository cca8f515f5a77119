"""Evidence and scores: spans cut from a turn, findings, per-answer and per-session results.

These are plain frozen dataclasses with ``to_dict`` for the JSON output contract
(documented in docs/). Construction of spans goes through :func:`span_for_words` or
:func:`span_for_chars`, which cut the quote from the turn, so a quote can never be
anything but the candidate's own words.
"""

from __future__ import annotations

from dataclasses import MISSING, asdict, dataclass, field, replace
from operator import attrgetter
from typing import Any

from icraft.core.errors import InputError
from icraft.core.transcript import Turn

SEVERITIES = ("info", "warning", "error")

# Span and Finding are built through their slots (a frozen dataclass's generated __init__
# sets each field through object.__setattr__, ~0.25 us a field: a lint of an hour of
# transcript builds ~700 spans and findings). Their __init__ is written out (init=False)
# rather than generated at import, which a cold `lint` would pay for; the setters are
# read from the classes below them (_SPAN_SLOTS, _FINDING_SLOTS).


@dataclass(frozen=True, slots=True, init=False)
class Span:
    """A contiguous run of words in one turn.

    ``word_end`` and ``char_end`` are exclusive. ``start_ms``/``end_ms`` are set only
    when every word in the span is timed (from the recording, never estimated here).
    """

    turn: int
    word_start: int
    word_end: int
    char_start: int
    char_end: int
    quote: str
    start_ms: int | None = None
    end_ms: int | None = None

    def __init__(self, turn: int, word_start: int, word_end: int, char_start: int, char_end: int, quote: str,
                 start_ms: int | None = None, end_ms: int | None = None) -> None:
        t, ws, we, cs, ce, q, sm, em = _SPAN_SLOTS
        t(self, turn)
        ws(self, word_start)
        we(self, word_end)
        cs(self, char_start)
        ce(self, char_end)
        q(self, quote)
        sm(self, start_ms)
        em(self, end_ms)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_SPAN_SLOTS = tuple(getattr(Span, f).__set__ for f in Span.__slots__)


_START_MS = attrgetter("start_ms")
_END_MS = attrgetter("end_ms")


def span_for_words(turn_index: int, turn: Turn, word_start: int, word_end: int) -> Span:
    """The span covering words [word_start, word_end) of ``turn``; quote cut from its text."""
    if not (0 <= word_start < word_end <= len(turn.words)):
        raise InputError(
            f"span {word_start}..{word_end} is outside turn {turn_index} ({len(turn.words)} words)"
        )
    first, last = turn.words[word_start], turn.words[word_end - 1]
    words = turn.words[word_start:word_end]
    # Every word timed (Word.timed), checked in C: ``None in`` over the slots.
    timed = None not in map(_START_MS, words) and None not in map(_END_MS, words)
    # Positional: turn, word_start, word_end, char_start, char_end, quote, start_ms, end_ms.
    return Span(turn_index, word_start, word_end, first.char_start, last.char_end,
                turn.text[first.char_start : last.char_end],
                first.start_ms if timed else None, last.end_ms if timed else None)


def span_for_chars(turn_index: int, turn: Turn, char_start: int, char_end: int) -> Span:
    """The smallest word span covering characters [char_start, char_end) of ``turn``."""
    idx = [i for i, w in enumerate(turn.words) if w.char_end > char_start and w.char_start < char_end]
    if not idx:
        raise InputError(f"characters {char_start}..{char_end} cover no word of turn {turn_index}")
    return span_for_words(turn_index, turn, idx[0], idx[-1] + 1)


@dataclass(frozen=True, slots=True, init=False)
class Finding:
    """One rule's verdict on one answer, with the evidence that supports it."""

    rule_id: str
    category: str
    severity: str
    message: str
    fix: str
    spans: tuple[Span, ...]
    answer: int  # index of the answer (Transcript.answers()) the finding is about
    points: float = 0.0  # points this finding costs its category (set by scoring)
    skills: tuple[str, ...] = ()
    # False when the rule could not be measured (timing rule on untimed text):
    # such a finding is informational and costs nothing.
    measurable: bool = True
    source: str = "rules"  # "rules" or the judge provider that proposed it
    detail: dict[str, Any] = field(default_factory=dict)

    def __init__(self, rule_id: str, category: str, severity: str, message: str, fix: str, spans: tuple[Span, ...],
                 answer: int, points: float = 0.0, skills: tuple[str, ...] = (), measurable: bool = True,
                 source: str = "rules", detail: dict[str, Any] = MISSING) -> None:  # type: ignore[assignment]
        if severity not in SEVERITIES:
            raise InputError(f"severity must be one of {SEVERITIES}, not {severity!r}")
        for setter, value in zip(_FINDING_SLOTS, (rule_id, category, severity, message, fix, spans, answer, points,
                                                  skills, measurable, source, {} if detail is MISSING else detail)):
            setter(self, value)

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in self.__slots__ if k != "spans"}
        d["skills"] = list(self.skills)
        d["spans"] = [s.to_dict() for s in self.spans]
        return d


_FINDING_SLOTS = tuple(getattr(Finding, f).__set__ for f in Finding.__slots__)


@dataclass(frozen=True, slots=True)
class Score:
    """Scores computed by code from findings and rubric weights (see docs/SCORING.md)."""

    overall: int
    categories: dict[str, int]
    rubric_version: str

    def to_dict(self) -> dict[str, Any]:
        return {"overall": self.overall, "categories": dict(self.categories), "rubric_version": self.rubric_version}


@dataclass(frozen=True, slots=True, init=False)
class DeliveryStats:
    """Delivery measured from word timings. ``measurable`` is False for untimed text,
    and then every timing figure is None rather than a guess."""

    measurable: bool
    word_count: int
    filler_count: int
    duration_ms: int | None = None  # first word start to last word end
    speech_ms: int | None = None  # time spent inside words (pauses excluded)
    wpm: float | None = None  # words per minute of speech time
    filler_rate_per_min: float | None = None
    hesitation_pauses: int | None = None  # gaps >= 1.5 s
    long_pauses: int | None = None  # gaps >= 3 s
    approximate: bool = False  # timings interpolated from cues (VTT/SRT)
    fillers: tuple[Span, ...] = ()
    pauses: tuple[dict[str, int], ...] = ()  # {"after_word", "start_ms", "end_ms", "gap_ms"}

    # Built once per answer: through its slots, as Span (12 fields through
    # object.__setattr__ were ~3 us an answer).
    def __init__(self, measurable: bool, word_count: int, filler_count: int, duration_ms: int | None = None,
                 speech_ms: int | None = None, wpm: float | None = None, filler_rate_per_min: float | None = None,
                 hesitation_pauses: int | None = None, long_pauses: int | None = None, approximate: bool = False,
                 fillers: tuple[Span, ...] = (), pauses: tuple[dict[str, int], ...] = ()) -> None:
        me, wc, fc, du, sp, wp, fr, hp, lp, ap, fi, pa = _DELIVERY_SLOTS
        me(self, measurable)
        wc(self, word_count)
        fc(self, filler_count)
        du(self, duration_ms)
        sp(self, speech_ms)
        wp(self, wpm)
        fr(self, filler_rate_per_min)
        hp(self, hesitation_pauses)
        lp(self, long_pauses)
        ap(self, approximate)
        fi(self, fillers)
        pa(self, pauses)

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in self.__slots__ if k not in ("fillers", "pauses")}
        d["fillers"] = [s.to_dict() for s in self.fillers]
        d["pauses"] = [dict(p) for p in self.pauses]
        return d


_DELIVERY_SLOTS = tuple(getattr(DeliveryStats, f).__set__ for f in DeliveryStats.__slots__)


@dataclass(frozen=True, slots=True, init=False)
class AnswerResult:
    """The lint result for one answer."""

    answer: int
    turn_index: int
    question: str | None
    question_type: str
    findings: tuple[Finding, ...]
    score: Score
    delivery: DeliveryStats | None = None
    # Rule ids that evaluated this answer and could have fired (fired or passed), in
    # rubric order. A rule that ran but had nothing to judge (no conflict for
    # no_stakeholder_mgmt, a short follow-up reply for missing_result, switched off
    # with --rules/--ignore) is absent: its silence is no evidence of strength.
    judged: tuple[str, ...] = ()
    # Why the engine refused to judge the answer at all ("language: the answer reads as
    # Spanish..."), or None. An impossible word rate is read from ``delivery`` instead.
    refused: str | None = None
    # The question's talking points (a bank question) and the answer's quote covering
    # each, or None when uncovered: what the report shows under "talking points".
    talking_points: tuple[tuple[str, str | None], ...] = ()

    # Built once per answer: through its slots, as Span.
    def __init__(self, answer: int, turn_index: int, question: str | None, question_type: str,
                 findings: tuple[Finding, ...], score: Score, delivery: DeliveryStats | None = None,
                 judged: tuple[str, ...] = (), refused: str | None = None,
                 talking_points: tuple[tuple[str, str | None], ...] = ()) -> None:
        an, ti, qu, qt, fi, sc, de, ju, rf, tp = _RESULT_SLOTS
        an(self, answer)
        ti(self, turn_index)
        qu(self, question)
        qt(self, question_type)
        fi(self, findings)
        sc(self, score)
        de(self, delivery)
        ju(self, judged)
        rf(self, refused)
        tp(self, talking_points)

    def to_dict(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "turn_index": self.turn_index,
            "question": self.question,
            "question_type": self.question_type,
            "score": self.score.to_dict(),
            "findings": [f.to_dict() for f in self.findings],
            "judged": list(self.judged),
            "delivery": self.delivery.to_dict() if self.delivery else None,
            "talking_points": [{"point": p, "covered": q is not None, "quote": q} for p, q in self.talking_points],
        }


_RESULT_SLOTS = tuple(getattr(AnswerResult, f).__set__ for f in AnswerResult.__slots__)


@dataclass(frozen=True, slots=True)
class LintReport:
    """The lint result for a whole transcript: every answer plus the session score."""

    answers: tuple[AnswerResult, ...]
    score: Score
    rubric_version: str
    source: str | None = None  # path or "-" for stdin
    meta: dict[str, Any] = field(default_factory=dict)
    # The rubric the answers were scored with (an ``icraft.rubric.Rubric``; typed Any here,
    # since core imports no layer above it). What the report is stored with reads its
    # weights from here: skill moves follow `lint --rubric FILE`, not the built-in rubric.
    rubric: Any = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "rubric_version": self.rubric_version,
            "score": self.score.to_dict(),
            "answers": [a.to_dict() for a in self.answers],
            "meta": dict(self.meta),
        }


def relocate(result: AnswerResult, *, answer: int, turn_index: int | None = None) -> AnswerResult:
    """The result re-addressed to the answer's position in the session transcript
    (``lint_answer`` scores a lone answer as answer 0, turn 0)."""
    ti = result.turn_index if turn_index is None else turn_index
    findings = tuple(
        replace(f, answer=answer, spans=tuple(replace(s, turn=ti) for s in f.spans)) for f in result.findings
    )
    return replace(result, answer=answer, turn_index=ti, findings=findings)
