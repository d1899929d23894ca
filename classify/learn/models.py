"""The committed label models, loaded once per process, and the labelling policies.

``JXSCAN_MODELS`` chooses the directory (default: the repository's ``models/``); set it to
``off`` to label with the rule lexicons alone. A missing or unreadable models directory
falls back to the rules too (with one warning), so extraction never fails for want of a
model.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .features import IndicatorInput, ReasonInput
from .linear import LinearModel

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "models"
TASK_FILES = {
    "cause": "cause.npz",
    "quality": "quality.npz",
    "category1": "category1.npz",
    "category2": "category2.npz",
}


@dataclass
class ReasonLabel:
    cause: str
    quality: str
    quality_probs: dict[str, float]
    cause_prob: float


@dataclass
class CategoryLabel:
    category1: str
    category2: str
    prob: float  # probability of the chosen pair


class SpacyTask:
    """A task whose kept pipeline is spaCy's (``models/<task>.spacy``, written by ``train``
    only when spaCy wins the cross-validation): same interface as :class:`LinearModel`."""

    def __init__(self, path: Path, meta: dict):
        import spacy

        from .spacy_input import spacy_text

        self.nlp = spacy.load(path)
        self.meta = meta
        self.classes: list[str] = meta["classes"]
        self._text = spacy_text

    def predict_proba(self, xs: Sequence[object]) -> np.ndarray:
        docs = self.nlp.pipe([self._text(x) for x in xs])
        return np.array([[d.cats.get(c, 0.0) for c in self.classes] for d in docs])


class LabelModels:
    def __init__(self, directory: Path):
        self.directory = directory
        self.models: dict[str, LinearModel | SpacyTask] = {}
        for t, f in TASK_FILES.items():
            lm = LinearModel.load(directory / f)
            sp = directory / f"{t}.spacy"
            self.models[t] = SpacyTask(sp, lm.meta) if sp.is_dir() else lm
        self.thresholds: dict[str, float] = self.models["quality"].meta.get("thresholds") or {}

    def clear_caches(self) -> None:
        """Forget memoised analyses (benchmarks: every round pays the full cost)."""
        from .features import char_ngrams

        char_ngrams.cache_clear()
        for m in self.models.values():
            seg = getattr(m, "segmenter", None)
            if seg is not None:
                seg.clear()
            if isinstance(m, LinearModel):
                m.clear_caches()  # the feature vectors its blocks memoised

    # ---------------------------------------------------------------- reasons
    def reasons(self, xs: Sequence[ReasonInput]) -> list[ReasonLabel]:
        if not xs:
            return []
        cm, qm = self.models["cause"], self.models["quality"]
        pq, pc = _both_proba(qm, cm, xs)
        out = []
        # as Python floats (the same values float() gives), the arg-maxes taken at once
        best = pc.argmax(axis=1).tolist()
        for i, c_row, q_row in zip(best, pc.tolist(), pq.tolist(), strict=True):
            probs = open_quality(dict(zip(qm.classes, q_row, strict=True)))
            out.append(ReasonLabel(cm.classes[i], self.quality_of(probs), probs, c_row[i]))
        return out

    def quality_of(self, p: dict[str, float]) -> str:
        """Quality with the RSN001/RSN002 thresholds (see MODEL_CARD.md): boilerplate when
        P(boilerplate) reaches its threshold and beats P(non_explanatory); non_explanatory
        likewise; otherwise the more probable of specific and missing; all on the open
        labels' probabilities (:func:`open_quality`)."""
        return decide_quality(p, self.thresholds)

    # ---------------------------------------------------------------- indicators
    def categories(
        self, xs: Sequence[IndicatorInput], given1: Sequence[str | None] | None = None
    ) -> list[CategoryLabel]:
        """Category pair per indicator; ``given1`` (a confident printed level-1) fixes
        category1 where not None, and category2 is then decoded within it."""
        if not xs:
            return []
        m1, m2 = self.models["category1"], self.models["category2"]
        p2, p1 = _both_proba(m2, m1, xs)
        pairs = [tuple(c.split("/", 1)) for c in m2.classes]
        out = []
        for i in range(len(xs)):
            c1 = (given1[i] if given1 is not None else None) or m1.classes[int(np.argmax(p1[i]))]
            ok = np.array([a == c1 for a, _ in pairs])
            j = int(np.argmax(np.where(ok, p2[i], -1.0))) if ok.any() else int(np.argmax(p2[i]))
            out.append(CategoryLabel(c1, pairs[j][1], float(p2[i][j])))
        return out


def _both_proba(
    big: LinearModel | SpacyTask, small: LinearModel | SpacyTask, xs: Sequence[object]
) -> tuple[np.ndarray, np.ndarray]:
    """Both models' probabilities; when ``small`` reads the first feature blocks of ``big``
    (cause and quality; category1 and category2), the feature vectors are built once."""
    if isinstance(big, LinearModel) and isinstance(small, LinearModel) and small.reads_prefix_of(big):
        rows = big.rows(xs)
        return big.predict_proba(xs, rows), small.predict_proba(xs, small.prefix_rows(rows))
    return big.predict_proba(xs), small.predict_proba(xs)


# The labels the model may give. ``contradictory`` is proven by the rules from the report
# (the opposite direction, a sibling's subject: classify/reasons.py), which the model does
# not see; it is asked only where the rules proved none. (``missing`` stays: the rules prove
# an empty reason, the model also knows 详见附件 / 无偏差 for one.)
OPEN_QUALITY = ("specific", "boilerplate", "non_explanatory", "missing")


def open_quality(p: dict[str, float]) -> dict[str, float]:
    """The model's quality probabilities given that the reason is not contradictory:
    renormalised over :data:`OPEN_QUALITY`. Without this, mass the model
    puts on a provable label it cannot see (厉行节约 for an increase looks "contradictory"
    to it) would drag a plain formula under the boilerplate threshold."""
    total = sum(p.get(k, 0.0) for k in OPEN_QUALITY)
    if total <= 0.0:
        return {k: float(k == "specific") for k in OPEN_QUALITY}
    return {k: p.get(k, 0.0) / total for k in OPEN_QUALITY}


def decide_quality(p: dict[str, float], thresholds: dict[str, float]) -> str:
    """The quality decision shared by inference and the cross-validation of ``train``,
    on the probabilities of :func:`open_quality`."""
    p = open_quality(p)
    b, n = p["boilerplate"], p["non_explanatory"]
    if b >= thresholds.get("boilerplate", 0.5) and b >= n:
        return "boilerplate"
    if n >= thresholds.get("non_explanatory", 0.5) and n > b:
        return "non_explanatory"
    return "missing" if p["missing"] > p["specific"] else "specific"


_LOCK = threading.Lock()
_CACHE: dict[str, LabelModels | None] = {}


def models_dir() -> Path | None:
    v = os.environ.get("JXSCAN_MODELS", "").strip()
    if v.lower() in ("off", "none", "0", "rules"):
        return None
    return Path(v) if v else DEFAULT_DIR


def label_models() -> LabelModels | None:
    """The models of ``models_dir()`` (cached per directory), or None: rules only."""
    d = models_dir()
    if d is None:
        return None
    key = str(d)
    if key in _CACHE:
        return _CACHE[key]
    with _LOCK:
        if key not in _CACHE:
            try:
                _CACHE[key] = LabelModels(d)
            except (OSError, KeyError, ValueError) as e:
                print(
                    f"jxscan: label models unavailable in {d} ({type(e).__name__}: {e}); using the rule lexicons",
                    file=sys.stderr,
                )
                _CACHE[key] = None
    return _CACHE[key]


def clear_cache() -> None:
    with _LOCK:
        _CACHE.clear()
