"""Cross-session memory rebuilt by code after each interview, and used by the next one."""

from __future__ import annotations

import json

from icraft.interview import memory
from icraft.interview.engine import InterviewOptions
from icraft.modes.interview import InterviewRunner
from tests.test_sessions_cmd import STAR, WEAK, interview


def test_memory_after_two_sessions_then_improvement(cli, db):
    assert memory.load(db) is None
    interview(db, ["I build payment systems.", WEAK], seed=1)
    first = memory.load(db)
    assert first is not None and first.sessions == 1 and first.recurring == []  # one session: nothing recurs yet
    interview(db, ["I build payment systems.", WEAK], seed=2)
    doc = memory.load(db)
    assert doc.sessions == 2
    recurring = {r["rule_id"]: r for r in doc.recurring}
    # Which rules fire on WEAK depends on the rubric; what recurs is what fired in both sessions.
    assert recurring and all(r["sessions"] == 2 for r in recurring.values())
    assert all(r["quote"] and (r["quote"] in WEAK or r["quote"] in "I build payment systems.")
               for r in recurring.values())
    assert doc.habits["fillers_per_100_words"] > 0 and doc.habits["wpm"] is None  # typed: pace unmeasured
    assert doc.weakest_skills and all(s["score"] is not None for s in doc.weakest_skills)
    opening = doc.opening()
    assert opening and opening.startswith("From our earlier sessions:")

    # The next interview opens with it and probes the recurring weaknesses first.
    runner = InterviewRunner.create(
        db, InterviewOptions(type="behavioral", minutes=10, memory_opening=opening, weak_rules=doc.weak_rules)
    )
    greeting = runner.begin().utterances[0].text
    assert opening in greeting

    interview(db, ["I build payment systems.", STAR], seed=3)
    doc = memory.load(db)
    assert doc.sessions == 3  # the unfinished one above is in progress: not counted
    improved = {i["rule_id"] for i in doc.improved}
    assert "filler_spike" in improved
    assert doc.score_trend["latest"] > doc.score_trend["earlier"]
    assert doc.strongest_stories[0]["quote"] in STAR

    r = cli("memory", "show", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["recurring"][0]["rule_id"] == doc.recurring[0]["rule_id"]
    r = cli("memory", "show")
    assert r.returncode == 0 and "Recurring findings" in r.stdout and doc.recurring[0]["rule_id"] in r.stdout


def test_cli_interview_greets_with_memory(cli, db):
    interview(db, ["I build payment systems.", WEAK], seed=1)
    interview(db, ["I build payment systems.", WEAK], seed=2)
    db.commit()
    r = cli("interview", "--plain", "--type", "behavioral", "--minutes", "5", input="")
    assert r.returncode == 0, r.stderr
    assert "From our earlier sessions:" in r.stdout.split("Interviewer [warmup]")[0]


def test_memory_show_on_an_empty_database(cli):
    r = cli("memory", "show")
    assert r.returncode == 0 and "Nothing yet" in r.stdout
    assert "0 sessions" not in r.stdout


def test_memory_alone_shows_it_in_plain_words(cli, db):
    interview(db, ["I build payment systems.", WEAK], seed=1)
    db.commit()
    r = cli("memory")
    assert r.returncode == 0, r.stderr
    assert "Built from 1 session and " in r.stdout and "1 sessions" not in r.stdout
    assert "T0" not in r.stdout.split("Built from")[1].splitlines()[0]  # a readable time, not ISO


def test_opening_names_newer_rubric_rules_too():
    doc = memory.MemoryDoc(
        updated_at="2026-01-01T00:00:00+00:00", sessions=2, answers=4,
        recurring=[{"rule_id": "too_short", "sessions": 2, "answers": 2, "message": "m", "quote": "q"},
                   {"rule_id": "hedging", "sessions": 2, "answers": 2, "message": "m", "quote": "q"}],
    )
    assert doc.opening() == (
        "From our earlier sessions: many answers were too brief to show your reasoning and hedges like 'I guess' "
        "softened your own claims, so I'll ask about that."
    )


DECIMAL_STORY = (
    "The error rate dropped from 20 percent to 0.1 percent after I rebuilt the retry logic. At my last "
    "company the payment service failed often, so I owned the investigation, added tracing, found the "
    "retry storm and rewrote the backoff with jitter. As a result checkout errors fell and we saved about "
    "2 million dollars a year. I learned to measure first."
)


def test_story_quotes_do_not_stop_at_a_decimal_point() -> None:
    """`memory show` printed "... from 20 percent to 0." for "... to 0.1 percent ..."."""
    assert memory.first_sentence(DECIMAL_STORY) == (
        "The error rate dropped from 20 percent to 0.1 percent after I rebuilt the retry logic."
    )
    assert memory.sentences("We used e.g. Redis v2.0 there!  Then\n we shipped") == [
        "We used e.g. Redis v2.0 there!", "Then we shipped"
    ]
    assert memory.first_sentence("one two three four.", max_words=2) == "one two ..."
    assert memory.first_sentence("   ") == ""


def test_memory_show_quotes_the_whole_sentence_with_a_decimal(cli, db):
    sid = interview(db, ["I build payment systems.", DECIMAL_STORY])
    r = cli("memory", "show", "--json")
    assert r.returncode == 0, r.stderr
    (story,) = json.loads(r.stdout)["strongest_stories"]  # told to two questions: listed once
    assert story["session_id"] == sid and story["told"] == 2
    assert story["quote"] == "The error rate dropped from 20 percent to 0.1 percent after I rebuilt the retry logic."
    shown = cli("memory", "show", env={"COLUMNS": "400"}).stdout
    assert '"The error rate dropped from 20 percent to 0.1 percent after I rebuilt the retry logic."' in shown
    assert "told 2 times" in shown


def test_an_improvement_needs_answers_the_rule_judged_in_the_latest_session(db):
    """A weak story, then one system-design answer: the behavioral rules that fired on the
    story did not apply to the design answer, so they did not improve ("in 100 % of
    earlier answers, 0 % in the latest session" was shown for each). A behavioral session
    where they judged and passed is an improvement."""
    from icraft.core.transcript import CANDIDATE, INTERVIEWER, Transcript, Turn
    from icraft.practice.record import save_report
    from icraft.rubric import lint_transcript
    from tests.test_skills_lint import SD, SD_Q

    def session(question: str, answer: str, qtype: str) -> None:
        t = Transcript((Turn.from_text(INTERVIEWER, question), Turn.from_text(CANDIDATE, answer)),
                       {"question_type": qtype})
        save_report(db, t, lint_transcript(t), kind="lint", source="test")

    session("Tell me about a time you fixed a serious production problem.", WEAK, "behavioral")
    session(SD_Q, SD, "system-design")
    doc = memory.build(db)
    story_rules = {f["rule_id"] for f in db.execute(
        "SELECT f.rule_id FROM findings f JOIN answer_scores a ON a.id = f.score_id"
        " WHERE a.question_type = 'behavioral' AND f.measurable = 1")}
    [sd_judged] = [set(json.loads(r[0])) for r in db.execute(
        "SELECT judged FROM answer_scores WHERE question_type = 'system-design'")]
    not_applicable = story_rules - sd_judged  # no_ownership, no_star_structure...: behavioral only
    assert "no_ownership" in not_applicable and len(not_applicable) >= 3
    improved = {i["rule_id"] for i in doc.improved}
    assert not improved & not_applicable, doc.improved
    assert improved <= sd_judged  # what did improve (hedging...) judged the design answer and passed

    session("Tell me about a serious outage you handled.", STAR, "behavioral")
    improved = {i["rule_id"]: i for i in memory.build(db).improved}
    assert "no_ownership" in improved and improved["no_ownership"]["after_rate"] == 0
    assert improved["no_ownership"]["before_rate"] == 1.0  # over the story it judged, not over the design answer


def test_a_lower_score_is_not_listed_under_what_improved(cli, db):
    """A strong session, then a weak one: "average answer score: 88 earlier → 29 latest"
    was listed under "What improved"; a rise still is."""
    interview(db, ["I build payment systems.", STAR], seed=1)
    interview(db, ["I build payment systems.", WEAK], seed=2)
    doc = memory.load(db)
    assert doc.score_trend["latest"] < doc.score_trend["earlier"]
    shown = cli("memory", "show", env={"COLUMNS": "200", "NO_COLOR": "1"}).stdout
    improved, rest = shown.split("What improved")[1].split("What did not improve")
    line = f"average answer score: {doc.score_trend['earlier']} earlier → {doc.score_trend['latest']} latest"
    assert "average answer score" not in improved and line in rest, shown

    interview(db, ["I build payment systems.", STAR], seed=3)
    doc = memory.load(db)
    assert doc.score_trend["latest"] > doc.score_trend["earlier"]
    shown = cli("memory", "show", env={"COLUMNS": "200", "NO_COLOR": "1"}).stdout
    assert "average answer score" in shown.split("What improved")[1] and "What did not improve" not in shown
