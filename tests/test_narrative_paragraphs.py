"""Whole paragraphs in the skeletons of real-forms sections 3-5 (written here): every
explanation with its change, the unexplained changes as ``missing``, and the figures
(amounts with families and shares, changes, completion, counts, scores, grades)."""

from __future__ import annotations

import pytest

from extract.model import Figure, Reason
from extract.narrative import extract_figures
from extract.narrative_reasons import extract_reasons
from extract.normalize import normalize

SKELETON_A = (
    "(一)2023年度“三公”经费支出决算总体情况说明\n"
    "2023年度“三公”经费支出预算为18.60万元，支出决算为14.20万元，完成预算的76.34%，决算数小于预算数的主要原因是：严格控制公务接待和公车使用。\n"
    "(二)“三公”经费支出决算具体情况说明\n"
    "2023年度“三公”经费支出决算中，因公出国(境)费支出决算0.00万元，占0.00%；公务接待费支出决算2.40万元，占16.90%；"
    "公务用车购置及运行费支出决算11.80万元，占83.10%。具体情况如下：\n"
    "1.因公出国(境)费支出0.00万元，与2023年度预算相比，减少3.00万元，下降100.00%，减少的原因是全年未安排出国团组。"
    "全年因公出国(境)团组0个，累计0人次。\n"
    "2.公务接待费支出2.40万元，与2023年度预算相比，减少1.20万元，下降33.33%。国内公务接待共15批次，120人次；无外事接待。\n"
    "3.公务用车购置及运行费支出11.80万元，其中：公务用车购置费0.00万元，公务用车运行维护费11.80万元，主要用于执法执勤车辆的燃料、维修和保险。"
    "截至2023年12月底，单位共有公务用车6辆。"
)

SKELETON_E = (
    "基本支出预算较上年增28.6万元,增幅7.2%。主要变动原因如下:\n"
    "1.工资福利支出较上年增30.1万元,增9.8%。主要原因是:人员晋级晋档。\n"
    "2.商品和服务支出较上年减1.5万元,减幅2.3%。主要原因是:压减一般性支出。\n"
    "“三公”经费预算总额为6.2万元,其中,因公出国(境)费支出0万元,公务接待费1.2万元,公务用车运行维护费5.0万元。"
)

SKELETON_F = (
    "记者从市财政局获悉，2024年市本级“三公”经费预算总额为1.86亿元，比上年减少2,150万元，实现“五连降”。"
    "分项看，公务接待费降幅最大，下降18.5%，公务用车购置及运行维护费次之，下降9.2%。"
)

PERFORMANCE = (
    "二、评价结论\n经综合评价，该项目绩效评价总体得分92.5分，评价等级为优。\n"
    "共编制12个绩效目标指标，其中一级指标3个，二级指标5个，三级指标12个。\n"
    "项目资金到位率100%，资金执行数为186.40万元，执行率为93.20%。"
)

FISCAL = (
    "全县一般公共预算收入完成12.36亿元，为调整预算的103.2%，同比增长6.8%。其中：税收收入8.15亿元，增长4.1%；"
    "非税收入4.21亿元，增长12.0%。一般公共预算支出完成28.90亿元，完成调整预算的91.5%，同比下降3.6%，主要是上年一次性支出较多。"
)


def _run(text: str) -> tuple[list[Reason], list[Figure]]:
    norm = normalize(text)
    return extract_reasons(text, norm, []), extract_figures(text, norm, [])


def _only(items: list, **want) -> object:
    hits = [x for x in items if all(getattr(x, k) == v for k, v in want.items())]
    assert len(hits) == 1, (want, [(getattr(x, "kind", None), getattr(x, "item", None)) for x in items])
    return hits[0]


def test_two_part_final_account() -> None:
    reasons, figures = _run(SKELETON_A)
    total = _only(reasons, marker="主要原因是")
    assert total.item == '"三公"经费' and total.change is not None
    c = total.change
    assert (c.rate_kind, c.rate, c.base, c.base_value, c.current, c.direction) == (
        "completion",
        76.34,
        "预算",
        18.6,
        14.2,
        "减少",
    )
    assert c.amount == pytest.approx(4.4)
    abroad = _only(reasons, marker="原因是")
    assert abroad.item == "因公出国(境)费" and abroad.change is not None
    assert (abroad.change.amount, abroad.change.rate, abroad.change.base) == (3.0, 100.0, "2023年预算")
    # 公务接待费 changed by a third with no reason: missing
    miss = _only(reasons, kind="missing")
    assert miss.item == "公务接待费" and miss.change is not None and miss.change.rate == 33.33
    counts = {(f.item, f.unit): f.value for f in figures if f.kind == "count"}
    assert counts[("单位共有公务用车", "辆")] == 6.0
    assert counts[("国内公务接待", "批次")] == 15.0
    families = {f.item: f.extra.get("family") for f in figures if f.kind == "amount"}
    assert families["公务用车运行维护费"] == "sangong_vehicle_operation"
    assert families["公务用车购置及运行费"] == "sangong_vehicle"


def test_economic_class_heading_explains_the_total() -> None:
    reasons, figures = _run(SKELETON_E)
    head = _only(reasons, marker="主要变动原因如下")
    assert head.item == "基本支出" and head.change is not None and head.change.amount == 28.6
    assert "压减一般性支出" in head.text
    wages = _only(reasons, item="工资福利支出")
    assert wages.change is not None and (wages.change.amount, wages.change.rate) == (30.1, 9.8)
    goods = _only(reasons, item="商品和服务支出")
    assert goods.change is not None and goods.change.direction == "减少" and goods.change.rate == 2.3
    assert not [r for r in reasons if r.kind == "missing"]
    amounts = {f.item: f.value for f in figures if f.kind == "amount"}
    assert amounts['"三公"经费'] == 6.2 and amounts["公务用车运行维护费"] == 5.0


def test_news_aggregate_in_yi_with_ranked_items() -> None:
    reasons, figures = _run(SKELETON_F)
    total = _only(reasons, item='市本级"三公"经费')
    assert total.kind == "missing" and total.change is not None
    assert total.change.amount == 2150.0 and total.change.unit == "万元" and total.change.current == 18600.0
    reception = _only(reasons, item="公务接待费")
    assert reception.kind == "missing" and reception.change is not None and reception.change.rate == 18.5
    amount = _only(figures, kind="amount", item='市本级"三公"经费')
    assert amount.value == 1.86 and amount.unit == "亿元" and amount.extra["wan"] == 18600.0


def test_performance_scores_grades_counts_rates() -> None:
    reasons, figures = _run(PERFORMANCE)
    assert reasons == []
    score = _only(figures, kind="score")
    assert score.value == 92.5 and "总体得分" in score.item
    assert _only(figures, kind="grade").extra["grade"] == "优"
    counts = {f.item: f.value for f in figures if f.kind == "count"}
    assert (counts["一级指标"], counts["二级指标"], counts["三级指标"]) == (3.0, 5.0, 12.0)
    rates = {f.extra["base"]: f.value for f in figures if f.kind == "completion"}
    assert rates == {"到位": 100.0, "执行率": 93.2}


def test_government_report_needs_no_reason_but_keeps_the_one_given() -> None:
    reasons, figures = _run(FISCAL)
    (r,) = reasons
    assert r.marker == "主要是" and r.item == "一般公共预算支出"
    assert r.change is not None and (r.change.rate, r.change.base, r.change.direction) == (
        3.6,
        "上年同期",
        "减少",
    )
    comp = {f.item: f.value for f in figures if f.kind == "completion"}
    assert comp == {"全县一般公共预算收入": 103.2, "一般公共预算支出": 91.5}
    tax = _only(figures, kind="yoy_change", item="税收收入")
    assert tax.value == 8.15 and tax.unit == "亿元" and tax.extra["rate"] == 4.1


def test_mainly_far_from_the_change_is_no_reason() -> None:
    reasons, _ = _run(
        "公务用车运行维护费支出5.40万元，比上年增加0.60万元，增长12.50%。我单位职能主要是市场监管执法。"
    )
    (r,) = reasons
    assert r.kind == "missing" and r.item == "公务用车运行维护费"


def test_due_to_without_a_change_is_no_reason() -> None:
    assert _run("由于工作需要，本单位全年组织开展培训12次。")[0] == []
