"""Speech-to-text: Deepgram live (real deepgram-sdk against a fake WebSocket server),
OpenAI transcriptions (real openai SDK against a fake HTTP server), the common
streaming interface and the provider lookup."""

from __future__ import annotations

import io
import threading
import time
import wave

import pytest

from icraft.core.transcript import CANDIDATE
from icraft.providers.base import ProviderCallError, ProviderUnavailable
from icraft.providers.stt import FILLER_PROMPT, SttOptions, get_stt
from tests.fakes import openai_api
from tests.fakes.server import FakeServer
from tests.fakes.voice_deepgram import FakeDeepgram
from tests.fakes.voice_vendors import multipart_fields, openai_transcription

UTTERANCES = [
    [("Um,", 0.10, 0.30), ("I", 0.50, 0.60), ("led", 0.60, 0.80), ("the", 0.80, 0.90), ("migration.", 0.90, 1.40)],
    [("Uh,", 1.90, 2.10), ("we", 2.20, 2.30), ("cut", 2.30, 2.50), ("latency", 2.50, 3.00), ("by", 3.00, 3.10),
     ("40%.", 3.10, 3.60)],
]


def _silence(seconds: float) -> bytes:
    return bytes(int(32000 * seconds))


def _send_all(stream, pcm: bytes) -> None:
    for off in range(0, len(pcm), 640):
        stream.send(pcm[off: off + 640])


# -- deepgram ---------------------------------------------------------------------------------------
def test_deepgram_live_interim_and_final_results_keep_fillers() -> None:
    results = []
    with FakeDeepgram(UTTERANCES) as fake:
        stt = get_stt("deepgram", key="dg-test-key", options=SttOptions(base_url=fake.url))
        stream = stt.open(on_result=results.append)
        _send_all(stream, _silence(4.0))
        result = stream.finish()
    session = fake.sessions[0]
    assert session.query["filler_words"] == "true"
    assert session.query["smart_format"] == "true" and session.query["interim_results"] == "true"
    assert session.query["encoding"] == "linear16" and session.query["sample_rate"] == "16000"
    assert session.query["model"] == "nova-3"
    assert session.headers["authorization"] == "Token dg-test-key"
    assert session.audio_bytes == 128000 and session.controls == ["CloseStream"]

    assert any(not r.is_final for r in results) and any(r.is_final for r in results)
    first_interim = next(r for r in results if not r.is_final)
    assert first_interim.transcript.startswith("Um,")
    assert result.text == "Um, I led the migration. Uh, we cut latency by 40%."
    turn = result.turn()
    assert turn.speaker == CANDIDATE and turn.timed
    assert [(w.text, w.start_ms, w.end_ms) for w in turn.words[:2]] == [("Um,", 100, 300), ("I", 500, 600)]
    assert turn.words[-1].end_ms == 3600 and turn.words[0].confidence == pytest.approx(0.97)
    assert result.provider == "deepgram" and result.audio_ms == 4000


def test_deepgram_offset_shifts_word_times() -> None:
    with FakeDeepgram(UTTERANCES[:1]) as fake:
        stream = get_stt("deepgram", key="dg-test-key", options=SttOptions(base_url=fake.url)).open(offset_ms=5000)
        _send_all(stream, _silence(1.5))
        tokens = stream.finish().tokens
    assert tokens[0].start_ms == 5100 and tokens[-1].end_ms == 6400


def test_deepgram_close_flushes_a_final_not_yet_sent() -> None:
    with FakeDeepgram(UTTERANCES) as fake:
        stream = get_stt("deepgram", key="dg-test-key", options=SttOptions(base_url=fake.url)).open()
        _send_all(stream, _silence(3.2))  # the second utterance is not complete yet
        deadline = time.monotonic() + 5
        while not stream.partial_text.startswith("Um, I led the migration. Uh,") and time.monotonic() < deadline:
            time.sleep(0.01)
        assert stream.partial_text.startswith("Um, I led the migration. Uh,")
        result = stream.finish()
    assert result.text == "Um, I led the migration. Uh, we cut latency by"


def test_deepgram_wrong_key_is_one_provider_error() -> None:
    with FakeDeepgram(UTTERANCES) as fake:
        with pytest.raises(ProviderCallError, match=r"HTTP 401") as e:
            get_stt("deepgram", key="wrong", options=SttOptions(base_url=fake.url)).open()
    assert e.value.status == 401 and "icraft keys set deepgram" in e.value.hint


def test_deepgram_unreachable() -> None:
    with pytest.raises(ProviderCallError, match="deepgram failed"):
        get_stt("deepgram", key="k", options=SttOptions(base_url="http://127.0.0.1:9")).open()


def test_deepgram_server_error_mid_stream_surfaces_at_finish() -> None:
    with FakeDeepgram(UTTERANCES, error_after_s=1.0) as fake:
        stream = get_stt("deepgram", key="dg-test-key", options=SttOptions(base_url=fake.url)).open()
        with pytest.raises(ProviderCallError):
            _send_all(stream, _silence(3.0))
            stream.finish()


def test_deepgram_needs_a_key() -> None:
    with pytest.raises(ProviderUnavailable, match="no API key for deepgram") as e:
        get_stt("deepgram")
    assert "icraft keys set deepgram" in e.value.hint


# -- openai ---------------------------------------------------------------------------------------------
def test_openai_transcription_with_word_timestamps() -> None:
    words = [("Um", 0.0, 0.3), ("so", 0.5, 0.7), ("we", 0.7, 0.8), ("sharded", 0.8, 1.3), ("it", 1.3, 1.5)]
    results = []
    with FakeServer() as server:
        server.push(openai_transcription(words))
        stt = get_stt("openai", key="sk-test", options=SttOptions(base_url=server.url + "/v1"))
        stream = stt.open(on_result=results.append, offset_ms=1000)
        _send_all(stream, _silence(3.0))
        result = stream.finish(speech_end_ms=1500)
    req = server.requests[0]
    assert req.path == "/v1/audio/transcriptions" and req.headers["authorization"] == "Bearer sk-test"
    fields = multipart_fields(req.body, req.headers["content-type"])
    assert fields["model"] == b"whisper-1" and fields["response_format"] == b"verbose_json"
    assert fields["timestamp_granularities[]"] == b"word"
    assert fields["prompt"].decode() == FILLER_PROMPT and fields["language"] == b"en"
    with wave.open(io.BytesIO(fields["file"])) as w:
        assert w.getframerate() == 16000 and w.getnchannels() == 1
        assert w.getnframes() == 16 * 1800  # trimmed to the end of speech + 300 ms
    assert result.text == "Um so we sharded it"
    assert [(t.start_ms, t.end_ms) for t in result.tokens[:2]] == [(1000, 1300), (1500, 1700)]
    assert results and results[-1].is_final


def test_openai_transcription_errors() -> None:
    with FakeServer() as server:
        server.push(openai_api.error(500, "server exploded"), openai_api.error(500, "server exploded"))
        stt = get_stt("openai", key="sk-test", options=SttOptions(base_url=server.url + "/v1", timeout=5))
        stt_stream = stt.open()
        _send_all(stt_stream, _silence(1.0))
        with pytest.raises(ProviderCallError, match="server exploded") as e:
            stt_stream.finish()
    assert e.value.status == 500


def test_openai_short_audio_is_not_sent() -> None:
    with FakeServer() as server:
        stream = get_stt("openai", key="sk", options=SttOptions(base_url=server.url + "/v1")).open()
        stream.send(bytes(640))
        assert stream.finish().text == ""
    assert server.requests == []


# -- the interface ------------------------------------------------------------------------------------------
def test_unknown_provider_suggests_one() -> None:
    with pytest.raises(ProviderUnavailable, match="unknown speech-to-text provider 'deepgam'") as e:
        get_stt("deepgam")
    assert "deepgram" in e.value.hint


def test_provider_model_syntax(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPGRAM_API_KEY", "dg")
    assert get_stt("deepgram:nova-2").model == "nova-2"
    monkeypatch.setenv("ICRAFT_STT_LOCAL_MODEL", "/models/base.en")
    assert get_stt("local").model == "/models/base.en"


def test_finished_stream_refuses_more_audio() -> None:
    with FakeDeepgram(UTTERANCES[:1]) as fake:
        stream = get_stt("deepgram", key="dg-test-key", options=SttOptions(base_url=fake.url)).open()
        _send_all(stream, _silence(1.5))
        stream.finish()
        with pytest.raises(RuntimeError):
            stream.send(bytes(640))


def test_results_arrive_while_audio_is_still_being_sent() -> None:
    got_interim = threading.Event()
    with FakeDeepgram(UTTERANCES) as fake:
        stream = get_stt("deepgram", key="dg-test-key", options=SttOptions(base_url=fake.url)).open(
            on_result=lambda r: got_interim.set())
        _send_all(stream, _silence(1.0))
        assert got_interim.wait(5)  # before finish(): streaming, not batch
        stream.finish()
