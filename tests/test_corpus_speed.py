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


class _Counting(list):
    """Reports that count how often each is read."""

    def __init__(self, items: list) -> None:
        super().__init__(items)
        self.reads: list[int] = []

    def __getitem__(self, i):  # type: ignore[override]
        self.reads.append(i)
        return super().__getitem__(i)


def _three_years() -> list[dict]:
    reasons = {
        2019: "主要原因是人员增加。办公费用上涨",
        2020: "主要原因是人员增加。车辆运行维护费减少",
        2021: "主要原因是车辆运行维护费减少。新增培训项目",
    }
    return [
        {
            "doc_id": f"d{y}",
            "department": "某县财政局",
            "year": y,
            "text": t,
            "reasons": [{"text": t, "start": 0, "end": len(t), "item": "x"}],
        }
        for y, t in reasons.items()
    ]


def test_stickiness_reads_each_year_once_and_pairs_them() -> None:
    """Three years of one department: two pairs, the middle year's report read once."""
    reports = _Counting(_three_years())
    out = corpus.stickiness(reports)
    assert reports.reads == [0, 1, 2]
    assert [(p["year_from"], p["year_to"], p["sentences"], p["repeated_sentences"]) for p in out] == [
        (2019, 2020, 2, 1),
        (2020, 2021, 2, 1),
    ]


def test_dup002_and_stickiness_share_one_reason_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """In a corpus pass each reason is segmented once for DUP002 and stickiness together
    (the DF sample aside: with the token cache off, the sample's reasons once more)."""
    from classify.corpus_pass import analyse_corpus

    monkeypatch.setattr(corpus_text, "_TOKEN_CACHE_SIZE", 0)
    corpus_text._token_cache.clear()
    docs = []
    for k in range(4):  # 4 departments x 3 years: 12 documents with reasons (DUP002 runs)
        for rep in _three_years():
            docs.append(dict(rep, doc_id=f"{rep['doc_id']}-{k}", department=f"某县{k}局"))
    segmented = []
    real = corpus_text.cut
    monkeypatch.setattr(corpus_text, "cut", lambda text: segmented.append(text) or real(text))
    result = analyse_corpus(docs)
    assert result.stats["dup002"]["status"] == "ok" and len(result.stats["stickiness"]) == 8
    # 12 reasons in the document-frequency sample (all 12 documents), then 12 in the pass.
    assert len(segmented) == 24
    assert sorted(segmented[:12]) == sorted(segmented[12:])
