"""Rewind a negotiation turn: say one turn differently, replay the rest with the same seed.

The negotiation is deterministic, so "what if I had said this instead" has one answer:
the turns before the rewound one are replayed as they were, the new line takes its place,
then the candidate's later lines follow as they were said until the negotiation ends (if
they run out first, it ends as a piped negotiation does: a walk-away). The delta is in
dollars (the final package's first-year value, the money left on the table) and in
points (every score). Pure: the caller stores and prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from icraft.core.errors import InputError
from icraft.negotiation.engine import Negotiation
from icraft.negotiation.scenario import Scenario
from icraft.negotiation.scoring import result


@dataclass(frozen=True)
class Rewound:
    turn: int  # 1-based candidate turn
    before_text: str
    after_text: str
    before: dict[str, Any]  # final results
    after: dict[str, Any]

    @property
    def delta(self) -> dict[str, Any]:
        b, a = self.before, self.after
        scores = {k: (a["scores"][k] - b["scores"][k])
                  if a["scores"].get(k) is not None and b["scores"].get(k) is not None else None
                  for k in a["scores"]}
        return {
            "final_value": a["final"]["value"] - b["final"]["value"],
            "money_left": a["money_left"] - b["money_left"],
            "deal": [b["final"]["deal"], a["final"]["deal"]],
            "scores": scores,
        }

    def to_dict(self) -> dict[str, Any]:
        return {"turn": self.turn, "before_text": self.before_text, "after_text": self.after_text,
                "delta": self.delta, "before": self.before, "after": self.after}


def play(scn: Scenario, seed: int, lines: list[str]) -> Negotiation:
    """The negotiation these lines give; ended as a walk-away if they run out first."""
    neg = Negotiation(scn, seed)
    neg.start()
    for line in lines:
        if neg.done:
            break
        neg.answer(line)
    if not neg.done:
        neg.finish_early()
    return neg


def weakest_turn(res: dict[str, Any]) -> int:
    """The candidate turn (1-based) of the first point lost, else the first turn."""
    lost = [m["turn"] for m in res["moments"] if not m["won"] and m["turn"] > 0]
    return min(lost) if lost else 1


def rewind(scn: Scenario, seed: int, lines: list[str], turn: int | None, text: str) -> Rewound:
    """Replace candidate turn ``turn`` (1-based; None: :func:`weakest_turn`) with ``text``."""
    before_neg = play(scn, seed, lines)
    before = result(before_neg)
    said = before_neg.lines  # the lines the negotiation actually took
    turn = weakest_turn(before) if turn is None else turn
    if not 1 <= turn <= len(said):
        raise InputError(f"turn {turn} is not in this negotiation", f"it has turns 1 to {len(said)}")
    if not text.strip():
        raise InputError("no re-answer given", "type the line you would say instead")
    new_lines = [*said[: turn - 1], text.strip(), *said[turn:]]
    after = result(play(scn, seed, new_lines))
    return Rewound(turn, said[turn - 1], text.strip(), before, after)
