"""A component given as the cause of a total (real-forms 1.3): 三公经费增加，原因是公务接待费
增加. Such a reason names a cause, not a restatement; RSN002 asks these helpers before it fires."""

from __future__ import annotations

import re

from extract.model import Reason

from .. import changes
from ..reasons import body, directions_stated, has_change
from ..registry import CheckContext

_WS = re.compile(r"\s+")


def component_named(ctx: CheckContext, r: Reason) -> bool:
    """The reason names another item of this report that moved the same way (三公经费增加，
    原因是公务接待费增加, with 公务接待费's own change stated): a component given as the cause
    of a total (real-forms 1.3), which the report explains under that item; not a
    restatement."""
    d = changes.direction(r.change)
    if d not in ("增加", "减少"):
        return False
    s = body(r.text)
    own = _WS.sub("", r.item or "")
    for it in report_items(ctx):
        if len(it) < 4 or it == own or it in own or own in it or it not in s:
            continue
        if change_of_item(ctx, it) == d:
            return True
    return False


# A government budget's totals (fiscal reports, real-forms family 2): they are explained by
# the categories that moved them (主要是工业税收增加), whatever the labels say.
_LEAF_ITEM = re.compile(r"[(（]项[)）]")
_FISCAL_TOTAL = re.compile(r"预算(?:收入|支出)|税收收入|非税收入|基金收入")


def part_with_driver(r: Reason) -> bool:
    """A part of the item moving its way, named with a driver the lexicon reads (民生类项目支出
    增加, 税收收入中增值税增收较多 for a budget total): a component as the cause (real-forms
    1.3). Only the model called it a restatement; the lexicon's ``specific`` stands."""
    if r.details.get("rule_quality", r.quality) != "specific" and not _FISCAL_TOTAL.search(r.item or ""):
        return False
    # a (项) is the budget's most specific line: fees named under it are its spending
    # restated, not a component of a total (real-forms 1.3 is about totals and groups)
    if _LEAF_ITEM.search(r.item or "") and not _FISCAL_TOTAL.search(r.item or ""):
        return False
    d = changes.direction(r.change)
    stated = directions_stated(r.text)
    own = _WS.sub("", r.item or "")
    return (
        d in ("增加", "减少")
        and bool(stated)
        and all(x == d for x in stated)
        and (not own or own not in body(r.text))
    )


def report_items(ctx: CheckContext) -> list[str]:
    def make() -> list[str]:
        out = {o.item for o in ctx.report.reasons if o.item and o.change is not None}
        out |= {f.item for f in ctx.report.figures if f.kind == "yoy_change" and f.item}
        return sorted(out, key=len, reverse=True)

    return ctx.cached("report_items", make)


def change_of_item(ctx: CheckContext, item: str) -> str | None:
    """The direction of another item's change stated in the report (its own reason or
    missing-reason record, else its year-on-year figure)."""
    for o in ctx.report.reasons:
        if o.item == item and o.change is not None:
            return changes.direction(o.change) if has_change(o) else "持平"
    for f in ctx.report.figures:
        if f.kind == "yoy_change" and f.item == item:
            d = f.extra.get("direction")
            if d in ("增加", "减少"):
                return d if (f.extra.get("change") or f.extra.get("rate")) else "持平"
    return None
