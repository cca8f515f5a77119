"""Transcript parsing speed: a one-hour interview (~9,000 words) in each timed format.

Run: python benchmarks/bench_formats.py [--words N] [--repeat R]
Prints the best and median wall time per format; the target is well under 50 ms for
Deepgram/Whisper JSON of a one-hour interview. The data is synthetic but real-shaped
(diarized speakers taking turns every ~40 words, punctuated words, confidences).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Callable

from icraft.formats import read_text, write

VOCAB = (
    "so the cache sits in front of the database and we shard by user id um which keeps hot keys spread"
).split()


def deepgram(n: int) -> str:
    words = []
    for i in range(n):
        w = VOCAB[i % len(VOCAB)]
        words.append(
            {"word": w, "punctuated_word": w + ("?" if i % 40 == 39 else ""), "start": round(i * 0.4, 3),
             "end": round(i * 0.4 + 0.3, 3), "confidence": 0.93, "speaker": 0 if (i // 40) % 5 == 0 else 1,
             "speaker_confidence": 0.9}
        )
    return json.dumps({"metadata": {"duration": n * 0.4}, "results": {"channels": [{"alternatives": [
        {"transcript": " ".join(w["punctuated_word"] for w in words), "words": words}]}]}})


def openai(n: int) -> str:
    words = [{"word": VOCAB[i % len(VOCAB)], "start": round(i * 0.4, 3), "end": round(i * 0.4 + 0.3, 3)}
             for i in range(n)]
    return json.dumps({"task": "transcribe", "language": "english", "text": "", "words": words})


def measure(fn: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """(best wall, median wall, best CPU) seconds; CPU time is steadier on a busy machine."""
    runs, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        runs.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return min(runs), statistics.median(runs), min(cpu)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=9000)
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    dg = read_text(deepgram(args.words))
    inputs = {
        "deepgram": deepgram(args.words),
        "openai": openai(args.words),
        "json (icraft)": write(dg, "json"),
        "vtt": write(dg, "vtt"),
        "srt": write(dg, "srt"),
        "text": write(dg, "txt"),
    }
    print(f"{args.words} words; wall best / median, CPU best, of {args.repeat} runs")
    for name, text in inputs.items():
        best, med, cpu = measure(lambda: read_text(text), args.repeat)
        print(
            f"  read {name:14s} {len(text) / 1e6:5.2f} MB  {best * 1000:6.1f} / {med * 1000:6.1f} ms"
            f"  cpu {cpu * 1000:6.1f} ms"
        )
    for fmt in ("json", "vtt", "srt", "txt"):
        best, med, cpu = measure(lambda: write(dg, fmt), args.repeat)
        print(f"  write {fmt:22s} {best * 1000:6.1f} / {med * 1000:6.1f} ms  cpu {cpu * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
