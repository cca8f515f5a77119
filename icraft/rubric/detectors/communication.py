"""Communication rules: length, fillers, pace, hedging, repetition.

Timing rules judge timed answers by the clock and say so in ``detail.basis``:
rambling uses duration when timed and word count when not (a text property, so it
stays measurable); filler_spike grades fillers per minute when timed and fillers per
100 words when not; pace needs timings and is "not measurable" (costs nothing)
on untimed text.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import compress, filterfalse
from operator import add, not_

from icraft.rubric.context import AnswerContext
from icraft.rubric.detectors._util import brief, by_type, match_spans, param
from icraft.rubric.model import Rule
from icraft.rubric.registry import NOT_JUDGED, Detection, NotJudged, detector


@detector("rambling")
def rambling(ctx: AnswerContext, rule: Rule) -> Detection | None:
    """Over the length budget for the question type, or run-on sentences."""
    qtype = ctx.question_type
    spans = []
    detail: dict[str, object] = {}
    over = False
    if ctx.timed:
        limit_ms = int(float(by_type(rule, "max_seconds", qtype, 180)) * 1000)
        d = ctx.delivery
        detail.update(basis="duration", duration_ms=d.duration_ms, limit_ms=limit_ms, approximate=d.approximate)
        if (d.duration_ms or 0) > limit_ms:
            cutoff = (ctx.words[0].start_ms or 0) + limit_ms
            first_over = next(i for i, w in enumerate(ctx.words) if (w.end_ms or 0) > cutoff)
            spans.append(ctx.span_words(first_over, ctx.n_words))
            over = True
    else:
        limit_w = int(by_type(rule, "max_words", qtype, 400))
        detail.update(basis="word_count", words=ctx.n_words, limit_words=limit_w)
        if ctx.n_words > limit_w:
            spans.append(ctx.span_words(limit_w, ctx.n_words))
            over = True
    run_on = int(param(rule, "run_on_words", 60))
    run_ons = [s for s in ctx.sentences if s.n_words > run_on]
    spans += [ctx.span_segment(s) for s in run_ons[:6]]
    detail["run_on_sentences"] = len(run_ons)
    if not over and len(run_ons) < int(param(rule, "min_run_ons", 1)):
        return None
    parts = []
    if over:
        limit = f"{detail['limit_ms'] // 1000} s" if ctx.timed else f"{detail['limit_words']} words"  # type: ignore[operator]
        size = f"{(ctx.delivery.duration_ms or 0) / 1000:.0f} s" if ctx.timed else f"{ctx.n_words} words"
        parts.append(f"runs {size} (budget {limit})")
    if run_ons:
        parts.append(f"has {len(run_ons)} run-on sentence{'s' if len(run_ons) > 1 else ''} over {run_on} words")
    # A run-on counts once per ``run_on_words`` it holds: a 200-word sentence is worse than a 70-word one.
    count = int(over) + sum(max(1, s.n_words // run_on) for s in run_ons)
    return Detection(tuple(spans), count=count, detail=detail, message=f"The answer {' and '.join(parts)}.")


@detector("filler_spike")
def filler_spike(ctx: AnswerContext, rule: Rule) -> Detection | None:
    """Fillers cost in proportion to their rate: nothing up to a free allowance, the
    rule's full points at ``full_*``, a straight line between (fillers per minute of
    duration when timed, per 100 words when not). The rate is taken over at least
    ``min_seconds`` / ``min_words``, so one "um" in a ten-word reply is not a high rate.
    Graded like too_short: one more "um" never makes a 20-point jump, and a
    filler-heavy answer loses more than a slightly disfluent one."""
    d = ctx.delivery
    count = d.filler_count
    if not count:
        return None
    detail: dict[str, object]
    if d.measurable and d.filler_rate_per_min is not None:
        minutes = max(d.duration_ms or 0, float(param(rule, "min_seconds", 30)) * 1000) / 60000
        rate = round(count / minutes, 2)
        free, full = float(param(rule, "free_per_min", 3)), float(param(rule, "full_per_min", 15))
        detail = {"basis": "per_minute", "rate_per_min": rate, "approximate": d.approximate}
        msg = f"{count} fillers, {rate:g} per minute (free up to {free:g}; full cost at {full:g})."
    else:
        rate = round(100 * count / max(ctx.n_words, int(param(rule, "min_words", 60))), 1)
        free, full = float(param(rule, "free_per_100_words", 2)), float(param(rule, "full_per_100_words", 10))
        detail = {"basis": "per_100_words", "per_100_words": rate}
        msg = f"{count} fillers, {rate:g} per 100 words (free up to {free:g}; full cost at {full:g})."
    scale = min(1.0, max(0.0, (rate - free) / (full - free)))
    if scale <= 0:
        return None
    # One finding: the rate already reflects how many fillers there were.
    return Detection(d.fillers, count=1, detail={**detail, "fillers": count, "scale": round(scale, 3)},
                     message=msg, scale=scale)


@detector("pace")
def pace(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    """Words per minute of speech time outside the comfortable band (timed only)."""
    if ctx.n_words < int(param(rule, "min_words", 30)):
        return NOT_JUDGED  # too few words for a stable rate
    # Pace is the whole answer's, so the evidence is where it starts, briefly: quoting a
    # whole answer shows nothing the listener can point at (docs/SCORING.md section 11).
    if not ctx.timed:
        return Detection(
            (brief(ctx),),
            measurable=False,
            detail={"basis": "untimed"},
            message="Pace is not measurable: this answer has no word timings (typed or untimed text).",
        )
    d = ctx.delivery
    wpm = d.wpm or 0.0
    slow, fast = float(param(rule, "min_wpm", 110)), float(param(rule, "max_wpm", 195))
    if slow <= wpm <= fast:
        return None
    kind = "fast" if wpm > fast else "slow"
    approx = " (timings approximate)" if d.approximate else ""
    return Detection(
        (brief(ctx),),
        detail={"basis": "speech_time", "wpm": wpm, "direction": kind, "approximate": d.approximate},
        message=f"{wpm:g} words per minute of speech: too {kind} (comfortable: {slow:g}-{fast:g}){approx}.",
    )


@detector("hedging")
def hedging(ctx: AnswerContext, rule: Rule) -> Detection | None:
    """Epistemic hedges ("I guess", "maybe", "kind of") that undercut your own claims."""
    found = ctx.hedges  # "what kind of data" is a noun phrase, not a hedge: left out
    n = len(found)
    short = ctx.n_words < int(param(rule, "short_answer_words", 60))
    if n < int(param(rule, "min_count", 3)) and not (short and n >= 2):
        return None
    return Detection(match_spans(ctx, found), count=n, detail={"phrases": [m.group() for m in found]})


_STOP = frozenset(
    """a an the and or but so to of in on at for with from by as is was were be been are it its this that these
    those i we you he she they me us my our your their them um uh like just then there here what which who
    when where how if do did does have has had not no yes really very kind sort know mean basically actually""".split()
)


_STOP_OR_EMPTY = _STOP | {""}


@detector("repetition")
def repetition(ctx: AnswerContext, rule: Rule) -> Detection | NotJudged | None:
    """The same phrase over and over (content 4-grams), or a sentence restated."""
    norms = ctx.norms
    n_gram = int(param(rule, "ngram", 3))
    min_rep = int(param(rule, "min_phrase_repeats", 4))
    if ctx.n_words < n_gram * min_rep:
        return NOT_JUDGED  # too few words to repeat anything: no evidence of conciseness
    # A content 3-gram can repeat min_rep times only if at least two of its content words
    # each occur min_rep times: counted in C first, so most answers skip the n-grams.
    # Content words counted and their frequent ones counted in C: most answers have under two.
    content_counts = Counter(filterfalse(_STOP_OR_EMPTY.__contains__, norms)).values()
    positions: defaultdict[tuple[str, ...], list[int]] = defaultdict(list)
    if sum(map(min_rep.__le__, content_counts)) >= 2:
        content = list(map(not_, map(_STOP_OR_EMPTY.__contains__, norms)))  # 1 for a content word
        # Content words per n-gram, summed in C (map/add) rather than per gram in Python;
        # the n-grams themselves are built by zip, also in C.
        counts = content[: len(content) - n_gram + 1]
        for k in range(1, n_gram):
            counts = list(map(add, counts, content[k : len(content) - n_gram + 1 + k]))
        grams = list(zip(*(norms[k:] for k in range(n_gram))))
        keep = [c >= 2 for c in counts]
        frequent = {g for g, c in Counter(compress(grams, keep)).items() if c >= min_rep}
        for i in compress(range(len(counts)), keep):
            if grams[i] in frequent:
                positions[grams[i]].append(i)
    ranges: list[tuple[int, int]] = []
    covered_until = -1
    repeats = sorted(p for ps in positions.values() if len(ps) >= min_rep for p in ps[1:])
    for p in repeats:
        if p <= covered_until:
            continue
        ranges.append((p, p + n_gram))
        covered_until = p + n_gram - 1
    phrases = len(ranges)
    # Restated sentences: high overlap of content words with one of the previous few.
    window = int(param(rule, "sentence_window", 8))
    threshold = float(param(rule, "restate_jaccard", 0.6))
    bags: list[tuple[frozenset[str], int]] = []
    for s in ctx.sentences:
        bag = frozenset(norms[s.word_start : s.word_end]).difference(_STOP_OR_EMPTY)
        size = len(bag)
        if size >= 5:
            least = threshold * size
            for prev, other in bags[-window:]:
                # Jaccard <= min/max size: skip pairs that cannot reach the threshold
                # (min(size, other) < threshold * max(size, other), one side at a time).
                if (other < least) if other <= size else (size < threshold * other):
                    continue
                shared = len(bag & prev)
                if shared / (size + other - shared) >= threshold:
                    ranges.append((s.word_start, s.word_end))
                    break
        bags.append((bag, size))
    restated = len(ranges) - phrases
    if phrases < int(param(rule, "min_phrase_spans", 2)) and restated < int(param(rule, "min_restated", 1)):
        return None
    ranges.sort()
    spans = tuple(ctx.span_words(a, b) for a, b in ranges[:12])
    return Detection(
        spans, count=len(ranges), detail={"repeated_phrases": phrases, "restated_sentences": restated}
    )
