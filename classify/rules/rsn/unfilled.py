"""RSN006: the template's 增加（减少） pair left as printed: no direction chosen."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ... import changes
from ...registry import CheckContext, Finding, rule
from ._common import _WS

EX_RSN006 = (
    "七、“三公”经费预算情况说明\n\n（一）因公出国（境）费预算 2.00 万元，比上年增加（减少）0.50 万元，"
    "增长（下降）20.00%，增加（减少）原因主要是：本年无出国计划。\n"
)

# What must follow an unfilled pair for it to be a statement and not a column header
# (``本年比上年增加（减少）`` heads tables): a number, or the reason's 原因 / 的原因.
_AFTER_PAIR = re.compile(r"[\s：:为了]{0,3}(?:\d|[(（]?\s*-?\s*\d|的?原因|所致|$)")


def _tables(ctx: CheckContext) -> list[tuple[int, int]]:
    return ctx.cached("table_spans", lambda: [(t.start, t.end) for t in ctx.report.tables])


def _in_reason(ctx: CheckContext, pos: int) -> bool:
    return any(r.start <= pos < r.end for r in ctx.report.reasons if r.kind != "missing")


# Near miss: the same fragment with the anomaly fixed; the rule stays quiet.
QUIET_RSN006 = (
    "七、“三公”经费预算情况说明\n\n（一）因公出国（境）费预算 2.00 万元，比上年增加 0.50 万元，"
    "增长 33.33%，增加原因主要是：本年新增一批出国考察计划。\n"
)


@rule(
    code="RSN006",
    severity="warning",
    title="模板未填写：增减方向未选定",
    example=EX_RSN006,
    quiet=QUIET_RSN006,
)
def unfilled_template(ctx: CheckContext) -> Iterable[Finding]:
    """模板未填写：增减方向词没有选定。

    说明模板同时给出两个方向，`比上年增加（减少）X万元，增长（下降）Y%`，填写者应只保留一个。原样
    保留时，句子没有表明方向（X 可能非零：方向只能由计算得出），其后的原因（`增加（减少）原因主要是…`、
    `…导致增加（减少）`）也是在不知道资金往哪边变的情况下写的。对每对一方在括号中的相反方向词（增加
    （减少）、下降（增长）、减少(增加)）触发，只要其后跟数字或原因（原因、所致），或出现在原因之中；
    对“幅”字前括号中的单字动词（`（减）幅Y%`）以及读取器标为 `direction_source = "template"` 的变动
    也触发。作为表格列标题的词对（其后无数字、不在正文中）是表头而不是陈述，跳过。指向该词对。

    为何单设代码：RSN002 评判原因的内容，RSN005 评判缺失的原因；这里是变动本身没有说明（模板未填），
    无论原因写什么，而 SUM007 需要一个方向词才能判定矛盾。

    示例：因公出国（境）费 比上年增加（减少）0.50 万元，增长（下降）20.00% → 两条 RSN006，
    “增加（减少）原因主要是”再报一条。

    [en] Template left unfilled: no direction chosen
    Unfilled template: the direction word was never chosen.

    The 说明 template offers both directions, ``比上年增加（减少）X万元，增长（下降）Y%``, and
    the writer is meant to keep one. Left as printed, the sentence states no direction (X
    may be nonzero: which way it moved must come from the arithmetic), and the reason after
    it (``增加（减少）原因主要是…``, ``…导致增加（减少）``) was written without knowing which
    way the money moved. Fires on every pair of opposite direction words with one in
    brackets (增加（减少）, 下降（增长）, 减少(增加)) followed by a number or a reason
    (原因, 所致), or inside a reason, and on a bracketed one-character verb before 幅
    (``（减）幅Y%``); and on a change the reader marks ``direction_source = "template"``.
    A pair heading a table column (no number after it, outside prose) is the table's
    header, not a statement, and is skipped. Points at the pair.

    Why a new code: RSN002 judges a reason's content and RSN005 a reason that is absent;
    here the change itself is unstated (a template left unfilled), whatever the reason
    says, and SUM007 needs a direction word to contradict.

    Example: 因公出国（境）费 比上年增加（减少）0.50 万元，增长（下降）20.00% → RSN006 twice,
    and once more for 增加（减少）原因主要是.
    """
    seen: list[tuple[int, int]] = []
    tables = _tables(ctx)
    text = ctx.text
    for m in changes.unfilled_pairs(text):
        s, e = m.span()
        in_reason = _in_reason(ctx, s)
        if not in_reason and not _AFTER_PAIR.match(text, e):
            continue
        if not in_reason and any(a <= s < b for a, b in tables):
            continue
        seen.append((s, e))
        msg = f"模板未填写：“{_WS.sub('', m.group())}”未选定增减方向"
        yield ctx.finding(s, e, msg, ctx.section_of(s), {"pair": _WS.sub("", m.group())})
    for r in ctx.report.reasons:
        c = r.change
        if c is None or c.direction_source != "template" or not (0 <= c.start < c.end <= len(text)):
            continue
        if any(a < c.end and c.start < b for a, b in seen):
            continue
        seen.append((c.start, c.end))
        msg = f"模板未填写：“{r.item or '该项'}”的变动未选定增减方向"
        yield ctx.finding(
            c.start,
            c.end,
            msg,
            ctx.section_of(c.start) + f" / {r.item or ''}",
            {"item": r.item, "direction": changes.direction(c)},
        )
