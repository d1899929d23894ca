"""SUM006: a stated share (占 x%) against part / whole."""

from __future__ import annotations

from collections.abc import Iterable

from ...arith import decimals, fmt, half_unit, tolerance
from ...registry import CheckContext, Finding, rule
from .. import _changes
from ._figures import _emit, _loc, _parent_value, _value_at

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
