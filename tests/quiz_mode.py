"""A toy practice mode for the tests: a three-question quiz, written as a third party
would (a pure Dialogue, a Mode, nothing else). It must stay under 60 lines."""

from __future__ import annotations

from typing import Any

from icraft.core.transcript import Turn
from icraft.modes.base import Mode, Step, Utterance

QUESTIONS = ("What is 2 + 2?", "What colour is the sky?", "Name a prime number.")
ANSWERS = ({"4", "four"}, {"blue"}, {"2", "3", "5", "7", "two", "three", "five", "seven"})


class Quiz:
    kind = "quiz"

    def __init__(self, options: dict[str, Any], *, state: dict[str, Any] | None = None, **_: Any) -> None:
        self.s = dict(state or {"asked": 0, "right": 0, "phase": "new", "ms": 0})

    phase = property(lambda self: self.s["phase"])
    pending_question_id = property(lambda self: f"q{self.s['asked']}" if self.s["phase"] == "asking" else None)
    answer_phase = property(lambda self: self.s["phase"])
    elapsed_ms = property(lambda self: self.s["ms"])

    def _ask(self, lead: str) -> Step:
        if self.s["asked"] == len(QUESTIONS):
            self.s["phase"] = "done"
            return Step((Utterance(f"{lead}You got {self.s['right']} of 3.", "done", "closing"),), "done")
        self.s["phase"], self.s["asked"] = "asking", self.s["asked"] + 1
        q = QUESTIONS[self.s["asked"] - 1]
        return Step((Utterance(lead + q, "asking", "question", f"q{self.s['asked']}"),), "asking")

    def start(self) -> Step:
        return self._ask("Quiz time. ")

    def answer(self, turn: Turn, *, elapsed_ms: int | None = None) -> Step:
        self.s["ms"] += elapsed_ms or 0
        right = turn.text.strip(" .!").lower() in ANSWERS[self.s["asked"] - 1]
        self.s["right"] += right
        return self._ask("Right. " if right else "Not quite. ")

    def finish_early(self) -> Step:
        self.s["phase"] = "done"
        return Step((Utterance(f"Stopping: {self.s['right']} right.", "done", "closing"),), "done")

    def resume_prompt(self) -> Step:
        return Step((Utterance("Back again: " + QUESTIONS[self.s["asked"] - 1], "asking", "resume"),), "asking")

    def snapshot(self) -> dict[str, Any]:
        return dict(self.s)


MODE = Mode(kind="quiz", help="A three-question quiz.", dialogue_factory=Quiz, title=lambda o: "quiz")


def register(add: Any) -> None:
    """The entry-point hook a plug-in would expose."""
    add(MODE)
