"""CLI start-up time: `icraft --version`, `icraft --help` as whole processes, cold.

Prints the median and worst wall time of N runs and the median CPU time (user+sys of
the child, which a busy machine inflates much less than wall time). The foundation
target is `icraft --help` under 0.3 s on a 2-core machine.

With ``--against DIR`` (another source tree of icraft, e.g. made with
``git archive HEAD | tar -x -C /tmp/icraft-head``) every command runs alternately in
this tree and in DIR, so both see the same machine load, and the two medians are
printed side by side: a fair before/after on a shared, busy machine.

Run: python benchmarks/bench_startup.py [N] [--against DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

COMMANDS: list[tuple[str, list[str]]] = [
    ("python -c pass", ["-c", "pass"]),
    ("icraft --version", ["-m", "icraft", "--version"]),
    ("icraft --help", ["-m", "icraft", "--help"]),
    ("icraft lint --help", ["-m", "icraft", "lint", "--help"]),
    ("icraft drill --help", ["-m", "icraft", "drill", "--help"]),
]


def run_once(args: list[str], tree: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one child process running icraft from ``tree``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    # cwd and PYTHONPATH: `python -m icraft` imports the icraft of `tree`, whatever is installed
    subprocess.run([sys.executable, *args], cwd=tree, env={**env, "PYTHONPATH": str(tree)},
                   capture_output=True, check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=15, help="runs per command (default 15)")
    parser.add_argument("--against", type=Path, help="another icraft source tree to compare with, interleaved")
    opts = parser.parse_args()
    trees = [REPO] + ([opts.against.resolve()] if opts.against else [])
    for tree in trees:
        if not (tree / "icraft" / "__init__.py").is_file():
            parser.error(f"{tree} is not an icraft source tree (no icraft/__init__.py)")
    env = dict(os.environ, ICRAFT_HOME=tempfile.mkdtemp(prefix="icraft-bench-"))
    for tree in trees:
        run_once(["-m", "icraft", "--version"], tree, env)  # warm the OS page cache and .pyc files once
    print(f"load average {os.getloadavg()[0]:.1f}, n={opts.n}" + (f", this tree vs {trees[1]}" if opts.against else ""))
    for label, args in COMMANDS:
        samples: list[list[tuple[float, float]]] = [[] for _ in trees]
        for _ in range(opts.n):
            for i, tree in enumerate(trees):  # alternate, so load spikes hit both alike
                samples[i].append(run_once(args, tree, env))
        cells = []
        for runs in samples:
            wall, cpu = [w for w, _ in runs], [c for _, c in runs]
            cells.append(
                f"wall median {statistics.median(wall) * 1000:5.0f} ms  max {max(wall) * 1000:5.0f} ms"
                f"  cpu median {statistics.median(cpu) * 1000:5.0f} ms"
            )
        print(f"{label:<20} " + "   |   ".join(cells))


if __name__ == "__main__":
    main()
