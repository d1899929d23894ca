"""The two trainable pipelines compared per task.

- scikit-learn: TF-IDF blocks (character 1-3-grams with boundary marks, jieba word
  1-2-grams, and the task's context/target tokens) concatenated, multinomial logistic
  regression with balanced class weights. Exported to :class:`LinearModel`.
- spaCy: ``spacy.blank("zh")`` with the jieba segmenter and a ``textcat`` component (the
  default ensemble of a bag-of-words model and a CNN over hashed token embeddings),
  trained from scratch with a fixed seed. The context a reason's quality depends on (kind,
  direction) and an indicator's target are given as text before the reason or name.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np

from classify.learn.features import BLOCKS, ReasonInput, Segmenter, block_analyzer, reason_body
from classify.learn.linear import LinearModel
from classify.learn.spacy_input import spacy_text

SEED = 0
C = 10.0  # inverse regularisation; fixed a priori for TF-IDF features of short texts
SPACY_EPOCHS = 15


# ------------------------------------------------------------------ scikit-learn
class SklearnModel:
    def __init__(self, task: str, vectorizers, clf, seg: Segmenter | None):
        self.task, self.vectorizers, self.clf, self.seg = task, vectorizers, clf, seg
        self.classes = [str(c) for c in clf.classes_]

    def matrix(self, xs: Sequence[object]):
        from scipy.sparse import hstack

        return hstack([v.transform(xs) for v in self.vectorizers]).tocsr()

    def predict_proba(self, xs: Sequence[object]) -> np.ndarray:
        return self.clf.predict_proba(self.matrix(xs))

    def predict(self, xs: Sequence[object]) -> list[str]:
        return [str(c) for c in self.clf.predict(self.matrix(xs))]

    def export(self, extra: dict | None = None) -> LinearModel:
        blocks = []
        idf = []
        for kind, v in zip(BLOCKS[self.task], self.vectorizers, strict=True):
            vocab = [t for t, _ in sorted(v.vocabulary_.items(), key=lambda kv: kv[1])]
            blocks.append({"kind": kind, "vocab": vocab})
            idf.append(v.idf_.astype(np.float64))
        meta = {
            "task": self.task,
            "classes": self.classes,
            "blocks": blocks,
            "segmenter": None if self.seg is None else {"words": self.seg.words, "total": self.seg.total},
            **(extra or {}),
        }
        coef = self.clf.coef_.astype(np.float32)
        return LinearModel(
            meta, coef, self.clf.intercept_.astype(np.float32), [w.astype(np.float32) for w in idf]
        )


def _texts(xs: Sequence[object]) -> list[str]:
    return [reason_body(x.text) if isinstance(x, ReasonInput) else x.name for x in xs]  # type: ignore[attr-defined]


def fit_sklearn(task: str, xs: Sequence[object], ys: Sequence[str], c: float = C) -> SklearnModel:
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    kinds = BLOCKS[task]
    seg = Segmenter.fit(_texts(xs)) if "word" in kinds else None
    vecs = []
    for kind in kinds:
        v = TfidfVectorizer(
            analyzer=block_analyzer(kind, seg), sublinear_tf=True, norm="l2", dtype=np.float64
        )
        vecs.append(v)
    m = hstack([v.fit_transform(xs) for v in vecs]).tocsr()
    clf = LogisticRegression(C=c, max_iter=5000, class_weight="balanced", random_state=SEED)
    clf.fit(m, list(ys))
    for v in vecs:  # stop_words_ is a set (hash-seed ordered) and not needed: keep pickles stable
        if hasattr(v, "stop_words_"):
            del v.stop_words_
    return SklearnModel(task, vecs, clf, seg)


# ------------------------------------------------------------------ spaCy
class SpacyModel:
    def __init__(self, nlp, classes: list[str]):
        self.nlp, self.classes = nlp, classes

    def predict_proba(self, xs: Sequence[object]) -> np.ndarray:
        docs = self.nlp.pipe([spacy_text(x) for x in xs], batch_size=64)
        return np.array([[d.cats[c] for c in self.classes] for d in docs])

    def predict(self, xs: Sequence[object]) -> list[str]:
        p = self.predict_proba(xs)
        return [self.classes[i] for i in p.argmax(axis=1)]


def blank_zh():
    import spacy

    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


def fit_spacy(task: str, xs: Sequence[object], ys: Sequence[str], epochs: int = SPACY_EPOCHS) -> SpacyModel:
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(SEED)
    nlp = blank_zh()
    classes = sorted(set(ys))
    tc = nlp.add_pipe("textcat")
    for c in classes:
        tc.add_label(c)
    examples = [
        Example.from_dict(nlp.make_doc(spacy_text(x)), {"cats": {c: float(c == y) for c in classes}})
        for x, y in zip(xs, ys, strict=True)
    ]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(SEED)
    for _ in range(epochs):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=16):
            nlp.update(batch, drop=0.2, sgd=optimizer, losses=losses)
    return SpacyModel(nlp, classes)
