"""SUM001, SUM002: a self-evaluation table's total score and its weights."""

from __future__ import annotations

from collections.abc import Iterable

from extract.model import Table

from ...arith import decimals, fmt, sum_tolerance
from ...registry import CheckContext, Finding, rule
from .._fragments import project_table


def _total_span(ctx: CheckContext, table: Table) -> tuple[int, int] | None:
    if table.declared_total_span and 0 <= table.declared_total_span[0] < table.declared_total_span[1]:
        return table.declared_total_span
    return None


def _title_span(ctx: CheckContext, table: Table) -> tuple[int, int]:
    end = ctx.text.find("\n", table.start, table.end)
    end = table.end if end == -1 else end
    s, e = table.start, max(table.start + 1, end)
    while e > s + 1 and ctx.text[e - 1] in " \t\r":
        e -= 1
    return s, e


EX_SUM001 = project_table(
    "城乡居民医保宣传",
    [
        ("产出指标", "数量指标", "宣传活动场次", "≥20场", "=22场", 30, 30, ""),
        ("产出指标", "质量指标", "参保知晓率", "≥90%", "=92%", 20, 20, ""),
        ("成本指标", "经济成本指标", "宣传成本", "≤8万元", "=8万元", 20, 20, ""),
        ("满意度指标", "满意度指标", "群众满意度", "≥90%", "=95%", 20, 20, ""),
    ],
    budget=(10.0, 10.0, 10.0),
    total=98.0,
)


# Near miss: the same fragment with the anomaly fixed; the rule stays quiet.
QUIET_SUM001 = project_table(
    "城乡居民医保宣传",
    [
        ("产出指标", "数量指标", "宣传活动场次", "≥20场", "=22场", 30, 30, ""),
        ("产出指标", "质量指标", "参保知晓率", "≥90%", "=92%", 20, 20, ""),
        ("成本指标", "经济成本指标", "宣传成本", "≤8万元", "=8万元", 20, 20, ""),
        ("满意度指标", "满意度指标", "群众满意度", "≥90%", "=95%", 20, 20, ""),
    ],
    budget=(10.0, 10.0, 10.0),
    total=100.0,
)


@rule(code="SUM001", severity="error", title="总分不等于各项得分之和", example=EX_SUM001, quiet=QUIET_SUM001)
def total_mismatch(ctx: CheckContext) -> Iterable[Finding]:
    """表格的总分不等于各项得分加预算执行得分之和。

    触发条件：每个指标行都有得分，且 |总分 − Σ得分 − 执行得分| 超过每个加项 ±0.01（每项都是舍入后的数）。
    指向所写的总分。

    示例：得分 30 + 20 + 20 + 20，执行得分 10，合计 100，表中写 98 → SUM001。

    [en] Total score differs from the sum of the scores
    A table's 总分 differs from the sum of its item scores plus the budget-execution score.

    Fires when every indicator row has a score and |总分 − Σ scores − execution score|
    exceeds ±0.01 per added term (each term is a rounded number). Points at the declared
    总分.

    Example: scores 30 + 20 + 20 + 20 and execution 10 give 100, the table says 98 → SUM001.
    """
    for table in ctx.report.tables:
        span = _total_span(ctx, table)
        if span is None or table.declared_total is None or not table.rows:
            continue
        if any(r.score is None for r in table.rows):
            continue
        terms = [r.score for r in table.rows]
        b = table.budget
        if b is not None and b.score is not None:
            terms.append(b.score)
        total = sum(terms)  # type: ignore[arg-type]
        tol = sum_tolerance(len(terms), decimals(ctx.text[slice(*span)]))
        if abs(total - table.declared_total) <= tol:
            continue
        msg = (
            f"{ctx.table_location(table)}：总分{fmt(table.declared_total)}，"
            f"而各项得分与预算执行得分之和为{fmt(total)}"
        )
        yield ctx.finding(
            *span,
            msg,
            ctx.table_location(table) + " / 总分",
            {
                "declared_total": table.declared_total,
                "sum": round(total, 4),
                "terms": len(terms),
                "tolerance": round(tol, 4),
            },
        )


EX_SUM002 = project_table(
    "城乡居民医保宣传",
    [
        ("产出指标", "数量指标", "宣传活动场次", "≥20场", "=22场", 30, 30, ""),
        ("产出指标", "质量指标", "参保知晓率", "≥90%", "=92%", 20, 20, ""),
        ("成本指标", "经济成本指标", "宣传成本", "≤8万元", "=8万元", 20, 20, ""),
        ("满意度指标", "满意度指标", "群众满意度", "≥90%", "=95%", 10, 10, ""),
    ],
    budget=(10.0, 10.0, 10.0),
)


# Near miss: the same fragment with the anomaly fixed; the rule stays quiet.
QUIET_SUM002 = project_table(
    "城乡居民医保宣传",
    [
        ("产出指标", "数量指标", "宣传活动场次", "≥20场", "=22场", 30, 30, ""),
        ("产出指标", "质量指标", "参保知晓率", "≥90%", "=92%", 20, 20, ""),
        ("成本指标", "经济成本指标", "宣传成本", "≤8万元", "=8万元", 20, 20, ""),
        ("满意度指标", "满意度指标", "群众满意度", "≥90%", "=95%", 20, 20, ""),
    ],
    budget=(10.0, 10.0, 10.0),
)


@rule(code="SUM002", severity="warning", title="权重合计不等于100", example=EX_SUM002, quiet=QUIET_SUM002)
def weights_not_100(ctx: CheckContext) -> Iterable[Finding]:
    """表格的分值（含预算执行分值）合计不等于 100。

    触发条件：每行都有分值，且 Σ分值 + 执行分值与 100 的差超过每项 ±0.01（三分之一如 6.67 + 6.67 +
    6.66 恰好相加；33.33 × 3 在误差内）。没有预算执行分值列的表格可合计 90：模板为预算执行率预留 10 分。

    示例：分值 30 + 20 + 20 + 10 + 执行 10 = 90 → SUM002。

    [en] Weights do not add to 100
    A table's weights (with the execution weight) do not add to 100.

    Fires when every row has a weight and Σ weights + execution weight differs from 100 by
    more than ±0.01 per term (thirds such as 6.67 + 6.67 + 6.66 add exactly; 33.33 × 3 is
    within the tolerance). A table without an execution-weight column may add to 90: the
    template reserves 10 points for 预算执行率.

    Example: weights 30 + 20 + 20 + 10 + execution 10 = 90 → SUM002.
    """
    for table in ctx.report.tables:
        if not table.rows or any(r.weight is None for r in table.rows):
            continue
        terms = [r.weight for r in table.rows]
        b = table.budget
        has_exec = b is not None and b.weight is not None
        if has_exec:
            terms.append(b.weight)  # type: ignore[union-attr]
        total = sum(terms)  # type: ignore[arg-type]
        tol = sum_tolerance(len(terms))
        if abs(total - 100) <= tol or (not has_exec and abs(total - 90) <= tol):
            continue
        span = _total_span(ctx, table) or _title_span(ctx, table)
        msg = f"{ctx.table_location(table)}：各项分值（含预算执行）合计{fmt(total)}，不等于100"
        yield ctx.finding(
            *span,
            msg,
            ctx.table_location(table),
            {"weights_sum": round(total, 4), "execution_weight": b.weight if has_exec else None},
        )
