"""Match a question to a prepared entry, offline, or abstain.

Three rankings of the entries, fused by reciprocal rank (each entry's
``sum 1 / (RRF_K + rank)``):

- lexical: BM25 over each entry's question, ``aka`` lines and key words (a small numpy
  BM25: per-term weight vectors precomputed, a query adds a few of them);
- semantic: cosine of the static embeddings (:mod:`icraft.nlp.embed`) of the question
  (fillers removed) and of each wording of the entry and its answer (best one counts;
  this ranking counts twice in the fusion: it is the strongest alone);
- fuzzy: rapidfuzz ``token_set_ratio`` for near-verbatim questions.

The fused ranking orders the entries; whether a card is shown is decided on the top
entry's *confidence*, a weighted mix of its cosine, the share of the question's
(idf-weighted) words it contains and its fuzzy ratio. The retriever abstains (no card:
"no prepared answer") unless the confidence reaches :data:`THRESHOLD` and leads the
runner-up by :data:`MARGIN`. Both are calibrated on half of the labelled set in
``tests/data/cue`` and reported on the other half by ``benchmarks/bench_cue.py``.

A question that asks two things ("tell me about a failure, and also how you take
criticism") is cut at its joints and each part matched: two confident different entries
give two cards.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Sequence

from icraft.cue.prepared import Entry
from icraft.cue.text import content, normalize, terms

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

RRF_K = 1
RRF_WEIGHTS = (1.0, 2.0, 1.0)  # lexical, semantic, fuzzy
K1, B = 1.2, 0.75
# Confidence = W_COS * cosine + W_LEX * lexical coverage + W_FUZZ * fuzzy ratio / 100.
W_COS, W_LEX, W_FUZZ = 0.6, 0.3, 0.1
# Calibrated by benchmarks/bench_cue.py on the calibration half of tests/data/cue.
THRESHOLD = 0.46
MARGIN = 0.0
POOL = 20  # entries each ranking contributes to the fusion (and the fuzzy shortlist)
MIN_PART_WORDS = 2  # content words a part of a two-part question needs to be matched alone
_JOINTS = re.compile(
    r"\?|;|\band (?:also|then|separately|secondly|additionally)\b|\balso\b|\bas well as\b"
    r"|,?\s*and (?=(?:what|how|why|when|where|which|who|tell|describe|explain|walk|can|could|would|do|did|have)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Candidate:
    number: int
    confidence: float
    cosine: float
    coverage: float
    fuzzy: float
    fused: float

    def to_dict(self) -> dict[str, Any]:
        return {"match": self.number, "confidence": round(self.confidence, 3), "cosine": round(self.cosine, 3),
                "coverage": round(self.coverage, 3), "fuzzy": round(self.fuzzy, 1)}


@dataclass(frozen=True)
class Match:
    """The outcome for one question: ``number`` is None when the retriever abstains."""

    number: int | None
    score: float  # the top entry's confidence (shown or not)
    margin: float  # its lead over the runner-up
    matches: tuple[int, ...] = ()  # every card to show, in the order asked (two for a two-part question)
    candidates: tuple[Candidate, ...] = field(default=(), repr=False)

    @property
    def abstained(self) -> bool:
        return self.number is None


class Index:
    """The prepared entries, indexed for :meth:`match` (build once, query many times)."""

    def __init__(self, entries: Sequence[Entry], *, threshold: float = THRESHOLD, margin: float = MARGIN,
                 embedder: Any = "default") -> None:
        import numpy as np

        self.entries = list(entries)
        self.threshold = threshold
        self.margin = margin
        n = len(self.entries)
        # lexical: BM25 over question + aka + keys
        docs = [terms(" ".join((*e.wordings, *e.keys))) for e in self.entries]
        self._df: Counter[str] = Counter()
        for d in docs:
            self._df.update(set(d))
        avgdl = sum(map(len, docs)) / max(1, n) or 1.0
        self._idf = {t: math.log(1 + (n - df + 0.5) / (df + 0.5)) for t, df in self._df.items()}
        self._max_idf = math.log(1 + (n + 0.5) / 0.5)
        weights: dict[str, dict[int, float]] = {}
        for i, d in enumerate(docs):
            norm = K1 * (1 - B + B * len(d) / avgdl)
            for t, tf in Counter(d).items():
                weights.setdefault(t, {})[i] = self._idf[t] * tf * (K1 + 1) / (tf + norm)
        self._postings = {t: (np.fromiter(w.keys(), dtype=np.int64), np.fromiter(w.values(), dtype=np.float32))
                          for t, w in weights.items()}
        self._doc_terms = [set(d) for d in docs]
        # semantic and fuzzy: one row per wording
        fuzzy_owner: list[int] = []
        surfaces: list[str] = []
        vec_owner: list[int] = []
        vec_texts: list[str] = []
        for i, e in enumerate(self.entries):
            for w in e.wordings:
                fuzzy_owner.append(i)
                surfaces.append(" ".join(content(w)) or w.lower())
            for t in (*e.wordings, e.answer):
                vec_owner.append(i)
                vec_texts.append(normalize(t))
        self._fuzzy_owner = np.asarray(fuzzy_owner, dtype=np.int64)
        self._vec_owner = np.asarray(vec_owner, dtype=np.int64)
        self._surfaces = surfaces
        if embedder == "default":
            from icraft.nlp import embed

            embedder = embed.embedder()
        self._embedder = embedder
        self._vectors = embedder.embed(vec_texts) if embedder is not None and vec_texts else None

    def __len__(self) -> int:
        return len(self.entries)

    # -- one text ------------------------------------------------------------------------
    def rank(self, text: str, limit: int = 5) -> list[Candidate]:
        """The best ``limit`` entries for ``text``, best first (empty when it has no content words)."""
        import numpy as np
        from rapidfuzz import fuzz, process

        n = len(self.entries)
        q_terms = terms(text)
        q_content = " ".join(content(text))
        if not q_terms or n == 0:
            return []
        bm25 = np.zeros(n, dtype=np.float32)
        q_set = set(q_terms)
        for t in q_set:
            post = self._postings.get(t)
            if post is not None:
                bm25[post[0]] += post[1]
        total_idf = sum(self._idf.get(t, self._max_idf) for t in q_set)
        cos = np.full(n, -1.0, dtype=np.float32)
        if self._vectors is not None:
            q = self._embedder.embed([normalize(text)])[0]
            # einsum, not BLAS: a threaded gemv spins its threads and costs 10x on a busy machine
            np.maximum.at(cos, self._vec_owner, np.einsum("ij,j->i", self._vectors, q))
        pool = max(limit, POOL)
        shortlist = np.union1d(_top(bm25, pool), _top(cos, pool))
        # fuzzy only on the shortlist: a near-verbatim question is near the top lexically and semantically
        fz = np.zeros(n, dtype=np.float32)
        rows = np.flatnonzero(np.isin(self._fuzzy_owner, shortlist))
        if len(rows):
            ratios = process.cdist([q_content], [self._surfaces[r] for r in rows], scorer=fuzz.token_set_ratio,
                                   dtype=np.float32)[0]
            np.maximum.at(fz, self._fuzzy_owner[rows], ratios)
        fused = np.zeros(n, dtype=np.float64)
        for weight, scores in zip(RRF_WEIGHTS, (bm25, cos, fz)):
            order = _top(scores, pool)
            fused[order] += weight / (RRF_K + 1 + np.arange(len(order)))
        best = np.argsort(-fused, kind="stable")[:limit]
        out = []
        for i in best:
            i = int(i)
            if fused[i] <= 0:
                break
            coverage = sum(self._idf[t] for t in q_set & self._doc_terms[i]) / total_idf if total_idf else 0.0
            c = max(0.0, float(cos[i]))
            f = float(fz[i])
            conf = W_COS * c + W_LEX * coverage + W_FUZZ * f / 100.0
            out.append(Candidate(self.entries[i].number, conf, c, coverage, f, float(fused[i])))
        return out

    def _decide(self, cands: list[Candidate]) -> tuple[Candidate | None, float]:
        if not cands:
            return None, 0.0
        top = cands[0]
        runner = max((c.confidence for c in cands[1:]), default=0.0)
        lead = top.confidence - runner
        ok = top.confidence >= self.threshold and lead >= self.margin
        return (top if ok else None), lead

    def match(self, text: str) -> Match:
        """The card(s) for a question, or an abstention."""
        cands = self.rank(text)
        whole, lead = self._decide(cands)
        score = cands[0].confidence if cands else 0.0
        parts = [p for p in _JOINTS.split(text) if p and len(content(p)) >= MIN_PART_WORDS]
        found: list[int] = []
        if len(parts) >= 2:
            for part in parts:
                chosen, _ = self._decide(self.rank(part))
                if chosen is not None and chosen.number not in found:
                    found.append(chosen.number)
        if len(found) < 2:
            found = [whole.number] if whole is not None else []
        return Match(found[0] if found else None, score, lead, tuple(found), tuple(cands))


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` highest scores, highest first (ties in index order)."""
    import numpy as np

    n = len(scores)
    top = np.argpartition(-scores, k)[:k] if n > k else np.arange(n)
    return top[np.argsort(-scores[top], kind="stable")]
