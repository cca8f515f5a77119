"""Filler detection: precision and recall on annotated conversational speech.

    python benchmarks/bench_fillers.py              # precision / recall
    python benchmarks/bench_fillers.py --errors 40  # also misses and false alarms, by word

Reads ``../shared/data/fillers-dev/answers.jsonl`` at run time (240 answers, Switchboard
disfluency annotation; evaluation-only licence: never copied into the repository) and
skips with a message when it is absent. A predicted filler is correct if it overlaps a
gold span (precision); a gold span is found if a prediction overlaps it (recall), as its
README defines. Hedges ("kind of", "sort of") are not fillers there, nor here.
Target: precision >= 0.9 and recall >= 0.9 (issue 13). Figures in docs/SCORING.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from bisect import bisect_left
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from icraft.core.transcript import CANDIDATE, Turn  # noqa: E402
from icraft.delivery.fillers import find_fillers  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "fillers-dev" / "answers.jsonl"


def _overlaps(spans: list[tuple[int, int]], starts: list[int], a: int, b: int) -> bool:
    i = bisect_left(starts, a)
    for j in (i - 1, i):
        if 0 <= j < len(spans) and spans[j][0] < b and a < spans[j][1]:
            return True
    return False


def evaluate(path: Path) -> tuple[int, int, int, int, Counter[str], Counter[str]]:
    """(true positives, predictions, gold found, gold total, missed words, false alarm words)."""
    tp = pred_n = found = gold_n = 0
    missed: Counter[str] = Counter()
    false: Counter[str] = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        turn = Turn.from_text(CANDIDATE, rec["text"])
        words = turn.words
        pred = [(words[s].char_start, words[e - 1].char_end) for s, e in find_fillers(words)]
        gold = sorted((s, e) for s, e, _ in rec["fillers"])
        gold_starts = [g[0] for g in gold]
        pred_starts = [p[0] for p in pred]
        for a, b in pred:
            pred_n += 1
            if _overlaps(gold, gold_starts, a, b):
                tp += 1
            else:
                false[rec["text"][a:b].lower().strip(".,?!")] += 1
        for a, b in gold:
            gold_n += 1
            if _overlaps(pred, pred_starts, a, b):
                found += 1
            else:
                missed[rec["text"][a:b].lower().strip(".,?!")] += 1
    return tp, pred_n, found, gold_n, missed, false


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", type=int, default=0, metavar="N", help="show the N most common misses and false alarms")
    ap.add_argument("--data", type=Path, default=DATA, help="answers.jsonl (default: ../shared/data/fillers-dev)")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"skipped: {args.data} is absent (the filler development set is read from ../shared/data at run time)")
        return 0
    tp, pred_n, found, gold_n, missed, false = evaluate(args.data)
    precision = tp / pred_n if pred_n else 0.0
    recall = found / gold_n if gold_n else 0.0
    print(f"{gold_n} gold fillers, {pred_n} predicted")
    print(f"precision {precision:.3f} ({tp}/{pred_n})  recall {recall:.3f} ({found}/{gold_n})  target >= 0.9 / >= 0.9")
    if args.errors:
        print("missed:", ", ".join(f"{w} {n}" for w, n in missed.most_common(args.errors)))
        print("false alarms:", ", ".join(f"{w} {n}" for w, n in false.most_common(args.errors)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
