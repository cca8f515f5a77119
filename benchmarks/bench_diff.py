"""`icraft diff` speed on long answers: the offline diff builder should grow roughly
linearly with the answer's length (docs/DIFF.md).

    python benchmarks/bench_diff.py                 # 500 .. 8,000 words
    python benchmarks/bench_diff.py --words 17000   # one size
    python benchmarks/bench_diff.py --profile       # cProfile of the largest size

A long answer is made of the example stories (weak, mid and strong behavioural) told one
after another, so it has fillers, hedges, "we", run-ons and vague quantities throughout.
Prints figures; it is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from icraft.rewrite import build_versions  # noqa: E402
from icraft.rubric import lint_answer  # noqa: E402

QUESTION = "Tell me about a time you fixed a production problem under pressure."


def long_answer(words: int) -> str:
    stories = []
    for name in ("weak_behavioral.txt", "mid_behavioral.txt", "strong_behavioral.txt"):
        text = (REPO / "examples" / name).read_text(encoding="utf-8")
        stories.append(text.split("Candidate:", 1)[1].strip())
    out: list[str] = []
    i = 0
    while sum(len(s.split()) for s in out) < words:
        out.append(stories[i % len(stories)])
        i += 1
    return " ".join(" ".join(out).split()[:words])


def run(words: int) -> tuple[float, float]:
    text = long_answer(words)
    t0 = time.perf_counter()
    result = lint_answer(text, question=QUESTION, question_type="behavioral")
    t1 = time.perf_counter()
    build_versions(text, result, question=QUESTION)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--words", type=int, action="append")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    sizes = args.words or [500, 1000, 2000, 4000, 8000]
    if args.profile:
        import cProfile
        import pstats

        text = long_answer(max(sizes))
        result = lint_answer(text, question=QUESTION, question_type="behavioral")
        prof = cProfile.Profile()
        prof.runcall(build_versions, text, result, question=QUESTION)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(30)
        return
    print(f"{'words':>7} {'lint s':>8} {'diff s':>8} {'diff ms/word':>13}")
    for n in sizes:
        lint_s, diff_s = run(n)
        print(f"{n:>7} {lint_s:>8.3f} {diff_s:>8.3f} {1000 * diff_s / n:>13.3f}")


if __name__ == "__main__":
    main()
