"""Arithmetic of the narrative's stated changes (:class:`extract.model.Change`), shared by
SUM006-SUM009: each change judged at its printed precision, in whatever phrasing and unit
it was written (元/万元/亿元; against 上年 or a budget; growth, completion or share).

A problem is returned, not emitted: the rules choose the code (SUM007 for year-on-year
rates, SUM009 for budget-vs-final, SUM006 for shares) and the evidence is the printed rate
(else the change clause).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from extract.model import Change, Reason

from .. import changes
from ..arith import fmt, half_unit, tolerance
from ..memo import memo
from ..registry import CheckContext

_UPW = ("增加", "增长", "上升", "提高", "增收", "增支", "超收", "增幅", "增")
_DOWNW = ("减少", "下降", "降低", "减收", "减支", "短收", "压缩", "降幅", "减幅", "负增长", "减", "降")
_WORD_BEFORE = re.compile("|".join(sorted(_UPW + _DOWNW, key=len, reverse=True)))


@dataclass
class Problem:
    start: int
    end: int
    message: str
    details: dict[str, Any] = field(default_factory=dict)


def stated_changes(ctx: CheckContext) -> list[tuple[Change, Reason]]:
    """Every change the reader attached to a reason (explained or not), once per clause."""

    def make() -> list[tuple[Change, Reason]]:
        seen: set[tuple[int, int]] = set()
        out = []
        for r in ctx.report.reasons:
            c = r.change
            if c is None or not (0 <= c.start < c.end <= len(ctx.text)) or (c.start, c.end) in seen:
                continue
            seen.add((c.start, c.end))
            out.append((c, r))
        return out

    return ctx.cached("stated_changes", make)


def _region(ctx: CheckContext, c: Change, r: Reason) -> tuple[int, int]:
    s = c.start
    if 0 <= r.sentence_start < s:
        s = max(r.sentence_start, s - 120)
    return s, c.end


def _word_before(text: str, pos: int, lo: int) -> str | None:
    """增加 / 减少 of the direction word printed just before ``pos`` (within 6 characters)."""
    window = text[max(lo, pos - 6) : pos]
    last = None
    for m in _WORD_BEFORE.finditer(window):
        last = m.group()
    if last is None:
        return None
    return "增加" if last in _UPW else "减少"


word_before = _word_before
UP_WORDS, DOWN_WORDS = _UPW, _DOWNW


_RATE_IN_CLAUSE = re.compile(
    r"(?:增幅|降幅|减幅|增长率?|下降率?|减少率|降低|增长|下降|负增长)(?:达到?|为|了)?\s*(\d+(?:\s*[.．]\s*\d+)?)\s*[%％]"
)


def _rate_in_clause(text: str, c: Change) -> float | None:
    m = _RATE_IN_CLAUSE.search(text, c.start, c.end)
    if m is None:
        return None
    try:
        return float(re.sub(r"\s", "", m.group(1)).replace("．", "."))
    except ValueError:
        return None


def rate_problem(ctx: CheckContext, c: Change, r: Reason) -> Problem | None:
    """Growth or budget-variance rate against the change and its base; a direction word
    against the arithmetic. None when consistent or when it cannot be judged."""
    kind = changes.rate_kind(c)
    if kind in ("points", "share", "completion"):
        return None
    text = ctx.text
    lo, hi = _region(ctx, c, r)
    nums = changes.printed_numbers(text, lo, hi)
    item = r.item or "该项"
    if c.rate is None:
        # A rate the reader left unread inside its own clause (降幅达到Y%, 减少率Y%): the
        # printed number after a rate word is the rate.
        got = _rate_in_clause(text, c)
        if got is not None:
            c = replace(c, rate=got)
    pr = changes.find_printed(nums, c.rate, True) if c.rate is not None else None
    pa = changes.find_printed(nums, c.amount, False) if c.amount is not None else None
    span = (pr.start, pr.end) if pr else (c.start, c.end)
    d = changes.direction(c)
    # Two direction words in one clause (较上年减X万元，增Y%): they cannot both hold.
    if pr and pa and c.direction_source != "template":
        wa, wr = _word_before(text, pa.start, c.start), _word_before(text, pr.start, c.start)
        if wa and wr and wa != wr:
            return Problem(
                *span,
                f"“{item}”金额写“{wa}”，变动率却写“{wr}”，方向矛盾",
                {"amount_word": wa, "rate_word": wr, "rate": c.rate, "amount": c.amount},
            )
    # Both amounts printed: the word must agree with their difference, the change with it.
    if (
        c.base_value is not None
        and c.current is not None
        and c.direction_source == "word"
        and d in ("增加", "减少")
    ):
        diff = c.current - c.base_value
        pc = changes.find_printed(nums, c.current, False)
        pb = changes.find_printed(nums, c.base_value, False)
        tol = (pc.half_wan if pc else 0.005) + (pb.half_wan if pb else 0.005) + 1e-9
        if abs(diff) > tol and (diff > 0) != (d == "增加"):
            return Problem(
                *span,
                f"“{item}”由{fmt(c.base_value)}万元变为{fmt(c.current)}万元，文中却称“{d}”",
                {"base_value": c.base_value, "current": c.current, "direction": d},
            )
    if c.rate is None or pr is None:
        return None
    rate = abs(c.rate)
    t = tolerance(pr.decimals)
    if d == "减少" and rate > 100 + t:
        return Problem(
            *span, f"“{item}”下降{fmt(rate)}%：降幅不可能超过100%", {"rate": c.rate, "direction": d}
        )
    prev = changes.previous(c)
    if c.amount is None or prev is None or prev <= 0 or d not in ("增加", "减少"):
        return None
    ha = pa.half_wan if pa else half_unit(2)
    pc = changes.find_printed(nums, c.current, False) if c.current is not None else None
    if c.base_value is not None:  # printed base: its own digits
        pb = changes.find_printed(nums, c.base_value, False)
        hp = pb.half_wan if pb else half_unit(2)
        if pa is None and pb is not None and pc is not None:
            # the change is not printed but read as current − base (预算数…决算数…差异率):
            # it carries both amounts' rounding
            ha = pb.half_wan + pc.half_wan
    else:  # current ∓ change: both roundings
        hp = ha + (pc.half_wan if pc else half_unit(2))
    if prev - hp <= 0:
        return None  # new this year: 增长100% is the template's convention
    amt = abs(c.amount)
    lo_r = 100 * max(0.0, amt - ha) / (prev + hp)
    hi_r = 100 * (amt + ha) / (prev - hp)
    if lo_r - t <= rate <= hi_r + t:
        return None
    exact = 100 * amt / prev
    details = {
        "change": c.amount,
        "previous": round(prev, 4),
        "current": c.current,
        "rate": c.rate,
        "expected": round(exact, 4),
        "base": c.base,
    }
    cur = c.current
    # a change against a budget (预决算差异率) is measured on the budget, not on last year
    was, now = ("预算数", "决算数") if changes.is_budget_base(c) else ("上年", "本年数")
    if cur and cur > 0 and abs(rate - 100 * amt / cur) <= t + 100 * ha / cur:
        details["rate_base"] = "current"
        return Problem(
            *span,
            f"“{item}”{d}{fmt(amt)}万元，变动率应为{fmt(exact)}%（以{was}{fmt(prev)}万元为基数），"
            f"文中{fmt(rate)}%是以{now}{fmt(cur)}万元为基数算的",
            details,
        )
    if any(lo_r - t <= rate * k <= hi_r + t for k in (100.0, 0.01)):
        details["scale"] = 100 if rate * 100 <= hi_r + t else 0.01
        return Problem(
            *span,
            f"“{item}”变动率应为{fmt(exact)}%，文中为{fmt(rate)}%，相差100倍（小数误作百分数）",
            details,
        )
    return Problem(
        *span,
        f"“{item}”{d}{fmt(amt)}万元，{was}{fmt(prev)}万元，变动率应为{fmt(exact)}%，文中为{fmt(rate)}%",
        details,
    )


def ratio_problem(ctx: CheckContext, c: Change, r: Reason, kind: str) -> Problem | None:
    """A completion (完成预算的X%: current / budget) or a share (占X%: part / whole) against
    its printed amounts; 0/0 printed as a rate is undefined."""
    if changes.rate_kind(c) != kind or c.rate is None or c.current is None or c.base_value is None:
        return None
    lo, hi = _region(ctx, c, r)
    nums = changes.printed_numbers(ctx.text, lo, hi)
    pr = changes.find_printed(nums, c.rate, True)
    if pr is None:
        return None
    item = r.item or "该项"
    pc = changes.find_printed(nums, c.current, False)
    pb = changes.find_printed(nums, c.base_value, False)
    hc = pc.half_wan if pc else half_unit(2)
    hb = pb.half_wan if pb else half_unit(2)
    if c.base_value <= hb:
        if c.current <= hc and c.rate:  # 0 / 0 printed as 0 %: the template's convention
            return Problem(
                pr.start,
                pr.end,
                f"“{item}”预算与实际均为0，比率无意义，文中却写{fmt(c.rate)}%",
                {"rate": c.rate, "current": c.current, "base_value": c.base_value, "undefined": True},
            )
        return None
    t = tolerance(pr.decimals)
    lo_r = 100 * max(0.0, c.current - hc) / (c.base_value + hb)
    hi_r = 100 * (c.current + hc) / (c.base_value - hb)
    if lo_r - t <= c.rate <= hi_r + t:
        return None
    exact = 100 * c.current / c.base_value
    what = "完成率" if kind == "completion" else "占比"
    return Problem(
        pr.start,
        pr.end,
        f"“{item}”{fmt(c.current)}/{fmt(c.base_value)}万元，{what}应为{fmt(exact)}%，文中为{fmt(c.rate)}%",
        {"rate": c.rate, "current": c.current, "base_value": c.base_value, "expected": round(exact, 4)},
    )


# ---------------------------------------------------------------- parts and totals


@memo()  # a pure function of the item's name, asked for every change of a document
def _role(item: str) -> str | None:
    s = re.sub(r"\s+", "", item or "")
    if "三公" in s:
        return "total"
    if "出国" in s:
        return "abroad"
    if re.search(r"公务用?车|公车|用车", s):
        buy, run = "购置" in s, bool(re.search(r"运行|维护", s))
        return "vehicle" if buy == run else ("vehicle_buy" if buy else "vehicle_run")
    if "接待" in s and not s.startswith(("外事", "国内")):
        return "reception"
    # 政府采购 = 货物 + 工程 + 服务 (the procurement total's three kinds)
    if re.fullmatch(r"(?:\d{4}年度?)?政府采购(?:支出)?(?:总额)?", s):
        return "procurement"
    m = re.fullmatch(r"(?:政府采购)?(货物|工程|服务)(?:类)?(?:支出|采购)?", s)
    if m:
        return {"货物": "proc_goods", "工程": "proc_works", "服务": "proc_services"}[m.group(1)]
    if re.fullmatch(r"(?:一般公共预算)?(?:财政拨款)?基本支出", s):
        return "basic"
    if re.fullmatch(r"人员经费(?:支出)?", s):
        return "personnel"
    if re.fullmatch(r"(?:日常)?公用经费(?:支出)?", s):
        return "public"
    # The economic classes of 基本支出 (主要变动原因如下: 1.工资福利支出… 2.商品和服务支出…).
    if re.fullmatch(r"工资福利(?:支出)?", s):
        return "wages"
    if re.fullmatch(r"商品和服务(?:支出)?", s):
        return "goods"
    if re.fullmatch(r"对个人和家庭(?:的)?补助(?:支出)?", s):
        return "household"
    return None


# total role → part roles (the vehicle may be given whole or as its two parts)
_GROUPS = {
    "total": (("abroad", "vehicle", "reception"), ("abroad", "vehicle_buy", "vehicle_run", "reception")),
    "vehicle": (("vehicle_buy", "vehicle_run"),),
    "basic": (("personnel", "public"), ("wages", "goods", "household")),
    "procurement": (("proc_goods", "proc_works", "proc_services"),),
}


role = _role
GROUPS = _GROUPS


def _signed(c: Change) -> float | None:
    d = changes.direction(c)
    if c.amount is None or d is None:
        return None
    return 0.0 if d == "持平" else (abs(c.amount) if d == "增加" else -abs(c.amount))


def _unit(ctx: CheckContext, c: Change, r: Reason, value: float | None) -> float:
    """One unit of the last printed digit of ``value`` in 万元 (0.01 when not found)."""
    if value is None:
        return 0.01
    if value == 0:
        return 0.0  # a printed 0 is nothing spent, not a rounded amount
    p = changes.find_printed(changes.printed_numbers(ctx.text, *_region(ctx, c, r)), value, False)
    return 2 * p.half_wan if p else 0.01


def _change_unit(ctx: CheckContext, c: Change, r: Reason, value: float | None) -> float:
    """The tolerance of a change: its printed digits, or, for a change the text only implies
    (由X万元增至Y亿元), the digits of both amounts it is the difference of."""
    nums = changes.printed_numbers(ctx.text, *_region(ctx, c, r))
    if value is None or value == 0 or changes.find_printed(nums, value, False) is not None:
        return _unit(ctx, c, r, value)
    if c.current is not None and c.base_value is not None:
        return _unit(ctx, c, r, c.current) + _unit(ctx, c, r, c.base_value)
    return _unit(ctx, c, r, value)


def parts_problems(ctx: CheckContext) -> Iterator[Problem]:
    """Totals against their parts: 三公经费 = 因公出国（境）+ 公务用车 + 公务接待 (the car as one
    item or as 购置 + 运行维护), 公务用车 = 购置 + 运行维护, 基本支出 = 人员经费 + 公用经费 or
    工资福利 + 商品和服务 + 对个人和家庭的补助; both the amounts stated and the changes (基本支出:
    the changes only), each within one basis (上年 or a budget)."""
    by: dict[tuple[str, str], tuple[Change, Reason]] = {}
    for c, r in stated_changes(ctx):
        role = _role(r.item or "")
        if role is None or changes.rate_kind(c) in ("share", "points"):
            continue
        basis = "budget" if changes.is_budget_base(c) else "year"
        by.setdefault((basis, role), (c, r))
    # Items stated flat (因公出国（境）费0万元，与上年持平) take part with a change of 0: no
    # reason is asked of them, so the reader records no Reason.
    for f in ctx.report.figures:
        if f.kind != "yoy_change" or f.extra.get("direction") != "持平" or f.start < 0:
            continue
        role = _role(f.item or "")
        if role is None or ("year", role) in by:
            continue
        cur = f.value if f.extra.get("main") == "current" and (f.unit in (None, "", "万元", "万")) else None
        c = Change(amount=0.0, direction="持平", current=cur, base="上年", start=f.start, end=f.end)
        by[("year", role)] = (
            c,
            Reason(
                "",
                f.start,
                f.start,
                item=f.item,
                change=c,
                kind="missing",
                sentence_start=f.start,
                sentence_end=f.end,
            ),
        )
    for (basis, role), (tc, tr) in sorted(by.items(), key=lambda kv: kv[1][0].start):
        for parts in _GROUPS.get(role, ()):
            got = [by.get((basis, p)) for p in parts]
            if any(g is None for g in got):
                continue
            pcs = [g for g in got if g is not None]
            names = "＋".join(g[1].item or "" for g in pcs)
            for what, val in (("current", lambda c: c.current), ("change", _signed)):
                if role == "basic" and what == "current":
                    continue  # 基本支出 = 人员经费 + 公用经费 amounts: the figures' check (SUM008) has them
                total = val(tc)
                vals = [val(g[0]) for g in pcs]
                if total is None or any(v is None for v in vals):
                    continue
                s = sum(vals)  # type: ignore[arg-type]
                unit = _change_unit if what == "change" else _unit
                tol = unit(ctx, tc, tr, abs(total) if what == "change" else total) + sum(
                    unit(ctx, g[0], g[1], abs(v) if what == "change" else v)
                    for g, v in zip(pcs, vals, strict=True)
                )
                if abs(s - total) <= tol + 1e-9:
                    continue
                label = "变动" if what == "change" else "金额"
                span = (tc.start, tc.end)
                yield Problem(
                    *span,
                    f"“{tr.item}”{label}{fmt(total)}万元，而{names}合计{fmt(s)}万元",
                    {
                        "total": total,
                        "sum": round(s, 4),
                        "what": what,
                        "basis": basis,
                        "parts": {g[1].item: v for g, v in zip(pcs, vals, strict=True)},
                    },
                )
            break  # the first complete decomposition is the one the text uses
