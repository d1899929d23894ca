"""IND007: targets that cannot fail or point the wrong way."""

from __future__ import annotations

import re
from collections.abc import Iterable

from extract.model import IndicatorRow, Table

from ...arith import fmt
from ...label import MONEY, base_unit, is_bad_rate, is_cost, is_good_rate, is_money
from ...registry import CheckContext, Finding, rule
from .._fragments import project_table
from ._rows import _basics, _cell, _flag_rows, _raw

EX_IND007 = project_table(
    "医疗废物处置",
    [
        ("产出指标", "数量指标", "医疗废物处置量", "≥300吨", "=310吨", 20, 20, ""),
        ("产出指标", "质量指标", "处置事故发生率", "≤80%", "=2%", 20, 20, ""),
        ("产出指标", "质量指标", "医疗废物处置合格率", "≤98%", "=98%", 10, 10, ""),
        ("成本指标", "经济成本指标", "预算成本控制率", "≤100%", "=100%", 10, 10, ""),
        ("效益指标", "社会效益指标", "环境污染风险", "降低", "完全达到预期目标", 20, 20, ""),
        ("满意度指标", "满意度指标", "医疗机构满意度", "≥90%", "=95%", 10, 10, ""),
    ],
)

_CONTROL = re.compile(r"控制率|控制比例|控制在")
# The department's whole budget as the narrative states it (template wording).
_DEPT_BUDGET = re.compile(
    r"(?:年初(?:批复)?预算(?:数|总额)?|全年预算(?:数|总额|金额)|调整后(?:全年)?预算数?)(?:为|是|：|:)?"
    r"\s*(\d[\d,]*(?:\.\d+)?)\s*万元"
)


def _whole_budgets(ctx: CheckContext, table: Table) -> list[tuple[str, float]]:
    """The amounts a cost target must not simply restate: the table's 年初预算数 and 全年预算数,
    and for a department's overall table the department budget the narrative states."""
    out: list[tuple[str, float]] = []
    b = table.budget
    if b is not None:
        out += [(label, v) for label, v in (("年初预算数", b.initial), ("全年预算数", b.adjusted)) if v]
    if table.kind in ("overall", "narrative"):

        def make() -> list[float]:
            norm = ctx.doc.norm.text  # normalised once per document (extract/document.py)
            return [float(m.group(1).replace(",", "")) for m in _DEPT_BUDGET.finditer(norm)]

        out += [("部门预算", v) for v in ctx.cached("dept_budgets", make) if v]
    return out


# Near miss: the same fragment with the anomaly fixed; the rule stays quiet.
QUIET_IND007 = project_table(
    "医疗废物处置",
    [
        ("产出指标", "数量指标", "医疗废物处置量", "≥300吨", "=310吨", 20, 20, ""),
        ("产出指标", "质量指标", "处置事故发生率", "≤1%", "=0%", 20, 20, ""),
        ("产出指标", "质量指标", "医疗废物处置合格率", "≥98%", "=99%", 10, 10, ""),
        ("成本指标", "经济成本指标", "医疗废物处置成本", "≤30万元", "=29万元", 10, 10, ""),
        ("效益指标", "社会效益指标", "环境污染风险", "降低", "完全达到预期目标", 20, 20, ""),
        ("满意度指标", "满意度指标", "医疗机构满意度", "≥90%", "=95%", 10, 10, ""),
    ],
)


@rule(
    code="IND007", severity="warning", title="目标值设置宽松或自我实现", example=EX_IND007, quiet=QUIET_IND007
)
def lax_target(ctx: CheckContext) -> Iterable[Finding]:
    """目标值设置宽松或自我实现。

    四种情形触发，每种都是不可能失败或方向设反的目标：

    1. 不良事件的比率设上限 `≤ x%` 且 x ≥ 50：容忍多数情况失败的上限不是绩效目标；
    2. 良好结果的比率设上限（`≤98%`）：方向设反，0% 也能达标；
    3. 控制率（成本控制率、预算控制率）`≤100%`：支出不超预算是预算的定义，不是结果；
    4. 成本行的上限等于全部预算（表中年初预算数或全年预算数；整体支出表还包括说明中部门的年初预算数/
       全年预算数）：“花完预算”只要花掉就算达标。

    比率的好坏由其中心词判断，即“率”字前面的词（X率是 X 发生的比例；见 classify/label.py）。不良：
    X 是失败事件（投诉、故障、差错、事故、发生、违规、失业、未完成…）。良好：X 是工作要产生的结果：
    完成（完成、办结、落实、整改、核销）、覆盖与到达（覆盖、知晓、签约、入库）、合规与质量（合格、
    合规、达标、准确、完好、成活）、及时（及时、按期…率）、参与与使用（参与、参学/参训/参保、到岗/
    到会、出勤、就业、开店、使用）、满意度。中心词两者都不是的比率（增长率、占比、负债率、审减率）
    无所谓方向，从不触发情形 1–2。

    示例：处置事故发生率 `≤80%`；医疗废物处置合格率 `≤98%`；预算成本控制率 `≤100%` → IND007（三条）。

    [en] Lax or self-fulfilling target
    A lax or self-fulfilling target.

    Fires on four patterns, each a target that cannot fail or points the wrong way:

    1. a rate of bad events bounded ``≤ x%`` with x ≥ 50: a bound that tolerates failure
       in most cases is no performance target;
    2. a rate of good results bounded from above (``≤98%``): the bound is on the wrong
       side, 0 % would meet it;
    3. a control rate (成本控制率, 预算控制率) ``≤100%``: spending within the budget is the
       budget's definition, not a result;
    4. a cost row whose bound equals the whole budget (the table's 年初预算数 or 全年预算数;
       for an overall table also the department's 年初预算数 / 全年预算数 stated in the
       narrative): "spend the budget" is met by spending it.

    Good and bad rates are told by their head, the word right before 率 (X率 is the share
    of cases where X happened; classify/label.py). Bad: X is a failure event (投诉, 故障,
    差错, 事故, 发生, 违规, 失业, 未完成 …). Good: X is an outcome the work is meant to
    produce: completion (完成, 办结, 落实, 整改, 核销), coverage and reach (覆盖, 知晓,
    签约, 入库), compliance and quality (合格, 合规, 达标, 准确, 完好, 成活), timeliness
    (及时, 按期…率), participation and use (参与, 参学/参训/参保, 到岗/到会, 出勤, 就业,
    开店, 使用), satisfaction (满意度). A rate whose head is neither (增长率, 占比, 负债率,
    审减率) has no wrong side and never fires patterns 1-2.

    Example: 处置事故发生率 ``≤80%``; 医疗废物处置合格率 ``≤98%``; 预算成本控制率 ``≤100%`` → IND007
    (three findings).
    """

    def judge(ti: int, table: Table, ri: int, row: IndicatorRow) -> tuple[str, dict] | None:
        reason = _lax_reason(ctx, table, row)
        return (
            None if reason is None else (f"「{row.name}」目标值“{_raw(row.target)}”：{reason}", _basics(row))
        )

    return _flag_rows(ctx, judge, at=lambda row: _cell(row.target))


def _lax_reason(ctx: CheckContext, table: Table, row: IndicatorRow) -> str | None:
    """Which of IND007's four patterns the row's target falls in, as the message says it."""
    t = row.target
    if t.value is None or t.op not in ("<=", "<", "=", ">=", ">"):
        return None
    pct = (t.unit or "") == "%"
    if t.op in ("<=", "<") and pct and is_bad_rate(row.name) and t.value >= 50:
        return f"失败类比率上限{fmt(t.value)}%过于宽松"
    if t.op in ("<=", "<") and _CONTROL.search(row.name) and pct and t.value >= 100:
        return "控制率≤100%即预算本身，目标自我实现"
    if t.op in ("<=", "<") and pct and is_good_rate(row.name):
        return "达成类比率设置为上限（≤），方向错误"
    if t.op in ("<=", "<", "=") and is_money(t.unit) and is_cost(row):
        wan = t.value * MONEY[base_unit(t.unit)] / 1e4  # type: ignore[index]
        for label, v in _whole_budgets(ctx, table):
            if abs(wan - v) <= 0.005:
                return f"成本目标等于{label}{fmt(v)}万元，花完预算即达标"
    return None
