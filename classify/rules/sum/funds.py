"""SUM003-SUM005: a table's budget rows -- the execution rate, its score, the fund
sources against the total.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from extract.model import FundRow, Table

from ...arith import decimals, fmt, half_unit, rate_decimals, sum_tolerance, tolerance
from ...registry import CheckContext, Finding, rule
from .._fragments import project_table

_WS = re.compile(r"\s+")


def _cell_dec(row: FundRow, key: str) -> int:
    c = row.cells.get(key)
    return decimals(c.raw if c else None, getattr(row, key))


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
