"""A stored session as something to read, export or correct: its turns with each
answer's score and findings (``icraft sessions show|export|edit``).

Answers are indexed like everywhere else in icraft (``Transcript.answers()``): the n-th
candidate turn has index n, counting from 0 (JSON); people see and type n + 1.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Sequence

from icraft.core.errors import InputError, NotFoundError
from icraft.core.numbering import AnswerNumbers
from icraft.core.transcript import CANDIDATE, INTERVIEWER, Transcript, last_core_question, merge_adjacent
from icraft.fmt import minute, points
from icraft.rubric.intents import is_control
from icraft.store import answers
from icraft.store import sessions as store
from icraft.store.answers import StoredAnswer, StoredFinding
from icraft.store.db import transaction


# How people read the interviewer's phases (the stored values are the engine's).
PHASE_LABELS = {
    "greeting": "greeting",
    "warmup": "warm-up",
    "core": "question",
    "followup": "follow-up",
    "candidate_questions": "your questions",
    "closing": "closing",
}


def phase_label(phase: str | None) -> str:
    return PHASE_LABELS.get(phase or "", phase or "")


@dataclass
class TurnView:
    idx: int
    turn_id: int
    speaker: str
    text: str
    phase: str | None
    question_id: str | None
    created_at: str
    answer: int | None = None  # answer number for candidate turns
    score: int | None = None
    findings: list[StoredFinding] = field(default_factory=list)
    # Of a scored answer (see AnswerResult.judged): the rules that could judge it; of those,
    # the ones with no finding (passed); the rules it was run against that had nothing to
    # judge (not judged). All None when the answer was scored before icraft recorded it.
    judged: list[str] | None = None
    passed: list[str] | None = None
    not_judged: list[str] | None = None
    checked: list[str] | None = None  # a follow-up answer is checked against these rules only
    # "can you repeat the question", "skip", "give me a moment": a request to the interviewer,
    # not an answer. It keeps its position (stored answer indexes count it) but is shown as
    # a request, and rewind/diff refuse it.
    request: bool = False
    # Why a scored answer was left out of the score although rules ran: its word rate is
    # impossible (a tone transcribed as "uh, uh, ..."; docs/SCORING.md). None otherwise.
    flagged: str | None = None

    # The number people see and type (``--answer N``): real answers only, from 1; None
    # for a request (core.numbering). ``answer`` stays the stored index.
    number: int | None = None

    def who(self) -> str:
        """``answer N`` or ``request`` (the label beside "You")."""
        return "request" if self.request else f"answer {self.number}"

    def to_dict(self) -> dict[str, Any]:
        d = self.__dict__.copy()
        d["findings"] = [
            {"rule_id": f.rule_id, "severity": f.severity, "message": f.message, "points": f.points,
             "measurable": f.measurable, "quotes": list(f.quotes)}
            for f in self.findings
        ]
        return d

    @property
    def unjudged(self) -> bool:
        """A scored answer no rule could judge (a "no" to a follow-up): its 100 means nothing."""
        return self.judged is not None and not self.judged and self.score is not None

    def score_label(self) -> str | None:
        """"72/100", or "too short to judge" when no rule could judge it; None if unscored."""
        return score_label(self.score, self.judged, self.flagged)

    def verdict_lines(self) -> list[tuple[str, str]]:
        """What the rules without a finding mean, as (kind, plain text) lines under a scored
        answer: ("passed", "passed: ..."), ("not_judged", "not judged: ..."), or for an
        answer scored before icraft recorded it ("unknown", ...)."""
        if self.score is None:
            return []
        if self.flagged:
            return [("not_judged", "not judged: " + self.flagged)]
        if self.judged is None:
            return [("unknown", "rules without a finding: not recorded whether they passed or had nothing to judge")]
        lines = []
        if self.passed:
            lines.append(("passed", "passed: " + ", ".join(self.passed)))
        if self.not_judged:
            lines.append(("not_judged", "not judged: " + ", ".join(self.not_judged)))
        return lines


def _verdicts(tv: TurnView, stored: StoredAnswer, checked: list[str] | None, applicable: Any) -> None:
    """Fill ``tv.judged/passed/not_judged`` from a stored answer. ``applicable(qtype)``
    gives the rules a core answer of that type is run against; a follow-up answer was run
    against ``checked`` only."""
    judged = stored.judged
    if judged is None:
        return
    fired = {f.rule_id for f in tv.findings}
    ran = checked if checked is not None else applicable(stored.question_type or "behavioral")
    tv.judged = judged
    tv.checked = checked
    tv.passed = [r for r in judged if r not in fired]
    tv.not_judged = [r for r in ran if r not in judged and r not in fired]


def score_label(score: int | None, judged: Sequence[str] | None, flagged: str | None) -> str | None:
    """How every view shows a stored answer's score: "72/100"; "too short to judge" when
    no rule could judge it (its 100 means nothing); "not judged (unreliable transcript)"
    when its delivery was impossible (``flagged``); None if it was never scored."""
    if score is None:
        return None
    if flagged:
        return "not judged (unreliable transcript)"
    return "too short to judge" if judged is not None and not judged else f"{score}/100"


def flagged_note(delivery: dict[str, Any] | None) -> str | None:
    """Why an answer's transcript is unreliable (an impossible word rate), or None."""
    from icraft.delivery.timing import unreliable, unreliable_note

    return unreliable_note(delivery) if delivery and unreliable(delivery) else None


def session_turns(conn: sqlite3.Connection, session_id: str,
                  stored_turns: list[store.StoredTurn] | None = None) -> list[TurnView]:
    """The session's turns as views (answer numbers, scores, findings); ``stored_turns``
    when the caller has already read them."""
    from functools import cache

    @cache
    def applicable(qtype: str) -> list[str]:
        from icraft.rubric import load_rubric  # only for answers whose verdicts were recorded

        return [r.id for r in load_rubric().rules if r.applies(qtype)]

    row = store.get_session(conn, session_id)
    checked_rules: dict[str, list[str]] = row.meta.get("checked_rules") or {}
    out: list[TurnView] = []
    n = 0
    stored = answers.session_answers(conn, session_id)
    scores = {a.turn_id: a for a in stored if a.turn_id is not None}
    by_index = {a.answer_index: a for a in stored if a.turn_id is None}
    findings = answers.session_findings(conn, session_id)  # one query for the session, not one per answer
    for r in stored_turns if stored_turns is not None else store.stored_turns(conn, session_id):
        tv = TurnView(r.idx, r.id, r.speaker, r.text, r.phase, r.question_id, r.created_at)
        if r.speaker == CANDIDATE:
            tv.answer = n
            tv.request = is_control(r.text)
            s = scores.get(r.id) or by_index.get(n)
            if s is not None:
                tv.score = s.overall
                tv.findings = findings.get(s.id, [])
                _verdicts(tv, s, checked_rules.get(str(n)), applicable)
                tv.flagged = flagged_note(s.delivery)
            n += 1
        out.append(tv)
    numbers = AnswerNumbers(t.request for t in out if t.answer is not None)
    for t in out:
        if t.answer is not None:
            t.number = numbers.number(t.answer)
    return out


def numbered_turn(turns: list[TurnView], number: int, where: str) -> TurnView:
    """The candidate turn people call answer ``number`` (``--answer N``; requests not counted)."""
    numbers = AnswerNumbers(t.request for t in turns if t.answer is not None)
    return answer_turn(turns, numbers.index(number, where))


def answer_turn(turns: list[TurnView], answer: int) -> TurnView:
    for t in turns:
        if t.answer == answer:
            return t
    count = sum(1 for t in turns if t.answer is not None)
    raise NotFoundError(
        f"no answer {answer + 1} in this session (it has {count}, numbered 1..{count})",
        "see `icraft sessions show ID`",
    )


def question_before(turns: list[TurnView], tv: TurnView) -> str | None:
    """The question ``tv`` answers, as the interview judged it: the interviewer's last turn,
    or for a core answer the last core question (the reply to "Can you answer that one
    directly?" or "Walk me through the whole story" is a new answer to the question)."""
    prev = [t for t in turns if t.idx < tv.idx and t.speaker == INTERVIEWER]
    core = last_core_question(prev) if tv.phase == "core" else None
    return core.text if core is not None else prev[-1].text if prev else None


def to_markdown(row: store.SessionRow, turns: list[TurnView], *, speaker: str = "Interviewer") -> str:
    head = f"# {row.title or row.kind + ' session'} (`{row.id}`)"
    started = minute(row.started_at)
    score = f", score {row.score}/100" if row.score is not None else ""
    lines = [head, "", f"{row.kind}, {row.status}, started {started} UTC{score}", ""]
    for t in turns:
        if t.speaker == INTERVIEWER:
            lines += [f"**{speaker}** _({phase_label(t.phase)})_: {t.text}", ""]
            continue
        label = t.score_label()
        score = f" — {label}" if label else ""
        lines += [f"**You** ({t.who()}{score}): {t.text}", ""]
        for f in t.findings:
            if not f.measurable:
                continue
            quote = f' "{f.quote}"' if f.quote else ""
            lines.append(f"> - `{f.rule_id}` (-{points(f.points)}): {f.message}{quote}")
        lines += [f"> - {text}" for _, text in t.verdict_lines()]
        if t.findings or t.verdict_lines():
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def export_transcript(conn: sqlite3.Connection, row: store.SessionRow) -> Transcript:
    """The session's transcript for ``sessions export`` (icraft JSON): its turns, each
    turn of a dialogue session (an interview) with what the session knew of it
    (:class:`~icraft.core.transcript.TurnMeta`): its phase; for an answer the question
    type it was scored as and the rules a follow-up reply was checked against, or that
    the session did not score it. Linting the export then judges every answer as the
    session did (docs/FORMATS.md). A session stored without phases (a ``lint`` run)
    exports its turns as they are."""
    from icraft.core.transcript import TurnMeta

    stored = store.stored_turns(conn, row.id)
    if not any(t.phase for t in stored):
        return store.load_transcript(conn, row.id)
    checked: dict[str, list[str]] = row.meta.get("checked_rules") or {}
    scored = answers.session_answers(conn, row.id)
    by_turn = {a.turn_id: a for a in scored if a.turn_id is not None}
    by_index = {a.answer_index: a for a in scored if a.turn_id is None}
    turns = []
    n = 0
    for t in stored:
        turn = t.turn()
        if t.speaker != CANDIDATE:
            turns.append(replace(turn, meta=TurnMeta(phase=t.phase)) if t.phase else turn)
            continue
        s = by_turn.get(t.id) or by_index.get(n)
        rules = checked.get(str(n))
        n += 1
        turns.append(replace(turn, meta=TurnMeta(
            phase=t.phase, question_type=s.question_type if s else None,
            checks=tuple(rules) if s is not None and rules is not None else None, scored=s is not None,
        )))
    return Transcript(merge_adjacent(turns), store.load_meta(row))


def _ms(ts: str, t0: datetime) -> int:
    return int((datetime.fromisoformat(ts) - t0).total_seconds() * 1000)


def _vtt_time(ms: int) -> str:
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def to_vtt(conn: sqlite3.Connection, row: store.SessionRow, turns: list[TurnView]) -> str:
    """WebVTT. A voice session (word timings) goes through ``icraft.formats``; a typed one
    gets cue times from when each turn was saved (second resolution), said in a NOTE."""
    transcript = store.load_transcript(conn, row.id)
    if transcript.timed:
        from icraft.formats import write

        return write(transcript, "vtt")
    if not turns:
        raise InputError(f"session {row.id} has no turns to export")
    t0 = datetime.fromisoformat(row.started_at)
    from icraft.formats.subtitles import SPEAKING_MS_PER_WORD

    lines = [
        "WEBVTT",
        "",
        "NOTE typed session: no word timings; each cue ends when its turn was saved (second resolution),",
        f"and lasts at least as long as its words take to say ({SPEAKING_MS_PER_WORD} ms a word).",
        "",
    ]
    start = 0
    for t in turns:
        end = max(_ms(t.created_at, t0), start + max(1, len(t.text.split())) * SPEAKING_MS_PER_WORD)
        voice = "Interviewer" if t.speaker == INTERVIEWER else "Candidate"
        lines += [f"{_vtt_time(start)} --> {_vtt_time(end)}", f"<v {voice}>{t.text}", ""]
        start = end
    return "\n".join(lines)


def correct_answer(conn: sqlite3.Connection, session_id: str, answer: int, text: str) -> tuple[TurnView, Any]:
    """Replace an answer's text (unchanged words keep their timings) and re-lint it when
    it was scored. Returns the turn and the new AnswerResult (None if it was not scored)."""
    from icraft.core.findings import relocate
    from icraft.rubric import lint_answer
    from icraft.rubric.model import recorded_rubric

    row = store.get_session(conn, session_id)
    stored = store.stored_turns(conn, row.id)  # read once: the views, the turn and its merged index
    turns = session_turns(conn, row.id, stored)
    tv = answer_turn(turns, answer)
    if not text.strip():
        raise InputError("the corrected answer is empty", "pass the full corrected text")
    new = next(r for r in stored if r.id == tv.turn_id).turn().with_text(text)
    score = answers.given_answer(conn, row.id, tv.turn_id, answer)
    if score is None:
        store.replace_turn_text(conn, tv.turn_id, new)
        return replace(tv, text=new.text), None
    rules = (row.meta.get("checked_rules") or {}).get(str(answer))
    raw = lint_answer(
        new, question=question_before(turns, tv), question_type=score.question_type, rules=rules or None,
        rubric=recorded_rubric(row.meta, f"session {row.id}"),  # a `lint --rubric` session keeps its rubric
        probed=bool(rules),  # as the interview checked it (engine.default_lint)
    )
    # the merged transcript's turn of this answer (a text change never changes the merging)
    merged_index = store.load_transcript(conn, row.id, stored).answers()[answer].turn_index
    result = relocate(raw, answer=answer, turn_index=merged_index)
    with transaction(conn):  # the corrected text and its score replace the old ones in one step
        store.replace_turn_text(conn, tv.turn_id, new)
        answers.delete_answer(conn, score.id)
        store.save_answer(conn, row.id, result, new.text, turn_id=score.turn_id)
    _rescore_session(conn, row)
    return replace(tv, text=new.text), result


def _rescore_session(conn: sqlite3.Connection, row: store.SessionRow) -> None:
    """Keep a completed session's score, and the memory built from completed sessions,
    in line with its corrected answers."""
    if row.status != "completed":
        return
    from icraft.interview import memory
    from icraft.interview.runner import core_score

    score, version = core_score(conn, row.id)
    store.update_session(conn, row.id, score=score, rubric_version=version)
    memory.rebuild(conn)
