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
    assert not seg._wc._hmm_memo and not seg._wc._block_memo and not seg._cache


def test_hmm_equals_jieba_finalseg():
    """The HMM on its own, on runs no dictionary covers: random Chinese (common and rare
    characters), with digits and letters between them."""
    from jieba import finalseg

    from classify.learn.wordcut import Hmm

    hmm = Hmm()
    rnd = random.Random(5)
    common = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理"
    rare = "鸡尾酒觥筹交错氤氲旖旎饕餮魑魅魍魉耄耋龃龉踟蹰"
    pool = common + rare + "ab12"
    texts = ["鸡尾酒会上觥筹交错", "旖旎", "一", "2023年度abc经费x"]
    for _ in range(3000):
        texts.append("".join(rnd.choice(pool) for _ in range(rnd.randint(1, 30))))
    for t in texts:
        assert hmm.cut(t) == list(finalseg.cut(t)), t
