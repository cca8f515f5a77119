"""CLI start-up time: `icraft --help`, `icraft --version` as whole processes, cold.

Prints the median and worst of N runs; the foundation target is `--help` < 0.3 s on
a 2-core machine. Run: python benchmarks/bench_startup.py [N]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time


def measure(args: list[str], n: int) -> list[float]:
    env = dict(os.environ, ICRAFT_HOME=tempfile.mkdtemp(prefix="icraft-bench-"))
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "icraft", *args], env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    measure(["--version"], 1)  # warm the OS page cache once
    bare = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        bare.append(time.perf_counter() - t0)
    print(f"python -c pass      median {statistics.median(bare)*1000:7.1f} ms  (interpreter floor)")
    for args in (["--version"], ["--help"], ["config", "--help"]):
        t = measure(args, n)
        print(f"icraft {' '.join(args):<12} median {statistics.median(t)*1000:7.1f} ms  max {max(t)*1000:7.1f} ms  (n={n})")


if __name__ == "__main__":
    main()
