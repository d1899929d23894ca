"""IND001-IND004: a row's score against its target, its weight and the document's
scoring rulebook.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from extract.model import IndicatorRow, Table

from ...arith import fmt
from ...registry import CheckContext, Finding, rule
from .._fragments import project_table
from ._rows import RowRef, _basics, _flag_rows, _raw


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
