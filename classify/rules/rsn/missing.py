"""RSN005: a change, a variance or a missed target with no reason where the
template asks for one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from extract.model import Reason

from ... import changes
from ...reasons import has_change
from ...registry import CheckContext, Finding, rule
from .._fragments import project_table
from ._common import _WS, _change_text, _details, _size_note

EX_RSN005 = project_table(
    "病媒生物防制",
    [
        ("产出指标", "数量指标", "开展灭鼠灭蚊活动次数", "≥6次", "=4次", 20, 13.33, ""),
        ("产出指标", "质量指标", "病媒密度控制达标率", "≥90%", "=95%", 20, 20, ""),
        ("成本指标", "经济成本指标", "药品采购成本", "≤18万元", "=18万元", 20, 20, ""),
        ("满意度指标", "满意度指标", "居民满意度", "≥90%", "=93%", 30, 30, ""),
    ],
    budget=(20.0, 20.0, 20.0),
)

_NOTE_HEADER = re.compile(r"偏\s*差\s*原\s*因")

# A change stated with no reason asks for one when the template's 主要原因是 slot follows an
# amount (a department's year-on-year or budget-vs-final sentence), or when it is large:
# a bare rate (〈项〉X亿元，增长Y%, the norm of fiscal reports) or a completion only at
# ≥ 15 % (the catalogue's unexplained real cases: a near-total drop, about 60 % of
# 公务接待费; completion 完成预算的40%).
ASK_SIZE = 15.0


def _asks_reason(c) -> bool:
    sz = changes.size(c)
    if changes.rate_kind(c) in ("completion", "points") or c.amount is None:
        return sz is not None and sz >= ASK_SIZE
    return True


# Words that explain, in the rest of the sentence after a change the reader left unexplained
# (由于…, …所致, 受…影响, 原因…): the change has a reason, read or not; RSN005 stays silent.
_EXPLAINS = re.compile(r"原因|由于|因为|主要是|这是|系因|受[^，。；,;\n]{1,16}影响|所致|导致|得益于|源于")


def _explained_after(ctx: CheckContext, r: Reason) -> bool:
    c = r.change
    if c is None or c.end < 0:
        return False
    end = ctx.text.find("\n", c.end)
    end = len(ctx.text) if end < 0 else end
    stop = re.search(r"[。；;]", ctx.text[c.end : end])
    rest = ctx.text[c.end : c.end + stop.start() + 1 if stop else end]
    if stop and not _EXPLAINS.search(rest):  # the reason may open the next sentence
        nxt = ctx.text[c.end + stop.end() : end]
        rest = nxt[:12]
    return bool(_EXPLAINS.search(rest))


def _missing_span(ctx: CheckContext, r: Reason) -> tuple[int, int] | None:
    """The sentence (else the change clause) that lacks a reason."""
    for s, e in (
        (r.sentence_start, r.sentence_end),
        (r.change.start, r.change.end) if r.change else (-1, -1),
        (r.start, r.end),
    ):
        if 0 <= s < e <= len(ctx.text):
            while e > s + 1 and ctx.text[e - 1] in " \t\r\n":
                e -= 1
            return s, e
    return None


# Near miss: the same fragment with the anomaly fixed; the rule stays quiet.
QUIET_RSN005 = project_table(
    "病媒生物防制",
    [
        (
            "产出指标",
            "数量指标",
            "开展灭鼠灭蚊活动次数",
            "≥6次",
            "=4次",
            20,
            13.33,
            "汛期两次活动推迟至次年开展",
        ),
        ("产出指标", "质量指标", "病媒密度控制达标率", "≥90%", "=95%", 20, 20, ""),
        ("成本指标", "经济成本指标", "药品采购成本", "≤18万元", "=18万元", 20, 20, ""),
        ("满意度指标", "满意度指标", "居民满意度", "≥90%", "=93%", 30, 30, ""),
    ],
    budget=(20.0, 20.0, 20.0),
)


@rule(code="RSN005", severity="warning", title="应说明原因而未说明", example=EX_RSN005, quiet=QUIET_RSN005)
def missing_reason(ctx: CheckContext) -> Iterable[Finding]:
    """模板要求说明原因之处，变动、预决算差异或未达标的目标没有说明原因。

    需要原因的模板位置：说明中的同比变动或预决算差异（模板在其后写“主要原因是”；抽取时把空着的标为
    `missing`），以及带“偏差原因”列的表格中未达标的指标行（该列就是模板留给原因的位置）。指向缺少原因
    的行或句子。任何写法的变动都算（元/万元/亿元，对上年或预算）；只有比率没有金额的变动（〈项〉X亿元，
    增长Y%，财政报告的常见写法）、以百分点计的变动和完成率（完成预算的X%）偏离基数 15% 以上才要求原因
    （目录中未说明原因的真实案例都 ≥ 15%）；30% 及以上的幅度在问题说明中写明。

    示例：开展灭鼠灭蚊活动次数 `≥6次`，实际 4，偏差原因空白 → RSN005。

    [en] Reason required but missing
    A change, a budget/final variance, or a missed target is stated with no reason where
    the template asks for one.

    Template slots that require a reason: a year-on-year change or a 预决算差异 stated in
    the narrative (the template follows each with 主要原因是; the extraction marks those
    left empty as ``missing``), and a missed indicator row in a table that has a 偏差原因
    column (the column is the template's slot for it). Points at the row or sentence
    lacking the reason. Any phrasing of the change counts (元/万元/亿元, against 上年 or a
    budget); a bare rate with no amount (〈项〉X亿元，增长Y%, the norm of fiscal reports), a
    change in percentage points and a completion (完成预算的X%) ask for a reason only from
    15 % off their base (the catalogue's unexplained real cases are all ≥ 15 %); the message
    states sizes of 30 % and more.

    Example: 开展灭鼠灭蚊活动次数 ``≥6次``, actual 4, blank 偏差原因 → RSN005.
    """
    for r in ctx.report.reasons:
        if (
            r.kind == "missing"
            and has_change(r)
            and _asks_reason(r.change)
            and "explained_by" not in r.details
            and not _explained_after(ctx, r)
        ):
            span = _missing_span(ctx, r)
            if span is not None:
                s, e = span
                msg = f"“{r.item or '该项'}”{_change_text(r)}未说明原因{_size_note(r)}"
                yield ctx.finding(s, e, msg, ctx.section_of(s) + f" / {r.item or ''}", _details(r))
    for _ti, table, _ri, row in ctx.rows():
        if row.status != "unmet" or (row.note or "").strip():
            continue
        if not _NOTE_HEADER.search(ctx.text[table.start : table.end]):
            continue
        span = ctx.row_span(table, row)
        if span is None:
            continue
        msg = f"「{row.name}」未达目标（目标{_WS.sub('', row.target.raw)}，实际{_WS.sub('', row.actual.raw)}），未填写偏差原因"
        yield ctx.finding(
            *span,
            msg,
            ctx.row_location(table, row),
            {"target": row.target.value, "actual": row.actual.value, "status": row.status},
        )
