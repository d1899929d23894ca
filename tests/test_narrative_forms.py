"""The clause grammar on the real-forms families (tests/narrative_cases.py): every
explanation found with its marker, item and change, in both punctuation widths; offsets
index the text as given."""

from __future__ import annotations

import pytest

from extract.model import Reason
from extract.narrative_reasons import extract_reasons
from extract.normalize import normalize

from .narrative_cases import CASES
from .narrative_cases_holdout import HOLDOUT
from .narrative_check import find, mismatches

_TO_ASCII = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "％": "%"})
_TO_FULL = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "%": "％"})


def _other_width(text: str) -> str:
    """The text with the punctuation of the other width (thousands separators stay ASCII)."""
    if any(ch in text for ch in "，：；（）"):
        return text.translate(_TO_ASCII)
    out = []
    for i, ch in enumerate(text):
        # a comma between digits is a thousands separator: keep it
        if ch == "," and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
            out.append(ch)
        else:
            out.append(ch.translate(_TO_FULL))
    return "".join(out)


def _reasons(text: str) -> list[Reason]:
    return extract_reasons(text, normalize(text), [])


@pytest.mark.parametrize("width", ["as_written", "other_width"])
@pytest.mark.parametrize(
    ("cid", "family", "text", "expected"), CASES + HOLDOUT, ids=[c[0] for c in CASES + HOLDOUT]
)
def test_form(cid: str, family: str, text: str, expected: list[dict], width: str) -> None:
    if width == "other_width":
        text = _other_width(text)
    reasons = _reasons(text)
    for exp in expected:
        r = find(reasons, exp)
        assert r is not None, (exp, [(x.kind, x.marker, x.item) for x in reasons])
        assert mismatches(r, exp) == [], (r.marker, r.item, r.text)
    for r in reasons:
        assert text[r.start : r.end] == r.text
        if r.change is not None and r.change.start >= 0:
            assert text[r.change.start : r.change.end] == r.change.raw


def test_flat_needs_no_reason() -> None:
    assert _reasons("公务用车购置费0万元，与上年持平。") == []


def test_no_marker_no_expected_item_no_reason() -> None:
    """A fiscal report's rate with no comparison word, on an item that needs no explanation."""
    assert _reasons("全县旅游接待人次同比增长12.5%，旅游收入28.6亿元。") == []


def test_unexplained_sangong_change_is_missing() -> None:
    text = "公务接待费支出1.10万元，较上年减少0.90万元。"
    (r,) = _reasons(text)
    assert r.kind == "missing" and r.item == "公务接待费"
    assert r.change is not None and r.change.amount == pytest.approx(0.9) and r.change.direction == "减少"


def test_completion_at_full_budget_needs_no_reason() -> None:
    assert _reasons("“三公”经费支出预算为5.00万元，支出决算为5.00万元，完成预算的100%。") == []


def test_unexplained_completion_is_missing() -> None:
    (r,) = _reasons("公务接待费预算2.00万元，决算1.20万元，完成预算的60.00%。")
    assert r.kind == "missing" and r.change is not None
    assert r.change.rate_kind == "completion" and r.change.rate == 60.0
    assert r.change.base_value == 2.0 and r.change.current == 1.2 and r.change.direction == "减少"


def test_reason_before_change_spans_only_the_cause() -> None:
    text = "受疫情防控政策影响，公务接待费较上年减少2.00万元，下降40.00%。"
    (r,) = _reasons(text)
    assert r.marker == "受" and r.text == "受疫情防控政策影响"
    assert r.item == "公务接待费" and r.change is not None and r.change.rate == 40.0
