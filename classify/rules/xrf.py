"""XRF: cross-references inside one document (section 十一 against the tables)."""

from __future__ import annotations

from collections.abc import Iterable

from extract.model import Figure, Table

from ..arith import fmt, sum_tolerance
from ..registry import CheckContext, Finding, rule
from ._fragments import project_table

_SECTION11 = (
    "十一、预算绩效的情况说明\n\n根据预算绩效管理要求，我部门 2023 年度预算绩效管理整体支出绩效自评表 1 个，"
    "全年预算总额 {ob} 万元，实际执行总额 {oe} 万元；预算绩效评价项目 {n} 个，全年预算数 {pb} 万元，"
    "全年执行数 {pe} 万元。具体项目自评情况附项目支出绩效自评表。\n\n"
)


def _first(ctx: CheckContext, kind: str) -> Figure | None:
    return next((f for f in ctx.report.figures if f.kind == kind and f.value is not None), None)


def _overall(ctx: CheckContext) -> Table | None:
    return next((t for t in ctx.report.tables if t.kind in ("overall", "narrative") and t.budget), None)


def _projects(ctx: CheckContext) -> list[Table]:
    return [t for t in ctx.report.tables if t.kind == "project"]


def _sentence(ctx: CheckContext, f: Figure) -> tuple[int, int]:
    if 0 <= f.sentence_start < f.sentence_end <= len(ctx.text):
        s, e = f.sentence_start, f.sentence_end
        while e > s + 1 and ctx.text[e - 1] in " \t\r\n":
            e -= 1
        return s, e
    return f.start, f.end


EX_XRF001 = _SECTION11.format(ob="120.00", oe="115.00", n=1, pb="50.00", pe="48.00") + project_table(
    "慢性病防控",
    [
        ("产出指标", "数量指标", "慢病随访人数", "≥1000人", "=1050人", 30, 30, ""),
        ("成本指标", "经济成本指标", "随访成本", "≤40万元", "=40万元", 30, 30, ""),
        ("满意度指标", "满意度指标", "患者满意度", "≥90%", "=95%", 30, 30, ""),
    ],
    budget=(45.0, 45.0, 48.0),
    rate="106.67%",
    exec_score=10.0,
)


# Near miss: the same fragment with the anomaly fixed; the rule stays quiet.
QUIET_XRF001 = _SECTION11.format(ob="120.00", oe="115.00", n=1, pb="45.00", pe="48.00") + project_table(
    "慢性病防控",
    [
        ("产出指标", "数量指标", "慢病随访人数", "≥1000人", "=1050人", 30, 30, ""),
        ("成本指标", "经济成本指标", "随访成本", "≤40万元", "=40万元", 30, 30, ""),
        ("满意度指标", "满意度指标", "患者满意度", "≥90%", "=95%", 30, 30, ""),
    ],
    budget=(45.0, 45.0, 48.0),
    rate="106.67%",
    exec_score=10.0,
)


@rule(code="XRF001", severity="warning", title="同一数额前后不一致", example=EX_XRF001, quiet=QUIET_XRF001)
def same_quantity_differs(ctx: CheckContext) -> Iterable[Finding]:
    """同一个数额在两处写成不同的值。

    检查的配对：第十一部分的全年预算总额/实际执行总额对整体支出自评表的全年预算数/全年执行数；第十一
    部分所评价项目的全年预算数/全年执行数对各项目自评表之和（仅当项目表张数等于所述个数时，否则由
    XRF002 说明为何不同）。相等指在 ±0.01 内（同一打印金额），求和时每张表 ±0.01。指向第二处：单个
    金额指向表格单元格，合计指向第十一部分的数字（写在其所合计的事实之后）。

    示例：第十一部分称项目预算 50.00 万元，唯一的项目表写 45.00 → XRF001。

    [en] One amount stated with two values
    The same quantity is stated with different values in two places.

    Pairs checked: section 十一's 全年预算总额 / 实际执行总额 against the overall table's
    全年预算数 / 全年执行数; section 十一's 全年预算数 / 全年执行数 of the evaluated projects
    against the sum over the project tables (only when the number of project tables equals
    the stated count, otherwise XRF002 says why they differ). Equal means within ±0.01
    (the same printed amount), ±0.01 per table for sums. Points at the second place: the
    table cell for single amounts, the section-十一 figure for sums (stated after the fact
    it totals).

    Example: 十一 says the project budget is 50.00 万元, the only project table says 45.00
    → XRF001.
    """
    overall = _overall(ctx)
    if overall is not None and overall.budget is not None:
        b = overall.budget
        for kind, key, label in (
            ("eval_overall_budget", "adjusted", "全年预算数"),
            ("eval_overall_executed", "executed", "全年执行数"),
        ):
            f, cell = _first(ctx, kind), b.cells.get(key)
            v = getattr(b, key)
            if f is None or cell is None or v is None or abs(f.value - v) <= 0.01 + 1e-9:  # type: ignore[operator]
                continue
            first, second = (f, cell) if f.start < cell.start else (cell, f)
            s, e = (second.start, second.end)
            msg = f"{f.item}在预算绩效说明中为{fmt(f.value)}万元，整体支出绩效自评表{label}为{fmt(v)}万元"
            yield ctx.finding(
                s,
                e,
                msg,
                ctx.table_location(overall) + f" / {label}",
                {"narrative": f.value, "table": v, "first_at": first.start},
            )
    projects = _projects(ctx)
    count = _first(ctx, "eval_project_count")
    if not projects or count is None or int(count.value) != len(projects):  # type: ignore[arg-type]
        return
    for kind, key, label in (
        ("eval_project_budget", "adjusted", "全年预算数"),
        ("eval_project_executed", "executed", "全年执行数"),
    ):
        f = _first(ctx, kind)
        vals = [getattr(t.budget, key) if t.budget else None for t in projects]
        if f is None or any(v is None for v in vals):
            continue
        s = sum(vals)  # type: ignore[arg-type]
        if abs(s - f.value) <= sum_tolerance(len(vals)):  # type: ignore[operator]
            continue
        msg = (
            f"评价项目{label}在预算绩效说明中为{fmt(f.value)}万元，"
            f"而{len(projects)}张项目支出绩效自评表合计{fmt(s)}万元"
        )
        yield ctx.finding(
            f.start,
            f.end,
            msg,
            ctx.section_of(f.start) + f" / 评价项目{label}",
            {"narrative": f.value, "tables_sum": round(s, 4), "tables": len(projects)},
        )


EX_XRF002 = _SECTION11.format(ob="120.00", oe="115.00", n=3, pb="90.00", pe="88.00") + project_table(
    "慢性病防控",
    [
        ("产出指标", "数量指标", "慢病随访人数", "≥1000人", "=1050人", 30, 30, ""),
        ("成本指标", "经济成本指标", "随访成本", "≤40万元", "=40万元", 30, 30, ""),
        ("满意度指标", "满意度指标", "患者满意度", "≥90%", "=95%", 30, 30, ""),
    ],
    budget=(45.0, 45.0, 45.0),
)


# Near miss: the same fragment with the anomaly fixed; the rule stays quiet.
QUIET_XRF002 = _SECTION11.format(ob="120.00", oe="115.00", n=1, pb="45.00", pe="45.00") + project_table(
    "慢性病防控",
    [
        ("产出指标", "数量指标", "慢病随访人数", "≥1000人", "=1050人", 30, 30, ""),
        ("成本指标", "经济成本指标", "随访成本", "≤40万元", "=40万元", 30, 30, ""),
        ("满意度指标", "满意度指标", "患者满意度", "≥90%", "=95%", 30, 30, ""),
    ],
    budget=(45.0, 45.0, 45.0),
)


@rule(
    code="XRF002",
    severity="warning",
    title="评价项目个数与自评表数量不符",
    example=EX_XRF002,
    quiet=QUIET_XRF002,
)
def project_count_differs(ctx: CheckContext) -> Iterable[Finding]:
    """文中所述评价项目个数与所附项目支出绩效自评表张数不符。

    仅当文件至少含一张项目支出绩效自评表时适用：一张都没有的文件把表格另行公开（附表），个数无法比较。
    指向说明个数的句子。

    示例：第十一部分称预算绩效评价项目 3 个，其后只有一张项目表 → XRF002。

    [en] Project count differs from the tables
    The number of evaluated projects stated in the text differs from the number of
    project tables present.

    Applies only when the document contains at least one 项目支出绩效自评表: a document with
    none publishes its tables separately (附表), and the count cannot be compared. Points at
    the sentence stating the count.

    Example: 十一 says 预算绩效评价项目 3 个, one project table follows → XRF002.
    """
    projects = _projects(ctx)
    count = _first(ctx, "eval_project_count")
    if not projects or count is None or int(count.value) == len(projects):  # type: ignore[arg-type]
        return
    s, e = _sentence(ctx, count)
    msg = f"文中称评价项目{int(count.value)}个，而文中附项目支出绩效自评表{len(projects)}张"  # type: ignore[arg-type]
    yield ctx.finding(
        s,
        e,
        msg,
        ctx.section_of(count.start) + " / 评价项目个数",
        {"stated": int(count.value), "tables": len(projects)},
    )  # type: ignore[arg-type]
