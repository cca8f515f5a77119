"""The relevance test data (tests/data/relevance: on-topic and paraphrased stories, trial
answers, talking-point labels), for the relevance tests and benchmarks/bench_points.py."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "relevance"


def rows(name: str) -> list[list[str]]:
    """The rows of a tab-separated file in tests/data/relevance (comment lines left out)."""
    return [line.split("\t") for line in (DATA / name).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
