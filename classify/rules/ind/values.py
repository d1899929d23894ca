"""IND005, IND006, IND008: what the actual and target cells hold -- an actual copied
from the target, units or scales that differ, a qualitative actual echoing the target.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from extract.model import IndicatorRow, Table

from ...label import MONEY, base_unit, comparable, is_cost, is_money
from ...registry import CheckContext, Finding, rule
from .._fragments import project_table
from ._rows import _basics, _cell, _flag_rows, _raw

EX_IND005 = project_table(
    "农村供水工程维护",
    [
        ("产出指标", "数量指标", "维修供水管网长度", "≥20公里", "≥20公里", 20, 20, ""),
        ("产出指标", "质量指标", "水质达标率", "≥95%", "≥95%", 20, 20, ""),
        ("成本指标", "经济成本指标", "维护成本", "≤80万元", "=78万元", 20, 20, ""),
        ("效益指标", "社会效益指标", "农村饮水安全", "保障", "完全达到预期目标", 20, 20, ""),
        ("满意度指标", "满意度指标", "受益群众满意度", "≥90%", "=94%", 10, 10, ""),
    ],
)


# Near miss: the same fragment with the anomaly fixed; the rule stays quiet.
QUIET_IND005 = project_table(
    "农村供水工程维护",
    [
        ("产出指标", "数量指标", "维修供水管网长度", "≥20公里", "=21.5公里", 20, 20, ""),
        ("产出指标", "质量指标", "水质达标率", "≥95%", "=97%", 20, 20, ""),
        ("成本指标", "经济成本指标", "维护成本", "≤80万元", "=78万元", 20, 20, ""),
        ("效益指标", "社会效益指标", "农村饮水安全", "保障", "完全达到预期目标", 20, 20, ""),
        ("满意度指标", "满意度指标", "受益群众满意度", "≥90%", "=94%", 10, 10, ""),
    ],
)


@rule(code="IND005", severity="error", title="实际值照抄目标值", example=EX_IND005, quiet=QUIET_IND005)
def actual_copies_target(ctx: CheckContext) -> Iterable[Finding]:
    """实际完成值不是实测值，而是照抄目标值。

    理由：实际完成值应是一个实测数字；实际完成值一栏写“≥20公里”表述的是目标而非结果，说明该行
    从未真正评价。

    触发条件：实际值带比较符（`≥ ≤ > <`、大于等于…），或是与目标相同的区间。实际值写作 `=20 公里`
    是实测值，即使等于目标也不触发。

    示例：维修供水管网长度，目标 `≥20公里`，实际 `≥20公里` → IND005。

    [en] Actual copied from the target
    The actual is not a measurement but a copy of the target.

    Why: an achieved value is a single measured number; ``≥20公里`` in the 实际完成值
    column states a target, not a result, so the row was never evaluated.

    Fires when the actual carries a comparison operator (``≥ ≤ > <``, 大于等于 …) or is a
    range identical to the target's range. An actual written ``=20 公里`` is a measurement
    and does not fire, even when equal to the target.

    Example: 维修供水管网长度, target ``≥20公里``, actual ``≥20公里`` → IND005.
    """

    def judge(ti: int, table: Table, ri: int, row: IndicatorRow) -> tuple[str, dict] | None:
        a, t = row.actual, row.target
        copied = a.op in (">=", "<=", ">", "<") or (
            a.op == "range" and t.op == "range" and a.value == t.value and a.high == t.high
        )
        if not copied or a.end <= a.start:
            return None
        return f"「{row.name}」实际完成值“{_raw(a)}”带比较符号，照抄目标值“{_raw(t)}”而非实测值", _basics(row)

    return _flag_rows(ctx, judge, at=lambda row: _cell(row.actual))


EX_IND006 = project_table(
    "村卫生室运行补助",
    [
        ("产出指标", "数量指标", "补助村卫生室数量", "≥120个", "=120个", 20, 20, ""),
        ("产出指标", "质量指标", "补助资金发放准确率", "=100%", "=100%", 20, 20, ""),
        (
            "成本指标",
            "经济成本指标",
            "每个村卫生室补助标准",
            "≤0.5万元",
            "=5000元",
            20,
            20,
            "按实际补助标准填报",
        ),
        ("成本指标", "经济成本指标", "药品配送成本", "≤3元", "=280元", 10, 0, "配送费用按实际结算"),
        ("效益指标", "社会效益指标", "村医队伍稳定", "稳定", "完全达到预期目标", 10, 10, ""),
        ("满意度指标", "满意度指标", "村医满意度", "≥90%", "=93%", 10, 10, ""),
    ],
)

_APPROX_UNIT = re.compile(r"余|多|约|左右|以上|以内")


# Near miss: the same fragment with the anomaly fixed; the rule stays quiet.
QUIET_IND006 = project_table(
    "村卫生室运行补助",
    [
        ("产出指标", "数量指标", "补助村卫生室数量", "≥120个", "=120个", 20, 20, ""),
        ("产出指标", "质量指标", "补助资金发放准确率", "=100%", "=100%", 20, 20, ""),
        ("成本指标", "经济成本指标", "每个村卫生室补助标准", "≤0.5万元", "=0.5万元", 20, 20, ""),
        ("成本指标", "经济成本指标", "药品配送成本", "≤3元", "=2.8元", 10, 10, ""),
        ("效益指标", "社会效益指标", "村医队伍稳定", "稳定", "完全达到预期目标", 10, 10, ""),
        ("满意度指标", "满意度指标", "村医满意度", "≥90%", "=93%", 10, 10, ""),
    ],
)


@rule(
    code="IND006",
    severity="warning",
    title="目标与实际单位或量级不一致",
    example=EX_IND006,
    quiet=QUIET_IND006,
)
def unit_mismatch(ctx: CheckContext) -> Iterable[Finding]:
    """目标与实际使用不同的或不可能的单位、量级。

    三种情形触发：

    1. 两格都带金额单位但量级不同（元与万元、万元与亿元）：比较（和得分）依赖表中未写明的换算；
    2. 不是单位的“单位”（`万余`、`万多`、`左右`：约数词粘在单位上，多为“万元”的笔误）；
    3. 金额行的实际值至少是目标的 10 倍（一个数量级）：任何支出偏差都达不到，是量级错误（把万元写成
       元、把单价写成总额，或相反）。

    10 倍是最小的十进制量级错误（一位）；真实的超支受预算约束，至多几十个百分点。

    示例：药品配送成本 `≤3元`，实际 `=280元`（93 倍）→ IND006；每个村卫生室补助标准 `≤0.5万元` 对
    `=5000元` → IND006（元/万元混用）。

    [en] Target and actual in different units or scales
    Target and actual use different or impossible units or scales.

    Fires on three patterns:

    1. both cells carry money units of different scale (元 vs 万元, 万元 vs 亿元): the
       comparison (and the score) depends on a conversion the table never states;
    2. a unit that is not a unit (``万余``, ``万多``, ``左右``: an approximation word fused
       into the unit, a typo for 万元);
    3. a money row whose actual is at least 10 times its target (one order of magnitude):
       no spending deviation reaches that; it is a scale slip (元 for 万元, a per-unit price
       written as a total, or the reverse).

    The 10× threshold is the smallest decimal-scale error (one place); real overspends are
    bounded by the budget, which is a few tens of percent at most.

    Example: 药品配送成本 ``≤3元``, actual ``=280元`` (93×) → IND006; 每个村卫生室补助标准
    ``≤0.5万元`` vs ``=5000元`` → IND006 (mixed 元/万元).
    """

    def judge(ti: int, table: Table, ri: int, row: IndicatorRow) -> tuple[str, dict] | None:
        t, a = row.target, row.actual
        tu, au = base_unit(t.unit), base_unit(a.unit)
        reason, extra = None, {}
        if tu and au and tu != au and tu in MONEY and au in MONEY and MONEY[tu] != MONEY[au]:
            reason = f"目标单位“{tu}”与实际单位“{au}”不同"
        elif any(u and _APPROX_UNIT.search(u) for u in (t.unit, a.unit)):
            bad = next(u for u in (t.unit, a.unit) if u and _APPROX_UNIT.search(u))
            reason = f"单位“{bad}”不是计量单位（疑为“万元”笔误）"
        elif is_money(tu or au) and is_cost(row):
            pair = comparable(t, a)
            if pair and pair[0] > 0 and pair[1] >= 10 * pair[0]:
                reason = f"实际值是目标值的{pair[1] / pair[0]:.0f}倍，疑为量级或单位错误"
                extra = {"ratio": round(pair[1] / pair[0], 2)}
        if reason is None:
            return None
        return f"「{row.name}」{reason}（目标{_raw(t)}，实际{_raw(a)}）", {**_basics(row), **extra}

    return _flag_rows(ctx, judge)


EX_IND008 = project_table(
    "健康教育宣传",
    [
        ("产出指标", "数量指标", "发放宣传资料份数", "≥5000份", "=5200份", 20, 20, ""),
        ("产出指标", "质量指标", "宣传覆盖率", "≥90%", "=95%", 20, 20, ""),
        ("成本指标", "经济成本指标", "宣传资料印制成本", "≤5万元", "=5万元", 20, 20, ""),
        ("效益指标", "社会效益指标", "居民健康素养水平", "提升", "提升", 20, 20, ""),
        ("满意度指标", "满意度指标", "居民满意度", "≥90%", "=92%", 10, 10, ""),
    ],
)

_PUNCT = re.compile(r"[\s，。；、,.;:：“”\"'（）()]+")


def _echo(target: str, actual: str) -> bool:
    t, a = _PUNCT.sub("", target), _PUNCT.sub("", actual)
    if not t or not a:
        return False
    return a == t or (len(a) <= 6 and a in t) or (len(t) <= 6 and t in a and len(a) <= len(t) + 2)


# Near miss: the same fragment with the anomaly fixed; the rule stays quiet.
QUIET_IND008 = project_table(
    "健康教育宣传",
    [
        ("产出指标", "数量指标", "发放宣传资料份数", "≥5000份", "=5200份", 20, 20, ""),
        ("产出指标", "质量指标", "宣传覆盖率", "≥90%", "=95%", 20, 20, ""),
        ("成本指标", "经济成本指标", "宣传资料印制成本", "≤5万元", "=5万元", 20, 20, ""),
        (
            "效益指标",
            "社会效益指标",
            "居民健康素养水平",
            "提升",
            "居民健康素养水平由24%提升至27%",
            20,
            20,
            "",
        ),
        ("满意度指标", "满意度指标", "居民满意度", "≥90%", "=92%", 10, 10, ""),
    ],
)


@rule(
    code="IND008", severity="info", title="定性指标实际值只是复述目标", example=EX_IND008, quiet=QUIET_IND008
)
def qualitative_echo(ctx: CheckContext) -> Iterable[Finding]:
    """定性指标的实际值只是复述目标（保障/保障、提升/提升）。

    理由：实际值应说明取得了什么；重复目标用词什么也没报告。这不算错误（有些模板允许），故为提示。

    触发条件：两格都是定性值，且忽略空格和标点后实际值等于目标，或一方是另一方的较短部分
    （≤ 6 字，有效提高/提高）。用自己的话声明结果的实际值（完全达到预期目标）不触发。

    示例：居民健康素养水平，目标 `提升`，实际 `提升` → IND008。

    [en] Qualitative actual only echoes the target
    A qualitative indicator whose actual only echoes the target (保障/保障, 提升/提升).

    Why: the actual should say what was achieved; repeating the target word reports
    nothing. Not a defect (some templates allow it), so ``info``.

    Fires when both cells are qualitative and, ignoring spaces and punctuation, the actual
    equals the target, or one is a short (≤ 6 characters) part of the other (有效提高 /
    提高). An actual that claims an outcome in its own words (完全达到预期目标) does not fire.

    Example: 居民健康素养水平, target ``提升``, actual ``提升`` → IND008.
    """

    def judge(ti: int, table: Table, ri: int, row: IndicatorRow) -> tuple[str, dict] | None:
        t, a = row.target, row.actual
        if t.op != "qualitative" or a.op not in ("qualitative", None) or not _echo(t.shown, a.shown):
            return None
        return f"「{row.name}」实际完成值“{_raw(a)}”只是复述目标值“{_raw(t)}”", _basics(row)

    return _flag_rows(ctx, judge, at=lambda row: _cell(row.actual))
