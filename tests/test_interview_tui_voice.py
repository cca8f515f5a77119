"""The spoken interview in the Textual app, driven with the Pilot: an espeak recording
through the real voice pipeline (VAD, end of turn, the real deepgram-sdk against a fake
Deepgram server on 127.0.0.1, espeak TTS into a file sink), the offline interviewer and
a real database. What the candidate sees: the level meter and partial transcript while
speaking, each turn's stage times, findings, and the report when the recording ends."""

from __future__ import annotations

import asyncio
import json
import time

from textual.widgets import Markdown, Static

from icraft.interview.engine import InterviewOptions
from icraft.modes.interview import InterviewRunner
from icraft.providers.stt import SttOptions, get_stt
from icraft.providers.tts import TtsChain
from icraft.store import sessions as store
from icraft.tui.interview_app import build_app
from icraft.tui.widgets.listening import level_bar
from icraft.voice.audio import FileSink, FileSource
from icraft.voice.endpoint import EndOfTurn
from icraft.voice.pipeline import VoiceSession, describe_timings
from tests.fakes.fixtures import offline_network  # noqa: F401 (autouse: no proxies, loopback only)
from tests.fakes.voice_deepgram import FakeDeepgram
from tests.fakes.voice_speech import answer, ms, say
from tests.requires import needs_espeak

pytestmark = needs_espeak

SPEED = 3.0  # the recording plays three times faster than real time; decisions use the audio clock
WARM = "I build payment systems at Acme."
CORE = "I led the move to Postgres, and I cut the p99 latency from nine hundred to two hundred milliseconds."
GAP_MS = 2500


def _words(text: str, start: float, end: float) -> list[tuple[str, float, float]]:
    parts = text.split()
    step = (end - start) / len(parts)
    return [(w, round(start + i * step, 2), round(start + (i + 1) * step, 2)) for i, w in enumerate(parts)]


def _voice(fake: FakeDeepgram, pcm: bytes) -> tuple[VoiceSession, FileSink]:
    stt = get_stt("deepgram", key="dg-test-key", options=SttOptions(base_url=fake.url))
    sink = FileSink(speed=SPEED)
    # No barge-in: the recording is not read while the interviewer speaks, so each answer
    # starts where the test put it, whatever the reply's length.
    session = VoiceSession(FileSource(pcm=pcm, speed=SPEED), stt=stt, tts=TtsChain(["local"]), sink=sink,
                           endpoint=lambda: EndOfTurn(min_silence_ms=700, max_silence_ms=1500), barge_in=False)
    return session, sink


def test_a_spoken_interview_in_the_tui(db) -> None:
    pcm = answer(WARM, GAP_MS, CORE, tail_ms=3000)
    warm_end = (300 + ms(say(WARM))) / 1000
    core_len = ms(say(CORE)) / 1000
    # The second connection starts when the first answer's end of turn is decided (~0.7-1.5 s
    # after warm_end), so its speech begins about GAP_MS later minus that; the fake only
    # needs the words to end inside the audio it receives.
    core_start = GAP_MS / 1000 - 1.5
    script = [_words(WARM, 0.4, warm_end - 0.1)]
    later = [[_words(CORE, core_start, core_start + core_len - 0.2)]]
    runner = InterviewRunner.create(db, InterviewOptions(type="behavioral", minutes=10, seed=11))
    seen: dict = {"partial": set(), "meter": set(), "states": set(), "you": []}

    async def go(session: VoiceSession) -> str:
        app = build_app(runner, None, voice=session)
        async with app.run_test(size=(120, 40)) as pilot:
            deadline = time.monotonic() + 90
            while not app.finished and time.monotonic() < deadline:
                await pilot.pause(0.05)
                if app.finished:
                    break
                seen["partial"].add(str(app.query_one("#partial", Static).render()))
                seen["meter"].add(str(app.query_one("#meter", Static).render()))
                seen["states"].add(str(app.query_one("#listen").border_title))
                seen["you"] = [str(w.render()) for w in app.query(".candidate")]
                stages = str(app.query_one("#stages", Static).render())
                if "end of turn" in stages:
                    seen["stages"] = stages
            assert app.finished, "the recording's end should close the interview"
            transcript = "\n".join(seen["you"])  # as last shown: the report replaces the transcript
            report = app.query_one("#report", Markdown)
            assert report is not None
            await pilot.press("q")
        assert WARM in transcript and CORE in transcript
        return app.return_value or ""

    with FakeDeepgram(script, later=later) as fake:
        session, sink = _voice(fake, pcm)
        try:
            result = asyncio.run(go(session))
        finally:
            sink.close()

    assert result == "completed"
    # live: the partial transcript grew word by word, the meter moved, the states changed
    # (the partial text reaches that widget only through the recogniser's interim/final results)
    assert any(p and (WARM.startswith(p.rstrip(".")) or CORE.startswith(p.rstrip("."))) for p in seen["partial"])
    assert level_bar(0.0) in seen["meter"] and any(m.count("█") >= 6 for m in seen["meter"])
    assert {"Listening: speak your answer", "The interviewer is speaking (start talking to interrupt)"} <= seen[
        "states"]
    assert seen.get("stages", "").startswith("end of turn ")
    # stored: the answers with real timings and every stage, the session ended by the recording
    rows = db.execute(
        "SELECT text, words, timings FROM turns WHERE session_id = ? AND speaker = 'candidate' ORDER BY idx",
        (runner.session_id,)).fetchall()
    assert [r["text"] for r in rows] == [WARM, CORE]
    for row in rows:
        timings = json.loads(row["timings"])
        assert timings["stt"] == "deepgram" and timings["tts"] == "local"
        values = [timings[k] for k in ("end_of_turn_ms", "stt_final_ms", "first_llm_token_ms", "first_tts_audio_ms")]
        assert all(isinstance(v, int) for v in values) and values == sorted(values), timings
        assert 700 <= timings["silence_budget_ms"] <= 1500
        assert describe_timings(timings).startswith(f"end of turn {timings['end_of_turn_ms']:,} ms")
        assert all(start is not None for _w, start, _e, _c in json.loads(row["words"]))
    session_row = store.get_session(db, runner.session_id)
    assert session_row.status == "completed"
    assert sink.played  # the interviewer was heard


def test_leaving_mid_answer_keeps_the_session_paused(db) -> None:
    """Ctrl+Q while the candidate is speaking: the microphone (here the recording) is
    released, nothing more is stored, and the interview can be continued."""
    pcm = answer(WARM, 20_000, tail_ms=1000)
    warm_end = (300 + ms(say(WARM))) / 1000
    runner = InterviewRunner.create(db, InterviewOptions(type="behavioral", minutes=10, seed=11))

    async def go(session: VoiceSession) -> str:
        app = build_app(runner, None, voice=session)
        async with app.run_test(size=(120, 40)) as pilot:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:  # until the first answer is in and the next is awaited
                await pilot.pause(0.05)
                if "end of turn" in str(app.query_one("#stages", Static).render()):
                    break
            assert app.query(".candidate"), "the first answer was heard"
            await pilot.press("ctrl+q")
        return app.return_value or ""

    with FakeDeepgram([_words(WARM, 0.4, warm_end - 0.1)], later=[[]]) as fake:
        session, sink = _voice(fake, pcm)
        started = time.monotonic()
        try:
            result = asyncio.run(go(session))
        finally:
            sink.close()
    assert result == "paused"
    assert time.monotonic() - started < 30  # did not wait for the 20 s recording to play out
    assert session.source._closed  # type: ignore[attr-defined]
    assert store.get_session(db, runner.session_id).status == "in_progress"
    texts = [r["text"] for r in db.execute(
        "SELECT text FROM turns WHERE session_id = ? AND speaker = 'candidate'", (runner.session_id,))]
    assert texts == [WARM]
    resumed = InterviewRunner.load(db, runner.session_id)
    assert not resumed.engine.phase.value == "done"


def test_a_failing_recogniser_pauses_the_interview_with_its_error(db) -> None:
    """The speech-to-text service dropping mid-answer: the app closes with the session
    paused (continuable) and hands the error to the command, which prints one line."""
    from icraft.core.errors import IcraftError

    pcm = answer(WARM, tail_ms=3000)
    warm_end = (300 + ms(say(WARM))) / 1000
    runner = InterviewRunner.create(db, InterviewOptions(type="behavioral", minutes=10, seed=11))

    async def go(app) -> str:
        async with app.run_test(size=(120, 40)) as pilot:
            deadline = time.monotonic() + 60
            while app.is_running and app.return_value is None and time.monotonic() < deadline:
                await pilot.pause(0.05)
        return app.return_value or ""

    with FakeDeepgram([_words(WARM, 0.4, warm_end - 0.1)], error_after_s=1.0) as fake:
        session, sink = _voice(fake, pcm)
        app = build_app(runner, None, voice=session)
        try:
            result = asyncio.run(go(app))
        finally:
            sink.close()
    assert result == "paused"
    assert isinstance(app.voice_error, IcraftError) and "\n" not in str(app.voice_error)
    assert store.get_session(db, runner.session_id).status == "in_progress"


def test_a_continued_spoken_interview_shows_the_welcome_back(db) -> None:
    """--continue with --voice: the stored "welcome back" and the pending question are on
    screen (and spoken), not only in the database."""
    from tests.fakes.voice_speech import noise

    runner = InterviewRunner.create(db, InterviewOptions(type="behavioral", minutes=10, seed=11))
    runner.begin()
    resumed = InterviewRunner.load(db, runner.session_id)
    first = resumed.resume()
    pending = first.utterances[-1].text
    seen: list[str] = []

    async def go(session: VoiceSession) -> None:
        app = build_app(resumed, first, voice=session)
        async with app.run_test(size=(120, 40)) as pilot:
            deadline = time.monotonic() + 30
            while not app.finished and time.monotonic() < deadline:
                seen.append(str(app.query_one("#question", Static).render()))
                await pilot.pause(0.05)
            await pilot.press("q")

    with FakeDeepgram([]) as fake:
        session, sink = _voice(fake, noise(6000))  # nobody answers; the recording ends the interview
        try:
            asyncio.run(go(session))
        finally:
            sink.close()
    assert pending in seen
