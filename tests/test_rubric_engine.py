"""The lint engine's public interface: lint_answer / lint_transcript, spans, scoring, determinism."""

from __future__ import annotations

import json

import pytest

from icraft.core.errors import InputError
from icraft.core.transcript import CANDIDATE, INTERVIEWER, TimedToken, Transcript, Turn
from icraft.rubric import QUESTION_TYPES, infer_question_type, lint_answer, lint_transcript, load_rubric

MID = (
    "So the situation was that our checkout page was timing out during a sale, um, and I was the on-call "
    "engineer that week. I looked at the traces and saw that the inventory service was making one database "
    "call per item in the cart. I rewrote it to batch the lookups into a single query and added a short cache. "
    "After that, uh, checkout errors went down a lot and the sale went fine. I think the main thing I learned "
    "is to look at the traces before guessing."
)


def test_lint_answer_returns_scored_result_with_rubric_version() -> None:
    res = lint_answer(MID, question="Tell me about a time you fixed a production issue.")
    rubric = load_rubric()
    assert res.answer == 0
    assert res.question_type == "behavioral"
    assert res.score.rubric_version == rubric.version
    assert set(res.score.categories) == {"structure", "depth", "communication", "seniority_signal"}
    ids = [f.rule_id for f in res.findings]
    assert "missing_metrics" in ids and "vague_quantities" in ids
    assert "no_ownership" not in ids and "no_star_structure" not in ids


def test_every_span_quote_is_cut_from_the_turn() -> None:
    t = Transcript((Turn.from_text(INTERVIEWER, "Tell me about a conflict."), Turn.from_text(CANDIDATE, MID)))
    report = lint_transcript(t)
    turn = t.turns[1]
    for f in report.answers[0].findings:
        assert f.spans, f.rule_id
        for s in f.spans:
            assert s.turn == 1
            assert s.quote == turn.text[s.char_start : s.char_end]
            assert s.quote.split() == [w.text for w in turn.words[s.word_start : s.word_end]]


def test_findings_carry_rule_skills_and_points() -> None:
    rubric = load_rubric()
    res = lint_answer(MID)
    for f in res.findings:
        rule = rubric.rule(f.rule_id)
        assert f.skills == rule.skills
        assert f.category == rule.category
        if f.measurable:
            assert f.points > 0
        else:
            assert f.points == 0


def test_untimed_pace_is_not_measurable_and_costs_nothing() -> None:
    res = lint_answer(MID)
    pace = [f for f in res.findings if f.rule_id == "pace"]
    assert pace and not pace[0].measurable and pace[0].points == 0
    assert res.delivery is not None and res.delivery.measurable is False and res.delivery.wpm is None


def test_same_input_same_json() -> None:
    t = Transcript((Turn.from_text(CANDIDATE, MID),))
    a = json.dumps(lint_transcript(t).to_dict(), sort_keys=True)
    b = json.dumps(lint_transcript(t).to_dict(), sort_keys=True)
    assert a == b


def test_rules_and_ignore_filter_and_typos_are_errors() -> None:
    only = lint_answer(MID, rules=["missing_metrics"])
    assert [f.rule_id for f in only.findings] == ["missing_metrics"]
    ignored = lint_answer(MID, ignore=["missing_metrics"])
    assert "missing_metrics" not in [f.rule_id for f in ignored.findings]
    with pytest.raises(InputError, match="did you mean 'missing_metrics'"):
        lint_answer(MID, rules=["missing_metric"])


def test_bad_question_type_and_empty_answer_are_input_errors() -> None:
    with pytest.raises(InputError, match="unknown question type"):
        lint_answer(MID, question_type="trivia")
    with pytest.raises(InputError, match="empty"):
        lint_answer("   ")
    with pytest.raises(InputError, match="no candidate answers"):
        lint_transcript(Transcript((Turn.from_text(INTERVIEWER, "Hello?"),)))


def test_timed_answer_spans_carry_milliseconds() -> None:
    toks = [TimedToken(w, 400 * i, 400 * i + 300) for i, w in enumerate(MID.split())]
    res = lint_answer(Turn.from_tokens(CANDIDATE, toks))
    assert res.delivery is not None and res.delivery.measurable
    spans = [s for f in res.findings for s in f.spans]
    assert spans and all(s.start_ms is not None and s.end_ms is not None for s in spans)
    assert not [f for f in res.findings if not f.measurable]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Tell me about a time you disagreed with your manager.", "behavioral"),
        ("Design a URL shortener.", "system-design"),
        ("What's the time complexity of your solution?", "coding-discussion"),
        ("What are your salary expectations?", "negotiation"),
        ("How does TCP congestion control work?", "technical"),
    ],
)
def test_infer_question_type(question: str, expected: str) -> None:
    assert expected in QUESTION_TYPES
    assert infer_question_type(question, "an answer") == expected


def test_session_score_averages_answers() -> None:
    t = Transcript(
        (
            Turn.from_text(INTERVIEWER, "Tell me about a time you fixed an outage."),
            Turn.from_text(CANDIDATE, MID),
            Turn.from_text(INTERVIEWER, "Why did you add a cache?"),
            Turn.from_text(CANDIDATE, "It seemed fine."),
        )
    )
    report = lint_transcript(t)
    assert len(report.answers) == 2
    assert "shallow_followup" in [f.rule_id for f in report.answers[1].findings]
    mean = sum(a.score.overall for a in report.answers) / 2
    assert abs(report.score.overall - mean) <= 0.5


def test_follow_up_questions_keep_the_section_type() -> None:
    t = Transcript(
        (
            Turn.from_text(INTERVIEWER, "Design a URL shortener."),
            Turn.from_text(CANDIDATE, "A stateless service in front of a key-value store, with a cache for reads."),
            Turn.from_text(INTERVIEWER, "And what happens when that node goes away?"),
            Turn.from_text(CANDIDATE, "I rewrote the failover last year and it worked."),
        )
    )
    assert [a.question_type for a in lint_transcript(t).answers] == ["system-design", "system-design"]
    assert infer_question_type(None, "I led the migration and I cut costs by 30%.") == "behavioral"


def test_answer_only_inference_recognises_a_design_answer() -> None:
    design = (
        "For the rate limiter I'd start by asking how many requests per second we expect. I'd use a token bucket "
        "per key stored in Redis, and keep a small local bucket on each gateway."
    )
    assert infer_question_type(None, design) == "system-design"
    assert infer_question_type(None, "They offered 170 base and I asked for $195k with more equity.") == "negotiation"


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("hello world", "technical"),
        ("Caching helps because memory is faster than disk.", "technical"),
        ("We migrated the billing system and it was good.", "behavioral"),
        ("I rewrote the billing job.", "behavioral"),
    ],
)
def test_a_bare_answer_is_a_story_only_when_it_tells_one(answer: str, expected: str) -> None:
    """docs/SCORING.md: with no question, behavioral for a first-person story (I or we),
    technical otherwise ("hello world" is not failed for having no STAR)."""
    assert infer_question_type(None, answer) == expected
    assert lint_answer(answer).question_type == expected


@pytest.mark.parametrize("reply", ["Yeah.", "No.", "Sure"])
def test_a_one_word_reply_to_a_follow_up_is_too_short_for_every_rule(reply):
    from icraft.rubric import lint_answer

    for probed in (False, True):
        r = lint_answer(reply, question="Why did you pick Kafka over a database table?",
                        question_type="technical", rules=["shallow_followup"] if probed else None, probed=probed)
        assert "shallow_followup" not in r.judged and not r.findings, (probed, r.judged)
    assert "shallow_followup" in lint_answer("Because it was fast.", question="Why did you pick Kafka?",
                                             question_type="technical", rules=["shallow_followup"], probed=True).judged


@pytest.mark.parametrize("question,probe", [
    ("When would you choose a queue over a direct call?", True),
    ("Which would you pick for a write-heavy table, and what would change your mind?", True),
    ("When should you shard instead of adding a replica?", True),
    ("When did the outage start?", False),
    ("Which region was affected?", False),
])
def test_a_when_or_which_question_about_a_choice_is_a_probe_not_a_request_for_a_fact(question, probe):
    """"When would you choose X?" asks for judgement: shallow_followup judges the reply. "When
    did it start?" asks for a fact: a short exact reply answers it and is not judged."""
    from icraft.rubric import lint_answer

    r = lint_answer("When it is slow.", question=question, question_type="technical",
                    rules=["shallow_followup"], probed=True)
    assert ("shallow_followup" in r.judged) is probe, r.judged
