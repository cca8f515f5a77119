"""The cue drill as a pure Dialogue: ask the prepared questions in fsrs order, show each
card at its fade level, rate the answer against the prepared one, fade or bring back.

No I/O and no database (:class:`icraft.modes.base.Dialogue`): the options carry the cards
to ask, in order, with their entries and levels (``icraft cue --drill`` reads them from
the database and the prepared file); the whole state is ``snapshot()``; each answer's
:class:`~icraft.cue.fade.Review` is the Step's ``intent`` and its lint result the Step's
``result``, which the SessionRunner stores (and moves skills with).
"""

from __future__ import annotations

from typing import Any

from icraft.core.dialogue import DONE, Step, Utterance
from icraft.core.findings import relocate
from icraft.core.transcript import Turn
from icraft.cue.fade import LEVEL_NAMES, RATING_NAMES, Lint, default_lint, rate, shown
from icraft.cue.prepared import Entry

KIND = "cue"
ASKING = "asking"
SKIP_WORDS = frozenset({"skip", "pass", "next"})
BANNER = "Rehearsal aid: the cards are your own prepared answers, fading as you learn them."


def entry_from_dict(d: dict[str, Any]) -> Entry:
    return Entry(number=int(d["number"]), question=d["question"], aka=tuple(d.get("aka", ())), answer=d["answer"],
                 points=tuple(d["points"]), keys=tuple(d["keys"]), line=int(d.get("line", 0)),
                 source=d.get("source", "file"), keys_given=bool(d.get("keys_given", False)))


class CueDrill:
    """options: ``{"deck": str, "cards": [{"entry": Entry.to_dict(), "key": str, "level": int}, ...]}``."""

    kind = KIND

    def __init__(self, options: dict[str, Any], *, state: dict[str, Any] | None = None, lint: Lint | None = None,
                 **_: Any) -> None:
        self.deck = options["deck"]
        self.cards = [(entry_from_dict(c["entry"]), c["key"], int(c["level"])) for c in options["cards"]]
        self.lint = lint or default_lint
        self.s: dict[str, Any] = dict(state or {"pos": 0, "phase": "new", "ms": 0, "answers": 0, "reviews": []})

    # -- protocol properties ------------------------------------------------------------
    @property
    def phase(self) -> str:
        return self.s["phase"]

    @property
    def pending_question_id(self) -> str | None:
        card = self.current
        return f"cue-{card[0].number}" if card is not None and self.phase == ASKING else None

    @property
    def answer_phase(self) -> str:
        return self.phase

    @property
    def elapsed_ms(self) -> int:
        return int(self.s["ms"])

    # -- cards ---------------------------------------------------------------------------
    @property
    def current(self) -> tuple[Entry, str, int] | None:
        """(entry, question key, level) of the card being asked, None when done."""
        pos = self.s["pos"]
        return self.cards[pos] if self.phase == ASKING and pos < len(self.cards) else None

    def card_text(self) -> tuple[str, str]:
        """(level name, what the current card shows)."""
        card = self.current
        if card is None:
            return "", ""
        entry, _key, level = card
        return LEVEL_NAMES[level], shown(entry, level)

    @property
    def reviews(self) -> list[dict[str, Any]]:
        return list(self.s["reviews"])

    @property
    def position(self) -> int:
        """How many cards were asked before the current one."""
        return int(self.s["pos"])

    # -- events --------------------------------------------------------------------------
    def _ask(self, lead: tuple[Utterance, ...]) -> Step:
        if self.s["pos"] >= len(self.cards):
            self.s["phase"] = DONE
            return Step((*lead, Utterance(self.summary(), DONE, "closing")), DONE)
        self.s["phase"] = ASKING
        entry, _key, _level = self.cards[self.s["pos"]]
        return Step((*lead, Utterance(entry.question, ASKING, "question", f"cue-{entry.number}")), ASKING)

    def summary(self) -> str:
        done = self.s["reviews"]
        if not done:
            return "No card answered."
        faded = sum(1 for r in done if r["level_after"] > r["level_before"])
        back = sum(1 for r in done if r["level_after"] < r["level_before"])
        return (f"{len(done)} card{'s' if len(done) != 1 else ''} rehearsed: {faded} faded, {back} back to the full "
                f"answer, {len(done) - faded - back} unchanged.")

    def start(self) -> Step:
        return self._ask((Utterance(f"{BANNER} {len(self.cards)} card{'s' if len(self.cards) != 1 else ''} "
                                    "in this drill.", ASKING, "greeting"),))

    def answer(self, turn: Turn, *, elapsed_ms: int | None = None) -> Step:
        card = self.current
        if card is None:
            return Step((), self.phase)
        self.s["ms"] += elapsed_ms or 0
        entry, key, level = card
        text = turn.text.strip()
        if not text:
            return Step((Utterance("Say or type your answer, or 'skip'.", ASKING, "reprompt"),), ASKING)
        if text.lower().strip(" .!") in SKIP_WORDS:
            self.s["pos"] += 1
            return self._ask((Utterance("Skipped.", ASKING, "ack"),))
        review, result = rate(entry, text, level, key, lint=self.lint)
        index = self.s["answers"]
        self.s["answers"] += 1
        self.s["pos"] += 1
        self.s["reviews"].append({"number": entry.number, "key": key, "level_before": review.level_before,
                                  "level_after": review.level_after, "rating": review.rating,
                                  "observed": round(review.observed, 1), "coverage": round(review.coverage, 3)})
        step = self._ask((Utterance(feedback(review), ASKING, "feedback"),))
        return Step(step.utterances, step.phase, intent=review, answer_index=index, answered_phase=ASKING,
                    question_id=f"cue-{entry.number}",
                    result=relocate(result, answer=index) if result is not None else None, core=True)

    def finish_early(self) -> Step:
        self.s["phase"] = DONE
        return Step((Utterance(self.summary(), DONE, "closing"),), DONE)

    def resume_prompt(self) -> Step:
        card = self.current
        text = f"Back to it: {card[0].question}" if card is not None else self.summary()
        return Step((Utterance(text, self.phase, "resume"),), self.phase)

    def snapshot(self) -> dict[str, Any]:
        return {**self.s, "reviews": list(self.s["reviews"])}


def feedback(review: Any) -> str:
    """One line on how the answer went and what the card shows next time."""
    covered, total = sum(review.covered), len(review.covered)
    lint = f", lint {review.lint_score}" if review.lint_score is not None else ""
    move = ("fades to " if review.level_after > review.level_before else
            "goes back to " if review.level_after < review.level_before else "stays at ")
    every = "; ".join(review.missed)  # short points (a file's keys) all fit; long ones: the first and a count
    shown = every if len(every) <= 80 or len(review.missed) == 1 else \
        f"{review.missed[0]} (and {len(review.missed) - 1} more)"
    missed = f" Missed: {shown}" if review.missed else ""
    return (f"{covered} of {total} key points{lint}: {RATING_NAMES[review.rating]}; next time the card "
            f"{move}{LEVEL_NAMES[review.level_after]}.{missed}")
