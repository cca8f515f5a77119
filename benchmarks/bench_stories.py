"""Story recognition: are retellings of one story clustered together, and are different
stories (near-misses about the same project, team or technology included) kept apart?

    python benchmarks/bench_stories.py [--calibrate]

Data: benchmarks/data/stories.toml (written for icraft). Families (a story with its
near-misses) alternate between the calibration half and the report half; the tellings of a half are clustered together,
in a fixed shuffled order (a retelling comes sessions later, among other stories).

- same-story recall: of the pairs of tellings of one story, the share in one cluster;
- false merges: of the pairs of tellings of different stories, the share in one cluster
  (all pairs, and the near-miss pairs alone).
``--calibrate`` prints the figures for a range of thresholds on the calibration half.
Also prints how long listing a 500-story bank takes (what `icraft stories --json` computes:
every story with its warnings and the coverage map, on a real database; the table of
tests/test_stories.py is timed through the command).
"""

from __future__ import annotations

import random
import sys
import time
import tomllib
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from icraft.stories import core  # noqa: E402

DATA = Path(__file__).parent / "data" / "stories.toml"


def load() -> list[dict]:
    return tomllib.loads(DATA.read_text(encoding="utf-8"))["story"]


def halves(stories: list[dict]) -> tuple[list[dict], list[dict]]:
    """Calibration and report halves by family (a story with its near-misses), alternating
    in file order, so both halves hold near-miss pairs."""
    families: dict[str, list[dict]] = {}
    for s in stories:
        families.setdefault(s.get("near") or s["id"], []).append(s)
    ordered = list(families.values())
    return [s for f in ordered[0::2] for s in f], [s for f in ordered[1::2] for s in f]


def evaluate(stories: list[dict], threshold: float) -> dict[str, float]:
    items = [(s["id"], s.get("near"), t) for s in stories for t in s["tellings"]]
    random.Random(7).shuffle(items)
    occurrences = [core.read(t) for _, _, t in items]
    groups = core.cluster(occurrences, threshold=threshold)
    where = {i: g for g, members in enumerate(groups) for i in members}
    near = {(s["id"], s["near"]) for s in stories if s.get("near")} | {(s["near"], s["id"]) for s in stories if s.get("near")}
    same = same_ok = diff = diff_bad = near_n = near_bad = 0
    for i, j in combinations(range(len(items)), 2):
        together = where[i] == where[j]
        if items[i][0] == items[j][0]:
            same += 1
            same_ok += together
        else:
            diff += 1
            diff_bad += together
            if (items[i][0], items[j][0]) in near:
                near_n += 1
                near_bad += together
    return {
        "stories": len(stories), "tellings": len(items), "clusters": len(groups),
        "recall": same_ok / same if same else 1.0,
        "false_merges": diff_bad / diff if diff else 0.0,
        "near_false_merges": near_bad / near_n if near_n else 0.0,
    }


def margin(stories: list[dict]) -> tuple[float, float]:
    """The closest calls: the least similar pair of tellings of one story, and the most
    similar pair of tellings of different stories (how much room the threshold has)."""
    from icraft.nlp import embed

    occurrences = [(s["id"], core.read(t)) for s in stories for t in s["tellings"]]
    e = embed.embedder()
    vectors = e.embed([o.text for _, o in occurrences]) if e is not None else None
    low_same, high_diff = 1.0, 0.0
    for i, j in combinations(range(len(occurrences)), 2):
        (a, x), (b, y) = occurrences[i], occurrences[j]
        score = core.similarity(x, y, meaning=float(vectors[i] @ vectors[j]) if vectors is not None else 0.0)
        if a == b:
            low_same = min(low_same, score)
        else:
            high_diff = max(high_diff, score)
    return low_same, high_diff


def listing_time(n: int = 500) -> float:
    import os
    import tempfile

    os.environ["ICRAFT_HOME"] = tempfile.mkdtemp(prefix="icraft-bench-stories-")
    from icraft.store import connect
    from icraft.store import stories as repo

    conn = connect()
    texts = [t for s in load() for t in s["tellings"]]
    for i in range(n):
        occ = core.read(texts[i % len(texts)] + f" It was project number {1000 + i}.")
        repo.add_story(conn, occ, title=f"story {i}")
    from icraft.stories import bank

    t0 = time.perf_counter()  # what `icraft stories --json` computes: the stories with warnings, the coverage map
    rows = bank.summaries(conn)
    bank.coverage(conn)
    took = time.perf_counter() - t0
    assert len(rows) == n
    return took


def main() -> None:
    stories = load()
    calib, report = halves(stories)
    if "--calibrate" in sys.argv:
        for t in (0.37, 0.4, 0.44, 0.46, 0.47, 0.5, 0.52, 0.54, 0.56, 0.58, 0.6, 0.62, 0.64):
            r = evaluate(calib, t)
            print(f"threshold {t:.2f}: recall {r['recall']:.3f}  false merges {r['false_merges']:.3f}  "
                  f"near-miss false merges {r['near_false_merges']:.3f}")
        return
    for name, half in (("calibration half", calib), ("report half", report), ("all", stories)):
        r = evaluate(half, core.SAME_STORY)
        print(f"{name}: {r['stories']} stories, {r['tellings']} tellings -> {r['clusters']} clusters; "
              f"same-story recall {r['recall']:.3f} (target >= 0.9), false merges {r['false_merges']:.3f} "
              f"(target <= 0.05), near-miss false merges {r['near_false_merges']:.3f}")
    low, high = margin(stories)
    print(f"closest calls (pairs, threshold {core.SAME_STORY}): least similar retelling {low:.3f}, "
          f"most similar different story {high:.3f}")
    print(f"listing a 500-story bank: {listing_time() * 1000:.0f} ms (target < 1000 ms)")


if __name__ == "__main__":
    main()
