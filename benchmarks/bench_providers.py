"""What do icraft's provider layer and its safety checks cost on top of the vendor SDK?

Against a fake server on 127.0.0.1 (tests/fakes), so the network is not measured:

1. ``import icraft.providers`` in a fresh process (no SDK may load);
2. ``icraft providers --json`` wall time (registry, keys, config; no network);
3. per call: ``LLM.complete`` (retries wrapper, schema check, cost, ledger row in
   SQLite) vs the bare SDK call to the same server, median of N calls;
4. streaming: time to the first text delta through ``complete(stream_to=...)``.

    python benchmarks/bench_providers.py [--calls 50]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def fresh(code: str, runs: int = 5) -> float:
    best = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        best.append(time.perf_counter() - t0)
    return min(best) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=50)
    args = ap.parse_args()
    home = tempfile.mkdtemp(prefix="icraft-bench-")
    os.environ["ICRAFT_HOME"] = home
    os.environ["ICRAFT_KEYRING"] = "0"
    os.environ["NO_PROXY"] = "127.0.0.1"
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        os.environ.pop(var, None)

    base = fresh("pass")
    imp = fresh("import icraft.providers")
    print(f"python start-up            {base:7.1f} ms")
    print(f"import icraft.providers    {imp - base:7.1f} ms over bare start-up")
    cli = fresh("import sys; sys.argv=['icraft','providers','--json']; from icraft.cli.main import run; run()")
    print(f"icraft providers --json    {cli:7.1f} ms (whole process)")

    import openai

    from icraft.providers import LLMOptions, Secret, get_spec
    from tests.fakes import openai_api as O
    from tests.fakes.server import FakeServer

    spec = get_spec("openai")
    with FakeServer(responder=lambda req: O.completion("ok")) as srv:
        llm = spec.factory(spec, LLMOptions(base_url=srv.url + "/v1", timeout=5), Secret("bench"))
        llm.complete("warm", purpose="bench")
        raw_client = openai.OpenAI(api_key="bench", base_url=srv.url + "/v1", max_retries=0)
        raw, ours = [], []
        for _ in range(args.calls):
            t0 = time.perf_counter()
            raw_client.chat.completions.create(model="gpt-4.1-mini", messages=[{"role": "user", "content": "x"}])
            raw.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            llm.complete("x", purpose="bench")
            ours.append(time.perf_counter() - t0)
        r, o = statistics.median(raw) * 1000, statistics.median(ours) * 1000
        print(f"bare SDK call (median)     {r:7.2f} ms")
        print(f"LLM.complete (median)      {o:7.2f} ms  (+{o - r:.2f} ms: retries wrapper, checks, cost, ledger row)")

        srv.responder = lambda req: O.stream(["first ", "second ", "third"], event_delay=0.05)
        firsts = []
        for _ in range(5):
            got: list[float] = []
            t0 = time.perf_counter()
            c = llm.complete("x", purpose="bench", stream_to=lambda d: got.append(time.perf_counter() - t0))
            firsts.append((got[0] * 1000, c.first_token_ms, c.latency_ms))
        print("stream first delta         " + ", ".join(f"{a:.0f} ms (recorded {b} of {t})" for a, b, t in firsts[:3]))


if __name__ == "__main__":
    main()
