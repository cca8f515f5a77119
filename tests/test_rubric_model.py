"""The rubric as data: validation at load, coverage of the design's rules and skills,
and import hygiene of the engine packages."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from icraft.core.errors import InputError, NotFoundError
from icraft.resources import rubrics_dir
from icraft.rubric import CATEGORIES, QUESTION_TYPES, load_rubric
from icraft.rubric.model import parse_rubric

DESIGN_RULES = (
    "no_star_structure", "missing_result", "result_not_specific", "missing_metrics", "no_tradeoff",
    "no_assumptions", "shallow_followup", "rambling", "filler_spike", "no_ownership", "no_scale_thinking",
    "no_stakeholder_mgmt", "no_mentoring_signal", "weak_anchor", "early_concession",
)
NEGOTIATION_SKILLS = {"anchoring", "value_articulation", "counter_strategy", "emotional_control"}


def _rule(data: dict, rule_id: str) -> dict:
    return next(r for r in data["rule"] if r["id"] == rule_id)


def _raw() -> dict:
    with (rubrics_dir() / "default.toml").open("rb") as fh:
        return tomllib.load(fh)


def test_default_rubric_is_versioned_and_complete() -> None:
    rubric = load_rubric()
    assert rubric.version == _raw()["version"] and rubric.version.count(".") == 2
    assert set(DESIGN_RULES) <= set(rubric.ids())
    assert {"hedging", "no_answer_first", "vague_quantities", "no_reflection", "passive_voice", "repetition",
            "pace"} <= set(rubric.ids())
    assert rubric.categories == CATEGORIES
    for rule in rubric.rules:
        assert rule.message and rule.fix and rule.anti_pattern and rule.best_practice, rule.id
        assert 0 < rule.weight <= 100
    assert rubric.rule("weak_anchor").applies_to == ("negotiation",)
    assert rubric.rule("early_concession").applies_to == ("negotiation",)
    assert load_rubric() is rubric  # cached


def test_every_non_negotiation_skill_is_reachable_by_a_rule() -> None:
    with (rubrics_dir() / "skills.toml").open("rb") as fh:
        skills = {s["id"] for s in tomllib.load(fh)["skill"]}
    covered = {s for r in load_rubric().rules for s in r.skills}
    assert skills - NEGOTIATION_SKILLS <= covered, skills - NEGOTIATION_SKILLS - covered


def test_every_question_type_has_rules_and_weights() -> None:
    rubric = load_rubric()
    for qtype in QUESTION_TYPES:
        assert rubric.applicable(qtype), qtype
        assert sum(rubric.category_weights[qtype].values()) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["rule"][0].__setitem__("skills", ["juggling"]), "unknown microskill"),
        (lambda d: d["rule"][0].__setitem__("category", "vibes"), "unknown category"),
        (lambda d: d["rule"][0].__setitem__("applies_to", ["trivia"]), "applies_to"),
        (lambda d: d["rule"][0].__setitem__("severity", "fatal"), "severity"),
        (lambda d: d["rule"][0].__setitem__("weight", "heavy"), "weight"),
        (lambda d: d["rule"][0].pop("fix"), "missing 'fix'"),
        (lambda d: d["rule"].append(dict(d["rule"][0])), "defined twice"),
        (lambda d: d["rule"][0].__setitem__("id", "no_such_detector"), "no detector"),
        (lambda d: d["scoring"]["category_weights"].pop("negotiation"), "category_weights.negotiation"),
        (lambda d: d.pop("version"), "missing 'version'"),
        # Every rule says what the interviewer, the report, the memory and the rewrite do
        # with it: a rule that forgets one fails to load (false says "none", on purpose).
        (lambda d: d["rule"][0].pop("followup"), "rule 'no_star_structure': missing 'followup'"),
        (lambda d: d["rule"][0].pop("strength"), "rule 'no_star_structure': missing 'strength'"),
        (lambda d: d["rule"][0].pop("memory_phrase"), "rule 'no_star_structure': missing 'memory_phrase'"),
        (lambda d: d["rule"][0].pop("placeholder"), "rule 'no_star_structure': missing 'placeholder'"),
        (lambda d: d["rule"][0].__setitem__("strength", True), "'strength' must be a non-empty text or false"),
        (lambda d: d["rule"][0].__setitem__("memory_phrase", " "), "'memory_phrase' must be a non-empty text"),
        (lambda d: d["rule"][0].__setitem__("placeholder", []), "write false when the rule has none"),
        (lambda d: d["rule"][0].__setitem__("followup", "Why?"), "'followup' must be a table"),
        (lambda d: d["rule"][0]["followup"].pop("recheck"), "followup: missing 'recheck'"),
        (lambda d: d["rule"][0]["followup"].__setitem__("recheck", ["no_such_rule"]), "unknown rule 'no_such_rule'"),
        (lambda d: d["rule"][0]["followup"].__setitem__("ask_for", {"trivia": "?"}), "unknown question type"),
        (lambda d: d["rule"][0]["followup"].__setitem__("asks", "?"), "unknown key 'asks'"),
        (lambda d: d["rule"][0].__setitem__("shows", "(unclosed"), "'shows' is not a valid regular expression"),
        (lambda d: d["rule"][0].__setitem__("priority", -1), "'priority' must be a whole number"),
        (lambda d: d["rule"][0].__setitem__("bank_followup", "yes"), "'bank_followup' must be true or false"),
        # a generic detector is configured in the rubric and checked when it loads
        (lambda d: _rule(d, "no_tradeoff")["detector"].__setitem__("cue", "tradeofff"), "'cue' must name a pattern"),
        (lambda d: _rule(d, "no_tradeoff")["detector"].__setitem__("at", "middle"), "'at' must be one of"),
        (lambda d: _rule(d, "missing_metrics")["detector"]["at"].pop("default"), "needs a 'default'"),
        (lambda d: _rule(d, "no_tradeoff")["detector"].__setitem__("kind", "psychic"), "unknown detector kind"),
        (lambda d: _rule(d, "no_testing")["detector"].__setitem__("unless_asked", ["testing", "vibes"]),
         "'unless_asked' must list"),
        (lambda d: _rule(d, "no_tradeoff").pop("detector"), "rule 'no_tradeoff' has no detector"),
        (lambda d: d["rule"][0].__setitem__("detector", {"kind": "absent", "cue": "metric", "at": "opening"}),
         "has a detector of its own and a 'detector' table"),
    ],
)
def test_invalid_rubrics_fail_loudly(mutate, message: str) -> None:
    data = _raw()
    mutate(data)
    with pytest.raises(InputError, match=message):
        parse_rubric(data, where="test.toml")


def test_every_rule_carries_its_knowledge_and_the_default_rubric_uses_it() -> None:
    """The four fields are there for every rule (validated at load); spot-check that
    the interviewer, the report and the memory read them from the rubric."""
    from icraft.interview.followups import choose_followup, retell_kinds
    from icraft.interview.memory import memory_phrase

    raw = {r["id"]: r for r in _raw()["rule"]}
    rubric = load_rubric()
    for rule in rubric.rules:
        assert {"followup", "strength", "memory_phrase", "placeholder"} <= set(raw[rule.id]), rule.id
        assert memory_phrase(rule.id) == rule.memory_phrase
        if rule.followup is not None:
            assert choose_followup([(rule.id, 10.0)]).text == rule.followup.ask
        else:
            assert choose_followup([(rule.id, 10.0)]) is None
    # the follow-ups whose reply is a new core answer: "walk me through it" after a one-liner,
    # "answer the question I asked" after an off-topic answer
    assert retell_kinds() == {"too_short", "off_topic"}
    bank = choose_followup([], bank_followups=("And why that design?",))
    assert bank.rules == tuple(r.id for r in rubric.rules if r.bank_followup) == ("shallow_followup",)
    assert {r.id for r in rubric.rules if r.strength} >= {"missing_metrics", "no_ownership", "rambling"}


def test_a_new_rule_gets_its_follow_up_and_phrase_from_the_rubric_alone(tmp_path: Path) -> None:
    """A custom rubric's wording reaches the interviewer with no table to edit."""
    from icraft.interview.followups import choose_followup

    data = _raw()
    rule = next(r for r in data["rule"] if r["id"] == "no_reflection")
    rule["followup"] = {"ask": "What did you learn from it?", "recheck": ["no_reflection"]}
    rule["priority"] = 0
    rubric = parse_rubric(data, where="custom.toml")
    fu = choose_followup([("no_reflection", 5.0), ("missing_result", 5.0)], rubric=rubric)
    assert (fu.kind, fu.text, fu.rules) == ("no_reflection", "What did you learn from it?", ("no_reflection",))
    # without a priority it loses the tie to missing_result (priority 1)
    rule.pop("priority")
    fu = choose_followup([("no_reflection", 5.0), ("missing_result", 5.0)], rubric=parse_rubric(data))
    assert fu.kind == "missing_result"


def test_a_rule_about_a_missing_cue_needs_no_code() -> None:
    """A new "absent" rule is rubric data only: the generic detector judges it from its
    ``detector`` table (here: a technical answer that never says how it is tested)."""
    from icraft.rubric import lint_answer

    data = _raw()
    new = dict(_rule(data, "no_testing"), id="untested_claim", name="Untested claim", applies_to=["technical"])
    new["detector"] = {"kind": "absent", "cue": "testing", "at": "opening"}
    data["rule"].append(new)
    rubric = parse_rubric(data, where="custom.toml")
    text = ("Caching helps because reads dominate. I put a cache in front of the database with a short TTL. "
            "Writes invalidate the key. That keeps the load low.")
    found = [f for f in lint_answer(text, question_type="technical", rubric=rubric).findings
             if f.rule_id == "untested_claim"]
    assert found and found[0].spans[0].quote == "Caching helps because reads dominate."  # briefly, where it belongs
    tested = lint_answer(text + " I would load test it before release.", question_type="technical", rubric=rubric)
    assert "untested_claim" in tested.judged and not any(f.rule_id == "untested_claim" for f in tested.findings)


def test_rubric_file_errors(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        load_rubric(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("version = \n")
    with pytest.raises(InputError, match="not valid TOML"):
        load_rubric(bad)


def test_custom_rubric_changes_scores(tmp_path: Path) -> None:
    from icraft.rubric import lint_answer

    text = (rubrics_dir() / "default.toml").read_text()
    version = f'version = "{load_rubric().version}"'
    assert version in text
    heavier = text.replace(version, 'version = "test.1"').replace(
        'id = "missing_metrics"\nname = "Missing metrics"\ncategory = "depth"\nweight = 25',
        'id = "missing_metrics"\nname = "Missing metrics"\ncategory = "depth"\nweight = 60',
    )
    assert heavier != text
    path = tmp_path / "custom.toml"
    path.write_text(heavier)
    answer = (Path(__file__).parent.parent / "examples" / "mid_behavioral.txt").read_text().split("Candidate: ")[1]
    base = lint_answer(answer, question_type="behavioral")
    custom = lint_answer(answer, question_type="behavioral", rubric=load_rubric(path))
    assert custom.score.rubric_version == "test.1"
    assert custom.score.categories["depth"] < base.score.categories["depth"]


def test_engine_packages_import_nothing_heavy() -> None:
    code = (
        "import sys, icraft.rubric, icraft.delivery, icraft.rubric.report, icraft.practice.record\n"
        "icraft.rubric.lint_answer('I rewrote the query and cut latency by 40%.')\n"
        "bad = [m for m in ('rich', 'textual', 'numpy', 'anthropic', 'openai', 'deepgram', 'sounddevice', 'typer')"
        " if m in sys.modules]\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def test_default_rubric_version_is_pinned() -> None:
    """Pinned on purpose (the one test that names the version): a change to weights,
    thresholds or a detector's meaning must bump it (docs/SCORING.md, "Versioning"), and
    this test makes the bump a conscious edit. 2026.11.3: STAR clauses carry an action
    and a result together, outcome words before the first action are setup, "got better"
    is a result, weak_anchor fires on no number at all, too_short under one point is not
    reported, comma-enclosed "like" is a filler, bare non-story text is technical, and
    no_ownership's detector change. 2026.12.1: the general question type and its rules
    (no_direct_answer, no_example), small talk not scored, shallow_followup only on real
    follow-ups (issue 13); relevance (off_topic, keyword_stuffing, missed_talking_points),
    answers not in English not judged, brief evidence for absent rules, questions about
    one aspect, context before a story's first action (issue 13). 2026.12.2: rates and
    fractions are metrics, context after a one-sentence headline, a graded setup share, a
    follow-up reply judged by the rules it was asked about (issue 13). 2026.12.3: asking
    them to name the number first, before any offer, is no weak anchor. 2026.12.4: off_topic
    also needs the answer's words not to meet the question's (min_aligned) and judges what
    follows a sentence that only restates the question. 2026.12.5: a story given to a
    behavioral question is off topic only when plainly about something else (aligned under
    0.15, or naming nothing of work). 2026.12.6: no_specifics (an answer that says nothing
    concrete), no_example backed only by specific actions, a figure in the setup or in an
    action is no specific result, zero is a figure, further action sentences after the
    headline (issue 13). 2026.12.7: shallow_followup
    leaves a follow-up that asks for a fact unjudged. 2026.12.8: talking points are also
    covered by meaning (word by word, static vectors). 2026.12.9: a point asking for the
    story's result or lesson is covered by its result or reflection sentence. 2026.12.10: only
    a point naming a result/outcome/effect or opening on "impact" asks for the result. 2026.12.11: a story whose first
    words set the scene has its situation. 2026.12.12: "say each
    client gets 100 requests" is an assumption. 2026.12.13: "she was
    doing much better" is a result. 2026.12.14: "had like a"
    is a filler. 2026.12.15: a reply to a follow-up the interview asked is a follow-up reply
    whatever its wording. 2026.12.16: no_tradeoff hears a cost or alternative stated
    without the word and quotes the choice. 2026.12.17: a code-review question does not
    ask for complexity. 2026.12.18: "I'm in" followed by more words is no concession.
    2026.12.19: "regions: like counts" is no filler. 2026.12.20: current pay as the only
    number is no ask of your own. 2026.12.21: an arrow between two boxes ("writes metadata
    to Postgres") is an interface. 2026.12.22: "I said okay, let's test it" handles the
    people in a conflict. 2026.12.23:
    a yes/no question about a tool is general, a
    hypothetical offer is not negotiation, how a data structure works is technical.
    2026.12.24: a one-word reply to a follow-up is too short for shallow_followup too.
    2026.12.25: generic claims with no event are nothing concrete, a habit is no story. 2026.12.26:
    a one-word answer is too short to judge. 2026.12.27: "metrics improved by 30 percent"
    measures nothing named.
    2026.12.28: off_topic judges a joined account on its answers to the main question.
    2026.12.29: a story of something other than work told to a behavioral question is off
    topic whatever its similarity. 2026.12.30: "When would you choose...?" is a probe.
    2026.12.31: a negotiation concession costs every category. 2026.12.32: a story that shows
    nothing of its behavioral question's theme (mentoring, a conflict, a failure...) is off topic.
    2026.12.33: fillers weigh twice as much. 2026.12.34: a "we"-only story costs every category;
    vague outcomes and lessons are placeholders. 2026.12.35: a part of the question left
    unanswered costs its share of an off-topic answer (unanswered_part). 2026.12.36: claims with no
    example cost every category of a general answer. 2026.12.37: negotiation precision (a
    conditional close, flexibility on the mix, a cited market range, time asked). 2026.12.38: a
    "when ... not" part asks for a case against. 2026.12.39: a coding problem stated as a task
    is coding-discussion. 2026.12.40: an ultimatum costs every category (ultimatum).
    2026.12.41: "Two years ago..." opens a story's situation. 2026.12.42: an answer naming none of a
    technical bank question's subject and covering none of its points is off topic.
    2026.12.43: no_tradeoff hears a big-O cost and a counterfactual alternative. 2026.12.44: a
    conflict question's story must show another side with a view, not just a person or a "no".
    2026.12.45: names with nothing tying them together are keyword stuffing (buzzword soup in
    sentences). 2026.12.46: blame or complaint about an employer costs every category (blames_others).
    2026.12.47: buzzword soup needs under one tie per 20 words; blame phrases end at a word's end.
    2026.12.48: the overall scale tops out at 95 (no finding), compressed above 90.
    2026.12.49: a mentee's progress (PRs approved on the first pass) is a result.
    2026.12.50: a mentoring question's story must show someone helped to grow, not just a person.
    2026.12.51: "I'm in" in a relative clause and flexibility on how we get there are no concession.
    2026.12.52: ultimatum hears "or I'm walking", "otherwise I'm signing with", feeling insulted and a same-day deadline.
    2026.12.53: a deadline put on the decision ("your decision by Friday", "Can you commit?") is a negotiation question.
    2026.12.54: giving in anyway ("either way, I'll probably accept") costs half a concession; more apologies heard.
    2026.12.55: asking for more time on a decision deadline is no missing anchor.
    2026.12.56: a third blind trial's classes (blame put on others, hedged stories, a winning option
    as a trade-off, testing waved off, structures to build as coding questions).
    2026.12.57: a story question answered with what you would do costs every category (no_story).
    2026.12.58: "Any questions for us?" answered with none about the work costs every category
    (no_questions_back). 2026.12.59: "a few hundred garages" is a number; a choice made for now and
    why, and where it changes, is a trade-off. 2026.12.60: a review's false alarms in the rules of
    2026.12.50-59 fixed (blame, questions back, ultimatum, concessions, tests, trade-offs, types).
    2026.12.61: "I think" tagged on after a claim is a hedge. 2026.12.62: an offline recipient,
    acknowledgements and de-duplication are failure handling. 2026.12.63: "we" actions at twice
    yours hide your part (no_ownership's max_we_ratio 3 -> 2). 2026.12.64: "Tell me about yourself"
    answered with a life story is off topic, at half the rule's cost. 2026.12.65: "high school" is
    no sign of a life story (a teacher's career). 2026.12.66: a WebSocket, server-sent events, long
    polling and push notifications are interfaces (no_components)."""
    assert load_rubric().version == "2026.12.66"
