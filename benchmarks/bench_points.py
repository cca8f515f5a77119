"""Talking points: does an answer cover the points of its own question, and few of another's?

    python benchmarks/bench_points.py              # the figures
    python benchmarks/bench_points.py --pairs      # also each labelled pair the scorer gets wrong

Data (tests/data/relevance, written in candidates' own words, blind to the scorer):
paraphrased.tsv (30 answers with quality labels), on_topic.tsv (12 strong and middling
stories) and trial_answers.tsv (2 from a new-user trial).

- Labelled pairs: point_labels.tsv, 66 (answer, talking point) pairs labelled covered or
  not by hand before the soft point matcher existed: precision and recall of the
  engine's coverage (``lint_answer(...).talking_points``, the answer given to the
  question whose point it is).
- Own vs swap: for each answer the share of its own question's points covered, and the
  mean share of the points of every other question of these files (a swap).
- missed_talking_points: how often it fires on each quality of own answer (``lint_answer``
  with the bank question and its type).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from icraft.content.bank import load_bank  # noqa: E402
from icraft.rubric import lint_answer  # noqa: E402
from icraft.rubric.questions import scoring_type  # noqa: E402

from tests.relevance_data import labelled_answers as answers  # noqa: E402
from tests.relevance_data import rows as _rows  # noqa: E402


_LINTS: dict[tuple[str, str], dict[str, str | None]] = {}


def coverage(bank: dict, qid: str, answer: str) -> dict[str, str | None]:
    """Each talking point of question ``qid`` -> the sentence of ``answer`` that covers it
    (None: not covered), as the engine reports it with the answer given to that question."""
    key = (qid, answer)
    if key not in _LINTS:
        q = bank[qid]
        res = lint_answer(answer, question=q.text, question_type=scoring_type(q.type))
        _LINTS[key] = dict(res.talking_points)
    return _LINTS[key]


def share(bank: dict, qid: str, answer: str) -> float:
    got = coverage(bank, qid, answer)
    return sum(v is not None for v in got.values()) / len(got)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", action="store_true", help="print each labelled pair the scorer gets wrong")
    args = ap.parse_args()
    bank = {q.id: q for q in load_bank()}
    ans = answers(bank)
    t0 = time.perf_counter()
    tp = fp = fn = tn = 0
    for key, qid, idx, label in _rows("point_labels.tsv"):
        answer = ans[key][2]
        point = bank[qid].talking_points[int(idx)]
        quote = coverage(bank, qid, answer)[point]
        covered = quote is not None
        want = label == "1"
        tp += covered and want
        fp += covered and not want
        fn += want and not covered
        tn += not want and not covered
        if args.pairs and covered != want:
            print(f"  {'FP' if covered else 'FN'} {key} -> {qid}: {point!r}" + (f" <- {quote!r}" if covered else ""))
    n = tp + fp + fn + tn
    print(f"labelled pairs {n} ({tp + fn} covered by hand): precision {tp / max(1, tp + fp):.2f}, "
          f"recall {tp / max(1, tp + fn):.2f} (tp {tp}, fp {fp}, fn {fn}, tn {tn})")
    qids = sorted({qid for qid, _, _ in ans.values()})
    own_by: dict[str, list[float]] = {}
    swap_by: dict[str, list[float]] = {}
    separated = 0
    for key, (qid, quality, answer) in ans.items():
        own = share(bank, qid, answer)
        swaps = [share(bank, o, answer) for o in qids if o != qid]
        own_by.setdefault(quality, []).append(own)
        swap_by.setdefault(quality, []).append(statistics.mean(swaps))
        separated += sum(own > s for s in swaps) + 0.5 * sum(own == s for s in swaps)
        pairs = len(swaps)
    print(f"own vs swap coverage ({len(ans)} answers x {len(qids) - 1} other questions):")
    for quality in ("strong", "middling", "weak", "on_topic", "trial"):
        if quality in own_by:
            print(f"  {quality:9} own {statistics.mean(own_by[quality]):.2f}  swap {statistics.mean(swap_by[quality]):.2f}"
                  f"  ({len(own_by[quality])} answers)")
    everyone = [x for v in own_by.values() for x in v]
    swapped = [x for v in swap_by.values() for x in v]
    print(f"  all       own {statistics.mean(everyone):.2f}  swap {statistics.mean(swapped):.2f}; "
          f"own above swap in {separated / (len(ans) * pairs):.0%} of pairs (ties half)")
    fired: dict[str, list[int]] = {}
    for key, (qid, quality, answer) in ans.items():
        q = bank[qid]
        res = lint_answer(answer, question=q.text, question_type=scoring_type(q.type))
        fired.setdefault(quality, []).append(any(f.rule_id == "missed_talking_points" for f in res.findings))
    print("missed_talking_points on own answers: " + ", ".join(
        f"{quality} {sum(v)}/{len(v)}" for quality, v in fired.items()))
    print(f"({time.perf_counter() - t0:.1f} s)")


if __name__ == "__main__":
    main()
