"""`icraft cue --drill` as a practice mode: :class:`icraft.cue.drill.CueDrill` is its
Dialogue and :class:`CueRunner` the SessionRunner that also keeps the cards: each
answer's score, findings, skill moves and its card's new fade level and fsrs state are
stored in one transaction (a replay after a crash stores neither twice)."""

from __future__ import annotations

from typing import Any

from icraft.modes.base import Dialogue, Mode
from icraft.modes.runner import SessionRunner

KIND = "cue"


def _dialogue(options: dict[str, Any], *, state: dict[str, Any] | None, meta: dict[str, Any], lint: Any = None,
              **_: Any) -> Dialogue:
    from icraft.cue.drill import CueDrill

    return CueDrill(options, state=state, lint=lint)


class CueRunner(SessionRunner):
    """The SessionRunner of a cue drill: a rated answer also reviews its card."""

    def _record(self, step: Any, turn: Any, turn_id: int | None) -> None:
        from icraft.cue import deck
        from icraft.store import sessions as store
        from icraft.store.db import transaction

        with transaction(self.conn):
            stored = turn_id is not None and store.has_first_score(self.conn, turn_id)
            super()._record(step, turn, turn_id)
            if step.intent is not None and turn_id is not None and not stored:
                deck.apply_review(self.conn, self.meta["options"]["deck"], step.intent)


MODE = Mode(
    kind=KIND,
    help="Rehearse your own prepared answers; the cards fade as you learn them.",
    dialogue_factory=_dialogue,
    title=lambda o: f"cue drill ({len(o['cards'])} cards, {o.get('title') or o['deck']})",
    phase_label=lambda d: "cue drill",
    command="cue --drill",
)
