"""Static word embeddings that ship inside a wheel, loaded strictly offline.

The vectors are WordLlama's ``l2_supercat_256`` (32,000 tokens x 256 dims, float16)
and its tokenizer, both files inside the ``wordllama`` wheel. We read them directly
with ``safetensors`` and ``tokenizers`` instead of ``wordllama.WordLlama.load``,
which looks in ``~/.cache`` and may try to download from a model hub: icraft never
touches the network for this. A text's vector is the mean of its token vectors,
normalised to unit length (WordLlama's own average pooling), so a dot product is the
cosine similarity.

Loading takes about 0.1 s and 33 MB; it happens once per process, on first use.
``available()`` is False when the package is missing (a broken install), and every
caller then degrades to its lexical measure instead of failing.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache
from importlib import util
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

WEIGHTS = "weights/l2_supercat_256.safetensors"
TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"
DIM = 256

_lock = threading.Lock()


def _package_dir() -> Path | None:
    spec = util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def available() -> bool:
    """True when the wheel and its two data files are installed."""
    root = _package_dir()
    return root is not None and (root / WEIGHTS).is_file() and (root / TOKENIZER).is_file()


class Embedder:
    """Mean-pooled, unit-length text vectors from the packaged static embeddings."""

    def __init__(self, root: Path) -> None:
        import numpy as np
        from safetensors import safe_open
        from tokenizers import Tokenizer

        with safe_open(str(root / WEIGHTS), framework="numpy") as f:
            self._table = np.asarray(f.get_tensor("embedding.weight"), dtype=np.float32)
        self._tokenizer = Tokenizer.from_file(str(root / TOKENIZER))
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()
        self.dim = int(self._table.shape[1])

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        return [e.ids for e in self._tokenizer.encode_batch(list(texts), add_special_tokens=False)]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text (a zero vector for a text with no tokens)."""
        import numpy as np

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, ids in enumerate(self.token_ids(texts)):
            if ids:
                v = self._table[ids].mean(axis=0)
                n = float(np.linalg.norm(v))
                if n > 0:
                    out[i] = v / n
        return out

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two texts, in [-1, 1]; 0.0 when either has no tokens."""
        va, vb = self.embed([a, b])
        return float(va @ vb)

    def rank(self, query: str, docs: Sequence[str]) -> list[tuple[int, float]]:
        """(index, similarity) of every doc, most similar first; ties keep doc order."""
        if not docs:
            return []
        q = self.embed([query])[0]
        sims = self.embed(docs) @ q
        return sorted(((i, float(s)) for i, s in enumerate(sims)), key=lambda p: (-p[1], p[0]))


@lru_cache(maxsize=1)
def _load(root: Path) -> Embedder:
    return Embedder(root)


def embedder() -> Embedder | None:
    """The process-wide embedder, loaded on first use; None when unavailable."""
    root = _package_dir()
    if root is None or not available():
        return None
    with _lock:
        return _load(root)
