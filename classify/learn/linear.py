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
import weakref
import zipfile
from collections import Counter
from collections.abc import Sequence
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np

from .features import Segmenter, block_analyzer

_EPOCH = (1980, 1, 1, 0, 0, 0)


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

    def __init__(self, kind: str, vocab: list[str], idf: np.ndarray, segmenter: Segmenter | None):
        self.kind = kind
        self.analyze = block_analyzer(kind, segmenter)
        self.vocab = {t: i for i, t in enumerate(vocab)}
        self.idf = idf
        self._memo: dict[object, tuple[np.ndarray, np.ndarray] | None] = {}

    def __len__(self) -> int:
        return len(self.vocab)

    def vector(self, x: object) -> tuple[np.ndarray, np.ndarray] | None:
        """Column indices (in this block) and values of ``x``'s sublinear-tf · idf vector,
        l2-normalised; None when no feature of ``x`` is in the vocabulary."""
        memo = self._memo
        try:
            return memo[x]
        except KeyError:
            pass
        except TypeError:  # an unhashable input: no memo
            return self._vector(x)
        if len(memo) > self.MEMO_MAX:
            memo.clear()
        out = memo[x] = self._vector(x)
        return out

    def _vector(self, x: object) -> tuple[np.ndarray, np.ndarray] | None:
        counts = Counter(self.analyze(x))
        n = len(counts)
        # Column of every distinct feature in first-seen order (-1: not in the vocabulary),
        # looked up and filtered in C; the same order and values as a loop over the items.
        cols = np.fromiter(map(self.vocab.get, counts, repeat(-1, n)), dtype=np.int64, count=n)
        keep = cols >= 0
        if not keep.any():
            return None
        cols = cols[keep]
        tfs = np.fromiter(counts.values(), dtype=np.float64, count=n)[keep]
        v = (1.0 + np.log(tfs)) * self.idf[cols]  # sublinear tf · idf
        v /= np.sqrt(v @ v) or 1.0
        return cols, v

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
    def features(self, x: object) -> tuple[np.ndarray, np.ndarray]:
        """Column indices and values of one input's feature vector."""
        idx: list[np.ndarray] = []
        val: list[np.ndarray] = []
        for block, offset in self.blocks:
            got = block.vector(x)
            if got is None:
                continue
            idx.append(got[0] + offset)
            val.append(got[1])
        if not idx:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        return np.concatenate(idx), np.concatenate(val)

    def clear_caches(self) -> None:
        for block, _o in self.blocks:
            block.clear()

    def decision(self, xs: Sequence[object]) -> np.ndarray:
        out = np.empty((len(xs), self.coef.shape[0]), dtype=np.float64)
        for i, x in enumerate(xs):
            idx, val = self.features(x)
            out[i] = self.coef[:, idx] @ val + self.intercept if len(idx) else self.intercept
        return out

    def predict_proba(self, xs: Sequence[object]) -> np.ndarray:
        if not xs:
            return np.zeros((0, len(self.classes)))
        z = self.decision(xs)
        if z.shape[1] == 1:  # binary logistic regression: one column for the positive class
            p = 1.0 / (1.0 + np.exp(-z[:, 0]))
            return np.stack([1.0 - p, p], axis=1)
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, xs: Sequence[object]) -> list[str]:
        p = self.predict_proba(xs)
        return [self.classes[i] for i in p.argmax(axis=1)]
