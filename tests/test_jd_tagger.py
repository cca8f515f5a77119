"""The span tagger (icraft/jd/tagger.py): Viterbi and the marginals against an exhaustive
search, the threshold decoding, the BIO <-> BILOU conversion, the heading context, the shipped
ensemble on a posting's sentence, and the export from CRFsuite (icraft/jd/train.py) decoding
exactly as CRFsuite itself does, with and without the dense (word-vector) features."""

from __future__ import annotations

import numpy as np
import pytest

from icraft.jd import conll
from icraft.jd import tagger as tagger_mod
from icraft.jd.tagger import (LABELS, Ensemble, Tagger, marginals, next_heading, threshold_decode, to_bilou,
                              to_bio, viterbi)


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


def test_marginals_are_the_label_probabilities_over_all_sequences() -> None:
    import itertools
    import math

    rng = np.random.default_rng(11)
    n = len(LABELS)
    emissions = rng.normal(size=(3, n)).tolist()
    emissions[1][2] = float("-inf")  # the comma rule's forbidden labels
    transitions = rng.normal(size=(n, n)).tolist()
    totals = np.zeros((3, n))
    for path in itertools.product(range(n), repeat=3):
        score = (sum(emissions[i][k] for i, k in enumerate(path))
                 + sum(transitions[a][b] for a, b in zip(path, path[1:])))
        for i, k in enumerate(path):
            totals[i, k] += math.exp(score)
    expected = totals / totals[0].sum()
    got = np.array(marginals(emissions, transitions))
    assert np.allclose(got, expected, atol=1e-9)
    assert got[1][2] == 0.0 and np.allclose(got.sum(axis=1), 1.0)


def test_threshold_decoding_makes_spans_by_kind_and_starts() -> None:
    def row(**p: float) -> list[float]:
        out = [0.0] * len(LABELS)
        for name, v in p.items():
            out[LABELS.index(name.replace("_", "-"))] = v
        out[0] = 1.0 - sum(out)
        return out

    probs = [
        row(),                     # O
        row(B_K=0.2, U_K=0.1),     # K 0.3 > 0.25, starts
        row(I_K=0.2, L_K=0.1),     # K continues
        row(U_K=0.3),              # K, but most of it is a start: a new span
        row(B_S=0.15, U_K=0.1),    # S 0.15 < 0.2, K 0.1 < 0.25: O
        row(B_S=0.3, I_K=0.3),     # both over: the likelier (a tie goes to K), after O: starts
        row(I_S=0.5),              # S after K: starts
    ]
    labels = threshold_decode(probs, {"K": 0.25, "S": 0.2})
    assert labels == ["O", "B-K", "I-K", "B-K", "O", "B-K", "B-S"]
    assert conll.bio_spans([x if x.endswith("K") else "O" for x in labels]) == [(1, 3), (3, 4), (5, 6)]


def test_the_last_heading_is_a_feature_of_the_sentences_after_it() -> None:
    head: list[str] = []
    for line in ["Senior Data Engineer", "About the role :", "We build pipelines for our customers every day .",
                 "Requirements", "Experience with Spark and Airflow ."]:
        head = next_heading(head, line.split())
    assert head == ["requirements"]
    assert next_heading(head, "What we offer ?".split()) == ["what", "offer"]
    assert next_heading(head, ": -".split()) is head  # no content words: the heading stays
    words = "Experience with Spark .".split()
    feats = tagger_mod.features(words, [""] * len(words), {}, heading=head, cues=True)
    assert all("h=requirements" in f for f in feats) and not any("is-h" in f for f in feats)
    assert "pp2=experience|with" in feats[2] and "st=spark" in feats[2]
    assert tagger_mod.features(words, [""] * len(words), {}) == [
        [x for x in f if not x.startswith(("h=", "pp", "st="))] for f in feats]
    assert "h=<none>" in tagger_mod.features(["Requirements"], [""], {}, heading=[])[0]


def test_the_analyzer_gives_each_sentence_its_heading() -> None:
    from icraft.jd.analyze import _headings

    text = "Data Engineer\n\nWhat you'll do\n- Build pipelines.\n\nRequirements:\n- Python and SQL.\n"
    offsets, heads = _headings(text)
    at = {text.index(s): heads[max(i for i, o in enumerate(offsets) if o <= text.index(s))]
          for s in ("Build", "Python")}
    assert at[text.index("Build")] == ["what", "you'll", "do"]
    assert at[text.index("Python")] == ["requirements"]


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
    assert isinstance(model, Ensemble) and len(model.members) == 2
    assert model.dense is not None and len(model.dense[0]) == len(LABELS)
    assert 0 < model.thresholds["K"] < 0.5 and 0 < model.thresholds["S"] < 0.5
    # all members at once (numpy) sum as each member's own marginals do
    words = "Knowledge of molecular cell biology and Python , and a PhD .".split()
    feats = tagger_mod.features(words, [""] * len(words), heading=["requirements"], cues=True)
    vec = tagger_mod.embeddings(words)
    each = [np.array(m.posteriors(feats, vec)) for m in model.members]
    assert np.allclose(np.array(model.posteriors(feats, vec)), sum(each) / len(each), atol=1e-5)
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


def test_an_ensemble_averages_its_members_and_survives_saving(tmp_path) -> None:
    pytest.importorskip("pycrfsuite", reason="needs python-crfsuite (pip install 'icraft[train]')")
    from icraft.jd import train

    data = _toy_data(False)
    # two members that differ: one trained on half the toy corpus
    members = [train.train(data, c1=0.0, c2=0.1, iterations=50),
               train.train(data[::2], c1=0.0, c2=0.5, iterations=50)]
    model = Ensemble(members, {"K": 0.3, "S": 0.3})
    feats = data[0][0]
    a, b = (np.array(m.posteriors(feats)) for m in members)
    assert not np.allclose(a, b)
    assert np.allclose(np.array(model.posteriors(feats)), (a + b) / 2)
    assert model.decode(feats) == ["O", "O", "O", "B-K", "O", "B-K", "O"]  # the toy sentence's labels
    train.save(model, tmp_path / "m.json.gz")
    back = Ensemble.load(tmp_path / "m.json.gz")
    assert back.thresholds == model.thresholds and back.decode(feats) == model.decode(feats)
