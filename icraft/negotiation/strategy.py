"""The recruiter's concession strategy: time-based (Boulware) over every issue.

For each issue the recruiter's *target* at negotiation time ``tau`` (0 at the start, 1
at the deadline) is::

    target(tau) = opening + (limit - opening) * tau ** (1 / e)

with ``e`` below 1: a Boulware curve that concedes little early and most near the
deadline. ``e`` depends on the persona (warm concedes sooner than hard-nosed) and on
the issue (cheap issues such as a sign-on move freely, dear ones such as base
slowly), with a small per-seed spread so two seeds of one scenario do not play
identically. Targets are rounded *down* to the issue's step and never leave
``[opening, limit]``: no target, and so no offer, ever exceeds a hidden limit.

The recruiter accepts an ask when every asked issue is within its current target
(the accept rule); otherwise it counters at the target (never past the ask) and, when
a dear issue cannot reach the ask, trades a cheap one up. Pressure from the
candidate (justified counters, a competing offer) moves ``tau`` forward; a disclosed
low current salary moves it back. Why not negmas: see docs/NEGOTIATION.md (this is
the whole strategy, about sixty lines; negmas would bring 36 packages).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from icraft.negotiation.scenario import ISSUES, Scenario

PERSONA_E = {"warm": 0.6, "neutral": 0.35, "hard-nosed": 0.2}
CHEAP_FACTOR = 2.5  # cheap issues concede this much sooner (a larger e)
DEAR_FACTOR = 0.6
STEP = {"base": 500, "bonus_pct": 1, "equity": 1000, "sign_on": 1000, "pto_days": 1}
TRADE_LEAD = 0.15  # a traded cheap issue moves as if this much later in the negotiation


@dataclass(frozen=True, slots=True)
class Strategy:
    opening: dict[str, int]
    limits: dict[str, int]
    e: dict[str, float]

    @classmethod
    def for_scenario(cls, scn: Scenario, rng: random.Random) -> Strategy:
        base_e = PERSONA_E[scn.persona]
        e: dict[str, float] = {}
        for issue in ISSUES:
            factor = CHEAP_FACTOR if issue in scn.cheap else DEAR_FACTOR if issue in scn.dear else 1.0
            e[issue] = base_e * factor * rng.uniform(0.85, 1.15)
        return cls(dict(scn.offer), dict(scn.limits), e)

    def target(self, issue: str, tau: float) -> int:
        """The most the recruiter will give on ``issue`` at time ``tau`` (within the limit)."""
        lo, hi = self.opening[issue], self.limits[issue]
        tau = min(1.0, max(0.0, tau))
        value = lo + (hi - lo) * tau ** (1.0 / self.e[issue])
        step = STEP[issue]
        stepped = int(value) // step * step
        return self.clamp(issue, max(lo, stepped))

    def clamp(self, issue: str, value: int) -> int:
        """The hidden limit, enforced: every offer passes through here."""
        return min(self.limits[issue], max(0, value))

    def accepts(self, asks: dict[str, int], tau: float) -> bool:
        """The accept rule: every asked issue is within its current target."""
        return bool(asks) and all(v <= self.target(i, tau) for i, v in asks.items())

    def counter(
        self, offer: dict[str, int], asks: dict[str, int], tau: float, cheap: tuple[str, ...]
    ) -> tuple[dict[str, int], list[str]]:
        """The recruiter's next offer toward ``asks`` at time ``tau``, and the cheap issues
        traded up because an asked issue fell short of the ask."""
        new = dict(offer)
        short = False
        for issue, ask in asks.items():
            target = self.target(issue, tau)
            new[issue] = self.clamp(issue, max(offer[issue], min(ask, target)))
            short = short or new[issue] < ask
        traded: list[str] = []
        if short:
            for issue in cheap:
                if issue in asks:
                    continue
                moved = self.clamp(issue, max(offer[issue], self.target(issue, tau + TRADE_LEAD)))
                if moved > new[issue]:
                    new[issue] = moved
                    traded.append(issue)
        return new, traded
