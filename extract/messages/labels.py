"""The scoring rules' documentation for ``jxscan rules`` (``scoring_doc.*``) and the labels
of statuses, reason qualities and table kinds (``status.*``, ``quality.*``, ``kind.*``)."""

from __future__ import annotations

from ._entry import _m

MESSAGES: dict[str, dict[str, str]] = {
    # the scoring rules' documentation for `jxscan rules` (Chinese; the English is the
    # docstring in classify/scoring.py, shown as it is)
    "scoring_doc.standard": _m(
        "达标得满分；未达标得 分值 × min(1, 实际/目标)（越低越好：目标/实际）。财政部自评说明的规则。",
        "met = full weight; missed = weight × min(1, actual/target)",
    ),
    "scoring_doc.both_ways": _m(
        "越低越好的成本和人数类指标按 分值 × 实际/目标 计分，少花于计划也要丢分（见于 000 和 004）。",
        "lower-better cost and headcount rows scored weight × actual/target",
    ),
    "scoring_doc.rate": _m(
        "执行得分 = 分值 × 执行率（上限 100%）；衡量预算本身的指标（其实际值即表中全年执行数）也按执行率计分。",
        "execution score = weight × execution rate (capped at 100 %)",
    ),
    "scoring_doc.deduction": _m(
        "分值 × max(0, 1 − 100·k·(1 − 完成率))：每差一个百分点扣分值的固定比例（001：k = 2.5%，"
        "低于 60% 不得分）。`k` 由指标行推断（指标行不能确定时才加入执行得分），需要两行一致；"
        "执行得分对执行率使用同一 `k`。",
        "weight × max(0, 1 − 100·k·(1 − completion)), k inferred from two agreeing rows",
    ),
    "scoring_doc.deduction_both_ways": _m(
        "扣分规则，成本和人数类指标的完成率双向计算（001 以此对未花完的成本预算扣分）。",
        "the deduction rule with the both-ways completion of cost and headcount rows",
    ),
    "scoring_doc.overrun_zero": _m(
        "金额行花超其上限得 0 分（成本指标超出目标值不得分）。", "a money row spent beyond its bound scores 0"
    ),
    "scoring_doc.zero_below": _m(
        "完成率低于阈值 θ 的未达标行得 0 分，高于阈值按比例。θ 介于得 0 分的完成最好的未达标行与"
        "得部分分的完成最差的未达标行之间；文件中没有部分得分时，未达标一律 0 分（达标满分，未达标 0）。",
        "a miss below the completion threshold θ scores 0, above it proportionally",
    ),
    "status.met": _m("达成", "met"),
    "status.unmet": _m("未达成", "missed"),
    "status.exceeded": _m("超额", "exceeded"),
    "status.unverifiable": _m("无法判定", "cannot tell"),
    "quality.specific": _m("具体", "specific"),
    "quality.boilerplate": _m("套话", "boilerplate"),
    "quality.non_explanatory": _m("未解释原因", "not an explanation"),
    "quality.contradictory": _m("矛盾", "contradictory"),
    "quality.missing": _m("缺失", "missing"),
    "kind.overall": _m("部门整体支出绩效自评表", "overall self-evaluation (部门整体支出绩效自评表)"),
    "kind.project": _m("项目支出绩效自评表", "project self-evaluation (项目支出绩效自评表)"),
    "kind.narrative": _m("整体支出绩效分析", "narrative analysis (整体支出绩效分析)"),
}
