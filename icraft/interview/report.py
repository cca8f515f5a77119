"""The final interview report, built by code from what the database holds.

The overall and category scores are the mean over the questions of each question's best
complete account (:func:`icraft.interview.runner.question_scores`: a single answer's
stored score, or the question's answers joined and linted as one), computed by the rubric
from findings. Every quote is an evidence span cut from stored answers or a sentence cut
from a stored answer; a category with no deductions quotes nothing and names the rules
that judged and passed (the stored ``judged``). Four report categories map onto the rubric's:
technical depth <- depth, communication <- communication, structure <- structure,
confidence <- seniority_signal (ownership, conviction, no early concessions).

Answer indexes in the data are 0-based and count real answers only, as people count
them (a "can you repeat the question" or a "skip" is not an answer: core.numbering, the
numbers `sessions show` and `rewind --answer` use); the renderers show them counting
from 1, as every icraft command does.

Renderers: :func:`render_markdown` (``--report``, the full screen) and ``to_dict``
(``--report-json``); the terminal's Rich rendering is the front end's
(``icraft.cli.interview_report``).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from typing import Any, Callable

from icraft.fmt import points
from icraft.interview.followups import TOO_SHORT
from icraft.interview.memory import first_sentence
from icraft.interview.wording import bare_question
from icraft.skills.evidence import thin_points
from icraft.store import sessions as store

REPORT_CATEGORIES: tuple[tuple[str, str, str], ...] = (
    ("technical_depth", "Technical depth", "depth"),
    ("communication", "Communication", "communication"),
    ("structure", "Structure", "structure"),
    ("confidence", "Confidence", "seniority_signal"),
)
STRENGTHS = IMPROVEMENTS = REWIND = 3
REWIND_BELOW = 80  # answers scoring under this are worth a rewind

@lru_cache(maxsize=64)
def _shows(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern else None


def _sentence_showing(text: str, rule: Any, quoted: set[str] | None = None) -> str:
    """The sentence that shows the practice best: the one with the most cues of the rule's
    ``shows`` pattern in the rubric (so "dropped from 900ms to 200ms, up 3 percent" beats
    the "1" in "an N+1 query"); the first on a tie, the first sentence when it has none.
    A sentence in ``quoted`` (another strength's quote) is taken only when no other can be:
    three strengths that all quote the opening sentence show nothing the title did not say.
    The quote is added to ``quoted``. ``rule`` is a rubric rule, or a rule id of the default
    rubric."""
    if isinstance(rule, str):
        from icraft.rubric.model import load_rubric

        rule = load_rubric().rule(rule)
    rx = _shows(rule.shows)
    from icraft.interview.memory import sentences

    quoted = set() if quoted is None else quoted
    found = [s for s in sentences(text) if s]  # the lint engine's splitter: never cut at the point in "0.1"
    hits = [len(rx.findall(s)) if rx is not None else 0 for s in found]
    # the sentences with cues, most first (the earliest on a tie); else every sentence in order
    ranked = sorted((i for i in range(len(found)) if hits[i] > 0), key=lambda i: (-hits[i], i)) \
        or list(range(len(found)))
    pick = next((i for i in ranked if first_sentence(found[i]) not in quoted), ranked[0] if ranked else 0)
    quote = first_sentence(found[pick] if found else text)
    quoted.add(quote)
    return quote


@dataclass
class AnswerView:
    answer: int
    phase: str
    question: str | None
    question_id: str | None
    question_type: str | None
    text: str
    score: int | None
    categories: dict[str, int]
    findings: list[dict[str, Any]]
    delivery: dict[str, Any] | None
    judged: list[str] | None = None  # rules that could judge it; None: scored before this was stored
    story: dict[str, Any] | None = None  # the story bank's story it told {"id", "title"} (icraft stories)


@dataclass
class InterviewReport:
    session_id: str
    title: str | None
    status: str
    started_at: str
    ended_at: str | None
    duration_s: int | None
    overall: int | None
    rubric_version: str | None
    categories: list[dict[str, Any]] = field(default_factory=list)
    strengths: list[dict[str, Any]] = field(default_factory=list)
    improvements: list[dict[str, Any]] = field(default_factory=list)
    delivery: dict[str, Any] = field(default_factory=dict)
    rewind: list[dict[str, Any]] = field(default_factory=list)
    skills: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # the skipped questions' ids
    skipped_questions: list[str] = field(default_factory=list)  # and their text, as asked
    answers: list[AnswerView] = field(default_factory=list)
    ended_early: bool = False
    # Each core question's score and the answers it is computed from (runner.QuestionScore).
    questions: list[dict[str, Any]] = field(default_factory=list)
    # With a job posting (--jd): its requirements shown or not, its terms used and missed.
    posting: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _duration(started: str, ended: str | None) -> int | None:
    if not ended:
        return None
    return int((datetime.fromisoformat(ended) - datetime.fromisoformat(started)).total_seconds())


def load_answers(conn: sqlite3.Connection, session_id: str) -> list[AnswerView]:
    """Every scored answer of a session (latest attempt kept out: attempt 0 only), in order."""
    from icraft.interview.runner import finding_view
    from icraft.store import answers
    from icraft.store.stories import stories_by_score

    findings = answers.session_findings(conn, session_id)
    told = stories_by_score(conn, session_id)
    out = []
    for c in answers.answers_in_context(conn, session_id):
        a = c.answer
        out.append(
            AnswerView(
                answer=a.answer_index,
                phase=c.phase or "core",
                question=bare_question(c.question) if c.question else None,
                question_id=c.question_id,
                question_type=a.question_type,
                text=a.text,
                score=a.overall,
                categories=a.categories,
                findings=[finding_view(f, f.quote) for f in findings.get(a.id, ())],
                delivery=a.delivery,
                judged=a.judged,
                story=told.get(a.id),
            )
        )
    return out


def story_lines(rep: InterviewReport) -> list[str]:
    """Each answer that told a story, with the story bank's story (id and title)."""
    return [
        f"answer {a.answer + 1}: story {a.story['id']} \"{a.story['title']}\" (`icraft stories show {a.story['id']}`)"
        for a in rep.answers
        if a.story
    ]


@dataclass(frozen=True)
class _Basis:
    """What one question's score is computed from (runner.QuestionScore.basis): its
    categories, the findings (each with its answer) and the rules that judged it (None
    when not recorded: an answer scored before icraft stored it); ``fired`` the rules with
    a measurable finding on any of the question's answers as given (the Improvements'),
    or on the account the score comes from."""

    answers: list[int]
    categories: dict[str, int]
    findings: list[dict[str, Any]]
    judged: list[str] | None
    fired: frozenset[str] = frozenset()


def _basis(q: Any, by_index: dict[int, AnswerView]) -> _Basis:
    given = [f for n in q.answers if n in by_index for f in by_index[n].findings]
    if q.combined:  # the answers linted together: their findings are not stored, the score's own are used
        findings, answers, judged = list(q.findings), list(q.basis), list(q.judged)
    else:
        a = by_index[q.basis[0]]
        findings, answers, judged = [{**f, "answer": a.answer} for f in a.findings], [a.answer], a.judged
    fired = frozenset(f["rule_id"] for f in (*given, *findings) if f["measurable"])
    return _Basis(answers, q.categories, findings, judged, fired)


def _shown_index(conn: sqlite3.Connection, session_id: str) -> Callable[[int], int]:
    """Stored answer index -> the 0-based index people count (requests not counted)."""
    from icraft.rubric.intents import answer_numbers

    said = [t.text for t in store.stored_turns(conn, session_id) if t.speaker == "candidate"]
    numbers = answer_numbers(said)
    return lambda i: (numbers.number(i) or i + 1) - 1


def _renumbered_finding(f: dict[str, Any], shown: Callable[[int], int]) -> dict[str, Any]:
    return {**f, "answer": shown(f["answer"])} if isinstance(f.get("answer"), int) else f


def _renumbered(q: Any, shown: Callable[[int], int]) -> Any:
    return replace(q, answers=tuple(map(shown, q.answers)), basis=tuple(map(shown, q.basis)),
                   findings=tuple(_renumbered_finding(f, shown) for f in q.findings))


def _no_deductions(cat: str, bases: list[_Basis], rubric: Any) -> dict[str, Any]:
    """Evidence for a category nothing was deducted from: which of its rules judged the
    answers and passed, never a quote (a sentence with nothing wrong in it proves nothing).
    A rule passed only when it judged the answers and fired on none of them: a rule that
    fired on an answer the question's best account makes up for is listed under
    Improvements, never as passed."""
    answers = sorted({n for b in bases for n in b.answers})
    note = f"no deductions in {_answers(answers)}"
    if all(b.judged is not None for b in bases):
        judged = {r for b in bases for r in b.judged or ()}
        fired = {r for b in bases for r in b.fired}
        own = [r.id for r in rubric.rules if r.category == cat and r.id in judged]
        passed = [r for r in own if r not in fired]
        if passed:
            note += f"; passed: {', '.join(passed)}"
        elif not own:
            note += ", but none of its rules could judge these answers"
    return {"answer": answers[0], "answers": answers, "rule_id": None, "quote": None, "note": note}


def _asked_texts(conn: sqlite3.Connection, session_id: str, question_ids: list[str]) -> list[str]:
    """Each question id's text as the interviewer first asked it in the session, without
    its lead-in (the id itself when no turn asked it)."""
    asked: dict[str, str] = {}
    for t in store.stored_turns(conn, session_id):
        if t.speaker == "interviewer" and t.question_id and t.question_id not in asked:
            asked[t.question_id] = bare_question(t.text)
    return [asked.get(q, q) for q in question_ids]


def nothing_scored(rep: InterviewReport) -> str | None:
    """What the report says in place of strengths, improvements and answers to rewind when
    no answer was scored (every question skipped, or the interview stopped before one was
    answered), so an empty list never reads as a clean sheet; None when some answer was."""
    if rep.questions or any(a.score is not None for a in rep.answers):
        return None
    if rep.skipped:
        n = len(rep.skipped)
        return "no answer was scored: " + ("the question was skipped" if n == 1 else f"all {n} questions were skipped")
    return "no answer was scored"


def build_report(conn: sqlite3.Connection, session_id: str) -> InterviewReport:
    from icraft.interview.runner import question_scores, session_score
    from icraft.rubric import load_rubric
    from icraft.rubric.detectors._util import by_type
    from icraft.rubric.scoring import round_half_up

    row = store.get_session(conn, session_id)
    questions = question_scores(conn, row.id)
    overall, version = session_score(questions)
    # From here on answers are numbered as people count them (stored indexes count requests).
    shown = _shown_index(conn, row.id)
    questions = [_renumbered(q, shown) for q in questions]
    answers = [replace(a, answer=shown(a.answer), findings=[_renumbered_finding(f, shown) for f in a.findings])
               for a in load_answers(conn, row.id)]
    core = [a for a in answers if a.phase == "core"]
    rubric = load_rubric()
    rules = {r.id: r for r in rubric.rules}
    # Answers too thin to show a strength (under half the words the question type needs, as
    # the skill graph reads them: skills.evidence.too_thin) are never quoted as strengths (a
    # rule passing on a one-liner shows little); the too_short finding lists them under
    # improvements. A few words short is not that: too_short is graded, and a 50-word story
    # that lost a point to it still shows what it shows.
    thin = thin_points(rubric)
    short = [a for a in core
             if any(f["rule_id"] == TOO_SHORT and f["measurable"] and f["points"] >= thin for f in a.findings)]
    full = [a for a in core if a not in short]
    rep = InterviewReport(
        session_id=row.id,
        title=row.title,
        status=row.status,
        started_at=row.started_at,
        ended_at=row.ended_at,
        duration_s=_duration(row.started_at, row.ended_at),
        overall=overall,
        rubric_version=version,
        answers=answers,
        ended_early=bool(row.meta.get("ended_early")),
        skipped=list((row.meta.get("engine") or {}).get("skipped", [])),
        questions=[q.to_dict() for q in questions],
    )
    rep.skipped_questions = _asked_texts(conn, row.id, rep.skipped)

    # The four categories: each the mean over the questions' scores, with the costliest
    # deductions in it as evidence; when the category's own rules found nothing, the
    # deductions of a rule with scope "answer" (too_short), which cost every category.
    by_index = {a.answer: a for a in answers}
    bases = [_basis(q, by_index) for q in questions]
    for key, label, cat in REPORT_CATEGORIES:
        applied = [b for b in bases if cat in b.categories]
        costs = [f for b in applied for f in b.findings if f["measurable"] and f["points"] > 0]
        own = [f for f in costs if f["category"] == cat]
        shared = [f for f in costs if getattr(rules.get(f["rule_id"]), "scope", "") == "answer"]
        evidence = [
            {"answer": f["answer"], "rule_id": f["rule_id"], "quote": f["quote"], "note": f["message"]}
            for f in sorted(own or shared, key=lambda f: (-f["points"], f["answer"]))[:2]
        ]
        if not evidence and applied:
            evidence = [_no_deductions(cat, applied, rubric)]
        vals = [b.categories[cat] for b in applied]
        rep.categories.append(
            {
                "key": key,
                "name": label,
                "rubric_category": cat,
                "score": round_half_up(sum(vals) / len(vals)) if vals else None,
                "evidence": evidence,
            }
        )

    # Improvements: the rules that cost the most points over the interview. A too-short
    # answer shows up once, as the too_short rule: what other rules say of nine words (no
    # STAR, no "I" in a question asked back) is the same shortage, named by a rule whose
    # title ("we" with no "I") would not fit it.
    lost: dict[str, dict[str, Any]] = {}
    for a in core:
        for f in a.findings:
            if not f["measurable"] or (a in short and f["rule_id"] != TOO_SHORT):
                continue
            e = lost.setdefault(f["rule_id"], {"points": 0.0, "answers": [], "best": None})
            e["points"] += f["points"]
            e["answers"].append(a.answer)
            if f["quote"] and (e["best"] is None or f["points"] > e["best"][0]["points"]):
                e["best"] = (f, a)
    for rule_id, e in sorted(lost.items(), key=lambda kv: (-kv[1]["points"], kv[0]))[:IMPROVEMENTS]:
        rule = rules.get(rule_id)
        f, a = e["best"] or (None, None)
        rep.improvements.append(
            {
                "rule_id": rule_id,
                "title": rule.name if rule else rule_id,
                "points": round(e["points"], 1),
                "answers": sorted(set(e["answers"])),
                "quote": f["quote"] if f else None,
                "message": f["message"] if f else (rule.message if rule else ""),
                "fix": rule.fix if rule else "",
            }
        )

    # Strengths: rules that judged an answer and did not fire, weighted by what they are worth.
    # A rule that had nothing to judge (not in the stored ``judged``) is no strength; for an
    # answer scored before that was stored, a rule counts when the answer reaches its min_words.
    passed: dict[str, list[AnswerView]] = {}
    for a in full:
        qtype = a.question_type or "behavioral"
        fired = {f["rule_id"] for f in a.findings if f["measurable"]}
        n_words = len(a.text.split())
        for r in rubric.rules:
            if r.strength is None or not r.applies(qtype) or r.timed or r.id in fired:
                continue
            if a.judged is not None:
                judged_it = r.id in a.judged
            else:  # min_words: a number or a {type: number} table
                judged_it = n_words >= int(by_type(r, "min_words", qtype, 0) or 0)
            if judged_it:
                passed.setdefault(r.id, []).append(a)
    ranked = sorted(passed.items(), key=lambda kv: (-len(kv[1]) * rules[kv[0]].weight, kv[0]))
    quoted: set[str] = set()
    chosen = ranked[:STRENGTHS]
    best = {rule_id: max(ans, key=lambda a: (a.score or 0, -a.answer)) for rule_id, ans in chosen}
    # A strength whose rule names the words that show it (``shows``) picks its sentence first;
    # one that any sentence shows ("Answers the question asked") takes a sentence left over.
    quotes = {rule_id: _sentence_showing(best[rule_id].text, rules[rule_id], quoted)
              for rule_id, _ in sorted(chosen, key=lambda kv: rules[kv[0]].shows is None)}
    for rule_id, ans in chosen:
        rep.strengths.append(
            {
                "rule_id": rule_id,
                "title": rules[rule_id].strength,
                "answers": [a.answer for a in ans],
                "quote": quotes[rule_id],
                "answer": best[rule_id].answer,
            }
        )

    rep.delivery = _delivery(core)
    rep.rewind = [
        {
            "answer": a.answer,
            "score": a.score,
            "question": bare_question(a.question) if a.question else None,
            "top_rule": top,
            "top_title": rules[top].name if top in rules else top,
        }
        for a in sorted(core, key=lambda a: (a.score or 0, a.answer))
        if (a.score or 0) < REWIND_BELOW
        for top in [TOO_SHORT if a in short else max(a.findings, key=lambda f: f["points"])["rule_id"]
                    if a.findings else None]
    ][:REWIND]
    rep.skills = [asdict(m) for m in store.skill_moves(conn, row.id, row.kind)]
    rep.posting = _posting(row.meta, core)
    return rep


def _posting(meta: dict[str, Any], core: list[AnswerView]) -> dict[str, Any] | None:
    """The job posting's coverage (icraft.jd.practice.coverage), None without a posting."""
    jd = (meta.get("options") or {}).get("jd")
    if not jd:
        return None
    from icraft.jd.practice import JobFocus, coverage

    focus = JobFocus.from_dict(jd)
    probes = (meta.get("engine") or {}).get("probes", {})
    out = coverage(focus, probes, [(a.question_id, a.text, a.score) for a in core])
    return {"posting_id": focus.posting_id, "title": focus.title, **out}


def posting_lines(p: dict[str, Any] | None) -> list[str]:
    """The posting's coverage as Markdown bullet lines (empty without a posting)."""
    if not p:
        return []
    lines = [f'- shown: **{x["requirement"]}** — "{x["quote"]}" ({x["score"]}/100)' for x in p["shown"]]
    lines += [f'- asked, not shown yet: **{x["requirement"]}**' + (f' ({x["score"]}/100)' if x["score"] is not None
                                                                    else " (not answered)") for x in p["not_shown"]]
    lines += [f"- never asked: {x['requirement']}" for x in p["never_asked"][:5]]
    if p["terms_used"]:
        lines.append("- the posting's terms you used: " + ", ".join(t["term"] for t in p["terms_used"]))
    if p["terms_missed"]:
        lines.append("- the posting's terms you never used: " + ", ".join(p["terms_missed"]))
    return lines


def _delivery(core: list[AnswerView]) -> dict[str, Any]:
    from icraft.delivery.timing import unreliable

    # An answer with an unreliable transcript (a tone transcribed as "uh, uh, ...") was not scored: nor counted here.
    stats = [a.delivery for a in core if a.delivery and not unreliable(a.delivery)]
    words = sum(d.get("word_count") or 0 for d in stats)
    fillers = sum(d.get("filler_count") or 0 for d in stats)
    timed = [d for d in stats if d.get("measurable")]
    out: dict[str, Any] = {
        "timed": bool(timed),
        "words": words,
        "fillers": fillers,
        "fillers_per_100_words": round(100 * fillers / words, 1) if words else None,
    }
    if timed:
        speech = sum(d.get("speech_ms") or 0 for d in timed)
        timed_words = sum(d.get("word_count") or 0 for d in timed)
        out["wpm"] = round(timed_words / (speech / 60000)) if speech else None
        out["filler_rate_per_min"] = (
            round(sum(d.get("filler_count") or 0 for d in timed) / (speech / 60000), 1) if speech else None
        )
        out["long_pauses"] = sum(d.get("long_pauses") or 0 for d in timed)
        out["hesitation_pauses"] = sum(d.get("hesitation_pauses") or 0 for d in timed)
    return out


def delivery_line(d: dict[str, Any]) -> str | None:
    """The delivery summary in words ("3 fillers (1.2 per 100 words); pace not measured for
    typed answers"), or None when there is nothing to say: no words, or typed answers
    with no filler (a typed answer has no pace or pauses to report)."""
    fillers = d.get("fillers") or 0
    if not d.get("words") or (not d.get("timed") and not fillers):
        return None
    said = f"{fillers} filler{'' if fillers == 1 else 's'}" if fillers else "no fillers"
    if fillers:
        said += f" ({d['fillers_per_100_words']} per 100 words)"
    if not d.get("timed"):
        return f"{said}; pace not measured for typed answers"
    pauses = d.get("long_pauses") or 0
    pace = f"{d['wpm']} words/min, " if d.get("wpm") else ""
    return f"{pace}{said}, {pauses} long pause{'' if pauses == 1 else 's'}"


def _note(evidence: dict[str, Any]) -> str:
    """A finding's message as a parenthesised note ("No numbers at all, answer 2", not "...all., answer 2")."""
    return str(evidence["note"]).rstrip(". ")


def _answers(indexes: list[int]) -> str:
    """0-based answer indexes as the user counts them: "answer 4", "answers 2, 3"."""
    return f"answer{'s' if len(indexes) > 1 else ''} {', '.join(str(n + 1) for n in indexes)}"


def _fmt_score(v: int | float | None) -> str:
    return "-" if v is None else f"{round(v)}"


def _evidence_parts(e: dict[str, Any]) -> tuple[str | None, str]:
    """A category's evidence as (quote, "note, answer N"), unescaped: a deduction quotes
    the words it was found in; "no deductions in answers 2, 3; passed: ..." quotes nothing."""
    if e["rule_id"] is None:
        return None, _note(e)
    return e["quote"], f"{_note(e)}, answer {e['answer'] + 1}"


def _questions_line(rep: InterviewReport) -> str | None:
    """How the overall is made when some question drew several answers: "Per question: 96
    (answers 2, 3 together), 100 (answer 5, the best of answers 4, 5), 45 (answer 6)"; None
    when every question drew one answer (the overall is then plainly the mean of their
    scores), so an overall above an answer's own score always says which account it took."""
    if not any(len(q["answers"]) > 1 for q in rep.questions):
        return None

    def part(q: dict[str, Any]) -> str:
        if q["combined"]:
            return f"{q['overall']} ({_answers(list(q['basis']))} together)"
        best = f", the best of {_answers(list(q['answers']))}" if len(q["answers"]) > 1 else ""
        return f"{q['overall']} ({_answers(list(q['basis']))}{best})"

    return "Per question: " + ", ".join(map(part, rep.questions))


def render_markdown(rep: InterviewReport) -> str:
    lines = [f"# Interview report — {rep.title or rep.session_id}", ""]
    dur = "" if rep.duration_s is None else f", {rep.duration_s // 60} min {rep.duration_s % 60} s"
    if rep.duration_s is not None and rep.duration_s < 60:
        dur = f", {rep.duration_s} s"  # not "0 min 12 s"
    lines.append(f"Session `{rep.session_id}`, {rep.status}{dur}. Rubric {rep.rubric_version or '-'}.")
    if rep.ended_early:
        lines.append("The interview ended early: only the questions answered are scored.")
    lines += ["", f"**Overall: {_fmt_score(rep.overall)}/100**", ""]
    per_question = _questions_line(rep)
    if per_question:
        lines += [f"{per_question}.", ""]
    lines += ["| Category | Score | Evidence |", "|---|---|---|"]
    for c in rep.categories:
        # "; " keeps the items apart where the HTML break is not rendered (the TUI's Markdown)
        ev = "; <br>".join(
            f'"{quote}" ({where})' if quote else where for quote, where in map(_evidence_parts, c["evidence"])
        ) or "-"
        lines.append(f"| {c['name']} | {_fmt_score(c['score'])} | {ev} |")
    unscored = nothing_scored(rep)
    if unscored:
        lines += ["", f"**{unscored[0].upper()}{unscored[1:]}.**"]
        unscored = "none: no answer was scored"
    lines += ["", "## Strengths"]
    lines += [f'- **{s["title"]}** — "{s["quote"]}" (answer {s["answer"] + 1})' for s in rep.strengths] or [
        f"- {unscored or 'none yet'}"
    ]
    lines += ["", "## Improvements"]
    lines += [
        f"- **{i['title']}** ({'-' + points(i['points']) + ' points, ' if i['points'] else ''}{_answers(i['answers'])}): {i['message']}"
        + (f' — "{i["quote"]}"' if i["quote"] else "")
        + (f" Fix: {i['fix']}" if i["fix"] else "")
        for i in rep.improvements
    ] or [f"- {unscored or 'nothing the rubric flagged'}"]
    delivery = delivery_line(rep.delivery)
    if delivery:
        lines += ["", "## Delivery", f"- {delivery}"]
    lines += ["", "## Rewind these first"]
    lines += [
        f"- answer {r['answer'] + 1} ({_fmt_score(r['score'])}/100, {r['top_title'] or 'low score'}): "
        f"{r['question'] or ''} — `icraft rewind {rep.session_id} --answer {r['answer'] + 1}`"
        for r in rep.rewind
    ] or [f"- {unscored or 'every answer scored 80 or more'}"]
    lines += ["", "## Skills updated"]
    lines += [
        f"- {s['skill_id']}: {_fmt_score(s['before']) if s['before'] is not None else 'new'} -> {_fmt_score(s['after'])}"
        for s in rep.skills
    ] or ["- none"]
    if rep.skipped:
        lines += ["", "## Skipped", *(f"- {q}" for q in rep.skipped_questions or rep.skipped)]
    told = story_lines(rep)
    if told:
        lines += ["", "## Stories told", *(f"- {line}" for line in told)]
    if rep.posting:
        lines += ["", f"## The job posting: {rep.posting['title']}", *posting_lines(rep.posting)]
    return "\n".join(lines) + "\n"
