"""Lists of values distributed over their items in order (real-forms 2.3), one shared reason
for each item's change (1.2), and budget/final variances in any unit (2.4). Fragments written
for these tests; offsets index the text as given."""

from __future__ import annotations

import pytest

from extract.model import Reason
from extract.narrative_reasons import extract_reasons
from extract.normalize import normalize


def _reasons(text: str) -> list[Reason]:
    return extract_reasons(text, normalize(text), [])


def _by_item(rs: list[Reason]) -> dict[str, Reason]:
    return {r.item or "": r for r in rs if r.kind != "missing"}


def _check(text: str, want: dict[str, tuple], reason: str) -> list[Reason]:
    """Every item has its own (amount, rate, direction, current) and the shared reason."""
    rs = _reasons(text)
    got = _by_item(rs)
    assert set(want) <= set(got), sorted(got)
    for item, (amount, rate, direction, current) in want.items():
        r = got[item]
        c = r.change
        assert c is not None, item
        assert c.direction == direction, item
        for got_v, want_v in ((c.amount, amount), (c.rate, rate), (c.current, current)):
            assert (got_v is None) == (want_v is None), item
            assert want_v is None or got_v == pytest.approx(want_v), item
        assert text[r.start : r.end] == reason, item
        assert sorted(r.also) == sorted(i for i in want if i != item), item
    assert not [r for r in rs if r.kind == "missing" and r.item in want]
    return rs


def test_three_items_amounts_changes_rates_ideographic_comma() -> None:
    text = (
        "办公费、印刷费和差旅费分别为12.50万元、8.20万元、5.30万元，比上年分别增加2.50万元、"
        "1.20万元、0.30万元，分别增长25.00%、17.14%、6.00%，主要原因是业务量增加。"
    )
    _check(
        text,
        {
            "办公费": (2.5, 25.0, "增加", 12.5),
            "印刷费": (1.2, 17.14, "增加", 8.2),
            "差旅费": (0.3, 6.0, "增加", 5.3),
        },
        "主要原因是业务量增加。",
    )


def test_two_items_joined_by_he_no_current() -> None:
    text = "因公出国（境）费和公务接待费分别减少3.2万元和1.5万元，主要原因是严格控制出访和接待规模。"
    _check(
        text,
        {"因公出国(境)费": (3.2, None, "减少", None), "公务接待费": (1.5, None, "减少", None)},
        "主要原因是严格控制出访和接待规模。",
    )


def test_unit_once_at_the_end_of_bare_numbers() -> None:
    text = "公务用车购置费、运行维护费分别为20、15万元，较上年分别下降20%和25%，主要是车辆减少。"
    _check(
        text,
        {"公务用车购置费": (None, 20.0, "减少", 20.0), "运行维护费": (None, 25.0, "减少", 15.0)},
        "主要是车辆减少。",
    )


def test_values_joined_by_full_width_commas_in_yi() -> None:
    text = (
        "人员经费及公用经费分别为1.2亿元，0.3亿元，比上年分别增加0.1亿元，0.05亿元，"
        "分别增长9.09%，20%，主要原因是人员增加。"
    )
    _check(
        text,
        {"人员经费": (1000.0, 9.09, "增加", 12000.0), "公用经费": (500.0, 20.0, "增加", 3000.0)},
        "主要原因是人员增加。",
    )


def test_ascii_punctuation_yuan_with_thousands_and_yu() -> None:
    text = (
        "培训费与会议费分别为30,000元与20,000元,较上年分别减少10,000元与5,000元,"
        "分别下降25%与20%,原因是压减会议规模."
    )
    _check(
        text,
        {"培训费": (1.0, 25.0, "减少", 3.0), "会议费": (0.5, 20.0, "减少", 2.0)},
        "原因是压减会议规模.",
    )


def test_a_name_holding_he_is_one_item_when_the_count_says_so() -> None:
    text = (
        "社会保障和就业支出、住房保障支出分别为80.00万元、40.00万元，比上年分别减少20.00万元、"
        "10.00万元，分别下降20.00%、20.00%，主要原因是人员调出。"
    )
    _check(
        text,
        {
            "社会保障和就业支出": (20.0, 20.0, "减少", 80.0),
            "住房保障支出": (10.0, 20.0, "减少", 40.0),
        },
        "主要原因是人员调出。",
    )


def test_a_comma_after_the_list_is_no_list_value_of_another_kind() -> None:
    # the value after the comma is a rate: it is no third amount of a two-item list
    text = "差旅费、会议费分别减少4.00万元、2.00万元，下降50%，主要原因是会议减少。"
    rs = _reasons(text)
    got = _by_item(rs)
    assert got["差旅费"].change.amount == 4.0
    assert got["会议费"].change.amount == 2.0


def test_fewer_items_than_values_is_left_as_one_reason() -> None:
    # one item for three values: no per-item reading to share, the first change keeps the reason
    text = "专项业务费分别减少3.00万元、2.00万元、1.00万元，主要原因是项目完工。"
    rs = [r for r in _reasons(text) if r.kind != "missing"]
    assert len(rs) == 1
    assert text[rs[0].start : rs[0].end] == "主要原因是项目完工。"


@pytest.mark.parametrize(
    ("text", "item", "amount", "rate", "direction", "base"),
    [
        (
            "国内公务接待费，预算数12.50万，决算数10.00万，预决算差异率-20.00%，"
            "决算数小于预算数的主要原因是接待批次减少。",
            "国内公务接待费",
            2.5,
            20.0,
            "减少",
            "预算",
        ),
        (
            "公务用车运行维护费,年初预算数200,000元,决算数250,000元,预决算差异率25.00%,"
            "决算数大于年初预算数的主要原因:车辆维修增加。",
            "公务用车运行维护费",
            5.0,
            25.0,
            "增加",
            "年初预算",
        ),
        (
            "基本支出与年初预算相比，年初预算数1.2000亿元，决算数1.0800亿元，预决算差异率-10.00%，"
            "决算数小于年初预算数的主要原因：部分人员退休。",
            "基本支出",
            1200.0,
            10.0,
            "减少",
            "年初预算",
        ),
    ],
)
def test_variance_in_any_unit(
    text: str, item: str, amount: float, rate: float, direction: str, base: str
) -> None:
    rs = [r for r in _reasons(text) if r.kind != "missing"]
    assert len(rs) == 1
    r = rs[0]
    assert r.kind == "variance"
    assert r.item == item
    c = r.change
    assert c is not None
    assert (c.amount, c.rate, c.direction, c.base) == (pytest.approx(amount), rate, direction, base)
    assert text[r.start : r.end].startswith("主要原因")
    assert text[c.start : c.end].endswith("%")


def test_a_shortfall_reason_skips_an_unchanged_variance() -> None:
    # the 0.00% line before is no shortfall: the 小于 reason explains the completion after it
    text = (
        "公务用车运行维护费，年初预算数10.00万元，决算数10.00万元，预决算差异率0.00%；"
        "公务接待费，支出预算为8.00万元，支出决算为6.00万元，完成年初预算的75.00%，"
        "决算数小于年初预算数的主要原因：接待次数减少。"
    )
    rs = [r for r in _reasons(text) if r.kind != "missing" and r.change is not None and r.change.amount]
    assert len(rs) == 1
    assert rs[0].item == "公务接待费"
    assert rs[0].change.rate_kind == "completion"


@pytest.mark.parametrize(
    ("prev_label", "cur_label"),
    [("上年分别为", "本年分别为"), ("2023年分别为", "2024年分别为")],
)
def test_previous_and_current_listed_agree_with_the_change(prev_label: str, cur_label: str) -> None:
    # two runs of amounts for the same items: 上年 says which is the previous one; two years
    # say nothing, and the change (增加, its size) settles it
    text = (
        f"差旅费、会议费{prev_label}10.00万元、8.00万元，{cur_label}12.00万元、9.00万元，"
        "分别增加2.00万元、1.00万元，主要原因是会议增加。"
    )
    got = _by_item(_reasons(text))
    for item, base, cur, amount in (("差旅费", 10.0, 12.0, 2.0), ("会议费", 8.0, 9.0, 1.0)):
        c = got[item].change
        assert (c.base_value, c.current, c.amount, c.direction) == (base, cur, amount, "增加"), item
