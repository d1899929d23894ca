"""SUM007: a growth or decline rate against change / previous-year amount, and its
direction word against the sign.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...arith import decimals, fmt, half_unit, tolerance
from ...registry import CheckContext, Finding, rule
from .. import _changes
from ._figures import _emit, _loc, _value_at, changes_budget

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


def _figure_judged(ctx: CheckContext, rate_start: int) -> bool:
    """Did the figure path have what it needs to judge the rate at ``rate_start`` (a change
    and a current amount)? If so its verdict stands."""
    for f in ctx.report.figures:
        rs = f.extra.get("rate_span") if f.kind == "yoy_change" else None
        if rs and rs[0] == rate_start:
            return f.extra.get("change") is not None and f.extra.get("current") is not None
    return False
