"""SkillSpan-style CoNLL: reading, BIO spans and span F1 (strict and loose).

One token a line, ``token <TAB> skill-tag <TAB> knowledge-tag`` in BIO; a blank line
ends a sentence. Used by the tagger's training (``icraft.jd.train``) and by
``benchmarks/bench_jd.py``; no I/O here, callers pass the file's text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Sentence = list[tuple[str, str, str]]  # (token, skill tag, knowledge tag)


def read_conll(text: str) -> list[Sentence]:
    sents: list[Sentence] = []
    cur: Sentence = []
    for line in text.splitlines():
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
            continue
        parts = line.split("\t")
        token = parts[0]
        skill = parts[1] if len(parts) > 1 else "O"
        knowledge = parts[2] if len(parts) > 2 else "O"
        cur.append((token, skill, knowledge))
    if cur:
        sents.append(cur)
    return sents


def bio_spans(tags: Sequence[str]) -> list[tuple[int, int]]:
    """Token ranges ``[start, end)`` of the BIO chunks (an I- without a B- starts one)."""
    out: list[tuple[int, int]] = []
    start: int | None = None
    for i, tag in enumerate([*tags, "O"]):
        if tag.startswith("I") and start is not None:
            continue
        if start is not None:
            out.append((start, i))
            start = None
        if tag != "O":
            start = i
    return out


@dataclass(frozen=True)
class F1:
    precision: float
    recall: float
    f1: float
    gold: int
    predicted: int

    def to_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "gold": self.gold, "predicted": self.predicted}


def span_f1(gold: Iterable[Sequence[tuple[int, int]]], pred: Iterable[Sequence[tuple[int, int]]],
            *, loose: bool = False) -> F1:
    """Span F1 over sentences. Strict: a predicted span counts when its boundaries equal a
    gold span's. Loose: when it overlaps any gold span (precision), and a gold span is found
    when any predicted span overlaps it (recall)."""
    n_gold = n_pred = hit_pred = hit_gold = 0
    for g, p in zip(gold, pred, strict=True):
        n_gold += len(g)
        n_pred += len(p)
        if loose:
            hit_pred += sum(1 for a in p if any(_overlap(a, b) for b in g))
            hit_gold += sum(1 for b in g if any(_overlap(a, b) for a in p))
        else:
            same = len(set(g) & set(p))
            hit_pred += same
            hit_gold += same
    precision = hit_pred / n_pred if n_pred else 0.0
    recall = hit_gold / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return F1(precision, recall, f1, n_gold, n_pred)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]
