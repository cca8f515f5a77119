"""Scores and the debrief of a finished negotiation, from the ledger and the lint engine.

No model decides a score. Outcome, anchoring and counter strategy are read from the
offer ledger and the scenario (market band, hidden limits); value articulation and
emotional control come from the lint engine's rules for those skills (the rubric
says which rules give evidence about which skill), run on the candidate's turns,
with their evidence spans. Money left on the table is the exact difference between
the hidden limits' package and the final package (``scenario.package_value``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from icraft.negotiation.engine import ABSURD_FACTOR, DEAL, Entry, Negotiation
from icraft.negotiation.scenario import ISSUE_NAMES, Scenario, package_value
from icraft.negotiation.wording import money

if TYPE_CHECKING:
    from icraft.core.findings import AnswerResult
    from icraft.rubric import Rubric

SKILLS = ("anchoring", "value_articulation", "counter_strategy", "emotional_control")
QUESTION_TYPE = "negotiation"  # the lint's question type for every candidate turn
PUSHES = ("anchor", "counter", "reject", "justify")
ASKS = ("anchor", "counter", "concede")
_MATCH_ASK = re.compile(r"\bmatch")  # "can you match it", "matching the other offer"


@dataclass(frozen=True, slots=True)
class Moment:
    """A point won or lost: the turn, the candidate's own words, what it did, what to say instead."""

    turn: int
    quote: str
    effect: str
    won: bool
    instead: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"turn": self.turn, "quote": self.quote, "effect": self.effect, "won": self.won, "instead": self.instead}


def anchor_band(scn: Scenario, ask: int) -> str:
    """The first ask against the market band: too_low, good, aggressive or absurd."""
    m = scn.market
    if ask < m["p50"]:
        return "too_low"
    if ask <= m["p75"] * 105 // 100:
        return "good"
    if ask <= m["p75"] * ABSURD_FACTOR:
        return "aggressive"
    return "absurd"


def _cands(neg: Negotiation) -> list[Entry]:
    return [e for e in neg.ledger if e.who == "candidate"]


def _recruiter_after(neg: Negotiation, entry: Entry) -> list[Entry]:
    return [e for e in neg.ledger if e.who == "recruiter" and e.turn == entry.turn]


def _value(scn: Scenario, values: dict[str, int]) -> int:
    return package_value(scn, values) if values and set(values) >= set(scn.offer) else package_value(scn, scn.offer)


def score_anchoring(neg: Negotiation) -> tuple[int, dict[str, Any], list[Moment]]:
    scn = neg.scenario
    cands = _cands(neg)
    first_ask = next((e for e in cands if e.move in ASKS and "base" in e.values), None)
    first_number = next((e for e in neg.ledger if e.values and (e.who == "recruiter" or e.move in ASKS)), None)
    named_first = "candidate" if first_number is not None and first_number.who == "candidate" else "recruiter"
    disclosed = next((e for e in cands if "current_base" in e.values), None)
    moments: list[Moment] = []
    p75 = money(scn.market["p75"])
    if first_ask is None:
        band, score = "none", 20
        who = next((e for e in cands if e.text), None)
        if who is not None:
            moments.append(Moment(who.turn, who.text, "never named a base salary: the recruiter's number was the only anchor",
                                  False, f"Name one number near the market's p75 ({p75}) and tie it to the role's scope."))
    else:
        ask = first_ask.values["base"]
        band = anchor_band(scn, ask)
        score = {"good": 100, "aggressive": 80, "too_low": 60 if ask >= scn.market["p25"] else 30, "absurd": 25}[band]
        instead = {
            "too_low": f"Anchor near the market's p75 ({p75}), with the reason: market data and your scope.",
            "absurd": f"An ask far past the market makes you look unprepared; anchor near p75 ({p75}).",
            "aggressive": "",
            "good": "",
        }[band]
        if band == "too_low" and named_first == "candidate":
            score -= 10
        moments.append(Moment(first_ask.turn, first_ask.text,
                              f"first ask {money(ask)}: {band.replace('_', ' ')} against the market "
                              f"(p25 {money(scn.market['p25'])}, p50 {money(scn.market['p50'])}, p75 {p75})",
                              band in ("good", "aggressive"), instead))
        if "a range" in first_ask.note:
            score -= 10
    if disclosed is not None:
        score -= 30
        moments.append(Moment(disclosed.turn, disclosed.text, "disclosed current pay: the offer is now anchored to it",
                              False, "\"I'd rather focus on this role: based on market data for the level, I'm looking for ...\""))
    detail = {"first_ask": first_ask.values["base"] if first_ask else None, "band": band,
              "named_first": named_first, "disclosed_current_pay": disclosed is not None}
    return max(0, min(100, score)), detail, moments


def competing_on_record(neg: Negotiation) -> tuple[Entry | None, int | None]:
    """The competing offer the candidate stated (the ledger row and its base), kept for
    the rest of the negotiation: the latest one stated."""
    row = next((e for e in reversed(_cands(neg)) if "competing_base" in e.values), None)
    return row, (row.values["competing_base"] if row is not None else None)


def score_counter(neg: Negotiation) -> tuple[int, dict[str, Any], list[Moment]]:
    scn = neg.scenario
    cands = _cands(neg)
    moments: list[Moment] = []
    competing_row, competing = competing_on_record(neg)
    if competing_row is not None and neg.status == DEAL and neg.final_values()["base"] < competing:
        closed = f"closed at a base of {money(neg.final_values()['base'])}, below the competing offer " \
                 f"of {money(competing)} you had on record"
        since = cands[cands.index(competing_row):]
        if any(_MATCH_ASK.search(e.text.lower()) or e.values.get("base", 0) >= competing for e in since):
            # They did ask to match (or asked for its base): the advice is about the close, where
            # it was lost, never "ask them to match", said to someone who just did.
            acc = next((e for e in reversed(since) if e.move == "accept"), since[-1])
            moments.append(Moment(acc.turn, acc.text, closed, False,
                                  f"Hold out before saying yes: \"My other offer is {money(competing)} base; "
                                  f"if you can meet that, I can sign today.\""))
        else:
            moments.append(Moment(competing_row.turn, competing_row.text, closed, False,
                                  "Use it before closing: \"I have an offer at that number; can you match it on base?\""))
    pushes = [e for e in cands if e.move in PUSHES]
    if not pushes and not any(e.move == "concede" for e in cands):
        # Never countered: the same 15 with or without a deal. An instant "I accept" that ended
        # in a walk-away (said before the offer, then the end of input) scored 45 here, more
        # than accepting the offer, for no counter at all.
        accepted_first = neg.status == DEAL
        acc = next((e for e in cands if e.move == "accept"), cands[-1] if cands else None)
        if acc is not None:
            effect = "accepted the first offer without a counter" if accepted_first else "never countered"
            moments.append(Moment(acc.turn, acc.text, effect, False,
                                  "\"Thank you, I'm excited. Based on the scope, I was hoping for ...; is there flexibility?\""))
        return 15, {"accepted_first_offer": accepted_first, "pushes": 0, "moved": 0, "against_yourself": 0,
                    "levers": [], "growing_concessions": 0, "competing_offer": competing}, moments
    score = 100
    moved = 0
    for e in pushes:
        before = _table_before(neg, e)
        after = next((r for r in _recruiter_after(neg, e) if r.move in ("counter", "agree", "accept")), None)
        if after is not None and before:
            gain = _value(scn, after.values) - _value(scn, before)
            if gain > 0:
                moved += 1
                moments.append(Moment(e.turn, e.text, f"moved the recruiter: +{money(gain)} a year in package value", True))
        elif after is None and any(r.move == "hold" for r in _recruiter_after(neg, e)):
            hint = "Tie the ask to value: the impact you bring, market data, or a competing offer."
            backed = "justified" in e.note or "on record" in e.note
            moments.append(Moment(e.turn, e.text, "no movement", False, "" if backed else hint))
    for e in cands:
        if any("far outside" in r.note for r in _recruiter_after(neg, e)):
            score -= 20
            moments.append(Moment(e.turn, e.text, "an ask far outside the market: the recruiter stopped moving", False,
                                  f"Stay within reach of the market's p75 ({money(scn.market['p75'])}) and justify it."))
    if neg.status == "recruiter_walked":
        score -= 20
    if pushes and moved * 2 < len(pushes):
        score -= 15
    against = [e for e in cands if "bidding against yourself" in e.note]
    for e in against:
        score -= 20
        moments.append(Moment(e.turn, e.text, "lowered your own ask before the recruiter moved (bidding against yourself)",
                              False, "Hold your number and ask what they can do: \"What flexibility do you have there?\""))
    base_steps = [e.values["base"] for e in cands if e.move in ASKS and "base" in e.values]
    drops = [a - b for a, b in zip(base_steps, base_steps[1:]) if b < a]
    growing = sum(1 for a, b in zip(drops, drops[1:]) if b > a)
    score -= 10 * growing
    levers = sorted({i for e in cands if e.move in ASKS for i in e.values if i in scn.offer and i != "base"})
    if not levers:
        score -= 15
        first = pushes[0] if pushes else (cands[0] if cands else None)
        if first is not None:
            moments.append(Moment(first.turn, first.text, "no non-salary lever asked for (sign-on, equity, PTO)", False,
                                  "When base stalls, trade: \"If base is fixed, could we do a larger sign-on?\""))
    if not pushes:
        score -= 40
    detail = {"accepted_first_offer": False, "pushes": len(pushes), "moved": moved, "against_yourself": len(against),
              "levers": [ISSUE_NAMES[i] for i in levers], "growing_concessions": growing, "competing_offer": competing}
    return max(0, min(100, score)), detail, moments


def _table_before(neg: Negotiation, entry: Entry) -> dict[str, int]:
    table: dict[str, int] = {}
    for e in neg.ledger:
        if e is entry:
            break
        if e.who == "recruiter" and e.values:
            table = e.values
    return table


def lints(entry: Entry, *, countered: bool) -> bool:
    """Whether a candidate turn goes through the lint engine: every turn with words, but
    a closing acceptance after the candidate has countered (not a concession) and a request
    to repeat the last line."""
    return bool(entry.text) and entry.move != "repeat" and not (entry.move == "accept" and countered)


def negotiation_rules(rubric: Rubric) -> tuple[str, ...]:
    """The rules a negotiation turn is judged by: those that apply to negotiation answers
    and give evidence about one of the four negotiation microskills (weak_anchor and
    early_concession in the default rubric). A length or delivery rule (too_short,
    rambling, fillers) is no measure of a negotiation move: "Can you do 195?" is a whole one."""
    return tuple(r.id for r in rubric.rules if r.applies(QUESTION_TYPE) and set(r.skills) & set(SKILLS))


def lint_entry(entry: Entry, question: str, rubric: Rubric | None = None, *, backed: bool = False) -> AnswerResult:
    """One candidate turn as a negotiation answer (question type ``negotiation``, the
    :func:`negotiation_rules` only), the recruiter's line before it as the question.
    ``backed``: a competing offer is on record from an earlier turn, so a number said now
    is not unjustified (a finding whose only reason is "unjustified" is dropped)."""
    from dataclasses import replace

    from icraft.rubric import lint_answer, load_rubric
    from icraft.rubric.scoring import score_answer

    rubric = rubric or load_rubric()
    res = lint_answer(entry.text, question=question, question_type=QUESTION_TYPE, rubric=rubric,
                      rules=negotiation_rules(rubric))
    if not backed:
        return res
    kept = tuple(f for f in res.findings if f.detail.get("reasons") != ["unjustified"])
    if len(kept) == len(res.findings):
        return res
    return replace(res, findings=kept, score=score_answer(kept, rubric, res.question_type, tuple(res.score.categories)))


def backed_by_competing(ledger: list[Entry], entry: Entry) -> bool:
    """Whether a competing offer was stated in a candidate turn before ``entry``."""
    for e in ledger:
        if e is entry:
            return False
        if e.who == "candidate" and "competing_base" in e.values:
            return True
    return False


def linted_turns(neg: Negotiation, rubric: Rubric) -> list[tuple[Entry, AnswerResult]]:
    """The candidate's turns through the lint engine (:func:`lints`, :func:`lint_entry`)."""
    out = []
    countered = False
    question = ""
    for e in neg.ledger:
        if e.who == "recruiter":
            question = e.question  # the offline line: a model's wording never changes a score
            continue
        if e.move in PUSHES or e.move == "concede":
            countered = True
        if lints(e, countered=countered):
            out.append((e, lint_entry(e, question, rubric, backed=backed_by_competing(neg.ledger, e))))
    return out


def score_lint(neg: Negotiation, rubric: Rubric) -> tuple[dict[str, int | None], list[Moment], list[dict[str, Any]]]:
    """value_articulation and emotional_control: the mean evidence the rubric's rules for
    those skills give over the candidate's turns (``skills.evidence.observe``), with the
    findings behind them."""
    from icraft.skills.evidence import observe

    seen: dict[str, list[float]] = {"value_articulation": [], "emotional_control": []}
    moments: list[Moment] = []
    findings: list[dict[str, Any]] = []
    for entry, result in linted_turns(neg, rubric):
        ev = observe(result, rubric)
        for sid in seen:
            if sid in ev:
                seen[sid].append(ev[sid].observed)
        for f in result.findings:
            if not set(f.skills) & set(seen) or not f.measurable:
                continue
            quote = f.spans[0].quote if f.spans else entry.text
            findings.append({"turn": entry.turn, "rule_id": f.rule_id, "message": f.message, "quote": quote,
                             "fix": f.fix, "skills": list(f.skills)})
            moments.append(Moment(entry.turn, quote, f.message, False, f.fix))
    scores = {sid: (round(sum(v) / len(v)) if v else None) for sid, v in seen.items()}
    return scores, moments, findings


def score_outcome(neg: Negotiation) -> tuple[int, dict[str, Any]]:
    scn = neg.scenario
    v_open = package_value(scn, scn.offer)
    v_limit = package_value(scn, scn.limits)
    v_final = package_value(scn, neg.final_values())
    if neg.status != DEAL:
        return 0, {"captured": None}
    captured = (v_final - v_open) / (v_limit - v_open) if v_limit > v_open else 1.0
    return max(0, min(100, round(100 * captured))), {"captured": round(captured, 3)}


def result(neg: Negotiation, rubric: Rubric | None = None) -> dict[str, Any]:
    """The final result (the JSON contract of ``icraft negotiate --json``): only for an ended
    negotiation, since it reveals the hidden limits."""
    if not neg.done:
        raise ValueError("the hidden limits are revealed only after the end")
    if rubric is None:
        from icraft.rubric import load_rubric

        rubric = load_rubric()
    scn = neg.scenario
    outcome, out_detail = score_outcome(neg)
    anchoring, anchor_detail, m_anchor = score_anchoring(neg)
    counter, counter_detail, m_counter = score_counter(neg)
    lint_scores, m_lint, findings = score_lint(neg, rubric)
    scores: dict[str, int | None] = {
        "outcome": outcome,
        "anchoring": anchoring,
        "counter_strategy": counter,
        "value_articulation": lint_scores["value_articulation"],
        "emotional_control": lint_scores["emotional_control"],
    }
    judged = [v for v in scores.values() if v is not None]
    final = neg.final_values()
    moments = sorted(m_anchor + m_counter + m_lint, key=lambda m: (m.turn, not m.won))
    return {
        "scenario": scn.id,
        "seed": neg.seed,
        "status": neg.status,
        "ledger": [e.to_dict() for e in neg.ledger],
        "final": {**final, "value": package_value(scn, final), "deal": neg.status == DEAL},
        "opening": {**scn.offer, "value": package_value(scn, scn.offer)},
        "hidden_limits": {**scn.limits, "value": package_value(scn, scn.limits)},
        "market": dict(scn.market),
        "money_left": neg.money_left(),
        "scores": {**scores, "overall": round(sum(judged) / len(judged)) if judged else 0},
        "details": {"outcome": out_detail, "anchoring": anchor_detail, "counter_strategy": counter_detail},
        "moments": [m.to_dict() for m in moments],
        "findings": findings,
        "rubric_version": rubric.version,
    }


def skill_observations(res: dict[str, Any]) -> dict[str, float]:
    """The four negotiation microskills' observed scores (0-100) from a result."""
    return {sid: float(res["scores"][sid]) for sid in SKILLS if res["scores"].get(sid) is not None}
