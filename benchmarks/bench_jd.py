"""Job-description analyzer: SkillSpan span F1 on the dev splits, and analysis speed.

SkillSpan (Zhang, Jensen, Sonniks and Plank, NAACL 2022; MIT licence) is read at run
time from ../shared/data/skillspan/; when it is absent the quality part is skipped with
a message. The tagger was trained on the train splits only (python -m icraft.jd.train);
nothing here was tuned on dev. Each dev sentence is tagged from its own tokens with the
same tagger, gazetteer and rules `icraft jd` uses (icraft.jd.analyze.tag_words), and with
the words of the last heading-like sentence before it in the file (SkillSpan keeps a
posting's sentences together and in order; `icraft jd` takes them from the posting).

Figures: strict span F1 (exact boundaries) and loose span F1 (any overlap) for Knowledge
and Skill, per split (tech, house) and over both. Targets on dev: Knowledge strict >= 0.50,
loose >= 0.70; Skill loose >= 0.40. Speed: a 2-page posting in under 1 s, cold (model load
included) and warm; a 20-page one is measured too.

    python benchmarks/bench_jd.py [--json] [--data DIR]

Measured figures are in docs/JD.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from icraft.jd import conll  # noqa: E402

SPLITS = ("tech", "house")
TARGETS = {("knowledge", "strict"): 0.50, ("knowledge", "loose"): 0.70, ("skill", "loose"): 0.40}


def quality(data: Path, split: str) -> dict[str, object]:
    from icraft.jd.analyze import tag_words
    from icraft.jd.tagger import next_heading

    gold_k, gold_s, pred_k, pred_s = [], [], [], []
    files = [data / f"skillspan_{s}_{split}.conll" for s in SPLITS]
    out: dict[str, object] = {}
    t0 = time.perf_counter()
    for path in files:
        sents = conll.read_conll(path.read_text(encoding="utf-8"))
        gk, gs, pk, ps = [], [], [], []
        heading: list[str] = []
        for sent in sents:
            words = [t[0] for t in sent]
            k, s = tag_words(words, heading)
            heading = next_heading(heading, words)
            gk.append(conll.bio_spans([t[2] for t in sent]))
            gs.append(conll.bio_spans([t[1] for t in sent]))
            pk.append(k)
            ps.append(s)
        out[path.stem] = _scores(gk, gs, pk, ps)
        gold_k += gk
        gold_s += gs
        pred_k += pk
        pred_s += ps
    out["all"] = _scores(gold_k, gold_s, pred_k, pred_s)
    out["seconds"] = round(time.perf_counter() - t0, 2)
    return out


def _scores(gk, gs, pk, ps) -> dict[str, dict[str, float | int]]:
    return {
        "knowledge": {"strict": conll.span_f1(gk, pk).to_dict(), "loose": conll.span_f1(gk, pk, loose=True).to_dict()},
        "skill": {"strict": conll.span_f1(gs, ps).to_dict(), "loose": conll.span_f1(gs, ps, loose=True).to_dict()},
    }


def posting(pages: int) -> str:
    base = (REPO / "tests" / "data" / "jd" / "backend_senior.md").read_text(encoding="utf-8")
    # a page of a posting is about 3,000 characters: the fixture's body repeated to that size
    title, body = base.split("\n", 1)
    copies = max(1, round(pages * 3000 / len(body)))
    return title + "\n" + "\n".join(body for _ in range(copies))


def speed() -> dict[str, float]:
    """Wall and CPU seconds of analyze(), cold (a fresh process: imports and model load
    included, interpreter start excluded) and warm. CPU time is what the figure is on a
    machine shared with other jobs; wall time is what a user waits on an idle one."""
    import subprocess

    code = ("import time,sys;text=sys.stdin.read();t=time.perf_counter();c=time.process_time();"
            "from icraft.jd.analyze import analyze;a=analyze(text);"
            "print(time.perf_counter()-t,time.process_time()-c)")
    out: dict[str, float] = {}
    for pages in (2, 20):
        text = posting(pages)
        wall, cpu = map(float, subprocess.run([sys.executable, "-c", code], input=text, capture_output=True,
                                              text=True, check=True, cwd=REPO).stdout.split())
        from icraft.jd.analyze import analyze

        analyze(text)
        t0, c0 = time.perf_counter(), time.process_time()
        analyze(text)
        out[f"{pages}_pages_chars"] = len(text)
        out[f"{pages}_pages_cold_s"] = round(wall, 3)
        out[f"{pages}_pages_cold_cpu_s"] = round(cpu, 3)
        out[f"{pages}_pages_warm_s"] = round(time.perf_counter() - t0, 3)
        out[f"{pages}_pages_warm_cpu_s"] = round(time.process_time() - c0, 3)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "skillspan")
    ap.add_argument("--split", default="dev", help="dev (default) or train (a sanity check of fit)")
    args = ap.parse_args()
    result: dict[str, object] = {"speed": speed()}
    if all((args.data / f"skillspan_{s}_{args.split}.conll").is_file() for s in SPLITS):
        result["skillspan"] = quality(args.data, args.split)
    else:
        result["skillspan"] = f"skipped: SkillSpan {args.split} files not found in {args.data}"
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    sp = result["speed"]
    for pages in (2, 20):
        print(f"analyze, {pages}-page posting ({sp[f'{pages}_pages_chars']:,} chars): "
              f"cold {sp[f'{pages}_pages_cold_s']:.2f} s wall / {sp[f'{pages}_pages_cold_cpu_s']:.2f} s CPU "
              f"(imports and model load included), warm {sp[f'{pages}_pages_warm_s']:.3f} s wall / "
              f"{sp[f'{pages}_pages_warm_cpu_s']:.3f} s CPU")
    q = result["skillspan"]
    if isinstance(q, str):
        print(q)
        return 0
    print(f"\nSkillSpan {args.split} span F1 ({q['seconds']} s)")
    print(f"{'split':28} {'K strict':>9} {'K loose':>9} {'S strict':>9} {'S loose':>9}")
    for name, s in q.items():
        if name == "seconds":
            continue
        print(f"{name:28} {s['knowledge']['strict']['f1']:9.3f} {s['knowledge']['loose']['f1']:9.3f} "
              f"{s['skill']['strict']['f1']:9.3f} {s['skill']['loose']['f1']:9.3f}")
    allq = q["all"]
    for (kind, mode), target in TARGETS.items():
        got = allq[kind][mode]["f1"]
        verdict = "met" if got >= target else f"missed by {target - got:.3f}"
        print(f"target {kind} {mode} F1 >= {target:.2f}: {got:.3f} ({verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
