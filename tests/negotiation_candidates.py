"""Scripted candidates for negotiation tests: meek, reasonable, aggressive, absurd.

Each is a function (negotiation, rng) -> the candidate's next line, reading only what a
real candidate sees: the offer on the table, the public market band, the round and the
recruiter's last words. Never the hidden limits.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from icraft.negotiation.engine import Negotiation


def _k(v: float) -> str:
    return f"{int(v) // 1000}k"


def _table(neg: Negotiation) -> dict[str, int]:
    return neg.offer or neg.scenario.offer


def meek(neg: Negotiation, rng: random.Random) -> str:
    m = neg.scenario.market
    if neg.round == 0:
        return rng.choice([
            "I'm flexible, whatever you think is fair.",
            f"Um, maybe {_k(m['p25'])}? If that's okay?",
            "Thank you so much for the offer, I'm excited.",
            "I make " + _k(m["p25"] * 0.9) + " now.",
            f"Sorry, I know it's a lot, but would {_k(m['p50'])} be possible?",
        ])
    return rng.choice([
        "That sounds great, I'll take it!",
        "Okay, that works for me.",
        f"Sorry, I guess {_k(_table(neg)['base'] + 1000)} would be nice, if that's okay?",
        "I accept.",
    ])


def reasonable(neg: Negotiation, rng: random.Random) -> str:
    m = neg.scenario.market
    t = _table(neg)
    if neg.round == 0:
        return rng.choice([
            f"Thank you! Based on market data for this level and the scope we discussed, I'm looking for {_k(m['p75'])} base.",
            "I'd rather hear your offer first. What range do you have in mind?",
            f"Given my experience, I was hoping for {_k(m['p75'] * 0.98)}.",
        ])
    if neg.awaiting == "current_pay":
        return "I'd rather not share that; I'm focused on the value I'd bring to this role."
    if neg.awaiting == "competing_check":
        return rng.choice([f"Yes, I have an offer at {_k(m['p75'])}.", "Yes, I'm in final rounds elsewhere."])
    if neg.final_offer or neg.round >= 4 or t["base"] >= m["p50"]:
        return rng.choice(["That works for me, thank you!", "I accept."])
    ask = max(t["base"] + 5000, m["p50"])
    return rng.choice([
        f"I appreciate it. Given the scope I'd own, could we get base to {_k(ask)}?",
        f"If base is tight, could we do a {_k(t['sign_on'] + 15000)} sign-on?",
        f"Could you do {_k(ask)} base and an extra week of PTO?",
        "That's below what I'm seeing in the market for this level.",
    ])


def aggressive(neg: Negotiation, rng: random.Random) -> str:
    m = neg.scenario.market
    t = _table(neg)
    if neg.round == 0:
        return f"I'm looking for {_k(m['p75'] * 1.2)} base, based on the market and my track record."
    if neg.final_offer:
        return rng.choice(["Fine, I accept.", "I'll pass, thanks."])
    return rng.choice([
        f"I need {_k(m['p75'] * 1.15)}. I have another offer at {_k(m['p75'] * 1.1)}.",
        f"That's too low. {_k(max(t['base'] + 10000, m['p75']))} base and a {_k(t['sign_on'] + 30000)} sign-on.",
        "No. That's not competitive.",
        f"I'd want {_k(t['equity'] * 1.6)} in equity.",
        "",
    ])


def absurd(neg: Negotiation, rng: random.Random) -> str:
    m = neg.scenario.market
    return rng.choice([
        f"I want {_k(m['p75'] * 3)} base.",
        "I want half a million.",
        f"Give me {_k(m['p75'] * 2.5)} and a 500k sign-on.",
        "Three hundred grand or nothing." if m["p75"] < 150000 else "I need 2 million.",
    ])


CANDIDATES: dict[str, Callable[[Negotiation, random.Random], str]] = {
    "meek": meek,
    "reasonable": reasonable,
    "aggressive": aggressive,
    "absurd": absurd,
}


def play(neg: Negotiation, kind: str, seed: int, max_turns: int = 20) -> list[str]:
    """Run a scripted candidate to the end; the lines it said."""
    rng = random.Random(f"{kind}:{seed}")
    said = []
    neg.start()
    while not neg.done and len(said) < max_turns:
        line = CANDIDATES[kind](neg, rng)
        said.append(line)
        neg.answer(line)
    return said
