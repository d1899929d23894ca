"""Plants in the forms narrative (real-forms.md 7 and 1.3–1.4): the anomaly kinds verified in
real records, in the forms the forms writer prints.

Called by :mod:`.plant` for documents whose narrative style is ``forms``; each returns the
plants (code, variant, span key) or None when the document offers no place, in which case
the seed-style planter runs instead.

- RSN001 boilerplate as the whole reason of a change of 30 % or more, or of a completion
  30 % or more off the budget (5 records in 5 provinces);
- RSN002 the change restated as its own cause, or a purpose instead of a cause;
- RSN005 a change of 15 % or more, or a completion 15 % or more off the budget, with no
  reason;
- RSN006 the unfilled template ``增加(减少)X万元，增长(下降)Y%`` (4 records in 4 provinces);
- SUM008 the 三公 total's change not the sum of its items' changes;
- SUM009 a completion rate (完成预算的Y%) that is not final / budget, or 0/0 printed as 0%.
"""

from __future__ import annotations

from typing import Any

from . import phrases as ph
from .model import Change, Plant, Variance
from .narr_forms import reason_driver_text


def forms_doc(ctx: Any) -> bool:
    return ctx.doc.style.get("narr") == "forms"


def _reasoned_item(c: Change) -> bool:
    return (
        c.sid.startswith("item") and c.previous > 0 and c.change != 0 and bool(c.reason) and not c.omit_reason
    )


def _at_least(ctx: Any, c: Change, lo: float) -> None:
    """Make the change at least ``lo`` percent by moving last year's figure (a 项 item's
    previous year is stated nowhere else, so nothing else changes)."""
    if c.rate >= lo:
        return
    r = ctx.rng
    if c.change < 0:
        d = r.uniform(max(lo, 35.0), 70.0) / 100.0
        c.previous = max(c.current + 1, int(round(c.current / (1.0 - d))))
    else:
        g = r.uniform(max(lo, 40.0), 90.0) / 100.0
        c.previous = max(1, min(c.current - 1, int(round(c.current / (1.0 + g)))))


def _variance(ctx: Any, lo: float) -> Variance | None:
    """A budget/final comparison at least ``lo`` percent off, with a reason, not yet used."""
    cands = [
        v
        for v in ctx.doc.variances.values()
        if v.budget > 0
        and v.final > 0
        and abs(v.rate) >= lo
        and v.reason
        and not v.omit_reason
        and ("var", v.sid) not in ctx.used_sids
    ]
    if not cands:
        return None
    v = ctx.rng.choice(cands)
    ctx.used_sids.add(("var", v.sid))
    return v


def rsn001(ctx: Any) -> list[Plant] | None:
    if ctx.rng.random() < 0.35:
        # Completion far from the budget explained by a formula (完成预算的62%, 主要原因是严控一般性支出).
        v = _variance(ctx, 30.0)
        if v is not None:
            v.reason = ph.expand(
                ctx.rng.choice(ph.BOILERPLATE if v.final < v.budget else ph.BOILERPLATE_NEUTRAL), ctx.rng
            )
            return [
                Plant(
                    "RSN001",
                    "boilerplate_budget_gap",
                    ("var_reason", v.sid),
                    {"item": v.item, "reason": v.reason, "rate": v.rate},
                )
            ]
    c = ctx.take_change(ctx.changes(_reasoned_item))
    if c is None:
        return None
    _at_least(ctx, c, 30.0)
    bank = ph.BOILERPLATE if c.change < 0 else ph.BOILERPLATE_NEUTRAL
    c.reason = ph.expand(ctx.rng.choice(bank), ctx.rng)
    return [
        Plant(
            "RSN001",
            "boilerplate_large_change",
            ("reason", c.sid),
            {"item": c.item, "reason": c.reason, "rate": c.rate},
        )
    ]


def rsn002(ctx: Any) -> list[Plant] | None:
    c = ctx.take_change(ctx.changes(lambda c: c.change != 0 and bool(c.reason) and not c.omit_reason))
    if c is None:
        return None
    c.reason = reason_driver_text(ctx.rng, c)
    variant = "purpose_as_cause" if "用于" in c.reason else "change_restated_as_cause"
    return [Plant("RSN002", variant, ("reason", c.sid), {"item": c.item, "reason": c.reason})]


def rsn005(ctx: Any) -> list[Plant] | None:
    if ctx.rng.random() < 0.35:
        # A completion 15 % or more off the budget with no reason (a 完成预算的60% needs one).
        v = _variance(ctx, 15.0)
        if v is not None:
            v.omit_reason = True
            v.form["kind"] = "completion"
            return [
                Plant(
                    "RSN005",
                    "budget_gap_without_reason",
                    ("var", v.sid),
                    {"item": v.item, "completion": round(100.0 * v.final / v.budget, 2)},
                )
            ]
    c = ctx.take_change(ctx.changes(_reasoned_item))
    if c is None:
        return None
    _at_least(ctx, c, 15.0)
    c.omit_reason = True
    return [
        Plant(
            "RSN005",
            "large_change_without_reason",
            ("stmt", c.sid),
            {"item": c.item, "change": c.change / 100, "rate": c.rate},
        )
    ]


def rsn006(ctx: Any) -> list[Plant] | None:
    if not forms_doc(ctx):
        return None
    c = ctx.take_change(ctx.changes(lambda c: c.previous > 0 and c.change != 0 and not c.omit_reason))
    if c is None:
        return None
    c.form["template"] = True
    return [Plant("RSN006", "unfilled_template", ("stmt", c.sid), {"item": c.item, "change": c.change / 100})]


def sum008(ctx: Any) -> list[Plant] | None:
    """The 三公 total's change is not the sum of its items' changes (real-forms 7: a total
    change ~9 % and another ~25 % below the sum of the sub-item changes). The total's
    rate stays its own change / its own last year, so only the parts fail to add up."""
    doc = ctx.doc
    t = doc.changes.get("three")
    items = [doc.changes.get(s) for s in ("abroad", "car", "rec")]
    if t is None or t.sid in ctx.used_sids or any(c is None or c.sid in ctx.used_sids for c in items):
        return None
    moved = [c for c in items if c is not None and c.previous > 0 and c.change != 0]
    total = sum(c.change for c in moved)
    if not moved or total == 0 or t.previous <= 0:
        return None
    off = max(50, int(abs(total) * ctx.rng.uniform(0.1, 0.3)))  # at least 0.5 万元
    new_prev = t.previous + (off if ctx.rng.random() < 0.5 else -off)
    if new_prev <= 0 or (t.current - new_prev) * total <= 0:
        return None
    ctx.used_sids.add(t.sid)
    t.previous = new_prev
    t.form.update(planted=True, numbers=True)
    for c in moved:
        ctx.used_sids.add(c.sid)
        c.form.update(planted=True, numbers=True)
    return [
        Plant(
            "SUM008",
            "total_change_not_sum_of_items",
            ("stmt", "three"),
            {"total_change": t.change / 100, "items_change": total / 100},
        )
    ]


def sum009(ctx: Any) -> list[Plant] | None:
    zeros = [
        v
        for v in ctx.doc.variances.values()
        if v.budget == 0 and v.final == 0 and ("var", v.sid) not in ctx.used_sids
    ]
    if zeros and ctx.rng.random() < 0.3:
        # 0/0 printed as a number: 预算数0万元，决算数0万元，预决算差异率0% (7, 2 records).
        v = ctx.rng.choice(zeros)
        ctx.used_sids.add(("var", v.sid))
        v.form["zero_rate"] = True
        return [Plant("SUM009", "zero_over_zero", ("var_rate", v.sid), {"item": v.item, "printed": 0.0})]
    cands = [
        v
        for v in ctx.doc.variances.values()
        if v.budget > 0 and v.final > 0 and v.final != v.budget and ("var", v.sid) not in ctx.used_sids
    ]
    if not cands:
        return None
    v = ctx.rng.choice(cands)
    ctx.used_sids.add(("var", v.sid))
    true = round(100.0 * v.final / v.budget, 2)
    wrong = (
        round(100.0 * v.budget / v.final, 2)
        if ctx.rng.random() < 0.5
        else round(true + ctx.rng.choice([4.0, -6.0, 9.5]), 2)
    )
    if abs(wrong - true) < 1.0:
        wrong = round(true + 5.0, 2)
    v.form["kind"] = "completion"
    v.rate_text = f"{wrong:.2f}%"
    return [
        Plant(
            "SUM009",
            "completion_rate_wrong",
            ("var_rate", v.sid),
            {"item": v.item, "printed": wrong, "expected": true},
        )
    ]
