"""Store a lint report: a session, its turns, and every answer's score and findings.

The whole report is one transaction that starts with the write lock: the session, its
turns, every answer's score and findings, and the skill moves land together, or nothing
does (a full disk or a killed process leaves no half-saved session behind, and a lint
saving at the same moment in another process waits instead of losing a skill update).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence

from icraft.core.findings import LintReport
from icraft.core.transcript import Transcript
from icraft.store import sessions
from icraft.store.db import now, transaction


def content_key(transcript: Transcript) -> str:
    """sha256 of a transcript's turns (speaker and whitespace-collapsed text): the same file
    content, wherever it is read from, gives the same key (stored as the session's
    ``meta.content_key``), so `icraft rewind FILE` finds the session it saved before."""
    h = hashlib.sha256()
    for turn in transcript.turns:
        h.update(f"{turn.speaker}\x1f{' '.join(turn.text.split())}\x1e".encode("utf-8"))
    return h.hexdigest()


def find_saved(conn: sqlite3.Connection, transcript: Transcript) -> str | None:
    """The lint session saved from the same content as ``transcript`` (see content_key):
    the one already re-wound if any, else the first saved; None when there is none."""
    return sessions.lint_session_with_content(conn, content_key(transcript))


def source_title(source: str | None) -> str | None:
    """A linted file's title when its transcript names none: the file's name ("stdin" for
    ``-``), so the session list says which file it was."""
    if not source:
        return None
    if source in ("-", "<stdin>"):
        return "stdin"
    from pathlib import PurePath

    return PurePath(source).name or source


def save_report(
    conn: sqlite3.Connection,
    transcript: Transcript,
    report: LintReport,
    *,
    kind: str,
    source: str | None = None,
    title: str | None = None,
    rules: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
) -> str:
    """Create a session for ``transcript``, store its turns and every answer's score
    and findings, and move the skills each answer gives evidence about; return the session id.
    One transaction: all of it is stored, or none of it. ``rules``/``ignore``: the
    selection the report was linted with (`lint --rules/--ignore`), kept in the meta so
    that rewind, diff and corrections judge the session by the same rules."""
    from icraft.rubric.model import provenance, selection
    from icraft.skills import apply_result

    rubric = report.rubric
    if rubric is None:  # every report lint_transcript makes carries it
        raise ValueError("save_report needs the rubric the report was scored with (LintReport.rubric)")
    types = {a.question_type for a in report.answers}
    meta = transcript.meta
    with transaction(conn):
        sid = sessions.create_session(
            conn,
            kind,
            title=title or meta.get("title") or source_title(source if source is not None else report.source),
            type=types.pop() if len(types) == 1 else "mixed",
            role=meta.get("role"),
            level=meta.get("level"),
            source=source if source is not None else report.source,
            meta={
                "rubric_version": report.rubric_version,
                "source_format": meta.get("source_format"),
                "content_key": content_key(transcript),
                **provenance(rubric),  # a --rubric file: rewind, diff and corrections use it again
                **selection(rules, ignore),  # and the same --rules/--ignore
            },
        )
        turn_ids = [sessions.add_turn(conn, sid, turn) for turn in transcript.turns]
        for result in report.answers:
            turn = transcript.turns[result.turn_index]
            stored = sessions.save_answer(conn, sid, result, turn.text, turn_id=turn_ids[result.turn_index])
            # The skill graph learns, with the weights of the rubric the report was scored with.
            apply_result(conn, result, rubric=rubric, session_id=sid, stored=stored, text=turn.text, source=kind)
        sessions.update_session(
            conn,
            sid,
            status="completed",
            ended_at=now(),
            score=report.score.overall,
            rubric_version=report.rubric_version,
        )
    return sid
