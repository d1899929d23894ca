"""Header, title, total-row and fund-source vocabularies of real self-evaluation tables.

Taken from the catalogue of real forms (``docs/real-forms.md`` 6.3, 6.4 and 6.6), with
the counts there as draw weights, so a generated table is headed the way tables from other
regions are, not the way the seeds are. Every list is drawn from per table.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# (header, weight): 6.3, the counts of records as weights.
TARGET_HEADS = [
    ("指标值", 12),
    ("年度指标值", 4),
    ("年度 指标值", 1),
    ("年初目标值(A)", 3),
    ("年初指标值", 1),
    ("目标值", 1),
    ("目标值(年度/终期)", 1),
    ("指标值(包含数字及文字描述)", 1),
    ("预期{year}年实现值", 1),
]
ACTUAL_HEADS = [
    ("实际完成值(B)", 3),
    ("实际完成值", 2),
    ("全年实际完成值", 2),
    ("全年完成值", 2),
    ("全年实际值", 1),
    ("年终完成值", 1),
    ("完成值", 1),
    ("完成量", 1),
]
WEIGHT_HEADS = [("分值", 18), ("权重", 3), ("指标权重(分)", 1), ("项目权重", 1)]
SCORE_HEADS = [("得分", 8), ("自评得分", 1), ("自评分", 1), ("指标得分(分)", 1), ("评价得分", 1)]
NOTE_HEADS = [
    ("偏差原因分析及改进措施", 2),
    ("未完成原因分析", 1),
    ("未完成原因和改进措施", 2),
    ("未完成原因及改进措施", 1),
    ("偏差大或目标未完成原因分析", 1),
    ("说明", 1),
    ("原因", 1),
    ("备注", 3),
]
OP_HEADS = [("指标性质", 1)]
UNIT_HEADS = [("度量单位", 2), ("计量单位", 1)]
BASIS_HEADS = [("指标标准或依据", 1), ("评分标准", 2), ("评价标准", 2), ("指标值设定依据", 1)]
DIRECTION_HEAD = "指标方向性"
LEVEL_HEADS = [
    (("一级指标", "二级指标", "三级指标"), 8),
    (("一级指标", "二级指标", "指标内容"), 2),
    (("一级 指标", "二级 指标", "三级指标"), 1),
]
GOAL_LABELS = [("年度总体目标", 8), ("总体目标", 4), ("年度目标", 3)]
GOAL_EXPECTED = [("预期目标", 3), ("年初设定目标", 1), ("年初绩效目标", 1), ("项目年度目标", 1)]
GOAL_ACTUAL = [("实际完成情况", 3), ("全年实际完成情况", 4), ("年度目标完成情况", 1)]
TOTAL_LABELS = [("总分", 6), ("自评总分", 2), ("自评总分(分)", 1), ("项目总得分", 1)]

# 6.4: the total row of the budget block.
BUDGET_TOTALS = [
    ("年度资金总额", 14),
    ("年度资金总额:", 2),
    ("年度财政资金总额", 2),
    ("总额", 1),
    ("年度总金额", 1),
]
OVERALL_BUDGET_TOTALS = [("年度资金总额", 6), ("部门整体支出总额", 2), ("年度总金额", 1), ("总额", 1)]
BUDGET_LABELS = [
    ("项目资金(万元)", 4),
    ("项目资金\n(万元)", 1),
    ("资金(万元)", 1),
    ("预算执行情况(万元)", 1),
    ("年度预算(万元)", 1),
]


@dataclass(frozen=True)
class BudgetSet:
    """One budget header set: (header, field) per column; field None is a column the model
    has no value for (printed empty). ``weight_in_header``: the weight is printed inside the
    score header (得分(10分*执行率)), not in a cell."""

    name: str
    columns: tuple[tuple[str, str | None], ...]
    weight_in_header: bool = False


BUDGET_SETS = [
    (
        BudgetSet(
            "initial_adjusted_executed_weight_rate_score",
            (
                ("年初预算数", "initial"),
                ("全年预算数", "adjusted"),
                ("全年执行数", "executed"),
                ("分值", "weight"),
                ("执行率", "rate"),
                ("得分", "score"),
            ),
        ),
        3,
    ),
    (
        BudgetSet(
            "budget_executed_rate_score",
            (
                ("预算数(A)", "adjusted"),
                ("执行数(B)", "executed"),
                ("执行率(B/A)", "rate"),
                ("得分({w}分*执行率)", "score"),
            ),
            weight_in_header=True,
        ),
        3,
    ),
    (
        BudgetSet(
            "budget_executed_rate",
            (("全年预算数(A)", "adjusted"), ("全年执行数(B)", "executed"), ("执行率(B/A×100%)", "rate")),
        ),
        5,
    ),
    (
        BudgetSet(
            "initial_adjusted_executed_rate_weight_score_reason",
            (
                ("年初预算", "initial"),
                ("调整后预算数", "adjusted"),
                ("预算执行数", "executed"),
                ("预算执行率", "rate"),
                ("权重", "weight"),
                ("得分", "score"),
                ("原因", None),
            ),
        ),
        1,
    ),
    (
        BudgetSet(
            "initial_adjusted_executed_rate_rateweight_ratescore",
            (
                ("年初预算数", "initial"),
                ("全年(调整)预算数", "adjusted"),
                ("全年执行数", "executed"),
                ("执行率", "rate"),
                ("执行率权重", "weight"),
                ("执行率得分", "score"),
            ),
        ),
        1,
    ),
]


@dataclass(frozen=True)
class FundSet:
    """Fund-source names; ``fiscal`` is the index of the one that carries the fiscal money
    and ``other`` the one that carries the rest (the model's 其他资金)."""

    names: tuple[str, ...]
    fiscal: int
    other: int


FUND_SETS = [
    (FundSet(("当年财政拨款", "上年结转资金", "其他资金"), 0, 2), 4),
    (FundSet(("财政资金", "财政专户管理资金", "单位资金", "其他资金"), 0, 3), 2),
    (FundSet(("中央财政资金", "地方财政资金", "其他资金"), 1, 2), 2),
    (FundSet(("中央、省、市补助县级资金", "其他资金"), 0, 1), 1),
    (FundSet(("中央补助", "地方资金"), 1, 1), 1),
    (FundSet(("中央补助", "自治区补助", "市县资金"), 2, 2), 1),
    (FundSet(("财政拨款", "其他资金"), 0, 1), 2),
    (FundSet(("市级", "省级", "中央", "县级资金"), 0, 3), 1),
]
NOT_APPLICABLE = [("—", 3), ("/", 2), ("-", 1), ("", 1)]

PROJECT_TITLES = [("项目支出绩效自评表", 6), ("项目绩效目标自评表", 2), ("{name}绩效自评表", 2), ("", 2)]
OVERALL_TITLES = [
    ("部门整体支出绩效自评表", 4),
    ("部门(单位)整体支出绩效自评表", 2),
    ("{name}整体支出绩效自评表", 2),
    ("部门(单位)整体支出绩效目标自评表", 1),
    ("", 1),
]
PROJECT_NAME_LABELS = [("项目名称", 1)]
OVERALL_NAME_LABELS = [("部门(单位)名称", 2), ("部门名称", 2), ("单位名称", 1)]


def pick(rng: random.Random, pairs: list[tuple]) -> object:
    """One item of ``(item, weight)`` pairs."""
    items = [p[0] for p in pairs]
    weights = [p[1] for p in pairs]
    return rng.choices(items, weights)[0]
