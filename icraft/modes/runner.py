"""One practice session: a mode's Dialogue plus its storage, turn by turn.

Write order for one answer: the candidate's turn (committed first: from then on it
survives ``kill -9``), then in one transaction its score, findings and skill moves,
then the other side's reply, and finally the dialogue's snapshot in ``sessions.meta``.
``meta["turns"]`` says how many stored turns the snapshot has seen; on resume, stored
turns past that point (a crash between two writes) are replayed through the dialogue,
which is deterministic, and only the writes that are missing are made. So a killed
session loses at most the answer that was still being typed or spoken.

Status: ``in_progress`` while it runs, ``completed`` once closed (also when the input
ended early), ``abandoned`` when an in-progress session has had no new turn for a day
(marked lazily), or when it closed with nothing said at all (end of input at once, only
empty answers; ``meta["empty"]``): such a session is no completed session, has no score
and moves no skill. An abandoned session can still be continued by id.

The session's kind is its mode's (:mod:`icraft.modes.registry`); ``meta`` holds
``options`` (the JSON-able dict the dialogue is built from), what the mode's
``prepare`` adds, the dialogue's snapshot and the turn count.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from typing import Any

from icraft.core.errors import InputError
from icraft.core.findings import AnswerResult, relocate
from icraft.core.transcript import CANDIDATE, INTERVIEWER, Turn
from icraft.modes import registry
from icraft.modes.base import Dialogue, Mode, Step, Utterance
from icraft.store import sessions as store
from icraft.store.db import now, transaction


@dataclass(frozen=True)
class PendingAnswer:
    """A candidate turn that is stored and waits for the dialogue's reaction."""

    turn: Turn
    turn_id: int | None  # None for an empty turn (not stored)
    elapsed_ms: int | None


class SessionRunner:
    """One session of any mode: the dialogue plus its storage."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        mode: Mode,
        dialogue: Dialogue,
        session_id: str,
        meta: dict[str, Any],
        *,
        update_skills: bool = True,
    ) -> None:
        self.conn = conn
        self.mode = mode
        self.dialogue = dialogue
        self.session_id = session_id
        self.meta = meta
        self.update_skills = update_skills

    @property
    def engine(self) -> Any:
        """The dialogue (the interview's callers know it as its engine)."""
        return self.dialogue

    # -- construction --------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        conn: sqlite3.Connection,
        kind: str,
        options: dict[str, Any],
        *,
        update_skills: bool = True,
        **collaborators: Any,
    ) -> SessionRunner:
        """A new stored session of ``kind`` built from ``options``."""
        mode = registry.get(kind)
        meta: dict[str, Any] = {"options": options, **mode.prepare(conn, options), "engine": None, "turns": 0}
        sid = store.create_session(conn, mode.kind, title=mode.title(options), meta=meta, **mode.columns(options))
        dialogue = mode.dialogue_factory(options, state=None, meta=meta, **collaborators)
        return cls(conn, mode, dialogue, sid, meta, update_skills=update_skills)

    @classmethod
    def load(
        cls,
        conn: sqlite3.Connection,
        session_id: str,
        *,
        kind: str | None = None,
        update_skills: bool = True,
        **collaborators: Any,
    ) -> SessionRunner:
        """Reopen a stored session, replaying any turns stored after its last snapshot.
        ``kind`` (when given) is the kind the caller continues; another is an input error."""
        row = store.get_session(conn, session_id)
        if (kind is not None and row.kind != kind) or "options" not in row.meta:
            wanted = kind or "practice session"
            raise InputError(
                f"session {row.id} is a {row.kind} session, not {_article(wanted)} {wanted}",
                f"only {wanted}s continue here",
            )
        mode = registry.get(row.kind)
        if row.status == "completed":
            raise InputError(f"{mode.kind} {row.id} is already completed", f"see it with `icraft sessions show {row.id}`")
        meta = dict(row.meta)
        dialogue = mode.dialogue_factory(meta["options"], state=meta.get("engine"), meta=meta, **collaborators)
        runner = cls(conn, mode, dialogue, row.id, meta, update_skills=update_skills)
        if row.status == "abandoned":
            store.update_session(conn, row.id, status="in_progress")
        runner._replay()
        if runner.dialogue.phase == "done":  # died after the closing line, before being marked completed
            runner.finalize()
        return runner

    # -- events --------------------------------------------------------------------------

    def begin(self) -> Step:
        return self.started(self.dialogue.start())

    def started(self, step: Step) -> Step:
        """Store what ``dialogue.start()`` said (split from :meth:`begin` so a front end can
        let a model phrase the greeting in a worker thread)."""
        for u in step.utterances:
            self._store_utterance(u)
        self._snapshot()
        return step

    def resume(self) -> Step:
        """The "welcome back" with the pending question (stored as a turn)."""
        step = self.dialogue.resume_prompt()
        for u in step.utterances:
            self._store_utterance(u)
        self._snapshot()
        return step

    def submit(self, turn: Turn | str, *, elapsed_ms: int | None = None) -> Step:
        """The candidate's turn: store it, let the dialogue react, store the outcome."""
        pending = self.receive(turn, elapsed_ms=elapsed_ms)
        return self.commit(pending, self.react(pending))

    # :meth:`submit` in three parts, for callers that run the dialogue off the main thread
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
                question_id=self.dialogue.pending_question_id,
                phase=str(self.dialogue.answer_phase),
                timings=timings,
            )
        return PendingAnswer(turn, turn_id, elapsed_ms)

    def react(self, pending: PendingAnswer) -> Step:
        """The dialogue's decision and wording (lint, and a model when one is configured)."""
        return self.dialogue.answer(pending.turn, elapsed_ms=pending.elapsed_ms)

    def commit(self, pending: PendingAnswer, step: Step) -> Step:
        """Store the outcome: score and findings, skill updates, the reply, the snapshot."""
        self._record(step, pending.turn, pending.turn_id)
        if step.result is not None and step.answer_index is not None:
            step = replace(step, number=self.answer_number(step.answer_index))
        for u in step.utterances:
            self._store_utterance(u)
        self._snapshot()
        if step.done:
            self.finalize()
        return step

    def stop_early(self) -> Step:
        """End of input: close the session now and score what was answered."""
        step = self.dialogue.finish_early()
        for u in step.utterances:
            self._store_utterance(u)
        self.meta["ended_early"] = True
        self._snapshot()
        self.finalize()
        return step

    def finalize(self) -> None:
        if not self._answered():
            # Nothing said (end of input at once, or only empty answers): not a completed
            # session, so it counts in no statistic and moves no skill; it stays listed.
            self.meta["empty"] = True
            store.update_session(self.conn, self.session_id, status="abandoned", ended_at=now(), meta=self.meta)
            return
        score, version = self.mode.session_score(self.conn, self.session_id, self.dialogue)
        store.update_session(
            self.conn, self.session_id, status="completed", ended_at=now(), score=score, rubric_version=version
        )
        self.mode.after_session(self.conn)

    def answer_number(self, index: int) -> int:
        """The number people see for stored answer ``index``: requests ("repeat",
        "skip") keep their stored place but are not counted (core.numbering)."""
        from icraft.rubric.intents import answer_numbers

        said = [t.text for t in store.stored_turns(self.conn, self.session_id) if t.speaker == CANDIDATE]
        return answer_numbers(said).number(index) or index + 1

    def _answered(self) -> bool:
        """Whether the candidate said anything at all in this session."""
        return store.has_words_from(self.conn, self.session_id, CANDIDATE)

    def keep(self, **fields: Any) -> None:
        """Store front-end state with the session (the answer being typed, the time used),
        so a continued session shows it again."""
        self.meta.update(fields)
        store.update_session(self.conn, self.session_id, meta=self.meta)

    def merge_timings(self, turn_id: int, timings: dict[str, Any]) -> None:
        """A spoken turn's per-stage times, stored with the candidate's turn."""
        store.merge_turn_timings(self.conn, turn_id, timings)

    def report(self) -> Any:
        """The mode's end-of-session report (None for a mode without one)."""
        build = self.mode.report_builder
        return None if build is None else build(self.conn, self.session_id)

    # -- storage -------------------------------------------------------------------------

    def _store_utterance(self, u: Utterance) -> None:
        store.add_turn(
            self.conn,
            self.session_id,
            Turn.from_text(INTERVIEWER, u.text),
            question_id=u.question_id,
            phase=str(u.phase),
        )

    def _record(self, step: Step, turn: Turn, turn_id: int | None) -> None:
        if step.result is None or turn_id is None:
            return
        with transaction(self.conn):  # the score, its findings and the skill moves land together
            if store.has_first_score(self.conn, turn_id):  # replay after a crash: stored before it died
                return
            if step.checked_rules is not None and step.answer_index is not None:
                self.meta.setdefault("checked_rules", {})[str(step.answer_index)] = list(step.checked_rules)
            result = relocate(
                step.result, answer=step.result.answer, turn_index=store.merged_position(self.conn, turn_id)
            )
            stored = store.save_answer(self.conn, self.session_id, result, turn.text, turn_id=turn_id)
            if self.update_skills:
                self._apply_skills(result, stored, turn.text)
            if step.core or step.answered_phase == "followup":  # a story told joins the story bank
                from icraft.stories import bank

                # A follow-up's reply is checked against the follow-up's rules only: its score
                # is no measure of the story (a telling without a score is never its "best").
                bank.record(self.conn, turn.text, question=result.question, question_type=result.question_type,
                            score=result.score.overall if step.core else None, session_id=self.session_id,
                            score_id=stored.id, question_id=step.question_id, followup=not step.core)

    def _apply_skills(self, result: AnswerResult, stored: store.StoredScore, text: str) -> None:
        from icraft.rubric import load_rubric
        from icraft.skills import apply_result

        # A dialogue scores its answers with the built-in rubric (rubric.lint_answer's default).
        # The moves are stored once, as skill_events (store.sessions.skill_moves reads them back).
        apply_result(self.conn, result, rubric=load_rubric(), session_id=self.session_id, stored=stored, text=text,
                     source=self.mode.kind)

    def _snapshot(self) -> None:
        self.meta["engine"] = self.dialogue.snapshot()
        self.meta["turns"] = store.count_turns(self.conn, self.session_id)
        store.update_session(self.conn, self.session_id, meta=self.meta)

    def _replay(self) -> None:
        rows = store.stored_turns(self.conn, self.session_id)
        i = int(self.meta.get("turns") or 0)
        if i >= len(rows) and self.meta.get("engine") is not None:
            return

        def emit(utterances: tuple[Utterance, ...]) -> None:
            nonlocal i
            for u in utterances:
                if i < len(rows) and rows[i].speaker == INTERVIEWER:
                    i += 1  # stored before the crash
                else:
                    self._store_utterance(u)

        if self.meta.get("engine") is None:  # died before the greeting's snapshot
            emit(self.dialogue.start().utterances)
        while i < len(rows):
            row = rows[i]
            i += 1
            if row.speaker == INTERVIEWER:
                continue
            turn = row.turn()
            step = self.dialogue.answer(turn, elapsed_ms=row.timings.get("answer_ms"))
            self._record(step, turn, row.id)
            emit(step.utterances)
        self._snapshot()


def _article(noun: str) -> str:
    return "an" if noun[:1] in "aeiou" else "a"


def latest_in_progress(conn: sqlite3.Connection, kind: str) -> str:
    """The newest in-progress session of ``kind`` (for ``--continue`` without an id)."""
    from icraft.core.errors import NotFoundError

    sid = store.latest_in_progress(conn, kind)
    if sid is None:
        command = registry.get(kind).command or kind
        raise NotFoundError(
            f"no {kind} in progress to continue",
            f"start one with `icraft {command}`, or pass an id from `icraft sessions`",
        )
    return sid
