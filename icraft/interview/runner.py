"""Drives the engine and commits every turn to SQLite as it happens.

Write order for one answer: the candidate's turn (committed first: from then on it
survives ``kill -9``), its score and findings, the skill updates, the interviewer's
reply, and finally the engine snapshot in ``sessions.meta``. ``meta["turns"]`` says
how many stored turns the snapshot has seen; on resume, stored turns past that point
(a crash between two writes) are replayed through the engine, which is deterministic,
and only the writes that are missing are made. So a killed interview loses at most
the answer that was still being typed or spoken.

Status: ``in_progress`` while it runs, ``completed`` once closed (also when the input
ended early), ``abandoned`` when an in-progress interview has had no new turn for
:data:`ABANDON_AFTER_HOURS` (marked lazily, when sessions are listed or continued).
An abandoned interview can still be continued by id.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Sequence

from icraft.core.errors import InputError, NotFoundError
from icraft.core.findings import AnswerResult
from icraft.core.transcript import CANDIDATE, INTERVIEWER, Turn
from icraft.interview.engine import (
    Engine,
    InterviewOptions,
    LintFn,
    Phase,
    Step,
    Utterance,
    default_lint,
    relocate,
)
from icraft.interview.selection import QuestionBank
from icraft.interview.wording import Wording
from icraft.store import sessions as store
from icraft.store.db import now, transaction

KIND = "interview"
ABANDON_AFTER_HOURS = 24
RECENT_DAYS = 30


def recent_question_ids(conn: sqlite3.Connection, *, days: int = RECENT_DAYS, exclude_session: str | None = None) -> list[str]:
    """Bank ids asked in interviews and drills of the last ``days`` days, oldest first
    (the order the bank wants, to reuse the longest-ago questions first)."""
    cutoff = (datetime.now(timezone.utc) - timedelta(days=days)).isoformat(timespec="seconds")
    rows = conn.execute(
        "SELECT t.question_id FROM turns t JOIN sessions s ON s.id = t.session_id"
        " WHERE s.kind IN ('interview', 'drill') AND t.question_id IS NOT NULL AND t.created_at >= ?"
        " AND s.id IS NOT ? ORDER BY t.created_at, t.id",
        (cutoff, exclude_session),
    ).fetchall()
    ordered: dict[str, None] = {}
    for r in rows:  # keep each id at its latest position
        ordered.pop(r["question_id"], None)
        ordered[r["question_id"]] = None
    return list(ordered)


def mark_abandoned(conn: sqlite3.Connection, *, hours: int = ABANDON_AFTER_HOURS) -> int:
    """Mark in-progress interviews with no turn for ``hours`` as abandoned; returns how many."""
    if getattr(conn, "read_only", ""):  # housekeeping: a database opened read-only is only read
        return 0
    cutoff = (datetime.now(timezone.utc) - timedelta(hours=hours)).isoformat(timespec="seconds")
    with transaction(conn):
        cur = conn.execute(
            "UPDATE sessions SET status = 'abandoned' WHERE kind = ? AND status = 'in_progress' AND"
            " COALESCE((SELECT MAX(created_at) FROM turns WHERE session_id = sessions.id), started_at) < ?",
            (KIND, cutoff),
        )
    return cur.rowcount


@dataclass(frozen=True)
class QuestionScore:
    """One core question's score: the best complete account the candidate gave of it.

    ``answers`` are all the scored answers to the question (the core answer, the full story
    a too-short one drew out, the follow-up answers), 0-based; ``basis`` the ones the score
    comes from: a single core-phase answer, or all of them linted together as one answer.
    """

    question_id: str | None
    answers: tuple[int, ...]
    basis: tuple[int, ...]
    overall: int
    categories: dict[str, int]
    rubric_version: str
    # Of a joined account only (a single answer's are stored with it): its findings, each
    # with the answer its first quote was cut from, and the rules that judged it.
    findings: tuple[dict[str, Any], ...] = ()
    judged: tuple[str, ...] = ()

    @property
    def combined(self) -> bool:
        return len(self.basis) > 1

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "combined": self.combined}


def question_scores(
    conn: sqlite3.Connection, session_id: str, *, lint: LintFn = default_lint
) -> list[QuestionScore]:
    """Each core question's score, in the order asked (docs/INTERVIEW.md, *Final report*).

    A question that drew one scored answer keeps that answer's stored score. One that drew
    more (a one-liner, then the full story it was asked for; a story, then "by 40%" to
    "by how much?") is scored on its best complete account: the candidate's answers to it
    joined in order and linted as one core answer by every rule, or one of its core-phase
    answers alone, whichever scores higher (the joined account first on a tie). So a
    one-line start no longer halves the story told a minute later, and a retelling that
    repeats the one-liner is not marked down for the repetition. Follow-up answers are
    never scored alone here: they were checked against the rule they probed only.
    The joined account is linted from the stored text without word timings (the gaps
    between its parts are the interviewer's turns, not the candidate's pauses), so pace
    is judged on each answer's own score and in the report's delivery line only. An
    answer with an impossible word rate (docs/SCORING.md) is left out: it was not scored.
    """
    rows = conn.execute(
        "SELECT a.answer_index, a.text, a.overall, a.categories, a.rubric_version, a.question_type, a.delivery,"
        " COALESCE(t.phase, 'core') AS phase, t.question_id,"
        " (SELECT q.text FROM turns q WHERE q.session_id = a.session_id AND q.speaker = ? AND q.idx < t.idx"
        "  ORDER BY q.idx DESC LIMIT 1) AS question"
        " FROM answer_scores a LEFT JOIN turns t ON t.id = a.turn_id"
        " WHERE a.session_id = ? AND a.attempt = 0 ORDER BY a.answer_index",
        (INTERVIEWER, session_id),
    ).fetchall()
    groups: dict[Any, list[sqlite3.Row]] = {}
    for r in filter(_real, rows):  # a question's answers share its bank id; an answer without one stands alone
        groups.setdefault(r["question_id"] or ("answer", r["answer_index"]), []).append(r)
    out: list[QuestionScore] = []
    for group in groups.values():
        core = [r for r in group if r["phase"] == Phase.CORE.value]
        if not core:
            continue
        answers = tuple(r["answer_index"] for r in group)
        qid = core[0]["question_id"]
        singles = [
            QuestionScore(qid, answers, (r["answer_index"],), r["overall"], _loads(r["categories"]), r["rubric_version"])
            for r in core
        ]
        accounts = singles if len(group) == 1 else [_joined(group, core[0], answers, lint), *singles]
        out.append(max(accounts, key=lambda a: a.overall))  # the first of equals: the joined account
    return out


def _real(row: sqlite3.Row) -> bool:
    """False for an answer flagged with an impossible word rate (a tone or music
    transcribed as hundreds of "uh"): not scored, like an answer no rule judged."""
    from icraft.delivery.timing import impossible_stored_rate

    return not impossible_stored_rate(_loads(row["delivery"]))


def _joined(group: Sequence[sqlite3.Row], core: sqlite3.Row, answers: tuple[int, ...], lint: LintFn) -> QuestionScore:
    """A question's answers joined in order (as readers merge adjacent turns) and linted
    as one core answer; each finding keeps the answer its first quote comes from."""
    from bisect import bisect_right

    from icraft.core.transcript import merge_adjacent
    from icraft.interview.wording import bare_question

    parts = [Turn.from_text(CANDIDATE, r["text"]) for r in group]
    starts = [0]
    for part in parts[:-1]:
        starts.append(starts[-1] + len(part.text) + 1)  # merge_adjacent joins with one space
    result = lint(
        merge_adjacent(parts)[0],
        question=bare_question(core["question"]) if core["question"] else None,
        question_type=core["question_type"] or "behavioral",
        rules=None,
    )
    findings = tuple(
        {
            "rule_id": f.rule_id,
            "category": f.category,
            "severity": f.severity,
            "message": f.message,
            "points": f.points,
            "measurable": f.measurable,
            "quote": f.spans[0].quote if f.spans else None,
            "skills": list(f.skills),
            "answer": answers[bisect_right(starts, f.spans[0].char_start) - 1] if f.spans else answers[0],
        }
        for f in result.findings
    )
    s = result.score
    return QuestionScore(
        core["question_id"], answers, answers, s.overall, dict(s.categories), s.rubric_version, findings, result.judged
    )


def session_score(questions: Sequence[QuestionScore]) -> tuple[int | None, str | None]:
    """The interview's score: the mean of its questions' scores, and the rubric version."""
    from icraft.rubric.scoring import round_half_up

    if not questions:
        return None, None
    return round_half_up(sum(q.overall for q in questions) / len(questions)), questions[0].rubric_version


def core_score(
    conn: sqlite3.Connection, session_id: str, *, lint: LintFn = default_lint
) -> tuple[int | None, str | None]:
    """The session score (mean of :func:`question_scores`) and the rubric version."""
    return session_score(question_scores(conn, session_id, lint=lint))


def latest_in_progress(conn: sqlite3.Connection) -> str:
    row = conn.execute(
        "SELECT id FROM sessions WHERE kind = ? AND status = 'in_progress' ORDER BY started_at DESC, rowid DESC"
        " LIMIT 1",
        (KIND,),
    ).fetchone()
    if row is None:
        raise NotFoundError(
            "no interview in progress to continue",
            "start one with `icraft interview`, or pass an id from `icraft sessions`",
        )
    return str(row["id"])


@dataclass(frozen=True)
class PendingAnswer:
    """A candidate turn that is stored and waits for the engine's reaction."""

    turn: Turn
    turn_id: int | None  # None for an empty turn (not stored)
    elapsed_ms: int | None


class InterviewRunner:
    """One interview session: the engine plus its storage."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        engine: Engine,
        session_id: str,
        meta: dict[str, Any],
        *,
        update_skills: bool = True,
    ) -> None:
        self.conn = conn
        self.engine = engine
        self.session_id = session_id
        self.meta = meta
        self.update_skills = update_skills

    # -- construction --------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        conn: sqlite3.Connection,
        options: InterviewOptions,
        *,
        bank: QuestionBank | None = None,
        lint: LintFn = default_lint,
        wording: Wording | None = None,
        update_skills: bool = True,
    ) -> InterviewRunner:
        recent = recent_question_ids(conn)
        meta: dict[str, Any] = {"options": options.to_dict(), "recent": recent, "engine": None, "turns": 0}
        title = f"{options.type} interview ({options.role}, {options.level}, {options.minutes} min)"
        sid = store.create_session(
            conn, KIND, title=title, type=options.type, role=options.role, level=options.level, meta=meta
        )
        engine = Engine(options, bank=bank or _default_bank(), lint=lint, wording=wording, recent_ids=recent)
        return cls(conn, engine, sid, meta, update_skills=update_skills)

    @classmethod
    def load(
        cls,
        conn: sqlite3.Connection,
        session_id: str,
        *,
        bank: QuestionBank | None = None,
        lint: LintFn = default_lint,
        wording: Wording | None = None,
        update_skills: bool = True,
    ) -> InterviewRunner:
        """Reopen a stored interview, replaying any turns stored after its last snapshot."""
        row = store.get_session(conn, session_id)
        if row.kind != KIND or "options" not in row.meta:
            raise InputError(f"session {row.id} is a {row.kind} session, not an interview", "only interviews continue")
        if row.status == "completed":
            raise InputError(f"interview {row.id} is already completed", f"see it with `icraft sessions show {row.id}`")
        meta = dict(row.meta)
        options = InterviewOptions.from_dict(meta["options"])
        engine = Engine(
            options,
            bank=bank or _default_bank(),
            lint=lint,
            wording=wording,
            recent_ids=meta.get("recent", ()),
            state=meta.get("engine"),
        )
        runner = cls(conn, engine, row.id, meta, update_skills=update_skills)
        if row.status == "abandoned":
            store.update_session(conn, row.id, status="in_progress")
        runner._replay()
        if runner.engine.phase is Phase.DONE:  # died after the closing line, before being marked completed
            runner.finalize()
        return runner

    # -- events --------------------------------------------------------------------------

    def begin(self) -> Step:
        return self.started(self.engine.start())

    def started(self, step: Step) -> Step:
        """Store what ``engine.start()`` said (split from :meth:`begin` so the UI can let
        the model phrase the greeting in a worker thread)."""
        for u in step.utterances:
            self._store_utterance(u)
        self._snapshot()
        return step

    def resume(self) -> Step:
        """The interviewer's "welcome back" with the pending question (stored as a turn)."""
        step = self.engine.resume_prompt()
        for u in step.utterances:
            self._store_utterance(u)
        self._snapshot()
        return step

    def submit(self, turn: Turn | str, *, elapsed_ms: int | None = None) -> Step:
        """The candidate's turn: store it, let the engine react, store the outcome."""
        pending = self.receive(turn, elapsed_ms=elapsed_ms)
        return self.commit(pending, self.react(pending))

    # :meth:`submit` in three parts, for callers that run the engine off the main thread
    # (the TUI, while a model phrases the reply). ``receive`` and ``commit`` use the
    # database and must run on the connection's thread; ``react`` touches no database.

    def receive(self, turn: Turn | str, *, elapsed_ms: int | None = None) -> PendingAnswer:
        """Store the candidate's turn now (from here on it survives a crash)."""
        if isinstance(turn, str):
            turn = Turn.from_text(CANDIDATE, turn)
        turn_id = None
        if turn.words:
            timings = {"answer_ms": int(elapsed_ms)} if elapsed_ms is not None else None
            turn_id = store.add_turn(
                self.conn,
                self.session_id,
                turn,
                question_id=self.engine.pending_question_id,
                phase=self.engine.answer_phase.value,
                timings=timings,
            )
        return PendingAnswer(turn, turn_id, elapsed_ms)

    def react(self, pending: PendingAnswer) -> Step:
        """The engine's decision and wording (lint, and the model when one is configured)."""
        return self.engine.answer(pending.turn, elapsed_ms=pending.elapsed_ms)

    def commit(self, pending: PendingAnswer, step: Step) -> Step:
        """Store the outcome: score and findings, skill updates, the reply, the snapshot."""
        self._record(step, pending.turn, pending.turn_id)
        for u in step.utterances:
            self._store_utterance(u)
        self._snapshot()
        if step.done:
            self.finalize()
        return step

    def stop_early(self) -> Step:
        """End of input: close the interview now and score what was answered."""
        step = self.engine.finish_early()
        for u in step.utterances:
            self._store_utterance(u)
        self.meta["ended_early"] = True
        self._snapshot()
        self.finalize()
        return step

    def finalize(self) -> None:
        score, version = core_score(self.conn, self.session_id, lint=self.engine.lint)
        store.update_session(
            self.conn, self.session_id, status="completed", ended_at=now(), score=score, rubric_version=version
        )
        from icraft.interview import memory

        memory.rebuild(self.conn)

    # -- storage -------------------------------------------------------------------------

    def _store_utterance(self, u: Utterance) -> None:
        store.add_turn(
            self.conn,
            self.session_id,
            Turn.from_text(INTERVIEWER, u.text),
            question_id=u.question_id,
            phase=u.phase.value,
        )

    def _record(self, step: Step, turn: Turn, turn_id: int | None) -> None:
        if step.result is None or turn_id is None:
            return
        with transaction(self.conn):  # the score, its findings and the skill moves land together
            exists = self.conn.execute(
                "SELECT id FROM answer_scores WHERE turn_id = ? AND attempt = 0", (turn_id,)
            ).fetchone()
            if exists:  # replay after a crash: the score was stored before the process died
                return
            if step.checked_rules is not None and step.answer_index is not None:
                self.meta.setdefault("checked_rules", {})[str(step.answer_index)] = list(step.checked_rules)
            result = relocate(step.result, answer=step.result.answer, turn_index=_merged_position(self.conn, turn_id))
            score_id = store.save_answer_result(self.conn, self.session_id, result, turn.text, turn_id=turn_id)
            if self.update_skills:
                self._apply_skills(result, score_id)

    def _apply_skills(self, result: AnswerResult, score_id: int) -> None:
        from icraft.skills import apply_result

        changes = apply_result(self.conn, result, session_id=self.session_id, score_id=score_id, source=KIND)
        log = self.meta.setdefault("skill_changes", [])
        log.extend(
            {"skill_id": c.skill_id, "before": c.before, "after": c.after, "observed": c.observed} for c in changes
        )

    def _snapshot(self) -> None:
        (n,) = self.conn.execute("SELECT COUNT(*) FROM turns WHERE session_id = ?", (self.session_id,)).fetchone()
        self.meta["engine"] = self.engine.snapshot()
        self.meta["turns"] = int(n)
        store.update_session(self.conn, self.session_id, meta=self.meta)

    def _replay(self) -> None:
        rows = store.turn_rows(self.conn, self.session_id)
        i = int(self.meta.get("turns") or 0)
        if i >= len(rows) and self.meta.get("engine") is not None:
            return

        def emit(utterances: Sequence[Utterance]) -> None:
            nonlocal i
            for u in utterances:
                if i < len(rows) and rows[i]["speaker"] == INTERVIEWER:
                    i += 1  # stored before the crash
                else:
                    self._store_utterance(u)

        if self.engine.phase is Phase.GREETING:
            emit(self.engine.start().utterances)
        while i < len(rows):
            row = rows[i]
            i += 1
            if row["speaker"] == INTERVIEWER:
                continue
            turn = store.turn_from_row(row["speaker"], row["text"], row["words"], row["approximate"])
            timings = _loads(row["timings"])
            step = self.engine.answer(turn, elapsed_ms=timings.get("answer_ms"))
            self._record(step, turn, row["id"])
            emit(step.utterances)
        self._snapshot()


def _loads(raw: str | None) -> dict[str, Any]:
    import json

    return json.loads(raw) if raw else {}


def _merged_position(conn: sqlite3.Connection, turn_id: int) -> int:
    """Index of a stored turn in the session transcript, where consecutive turns of one
    speaker are merged (as ``store.sessions.load_transcript`` does), so evidence spans
    point at the right turn of an exported or re-linted session."""
    session_id, idx = conn.execute("SELECT session_id, idx FROM turns WHERE id = ?", (turn_id,)).fetchone()
    speakers = [
        r[0]
        for r in conn.execute(
            "SELECT speaker FROM turns WHERE session_id = ? AND idx <= ? ORDER BY idx", (session_id, idx)
        )
    ]
    return sum(1 for i, s in enumerate(speakers) if i == 0 or s != speakers[i - 1]) - 1


def _default_bank() -> QuestionBank:
    from icraft.practice import bank

    return bank  # the module itself has select(...)
