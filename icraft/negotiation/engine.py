"""One negotiation, simulated: the recruiter's moves by code, an offer ledger per turn.

:class:`Negotiation` is pure (no I/O, no database, no clock): ``start()`` gives the
recruiter's opening, ``answer(text)`` reads the candidate's turn
(:func:`icraft.negotiation.parse.parse`), lets the strategy decide the recruiter's
move, and returns the recruiter's lines. Every offer goes through
``Strategy.clamp`` (never above a hidden limit) and every recruiter line through
:func:`icraft.negotiation.wording.leaks` against the numbers on the table; the
random choices come from one ``random.Random`` seeded by scenario and seed, so the
same seed and the same candidate lines give the same negotiation, offer for offer.

It ends in a deal, a walk-away (either side) or the deadline (the final offer was
not accepted).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from icraft.core.errors import IcraftError
from icraft.negotiation import wording as w
from icraft.negotiation.parse import ISSUE_CUES, Parsed, find_amounts, parse
from icraft.negotiation.scenario import ISSUE_NAMES, ISSUES, MONEY_ISSUES, Scenario, package_value
from icraft.negotiation.strategy import Strategy

OPEN, DEAL, WALKAWAY, RECRUITER_WALKED, DEADLINE = "open", "deal", "walkaway", "recruiter_walked", "deadline"
ENDINGS = (DEAL, WALKAWAY, RECRUITER_WALKED, DEADLINE)

JUSTIFIED_PUSH = 0.06  # a counter tied to value or data moves time forward this much
MAX_JUSTIFIED = 0.24
COMPETING_PUSH = 0.15  # a competing offer above the table, once
DISCLOSED_LOW = -0.10  # a current salary below the offer, disclosed, once
ABSURD_FACTOR = 1.3  # an ask above limit * this (and above the market's p75 * it) is not serious
ABSURD_PATIENCE = {"warm": 3, "neutral": 3, "hard-nosed": 2}
IMPLAUSIBLY_LOW = 0.5  # a base ask under half the market's p25 is not taken at its word: asked back
NO_NUMBER = 10**12  # a push with no number: the recruiter moves to its own target, never past it
_PUSH_WORDS = re.compile(r"flexib|room|better|improve|negotiab|budget|range|most|more|higher|wiggle|move")

# A model that rewords the recruiter's move: (move, offline line, allowed numbers) -> text or None.
Rewriter = Callable[[str, str, "set[int]"], "str | None"]


@dataclass(frozen=True, slots=True)
class Entry:
    """One ledger row: who moved, how, and each issue's value after the move (the candidate's
    asks for a candidate row, the whole offer on the table for a recruiter row)."""

    turn: int
    who: str  # "recruiter" or "candidate"
    move: str
    values: dict[str, int]
    text: str
    note: str = ""
    # The offline line for a recruiter row (the same as ``text`` unless a model worded it):
    # what the lint reads as the question, so scores never depend on a model's wording.
    offline: str = ""

    @property
    def question(self) -> str:
        return self.offline or self.text

    def to_dict(self) -> dict[str, Any]:
        return {"turn": self.turn, "who": self.who, "move": self.move, "values": dict(self.values),
                "text": self.text, "note": self.note}


@dataclass
class Negotiation:
    scenario: Scenario
    seed: int = 0
    rewriter: Rewriter | None = None
    rng: random.Random = field(init=False)
    strategy: Strategy = field(init=False)
    offer: dict[str, int] | None = field(init=False, default=None)
    status: str = field(init=False, default=OPEN)
    round: int = field(init=False, default=0)  # candidate turns taken
    deadline: int = field(init=False)
    pressure: float = field(init=False, default=0.0)
    justified_pressure: float = field(init=False, default=0.0)
    ledger: list[Entry] = field(init=False, default_factory=list)
    lines: list[str] = field(init=False, default_factory=list)  # the candidate's turns, as typed
    said: set[int] = field(init=False, default_factory=set)  # numbers the candidate said
    shown: set[int] = field(init=False, default_factory=set)  # numbers the recruiter may say
    asks: dict[str, int] = field(init=False, default_factory=dict)  # the candidate's standing asks
    final_offer: bool = field(init=False, default=False)
    absurd: int = field(init=False, default=0)
    awaiting: str | None = field(init=False, default=None)  # the event question just asked
    bluffed: bool = field(init=False, default=False)
    competing_used: bool = field(init=False, default=False)
    competing: int | None = field(init=False, default=None)  # the competing offer's base, once stated
    competing_terms: dict[str, int] = field(init=False, default_factory=dict)  # its sign-on, equity, PTO, once stated
    disclosed_used: bool = field(init=False, default=False)
    model_lines: int = field(init=False, default=0)
    started: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(f"{self.scenario.id}:{self.seed}")
        self.strategy = Strategy.for_scenario(self.scenario, self.rng)
        self.deadline = self.scenario.deadline
        self.shown = {self.scenario.vesting_years}
        for text in self.scenario.details.values():
            self.shown |= w.numbers_in(text)

    # --- the public surface --------------------------------------------------------------------

    @property
    def done(self) -> bool:
        return self.status != OPEN

    @property
    def tau(self) -> float:
        return self.round / (self.deadline + 1) + self.pressure

    def start(self) -> list[str]:
        if self.started:
            raise IcraftError("the negotiation has already started")
        self.started = True
        text = w.opening(self.scenario, self.rng)
        return self._say("ask", text, {}, note="asks for your number first")

    def answer(self, text: str) -> list[str]:
        """The candidate's turn -> the recruiter's lines."""
        if not self.started:
            raise IcraftError("start() the negotiation first")
        if self.done:
            raise IcraftError("the negotiation is over")
        text = text.strip()
        self.lines.append(text)
        if _REPEAT.search(text.lower()) and not find_amounts(text)[0]:
            # "Can you repeat the question?" (Ctrl+R in the full screen): the last line again,
            # the question it asked still open; no time passes
            last = self.ledger[-1]
            self.ledger.append(Entry(self.round, "candidate", "repeat", {}, text))
            return self._say("repeat", last.text, last.values, note="repeats the last line")
        self.round += 1
        move = parse(text, self.offer, self.awaiting)
        self.awaiting = None
        move = self._matched(move, text)
        self.said |= set(move.amounts.values())
        if move.intent == "propose" and self._implausible(move.asks()):
            move = Parsed("unclear", justified=move.justified)
        self._record_candidate(move, text)
        out = self._respond(move, text)
        if not self.done:
            if self.ledger[-1].move != "agree":  # "do we have a deal?" waits for the answer
                out += self._events()
            if self.round >= self.deadline and not self.final_offer and not self.done:
                out += self._final()
            if self.final_offer and self.awaiting not in ("current_pay", "competing_check"):
                self.awaiting = "yes_no"  # "Yes or no?": a bare "ok" is a yes
        return out

    def _matched(self, move: Parsed, text: str) -> Parsed:
        """"Can you match on the sign-on?": an ask for the competing offer's value of each issue
        named after "match" (stated in this turn or before), never a number read off the words
        around it; "can you match the other offer?" asks for its base."""
        if move.intent == "walk":
            return move
        terms = dict(self.competing_terms)
        if self.competing is not None:
            terms["base"] = self.competing
        terms |= {k.removeprefix("competing_"): v for k, v in move.amounts.items() if k.startswith("competing_")}
        for k, v in move.amounts.items():
            if k.startswith("competing_") and k != "competing_base":
                self.competing_terms[k.removeprefix("competing_")] = v  # on record for the rest of it
        named = _match_issues(text.lower())
        matched = {i: terms[i] for i in named if i in terms}
        if matched:
            amounts = {k: v for k, v in move.amounts.items() if k not in matched} | matched
            return Parsed("propose", amounts, justified=True, ranged=move.ranged, relative=move.relative)
        if self.competing is not None and not move.asks() and not named and _MATCH.search(text.lower()):
            return Parsed("propose", {"base": self.competing}, justified=True)  # stated in an earlier turn
        return move

    def finish_early(self) -> list[str]:
        """The candidate stops: a walk-away, ledger and all."""
        if not self.done:
            self.status = WALKAWAY
            return self._say("walk", w.line(w.TABLES["you_walk"], self.scenario.persona, self.rng), self._table())
        return []

    # --- the candidate's side ------------------------------------------------------------------

    def _record_candidate(self, move: Parsed, text: str) -> None:
        asks = move.asks()
        kind = move.intent
        note = ""
        if move.intent == "propose":
            lower = [i for i, v in asks.items() if i in self.asks and v < self.asks[i]]
            if not any(e.who == "candidate" and e.move in ("anchor", "counter", "concede") for e in self.ledger):
                kind = "anchor"
                note = "named a number first" if self.offer is None else "first counter"
            elif lower:
                kind = "concede"
                moved_since = self._recruiter_moved_since_last_ask()
                note = "lowered own ask" + ("" if moved_since else " with no move from the recruiter (bidding against yourself)")
            else:
                kind = "counter"
            if move.ranged:
                note = (note + "; " if note else "") + "a range: its low end is the anchor"
        elif move.intent == "walk":
            kind = "walk"
        elif move.intent in ("stall", "silence"):
            kind = "stall"
        if "current_base" in move.amounts:
            note = (note + "; " if note else "") + f"disclosed current pay ({w.money(move.amounts['current_base'])})"
            if kind not in ("anchor", "counter", "concede"):
                kind = "disclose"
        terms = [f"{w.money(v) if k != 'competing_pto_days' else f'{v} days'} {ISSUE_NAMES[k.removeprefix('competing_')]}"
                 for k, v in move.amounts.items() if k.startswith("competing_") and k != "competing_base"]
        if "competing_base" in move.amounts:
            note = (note + "; " if note else "") + "competing offer (" + ", ".join(
                [w.money(move.amounts["competing_base"])] + terms) + ")"
        elif terms:
            note = (note + "; " if note else "") + "competing offer (" + ", ".join(terms) + ")"
        elif self.competing is not None and kind in ("anchor", "counter", "concede", "reject"):
            note = (note + "; " if note else "") + f"your competing offer ({w.money(self.competing)}) on record"
        if move.intent == "unclear":
            kind = "unclear"
            note = "an amount that makes no sense here: asked back, not acted on"
        if move.justified and kind in ("anchor", "counter", "concede", "reject"):
            note = (note + "; " if note else "") + "justified"
        values = dict(asks)
        for k in ("current_base", "competing_base"):
            if k in move.amounts:
                values[k] = move.amounts[k]
        self.ledger.append(Entry(self.round, "candidate", kind, values, text, note))

    def _recruiter_moved_since_last_ask(self) -> bool:
        for e in reversed(self.ledger):
            if e.who == "candidate" and e.move in ("anchor", "counter", "concede"):
                return False
            if e.who == "recruiter" and e.move in ("counter", "offer", "agree"):
                return True
        return False

    # --- the recruiter's side ------------------------------------------------------------------

    def _table(self) -> dict[str, int]:
        return dict(self.offer) if self.offer is not None else {}

    def _set_offer(self, new: dict[str, int]) -> None:
        self.offer = {i: self.strategy.clamp(i, new[i]) for i in ISSUES}
        self.shown |= set(self.offer.values())

    def _package(self, issues: tuple[str, ...] = ISSUES) -> str:
        assert self.offer is not None
        return w.package(self.offer, self.scenario, issues)

    def _line(self, key: str, **kw: str) -> str:
        return w.line(w.TABLES[key], self.scenario.persona, self.rng, **kw)

    def _say(self, move: str, text: str, values: dict[str, int], note: str = "") -> list[str]:
        """Every recruiter line passes here: the leak check, then the ledger."""
        allowed = self.shown | self.said
        offline = text
        if self.rewriter is not None:
            text_m, used = w.checked(self.rewriter(move, text, set(allowed)), text, allowed)
            if used:
                self.model_lines += 1
                text = text_m
        leaked = w.leaks(text, allowed)
        if leaked:  # an offline line can only say what is on the table: a bug if not
            raise AssertionError(f"recruiter line states {sorted(leaked)}, not on the table: {text!r}")
        self.ledger.append(Entry(self.round, "recruiter", move, values, text, note, offline))
        return [text]

    def _show_offer(self, prefix: str = "") -> list[str]:
        self._set_offer(self.scenario.offer)
        text = (prefix + " " if prefix else "") + self._line("offer", package=self._package())
        return self._say("offer", text, self._table(), note="opening offer")

    def _respond(self, move: Parsed, text: str) -> list[str]:
        scn = self.scenario
        asks = move.asks()
        if move.intent == "walk":
            self.status = WALKAWAY
            return self._say("walk", self._line("you_walk"), self._table(), note="you walked away")
        if "competing_base" in move.amounts:
            self.competing = move.amounts["competing_base"]  # on record for the rest of the negotiation
        if "competing_base" in move.amounts and not self.competing_used:
            self.competing_used = True
            if self.offer is None or move.amounts["competing_base"] > self.offer["base"]:
                self.pressure += COMPETING_PUSH
        if "current_base" in move.amounts and not self.disclosed_used:
            self.disclosed_used = True
            if move.amounts["current_base"] < (self.offer or scn.offer)["base"]:
                self.pressure += DISCLOSED_LOW
        if move.justified and (asks or move.intent in ("reject", "justify")):
            bump = min(JUSTIFIED_PUSH, MAX_JUSTIFIED - self.justified_pressure)
            if bump > 0:
                self.justified_pressure += bump
                self.pressure += bump

        if move.intent == "unclear":  # never acted on, not even at the final offer: asked back
            return self._say("clarify", self._line("unclear"), self._table(), note="asked back: no sensible amount")
        if self.final_offer and move.intent != "accept" and not asks:
            self.status = DEADLINE
            return self._say("expired", self._line("expired"), self._table(), note="the final offer was not accepted")
        if move.intent == "accept":
            if self.offer is None:
                return self._show_offer(self._line("need_offer"))
            self.status = DEAL
            return self._say("accept", self._line("deal", package=self._package()), self._table(),
                             note="deal on the offer as it stood")
        if asks:
            return self._answer_ask(asks, move)
        if move.intent in ("reject", "justify") or (move.intent == "ask" and _PUSH_WORDS.search(text.lower())):
            if self.offer is None:
                return self._show_offer(self._ack(move))
            named = _issues_named(text)
            # No number: the recruiter moves toward its own target, never toward a number it
            # would have to name; a standing ask stays the candidate's ask. The issues the
            # push names ("any flexibility on the sign-on or equity?") are the ones answered.
            if named:
                push = {i: self.asks.get(i, NO_NUMBER) for i in named}
            else:
                push = dict(self.asks) if self.asks else {"base": NO_NUMBER}
            return self._counter(push, move, silent_ask=all(v == NO_NUMBER for v in push.values()))
        if move.intent == "ask":
            topic = _issue_named(text) or next(
                (k for k in ("start_date", "remote", "title") if k.split("_")[0] in text.lower()), "other")
            if self.offer is None and topic == "other":  # "what's the range?": the offer is the answer
                return self._show_offer(self._line("need_offer"))
            lines = self._say("info", w.info(scn, topic), self._table(), note="answers a question")
            if self.offer is None:
                lines += self._show_offer()
            return lines
        if move.intent == "disclose":
            lines = self._say("ack", self._line("disclosed"), self._table(), note="noted your current pay")
            return lines + (self._show_offer() if self.offer is None else [])
        # stall, silence
        if self.offer is None:
            return self._show_offer(self._line("need_offer"))
        return self._say("hold", self._line("stall"), self._table(), note="waits for you")

    def _ack(self, move: Parsed) -> str:
        if "competing_base" in move.amounts or move.intent == "justify":
            return self._line("competing") if "competing_base" in move.amounts else self._line("need_offer")
        return self._line("need_offer")

    def _implausible(self, asks: dict[str, int]) -> bool:
        """A base ask under half the market's p25 ("I'd take 50k" for a 150k role): not a
        number to act on (judged on public figures only)."""
        return "base" in asks and asks["base"] < self.scenario.market["p25"] * IMPLAUSIBLY_LOW

    def _answer_ask(self, asks: dict[str, int], move: Parsed) -> list[str]:
        scn = self.scenario
        if self.offer is not None:
            # An ask at or below what is on the table gains nothing: the table stands for that
            # issue (a deal is never worse than the table), and an ask for nothing more is
            # asked back rather than closed.
            covered = {i: v for i, v in asks.items() if v <= self.offer[i]}
            asks = {i: v for i, v in asks.items() if i not in covered}
            if not asks:
                self.awaiting = "yes_no"  # "Do you accept it?"
                return self._say("hold", self._line("covered", package=self._package()), self._table(),
                                 note="your ask was at or below the offer on the table: not a deal until you accept")
        else:
            covered = {}
        for i, v in asks.items():
            self.asks[i] = v
        if any(is_absurd(scn, i, v) for i, v in asks.items()):
            self.absurd += 1
            if self.offer is None:
                self._set_offer(scn.offer)
            if self.absurd >= ABSURD_PATIENCE[scn.persona]:
                self.status = RECRUITER_WALKED
                return self._say("walk", self._line("they_walk"), self._table(), note="too far apart to go on")
            return self._say("hold", self._line("absurd", package=self._package()), self._table(),
                             note="an ask far outside the range: no movement")
        if self.final_offer:
            if self.strategy.accepts(asks, self.tau):
                return self._accept(asks)
            self.status = DEADLINE
            return self._say("expired", self._line("expired"), self._table(), note="the final offer was not accepted")
        if self.strategy.accepts(asks, self.tau) and self.offer is not None:
            return self._accept(asks)
        if self.offer is None:
            if self.strategy.accepts(asks, self.tau * 0.5):
                self._set_offer(scn.offer)
                return self._accept(asks, on_table=False)
            return self._show_offer()
        return self._counter(asks, move, covered=tuple(covered))

    def _accept(self, asks: dict[str, int], on_table: bool = True) -> list[str]:
        """The recruiter agrees to the candidate's ask: it goes on the table and the deal
        waits for the candidate's yes (a deal needs the candidate's acceptance). With an offer
        on the table no issue goes below it; an anchor named before any offer is tabled as
        said (a low anchor costs money)."""
        assert self.offer is not None
        new = dict(self.offer)
        new.update({i: max(v, self.offer[i]) if on_table else v for i, v in asks.items()})
        self._set_offer(new)
        self.awaiting = "yes_no"  # "Shall I send the offer letter?"
        return self._say("agree", self._line("accept", package=self._package()), self._table(),
                         note="agreed to your ask: a deal once you say yes")

    def _counter(self, asks: dict[str, int], move: Parsed, silent_ask: bool = False,
                 covered: tuple[str, ...] = ()) -> list[str]:
        """Counter every asked issue: each one moves toward the ask, or is said not to move;
        an issue asked at or below the table (``covered``) is said to stand already."""
        assert self.offer is not None
        already = self._line("covered_part", issues=_names(dict.fromkeys(covered), "and")) if covered else ""
        if self.bluffed and not move.justified and self.competing is None and not silent_ask:
            self.bluffed = False
            text = w.sentences(already, self._line("hold", issues=_names(asks), package=self._package()))
            return self._say("hold", text, self._table(), note="held after 'best offer': an unjustified push")
        self.bluffed = False
        before = dict(self.offer)
        new, traded = self.strategy.counter(before, asks, self.tau, self.scenario.cheap)
        moved = tuple(i for i in ISSUES if new[i] != before[i] and i not in traded)
        unmoved = tuple(i for i in asks if i in ISSUES and new[i] == before[i])
        self._set_offer(new)
        if not moved and not traded:
            text = w.sentences(already, self._line("hold", issues=_names(asks), package=self._package()))
            return self._say("hold", text, self._table(), note="no movement")
        parts = [already]
        if moved:
            parts.append(self._line("counter", moved=w.package(self.offer, self.scenario, moved)))
        short = next((i for i, v in asks.items() if i in ISSUES and new[i] < v), next(iter(asks)))
        said_short = unmoved if not traded else tuple(i for i in unmoved if i != short)  # the trade line says it
        if said_short:
            parts.append(self._line("unmoved", issues=_names(dict.fromkeys(said_short), "and")))
        if traded:
            parts.append(self._line("trade", short=ISSUE_NAMES.get(short, "base salary"),
                                    traded=w.package(self.offer, self.scenario, tuple(traded))))
        parts.append(self._line("now", package=self._package()))
        text = w.sentences(*parts)
        notes = []
        if moved:
            notes.append("moved " + ", ".join(ISSUE_NAMES[i] for i in moved))
        if unmoved and not silent_ask:
            notes.append("no movement on " + ", ".join(ISSUE_NAMES[i] for i in unmoved))
        if traded:
            notes.append("traded " + ", ".join(ISSUE_NAMES[i] for i in traded))
        if covered:
            notes.append("already on the table: " + ", ".join(ISSUE_NAMES[i] for i in covered))
        return self._say("counter", text, self._table(), note="; ".join(notes))

    def _events(self) -> list[str]:
        out: list[str] = []
        for ev in self.scenario.events:
            if ev.at != self.round:
                continue
            if ev.kind == "exploding":
                self.deadline = min(self.deadline, self.round)  # the final offer comes now
            if ev.kind == "best_offer":
                if self.offer is None:
                    continue
                self.bluffed = True
            if self._answered(ev.kind):
                continue  # "do you have other offers?" after the candidate named one: not asked
            self.awaiting = ev.kind
            out += self._say("event", w.EVENTS[ev.kind], self._table(), note=ev.kind.replace("_", " "))
        return out

    def _answered(self, kind: str) -> bool:
        """Whether the candidate already said what an event's question asks: a competing
        offer (or other offers, by name or number) for the competing check, current pay for
        the current-pay question."""
        said = [e for e in self.ledger if e.who == "candidate"]
        if kind == "competing_check":
            return self.competing is not None or any(e.move == "justify" and _OTHER_OFFERS.search(e.text.lower())
                                                     for e in said)
        if kind == "current_pay":
            return any("current_base" in e.values for e in said)
        return False

    def _final(self) -> list[str]:
        if self.offer is None:
            self._set_offer(self.scenario.offer)
        self.final_offer = True
        return self._say("final", self._line("final", package=self._package()), self._table(), note="deadline")

    # --- results -------------------------------------------------------------------------------

    def final_values(self) -> dict[str, int]:
        """The package at the end: the deal, or the last offer on the table without one."""
        return dict(self.offer) if self.offer is not None else dict(self.scenario.offer)

    def money_left(self) -> int:
        """The exact difference between the hidden limits' package and the final one."""
        scn = self.scenario
        return package_value(scn, scn.limits) - package_value(scn, self.final_values())

    def snapshot(self) -> dict[str, Any]:
        """Enough to rebuild this negotiation exactly: the scenario, the seed, the lines."""
        return {"scenario": self.scenario.to_dict() | {"source": self.scenario.source},
                "seed": self.seed, "lines": list(self.lines)}


def replay(scenario: Scenario, seed: int, lines: list[str], rewriter: Rewriter | None = None) -> tuple[Negotiation, list[list[str]]]:
    """Run ``lines`` through a fresh negotiation; the recruiter's lines per step (opening first)."""
    neg = Negotiation(scenario, seed, rewriter)
    said = [neg.start()]
    for line in lines:
        if neg.done:
            break
        said.append(neg.answer(line))
    return neg, said


def is_absurd(scn: Scenario, issue: str, ask: int) -> bool:
    """An ask no recruiter takes seriously, judged on what the candidate can know (the
    market band and the offer), never on the hidden limits: a base past the market's p75
    by ABSURD_FACTOR, another money issue past three times the offer and a third of the
    market's median salary."""
    if issue == "base":
        return ask > scn.market["p75"] * ABSURD_FACTOR
    if issue in MONEY_ISSUES:
        return ask > max(3 * scn.offer[issue], scn.market["p50"] * 3 // 10)
    return False


_OTHER_OFFERS = re.compile(r"\bother\s+(?:offers?|companies)\b|\binterviewing\b|\bfinal\s+rounds?\b|\boffer\s+from\b")
_REPEAT = re.compile(r"\brepeat\b|\bsay\s+(?:that|it)\s+again\b|\bcome\s+again\b|^\s*pardon\b|^\s*sorry\s*\?")
_MATCH = re.compile(r"\bmatch\b|\b(?:other|competing)\s+offer\b|\bthe\s+offer\s+i\s+have\b")


_SIGN_ON_BONUS = re.compile(r"(?:" + ISSUE_CUES["sign_on"].pattern + r")(?:\s+bonus(?:es)?)?")


def _issues_named(text: str) -> list[str]:
    """Every issue the words name, in the order they are named."""
    t = text.lower()
    found = [(m.start(), issue) for issue in ISSUES if (m := ISSUE_CUES[issue].search(t))]
    if any(i == "sign_on" for _, i in found):  # "signing bonus" is the sign-on, not the bonus
        found = [(at, i) for at, i in found if i != "bonus_pct" or ISSUE_CUES["bonus_pct"].search(
            _SIGN_ON_BONUS.sub(" ", t))]
    return [i for _, i in sorted(found)]


_MATCH_SPAN = re.compile(r"\bmatch(?:es|ed|ing)?\b([^.?!;]*)")
_LEAD_WORDS = re.compile(r"^(?:(?:the|their|its|your|my|also|on|in)\s+)*")


def _match_issues(t: str) -> list[str]:
    """The issues named right after "match" ("match on the sign-on and move the base up":
    the sign-on; "match their equity and sign-on": both), in order."""
    out: list[str] = []
    for m in _MATCH_SPAN.finditer(t):
        span = m.group(1)
        for cut in re.finditer(r",?\s+(?:and|but|so|then)\s+|,\s*", span):
            rest = span[cut.end():]
            if not any(c.match(rest, _LEAD_WORDS.match(rest).end()) for c in ISSUE_CUES.values()):
                span = span[: cut.start()]  # "... and move the base up": another request
                break
        out += [i for i in _issues_named(span) if i not in out]
    return out


def _issue_named(text: str) -> str | None:
    t = text.lower()
    for issue in ("sign_on", "equity", "pto_days", "bonus_pct", "base"):
        if ISSUE_CUES[issue].search(t):
            return issue
    return None


def _names(asks: dict[str, int | None], conj: str = "or") -> str:
    names = [ISSUE_NAMES[i] for i in asks if i in ISSUE_NAMES] or ["base salary"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {conj} " + names[-1]
