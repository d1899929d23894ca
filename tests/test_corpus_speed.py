"""The corpus pass's fast paths give exactly what the plain ones give (issue 12)."""

from __future__ import annotations

import numpy as np
import pytest

from classify import corpus, corpus_text
from tests.conftest import seed_text


def test_minhash_values_are_datasketchs() -> None:
    assert corpus_text._FAST_MINHASH  # the installed datasketch has the affine32 scheme
    texts = [corpus_text.mask_chars(seed_text(p)) for p in ("000", "001", "002", "003", "004")]
    texts += [t[i : i + n] for t in texts[:2] for i, n in ((0, 3), (10, 5), (100, 6), (7, 400))]
    texts += ["", "一二三四五一二三四五"]
    for t in texts:
        want = corpus_text._minhash(t).hashvalues
        got = corpus_text.minhash_values(t)
        assert got.dtype == want.dtype and np.array_equal(got, want), t[:20]


def test_stickiness_reads_each_year_once_and_pairs_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """Three years of one department: two pairs, the middle year's reasons read once."""
    reasons = {
        2019: "主要原因是人员增加。办公费用上涨",
        2020: "主要原因是人员增加。车辆运行维护费减少",
        2021: "主要原因是车辆运行维护费减少。新增培训项目",
    }
    reports = [
        {
            "doc_id": f"d{y}",
            "department": "某县财政局",
            "year": y,
            "text": t,
            "reasons": [{"text": t, "start": 0, "end": len(t), "item": "x"}],
        }
        for y, t in reasons.items()
    ]
    calls = []
    real = corpus._reason_sets

    def counting(reps, docs):
        docs = list(docs)
        calls.append(docs)
        return real(reps, docs)

    monkeypatch.setattr(corpus, "_reason_sets", counting)
    out = corpus.stickiness(reports)
    assert calls == [[0], [1], [2]]
    assert [(p["year_from"], p["year_to"], p["sentences"], p["repeated_sentences"]) for p in out] == [
        (2019, 2020, 2, 1),
        (2020, 2021, 2, 1),
    ]
