"""The labels' word segmenter (classify/learn/wordcut.py) cuts exactly as jieba does with
the same dictionary: on every labelled text, as the models read it and raw, and on random
strings mixing Chinese, ASCII, digits, punctuation and spaces."""

from __future__ import annotations

import random

import jieba
import pytest

from classify.learn.features import Segmenter, reason_body
from classify.learn.models import label_models
from corpus.train.data import read_jsonl

from .conftest import ROOT

LABELS = ROOT / "corpus" / "labels"


def _jieba(seg: Segmenter) -> jieba.Tokenizer:
    """jieba's own tokenizer over the segmenter's dictionary (as the segmenter used to be)."""
    tk = jieba.Tokenizer()
    freq: dict[str, int] = {}
    for w, f in seg.words.items():
        freq[w] = f
        for i in range(1, len(w)):
            freq.setdefault(w[:i], 0)
    tk.FREQ, tk.total, tk.initialized = freq, seg.total, True
    return tk


def _texts() -> list[str]:
    out: list[str] = []
    for r in read_jsonl(LABELS / "reasons.jsonl"):
        out += [r["text"], reason_body(r["text"]), r.get("item") or ""]
    for r in read_jsonl(LABELS / "indicators.jsonl"):
        out += [r["name"], r.get("target") or ""]
    rnd = random.Random(12)
    pool = "".join(sorted({c for t in out for c in t})) + " \t\r\n\u3000ab12.%-#&_+，。、（）"
    for _ in range(1500):
        out.append("".join(rnd.choice(pool) for _ in range(rnd.randint(0, 40))))
    return out


def _segmenters() -> list[Segmenter]:
    m = label_models()
    assert m is not None
    segs = {id(s): s for s in (getattr(x, "segmenter", None) for x in m.models.values()) if s is not None}
    return list(segs.values())


@pytest.mark.parametrize("i", range(2))
def test_wordcut_equals_jieba(i):
    segs = _segmenters()
    if i >= len(segs):
        pytest.skip("one dictionary only")
    seg = segs[i]
    tk = _jieba(seg)
    texts = _texts()
    assert len(texts) > 4000
    for t in texts:
        assert seg._wc.cut(t) == list(tk.cut(t, HMM=True)), t
        assert seg.cut(t) == [w for w in tk.cut(t, HMM=True) if w.strip()], t


def test_wordcut_hmm_memo_is_cleared():
    seg = _segmenters()[0]
    seg.cut("鸡尾酒会上觥筹交错")  # an out-of-dictionary run: the HMM cuts it
    assert seg._wc._hmm_memo
    seg.clear()
    assert not seg._wc._hmm_memo and not seg._cache
