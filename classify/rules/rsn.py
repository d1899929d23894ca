"""RSN: explanations (主要原因是 …, 偏差原因) judged against the change they explain.

A narrative reason must explain a stated change (year-on-year or budget/final variance);
a table's 偏差原因 must explain a row that missed its target. Reasons that explain nothing
(no change, a met row) are labelled but never flagged by RSN001-RSN003: there was nothing
to explain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from extract.model import IndicatorRow, Reason, Table

from .. import changes
from ..reasons import (
    body,
    cause_of,
    contradiction,
    has_change,
    purpose_only,
    quality_of,
    restates_change,
    sibling_leaves,
)
from ..registry import CheckContext, Finding, rule
from ._components import change_of_item, component_named, part_with_driver
from ._fragments import project_table

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
    """A finding for every reason ``wanted(r)`` accepts where there is something to explain."""
    for r in ctx.report.reasons:
        if r.kind == "missing" or not _needs_reason(ctx, r) or not wanted(r):
            continue
        span = _span(ctx, r)
        if span is None:
            continue
        msg = f"“{r.item or '该项'}”{_change_text(r)}{verdict}{_size_note(r)}：{body(r.text)[:40]}"
        yield ctx.finding(*span, msg, _location(ctx, r), _details(r))


EX_RSN001 = (
    "七、财政拨款“三公”经费支出决算情况说明\n\n2023 年度财政拨款“三公”经费支出 12.00 万元，比上年减少 3.00 万元，"
    "下降 20.00%，主要原因是：严格落实过紧日子要求，厉行节约，压减一般性支出。\n"
)


# Near miss: the same fragment with the anomaly fixed; the rule stays quiet.
QUIET_RSN001 = (
    "七、财政拨款“三公”经费支出决算情况说明\n\n2023 年度财政拨款“三公”经费支出 12.00 万元，比上年减少 3.00 万元，"
    "下降 20.00%，主要原因是：公务用车由 3 辆减至 2 辆，公务用车运行维护费减少。\n"
)


@rule(code="RSN001", severity="warning", title="原因说明为套话", example=EX_RSN001, quiet=QUIET_RSN001)
def boilerplate_reason(ctx: CheckContext) -> Iterable[Finding]:
    """原因说明是放在任何事项上都成立的套话，没有写出具体原因。

    质量标签来自学习模型（classify/learn，models/MODEL_CARD.md）：模型给出的套话概率 P(boilerplate)
    达到交叉验证选定的阈值（models/manifest.json 和 MODEL_CARD.md 中的 `thresholds`；不低于 0.5）并
    高于 P(non_explanatory) 时判为套话。`details.quality_score` 即该概率；规则词表判断不同时其标签见
    `details.rule_quality`。没有模型时由词表判断：模板的常用语（严格执行八项规定、厉行节约、过紧日子、
    严格按照预算执行、偏差在合理范围内、正常波动、根据工作需要…）去掉它们、单位名称、事项名称和复述
    的变动后一无所剩（含只减不增、加强〈项〉管理、严控…、压减一般性支出）。只在有需要解释的情况下
    触发：任何写法的非零变动（同比、对年初预算/调整预算、完成预算的X%偏离 100%），或未达目标的表格行。
    变动较大时（≥ 基数的 30%，或完成率偏离预算 ≥ 30 个百分点：目录中的真实案例从 30% 到几乎全降、
    完成约一半不等），即使模型把长套话读作具体，词表的套话判断也会触发，问题说明中写明变动幅度。

    示例：三公经费下降 20%，主要原因是：严格落实过紧日子要求，厉行节约，压减一般性支出 → RSN001。

    [en] Boilerplate reason
    The reason is a generic formula that would fit any item and names no concrete cause.

    The quality label comes from the learned model (classify/learn, models/MODEL_CARD.md):
    a reason is boilerplate when the model's P(boilerplate) reaches the threshold chosen by
    cross-validation (``thresholds`` in models/manifest.json and MODEL_CARD.md; never
    below 0.5) and exceeds P(non_explanatory). ``details.quality_score`` is that probability; where the
    rule lexicon disagrees its label is in ``details.rule_quality``. Without models the
    lexicon decides: the template's stock phrases (严格执行八项规定, 厉行节约, 过紧日子, 严格
    按照预算执行, 偏差在合理范围内, 正常波动, 根据工作需要 …) with nothing concrete left once
    they, unit names, the item's name and the restated change are removed (只减不增,
    加强〈项〉管理, 严控…, 压减一般性支出 included). Fires only where there is something to
    explain: a non-zero change of any phrasing (year-on-year, against 年初预算/调整预算, a
    completion 完成预算的X% off 100 %), or a table row that missed its target. Under a
    large change (≥ 30 % of its base, or a completion ≥ 30 points off the budget: the
    catalogue's real cases run from 30 % to near-total drops and completions of about half)
    the lexicon's formula fires even where the model reads the long formula as specific, and
    the message states the size.

    Example: 三公经费 −20 %, 主要原因是：严格落实过紧日子要求，厉行节约，压减一般性支出 → RSN001.
    """

    def wanted(r: Reason) -> bool:
        if r.quality == "boilerplate":
            return True
        # The lexicon's formulas under a large change: the model may read a long formula
        # (加强〈项〉管理, 只减不增 …) as specific; the size makes the emptiness matter.
        sz = changes.size(r.change)
        return (
            _rule_quality(r) == "boilerplate"
            and sz is not None
            and sz >= LARGE
            and r.quality != "contradictory"
        )

    return _flag(ctx, wanted, "的原因为套话，未说明具体原因")


EX_RSN002 = (
    "七、财政拨款“三公”经费支出决算情况说明\n\n与全年预算相比，公务接待费全年预算数 2.00 万元，决算数 0.80 万元，"
    "预决算差异率-60.00%，主要原因是：机关公务接待产生的餐费支出。\n"
)


# Near miss: the same fragment with the anomaly fixed; the rule stays quiet.
QUIET_RSN002 = (
    "七、财政拨款“三公”经费支出决算情况说明\n\n与全年预算相比，公务接待费全年预算数 2.00 万元，决算数 0.80 万元，"
    "预决算差异率-60.00%，主要原因是：本年上级来访检查减少，接待批次由 12 批减至 5 批。\n"
)


@rule(
    code="RSN002",
    severity="warning",
    title="原因说明只是复述或说明用途",
    example=EX_RSN002,
    quiet=QUIET_RSN002,
)
def restating_reason(ctx: CheckContext) -> Iterable[Finding]:
    """原因说明只是复述事实或说明钱花在哪里，而不是说明为何变化。

    几种情形：把变动本身当原因（…与上年持平、…导致增加（减少）、支出减少有所致、执行进度偏慢：去掉
    复述和事项名称后一无所剩）；以用途代替原因（主要用于〈用途〉、〈资金〉用于〈工程〉，旁边没有变动词）；
    描述开支（…产生的餐费支出、…发生的费用支出、…形成的…费；主要用于…、开支内容…）而没有驱动因素
    （同时写出驱动因素的原因，如新增2名人员、会议任务增加，按词表不算 RSN002）；或只说哪些费用项增减
    （办公费支出减少、人员经费和公用经费支出增加），未说明驱动因素（人员、政策、项目、任务量、价格、
    机构…）。标签来自学习模型，按 P(non_explanatory) 的交叉验证阈值（models/manifest.json）判定，
    没有模型时由词表判定；`details` 同 RSN001。只在有需要解释的情况下触发（非零变动或差异；未达标的行）。
    以组成部分作为总额的原因不算复述：本报告中另一事项同向变动且其变动已写明（三公经费 ← 公务接待费增加），
    某部分同向变动并有词表可读的驱动因素，或政府预算总额的类别（…预算收入/支出 ← 税收收入增加）。

    示例：公务接待费预决算差异 −60%，原因写“机关公务接待产生的餐费支出” → RSN002。

    [en] Reason only restates the change or the use
    The reason restates the fact or describes what the money was spent on, instead of
    why it changed.

    Three patterns: the change restated as its own cause (…与上年持平, …导致增加（减少）,
    支出减少有所致, 执行进度偏慢: nothing left once the restatement and the item's name are
    removed); a purpose instead of a cause (主要用于〈用途〉, 〈资金〉用于〈工程〉 with no change
    word beside it); a description of the spending (…产生的餐费支出, …发生的费用支出, …形成的
    …费; 主要用于…, 开支内容…) with no driver besides it (a reason that also names a driver,
    e.g. 新增2名人员 or 会议任务增加, is not RSN002 by the lexicon); or clauses that only say
    which cost items rose or fell (办公费支出减少, 人员经费、公用经费支出增加) without naming a
    driver (people, policy, project, task volume, price, organisation …). The label comes from the learned model
    with its own cross-validated threshold on P(non_explanatory) (models/manifest.json),
    the lexicon without models; ``details`` as for RSN001.
    Fires only where there is something to explain (non-zero change or variance; a missed
    row). A component given as the cause of a total is a cause, not a restatement: another
    item of the same report moving the same way (三公经费 ← 公务接待费增加, its own change
    stated), a part moving the item's way with a driver the lexicon reads, or the categories
    of a government budget total (…预算收入/支出 ← 税收收入增加).

    Example: a −60 % 公务接待费 variance explained by 机关公务接待产生的餐费支出 → RSN002.
    """

    def wanted(r: Reason) -> bool:
        if r.quality == "contradictory":
            return False
        if restates_change(r) or purpose_only(r):
            return True
        return r.quality == "non_explanatory" and not component_named(ctx, r) and not part_with_driver(r)

    return _flag(ctx, wanted, "的原因只复述了变动或用途，未说明为何变化")


EX_RSN003 = (
    "五、一般公共预算财政拨款支出决算情况说明\n\n"
    "1. 卫生健康支出（类）公立医院（款）综合医院（项）：支出决算数为 300.00 万元，比上年决算增加 30.00 万元，"
    "增长 11.11%，主要原因是：本年中医医院设备购置项目增加，中医（民族）医院支出增加。\n"
    "2. 卫生健康支出（类）公立医院（款）中医（民族）医院（项）：支出决算数为 100.00 万元，比上年决算减少 10.00 万元，"
    "下降 9.09%，主要原因是：本年医院人员减少，人员经费支出增加。\n"
)


# Near miss: the same fragment with the anomaly fixed; the rule stays quiet.
QUIET_RSN003 = (
    "五、一般公共预算财政拨款支出决算情况说明\n\n"
    "1. 卫生健康支出（类）公立医院（款）综合医院（项）：支出决算数为 300.00 万元，比上年决算增加 30.00 万元，"
    "增长 11.11%，主要原因是：本年综合医院设备购置项目增加，综合医院支出增加。\n"
    "2. 卫生健康支出（类）公立医院（款）中医（民族）医院（项）：支出决算数为 100.00 万元，比上年决算减少 10.00 万元，"
    "下降 9.09%，主要原因是：本年医院人员减少，人员经费支出减少。\n"
)


@rule(
    code="RSN003", severity="error", title="原因与变动方向或对象矛盾", example=EX_RSN003, quiet=QUIET_RSN003
)
def contradictory_reason(ctx: CheckContext) -> Iterable[Finding]:
    """原因说明的方向与所解释的变动相反，或说的是另一个对象。

    方向：原因中每个“金额名词 + 变动动词”的表述（支出增加、减少…经费）都与所述变动方向相反
    （多单位原因中方向混杂的不触发）。对象：原因提到同级的另一事项（同一类/款路径，或另一项三公经费），
    却从未提到本项，例如“事业单位离退休”用“行政单位离退休支出增加”解释；单位名称中包含同级事项名
    （残疾人康复中心解释事业运行）不算。只检查说明中的原因（偏差原因单元格没有所述方向）。

    示例：中医（民族）医院下降 9.09%，原因为“…人员经费支出增加” → RSN003（方向）；综合医院用“中医
    （民族）医院支出增加”解释 → RSN003（对象）。

    [en] Reason contradicts the change's direction or subject
    The reason states the opposite direction, or a different subject, from the change it
    explains.

    Direction: every "money noun + change verb" statement in the reason (支出增加, 减少…经费)
    points the other way from the stated change (mixed statements, as in multi-unit
    reasons, do not fire). Subject: the reason names a sibling item (same 类/款 path, or
    another 三公 item) and never the item itself, e.g. 事业单位离退休 explained by
    行政单位离退休支出增加; a sibling's name inside a unit's name (残疾人康复中心 explaining
    事业运行) does not count. Narrative reasons only (a 偏差原因 cell has no stated direction).

    Example: 中医（民族）医院 −9.09 % explained by …人员经费支出增加 → RSN003 (direction);
    综合医院 explained by 中医（民族）医院支出增加 → RSN003 (subject).
    """
    sib = _siblings(ctx)
    for r in ctx.report.reasons:
        if r.kind == "deviation" or not _needs_reason(ctx, r):
            continue
        why = contradiction(r, sib)
        if why is None:
            continue
        span = _span(ctx, r)
        if span is None:
            continue
        msg = f"“{r.item or '该项'}”{_change_text(r)}的原因与之矛盾：{why}"
        yield ctx.finding(*span, msg, _location(ctx, r), {**_details(r), "contradiction": why})


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
    for r in ctx.report.reasons:
        key = re.sub(r"[，。；、,.;:：\s\"“”()（）]+", "", body(r.text))
        if len(key) < 6 or cause_of(r.text) == "无此项支出":
            continue
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


__all__ = ["quality_of"]
