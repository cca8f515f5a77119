"""Negotiation verdicts (issue 13): concessions the rule missed, anchoring to current pay,
and accepting on the spot."""

from __future__ import annotations

import pytest

from icraft.rubric import lint_answer, load_rubric

OFFER = "We'd like to offer you 170 base. How does that sound?"
STRONG = ("Thank you, I'm excited about the team. Based on market data for senior roles and the scope we discussed, "
          "I was hoping for a base of 195. Is there flexibility to get closer to that?")


def _fired(answer: str, question: str = OFFER) -> set[str]:
    return {f.rule_id for f in lint_answer(answer, question=question).findings if f.measurable}


def test_the_recruiters_offer_line_is_a_negotiation_question() -> None:
    assert lint_answer(STRONG, question=OFFER).question_type == "negotiation"


@pytest.mark.parametrize(
    "concession",
    [
        "I'd be willing to go lower",
        "I can make $170,000 work",
        "I can make that work",
        "anything above what I make now works for me",
    ],
)
def test_early_concession_catches_giving_ground_even_after_a_number(concession: str) -> None:
    answer = f"Thank you. Based on market data I was hoping for 195, but {concession}."
    assert "early_concession" in _fired(answer)


def test_a_conditional_concession_is_a_trade() -> None:
    assert "early_concession" not in _fired(
        "Based on the equity I leave behind I'm asking for a 30k signing bonus; I'm flexible on the start date if you "
        "can get there.", question="We can't move on base. Is there anything else you'd like to discuss?")


@pytest.mark.parametrize(
    "answer",
    [
        "That sounds great, I'll take it.",
        "Great, let's do it. Send over the paperwork and I'll sign today.",
        "Yes, absolutely! When can I start?",
        "Thank you so much, I'm thrilled to accept the offer.",
    ],
)
def test_accepting_on_the_spot_never_scores_well(answer: str) -> None:
    res = lint_answer(answer, question=OFFER)
    assert "early_concession" in {f.rule_id for f in res.findings}
    assert res.score.overall <= 50, res.findings


def test_anchoring_to_current_pay_costs_more_than_any_single_slip() -> None:
    with_current = lint_answer("I currently make 165, so I'd like 180 for this role.", question=OFFER)
    without = lint_answer("Based on market data for this level, I'd like 180 for this role.", question=OFFER)
    finding = next(f for f in with_current.findings if f.rule_id == "weak_anchor")
    assert finding.detail["count"] == 2 and "current pay" in finding.message
    assert without.score.overall - with_current.score.overall >= 25
    assert lint_answer(STRONG, question=OFFER).score.overall >= 90


EXPECTATIONS = "What are your salary expectations for this role?"


@pytest.mark.parametrize(
    "answer",
    [
        "I'd rather hear your offer first.",
        "Could you share the range you have budgeted?",
        "Thanks for asking. Before I name a number, what range do you have in mind for this role?",
        "I'd prefer to hear what you have in mind first.",
        "What's the budgeted range for this position?",
    ],
)
def test_asking_them_to_name_the_number_first_before_any_offer_is_no_weak_anchor(answer: str) -> None:
    result = lint_answer(answer, question=EXPECTATIONS, question_type="negotiation", rules=["weak_anchor"])
    assert result.findings == () and result.score.overall == round(load_rubric().top)
    # once an offer is on the table, not countering it is still the weakest anchor
    after = lint_answer(answer, question=OFFER, question_type="negotiation", rules=["weak_anchor"])
    assert [f.detail["reasons"] for f in after.findings] == [["no_number"]]


@pytest.mark.parametrize(
    ("answer", "reason", "says"),
    [
        ("I'm looking for a base of 195.", "unjustified", "no reason"),
        ("Something between 150 and 180 based on market data.", "range", "range"),
        ("Something competitive, I think.", "no_number", "vague ask"),
        ("Thanks, I'm excited about the offer.", "no_number", "No number at all"),
    ],
)
def test_the_weak_anchor_message_says_only_the_reason_that_applies(answer: str, reason: str, says: str) -> None:
    (finding,) = lint_answer(answer, question=OFFER, question_type="negotiation", rules=["weak_anchor"]).findings
    assert finding.detail["reasons"] == [reason] and says in finding.message
    others = {"unjustified": "no reason", "range": "range", "current_salary": "current pay", "no_number": "No number"}
    assert not [w for r, w in others.items() if r != reason and w in finding.message]


# "I'm in" accepts only when nothing follows it in its clause (blind trial n01: "two offers
# I'm in process with" was quoted as an early concession, -45).
@pytest.mark.parametrize(
    "said",
    [
        "two offers I'm in process with",
        "I'm in the final round with another company",
        "I'm in Berlin, so the remote policy matters to me",
        "I'm in no rush to decide",
    ],
)
def test_im_in_followed_by_more_words_is_no_concession(said: str) -> None:
    answer = f"Based on market data for this level and {said}, I'm looking for a base of 195."
    assert "early_concession" not in _fired(answer, question=EXPECTATIONS)


@pytest.mark.parametrize(
    "answer",
    ["I'm in!", "That works, I'm in.", "Great, I'm in, send it over.", "Okay, I'm in.", "Sounds fair, so I'm in.",
     "Yes I'm in!",
     # flexibility on the number itself, not on the route to it (rubric 2026.12.51)
     "I was hoping for 190, but I'm flexible on the number.", "Based on market data I'd like 190, though honestly I'm flexible."],
)
def test_im_in_opening_a_clause_and_flexibility_on_the_number_still_concede(answer: str) -> None:
    assert "early_concession" in _fired(answer)


def test_the_trials_researched_expectations_answer_has_no_concession() -> None:
    answer = ("I'd like to learn more about the scope of the role before settling on a number. From what I've "
              "researched for senior backend roles in this city, levels.fyi and two offers I'm in process with, I'm "
              "targeting a total compensation in the range of 210 to 240 thousand, depending on the equity and the "
              "level. Is that in line with the band you have for this position?")
    res = lint_answer(answer, question="What are your salary expectations?")
    assert "early_concession" not in {f.rule_id for f in res.findings}
    assert res.score.overall >= 75  # 66 before; the range is still a weak anchor (calibration: negotiation_mid_range)


# Current pay as the only figure: the answer names nothing it wants (blind trial n02, 49).
@pytest.mark.parametrize(
    "answer",
    [
        "I currently make 120k, so maybe a little more than that would be nice?",
        "My current base is about 140. Anything reasonable on top of that works.",
        "Right now I earn 95 thousand plus a bonus, and I'd want a fair step up.",
    ],
)
def test_current_pay_as_the_only_number_is_no_ask_of_your_own(answer: str) -> None:
    (finding,) = lint_answer(answer, question=EXPECTATIONS, question_type="negotiation", rules=["weak_anchor"]).findings
    assert set(finding.detail["reasons"]) == {"current_salary", "no_number"}
    assert "current pay" in finding.message and "No number of your own" in finding.message
    assert finding.detail["count"] == 3


@pytest.mark.parametrize(
    "answer",
    ["I currently make 165, so I'd like 180 for this role.", "My current base is 140; for this scope I'm asking 175."],
)
def test_current_pay_with_an_ask_of_your_own_is_not_no_number(answer: str) -> None:
    (finding,) = lint_answer(answer, question=EXPECTATIONS, question_type="negotiation", rules=["weak_anchor"]).findings
    assert "no_number" not in finding.detail["reasons"] and "current_salary" in finding.detail["reasons"]



# Rubric 2026.12.31: a concession costs every category (scope "answer"). Before, a fluent
# answer kept its communication 100 (weight 0.25) however much it gave away, so no
# negotiation answer could score under ~25 and bidding against yourself scored ~55-60.
@pytest.mark.parametrize(
    "answer",
    [
        "Thanks so much for the offer. I had 185 in mind, but I know things are tight right now, so I could make "
        "172 work, and honestly I can go lower than that if the bonus is decent.",
        "Great to hear from you. My current salary is 130 thousand, so really anything above that works for me. "
        "I'm flexible on the details.",
        "I appreciate it. Ideally I'd be at 200, though I'd be happy with the offer as it stands. I'm in, let's do it.",
    ],
)
def test_giving_ground_fluently_still_scores_low(answer: str) -> None:
    result = lint_answer(answer, question=OFFER)
    assert "early_concession" in {f.rule_id for f in result.findings}
    assert result.score.overall <= 35, result.score
    # Every category pays, not only seniority: a clear delivery does not rescue a concession.
    assert result.score.categories["communication"] < 70, result.score.categories


def test_an_apology_alone_costs_less_than_a_concession() -> None:
    """Apologising for asking is a weak signal, not ground given: a share of the concession's cost."""
    apology = ("Sorry, I know it's a lot to ask. Based on market data for this level and the scope we discussed, "
               "I was hoping for a base of 195. Is there flexibility to get there?")
    concession = ("Based on market data for this level and the scope we discussed, I was hoping for a base of 195, "
                  "but I can make 180 work. Is there flexibility to get there?")
    a, c = lint_answer(apology, question=OFFER), lint_answer(concession, question=OFFER)
    pts = {r.score.overall: next(f.points for f in r.findings if f.rule_id == "early_concession") for r in (a, c)}
    assert "early_concession" in {f.rule_id for f in a.findings}
    assert a.score.overall > c.score.overall, pts
    assert a.score.overall >= 60, a.score


# Rubric 2026.12.36: what a second blind trial's strong and middling answers were wrongly
# charged for, now that a concession costs every category.
@pytest.mark.parametrize(
    "answer",
    [
        "Based on the scope and market data for this level, which puts base around 180 to 190, I'd like to ask for "
        "186. If we can get to 186, I'm ready to sign this week.",
        "Thank you. I'm flexible on the split between base and equity, but based on market data I'm looking for "
        "a total of 240.",
        "Thanks, I'm excited. Research for this level and my competing offer point to 210; if you could get there, "
        "I'd accept today.",
        # Rubric 2026.12.51: a third blind trial's strong counter (band 80-97) scored 33: "I'm in" read in a
        # relative clause ("a competing process I'm in,"), and flexibility on the route after a firm number.
        "Thanks for this. With market data for the level and the other loop I'm in, I'd like to ask for 188 base. "
        "I'm flexible on how we get there, equity or a bonus could close part of it.",
        "I appreciate the offer. The scope is bigger than my current role and there are two final rounds I'm in. "
        "Based on that I'm looking for 185; I'm open to how we bridge the gap.",
        "Thank you. Market data for this level says 190, so that's my ask, and I'm flexible on how we close the gap.",
    ],
)
def test_a_conditional_close_and_flexibility_on_the_mix_are_no_concession(answer: str) -> None:
    result = lint_answer(answer, question=OFFER)
    assert "early_concession" not in _fired(answer), result.findings
    assert result.score.overall >= 80, result.score


def test_a_market_range_cited_for_a_single_ask_is_no_range_anchor() -> None:
    cited = ("Market data for senior engineers here puts the range at 165 to 175, and I'd like to ask for a base of "
             "172.")
    own = "Based on market data for this level, I'm looking for something in the range of 165 to 175."
    reasons = {}
    for text in (cited, own):
        f = next((f for f in lint_answer(text, question=OFFER).findings if f.rule_id == "weak_anchor"), None)
        reasons[text] = f.detail["reasons"] if f else []
    assert "range" not in reasons[cited] and reasons[own] == ["range"], reasons


@pytest.mark.parametrize("said", ["I'm currently at 118,", "I am at 118 right now,", "currently at $118,000,"])
def test_current_pay_said_as_at_a_figure_is_current_pay(said: str) -> None:
    answer = f"I'm hoping for 140. {said} and I've grown a lot this year leading the payments team."
    f = next(f for f in lint_answer(answer, question="What salary are you looking for?").findings
             if f.rule_id == "weak_anchor")
    assert "current_salary" in f.detail["reasons"], f.detail


@pytest.mark.parametrize(
    "answer",
    [
        "Thank you, that's great news. Could I have a couple of days to look over the full offer? I'll get back to "
        "you by Friday, if that works.",
        "Thanks so much! Can you send it over in writing? I'd like to think it over this weekend.",
    ],
)
def test_asking_for_time_on_an_offer_is_no_missing_anchor_or_concession(answer: str) -> None:
    fired = _fired(answer)
    assert "weak_anchor" not in fired and "early_concession" not in fired, fired


# Rubric 2026.12.40: an ultimatum had no rule; a second blind trial's "That's way too low...
# unless you can get to 190 by tomorrow, I'm going to have to walk" scored 100.
def test_an_ultimatum_costs_most_of_the_score_and_a_calm_alternative_costs_nothing() -> None:
    threat = ("That's far too low. I've got two other offers above 175, so unless you can get to 185 by tomorrow I "
              "will walk away. I won't accept anything less than market.")
    calm = ("Thanks, I'm excited about the role. I have two other offers above 175, and with the scope we discussed "
            "I'd like to get to 185. Is there room to move on base?")
    t, c = lint_answer(threat, question=OFFER), lint_answer(calm, question=OFFER)
    found = next(f for f in t.findings if f.rule_id == "ultimatum")
    assert found.detail["count"] >= 3 and t.score.overall <= 30, (found.detail, t.score)
    assert "ultimatum" not in {f.rule_id for f in c.findings} and c.score.overall >= 80, c.score


# Rubric 2026.12.52: a third blind trial's "match 200 or I'm walking... I'm a bit insulted by 150... Let me
# know by end of day, otherwise I'm signing with one of the others" scored 95 (band 8-25): none of its
# forms was heard.
@pytest.mark.parametrize(
    "said",
    [
        "Get me to 195 or I'm walking.",
        "Beat it or else I'll walk.",
        "Frankly I feel a little insulted by this number.",
        "Please get back to me by end of day with something better.",
        "I need an answer by tonight.",
        "If not, fine, otherwise I'm going with the other company.",
    ],
)
def test_a_threat_in_an_or_clause_feeling_insulted_and_a_same_day_deadline_are_ultimatums(said: str) -> None:
    result = lint_answer(f"Thanks. Based on market data for this level I'm looking for 185. {said}", question=OFFER)
    found = next(f for f in result.findings if f.rule_id == "ultimatum")
    assert found.detail["count"] == 1 and result.score.overall <= 55, (found.detail, result.score)


@pytest.mark.parametrize("said", ["I'll walk you through my numbers.", "I'll pass this along to my partner.",
                                  "I'm going to take a day to think it over.",
                                  # a deadline told as a fact, or asked for, is not one (rubric 2026.12.52)
                                  "My other offer expires Friday, so could you let me know by end of day Thursday?",
                                  "Could you let me know by end of day? The other offer expires tonight.",
                                  "Otherwise I'm happy with the structure.",
                                  "Below 180 I'd be leaving money on the table, or I'm leaving equity behind.",
                                  "I wasn't insulted at all by the first number."])
def test_everyday_phrases_are_no_ultimatum(said: str) -> None:
    answer = f"Thanks for the offer. {said} Based on market data for this level I'm looking for 185."
    assert "ultimatum" not in _fired(answer)



# Rubric 2026.12.54: saying you would give in anyway keeps the ask but gives away its leverage (a third
# blind trial's "Either way, I think I'll probably accept, I just wanted to ask": 76, band 45-62).
ASK = ("Thank you. Based on market data for this level and the scope we discussed, I was hoping for a base of 195. "
       "Is there flexibility to get there?")


@pytest.mark.parametrize(
    "said",
    ["Either way, I'll most likely take it.", "I'm still keen either way.",
     "If that's not possible, that's fine, I'll make it work."],
)
def test_giving_in_anyway_costs_more_than_an_apology_and_less_than_a_concession(said: str) -> None:
    scores = {}
    for kind, answer in (("apology", f"{ASK} I hope that's okay."), ("anyway", f"{ASK} {said}"),
                         ("concession", f"{ASK} If not, I can make 180 work.")):
        result = lint_answer(answer, question=OFFER)
        assert "early_concession" in {f.rule_id for f in result.findings}, (kind, result.findings)
        scores[kind] = result.score.overall
    assert scores["apology"] > scores["anyway"] > scores["concession"], scores


@pytest.mark.parametrize(
    "said",
    ["If you can get to 190, I'll probably accept this week.", "Either way, I'd like the offer in writing.",
     "I'll still need a day to think it over.", "I understand if the band is fixed, so could we look at equity?"],
)
def test_a_conditional_close_or_a_next_step_is_not_giving_in_anyway(said: str) -> None:
    result = lint_answer(f"{ASK} {said}", question=OFFER)
    assert "early_concession" not in {f.rule_id for f in result.findings} and result.score.overall >= 80, result


def test_asking_for_time_with_apologies_and_giving_in_anyway_scores_in_the_middle() -> None:
    """A third blind trial's reply to a decision deadline (band 40-57) scored 94 as a general answer, 81 as a
    negotiation one: one apology heard, the rest ("I totally understand if it's not possible", "I'd feel
    bad", "I'll try to figure it out by Friday") not."""
    question = "Recruiter: We need your answer by Thursday. Can you commit?"
    meek = ("Oh, okay. I hate to ask, and I completely understand if this isn't doable, but could I have until next "
            "Wednesday? I'm finishing one other process and I'd feel awful deciding before it ends. I don't want you "
            "to think I'm not excited, I really am. If not, that's okay, I'll make Thursday work.")
    firm = ("Thanks for the timeline. I'm excited about the role and I want to give you a considered yes. I have one "
            "final round on Monday, so could we set the decision for next Wednesday? That lets me commit fully.")
    m, f = lint_answer(meek, question=question), lint_answer(firm, question=question)
    found = next(x for x in m.findings if x.rule_id == "early_concession")
    assert (found.detail["apologies"], found.detail["preconcessions"], found.detail["concessions"]) == (4, 1, 0)
    assert 35 <= m.score.overall <= 65 and f.score.overall >= 80, (m.score, f.score)


# Rubric 2026.12.55: once a decision deadline is a negotiation question (2026.12.53), asking for more time
# on it must not read as a missing anchor: the offer is on the table though the question names no figure.
DEADLINE = "Recruiter: We'd need your answer by Friday. Can you commit?"


@pytest.mark.parametrize(
    "answer",
    [
        "Thanks for the heads-up. I have a final round on Monday, so could we set the decision for Wednesday? "
        "Happy to go over anything in the offer before then.",
        "I'm excited about the offer. Could I have a little more time, until next Tuesday, so I can finish my other "
        "process and give you a committed answer?",
    ],
)
def test_asking_for_more_time_on_a_decision_deadline_is_no_missing_anchor(answer: str) -> None:
    result = lint_answer(answer, question=DEADLINE)
    assert result.question_type == "negotiation" and "weak_anchor" not in _fired(answer, DEADLINE), result.findings


def test_a_vague_ask_on_a_decision_deadline_is_still_a_weak_anchor() -> None:
    answer = "Friday should be fine. On the offer itself, I'd want something more competitive before I sign."
    assert "weak_anchor" in _fired(answer, DEADLINE)


def test_a_researched_range_with_their_band_asked_for_is_called_a_fair_opening_that_still_anchors() -> None:
    """A third blind trial's strong answer (band 78-95) gave a researched range and asked for the band: the
    range still costs (its floor anchors; 82, in band), but the message no longer reads as a plain mistake."""
    question = "What are your salary expectations?"
    researched = ("Market data for staff roles here puts base at roughly 190 to 215, and I'd expect to land in "
                  "that range. Could you share the band for this role?")
    plain = "I'd say somewhere between 190 and 215."
    (r,) = [f for f in lint_answer(researched, question=question).findings if f.rule_id == "weak_anchor"]
    (p,) = [f for f in lint_answer(plain, question=question).findings if f.rule_id == "weak_anchor"]
    assert "range" in r.detail["reasons"] and "fair opening" in r.message and "low end" in r.message, r.message
    assert "fair opening" not in p.message and "low end" in p.message, p.message
