"""Static word embeddings that ship inside a wheel, loaded strictly offline.

The vectors are WordLlama's ``l2_supercat_256`` (32,000 tokens x 256 dims, float16)
and its tokenizer, both files inside the ``wordllama`` wheel. We read them directly
instead of ``wordllama.WordLlama.load``, which looks in ``~/.cache`` and may try to
download from a model hub: icraft never touches the network for this. A text's vector
is the mean of its token vectors, normalised to unit length (WordLlama's own average
pooling), so a dot product is the cosine similarity.

Loading happens once per process, on first use: the 16 MB float16 table is memory-mapped
(rows are read on demand, never converted as a whole) and only the tokenizer's
vocabulary is read (~25 ms: 6 to read and decode it, the rest json; :class:`_Bpe`: a pure-Python BPE giving the same ids);
the ``tokenizers`` library (110-200 ms to import and parse its 61,249 merges, most of a
cold lint's relevance cost before) is loaded only for a text it alone can split (a run
of spaces, a special token such as "<s>"). numpy (~90 ms) is imported only after
:data:`PURE_TEXTS` cosines.
``available()`` is False when the package is missing (a broken install), and every
caller then degrades to its lexical measure instead of failing.
"""

from __future__ import annotations

import math
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
# Words whose vector sums are kept (2 KB each); the cache is emptied when full.
_MAX_CACHED_WORDS = 16_384
# Relevance cosines a process computes in pure Python before it imports numpy (see
# Embedder.cosine): a lint of a few answers never pays for numpy.
PURE_TEXTS = 16
# How far Embedder.cosine_estimate may be from Embedder.cosine (measured under 1e-13):
# a decision further than this from its threshold is taken on the estimate.
COSINE_ESTIMATE_ERROR = 1e-9
# How far Embedder.alignments' figures may be from its exact ones (numpy's dot products
# against correctly rounded ones: under 1e-12 for 256 products of unit vectors).
ALIGNMENT_MARGIN = 1e-9


@lru_cache(maxsize=1)
def _package_dir() -> Path | None:
    """The installed wheel's folder (looked up once per process: ``find_spec`` walks
    sys.path, 0.05 ms a call, once per linted answer before this was cached)."""
    spec = util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@lru_cache(maxsize=1)
def available() -> bool:
    """True when the wheel and its two data files are installed (checked once per process)."""
    root = _package_dir()
    return root is not None and (root / WEIGHTS).is_file() and (root / TOKENIZER).is_file()


class _Rows:
    """The float16 vector table of the safetensors file, memory-mapped: the rows a text
    needs are read and converted, never the whole 16 MB table (reading and converting it
    cost ~40 ms of a cold start)."""

    def __init__(self, path: Path) -> None:
        import json
        import mmap
        import struct

        with path.open("rb") as fh:
            self._mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        (size,) = struct.unpack_from("<Q", self._mm, 0)
        meta = json.loads(self._mm[8 : 8 + size])["embedding.weight"]
        if meta["dtype"] != "F16" or len(meta["shape"]) != 2:
            raise ValueError(f"unexpected embedding table {meta['dtype']} {meta['shape']}")
        self.n, self.dim = (int(x) for x in meta["shape"])
        self._base = 8 + size + int(meta["data_offsets"][0])
        self._row = struct.Struct(f"<{self.dim}e")

    def row(self, i: int) -> tuple[float, ...]:
        """Row ``i`` as Python floats (exact: every float16 is a float64)."""
        return self._row.unpack_from(self._mm, self._base + i * self._row.size)

    def array(self):  # type: ignore[no-untyped-def]
        import numpy as np

        return np.frombuffer(self._mm, dtype="<f2", count=self.n * self.dim, offset=self._base).reshape(self.n, self.dim)


_EXPECTED_NORMALIZER = {
    "type": "Sequence",
    "normalizers": [
        {"type": "Prepend", "prepend": "\u2581"},
        {"type": "Replace", "pattern": {"String": " "}, "content": "\u2581"},
    ],
}
_EXPECTED_MODEL = {
    "type": "BPE", "dropout": None, "unk_token": "<unk>", "continuing_subword_prefix": None,
    "end_of_word_suffix": None, "fuse_unk": True, "byte_fallback": True, "ignore_merges": False,
}


class _Bpe:
    """The wheel's tokenizer for one word, in pure Python: the same ids as ``tokenizers``
    (checked on every word of the repository's texts by tests/test_embed.py), ~25 ms to
    load where ``tokenizers`` takes 110-200 ms (its import and its parse of the 61,249 merges).

    Only the vocabulary is read (``json`` from the ``vocab`` object, the rest of the file
    skipped). The merges are not needed: the file's merges are exactly every split of a
    vocabulary piece into two pieces (how Llama's SentencePiece model was converted), ranked
    by the merged piece's id, then the left and the right piece's ids, except the merges of
    runs of "\u2581" (ranked last), which a single word never holds. So BPE on "\u2581" + word
    merges, among adjacent pairs whose concatenation is a piece, the one with the lowest
    (merged id, left id, right id), leftmost first, until none is left; a character outside
    the vocabulary is its UTF-8 bytes' ``<0xNN>`` pieces (byte fallback). ``load`` returns
    None when the file is not shaped as this assumes (the caller uses ``tokenizers``)."""

    def __init__(self, vocab: dict[str, int], special: Sequence[str] = ()) -> None:
        self._vocab = vocab
        self._special = tuple(special)  # added tokens ("<s>"), matched in the raw text: left to ``tokenizers``
        self._bytes = [vocab[f"<0x{b:02X}>"] for b in range(256)]
        self._cache: dict[str, list[int]] = {}

    @classmethod
    def load(cls, path: Path) -> _Bpe | None:
        import json

        try:
            data = path.read_bytes()
            start = data.index(b'"vocab"', data.index(b'"model"'))
            brace = data.index(b"{", start)
            end = data.find(b'"merges"', brace)  # only the vocabulary is decoded (UTF-8 decoding
            # the whole 1.7 MB file took ~20 ms)
            head = json.loads(data[:brace].decode("utf-8") + "{}}}")  # the file up to the vocabulary, closed
            vocab, _ = json.JSONDecoder().raw_decode(data[brace : end if end > 0 else len(data)].decode("utf-8"))
        except (OSError, ValueError):
            return None
        model = head.get("model", {})
        if (
            head.get("normalizer") != _EXPECTED_NORMALIZER
            or head.get("pre_tokenizer") is not None
            or any(model.get(k) != v for k, v in _EXPECTED_MODEL.items())
            or not all(f"<0x{b:02X}>" in vocab for b in range(256))
        ):
            return None
        return cls(vocab, [t["content"] for t in head.get("added_tokens", [])])

    def word(self, word: str) -> list[int] | None:
        """The ids of ``word`` (no spaces) as the tokenizer encodes it alone; None for a
        word holding "\u2581" (the tokenizer's own space) or a special token such as
        "<s>": left to ``tokenizers``."""
        ids = self._cache.get(word)
        if ids is not None:
            return ids
        if not word or "\u2581" in word or any(t in word for t in self._special):
            return None
        vocab = self._vocab
        syms: list[str] = []
        for ch in "\u2581" + word:
            if ch in vocab:
                syms.append(ch)
            else:
                syms.extend(f"<0x{b:02X}>" for b in ch.encode("utf-8"))
        while len(syms) > 1:
            best = None
            at = 0
            for k in range(len(syms) - 1):
                merged = vocab.get(syms[k] + syms[k + 1])
                if merged is not None:
                    key = (merged, vocab[syms[k]], vocab[syms[k + 1]])
                    if best is None or key < best:
                        best, at = key, k
            if best is None:
                break
            syms[at : at + 2] = [syms[at] + syms[at + 1]]
        ids = [vocab[t] for t in syms]
        if len(self._cache) > _MAX_CACHED_WORDS:
            self._cache.clear()
        self._cache[word] = ids
        return ids


class Embedder:
    """Mean-pooled, unit-length text vectors from the packaged static embeddings."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._rows = _Rows(root / WEIGHTS)
        self._hf = None  # the ``tokenizers`` tokenizer, loaded only when needed (see _Bpe)
        self._bpe = _Bpe.load(root / TOKENIZER)
        self.dim = self._rows.dim
        self._np_table = None  # the float16 table as a numpy array, on first numpy use
        self._word_row: dict[str, int] = {}  # word -> its row of _word_sums
        self._word_sums = None
        self._other_cache: dict[str, tuple | None] = {}  # type: ignore[type-arg]  # text -> (sum, norm[, numpy sum])
        self._word_vec: dict[str, tuple[float, ...]] = {}  # word -> its vector sum (pure Python)
        # One-word text -> its embed() row (off_topic's word-by-word alignment embeds ~50
        # words an answer, most seen in earlier answers: 10 us each through _sum).
        self._word_unit: dict[str, np.ndarray] = {}
        self._pure_left = PURE_TEXTS
        self._last_cosine: tuple[str, str, float] | None = None  # (text, other, cosine) of the last call
        # The last text :meth:`_sum` summed and its sum: off_topic's estimate of a cosine,
        # then its exact figure near the threshold, sum the same answer (~100 rows each).
        self._last_sum: tuple[str, np.ndarray] | None = None
        # cosine_positive's figures: other text -> word -> the word's sum . other's sum; and
        # the largest norm of a word's sum among the words it has read (so a bound of each).
        self._dots: dict[str, dict[str, float]] = {}
        self._max_norm = 0.0
        # Word -> its unit vector in float64 (a tuple; with numpy also an array), for
        # alignments(): the same floats bit for bit whichever way they were computed.
        self._unit64: dict[str, tuple[float, ...]] = {}
        self._unit64_row: dict[str, int] = {}  # word -> its row of _unit64_mat
        self._unit64_mat = None
        self._lock = threading.Lock()

    @property
    def _tokenizer(self):  # type: ignore[no-untyped-def]
        """The ``tokenizers`` tokenizer: for a text tokenized whole (a run of spaces), a
        word holding "▁", :meth:`token_ids`, or a file :class:`_Bpe` does not read."""
        if self._hf is None:
            from tokenizers import Tokenizer

            tok = Tokenizer.from_file(str(self._root / TOKENIZER))
            tok.no_padding()
            tok.no_truncation()
            self._hf = tok
        return self._hf

    def _word_ids(self, words: Sequence[str]) -> list[list[int]]:
        """Each word's token ids, as ``tokenizers`` encodes the word alone."""
        out = [None if self._bpe is None else self._bpe.word(w) for w in words]
        rest = [w for w, ids in zip(words, out) if ids is None]
        if rest:
            it = iter(e.ids for e in self._tokenizer.encode_batch(rest, add_special_tokens=False))
            out = [next(it) if ids is None else ids for ids in out]
        return out  # type: ignore[return-value]

    @property
    def _table(self):  # type: ignore[no-untyped-def]
        if self._np_table is None:
            self._np_table = self._rows.array()
        return self._np_table

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        return [e.ids for e in self._tokenizer.encode_batch(list(texts), add_special_tokens=False)]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text (a zero vector for a text with no tokens)."""
        import numpy as np

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        units = self._word_unit
        with self._lock:  # the word cache is shared by threads (the TUI lints off its UI thread)
            for i, t in enumerate(texts):
                u = units.get(t)
                if u is not None:  # a one-word text seen before: its row as computed then
                    out[i] = u
                    continue
                v = self._sum(t)
                if v is not None:
                    n = math.sqrt(float(v @ v))
                    if n > 0:
                        out[i] = v / n
                if t and " " not in t:
                    if len(units) >= _MAX_CACHED_WORDS:
                        units.clear()
                    units[t] = out[i].copy()
        return out

    def max_mean_estimate(self, queries: Sequence[str], docs: Sequence[str]) -> float | None:
        """For each query word its best cosine with a doc word, averaged: what
        ``(embed(queries) @ embed(docs).T).max(axis=1).mean()`` gives, in pure Python and
        float64 (that one is float32: the two differ by under 3e-5 at worst, 5e-8 measured
        on 168 calibration pairs), for a decision clear of its threshold; None when either
        list is empty. The words are content words (no spaces): :meth:`alignments_of` of
        the queries against the docs as one group, in pure Python (the same floats: the same
        unit vectors, kept per word, and the same sums)."""
        if not queries or not docs:
            return None
        return self.alignments_of([queries], [docs], use_numpy=False)[0][0]

    def alignments(self, queries: Sequence[str], groups: Sequence[Sequence[str]], exact: bool = False) -> list[float]:
        """For each group of words: each query word's highest cosine with a word of the
        group, averaged over the query words (0.0 for an empty group or no queries): how
        far a group (a sentence's content words) meets the query (a talking point's) by
        meaning, word by word. :meth:`alignments_of` for one query."""
        return self.alignments_of([queries], groups, exact)[0]

    def alignments_of(self, queries: Sequence[Sequence[str]], groups: Sequence[Sequence[str]],
                      exact: bool = False, use_numpy: bool | None = None) -> list[list[float]]:
        """:meth:`alignments` of each query against the same groups, in one pass.

        The word vectors are unit vectors in float64, the same floats whichever way they
        are computed (an exact sum of float16 rows, its norm a correctly rounded sum). The
        dot products are numpy's once numpy is loaded (one product of every query word
        with every group word), else a plain Python sum: the two differ by under 1e-12, so
        a decision within :data:`ALIGNMENT_MARGIN` of its threshold asks for ``exact``
        figures (correctly rounded dot products, the same in every process). ``use_numpy``:
        force one way (None: numpy once it is loaded; a cold lint never imports it here)."""
        import sys

        if use_numpy is None:
            use_numpy = "numpy" in sys.modules
        with self._lock:
            if exact or not use_numpy:
                dot = (lambda a, b: math.fsum(map(float.__mul__, a, b))) if exact \
                    else (lambda a, b: sum(map(float.__mul__, a, b)))
                vecs = [[self._unit64_of(w) for w in dict.fromkeys(g)] for g in groups]
                out = []
                for qs in queries:
                    q = [self._unit64_of(w) for w in qs]
                    out.append([sum(max(dot(a, b) for b in d) for a in q) / len(q) if d and q else 0.0
                                for d in vecs])
                return out
            import numpy as np

            kept = [k for k, g in enumerate(groups) if g]
            qwords = list(dict.fromkeys(w for qs in queries for w in qs))
            if not kept or not qwords:
                return [[0.0] * len(groups) for _ in queries]
            starts, at = [], 0
            for k in kept:
                starts.append(at)
                at += len(groups[k])
            table = self._unit64_table([*qwords, *(w for k in kept for w in groups[k])])
            m = table[: len(qwords)] @ table[len(qwords) :].T
        best = np.maximum.reduceat(m, starts, axis=1)  # query word x kept group: its best cosine there
        row = {w: i for i, w in enumerate(qwords)}
        pick = np.zeros((len(queries), len(qwords)))
        for i, qs in enumerate(queries):
            for w in qs:
                pick[i, row[w]] += 1.0 / len(qs)
        means = (pick @ best).tolist()
        out = []
        for qs, got in zip(queries, means):
            vals = [0.0] * len(groups)
            if qs:
                for k, v in zip(kept, got):
                    vals[k] = v
            out.append(vals)
        return out

    def _unit64_table(self, words: Sequence[str]):  # type: ignore[no-untyped-def]
        """The words' :meth:`_unit64_of` vectors as rows of one numpy array (the rows kept
        in a growing per-process matrix: one ``take`` instead of stacking a row per
        word); under the lock."""
        import numpy as np

        index = self._unit64_row
        try:
            rows = list(map(index.__getitem__, words))
        except KeyError:
            new = [w for w in dict.fromkeys(words) if w not in index]
            if len(index) + len(new) > _MAX_CACHED_WORDS:
                index.clear()
                new = list(dict.fromkeys(words))
            first = len(index)
            if self._unit64_mat is None or first + len(new) > len(self._unit64_mat):
                grown = np.zeros((max(1024, 2 * (first + len(new))), self.dim), dtype=np.float64)
                if self._unit64_mat is not None and first:
                    grown[:first] = self._unit64_mat[:first]
                self._unit64_mat = grown
            for k, w in enumerate(new):
                self._unit64_mat[first + k] = self._unit64_of(w)
                index[w] = first + k
            rows = list(map(index.__getitem__, words))
        return self._unit64_mat.take(rows, axis=0)

    def _unit64_of(self, word: str) -> tuple[float, ...]:
        """``word``'s unit vector in float64 (zeros without tokens), cached; under the lock."""
        u = self._unit64.get(word)
        if u is None:
            v = self._sum_py(word) if word and " " not in word else None
            n = math.sqrt(math.fsum(x * x for x in v)) if v is not None else 0.0
            u = tuple(x / n for x in v) if v is not None and n > 0 else (0.0,) * self.dim
            if len(self._unit64) >= _MAX_CACHED_WORDS:
                self._unit64.clear()
            self._unit64[word] = u
        return u

    def cosine(self, text: str, other: str) -> float:
        """Cosine similarity of two texts (0.0 when either has no tokens); ``other``'s
        vector is cached (a question asked of many answers).

        The same value bit for bit whichever way it is computed: a text's vector is the
        sum of its float16 token vectors in float64, which is exact (any sum of fewer
        than 8,192 float16 values fits float64's 53 bits), so its order does not matter,
        and the dot product and norms are correctly rounded sums (``math.fsum``). So a
        process computes its first :data:`PURE_TEXTS` cosines in pure Python (a cold
        lint of one answer never imports numpy, ~60-90 ms) and the rest with numpy.
        The last pair's value is kept: off_topic asks for it again when its estimate
        (this very value while the cosines are pure Python) was near the threshold."""
        last = self._last_cosine
        if last is not None and last[0] == text and last[1] == other:
            return last[2]
        with self._lock:
            pure = self._pure_left > 0
            if pure:
                self._pure_left -= 1
            q = self._question(other, pure)
            if not pure and q is not None and q[1] != 0:
                value = self._np_cosine(text, other, q)
            else:
                w = self._exact_sum(text, pure)
                if q is None or w is None or q[1] == 0:
                    value = 0.0
                else:
                    n = math.sqrt(math.fsum(x * x for x in w))
                    value = math.fsum(map(float.__mul__, w, q[0])) / (n * q[1]) if n > 0 else 0.0
            self._last_cosine = (text, other, value)
        return value

    def cosine_estimate(self, text: str, other: str) -> float:
        """:meth:`cosine` within :data:`COSINE_ESTIMATE_ERROR`, for a decision clear of
        its threshold. Once numpy is in: the same exact vector sums, but the dot product
        and the norm are numpy's float64 dots (error under 1e-13: 256 products, a dot's
        rounding error bounded by the norms' product, Cauchy-Schwarz) instead of the
        correctly rounded ``fsum`` of every product, which took a third of a cosine (two
        256-float lists). Before numpy is in: :meth:`cosine` itself (exact, pure Python)."""
        with self._lock:
            if self._pure_left <= 0:
                q = self._question(other, False)
                w = None if q is None or q[1] == 0 else self._sum(text)
                if w is None:
                    return 0.0
                n = math.sqrt(float(w @ w))
                return float(w @ q[2]) / (n * q[1]) if n > 0 else 0.0
        return self.cosine(text, other)

    def cosine_positive(self, text: str, other: str) -> bool:
        """Whether :meth:`cosine` is surely above 0, from cached per-word figures and no
        vector sum: False when that is not shown (then compute the cosine). A text's sum
        is its words' sums (see :meth:`_sum`), so its dot product with ``other``'s is the
        sum of each word's dot product with it, kept per (other, word); those dots' rounding
        (under 3e-14 of |word| x |other| each, Cauchy-Schwarz) and the cosine's own (its
        correctly rounded sum of rounded products: under 1.2e-16 of |text| x |other|) are
        both under 1e-12 x |other| x the sum of the words' norms, itself at most the
        words' count x the largest norm of a word's sum read so far: a sum over that is
        positive (a bound that is not tight only sends a sum within it of 0, ~1e-11 where
        sums are ~0.1-1, to the estimate). Once numpy is in (a process's first cosines are
        pure Python: this is not tried then)."""
        if not text or "  " in text or text[0] == " " or text[-1] == " ":
            return False
        with self._lock:
            if self._pure_left > 0:
                return False
            q = self._question(other, False)
            if q is None or q[1] == 0:
                return False
            dots = self._dots.get(other)
            if dots is None:
                if len(self._dots) > 1024:
                    self._dots.clear()
                dots = self._dots[other] = {}
            words = text.split(" ")
            try:
                dot = math.fsum(map(dots.__getitem__, words))
            except KeyError:
                new = [w for w in dict.fromkeys(words) if w not in dots]
                if len(dots) + len(new) > _MAX_CACHED_WORDS:
                    dots.clear()
                    new = list(dict.fromkeys(words))
                rows = self._rows_of(new)
                if rows is None:
                    return False
                m = self._word_sums.take(rows, axis=0)
                self._max_norm = max(self._max_norm, math.sqrt(float((m * m).sum(axis=1).max())))
                dots.update(zip(new, (m @ q[2]).tolist()))
                dot = math.fsum(map(dots.__getitem__, words))
        return dot > 1e-12 * q[1] * self._max_norm * len(words)

    def _rows_of(self, words: Sequence[str]) -> list[int] | None:
        """The words' rows of the word-sum cache (learning new ones), None when too many."""
        try:
            return list(map(self._word_row.__getitem__, words))
        except KeyError:
            return self._learn(words)

    def _question(self, other: str, pure: bool) -> tuple | None:  # type: ignore[type-arg]
        """``other``'s cached (sum, norm[, numpy sum]), None without tokens; the numpy
        copy is added on the first numpy use (``pure`` False)."""
        q = self._other_cache.get(other, False)
        if q is False:
            v = self._exact_sum(other, pure)
            q = None if v is None else (v, math.sqrt(math.fsum(x * x for x in v)))
            if len(self._other_cache) > 4096:
                self._other_cache.clear()
            self._other_cache[other] = q
        if not pure and q is not None and len(q) < 3:
            import numpy as np

            q = self._other_cache[other] = (q[0], q[1], np.array(q[0], dtype=np.float64))
        return q

    def _np_cosine(self, text: str, other: str, q: tuple) -> float:  # type: ignore[type-arg]
        """:meth:`cosine` once numpy is in: the same float bit for bit (numpy's element-wise
        products are IEEE products, as Python's, and ``fsum`` adds them), 2x faster."""
        qv = q[2]
        w = self._sum(text)
        if w is None:
            return 0.0
        n = math.sqrt(math.fsum((w * w).tolist()))
        return math.fsum((w * qv).tolist()) / (n * q[1]) if n > 0 else 0.0

    def _exact_sum(self, text: str, pure: bool) -> list[float] | None:
        if pure:
            return self._sum_py(text)
        v = self._sum(text)
        return None if v is None else v.tolist()

    def _sum_py(self, text: str) -> list[float] | None:
        """:meth:`_sum` (exact) in pure Python, from per-word sums."""
        if not text or "  " in text or text[0] == " " or text[-1] == " ":
            ids = self._tokenizer.encode(text, add_special_tokens=False).ids
            return list(map(sum, zip(*map(self._rows.row, ids)))) if ids else None
        words = text.split(" ")
        cache = self._word_vec
        new = [w for w in dict.fromkeys(words) if w not in cache]
        if new:
            if len(cache) + len(new) > _MAX_CACHED_WORDS:
                cache.clear()
                new = list(dict.fromkeys(words))
            for w, ids in zip(new, self._word_ids(new)):
                cache[w] = tuple(map(sum, zip(*map(self._rows.row, ids))))
        return list(map(sum, zip(*map(cache.__getitem__, words))))

    def _sum(self, text: str) -> np.ndarray | None:
        """The sum of the text's token vectors (its mean's direction) in float64, exact, None without tokens.

        Built from the text's words: the tokenizer only turns each space into "▁" and
        prepends one, and no vocabulary piece holds a "▁" after its first character
        except runs of "▁" (several spaces in a row), so no merge crosses a single space
        and a text's tokens are its space-separated words' tokens in order (each word
        tokenized alone gets the same leading "▁"). Each word's vector sum is cached in
        a small matrix: a lint reads ~100 hot rows per answer instead of ~150 rows
        scattered over the 32 MB table and no tokenizer call for a word seen before
        (0.25 -> 0.05 ms an answer in a long session). A text with a run of spaces or a
        leading or trailing space is tokenized whole."""
        import numpy as np

        last = self._last_sum
        if last is not None and last[0] == text:
            return last[1]
        if not text or "  " in text or text[0] == " " or text[-1] == " ":
            ids = self._tokenizer.encode(text, add_special_tokens=False).ids
            return self._table.take(ids, axis=0).astype(np.float64).sum(axis=0) if ids else None
        words = text.split(" ")
        rows = self._rows_of(words)  # words not seen yet are tokenized together
        if rows is None:  # more distinct words than the cache holds
            ids = self._tokenizer.encode(text, add_special_tokens=False).ids
            return self._table.take(ids, axis=0).astype(np.float64).sum(axis=0)
        # A vector product sums the rows 2x faster than sum(axis=0).
        assert self._word_sums is not None
        total = np.ones(len(rows), dtype=np.float64) @ self._word_sums.take(rows, axis=0)
        total.flags.writeable = False  # kept (below): no caller may change it
        self._last_sum = (text, total)
        return total

    def _learn(self, words: Sequence[str]) -> list[int] | None:
        import numpy as np

        new = list(dict.fromkeys(w for w in words if w not in self._word_row))
        if len(self._word_row) + len(new) > _MAX_CACHED_WORDS:
            if len(set(words)) > _MAX_CACHED_WORDS // 2:
                return None
            self._word_row.clear()
            new = list(dict.fromkeys(words))
        ids = self._word_ids(new)
        first = len(self._word_row)
        if self._word_sums is None:
            self._word_sums = np.zeros((1024, self.dim), dtype=np.float64)
        if first + len(new) > len(self._word_sums):
            grown = np.zeros((max(2 * len(self._word_sums), first + len(new)), self.dim), dtype=np.float64)
            grown[:first] = self._word_sums[:first]
            self._word_sums = grown
        starts = np.cumsum([0] + [len(x) for x in ids[:-1]])
        self._word_sums[first : first + len(new)] = np.add.reduceat(
            self._table.take([i for x in ids for i in x], axis=0).astype(np.float64), starts, axis=0
        )
        for k, w in enumerate(new):
            self._word_row[w] = first + k
        return list(map(self._word_row.__getitem__, words))

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
