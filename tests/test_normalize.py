"""Normalisation keeps an exact map back to the original text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.normalize import WIDTH_TABLE, fold_width, normalize

from .conftest import seed_text

_ALPHABET = st.sampled_from(
    list("中文数字万元占增加减少。，；：、（）")
    + list("0123456789.,%")
    + [" ", "\u3000", "\t", "\n", "\r\n", "\n\n"]
    + [chr(c) for c in list(WIDTH_TABLE)[:40]]
    + list("abcXYZ-一、")
)


@given(st.lists(_ALPHABET, max_size=200).map("".join))
@settings(max_examples=300, deadline=None)
def test_every_normalised_char_maps_back_to_its_source(text):
    n = normalize(text)
    folded = fold_width(text)
    last = -1
    for i, ch in enumerate(n.text):
        o = n.orig(i)
        assert folded[o] == ch
        assert o > last  # order preserved
        last = o
        assert n.norm_index(o) == i
    assert n.orig(len(n.text)) == len(text)
    for s in range(0, len(n.text), 3):
        e = min(len(n.text), s + 5)
        a, b = n.span(s, e)
        assert (a, b) == (n.orig(s), n.orig(e - 1) + 1)
        # what lies between is exactly the kept characters plus deleted whitespace
        kept = {n.orig(i) for i in range(s, e)}
        assert all(folded[p].isspace() for p in range(a, b) if p not in kept)


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_fold_width_is_one_for_one(text):
    assert len(fold_width(text)) == len(text)
    assert fold_width(text) == text.translate(WIDTH_TABLE)


def test_numbers_and_wraps_are_joined_for_matching():
    text = (
        "本年支出 2,124. 45 万元, 其中:基本支出 1, 943. 66 万元，占\n\n64.49%；上缴上\n\n级支出 0.00 万元。"
    )
    n = normalize(text)
    assert "本年支出2,124.45万元" in n.text
    assert "1,943.66万元" in n.text
    assert "占64.49%" in n.text and "上缴上级支出" in n.text
    i = n.text.index("2,124.45")
    s, e = n.span(i, i + len("2,124.45"))
    assert text[s:e] == "2,124. 45"


def test_table_rows_and_headings_are_not_joined():
    text = "说明如下\n一、收入\n\t一级指标\t二级指标\n产出指标\t数量指标\n"
    n = normalize(text)
    assert "说明如下\n一、收入" in n.text
    assert "\t一级指标\t二级指标\n产出指标" in n.text


def test_seed_roundtrip(seed):
    text = seed_text(seed)
    n = normalize(text)
    folded = fold_width(text)
    assert all(folded[n.orig(i)] == ch for i, ch in enumerate(n.text))
