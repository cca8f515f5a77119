"""Build the analyzer's data: the GitHub-topics gazetteer and the span tagger.

    python -m icraft.jd.train ../shared/data            # both, from the shared data folder
    python -m icraft.jd.train ../shared/data --tune     # the ensemble's thresholds on unseen postings (C)
    python -m icraft.jd.train ../shared/data --tune --single [--blocks]   # one CRF: penalties, bias (B; C)

``github_topics.tsv`` is derived from ``github-topics/topics.json`` (github/explore, CC BY
4.0: the attribution stays in the file's header). The tagger is a linear-chain CRF trained
with L-BFGS by CRFsuite (``python-crfsuite``, needed only here: the exported weights are
decoded in pure Python by :mod:`icraft.jd.tagger`) on the SkillSpan *train* splits only.
Two CRFs are shipped, one with the posting's last heading as features, one with cue-word
features, their label probabilities averaged and thresholded. The L1/L2 penalties, the
BILOU labels, the members and the thresholds were chosen on postings held out of train
(``python -m icraft.jd.train DATA --tune`` prints the thresholds' figures), never on dev, so ``benchmarks/bench_jd.py``
measures dev honestly. The word clusters (``data/clusters.json.gz``) are made once from the WordLlama
vectors of the tokenizer's whole words and train's words (``python -m icraft.jd.train --new-clusters`` makes them
again); the same vocabulary gives the whitened projection of the dense features.
Deterministic: a fixed seed chooses the held-out slices; CRFsuite's L-BFGS is deterministic.
"""

from __future__ import annotations

import gzip
import json
import random
import sys
from pathlib import Path

from icraft.jd import conll
from icraft.jd.tagger import (LABELS, Ensemble, Tagger, clusters, embeddings, features, next_heading,
                              to_bilou)
from icraft.jd.technologies import DATA, Gazetteer, gazetteer
from icraft.jd.tokens import Token

SEED = 13
# Chosen on slices held out of train (docs/JD.md): L1 and L2 penalties, the dense features'
# dimensions; the members of the shipped ensemble (the features each adds to the common
# ones) and its thresholds, on the block hold-out C (unseen postings).
C1, C2 = 0.3, 0.05
MEMBERS = ({"heading": True}, {"cues": True})
THRESHOLDS = {"K": 0.25, "S": 0.2}
THRESHOLD_GRID = ((0.2, 0.25, 0.3, 0.35), (0.15, 0.2, 0.25, 0.3))
DIMS = 32
ITERATIONS = 150
SLICES = 3
BLOCKS = (1, 4, 8)
GRID = ((0.05, 0.01), (0.1, 0.1), (0.3, 0.05))
BIASES = (0.0, 0.25, 0.5, 0.75, 1.0)
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


Example = tuple[list[list[str]], "object", list[str]]  # sparse features, vectors (n x 256), gold labels


def prepare(sents: list[conll.Sentence], gaz: Gazetteer,
            cmap: dict[str, list[int]] | None = None, dense: bool = True, *,
            heading: bool = False, cues: bool = False) -> list[Example]:
    """Features, word vectors (None without ``dense``) and gold labels of each sentence.
    ``heading``: the heading features, the sentences read in the file's order (SkillSpan
    keeps a posting's sentences together and in order); ``cues``: the cue-word features."""
    data = []
    head: list[str] = []
    for s in sents:
        words = [t[0] for t in s]
        vec = embeddings(words) if dense else None
        feats = features(words, gazetteer_tags(words, gaz), cmap, heading=head if heading else None,
                         cues=cues)
        data.append((feats, vec, joint_labels(s)))
        head = next_heading(head, words)
    return data


def projection(vocab: list[str], dims: int = DIMS):  # -> (mean, P) as numpy arrays
    """A whitened PCA of the vocabulary's vectors: ``(v - mean) @ P`` has ``dims`` unit-variance
    coordinates (the dense features the CRF is trained on)."""
    import numpy as np

    m = embeddings(vocab)
    if m is None:
        raise SystemExit("the wordllama package is needed to train the tagger")
    mean = m.mean(axis=0)
    _, s, vt = np.linalg.svd(m - mean, full_matrices=False)
    return mean, vt[:dims].T / (s[:dims] / np.sqrt(len(m)))


def _items(ex: Example, proj) -> list[dict[str, float]]:
    feats, vec, _ = ex
    out = [{name: 1.0 for name in f} for f in feats]
    if vec is not None and proj is not None:
        z = (vec - proj[0]) @ proj[1]
        for row, d in zip(z, out):
            for j, x in enumerate(row):
                d[f"e{j}"] = float(x)
    return out


def train(data: list[Example], c1: float = C1, c2: float = C2, proj=None, iterations: int = ITERATIONS,
          path: Path | None = None) -> Tagger:
    """A CRF trained by CRFsuite's L-BFGS, exported to a :class:`Tagger`."""
    import tempfile

    try:
        import pycrfsuite
    except ImportError:
        raise SystemExit("training the tagger needs python-crfsuite: pip install 'icraft[train]'") from None

    trainer = pycrfsuite.Trainer(verbose=False)
    for ex in data:
        trainer.append(pycrfsuite.ItemSequence(_items(ex, proj)), to_bilou(ex[2]))
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations,
                        "feature.possible_transitions": True})
    with tempfile.TemporaryDirectory() as tmp:
        model = str(path or Path(tmp) / "tagger.crfsuite")
        trainer.train(model)
        return export(model, proj)


def export(model: str, proj=None, digits: int = 4) -> Tagger:
    """CRFsuite's weights as a :class:`Tagger`: sparse features by name, the dense ones folded
    through the projection into a 256 x labels matrix, transitions."""
    import numpy as np
    import pycrfsuite

    crf = pycrfsuite.Tagger()
    crf.open(model)
    info = crf.info()
    n = len(LABELS)
    weights: dict[str, list[float]] = {}
    dense = np.zeros((proj[1].shape[1] if proj is not None else 0, n))
    for (attr, label), v in info.state_features.items():
        k = LABELS.index(label)
        if attr[0] == "e" and attr[1:].isdigit():
            dense[int(attr[1:]), k] = v
        else:
            weights.setdefault(attr, [0.0] * n)[k] = v
    weights = {f: [round(x, digits) for x in w] for f, w in weights.items()
               if any(round(x, digits) for x in w)}
    trans = [[0.0] * n for _ in range(n)]
    for (a, b), v in info.transitions.items():
        trans[LABELS.index(a)][LABELS.index(b)] = round(v, digits)
    crf.close()
    if proj is None:
        return Tagger(weights, trans)
    folded = proj[1] @ dense  # 256 x labels
    return Tagger(weights, trans, [[round(float(x), 5) for x in row] for row in folded],
                  [round(float(x), 5) for x in -(proj[0] @ folded)])


def predict(tagger: Tagger, ex: Example, *, outside: bool = True) -> list[str]:
    return tagger.decode(ex[0], ex[1], outside=outside)


def with_bias(tagger: Tagger, k_bias: float) -> Tagger:
    return Tagger(tagger.weights, tagger.transitions, tagger.dense, tagger.dense_bias,
                  [k_bias if lab.endswith("K") else 0.0 for lab in LABELS])


def save(model: Ensemble, path: Path) -> None:
    members = [{"weights": t.weights, "transitions": t.transitions, "dense": t.dense,
                "dense_bias": t.dense_bias, "bias": t.bias} for t in model.members]
    data = {"labels": list(LABELS), "members": members, "thresholds": model.thresholds,
            "trained_on": list(TRAIN_FILES), "licence": "SkillSpan (MIT, Zhang et al. 2022)"}
    with gzip.GzipFile(path, "wb", mtime=0) as f:
        f.write(json.dumps(data, separators=(",", ":"), sort_keys=True).encode())


def tune_ensemble(member_data: list[list[Example]], proj, grid=THRESHOLD_GRID) -> None:
    """The block hold-out C for the ensemble: each member trained on train minus block 1, 4
    or 8 (of ten), their label probabilities averaged on the block, then the thresholds."""
    from icraft.jd.tagger import threshold_decode

    n = len(member_data[0])
    cut = n // 10
    folds = [list(range(cut * b, cut * (b + 1))) for b in BLOCKS]
    gold, probs = [], []
    for fold in folds:
        held = set(fold)
        members = [train([d[k] for k in range(n) if k not in held], C1, C2, proj) for d in member_data]
        for k in fold:
            gold.append(member_data[0][k][2])
            runs = [m.posteriors(d[k][0], d[k][1]) for m, d in zip(members, member_data)]
            probs.append([[sum(col) / len(runs) for col in zip(*rows)] for rows in zip(*runs)])
    for tk in grid[0]:
        for ts in grid[1]:
            pred = [threshold_decode(p, {"K": tk, "S": ts}) for p in probs]
            print(f"thresholds K {tk} S {ts}: held-out (C) {_scores(gold, pred)}", flush=True)


def tune(data: list[Example], proj, *, blocks: bool = False, grid=GRID, biases=BIASES) -> None:
    """Hold-out figures: each (c1, c2) trained on train minus a 10 % slice and scored on that
    slice, three slices pooled; then the Knowledge bias on the best one's slices. The slices
    are random sentences (B), or with ``blocks`` contiguous blocks 1, 4 and 8 of ten (C:
    whole postings the model never saw, two from the tech file and one from house)."""
    idx = list(range(len(data)))
    cut = len(idx) // 10
    if blocks:
        folds = [idx[cut * s : cut * (s + 1)] for s in BLOCKS]
    else:
        random.Random(SEED).shuffle(idx)
        folds = [idx[cut * s : cut * (s + 1)] for s in range(SLICES)]
    best = None
    for c1, c2 in grid:
        models = []
        for fold in folds:
            held = set(fold)
            models.append(train([data[k] for k in idx if k not in held], c1, c2, proj))
        pooled = _pooled(models, folds, data, 0.0)
        print(f"c1 {c1} c2 {c2}: held-out {pooled}", flush=True)
        if best is None or pooled["K strict"] + pooled["K loose"] > best[0]:
            best = (pooled["K strict"] + pooled["K loose"], c1, c2, models)
    assert best is not None
    print(f"c1 {best[1]} c2 {best[2]} without the comma rule: held-out "
          f"{_pooled(best[3], folds, data, 0.0, outside=False)}", flush=True)
    for b in biases:
        print(f"c1 {best[1]} c2 {best[2]} Knowledge bias {b}: held-out "
              f"{_pooled(best[3], folds, data, b)}", flush=True)


def _pooled(models: list[Tagger], folds: list[list[int]], data: list[Example], k_bias: float,
            *, outside: bool = True) -> dict[str, float]:
    gold, pred = [], []
    for model, fold in zip(models, folds):
        biased = with_bias(model, k_bias)
        for k in fold:
            gold.append(data[k][2])
            pred.append(predict(biased, data[k], outside=outside))
    return _scores(gold, pred)


def _scores(gold: list[list[str]], pred: list[list[str]]) -> dict[str, float]:
    out = {}
    for kind in ("K", "S"):
        g = [conll.bio_spans([x if x.endswith(kind) else "O" for x in names]) for names in gold]
        p = [conll.bio_spans([x if x.endswith(kind) else "O" for x in names]) for names in pred]
        out[kind + " strict"] = round(conll.span_f1(g, p).f1, 3)
        out[kind + " loose"] = round(conll.span_f1(g, p, loose=True).f1, 3)
    return out


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
        from icraft.jd.tagger import CLUSTERS, _norm

        if CLUSTERS.is_file() and "--new-clusters" not in argv:
            cmap = clusters()
        else:
            words = {_norm(t[0]) for s in sents for t in s}
            words |= {w for k in gaz.index for w in k.split()}
            cmap = build_clusters(words)
            with gzip.GzipFile(CLUSTERS, "wb", mtime=0) as f:
                f.write(json.dumps(cmap, separators=(",", ":"), sort_keys=True).encode())
            print(f"{len(cmap)} words clustered into {CLUSTERS}")
    dense = "--no-dense" not in argv
    proj = projection(sorted(cmap or clusters()), DIMS) if dense else None
    if "--tune" in argv and "--single" in argv:  # one CRF, no heading or cue features
        data = prepare(sents, gaz, cmap, dense)
        tune(data, proj, blocks="--blocks" in argv, grid=((C1, C2),) if "--blocks" in argv else GRID)
        return 0
    member_data = [prepare(sents, gaz, cmap, dense, **m) for m in MEMBERS]
    if "--tune" in argv:
        tune_ensemble(member_data, proj)
        return 0
    model = Ensemble([train(d, C1, C2, proj) for d in member_data], THRESHOLDS)
    save(model, DATA / "tagger.json.gz")
    print(f"saved {len(model.members)} CRFs ({', '.join(str(len(m.weights)) for m in model.members)} "
          f"features) to {DATA / 'tagger.json.gz'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
