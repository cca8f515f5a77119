"""Listening: questions come in (typed lines, a replay file, voice partials and finals) and
cards go out, each with the time it took from the question's end to the card.

:class:`Listener` is thread-safe: a recogniser's partials arrive on its worker thread
while the final comes on the caller's. It reads each card's fade level once, at start
(listening shows cards; only the drill rates answers and moves them). Spoken questions
reach it through the voice pipeline (``voice.pipeline.listen_turns``, above this layer):
its partials go to :meth:`Listener.partial`, each turn's final to :meth:`Listener.end_turn`.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from icraft.cue.detect import Heard, QuestionStream, questions
from icraft.cue.fade import FULL, LEVEL_NAMES, shown
from icraft.cue.prepared import Entry, Prepared, question_key
from icraft.cue.retrieve import Index, Match


@dataclass(frozen=True)
class Card:
    """One card to show: the entry and what its fade level lets through."""

    entry: Entry
    level: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"match": self.entry.number, "question": self.entry.question, "level": LEVEL_NAMES[self.level],
                "shown": self.text}


@dataclass(frozen=True)
class Cue:
    """The outcome for one heard question: its cards (none when the retriever abstained)."""

    question: str
    match: Match
    cards: tuple[Card, ...]
    final: bool
    latency_ms: float  # from the question's end (the call that closed it) to the cards
    at: float = field(default=0.0, repr=False)  # time.monotonic() when the cards were ready

    def to_dict(self) -> dict[str, Any]:
        """The `--replay --json` object: question, match (N or null), score, latency_ms, and more."""
        return {"question": self.question, "match": self.match.number, "score": round(self.match.score, 3),
                "latency_ms": round(self.latency_ms, 2), "matches": list(self.match.matches),
                "final": self.final, "cards": [c.to_dict() for c in self.cards]}


class Listener:
    """Prepared answers indexed once; questions in, cues out."""

    def __init__(self, prepared: Prepared, *, levels: dict[str, int] | None = None, index: Index | None = None,
                 on_cue: Callable[[Cue], None] | None = None) -> None:
        self.prepared = prepared
        self.index = index or Index(prepared.entries)
        self.index.match("warm up the first question")  # first calls into numpy/rapidfuzz/tokenizers cost ~100 ms
        self.levels = levels or {}
        self.on_cue = on_cue
        self._stream = QuestionStream()
        self._firm: list[Cue] = []  # questions of the current turn already closed by a "?" in a partial
        self._lock = threading.Lock()

    def card(self, number: int) -> Card:
        entry = self.prepared.entry(number)
        level = self.levels.get(question_key(entry.question), FULL)
        return Card(entry, level, shown(entry, level))

    def ask(self, question: str, *, final: bool = True, started: float | None = None) -> Cue:
        """Match one question (already detected) and build its cards."""
        t0 = time.perf_counter() if started is None else started
        m = self.index.match(question)
        cards = tuple(self.card(n) for n in m.matches)
        done = time.perf_counter()
        cue = Cue(question, m, cards, final, (done - t0) * 1000, time.monotonic())
        if self.on_cue is not None:
            self.on_cue(cue)
        return cue

    def _heard(self, heard: list[Heard], t0: float) -> list[Cue]:
        return [self.ask(h.text, final=h.final, started=t0) for h in heard]

    def line(self, text: str) -> list[Cue]:
        """A typed line or a replayed one: a whole turn."""
        t0 = time.perf_counter()
        with self._lock:
            return [self.ask(q, started=t0) for q in questions(text)]

    def partial(self, text: str) -> list[Cue]:
        """A recogniser's interim text for the current turn (provisional cards, and firm ones at "?")."""
        t0 = time.perf_counter()
        with self._lock:
            cues = self._heard(self._stream.partial(text), t0)
            self._firm.extend(c for c in cues if c.final)
            return cues

    def end_turn(self, text: str) -> list[Cue]:
        """The turn's final text at the end-of-turn decision: every question of the turn
        (those a "?" already closed while it was spoken, then the rest)."""
        t0 = time.perf_counter()
        with self._lock:
            cues = [*self._firm, *self._heard(self._stream.end_turn(text), t0)]
            self._firm = []
            return cues
