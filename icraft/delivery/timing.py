"""Pace, pauses and duration of one turn, from its word timings.

Definitions (documented in docs/SCORING.md, relied on by the pace and filler rules):

- duration: first word's start to last word's end.
- speech time: the sum of the words' own durations, so pauses (and the small
  gaps between words) do not dilute the rate; WPM = words / speech minutes.
- a pause is the gap between one word's end and the next word's start;
  hesitation pauses are gaps >= 1.5 s (long ones included), long pauses >= 3 s.
- filler rate: fillers per minute of duration.
- an unreliable transcript (:func:`unreliable`, docs/SCORING.md): an impossible word
  rate, over ``MAX_WPM`` (400) words per minute of speech time on at least
  ``MIN_RATE_WORDS`` (8) words (nobody speaks that fast; a fast speaker is near 250), or
  mostly fillers, more than ``MAX_FILLER_SHARE`` of its words on at least 8 words ("uh uh
  um uh uh..."). Either way the words are not what was said, typically a recogniser
  turning a tone, hum or music into hundreds of "uh"; such an answer is flagged and not
  scored.

Untimed or partially timed turns give ``measurable=False`` and ``None`` for every
timing figure; the filler count (a property of the words) is still reported.
"""

from __future__ import annotations

from itertools import islice
from operator import attrgetter, sub
from typing import Any, Mapping, Sequence

from icraft.core.findings import DeliveryStats, span_for_words
from icraft.core.transcript import Turn
from icraft.delivery.fillers import find_fillers

HESITATION_MS = 1500
LONG_PAUSE_MS = 3000
MAX_WPM = 400
MIN_RATE_WORDS = 8  # a few quick words ("yes I did") can clock a high rate; a transcript cannot
# A transcript more than half fillers is not an answer anybody gave: the densest tenth of
# conversational telephone speech (../shared/data/fillers-dev) is near 10 per 100 words.
MAX_FILLER_SHARE = 0.5
_START = attrgetter("start_ms")
_END = attrgetter("end_ms")


def analyze(turn: Turn, turn_index: int = 0, norms: Sequence[str] | None = None) -> DeliveryStats:
    """Delivery figures for one candidate turn (one answer); ``norms`` as in find_fillers."""
    ranges = find_fillers(turn.words, norms)
    fillers = tuple(span_for_words(turn_index, turn, s, e) for s, e in ranges)
    words = turn.words
    n = len(words)
    # Whole-list passes (C loops) instead of per-word Python: this runs for every answer.
    starts = list(map(_START, words))
    ends = list(map(_END, words))
    try:  # a word without timings makes the subtraction fail: no separate pass looking for None
        durations = list(map(sub, ends, starts))
    except TypeError:
        if None in starts or None in ends:
            durations = []
        else:
            raise
    if not n or not durations:
        return DeliveryStats(measurable=False, word_count=n, filler_count=len(ranges), fillers=fillers)
    start = starts[0] or 0
    end = ends[-1] or 0
    duration = max(0, end - start)
    speech = sum(durations) if min(durations) >= 0 else sum(d for d in durations if d > 0)
    pauses: list[dict[str, int]] = []
    if n > 1 and max(map(sub, islice(starts, 1, None), ends)) >= HESITATION_MS:  # most answers have none
        gaps = list(map(sub, starts[1:], ends))
        pauses = [
            {"after_word": i, "start_ms": ends[i], "end_ms": starts[i + 1], "gap_ms": g}
            for i, g in enumerate(gaps)
            if g >= HESITATION_MS
        ]
    wpm = round(n / (speech / 60000), 1) if speech > 0 else None
    rate = round(len(ranges) / (duration / 60000), 2) if duration > 0 else None
    return DeliveryStats(
        measurable=True,
        word_count=n,
        filler_count=len(ranges),
        duration_ms=duration,
        speech_ms=speech,
        wpm=wpm,
        filler_rate_per_min=rate,
        hesitation_pauses=len(pauses),
        long_pauses=sum(1 for p in pauses if p["gap_ms"] >= LONG_PAUSE_MS),
        approximate=turn.approximate,
        fillers=fillers,
        pauses=tuple(pauses),
    )


def impossible_wpm(wpm: float | None, word_count: int) -> bool:
    """More words per minute of speech than anyone speaks (the module docstring)?"""
    return wpm is not None and word_count >= MIN_RATE_WORDS and wpm > MAX_WPM


def _figures(stats: DeliveryStats | Mapping[str, Any]) -> tuple[bool, float | None, int, int]:
    if not isinstance(stats, DeliveryStats):  # a stored dict: the class is checked, not typing.Mapping (~1.3 us a call)
        return (bool(stats.get("measurable")), stats.get("wpm"), int(stats.get("word_count") or 0),
                int(stats.get("filler_count") or 0))
    return stats.measurable, stats.wpm, stats.word_count, stats.filler_count


def mostly_fillers(word_count: int, filler_count: int) -> bool:
    """More than ``MAX_FILLER_SHARE`` of at least ``MIN_RATE_WORDS`` words are fillers?"""
    return word_count >= MIN_RATE_WORDS and filler_count > MAX_FILLER_SHARE * word_count


def unreliable(stats: DeliveryStats | Mapping[str, Any] | None) -> bool:
    """Is this answer's transcript unreliable: an impossible measured word rate, or mostly
    fillers? ``stats`` may be the stored figures (``DeliveryStats.to_dict``)."""
    if not stats:
        return False
    measurable, wpm, words, fillers = _figures(stats)
    return (measurable and impossible_wpm(wpm, words)) or mostly_fillers(words, fillers)


def unreliable_note(stats: DeliveryStats | Mapping[str, Any]) -> str:
    """Why such an answer is not scored, for the "not judged" line and JSON ``not_judged``."""
    measurable, wpm, words, fillers = _figures(stats)
    if measurable and impossible_wpm(wpm, words):
        return (f"unreliable transcript: impossible word rate: {wpm or 0:,.0f} words/min of speech (nobody speaks "
                f"over {MAX_WPM}): the transcript is not what was said (noise, a tone or music heard as words?)")
    share = fillers / words if words else 0.0
    return (f"unreliable transcript: {share:.0%} of its {words:,} words are fillers: the transcript is not what "
            "was said (noise, a tone or music heard as \"uh\"?)")
