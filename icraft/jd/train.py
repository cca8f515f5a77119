"""Build the analyzer's data: the GitHub-topics gazetteer and the span tagger.

    python -m icraft.jd.train ../shared/data          # both, from the shared data folder

``github_topics.tsv`` is derived from ``github-topics/topics.json`` (github/explore, CC BY
4.0: the attribution stays in the file's header). The tagger is trained on the SkillSpan
*train* splits only; the number of epochs was chosen on a 10% slice held out of train
(printed as it runs), never on dev, so ``benchmarks/bench_jd.py`` measures dev honestly.
The word clusters (``data/clusters.json.gz``) are made once from the WordLlama vectors of
the tokenizer's whole words and train's words (``python -m icraft.jd.train DIR --new-clusters`` makes them
again).
Deterministic: a fixed seed shuffles the sentences.
"""

from __future__ import annotations

import gzip
import json
import random
import sys
from pathlib import Path

from icraft.jd import conll
from icraft.jd.tagger import LABELS, Tagger, features, viterbi
from icraft.jd.technologies import DATA, Gazetteer, gazetteer
from icraft.jd.tokens import Token

EPOCHS = 8
SEED = 13
TRAIN_FILES = ("skillspan_tech_train.conll", "skillspan_house_train.conll")
# Topics that are not technologies a posting asks for.
_NOT_TECH = {
    "anime", "queer", "transgender", "undertale", "teeworlds", "space-engineers", "bluearchive", "demoscene",
    "red", "app", "generator", "publishing", "google", "minecraft", "hacktoberfest", "lgbtq", "covid-19",
    "game", "games", "hacktoberfest2020", "awesome", "awesome-list", "jekyll-theme", "pokemon", "nintendo",
}


def build_topics(topics_json: str) -> str:
    lines = [
        "# Technology topics derived from github/explore's topics/*/index.md.",
        "# Topics data from github/explore, licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).",
        "# Changed by icraft: fields reduced to id, name, aliases; some non-technology topics left out.",
        "# columns: id <TAB> name <TAB> category <TAB> aliases (;) <TAB> flags",
    ]
    for t in json.loads(topics_json):
        tid = t["topic"]
        if tid in _NOT_TECH:
            continue
        name = str(t["display_name"]).strip().strip('"')
        # A single everyday-looking word ("Generator", "Slack") counts only as written.
        flags = "case" if name.isalpha() and name[:1].isupper() and name[1:].islower() else ""
        aliases = ";".join(a for a in t.get("aliases", []) if "\t" not in a)
        lines.append(f"{tid}\t{name}\ttopic\t{aliases}\t{flags}")
    return "\n".join(lines) + "\n"


def build_clusters(words: set[str], k_coarse: int = 64, k_fine: int = 512) -> dict[str, list[int]]:
    """Word -> [coarse, fine] spherical k-means cluster of its WordLlama vector (the
    static embeddings of icraft.nlp.embed). The vocabulary: the tokenizer's whole-word
    tokens (ASCII) and the given words (from train and the gazetteer; never dev)."""
    import numpy as np

    from icraft.nlp import embed

    e = embed.embedder()
    if e is None:
        raise SystemExit("the wordllama package is needed to build the word clusters")
    vocab = {w[1:].lower() for w in e._tokenizer.get_vocab() if w.startswith("\u2581") and w[1:].isascii()
             and w[1:].isalpha() and len(w) > 2}
    vocab |= {w for w in words if any(ch.isalpha() for ch in w)}
    vocab_list = sorted(vocab)
    vectors = e.embed(vocab_list)
    keep = np.linalg.norm(vectors, axis=1) > 0
    vocab_list = [w for w, ok in zip(vocab_list, keep) if ok]
    vectors = vectors[keep]
    rng = np.random.default_rng(SEED)
    ids = []
    for k in (k_coarse, k_fine):
        cent = vectors[rng.choice(len(vectors), k, replace=False)]
        for _ in range(20):
            assign = np.argmax(vectors @ cent.T, axis=1)
            for j in range(k):
                members = vectors[assign == j]
                if len(members):
                    c = members.sum(axis=0)
                    cent[j] = c / (np.linalg.norm(c) or 1.0)
        ids.append(np.argmax(vectors @ cent.T, axis=1))
    return {w: [int(a), int(b)] for w, a, b in zip(vocab_list, ids[0], ids[1])}


def sentence_tokens(words: list[str]) -> list[Token]:
    out, pos = [], 0
    for w in words:
        out.append(Token(w, pos, pos + len(w)))
        pos += len(w) + 1
    return out


def gazetteer_tags(words: list[str], gaz: Gazetteer) -> list[str]:
    tokens = sentence_tokens(words)
    text = " ".join(words)
    tags = [""] * len(words)
    for m in gaz.candidates(text, tokens):
        tags[m.first] = "B"
        for k in range(m.first + 1, m.last + 1):
            tags[k] = "I"
    return tags


def joint_labels(sent: conll.Sentence) -> list[str]:
    """One label a token: Knowledge where both layers tag it (rare), else Skill, else O."""
    out = []
    for _, skill, know in sent:
        if know != "O":
            out.append(know[0] + "-K")
        elif skill != "O":
            out.append(skill[0] + "-S")
        else:
            out.append("O")
    return out


def prepare(sents: list[conll.Sentence], gaz: Gazetteer,
            cmap: dict[str, list[int]] | None = None) -> list[tuple[list[list[str]], list[int]]]:
    """Features and gold labels of each sentence."""
    index = {lab: k for k, lab in enumerate(LABELS)}
    data = []
    for s in sents:
        words = [t[0] for t in s]
        data.append((features(words, gazetteer_tags(words, gaz), cmap), [index[lab] for lab in joint_labels(s)]))
    return data


class _Averaged:
    def __init__(self) -> None:
        n = len(LABELS)
        self.w: dict[str, list[float]] = {}
        self.total: dict[str, list[float]] = {}
        self.stamp: dict[str, list[int]] = {}
        self.t = [[0.0] * n for _ in range(n)]
        self.t_total = [[0.0] * n for _ in range(n)]
        self.t_stamp = [[0] * n for _ in range(n)]
        self.clock = 0

    def _upd(self, f: str, k: int, v: float) -> None:
        n = len(LABELS)
        w = self.w.get(f)
        if w is None:
            w = self.w[f] = [0.0] * n
            self.total[f] = [0.0] * n
            self.stamp[f] = [0] * n
        self.total[f][k] += (self.clock - self.stamp[f][k]) * w[k]
        self.stamp[f][k] = self.clock
        w[k] += v

    def _upd_t(self, a: int, b: int, v: float) -> None:
        self.t_total[a][b] += (self.clock - self.t_stamp[a][b]) * self.t[a][b]
        self.t_stamp[a][b] = self.clock
        self.t[a][b] += v

    def predict(self, feats: list[list[str]]) -> list[int]:
        tagger = Tagger(self.w, self.t)
        return [LABELS.index(lab) for lab in viterbi([tagger.scores(f) for f in feats], self.t)]

    def learn(self, feats: list[list[str]], gold: list[int]) -> None:
        self.clock += 1
        pred = self.predict(feats)
        if pred == gold:
            return
        for i, (g, p) in enumerate(zip(gold, pred)):
            if g != p:
                for f in feats[i]:
                    self._upd(f, g, 1.0)
                    self._upd(f, p, -1.0)
            if i and (gold[i - 1], g) != (pred[i - 1], p):
                self._upd_t(gold[i - 1], g, 1.0)
                self._upd_t(pred[i - 1], p, -1.0)

    def averaged(self, digits: int = 3, prune: float = 0.001) -> Tagger:
        c = max(1, self.clock)
        weights = {}
        for f, w in self.w.items():
            avg = [round((self.total[f][k] + (c - self.stamp[f][k]) * w[k]) / c, digits) for k in range(len(w))]
            if max(abs(x) for x in avg) >= prune:
                weights[f] = avg
        n = len(LABELS)
        trans = [[round((self.t_total[a][b] + (c - self.t_stamp[a][b]) * self.t[a][b]) / c, digits)
                  for b in range(n)] for a in range(n)]
        return Tagger(weights, trans)


def train(data: list, epochs: int, heldout: list | None = None, log=print) -> Tagger:
    model = _Averaged()
    order = list(range(len(data)))
    rng = random.Random(SEED)
    for epoch in range(1, epochs + 1):
        rng.shuffle(order)
        for k in order:
            model.learn(*data[k])
        if heldout is not None:
            log(f"epoch {epoch}: held-out {evaluate(model.averaged(), heldout)}")
    return model.averaged()


def evaluate(tagger: Tagger, data: list) -> str:
    gold_k, gold_s, pred_k, pred_s = [], [], [], []
    for feats, gold in data:
        pred = [LABELS.index(x) for x in viterbi([tagger.scores(f) for f in feats], tagger.transitions)]
        for labels, ks, ss in ((gold, gold_k, gold_s), (pred, pred_k, pred_s)):
            names = [LABELS[j] for j in labels]
            ks.append(conll.bio_spans([x if x.endswith("K") else "O" for x in names]))
            ss.append(conll.bio_spans([x if x.endswith("S") else "O" for x in names]))
    parts = []
    for name, g, p in (("K", gold_k, pred_k), ("S", gold_s, pred_s)):
        st, lo = conll.span_f1(g, p), conll.span_f1(g, p, loose=True)
        parts.append(f"{name} strict {st.f1:.3f} (P {st.precision:.2f} R {st.recall:.2f}) loose {lo.f1:.3f} "
                     f"(P {lo.precision:.2f} R {lo.recall:.2f})")
    return "; ".join(parts)


def save(tagger: Tagger, path: Path) -> None:
    data = {"labels": list(LABELS), "weights": tagger.weights, "transitions": tagger.transitions,
            "trained_on": list(TRAIN_FILES), "licence": "SkillSpan (MIT, Zhang et al. 2022)"}
    with gzip.GzipFile(path, "wb", mtime=0) as f:
        f.write(json.dumps(data, separators=(",", ":"), sort_keys=True).encode())


def main(argv: list[str]) -> int:
    shared = Path(argv[0] if argv else "../shared/data")
    topics = shared / "github-topics" / "topics.json"
    if topics.is_file():
        (DATA / "github_topics.tsv").write_text(build_topics(topics.read_text(encoding="utf-8")), encoding="utf-8")
        gazetteer.cache_clear()
    sents = []
    for name in TRAIN_FILES:
        sents += conll.read_conll((shared / "skillspan" / name).read_text(encoding="utf-8"))
    gaz = gazetteer()
    cmap: dict[str, list[int]] = {}
    if "--no-clusters" not in argv:
        from icraft.jd.tagger import CLUSTERS, _norm, clusters

        if CLUSTERS.is_file() and "--new-clusters" not in argv:
            cmap = clusters()
        else:
            words = {_norm(t[0]) for s in sents for t in s}
            words |= {w for k in gaz.index for w in k.split()}
            cmap = build_clusters(words)
            with gzip.GzipFile(CLUSTERS, "wb", mtime=0) as f:
                f.write(json.dumps(cmap, separators=(",", ":"), sort_keys=True).encode())
            print(f"{len(cmap)} words clustered into {CLUSTERS}")
    data = prepare(sents, gaz, cmap)
    epochs = int(argv[1]) if len(argv) > 1 and argv[1].isdigit() else EPOCHS
    rng = random.Random(SEED)
    idx = list(range(len(data)))
    rng.shuffle(idx)
    cut = len(idx) // 10
    if "--tune" in argv:
        train([data[k] for k in idx[cut:]], epochs, [data[k] for k in idx[:cut]])
        return 0
    tagger = train(data, epochs)
    save(tagger, DATA / "tagger.json.gz")
    print(f"saved {len(tagger.weights)} features to {DATA / 'tagger.json.gz'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
