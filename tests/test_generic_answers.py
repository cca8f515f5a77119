"""Weak answers that say nothing particular must not score as strong ones (issue 13,
"23 of the 27 misses are too lenient"; blind trial section A items 3, 5 and 6).

Three classes, each written here in our own words (the trial's answers are regressions at
the end):

- generic claims with nothing behind them: praise of the company ("an amazing company with
  a great culture"), cliches about yourself ("I always give it my all"), beliefs ("I believe
  in transparency"): no_specifics reads them as placeholders for the concrete thing;
- a "story" with no particular event: what you usually or always do, told in the habitual
  present, to a question asking about a time: no_star_structure;
- STAR cue words and rubric keywords with nothing concrete between them ("I took ownership,
  aligned the stakeholders and drove the result"): an action on "the stakeholders" or "the
  result" names nothing, so it anchors nothing.

Strong answers of the same shapes (an example behind the claim, a habit mentioned inside
a real story, a story told in the historical present) must not move.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from icraft.rubric import lint_answer

GENERAL_WEAK = [
    ("Why do you want to join us?",
     "You're an amazing company with a really strong culture, and I've heard great things about the people "
     "here. It seems like an exciting place where I could learn and grow my career."),
    ("Why should we hire you?",
     "Because I'm passionate about technology and I'm a team player. I always go the extra mile and I believe "
     "in doing the job properly. My managers have always appreciated my dedication."),
    ("What is your greatest strength?",
     "I'm a hard worker and a fast learner. I always give it my all and I never give up until the job is done. "
     "People usually enjoy working with me."),
]

BEHAVIORAL_HABITUAL = [
    ("Tell me about a time you handled a difficult stakeholder.",
     "I generally try to listen first and understand where they're coming from. I always keep stakeholders in "
     "the loop and I set clear expectations. Usually that resolves most disagreements and everyone ends up happy."),
    ("Describe a time you mentored a junior engineer.",
     "I love mentoring. I typically pair with juniors, review their code carefully and give them honest "
     "feedback. They tend to grow quickly with me, and I believe in leading by example."),
]

TEMPLATE = [
    ("Tell me about a time you disagreed with your team.",
     "The situation required alignment, so my task was to drive consensus. I took ownership, I aligned the "
     "stakeholders and I communicated expectations clearly. As a result, the outcome improved by 25 percent "
     "and I learned that collaboration and transparency matter."),
    ("Tell me about a project you're proud of.",
     "My task was to deliver impact end to end. I took initiative, drove alignment across stakeholders and "
     "communicated the trade-offs. In the end the results improved by 40 percent and the team was happy, and "
     "I learned that ownership and data-driven decisions matter."),
]

STRONG = [
    ("general", "Why do you want to join us?",
     "I've used your payments SDK for three years at Brightline, and its idempotency keys saved us from double "
     "charges during a 2023 outage. Your posting says the team is rebuilding the ledger on Postgres; I migrated "
     "our ledger off MySQL last year, so I'd like to do that again at your scale."),
    ("general", "What is your greatest strength?",
     "I'm good at making messy systems understandable. Last year I wrote the onboarding guide for our Kafka "
     "pipeline, and new engineers now ship their first change in their second week instead of their sixth."),
    ("behavioral", "Tell me about a time you improved a process.",
     "Last March our on-call rotation was burning people out: 40 pages a week for four engineers. I usually "
     "avoid process changes mid-quarter, but I proposed a rota with a secondary, wrote the runbooks for our top "
     "ten alerts, and deleted 15 alerts nobody acted on. Pages fell to 12 a week within a month, and nobody "
     "left the team that year."),
    ("behavioral", "Tell me about a time you worked under pressure.",
     "So it's two days before our spring launch and the checkout API starts timing out. I grab the traces, I "
     "see every request waiting on one Redis lock, and I split the lock per cart. Timeouts drop from 9 percent "
     "to zero by that evening, and we launch on time."),
]


def _fired(question: str, answer: str, qtype: str) -> tuple[int, set[str]]:
    res = lint_answer(answer, question=question, question_type=qtype)
    return res.score.overall, {f.rule_id for f in res.findings if f.measurable}


@pytest.mark.parametrize(("question", "answer"), GENERAL_WEAK)
def test_generic_claims_about_the_company_or_yourself_are_nothing_concrete(question: str, answer: str) -> None:
    score, fired = _fired(question, answer, "general")
    assert "no_specifics" in fired, fired
    assert score <= 45, (score, fired)


@pytest.mark.parametrize(("question", "answer"), BEHAVIORAL_HABITUAL)
def test_what_you_usually_do_is_not_a_story(question: str, answer: str) -> None:
    score, fired = _fired(question, answer, "behavioral")
    assert {"no_star_structure", "no_specifics"} <= fired, fired
    assert score <= 40, (score, fired)


@pytest.mark.parametrize(("question", "answer"), TEMPLATE)
def test_star_keywords_with_nothing_between_them_are_nothing_concrete(question: str, answer: str) -> None:
    score, fired = _fired(question, answer, "behavioral")
    assert "no_specifics" in fired, fired
    assert score <= 40, (score, fired)


@pytest.mark.parametrize(("qtype", "question", "answer"), STRONG)
def test_strong_answers_of_the_same_shapes_do_not_move(qtype: str, question: str, answer: str) -> None:
    score, fired = _fired(question, answer, qtype)
    assert not fired & {"no_specifics", "no_star_structure"}, fired
    assert score >= 85, (score, fired)


def test_habitual_finding_says_why_and_quotes_the_habit() -> None:
    question, answer = BEHAVIORAL_HABITUAL[0]
    res = lint_answer(answer, question=question, question_type="behavioral")
    finding = next(f for f in res.findings if f.rule_id == "no_star_structure")
    assert "usually" in finding.message or "particular" in finding.message
    assert all(len(s.quote.split()) < len(answer.split()) for s in finding.spans)


# The blind trial's answers (its bands were written before the trial ran them: g04 15-35,
# b06 10-30, k01 5-25). They scored 98, 82 and 100 with none of these rules firing; here
# each must get the rules and land in the calibration set's weak range (< 50, "would not
# pass"). The trial's own bands are reported, not tuned to (docs/SCORING.md section 8).
TRIAL = Path(__file__).parent / "data" / "generic"


@pytest.mark.parametrize(
    ("name", "qtype", "rules"),
    [
        ("g04_whycompany_weak", "general", {"no_specifics", "no_example"}),
        ("b06_led_project_weak", "behavioral", {"no_specifics", "no_star_structure"}),
        ("k01_prose_stuffing", "behavioral", {"no_specifics", "no_star_structure"}),
    ],
)
def test_trial_weak_answers_land_low(name: str, qtype: str, rules: set[str]) -> None:
    question, answer = (TRIAL / f"{name}.txt").read_text().split("\n", 1)
    score, fired = _fired(question, answer.strip(), qtype)
    assert rules <= fired, fired
    assert score < 50, (score, fired)


def test_a_figure_of_nothing_named_anchors_nothing() -> None:
    """"metrics improved by 30 percent" puts a number on no named thing: in a template of STAR
    keywords it does not make a clause concrete, while "checkout errors fell by 30 percent"
    does (the same figure on a named measure)."""
    template = ("My task was to fix the release process, so I took ownership and aligned the stakeholders. "
                "I communicated the priorities clearly. As a result, {result}, and I learned that ownership matters.")
    question = "Tell me about a time you improved a process."

    def detail(result: str) -> dict:
        res = lint_answer(template.format(result=result), question=question, question_type="behavioral")
        return next(f.detail for f in res.findings if f.rule_id == "no_specifics")

    hollow = detail("the metrics improved by 30 percent")
    named = detail("checkout errors fell by 30 percent")
    assert hollow["anchored_clauses"] == 0, hollow
    assert named["anchored_clauses"] == 1, named
    assert hollow["vague_share"] > named["vague_share"]


def _corpus() -> list[str]:
    import tomllib

    root = Path(__file__).parent
    texts = [a for _, a in GENERAL_WEAK + BEHAVIORAL_HABITUAL + TEMPLATE] + [a for _, _, a in STRONG]
    for path in sorted((root / "calibration").glob("*.toml")) + sorted((root / "rule_fixtures").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        texts += [data["answer"]] if "answer" in data else []
        texts += [c["answer"] for kind in ("trigger", "pass") for c in data.get(kind, [])]
    return texts


def test_word_keys_never_skip_an_answer_a_claim_pattern_matches() -> None:
    """Generic claims are scanned only in answers holding a word of each of the part's keys
    (and claims about yourself only with a TRAIT_KEYS word): over every calibration answer,
    rule fixture and the answers above, each match of a part holds its keys' words, so the
    word-set check never hides a claim."""
    from icraft.core.transcript import CANDIDATE, Turn
    from icraft.delivery import norms_of
    from icraft.rubric import lexicon as lx

    parts = [*lx.GENERIC_CLAIM_PARTS, ((lx.TRAIT_KEYS,), lx.TRAIT_CLAIM)]
    matched = 0
    for text in _corpus():
        lower = text.lower().replace("\u2019", "'")
        for keys, pattern in parts:
            for m in pattern.finditer(lower):
                matched += 1
                words = frozenset(norms_of(Turn.from_text(CANDIDATE, m.group()).words))
                assert all(not words.isdisjoint(k) for k in keys), (m.group(), text[:60])
    assert matched > 50
