"""The span tagger (icraft/jd/tagger.py): Viterbi against an exhaustive search, the BIO <->
BILOU conversion, the shipped CRF on a posting's sentence, and the export from CRFsuite (icraft/jd/train.py) decoding exactly as
CRFsuite itself does, with and without the dense (word-vector) features."""

from __future__ import annotations

import numpy as np
import pytest

from icraft.jd import conll
from icraft.jd import tagger as tagger_mod
from icraft.jd.tagger import LABELS, Tagger, to_bilou, to_bio, viterbi


def test_viterbi_finds_the_best_of_all_label_sequences() -> None:
    import itertools

    rng = np.random.default_rng(7)
    n = len(LABELS)
    for _ in range(5):
        emissions = rng.normal(size=(3, n)).tolist()
        transitions = rng.normal(size=(n, n)).tolist()

        def score(path: tuple[int, ...]) -> float:
            return (sum(emissions[i][k] for i, k in enumerate(path))
                    + sum(transitions[a][b] for a, b in zip(path, path[1:])))

        best = max(itertools.product(range(n), repeat=3), key=score)
        assert viterbi(emissions, transitions) == [LABELS[k] for k in best]


def test_bio_and_bilou_convert_both_ways() -> None:
    bio = ["O", "B-K", "I-K", "I-K", "O", "B-S", "B-K", "I-S", "I-S", "O", "I-K"]
    bilou = to_bilou(bio)
    assert bilou == ["O", "B-K", "I-K", "L-K", "O", "U-S", "U-K", "I-S", "L-S", "O", "L-K"]
    assert to_bio(bilou) == bio
    # an ill-formed piece the decoder may return still reads as a span
    assert to_bio(["O", "L-K", "O", "B-S", "O"]) == ["O", "I-K", "O", "B-S", "O"]
    assert conll.bio_spans(to_bio(["O", "L-K", "O"])) == [(1, 2)]


def test_the_shipped_model_tags_technologies_and_a_skill() -> None:
    model = tagger_mod.default()
    assert model is not None and model.dense is not None and len(model.dense[0]) == len(LABELS)
    words = "Strong experience with Kubernetes , Terraform and PostgreSQL is required .".split()
    labels = model.tag(words, [""] * len(words))
    assert {words[i] for i, lab in enumerate(labels) if lab.endswith("K")} >= {"Kubernetes", "PostgreSQL"}
    words = "You will mentor junior engineers and write design documents .".split()
    labels = model.tag(words, [""] * len(words))
    assert "B-S" in labels and labels[words.index("mentor")] in ("B-S", "I-S")


def test_without_word_vectors_the_tagger_still_tags(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tagger_mod, "embeddings", lambda words: None)  # a broken wordllama install
    model = tagger_mod.default()
    assert model is not None
    words = "Experience with Kubernetes and PostgreSQL .".split()
    assert any(lab.endswith("K") for lab in model.tag(words, [""] * len(words)))


# A toy corpus: technologies after "with"/"using", skills after "can".
_TOY = [
    ("we work with Python and Kafka daily", "O O O B-K O B-K O"),
    ("you can lead teams and write docs", "O O B-S I-S O B-S I-S"),
    ("build services using Go and Rust", "O O O B-K O B-K"),
    ("someone who can mentor engineers well", "O O O B-S I-S O"),
    ("experience with Java Spring Boot", "O O B-K I-K I-K"),
    ("you can own the roadmap", "O O B-S I-S I-S"),
] * 4


def _toy_data(vectors: bool) -> list:
    rng = np.random.default_rng(0)
    out = []
    for text, tags in _TOY:
        words, labels = text.split(), tags.split()
        vec = rng.normal(size=(len(words), 8)).astype(np.float32) if vectors else None
        out.append((tagger_mod.features(words, [""] * len(words), {}), vec, labels))
    return out


@pytest.mark.parametrize("vectors", [False, True])
def test_exported_weights_decode_as_crfsuite_does(tmp_path, vectors: bool) -> None:
    pycrfsuite = pytest.importorskip("pycrfsuite",
                                     reason="needs python-crfsuite (pip install 'icraft[train]')")
    from icraft.jd import train

    data = _toy_data(vectors)
    proj = (np.full(8, 0.1, dtype=np.float32), np.eye(8, 3, dtype=np.float32)) if vectors else None
    model_path = tmp_path / "toy.crfsuite"
    ours = train.train(data, c1=0.0, c2=0.1, proj=proj, iterations=50, path=model_path)
    assert isinstance(ours, Tagger) and (ours.dense is not None) == vectors
    crf = pycrfsuite.Tagger()
    crf.open(str(model_path))
    tests = _toy_data(vectors)[:6]
    for ex in tests:
        theirs = crf.tag(pycrfsuite.ItemSequence(train._items(ex, proj)))  # BILOU
        assert train.predict(ours, ex) == to_bio(theirs)
        assert theirs == to_bilou(ex[2])  # the toy corpus is learnt, so the comparison is not vacuous
    # the dense weights matter: dropping them changes some token's scores
    if vectors:
        stripped = Tagger(ours.weights, ours.transitions)
        assert any(stripped.emissions(ex[0], ex[1]) != ours.emissions(ex[0], ex[1]) for ex in tests)
