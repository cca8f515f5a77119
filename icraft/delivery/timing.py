"""Pace, pauses and duration of one turn, from its word timings.

Definitions (documented in docs/SCORING.md, relied on by the pace and filler rules):

- duration: first word's start to last word's end.
- speech time: the sum of the words' own durations, so pauses (and the small
  gaps between words) do not dilute the rate; WPM = words / speech minutes.
- a pause is the gap between one word's end and the next word's start;
  hesitation pauses are gaps >= 1.5 s (long ones included), long pauses >= 3 s.
- filler rate: fillers per minute of duration.

Untimed or partially timed turns give ``measurable=False`` and ``None`` for every
timing figure; the filler count (a property of the words) is still reported.
"""

from __future__ import annotations

from itertools import islice
from operator import attrgetter, sub
from typing import Sequence

from icraft.core.findings import DeliveryStats, span_for_words
from icraft.core.transcript import Turn
from icraft.delivery.fillers import find_fillers

HESITATION_MS = 1500
LONG_PAUSE_MS = 3000
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
