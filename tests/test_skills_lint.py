"""The skill graph driven by the real lint engine through save_report (what `icraft lint`,
interviews and rewinds store): weak answers, then better ones."""

from __future__ import annotations

from icraft.core.transcript import CANDIDATE, INTERVIEWER, Transcript, Turn
from icraft.practice.record import save_report
from icraft.rubric import lint_transcript, load_rubric
from icraft.skills import plan, skill_states
from icraft.skills.graph import rules_by_skill, unknown_rule_skills
from tests.conftest import REPO
from tests.test_drill import STRONG, WEAK

Q = "Tell me about a time you fixed a serious production problem."
# Different wordings of the question: the same answer to the same question counts once
# (answer_key), so repeated practice below is a different question each time.
QS = (
    Q,
    "Tell me about a serious outage you handled.",
    "Describe a production incident you resolved.",
    "Tell me about a time production broke and you fixed it.",
)
SD_Q = "Design a URL shortener."
SD = (
    "I would start with a write API that stores a short code to URL mapping in a key value store and a "
    "read path behind a cache. The service generates codes with a counter. Reads are served from the cache "
    "and fall back to the store. That is basically the design, with a load balancer in front of the servers."
)


def _lint(db, question: str, answer: str, qtype: str, kind: str = "lint") -> str:
    t = Transcript((Turn.from_text(INTERVIEWER, question), Turn.from_text(CANDIDATE, answer)), {"question_type": qtype})
    return save_report(db, t, lint_transcript(t), kind=kind, source="test")


def _rows(db) -> dict[str, tuple]:
    return {r["skill_id"]: tuple(r) for r in db.execute("SELECT * FROM skills")}


def test_every_rule_skill_is_declared_and_every_skill_has_a_rule():
    rubric = load_rubric()
    assert unknown_rule_skills(rubric) == []
    assert all(rules_by_skill(rubric).values()), [s for s, r in rules_by_skill(rubric).items() if not r]


def test_weak_then_better_answers_raise_skills_and_leave_the_others_exactly_alone(db):
    _lint(db, SD_Q, SD, "system-design")
    sd_rows = _rows(db)
    for q in QS[:3]:
        _lint(db, q, WEAK, "behavioral")
    weak = {s.id: s for s in skill_states(db)}
    after_weak = _rows(db)
    hit = {s for s, st in weak.items() if st.evidence > (1 if s in sd_rows else 0)}
    assert {"ownership_signal", "quantifiable_results"} <= hit
    assert weak["ownership_signal"].score < 40

    # The weakest due skills lead the plan.
    tomorrow = weak["ownership_signal"].due_date()
    items = plan(db, minutes=30, today=tomorrow)
    lowest = min(st.score for st in weak.values() if st.score is not None)
    assert items[0].score == lowest and "weak" in items[0].reasons[0], (items[0], lowest)
    assert [i.score for i in items if i.score is not None] == sorted(i.score for i in items if i.score is not None)

    for q in QS:
        _lint(db, q, STRONG, "behavioral", kind="rewind")
    strong = {s.id: s for s in skill_states(db)}
    for sid in ("ownership_signal", "quantifiable_results"):
        assert strong[sid].score > weak[sid].score + 20, sid
        assert strong[sid].trend == "improving", (sid, strong[sid].history)
        # same-day reviews: fsrs grows stability (short-term) but keeps the next review at least a day
        # away; tests/test_skills_graph.py checks due dates moving over simulated days.
        assert strong[sid].stability > 10 * weak[sid].stability
        assert strong[sid].due >= weak[sid].due
    # skills no behavioral rule touches: byte-for-byte the same rows, no new events
    untouched = set(sd_rows) - hit
    assert untouched, "the system-design answer should have moved skills behavioral rules never touch"
    final = _rows(db)
    for sid in untouched:
        assert final[sid] == sd_rows[sid] == after_weak[sid]
        assert db.execute("SELECT COUNT(*) FROM skill_events WHERE skill_id = ?", (sid,)).fetchone()[0] == 1
    never = [s for s, st in strong.items() if st.score is None]
    assert never and all(s not in final for s in never)
    # events link to the answer and its costliest finding
    ev = db.execute(
        "SELECT e.*, f.rule_id FROM skill_events e JOIN findings f ON f.id = e.finding_id"
        " WHERE e.skill_id = 'ownership_signal' ORDER BY e.id LIMIT 1"
    ).fetchone()
    assert ev["rule_id"] == "no_ownership" and ev["source"] == "lint" and ev["score_id"]


def test_icraft_lint_moves_skills_unless_no_save(cli, db, tmp_path):
    f = tmp_path / "answer.txt"
    f.write_text(f"# question_type: behavioral\nQ: {Q}\nA: {WEAK}\n")
    dry = cli("lint", str(f), "--no-save")
    assert dry.returncode == 0, dry.stderr  # findings exit 1 only with --fail-under
    assert db.execute("SELECT COUNT(*) FROM skills").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM skill_events").fetchone()[0] == 0
    saved = cli("lint", str(f))
    assert saved.returncode == 0, saved.stderr
    sources = {r[0] for r in db.execute("SELECT source FROM skill_events")}
    own = db.execute("SELECT score, evidence FROM skills WHERE skill_id = 'ownership_signal'").fetchone()
    assert sources == {"lint"} and own["evidence"] == 1 and own["score"] < 40


def test_lint_with_a_custom_rubric_moves_skills_by_that_rubrics_weights(cli, db, tmp_path):
    """`lint --rubric FILE` scores with FILE, and the skill graph learns with FILE's weights
    (the report carries its rubric), not with the built-in rubric's."""
    import re

    from icraft.core.transcript import CANDIDATE, INTERVIEWER, Transcript, Turn
    from icraft.rubric import lint_transcript
    from icraft.skills.evidence import observe

    default = (REPO / "rubrics" / "default.toml").read_text(encoding="utf-8")
    # no_star_structure passes on WEAK: weighing it 100 instead of 25 lifts star_structure.
    custom_text, n = re.subn(r'(id = "no_star_structure"(?:\n(?!\[\[rule\]\]).*)*?\nweight = )25', r"\g<1>100",
                             default, count=1)
    assert n == 1
    custom_text = re.sub(r'^version = "[^"]+"', 'version = "2099.1.1"', custom_text, count=1, flags=re.M)
    custom = tmp_path / "custom.toml"
    custom.write_text(custom_text, encoding="utf-8")
    answer = tmp_path / "answer.txt"
    answer.write_text(f"# question_type: behavioral\nQ: {Q}\nA: {WEAK}\n")

    r = cli("lint", str(answer), "--rubric", str(custom))
    assert r.returncode == 0, r.stderr
    t = Transcript((Turn.from_text(INTERVIEWER, Q), Turn.from_text(CANDIDATE, WEAK)), {"question_type": "behavioral"})
    result = lint_transcript(t, rubric=load_rubric(custom)).answers[0]
    want = {sid: ev.observed for sid, ev in observe(result, load_rubric(custom)).items()}
    builtin = {sid: ev.observed for sid, ev in observe(result, load_rubric()).items()}
    assert want["star_structure"] > builtin["star_structure"]  # the two rubrics disagree here
    got = {r["skill_id"]: r["observed"] for r in db.execute("SELECT skill_id, observed FROM skill_events")}
    assert got == want
    assert db.execute("SELECT rubric_version FROM sessions").fetchone()[0] == "2099.1.1"


def test_a_behavioral_lint_leaves_design_and_coding_skills_alone(db):
    """The real rubric: missing_metrics also lists capacity_estimation and shallow_followup lists
    code_review_reasoning, but a story is evidence about neither."""
    _lint(db, Q, WEAK, "behavioral")
    moved = set(_rows(db))
    assert "quantifiable_results" in moved
    assert not moved & {"capacity_estimation", "code_review_reasoning", "tradeoff_analysis"}, moved


# -- answers too short to show a strength (docs/SKILLS.md, evidence.too_thin) --------------

LEAD_Q = "Tell me about a time you had to manage out an underperformer."
BIAS_Q = "Explain the bias-variance trade-off using a model you have actually trained."


def _observe(question: str, answer: str, qtype: str):
    from icraft.rubric import lint_answer
    from icraft.skills.evidence import observe

    rubric = load_rubric()
    res = lint_answer(answer, question=question, question_type=qtype, rubric=rubric)
    return res, observe(res, rubric)


def test_a_one_line_answer_is_no_evidence_of_strength():
    """Ten words pass no_mentoring_signal, no_ownership and hedging only because there is
    nothing in them to fail: that used to read leadership_stories 100, tradeoff_analysis 100."""
    res, ev = _observe(LEAD_Q, "I coached and mentored him, a junior engineer, with clear goals.", "behavioral")
    assert "no_mentoring_signal" in res.judged  # the engine judged it and it passed...
    for sid in ("leadership_stories", "mentoring_signal", "ownership_signal", "confidence_under_pressure"):
        assert sid not in ev, (sid, ev.get(sid))  # ...which on a one-liner is no strength
    # what did fire is still evidence, of weakness
    assert ev["star_structure"].observed < 50 and not ev["star_structure"].passed
    assert ev["conciseness"].failed == ("too_short",) and not ev["conciseness"].passed

    _, ev = _observe(BIAS_Q, "I picked a smaller tree instead of a deep one because it overfit less.", "technical")
    assert "tradeoff_analysis" not in ev and "quantifiable_results" not in ev
    assert all(e.observed < 100 for e in ev.values()), ev


def test_an_off_topic_answer_is_no_evidence_of_strength():
    """A mentoring story given to a tech-debt question: off_topic fires, and the rules that
    stayed silent (no_mentoring_signal, no_ownership...) used to read mentoring_signal and
    ownership_signal 100 on it, moving them from new to 75."""
    from icraft.rubric import lint_answer
    from icraft.skills.evidence import unjudged_reason

    question = "Describe a time you paid down technical debt. How did you justify it?"
    story = ("Last year a new hire on my team, Sam, was missing sprint goals for 6 weeks. I set up twice-weekly "
             "pairing sessions, broke his tickets into smaller pieces and reviewed his PRs within a day. After two "
             "months he closed 90% of his tickets on time and later led a migration. I learned that early, concrete "
             "feedback beats waiting for a review cycle.")
    res, ev = _observe(question, story, "behavioral")
    assert any(f.rule_id == "off_topic" for f in res.findings)
    assert not any(e.passed for e in ev.values()), {k: e.passed for k, e in ev.items() if e.passed}
    assert all(e.observed < 50 for e in ev.values()), ev  # what fired is still weakness
    assert "mentoring_signal" not in ev
    rubric = load_rubric()
    again = lint_answer(story, question=question, question_type="behavioral", rubric=rubric)
    assert unjudged_reason(again, rubric, "mentoring_signal") == "the answer was about another subject"


def test_an_answer_a_little_short_is_still_judged_both_ways():
    """A few words under the minimum fires too_short (a small cost) but is no one-liner:
    the rules that passed still count as strength."""
    from icraft.skills.evidence import THIN_SHORTFALL, too_thin

    res, ev = _observe(Q, STRONG, "behavioral")
    words = len(STRONG.split())
    assert not too_thin(res)
    assert ev["ownership_signal"].observed == 100.0 and ev["ownership_signal"].passed
    short = next((f for f in res.findings if f.rule_id == "too_short"), None)
    assert short is None or short.detail["shortfall"] < THIN_SHORTFALL, words


def test_unjudged_reason_says_why_a_skill_did_not_move():
    from icraft.rubric import lint_answer
    from icraft.skills.evidence import unjudged_reason

    rubric = load_rubric()
    short = lint_answer("I coached him with clear goals.", question=LEAD_Q, question_type="behavioral", rubric=rubric)
    assert unjudged_reason(short, rubric, "leadership_stories") == "the answer was too short to show it"
    story = lint_answer(STRONG, question=Q, question_type="behavioral", rubric=rubric)
    assert unjudged_reason(story, rubric, "capacity_estimation") == "a behavioral answer cannot show it"
    assert unjudged_reason(story, rubric, "pacing") == (
        "it is judged only from word timings, which a typed answer does not have"
    )
    assert "no_stakeholder_mgmt" in unjudged_reason(story, rubric, "conflict_resolution")  # no conflict in it
    tech = lint_answer(SD, question=BIAS_Q, question_type="technical", rubric=rubric)
    # coding skills can show in technical answers, but no_testing judges only coding discussions
    assert unjudged_reason(tech, rubric, "testing_approach") == "no rule judges it on a technical answer"


# -- the same answer counts once (evidence.answer_key) ---------------------------------------


def test_the_same_answer_linted_again_does_not_move_skills_again(db):
    _lint(db, Q, WEAK, "behavioral")
    first = _rows(db)
    events = db.execute("SELECT COUNT(*) FROM skill_events").fetchone()[0]
    _lint(db, Q, WEAK, "behavioral")
    _lint(db, "  tell me about a time you fixed a SERIOUS production problem. ", "  " + WEAK.upper(), "behavioral")
    assert _rows(db) == first  # whitespace and case are not a new answer
    assert db.execute("SELECT COUNT(*) FROM skill_events").fetchone()[0] == events
    # the same answer to another question, or an edited answer, is new evidence
    def evidence() -> int:
        return db.execute("SELECT evidence FROM skills WHERE skill_id = 'ownership_signal'").fetchone()[0]

    assert evidence() == 1
    _lint(db, QS[1], WEAK, "behavioral")
    assert evidence() == 2
    _lint(db, Q, WEAK + " We also added an alert.", "behavioral")
    assert evidence() == 3


def test_an_answer_moves_only_the_skills_its_bank_question_targets():
    """A blind trial's technical interview ("microservices are always a mistake for a
    startup", which targets confidence_under_pressure and tradeoff_analysis) moved
    code_review_reasoning and star_structure. A skill moves on a bank question it targets,
    on the skills any answer of its type shows, and on the communication skills."""
    from icraft.skills.evidence import TYPE_SKILLS, targets, unjudged_reason

    q = "I think microservices are always a mistake for a startup. Convince me otherwise, or agree and tell me why."
    answer = ("I mostly agree. Last year at a 12-person startup we split a monolith into six services and spent "
              "three months on deploy tooling instead of features. We merged four of them back, and deploys "
              "went from forty minutes to eight.")
    res, ev = _observe(q, answer, "technical")
    aimed = targets(res)
    assert aimed is not None and {"confidence_under_pressure", "tradeoff_analysis", "conciseness"} <= aimed
    assert set(ev) <= aimed, set(ev) - aimed
    for sid in ("code_review_reasoning", "star_structure"):
        assert sid not in ev
        assert unjudged_reason(res, load_rubric(), sid) in (
            "its question does not ask about it", "a technical answer cannot show it")
    # a behavioral bank question that lists no star_structure still moves it: every story shows one
    lead = ("Describe a time two engineers on your team were stuck in a disagreement that was slowing the project "
            "down. What did you do?")  # the bank lists conflict_resolution and leadership_stories only
    res, ev = _observe(lead, answer, "behavioral")
    aimed = targets(res)
    assert aimed is not None and "star_structure" in aimed and TYPE_SKILLS["behavioral"] <= aimed
    assert "star_structure" in ev
    # a question of the user's own: no limit beyond the question type
    res, _ = _observe("What do you think of microservices at small companies?", answer, "technical")
    assert targets(res) is None
