"""A linear-chain CRF that tags Knowledge and Skill spans (BILOU labels, returned as BIO).

Trained on the SkillSpan train splits only (``python -m icraft.jd.train``, CRFsuite's
L-BFGS; MIT licence, Zhang et al., NAACL 2022), its penalties chosen on slices held out of
train, evaluated on the dev splits by ``benchmarks/bench_jd.py``. The weights ship as
``data/tagger.json.gz``. Features are the word, its shape, affixes, the words around it,
list position, whether the technologies gazetteer covers it, the clusters of its static
embedding, and the embedding itself (WordLlama through :mod:`icraft.nlp.embed`, loaded
lazily on the first posting; its trained projection is folded into one 256 x labels
matrix). Decoding is Viterbi with the learned transition weights, pure Python (numpy for
the dense part), over all label sequences as CRFsuite decodes. CRFsuite is needed only to train.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

# BILOU: Begin, Inside, Last, Unit (a one-token span), Outside; Knowledge and Skill. Tagging
# the last and lone tokens apart made span boundaries sharper than BIO (docs/JD.md);
# :meth:`Tagger.tag` still returns BIO.
LABELS = ("O", "B-K", "I-K", "L-K", "U-K", "B-S", "I-S", "L-S", "U-S")
MODEL = Path(__file__).resolve().parent / "data" / "tagger.json.gz"
# Word -> [coarse, fine] cluster of its static embedding (WordLlama vectors, k-means, made by
# icraft.jd.train): lets the tagger treat an unseen "proteomics" like a seen "biochemistry".
CLUSTERS = Path(__file__).resolve().parent / "data" / "clusters.json.gz"

_DIGITS = re.compile(r"\d")


_OUTSIDE = frozenset({"w=,", "w=;"})  # the word features of tokens never inside a span
_EXAMPLE_CUES = frozenset({"(", "e.g", "e.g.", "like", "including"})


def _shape(w: str) -> str:
    out = []
    for ch in w[:12]:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def _norm(w: str) -> str:
    w = w.lower()
    if len(w) > 1 and w.endswith(":"):
        w = w[:-1]
    return _DIGITS.sub("0", w)


@lru_cache(maxsize=1)
def clusters() -> dict[str, list[int]]:
    if not CLUSTERS.is_file():
        return {}
    with gzip.open(CLUSTERS, "rt", encoding="utf-8") as f:
        return json.load(f)


def features(words: Sequence[str], gaz: Sequence[str], cmap: dict[str, list[int]] | None = None) -> list[list[str]]:
    """The feature names of each token. ``gaz``: per token "B", "I" or "" from the
    gazetteer (a technology phrase starts, continues, or none); ``cmap``: word clusters
    (default: the shipped ones)."""
    n = len(words)
    low = [_norm(w) for w in words]
    cmap = clusters() if cmap is None else cmap
    cl = [cmap.get(w) or cmap.get(w.strip(".,:;()")) for w in low]
    pad = ["<s2>", "<s>", *low, "</s>", "</s2>"]
    out = []
    for i, w in enumerate(words):
        lw = low[i]
        p2, p1, n1, n2 = pad[i], pad[i + 1], pad[i + 3], pad[i + 4]
        f = [
            "b",
            "w=" + lw,
            "sh=" + _shape(w),
            "p3=" + lw[:3],
            "s3=" + lw[-3:],
            "s2=" + lw[-2:],
            "w-1=" + p1,
            "w+1=" + n1,
            "w-2=" + p2,
            "w+2=" + n2,
            "w-1w=" + p1 + "|" + lw,
            "ww+1=" + lw + "|" + n1,
            "sh-1=" + (_shape(words[i - 1]) if i else "<s>"),
            "sh+1=" + (_shape(words[i + 1]) if i + 1 < n else "</s>"),
            "g=" + gaz[i],
            "g-1=" + (gaz[i - 1] if i else "<s>"),
            "g+1=" + (gaz[i + 1] if i + 1 < n else "</s>"),
        ]
        if i == 0:
            f.append("first")
        if w[:1].isupper():
            f.append("cap")
            if i and words[i - 1][:1].isupper():
                f.append("cap-1")
        if len(lw) > 3:
            f.append("s4=" + lw[-4:])
        f += ["w+1w+2=" + n1 + "|" + n2, "w-2w-1=" + p2 + "|" + p1, "s3-1=" + p1[-3:], "s3+1=" + n1[-3:]]
        near = low[max(0, i - 2) : i + 3]
        if "," in near or "/" in near:  # an item of a list ("Java, Go, Kubernetes")
            f.append("list")
            if w[:1].isupper():
                f.append("list-cap")
        if i and p1 in _EXAMPLE_CUES:
            f.append("after-eg")
        c = cl[i]
        if c:
            f += ["c1=%d" % c[0], "c2=%d" % c[1]]
        if i and cl[i - 1]:
            f += ["c1-1=%d" % cl[i - 1][0], "c2-1=%d" % cl[i - 1][1]]
        if i + 1 < n and cl[i + 1]:
            f += ["c1+1=%d" % cl[i + 1][0], "c2+1=%d" % cl[i + 1][1]]
        out.append(f)
    return out


class Tagger:
    """A linear-chain CRF's weights, decoded by :func:`viterbi`.

    ``weights``: feature name -> a score per label; ``transitions[a][b]``: label a then b;
    ``dense`` (optional): 256 rows x labels, the weights of the word's static embedding
    (the trained weights of its whitened projection folded in, so a word's dense scores are
    ``vector @ dense + dense_bias``); ``bias``: added to each label's score (the Knowledge
    labels' share was chosen on a slice held out of train)."""

    def __init__(self, weights: dict[str, list[float]], transitions: list[list[float]],
                 dense: list[list[float]] | None = None, dense_bias: Sequence[float] | None = None,
                 bias: Sequence[float] | None = None) -> None:
        self.weights = weights
        self.transitions = transitions
        self.dense = dense
        self.dense_bias = list(dense_bias or [0.0] * len(LABELS))
        self.bias = list(bias or [0.0] * len(LABELS))

    @classmethod
    def load(cls, path: Path = MODEL) -> Tagger:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            data = json.load(f)
        return cls(data["weights"], data["transitions"], data.get("dense"), data.get("dense_bias"),
                   data.get("bias"))

    def scores(self, feats: list[str]) -> list[float]:
        s = list(self.bias)
        w = self.weights
        for name in feats:
            row = w.get(name)
            if row is not None:
                for k in range(len(LABELS)):
                    s[k] += row[k]
        return s

    def emissions(self, feats: list[list[str]], vectors=None) -> list[list[float]]:
        """Each token's score per label from its features and (when the model has dense
        weights) its word vector, one row of ``vectors``."""
        em = [self.scores(f) for f in feats]
        if self.dense is not None and vectors is not None:
            import numpy as np

            dense = np.asarray(self.dense, dtype=np.float32)
            extra = vectors @ dense + np.asarray(self.dense_bias, dtype=np.float32)
            em = [[a + float(b) for a, b in zip(row, add)] for row, add in zip(em, extra.tolist())]
        return em

    def decode(self, feats: list[list[str]], vectors=None, *, outside: bool = True) -> list[str]:
        """The best labels, as BIO; with ``outside`` a comma or semicolon is always O (no span in
        SkillSpan train holds one: 0 of 5,190), so "PostgreSQL (indexes, transactions"
        is two spans, not one."""
        em = self.emissions(feats, vectors)
        if outside:
            for f, row in zip(feats, em):
                if f[1] in _OUTSIDE:
                    row[1:] = [float("-inf")] * (len(LABELS) - 1)
        return to_bio(viterbi(em, self.transitions))

    def tag(self, words: Sequence[str], gaz: Sequence[str]) -> list[str]:
        """BIO labels of the words."""
        if not words:
            return []
        return self.decode(features(words, gaz), embeddings(words) if self.dense is not None else None)


def embeddings(words: Sequence[str]):  # -> np.ndarray | None
    """Each word's static embedding (WordLlama, :mod:`icraft.nlp.embed`; sub-word tokens, so
    an unseen "proteomics" has one too), or None when the package is missing (the tagger
    then runs on its sparse features alone)."""
    from icraft.nlp import embed

    e = embed.embedder()
    return None if e is None else e.embed(list(words))


def to_bilou(bio: Sequence[str]) -> list[str]:
    """BIO -> BILOU, label by label: a B- becomes U- and an I- becomes L- when the next label
    does not continue it (an I- stays inside even after another kind's label, as SkillSpan's
    joint labels have it where a Knowledge span sits inside a Skill span)."""
    out = []
    for i, lab in enumerate(bio):
        if lab == "O":
            out.append("O")
            continue
        nxt = bio[i + 1] if i + 1 < len(bio) else "O"
        more = nxt.startswith("I-") and nxt[2:] == lab[2:]
        out.append((("B-" if more else "U-") if lab[0] == "B" else ("I-" if more else "L-")) + lab[2:])
    return out


def to_bio(bilou: Sequence[str]) -> list[str]:
    return [lab if lab == "O" else {"U": "B", "L": "I"}.get(lab[0], lab[0]) + lab[1:] for lab in bilou]


def viterbi(emissions: list[list[float]], transitions: list[list[float]]) -> list[str]:
    """The best label sequence over all sequences, as CRFsuite decodes (the CRF was trained
    over all of them and learnt low weights for ill-formed transitions; forbidding them at
    decoding lost 0.012 Knowledge strict F1 on unseen postings held out of train). An ill-formed
    piece still reads as a span: :func:`to_bio` maps L- to I- and U- to B-, and an I- after
    O starts a span."""
    n_labels = len(LABELS)
    best = list(emissions[0])
    back: list[list[int]] = []
    for em in emissions[1:]:
        nxt = [0.0] * n_labels
        ptr = [0] * n_labels
        for b in range(n_labels):
            top, arg = float("-inf"), 0
            for a in range(n_labels):
                v = best[a] + transitions[a][b]
                if v > top:
                    top, arg = v, a
            nxt[b] = top + em[b]
            ptr[b] = arg
        back.append(ptr)
        best = nxt
    k = max(range(n_labels), key=lambda j: best[j])
    path = [k]
    for ptr in reversed(back):
        k = ptr[k]
        path.append(k)
    return [LABELS[j] for j in reversed(path)]


@lru_cache(maxsize=1)
def default() -> Tagger | None:
    """The shipped model, or None when the file is missing (then only the gazetteer runs)."""
    return Tagger.load() if MODEL.is_file() else None
