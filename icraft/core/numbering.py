"""How answers are numbered for people, apart from how they are stored.

A session stores each candidate turn's answer index (0-based over every candidate turn,
as in :meth:`Transcript.answers`), requests included: "can you repeat the question",
"skip", "give me a moment" keep their place, so stored scores, rewinds and corrections
of old sessions still point at the same turns. People see and type numbers that count
real answers only: after a repeat and a skip, the first real answer is "answer 1"
(``--answer 1``), in every view and command.
"""

from __future__ import annotations

from collections.abc import Iterable

from icraft.core.errors import InputError


class AnswerNumbers:
    """Stored answer index <-> the number shown (1-based, real answers only)."""

    def __init__(self, requests: Iterable[bool]) -> None:
        """``requests``: for each candidate turn in order, whether it is a request."""
        self._number: dict[int, int] = {}
        self._index: list[int] = []
        self._turns = 0
        for i, request in enumerate(requests):
            self._turns = i + 1
            if not request:
                self._index.append(i)
                self._number[i] = len(self._index)
        self.count = len(self._index)

    def number(self, index: int) -> int | None:
        """The number shown for stored answer ``index``; None for a request. An index past
        the turns known (an answer stored after them) counts on from the last number."""
        if index in self._number:
            return self._number[index]
        if index < self._turns:
            return None
        return self.count + 1 + index - self._turns

    def index(self, number: int, where: str) -> int:
        """The stored index of answer ``number`` (as typed: ``--answer N``)."""
        if not 1 <= number <= self.count:
            raise InputError(f"answer {number} does not exist: {where} has {self.count} answer{'s' * (self.count != 1)}",
                             f"use --answer 1..{self.count}" if self.count else "it has no answer to pick")
        return self._index[number - 1]
