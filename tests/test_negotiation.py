"""The negotiation engine: scenarios as data, the parser on its labelled set, the
recruiter's strategy (accept rule, Boulware timing, trades, events), the ledger, the
scores and the debrief. Pure: no database, no I/O beyond reading the bundled data."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from icraft.core.errors import InputError, NotFoundError
from icraft.negotiation import scenario as sc
from icraft.negotiation.engine import DEADLINE, DEAL, RECRUITER_WALKED, WALKAWAY, Negotiation, replay
from icraft.negotiation.parse import parse
from icraft.negotiation.scoring import anchor_band, result
from icraft.negotiation.strategy import Strategy
from icraft.negotiation.wording import checked, leaks, numbers_in

DATA = Path(__file__).parent / "data" / "negotiation_utterances.jsonl"
OFFER = {"base": 170000, "bonus_pct": 10, "equity": 120000, "sign_on": 10000, "pto_days": 20}
FINTECH = "backend-senior-fintech"


# --- scenarios -----------------------------------------------------------------------------------


def test_at_least_twelve_bundled_scenarios_load_and_validate() -> None:
    scenarios = sc.load_all()
    assert len(scenarios) >= 12
    assert len({s.id for s in scenarios}) == len(scenarios)
    for s in scenarios:
        assert s.deadline >= 3
        assert all(s.offer[i] <= s.limits[i] for i in sc.ISSUES)
        assert sc.package_value(s, s.limits) > sc.package_value(s, s.offer)
        assert "limits" not in s.public()
        public = set(s.market.values()) | set(s.offer.values())
        assert not [i for i in sc.ISSUES if s.limits[i] != s.offer[i] and s.limits[i] in public], s.id
    assert {s.persona for s in scenarios} == set(sc.PERSONAS)
    assert {e.kind for s in scenarios for e in s.events} == set(sc.EVENT_KINDS)
    assert {s.level for s in scenarios} == set(sc.LEVELS)


def _raw(**changes: object) -> dict:
    import tomllib

    data = tomllib.loads((sc.scenarios_dir() / f"{FINTECH}.toml").read_text())
    for key, value in changes.items():
        table, _, sub = key.partition(".")
        if sub:
            data[table][sub] = value
        elif value is None:
            data.pop(table)
        else:
            data[table] = value
    return data


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"persona": "grumpy"}, "persona 'grumpy' is not one of warm, neutral, hard-nosed"),
        ({"limits.base": 100000}, "limits.base (100000) is below the opening offer (172000)"),
        ({"deadline": 2}, "'deadline' must be at least 3"),
        ({"offer.base": "172k"}, "'offer.base' must be a whole number"),
        ({"market.p50": 150000}, "the market band must rise"),
        ({"limits": {"bsae": 180000}}, "unknown key 'bsae' in [limits] (did you mean 'base'?)"),
        ({"persnoa": "warm"}, "unknown key 'persnoa' (did you mean 'persona'?)"),
        ({"events": [{"at": 9, "kind": "best_offer"}]}, "after the deadline"),
        ({"events": [{"at": 1, "kind": "tantrum"}]}, "unknown kind 'tantrum'"),
        ({"market": None}, "missing the [market] table"),
        ({"priorities": {"cheap": ["base"], "dear": ["base"]}}, "both cheap and dear"),
    ],
)
def test_a_bad_scenario_is_one_clear_error_naming_the_file(changes: dict, message: str) -> None:
    with pytest.raises(InputError) as e:
        sc.parse_scenario(_raw(**changes), "mine.toml")
    assert str(e.value).startswith("mine.toml")
    assert message in str(e.value)


def test_a_user_scenario_file_is_accepted_and_a_broken_one_named(tmp_path: Path) -> None:
    src = (sc.scenarios_dir() / f"{FINTECH}.toml").read_text()
    mine = tmp_path / "mine.toml"
    mine.write_text(src.replace('id = "backend-senior-fintech"', 'id = "my-offer"'))
    assert sc.get(str(mine)).id == "my-offer"
    bad = tmp_path / "bad.toml"
    bad.write_text("id = [")
    with pytest.raises(InputError, match="bad.toml: not valid TOML"):
        sc.get(str(bad))
    with pytest.raises(NotFoundError, match="no scenario file"):
        sc.get(str(tmp_path / "missing.toml"))


def test_unknown_scenario_suggests_the_nearest_and_choose_filters_by_role_and_level() -> None:
    with pytest.raises(NotFoundError) as e:
        sc.get("backend-senior-fintch")
    assert "did you mean backend-senior-fintech" in (e.value.hint or "")
    assert sc.choose(role="ml", level="staff").id == "ml-staff-bigtech"
    assert {sc.choose(role="backend", seed=s).id for s in range(4)} == {"backend-senior-fintech", "backend-mid-ecommerce"}
    with pytest.raises(NotFoundError, match="no negotiation scenario for em at junior"):
        sc.choose(role="em", level="junior")


# --- the parser ----------------------------------------------------------------------------------


def test_the_parser_is_at_least_95_percent_exact_on_the_labelled_set() -> None:
    items = [json.loads(line) for line in DATA.read_text().splitlines() if line.strip()]
    assert len(items) >= 150
    exact = sum(
        parse(i["text"], {**OFFER, **i.get("offer", {})}, i.get("awaiting")).intent == i["intent"]
        and parse(i["text"], {**OFFER, **i.get("offer", {})}, i.get("awaiting")).amounts == i["amounts"]
        for i in items
    )
    assert exact / len(items) >= 0.95


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("$185k", {"base": 185000}),
        ("185,000", {"base": 185000}),
        ("one eighty-five", {"base": 185000}),
        ("20 percent more", {"base": 204000}),
        ("a 10k sign-on", {"sign_on": 10000}),
        ("10k more", {"base": 180000}),
        ("an extra week of PTO", {"pto_days": 25}),
        ("I have 2 kids and 10 years of experience", {}),
        ("my 401k", {}),
    ],
)
def test_the_issue_examples_parse(text: str, amounts: dict[str, int]) -> None:
    assert parse(text, OFFER).amounts == amounts


def test_only_a_real_range_is_a_range() -> None:
    assert parse("Somewhere between 180 and 190k.", OFFER).ranged
    said = parse("I'm looking for 200 and 4000 mace based on market data.", OFFER)  # a speech-to-text slip
    assert not said.ranged and said.amounts == {"base": 200000}


def test_after_what_are_you_making_a_bare_number_is_a_disclosure() -> None:
    assert parse("150k", OFFER, awaiting="current_pay").amounts == {"current_base": 150000}
    assert parse("I'd like 190k", OFFER, awaiting="current_pay").amounts == {"base": 190000}
    assert parse("yes", OFFER, awaiting="competing_check").intent == "justify"
    assert parse("yes", OFFER).intent == "accept"


# --- the strategy --------------------------------------------------------------------------------


def test_boulware_concedes_little_early_and_most_late_never_past_the_limit() -> None:
    scn = sc.get(FINTECH)
    strat = Strategy.for_scenario(scn, random.Random(0))
    base = [strat.target("base", t / 10) for t in range(11)]
    assert base == sorted(base) and base[0] == scn.offer["base"] and base[-1] <= scn.limits["base"]
    gap = scn.limits["base"] - scn.offer["base"]
    assert base[5] - base[0] < gap * 0.2  # half the time gone, under a fifth of the room given
    assert base[10] - base[5] > gap * 0.6
    # cheap issues move sooner than dear ones
    cheap = (strat.target("sign_on", 0.5) - scn.offer["sign_on"]) / (scn.limits["sign_on"] - scn.offer["sign_on"])
    dear = (strat.target("base", 0.5) - scn.offer["base"]) / gap
    assert cheap > dear
    assert strat.target("base", 5.0) <= scn.limits["base"]


def test_the_accept_rule_is_the_current_target() -> None:
    scn = sc.get(FINTECH)
    strat = Strategy.for_scenario(scn, random.Random(0))
    t = strat.target("base", 0.5)
    assert strat.accepts({"base": t}, 0.5) and not strat.accepts({"base": t + 1}, 0.5)


# --- the negotiation -----------------------------------------------------------------------------


def _run(lines: list[str], scenario: str = FINTECH, seed: int = 0) -> Negotiation:
    neg, _ = replay(sc.get(scenario), seed, lines)
    return neg


def test_accepting_the_first_offer_is_a_deal_at_the_opening_with_money_left() -> None:
    neg = _run(["I'd rather hear your offer first.", "That sounds great, I'll take it!"])
    scn = neg.scenario
    assert neg.status == DEAL and neg.final_values() == scn.offer
    assert neg.money_left() == sc.package_value(scn, scn.limits) - sc.package_value(scn, scn.offer) > 0
    res = result(neg)
    assert res["scores"]["counter_strategy"] == 15
    assert any("accepted the first offer" in m["effect"] for m in res["moments"])


def test_a_low_anchor_named_first_is_tabled_at_once_and_a_deal_needs_the_candidates_yes() -> None:
    neg = _run(["I'd be happy with 160k."])
    assert not neg.done and neg.offer["base"] == 160000 and neg.ledger[-1].move == "agree"
    neg = _run(["I'd be happy with 160k.", "Yes."])
    assert neg.status == DEAL and neg.final_values()["base"] == 160000
    res = result(neg)
    assert res["details"]["anchoring"] == {"first_ask": 160000, "band": "too_low", "named_first": "candidate",
                                           "disclosed_current_pay": False}
    assert res["money_left"] == res["hidden_limits"]["value"] - res["final"]["value"]


def test_counters_move_the_recruiter_and_trade_cheap_issues_when_base_is_tight() -> None:
    neg = _run([
        "Thanks! Based on market data for this level, I'm looking for 204k base.",
        "I'd rather not share that; I'm focused on the value I bring.",
        "Given the payments scope I'd own, I need 200k.",
    ])
    counters = [e for e in neg.ledger if e.who == "recruiter" and e.move == "counter"]
    assert counters, [e.to_dict() for e in neg.ledger]
    last = counters[-1].values
    assert last["base"] > neg.scenario.offer["base"]
    assert last["sign_on"] > neg.scenario.offer["sign_on"]  # sign-on is cheap to this company: traded
    assert "traded" in counters[-1].note


def test_an_absurd_ask_gets_no_movement_and_then_the_recruiter_walks() -> None:
    neg = _run(["I want 600k base.", "I want 600k base.", "I want 600k base.", "I want 600k base."])
    assert neg.status == RECRUITER_WALKED
    assert all(e.values["base"] == neg.scenario.offer["base"] for e in neg.ledger if e.who == "recruiter" and e.values)


def test_the_deadline_makes_a_final_offer_and_silence_lets_it_expire() -> None:
    scn = sc.get(FINTECH)
    neg = _run(["What's the range?"] + ["Let me think about it."] * scn.deadline)
    assert any(e.move == "final" for e in neg.ledger)
    assert neg.status == DEADLINE and not result(neg)["final"]["deal"]


def test_an_exploding_offer_brings_the_deadline_forward() -> None:
    scn = sc.get("fullstack-junior-startup")  # exploding at the third reply, deadline 4
    neg, said = replay(scn, 0, ["What's the range?", "hmm", "hmm"])
    assert scn.deadline == 4 and neg.deadline == 3 and neg.round == 3 and neg.final_offer
    assert "end of the day tomorrow" in " ".join(said[3])


def test_walking_away_ends_it_and_finish_early_is_a_walkaway() -> None:
    assert _run(["I'd rather hear your offer first.", "I'll have to decline the offer."]).status == WALKAWAY
    neg = Negotiation(sc.get(FINTECH), 0)
    neg.start()
    neg.finish_early()
    assert neg.done and neg.status == WALKAWAY


def test_the_same_seed_and_lines_replay_identically_and_another_seed_differs() -> None:
    lines = ["I'm looking for 200k, based on market data.", "150k", "Could you do 195?", "Could you do 195?",
             "Could you do 195?", "I accept."]
    a, b = _run(lines, seed=7), _run(lines, seed=7)
    assert [e.to_dict() for e in a.ledger] == [e.to_dict() for e in b.ledger]
    assert any([e.to_dict() for e in _run(lines, seed=s).ledger] != [e.to_dict() for e in a.ledger]
               for s in range(8, 20))


def test_the_final_result_reveals_the_limits_only_after_the_end() -> None:
    neg = Negotiation(sc.get(FINTECH), 0)
    neg.start()
    neg.answer("I'm looking for 200k.")
    with pytest.raises(ValueError, match="only after the end"):
        result(neg)
    assert str(neg.scenario.limits["base"]) not in json.dumps([e.to_dict() for e in neg.ledger])


def test_result_json_contract_and_lint_evidence() -> None:
    neg = _run(["Sorry, I know it's a lot, but maybe 175k? If that's okay?", "I accept."])
    res = result(neg)
    assert {"scenario", "seed", "ledger", "final", "hidden_limits", "money_left", "scores"} <= set(res)
    assert set(res["scores"]) >= {"outcome", "anchoring", "counter_strategy", "value_articulation",
                                  "emotional_control"}
    # the lint engine's negotiation rules: the apology is quoted from the candidate's words
    assert any(f["quote"].lower().startswith("sorry") and "emotional_control" in f["skills"] for f in res["findings"])
    assert res["scores"]["emotional_control"] is not None and res["scores"]["emotional_control"] < 100


def test_anchor_bands() -> None:
    scn = sc.get(FINTECH)  # p50 185k, p75 204k
    assert [anchor_band(scn, v) for v in (170000, 195000, 230000, 300000)] == ["too_low", "good", "aggressive", "absurd"]


# --- wording -------------------------------------------------------------------------------------


def test_a_model_line_that_leaks_a_number_is_replaced_by_the_offline_line() -> None:
    allowed = {172000, 10, 4}
    assert leaks("We could go up to $191,500.", allowed) == {191500}
    assert checked("We could go up to $191,500.", "Our offer is $172,000.", allowed) == ("Our offer is $172,000.", False)
    assert checked("Our offer stands at $172,000.", "x", allowed) == ("Our offer stands at $172,000.", True)
    assert numbers_in("$185k and 185,000 and 20 days") == {185000, 20}


def test_a_rewriter_that_leaks_the_limit_never_reaches_the_candidate() -> None:
    scn = sc.get(FINTECH)

    def leaky(move: str, offline: str, allowed: set[int]) -> str:
        return f"Between us, we can go to {scn.limits['base']:,}."

    neg, said = replay(scn, 0, ["I'm looking for 200k."] * 3, rewriter=leaky)
    text = " ".join(" ".join(s) for s in said)
    assert f"{scn.limits['base']:,}" not in text and neg.model_lines == 0

    def honest(move: str, offline: str, allowed: set[int]) -> str:
        return "Let me see. " + offline

    neg, said = replay(scn, 0, ["I'm looking for 200k."], rewriter=honest)
    assert neg.model_lines > 0 and said[1][0].startswith("Let me see.")


# --- what a new user's trial found ---------------------------------------------------------------

ODD = ["-50k", "I'd take -50k", "minus 20k on the base", "negative 10k sign-on", "I want $0 base.",
       "Could we do 190000000 base?", "I'd take 30k."]


@pytest.mark.parametrize("odd", ODD)
def test_an_amount_that_makes_no_sense_is_asked_back_never_acted_on(odd: str) -> None:
    for scn in sc.load_all():
        neg, said = replay(scn, 3, ["I'd rather hear your offer first.", odd])
        table = next(e.values for e in neg.ledger if e.who == "recruiter" and e.move == "offer")
        assert not neg.done, (scn.id, odd, neg.status)
        assert neg.offer == table  # nothing moved, nothing closed
        cand = [e for e in neg.ledger if e.who == "candidate"][-1]
        assert cand.move == "unclear" and not cand.values
        assert any(e.move == "clarify" for e in neg.ledger if e.who == "recruiter" and e.turn == cand.turn)
    # at the final offer too: asked back, the offer stays open, and a yes closes it at the table
    neg = _run(["What's the range?"] + ["Let me think about it."] * (sc.get(FINTECH).deadline - 1) + [odd, "Yes."])
    assert neg.status == DEAL and neg.final_values()["base"] >= neg.scenario.offer["base"]


def test_no_deal_is_below_the_offer_on_the_table_and_a_deal_needs_the_candidates_yes() -> None:
    scn = sc.get(FINTECH)
    low = scn.offer["base"] - 20000
    neg = _run(["What's the range?", f"I'd take {low // 1000}k."])
    assert not neg.done and neg.offer["base"] == scn.offer["base"]
    assert neg.ledger[-1].move == "hold" and "not a deal until you accept" in neg.ledger[-1].note
    neg = _run(["What's the range?", f"I'd take {low // 1000}k.", "Yes, deal."])
    assert neg.status == DEAL and neg.final_values() == scn.offer


def _after_current_pay(line: str) -> Negotiation:
    scn = sc.get(FINTECH)
    assert scn.events[0].kind == "current_pay" and scn.events[0].at == 1
    return _run(["What's the range?", line])


@pytest.mark.parametrize("line", ["For this role, 195 makes sense.", "My number is 195k.",
                                  "I'd rather focus on this role: 195k base and a 20k sign-on."])
def test_a_counter_after_the_current_pay_question_is_a_counter_not_a_disclosure(line: str) -> None:
    neg = _after_current_pay(line)
    cand = [e for e in neg.ledger if e.who == "candidate"][-1]
    assert cand.move in ("anchor", "counter") and cand.values["base"] == 195000, cand
    assert "current_base" not in cand.values and "disclosed" not in cand.note
    neg.finish_early()
    assert result(neg)["details"]["anchoring"]["disclosed_current_pay"] is False


@pytest.mark.parametrize("line", ["I make 150 right now.", "Currently at 150.", "About 150k."])
def test_words_that_state_current_pay_after_the_question_are_a_disclosure(line: str) -> None:
    neg = _after_current_pay(line)
    cand = [e for e in neg.ledger if e.who == "candidate"][-1]
    assert cand.move == "disclose" and cand.values == {"current_base": 150000}
    neg.finish_early()
    assert result(neg)["details"]["anchoring"]["disclosed_current_pay"] is True


@pytest.mark.parametrize("scenario", [s.id for s in sc.load_all()])
def test_every_issue_of_a_multi_part_ask_is_in_the_ledger_and_answered(scenario: str) -> None:
    scn = sc.get(scenario)
    m = scn.market
    line = f"{m['p75'] // 1000} base and a {scn.offer['sign_on'] // 1000 + 15}k sign-on, and 5 weeks PTO"
    neg = _run(["I'd rather hear your offer first.", line], scenario, seed=1)
    cand = [e for e in neg.ledger if e.who == "candidate"][-1]
    assert set(cand.values) == {"base", "sign_on", "pto_days"}, cand
    reply = next(e for e in neg.ledger if e.who == "recruiter" and e.turn == cand.turn and e.move != "event")
    if reply.move in ("counter", "hold") and reply.note != "held after 'best offer': an unjustified push":
        for issue in ("base", "sign_on", "pto_days"):
            assert sc.ISSUE_NAMES[issue] in reply.note or reply.note == "no movement", (issue, reply.note)
    # the recruiter's words name each asked issue outside the package summary
    said = re.split(r"The (?:full )?package|That's a base|The offer (?:is|stands)|offer is a", reply.text)[0].lower()
    if reply.move != "accept":
        for issue in ("base", "sign_on", "pto_days"):
            assert sc.ISSUE_NAMES[issue].lower() in said, (issue, reply.text)


def test_a_competing_offer_stays_on_record_for_the_rest_of_the_negotiation() -> None:
    scn = sc.get("em-senior-healthtech")  # competing check at the 2nd reply, "best offer" at the 4th
    lines = ["I'd like to hear the offer first.", "I'd need more.", "Yes, I have an offer from Acme at 230k.",
             "Can you do 215?", "Can you do 215?"]
    neg, _ = replay(scn, 1, lines)
    assert neg.competing == 230000
    last = [e for e in neg.ledger if e.who == "candidate"][-1]
    assert "competing offer ($230,000) on record" in last.note
    reply = next(e for e in neg.ledger if e.who == "recruiter" and e.turn == last.turn)
    assert "unjustified" not in reply.note  # the leverage stated earlier still backs the push
    neg, _ = replay(scn, 1, lines[:4] + ["Can you match the other offer?"])
    last = [e for e in neg.ledger if e.who == "candidate"][-1]
    assert last.values == {"base": 230000} and last.move in ("counter", "anchor")
    neg.finish_early()
    assert result(neg)["details"]["counter_strategy"]["competing_offer"] == 230000


def test_the_scores_do_not_depend_on_a_models_wording() -> None:
    """A model words the recruiter's lines differently on every run; the scores come from
    the moves, so they are the same as offline: the lint's question is the offline line."""
    lines = ["I'm excited to join!", "Let me think about it.", "I need some time.", "Sounds good to me."]

    def terse(move: str, offline: str, allowed: set[int]) -> str:
        return "Okay."

    offline, _ = replay(sc.get(FINTECH), 2, lines)
    worded, _ = replay(sc.get(FINTECH), 2, lines, rewriter=terse)
    assert worded.model_lines > 0
    a, b = result(offline), result(worded)
    for key in ("scores", "details", "moments", "findings"):
        assert a[key] == b[key], key


def test_ok_to_the_final_offer_is_a_yes_and_mid_negotiation_it_is_not() -> None:
    scn = sc.get("data-senior-retail")
    neg = _run(["What's the range?", "hmm", "hmm", "ok"], scn.id, seed=11)
    assert neg.final_offer and neg.status == DEAL and neg.final_values() == scn.offer
    neg = _run(["What's the range?", "ok"], scn.id, seed=11)
    assert not neg.done


def test_a_push_that_names_issues_is_answered_on_those_issues() -> None:
    scn = sc.get("data-senior-retail")
    neg = _run(["What's the range?", "Based on market data, I was hoping for 178k.",
                "Is there any flexibility on the sign-on or equity then?"], scn.id, seed=11)
    reply = next(e for e in neg.ledger if e.who == "recruiter" and e.turn == 3 and e.move != "event")
    said = re.split(r"The (?:full )?package|That's a base|The offer (?:is|stands)|offer is a", reply.text)[0].lower()
    assert "sign-on" in said and "equity" in said and "base salary" not in said, reply.text
    # a trade that says base did not move says it once
    counter = next(e for e in neg.ledger if e.who == "recruiter" and e.turn == 2 and e.move == "counter")
    head = re.split(r"That's a base|The (?:full )?package", counter.text)[0].lower()
    assert head.count("base salary") <= 1, counter.text


def test_a_question_about_vesting_is_answered_about_the_equity() -> None:
    neg, said = replay(sc.get("ml-staff-bigtech"), 7, ["What's the range?", "What's the vesting schedule?"])
    assert "vests over 4 years" in " ".join(said[2])


def test_can_you_repeat_the_question_repeats_the_last_line_and_takes_no_time() -> None:
    scn = sc.get(FINTECH)  # "what are you making now?" at the first reply
    neg, said = replay(scn, 4, ["What's the range?", "Can you repeat the question?", "150k"])
    assert said[2] == [said[1][-1]] and "current role" in said[2][0]
    assert neg.round == 2  # the repeat was no turn
    cand = [e for e in neg.ledger if e.who == "candidate"]
    assert [e.move for e in cand] == ["ask", "repeat", "disclose"]  # the question stayed open
    neg.finish_early()
    assert all(f["turn"] != cand[1].turn or f["quote"] not in cand[1].text for f in result(neg)["findings"])


def test_a_competing_offer_on_record_backs_later_numbers_in_the_scores() -> None:
    scn = sc.get("em-senior-healthtech")
    with_offer = ["I'd like to hear the offer first.", "I'd need more.", "Yes, I have an offer from Acme at 230k.",
                  "Can you do 215?", "I accept."]
    without = with_offer[:2] + ["Yes, I'm talking to a few companies."] + with_offer[3:]
    a, b = result(replay(scn, 1, with_offer)[0]), result(replay(scn, 1, without)[0])
    asked = next(e["turn"] for e in a["ledger"] if e["text"] == "Can you do 215?")
    assert not [f for f in a["findings"] if f["turn"] == asked and f["rule_id"] == "weak_anchor"]
    assert [f for f in b["findings"] if f["turn"] == asked and f["rule_id"] == "weak_anchor"]
    assert a["scores"]["value_articulation"] > b["scores"]["value_articulation"]


def test_an_events_question_already_answered_is_not_asked() -> None:
    scn = sc.get("ml-staff-bigtech")  # "do you have other offers?" at the first reply
    assert scn.events[0].kind == "competing_check" and scn.events[0].at == 1
    neg, said = replay(scn, 5, ["I need 280k. I have another offer at 270k."])
    assert not any(e.move == "event" and "other offers" in e.text for e in neg.ledger), said
    neg, said = replay(scn, 5, ["I'd like to hear the offer first."])
    assert any(e.move == "event" and "other offers" in e.text for e in neg.ledger)
    fintech = sc.get(FINTECH)  # "what are you making now?" at the first reply
    neg, said = replay(fintech, 5, ["I make 150k now and I'm looking for 200k."])
    assert not any(e.move == "event" and "current role" in e.text for e in neg.ledger), said


# --- matching a competing offer, the advice after it, an instant accept (a new user's trial) ---------

TRIAL = [
    "Thanks so much, I'm excited about the role and the team. Before I respond, could you share the full package: "
    "base, equity, bonus and sign-on?",
    "I appreciate it. Based on my research and the scope of the senior role, I was looking for a base of 195,000. "
    "Is there flexibility there?",
    "I should also mention I have a competing offer from another company at 190,000 base with a 20,000 sign-on "
    "bonus. I'd prefer to join you though. Can you match on the sign-on and move the base up?",
    "That works for me. I accept the offer.",
]


def test_a_competing_offers_other_terms_are_its_terms_not_asks() -> None:
    p = parse("I have a competing offer from another company at 190,000 base with a 20,000 sign-on bonus.", OFFER)
    assert p.amounts == {"competing_base": 190000, "competing_sign_on": 20000} and p.asks() == {}
    p = parse("They offered 190 base, and 14 days off.", OFFER)
    assert p.amounts == {"competing_base": 190000, "competing_pto_days": 14}
    assert parse("I have an offer at 190, and I'd like a 25k sign-on.", OFFER).asks() == {"sign_on": 25000}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_match_on_an_issue_asks_for_the_competing_offers_value_of_it(seed: int) -> None:
    """"match on the sign-on" (the other offer's sign-on: 20k) was logged as a 37k or 39k ask:
    the 20k read as "20k more" on the table's sign-on."""
    neg = _run(TRIAL[:3], seed=seed)
    row = [e for e in neg.ledger if e.who == "candidate"][-1]
    assert row.values["sign_on"] == 20000 and "base" not in row.values, row
    assert "competing offer ($190,000, $20,000 sign-on bonus)" in row.note
    # stated in one turn, matched in a later one, on another issue
    lines = ["I have an offer from Acme at 190k base with 150k in equity.", "Can you match it on equity?"]
    row = [e for e in _run(lines, seed=seed).ledger if e.who == "candidate"][-1]
    assert row.values.get("equity") == 150000 and row.move in ("anchor", "counter"), row
    lines = ["I have an offer from Acme at 190k base with 150k in equity.", "Could you match the other offer?"]
    row = [e for e in _run(lines, seed=seed).ledger if e.who == "candidate"][-1]
    assert row.values.get("base") == 190000 and "equity" not in row.values, row


def _below_competing(res: dict) -> dict:
    return next(m for m in res["moments"] if "below the competing offer" in m["effect"])


def test_the_advice_never_tells_the_candidate_to_do_what_they_just_did() -> None:
    """"Use it before closing: ... can you match it on base?" was the advice on the very turn
    that asked for the match; it now goes to the close, where the base was given up."""
    neg = _run(TRIAL, seed=1)
    assert neg.status == DEAL and neg.final_values()["base"] < 190000
    m = _below_competing(result(neg))
    assert "match" not in m["instead"].lower() and m["quote"] == TRIAL[3] and "$190,000" in m["instead"]
    # a competing offer stated and never used: the advice to use it stays, on that turn
    said = "I have a competing offer from another company at 190,000 base."
    neg = _run(["I'd rather hear your offer first.", said, "That works for me. I accept the offer."], seed=1)
    if neg.status == DEAL and neg.final_values()["base"] < 190000:
        m = _below_competing(result(neg))
        assert m["quote"] == said and "match it on base" in m["instead"]
    else:  # pragma: no cover - the scenario moved: the test must still say so
        pytest.fail(f"expected a deal below the competing base, got {neg.status} {neg.final_values()}")


def test_an_instant_accept_scores_the_same_counter_strategy_with_or_without_a_deal() -> None:
    """Said before the offer and then the end of input (a walk-away): counter strategy was 45,
    more than accepting the offer (15), for no counter at all."""
    polite = "Thank you so much, I'm happy to accept the offer."
    walked = _run([polite])
    walked.finish_early()
    deal = _run([polite, polite])
    assert deal.status == DEAL and walked.status == WALKAWAY
    for neg in (walked, deal):
        s = result(neg)["scores"]
        assert s["counter_strategy"] == 15 and s["emotional_control"] == 0 and s["anchoring"] == 20, s
    assert result(walked)["details"]["counter_strategy"]["accepted_first_offer"] is False
