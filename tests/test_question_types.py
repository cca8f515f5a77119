"""Question types (issue 13): a general type with its own rules, small talk not scored,
no type inherited by a question that is not a follow-up, "offer" in a general question
is not negotiation, and the classifier measured on labelled real questions."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from icraft.core.transcript import CANDIDATE, INTERVIEWER, Transcript, Turn
from icraft.rubric import lint_answer, lint_transcript
from icraft.rubric.questions import SMALL_TALK, classify_question, infer_question_type, is_followup
from icraft.rubric.scoring import is_judged, not_judged_reason

REPO = Path(__file__).resolve().parent.parent
STAR_RULES = {"no_star_structure", "missing_result", "result_not_specific", "no_reflection", "no_ownership"}


def _bench():
    spec = importlib.util.spec_from_file_location("icraft_bench_qtypes", REPO / "benchmarks" / "bench_question_types.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_classifier_reads_at_least_95_percent_of_300_labelled_questions() -> None:
    bench = _bench()
    rows = bench.labelled()
    public = [r for r in rows if not r[2].startswith("bank:")]
    assert len(rows) >= 300 and len(public) >= 200
    assert {r[0] for r in public} == set(bench.LABELS)
    accuracy, _, errors = bench.evaluate(rows)
    assert accuracy >= 0.95, errors


@pytest.mark.parametrize(
    "question",
    [
        "Tell me about yourself.",
        "What is your greatest weakness?",
        "Why should we hire you?",
        "Where do you see yourself in five years?",
        "What would your last manager say about you?",
        "What can you offer us that someone else can't?",
        "What would make you turn this role down if we offered it?",
    ],
)
def test_general_questions_are_general(question: str) -> None:
    """They were read as STAR stories, technical questions or (for "offer") negotiation."""
    _assert_read_as_general(question, "I'm a backend engineer with six years in payments, and I want to own a "
                            "product area end to end.")


def _assert_read_as_general(question: str, answer: str) -> None:
    """The question is general, and an answer to it is judged so: no STAR rule fires."""
    assert classify_question(question) == "general"
    res = lint_answer(answer, question=question)
    assert res.question_type == "general"
    assert not STAR_RULES & {f.rule_id for f in res.findings}


def test_real_offers_are_still_negotiation() -> None:
    for q in ("We'd like to offer you 150k base. How does that sound?", "Do you have any other offers at the moment?",
              "This is our best and final offer.", "What are your salary expectations?",
              "Are you interviewing anywhere else right now?", "Is there a number that would get you to sign this week?"):
        assert classify_question(q) == "negotiation", q


def test_small_talk_is_not_scored() -> None:
    """"How are you?" -> "Good, thanks" was scored as a technical answer (too_short, no_tradeoff)."""
    t = Transcript((
        Turn.from_text(INTERVIEWER, "Hi, how are you?"),
        Turn.from_text(CANDIDATE, "Good, thanks! How are you?"),
        Turn.from_text(INTERVIEWER, "Tell me about a time you disagreed with your manager."),
        Turn.from_text(CANDIDATE, "We disagreed about a launch date and it was good."),
    ))
    report = lint_transcript(t, question_type="behavioral")  # a declared type does not make a pleasantry an answer
    small, story = report.answers
    assert small.question_type == SMALL_TALK and not small.findings and not is_judged(small)
    assert not_judged_reason(small) == "small talk: a pleasantry, not scored"
    assert is_judged(story) and report.score.overall == story.score.overall
    for q in ("Sorry I'm a couple of minutes late, how are you doing?", "How's everything going?",
              "How was your weekend?"):
        assert classify_question(q) == SMALL_TALK, q
    assert classify_question("How are you handling replication lag?") == "technical"
    # A pleasantry said together with a real question is that question.
    assert classify_question("Nice to meet you. Tell me about yourself.") == "general"


def test_a_question_with_no_cue_does_not_inherit_the_previous_type() -> None:
    """"technical" spread through a conversation: every later question with no cue took it."""
    t = Transcript((
        Turn.from_text(INTERVIEWER, "How does a database index speed up queries?"),
        Turn.from_text(CANDIDATE, "It keeps a sorted B-tree of the column, so a lookup walks O(log n) pages."),
        Turn.from_text(INTERVIEWER, "What are you most excited about these days?"),
        Turn.from_text(CANDIDATE, "Honestly, teaching. I run a study group for new engineers every Thursday."),
    ))
    types = [a.question_type for a in lint_transcript(t).answers]
    assert types == ["technical", "general"]
    assert not is_followup("What are you most excited about these days?", answer_index=1)


def test_a_real_follow_up_keeps_its_section() -> None:
    assert infer_question_type("Why Kafka?", "Because we needed replay.", "system-design") == "system-design"
    assert infer_question_type("And what happens when that node dies?", "We fail over.", "system-design") == "system-design"
    assert is_followup("Why did you add a cache?") and is_followup("By how much?")
    assert not is_followup("Why should we hire you?")


def test_general_answers_are_judged_by_general_rules() -> None:
    dodge = lint_answer("That's a hard one. I don't really have any weaknesses, I'm a perfectionist and I work too hard.",
                        question="What is your greatest weakness?")
    assert "no_direct_answer" in {f.rule_id for f in dodge.findings}
    claims = lint_answer("I'm a strong communicator and a fast learner. I'm also very detail-oriented and I work well "
                         "under pressure. I think I'd be a great fit for the team.", question="Why should we hire you?")
    finding = next(f for f in claims.findings if f.rule_id == "no_example")
    assert finding.detail["unbacked"] == 2
    assert all(len(s.quote.split()) <= 25 for s in finding.spans)  # the claims, never the whole answer
    strong = lint_answer(
        "You need someone who can own the payments backend, and I have done that for three years. At my last job I "
        "rebuilt the reconciliation service and cut failed payouts from 2% to 0.3%. I'm also a patient mentor: two "
        "junior engineers I paired with now run their own services.", question="Why should we hire you?")
    assert strong.score.overall >= 90 and not [f for f in strong.findings if f.measurable], strong.findings


# --- the blind trial's question-type defects (x04, m02 answers 2 and 5) ----------------------------

@pytest.mark.parametrize("question", [
    "Have you ever worked with Kubernetes?",  # the trial's x04: typed behavioral, six STAR findings
    "Have you used Terraform before?",
    "Have you ever used Redis in production?",
    "Are you familiar with GraphQL?",
    "Have you worked with Kafka or RabbitMQ?",
])
def test_a_yes_no_question_about_a_technology_is_not_a_story(question: str) -> None:
    _assert_read_as_general(question, "Yes, for three years: I ran our clusters and wrote the deploy tooling.")


@pytest.mark.parametrize("question", [
    "Have you ever worked with a difficult coworker?", "Have you ever missed a deadline?",
    "Have you ever had to deliver bad news to a customer?",
])
def test_have_you_ever_about_a_situation_still_asks_for_a_story(question: str) -> None:
    assert classify_question(question) == "behavioral"


@pytest.mark.parametrize("question", [
    "If we made you an offer, what would make you say yes quickly?",  # the trial's m02 answer 5: scored 20
    "Once we extend an offer, what would help you decide?",
    "Suppose we made you an offer: what would you need to hear from us to join?",
])
def test_an_offer_named_as_a_hypothetical_frames_a_general_question(question: str) -> None:
    assert classify_question(question) == "general"
    res = lint_answer("A team that owns a hard problem end to end, and a manager who gives direct feedback. "
                      "From the interviews so far, the payments platform is that kind of problem.", question=question)
    assert res.question_type == "general"
    assert not {"weak_anchor", "early_concession", "off_topic"} & {f.rule_id for f in res.findings}


def test_a_hypothetical_offer_with_a_figure_or_a_deadline_is_still_negotiation() -> None:
    for q in ("If we offered you 150k, would you accept?", "If we made you an offer today, would you sign?",
              "What would it take for you to accept an offer today?"):
        assert classify_question(q) == "negotiation", q


@pytest.mark.parametrize("question", [
    "Can you explain how a hash map handles collisions?",  # the trial's m02 answer 2: no_edge_cases, no_testing
    "How does a hash map handle collisions?",
    "Explain how binary search works.",
    "What is the difference between a linked list and a dynamic array?",
    "How do hash maps resize when they fill up?",
])
def test_how_a_data_structure_works_is_a_technical_question(question: str) -> None:
    assert classify_question(question) == "technical"
    res = lint_answer(
        "Each key is hashed to a bucket. Two keys in one bucket are chained in a short list, or the table probes "
        "for the next free slot; when the load factor passes about 0.75 the table doubles and rehashes, so lookups "
        "stay O(1) on average and O(n) in the worst case.", question=question)
    assert not {"no_edge_cases", "no_testing"} & {f.rule_id for f in res.findings}


@pytest.mark.parametrize("question", [
    "Before writing code, talk me through how you would detect a cycle in a linked list.",
    "Compare breadth-first and depth-first search for finding the shortest path in an unweighted grid.",
    "How do you test your binary search?",
])
def test_a_data_structure_in_a_coding_question_keeps_it_coding(question: str) -> None:
    assert classify_question(question) == "coding-discussion"


# Rubric 2026.12.39: a coding problem stated as a task (a second blind trial's coding questions
# read as general, so no coding rule ran). Worded here apart from the labelled set's S26 rows.
@pytest.mark.parametrize("question", [
    "Given an array of integers and a target sum, return the indices of the pair that adds up to it.",
    "Find the length of the longest substring with no repeated characters.",
    "Determine whether a string made of brackets is balanced.",
    "How would you detect a cycle in a directed graph?",
    "Return the k most frequent elements of an array.",
    "You are given two sorted arrays. Find their median.",
])
def test_a_coding_problem_stated_as_a_task_is_coding(question: str) -> None:
    assert classify_question(question) == "coding-discussion"


@pytest.mark.parametrize("question", [
    "How would you find the slowest endpoint in our API?",
    "Find an example from your last role that shows your strengths.",
    "Given the budget you had, what would you have cut first?",
])
def test_a_task_verb_without_data_to_work_on_is_not_a_coding_problem(question: str) -> None:
    assert classify_question(question) != "coding-discussion"



# Rubric 2026.12.53: a third blind trial's recruiter line putting a deadline on the decision ("...by
# Friday, so 48 hours. Can you commit?") read as general, so no negotiation rule judged the reply. The
# same deadline words in a story question stay a story.
@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Recruiter: We need your answer by Thursday, so about two days. Can you commit?", "negotiation"),
        ("The team would like a decision within 24 hours.", "negotiation"),
        ("We'd like to hear back from you by tomorrow.", "negotiation"),
        ("Could you give us your decision early next week?", "negotiation"),
        ("Tell me about a time you had to make a decision within 24 hours.", "behavioral"),
        ("Tell me about a time a stakeholder needed an answer from you by the end of the day.", "behavioral"),
        ("Describe a decision you made by Friday that you later regretted.", "behavioral"),
    ],
)
def test_a_deadline_on_the_decision_is_negotiation_and_in_a_story_question_a_story(question: str, kind: str) -> None:
    assert classify_question(question) == kind


# Rubric 2026.12.56: a third blind trial's LRU cache to implement and "The array is sorted. How would
# you find...?" were read as technical, so no coding rule (edge cases, tests) ran. Rubric 2026.12.60
# (a review of 2026.12.53-56): only a structure to *build* is a coding question (scaling one is
# design), "empty" is no shape of the data, and a deadline in a story question is the story's, not
# an offer's (its subject is the candidate, not "we need your...").
@pytest.mark.parametrize(("question", "expected"), [
    ("How would you implement an LRU cache with get and put?", "coding-discussion"),
    ("How would you build a min heap that supports decrease-key?", "coding-discussion"),
    ("The array is sorted. How would you find whether a target value is in it?", "coding-discussion"),
    ("The input list was already sorted. Can you beat a linear scan?", "coding-discussion"),
    ("How would you build a URL shortener for a million users?", "system-design"),
    ("How would you scale the queue for Black Friday traffic?", "system-design"),
    ("How would you scale a hash map across many machines?", "system-design"),
    ("Your queue is empty in production at peak. How would you debug that?", "technical"),
    ("Tell me about a time you had to get an answer within 48 hours from a stakeholder.", "behavioral"),
    ("We'd like an answer by Monday. Does that work?", "negotiation"),
])
def test_structures_to_build_data_described_first_and_their_near_misses(question: str, expected: str) -> None:
    assert classify_question(question) == expected
