"""Answers no selected rule could judge have no score, and a lint run that judged nothing
is a usage error (exit 2), never "Score 100/100" that a --fail-under gate passes on."""

from __future__ import annotations

import json

import pytest

from icraft.core.errors import InputError
from icraft.core.transcript import CANDIDATE, INTERVIEWER, Transcript, Turn
from icraft.rubric import lint_answer, lint_transcript, load_rubric
from icraft.rubric.report import LintedFile, lint_document
from icraft.rubric.scoring import is_judged, not_judged_reason
from tests.conftest import REPO

EXAMPLE = str(REPO / "examples" / "mid_behavioral.txt")
STORY = (
    "At my last company our nightly billing job took four hours and often missed the morning deadline. "
    "I was responsible for making it finish before six. I profiled it and rewrote it to process batches, "
    "so the job finished in twenty minutes."
)
NEGOTIATION = "Based on market data for this level and the scope we discussed, I'm looking for a base of 195."


def _mixed() -> Transcript:
    return Transcript(
        (
            Turn.from_text(INTERVIEWER, "Tell me about a time you fixed a slow job."),
            Turn.from_text(CANDIDATE, STORY),
            Turn.from_text(INTERVIEWER, "What are your salary expectations?"),
            Turn.from_text(CANDIDATE, "I'm flexible, something competitive would be great."),
        )
    )


def test_nothing_judged_is_a_usage_error_naming_the_types() -> None:
    t = Transcript((Turn.from_text(INTERVIEWER, "Tell me about a time you fixed a slow job."),
                    Turn.from_text(CANDIDATE, STORY)))
    with pytest.raises(InputError) as e:
        lint_transcript(t, rules=["weak_anchor"])
    assert e.value.message == "none of the selected rules apply to these answers"
    with pytest.raises(InputError, match="^story.txt: none of the selected rules apply"):
        lint_transcript(t, rules=["weak_anchor"], source="story.txt")  # a batch names each file
    assert "behavioral" in (e.value.hint or "") and "negotiation" in (e.value.hint or "")
    # A rule that applies but has nothing to look at (no follow-up question) judged nothing either.
    with pytest.raises(InputError, match="could judge"):
        lint_transcript(t, rules=["shallow_followup"])


def test_a_mixed_transcript_scores_only_what_was_judged() -> None:
    report = lint_transcript(_mixed(), rules=["weak_anchor"])
    story, ask = report.answers
    assert not is_judged(story) and story.score.categories == {}
    assert not_judged_reason(story) == "no selected rule applies to a behavioral answer"
    assert is_judged(ask) and not_judged_reason(ask) is None
    assert ask.score.overall < 100
    # The session is the judged answer's score, not pulled up by the unjudged 100.
    assert report.score.overall == ask.score.overall
    assert report.score.categories == ask.score.categories

    doc = lint_document([LintedFile("mixed", _mixed(), report)], load_rubric(), fail_under=90)
    a0, a1 = doc["reports"][0]["answers"]
    assert a0["score"] is None and a0["not_judged"] == "no selected rule applies to a behavioral answer"
    assert a1["score"]["overall"] == ask.score.overall and a1["not_judged"] is None
    assert doc["summary"]["answers"] == 2 and doc["summary"]["not_judged"] == 1
    assert doc["summary"]["min_score"] == ask.score.overall
    assert doc["summary"]["below_threshold"] == 1


def test_lint_answer_with_a_rule_subset_never_raises() -> None:
    """The interview lints a follow-up reply with that follow-up's own rules: an answer
    they do not judge is a result to read (is_judged), not an error."""
    res = lint_answer(STORY, question_type="behavioral", rules=["weak_anchor"])
    assert not is_judged(res) and res.findings == ()


def test_full_rubric_judges_every_answer() -> None:
    report = lint_transcript(_mixed())
    assert all(is_judged(a) for a in report.answers)


def test_cli_exits_2_when_no_selected_rule_applies(cli) -> None:
    r = cli("lint", EXAMPLE, "--no-save", "--rules", "weak_anchor", "--fail-under", "90")
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "none of the selected rules apply to these answers" in r.stderr
    assert "Score 100/100" not in r.stdout
    assert "Traceback" not in r.stderr


def test_cli_json_gives_a_null_score_with_a_reason(cli, tmp_path) -> None:
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps({
        "turns": [
            {"speaker": "interviewer", "text": "Tell me about a time you fixed a slow job."},
            {"speaker": "candidate", "text": STORY},
            {"speaker": "interviewer", "text": "What are your salary expectations?"},
            {"speaker": "candidate", "text": NEGOTIATION},
        ]
    }))
    r = cli("lint", str(path), "--no-save", "--rules", "weak_anchor", "--format", "json")
    assert r.returncode == 0, r.stderr
    a0, a1 = json.loads(r.stdout)["reports"][0]["answers"]
    assert a0["score"] is None and "behavioral" in a0["not_judged"]
    assert a1["score"]["overall"] == round(load_rubric().top) and a1["judged"] == ["weak_anchor"]


def test_human_output_shows_an_unjudged_answer_as_not_judged(cli, tmp_path) -> None:
    """A transcript where the selected rules judge one answer and not the other: the other
    says why it has no score (no "100/100" no rule gave), and the session line counts it out."""
    path = tmp_path / "mix.txt"
    path.write_text(
        "Interviewer: How did you negotiate your last offer?\n"
        "Candidate: They offered 150k and I asked for 170k based on market data, and we settled at 165k.\n"
        "Interviewer: Tell me about a conflict.\n"
        "Candidate: I disagreed with my lead about the schema and we resolved it by testing both.\n"
    )
    r = cli("lint", str(path), "--no-save", "--rules", "weak_anchor")
    assert r.returncode == 0, r.stderr
    answer2 = r.stdout.split("Answer 2")[1]
    assert "Not judged: no selected rule applies to a behavioral answer" in answer2
    assert "/100" not in answer2.split("Session score")[0]
    assert "over 1 of 2 answers (judged)" in r.stdout


@pytest.mark.parametrize(("question", "answer"), [
    ("Have you ever worked with Kubernetes?", "No."),  # the blind trial's x04: 7, six STAR findings
    ("Tell me about a time you disagreed with your manager.", "Yes."),
    ("Which queue would you put between the services?", "Kafka."),
    ("What is your greatest weakness?", "Um, nothing."),
])
def test_a_one_word_answer_is_too_short_to_judge_and_moves_no_skill(question: str, answer: str) -> None:
    from icraft.skills.evidence import observe

    res = lint_answer(answer, question=question)
    assert not is_judged(res) and res.findings == ()
    assert not_judged_reason(res).startswith("too short to judge")
    assert observe(res, load_rubric()) == {}


def test_two_words_are_judged_and_say_how_many_words_a_reader_sees() -> None:
    res = lint_answer("No, sorry.", question="Have you ever worked with Kubernetes?")
    assert is_judged(res) and "too_short" in {f.rule_id for f in res.findings}
    # The trial's i3 reply was reported as "Only 1 word" (its content words, fillers and hedges left out).
    short = next(f for f in lint_answer("Yeah I guess so.", question="What do you think of microservices versus a monolith?").findings
                 if f.rule_id == "too_short")
    assert short.message.startswith("Only 4 words, 1 without fillers and hedges:")


def test_a_file_of_one_word_answers_is_a_usage_error_that_says_why() -> None:
    t = Transcript((Turn.from_text(INTERVIEWER, "Have you ever worked with Kubernetes?"), Turn.from_text(CANDIDATE, "No.")))
    with pytest.raises(InputError, match="too short to judge") as e:
        lint_transcript(t)
    assert "sentence" in (e.value.hint or "")


def test_a_file_with_nothing_judged_has_no_session_score_in_json() -> None:
    """A small-talk-only file reported session overall 100 in JSON (the trial's g09) while
    the text output said nothing was judged."""
    t = Transcript((Turn.from_text(INTERVIEWER, "Hi, how are you today?"),
                    Turn.from_text(CANDIDATE, "Good, thanks! Excited to be here.")))
    doc = lint_document([LintedFile("smalltalk", t, lint_transcript(t))], load_rubric())
    assert doc["reports"][0]["score"] is None and doc["reports"][0]["answers"][0]["score"] is None
    assert doc["summary"]["mean_score"] is None
    mixed = lint_document([LintedFile("mixed", _mixed(), lint_transcript(_mixed()))], load_rubric())
    assert mixed["reports"][0]["score"]["overall"] is not None


def test_one_word_in_a_negotiation_is_a_move_and_is_judged() -> None:
    res = lint_answer("Flexible.", question="What are your salary expectations?", question_type="negotiation")
    assert is_judged(res) and "weak_anchor" in {f.rule_id for f in res.findings}
