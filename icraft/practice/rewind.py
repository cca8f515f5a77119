"""Rewind: go back to one answer, re-answer it, and see the delta at once.

The delta is measured, never estimated: the original answer and the re-answer are
both linted as text by the same engine, with the same question and question type,
so the same re-answer always gives the same delta (no scorer noise). Every attempt
is stored as an ``answer_scores`` row with ``attempt`` 1..n beside the original
(attempt 0), so the best attempt and the number of rewinds per answer come from the
database.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Sequence

from icraft.core.errors import InputError, NotFoundError
from icraft.core.findings import AnswerResult, Finding
from icraft.core.numbering import AnswerNumbers
from icraft.core.transcript import Transcript, last_core_question
from icraft.rewrite.gains import Delta, Relinter, compare
from icraft.rewrite.text import split_sentences
from icraft.rubric.intents import answer_numbers, is_control
from icraft.store import answers as answer_store
from icraft.store import sessions as store
from icraft.store.db import transaction


@dataclass(frozen=True, slots=True)
class Target:
    """The answer being rewound, with its original lint (as text: see module doc)."""

    session_id: str
    answer_index: int  # 0-based
    question: str | None
    question_type: str
    text: str
    turn_id: int | None
    original: AnswerResult
    recorded: int | None = None  # the stored score of attempt 0 (may include timing rules)
    rubric: Any = None  # the rubric the session was scored with (rubric.model.recorded_rubric)
    shown: int | None = None  # the number people see (requests not counted; core.numbering)
    # A reply to an interview's follow-up: the rules the follow-up checked it by (None: every rule)
    rules: tuple[str, ...] | None = None

    @property
    def number(self) -> int:
        return self.shown or self.answer_index + 1

    def weakest_segment(self) -> tuple[int, int]:
        return weakest_segment(self.text, self.original.findings)

    def hints(self, limit: int = 3) -> list[str]:
        """The fix texts of the costliest findings, one per rule."""
        seen: dict[str, str] = {}
        for f in sorted(self.original.findings, key=lambda f: -f.points):
            if f.measurable and f.rule_id not in seen and f.fix:
                seen[f.rule_id] = f.fix
        return list(seen.values())[:limit]


@dataclass(frozen=True, slots=True)
class Attempt:
    attempt: int
    overall: int
    created_at: str
    text: str
    score_id: int
    # Why it was not judged, as every view says it: "too short to judge" (no rule could
    # judge "Yeah." to a follow-up: its 100 means nothing) or "not judged (unreliable
    # transcript)"; None when judged. An attempt not judged is never the best one.
    not_judged: str | None = None

    @property
    def judged(self) -> bool:
        return self.not_judged is None

    def to_dict(self) -> dict[str, Any]:
        return {"attempt": self.attempt, "overall": self.overall if self.judged else None,
                "not_judged": self.not_judged, "created_at": self.created_at, "score_id": self.score_id,
                "text": self.text}


@dataclass(frozen=True, slots=True)
class History:
    """Every stored attempt at one answer (attempt 0 is the original)."""

    session_id: str
    answer_index: int
    attempts: tuple[Attempt, ...]
    number: int | None = None  # the number people see (requests not counted); None: answer_index + 1

    @property
    def rewinds(self) -> int:
        return sum(1 for a in self.attempts if a.attempt > 0)

    @property
    def best(self) -> Attempt | None:
        # Highest judged score; the earliest attempt wins a tie (it got there first).
        return max((a for a in self.attempts if a.judged), key=lambda a: (a.overall, -a.attempt), default=None)

    def to_dict(self) -> dict[str, Any]:
        best = self.best
        return {
            "session_id": self.session_id,
            "answer": self.answer_index,
            "answer_number": self.number or self.answer_index + 1,
            "rewinds": self.rewinds,
            "best_attempt": best.attempt if best else None,
            "best_score": best.overall if best else None,
            "attempts": [a.to_dict() for a in self.attempts],
        }


@dataclass(frozen=True, slots=True)
class Outcome:
    target: Target
    result: AnswerResult
    delta: Delta
    attempt: int
    score_id: int
    history: History
    skill_changes: tuple[Any, ...] = ()
    repeat: bool = False  # the same re-answer was counted before: the skills did not move again

    def to_dict(self) -> dict[str, Any]:
        return {
            "session_id": self.target.session_id,
            "recorded_score": self.target.recorded,
            "answer": self.target.answer_index,
            "answer_number": self.target.number,
            "question": self.target.question,
            "question_type": self.target.question_type,
            "attempt": self.attempt,
            "score_id": self.score_id,
            "original_score": self.target.original.score.to_dict(),
            "score": self.result.score.to_dict(),
            "delta": self.delta.to_dict(),
            "findings": [f.to_dict() for f in self.result.findings],
            "history": self.history.to_dict(),
            "skill_changes": [_change_dict(c) for c in self.skill_changes],
            "counted_before": self.repeat,
        }


def _change_dict(change: Any) -> dict[str, Any]:
    fields = ("skill_id", "before", "after", "observed")
    return {k: getattr(change, k) for k in fields if hasattr(change, k)}


# -- opening ---------------------------------------------------------------------------


# How open_source found the session: a session id was given, a file was saved as a new
# session, or a file's content matched a session saved before.
GIVEN, SAVED, REUSED = "given", "saved", "reused"


def open_source(
    conn: sqlite3.Connection, source: str, *, fmt: str | None = None, answer: int | None = None
) -> tuple[str, str]:
    """``SESSION_OR_FILE`` -> (session id, GIVEN / SAVED / REUSED). An existing file is
    read (after checking ``answer`` exists in it, so a typo stores nothing); when a lint
    session was saved from the same content before (``record.find_saved``) that session
    is reused, so every rewind of a file lands in one history; otherwise the file is
    linted and saved as a new session. Anything else must be a stored session id."""
    path = Path(source)
    if not is_file_source(source):
        return store.get_session(conn, source).id, GIVEN
    from icraft.formats import read_path
    from icraft.practice.record import find_saved, save_report
    from icraft.rubric import lint_transcript

    transcript = read_path(source, fmt)
    if not transcript.answers():
        raise InputError(f"{source} has no candidate answer to rewind")
    if answer is not None:  # numbered as the saved session will be: requests not counted
        numbers_of(transcript).index(answer, source)
    saved = find_saved(conn, transcript)
    if saved is not None:
        return saved, REUSED
    report = lint_transcript(transcript, question_type=declared_type(transcript))
    title = transcript.meta.get("title") or (path.name if source != "-" else "stdin")
    sid = save_report(conn, transcript, report, kind="lint", source=str(source), title=title)
    return sid, SAVED


def is_file_source(source: str) -> bool:
    """Whether a ``SESSION_OR_FILE`` argument names a file (or ``-``) rather than a session
    id; a directory, or a missing path that cannot be an id, is a one-line error."""
    path = Path(source)
    if source == "-" or path.is_file():
        return True
    if path.is_dir():
        raise InputError(f"{source}: is a directory, not a transcript file or session id", "pass a file inside it")
    if path.suffix or "/" in source:
        raise NotFoundError(f"no such file or session '{source}'", "run `icraft sessions` to list sessions")
    return False


def numbers_of(transcript: Transcript) -> AnswerNumbers:
    """How a session's answers are numbered for people: its requests ("can you repeat the
    question", "skip") keep their stored index but get no number (core.numbering)."""
    return answer_numbers(a.turn.text for a in transcript.answers())


def answer_index(n: int | None, count: int, where: str) -> int | None:
    """Validate a 1-based ``--answer N`` against ``count`` answers; 0-based index or None."""
    if n is None:
        return None
    if not 1 <= n <= count:
        raise InputError(f"answer {n} does not exist: {where} has {count} answer{'s' * (count != 1)}",
                         f"use --answer 1..{count}")
    return n - 1


def lowest_scoring(scores: dict[int, int], count: int) -> int:
    """The answer to practise by default: the lowest stored score (first on a tie)."""
    known = {i: s for i, s in scores.items() if i < count}
    if not known:
        return 0
    return min(known, key=lambda i: (known[i], i))


def load_target(conn: sqlite3.Connection, session_id: str, answer: int | None) -> Target:
    """The answer ``answer`` (1-based; None: the lowest-scoring) of a stored session."""
    from icraft.rubric.model import recorded_rubric

    row = store.get_session(conn, session_id)
    rubric = recorded_rubric(row.meta, f"session {session_id}")
    turns = store.stored_turns(conn, session_id)  # read once: the transcript, the answer's turn, its question
    transcript = store.load_transcript(conn, session_id, turns)
    answers = transcript.answers()
    if not answers:
        raise InputError(f"session {session_id} has no candidate answers to rewind")
    originals = answer_store.session_answers(conn, session_id)  # each answer's attempt 0, read once
    stored = {a.answer_index: a.overall for a in originals}
    numbers = numbers_of(transcript)
    idx = numbers.index(answer, f"session {session_id}") if answer is not None else None
    if idx is None:
        idx = lowest_scoring(stored, len(answers)) if stored else _lowest_by_lint(transcript, rubric)
    a = answers[idx]
    if is_control(a.turn.text):
        raise InputError(f'answer {idx + 1} is a request to the interviewer, not an answer: "{a.turn.text}"',
                         f"pick another with --answer; `icraft sessions show {session_id}` numbers them")
    question = a.question.text if a.question else None
    turn_id = _turn_id(originals, turns, idx, a.turn.text)
    # As the interview judged it (sessions edit does the same): a core answer against the
    # core question (not "Can you answer that one directly?"), a follow-up reply by the rules
    # its follow-up checked, at any length.
    question = _core_question(turns, turn_id) or question
    checked = (row.meta.get("checked_rules") or {}).get(str(idx))
    rules = tuple(checked) if checked else None
    qtype = _question_type(originals, idx, transcript, question, a.turn.text)
    relint = Relinter(question=question, question_type=qtype, rubric=rubric, rules=rules, probed=rules is not None)
    return Target(
        session_id=session_id,
        answer_index=idx,
        question=question,
        question_type=qtype,
        text=a.turn.text,
        turn_id=turn_id,
        original=replace(relint(a.turn.text), answer=idx),
        recorded=stored.get(idx),
        rubric=relint.rubric,
        shown=numbers.number(idx),
        rules=rules,
    )


def _core_question(turns: Sequence[store.StoredTurn], turn_id: int | None) -> str | None:
    """For an interview's core answer (its stored turn), the last core question asked before it; else None."""
    at = next((i for i, t in enumerate(turns) if t.id == turn_id), None)
    if at is None or turns[at].phase != "core":
        return None
    question = last_core_question(turns[:at])
    return question.text if question is not None else None


def declared_type(transcript: Transcript) -> str | None:
    """The transcript's question type when it names one the rubric knows (a session's
    type can be "mixed": each answer's type is then inferred)."""
    from icraft.rubric import QUESTION_TYPES

    qtype = transcript.meta.get("question_type")
    return qtype if qtype in QUESTION_TYPES else None


def _lowest_by_lint(transcript: Transcript, rubric: Any) -> int:
    from icraft.rubric import lint_transcript

    report = lint_transcript(transcript, rubric=rubric, question_type=declared_type(transcript))
    answers = transcript.answers()
    return lowest_scoring({r.answer: r.score.overall for r in report.answers
                           if r.score.overall is not None and not is_control(answers[r.answer].turn.text)},
                          len(report.answers))


def _question_type(originals: Sequence[Any], idx: int, transcript: Transcript, question: str | None,
                   text: str) -> str:
    """The question type the original was scored with (its stored attempt 0, among
    ``originals``), so a re-answer is judged by the same rules; else the session's, else
    inferred."""
    stored = {a.answer_index: a.question_type for a in originals if a.question_type}
    if idx in stored:
        return stored[idx]
    from icraft.rubric import infer_question_type

    return declared_type(transcript) or infer_question_type(question, text)


def _turn_id(originals: Sequence[Any], turns: Sequence[store.StoredTurn], idx: int, text: str) -> int | None:
    """The candidate turn the original score points at; else the turn holding the text."""
    scored = [a for a in originals if a.answer_index == idx and a.turn_id is not None]
    if scored:
        return min(scored, key=lambda a: a.id).turn_id
    for r in turns:
        if r.speaker == "candidate" and r.text in text:
            return r.id
    return None


def weakest_segment(text: str, findings: Sequence[Finding]) -> tuple[int, int]:
    """Character range of the weakest stretch of ``text``: the sentence whose quoted
    evidence costs the most points, widened to its neighbours while under 40 words.
    The whole answer when no finding quotes anything."""
    sents = split_sentences(text)
    bounds: list[tuple[int, int]] = []
    pos = 0
    for s in sents:
        start = text.find(s.split()[0], pos) if s.split() else pos
        end = start + len(s)
        bounds.append((start, end))
        pos = end
    weight = [0.0] * len(bounds)
    for f in findings:
        for span in f.spans:
            for k, (a, b) in enumerate(bounds):
                if span.char_start < b and span.char_end > a:
                    weight[k] += f.points or 0.01
    if not bounds or not any(weight):
        return 0, len(text)
    k = max(range(len(bounds)), key=lambda i: (weight[i], -i))
    lo, hi = k, k
    while len(text[bounds[lo][0] : bounds[hi][1]].split()) < 40 and (lo > 0 or hi < len(bounds) - 1):
        if hi < len(bounds) - 1:
            hi += 1
        if lo > 0 and len(text[bounds[lo][0] : bounds[hi][1]].split()) < 40:
            lo -= 1
    return bounds[lo][0], bounds[hi][1]


# -- re-answering -----------------------------------------------------------------------


def read_reanswer_text(path: str) -> str:
    """A re-answer from a file: plain text, or a transcript (its candidate turns)."""
    p = Path(path)
    if p.suffix.lower() in (".json", ".vtt", ".srt"):
        from icraft.formats import read_path

        transcript = read_path(p)
        text = " ".join(a.turn.text for a in transcript.answers())
    else:
        from icraft.formats import read_text_file

        text, _ = read_text_file(p)  # one-line errors: missing, directory, binary, not UTF-8
    text = " ".join(text.split())
    if not text:
        raise InputError(f"'{path}' contains no re-answer")
    return text


def rewind(
    conn: sqlite3.Connection, target: Target, reanswer: str, *, update_skills: bool = True
) -> Outcome:
    """Lint ``reanswer``, store it as the next attempt, update the skill graph, and
    return the delta against the original."""
    text = " ".join(reanswer.split())
    if not text:
        raise InputError("the re-answer is empty", "type your answer, then an empty line (or Ctrl-D)")
    relint = Relinter(question=target.question, question_type=target.question_type, rubric=target.rubric,
                      rules=target.rules, probed=target.rules is not None)
    result = replace(relint(text), answer=target.answer_index)
    delta = compare(relint, target.text, text)
    changes: tuple[Any, ...] = ()
    repeat = False
    with transaction(conn):  # the attempt, its findings and the skill moves land together
        if store.next_attempt(conn, target.session_id, target.answer_index) == 0:
            # Never scored (e.g. an interview saved without scores): record the original first.
            store.save_answer(conn, target.session_id, target.original, target.text, turn_id=target.turn_id)
        attempt = store.next_attempt(conn, target.session_id, target.answer_index)
        stored = store.save_answer(conn, target.session_id, result, text, turn_id=target.turn_id, attempt=attempt)
        score_id = stored.id
        if update_skills:
            from icraft.skills.repo import counted_skills, result_key

            repeat = bool(counted_skills(conn, result_key(result, text)))  # before it counts
            changes = tuple(_apply_skills(conn, result, target.session_id, stored, text, relint.rubric))
    return Outcome(target, result, delta, attempt, score_id, history(conn, target.session_id, target.answer_index),
                   changes, repeat=repeat and not changes)


def _apply_skills(
    conn: sqlite3.Connection, result: AnswerResult, sid: str, stored: store.StoredScore, text: str, rubric: Any
) -> list[Any]:
    from icraft.skills import apply_result

    return list(apply_result(conn, result, rubric=rubric, session_id=sid, stored=stored, text=text, source="rewind"))


def history(conn: sqlite3.Connection, session_id: str, answer_index: int,
            numbers: AnswerNumbers | None = None) -> History:
    """The stored attempts at one answer (``numbers``: the session's, when already read)."""
    return histories(conn, session_id, numbers, only=answer_index)[0]


def histories(conn: sqlite3.Connection, session_id: str, numbers: AnswerNumbers | None = None, *,
              only: int | None = None) -> list[History]:
    """One history per answer that has any stored score (``only``: that answer's, even with
    none), from one read of the session's attempts."""
    from icraft.delivery.timing import unreliable

    tries: dict[int, list[Attempt]] = {} if only is None else {only: []}
    for a in answer_store.session_answers(conn, session_id, attempt=None):
        if only is None or a.answer_index == only:
            why = "not judged (unreliable transcript)" if unreliable(a.delivery or {}) \
                else "too short to judge" if a.judged is not None and not a.judged else None
            tries.setdefault(a.answer_index, []).append(Attempt(a.attempt, a.overall, a.created_at, a.text, a.id, why))
    numbers = numbers or numbers_of(store.load_transcript(conn, session_id))
    return [History(session_id, i, tuple(tries[i]), numbers.number(i)) for i in sorted(tries)]
