"""SUM008: the narrative's totals against the parts they list (the template's
identities).
"""

from __future__ import annotations

from collections.abc import Iterable

from extract.model import Figure

from ...arith import fmt, sum_tolerance
from ...registry import CheckContext, Finding, rule
from .. import _changes
from ._figures import _PARENT_KIND, _emit, _figure_by_item

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
        if None in roles:  # a part of no known role: no known decomposition (and None sorts with no str)
            continue
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
