"""Voice activity: speech frames found and non-speech frames called speech, per backend.

The files are generated in code (tests/fakes/vad_audio.py), never downloaded: espeak-ng
answers (four sentences, two voices, 140-185 words/min, 900 ms pauses) over room noise
and mixed with white noise, pink noise and 50 Hz hum at 10 dB SNR; and files with no
speech at all: 50 and 100 Hz hum with harmonics, music (piano and organ chords, a
melody over a bass), keyboard clicks, white and pink noise bursts, a 440 Hz tone.
Each 20 ms frame is labelled from how the file was made: speech where the clean espeak
track is over -50 dBFS (gaps under 100 ms inside a phrase count as speech); 40 ms
either side of each speech boundary is not scored.

Targets: speech frames found >= 95 %, non-speech frames called speech <= 2 %.

Measured (this 2-core machine, shared with other test runs; the rates do not depend on load):

    file                  seconds  silero found  silero false  energy found  energy false
    speech                   21.0        95.9 %         0.3 %        89.1 %         0.0 %
    speech+white 10dB        21.0        95.8 %         8.7 %        16.5 %         5.9 %
    speech+pink 10dB         21.0        97.6 %         7.0 %        62.0 %        40.1 %
    speech+hum50 10dB        21.0        98.0 %         4.9 %        55.5 %        36.9 %
    hum 100 Hz                6.0             -         0.0 %             -       100.0 %
    music: chords             8.0             -         0.0 %             -        98.5 %
    clicks                    6.0             -         0.0 %             -         6.3 %
    white bursts              8.0             -         0.0 %             -        36.8 %
    hum 50 Hz                10.0             -         0.0 %             -       100.0 %
    music: organ              8.0             -         0.0 %             -       100.0 %
    music: melody             5.5             -         0.0 %             -       100.0 %
    pink bursts               8.0             -         0.0 %             -        48.0 %
    pure tone 440 Hz          6.0             -         0.0 %             -       100.0 %
    overall                 149.4        96.8 %         1.4 %        55.8 %        62.5 %

Silero's false frames in the speech files are its release: it stays in speech for
100-200 ms after a phrase ends (and through the 200 ms comma pause of one sentence),
which costs nothing at the end of a turn (the silence budget is 700 ms or more).
Silero took 1.6 s for the 149 s of audio (real-time factor 0.011) with a load average
of 15 on the two cores; the energy VAD 0.8 s. Update these figures when the detector
changes.

    python benchmarks/bench_vad.py [--json]

Needs espeak-ng for the speech files (they are left out without it), and onnxruntime
with faster-whisper's Silero model for the ``silero`` columns (``pip install 'icraft[local-stt]'``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from icraft.voice import vad  # noqa: E402
from icraft.voice.endpoint import Vad  # noqa: E402
from tests.fakes import vad_audio  # noqa: E402  (the generated, labelled files shared with the tests)


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f} %"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    backends = {"energy": Vad}
    why = vad.describe("silero")
    if why[0] == "silero":
        backends = {"silero": vad.SileroVad, **backends}
    else:
        print(f"silero: left out ({why[1]})", file=sys.stderr)
    clips = []
    if shutil.which("espeak-ng"):
        clips += vad_audio.speech_clips()
    else:
        print("speech files: left out (espeak-ng is not installed)", file=sys.stderr)
    clips += vad_audio.noise_clips()
    rows = []
    totals = {b: vad_audio.Rates(0, 0, 0, 0) for b in backends}
    seconds = {b: 0.0 for b in backends}
    for clip in clips:
        row = {"file": clip.name, "seconds": round(clip.seconds, 1)}
        for name, make in backends.items():
            t0 = time.perf_counter()
            r = vad_audio.score(clip, make)
            seconds[name] += time.perf_counter() - t0
            totals[name] = totals[name] + r
            row[name] = {"found": r.found_rate, "false": r.false_rate, "speech_frames": r.speech,
                         "other_frames": r.other}
        rows.append(row)
    audio = sum(c.seconds for c in clips)
    overall = {"file": "overall", "seconds": round(audio, 1),
               **{b: {"found": t.found_rate, "false": t.false_rate, "speech_frames": t.speech,
                      "other_frames": t.other, "real_time_factor": round(seconds[b] / audio, 4)}
                  for b, t in totals.items()}}
    if args.json:
        print(json.dumps({"files": rows, "overall": overall, "targets": {"found": 0.95, "false": 0.02}}, indent=2))
        return 0
    head = f"{'file':<20} {'seconds':>8}" + "".join(f" {b + ' found':>13} {b + ' false':>13}" for b in backends)
    print(head)
    for row in [*rows, overall]:
        print(f"{row['file']:<20} {row['seconds']:>8}"
              + "".join(f" {_pct(row[b]['found']):>13} {_pct(row[b]['false']):>13}" for b in backends))
    for b in backends:
        print(f"{b}: {seconds[b]:.2f} s for {audio:.0f} s of audio (real-time factor {seconds[b] / audio:.4f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
