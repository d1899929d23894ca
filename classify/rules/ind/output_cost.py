"""IND009: an output row far short of its target while the matching cost row is
fully spent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from extract.model import IndicatorRow, Table

from ...arith import fmt
from ...label import comparable, is_cost, is_money
from ...registry import CheckContext, Finding, rule
from .._fragments import project_table
from ._rows import _basics, _flag_rows, _raw

EX_IND009 = project_table(
    "老年人免费体检",
    [
        ("产出指标", "数量指标", "老年人体检人数", "≥2000人", "=600人", 20, 6, "部分老人外出务工"),
        ("产出指标", "质量指标", "体检报告反馈率", "≥95%", "=100%", 20, 20, ""),
        ("成本指标", "经济成本指标", "老年人体检成本", "≤20万元", "=20万元", 20, 20, ""),
        ("效益指标", "社会效益指标", "老年人健康管理水平", "提高", "完全达到预期目标", 20, 20, ""),
        ("满意度指标", "满意度指标", "老年人满意度", "≥90%", "=95%", 10, 10, ""),
    ],
)

# Words that say what kind of row it is, not what it is about: dropped before matching names.
_GENERIC = re.compile(
    r"成本|费用|经费|资金|支出|数量|次数|人数|个数|件数|金额|标准|开展|组织|完成|"
    r"实施|全年|年度|项目|工作|[（(][^）)]*[）)]|[\d.]+|\s+"
)


def _bigrams(s: str) -> set[str]:
    s = _GENERIC.sub("", s)
    return {s[i : i + 2] for i in range(len(s) - 1)}


# Near miss: the same fragment with the anomaly fixed; the rule stays quiet.
QUIET_IND009 = project_table(
    "老年人免费体检",
    [
        ("产出指标", "数量指标", "老年人体检人数", "≥2000人", "=600人", 20, 6, "部分老人外出务工"),
        ("产出指标", "质量指标", "体检报告反馈率", "≥95%", "=100%", 20, 20, ""),
        ("成本指标", "经济成本指标", "老年人体检成本", "≤20万元", "=6万元", 20, 20, ""),
        ("效益指标", "社会效益指标", "老年人健康管理水平", "提高", "完全达到预期目标", 20, 20, ""),
        ("满意度指标", "满意度指标", "老年人满意度", "≥90%", "=95%", 10, 10, ""),
    ],
)


@rule(
    code="IND009",
    severity="warning",
    title="产出大幅未完成而成本全额支出",
    example=EX_IND009,
    quiet=QUIET_IND009,
)
def output_missed_cost_spent(ctx: CheckContext) -> Iterable[Finding]:
    """产出行大幅未完成（实际为 0 或不到目标的一半），而对应的成本行报告资金已全额支出。

    理由：花光全部资金却只完成不到一半（或完全没有）产出，意味着单位成本翻了一倍以上，或两行之中
    有一行不实。以一半为界，因为低于一半时单位成本已翻倍以上，这种不一致任何舍入、时间或价格变化
    都解释不了。

    配对：同一张表中，产出行（产出/越高越好，不是比率）与成本行（金额，越低越好或精确）去掉通用词
    （成本、费用、数量、次数、开展…）后名称共有一个实义二字词，共有最多的成本行胜出。“全额支出”：
    成本实际值至少等于其目标。

    示例：老年人体检人数 `≥2000人` 实际 600（30%），老年人体检成本 `≤20万元` 实际 20 → IND009。

    [en] Output far short while the cost is fully spent
    An output row is missed (actual 0 or below half the target) while the matching cost
    row reports its money fully spent.

    Why: spending all the money for less than half the output (or none) means the unit cost
    more than doubled, or one of the two rows is not true. Half is the threshold because
    below it the unit cost has more than doubled, an inconsistency no rounding, timing or
    price change explains.

    Matching: in the same table, an output row (产出 / higher-better, not a rate) and a cost
    row (money, lower-better or exact) whose names share a content bigram after the
    generic words (成本, 费用, 数量, 次数, 开展 …) are removed, the best-sharing cost row
    winning. "Fully spent": the cost actual is at least its target.

    Example: 老年人体检人数 ``≥2000人`` actual 600 (30 %), 老年人体检成本 ``≤20万元`` actual
    20 → IND009.
    """

    def judge(ti: int, table: Table, ri: int, row: IndicatorRow) -> tuple[str, dict] | None:
        if row.direction not in ("higher_better", "exact") or row.status != "unmet":
            return None
        if is_cost(row) or (row.target.unit or "") == "%" or row.category1 not in ("产出", None):
            return None
        pair = comparable(row.target, row.actual)
        if not pair or pair[0] <= 0 or pair[1] >= 0.5 * pair[0]:
            return None
        best = _cost_row_of(table, row)
        cp = None if best is None else comparable(best.target, best.actual)
        if best is None or not cp or cp[0] <= 0 or cp[1] < cp[0] - 1e-9:
            return None
        msg = (
            f"「{row.name}」仅完成{fmt(100 * pair[1] / pair[0])}%（目标{_raw(row.target)}，实际"
            f"{_raw(row.actual)}），而「{best.name}」全额支出（{_raw(best.actual)}）"
        )
        return msg, {
            **_basics(row),
            "cost_row": best.name,
            "cost_target": best.target.value,
            "cost_actual": best.actual.value,
            "completion": round(pair[1] / pair[0], 4),
        }

    return _flag_rows(ctx, judge)


def _cost_row_of(table: Table, row: IndicatorRow) -> IndicatorRow | None:
    """The money row of the table whose name shares most content bigrams with the row's."""
    grams = _bigrams(row.name)
    best, best_n = None, 0
    for other in table.rows:
        if other is row or not is_cost(other) or not is_money(other.target.unit or other.actual.unit):
            continue
        n = len(grams & _bigrams(other.name))
        if n > best_n:
            best, best_n = other, n
    return best
