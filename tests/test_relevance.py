"""Does an answer address its question (issue 13): language, relevance, keyword lists,
talking points, brief evidence and questions about one aspect (docs/SCORING.md 10-11).

Each case here failed on the code before rubric 2026.12.1: the recipe scored 70, the
Spanish story 70, a keyword list 96, lorem ipsum 50, a billing story given to an
onboarding question 87; strong answers got findings quoting the whole answer."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from icraft.content.bank import get as load_question
from icraft.content.bank import load_bank
from icraft.core.transcript import CANDIDATE, Turn
from icraft.rubric import lint_answer
from icraft.rubric.questions import scoring_type
from icraft.rubric.relevance import cover, covered_share, language_of, talking_points_for
from icraft.rubric.scoring import not_judged_reason
from icraft.rubric.text import split_sentences
from tests.relevance_data import labelled_answers, rows

CALIBRATION = sorted((Path(__file__).parent / "calibration").glob("*.toml"))

SPANISH = (
    "El año pasado nuestro sistema de pagos fallaba durante las ventas y yo era el ingeniero de guardia. "
    "Revisé los registros, encontré una consulta lenta y la reescribí con un índice. Como resultado, los "
    "errores bajaron del 4% al 0,2% y aprendí a mirar las trazas antes de adivinar."
)
LOREM = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et "
    "dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip."
)
RECIPE = (
    "To make pancakes I whisk flour, baking powder and a pinch of salt, then beat two eggs into warm milk and "
    "melted butter. I fold the wet mix into the dry one and let it rest for ten minutes. As a result the "
    "pancakes come out fluffy, and I learned that resting the batter matters most."
)
MENTORING = "Tell me about someone you mentored. How did they grow?"


def _case(name: str) -> dict:
    with (Path(__file__).parent / "calibration" / f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)


@pytest.mark.parametrize("text, language", [(SPANISH, "Spanish"), (LOREM, "Latin")])
def test_an_answer_not_in_english_is_not_judged_with_a_clear_reason(text: str, language: str) -> None:
    res = lint_answer(text, question=MENTORING, question_type="behavioral")
    assert res.findings == () and res.judged == ()
    reason = not_judged_reason(res)
    assert reason is not None and reason.startswith(f"language: the answer reads as {language}")
    assert "English" in reason


def test_english_answers_and_short_replies_are_english() -> None:
    for path in CALIBRATION:
        assert language_of(tomllib.loads(path.read_text(encoding="utf-8"))["answer"]) is None, path.name
    assert language_of("Bueno, gracias.") is None  # too short to tell
    assert language_of("Yes, I would use a queue there.") is None


def test_lint_of_a_spanish_file_is_a_usage_error_naming_the_language(cli, tmp_path: Path) -> None:
    f = tmp_path / "es.txt"
    f.write_text(SPANISH, encoding="utf-8")
    r = cli("lint", str(f), "--no-save")
    assert r.returncode == 2
    assert "reads as Spanish" in r.stderr and "Traceback" not in r.stderr


def test_a_recipe_given_to_a_mentoring_question_loses_most_of_its_score() -> None:
    res = lint_answer(RECIPE, question=MENTORING, question_type="behavioral")
    off = next(f for f in res.findings if f.rule_id == "off_topic")
    assert res.score.overall <= 35
    assert off.spans[0].quote.startswith("To make pancakes") and len(off.spans[0].quote.split()) <= 20
    assert MENTORING in off.message
    assert off.skills == ()  # an answer to another question is evidence of no skill


def test_the_same_story_is_on_topic_for_its_own_question() -> None:
    case = _case("behavioral_strong_mentoring_bank")
    res = lint_answer(case["answer"], question=case["question"], question_type="behavioral")
    assert "off_topic" in res.judged and not any(f.rule_id == "off_topic" for f in res.findings)
    # A work story given to another behavioral question meets it word by word about as well as
    # on-topic stories told in other words (billing -> mentoring 0.166; 30 paraphrased on-topic
    # answers from 0.164), so similarity lets it pass (rubric 2026.12.5); since rubric 2026.12.32
    # the question's theme decides: the billing story shows nobody taught, coached or helped grow,
    # so it is off topic for the mentoring question (tests/test_question_theme.py).
    billing = _case("behavioral_weak_off_topic_billing")
    moved = lint_answer(billing["answer"], question=MENTORING, question_type="behavioral")
    off = next(f for f in moved.findings if f.rule_id == "off_topic")
    assert off.detail["themes"] == ["mentoring"]
    assert "no_mentoring_signal" in {f.rule_id for f in moved.findings}


def test_a_paragraph_of_rubric_keywords_scores_low_pasted_to_any_question() -> None:
    stuffed = _case("behavioral_weak_keyword_stuffing")["answer"]
    for q in load_bank()[:40:7]:
        qtype = q.type if q.type in ("behavioral", "system-design", "coding-discussion", "technical", "negotiation") \
            else "behavioral"
        res = lint_answer(stuffed, question=q.text, question_type=qtype)
        assert res.score.overall <= 40, (q.id, res.score)
        assert any(f.rule_id == "keyword_stuffing" for f in res.findings)


def test_off_topic_does_not_judge_a_follow_up_reply_or_a_question_with_no_content() -> None:
    res = lint_answer(RECIPE, question="Question beh-t-001?", question_type="behavioral")
    assert "off_topic" not in res.judged
    res = lint_answer(RECIPE, question="Tell me more.", question_type="behavioral")
    assert "off_topic" not in res.judged


def _off_topic(text: str, question: str, main_parts=None) -> str:
    """off_topic's verdict, with the character offset and words of its quote."""
    res = lint_answer(text, question=question, question_type="behavioral", main_parts=main_parts)
    off = next((f for f in res.findings if f.rule_id == "off_topic"), None)
    if off is not None:
        return f"off topic at {off.spans[0].char_start}: {off.spans[0].quote}"
    return "on topic" if "off_topic" in res.judged else "not judged"


def test_a_joined_account_is_off_topic_only_as_its_answers_to_the_main_question_are() -> None:
    """An interview question's answers linted as one account (docs/SCORING.md section 4):
    off_topic judges its answers to the main question (``main_parts``) each alone, and
    together only when none can be judged alone, never its replies to follow-ups."""
    case = _case("behavioral_strong_mentoring_bank")
    story, question = case["answer"], case["question"]
    reply = "I met her every week, and she led the next migration herself and was promoted within a year."
    # A recipe given to the question, then an on-topic reply to "how did it turn out?": read
    # as one text the reply pulls it on topic; its answer to the question is the recipe.
    account = f"{RECIPE} {reply}"
    assert _off_topic(account, question) == "on topic"
    assert _off_topic(account, question, [(0, len(RECIPE))]).startswith("off topic at 0: To make pancakes")
    # One answer to the question on topic: the account is, whatever came before or after.
    assert _off_topic(f"{story} {RECIPE}", question, [(0, len(story))]) == "on topic"
    both = f"{RECIPE} {story}"
    assert _off_topic(both, question, [(0, len(RECIPE)), (len(RECIPE) + 1, len(both))]) == "on topic"
    # A first answer too short to judge, a reply, then the recipe asked for again: quoted
    # where it is in the account.
    short = "I mentored Sam."
    account = f"{short} {reply} {RECIPE}"
    verdict = _off_topic(account, question, [(0, len(short)), (len(account) - len(RECIPE), len(account))])
    assert verdict.startswith(f"off topic at {len(account) - len(RECIPE)}: To make pancakes")
    # Answers each too short to judge alone are read together, without the reply between them.
    a, b = "I make pancakes on Sundays with flour and eggs.", "My kids love them with maple syrup and berries."
    account = f"{a} {reply} {b}"
    assert _off_topic(account, question) == "on topic"
    assert _off_topic(a, question) == _off_topic(b, question) == "not judged"
    assert _off_topic(account, question, [(0, len(a)), (len(account) - len(b), len(account))]).startswith(
        "off topic at 0: I make pancakes")
    # ...and together too short to tell: not judged, as each alone.
    a, b = "I mentored a junior engineer named Sam.", "He grew a lot."
    assert _off_topic(f"{a} {b} {RECIPE}", question, [(0, len(a)), (len(a) + 1, len(a) + 1 + len(b))]) == "not judged"


def test_improving_one_answer_to_the_main_question_never_turns_the_account_off_topic() -> None:
    """Read as one text, a trade-off sentence added to the second of two answers to the
    main question pulls the pair under off_topic's floor (the whole-text cosine and the
    answer's kind move), though each answer alone stays on topic: judged one by one the
    account stays on topic, so the question's score only rises."""
    question = load_question("beh-data-004").text
    first = "We worked on it as a team and it went well. I batched those lookups into one call and added a short cache."
    second = "I batched those lookups into one call and added a short cache. I was the on-call engineer that week."
    better = f"{second} I chose the cache over a rewrite because it shipped in two days, at the cost of some stale stock counts."
    for answer in (second, better):
        account = f"{first} {answer}"
        assert _off_topic(answer, question) == "on topic"  # the answer itself
        assert _off_topic(account, question, [(0, len(first)), (len(first) + 1, len(account))]) == "on topic"
    # what the account read as one text would say: the case this guards
    assert _off_topic(f"{first} {better}", question).startswith("off topic")


def test_talking_points_are_shown_with_the_sentence_that_covers_them() -> None:
    case = _case("sd_strong_ratelimit_bank")
    res = lint_answer(case["answer"], question=case["question"], question_type="system-design")
    points = dict(res.talking_points)
    assert set(points) == set(talking_points_for(case["question"]))
    algo = points["the algorithm: token bucket, sliding window or fixed window"]
    assert algo is not None and "token bucket" in algo and algo in case["answer"]
    doc = res.to_dict()["talking_points"]
    assert all({"point", "covered", "quote"} == set(p) for p in doc)
    assert sum(p["covered"] for p in doc) >= 3  # lexical: "a Redis cluster" does not cover "a shared store for counters"


def test_covering_more_points_never_costs_more() -> None:
    q = "Design a rate limiter for a public API."
    base = ("I would build a service in front of the API that decides whether each request can go through, "
            "and keep some state for each user so that requests over the allowance are rejected.")
    more = [
        " I'd use a token bucket algorithm per API key.",
        " The counters live in a shared Redis store so every server sees the same count.",
        " Over the limit the gateway answers 429 with a Retry-After header.",
    ]
    costs = []
    text = base
    for extra in ["", *more]:
        text += extra
        res = lint_answer(text, question=q, question_type="system-design")
        costs.append(sum(f.points for f in res.findings if f.rule_id == "missed_talking_points"))
    assert costs == sorted(costs, reverse=True) and costs[0] > costs[-1] == 0


def test_the_hand_labelled_talking_points_stay_matched() -> None:
    """point_labels.tsv (66 answer/point pairs labelled by hand before the matcher was built,
    benchmarks/bench_points.py prints the figures): every row names an answer, a bank
    question and one of its points, and the engine's coverage keeps its precision and recall
    there (2026.12.31: 0.84 / 0.63; a drop of more than ~0.1 fails)."""
    bank = {q.id: q for q in load_bank()}
    answers = labelled_answers(bank)
    tp = fp = fn = 0
    rows_ = rows("point_labels.tsv")
    assert len(rows_) >= 60
    for key, qid, idx, label in rows_:
        assert key in answers and qid in bank and label in ("0", "1"), (key, qid, label)
        points = bank[qid].talking_points
        assert 0 <= int(idx) < len(points), (qid, idx)
        res = lint_answer(answers[key][2], question=bank[qid].text, question_type=scoring_type(bank[qid].type))
        covered = dict(res.talking_points)[points[int(idx)]] is not None
        tp += covered and label == "1"
        fp += covered and label == "0"
        fn += not covered and label == "1"
    assert tp / (tp + fp) >= 0.75 and tp / (tp + fn) >= 0.55, (tp, fp, fn)


def test_cover_needs_a_third_of_a_points_words() -> None:
    [c] = cover(["how you made your case with data, a prototype or a written proposal"],
                ["I built a prototype and shared the load-test data with her."])
    assert c.covered and c.sentence == 0
    [c] = cover(["how you made your case with data, a prototype or a written proposal"], ["We had lunch."])
    assert not c.covered


def test_a_question_about_edge_cases_is_not_failed_for_complexity_or_tests() -> None:
    q = "Which edge cases matter when you implement pagination with offset and limit?"
    answer = ("Rows inserted or deleted between two requests shift the pages, so a user skips or repeats an item. "
              "The sort must be stable, with the id as a tie breaker. An offset past the end returns an empty page, "
              "and a negative offset or a huge limit is rejected with a clear error message to the client.")
    res = lint_answer(answer, question=q, question_type="coding-discussion")
    assert "no_complexity" not in res.judged and "no_testing" not in res.judged
    assert "no_edge_cases" in res.judged
    walk = lint_answer(answer, question="Walk me through your solution and its complexity.",
                       question_type="coding-discussion")
    assert "no_testing" in walk.judged  # "walk me through your solution" asks about everything


def test_a_capacity_estimate_is_not_failed_for_components_or_failure_modes() -> None:
    case = _case("sd_mid_estimate_bank")
    res = lint_answer(case["answer"], question=case["question"], question_type="system-design")
    assert not {"no_components", "no_failure_modes"} & set(res.judged)
    design = lint_answer(case["answer"], question="Design a photo-sharing service.", question_type="system-design")
    assert "no_components" in design.judged


def test_a_clear_star_story_with_no_situation_cue_has_its_context() -> None:
    story = ("Last spring a new engineer on my team had 3 pull requests rejected in a row and stopped asking "
             "questions. I set up a 30-minute pairing session twice a week and I reviewed his next changes with "
             "him before he opened them. Within a month his pull requests were approved on the first review, "
             "and he now reviews other people's code. I learned that silence after rejection is a signal.")
    res = lint_answer(story, question="Tell me about a time you helped a teammate.", question_type="behavioral")
    assert "no_star_structure" in res.judged
    assert not any(f.rule_id == "no_star_structure" for f in res.findings)


@pytest.mark.parametrize("opening", ["Two years ago", "Three months ago", "A year ago", "Earlier this year",
                                     "This past summer", "About 18 months ago"])
def test_a_story_dated_by_how_long_ago_has_its_situation(opening: str) -> None:
    """Rubric 2026.12.41: "Two years ago..." opens a situation as "Last spring..." does; a
    strong story told so got no_star_structure quoting that very sentence ("no situation")."""
    story = (f"{opening} a teammate and I disagreed about adopting Kafka for our event pipeline. He wanted it for "
             "durability; I thought 200 events a second did not justify the operational cost. I proposed a "
             "two-week spike of both options against the failure modes we cared about. The spike showed a "
             "Postgres outbox met our needs at a fraction of the ops load, and he agreed. We shipped in a month "
             "with no lost event since, and I learned that an experiment settles a debate faster than arguing.")
    res = lint_answer(story, question="Tell me about a time you disagreed with a teammate.", question_type="behavioral")
    assert "no_star_structure" in res.judged
    assert not any(f.rule_id == "no_star_structure" for f in res.findings), res.findings


@pytest.mark.parametrize("said", [
    "Sorting first costs O(n log n), then the merge is one pass.",
    "If the array were already sorted, it would be a single linear pass.",
    "If traffic were ten times higher, we would shard by customer instead.",
])
def test_a_cost_in_big_o_or_a_counterfactual_alternative_is_a_trade_off(said: str) -> None:
    """Rubric 2026.12.43: a second blind trial's strong interval-merge answer got no_tradeoff
    quoting its own trade-off ("If the input were already sorted..., it would be a single
    linear pass") after "which costs O(n log n)"."""
    answer = ("I'd sort the intervals by start, walk them keeping a result list, and extend the last merged "
              f"interval when the next one overlaps it. {said} I'd test touching and nested intervals.")
    res = lint_answer(answer, question="Given a list of intervals, merge the overlapping ones.")
    assert "no_tradeoff" in res.judged and "no_tradeoff" not in {f.rule_id for f in res.findings}, res.findings


def test_if_it_were_me_is_no_trade_off() -> None:
    res = lint_answer("I'd sort the intervals by start and merge overlapping ones in one pass. If it was me, I would "
                      "just write it that way.", question="Given a list of intervals, merge the overlapping ones.")
    assert "no_tradeoff" in {f.rule_id for f in res.findings}


@pytest.mark.parametrize("outcome", ["His next 5 PRs merged on the first review.",
                                     "Her next pull requests were approved on the first pass.",
                                     "Two months later he passed his AWS certification exam."])
def test_a_mentee_s_progress_is_a_result(outcome: str) -> None:
    """Rubric 2026.12.49: a growth story's outcome ("his next 5 PRs merged on the first review")
    is its result; missing_result fired on it and quoted most of the answer."""
    story = ("Last spring a new engineer on my team kept getting his changes rejected. I paired with him twice "
             f"a week and walked him through our review checklist. {outcome} I learned to check in early.")
    res = lint_answer(story, question="Tell me about a time you mentored someone.", question_type="behavioral")
    assert "missing_result" in res.judged and "missing_result" not in {f.rule_id for f in res.findings}


def test_serializable_costs_retries_is_a_trade_off() -> None:
    case = _case("technical_strong_isolation_bank")
    res = lint_answer(case["answer"], question=case["question"], question_type="technical")
    assert "no_tradeoff" in res.judged and not any(f.rule_id == "no_tradeoff" for f in res.findings)


@pytest.mark.parametrize("path", CALIBRATION, ids=[p.stem for p in CALIBRATION])
def test_no_finding_quotes_a_whole_answer(path: Path) -> None:
    """Evidence is the words that show the problem: a finding about a long answer (40+
    words) never quotes all of it, and an absent rule quotes at most one sentence."""
    case = tomllib.loads(path.read_text(encoding="utf-8"))
    answer = case["answer"]
    if len(answer.split()) < 40 or len(re.findall(r"[.!?](?:\s|$)", answer)) < 2:
        pytest.skip("a short or one-sentence answer: quoting its sentence is quoting the place")
    res = lint_answer(answer, question=case.get("question"), question_type=case["question_type"])
    for f in res.findings:
        if f.rule_id in ("pace", "rambling") or not f.measurable:
            continue  # the rate of the whole answer, a run-on sentence: the length is the problem
        for s in f.spans:
            assert len(s.quote.split()) < len(answer.split()), (f.rule_id, s.quote[:80])


def test_strong_calibration_answers_get_no_finding() -> None:
    """The strong cases of the calibration set get no finding at all (rubric 2026.12.1;
    each finding they got before was read and was false: docs/SCORING.md section 11). A
    finding on a strong answer fails here until someone reads it and decides."""
    # behavioral_strong_concise_unpopular got missed_talking_points until rubric 2026.12.8 (read
    # and judged false: a concrete story covering its four points in other words); now two are
    # covered, one by meaning and "the outcome..." by the story's result sentence.
    # behavioral_strong_historical_present gets no_reflection (info, -5 structure; 98 overall),
    # read at rubric 2026.12.25 and judged fair: the story ends on a runbook change, with no
    # sentence of what the candidate learned, which is what the rule asks for.
    allowed: set[tuple[str, str]] = {("behavioral_strong_historical_present", "no_reflection")}
    found = set()
    for path in CALIBRATION:
        case = tomllib.loads(path.read_text(encoding="utf-8"))
        if case["level"] != "strong":
            continue
        res = lint_answer(case["answer"], question=case.get("question"), question_type=case["question_type"])
        found |= {(path.stem, f.rule_id) for f in res.findings if f.measurable}
    assert found <= allowed, json.dumps(sorted(found - allowed))


ON_TOPIC = [tuple(row) for row in rows("on_topic.tsv")]


@pytest.mark.parametrize("question, answer", ON_TOPIC, ids=[f"story{i}" for i in range(len(ON_TOPIC))])
def test_a_story_in_the_candidates_own_words_is_on_topic(question: str, answer: str) -> None:
    """A new-user trial saw off_topic (-68 in every category) on strong stories that answer
    their question in other words ("our VP of Sales asked me..." for "say no to a request
    from a senior leader"): 3 of 10 fresh stories fired before the word-alignment check."""
    res = lint_answer(answer, question=question, question_type="behavioral")
    assert "off_topic" in res.judged
    assert not any(f.rule_id == "off_topic" for f in res.findings), res.score


PARAPHRASED = [tuple(row) for row in rows("paraphrased.tsv")]


@pytest.mark.parametrize("qid, question, quality, answer", PARAPHRASED, ids=[row[0] for row in PARAPHRASED])
def test_an_answer_in_other_words_is_on_topic(qid: str, question: str, quality: str, answer: str) -> None:
    """30 answers written for bank questions by a writer who neither ran nor read the scorer,
    in a candidate's own words ("a new hire kept missing his sprint goals" for "a struggling
    teammate"): 12 were called off topic (-68 in every category) under rubric 2026.12.4."""
    question_type = scoring_type(load_question(qid).type)
    res = lint_answer(answer, question=question, question_type=question_type)
    assert "off_topic" in res.judged or question_type == "general"  # general: not one of its rules
    assert not any(f.rule_id == "off_topic" for f in res.findings), (quality, res.score)


def test_restating_the_question_does_not_make_another_story_on_topic() -> None:
    """An opening that echoes the question, then a marathon story: it scored 100."""
    question = "Tell me about a time you had to say no to a request from a senior leader."
    answer = ("I had to say no to a request from a senior leader once. Anyway, in 2023 I moved to Lisbon and I "
              "trained for a marathon. I ran 40 km a week for 16 weeks and I finished in 3 hours 29 minutes, 11 "
              "minutes faster than my goal. I learned that steady training beats intensity.")
    res = lint_answer(answer, question=question, question_type="behavioral")
    off = next(f for f in res.findings if f.rule_id == "off_topic")
    assert "after restating the question" in off.message
    assert off.spans[0].quote.startswith("Anyway, in 2023 I moved to Lisbon")
    assert res.score.overall <= 35


def test_restating_the_question_then_a_vague_answer_is_not_off_topic() -> None:
    """Restating the question is good practice: a vague but on-topic rest is left to the
    other rules (it got off_topic when every echo was cut, whatever followed)."""
    res = lint_answer(
        "I had to say no to a request from a senior leader once. Our VP asked for a feature quickly and we told "
        "him it was not possible right now because we were busy with other important things. We talked about it "
        "and he was kind of ok with it in the end, and things worked out fine.",
        question="Tell me about a time you had to say no to a request from a senior leader.", question_type="behavioral")
    assert "off_topic" in res.judged and not any(f.rule_id == "off_topic" for f in res.findings)
    assert {"missing_metrics", "no_ownership"} <= {f.rule_id for f in res.findings}


def test_the_pure_estimate_of_aligned_decides_as_aligned_does() -> None:
    """A cold lint decides off_topic's word-by-word alignment without importing numpy
    (aligned_at_least): the float64 estimate stays within 1e-5 of aligned()'s float32
    figure on every calibration answer against its own question and two others, so a
    threshold ALIGNED_MARGIN away gets aligned()'s decision; nearer, aligned() decides."""
    from icraft.nlp import embed
    from icraft.rubric import relevance as rel

    e = embed.embedder()
    assert e is not None
    cases = [_case(p.stem) for p in CALIBRATION]
    questions = [c["question"] for c in cases if c.get("question")]
    checked = 0
    for k, c in enumerate(cases):
        for q in ({c.get("question"), questions[k % len(questions)], MENTORING} - {None}):
            qw, aw = rel._content_words(q), rel._content_words(c["answer"])
            if not qw or not aw:
                continue
            estimate, exact = e.max_mean_estimate(qw, aw), rel.aligned(q, c["answer"])
            assert estimate is not None and exact is not None
            assert abs(estimate - exact) < 1e-5, (q, estimate, exact)
            for t in (0.15, 0.27):
                assert rel.aligned_at_least(q, c["answer"], t) == (exact >= t)
            checked += 1
    assert checked > 60
    assert rel.ALIGNED_MARGIN >= 100 * 1e-5


def test_a_cold_lint_of_an_answer_to_a_bank_question_imports_neither_numpy_nor_tokenizers() -> None:
    """Relevance in a cold process (a one-off `icraft lint`): cosines, talking points and the
    word-by-word alignment of an echoed opening run in pure Python (60-90 ms of numpy
    import and 110-200 ms of tokenizers saved)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from icraft.rubric import lint_answer\n"
        "q = 'Tell me about a time you made a mistake that affected production.'\n"
        "a = ('I made a mistake that affected production last spring. I pushed a config change without a '\n"
        "     'canary and checkout failed for ten minutes. I rolled it back, wrote the postmortem and added a '\n"
        "     'canary step to the deploy script. As a result we caught two bad changes the next month.')\n"
        "lint_answer(a, question=q)\n"
        "print('numpy' in sys.modules, 'tokenizers' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_a_question_is_looked_up_in_the_bank_files_that_can_hold_it_as_in_the_whole_index() -> None:
    """_lookup parses only the bank files whose text holds the question (a cold lint parsed
    all six, 50-60 ms): for every bank question, its lead-in forms and texts that are not
    in the bank it gives what the whole index gives."""
    from icraft.rubric import relevance as rel

    index = rel._points_index()
    assert len(index) > 50
    probes = list(index) + ["tell me about yourself and your pancakes", "", "question beh-t-001?"]
    for norm in probes:
        assert rel._lookup(norm) == index.get(norm), norm
    for norm, (text, points, _skills) in list(index.items())[::7]:
        assert rel.bank_question(f"Thanks. Next question. {text}") == text
        assert talking_points_for(f"I'd like to hear a different example: {text}") == points


# Talking points covered by meaning (rubric 2026.12.8, docs/SCORING.md section 10): answers
# in a candidate's own words from tests/data/relevance, where no sentence holds a third of
# the point's words.
def _paraphrased(qid: str) -> str:
    return next(r[3] for r in rows("paraphrased.tsv") if r[0] == qid)


@pytest.mark.parametrize(("qid", "answer", "point", "quote"), [
    ("beh-mentoring-002", next(a for q, a in rows("trial_answers.tsv") if q == "beh-mentoring-002"),
     "how the teammate was struggling",
     "Sam joined my team last spring and was missing sprint goals three sprints in a row."),
    ("beh-failure-004", _paraphrased("beh-failure-004"), "the first hour: triage, roles and communication",
     "I was on call, so I declared a sev-1 within five minutes, opened a bridge, and handed out roles: "
     "I coordinated, one engineer investigated, and one person posted updates to support every fifteen minutes."),
])
def test_a_point_in_other_words_is_covered_and_quoted_by_its_sentence(qid: str, answer: str, point: str,
                                                                      quote: str) -> None:
    question = load_question(qid)
    assert point in question.talking_points
    res = lint_answer(answer, question=question.text, question_type=scoring_type(question.type))
    assert dict(res.talking_points)[point] == quote
    # by words alone it was not covered: the relevance score's share does not count it
    sentences = [answer[s.char_start : s.char_end] for s in split_sentences(Turn.from_text(CANDIDATE, answer).words)]
    [by_words] = cover([point], sentences, by_meaning=False)
    [by_meaning] = cover([point], sentences)
    assert not by_words.covered and by_meaning.covered and by_meaning.by_meaning
    assert covered_share([by_meaning]) == 0.0


def test_alignment_figures_agree_with_and_without_numpy_within_the_margin() -> None:
    """A cold lint computes talking-point alignments in pure Python, a warm one with numpy:
    both within ALIGNMENT_MARGIN of the exact figures, so every decision is the same."""
    from icraft.nlp import embed
    from icraft.rubric.relevance import _content_groups, point_words

    e = embed.embedder()
    if e is None:
        pytest.skip("wordllama is not installed (pip install wordllama)")
    answers = [r[3] for r in rows("paraphrased.tsv")][:10]
    points = [p for q in load_bank()[:60:6] for p in q.talking_points]
    for answer in answers:
        groups = _content_groups(re.split(r"(?<=[.!?])\s+", answer), None)
        queries = [point_words(p) for p in points]
        warm = e.alignments_of(queries, groups, use_numpy=True)
        cold = e.alignments_of(queries, groups, use_numpy=False)
        exact = e.alignments_of(queries, groups, exact=True)
        assert exact == e.alignments_of(queries, groups, exact=True, use_numpy=True)  # exact: one way only
        assert max(map(max, exact)) > 0.2  # real figures, not zeros
        for w, c, x in zip(warm, cold, exact):
            assert all(abs(a - b) <= embed.ALIGNMENT_MARGIN for a, b in zip(w, x))
            assert all(abs(a - b) <= embed.ALIGNMENT_MARGIN for a, b in zip(c, x))


def test_a_point_asking_for_the_result_is_covered_by_the_storys_result_sentence() -> None:
    case = _case("behavioral_strong_concise_unpopular")
    res = lint_answer(case["answer"], question=case["question"], question_type="behavioral")
    points = dict(res.talking_points)
    assert points["the outcome and how people responded"] == (
        "After the freeze, flaky failures fell to 2% and we went from weekly to daily deploys.")
    assert not any(f.rule_id == "missed_talking_points" for f in res.findings)
    # a design answer is not read as a story: its "impact" points are left to words and meaning
    design = lint_answer(case["answer"], question=case["question"], question_type="system-design")
    assert dict(design.talking_points)["the outcome and how people responded"] is None


def test_a_point_asking_for_the_harm_is_not_read_as_the_result() -> None:
    """"the mistake and its production impact" asks what went wrong: 2026.12.9 quoted a trial
    answer's prevention sentence, the story's last result, for it."""
    from icraft.rubric.relevance import point_asks

    assert point_asks("the mistake and its production impact") is None
    assert point_asks("the incident and its impact on users") is None
    assert point_asks("how you learned it quickly: docs, experts, small experiments") is None
    assert point_asks("the impact on your delivery") == "result"
    assert point_asks("the delivered result and its impact") == "result"
    assert point_asks("the root cause and what you learned") == "lesson"
    question = load_question("beh-failure-001")
    answer = next(a for q, a in rows("trial_answers.tsv") if q == "beh-failure-001")
    res = lint_answer(answer, question=question.text, question_type="behavioral")
    quote = dict(res.talking_points)["the mistake and its production impact"]
    assert quote is None or "postmortem" not in quote


# Stories of something other than work, written for this test (a blind trial's recipe to a
# conflict question scored 67): each opens a scene, acts and ends on a result and a lesson,
# the cues that lifted a story's similarity over off_topic's floor.
NOT_WORK_STORIES = [
    ("Tell me about a time you disagreed with your manager.",
     "Last spring I baked bread every weekend. I mixed 500 grams of flour with water and salt and let the dough "
     "rise overnight. As a result, my loaves came out with an open crumb. I learned that patience matters more "
     "than kneading."),
    ("Tell me about a time you had a conflict with a coworker.",
     "On Sundays I make pancakes. I mix 200 grams of flour with two eggs and 300 millilitres of milk, whisk it "
     "smooth and let it rest for half an hour. As a result I get about a dozen pancakes. I learned that resting "
     "the batter makes them fluffier."),
]
# Known misses, kept out of the test on purpose: a garden or knitting story told the same way
# aligns 0.16-0.18 with its question, over the 0.15 bar (docs/SCORING.md section 10).


@pytest.mark.parametrize("question,answer", NOT_WORK_STORIES)
def test_a_story_of_something_other_than_work_is_off_topic_for_a_behavioral_question(question, answer):
    from icraft.rubric import lint_answer

    r = lint_answer(answer, question=question, question_type="behavioral")
    assert "off_topic" in [f.rule_id for f in r.findings], r.findings
    assert r.score.overall <= 25
    # the same story told to "Tell me about yourself" (general) is not judged by this bar
    general = lint_answer(answer, question="What do you do outside work?", question_type="general")
    assert "off_topic" not in [f.rule_id for f in general.findings]


def test_a_short_work_story_in_its_own_words_stays_on_topic():
    """No word of lexicon.WORK ("checkout", "query"), but its words meet the question's."""
    from icraft.rubric import lint_answer

    r = lint_answer("Our checkout kept timing out during a sale, so I found the slow query and fixed it. "
                    "After that, orders went through in under a second and nobody complained again.",
                    question="Tell me about a time you solved a hard technical problem.", question_type="behavioral")
    assert "off_topic" not in [f.rule_id for f in r.findings]


INDEX_ANSWER = ("A database index is a separate sorted structure, usually a B-tree, that maps column values to row "
                "locations, so a lookup walks a few pages instead of scanning the table: on our 40 million row orders "
                "table a lookup by customer went from 2 seconds to 3 milliseconds. The cost is on writes: every insert "
                "and update must also update each index, and indexes take disk and memory. So I would not add one on "
                "a write-heavy table whose column is rarely filtered on, or on a small table where a scan is cheap.")


def test_a_neighbouring_subject_is_off_topic_for_a_technical_bank_question() -> None:
    """Rubric 2026.12.42: an index explained for "Design a rate limiter for a public API" scored
    78: its database vocabulary lifted the similarity over the floor. It names nothing the
    question asks about and covers none of the bank's talking points: off topic."""
    wrong = lint_answer(INDEX_ANSWER, question="Design a rate limiter for a public API.")
    off = next(f for f in wrong.findings if f.rule_id == "off_topic")
    assert "never names what the question asks about" in off.message and wrong.score.overall < 40
    right = lint_answer(INDEX_ANSWER, question="How does a database index work, and when would you not add one?")
    assert "off_topic" not in {f.rule_id for f in right.findings} and right.score.overall >= 85, right.score


HEDGED_STORY = ("So, um, I work the night shift at a distribution warehouse, and for context, our pickers kept, like, "
                "grabbing the wrong bin on the mezzanine because the labels were faded and half of them were handwritten. "
                "It had been like that for a couple of years, and our supervisor was kind of stretched between two "
                "buildings. Everyone grumbled about it on breaks. So I kind of put together a color code for the aisles "
                "and sort of talked two of the other pickers into trying it on our section for a week. And it got "
                "better, I think. The mis-picks went down and the day shift asked to copy it.")


def test_a_story_told_in_hedged_words_is_read_as_a_story_and_stays_on_topic() -> None:
    """Rubric 2026.12.51: a story whose one first-person action is hedged ("I kind of put together a
    checklist") was read as a technical explanation (the answer's shape), so off_topic judged it
    by the same-kind bar it could not pass and charged -68 (a third blind trial's nurse story, told
    to "Tell me about a time you led a change without having formal authority", scored 11 against
    a band of 40-57). Its hedges are hedging's to charge, not relevance's."""
    from icraft.rubric.questions import infer_question_type

    assert infer_question_type(None, HEDGED_STORY) == "behavioral"
    r = lint_answer(HEDGED_STORY, question="Tell me about a time you led a change without having formal authority.")
    rules = {f.rule_id for f in r.findings}
    assert "off_topic" not in rules and "hedging" in rules, rules
