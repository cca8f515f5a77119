"""CLI start-up time: `icraft --version`, `icraft --help` as whole processes, cold.

Prints the median and worst wall time of N runs and the median CPU time (user+sys of
the child, which a busy machine inflates much less than wall time). The foundation
target is `icraft --help` under 0.3 s on a 2-core machine.
Run: python benchmarks/bench_startup.py [N]
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time


def measure(cmd: list[str], n: int, env: dict[str, str]) -> tuple[list[float], list[float]]:
    wall, cpu = [], []
    for _ in range(n):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, env=env, capture_output=True, check=True)
        wall.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return wall, cpu


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    env = dict(os.environ, ICRAFT_HOME=tempfile.mkdtemp(prefix="icraft-bench-"))
    icraft = [sys.executable, "-m", "icraft"]
    measure(icraft + ["--version"], 1, env)  # warm the OS page cache once
    print(f"load average {os.getloadavg()[0]:.1f}, n={n}")
    for label, cmd in (
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("icraft --version", icraft + ["--version"]),
        ("icraft --help", icraft + ["--help"]),
        ("icraft lint --help", icraft + ["lint", "--help"]),
    ):
        wall, cpu = measure(cmd, n, env)
        print(
            f"{label:<20} wall median {statistics.median(wall) * 1000:6.0f} ms  max {max(wall) * 1000:6.0f} ms"
            f"   cpu median {statistics.median(cpu) * 1000:6.0f} ms"
        )


if __name__ == "__main__":
    main()
