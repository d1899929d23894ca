"""RSN001-RSN003: what a reason says -- boilerplate, a restatement of the change or
of the use, a contradiction of the change's direction or subject.
"""

from __future__ import annotations

from collections.abc import Iterable

from extract.model import Reason

from ... import changes
from ...reasons import contradiction, purpose_only, restates_change
from ...registry import CheckContext, Finding, rule
from .._components import component_named, part_with_driver
from ._common import (
    LARGE,
    _change_text,
    _details,
    _flag,
    _location,
    _needs_reason,
    _rule_quality,
    _siblings,
    _span,
)

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
    seen: set[tuple[int, int]] = set()  # one finding per reason text (a 分别 list shares one)
    for r in ctx.report.reasons:
        if r.kind == "deviation" or not _needs_reason(ctx, r):
            continue
        why = contradiction(r, sib)
        if why is None:
            continue
        span = _span(ctx, r)
        if span is None or span in seen:
            continue
        seen.add(span)
        msg = f"“{r.item or '该项'}”{_change_text(r)}的原因与之矛盾：{why}"
        yield ctx.finding(*span, msg, _location(ctx, r), {**_details(r), "contradiction": why})
