"""IND: indicator rows (target, actual, weight, score) of the self-evaluation tables."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from extract.model import IndicatorRow, Quantity, Table

from ..arith import fmt
from ..label import MONEY, base_unit, comparable, is_bad_rate, is_cost, is_good_rate, is_money
from ..registry import CheckContext, Finding, rule
from ._fragments import project_table

_WS = re.compile(r"\s+")


def _raw(q) -> str:
    return _WS.sub("", q.shown or "") or "（空）"


def _basics(row: IndicatorRow) -> dict:
    return {
        "target": row.target.value,
        "target_raw": row.target.shown,
        "target_op": row.target.op,
        "actual": row.actual.value,
        "actual_raw": row.actual.shown,
        "unit": row.target.unit,
        "weight": row.weight,
        "score": row.score,
        "direction": row.direction,
        "status": row.status,
    }


RowRef = tuple[int, Table, int, IndicatorRow]  # table index, table, row index, row
# A rule's judgement of one row: its message and details, or None when the row is fine.
Judge = Callable[[int, Table, int, IndicatorRow], tuple[str, dict] | None]


def _flag_rows(
    ctx: CheckContext,
    judge: Judge,
    rows: Iterable[RowRef] | None = None,
    at: Callable[[IndicatorRow], tuple[int, int] | None] | None = None,
) -> Iterator[Finding]:
    """The loop every IND row rule shares: one finding per row ``judge`` flags, located at
    the row, its evidence ``at(row)`` (default: the whole row, from its name through its
    score). ``rows`` defaults to every indicator row; a row with no span in the text is
    skipped (an offset the text does not hold cannot be shown)."""
    for ti, table, ri, row in ctx.rows() if rows is None else rows:
        hit = judge(ti, table, ri, row)
        if hit is None:
            continue
        span = ctx.row_span(table, row) if at is None else at(row)
        if span is None:
            continue
        yield ctx.finding(*span, hit[0], ctx.row_location(table, row), hit[1])


def _cell(q: Quantity) -> tuple[int, int] | None:
    """A target or actual cell as the evidence, when the text holds it."""
    return None if q.start < 0 else (q.start, q.end)


def _scored(ctx: CheckContext) -> Iterator[RowRef]:
    """Scored rows whose score no rule of the document's rulebook reproduces."""
    for ti, table, ri, row in ctx.rows():
        if row.weight is None or row.score is None:
            continue
        if ctx.rulebook.rule_for(ti, ri) != "none":
            continue
        yield ti, table, ri, row


def _tol(ctx: CheckContext, ti: int, ri: int) -> float:
    """The rounding tolerance of a scored row (the document's printed precision)."""
    return ctx.rulebook.cases[(ti, ri)].tol


def _score_details(ctx: CheckContext, ti: int, ri: int, row: IndicatorRow) -> dict:
    d = _basics(row)
    d["expected"] = ctx.rulebook.expected.get((ti, ri), {})
    d["rule"] = "none"
    d["rulebook"] = list(ctx.rulebook.rules)
    return d


EX_IND001 = project_table(
    "乡村医生培训项目",
    [
        ("产出指标", "数量指标", "开展乡村医生培训次数", "≥12次", "=10次", 20, 20, ""),
        ("产出指标", "质量指标", "培训考核合格率", "≥90%", "=96%", 20, 20, ""),
        ("成本指标", "经济成本指标", "培训成本", "≤50万元", "=50万元", 20, 20, ""),
        ("效益指标", "社会效益指标", "基层诊疗能力", "提升", "完全达到预期目标", 20, 20, ""),
        ("满意度指标", "满意度指标", "参训人员满意度", "≥90%", "=95%", 10, 10, ""),
    ],
)


# Near miss: the same fragment with the anomaly fixed; the rule stays quiet.
QUIET_IND001 = project_table(
    "乡村医生培训项目",
    [
        ("产出指标", "数量指标", "开展乡村医生培训次数", "≥12次", "=12次", 20, 20, ""),
        ("产出指标", "质量指标", "培训考核合格率", "≥90%", "=96%", 20, 20, ""),
        ("成本指标", "经济成本指标", "培训成本", "≤50万元", "=50万元", 20, 20, ""),
        ("效益指标", "社会效益指标", "基层诊疗能力", "提升", "完全达到预期目标", 20, 20, ""),
        ("满意度指标", "满意度指标", "参训人员满意度", "≥90%", "=95%", 10, 10, ""),
    ],
)


@rule(code="IND001", severity="error", title="未达目标却得满分", example=EX_IND001, quiet=QUIET_IND001)
def missed_but_full(ctx: CheckContext) -> Iterable[Finding]:
    """按目标自身的比较符，该行未达到目标，却得了该项全部分值。

    理由：现行的各种评分办法（达标满分按比例、双向按比例、每差一个百分点扣分、低于阈值不得分、
    执行率）都会给未达标的行低于分值的分数，因此未达标而得满分，仅凭表格即可证明有误。

    触发条件：`status` 为 `unmet`（`>=12` 实际 10；`<=42%` 实际 44%；成本 `=20 万元` 实际花了 30），
    得分在本文件的舍入误差内等于分值，且本文件评分规则（rulebook）中没有一条能算出该得分。精确目标
    被超过（`=131` 实际 138）属于“超额”而非未达标，名称涉及价格或成本但该行计的是数量时也一样
    （完成定价成本监审 `=8项` 实际 9）；金额类 `=` 行花超则为未达标。阈值：只有舍入误差
    （max(0.01, 表中打印精度的半个单位)）。

    示例：开展乡村医生培训次数 `≥12次`，实际 `=10次`，分值 20，得分 20：达标满分按比例规则给
    20 × 10/12 = 16.67；没有规则给出 20 → IND001。

    [en] Full score despite a missed target
    The row misses its target by the target's own operator, yet scores its full weight.

    Why: every scoring convention in use (standard, both-ways, deduction, zero below a
    threshold, execution rate) gives less than the weight to a missed target, so a full
    score on a miss is provably wrong from the table alone.

    Fires when ``status`` is ``unmet`` (``>=12`` with actual 10; ``<=42%`` with 44%; a cost
    ``=20 万元`` spent 30), the score is within the document's rounding of the weight, and no
    rule of the document's rulebook reproduces the score. Exact targets passed (``=131``
    with 138) are ``exceeded``, not missed, also when the name is about a price or a cost
    but the row counts something else (完成定价成本监审 ``=8项`` with 9); an ``=`` money
    row spent beyond it is missed. Threshold: the rounding tolerance only (max(0.01, half
    a unit of the table's printed precision)).

    Example: 开展乡村医生培训次数 ``≥12次``, actual ``=10次``, weight 20, score 20: the
    standard rule gives 20 × 10/12 = 16.67; nothing gives 20 → IND001.
    """

    def judge(ti: int, table: Table, ri: int, row: IndicatorRow) -> tuple[str, dict] | None:
        if row.status != "unmet" or row.score < row.weight - _tol(ctx, ti, ri):
            return None
        msg = (
            f"「{row.name}」未达目标（目标{_raw(row.target)}，实际{_raw(row.actual)}）"
            f"却得满分{fmt(row.score)}/{fmt(row.weight)}"
        )
        return msg, _score_details(ctx, ti, ri, row)

    return _flag_rows(ctx, judge, _scored(ctx))


EX_IND002 = project_table(
    "家庭医生签约服务",
    [
        ("产出指标", "数量指标", "签约服务人数", "≥3000人", "=3000人", 20, 16, ""),
        ("产出指标", "时效指标", "签约服务完成及时率", "≥95%", "=100%", 20, 20, ""),
        ("成本指标", "经济成本指标", "签约服务补助成本", "≤30万元", "=30万元", 20, 20, ""),
        ("效益指标", "社会效益指标", "群众健康管理水平", "提高", "完全达到预期目标", 20, 20, ""),
        ("满意度指标", "满意度指标", "签约居民满意度", "≥90%", "=92%", 10, 10, ""),
    ],
)


# Near miss: the same fragment with the anomaly fixed; the rule stays quiet.
QUIET_IND002 = project_table(
    "家庭医生签约服务",
    [
        ("产出指标", "数量指标", "签约服务人数", "≥3000人", "=3000人", 20, 20, ""),
        ("产出指标", "时效指标", "签约服务完成及时率", "≥95%", "=100%", 20, 20, ""),
        ("成本指标", "经济成本指标", "签约服务补助成本", "≤30万元", "=30万元", 20, 20, ""),
        ("效益指标", "社会效益指标", "群众健康管理水平", "提高", "完全达到预期目标", 20, 20, ""),
        ("满意度指标", "满意度指标", "签约居民满意度", "≥90%", "=92%", 10, 10, ""),
    ],
)


@rule(code="IND002", severity="warning", title="已达目标却扣分", example=EX_IND002, quiet=QUIET_IND002)
def met_but_deducted(ctx: CheckContext) -> Iterable[Finding]:
    """目标已达成（或超额），得分却低于分值，且本文件所用的评分规则都不能解释这一扣分。

    理由：按标准规则，达成即得满分。有些文件对达成的行依规扣分，例如越低越好的成本行按实际/目标计分
    （双向按比例：`≤107.66 万元` 实际 48.26，5 分得 2.24）；这类行由 rulebook 解释，不报告。
    剩下的是没有依据的扣分。

    触发条件：`status` 为 `met`/`exceeded`，得分比分值低出舍入误差以上，且该行 `score_rule` 为 `none`。

    示例：签约服务人数 `≥3000人`，实际 `=3000人`，20 分得 16：每条规则都给 20（双向规则不适用于越高
    越好的行）→ IND002。

    [en] Points deducted although the target was met
    The target is met (or exceeded) but the score is below the weight, and no scoring
    rule the document uses explains the deduction.

    Why: met = full weight under the standard rule. Some documents lawfully deduct on met
    rows, e.g. lower-better cost rows scored actual/target (proportional both ways: 48.26 of
    ``≤107.66 万元`` gives 2.24 of 5); such rows are explained by the rulebook and stay
    silent. What remains is a deduction with no stated basis.

    Fires when ``status`` is ``met``/``exceeded``, the score is below the weight by more
    than the rounding tolerance, and the row's ``score_rule`` is ``none``.

    Example: 签约服务人数 ``≥3000人``, actual ``=3000人``, 16 of 20: every rule gives 20
    (both-ways does not apply to a higher-better row) → IND002.
    """

    def judge(ti: int, table: Table, ri: int, row: IndicatorRow) -> tuple[str, dict] | None:
        tol = _tol(ctx, ti, ri)
        if row.status not in ("met", "exceeded") or row.score >= row.weight - tol or row.score < -tol:
            return None
        msg = (
            f"「{row.name}」已达目标（目标{_raw(row.target)}，实际{_raw(row.actual)}）"
            f"却只得{fmt(row.score)}/{fmt(row.weight)}分，本文件所用评分规则均不能解释"
        )
        return msg, _score_details(ctx, ti, ri, row)

    return _flag_rows(ctx, judge, _scored(ctx))


EX_IND003 = project_table(
    "疫苗冷链运维",
    [
        ("产出指标", "数量指标", "冷链设备维护台数", "≥40台", "=42台", 20, 22, ""),
        ("产出指标", "质量指标", "设备完好率", "≥95%", "=98%", 20, 20, ""),
        ("成本指标", "经济成本指标", "运维成本", "≤20万元", "=20万元", 20, 20, ""),
        ("效益指标", "社会效益指标", "疫苗储存安全", "保障", "完全达到预期目标", 20, 20, ""),
        ("满意度指标", "满意度指标", "接种单位满意度", "≥90%", "=95%", 10, 10, ""),
    ],
)


# Near miss: the same fragment with the anomaly fixed; the rule stays quiet.
QUIET_IND003 = project_table(
    "疫苗冷链运维",
    [
        ("产出指标", "数量指标", "冷链设备维护台数", "≥40台", "=42台", 20, 20, ""),
        ("产出指标", "质量指标", "设备完好率", "≥95%", "=98%", 20, 20, ""),
        ("成本指标", "经济成本指标", "运维成本", "≤20万元", "=20万元", 20, 20, ""),
        ("效益指标", "社会效益指标", "疫苗储存安全", "保障", "完全达到预期目标", 20, 20, ""),
        ("满意度指标", "满意度指标", "接种单位满意度", "≥90%", "=95%", 10, 10, ""),
    ],
)


@rule(code="IND003", severity="error", title="得分超出权重或为负", example=EX_IND003, quiet=QUIET_IND003)
def score_out_of_range(ctx: CheckContext) -> Iterable[Finding]:
    """得分小于 0、超过分值，或有得分而无分值。

    理由：一行的得分不能超过其分值，也不能为负；无分值的得分无法核对，并破坏表格的百分制结构。

    触发条件：指标行（以及制表符表格中的预算执行得分单元格）`得分 > 分值 + 误差` 或 `得分 < −误差`
    （误差为本文件的舍入精度），或给出了得分而缺少分值。

    示例：冷链设备维护台数，分值 20，得分 22 → IND003。

    [en] Score above the weight or negative
    A score below 0 or above the weight, or a score with no weight.

    Why: a row cannot earn more than its weight nor less than nothing; a score without a
    weight cannot be checked and breaks the table's 100-point structure.

    Fires on indicator rows (and the budget-execution cell of tab tables) when
    ``score > weight + tol`` or ``score < -tol`` (tol: the document's rounding), or when
    ``score`` is given and ``weight`` is missing.

    Example: 冷链设备维护台数, weight 20, score 22 → IND003.
    """

    def judge(ti: int, table: Table, ri: int, row: IndicatorRow) -> tuple[str, dict] | None:
        if row.score is None:
            return None
        tol = _tol(ctx, ti, ri) if (ti, ri) in ctx.rulebook.cases else 0.01
        if row.weight is None:
            msg = f"「{row.name}」有得分{fmt(row.score)}但无分值（权重）"
        elif row.score > row.weight + tol:
            msg = f"「{row.name}」得分{fmt(row.score)}超过分值{fmt(row.weight)}"
        elif row.score < -tol:
            msg = f"「{row.name}」得分{fmt(row.score)}为负数"
        else:
            return None
        return msg, _basics(row)

    yield from _flag_rows(ctx, judge)
    for table in ctx.report.tables:
        b = table.budget
        if b is None or b.score is None or "score" not in b.cells:
            continue
        cell = b.cells["score"]
        if b.weight is not None and b.score > b.weight + 0.01:
            msg = f"{ctx.table_location(table)}预算执行得分{fmt(b.score)}超过分值{fmt(b.weight)}"
            yield ctx.finding(
                cell.start,
                cell.end,
                msg,
                ctx.table_location(table) + " / 预算执行率",
                {"weight": b.weight, "score": b.score, "rate": b.rate},
            )


EX_IND004 = project_table(
    "基层卫生人才培养",
    [
        ("产出指标", "数量指标", "培养全科医生人数", "≥50人", "=40人", 20, 13, ""),
        ("产出指标", "质量指标", "结业考核合格率", "≥90%", "=95%", 20, 20, ""),
        ("成本指标", "经济成本指标", "培养成本", "≤60万元", "=60万元", 20, 20, ""),
        ("效益指标", "社会效益指标", "基层服务能力", "提升", "完全达到预期目标", 20, 20, ""),
        ("满意度指标", "满意度指标", "学员满意度", "≥90%", "=93%", 10, 10, ""),
    ],
)


# Near miss: the same fragment with the anomaly fixed; the rule stays quiet.
QUIET_IND004 = project_table(
    "基层卫生人才培养",
    [
        ("产出指标", "数量指标", "培养全科医生人数", "≥50人", "=40人", 20, 16, "部分学员因工作调动退出培训"),
        ("产出指标", "质量指标", "结业考核合格率", "≥90%", "=95%", 20, 20, ""),
        ("成本指标", "经济成本指标", "培养成本", "≤60万元", "=60万元", 20, 20, ""),
        ("效益指标", "社会效益指标", "基层服务能力", "提升", "完全达到预期目标", 20, 20, ""),
        ("满意度指标", "满意度指标", "学员满意度", "≥90%", "=93%", 10, 10, ""),
    ],
)


@rule(
    code="IND004",
    severity="warning",
    title="部分得分不符合任何评分规则",
    example=EX_IND004,
    quiet=QUIET_IND004,
)
def partial_credit_unexplained(ctx: CheckContext) -> Iterable[Finding]:
    """未达标的行得了部分分数，但没有一条已知评分规则能算出该分数。

    理由：部分得分必须按规则计算（达标满分按比例、双向按比例、每差一个百分点扣 k 分、低于阈值不得分、
    执行率）。各规则按本文件自己使用的参数、以本文件的精度套用；哪条规则都给不出的分数无法审计。
    `k` 需要两行相互印证，只由指标行自行表决：预算执行得分（分值 × 执行率）与扣分的指标行并存时
    （每个百分点扣分值的 2–5%）自成一类，不参与表决；普通按比例计分即可解释的行不作为 k 的依据。

    触发条件：`status` 为 `unmet`，0 < 得分 < 分值（超出舍入误差），且 `score_rule` 为 `none`。
    未达标得 0 分从不在此报告（未达标计 0 分是合规的做法）。

    示例：培养全科医生人数 `≥50人`，实际 40，20 分得 13：标准规则给 16；没有两行支持的扣分率 → IND004。

    [en] Partial score no scoring rule explains
    A missed target given partial credit that no known scoring rule reproduces.

    Why: partial credit must follow a rule (standard proportional, both-ways, k points per
    percentage point, zero below a threshold, execution rate). The rules are applied with
    the parameters this document itself uses, at the document's precision; a score none
    of them gives cannot be audited. ``k`` needs two rows that agree on it, and is voted by
    the indicator rows on their own: a budget-execution score weight × rate beside
    deducted indicators (k = 2-5 % of the weight per point) is its own rule family and
    does not outvote them; rows plain proportional scoring explains are no evidence of k.

    Fires when ``status`` is ``unmet``, 0 < score < weight (beyond the rounding tolerance)
    and ``score_rule`` is ``none``. A 0 on a miss is never flagged here (a lawful
    convention scores misses 0).

    Example: 培养全科医生人数 ``≥50人``, actual 40, 13 of 20: standard gives 16; no
    deduction rate is supported by two rows → IND004.
    """

    def judge(ti: int, table: Table, ri: int, row: IndicatorRow) -> tuple[str, dict] | None:
        tol = _tol(ctx, ti, ri)
        if row.status != "unmet" or not (tol < row.score < row.weight - tol):
            return None
        std = ctx.rulebook.expected.get((ti, ri), {}).get("standard")
        msg = (
            f"「{row.name}」未达目标（目标{_raw(row.target)}，实际{_raw(row.actual)}），"
            f"得分{fmt(row.score)}/{fmt(row.weight)}不符合任何评分规则"
            + (f"（按比例应为{fmt(std)}）" if std is not None else "")
        )
        return msg, _score_details(ctx, ti, ri, row)

    return _flag_rows(ctx, judge, _scored(ctx))


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
