"""The packaged static embeddings: loaded from the wheel's files, never from the network."""

from __future__ import annotations

import socket

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
