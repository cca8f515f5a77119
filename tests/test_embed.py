"""The packaged static embeddings: loaded from the wheel's files, never from the network."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from icraft.nlp import embed


def test_the_wheel_ships_its_vectors_and_tokenizer() -> None:
    assert embed.available(), "wordllama is a runtime dependency: its data files must be installed"


def test_loading_touches_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the embedder tried to open a socket")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    embed._load.cache_clear()
    e = embed.embedder()
    assert e is not None and e.dim == embed.DIM


def test_paraphrases_are_closer_than_unrelated_text() -> None:
    e = embed.embedder()
    assert e is not None
    q = "Tell me about a time you disagreed with a teammate"
    assert e.similarity(q, "Describe a conflict you had with a colleague") > e.similarity(q, "How do pancakes get fluffy?") + 0.2


def test_vectors_are_unit_length_and_empty_text_is_zero() -> None:
    import numpy as np

    e = embed.embedder()
    assert e is not None
    v = e.embed(["a design review", ""])
    assert abs(float(np.linalg.norm(v[0])) - 1.0) < 1e-4
    assert float(np.abs(v[1]).sum()) == 0.0
    assert e.similarity("", "anything") == 0.0


def test_rank_orders_by_similarity_and_keeps_every_doc() -> None:
    e = embed.embedder()
    assert e is not None
    ranked = e.rank("database index", ["a recipe for soup", "adding an index to the Postgres table", "weather"])
    assert ranked[0][0] == 1
    assert sorted(i for i, _ in ranked) == [0, 1, 2]
    assert e.rank("anything", []) == []


REPO = Path(__file__).resolve().parent.parent


def _repository_words() -> list[str]:
    """Every distinct space-free word of the repository's answers, questions, rules and
    docs (the texts icraft embeds), plus awkward ones: accents, CJK, emoji, control
    characters, digits and punctuation runs."""
    words: set[str] = set()
    for folder, pattern in (("tests", "*.toml"), ("tests", "*.json"), ("drills", "*.toml"), ("rubrics", "*.toml"), ("docs", "*.md")):
        for path in sorted((REPO / folder).rglob(pattern)):
            words.update(path.read_text(encoding="utf-8", errors="replace").split())
    words.update(["naïve", "café", "東京", "😀", "a\u200bb", "tab\tsep", "3.14159", "--", "?!", "Ünïcödé", "x" * 40])
    return sorted(w for w in words if w and " " not in w)


def test_pure_tokenizer_matches_the_wheels_tokenizer_word_for_word() -> None:
    """The pure-Python BPE (so a cold lint never imports ``tokenizers``) gives the ids the
    wheel's tokenizer gives, on every word of the repository and on the whole
    vocabulary's pieces as words; words it leaves to ``tokenizers`` are the exceptions it
    names (special tokens, the "▁" character)."""
    e = embed.embedder()
    assert e is not None and e._bpe is not None, "the tokenizer file is shaped as _Bpe expects"
    words = _repository_words() + sorted({t.replace("\u2581", "") for t in e._bpe._vocab} - {""})
    ref = [x.ids for x in e._tokenizer.encode_batch(words, add_special_tokens=False)]
    left = 0
    for w, ids in zip(words, ref):
        got = e._bpe.word(w)
        if got is None:
            left += 1
            assert "\u2581" in w or any(t in w for t in ("<s>", "</s>", "<unk>")), w
        else:
            assert got == ids, w
    assert len(words) > 30_000 and left < 50
    assert e._word_ids(["<s>", "pancakes"]) == [[1], e._bpe.word("pancakes")]


def test_merges_are_every_split_of_a_piece_ranked_by_the_merged_piece() -> None:
    """What the pure BPE relies on, read from the file's merges: every merge joins two
    pieces into a piece, every such split is a merge, and merges rank by (merged id, left
    id, right id), runs of "▁" last."""
    import json

    root = embed._package_dir()
    assert root is not None
    model = json.loads((root / embed.TOKENIZER).read_text(encoding="utf-8"))["model"]
    vocab = model["vocab"]
    pairs = [tuple(m.split(" ")) if isinstance(m, str) else tuple(m) for m in model["merges"]]
    splits = {(t[:k], t[k:]) for t in vocab for k in range(1, len(t)) if t[:k] in vocab and t[k:] in vocab}
    assert set(pairs) == splits and len(pairs) == len(splits)
    runs = [p for p in pairs if set(p[0] + p[1]) == {"\u2581"}]
    rest = [p for p in pairs if set(p[0] + p[1]) != {"\u2581"}]
    assert pairs[len(rest):] == runs
    assert rest == sorted(rest, key=lambda p: (vocab[p[0] + p[1]], vocab[p[0]], vocab[p[1]]))


def test_a_cold_embedder_does_not_import_tokenizers() -> None:
    """Embedding texts with single spaces loads only the vocabulary: ``tokenizers`` (110-200
    ms of a cold lint) is not loaded."""
    code = (
        "import sys\n"
        "from icraft.nlp import embed\n"
        "e = embed.embedder()\n"
        "e.cosine('I fixed the failing deploy, and we shipped on time.', 'Tell me about a mistake.')\n"
        "e.embed(['a design review'])\n"
        "print('tokenizers' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_cosine_is_shown_positive_from_word_dots_only_when_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    """cosine_positive (off_topic's shortcut: relevance.clears) says True only where the
    cosine is above 0, and says it for the clearly positive ones, from per-word dot
    products and a bound of the words' norms; a per-question table that fills is emptied
    and read again, never a KeyError."""
    import tomllib

    monkeypatch.setattr(embed, "_MAX_CACHED_WORDS", 400)  # the tables fill within these texts
    e = embed.Embedder(embed._package_dir())  # type: ignore[arg-type]
    e._pure_left = 0  # numpy's way, as after a process's first cosines
    question = "Tell me about a time you disagreed with a teammate"
    texts = ["pancakes syrup butter", "zebra giraffe savanna", "sourdough starter flour water", "lol ok",
             "We had a disagreement about the design", "I rewrote the query and latency fell"]
    for p in sorted((REPO / "tests" / "calibration").glob("*.toml"))[:40]:
        texts.append(" ".join(tomllib.loads(p.read_text())["answer"].split()))
    shown = positive = negative = 0
    for text in texts:
        cosine = e.cosine(text, question)
        positive += cosine > 0.01
        negative += cosine < 0
        if e.cosine_positive(text, question):
            assert cosine > 0, text
            shown += 1
    assert negative >= 3 and positive >= 20
    assert shown >= positive  # every clearly positive one shown (its dots ~0.1, the bound ~1e-11)
    assert len(e._dots[question]) <= 400
