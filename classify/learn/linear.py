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
import zipfile
from collections import Counter
from collections.abc import Sequence
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


class LinearModel:
    """TF-IDF (sublinear tf, l2 per block) features → softmax(coef · x + intercept)."""

    def __init__(self, meta: dict[str, Any], coef: np.ndarray, intercept: np.ndarray, idf: list[np.ndarray]):
        self.meta = meta
        self.task: str = meta["task"]
        self.classes: list[str] = meta["classes"]
        seg = meta.get("segmenter")
        self.segmenter = Segmenter(seg["words"], seg["total"]) if seg else None
        self.coef = coef
        self.intercept = intercept
        self.blocks = []
        offset = 0
        for b, w in zip(meta["blocks"], idf, strict=True):
            vocab = {t: i for i, t in enumerate(b["vocab"])}
            self.blocks.append((block_analyzer(b["kind"], self.segmenter), vocab, w, offset))
            offset += len(vocab)
        self.n_features = offset

    # ---------------------------------------------------------------- persistence
    def save(self, path: Path) -> None:
        arrays = {"meta": np.frombuffer(json.dumps(self.meta, ensure_ascii=False, sort_keys=True).encode(), np.uint8),
                  "coef": self.coef.astype(np.float32), "intercept": self.intercept.astype(np.float32)}
        for i, (_a, _v, idf, _o) in enumerate(self.blocks):
            arrays[f"idf_{i}"] = idf.astype(np.float32)
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
        for analyze, vocab, idf, offset in self.blocks:
            cols, tfs = [], []
            for t, c in Counter(analyze(x)).items():
                j = vocab.get(t)
                if j is not None:
                    cols.append(j)
                    tfs.append(c)
            if not cols:
                continue
            v = (1.0 + np.log(np.asarray(tfs, dtype=np.float64))) * idf[cols]  # sublinear tf · idf
            v /= np.sqrt(v @ v) or 1.0
            idx.append(np.asarray(cols, dtype=np.int64) + offset)
            val.append(v)
        if not idx:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        return np.concatenate(idx), np.concatenate(val)

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
