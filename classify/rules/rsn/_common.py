"""What the RSN rules share: a reason's table row, whether there is something to
explain, the finding's location, span, message parts and details, and the loop of the
reason-quality rules (``_flag``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from extract.model import IndicatorRow, Reason, Table

from ... import changes
from ...reasons import body, cause_of, has_change, sibling_leaves
from ...registry import CheckContext, Finding

_WS = re.compile(r"\s+")


def _row_index(ctx: CheckContext) -> dict[tuple[str | None, str], tuple[int, Table, int, IndicatorRow]]:
    def make():
        out = {}
        for ti, table, ri, row in ctx.rows():
            out.setdefault((table.title, row.name), (ti, table, ri, row))
        return out

    return ctx.cached("row_index", make)


def _row_of(ctx: CheckContext, r: Reason):
    return _row_index(ctx).get((r.table, r.item or ""))


def _needs_reason(ctx: CheckContext, r: Reason) -> bool:
    """Is there something to explain: a stated change, or a row that missed its target?
    (A 偏差原因 on a met row is optional commentary, not a slot the template requires.)"""
    if r.kind == "deviation":
        hit = _row_of(ctx, r)
        return hit is not None and hit[3].status == "unmet"
    return has_change(r)


def _siblings(ctx: CheckContext):
    return ctx.cached("siblings", lambda: sibling_leaves(ctx.report))


def _location(ctx: CheckContext, r: Reason) -> str:
    if r.kind == "deviation":
        hit = _row_of(ctx, r)
        if hit:
            return ctx.row_location(hit[1], hit[3]) + " / 偏差原因"
    return ctx.section_of(r.start) + f" / {r.item or '原因说明'}"


def _change_text(r: Reason) -> str:
    return changes.describe(r.change)


# A change this large (percent of its base; a completion this far from 100 %) makes a
# formula or a missing reason worth stating in the message: the catalogue's real cases of
# boilerplate under a large change are all ≥ 30 % (up to near-total drops, completions
# about half the budget).
LARGE = 30.0


def _size_note(r: Reason) -> str:
    sz = changes.size(r.change)
    if sz is None or sz < LARGE:
        return ""
    if changes.rate_kind(r.change) == "completion":
        return f"，与预算相差{changes._f(sz)}%"
    return f"，变动幅度达{changes._f(sz)}%"


def _rule_quality(r: Reason) -> str | None:
    """The lexicons' quality label (kept in details when the model's differs)."""
    return r.details.get("rule_quality", r.quality)


def _details(r: Reason) -> dict:
    c = r.change
    return {
        "item": r.item,
        "kind": r.kind,
        "cause": r.cause or cause_of(r.text),
        "quality": r.quality,
        "marker": r.marker,
        "change": None
        if c is None
        else {
            "amount": c.amount,
            "rate": c.rate,
            "direction": c.direction,
            "rate_kind": c.rate_kind,
            "base": c.base,
            "size": changes.size(c),
        },
        **r.details,
    }


def _span(ctx: CheckContext, r: Reason) -> tuple[int, int] | None:
    if 0 <= r.start < r.end <= len(ctx.text):
        e = r.end
        while e > r.start + 1 and ctx.text[e - 1] in " \t\r\n":
            e -= 1
        return r.start, e
    return None


def _flag(ctx: CheckContext, wanted, verdict: str) -> Iterator[Finding]:
    """A finding for every reason ``wanted(r)`` accepts where there is something to explain;
    one per span: a reason written once for a 分别 list is one Reason per item (the first
    names the others in ``also``), and it is one hollow text, not one per item."""
    seen: set[tuple[int, int]] = set()
    for r in ctx.report.reasons:
        if r.kind == "missing" or not _needs_reason(ctx, r) or not wanted(r):
            continue
        span = _span(ctx, r)
        if span is None or span in seen:
            continue
        seen.add(span)
        msg = f"“{r.item or '该项'}”{_change_text(r)}{verdict}{_size_note(r)}：{body(r.text)[:40]}"
        yield ctx.finding(*span, msg, _location(ctx, r), _details(r))
