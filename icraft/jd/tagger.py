"""Linear-chain CRFs that tag Knowledge and Skill spans (BILOU labels, returned as BIO).

Trained on the SkillSpan train splits only (``python -m icraft.jd.train``, CRFsuite's
L-BFGS; MIT licence, Zhang et al., NAACL 2022), their settings chosen on postings held out
of train, evaluated on the dev splits by ``benchmarks/bench_jd.py``. The weights ship as
``data/tagger.json.gz``: an :class:`Ensemble` of two CRFs whose label probabilities are
averaged and thresholded. Features are the word, its shape, affixes, the words around it,
list position, whether the technologies gazetteer covers it, the clusters of its static
embedding, the embedding itself (WordLlama through :mod:`icraft.nlp.embed`, loaded lazily
on the first posting; its trained projection is folded into one 256 x labels matrix), and
per member the posting's last heading (:func:`next_heading`) or the cue words before the
word. Decoding is pure Python (numpy for the dense part and for the ensemble's sums): the
forward-backward marginals, or a Viterbi over all label sequences as CRFsuite decodes for
a single CRF. CRFsuite is needed only to train.
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


# --- the posting around a sentence: its last heading ---------------------------------------
# A heading-like sentence ("Requirements", "What we offer", "Technologies", "Industry:") is six
# tokens or fewer without a closing full stop; its words are features of the sentences after
# it until the next one (a sentence's place in the posting: Knowledge is dense under
# "Requirements", rare under "What we offer").
_HEADING_SKIP = frozenset({"and", "the", "of", "a", "for", "we", "you", "to", "our", "&"})
_ALPHA = re.compile(r"[a-z]")


def is_heading(words: Sequence[str]) -> bool:
    return 0 < len(words) <= 6 and words[-1] not in (".", "!", ";", ",")


def next_heading(heading: list[str], words: Sequence[str]) -> list[str]:
    """The heading words in force after the sentence ``words``: its own first four content
    words when it is heading-like and has any, else ``heading`` unchanged."""
    if not is_heading(words):
        return heading
    out = []
    for w in words:
        lw = w.lower().strip(":?*-–")
        if lw.startswith("<") or not _ALPHA.search(lw) or lw in _HEADING_SKIP:
            continue
        out.append(lw)
    return out[:4] or heading


# Words that introduce a Knowledge phrase a few tokens on ("research in molecular cell
# biology", "knowledge of the Atlassian toolset").
_CUES = frozenset({"in", "of", "with", "on", "including", "using", "like", "e.g", "e.g.", "within", "as",
                   "for"})
_CUE_STOP = frozenset({".", ",", ";", ":", "(", ")"})


def _cue_features(words: Sequence[str]) -> list[list[str]]:
    """Per token: the nearest cue word within four tokens before it (no punctuation between),
    with the word before the cue and the distance; and a plural-stripped stem."""
    low = [w.lower() for w in words]
    out = []
    for i, w in enumerate(low):
        f = []
        for d in range(1, 5):
            j = i - d
            if j < 0 or low[j] in _CUE_STOP:
                break
            if low[j] in _CUES:
                before = low[j - 1] if j else "<s>"
                f += ["pp=" + low[j], "pp2=" + before + "|" + low[j], "ppd=%s|%d" % (low[j], min(d, 3))]
                break
        if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
            f.append("st=" + (w[:-3] + "y" if w.endswith("ies") else w[:-1]))
        elif w.isalpha():
            f.append("st=" + w)
        out.append(f)
    return out


def features(words: Sequence[str], gaz: Sequence[str], cmap: dict[str, list[int]] | None = None,
             heading: Sequence[str] | None = None, cues: bool = False) -> list[list[str]]:
    """The feature names of each token. ``gaz``: per token "B", "I" or "" from the
    gazetteer (a technology phrase starts, continues, or none); ``cmap``: word clusters
    (default: the shipped ones); ``heading``: the words of the last heading before the
    sentence (:func:`next_heading`; None leaves the heading features out); ``cues``: add
    the cue-word and stem features (:func:`_cue_features`). A model ignores the features it
    was not trained with, so one call with everything serves every member of an
    :class:`Ensemble`."""
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
    if cues:
        for f, extra in zip(out, _cue_features(words)):
            f += extra
    if heading is not None:
        extra = ["h=" + w for w in heading] or ["h=<none>"]
        if is_heading(words):
            extra.append("is-h")
        for f in out:
            f += extra
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
        self._dense = None  # the dense weights as numpy arrays, made on first use

    @classmethod
    def from_dict(cls, data: dict) -> Tagger:
        """A member as the model file stores it (:meth:`Ensemble.load`)."""
        return cls(data["weights"], data["transitions"], data.get("dense"), data.get("dense_bias"),
                   data.get("bias"))

    def scores(self, feats: list[str]) -> list[float]:
        s = self.bias
        w = self.weights
        for name in feats:
            row = w.get(name)
            if row is not None:
                s = [a + b for a, b in zip(s, row)]
        return list(s)

    def emissions(self, feats: list[list[str]], vectors=None) -> list[list[float]]:
        """Each token's score per label from its features and (when the model has dense
        weights) its word vector, one row of ``vectors``."""
        em = [self.scores(f) for f in feats]
        if self.dense is not None and vectors is not None:
            import numpy as np

            if self._dense is None:
                self._dense = (np.asarray(self.dense, dtype=np.float32),
                               np.asarray(self.dense_bias, dtype=np.float32))
            extra = vectors @ self._dense[0] + self._dense[1]
            em = [[a + float(b) for a, b in zip(row, add)] for row, add in zip(em, extra.tolist())]
        return em

    def _emissions(self, feats: list[list[str]], vectors, outside: bool) -> list[list[float]]:
        em = self.emissions(feats, vectors)
        if outside:
            for f, row in zip(feats, em):
                if f[1] in _OUTSIDE:
                    row[1:] = [float("-inf")] * (len(LABELS) - 1)
        return em

    def decode(self, feats: list[list[str]], vectors=None, *, outside: bool = True) -> list[str]:
        """The best labels, as BIO; with ``outside`` a comma or semicolon is always O (no span in
        SkillSpan train holds one: 0 of 5,190), so "PostgreSQL (indexes, transactions"
        is two spans, not one."""
        return to_bio(viterbi(self._emissions(feats, vectors, outside), self.transitions))

    def posteriors(self, feats: list[list[str]], vectors=None, *, outside: bool = True) -> list[list[float]]:
        """Each token's probability of each label (the CRF's marginals), the comma rule applied."""
        return marginals(self._emissions(feats, vectors, outside), self.transitions)

    def tag(self, words: Sequence[str], gaz: Sequence[str],
            heading: Sequence[str] | None = None) -> list[str]:
        """BIO labels of the words."""
        if not words:
            return []
        return self.decode(features(words, gaz, heading=heading),
                           embeddings(words) if self.dense is not None else None)


class Ensemble:
    """CRFs (:class:`Tagger`) whose label probabilities are averaged token by token; a token
    is in a Knowledge (Skill) span when its probability of any Knowledge (Skill) label is over
    that kind's threshold (the thresholds were chosen on postings held out of train), and a
    new span starts where B- and U- hold most of that probability (:func:`threshold_decode`).
    The members differ in their features (one reads the posting's last heading), which is
    what made the average better than either on held-out postings (docs/JD.md)."""

    def __init__(self, members: list[Tagger], thresholds: dict[str, float]) -> None:
        self.members = members
        self.thresholds = dict(thresholds)
        self._tables: tuple | None = None  # the members' weights side by side, made on first use

    @property
    def dense(self) -> list[list[float]] | None:
        return next((m.dense for m in self.members if m.dense is not None), None)

    @classmethod
    def load(cls, path: Path = MODEL) -> Ensemble:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            data = json.load(f)
        return cls([Tagger.from_dict(m) for m in data["members"]], data["thresholds"])

    def _arrays(self) -> tuple:
        """(feature index, weights: features + 1 x members * labels, bias, dense, dense bias,
        exp(transitions): members x labels x labels); the last weight row is an unknown feature's."""
        if self._tables is None:
            import numpy as np

            n, k = len(LABELS), len(self.members)
            index: dict[str, int] = {}
            for m in self.members:
                for name in m.weights:
                    index.setdefault(name, len(index))
            weights = np.zeros((len(index) + 1, k * n))
            for j, m in enumerate(self.members):
                for name, row in m.weights.items():
                    weights[index[name], j * n : (j + 1) * n] = row
            bias = np.concatenate([np.asarray(m.bias, dtype=float) for m in self.members])
            dense = dense_bias = None
            if self.dense is not None:
                rows = len(self.dense)
                dense = np.concatenate([np.asarray(m.dense, dtype=np.float32) if m.dense is not None
                                        else np.zeros((rows, n), dtype=np.float32) for m in self.members],
                                       axis=1)
                dense_bias = np.concatenate([np.asarray(m.dense_bias, dtype=np.float32)
                                             for m in self.members])
            trans = np.exp(np.stack([np.asarray(m.transitions, dtype=float) for m in self.members]))
            self._tables = (index, weights, bias, dense, dense_bias, trans)
        return self._tables

    def posteriors(self, feats: list[list[str]], vectors=None, *, outside: bool = True) -> list[list[float]]:
        """The members' marginals (:func:`marginals`, the comma rule applied), averaged; all
        members at once with numpy (the same sums as each :meth:`Tagger.posteriors`)."""
        import numpy as np

        index, weights, bias, dense, dense_bias, trans = self._arrays()
        n_tok, k, n = len(feats), len(self.members), len(LABELS)
        unknown = len(weights) - 1
        ids = [index.get(name, unknown) for f in feats for name in f]
        starts = np.cumsum([0] + [len(f) for f in feats[:-1]])
        em = np.add.reduceat(weights[ids], starts, axis=0) + bias
        if dense is not None and vectors is not None:
            em += vectors @ dense + dense_bias
        em = em.reshape(n_tok, k, n)
        if outside:
            rows = [i for i, f in enumerate(feats) if f[1] in _OUTSIDE]
            em[rows, :, 1:] = -np.inf
        pot = np.exp(em - em.max(axis=2, keepdims=True))
        alpha = np.empty_like(pot)
        a = pot[0] / pot[0].sum(axis=1, keepdims=True)
        alpha[0] = a
        for t in range(1, n_tok):
            a = pot[t] * np.matmul(a[:, None, :], trans)[:, 0, :]
            a /= a.sum(axis=1, keepdims=True)
            alpha[t] = a
        out = np.empty_like(pot)
        out[-1] = alpha[-1]
        beta = np.ones((k, n))
        for t in range(n_tok - 2, -1, -1):
            beta = np.matmul(trans, (pot[t + 1] * beta)[:, :, None])[:, :, 0]
            beta /= beta.sum(axis=1, keepdims=True)
            row = alpha[t] * beta
            out[t] = row / row.sum(axis=1, keepdims=True)
        return out.mean(axis=1).tolist()

    def decode(self, feats: list[list[str]], vectors=None, *, outside: bool = True) -> list[str]:
        return threshold_decode(self.posteriors(feats, vectors, outside=outside), self.thresholds)

    def tag(self, words: Sequence[str], gaz: Sequence[str],
            heading: Sequence[str] | None = None) -> list[str]:
        """BIO labels of the words; ``heading``: the posting's last heading before them
        (:func:`next_heading`, empty at the posting's start)."""
        if not words:
            return []
        return self.decode(features(words, gaz, heading=[] if heading is None else heading, cues=True),
                           embeddings(words) if self.dense is not None else None)


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


def marginals(emissions: list[list[float]], transitions: list[list[float]]) -> list[list[float]]:
    """Each position's probability of each label (forward-backward, pure Python, scaled at
    each step); a label with emission -inf gets probability 0."""
    import math

    n_labels = len(LABELS)
    trans = [[math.exp(v) for v in row] for row in transitions]

    def potentials(row: list[float]) -> list[float]:
        top = max(row)
        return [math.exp(v - top) for v in row]

    pots = [potentials(row) for row in emissions]
    cols = list(zip(*trans))  # cols[b][a] = trans[a][b]
    alpha = []
    z = sum(pots[0])
    prev = [v / z for v in pots[0]]
    alpha.append(prev)
    for pot in pots[1:]:
        cur = [p * sum([x * y for x, y in zip(prev, col)]) for p, col in zip(pot, cols)]
        z = sum(cur) or 1.0
        prev = [v / z for v in cur]
        alpha.append(prev)
    out = [alpha[-1]]
    beta = [1.0] * n_labels
    for t in range(len(pots) - 2, -1, -1):
        nb = [x * y for x, y in zip(pots[t + 1], beta)]
        beta = [sum([x * y for x, y in zip(row, nb)]) for row in trans]
        z = sum(beta) or 1.0
        beta = [v / z for v in beta]
        row = [x * y for x, y in zip(alpha[t], beta)]
        z = sum(row) or 1.0
        out.append([v / z for v in row])
    out.reverse()
    return out


def threshold_decode(probs: list[list[float]], thresholds: dict[str, float]) -> list[str]:
    """BIO labels from label probabilities: a token is Knowledge (Skill) when the sum of its
    K (S) labels' probabilities is over ``thresholds["K"]`` (``["S"]``), the likelier kind when
    both are; it starts a new span when B- and U- hold more than half that sum, or when the
    token before is not of its kind."""
    out: list[str] = []
    prev = ""
    for row in probs:
        pk, ps = sum(row[1:5]), sum(row[5:9])
        kind = ""
        if pk > thresholds["K"] and (ps <= thresholds["S"] or pk >= ps):
            kind, mass, start = "K", pk, row[1] + row[4]
        elif ps > thresholds["S"]:
            kind, mass, start = "S", ps, row[5] + row[8]
        if not kind:
            out.append("O")
        else:
            out.append(("I-" if prev == kind and start <= mass / 2 else "B-") + kind)
        prev = kind
    return out


@lru_cache(maxsize=1)
def default() -> Ensemble | None:
    """The shipped model, or None when the file is missing (then only the gazetteer runs)."""
    return Ensemble.load() if MODEL.is_file() else None
