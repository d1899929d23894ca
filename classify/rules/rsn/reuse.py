"""RSN004: one reason text reused for items that moved in opposite directions."""

from __future__ import annotations

import re
from collections.abc import Iterable

from extract.model import Reason

from ... import changes
from ...reasons import body, cause_of, has_change
from ...registry import CheckContext, Finding, rule
from .._components import change_of_item
from .._fragments import project_table
from ._common import _details, _location, _row_of, _span


def _direction_of(ctx: CheckContext, r: Reason) -> str | None:
    if r.kind == "deviation":
        hit = _row_of(ctx, r)
        if hit is None:
            return None
        st = hit[3].status
        return {"unmet": "未达标", "exceeded": "超额"}.get(st or "")
    if not has_change(r):
        # flat only when the text says so (持平, 0 change); a change the reader did not
        # see, or one without figures (同比略有增长), is not known to differ
        d = changes.direction(r.change) if r.change is not None else None
        return d if d in ("增加", "减少", "持平") else None
    return changes.direction(r.change)


EX_RSN004 = project_table(
    "基层医疗设备购置",
    [
        (
            "产出指标",
            "数量指标",
            "购置DR设备台数",
            "≥10台",
            "=8台",
            20,
            16,
            "设备招标价格变化，实际采购数量与计划存在偏差",
        ),
        (
            "产出指标",
            "数量指标",
            "购置心电图机台数",
            "≥20台",
            "=26台",
            20,
            20,
            "设备招标价格变化，实际采购数量与计划存在偏差",
        ),
        ("成本指标", "经济成本指标", "设备购置成本", "≤140万元", "=140万元", 20, 20, ""),
        ("满意度指标", "满意度指标", "医务人员满意度", "≥90%", "=95%", 30, 30, ""),
    ],
    budget=(150.0, 150.0, 150.0),
)


# Near miss: the same fragment with the anomaly fixed; the rule stays quiet.
QUIET_RSN004 = project_table(
    "基层医疗设备购置",
    [
        (
            "产出指标",
            "数量指标",
            "购置DR设备台数",
            "≥10台",
            "=8台",
            20,
            16,
            "DR设备招标价格高于预算，采购数量减少",
        ),
        (
            "产出指标",
            "数量指标",
            "购置心电图机台数",
            "≥20台",
            "=26台",
            20,
            20,
            "心电图机招标价格低于预算，结余资金增购6台",
        ),
        ("成本指标", "经济成本指标", "设备购置成本", "≤140万元", "=140万元", 20, 20, ""),
        ("满意度指标", "满意度指标", "医务人员满意度", "≥90%", "=95%", 30, 30, ""),
    ],
    budget=(150.0, 150.0, 150.0),
)


@rule(
    code="RSN004",
    severity="warning",
    title="同一原因用于方向不同的变动",
    example=EX_RSN004,
    quiet=QUIET_RSN004,
)
def reused_reason(ctx: CheckContext) -> Iterable[Finding]:
    """同一段原因文字用于变动方向不同的多个事项。

    比较去掉空格、换行和标点后的原因文字（≥ 6 字；“无此项支出”类原因除外）。一组原因所涉事项的变动
    方向不同时触发：说明中的变动为增加与减少，偏差原因单元格为未达标与超额。一个解释不能同时说明增加
    和减少。定性变动（同比大幅下降）有其方向；未读到的变动视为未知（不当作持平）；比较时忽略括号。
    第一次之后的每次复用都报告，指向被复用的文字。

    示例：购置DR设备台数（≥10 完成 8，未达标）和购置心电图机台数（≥20 完成 26，超额）的偏差原因相同
    → RSN004。

    [en] One reason for changes in opposite directions
    The same reason text is reused for items whose changes differ in direction.

    Reasons are compared on their text with spaces, line wraps and punctuation removed
    (≥ 6 characters; "no such expense" reasons excluded). A group fires when its items
    moved in different directions: 增加 vs 减少 for narrative changes, a missed row vs an
    exceeded row for 偏差原因 cells. One explanation cannot account for both an increase
    and a decrease. A qualitative change (同比大幅下降) has its direction; a change the reader
    did not see is unknown (never "flat"); brackets are ignored in the comparison. Fires on
    every reuse after the first, pointing at the reused text.

    Example: the same 偏差原因 under 购置DR设备台数 (8 of ≥10, missed) and 购置心电图机台数
    (26 of ≥20, exceeded) → RSN004.
    """
    groups: dict[str, list[Reason]] = {}
    spans: set[tuple[int, int]] = set()
    for r in ctx.report.reasons:
        key = re.sub(r"[，。；、,.;:：\s\"“”()（）]+", "", body(r.text))
        if len(key) < 6 or cause_of(r.text) == "无此项支出":
            continue
        # A reason written once for a 分别 list is one Reason per item at one span: the first
        # stands for them all (its ``also`` names the others), as one text written once.
        if (r.start, r.end) in spans:
            continue
        spans.add((r.start, r.end))
        groups.setdefault(key, []).append(r)
    for members in groups.values():
        # One reason written once for several items (``also``): each item is a member.
        first = members[0]
        also = [(it, change_of_item(ctx, it)) for m in members for it in m.also if it and it != m.item]
        if also and len(members) == 1:
            d0 = _direction_of(ctx, first)
            dirs = [d0] + [d for _, d in also]
            known = {d for d in dirs if d}
            span = _span(ctx, first)
            if len(known) >= 2 and span is not None:
                desc = "、".join(f"“{it}”（{d or '—'}）" for it, d in also)
                msg = f"“{first.item or '该项'}”（{d0 or '—'}）与{desc}变动不同，却共用同一原因说明"
                yield ctx.finding(
                    *span,
                    msg,
                    _location(ctx, first),
                    {
                        **_details(first),
                        "same_as": [it for it, _ in also],
                        "directions": dirs,
                        "items": [first.item] + [it for it, _ in also],
                    },
                )
            continue
        if len(members) < 2:
            continue
        dirs = [_direction_of(ctx, r) for r in members]
        known = {d for d in dirs if d}
        if len(known) < 2:
            continue
        for r, d in zip(members[1:], dirs[1:], strict=True):
            span = _span(ctx, r)
            if span is None or d is None or d == dirs[0]:
                continue  # a reuse moving the same way as the first use is consistent with it
            msg = (
                f"“{r.item or '该项'}”（{d}）与“{first.item or '另一项'}”（{dirs[0] or '—'}）"
                f"变动不同，却使用同一原因说明"
            )
            yield ctx.finding(
                *span,
                msg,
                _location(ctx, r),
                {
                    **_details(r),
                    "same_as": first.item,
                    "directions": dirs,
                    "items": [m.item for m in members],
                },
            )
