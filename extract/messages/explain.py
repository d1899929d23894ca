"""Readable findings (``explain.*``) and the scoring rules' short names (``scoring.*``)."""

from __future__ import annotations

from ._entry import _m

MESSAGES: dict[str, dict[str, str]] = {
    # -- readable findings: one sentence built from a finding's details (service/explain.py);
    # fields are the detail keys ("v" for a key that is not an identifier)
    "explain.overlap_goal_duties": _m(
        "预期目标的文字片段中有{containment}也出现在部门“主要职能”中（判定线{threshold}）",
        "{containment} of the goal's text fragments also occur in the department's "
        "主要职能 (duties) (line drawn at {threshold})",
    ),
    "explain.overlap_result_goal": _m(
        "实际完成情况的文字片段中有{containment}与预期目标相同（判定线{threshold}）",
        "{containment} of the result's text fragments are the goal's (line drawn at {threshold})",
    ),
    "explain.same_goal": _m(
        "与“{same_as}”的预期目标相似度为{jaccard}", "its goal is {jaccard} similar to the goal of “{same_as}”"
    ),
    "explain.similarity": _m(
        "两份文字的相似度（Jaccard）为{jaccard}", "the two texts are {jaccard} similar (Jaccard)"
    ),
    "explain.status": _m("判定：{status}", "verdict: {status}"),
    "explain.target": _m("目标{target_raw}", "target {target_raw}"),
    "explain.actual": _m("实际{actual_raw}", "actual {actual_raw}"),
    "explain.target_value": _m("目标{target}", "target {target}"),
    "explain.actual_value": _m("实际{actual}", "actual {actual}"),
    "explain.score": _m("得分{score}（分值{weight}）", "score {score} of a weight of {weight}"),
    "explain.expected_score": _m(
        "按本文件所用的评分规则应得{expected}分", "the document's own scoring rules give {expected}"
    ),
    "explain.rule": _m("适用的评分规则：{rule}", "scoring rule that explains it: {rule}"),
    "explain.rule_none_short": _m(
        "无（本文件所用的评分规则均不能解释该得分）",
        "none (no scoring rule the document uses explains the score)",
    ),
    "explain.or": _m("或", " or "),
    "explain.ratio": _m("实际值约为目标值的{ratio}倍", "the actual value is about {ratio} times the target"),
    "explain.cost": _m(
        "产出仅完成{completion}，而成本指标“{cost_row}”目标{cost_target}、实际{cost_actual}",
        "output only {completion} done, while the cost row “{cost_row}” has target {cost_target} "
        "and actual {cost_actual}",
    ),
    "explain.change": _m("变动：{change}", "change: {change}"),
    "explain.change_amount": _m("{direction}{amount}万元", "{direction} {amount} 万元 (10k yuan)"),
    "explain.change_rate": _m("{direction}{rate}%", "{direction} {rate}%"),
    "explain.change_points": _m("{direction}{rate}个百分点", "{direction} {rate} percentage points"),
    "explain.completion": _m("完成预算的{rate}%", "{rate}% of the budget"),
    "explain.dir.increase": _m("增加", "up"),
    "explain.dir.decrease": _m("减少", "down"),
    "explain.dir.up": _m("增长", "up"),
    "explain.dir.down": _m("下降", "down"),
    "explain.dir_pct": _m("{direction}{v}%", "{direction} {v}%"),
    "explain.quality": _m("原因质量：{quality}", "quality of the reason: {quality}"),
    "explain.same_reason": _m("同一原因也用于“{same_as}”", "the same reason is also given for “{same_as}”"),
    "explain.contradiction": _m("矛盾之处：{contradiction}", "contradiction: {contradiction}"),
    "explain.pair": _m("“{pair}”未选定方向", "“{pair}” left unresolved"),
    "explain.total_vs_sum": _m(
        "表中总分{declared_total}，各项得分合计{sum}",
        "the table's total is {declared_total}, its scores add up to {sum}",
    ),
    "explain.weights_sum": _m(
        "各项分值合计{weights_sum}（应为100）", "the weights add up to {weights_sum} (not 100)"
    ),
    "explain.exec_rate": _m(
        "全年执行数{executed}÷全年预算数{adjusted}={expected}%，表中执行率为{rate}%",
        "executed {executed} ÷ adjusted budget {adjusted} = {expected}%, the table says {rate}%",
    ),
    "explain.exec_score": _m(
        "执行率{rate}%，分值{weight}，得分{score}，按本文件所用的评分规则应得{expected}分",
        "rate {rate}%, weight {weight}, score {score}; the document's own scoring rules give {expected}",
    ),
    "explain.share": _m(
        "{part}÷{whole}={expected}%，文中为{share}%", "{part} ÷ {whole} = {expected}%, the text says {share}%"
    ),
    "explain.growth": _m(
        "上年{previous}，本年{current}，应为{expected}，文中为{rate}",
        "previous {previous}, current {current}: {expected}, the text says {rate}",
    ),
    "explain.variance": _m(
        "预算{budget}，决算{final}，差异率应为{expected}，文中为{rate}",
        "budget {budget}, final {final}: the variance is {expected}, the text says {rate}",
    ),
    "explain.total_parts": _m("合计{total}，各项之和{sum}", "total {total}, the parts add up to {sum}"),
    "explain.funds": _m("年初预算数：{v}", "initial budget: {v}"),
    "explain.funds_adjusted": _m("全年预算数：{v}", "adjusted budget: {v}"),
    "explain.funds_executed": _m("全年执行数：{v}", "executed: {v}"),
    "explain.funds_sum": _m("总额{total}，各资金来源之和{sum}", "total {total}, the sources add up to {sum}"),
    "explain.narrative_vs_tables": _m(
        "说明中为{narrative}，{tables}张自评表合计{tables_sum}",
        "the text says {narrative}; the {tables} tables add up to {tables_sum}",
    ),
    "explain.stated_vs_tables": _m(
        "文中称{stated}个，所附自评表{tables}张", "the text says {stated}; {tables} tables follow"
    ),
    "explain.other_doc": _m("对方文件：{other}", "the other document: {other}"),
    "explain.sep": _m("；", "; "),
    "explain.comma": _m("，", ", "),
    "explain.end": _m("。", "."),
    "scoring.standard": _m(
        "达标满分，未达标按完成比例", "full marks when met, else in proportion to completion"
    ),
    "scoring.both_ways": _m("成本/人数类双向按比例", "proportional both ways (costs, head counts)"),
    "scoring.rate": _m("执行率×权重", "execution rate × weight"),
    "scoring.deduction": _m("每差一个百分点扣k分", "k points off per percentage point missed"),
    "scoring.deduction_both_ways": _m(
        "每差一个百分点扣k分（成本双向）", "k points off per point, both ways (costs)"
    ),
    "scoring.overrun_zero": _m("成本超支不得分", "zero when the cost is overrun"),
    "scoring.zero_below": _m("完成率低于阈值不得分", "zero below a completion threshold"),
}
