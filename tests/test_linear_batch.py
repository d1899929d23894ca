"""The label models score a document's inputs together (classify/learn/linear.py: one
vocabulary look-up and one tf · idf for all of them, feature vectors shared by the models
that read the same blocks) and must give, bit for bit, what scoring each input alone gave:
a probability off in its last bit can cross a threshold or change a printed score.

The reference below is the per-input scoring as it was before the batching."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from itertools import repeat

import numpy as np
import pytest

from classify.learn.features import ReasonInput
from classify.learn.linear import LinearModel
from classify.learn.models import label_models
from classify.reasons import _row_status, body, reason_direction
from corpus.train.data import load_task

from .conftest import ROOT, seed_report

SEEDS = ["000", "001", "002", "003", "004"]


def _ref_vector(block, x):
    counts = Counter(block.analyze(x))
    n = len(counts)
    cols = np.fromiter(map(block.vocab.get, counts, repeat(-1, n)), dtype=np.int64, count=n)
    keep = cols >= 0
    if not keep.any():
        return None
    cols = cols[keep]
    tfs = np.fromiter(counts.values(), dtype=np.float64, count=n)[keep]
    v = (1.0 + np.log(tfs)) * block.idf[cols]
    v /= np.sqrt(v @ v) or 1.0
    return cols, v


def _ref_decision(m: LinearModel, xs) -> np.ndarray:
    out = np.empty((len(xs), m.coef.shape[0]), dtype=np.float64)
    for i, x in enumerate(xs):
        idx, val = [], []
        for block, offset in m.blocks:
            got = _ref_vector(block, x)
            if got is not None:
                idx.append(got[0] + offset)
                val.append(got[1])
        if idx:
            out[i] = m.coef[:, np.concatenate(idx)] @ np.concatenate(val) + m.intercept
        else:
            out[i] = m.intercept
    return out


def _seed_reasons(prefix: str) -> list[ReasonInput]:
    rep = seed_report(prefix)
    from classify.check import check_report
    from tests.conftest import seed_text

    check_report(rep, seed_text(prefix))
    status = _row_status(rep)
    return [
        ReasonInput(r.text, r.kind, reason_direction(r, status), r.item) for r in rep.reasons if body(r.text)
    ]


def _same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()


@pytest.fixture(scope="module")
def models():
    m = label_models()
    assert m is not None
    return m


@pytest.mark.parametrize("prefix", SEEDS)
def test_batched_reason_scores_equal_per_reason_scores_on_the_seeds(models, prefix):
    xs = _seed_reasons(prefix)
    assert xs
    models.clear_caches()
    cm, qm = models.models["cause"], models.models["quality"]
    assert cm.reads_prefix_of(qm)
    rows = qm.rows(xs)
    for m, r in ((qm, rows), (cm, cm.prefix_rows(rows)), (cm, None)):
        assert _same_bits(m.decision(xs, r), _ref_decision(m, xs))
    # and the labels the document gets through the models' batched path
    got = models.reasons(xs)
    ref_c = _ref_decision(cm, xs).argmax(axis=1)
    assert [g.cause for g in got] == [cm.classes[i] for i in ref_c]


@pytest.mark.parametrize("task", ["cause", "quality", "category1", "category2"])
def test_batched_scores_equal_per_input_scores_on_the_labelled_data(models, task):
    """Every labelled input (and the same inputs again, memoised), scored in one batch."""
    xs = list(load_task(ROOT / "corpus" / "labels", task).inputs)
    x0 = xs[0]
    # inputs none of whose words (or n-grams) the vocabularies know: a block gives no vector
    for odd in ("\u0f00\u0f01", "。，；", ""):
        xs.append(replace(x0, text=odd) if isinstance(x0, ReasonInput) else replace(x0, name=odd))
    m = models.models[task]
    models.clear_caches()
    ref = _ref_decision(m, xs)
    assert _same_bits(m.decision(xs), ref)
    assert _same_bits(m.decision(xs[::-1]), ref[::-1])  # from the memo, another order
    big = {"cause": "quality", "category1": "category2"}.get(task)
    if big:  # the feature vectors of the model that reads more blocks, cut to this one's
        bm = models.models[big]
        assert m.reads_prefix_of(bm)
        assert _same_bits(m.decision(xs, m.prefix_rows(bm.rows(xs))), ref)


def test_char_block_in_numpy_equals_the_string_path_on_odd_texts(models):
    """Integer n-gram keys (classify/learn/charvec.py) against the n-gram strings: boundary
    marks inside the text, NUL, astral and lone surrogate code points, empty texts."""
    block = models.models["cause"].blocks[0][0]
    assert block.kind == "char"
    odd = ["", "^", "$$", "^无$", "a\x00b", "增加😀减少", "\ud800支出\udfff", "无", "率", "经费" * 40, "^$^$"]
    xs = [ReasonInput(t) for t in odd]
    xs = [x for x in xs if body(x.text) == x.text]  # reason_body keeps these as they are
    assert len(xs) >= 8
    # in numpy whatever the batch's size, against counting the n-gram strings
    cols, tfs, bounds = block.char_counts([x.text for x in xs])
    ref_cols, ref_tfs, ref_bounds = block._counts(xs)
    assert bounds == ref_bounds and _same_bits(cols, ref_cols) and _same_bits(tfs, ref_tfs)
    assert sum(map(len, (x.text for x in xs))) < block.NUMPY_CHARS  # the vectors count in Python
    block.clear()
    for x, g in zip(xs, block.vectors(xs), strict=True):
        ref = _ref_vector(block, x)
        assert (g is None) == (ref is None)
        if g is not None:
            assert _same_bits(g[0], ref[0]) and _same_bits(g[1], ref[1]), x.text


def test_one_text_in_several_contexts_shares_its_text_vectors(models):
    """The char and word vectors are memoised by text, the context block by input: the
    same reason read as a narrative reason and as a deviation, for an increase and a
    decrease, scores as each input alone."""
    qm = models.models["quality"]
    text = "主要原因是人员增加，办公费支出增加。"
    xs = [
        ReasonInput(text, k, d, i)
        for k in ("reason", "deviation")
        for d in ("增加", "减少", None)
        for i in (None, "办公费")
    ]
    models.clear_caches()
    assert _same_bits(qm.decision(xs), _ref_decision(qm, xs))
    char, word, ctx = (b for b, _o in qm.blocks)
    assert len(char._memo) == len(word._memo) == 1 and len(ctx._memo) > 1
