"""The three versions on a corpus of real-shaped answers: every claimed gain equals an
independent re-lint, ideal >= medium >= minimal >= original, no invented facts.

The corpus: the lint calibration set (tests/calibration/, when present), the
per-rule trigger fixtures (untimed ones) and answers written here.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from icraft.core.transcript import normalize
from icraft.rewrite import IDEAL, MEDIUM, MINIMAL, build_versions, new_facts
from icraft.rewrite import placeholders as ph
from icraft.rewrite import versions as versions_mod
from icraft.rewrite.diff import apply
from icraft.rewrite.text import split_sentences, strip_placeholders
from icraft.rubric import lexicon as lx
from icraft.rubric import lint_answer, load_rubric, score_answer

TESTS = Path(__file__).parent

OWN: list[dict[str, Any]] = [
    {
        "question_type": "behavioral",
        "question": "Tell me about a time you fixed a production issue.",
        "answer": "So the situation was that our checkout page was timing out during a sale, um, and I was the "
        "on-call engineer that week. I looked at the traces and saw that the inventory service was making one "
        "database call per item in the cart. We rewrote it to batch the lookups into a single query and added "
        "a short cache. After that, uh, checkout errors went down a lot and the sale went fine. I think the "
        "main thing I learned is to look at the traces before guessing.",
    },
    {
        "question_type": "behavioral",
        "question": "Tell me about a time you sped up a slow service.",
        "answer": "That's a great question, let me think. Um, so basically we had this service that was slow "
        "and we kind of fixed it by adding caching and I guess it was better after that. We also migrated to a "
        "new database which maybe helped a lot.",
    },
    {
        "question_type": "behavioral",
        "question": "Describe a project you led.",
        "answer": "In the end the migration finished two weeks early and we cut hosting costs by 30%. At my last "
        "company we ran everything on three old VMs that kept falling over. My task was to move the billing "
        "jobs to Kubernetes without downtime. We wrote a plan with the SRE team, I set up a shadow cluster, "
        "and we moved one job per day while comparing outputs. I learned that a boring rollout plan beats a "
        "clever one.",
    },
    {
        "question_type": "system-design",
        "question": "Design a URL shortener.",
        "answer": "Um, so I guess there would be a service that takes a long URL and stores it, maybe in "
        "Postgres, and gives back a short code. Then reads look up the code and redirect. I would put a cache "
        "in front of the database because reads are much more common than writes.",
    },
    {
        "question_type": "coding-discussion",
        "question": "How would you find duplicates in a large list?",
        "answer": "I think I would kind of use a hash set, you know, and walk the list once, and if the item "
        "is already in the set it is a duplicate. It is probably fine for most inputs.",
    },
    {
        "question_type": "behavioral",
        "question": "Tell me about a time you disagreed with your manager.",
        "answer": "We had a release planned for Friday and I thought it was risky because the migration had "
        "never been tested on production data. We ran a dry run on a copy, we found two broken indexes, and we "
        "fixed them before the release.",
    },
]


def _calibration() -> list[dict[str, Any]]:
    root = TESTS / "calibration"
    cases: list[dict[str, Any]] = []
    if not root.is_dir():
        return cases
    for path in sorted(root.rglob("*")):
        if path.suffix == ".toml":
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        elif path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
        else:
            continue
        if isinstance(data, dict) and "answer" in data:
            items = [data]
        else:  # a list of cases, or a table holding one
            items = data if isinstance(data, list) else next(
                (v for v in data.values() if isinstance(v, list) and v and isinstance(v[0], dict)), []
            )
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("answer"), str):
                cases.append(item)
    return cases


def _rule_fixtures() -> list[dict[str, Any]]:
    cases = []
    for path in sorted((TESTS / "rule_fixtures").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for case in data.get("trigger", []):
            if "wpm" not in case:  # versions are text: timed fixtures say nothing here
                cases.append(case)
    return cases


CORPUS = OWN + _calibration() + _rule_fixtures()


def _lint(text: str, case: dict[str, Any], qtype: str):  # type: ignore[no-untyped-def]
    return lint_answer(strip_placeholders(text), question=case.get("question"), question_type=qtype)


@pytest.fixture(scope="module")
def built() -> list[tuple[dict[str, Any], Any]]:
    out = []
    for case in CORPUS:
        result = lint_answer(case["answer"], question=case.get("question"), question_type=case.get("question_type"))
        out.append((case, build_versions(case["answer"], result, question=case.get("question"))))
    return out


def test_corpus_is_substantial() -> None:
    assert len(CORPUS) >= 30
    if (TESTS / "calibration").is_dir():  # the lint engine's calibration set is part of it
        assert len(_calibration()) >= len(list((TESTS / "calibration").glob("*.toml")))


def test_every_claimed_gain_equals_an_independent_relint(built) -> None:  # type: ignore[no-untyped-def]
    for case, vs in built:
        original = _lint(vs.original, case, vs.question_type)
        assert vs.baseline.score == original.score
        for v in vs.versions:
            again = _lint(v.text, case, vs.question_type)
            assert v.score == again.score.overall
            assert v.delta.overall == again.score.overall - original.score.overall
            assert v.delta.categories == {
                c: again.score.categories[c] - original.score.categories[c] for c in original.score.categories
            }
            fired_before = {f.rule_id for f in original.findings if f.measurable}
            fired_after = {f.rule_id for f in again.findings if f.measurable}
            assert set(v.delta.fixed) == fired_before - fired_after
            assert set(v.delta.new) == fired_after - fired_before
            for r in v.delta.rules:  # per-rule attribution: the score without that rule's findings
                if r.rule_id in fired_before:
                    assert r.cost_before == _without(original, [r.rule_id]) - original.score.overall
                if r.rule_id in fired_after:
                    assert r.cost_after == _without(again, [r.rule_id]) - again.score.overall
            assert v.delta.residual == v.delta.overall - sum(r.gain for r in v.delta.rules)
            for p in v.pending:
                assert p.rule_id in fired_after
                assert p.points == _without(again, [p.rule_id]) - again.score.overall
            # "once filled" is the lint of the version with every placeholder replaced by its
            # example, and each pending rule really passes once its placeholder(s) are filled
            assert v.filled_example == _fill(v.text)
            filled = _lint(v.filled_example, case, vs.question_type)
            assert v.score_when_filled == filled.score.overall
            for p in v.pending:
                labels = p.placeholder.split(", ")
                marks = [m for m in ph.found_in(v.text) if m.label in labels]
                assert marks and all(p.rule_id in m.rules for m in marks)
                text = v.text
                for m in marks:
                    text = text.replace(m.text, m.example)
                refilled = _lint(strip_placeholders(text) if len(marks) == 1 else v.filled_example, case,
                                 vs.question_type)
                assert p.rule_id not in {f.rule_id for f in refilled.findings if f.measurable}, (p, v.text)


def _fill(text: str) -> str:
    """Every known placeholder replaced by its example (sentence form at a sentence
    start, inline form inside a sentence), written independently of ph.fill."""
    out = text
    for m in ph.ALL:
        while m.text in out:
            at = out.index(m.text)
            before = out[:at].rstrip()
            sentence_start = not before or before[-1] in ".!?]"
            filled = m.example if sentence_start or not m.inline else m.inline
            if not sentence_start and before.endswith(",") and m.inline:  # "fine, [metric]." -> "fine, with ..."
                filled = m.inline.removeprefix(", ")
            out = out[:at] + filled + out[at + len(m.text):]
    out = out.replace(" ,", ",").replace("..", ".")
    return " ".join(out.split())


def _without(result, rules: list[str]) -> int:  # type: ignore[no-untyped-def]
    """Independent recomputation with the engine's scoring function: ``result``'s
    findings minus ``rules``, same categories."""
    kept = [f for f in result.findings if f.rule_id not in rules]
    return score_answer(kept, load_rubric(), result.question_type, list(result.score.categories)).overall


def test_attribution_keeps_categories(built) -> None:  # type: ignore[no-untyped-def]
    """A rule that passes costs >= 0: removing its findings never lowers a score (lint
    with ignore= would drop a category whose only rule it is, and could)."""
    for _, vs in built:
        for v in vs.versions:
            for r in v.delta.rules:
                assert r.cost_before >= 0 and r.cost_after >= 0, (r, vs.original)
            assert v.score_when_filled >= v.score


def test_heavier_versions_never_score_lower(built) -> None:  # type: ignore[no-untyped-def]
    for _, vs in built:
        if vs.nothing_to_fix:  # no rule fired: no versions (checked below)
            continue
        scores = [vs.baseline.score.overall] + [vs.get(n).score for n in (MINIMAL, MEDIUM, IDEAL)]
        assert scores == sorted(scores), (vs.original, scores)
        assert vs.get(IDEAL).score_when_filled >= vs.get(IDEAL).score
        # the model answer, once filled, is no worse than the medium rewrite once filled (a
        # trial: STAR order gave up the answer-first opening, 96 against 98)
        assert vs.get(IDEAL).score_when_filled >= vs.get(MEDIUM).score_when_filled, vs.original


def test_no_version_invents_a_fact(built) -> None:  # type: ignore[no-untyped-def]
    for _, vs in built:
        for v in vs.versions:
            assert new_facts(vs.original, v.text) == [], (v.name, v.text)


def test_mechanical_findings_get_cheaper_and_content_gaps_get_placeholders(built) -> None:  # type: ignore[no-untyped-def]
    """Not a no-op: fillers, hedges and throat-clearing always cost less in the minimal
    patch; every rule a placeholder stands for that still fails is listed as pending."""
    mechanical = {"filler_spike", "hedging"}
    checked = 0
    for _, vs in built:
        if vs.nothing_to_fix:
            continue
        minimal = vs.get(MINIMAL)
        for r in minimal.delta.rules:
            if r.rule_id in mechanical and r.cost_before > 0:
                assert r.cost_after < r.cost_before, (r, vs.original)
                checked += 1
        ideal = vs.get(IDEAL)
        still = {f.rule_id for f in ideal.result.findings if f.measurable}
        after_fill = {f.rule_id for f in _lint(ideal.filled_example, {"question": vs.question},
                                                vs.question_type).findings if f.measurable}
        for p in ideal.placeholders:  # a rule that filling every placeholder fixes is pending on one
            for rule in set(p.rules) & still - after_fill:
                quoted = any(f.detail.get("phrases") for f in ideal.result.findings if f.rule_id == rule)
                assert quoted or any(x.rule_id == rule for x in ideal.pending), (rule, ideal.text)
    assert checked >= 6
    assert sum(vs.get(MINIMAL).delta.overall > 0 for _, vs in built if not vs.nothing_to_fix) >= 10
    to_fix = [vs for _, vs in built if not vs.nothing_to_fix]
    assert sum(bool(vs.get(IDEAL).placeholders) for vs in to_fix) >= len(to_fix) // 2


def test_diff_and_edits_describe_the_change(built) -> None:  # type: ignore[no-untyped-def]
    for _, vs in built:
        for v in vs.versions:
            assert apply(list(v.diff), "after") == v.text
            assert [normalize(w) for w in apply(list(v.diff), "before").split()] == [
                normalize(w) for w in vs.original.split()
            ]
            assert bool(v.edits) == (v.text != vs.original)
            words = {normalize(w) for w in vs.original.split()}
            for e in v.edits:  # every edit starts from the candidate's own words (or a placeholder)
                before = {normalize(w) for w in strip_placeholders(e.before).split()} - {""}
                assert before <= words, (e, vs.original)
                if e.kind == "placeholder":
                    assert e.before == "" and e.after.startswith("[") and e.after.endswith("]")


def test_specific_answer_versions() -> None:
    case = OWN[1]
    result = lint_answer(case["answer"], question=case["question"], question_type="behavioral")
    vs = build_versions(case["answer"], result, question=case["question"])
    minimal = vs.get(MINIMAL)
    kinds = {e.kind for e in minimal.edits}
    assert {"drop_filler", "drop_hedge", "placeholder", "drop_preamble"} <= kinds
    assert "um," not in minimal.text.lower() and "i guess" not in minimal.text.lower()
    # "we fixed it" stays: icraft cannot know it was the candidate; it asks instead
    assert "we fixed it by adding caching" in minimal.text
    assert f"that, {ph.METRIC.text}. {ph.YOUR_PART.text}" in minimal.text  # at clause and sentence boundaries
    assert "I fixed" not in minimal.text
    assert {"filler_spike", "hedging"} <= set(minimal.delta.fixed)
    assert "no_ownership" not in minimal.delta.fixed
    assert any(p.rule_id == "no_ownership" and p.placeholder == "your part" for p in minimal.pending)
    assert minimal.delta.overall > 10
    ideal = vs.get(IDEAL)
    assert "[your decision: why this option over ...?]" in ideal.text
    assert "[trade-off: what else did you consider?]" in ideal.text


def test_story_goes_into_star_order_with_the_outcome_first() -> None:
    case = OWN[2]
    text = case["answer"]
    result = lint_answer(text, question=case["question"], question_type="behavioral")
    medium = build_versions(text, result, question=case["question"]).get(MEDIUM)
    assert medium.text.startswith("The migration finished two weeks early")  # "In the end" dropped
    assert medium.text.index("At my last company") < medium.text.index("My task")


def test_run_on_sentences_are_split_in_the_medium_rewrite() -> None:
    text = (
        "So at my last job we had this service that handled payments and it was kind of old and it was written "
        "by people who had left and nobody really wanted to touch it and then one day it started failing during "
        "a sale and we were all trying to figure out what was going on and I looked at the logs and I found a "
        "problem with the connection pool."
    )
    result = lint_answer(text, question_type="behavioral")
    vs = build_versions(text, result)
    medium = vs.get(MEDIUM)
    assert medium.score > vs.get(MINIMAL).score
    assert "split_sentence" in {e.kind for e in medium.edits}
    assert "Nobody really wanted to touch it." in medium.text


def test_build_is_deterministic() -> None:
    case = OWN[0]
    result = lint_answer(case["answer"], question=case["question"], question_type="behavioral")
    a = build_versions(case["answer"], result, question=case["question"]).to_dict()
    b = build_versions(case["answer"], result, question=case["question"]).to_dict()
    assert a == b


WEAK_Q = "Tell me about a time you fixed a production problem under pressure."


def _weak() -> str:
    text = (TESTS.parent / "examples" / "weak_behavioral.txt").read_text(encoding="utf-8")
    return text.split("Candidate:", 1)[1].strip()


def test_once_filled_matches_filling_it_by_hand() -> None:
    """Reviewer: the weak example promised 87/98/100 once filled; filling the placeholders
    with plausible content and re-linting gave 84/96/98, partly because vague_quantities
    was promised on [metric] while "a lot of problems" stayed in the text."""
    text = _weak()
    vs = build_versions(text, lint_answer(text, question=WEAK_Q, question_type="behavioral"), question=WEAK_Q)
    by_hand = {  # a user's own words, not icraft's examples
        "metric": "Errors fell from 4% to 0.1%.",
        "your part": "I profiled the service, I found the leak, I wrote the patch and I ran the rollout myself.",
        "lesson": "I learned to add alerts before a rewrite, and I have done that on every project since.",
        "task": "I was the engineer on call, so the fix was mine.",
        "your decision": "I chose a partial rewrite because a full one would have taken a quarter.",
        "trade-off": "The trade-off was speed against risk: we kept the old path as a fallback.",
        "number": "about three weeks of work for four of us",
    }
    for v in vs.versions:
        # "a lot of work" is asked for its number in its own sentence, where the linter looks
        assert all(p.placeholder in ("number", "metric") for p in v.pending if p.rule_id == "vague_quantities")
        filled = v.text
        for m in ph.found_in(v.text):
            filled = filled.replace(m.text, by_hand[m.label])
        real = lint_answer(strip_placeholders(filled), question=WEAK_Q, question_type="behavioral")
        assert v.score_when_filled == real.score.overall, (v.name, v.score_when_filled, real.score.overall)
        fired = {f.rule_id for f in real.findings if f.measurable}
        assert not {p.rule_id for p in v.pending} & fired  # every promised rule really passes


def test_vague_quantity_is_pending_only_where_the_metric_goes() -> None:
    from icraft.rewrite.versions import _pending
    from icraft.rewrite.gains import Relinter

    relint = Relinter(question=WEAK_Q, question_type="behavioral")
    near = f"I was on call. I added an index to the orders table. After that, errors went down a lot {ph.METRIC.text}."
    far = ("I was on call and we had a lot of problems. I added an index to the orders table. After that, errors "
           f"went down {ph.METRIC.text}.")
    assert "vague_quantities" in {p.rule_id for p in _pending(relint, near)[0]}
    assert "vague_quantities" in relint.fired(relint(far))
    assert "vague_quantities" not in {p.rule_id for p in _pending(relint, far)[0]}


def test_we_stays_we_and_ownership_gains_are_pending() -> None:
    """Reviewer: the patch rewrote "we restarted / we decided / we talked" as "I ..." and
    claimed +18 for no_ownership. Only the candidate knows their part."""
    text = _weak()
    vs = build_versions(text, lint_answer(text, question=WEAK_Q, question_type="behavioral"), question=WEAK_Q)
    for v in vs.versions:
        assert new_facts(vs.original, v.text) == []
        for verb in ("restarted", "decided", "talked", "looked", "tried"):
            assert f"I {verb}" not in strip_placeholders(v.text)
        assert "no_ownership" not in v.delta.fixed
        assert any(p.rule_id == "no_ownership" for p in v.pending)
        assert ph.YOUR_PART.text in v.text


def test_fact_checker_refuses_we_turned_into_i() -> None:
    original = "We restarted it a few times and then we decided to rewrite some of it. I wrote the plan."
    assert new_facts(original, "I restarted it a few times and then I decided to rewrite some of it.") == [
        "I restarted", "I decided"]
    assert new_facts(original, "We restarted it. I wrote the plan [your part: I decided it].") == []


def test_answer_first_leads_with_the_outcome_not_a_worry() -> None:
    """Reviewer: "We were, worried about it because, nobody really knew how it worked." was
    moved to the opening as if it were the answer."""
    text = _weak()
    vs = build_versions(text, lint_answer(text, question=WEAK_Q, question_type="behavioral"), question=WEAK_Q)
    medium = vs.get(MEDIUM)
    first = medium.text.split(". ")[0]
    assert "worried" not in first and "nobody really knew" not in first
    moved = [e for e in medium.edits if e.kind in ("answer_first", "reorder")]
    assert all("worried" not in e.before for e in moved)
    assert first.startswith("It got better") and ph.METRIC.text in first  # the outcome, and its number asked for


def test_negotiation_versions_address_the_concession_and_the_anchor() -> None:
    text = (TESTS.parent / "examples" / "negotiation.txt").read_text(encoding="utf-8")
    question = text.split("Interviewer:", 1)[1].split("Candidate:", 1)[0].strip()
    answer = text.split("Candidate:", 1)[1].strip()
    result = lint_answer(answer, question=question, question_type="negotiation")
    assert {"early_concession", "weak_anchor"} <= {f.rule_id for f in result.findings}
    vs = build_versions(answer, result, question=question)
    minimal, medium = vs.get(MINIMAL), vs.get(MEDIUM)
    assert "early_concession" in minimal.delta.fixed and minimal.score > vs.baseline.score.overall
    for gone in ("I'm flexible", "Sorry", "I can accept", "a lot to ask"):
        assert gone not in minimal.text
    assert "signing bonus" in minimal.text  # the candidate's own ask stays
    assert medium.text != minimal.text and ph.ANCHOR.text in medium.text
    assert [p.rule_id for p in medium.pending] == ["weak_anchor"]
    assert medium.score_when_filled > medium.score

def test_every_rule_has_a_fixer_or_a_placeholder_or_a_stated_reason() -> None:
    """The rewrite knows each rule from the rubric (``placeholder``) or a ``@fixer``; a new
    rule with neither fails here until it gets one (or a reason below)."""
    from icraft.rewrite import fixers
    from icraft.rubric import load_rubric

    rubric = load_rubric()
    no_text_fix = {
        "too_short": "only the candidate can say more (the ideal version's placeholders ask for it)",
        "pace": "a timing rule: a rewritten text has no timings",
        "repetition": "which of the repeated words to keep is the candidate's call",
        "passive_voice": "who did it is a fact only the candidate knows",
        "no_direct_answer": "the one-sentence answer is the candidate's own position",
        "off_topic": "an answer to the question asked is the candidate's to give: a rewrite of another answer stays off topic",
        "keyword_stuffing": "the sentences around the listed terms are the candidate's own experience",
        "missed_talking_points": "each point needs the candidate's own content; the lint names the points missed",
        "no_specifics": "the names, numbers and specific things are the candidate's own facts; the lint quotes the placeholders to replace",
        "unanswered_part": "the answer to the part left out is the candidate's to give; the lint names the part",
        "ultimatum": "cutting the threat leaves the ask unsaid: what replaces it (a number, a reason, a question) is the candidate's",
        "blames_others": "owning the failure or saying what you want next is the candidate's own account to give",
        "no_story": "the real occasion to tell instead of a plan is the candidate's own memory",
        "no_questions_back": "what the candidate wants to know about the job is theirs to ask",
    }
    assert set(fixers.unfixed(rubric)) == set(no_text_fix)
    assert fixers.stray(rubric) == []  # no fixer for a rule the rubric does not have
    for f in fixers.FIXERS:
        assert f.version in (fixers.MINIMAL, fixers.MEDIUM) and f.step


def test_placeholders_come_from_the_rubric() -> None:
    """What a version adds for a rule, and which rules a placeholder stands for, are the
    rubric's ``placeholder`` and ``filled_by``; an unknown label is one clear error."""
    import tomllib

    from icraft.core.errors import InputError
    from icraft.resources import rubrics_dir
    from icraft.rubric.model import load_rubric, parse_rubric

    default = load_rubric()
    assert [p.label for p in ph.for_rule("no_ownership", "behavioral")] == ["your part", "your decision"]
    assert ph.for_rule("missing_metrics", "system-design") == (ph.ESTIMATE,)
    assert ph.METRIC.rules == ("missing_metrics", "result_not_specific", "vague_quantities")  # by priority
    assert ph.ANCHOR.rules == ("weak_anchor", "early_concession")
    with (rubrics_dir() / "default.toml").open("rb") as fh:
        data = tomllib.load(fh)
    rule = next(r for r in data["rule"] if r["id"] == "no_stakeholder_mgmt")
    rule["placeholder"] = False
    custom = parse_rubric(data, where="custom.toml")
    assert ph.for_rule("no_stakeholder_mgmt", "behavioral", custom) == ()
    assert ph.for_rule("no_stakeholder_mgmt", "behavioral", default) == (ph.STAKEHOLDERS,)
    assert ph.rules_of(ph.STAKEHOLDERS, custom) == ()
    rule["placeholder"] = ["stakeholder"]
    with pytest.raises(InputError, match="unknown placeholder 'stakeholder'"):
        ph.for_rule("no_stakeholder_mgmt", "behavioral", parse_rubric(data, where="custom.toml"))


# -- issue 13, "Rewrites": versions that differ in kind, honest gains, clause boundaries --------

WEAK = {
    "question": "Tell me about a time you had to make an unpopular decision.",
    "answer": "Um, so basically we had a project and we decided to do something that people didn't really like. "
    "We kind of talked about it and in the end we went ahead with it and it was fine I think. The team was ok "
    "with it eventually and things worked out.",
}
SAY_NO = {
    "question": "Tell me about a time you had to say no to a request from a senior leader.",
    "answer": "In 2024 our VP of Sales asked me to promise a custom SSO integration for a prospect within two "
    "weeks. I was the backend lead and I said no to the two week date because it would have pulled three "
    "engineers off a PCI audit fix. I met him the same day, showed the audit deadline and the risk of a 50 "
    "thousand dollar fine, and offered a scoped alternative: SAML only in four weeks. He agreed, the prospect "
    "signed a 400 thousand dollar contract, and we passed the audit with zero findings. I learned to come with "
    "an alternative instead of a bare no.",
}


def _build(case: dict[str, Any], answer: str | None = None):  # type: ignore[no-untyped-def]
    text = answer if answer is not None else case["answer"]
    result = lint_answer(text, question=case["question"], question_type="behavioral")
    return build_versions(text, result, question=case["question"])


def test_a_strong_answer_has_nothing_to_fix_rather_than_three_zero_gain_versions() -> None:
    vs = _build(SAY_NO)
    assert not {f.rule_id for f in vs.baseline.findings if f.measurable}  # the premise: no rule fires
    assert vs.nothing_to_fix and vs.versions == ()
    assert vs.to_dict()["nothing_to_fix"] is True and vs.to_dict()["versions"] == []


def test_no_placeholder_for_a_star_part_the_answer_already_tells() -> None:
    """A strong story with fillers: the task is told ("I was the backend lead"), so the
    model answer never asks "[task: what were you responsible for?]" (nor for the
    situation, actions or result it tells)."""
    fillers = SAY_NO["answer"].replace("I met him", "Um, I met him").replace("He agreed", "Uh, he agreed")
    vs = _build(SAY_NO, fillers.replace("I learned", "So, um, I learned"))
    assert {f.rule_id for f in vs.baseline.findings if f.measurable} == {"filler_spike"}
    told = {ph.SITUATION.label, ph.TASK.label, ph.ACTION.label, ph.RESULT.label, ph.LESSON.label}
    for v in vs.versions:
        assert not told & {p.label for p in v.placeholders}, (v.name, v.text)


def test_the_ideal_is_a_star_model_answer_with_placeholders_inside_their_parts() -> None:
    """The weak story: its outcome stays after the actions in every version (no rule asks
    for it first), the ideal puts the decision and trade-off after the actions and before
    the result, never asks for a result the story already tells, and is worth more once
    filled than the patch. Its one restructure (a split) would cost a word on a too-short
    answer: the medium says so instead of moving the outcome to the front."""
    vs = _build(WEAK)
    minimal, medium, ideal = (vs.get(n) for n in (MINIMAL, MEDIUM, IDEAL))
    assert ideal.text != medium.text
    assert medium.text != minimal.text or medium.skipped  # a restructure, or why there is none
    t = ideal.text
    assert t.startswith("We had a project")  # the model answer tells it in STAR order
    assert t.index("We talked about it") < t.index(ph.DECISION.text) < t.index("The team was ok")
    assert t.index("The team was ok") < t.index(ph.LESSON.text)
    assert ph.RESULT.text not in t  # "things worked out" is the result: ask for its number only
    assert ph.METRIC.text in t
    assert not t.rstrip().endswith(f"{ph.DECISION.text} {ph.TRADEOFF.text} {ph.RESULT.text} {ph.LESSON.text}")
    assert ideal.score >= medium.score >= minimal.score
    assert ideal.score_when_filled > minimal.score_when_filled
    assert "no_reflection" in {p.rule_id for p in ideal.pending}
    assert "no_reflection" not in {p.rule_id for p in minimal.pending}


def _words(text: str) -> list[str]:
    return [normalize(w) for w in strip_placeholders(text).split()]


def test_each_version_builds_on_the_one_before(built) -> None:  # type: ignore[no-untyped-def]
    """A trial: the medium rewrite moved a story's result to the front ("opens with the
    answer") and the ideal moved it back ("tells the story in STAR order"), and the ideal
    was the original plus placeholders. Now the ideal is the medium's own words in the
    medium's order plus placeholders, and a story opens with its outcome only when its
    opening buried the point (no_answer_first)."""
    stories = 0
    for case, vs in built:
        if vs.nothing_to_fix:
            continue
        medium, ideal = vs.get(MEDIUM), vs.get(IDEAL)
        assert _words(ideal.text) == _words(medium.text), (medium.text, ideal.text)
        assert {e.kind for e in ideal.edits} - {e.kind for e in medium.edits} <= {"placeholder"}
        fired = {f.rule_id for f in vs.baseline.findings if f.measurable}
        if vs.question_type == "behavioral" and "no_answer_first" not in fired:
            stories += 1
            assert "answer_first" not in {e.kind for e in medium.edits}, medium.text
    assert stories >= 10


# Stories told in order (situation, action with its result, lesson).
IN_ORDER = [" ".join(parts) for parts in (
    ("At my last job our nightly billing export kept failing.",
     "I rewrote the export query and it finished in time, cutting the run from 3 hours to 40 minutes.",
     "I learned to profile before guessing."),
    ("Our release pipeline was flaky and people had stopped trusting it.",
     "I added retries to the two flaky steps and our team shipped on Fridays again.",
     "I learned that small fixes can restore trust."),
)]


@pytest.mark.parametrize("answer", IN_ORDER)
def test_a_story_keeps_its_order_and_the_restructure_splits_parts(answer: str) -> None:
    """A story told in order is not reshuffled to open with its result; a sentence that
    carries an action and its result together is split into the two parts."""
    vs = _versions("Tell me about a time you fixed a recurring problem.", answer, "behavioral")
    assert not vs.nothing_to_fix
    medium, ideal = vs.get(MEDIUM), vs.get(IDEAL)
    first = answer.split(". ")[0]
    assert medium.text.startswith(first) and ideal.text.startswith(first)
    # The split itself: the action and its result become two sentences.
    split, edits = versions_mod._split_parts(answer, "behavioral")
    assert [e.kind for e in edits] == ["split_part"], split
    action = answer.split(". ")[1]
    assert edits[0].reason == "one STAR part per sentence: the action and the result apart", edits[0].reason
    assert len(split_sentences(split)) == len(split_sentences(answer)) + 1 and action not in split
    # The restructure applies it, or names it as skipped because it would score lower
    # (a split that costs a point is not offered as an improvement).
    if "split_part" not in {e.kind for e in medium.edits}:
        step = [s for s in medium.skipped if s.step == "one STAR part per sentence"]
        assert step and step[0].would_score < step[0].score, medium.skipped


@pytest.mark.parametrize("answer", [
    "Um, so we disagreed about, you know, some stuff with the roadmap and we argued for a while. In the end it "
    "was fine.",
    "So we disagreed about, like, some stuff with the roadmap, and it was fine in the end.",
    "We disagreed about, um, some stuff with the roadmap. It worked out.",
])
def test_placeholders_go_at_clause_boundaries(answer: str) -> None:
    """Reviewer: "disagreed about [your part: ...], some stuff with the roadmap". The comma
    a dropped filler leaves behind is not a clause boundary, and no placeholder ever
    follows a word a clause cannot end on."""
    vs = _build({"question": "Tell me about a conflict with a colleague.", "answer": answer})
    for v in vs.versions:
        assert "about some stuff with the roadmap" in v.text, v.text
        for p in ph.found_in(v.text):
            before = v.text[: v.text.index(p.text)].rstrip()
            last = before.split()[-1].lower().rstrip(",;:") if before else ""
            assert last not in {"about", "with", "of", "to", "the", "a", "for", "on", "in", "and"}, (p, v.text)


def test_a_rule_that_fired_does_not_ask_for_a_part_the_story_tells() -> None:
    """result_not_specific fires on "It worked out" (no figure): the versions ask for its
    number, never for "[result: what changed?]", which the story already says."""
    vs = _build({"question": "Tell me about a conflict with a colleague.",
                 "answer": "We disagreed about, um, some stuff with the roadmap. It worked out."})
    assert "result_not_specific" in {f.rule_id for f in vs.baseline.findings if f.measurable}
    for v in vs.versions:
        assert ph.RESULT.text not in v.text, (v.name, v.text)
    assert ph.METRIC.text in vs.get(IDEAL).text


def test_a_design_answer_states_its_assumptions_up_front_not_appended() -> None:
    """A design answer has no STAR roles: the assumption and the estimate go right after
    the opening recommendation, the components and failure modes after the design."""
    case = OWN[3]  # the URL shortener
    result = lint_answer(case["answer"], question=case["question"], question_type="system-design")
    vs = build_versions(case["answer"], result, question=case["question"])
    t = vs.get(IDEAL).text
    assert t.startswith("I would put a cache in front of the database")  # answer first
    for p in (ph.ASSUMPTION, ph.ESTIMATE):
        assert p.text in t and t.index(p.text) < t.index("There would be a service"), t
    assert t.index("Then reads look up the code") < t.index(ph.FAILURE.text)
    assert not vs.get(MINIMAL).text.rstrip().endswith(ph.ESTIMATE.text)


def test_the_model_answer_once_filled_is_no_worse_than_the_medium_rewrite() -> None:
    """A new-user trial: the ideal answer (STAR order, the outcome moved back) would score 96
    once filled, under the medium rewrite's 98: it gave up the answer-first opening."""
    question = "Tell me about a time you disagreed with your manager."
    text = ("Um, so basically we had like a disagreement about the roadmap and we talked about it and it was "
            "fine in the end. We kind of compromised and things got better.")
    vs = build_versions(text, lint_answer(text, question=question, question_type="behavioral"), question=question)
    assert vs.get(IDEAL).score_when_filled >= vs.get(MEDIUM).score_when_filled >= vs.get(MINIMAL).score_when_filled


# -- a blind trial's diff (issue 13, "Rewrites"): what a placeholder asks for, and where --------


def _versions(question: str, answer: str, qtype: str | None = None):  # type: ignore[no-untyped-def]
    result = lint_answer(answer, question=question, question_type=qtype)
    return build_versions(answer, result, question=question)


@pytest.mark.parametrize(("question", "answer"), [
    # "Tell me about yourself" was asked for "[estimate: how many users, requests per second...]"
    ("Tell me about yourself.", "Um, so, I grew up in Ohio and I always liked computers, I played a lot of games. "
     "Then I studied computer science and got a job doing frontend and backend work."),
    ("What is your greatest weakness?", "I take on a lot of work myself instead of delegating it. I am learning "
     "to hand tasks to others on my team and to check in on them weekly."),
    ("Why should we hire you?", "I ship significantly faster than most engineers I have worked with, and I "
     "write tests for everything I build, so my code rarely breaks in production."),
    ("When would you use a message queue?", "When producers are much faster than consumers, I would put a queue "
     "between them so that bursts are absorbed and workers drain it at their own rate."),
])
def test_a_vague_quantity_is_asked_for_its_number_where_it_is_said(question: str, answer: str) -> None:
    """The number a vague quantity stands for is what the finding asks, whatever the type:
    in the sentence that says it, never a design's "requests per second"."""
    vs = _versions(question, answer)
    assert vs.question_type != "system-design"
    assert "vague_quantities" in {f.rule_id for f in vs.baseline.findings if f.measurable}
    minimal = vs.get(MINIMAL)
    assert ph.NUMBER.text in minimal.text
    for v in vs.versions:
        assert ph.ESTIMATE.text not in v.text, (v.name, v.text)
        said = next(s for s in v.text.split(". ") if ph.NUMBER.text in s)
        assert lx.VAGUE_QUANTITY.search(said.lower()), said  # in the vague sentence itself
    assert any(p.rule_id == "vague_quantities" and p.placeholder == "number" for p in minimal.pending)


def test_a_design_is_still_asked_for_its_estimate_and_a_story_for_its_metric() -> None:
    assert ph.for_rule("missing_metrics", "system-design") == (ph.ESTIMATE,)
    assert ph.for_rule("missing_metrics", "behavioral") == (ph.METRIC,)
    for qtype in ("general", "technical", "coding-discussion", "behavioral", "system-design"):
        assert ph.for_rule("vague_quantities", qtype) == (ph.NUMBER,)
    assert ph.metric_for("general") is ph.METRIC and ph.metric_for("technical") is ph.METRIC


@pytest.mark.parametrize("answer", [
    "I'm a hard worker and I'm a team player. I grew up in Ohio, studied computer science and joined a startup "
    "after college. Now I work on our billing system. I'm looking for a bigger team.",
    "I have been an engineer for five years, mostly on payments. I'm a fast learner and very detail oriented. "
    "Before that I studied physics. I want to work on larger systems next.",
])
def test_an_example_is_asked_for_right_after_the_claim_it_backs(answer: str) -> None:
    """A general answer's unbacked claim ("I'm a hard worker") gets its example right after
    it, where the linter looks for one, not at the end of the answer."""
    vs = _versions("Tell me about yourself.", answer)
    assert "no_example" in {f.rule_id for f in vs.baseline.findings if f.measurable}
    ideal = vs.get(IDEAL)
    sents = split_sentences(ideal.text)
    k = sents.index(ph.EXAMPLE.text)
    assert lx.TRAIT_CLAIM.search(strip_placeholders(sents[k - 1]).lower()), ideal.text
    assert any(p.rule_id == "no_example" for p in ideal.pending), ideal.text


def _at_a_boundary(text: str, mark: str) -> bool:
    """A sentence of its own, or the last clause of one, set off by a comma."""
    at = text.index(mark)
    before, after = text[:at].rstrip(), text[at + len(mark):]
    return (not before or before[-1] in ".!?]") or (before.endswith(",") and after[:1] in (".", "!", "?"))


def test_every_placeholder_sits_at_a_clause_or_sentence_boundary(built) -> None:  # type: ignore[no-untyped-def]
    """A trial: "We looked at the dashboards [your part: ...] and found the database was
    overloaded", "it went fine [metric: by how much?]". On the whole corpus, every
    placeholder is a sentence of its own or ends its sentence after a comma."""
    checked = 0
    for _, vs in built:
        for v in vs.versions:
            for p in ph.found_in(v.text):
                assert _at_a_boundary(v.text, p.text), (p.label, v.text)
                checked += 1
    assert checked >= 50


@pytest.mark.parametrize(("answer", "own_part_after"), [
    ("Our checkout service started timing out during a sale. We looked at the dashboards and found the database "
     "was overloaded. We added a cache and things got better.", "the database was overloaded."),
    ("The nightly export kept failing. We traced the job and rewrote the slow query, and it went fine after "
     "that.", "it went fine after that,"),
    ("We disagreed about the release date with product. We met twice and agreed on a smaller scope. It worked "
     "out.", "agreed on a smaller scope."),
])
def test_your_part_and_the_metric_go_at_boundaries(answer: str, own_part_after: str) -> None:
    vs = _versions("Tell me about a time you handled a production incident.", answer, "behavioral")
    minimal = vs.get(MINIMAL)
    assert ph.YOUR_PART.text in minimal.text and own_part_after in minimal.text
    assert _at_a_boundary(minimal.text, ph.YOUR_PART.text), minimal.text
    assert ph.METRIC.text in minimal.text and f", {ph.METRIC.text}." in minimal.text, minimal.text
    assert strip_placeholders(minimal.text) == " ".join(answer.split())  # nothing else moved


def test_a_rewrite_cut_to_one_word_is_worth_nothing_not_100():
    """"Yeah I guess so." to a technical question: the minimal patch dropped the hedges and
    kept "So.", which is too short to judge and carried the 100 no rule took points from:
    "14 -> 100 (+86)". A one-word text is worth 0 to a rewrite or a re-answer."""
    from icraft.rewrite import build_versions
    from icraft.rewrite.gains import Relinter
    from icraft.rubric import lint_answer

    q = "After a deploy, a service's p99 latency doubled but its p50 is unchanged. Walk me through the investigation."
    relint = Relinter(question=q, question_type="technical")
    assert relint("So.").score.overall == 0
    original = "Yeah I guess so."
    result = lint_answer(original, question=q, question_type="technical")
    v = build_versions(original, result, question=q)
    assert v.versions
    for version in v.versions:  # no version is cut to a word (the patch was "So.", +86)
        assert len(version.text.split()) > 1, (version.name, version.text, version.delta.overall)
