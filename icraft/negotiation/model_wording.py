"""The recruiter's wording from a model: the move and the offline line go in, one spoken
line comes out. The move, the numbers and the scores stay in code; the engine keeps the
model's line only when every number in it is on the table or the candidate's
(:func:`icraft.negotiation.wording.checked`), so a model cannot reveal a hidden limit
(it never sees one) nor invent a number. A provider failure falls back to the next in the
chain and at last to the offline line (:class:`icraft.providers.FallbackChain`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from icraft.providers.fallback import FallbackChain


class ModelRewriter:
    """A ``Rewriter`` for :class:`icraft.negotiation.engine.Negotiation` over a fallback chain."""

    SYSTEM = (
        "You are a recruiter on a call, negotiating a job offer with a candidate. Say the given line "
        "in your own words as one short spoken utterance, keeping its meaning and tone. State every "
        "number exactly as it is in the line and no other number: no range, no budget, no maximum. "
        "No preamble, no quotes."
    )

    def __init__(self, chain: FallbackChain, *, session_id: str | None = None) -> None:
        self.chain = chain
        self.session_id = session_id

    @property
    def offline(self) -> bool:
        """True once every provider has failed: lines are instant from then on."""
        return self.chain.offline

    def __call__(self, move: str, offline: str, allowed: set[int]) -> str | None:
        prompt = f"Your move: {move}.\nThe line to say: {offline}"
        reply = self.chain.run(
            lambda llm: llm.complete(
                [{"role": "user", "content": prompt}],
                system=self.SYSTEM,
                purpose="recruiter",
                session_id=self.session_id,
            ),
            purpose="the recruiter",
        )
        if reply is None:
            return None
        text = " ".join(str(reply.text or "").split()).strip("\"' ")
        return text or None
