"""Row labels: which way is good (``direction``) and whether the target was met (``status``).

``direction`` comes first from the target's own operator (``>=`` higher is better, ``<=``
lower is better). A bare ``=`` target says nothing about which way is good, so the row's
name decides: costs, durations and rates of bad events (投诉率, 故障率, 废标率 …) are
lower-better whatever the operator says; everything else with ``=`` is ``exact``.

``status``: ``met`` (target reached exactly or, for lower-better rows, not exceeded),
``exceeded`` (a higher-better or exact target passed), ``unmet`` (missed by the target's
own operator), ``unverifiable`` (qualitative, unreadable or incomparable units).
Qualitative rows are ``met`` when the actual claims achievement (达到, 完成, 实现 …),
``unmet`` when it says the opposite (未, 部分, 基本 …), else ``unverifiable``.
"""

from __future__ import annotations

import re

from extract.model import IndicatorRow, Quantity

# Money units and their size in 元 (``万`` alone is read as 万元, as in the seeds' tables).
MONEY = {"元": 1.0, "千元": 1e3, "万元": 1e4, "万": 1e4, "亿元": 1e8, "亿": 1e8}

_BAD_RATE = re.compile(
    r"投诉率|故障率|差错率|失误率|出错率|事故率|废标|流标|退回率|返工率|不合格率|失败率|误报率|"
    r"逾期率|违规率|延误率|发生率|空置率|损耗率|流失率|超标率"
)
_GOOD_RATE = re.compile(
    r"合格率|完成率|达标率|覆盖率|满意度|满意率|及时率|准确率|执行率|采购率|知晓率|使用率|运行率|"
    r"正常率|到位率|办结率|通过率|参与率|入库率|录入率|出勤率|支付率|受益率|利用率|完好率|准时率|"
    r"保障率|落实率|整改率|响应率|回复率|关联率|在线率|可用率|达成率|服务率|公开率|解决率"
)
_COST = re.compile(r"成本|费用|经费|资金|价格|单价|预算|金额|费$|费（|费\(|支出$")
_DURATION = re.compile(r"时间|时限|时长|用时|天数|工作日|周期|期限")
_DURATION_UNITS = {"天", "日", "小时", "分钟", "个工作日", "工作日", "月", "周"}

_QUAL_MET = re.compile(r"达到|达成|完成|实现|提升|提高|保障|有效|显著|良好|较好|满意|合格|是|已")
_QUAL_UNMET = re.compile(r"未|没有|无法|部分|基本|尚未|不足|欠缺|滞后|否")


def is_money(unit: str | None) -> bool:
    return base_unit(unit) in MONEY


def base_unit(unit: str | None) -> str | None:
    """The unit without a per-something suffix (``元/块`` → ``元``)."""
    if not unit:
        return None
    return unit.split("/")[0].strip() or None


def is_bad_rate(name: str) -> bool:
    return bool(_BAD_RATE.search(name))


def is_good_rate(name: str) -> bool:
    return bool(_GOOD_RATE.search(name)) and not is_bad_rate(name)


def is_cost(row: IndicatorRow) -> bool:
    """A money row: the 成本 category, a money unit, or a cost word in the name."""
    units = (row.target.unit, row.actual.unit)
    return row.category1 == "成本" or any(is_money(u) for u in units) or bool(
        _COST.search(row.name) and not _GOOD_RATE.search(row.name) and "%" not in units)


def is_duration(row: IndicatorRow) -> bool:
    return bool(_DURATION.search(row.name)) or base_unit(row.target.unit) in _DURATION_UNITS


def direction(row: IndicatorRow) -> str:
    t = row.target
    if t.op in (">=", ">"):
        return "higher_better"
    if t.op in ("<=", "<"):
        return "lower_better"
    if t.op == "range" and t.value is not None:
        return "exact"
    if t.op != "=" or t.value is None:
        return "qualitative"
    if is_bad_rate(row.name) or (is_cost(row) and "%" not in (t.unit or "")) or (
            is_duration(row) and not is_good_rate(row.name)):
        return "lower_better"
    return "exact"


def comparable(target: Quantity, actual: Quantity) -> tuple[float, float] | None:
    """(target, actual) on one scale, or None if they cannot be compared.

    Money in different units is converted (元 vs 万元); a missing unit on one side is read
    as the other side's; two different non-money units cannot be compared.
    """
    if target.value is None or actual.value is None:
        return None
    tu, au = base_unit(target.unit), base_unit(actual.unit)
    if tu == au or tu is None or au is None:
        return target.value, actual.value
    if tu in MONEY and au in MONEY:
        return target.value * MONEY[tu], actual.value * MONEY[au]
    return None


def _eq(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def status(row: IndicatorRow, direction_: str | None = None) -> str:
    d = direction_ or direction(row)
    if d == "qualitative":
        raw = re.sub(r"\s+", "", row.actual.shown or "")
        if not raw or row.actual.op not in (None, "qualitative"):
            return "unverifiable"
        if _QUAL_UNMET.search(raw):
            return "unmet"
        return "met" if _QUAL_MET.search(raw) else "unverifiable"
    if row.actual.op == "qualitative" or row.actual.value is None:
        return "unverifiable"
    pair = comparable(row.target, row.actual)
    if pair is None:
        return "unverifiable"
    t, a = pair
    op = row.target.op
    if op == "range" and row.target.high is not None:
        hi = row.target.high * (t / row.target.value if row.target.value else 1.0)
        if t - 1e-9 <= a <= hi + 1e-9:
            return "met"
        return "exceeded" if a > hi else "unmet"
    if _eq(a, t):
        return "unmet" if op in (">", "<") else "met"
    if d == "lower_better":
        return "met" if a < t else "unmet"
    # higher-better and exact: above the target is exceeded, below is missed
    return "exceeded" if a > t else "unmet"


def label_row(row: IndicatorRow) -> None:
    row.direction = direction(row)
    row.status = status(row, row.direction)
