"""SUM: arithmetic of the tables and of the narrative figures.

All checks work at the document's printed precision (see :mod:`classify.arith`): sums
allow ±0.01 per added term, ratios use interval arithmetic on the printed digits. Nothing
is tuned: a finding means no rounding of the printed numbers reproduces the printed result.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from extract.model import Figure, FundRow, Table

from ..arith import decimals, fmt, half_unit, rate_decimals, sum_tolerance, tolerance
from ..registry import CheckContext, Finding, rule
from . import _changes
from ._changes import Problem
from ._fragments import project_table

_WS = re.compile(r"\s+")


def _cell_dec(row: FundRow, key: str) -> int:
    c = row.cells.get(key)
    return decimals(c.raw if c else None, getattr(row, key))


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


_FUND_LABEL = re.compile(
    r"^(?:其中[:：]?)?(?:当年财政拨款|上年结转(?:资金)?|其他资金|其他|中央(?:安排|资金)?|自治区(?:安排|资金)?|"
    r"省级?(?:安排|资金)?|地[（(]州、市[)）](?:安排|资金)?[：:]?|市级?(?:安排|资金)?|县[（(]市、区[)）](?:安排|资金)?[：:]?|"
    r"县级?(?:安排|资金)?|区级?(?:安排|资金)?)(?:[（(]万元[)）])?$"
)


def _fund_rows(table: Table) -> list[FundRow]:
    """The total row and the fund rows whose label is a recognised source (a garbled row,
    where the converter merged cells, cannot be judged)."""
    rows = [table.budget] if table.budget else []
    return rows + [f for f in table.funds if _FUND_LABEL.match(_WS.sub("", f.name))]


EX_SUM003 = project_table(
    "儿童营养改善",
    [
        ("产出指标", "数量指标", "受益儿童人数", "≥800人", "=820人", 40, 40, ""),
        ("成本指标", "经济成本指标", "营养包采购成本", "≤38万元", "=36万元", 20, 20, ""),
        ("满意度指标", "满意度指标", "家长满意度", "≥90%", "=95%", 30, 30, ""),
    ],
    budget=(40.0, 40.0, 36.0),
    rate="95.00%",
    exec_score=9.0,
)


# Near miss: the same fragment with the anomaly fixed; the rule stays quiet.
QUIET_SUM003 = project_table(
    "儿童营养改善",
    [
        ("产出指标", "数量指标", "受益儿童人数", "≥800人", "=820人", 40, 40, ""),
        ("成本指标", "经济成本指标", "营养包采购成本", "≤38万元", "=36万元", 20, 20, ""),
        ("满意度指标", "满意度指标", "家长满意度", "≥90%", "=95%", 30, 30, ""),
    ],
    budget=(40.0, 40.0, 36.0),
    rate="90.00%",
    exec_score=9.0,
)


@rule(code="SUM003", severity="error", title="执行率计算错误", example=EX_SUM003, quiet=QUIET_SUM003)
def rate_mismatch(ctx: CheckContext) -> Iterable[Finding]:
    """执行率不等于全年执行数 / 全年预算数。

    区间检查：全年执行数和全年预算数按打印值 ± 末位半个单位读取；所写执行率必须落在由此得到的区间内，
    再放宽其自身的舍入（max(0.01, 半个单位)）。预算为零的行跳过（0% 和“—”都常见），但 0/0 写成非零
    比率（`0 | 0 | 100%`）除外：该比率无定义。指向预算行。

    示例：36.00 / 40.00 = 90.00%，表中写 95.00% → SUM003。

    [en] Execution rate miscomputed
    执行率 differs from 全年执行数 / 全年预算数.

    Interval check: 全年执行数 and 全年预算数 are read as their printed value ± half a unit
    of their last digit; the stated rate must fall in the resulting range, widened by its
    own rounding (max(0.01, half a unit)). Rows with a zero budget are skipped (0 % and
    "—" are both usual), except 0 / 0 printed as a non-zero rate (``0 | 0 | 100%``): the
    rate is undefined. Points at the budget row.

    Example: 36.00 / 40.00 = 90.00 %, the table says 95.00 % → SUM003.
    """
    for table in ctx.report.tables:
        for fr in _fund_rows(table):
            if fr.rate and fr.adjusted == 0 and fr.executed == 0 and fr.start >= 0:
                # 0 / 0 printed as a number: 0 % and "—" are the usual conventions, a
                # printed 100 % claims an execution that never happened.
                msg = (
                    f"{ctx.table_location(table)}“{fr.name or '资金'}”预算数与执行数均为0，"
                    f"执行率无意义，表中却写{fmt(fr.rate)}%"
                )
                yield ctx.finding(
                    fr.start,
                    fr.end,
                    msg,
                    f"{ctx.table_location(table)} / {fr.name or '资金'}",
                    {"rate": fr.rate, "executed": 0, "adjusted": 0, "undefined": True},
                )
                continue
            if fr.rate is None or fr.executed is None or not fr.adjusted or fr.start < 0:
                continue
            rate_cell = fr.cells.get("rate")
            rd = rate_decimals(rate_cell.raw if rate_cell else None, fr.rate)
            ed, ad = _cell_dec(fr, "executed"), _cell_dec(fr, "adjusted")
            lo = 100 * (fr.executed - half_unit(ed)) / (fr.adjusted + half_unit(ad))
            hi = 100 * (fr.executed + half_unit(ed)) / (fr.adjusted - half_unit(ad))
            t = tolerance(rd)
            if lo - t <= fr.rate <= hi + t:
                continue
            exact = 100 * fr.executed / fr.adjusted
            msg = (
                f"{ctx.table_location(table)}“{fr.name or '资金'}”执行率写为{fmt(fr.rate)}%，"
                f"按{fmt(fr.executed)}/{fmt(fr.adjusted)}应为{fmt(exact)}%"
            )
            yield ctx.finding(
                fr.start,
                fr.end,
                msg,
                f"{ctx.table_location(table)} / {fr.name or '资金'}",
                {
                    "rate": fr.rate,
                    "executed": fr.executed,
                    "adjusted": fr.adjusted,
                    "expected": round(exact, 4),
                },
            )


EX_SUM004 = project_table(
    "儿童营养改善",
    [
        ("产出指标", "数量指标", "受益儿童人数", "≥800人", "=820人", 40, 40, ""),
        ("成本指标", "经济成本指标", "营养包采购成本", "≤38万元", "=32万元", 20, 20, ""),
        ("满意度指标", "满意度指标", "家长满意度", "≥90%", "=95%", 30, 30, ""),
    ],
    budget=(40.0, 40.0, 32.0),
    exec_score=5.0,
)


# Near miss: the same fragment with the anomaly fixed; the rule stays quiet.
QUIET_SUM004 = project_table(
    "儿童营养改善",
    [
        ("产出指标", "数量指标", "受益儿童人数", "≥800人", "=820人", 40, 40, ""),
        ("成本指标", "经济成本指标", "营养包采购成本", "≤38万元", "=32万元", 20, 20, ""),
        ("满意度指标", "满意度指标", "家长满意度", "≥90%", "=95%", 30, 30, ""),
    ],
    budget=(40.0, 40.0, 32.0),
    exec_score=8.0,
)


@rule(
    code="SUM004",
    severity="warning",
    title="预算执行得分不符合任何评分规则",
    example=EX_SUM004,
    quiet=QUIET_SUM004,
)
def execution_score_unexplained(ctx: CheckContext) -> Iterable[Finding]:
    """预算执行得分与任何已知的执行率评分规则都不符。

    已知规则：分值 × 执行率（上限 100%），以及执行率每低于 100% 一个百分点扣 k 分，k 取本文件各行一致
    认可的值（001：每个百分点扣 10 分的 0.25，94.79% → 8.70）。按表格的打印精度比较；执行率可先四舍五入
    到两位小数（99.87% → 100% → 10.00）。指向预算行。

    示例：40 执行 32（80%），分值 10，得分 5：执行率 × 分值为 8，本文件也不支持任何扣分率 → SUM004。

    [en] Execution score fits no scoring rule
    The budget-execution score matches no known execution scoring rule.

    Known rules: weight × rate (capped at 100 %), and k points off per percentage point
    below 100 % with the ``k`` the document's own rows agree on (001: 0.25 of 10 per point,
    94.79 % → 8.70). Compared at the table's printed precision; the rate may be taken
    rounded to two decimals first (99.87 % → 100 % → 10.00). Points at the budget row.

    Example: 32 of 40 executed (80 %), weight 10, score 5: rate × weight gives 8 and no
    deduction rate is supported by the document → SUM004.
    """
    for ti, table in enumerate(ctx.report.tables):
        if ctx.rulebook.rule_for(ti, -1) != "none":
            continue
        b = table.budget
        if b is None or b.start < 0:
            continue
        exp = ctx.rulebook.expected.get((ti, -1), {})
        rate = ctx.rulebook.cases[(ti, -1)].rate
        msg = (
            f"{ctx.table_location(table)}：执行率{fmt(100 * rate if rate is not None else None)}%，"
            f"预算执行得分{fmt(b.score)}/{fmt(b.weight)}不符合任何执行率评分规则"
            + (f"（执行率×分值应为{fmt(exp['rate'])}）" if "rate" in exp else "")
        )
        yield ctx.finding(
            b.start,
            b.end,
            msg,
            ctx.table_location(table) + " / 预算执行率",
            {
                "rate": b.rate,
                "weight": b.weight,
                "score": b.score,
                "expected": exp,
                "rulebook": list(ctx.rulebook.rules),
            },
        )


EX_SUM005 = project_table(
    "儿童营养改善",
    [
        ("产出指标", "数量指标", "受益儿童人数", "≥800人", "=820人", 40, 40, ""),
        ("成本指标", "经济成本指标", "营养包采购成本", "≤38万元", "=38万元", 20, 20, ""),
        ("满意度指标", "满意度指标", "家长满意度", "≥90%", "=95%", 30, 30, ""),
    ],
    budget=(40.0, 40.0, 40.0),
).replace("\t其中：当年财政拨款\t40.00\t40.00\t40.00", "\t其中：当年财政拨款\t35.00\t35.00\t35.00")


# Near miss: the same fragment with the anomaly fixed; the rule stays quiet.
QUIET_SUM005 = project_table(
    "儿童营养改善",
    [
        ("产出指标", "数量指标", "受益儿童人数", "≥800人", "=820人", 40, 40, ""),
        ("成本指标", "经济成本指标", "营养包采购成本", "≤38万元", "=38万元", 20, 20, ""),
        ("满意度指标", "满意度指标", "家长满意度", "≥90%", "=95%", 30, 30, ""),
    ],
    budget=(40.0, 40.0, 40.0),
)


@rule(
    code="SUM005", severity="error", title="资金来源之和不等于资金总额", example=EX_SUM005, quiet=QUIET_SUM005
)
def funds_mismatch(ctx: CheckContext) -> Iterable[Finding]:
    """预算资金来源之和不等于年度资金总额/合计。

    适用于每个资金行都是可识别的来源（当年财政拨款、上年结转、其他资金；中央/自治区/地（州、市）/
    县（市、区）安排、其他）且金额都已读出的情形：乱码行使合计无从得知，而非错误。每列（年初预算数、
    全年预算数、全年执行数）按每项 ±0.01 检查。指向合计行。

    示例：当年财政拨款 35.00 + 其他资金 0.00，年度资金总额 40.00 → SUM005。

    [en] Fund sources do not add to the total
    Budget fund sources do not add to 年度资金总额 / 合计.

    Applies where every fund row is a recognised source (当年财政拨款, 上年结转, 其他资金;
    中央/自治区/地（州、市）/县（市、区）安排, 其他) with its amounts read: a garbled row
    makes the sum unknowable, not wrong. Each column (年初预算数, 全年预算数, 全年执行数) is
    checked with ±0.01 per term. Points at the total row.

    Example: 当年财政拨款 35.00 + 其他资金 0.00 against 年度资金总额 40.00 → SUM005.
    """
    for table in ctx.report.tables:
        b = table.budget
        if b is None or not table.funds or b.start < 0:
            continue
        names = [_WS.sub("", f.name) for f in table.funds]
        if not all(n and _FUND_LABEL.match(n) for n in names):
            continue
        bad = {}
        for key, label in (("initial", "年初预算数"), ("adjusted", "全年预算数"), ("executed", "全年执行数")):
            total = getattr(b, key)
            parts = [getattr(f, key) for f in table.funds]
            if total is None or any(p is None for p in parts):
                continue
            s = sum(parts)  # type: ignore[arg-type]
            if abs(s - total) > sum_tolerance(len(parts)):
                bad[label] = (total, s, dict(zip(names, parts, strict=True)))
        if not bad:
            continue
        what = "；".join(f"{label}各来源合计{fmt(s)}，总额{fmt(t)}" for label, (t, s, _) in bad.items())
        msg = f"{ctx.table_location(table)}：资金来源之和与{b.name or '资金总额'}不符（{what}）"
        yield ctx.finding(
            b.start,
            b.end,
            msg,
            f"{ctx.table_location(table)} / {b.name or '资金总额'}",
            {label: {"total": t, "sum": round(s, 4), "sources": src} for label, (t, s, src) in bad.items()},
        )


# ------------------------------------------------------------------ narrative figures


def _emit(
    ctx: CheckContext, problems, done: set[tuple[int, int]], location: str | None = None
) -> Iterable[Finding]:
    """Findings for the problems not already reported at the same place."""
    for p in problems:
        if p is None or any(a < p.end and p.start < b for a, b in done):
            continue
        done.add((p.start, p.end))
        yield ctx.finding(p.start, p.end, p.message, location or ctx.section_of(p.start), p.details)


def _loc(ctx: CheckContext, p: Problem | None, item: str | None) -> str:
    return ctx.section_of(p.start) + f" / {item or ''}" if p else ""


_PARENT_KIND = {
    "本年支出合计": "expense_current",
    "本年收入合计": "income_current",
    "政府采购支出总额": "procurement_total",
    "三公经费": "three_public",
}


def _value_at(ctx: CheckContext, span: list[int] | tuple[int, int] | None) -> tuple[str, int] | None:
    if not span or not (0 <= span[0] < span[1] <= len(ctx.text)):
        return None
    raw = ctx.text[span[0] : span[1]]
    return raw, decimals(raw)


def _figure_by_item(ctx: CheckContext) -> dict[str, Figure]:
    def make() -> dict[str, Figure]:
        out: dict[str, Figure] = {}
        for f in ctx.report.figures:
            if (
                f.kind
                in (
                    "component_total",
                    "income_total",
                    "expense_total",
                    "income_current",
                    "expense_current",
                    "procurement_total",
                    "three_public",
                    "basic_total",
                )
                and f.value is not None
            ):
                out.setdefault(f.item, f)
                out.setdefault(f.kind, f)
        return out

    return ctx.cached("figure_by_item", make)


def _parent_value(ctx: CheckContext, f: Figure) -> tuple[float, int] | None:
    pv = f.extra.get("parent_value")
    parent = f.extra.get("parent")
    index = _figure_by_item(ctx)
    pf = index.get(parent) or index.get(_PARENT_KIND.get(parent or "", ""))
    if pf is not None and pf.value is not None:
        return pf.value, decimals(pf.raw, pf.value)
    if pv is not None:
        return pv, 2
    return _sentence_whole(ctx, f)


def _sentence_whole(ctx: CheckContext, f: Figure) -> tuple[float, int] | None:
    """``X总额为T万元，其中，A万元，占a%；B万元，占b%``: a share with no parent read is of the
    amount the sentence opens with, when a 其中 follows it (same unit)."""
    if f.kind != "component":
        return None
    best = None
    for g in ctx.report.figures:
        if g.start >= f.start or g.start < f.start - 400 or g.value is None or g.kind == "component":
            continue
        if g.kind in ("amount", *_TOTAL_KINDS) and (g.unit or "万元") == (f.unit or "万元"):
            best = g
    if best is None:
        return None
    between = ctx.text[best.end : f.start]
    if "其中" not in between or "。" in between or "\n" in between:
        return None
    return best.value, decimals(best.raw, best.value)


_TOTAL_KINDS = (
    "component_total",
    "income_total",
    "expense_total",
    "income_current",
    "expense_current",
    "procurement_total",
    "three_public",
    "basic_total",
)


EX_SUM006 = (
    "二、收入决算情况说明\n\n本年收入 500.00 万元，其中：财政拨款收入 480.00 万元，占 90.00%；"
    "其他收入 20.00 万元，占 4.00%。\n"
)


# Near miss: the same fragment with the anomaly fixed; the rule stays quiet.
QUIET_SUM006 = (
    "二、收入决算情况说明\n\n本年收入 500.00 万元，其中：财政拨款收入 480.00 万元，占 96.00%；"
    "其他收入 20.00 万元，占 4.00%。\n"
)


@rule(code="SUM006", severity="error", title="占比计算错误", example=EX_SUM006, quiet=QUIET_SUM006)
def share_mismatch(ctx: CheckContext) -> Iterable[Finding]:
    """所写的占比（占 x%）不等于部分 / 整体。

    按部分和整体的打印位数做区间检查；占比自身的误差为 max(0.01, 半个单位)。整体是句中所指的数
    （本年收入、本年支出合计、政府采购支出总额、三公经费…）。指向所写的百分比。

    说明读取器附在变动上的占比（`rate_kind` 为 share，部分和整体都写出的“占X%”）同样检查，
    单位不限（元/万元/亿元）。

    示例：财政拨款收入 480.00 占本年收入 500.00 应为 96.00%，写成 90.00% → SUM006。

    [en] Share miscomputed
    A stated share (占 x%) differs from part / whole.

    Interval check on the printed digits of part and whole; the share's own tolerance is
    max(0.01, half a unit). The whole is the figure the sentence names (本年收入, 本年支出合计,
    政府采购支出总额, 三公经费 …). Points at the stated percentage.

    Shares the narrative reader attaches to a change (``rate_kind`` share, 占X% with the part
    and the whole printed) are checked the same way, whatever their unit (元/万元/亿元).

    Example: 财政拨款收入 480.00 of 本年收入 500.00 is 96.00 %, stated 90.00 % → SUM006.
    """
    done: set[tuple[int, int]] = set()
    for f in ctx.report.figures:
        share = f.extra.get("share")
        if share is None or f.value is None:
            continue
        got = _value_at(ctx, f.extra.get("share_span"))
        pv = _parent_value(ctx, f)
        if got is None or pv is None or pv[0] <= 0:
            continue
        whole, wd = pv
        part_dec = decimals(f.raw, f.value)
        lo = 100 * max(0.0, f.value - half_unit(part_dec)) / (whole + half_unit(wd))
        hi = 100 * (f.value + half_unit(part_dec)) / max(1e-12, whole - half_unit(wd))
        t = tolerance(got[1])
        if lo - t <= share <= hi + t:
            continue
        exact = 100 * f.value / whole
        s0, e0 = f.extra["share_span"]
        msg = (
            f"“{f.item}”{fmt(f.value)}万元占{f.extra.get('parent') or '合计'}{fmt(whole)}万元的比例写为"
            f"{fmt(share)}%，应为{fmt(exact)}%"
        )
        yield ctx.finding(
            s0,
            e0,
            msg,
            ctx.section_of(f.start) + f" / {f.item}",
            {"part": f.value, "whole": whole, "share": share, "expected": round(exact, 4)},
        )
        done.add((s0, e0))
    for c, r in _changes.stated_changes(ctx):
        p = _changes.ratio_problem(ctx, c, r, "share")
        yield from _emit(ctx, [p], done, _loc(ctx, p, r.item))


EX_SUM007 = (
    "五、一般公共预算财政拨款支出决算情况说明\n\n"
    "1. 卫生健康支出（类）公共卫生（款）基本公共卫生服务（项）：支出决算数为 120.00 万元，比上年决算增加 20.00 万元，"
    "增长 25.00%，主要原因是：本年新增家庭医生签约服务项目。\n"
)


# Near miss: the same fragment with the anomaly fixed; the rule stays quiet.
QUIET_SUM007 = (
    "五、一般公共预算财政拨款支出决算情况说明\n\n"
    "1. 卫生健康支出（类）公共卫生（款）基本公共卫生服务（项）：支出决算数为 120.00 万元，比上年决算增加 20.00 万元，"
    "增长 20.00%，主要原因是：本年新增家庭医生签约服务项目。\n"
)


@rule(code="SUM007", severity="error", title="增减率或增减方向错误", example=EX_SUM007, quiet=QUIET_SUM007)
def growth_mismatch(ctx: CheckContext) -> Iterable[Finding]:
    """所写的增长率或下降率不等于变动额 / 上年数，或方向词与正负相矛盾。

    上年数为本年数减增加额（加减少额）。按两者的打印位数做区间检查；比率的误差为 max(0.01, 半个单位)。
    本年新增的事项（上年为 0）跳过：那里“增长100%”是模板的惯例。“增加”配“下降”（或“减少”配“增长”）
    无论数字如何都触发。指向所写的比率。

    说明读取器附在原因上的每个变动（无论是否已解释）都同样检查，不论写法（比/较/与…相比/同比，增/减/
    增收/减支，先金额后比率或先比率后金额，元/万元/亿元按打印位数；基数直接写出或由本年数 ∓ 变动额
    得出）：比率不等于变动额/上年数时触发，问题说明会指出它是否等于变动额/本年数（以本年数为基数计算，
    真实存在的一类错误）或相差 100 倍（把小数写成百分数）；降幅超过 100% 一律触发；两个方向词不一致
    （较上年减X万元，增Y%）以及方向词与所写金额相反（由X万元…减少，而本年数更大）都触发。以预算为基数的
    变动属 SUM009；未填写的增加（减少）属 RSN006（没有方向词可矛盾）。

    示例：本年 120.00，增加 20.00 → 上年 100.00 → 应为增长 20.00%，写成 25.00% → SUM007。

    [en] Growth rate or direction wrong
    A stated growth or decline rate differs from change / previous-year amount, or the
    direction word contradicts the sign.

    The previous-year amount is this year's minus the increase (plus the decrease). Interval
    check on the printed digits of both; the rate's tolerance is max(0.01, half a unit). An
    item new this year (previous amount 0) is skipped: "增长 100%" is the template's
    convention there. A 增加 stated with 下降 (or 减少 with 增长) fires regardless of numbers.
    Points at the stated rate.

    Every change the narrative reader attaches to a reason (explained or not) is judged the
    same way, in any phrasing (比/较/与…相比/同比, 增/减/增收/减支, amount then rate or rate
    then amount, 元/万元/亿元 at their printed digits; the base printed or current ∓ change):
    a rate outside change / previous fires, and the message says when it equals change /
    current (the rate computed on this year's amount, a real error of the kind) or is 100×
    off (a fraction printed as a percentage); a decline above 100 % always fires; two
    direction words that disagree (较上年减X万元，增Y%) and a direction word against printed
    amounts (由X万元…减少 while the current is larger) fire. Budget-based changes are SUM009;
    an unfilled 增加（减少） is RSN006 (no word to contradict).

    Example: 120.00 this year, +20.00 → previous 100.00 → 20.00 %, stated 25.00 % → SUM007.
    """
    done: set[tuple[int, int]] = set()
    for f in ctx.report.figures:
        if f.kind != "yoy_change":
            continue
        if f.extra.get("rate_span"):
            done.add(tuple(f.extra["rate_span"]))  # type: ignore[arg-type]
        ex = f.extra
        rate, change, cur = ex.get("rate"), ex.get("change"), ex.get("current")
        direction, word = ex.get("direction"), ex.get("rate_word")
        got = _value_at(ctx, ex.get("rate_span"))
        if rate is None or got is None:
            continue
        s0, e0 = ex["rate_span"]
        loc = ctx.section_of(f.start) + f" / {f.item}"
        up_words, down_words = _changes.UP_WORDS, _changes.DOWN_WORDS
        # the amount's own word (the reader may have taken the direction from the arithmetic)
        cs = ex.get("change_span")
        said = _changes.word_before(ctx.text, cs[0], cs[0] - 6) if cs else None
        said = said or direction
        if (said == "增加" and word in down_words) or (said == "减少" and word in up_words):
            msg = f"“{f.item}”写“{said}”却称“{word}{fmt(rate)}%”，方向矛盾"
            yield ctx.finding(s0, e0, msg, loc, {"direction": direction, "rate_word": word, "rate": rate})
            continue
        if change is None or cur is None or direction not in ("增加", "减少"):
            continue
        sign = 1 if direction == "增加" else -1
        prev = cur - sign * abs(change)
        cd = decimals(ctx.text[slice(*ex["change_span"])]) if ex.get("change_span") else 2
        pd = decimals(ctx.text[slice(*ex["current_span"])]) if ex.get("current_span") else 2
        h_prev = half_unit(cd) + half_unit(pd)
        if prev - h_prev <= 0:
            continue
        lo = 100 * max(0.0, abs(change) - half_unit(cd)) / (prev + h_prev)
        hi = 100 * (abs(change) + half_unit(cd)) / (prev - h_prev)
        t = tolerance(got[1])
        if lo - t <= abs(rate) <= hi + t:
            continue
        exact = 100 * abs(change) / prev
        u = ex.get("unit") or "万元"  # the figure keeps the unit it was written in
        msg = (
            f"“{f.item}”{direction}{fmt(abs(change))}{u}，上年{fmt(prev)}{u}，"
            f"{word or '变动率'}应为{fmt(exact)}%，文中为{fmt(rate)}%"
        )
        details = {
            "current": cur,
            "change": change,
            "previous": round(prev, 4),
            "rate": rate,
            "expected": round(exact, 4),
        }
        msg += _diagnosis(abs(rate), abs(change), cur, direction, lo, hi, t, details)
        yield ctx.finding(s0, e0, msg, loc, details)
    # The old figure path reported what it could judge; every other stated change next.
    figure_spans = set(done)
    done = set()
    for c, r in _changes.stated_changes(ctx):
        if changes_budget(c):
            continue
        p = _changes.rate_problem(ctx, c, r)
        if p is None or any(a < p.end and p.start < b for a, b in figure_spans if (a, b) != (p.start, p.end)):
            continue
        if (p.start, p.end) in figure_spans and _figure_judged(ctx, p.start):
            continue
        yield from _emit(ctx, [p], done, _loc(ctx, p, r.item))


def _diagnosis(
    rate: float, change: float, cur: float, direction: str, lo: float, hi: float, t: float, details: dict
) -> str:
    """Why a growth rate is off, when the numbers say: a decline above 100 %, the rate taken
    on this year's amount, a fraction printed as a percentage."""
    if direction == "减少" and rate > 100 + t:
        details["impossible"] = True
        return "（降幅不可能超过100%）"
    if cur > 0 and abs(rate - 100 * change / cur) <= t + 0.01:
        details["rate_base"] = "current"
        return f"（文中是以本年数{fmt(cur)}万元为基数算的）"
    if any(lo - t <= rate * k <= hi + t for k in (100.0, 0.01)):
        details["scale"] = 100 if rate * 100 <= hi + t else 0.01
        return "（相差100倍：小数误作百分数）"
    return ""


def _undefined(f: Finding) -> Finding:
    """0 / 0 printed as a rate claims something only when the rate is not 0 % (100 %): that
    is the error. A 0 % is the printed convention of the 新疆 template (four of the five
    seeds, every 三公 paragraph with a zero item) and of the generator's: info at most."""
    return f if f.details.get("rate") else replace(f, severity="info")


def changes_budget(c) -> bool:
    from ..changes import is_budget_base

    return is_budget_base(c)


def _figure_judged(ctx: CheckContext, rate_start: int) -> bool:
    """Did the figure path have what it needs to judge the rate at ``rate_start`` (a change
    and a current amount)? If so its verdict stands."""
    for f in ctx.report.figures:
        rs = f.extra.get("rate_span") if f.kind == "yoy_change" else None
        if rs and rs[0] == rate_start:
            return f.extra.get("change") is not None and f.extra.get("current") is not None
    return False


_TOTAL_RULES = [
    ("income_total", ["income_current", "income_nonfiscal_balance_used", "income_carryover"], "收入总计"),
    ("expense_total", ["expense_current", "expense_balance_distribution", "expense_carryover"], "支出总计"),
    ("fiscal_income_total", ["fiscal_income_carryover", "fiscal_income_current"], "财政拨款收入总计"),
    ("fiscal_expense_total", ["fiscal_expense_current", "fiscal_expense_carryover"], "财政拨款支出总计"),
    ("basic_total", ["personnel", "public"], "基本支出"),
]

EX_SUM008 = (
    "一、收入支出决算总体情况说明\n\n2023 年度收入总计 300.00 万元，其中：本年收入合计 280.00 万元，"
    "使用非财政拨款结余 0.00 万元，年初结转和结余 10.00 万元。\n\n"
    "2023 年度支出总计 300.00 万元，其中：本年支出合计 290.00 万元，结余分配 0.00 万元，"
    "年末结转和结余 10.00 万元。\n"
)


# Near miss: the same fragment with the anomaly fixed; the rule stays quiet.
QUIET_SUM008 = (
    "一、收入支出决算总体情况说明\n\n2023 年度收入总计 300.00 万元，其中：本年收入合计 280.00 万元，"
    "使用非财政拨款结余 0.00 万元，年初结转和结余 20.00 万元。\n\n"
    "2023 年度支出总计 300.00 万元，其中：本年支出合计 290.00 万元，结余分配 0.00 万元，"
    "年末结转和结余 10.00 万元。\n"
)


@rule(code="SUM008", severity="error", title="决算说明合计数不平", example=EX_SUM008, quiet=QUIET_SUM008)
def narrative_totals(ctx: CheckContext) -> Iterable[Finding]:
    """决算说明中的合计数不平。

    检查模板中的恒等式：收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余；支出总计 =
    本年支出合计 + 结余分配 + 年末结转和结余；财政拨款收入/支出总计 = 本年 + 结转和结余；基本支出 =
    人员经费 + 公用经费；本年收入/本年支出/一般公共预算财政拨款支出/三公经费/政府采购支出总额 = 句中
    所列各部分之和；收入总计 = 支出总计。每项 ±0.01。指向所写的合计数。

    对说明读取器附在原因上的变动，不论写法和单位：“三公”经费 = 因公出国（境）费 + 公务用车购置及运行
    维护费 + 公务接待费（公务用车整体或拆为购置 + 运行维护），公务用车 = 购置 + 运行维护，基本支出 =
    人员经费 + 公用经费，对所写金额和变动额都检查（各子项带方向的变动额之和 = 合计的变动额），同一基数
    （上年或预算）内，每项允许末位一个单位。

    示例：280.00 + 0.00 + 10.00 = 290.00，文中收入总计写 300.00 → SUM008。

    [en] Narrative totals do not balance
    Narrative totals do not add up.

    Checked identities of the template: 收入总计 = 本年收入合计 + 使用非财政拨款结余 +
    年初结转和结余; 支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余; 财政拨款收入/支出总计 =
    本年 + 结转和结余; 基本支出 = 人员经费 + 公用经费; 本年收入 / 本年支出 / 一般公共预算财政拨款
    支出 / 三公经费 / 政府采购支出总额 = the sum of the parts the sentence lists; 收入总计 =
    支出总计. ±0.01 per term. Points at the stated total.

    On the changes the narrative reader attaches to reasons, in any phrasing and unit:
    “三公”经费 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费 (the car whole or as
    购置 + 运行维护), 公务用车 = 购置 + 运行维护, 基本支出 = 人员经费 + 公用经费, for the
    amounts stated and for the changes (Σ signed sub-item changes = the total's change),
    each within one basis (上年 or a budget), one unit of each printed last digit per term;
    an item stated flat (与上年持平) counts with a change of 0. Any ``总额X，其中：A，B…`` list
    whose parts are exactly one of these decompositions (and 政府采购 = 货物 + 工程 + 服务)
    is added up as well (a partial 其中 list is no identity).

    Example: 280.00 + 0.00 + 10.00 = 290.00, the text says 收入总计 300.00 → SUM008.
    """
    figs = ctx.report.figures
    by_kind: dict[str, Figure] = {}
    for f in figs:
        by_kind.setdefault(f.kind, f)

    def emit(total: Figure, parts: list[Figure], label: str) -> Iterable[Finding]:
        vals = [p.value for p in parts]
        if total.value is None or any(v is None for v in vals) or total.start < 0:
            return
        s = sum(vals)  # type: ignore[arg-type]
        if abs(s - total.value) <= sum_tolerance(len(vals)):
            return
        names = "＋".join(p.item for p in parts)
        msg = f"{label}{fmt(total.value)}万元，而{names}合计{fmt(s)}万元"
        yield ctx.finding(
            total.start,
            total.end,
            msg,
            ctx.section_of(total.start) + f" / {label}",
            {"total": total.value, "sum": round(s, 4), "parts": {p.item: p.value for p in parts}},
        )

    for tk, pks, label in _TOTAL_RULES:
        if tk in by_kind and all(k in by_kind for k in pks):
            yield from emit(by_kind[tk], [by_kind[k] for k in pks], label)
    if "income_total" in by_kind and "expense_total" in by_kind:
        a, b = by_kind["income_total"], by_kind["expense_total"]
        if a.value is not None and b.value is not None and abs(a.value - b.value) > 0.01 + 1e-9:
            msg = f"收入总计{fmt(a.value)}万元与支出总计{fmt(b.value)}万元不等"
            yield ctx.finding(
                b.start,
                b.end,
                msg,
                ctx.section_of(b.start) + " / 支出总计",
                {"income_total": a.value, "expense_total": b.value},
            )
    # Totals followed by the parts they list (占 x% lists): parts share the total as parent.
    groups: dict[str, list[Figure]] = {}
    for f in figs:
        if f.kind in ("component", "procurement_part") and f.extra.get("parent"):
            groups.setdefault(f.extra["parent"], []).append(f)
    index = _figure_by_item(ctx)
    for parent, parts in groups.items():
        total = index.get(parent) or index.get(_PARENT_KIND.get(parent, ""))
        if total is None or len(parts) < 2 or total.start > parts[0].start:
            continue
        yield from emit(total, parts, parent)
    # ``总额X万元，其中：A万元，B万元…`` lists in any phrasing, when the parts are one of the
    # known decompositions (三公 items, 公务用车 购置 + 运行维护, 基本支出 = 人员 + 公用 …).
    done: set[tuple[int, int]] = set()
    for total, parts in _listed_parts(figs):
        vals = [p.value for p in parts]
        s = sum(vals)  # type: ignore[arg-type]
        tol = sum_tolerance(len(vals))  # values in the unit as written: 0.01 of it per term
        if abs(s - total.value) <= tol + 1e-9:  # type: ignore[operator]
            continue
        u = total.unit or "万元"
        names = "＋".join(p.item for p in parts)
        done.add((total.start, total.end))
        yield ctx.finding(
            total.start,
            total.end,
            f"“{total.item}”{fmt(total.value)}{u}，而{names}合计{fmt(s)}{u}",
            ctx.section_of(total.start) + f" / {total.item}",
            {"total": total.value, "sum": round(s, 4), "parts": {p.item: p.value for p in parts}},
        )
    # Stated changes: 三公 total vs its items, 公务用车 vs 购置 + 运行维护, 基本支出 vs 人员 + 公用,
    # amounts and changes alike.
    yield from _emit(ctx, [p for p in _changes.parts_problems(ctx) if (p.start, p.end) not in done], set())


def _listed_parts(figs: list[Figure]) -> Iterable[tuple[Figure, list[Figure]]]:
    """(total, parts) of every ``其中`` list whose parts are exactly a known decomposition
    of the total (a partial list, ``其中：财政拨款收入X万元`` alone, is no identity)."""
    groups: dict[tuple[str, float], list[Figure]] = {}
    for f in figs:
        if f.kind == "amount" and f.extra.get("parent") and f.value is not None:
            groups.setdefault((f.extra["parent"], f.extra["parent_value"]), []).append(f)
    for (parent, pv), parts in groups.items():
        role = _changes.role(parent)
        if role is None or pv is None:
            continue
        roles = [_changes.role(p.item) for p in parts]
        if not any(sorted(roles) == sorted(g) for g in _changes.GROUPS.get(role, ())):  # type: ignore[type-var]
            continue
        total = next(
            (
                f
                for f in figs
                if f.kind == "amount"
                and f.item == parent
                and f.value == pv
                and f.start < parts[0].start
                and f.start >= 0
            ),
            None,
        )
        if total is not None:
            yield total, parts


EX_SUM009 = (
    "七、财政拨款“三公”经费支出决算情况说明\n\n与全年预算相比，财政拨款“三公”经费支出全年预算数 10.00 万元，"
    "决算数 8.00 万元，预决算差异率-25.00%，主要原因是：本年减少外出调研次数，公务用车运行费减少。\n"
)


# Near miss: the same fragment with the anomaly fixed; the rule stays quiet.
QUIET_SUM009 = (
    "七、财政拨款“三公”经费支出决算情况说明\n\n与全年预算相比，财政拨款“三公”经费支出全年预算数 10.00 万元，"
    "决算数 8.00 万元，预决算差异率-20.00%，主要原因是：本年减少外出调研次数，公务用车运行费减少。\n"
)


@rule(code="SUM009", severity="error", title="预决算差异率计算错误", example=EX_SUM009, quiet=QUIET_SUM009)
def variance_mismatch(ctx: CheckContext) -> Iterable[Finding]:
    """预决算差异率不等于（决算数 − 预算数）/ 预算数。

    按打印位数做区间检查；比率的误差为 max(0.01, 半个单位)。减少时未写负号的比率按其绝对值读取（各地
    符号习惯不同；检查的是大小）。预算为零的跳过。指向所写的比率。

    说明读取器附在原因上的每个预算对决算的变动同样检查：以预算为基数的比率（较年初预算减少X万元，下降
    Y%），以及两者都写出时的完成率（完成预算的Y%、为调整预算的Y%）对决算/预算。截断而非四舍五入的比率
    在 ±0.01 误差内，不触发。0/0 写成比率时无定义，若声称了什么则触发（预算数0万元，决算数0万元，
    差异率100%；完成预算的100%）；此处写 0% 是新疆模板的惯例（五份种子报告中四份对每个为零的三公事项
    都这样写），不报告。

    示例：预算 10.00，决算 8.00 → −20.00%，写成 −25.00% → SUM009。

    [en] Budget-final variance rate miscomputed
    预决算差异率 differs from (决算数 − 预算数) / 预算数.

    Interval check on the printed digits; the rate's tolerance is max(0.01, half a unit).
    A rate printed without a minus sign for a decrease is read as its magnitude (sign
    conventions vary; the size is what is checked). A zero budget is skipped. Points at
    the stated rate.

    The same on every budget-vs-final change the narrative reader attaches to a reason:
    a rate against a budget base (较年初预算减少X万元，下降Y%), and a completion (完成预算的
    Y%, 为调整预算的Y%) against final / budget when both are printed. A rate truncated
    instead of rounded stays within the ±0.01 tolerance and does not fire. 0/0 printed as a
    rate is undefined and fires when it claims something (预算数0万元，决算数0万元，差异率100%,
    完成预算的100%); a 0 % there is the printed convention of the 新疆 template (four of the
    five seeds print it for every zero 三公 item) and is not reported.

    Example: budget 10.00, final 8.00 → −20.00 %, stated −25.00 % → SUM009.
    """
    done: set[tuple[int, int]] = set()
    for f in ctx.report.figures:
        if f.kind != "budget_variance":
            continue
        ex = f.extra
        bud, fin, rate = ex.get("budget"), ex.get("final"), ex.get("rate")
        got = _value_at(ctx, ex.get("rate_span"))
        if bud is None or fin is None or rate is None or got is None:
            continue
        done.add(tuple(ex["rate_span"]))  # type: ignore[arg-type]
        if bud == 0 and fin == 0 and rate:
            s0, e0 = ex["rate_span"]
            yield _undefined(
                ctx.finding(
                    s0,
                    e0,
                    f"“{f.item}”预算数与决算数均为0，差异率无意义，文中却写{fmt(rate)}%",
                    ctx.section_of(f.start) + f" / {f.item}",
                    {"budget": bud, "final": fin, "rate": rate, "undefined": True},
                )
            )
            continue
        if bud <= 0:
            continue  # 0 / 0 printed as 0 %: the template's convention (see the docstring)
        bd = decimals(ctx.text[slice(*ex["budget_span"])]) if ex.get("budget_span") else 2
        fd = decimals(ctx.text[slice(*ex["final_span"])]) if ex.get("final_span") else 2
        diff = fin - bud
        hd = half_unit(bd) + half_unit(fd)
        cands = [
            100 * (d) / b for d in (diff - hd, diff + hd) for b in (bud - half_unit(bd), bud + half_unit(bd))
        ]
        lo, hi = min(cands), max(cands)
        t = tolerance(got[1])
        ok = lo - t <= rate <= hi + t
        if not ok and rate >= 0 and diff < 0:
            ok = lo - t <= -rate <= hi + t
        if ok:
            continue
        exact = 100 * diff / bud
        s0, e0 = ex["rate_span"]
        msg = (
            f"“{f.item}”预算{fmt(bud)}万元、决算{fmt(fin)}万元，预决算差异率应为{fmt(exact)}%，"
            f"文中为{fmt(rate)}%"
        )
        yield ctx.finding(
            s0,
            e0,
            msg,
            ctx.section_of(f.start) + f" / {f.item}",
            {"budget": bud, "final": fin, "rate": rate, "expected": round(exact, 4)},
        )
    for c, r in _changes.stated_changes(ctx):
        if not changes_budget(c):
            continue
        p = _changes.ratio_problem(ctx, c, r, "completion") or _changes.rate_problem(ctx, c, r)
        for f in _emit(ctx, [p], done, _loc(ctx, p, r.item)):
            yield _undefined(f) if f.details.get("undefined") else f
