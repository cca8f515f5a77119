"""General-question rules: answer the question directly, and back each claim about
yourself with a concrete example. Concision is rambling/too_short with the general
type's budgets; relevance is its own measure."""

from __future__ import annotations

import re

from icraft.core.findings import Span
from icraft.rubric import lexicon as lx
from icraft.rubric.context import AnswerContext
from icraft.rubric.detectors._util import brief, param
from icraft.rubric.model import Rule
from icraft.rubric.registry import NOT_JUDGED, Detection, NotJudged, detector
from icraft.rubric.specificity import specific_object, tells_an_event

# A claim's sentence is quoted whole when it is short; a long one only up to the claim.
_QUOTE_SENTENCE_WORDS = 25
_QUOTE_CLAUSE_WORDS = 14
_QUOTE_MIN_WORDS = 5


def _brief(ctx: AnswerContext, m: re.Match[str]) -> Span:
    """The sentence holding ``m`` when it is short and not the whole answer, else the
    matched words: the words that show the problem, never the whole answer."""
    sent = ctx.sentences[ctx.sentence_at(m.start())]
    if sent.n_words <= _QUOTE_SENTENCE_WORDS and sent.n_words < ctx.n_words:
        return ctx.span_segment(sent)
    # The clause holding the match ("I'm a strong communicator and a fast learner,"), or
    # the match and the few words after it when the clause is long too.
    clause = next((c for c in ctx.clauses if c.char_start <= m.start() < c.char_end), None)
    if clause is not None and clause.n_words <= _QUOTE_CLAUSE_WORDS and clause.n_words < ctx.n_words:
        return ctx.span_segment(clause)
    first = ctx.word_at(m.start())
    return ctx.span_words(first, min(ctx.n_words, max(ctx.word_at(m.end() - 1) + 1, first + _QUOTE_MIN_WORDS)))


@detector("no_direct_answer")
def no_direct_answer(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    """The opening sidesteps the question ("I don't really have weaknesses", "hard to
    say"), and/or a weakness question gets a strength in disguise ("I'm a perfectionist");
    one occurrence for each. Its scope is the whole answer: a non-answer fails every
    category, like a one-line one."""
    opening = int(param(rule, "opening_sentences", 2))
    end = ctx.sentences[min(opening, len(ctx.sentences)) - 1].char_end
    spans: list[Span] = []
    reasons: list[str] = []
    phrases: list[str] = []
    dodges = [m for m in ctx.hits(lx.DODGE) if m.start() < end]
    if dodges:
        reasons.append("dodge")
        phrases.append(dodges[0].group())
        spans.append(ctx.span_match(dodges[0]))
    disguised = ctx.hits(lx.DISGUISED_STRENGTH) if ctx.question_has(lx.WEAKNESS_QUESTION) else []
    if disguised:
        reasons.append("disguised_strength")
        phrases.append(disguised[0].group())
        spans.append(ctx.span_match(disguised[0]))
    if not reasons:
        return None
    parts = {"dodge": "the opening sidesteps the question", "disguised_strength": "a strength in disguise is not a weakness"}
    return Detection(
        tuple(spans),
        count=len(reasons),
        detail={"reasons": reasons, "phrases": phrases},
        message=f"No direct answer: {'; '.join(parts[r] for r in reasons)}. Say your answer in the first sentence.",
    )


# Words too common to tie a claim to the sentence that backs it.
_TIE_STOP = frozenset(
    """that this with have been from they them their what when where which would could should about also
    really very just like some more most much many into your there here then than well good great always""".split()
)


def _content(ctx: AnswerContext, i: int) -> set[str]:
    seg = ctx.sentences[i]
    return {w for w in ctx.norms[seg.word_start : seg.word_end] if len(w) > 3 and w not in _TIE_STOP}


@detector("no_example")
def no_example(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    """Claims about yourself ("I'm a strong communicator", "my strength is...") or generic
    claims ("a great culture", "I always go the extra mile") with no concrete example
    behind them. A claim is backed by evidence (a figure, an instance
    such as "last year" or "at my last job", a first-person action) in its own sentence,
    or in one of the next ``window`` sentences when that sentence is tied to it: it opens
    with an example marker ("For example...", "One time...") or shares a content word
    with the claim ("I'm a patient mentor." ... "I mentored two interns last year."). A
    sentence that merely follows ("I'm a fast learner. At my job I led the Kubernetes
    move.") does not back it, a sentence opening on a moment ("Last year I wrote...") does. An
    answer that makes no such claim is not judged. The rule costs every category; the generic
    claims of an answer that tells no event are no_specifics' (charged there once)."""
    if ctx.question_has(lx.ASKS_FOR_QUESTIONS):
        return NOT_JUDGED  # "Any questions for us?": the candidate's questions, no claims to back
    # Generic claims (praise of the company, "I always go the extra mile", "I believe in
    # transparency": specificity.generic_claims) want an example as much as a trait does.
    traits = ctx.hits(lx.TRAIT_CLAIM)
    # Charged once: in an answer that tells no particular event, the generic claims are
    # no_specifics' vague phrases, which cost every category there; here only the claims
    # about yourself, and the generic ones beside an event (no_specifics does not read those).
    generic = ctx.generic_claims if not ctx.generic_claims or tells_an_event(ctx) else []
    if not traits and not generic and ctx.generic_claims:
        generic = ctx.generic_claims  # nothing but generic claims: judged, at generic_share
        share = float(param(rule, "generic_share", 0.4))
    else:
        share = 1.0
    claims = sorted((*traits, *generic), key=lambda m: m.start())
    if not claims:
        return NOT_JUDGED
    window = int(param(rule, "window", 2))
    n_sent = len(ctx.sentences)
    backed = [False] * n_sent
    opens_instance = [False] * n_sent
    # A first-person action backs a claim only when it acts on something specific: "I led
    # the Kubernetes move" does, "I've worked on many projects" or "I always try to do my
    # best" does not (specificity.specific_object).
    evidence = [m.start() for m in ctx.hits(lx.METRIC)] + [
        m.start() for m in ctx.star_matches["i_action"] if specific_object(ctx, m)
    ]
    for m in ctx.hits(lx.EXAMPLE):
        backed[ctx.sentence_at(m.start())] = True
    # A sentence that opens on an example marker ("For example", "One time") or on a moment
    # ("Last year I wrote the onboarding guide...", rubric 2026.12.36) tells an instance: the
    # way people give the example right after the claim. A place ("At my job I led...") does not.
    for m in (*ctx.hits(lx.EXAMPLE_LEAD), *ctx.hits(lx.TIME_ANCHOR)):
        i = ctx.sentence_at(m.start())
        opens_instance[i] = opens_instance[i] or ctx.word_at(m.start()) - ctx.sentences[i].word_start <= 2
    for pos in evidence:
        backed[ctx.sentence_at(pos)] = True
    unbacked: list[re.Match[str]] = []
    seen: set[int] = set()
    for m in claims:
        i = ctx.sentence_at(m.start())
        if i in seen:
            continue
        seen.add(i)
        if backed[i]:
            continue
        claim_words = _content(ctx, i)
        if not any(
            backed[j] and (opens_instance[j] or claim_words & _content(ctx, j))
            for j in range(i + 1, min(n_sent, i + window + 1))
        ):
            unbacked.append(m)
    if not unbacked:
        return None
    n = len(unbacked)
    return Detection(
        tuple(_brief(ctx, m) for m in unbacked[:6]),
        count=n,
        scale=share,
        detail={"claims": len(seen), "unbacked": n},
        message=f"{n} claim{'s' if n > 1 else ''} with no example behind "
        f"{'them' if n > 1 else 'it'}: "
        + ("say when you showed it and what happened." if all(m in traits for m in unbacked)
           else "say what you saw, did or know first-hand that shows it."),
    )


@detector("no_questions_back")
def no_questions_back(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    """"Do you have any questions for us?" answered with no question about the work: none at
    all ("No, I think you covered everything"), or only about pay, time off and logistics
    ("How many vacation days...? When will I hear back?"). Interviewers read the candidate's
    questions as their interest in the job; the rule costs every category (``scope =
    "answer"``). Not judged for any other question (nor for "Any questions before we start?"), nor
    when the answer asks nothing and its first sentence does not decline (``lexicon.DECLINES``;
    "Yes, a couple." asks in its next turn), nor when its questions are neither about the work nor
    about perks (the lists cannot read them). A question is a sentence that asks
    (``lexicon.ASKING``); one that names pay, time off or logistics (``lexicon.PERKS``) is about
    those; any other is about the work when it names the role, the team, the tools, its problems
    or how success is judged (``lexicon.WORK_QUESTION``)."""
    if not ctx.question_has(lx.ASKS_FOR_QUESTIONS) or ctx.question_has(lx.QUESTIONS_BEFORE_START):
        return NOT_JUDGED
    texts = [t.lower() for t in ctx.sentence_texts]
    asked = [i for i, t in enumerate(texts) if lx.ASKING.search(t)]
    perks = [i for i in asked if lx.PERKS.search(texts[i])]
    if any(lx.WORK_QUESTION.search(texts[i]) for i in asked if i not in perks):
        return None
    if perks:
        return Detection(
            tuple(ctx.span_segment(ctx.sentences[i]) for i in perks[:3]),
            detail={"questions": len(asked), "about_the_work": 0},
            message="Only questions about pay, time off or logistics: nothing about the work, the team or the role, "
            "which reads as no interest in the job itself.",
        )
    # No question about the work and none about perks: a decline ("No, I think you covered
    # everything") is judged; "Yes, a couple." or a question the lists cannot read is not.
    if asked or not texts or lx.ACCEPTS_FLOOR.search(texts[0]) or not lx.DECLINES.search(texts[0]):
        return NOT_JUDGED
    return Detection(
        (brief(ctx, 0),),
        detail={"questions": 0, "about_the_work": 0},
        message="No question asked: \"Do you have any questions?\" is where you show interest in the work.",
    )
