"""The lint engine: run every applicable rule's detector on every answer, then score.

Deterministic and offline: same transcript + same rubric = same findings, same
order, same score. Findings are ordered by rubric rule order.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Iterable, Sequence

from icraft.core.errors import InputError
from icraft.core.findings import AnswerResult, Finding, LintReport
from icraft.core.transcript import CANDIDATE, INTERVIEWER, Answer, Transcript, Turn, TurnMeta, last_core_question
from icraft.delivery.timing import unreliable
from icraft.rubric.context import AnswerContext
from icraft.rubric.detectors._util import MIN_PROBED_WORDS
from icraft.rubric.model import QUESTION_TYPES, Rubric, Rule, check_rule_ids, load_rubric
from icraft.rubric.questions import SMALL_TALK, infer_question_type, is_followup, type_from_question
from icraft.rubric.registry import NOT_JUDGED, Detector, detector_for
from icraft.rubric.relevance import language_note, language_of
from icraft.rubric.scoring import (
    applicable_categories,
    is_judged,
    make_finding,
    not_judged_reason,
    score_answer,
    score_session,
)


# A graded finding (too_short charges its shortfall) that would cost less than this is
# not reported: "error ... -0" for one word short would be noise, and dropping it moves
# the score by under a point, so the score still never jumps at a length.
MIN_GRADED_POINTS = 1.0

# Why a one-word answer has no score (not_judged_reason; the interview shows it as is).
ONE_WORD = "too short to judge: one word holds nothing a rule can judge"


def check_question_type(qtype: str | None) -> str | None:
    if qtype is None:
        return None
    if qtype not in QUESTION_TYPES:
        raise InputError(f"unknown question type '{qtype}'", f"use one of {', '.join(QUESTION_TYPES)}")
    return qtype


def select_rules(
    rubric: Rubric, rules: Sequence[str] | None = None, ignore: Sequence[str] | None = None
) -> tuple[Rule, ...]:
    """The rubric's rules restricted to ``rules`` (if given) minus ``ignore``; typos are errors."""
    only = set(check_rule_ids(rubric, list(rules) if rules else None))
    skip = set(check_rule_ids(rubric, list(ignore) if ignore else None))
    return tuple(r for r in rubric.rules if (not only or r.id in only) and r.id not in skip)


# Rubric (by identity) -> (it, its rules, their per-type lists as _lint_one fills them): a
# lint of one answer (a batch, a drill) rebuilt the rule selection and the per-type rule
# lists on every call, ~4% of linting a typed answer.
# A question type -> its rules (each with its detector) and categories (_lint_one).
_PerType = dict[str, tuple[list[tuple[Rule, Detector]], tuple[str, ...]]]
_WHOLE: dict[int, tuple[Rubric, tuple[Rule, ...], _PerType]] = {}


def _whole_rubric(rubric: Rubric) -> tuple[tuple[Rule, ...], _PerType]:
    """Every rule of ``rubric`` and its per-type cache (:func:`_lint_one`), kept per rubric."""
    kept = _WHOLE.get(id(rubric))
    if kept is None or kept[0] is not rubric:
        if len(_WHOLE) >= 16:
            _WHOLE.clear()
        kept = _WHOLE[id(rubric)] = (rubric, select_rules(rubric), {})
    return kept[1], kept[2]


def _lint_one(
    answer: Answer,
    rubric: Rubric,
    active: Sequence[Rule],
    qtype: str,
    meta: dict[str, str],
    per_type: _PerType | None = None,
    probed: bool = False,
    followup: bool | None = None,
    main_parts: Sequence[tuple[int, int]] | None = None,
) -> AnswerResult:
    question = answer.question.text if answer.question else None
    ctx = AnswerContext(
        answer_index=answer.index,
        turn_index=answer.turn_index,
        turn=answer.turn,
        question=question,
        question_type=qtype,
        meta=meta,
        # A probed reply answers the follow-up the interview asked, whatever its wording
        # ("What limits connections per server?" opens like a main question).
        followup=(probed or is_followup(question, answer.index)) if followup is None else followup,
        probed=probed,
        main_parts=main_parts,
    )
    # The rules (each with its detector) and categories of a question type, computed once per transcript.
    cached = per_type.get(qtype) if per_type is not None else None
    if cached is None:
        rules = [r for r in active if r.applies(qtype)]
        cached = ([(r, detector_for(r)) for r in rules],
                  applicable_categories(rubric, qtype, rules) if rules else ())  # small talk: none
        if per_type is not None:
            per_type[qtype] = cached
    rules, categories = cached
    if qtype == SMALL_TALK or unreliable(ctx.delivery):
        # A pleasantry ("How are you?" -> "Good, thanks") or not a real answer: flagged,
        # not scored (not_judged_reason says why).
        return AnswerResult(answer=answer.index, turn_index=answer.turn_index, question=question, question_type=qtype,
                            findings=(), score=score_answer((), rubric, qtype, ()), delivery=ctx.delivery)
    # The function-word share is read once: the language check, keyword_stuffing and off_topic.
    language = language_of(ctx.text, ctx.lexical_words, ctx.function_share)
    if language is not None:  # the rules read English: scoring a Spanish story for missing cues would be noise
        return AnswerResult(answer=answer.index, turn_index=answer.turn_index, question=question, question_type=qtype,
                            findings=(), score=score_answer((), rubric, qtype, ()), delivery=ctx.delivery,
                            refused=language_note(language))
    if not probed and qtype != "negotiation" and ctx.n_words - ctx.delivery.filler_count < MIN_PROBED_WORDS:
        # One word ("No." to "Have you ever worked with Kubernetes?"): nothing any rule can
        # judge, so no score, and no skill moves on it (a probed reply is left to its rules).
        # In a negotiation one word is a move ("Deal." accepts on the spot): judged.
        return AnswerResult(answer=answer.index, turn_index=answer.turn_index, question=question, question_type=qtype,
                            findings=(), score=score_answer((), rubric, qtype, ()), delivery=ctx.delivery,
                            refused=ONE_WORD)
    findings: list[Finding] = []
    judged: list[str] = []
    for rule, detect in rules:
        det = detect(ctx, rule)
        if det is NOT_JUDGED:  # the one NotJudged
            continue
        if det is None:
            judged.append(rule.id)
            continue
        if det.measurable:  # a "not measurable" note (pace on typed text) judged nothing
            judged.append(rule.id)
        finding = make_finding(
            rule,
            rubric,
            answer=answer.index,
            spans=det.spans,
            count=det.count,
            measurable=det.measurable,
            scale=det.scale,
            message=det.message,
            detail=det.detail,
        )
        if det.scale < 1.0 and finding.points < MIN_GRADED_POINTS:
            continue  # a graded rule barely over its line (too_short at 59 of 60 words): it passes
        findings.append(finding)
    score = score_answer(findings, rubric, qtype, categories)
    sentences = ctx.sentence_texts if ctx.talking_points else ()
    return AnswerResult(
        answer=answer.index,
        turn_index=answer.turn_index,
        question=question,
        question_type=qtype,
        findings=tuple(findings),
        score=score,
        delivery=ctx.delivery,
        judged=tuple(judged),
        talking_points=tuple((c.point, None if c.sentence is None else sentences[c.sentence]) for c in ctx.coverage),
    )


def lint_transcript(
    transcript: Transcript,
    *,
    rubric: Rubric | None = None,
    question_type: str | None = None,
    rules: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    source: str | None = None,
    require_judged: bool | None = None,
    probed: bool = False,
    main_parts: Sequence[tuple[int, int]] | None = None,
) -> LintReport:
    """Lint every candidate answer of ``transcript``; one AnswerResult per answer.

    The question type is, in order: ``question_type``, the answer turn's own
    (``Turn.meta``), the transcript's ``meta["question_type"]`` when it is a known type,
    or inferred per answer. An answer whose turn says how its session judged it (an
    interview's export) is judged so (:func:`_as_in_session`).

    ``require_judged`` (default: when ``rules``/``ignore`` narrow the rubric, or an
    answer has an unreliable transcript): raise InputError when no rule judged any answer, e.g. ``--rules weak_anchor`` on a
    behavioral story. A score of 100 there would measure nothing, and a CI gate
    (``--fail-under``) would pass on it. Callers that lint with a rule subset on purpose
    (a follow-up's own rules in an interview) pass False and read
    :func:`icraft.rubric.scoring.is_judged`.

    ``main_parts`` (one-answer transcripts: :func:`lint_answer`): see there.
    """
    rubric = rubric or load_rubric()
    results, active = _lint_results(transcript, rubric, question_type, rules, ignore, probed, main_parts)
    if require_judged is None:  # a transcript nobody could have spoken scores nothing either
        require_judged = bool(rules or ignore) or any(unreliable(r.delivery) or r.refused for r in results)
    if require_judged and not any(map(is_judged, results)):
        raise _nothing_judged(results, active, source)
    return LintReport(
        answers=tuple(results),
        score=score_session(results, rubric),
        rubric_version=rubric.version,
        source=source,
        meta=dict(transcript.meta),
        rubric=rubric,
    )


def _lint_results(
    transcript: Transcript,
    rubric: Rubric,
    question_type: str | None,
    rules: Sequence[str] | None,
    ignore: Sequence[str] | None,
    probed: bool,
    main_parts: Sequence[tuple[int, int]] | None,
) -> tuple[list[AnswerResult], Sequence[Rule]]:
    """Every answer's result (:func:`lint_transcript`) and the rules selected, without the
    session report (:func:`lint_answer` reads its one answer, not a session score)."""
    asked = forced = check_question_type(question_type)
    meta_type = transcript.meta.get("question_type")
    if forced is None and meta_type in QUESTION_TYPES:
        forced = meta_type
    if rules or ignore:
        active = select_rules(rubric, rules, ignore)
        per_type: _PerType = {}
    else:  # every rule: the selection and its per-type lists are the rubric's, kept with it
        active, per_type = _whole_rubric(rubric)
    answers = transcript.answers()
    if not answers:
        raise InputError(
            "the transcript has no candidate answers",
            "label the candidate's turns (speaker 'candidate') or lint plain text",
        )
    results: list[AnswerResult] = []
    previous: str | None = None
    for a in answers:
        note = a.turn.meta
        if note is not None and note.phase == "core":
            a = _core_question(transcript.turns, a)
        question = a.question.text if a.question else None
        # Small talk is never scored, whatever type the transcript or caller declares.
        small_talk = type_from_question(question) == SMALL_TALK
        own = note.question_type if note is not None and note.question_type in QUESTION_TYPES else None
        qtype = (SMALL_TALK if small_talk
                 else asked or own or forced or infer_question_type(question, a.turn.text, previous))
        previous = qtype
        if note is None:
            results.append(_lint_one(a, rubric, active, qtype, transcript.meta, per_type, probed,
                                     main_parts=main_parts))
        else:
            results.append(_as_in_session(a, note, rubric, active, qtype, transcript.meta, per_type, probed))
    return results, active


def _core_question(turns: Sequence[Turn], answer: Answer) -> Answer:
    """A core answer with the question it answers: the last core question asked before it.
    A follow-up that asks for the whole answer again ("Can you answer that one
    directly?", "Walk me through the whole story") is not the question; the interview
    judges the reply against the question it asked."""
    t = last_core_question(turns[: answer.turn_index], lambda t: t.meta.phase if t.meta is not None else None)
    return answer if t is None or t is answer.question else replace(answer, question=t)


def _as_in_session(answer: Answer, note: TurnMeta, rubric: Rubric, active: Sequence[Rule], qtype: str,
                   meta: dict[str, str], per_type: dict[str, Any], probed: bool) -> AnswerResult:
    """An answer judged as its session judged it (docs/FORMATS.md): not scored in a phase
    the interview does not score (the warm-up) or when ``scored`` is false; by the rules
    in ``checks`` only when given (a reply to a follow-up, at any length, as the interview
    checks it; a negotiation's turn by its negotiation rules), "too short to judge" when
    none of them could judge it, as ``sessions show`` says; a core answer as a main answer
    by every rule, whatever its question turn reads like."""
    reason = note.unscored()
    if reason is not None:
        return AnswerResult(answer=answer.index, turn_index=answer.turn_index,
                            question=answer.question.text if answer.question else None, question_type=qtype,
                            findings=(), score=score_answer((), rubric, qtype, ()), refused=reason)
    if note.checks is None:
        return _lint_one(answer, rubric, active, qtype, meta, per_type, probed,
                         followup=False if note.phase == "core" else None)
    checks = set(note.checks)
    probe = note.phase in (None, "followup")  # a follow-up reply: at any length; a negotiation's turn: as it is
    result = _lint_one(answer, rubric, [r for r in active if r.id in checks], qtype, meta, None, probe)
    if is_judged(result):
        return result
    checked = ", ".join(note.checks) or "no rule"
    return replace(result, refused=f"too short to judge: the follow-up checks {checked}")


def _nothing_judged(results: Sequence[AnswerResult], active: Sequence[Rule], source: str | None) -> InputError:
    """The usage error for a selection of rules that judged none of the answers: which
    types the answers are and which types the selected rules are for. Named by its
    source, since in a batch each file reports its own."""
    where = f"{source}: " if source else ""
    flagged = next((a for a in results if a.delivery is not None and unreliable(a.delivery)), None)
    if flagged is not None:
        return InputError(
            f"{where}no answer can be judged: {not_judged_reason(flagged)}",
            "check the recording: a tone, hum or music run through a speech recogniser reads like this",
        )
    refused = next((a for a in results if a.refused), None)
    if refused is not None:
        english = refused.refused.startswith("language")  # else an interview's export: its unscored turns
        return InputError(f"{where}no answer can be judged: {refused.refused}",
                          "icraft scores answers given in English" if english else
                          "answer in a sentence or more: what you know or did, with an example" if refused.refused == ONE_WORD else
                          "an interview scores its core questions' answers and the replies to its follow-ups")
    types = sorted({a.question_type for a in results})
    if not any(r.applies(t) for r in active for t in types):
        wanted = sorted({t for r in active for t in r.applies_to})
        return InputError(
            f"{where}none of the selected rules apply to these answers",
            f"the answers are {' / '.join(types)} and the selected rules judge {' / '.join(wanted)} answers: "
            "choose other --rules, or set the type with --question-type",
        )
    return InputError(
        f"{where}none of the selected rules could judge these answers",
        "they had nothing to look at, e.g. shallow_followup judges only replies to follow-up questions: "
        "choose other --rules",
    )


def answer_transcript(answer: str | Turn, question: str | None = None) -> Transcript:
    """A one-answer transcript (question turn first when given)."""
    turn = answer if isinstance(answer, Turn) else Turn.from_text(CANDIDATE, answer)
    if turn.speaker != CANDIDATE:
        turn = Turn(CANDIDATE, turn.text, turn.words, turn.approximate)
    if not turn.words:
        raise InputError("the answer is empty", "type or paste an answer to lint")
    turns: Iterable[Turn] = (turn,)
    if question and question.strip():
        # Only the question's text is read (type inference, follow-up cues): no need to
        # tokenize it into words.
        turns = (Turn(INTERVIEWER, question.strip(), ()), turn)
    return Transcript(tuple(turns))


def lint_answer(
    answer: str | Turn,
    *,
    question: str | None = None,
    question_type: str | None = None,
    rubric: Rubric | None = None,
    rules: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    probed: bool = False,
    main_parts: Sequence[tuple[int, int]] | None = None,
) -> AnswerResult:
    """Lint one answer (typed text, a rewrite, a re-answer); answer index 0.

    ``probed``: the answer replies to a follow-up that asked for what ``rules`` look for
    ("By how much?" for missing_metrics): they judge it at any length, so a weak reply
    ("A lot.") counts against it; a one-word reply ("no") is too short to judge.

    ``main_parts``: the answer is an interview question's answers joined into one account
    (docs/SCORING.md section 4), and these character ranges of its text are its answers to
    the main question; off_topic judges each of them alone and not the replies to
    follow-ups between them (:attr:`AnswerContext.main_parts`)."""
    # As lint_transcript with require_judged=False, without the session's report and score.
    results, _ = _lint_results(answer_transcript(answer, question), rubric or load_rubric(), question_type, rules,
                               ignore, probed, main_parts)
    return results[0]
