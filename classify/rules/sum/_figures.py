"""What the SUM rules on narrative figures share: a stated change's problem reported
once per place, a figure's printed value and its whole (the parent it is a share of), the
budget-based change test.
"""

from __future__ import annotations

from collections.abc import Iterable

from extract.model import Figure

from ...arith import decimals
from ...registry import CheckContext, Finding
from .._changes import Problem


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


def changes_budget(c) -> bool:
    from ...changes import is_budget_base

    return is_budget_base(c)
