"""Budget blocks (real-forms 6.4): the header sets met, fund sources with ``/`` and ``—`` for
not applicable, rates as percent, fraction or bare number, a missing cell."""

from __future__ import annotations

import pytest

from extract.tables import extract_tables
from tests.layout_helpers import assert_offsets, budget_tuple, fund_tuples

INDICATORS = """一级指标 | 二级指标 | 三级指标 | 指标值 | 实际完成值 | 分值 | 得分 | ||||
产出指标 | 数量指标 | 完成项目数 | ≥3个 | 3个 | 90 | 90 | ||||
"""


def _table(budget: str) -> tuple:
    text = "项目支出绩效自评表\n项目名称 | 示范项目 | ||||\n" + budget + INDICATORS
    (t,) = extract_tables(text)
    assert_offsets(text, t)
    return budget_tuple(t), fund_tuples(t)


def test_initial_adjusted_executed_weight_rate_score() -> None:
    got = _table(
        "项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 | ||||\n"
        "年度资金总额 | 100 | 120 | 108 | 10 | 90% | 9 | ||||\n"
        "其中:财政拨款 | 100 | 120 | 108 | — | 90% | — | ||||\n"
        "其他资金 | 0 | 0 | 0 | — | / | — | ||||\n"
    )
    assert got == (
        ("年度资金总额", 100.0, 120.0, 108.0, 90.0, 10.0, 9.0),
        [
            ("其中:财政拨款", 100.0, 120.0, 108.0, 90.0, None, None),
            ("其他资金", 0.0, 0.0, 0.0, None, None, None),
        ],
    )


def test_budget_a_executed_b_rate_with_score_formula() -> None:
    got = _table(
        "项目资金 | 预算数(A) | 执行数(B) | 执行率(B/A) | 得分(10分*执行率) | ||||\n"
        "年度资金总额 | 50 | 45 | 90% | 9 | ||||\n"
    )
    assert got == (
        ("年度资金总额", None, 50.0, 45.0, 90.0, 10.0, 9.0),
        [],
    )  # the weight from 得分(10分*执行率)


def test_adjusted_executed_rate_weight_score_and_reason() -> None:
    got = _table(
        "资金 | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因 | ||||\n"
        "年度财政资金总额 | 80 | 90 | 81 | 90% | 10 | 9 | 项目进度滞后 | ||||\n"
    )
    assert got == (("年度财政资金总额", 80.0, 90.0, 81.0, 90.0, 10.0, 9.0), [])


def test_execution_weight_and_score_columns() -> None:
    got = _table(
        "项目资金 | 年初预算数 | 全年（调整）预算数 | 全年执行数 | 执行率 | 执行率权重 | 执行率得分 | ||||\n"
        "部门整体支出总额 | 300 | 320 | 304 | 95% | 10 | 9.5 | ||||\n"
    )
    assert got == (("部门整体支出总额", 300.0, 320.0, 304.0, 95.0, 10.0, 9.5), [])


def test_a_missing_executed_cell_leaves_the_rate_in_its_column() -> None:
    got = _table(
        "项目资金 | 全年预算数(A) | 全年执行数(B) | 执行率 | ||||\n年度资金总额: | 60 | 98% | ||||\n"
    )
    assert got == (("年度资金总额", None, 60.0, None, 98.0, None, None), [])


@pytest.mark.parametrize(
    ("printed", "rate"), [("95%", 95.0), ("95", 95.0), ("0.95", 95.0), ("95 %", 95.0), ("95％", 95.0)]
)
def test_rate_as_percent_fraction_or_bare(printed: str, rate: float) -> None:
    got = _table(
        "项目资金 | 全年预算数(A) | 全年执行数(B) | 执行率(B/A) | ||||\n"
        f"年度资金总额 | 40 | 38 | {printed} | ||||\n"
    )
    assert got[0][4] == rate


def test_zero_budget_with_printed_full_rate_is_kept_as_printed() -> None:
    got = _table(
        "项目资金 | 全年预算数(A) | 全年执行数(B) | 执行率(B/A) | ||||\n年度资金总额 | 0 | 0 | 100% | ||||\n"
    )
    assert got[0] == ("年度资金总额", None, 0.0, 0.0, 100.0, None, None)
