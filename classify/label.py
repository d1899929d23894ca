"""Row labels: which way is good (``direction``) and whether the target was met (``status``).

``direction`` comes first from the target's own operator (``>=`` higher is better, ``<=``
lower is better; an explicit operator is never overridden by the name). A bare ``=``
target says nothing about which way is good, so the row decides: money rows (a money unit,
the 成本 category, or a cost word such as 成本/价格 in the name of a row with no other
unit), durations and rates of bad events (投诉率, 故障率, 废标率 …) are lower-better (an
``=20万元`` cost spent 30 overran its budget); everything else with ``=`` is ``exact``, in
particular a count whose subject is a price or a cost (开展价格监测 ``=24期``, 完成成本
监审 ``=8项``: 9 of 8 is more work done, not an overrun).

``status``: ``met`` (target reached exactly or, for lower-better rows, not exceeded),
``exceeded`` (a higher-better or exact target passed), ``unmet`` (missed by the target's
own operator), ``unverifiable`` (qualitative, unreadable or incomparable units).
Qualitative rows are ``met`` when the actual claims achievement (达到, 完成, 实现 …),
``unmet`` when it says the opposite (未, 部分, 基本 …), else ``unverifiable``.
"""

from __future__ import annotations

import re

from extract.model import IndicatorRow, Quantity

from .memo import memo

# Money units and their size in 元 (``万`` alone is read as 万元, as in the seeds' tables).
MONEY = {"元": 1.0, "千元": 1e3, "万元": 1e4, "万": 1e4, "亿元": 1e8, "亿": 1e8}

# Rates are read by their head, the word right before 率 (X率 = the share of cases where X
# happened). A rate is bad when X is a failure event, good when X is an outcome the work
# is meant to produce; a rate whose head is neither (增长率, 占比, 负债率, 审减率) has no
# side and is judged by its operator only.
_BAD_HEADS = (
    "投诉|故障|差错|失误|出错|事故|违规|违纪|违法|违约|延误|逾期|超期|超标|不合格|不达标|不满意|"
    "失败|误报|漏报|漏检|误判|返工|退回|流失|损耗|空置|闲置|发生|发病|感染|死亡|伤亡|受害|受灾|"
    "犯罪|辍学|返贫|失业|破损|丢失|损坏|差评|退货"
)
_BAD_RATE = re.compile(
    rf"(?:{_BAD_HEADS})率|废标|流标"
    r"|未[\u4e00-\u9fff]{1,4}率"  # 未完成率, 未整改率: the share of failures
)
# Good heads by notion: completion, coverage / reach, compliance / quality, participation
# and use, satisfaction.
_GOOD_HEADS = "|".join(
    [
        "完成|达成|实现|办结|结案|完工|竣工|建成|落实|到位|兑现|执行|拨付|支付|发放|下达|交付|出具|"
        "处置|处理|化解|解决|整改|整治|核销|履约|确权|验收|受理|达标",
        "覆盖|普及|知晓|入户|建档|签约|注册|登记|采集|入库|录入|上线|在线|联网|开通|开放|接通|到报|"
        "上报|报送|回访|回复|响应|公开",
        "合规|合格|规范|准确|正确|完好|完整|优良|良好|有效|正常|可用|稳定|通过|相符|成活|好评|及时|准时",
        "参与|参加|出勤|出席|在岗|就业|入学|受益|使用|利用|应用|接种|开店|开业|开工|开展|运行|运营|"
        "服务|保障|采购|关联|转化|持证|获证",
        "满意",
    ]
)
_GOOD_RATE = re.compile(
    rf"(?:{_GOOD_HEADS})率|满意度|知晓度"
    # participation and arrival verbs with their object: 参学率, 参训率, 参保率, 到岗率,
    # 到会率, 入园率 (the share of those expected who took part or came)
    r"|(?:参|到(?!期)|入)[\u4e00-\u9fff]率"
    r"|(?:按期|按时|及时|准时)[\u4e00-\u9fff]{1,4}率"  # on time: 按期出具率, 及时受理率
)
_COST = re.compile(r"成本|费用|经费|资金|价格|单价|预算|金额|费$|费（|费\(|支出$")
_DURATION = re.compile(r"时间|时限|时长|用时|天数|工作日|周期|期限")
_DURATION_UNITS = {"天", "日", "小时", "分钟", "个工作日", "工作日", "月", "周"}

_QUAL_MET = re.compile(r"达到|达成|完成|实现|提升|提高|保障|有效|显著|良好|较好|满意|合格|是|已")
_QUAL_UNMET = re.compile(r"未|没有|无法|部分|基本|尚未|不足|欠缺|滞后|否")


def is_money(unit: str | None) -> bool:
    return base_unit(unit) in MONEY


@memo(1024)  # a few units, asked hundreds of times per document
def base_unit(unit: str | None) -> str | None:
    """The unit without a per-something suffix (``元/块`` → ``元``)."""
    if not unit:
        return None
    return unit.split("/")[0].strip() or None


@memo()  # asked of every row by the labels and again by several IND rules
def is_bad_rate(name: str) -> bool:
    return bool(_BAD_RATE.search(name))


@memo()
def is_good_rate(name: str) -> bool:
    return bool(_GOOD_RATE.search(name)) and not is_bad_rate(name)


def is_cost(row: IndicatorRow) -> bool:
    """A money row: the 成本 category, a money unit, or a cost word in the name of a row
    with no other unit.

    A cost word names a money row only when nothing says otherwise: a row counted in a
    unit that is not money (``%``, 项, 期, 次 …) measures work whose subject is a price or a
    cost (开展重要商品价格监测 ``=24期``, 完成定价成本监审 ``=8项``), not spending.
    """
    if row.category1 == "成本":
        return True
    t, a = base_unit(row.target.unit), base_unit(row.actual.unit)
    if t in MONEY or a in MONEY:
        return True
    # some unit, none of them money: counted work, not spending
    return not (t or a) and bool(_COST.search(row.name) and not _GOOD_RATE.search(row.name))


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
    if (
        is_bad_rate(row.name)
        or (is_cost(row) and "%" not in (t.unit or ""))
        or (is_duration(row) and not is_good_rate(row.name))
    ):
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
