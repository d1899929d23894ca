"""SUM009: a budget-final variance rate (and a completion) against final / budget."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ...arith import decimals, fmt, half_unit, tolerance
from ...registry import CheckContext, Finding, rule
from .. import _changes
from ._figures import _emit, _loc, _value_at, changes_budget


def _undefined(f: Finding) -> Finding:
    """0 / 0 printed as a rate claims something only when the rate is not 0 % (100 %): that
    is the error. A 0 % is the printed convention of the 新疆 template (four of the five
    seeds, every 三公 paragraph with a zero item) and of the generator's: info at most."""
    return f if f.details.get("rate") else replace(f, severity="info")


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
