"""A trained linear text classifier as plain arrays: TF-IDF blocks + multinomial logistic
regression, scored with numpy alone.

The file is a zip of ``.npy`` members written with fixed timestamps and sorted names, so
the same model gives the same bytes (``numpy.savez`` stamps the current time). Members:
``meta`` (JSON as bytes: task, classes, per-block kind and vocabulary, the word
segmenter's dictionary, thresholds), ``coef``, ``intercept`` and ``idf_<i>`` per block.
"""

from __future__ import annotations

import io
import json
import math
import weakref
import zipfile
from collections import Counter
from collections.abc import Sequence
from itertools import chain, repeat
from pathlib import Path
from typing import Any

import numpy as np

from .charvec import CharKeys
from .features import Segmenter, block_analyzer, input_text

_EPOCH = (1980, 1, 1, 0, 0, 0)
_NO_IDX = np.zeros(0, dtype=np.int64)
_NO_VAL = np.zeros(0)
_NO_IDX.flags.writeable = _NO_VAL.flags.writeable = False


def save_arrays(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write ``arrays`` as a deterministic zip of .npy members (loadable by ``np.load``)."""
    with zipfile.ZipFile(path, "w") as z:
        for name in sorted(arrays):
            buf = io.BytesIO()
            np.save(buf, arrays[name], allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, buf.getvalue())


def load_arrays(path: Path) -> dict[str, np.ndarray]:
    out = {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            out[name.removesuffix(".npy")] = np.load(io.BytesIO(z.read(name)), allow_pickle=False)
    return out


class Block:
    """One feature block: analyzer, vocabulary and idf, with a memo of the vectors it gave.

    Models trained on the same texts (cause and quality; category1 and category2) carry
    identical char and word blocks; :func:`shared_block` gives them one ``Block`` object, so
    a reason is segmented and counted once for both models instead of once per model."""

    MEMO_MAX = 8192  # bounded: a batch of reports must not grow it forever
    # Below this many characters in a batch (a few indicator names) numpy's fixed cost per
    # call outweighs counting n-gram strings: the char block counts them in Python.
    NUMPY_CHARS = 300

    def __init__(self, kind: str, vocab: list[str], idf: np.ndarray, segmenter: Segmenter | None):
        self.kind = kind
        self.analyze = block_analyzer(kind, segmenter)
        self.vocab = {t: i for i, t in enumerate(vocab)}
        self.idf = idf
        self._memo: dict[object, tuple[np.ndarray, np.ndarray] | None] = {}
        self._chars: CharKeys | None = None  # the char vocabulary as integer keys (lazily)
        # what the memo is keyed by: the text for the blocks that read only the text
        self._key = input_text if kind in ("char", "word") else None

    def __len__(self) -> int:
        return len(self.vocab)

    def vectors(self, xs: Sequence[object]) -> list[tuple[np.ndarray, np.ndarray] | None]:
        """Per input: the column indices (in this block) and values of its sublinear-tf · idf
        vector, l2-normalised (None when no feature is in the vocabulary); those not
        memoised are computed together. The
        char and word blocks read only the input's text: inputs with the same text (one
        reason in several contexts) share one vector."""
        memo = self._memo
        key = self._key
        out: list[tuple[np.ndarray, np.ndarray] | None] = [None] * len(xs)
        todo: dict[object, list[int]] = {}
        alone: list[int] = []  # unhashable inputs: no memo
        for i, x in enumerate(xs):
            k = key(x) if key is not None else x
            try:
                out[i] = memo[k]
            except KeyError:
                todo.setdefault(k, []).append(i)
            except TypeError:
                alone.append(i)
        if not todo and not alone:
            return out
        keys = list(todo)
        got = self._vectors([xs[todo[k][0]] for k in keys] + [xs[i] for i in alone])
        if len(memo) + len(keys) > self.MEMO_MAX:  # bounded: a batch must not grow it forever
            memo.clear()
        for k, v in zip(keys, got, strict=False):
            memo[k] = v
            for i in todo[k]:
                out[i] = v
        for i, v in zip(alone, got[len(keys) :], strict=True):
            out[i] = v
        return out

    def _vectors(self, xs: Sequence[object]) -> list[tuple[np.ndarray, np.ndarray] | None]:
        """The vectors of ``xs``: counting per input, vocabulary look-up and tf · idf for all
        inputs at once; then per input the same arrays and the same float operations, in the
        same order, as one input alone (features in first-seen order, the norm by one dot
        product of the input's own fresh array)."""
        texts = [input_text(x) for x in xs] if self.kind == "char" else None
        if texts is not None and sum(map(len, texts)) >= self.NUMPY_CHARS:
            cols, tfs, bounds = self.char_counts(texts)
        else:
            cols, tfs, bounds = self._counts(xs)
        v = (1.0 + np.log(tfs)) * self.idf[cols]  # sublinear tf · idf
        out: list[tuple[np.ndarray, np.ndarray] | None] = []
        for a, b in zip(bounds, bounds[1:], strict=False):
            if a == b:
                out.append(None)
                continue
            w = v[a:b].copy()  # its own array, as one input alone had: the same dot product
            w /= math.sqrt(w @ w) or 1.0  # a correctly rounded sqrt, as np.sqrt's
            out.append((cols[a:b], w))
        return out

    def char_counts(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, list[int]]:
        """:meth:`_counts` of a char block, on integer n-grams in numpy (the same columns,
        counts and order: learn/charvec.py)."""
        if self._chars is None:
            self._chars = CharKeys(self.vocab)
        return self._chars.counts(texts)

    def _counts(self, xs: Sequence[object]) -> tuple[np.ndarray, np.ndarray, list[int]]:
        """Columns and counts of every input's known features, input after input, each in
        first-seen order (as ``Counter`` keeps them); where each input's part starts/ends."""
        counts = [Counter(self.analyze(x)) for x in xs]
        lens = [len(c) for c in counts]
        total = sum(lens)
        cols = np.fromiter(
            map(self.vocab.get, chain.from_iterable(counts), repeat(-1, total)), dtype=np.int64, count=total
        )
        tfs = np.fromiter(chain.from_iterable(c.values() for c in counts), dtype=np.float64, count=total)
        keep = cols >= 0
        kept = np.zeros(total + 1, dtype=np.int64)
        np.cumsum(keep, out=kept[1:])
        return cols[keep], tfs[keep], kept[np.cumsum([0, *lens])].tolist()

    def clear(self) -> None:
        self._memo.clear()


# Weak: models built and dropped while training do not stay alive through these tables.
_SHARED: weakref.WeakValueDictionary[tuple, Block] = weakref.WeakValueDictionary()
_SEGMENTERS: weakref.WeakValueDictionary[tuple, Segmenter] = weakref.WeakValueDictionary()


def shared_segmenter(words: dict[str, int], total: int) -> Segmenter:
    """One Segmenter per distinct dictionary (the four models use two)."""
    key = (tuple(words.items()), total)
    seg = _SEGMENTERS.get(key)
    if seg is None:
        seg = _SEGMENTERS[key] = Segmenter(words, total)
    return seg


def shared_block(kind: str, vocab: list[str], idf: np.ndarray, segmenter: Segmenter | None) -> Block:
    """The one Block of this kind, vocabulary, idf and segmenter (see :class:`Block`)."""
    key = (kind, tuple(vocab), idf.dtype.str, idf.tobytes(), id(segmenter) if kind == "word" else None)
    b = _SHARED.get(key)
    if b is None:
        b = _SHARED[key] = Block(kind, vocab, idf, segmenter)
    return b


class LinearModel:
    """TF-IDF (sublinear tf, l2 per block) features → softmax(coef · x + intercept)."""

    def __init__(self, meta: dict[str, Any], coef: np.ndarray, intercept: np.ndarray, idf: list[np.ndarray]):
        self.meta = meta
        self.task: str = meta["task"]
        self.classes: list[str] = meta["classes"]
        seg = meta.get("segmenter")
        self.segmenter = shared_segmenter(seg["words"], seg["total"]) if seg else None
        self.coef = coef
        # coef as float64, one row per feature: a row gather is cheaper than a column one
        self._coef64_t = np.ascontiguousarray(coef.T, dtype=np.float64)
        self.intercept = intercept
        self.blocks: list[tuple[Block, int]] = []
        offset = 0
        for b, w in zip(meta["blocks"], idf, strict=True):
            block = shared_block(b["kind"], b["vocab"], w, self.segmenter)
            self.blocks.append((block, offset))
            offset += len(block)
        self.n_features = offset

    # ---------------------------------------------------------------- persistence
    def save(self, path: Path) -> None:
        arrays = {
            "meta": np.frombuffer(
                json.dumps(self.meta, ensure_ascii=False, sort_keys=True).encode(), np.uint8
            ),
            "coef": self.coef.astype(np.float32),
            "intercept": self.intercept.astype(np.float32),
        }
        for i, (block, _o) in enumerate(self.blocks):
            arrays[f"idf_{i}"] = block.idf.astype(np.float32)
        save_arrays(path, arrays)

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        a = load_arrays(path)
        meta = json.loads(a["meta"].tobytes().decode())
        idf = [a[f"idf_{i}"] for i in range(len(meta["blocks"]))]
        return cls(meta, a["coef"], a["intercept"], idf)

    # ---------------------------------------------------------------- scoring
    def rows(self, xs: Sequence[object]) -> list[tuple[np.ndarray, np.ndarray, list[int]]]:
        """Per input: column indices and values of its feature vector (the blocks' parts
        concatenated in block order), and where each block's part ends."""
        per_block = [block.vectors(xs) for block, _o in self.blocks]
        offsets = [o for _b, o in self.blocks]
        cols: list[np.ndarray] = []
        vals: list[np.ndarray] = []
        shift: list[int] = []
        sizes: list[int] = []
        ends_of: list[list[int]] = []
        for i in range(len(xs)):
            ends: list[int] = []
            n = 0
            for offset, vecs in zip(offsets, per_block, strict=True):
                got = vecs[i]
                if got is not None:
                    cols.append(got[0])
                    vals.append(got[1])
                    shift.append(offset)
                    sizes.append(len(got[1]))
                    n += sizes[-1]
                ends.append(n)
            ends_of.append(ends)
        if not cols:
            return [(_NO_IDX, _NO_VAL, ends) for ends in ends_of]
        # all inputs' parts joined once, each block's columns moved to its offset at once
        idx = np.concatenate(cols)
        idx += np.repeat(np.array(shift, dtype=np.int64), sizes)
        val = np.concatenate(vals)
        out = []
        a = 0
        for ends in ends_of:
            b = a + ends[-1]
            # the values in their own array, as one input's concatenation gave them
            out.append((idx[a:b], val[a:b].copy(), ends) if b > a else (_NO_IDX, _NO_VAL, ends))
            a = b
        return out

    def reads_prefix_of(self, other: LinearModel) -> bool:
        """Are this model's blocks the first blocks of ``other`` (the same objects at the
        same offsets)? Then its feature vector is a prefix of ``other``'s."""
        n = len(self.blocks)
        return n <= len(other.blocks) and all(
            a is b and o == p for (a, o), (b, p) in zip(self.blocks, other.blocks[:n], strict=True)
        )

    def prefix_rows(
        self, rows: Sequence[tuple[np.ndarray, np.ndarray, list[int]]]
    ) -> list[tuple[np.ndarray, np.ndarray, list[int]]]:
        """This model's rows from the rows of a model it :meth:`reads_prefix_of`."""
        k = len(self.blocks)
        return [(idx[: ends[k - 1]], val[: ends[k - 1]], ends[:k]) for idx, val, ends in rows]

    def clear_caches(self) -> None:
        for block, _o in self.blocks:
            block.clear()

    def decision(
        self, xs: Sequence[object], rows: Sequence[tuple[np.ndarray, np.ndarray, list[int]]] | None = None
    ) -> np.ndarray:
        """coef · x + intercept per input.

        One matrix-vector product per input, as numpy computed ``coef[:, idx] @ val`` for
        the float32 ``coef``: it cast the gathered columns to a C-ordered float64 matrix
        and called BLAS ``gemv``, whose float sums depend on that layout (a batched product
        would sum in another order, and a probability off in its last bit can cross a
        threshold). Here the columns of all inputs are gathered and cast once, and each
        input's product reads its own columns of that C-ordered matrix: the same ``gemv``
        on the same values."""
        if rows is None:
            rows = self.rows(xs)
        b = self.intercept
        out = np.zeros((len(xs), b.shape[0]), dtype=np.float64)
        full = [i for i, r in enumerate(rows) if len(r[0])]
        if full:
            cols = self._coef64_t[np.concatenate([rows[i][0] for i in full])].T
            cols = np.ascontiguousarray(cols)  # C order, as numpy's cast made it
            a = 0
            for i in full:
                val = rows[i][1]
                out[i] = cols[:, a : a + len(val)] @ val
                a += len(val)
        out += b
        for i, r in enumerate(rows):
            if not len(r[0]):
                out[i] = b  # no feature: the intercept itself, as before
        return out

    def predict_proba(
        self, xs: Sequence[object], rows: Sequence[tuple[np.ndarray, np.ndarray, list[int]]] | None = None
    ) -> np.ndarray:
        if not xs:
            return np.zeros((0, len(self.classes)))
        z = self.decision(xs, rows)
        if z.shape[1] == 1:  # binary logistic regression: one column for the positive class
            p = 1.0 / (1.0 + np.exp(-z[:, 0]))
            return np.stack([1.0 - p, p], axis=1)
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, xs: Sequence[object]) -> list[str]:
        p = self.predict_proba(xs)
        return [self.classes[i] for i in p.argmax(axis=1)]
