"""Text-to-speech: sentence streaming, espeak-ng, vendor adapters against fake servers on
127.0.0.1 (real openai / deepgram SDKs, httpx for ElevenLabs), and the fallback chain."""

from __future__ import annotations

import threading
import time
from array import array
from urllib.parse import parse_qs, urlparse

import pytest

from icraft.core.errors import DependencyError
from icraft.providers.base import ProviderCallError, ProviderUnavailable
from icraft.providers.tts import TtsChain, TtsOptions, configured_chain, get_tts, sentences
from tests.fakes import openai_api
from tests.fakes.server import FakeServer, Reply
from tests.requires import needs_espeak
from tests.fakes.voice_vendors import deepgram_error, elevenlabs_error, pcm_reply

PCM = array("h", (int(8000 * ((i % 40) / 20 - 1)) for i in range(16000))).tobytes()  # 1 s at 16 kHz


def test_sentences_are_yielded_as_soon_as_they_end() -> None:
    got: list[tuple[str, int]] = []
    deltas = ["Thanks for ", "that answer. ", "Tell me about a time you led", " a project. What was the", " result?"]
    fed = 0

    def feed():
        nonlocal fed
        for d in deltas:
            fed += 1
            yield d

    for s in sentences(feed()):
        got.append((s, fed))
    assert got == [("Thanks for that answer.", 2), ("Tell me about a time you led a project.", 4),
                   ("What was the result?", 5)]


def test_sentences_keep_abbreviations_and_cut_run_ons() -> None:
    assert list(sentences(["Dr. Smith and Mr. Jones agreed, e.g. on the API. Next one."])) == [
        "Dr. Smith and Mr. Jones agreed, e.g. on the API.", "Next one."]
    long = "We looked at the queue, " * 20
    parts = list(sentences([long]))
    assert len(parts) > 1 and all(len(p) <= 240 for p in parts)
    assert " ".join(parts).split() == long.split()
    assert list(sentences(["Ok. ", "Fine."])) == ["Ok. Fine."]  # tiny sentences are merged


@needs_espeak
def test_local_espeak_voice() -> None:
    voice = get_tts("local")
    chunks = list(voice.synthesize("Tell me about a project you led."))
    assert voice.sample_rate == 22050
    audio = b"".join(chunks)
    seconds = len(audio) / 2 / voice.sample_rate
    assert 1.0 < seconds < 4.0
    assert len(chunks) > 5  # delivered in ~100 ms chunks
    assert max(array("h", audio)) > 3000  # not silence


def test_local_voice_without_espeak_is_a_dependency_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(DependencyError, match="espeak-ng") as e:
        list(get_tts("local").synthesize("Hello there."))
    assert "apt-get install espeak-ng" in e.value.hint


def test_none_voice_is_silent() -> None:
    assert list(get_tts("none").synthesize("Hello there.")) == []


def test_unknown_and_keyless_voices_name_the_fix() -> None:
    with pytest.raises(ProviderUnavailable, match="unknown text-to-speech provider 'elevenlab'") as e:
        get_tts("elevenlab")
    assert "elevenlabs" in e.value.hint
    with pytest.raises(ProviderUnavailable, match="no API key for elevenlabs") as e:
        get_tts("elevenlabs")
    assert "icraft keys set elevenlabs" in e.value.hint


def test_key_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPGRAM_API_KEY", "dg-env")
    voice = get_tts("deepgram")
    assert voice.id == "deepgram" and "dg-env" not in repr(voice)


# -- vendors -----------------------------------------------------------------------------------------
def test_openai_speech_through_the_sdk() -> None:
    pcm24 = PCM + PCM[: len(PCM) // 2]  # 1 s at 24 kHz
    with FakeServer() as server:
        server.push(pcm_reply(pcm24))
        voice = get_tts("openai", key="sk-test", options=TtsOptions(base_url=server.url + "/v1", voice="verse"))
        audio = b"".join(voice.synthesize("Tell me about yourself."))
    assert audio == pcm24 and voice.sample_rate == 24000
    req = server.requests[0]
    assert req.method == "POST" and req.path == "/v1/audio/speech"
    assert req.headers["authorization"] == "Bearer sk-test"
    assert req.body == {"input": "Tell me about yourself.", "model": "gpt-4o-mini-tts", "voice": "verse",
                        "response_format": "pcm"}


def test_openai_speech_error_is_a_provider_error() -> None:
    with FakeServer() as server:
        server.push(openai_api.error(401, "Incorrect API key provided"))
        voice = get_tts("openai", key="sk-bad", options=TtsOptions(base_url=server.url + "/v1"))
        with pytest.raises(ProviderCallError, match="Incorrect API key") as e:
            list(voice.synthesize("Hello there."))
    assert e.value.status == 401


def test_elevenlabs_stream_over_http() -> None:
    with FakeServer() as server:
        server.push(pcm_reply(PCM[:-1] + PCM[-1:]))
        voice = get_tts("elevenlabs", key="xi-test", options=TtsOptions(base_url=server.url, voice="voice123"))
        audio = b"".join(voice.synthesize("Walk me through the design."))
    assert audio == PCM
    req = server.requests[0]
    url = urlparse(req.path)
    assert url.path == "/v1/text-to-speech/voice123/stream"
    assert parse_qs(url.query) == {"output_format": ["pcm_16000"]}
    assert req.headers["xi-api-key"] == "xi-test"
    assert req.body == {"text": "Walk me through the design.", "model_id": "eleven_flash_v2_5"}


def test_elevenlabs_error_detail_reaches_the_message() -> None:
    with FakeServer() as server:
        server.push(elevenlabs_error(401))
        voice = get_tts("elevenlabs", key="xi-bad", options=TtsOptions(base_url=server.url))
        with pytest.raises(ProviderCallError, match="HTTP 401: Invalid API key") as e:
            list(voice.synthesize("Hello there."))
    assert e.value.status == 401


def test_deepgram_aura_through_the_sdk() -> None:
    with FakeServer() as server:
        server.push(pcm_reply(PCM, content_type="audio/l16"))
        voice = get_tts("deepgram", key="dg-test", options=TtsOptions(base_url=server.url))
        audio = b"".join(voice.synthesize("What did you learn?"))
    assert audio == PCM
    req = server.requests[0]
    url = urlparse(req.path)
    assert url.path == "/v1/speak"
    q = parse_qs(url.query)
    assert q["model"] == ["aura-2-thalia-en"] and q["encoding"] == ["linear16"] and q["container"] == ["none"]
    assert float(q["sample_rate"][0]) == 16000
    assert req.headers["authorization"] == "Token dg-test"
    assert req.body == {"text": "What did you learn?"}


def test_deepgram_aura_error() -> None:
    with FakeServer() as server:
        server.push(deepgram_error(401))
        voice = get_tts("deepgram", key="dg-bad", options=TtsOptions(base_url=server.url))
        with pytest.raises(ProviderCallError, match="Invalid credentials"):
            list(voice.synthesize("Hello there."))


# -- the chain -----------------------------------------------------------------------------------------
def test_configured_chain_ends_with_none(monkeypatch: pytest.MonkeyPatch) -> None:
    assert configured_chain() == ["local", "none"]
    monkeypatch.setenv("ICRAFT_TTS_PROVIDER", "elevenlabs")
    monkeypatch.setenv("ICRAFT_TTS_FALLBACK", "deepgram,local,none,openai")
    assert configured_chain() == ["elevenlabs", "deepgram", "local", "none"]


@needs_espeak
def test_fallback_on_error_and_timeout_sticks_for_the_session() -> None:
    notices: list[str] = []
    with FakeServer() as eleven, FakeServer() as dg:
        eleven.push(elevenlabs_error(401))
        dg.push(pcm_reply(PCM, delay=60.0))  # hangs far past the chain's timeout

        def factory(name: str):
            if name == "elevenlabs":
                return get_tts(name, key="xi", options=TtsOptions(base_url=eleven.url))
            if name == "deepgram":
                return get_tts(name, key="dg", options=TtsOptions(base_url=dg.url, timeout=10))
            return get_tts(name)

        # 5 s: long enough that the 401 arrives first even on a loaded machine (at 0.5 s a busy
        # run timed out the ElevenLabs SDK's first request too), far below the server's 60 s
        chain = TtsChain(["elevenlabs", "deepgram", "local"], notify=notices.append, factory=factory, timeout=5.0)
        started = time.monotonic()
        first = list(chain.synthesize("Tell me about a conflict with a colleague."))
        took = time.monotonic() - started
        second = list(chain.synthesize("How did it end?"))
        assert len(eleven.requests) == 1 and len(dg.requests) == 1  # never retried this session
    assert chain.current == "local"
    assert first and second and all(rate == 22050 for _, rate in first + second)
    assert took < 30  # the 5 s timeout, not the server's 60 s (loose: a loaded machine is slow)
    assert [n.split(" failed")[0] for n in notices] == ["text-to-speech elevenlabs", "text-to-speech deepgram"]
    assert "HTTP 401" in notices[0] and "no audio within 5s" in notices[1]
    assert "switching to local for this session" in notices[1]
    assert [f[0] for f in chain.failures] == ["elevenlabs", "deepgram"]


def test_chain_ends_in_text_only() -> None:
    notices: list[str] = []
    chain = TtsChain(["elevenlabs"], notify=notices.append)  # no key: unusable
    assert list(chain.synthesize("Hello there.")) == []
    assert chain.current == "none" and "no API key for elevenlabs" in notices[0]


@needs_espeak
def test_first_audio_before_the_reply_is_complete() -> None:
    release = threading.Event()
    finished_at: list[float] = []

    def slow_reply():
        yield "Good. "
        yield "Now tell me how you measured success. "
        release.wait(5)  # the model is still writing the rest
        yield "And what would you change?"
        finished_at.append(time.monotonic())

    chain = TtsChain(["local"])
    first_audio_at = None
    for sentence, pcm, rate in chain.speak(slow_reply()):
        if first_audio_at is None:
            first_audio_at = time.monotonic()
            assert sentence == "Good. Now tell me how you measured success."
            release.set()
    assert first_audio_at is not None and finished_at and first_audio_at < finished_at[0]
