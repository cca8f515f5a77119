"""A job posting driving practice: `icraft interview --jd`, `drill --jd`, `plan --jd`.
Every question says which requirement of the posting it probes, with the posting's own
words; the greeting names the company and the posting; answers to the candidate's
questions come from the company facts; the plan is weighted by the posting."""

from __future__ import annotations

import json
import re
from pathlib import Path

from icraft.jd.analyze import analyze
from icraft.jd.practice import JobFocus, job_focus

POSTING = Path(__file__).parent / "data" / "jd" / "backend_senior.md"
TEXT = POSTING.read_text(encoding="utf-8")
PROBE = re.compile(r"The posting (?:asks for|prefers|would like): \u201c(?P<quote>[^\u201d]+)\u201d")


def test_the_practice_view_of_a_posting() -> None:
    focus = job_focus("abcd1234", analyze(TEXT).to_dict(), TEXT)
    assert focus.company == "Lumen Pay" and focus.level == "senior" and focus.role == "backend"
    assert focus.focus and max(focus.weights.values()) == 1.0 and set(focus.focus) <= set(focus.weights)
    assert focus.probes and all(p.quote in " ".join(TEXT.split()) for p in focus.probes)
    assert "PostgreSQL" in focus.terms and "Kubernetes" in focus.terms
    mentor = focus.probe_for(("mentoring_signal", "star_structure"), text="Tell me about mentoring an engineer.")
    assert mentor is not None and mentor.quote == "Mentor two mid-level engineers and review their code."
    assert focus.line(mentor) == "The posting asks for: \u201cMentor two mid-level engineers and review their code\u201d. "
    assert focus.probe_for(("anchoring",)) is None  # no requirement shares the skill
    assert JobFocus.from_dict(json.loads(json.dumps(focus.to_dict()))) == focus


def test_a_typed_interview_driven_by_a_posting_traces_every_question_to_it(cli) -> None:
    r = cli("interview", "--plain", "--jd", str(POSTING), "--minutes", "30", "--seed", "3", "--no-live-findings",
            input="I have built payment systems for six years.\nskip\nHow big is the company?\nno\n")
    assert r.returncode == 0, r.stderr
    greeting = next(line for line in r.stdout.splitlines() if "[greeting]" in line)
    assert "senior backend engineer role at Lumen Pay" in greeting
    assert "I've read the job posting (Senior Backend Engineer, Payments Platform)" in greeting
    cores = [line for line in r.stdout.splitlines() if line.startswith("Interviewer [core]")]
    assert cores
    flat = " ".join(TEXT.split())
    for line in cores:
        m = PROBE.search(line)
        assert m, line
        assert m.group("quote") in flat  # the posting's own words
    assert 'From my notes on Lumen Pay: "Lumen Pay is a Series B fintech start-up' in r.stdout
    # stored: the posting (once) and the session's options with the probes
    postings = json.loads(cli("jd", "list", "--json").stdout)
    assert len(postings) == 1
    sessions = json.loads(cli("sessions", "--json").stdout)
    assert sessions[0]["level"] == "senior" and sessions[0]["role"] == "backend"


def test_interview_by_stored_id_and_a_bad_id(cli) -> None:
    pid = json.loads(cli("jd", str(POSTING), "--json").stdout)["id"]
    r = cli("interview", "--plain", "--jd", pid[:6], "--type", "behavioral", "--minutes", "10", "--seed", "1",
            "--no-live-findings", input="I lead the on-call rotation.\nskip\nno\n")
    assert r.returncode == 0, r.stderr
    assert any(PROBE.search(line) for line in r.stdout.splitlines() if line.startswith("Interviewer [core]"))
    bad = cli("interview", "--plain", "--jd", "zzzz9999", input="")
    assert bad.returncode == 2 and bad.stderr == "icraft: error: no job posting 'zzzz9999' (see `icraft jd list`)\n"


# The plan's questions and the drill's draw rotate by day: the checks below were written for this day's.
DAY = "2026-12-07"


def test_plan_and_drill_are_weighted_by_the_posting(cli) -> None:
    plain = json.loads(cli("plan", "--json", "-m", "30", "--today", DAY).stdout)
    r = cli("plan", "--jd", str(POSTING), "--json", "-m", "30", "--today", DAY)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    focus = job_focus(None, analyze(TEXT).to_dict(), TEXT)
    assert data["items"][0]["skill_id"] == focus.focus[0]
    # each posting-driven item says what in the posting asks for it, in the posting's words
    flat = " ".join(TEXT.split())
    for item in data["items"]:
        why = next(w for w in item["reasons"] if w.startswith("the posting"))
        quoted = re.fullmatch(r"the posting: \u201c(?P<q>[^\u201d]+?)\u2026?\u201d \((required|preferred|nice-to-have)\)", why)
        named = re.fullmatch(r"the posting names (?P<n>.+?)(?: and \d+ more)?", why)
        assert quoted or named, why
        if quoted:
            assert quoted.group("q") in flat
        else:
            assert all(t in focus.terms for t in named.group("n").split(", "))
    review = next(i for i in data["items"] if i["skill_id"] == "code_review_reasoning")
    assert "review their code" in " ".join(review["reasons"])  # not a guess from the languages
    assert data["role"] == "backend" and data["level"] == "senior"
    assert [i["skill_id"] for i in data["items"]] != [i["skill_id"] for i in plain["items"]]
    d = cli("drill", "--jd", str(POSTING), "-n", "1", "--no-rewind", "--json", "--today", DAY,
            input="We run the ledger on call with a weekly rotation and I wrote the runbooks.\n\n")
    assert d.returncode == 0, d.stderr
    drill = json.loads(d.stdout)["drills"][0]
    assert drill["skill_id"] == focus.focus[0]
    assert PROBE.search(drill["probe"]).group("quote") in " ".join(TEXT.split())


ANSWER = (
    "For fraud detection I would put card events on Kafka partitioned by card id, score each event in a "
    "stateless Go service against features kept in Redis, and write decisions to Postgres. At 40 million "
    "transactions a month that is about 15 per second on average and maybe 300 at peak, so 8 partitions give "
    "headroom. The trade-off is latency against recall: a synchronous check adds 20 ms to the payment, so I "
    "would block only on the cheap rules and run the model asynchronously. When the scorer fails we fail open "
    "for small amounts and fail closed above 1000 euros, and we replay the backlog from Kafka after recovery. "
    "I measured this design in my last job: chargebacks fell by 30 percent in three months."
)


def test_the_report_says_which_requirements_were_shown_and_which_terms_were_used(cli) -> None:
    r = cli("interview", "--plain", "--jd", str(POSTING), "--minutes", "30", "--seed", "3", "--no-live-findings",
            "--json", input=f"I have built payment systems for six years.\n{ANSWER}\nno\n")
    assert r.returncode == 0, r.stderr
    posting = json.loads(r.stdout)["posting"]
    assert posting["title"] == "Senior Backend Engineer, Payments Platform"
    assert posting["shown"], posting
    shown = posting["shown"][0]
    assert shown["quote"] in ANSWER and shown["score"] >= 50
    assert shown["requirement"] in " ".join(TEXT.split())
    used = {t["term"]: t["quote"] for t in posting["terms_used"]}
    assert {"Kafka", "Go", "PostgreSQL"} <= set(used)  # "Postgres" counts for PostgreSQL
    assert all(q in ANSWER for q in used.values())
    assert "Kubernetes" in posting["terms_missed"] and "Kafka" not in posting["terms_missed"]
    assert any(x["requirement"].startswith("Mentor two mid-level engineers") for x in posting["never_asked"])


def test_coverage_without_evidence() -> None:
    from icraft.jd.practice import coverage

    focus = job_focus("p1", analyze(TEXT).to_dict(), TEXT)
    probe = focus.probe_for(("mentoring_signal",))
    out = coverage(focus, {"beh-1": probe.to_dict()}, [("beh-1", "I mentor people.", 20)])
    assert out["shown"] == [] and out["not_shown"][0]["score"] == 20
    assert out["terms_used"] == [] and out["terms_missed"] == list(focus.terms)


def test_piped_output_keeps_each_line_whole(cli) -> None:
    """A trial piped `icraft jd` into a file and found quotes cut at column 80 mid-word:
    redirected with no COLUMNS asked for, a line of text stays one line (grep finds it)."""
    r = cli("jd", str(POSTING), env={"COLUMNS": ""})
    assert r.returncode == 0, r.stderr
    line = next(x for x in r.stdout.splitlines() if "Own the on-call" in x)
    assert line.strip().startswith("responsibility") and "-> failure_modes" in line
    assert len(line) > 80
