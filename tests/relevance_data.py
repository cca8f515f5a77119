"""The relevance test data (tests/data/relevance: on-topic and paraphrased stories, trial
answers, talking-point labels), for the relevance tests and benchmarks/bench_points.py."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "relevance"


def rows(name: str) -> list[list[str]]:
    """The rows of a tab-separated file in tests/data/relevance (comment lines left out)."""
    return [line.split("\t") for line in (DATA / name).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


# The trial answers' keys in point_labels.tsv, by their bank question.
TRIAL_NAMES = {"beh-failure-001": "migration", "beh-mentoring-002": "sam"}


def labelled_answers(bank: dict) -> dict[str, tuple[str, str, str]]:  # type: ignore[type-arg]
    """The answers point_labels.tsv names, by its key ("paraphrased:<qid>", "on_topic:<n>",
    "trial:<name>") -> (bank question id, quality, answer)."""
    by_text = {q.text.strip().lower(): q.id for q in bank.values()}
    out: dict[str, tuple[str, str, str]] = {}
    for qid, _text, quality, answer in rows("paraphrased.tsv"):
        out[f"paraphrased:{qid}"] = (qid, quality, answer)
    for k, (text, answer) in enumerate(rows("on_topic.tsv")):
        out[f"on_topic:{k}"] = (by_text[text.strip().lower()], "on_topic", answer)
    for qid, answer in rows("trial_answers.tsv"):
        out[f"trial:{TRIAL_NAMES[qid]}"] = (qid, "trial", answer)
    return out
