"""How well and how fast does `icraft cue` find the candidate's prepared answer?

The labelled set is tests/data/cue: three prepared files (40, 35 and 30 entries) and
231 spoken-style questions about them (paraphrases with fillers, two questions in one,
30 with no prepared answer) plus small talk that must not trigger. Each file's questions
are split in two halves (alternate lines): the abstention threshold and margin are
calibrated on the first half (the best share of correct cards with precision >= 95 %
and >= 90 % of unanswerable questions abstained) and every figure is reported on the
second half, then on all of it with the shipped constants (retrieve.THRESHOLD/MARGIN).

Prints:
- top-1: the best-ranked entry is right (answerable questions, before abstention);
- answered: a card is shown and it is right; precision of the cards shown;
- abstention on unanswerable questions; both cards found for two-in-one questions;
- small talk that triggered a question (detect.questions);
- key points of drill answers: tests/data/cue/recall.tsv, spoken-style answers labelled with
  the prepared points they cover, against fade.covered_points (right, precision, recall);
- retrieval latency p50/p99 at 1,000 entries (and top-1 among 1,000 entries);
- with --voice: end of a spoken question (espeak-ng, local faster-whisper tiny.en) to
  the card on screen, through the listener `icraft cue --audio` uses (voice_cue.py).

    python benchmarks/bench_cue.py [--voice] [--voice-count 20]

Figures (2026-12-07, 2 cores at load average ~15):
- report half: top-1 85.9 %, answered right 70.7 %, precision 97.2 %, abstained on
  unanswerable 93.3 %; all 231 with the shipped constants: top-1 88.6 %, answered right
  73.6 %, precision 97.4 %, abstained 93.3 %; both cards for 7/9 two-part questions;
  small talk triggered 0/17.
- 1,000 entries: match() wall p50 0.63 ms, p99 21 ms, CPU p99 2.1 ms; top-1 82.1 %.
- spoken (20, espeak + tiny.en): card on screen p50 2.3-2.4 s, p95 3.2-3.5 s, of which
  matching 2.2 ms: the rest is the local recogniser's pass after the pause; 9/20 right
  (6 misheard by tiny.en on espeak's voice, the rest abstentions on hard paraphrases).

Figures (2026-12-07 15:00, load average 5-13), after lemmas in cue.text:
- top-1 88.6 % (178/201; 181 needed for 90 %), answered right 74.6 %, precision 97.4 %,
  abstained 93.3 %. The misses share no content word with the prepared wording ("what made
  you apply for this position" / "Why do you want to work here?"); tried and not kept: other
  fusion weights (85.1-89.1 %, the halves swing 3-4 points either way), embedding content
  words only (85.1 %), the answer's words in BM25 (87.6 %).
- key points of drill answers (182 answers, 454 points): right 99.3 %, precision 99.1 %,
  recall 99.5 % (98.0 / 97.2 / 98.6 % with the earlier stems and no number folding).
- 1,000 entries: match() wall p99 4.82 ms at load ~5, 16.9-17.9 ms at load 9-13; CPU p99
  1.3-2.0 ms.
- spoken (20): card on screen p50 1967 ms, p95 2547 ms at load 9-13 (10/20 right); a single
  tiny.en pass over a 2.5 s question takes 0.8-1.9 s on this machine, so 200 ms is out of
  reach with it; interim passes every 0.8 s (STEP_MS) made it worse (p50 1955 ms on 8, 1
  card early), the passes queue on the same two cores.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def _points(index, items):
    """(item, top candidate or None, confidence, lead) for each question."""
    out = []
    for it in items:
        cands = index.rank(it.text)
        if not cands:
            out.append((it, None, 0.0, 0.0))
            continue
        runner = max((c.confidence for c in cands[1:]), default=0.0)
        out.append((it, cands[0], cands[0].confidence, cands[0].confidence - runner))
    return out


def _figures(points, threshold: float, margin: float) -> dict[str, float]:
    ans = [p for p in points if p[0].answerable]
    una = [p for p in points if not p[0].answerable]
    shown = [p for p in points if p[1] is not None and p[2] >= threshold and p[3] >= margin]
    right = [p for p in shown if p[0].answerable and p[1].number in p[0].labels]
    return {
        "top1": sum(1 for p in ans if p[1] is not None and p[1].number in p[0].labels) / max(1, len(ans)),
        "answered": len(right) / max(1, len(ans)),
        "precision": len(right) / max(1, len(shown)),
        "abstain": sum(1 for p in una if p not in shown) / max(1, len(una)),
        "n_ans": len(ans), "n_una": len(una), "n_shown": len(shown),
    }


def calibrate(points) -> tuple[float, float]:
    """The (threshold, margin) with the most correct cards under the precision and
    abstention targets; if none meets both, the one closest to them."""
    best = None
    for t in [x / 100 for x in range(20, 90)]:
        for m in [x / 100 for x in range(0, 30)]:
            f = _figures(points, t, m)
            feasible = f["precision"] >= 0.95 and f["abstain"] >= 0.90
            key = (feasible, f["answered"] if feasible else f["precision"] + f["abstain"], -t, -m)
            if best is None or key > best[0]:
                best = (key, t, m)
    return best[1], best[2]


def _pct(x: float) -> str:
    return f"{100 * x:5.1f} %"


def _recall() -> None:
    """Rating a drill answer: the key points it covers against tests/data/cue/recall.tsv."""
    from icraft.cue.fade import covered_points
    from icraft.cue.prepared import load
    from tests.cue_data import FILES, prepared_path, recall_answers

    files = {name: load(prepared_path(name)) for name in FILES}
    answers = recall_answers()
    tp = fp = fn = tn = 0
    t0 = time.perf_counter()
    for a in answers:
        for i, got in enumerate(covered_points(files[a.file].entry(a.entry), a.text), 1):
            want = i in a.covered
            tp, fp, fn, tn = tp + (got and want), fp + (got and not want), fn + (want and not got), tn + (
                not got and not want)
    ms = (time.perf_counter() - t0) * 1000 / len(answers)
    n = tp + fp + fn + tn
    print(f"key points of drill answers ({len(answers)} labelled answers, {n} points): right {_pct((tp + tn) / n)}"
          f"   precision {_pct(tp / max(1, tp + fp))}   recall {_pct(tp / max(1, tp + fn))}   "
          f"({fp} false hits, {fn} misses; {ms:.1f} ms an answer)")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--voice", action="store_true", help="also time spoken question -> card (about 3 minutes)")
    p.add_argument("--voice-count", type=int, default=20)
    args = p.parse_args(argv)

    from icraft.cue import retrieve
    from icraft.cue.detect import questions
    from icraft.cue.prepared import load, parse
    from icraft.cue.retrieve import Index
    from tests.cue_data import FILES, labelled, prepared_path, thousand_entries

    cal, rep, allp, talk = [], [], [], []
    for name in FILES:
        index = Index(load(prepared_path(name)).entries)
        items = [it for it in labelled(name) if not it.small_talk]
        talk += [it for it in labelled(name) if it.small_talk]
        pts = _points(index, items)
        cal += pts[0::2]
        rep += pts[1::2]
        allp += pts
    t, m = calibrate(cal)
    print(f"labelled set: {len(allp)} questions ({sum(1 for x in allp if not x[0].answerable)} unanswerable), "
          f"{len(talk)} small talk; calibration half {len(cal)}, report half {len(rep)}")
    print(f"calibrated on the first half: threshold {t:.2f}, margin {m:.2f} "
          f"(shipped: {retrieve.THRESHOLD:.2f}, {retrieve.MARGIN:.2f})")
    for label, pts, (tt, mm) in (("report half, calibrated", rep, (t, m)),
                                  ("all, shipped constants", allp, (retrieve.THRESHOLD, retrieve.MARGIN))):
        f = _figures(pts, tt, mm)
        print(f"{label:>26}: top-1 {_pct(f['top1'])} (target >= 90 %)   answered right {_pct(f['answered'])}   "
              f"precision of cards {_pct(f['precision'])} (target >= 95 %, {f['n_shown']} shown)   "
              f"abstained on unanswerable {_pct(f['abstain'])} (target >= 90 %)")

    # two questions in one: both cards, through Index.match (the parts are matched alone)
    both = total = 0
    for name in FILES:
        index = Index(load(prepared_path(name)).entries)
        for it in labelled(name):
            if len(it.labels) >= 2:
                total += 1
                both += set(index.match(it.text).matches) == set(it.labels)
    print(f"two questions in one: both cards for {both}/{total}")
    triggered = [it.text for it in talk if questions(it.text)]
    print(f"small talk that triggered a question: {len(triggered)}/{len(talk)} {triggered if triggered else ''}")
    detected = sum(1 for x in allp if questions(x[0].text))
    print(f"questions detected as questions (typed, no '?'): {detected}/{len(allp)}")

    _recall()

    # retrieval at 1,000 entries
    big = parse(thousand_entries(), "1000 entries")
    t0 = time.perf_counter()
    index = Index(big.entries)
    build_ms = (time.perf_counter() - t0) * 1000
    texts = [x[0].text for x in allp]
    for q in texts[:20]:  # warm (rapidfuzz, numpy first calls)
        index.match(q)
    times = []
    cpu = []
    hits = 0
    offsets = {name: sum(len(load(prepared_path(n)).entries) for n in FILES[:FILES.index(name)]) for name in FILES}
    for _round in range(3):
        for x in allp:
            s, c = time.perf_counter(), time.process_time()
            index.match(x[0].text)
            times.append((time.perf_counter() - s) * 1000)
            cpu.append((time.process_time() - c) * 1000)
            if _round == 0 and x[0].answerable:
                cands = index.rank(x[0].text, limit=1)
                hits += bool(cands) and cands[0].number - offsets[x[0].file] in x[0].labels
    times.sort()
    cpu.sort()
    p50 = statistics.median(times)
    p99 = times[int(0.99 * (len(times) - 1))]
    cpu99 = cpu[int(0.99 * (len(cpu) - 1))]
    n_ans = sum(1 for x in allp if x[0].answerable)
    print(f"1,000 entries: index built in {build_ms:.0f} ms; match() wall p50 {p50:.2f} ms, p99 {p99:.2f} ms "
          f"(target <= 5 ms), CPU p99 {cpu99:.2f} ms (what a loaded machine's scheduling leaves out) over "
          f"{len(times)} queries; top-1 among 1,000: {_pct(hits / n_ans)}")
    if args.voice:
        sys.path.insert(0, str(REPO / "benchmarks"))
        from voice_cue import run as voice_run

        voice_run(args.voice_count)
    else:
        print("spoken question -> card: run with --voice (espeak-ng + local faster-whisper, about 3 minutes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
