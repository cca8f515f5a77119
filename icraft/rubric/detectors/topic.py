"""Topic rules: does the answer address the question (off_topic), is it sentences at all
(keyword_stuffing), and does it cover the question's talking points
(missed_talking_points). The measures are in :mod:`icraft.rubric.relevance`."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from functools import lru_cache
from typing import Sequence

from icraft.core.transcript import Turn, Word
from icraft.rubric import lexicon as lex
from icraft.rubric import relevance as rel
from icraft.rubric.context import AnswerContext
from icraft.rubric.detectors._util import brief, param, short_followup
from icraft.rubric.model import Rule
from icraft.rubric.registry import NOT_JUDGED, Detection, NotJudged, detector

@detector("off_topic")
def off_topic(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    """The answer does not fit its question: relevance under ``min_relevance``. Not judged
    with no question or one that names no topic, on a short reply to a follow-up (it answers the follow-up, not the
    main question) or under ``min_words`` content words (too little to tell).

    A question's joined account (``ctx.main_parts``: an interview question's answers
    linted as one, docs/SCORING.md section 4) is judged on its answers to the main
    question, never on its replies to follow-ups (they answer the follow-up): each answer
    alone, as it was judged when given. It is on topic when one of them is, off topic when
    one is and the others are too short to judge; only when none can be judged alone are
    they read together, as one answer. So no reply, and no other answer, moves the
    verdict an answer earned alone."""
    parts = ctx.main_parts
    if parts is None:
        return _off_topic(ctx, rule)
    fired: Detection | None = None
    for part in parts:
        verdict = _off_topic(_read_alone(ctx, (part,)), rule)
        if verdict is None:
            return None
        if fired is None and isinstance(verdict, Detection):
            fired = _quoted_in(ctx, (part,), verdict)
    if fired is not None or len(parts) < 2:
        return fired or NOT_JUDGED
    verdict = _off_topic(_read_alone(ctx, parts), rule)  # each too short to tell: together
    return _quoted_in(ctx, parts, verdict) if isinstance(verdict, Detection) else verdict


def _read_alone(ctx: AnswerContext, parts: Sequence[tuple[int, int]]) -> AnswerContext:
    """The words of these character ranges of the answer, joined by one space (as
    ``merge_adjacent`` joins turns), as one answer to the same question."""
    words: list[Word] = []
    texts: list[str] = []
    offset = 0
    for start, end in parts:
        shift = offset - start
        words += [replace(w, char_start=w.char_start + shift, char_end=w.char_end + shift)
                  for w in ctx.words if w.char_start >= start and w.char_end <= end]
        texts.append(ctx.text[start:end])
        offset += end - start + 1
    turn = Turn(ctx.turn.speaker, " ".join(texts), tuple(words), ctx.turn.approximate)
    return AnswerContext(answer_index=ctx.answer_index, turn_index=ctx.turn_index, turn=turn, question=ctx.question,
                         question_type=ctx.question_type, meta=ctx.meta, followup=ctx.followup, probed=ctx.probed)


def _quoted_in(ctx: AnswerContext, parts: Sequence[tuple[int, int]], det: Detection) -> Detection:
    """``det``, found in ``parts`` read alone (:func:`_read_alone`), quoting the same
    words of the answer (each quote within the part it starts in)."""
    starts = [0]
    for start, end in parts[:-1]:
        starts.append(starts[-1] + end - start + 1)
    spans = []
    for span in det.spans:
        i = bisect_right(starts, span.char_start) - 1
        start, end = parts[i]
        spans.append(ctx.span_chars(start + span.char_start - starts[i], min(end, start + span.char_end - starts[i])))
    return replace(det, spans=tuple(spans))


def _off_topic(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    """off_topic on ``ctx`` as one answer to its question."""
    # The question is checked first and the relevance terms (the embedding cosine, the
    # costliest measure here) are read only on the path that needs them: a reply this rule
    # does not judge, or an answer judged without its echoed opening, never computes them.
    min_words = int(param(rule, "min_words", 15))
    topic = (ctx.topic_question or "").strip()
    if not topic or ctx.followup or ctx.content_words < min_words:
        return NOT_JUDGED
    # A general question is judged here only when it is "Tell me about yourself" (which names no
    # topic, but asks for the work): an answer about your life instead (rubric 2026.12.64).
    if ctx.question_type == "general":
        return _personal_story(ctx, rule) if ctx.question_has(lex.ABOUT_YOURSELF) else NOT_JUDGED
    if not rel.has_topic(topic):
        return NOT_JUDGED  # "Tell me more.": nothing to be relevant to
    if ctx.function_share < rel.LIST_FUNCTION_SHARE:
        return NOT_JUDGED  # a keyword list: keyword_stuffing's verdict, not a second one
    if ctx.question_type == "behavioral":
        themes = asked_themes(ctx.question_lower)
        if themes and not any(ctx.has(t.told) for t in themes):
            return _theme_finding(ctx, topic, themes)
    if ctx.question_type in _SUBJECT_TYPES and ctx.coverage and not any(p.covered for p in ctx.coverage):
        subject = rel.fixed_stems(topic) - lex.QUESTION_FRAME_STEMS
        if subject and not subject.intersection(*ctx.sentence_stems):
            return _subject_finding(ctx, topic, subject)
    sentences = ctx.sentence_texts
    # cheapest test first: most stories name something of work, and their shape is then never read here
    if ctx.question_type == "behavioral" and not ctx.has(lex.WORK) and ctx.shape == "behavioral" \
            and not rel.aligned_at_least(topic, ctx.spoken_content, float(param(rule, "min_aligned_same_kind", 0.15))):
        # A story of something other than work (a recipe, bread: nothing of lexicon.WORK) told
        # to a behavioral question, its words far from the question's: off topic whatever its
        # similarity, which a story's "I... As a result... I learned" lifts over the floor. The
        # same-kind rule below, with both of its conditions, read before the similarity can
        # pass it. A short work story in words WORK lacks ("checkout", "query") aligns higher.
        r = ctx.relevance
        assert r is not None
        return _finding(ctx, topic, list(range(len(sentences))), len(sentences), ctx.spoken_content, r)
    floor = float(param(rule, "min_relevance_points", 0.25) if ctx.talking_points else param(rule, "min_relevance", 0.0))
    # A sentence that only restates the question ("I had to say no to a senior leader
    # once.") is no evidence of answering it. Restating the question is good practice, so
    # only a rest that is plainly about something else (aligned under
    # min_aligned_after_echo) is judged without it. Each sentence's stems are read once
    # (ctx.sentence_stems, shared with the talking points); a word never spans the space
    # that joins two sentences, so the rest's stems are the union of its sentences'.
    echo: set[int] = set()
    if len(rel.fixed_stems(topic)) >= 3:  # else no sentence can echo it (rel.echoes)
        echo = rel.echoing(ctx.sentence_stems, topic)
    kept = [i for i in range(len(sentences)) if i not in echo]
    rest_stems = [ctx.sentence_stems[i] for i in kept] if echo else []
    if echo and len(frozenset().union(*rest_stems)) >= min_words:
        rest = [sentences[i] for i in kept]
        answer = " ".join(rest)
        if rel.aligned_at_least(topic, answer, float(param(rule, "min_aligned_after_echo", 0.15))) in (None, True):
            return None
        covered = rel.cover(ctx.talking_points, rest, rest_stems, by_meaning=False)  # covered_share reads words only
        r = rel.relevance(answer, topic, ctx.question_type, ctx.shape, rel.covered_share(covered))
    else:
        kept, answer = list(range(len(sentences))), ctx.spoken_content
        if ctx.relevance_clears(floor):
            return None  # passes whatever the answer's shape (its term only adds): the shape is not read
        r = ctx.relevance
        assert r is not None  # relevance_terms is not None
    if r.score >= floor:
        return None
    # Word by word the answer meets the question: a specific story, not another subject. A
    # story told to a behavioral question must be plainly about something else: its words far
    # from the question's (min_aligned_same_kind, the bar after an echoed opening), or naming
    # nothing of work at all (lexicon.WORK: a recipe, a marathon). In a candidate's own words
    # on-topic stories align as low as 0.16, as low as a work story given to another question,
    # which is left to the rules that read what the question asks for.
    if ctx.question_type == "behavioral" and r.shape >= 1.0:
        if rel.aligned_at_least(topic, answer, float(param(rule, "min_aligned_same_kind", 0.15))) \
                and lex.WORK.search(answer.lower()):
            return None
    elif rel.aligned_at_least(topic, answer, float(param(rule, "min_aligned", 0.27))):
        return None
    return _finding(ctx, topic, kept, len(sentences), answer, r)


@lru_cache(maxsize=1024)
def asked_themes(question: str) -> tuple[lex.Theme, ...]:
    """The competencies a behavioral question (lower-cased) asks its story to show
    (``lexicon.THEMES``: mentoring, a conflict, a failure...), none for most questions."""
    return tuple(t for t in lex.THEMES if t.asked.search(question))


def _theme_finding(ctx: AnswerContext, topic: str, themes: Sequence[lex.Theme]) -> Detection:
    """off_topic's finding for a story that shows nothing of the theme its question asks
    about: a good story of something else (a billing incident told to "Tell me about a time
    you mentored someone")."""
    asked = " or ".join(t.name for t in themes)
    return Detection(
        (brief(ctx, 0),),
        detail={"question": topic, "themes": [t.name for t in themes]},
        message=f"The story does not answer the question (\"{topic}\"): it asks about {asked}, "
        f"and {themes[0].what}.",
    )


def _personal_story(ctx: AnswerContext, rule: Rule) -> Detection | None:
    """off_topic's finding for "Tell me about yourself" answered with a life story: under
    ``min_work_share`` of the sentences name anything of work (``lexicon.WORK``: a job, a team, a
    project, customers, code...) and more of them (two or more) tell a life outside it than tell
    only of work
    (``lexicon.PERSONAL_LIFE``: where you grew up, family, pets, hobbies). The question asks for
    the professional story; a childhood, a dog and hobbies answer another. Charged at
    ``personal_share`` of the rule (a weak answer, not an answer to another question)."""
    n = len(ctx.sentences)
    work = {ctx.sentence_at(m.start()) for m in ctx.hits(lex.WORK)}
    if n < 3 or len(work) >= float(param(rule, "min_work_share", 0.34)) * n:
        return None
    # Vague but about work ("I've done a bunch of different things, mostly backend stuff") is
    # no_specifics' to judge: only a life told instead (where you grew up, family, hobbies) fires.
    life = {ctx.sentence_at(m.start()) for m in ctx.hits(lex.PERSONAL_LIFE)}
    if len(life) < 2 or len(life) <= len(work - life):
        return None
    personal = sorted(life)
    return Detection(
        tuple(brief(ctx, i) for i in personal[:2]),
        scale=float(param(rule, "personal_share", 0.5)),
        detail={"work_sentences": len(work), "sentences": n},
        message=f"Mostly a life story: {len(personal)} of {n} sentences tell your life outside work, "
        f"{len(work)} name anything of work. \"Tell me about "
        "yourself\" asks for your professional story: what you do, what you have done, what you want next.",
    )


# Question types whose subject is a thing named in the question (an isolation level, a rate
# limiter, a linked list): an answer that names none of it and covers none of the bank's
# talking points answers another question, however close its vocabulary.
_SUBJECT_TYPES = frozenset({"technical", "system-design", "coding-discussion"})


def _subject_finding(ctx: AnswerContext, topic: str, subject: frozenset[str]) -> Detection:
    """off_topic's finding for an answer about a neighbouring subject: an index explained for
    "Explain transaction isolation levels", a cache design for "Design a rate limiter"."""
    return Detection(
        (brief(ctx, 0),),
        detail={"question": topic, "subject": sorted(subject), "talking_points_covered": 0},
        message=f"The answer does not address the question (\"{topic}\"): it never names what the question "
        "asks about and covers none of its talking points, so it answers a neighbouring question.",
    )


def _finding(ctx: AnswerContext, topic: str, kept: list[int], n_sentences: int, answer: str,
               r: rel.Relevance) -> Detection:
    """off_topic's finding: ``kept``, the sentences judged (an echo of the question left out)."""
    aligned = rel.aligned(topic, answer)  # the figure the finding reports
    opening = "after restating the question it turns to another subject" if len(kept) < n_sentences \
        else "it opens on another subject"
    return Detection(
        (brief(ctx, kept[0]),),
        detail={"relevance": r.to_dict(), "question": topic, "aligned": None if aligned is None else round(aligned, 3)},
        message=f"The answer does not address the question (\"{topic}\"): {opening} and "
        "shares almost none of the question's words or topic.",
    )


@detector("keyword_stuffing")
def keyword_stuffing(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    """Mostly keywords, not sentences: English function words (the, and, I, was,
    because) are under ``max_function_share`` of the words (prose: 35-55%)."""
    if len(ctx.lexical_words) < int(param(rule, "min_words", 8)):
        return NOT_JUDGED
    share = ctx.function_share
    if share >= float(param(rule, "max_function_share", rel.LIST_FUNCTION_SHARE)):
        return _buzzword_soup(ctx, rule)
    return Detection(
        (brief(ctx),),
        detail={"function_share": round(share, 3)},
        message=f"A list of keywords, not an answer: only {share:.0%} of the words join them into sentences "
        "(prose has 35-55%), so there is no story and no reasoning to judge.",
    )


def _buzzword_soup(ctx: AnswerContext, rule: Rule) -> Detection | None:
    """keyword_stuffing in sentences: ``min_terms`` names or more (a technology, a practice,
    a buzzword: ``lexicon.TERM``; or an item of a comma list of three or more) and under one
    tie (``lexicon.TIE_WORDS``: a reason, a condition, a sequence, a definition; or a figure)
    for every ``terms_per_tie`` names, in an answer with under ``max_tie_rate`` ties a word
    (prose has one every few words). Ties are counted on the word list first; the list items
    are read only when the names found and the separators (a list item needs one after it,
    but for the last of its sentence) could reach the ratio: most answers stop there."""
    words = ctx.lexical_words
    per_tie = float(param(rule, "terms_per_tie", 5))
    ties = sum(map(lex.TIE_WORDS.__contains__, words)) + sum(map(str.isdigit, ctx.norms))
    min_terms = int(param(rule, "min_terms", 12))
    need = max(min_terms, per_tie * max(ties, 1))
    if len(words) < need or ties > len(words) * float(param(rule, "max_tie_rate", 0.05)):
        return None  # prose ties its words together: most answers stop here, before any scan
    text = ctx.text
    separators = text.count(",") + text.count(";")
    terms = ctx.hits(lex.TERM)
    if len(terms) + separators + len(ctx.sentences) < need:
        return None  # a list item needs a separator after all but one item of each sentence's list
    per_sentence = [0] * len(ctx.sentences)
    term_starts = [m.start() for m in terms]
    for start in term_starts:
        per_sentence[ctx.sentence_at(start)] += 1
    if separators >= 2:
        for i, seg in enumerate(ctx.sentences):
            _list_items(text, seg.char_start, seg.char_end, term_starts, per_sentence, i)
    named = sum(per_sentence)
    if named < min_terms or named < per_tie * max(ties, 1):
        return None
    where = max(range(len(per_sentence)), key=per_sentence.__getitem__)
    tied = "no word" if not ties else f"only {ties} word{'s' if ties > 1 else ''}"
    return Detection(
        (brief(ctx, where),),
        detail={"terms": named, "ties": ties},
        message=f"Names, not an answer: {named} technologies, practices or buzzwords and {tied} tying them "
        "together (a reason, a condition, a step, a figure), so nothing shows how they fit or why.",
    )


def _list_items(text: str, start: int, end: int, term_starts: list[int], per_sentence: list[int], i: int) -> None:
    """Add to ``per_sentence[i]`` the items of comma lists (three or more short chunks that are
    not clauses: no pronoun, verb of being or filler, ``lexicon.LIST_CLAUSE``) in
    ``text[start:end]`` that hold no TERM (those are counted already)."""
    run = unnamed = 0
    pos = start
    for chunk in [*re.split(r"[,;]", text[start:end].rstrip(".!?")), ""]:
        low = chunk.lower().split()
        chunk_end = pos + len(chunk)
        if 1 <= len(low) <= 4 and lex.LIST_CLAUSE.isdisjoint(low):
            run += 1
            k = bisect_right(term_starts, pos)
            unnamed += not (k < len(term_starts) and term_starts[k] < chunk_end)
        else:
            if run >= 3:
                per_sentence[i] += unnamed
            run = unnamed = 0
        pos = chunk_end + 1


@detector("missed_talking_points")
def missed_talking_points(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    """A bank question's talking points mostly uncovered. Graded: the share missed above
    ``max_missed_share``, so each point covered lowers the cost."""
    points = ctx.coverage
    if not points or short_followup(ctx, rule):
        return NOT_JUDGED
    missed = [p.point for p in points if not p.covered]
    share = len(missed) / len(points)
    allowed = float(param(rule, "max_missed_share", 0.5))
    if share <= allowed:
        return None
    covered = [p for p in points if p.covered]
    where = brief(ctx, covered[-1].sentence if covered and covered[-1].sentence is not None else 0)
    return Detection(
        (where,),
        scale=(share - allowed) / (1 - allowed),
        detail={"missed": missed, "covered": [p.point for p in covered]},
        message=f"The answer covers {len(covered)} of the question's {len(points)} talking points; "
        f"missing: {'; '.join(missed)}.",
    )


@lru_cache(maxsize=1024)
def question_parts(question: str) -> tuple[tuple[str, lex.QuestionPart | None], ...]:
    """The parts of a question (lower-cased), each with the kind of sign its answer must show
    (``lexicon.QUESTION_PARTS``) or None when no sign can be read ("how does it work")."""
    parts = [p.strip(" ,.") for p in lex.QUESTION_PART_SPLIT.split(question)]
    out = []
    for part in parts:
        if len(part.split()) < 2:
            continue
        kind = next((k for k in lex.QUESTION_PARTS if k.asked.search(part)), None)
        out.append((part, kind))
    return tuple(out)


@detector("unanswered_part")
def unanswered_part(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    """A question that asks two things or more ("How does an index work, and when would you
    not add one?") and an answer that leaves a part unanswered: the part's sign (a condition
    for "when", a reason for "why", a figure for numbers, a trade-off for what it costs, a
    test) is nowhere in it. Graded by the share of the question's parts left unanswered: all
    of them cost as much as an off-topic answer. Parts whose answer shows no readable sign
    ("how does it work") are counted as answered."""
    if ctx.followup or short_followup(ctx, rule):
        return NOT_JUDGED
    parts = question_parts(ctx.question_lower)
    if len(parts) < 2 or not any(kind for _, kind in parts):
        return NOT_JUDGED  # one question, or no part whose answer can be read
    missed = [(part, kind) for part, kind in parts if kind is not None and not ctx.has(kind.told)]
    if not missed:
        return None
    asked = "; ".join(f"\"{part}\"" for part, _ in missed)
    return Detection(
        (brief(ctx, -1),),
        scale=len(missed) / len(parts),
        detail={"parts": [part for part, _ in parts], "unanswered": [part for part, _ in missed],
                "kinds": [kind.kind for _, kind in missed]},
        message=f"The question asks {len(parts)} things and the answer leaves {asked} unanswered "
        f"({missed[0][1].what}).",
    )
