"""Company notes answer the candidate's questions: offline, deterministic, quoting the
notes sentence that answers the question by topic or by words in common, and saying
honestly when the notes do not say."""

from __future__ import annotations

import pytest

from icraft.interview.engine import Engine, InterviewOptions, Phase
from icraft.interview.resume import answer_from_notes, best_sentence, parse_company_notes
from tests.interview_helpers import ScriptedLint, SmallBank

NOTES = parse_company_notes(
    "Acme Robotics\n"
    "Team of 40 engineers\n"
    "We deploy to production twice a day.\n"
    "We use Go and Postgres on AWS.\n"
    "The team works hybrid, three days a week in the Berlin office.\n"
    "On-call is one week in six.\n"
    "Promotions are reviewed twice a year against a public career ladder.\n"
)


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("How big is the team?", "Team of 40 engineers"),
        ("How many engineers are there?", "Team of 40 engineers"),
        ("What tech stack do you use?", "We use Go and Postgres on AWS."),
        ("Is the role remote?", "The team works hybrid, three days a week in the Berlin office."),
        ("How often do you ship to production?", "We deploy to production twice a day."),
        ("How does on-call work?", "On-call is one week in six."),
        ("What does career growth look like?", "Promotions are reviewed twice a year against a public career ladder."),
    ],
)
def test_a_question_is_answered_with_the_notes_sentence_on_its_topic(question, sentence):
    assert best_sentence(NOTES, question) == sentence


@pytest.mark.parametrize("question", ["Do you sponsor visas?", "What does a typical day look like?"])
def test_a_question_the_notes_do_not_answer_gets_no_sentence(question):
    assert best_sentence(NOTES, question) is None


def test_the_reply_quotes_the_note_or_says_it_is_not_in_the_notes():
    assert answer_from_notes(NOTES, "How big is the team?") == (
        'Good question. From my notes on Acme Robotics: "Team of 40 engineers"'
    )
    honest = answer_from_notes(NOTES, "Do you sponsor visas?")
    assert "isn't in my notes on Acme Robotics" in honest and "can't answer that for a specific company" not in honest


def test_the_interviewer_answers_from_the_notes_in_the_candidate_questions_phase():
    e = Engine(InterviewOptions(type="behavioral", minutes=5, company=NOTES), bank=SmallBank(), lint=ScriptedLint())
    e.start()
    while e.phase is not Phase.CANDIDATE_QUESTIONS:
        e.answer("skip")
    step = e.answer("How big is the team?")
    assert '"Team of 40 engineers"' in step.utterances[0].text
    step = e.answer("Do you sponsor visas?")
    assert "isn't in my notes on Acme Robotics" in step.utterances[0].text and step.done


def test_the_company_notes_answer_end_to_end(cli, tmp_path):
    notes = tmp_path / "co.txt"
    notes.write_text("Acme Robotics\nTeam of 40 engineers\nOn-call is one week in six.\n", encoding="utf-8")
    r = cli(
        "interview", "--plain", "--type", "behavioral", "--minutes", "5", "--seed", "1", "--no-live-findings",
        "--company", str(notes),
        input="I build payment systems.\nskip\nHow big is the team?\nno\n",
    )
    assert r.returncode == 0, r.stderr
    assert 'From my notes on Acme Robotics: "Team of 40 engineers"' in r.stdout
    assert "I can't answer that for a specific company" not in r.stdout
