"""Narrative test texts in the forms of docs/real-forms.md sections 1-5, written here
(own wording and numbers; both punctuation widths, spaces in numbers, 元/万元/亿元 mixed).

Each case: (id, family, text, expected reasons). An expected reason is a dict of the fields
to check: ``kind`` (default ``reason``), ``marker``, ``item`` (the item must contain it),
``also``, and the change's ``amount`` (万元), ``rate``, ``direction``, ``base``, ``unit``,
``rate_kind``, ``direction_source``, ``base_value``, ``current``, ``qualifier``. The
measurement script (benchmarks/bench_narrative_forms.py) counts, over these cases, the
explanations found and those carrying their change.
"""

from __future__ import annotations

from typing import Any

Case = tuple[str, str, str, list[dict[str, Any]]]

CASES: list[Case] = [
    # ------------------------------------------------------------------ 1. markers
    (
        "m_main_same",
        "marker",
        "2024年度公务接待费支出决算为3.60万元，比上年减少1.20万元，下降25.00%，主要原因是：本年度上级检查批次减少。",
        [
            {
                "marker": "主要原因是",
                "item": "公务接待费",
                "amount": 1.2,
                "rate": 25.0,
                "direction": "减少",
                "base": "上年",
                "current": 3.6,
                "unit": "万元",
            }
        ],
    ),
    (
        "m_main_next_line",
        "marker",
        "因公出国(境)费支出 0.00 万元,比上年减少 4.50 万元,下降 100.00%。\n主要原因是:本年度未安排出国任务。",
        [
            {
                "marker": "主要原因是",
                "item": "因公出国(境)费",
                "amount": 4.5,
                "rate": 100.0,
                "direction": "减少",
            }
        ],
    ),
    (
        "m_main_colon_enum",
        "marker",
        "公务用车运行维护费较上年增加2.3万元,增长18.4%,增长的主要原因:一是车辆老化维修费增加;二是油价上涨;三是下乡调研次数增加。",
        [
            {
                "marker": "主要原因",
                "item": "公务用车运行维护费",
                "amount": 2.3,
                "rate": 18.4,
                "direction": "增加",
                "text_has": "三是下乡调研",
            }
        ],
    ),
    (
        "m_subject_restated",
        "marker",
        "基本支出较上年减少15.6万元，下降4.2%。基本支出减少的主要原因是退休人员增加、在职人员减少。",
        [{"marker": "主要原因是", "item": "基本支出", "amount": 15.6, "rate": 4.2, "direction": "减少"}],
    ),
    (
        "m_budget_variance",
        "marker",
        "“三公”经费支出预算为12.00万元，支出决算为9.60万元，完成预算的80.00%，决算数小于预算数的主要原因是严格控制公务接待。",
        [
            {
                "marker": "主要原因是",
                "item": "三公",
                "amount": 2.4,
                "rate": 80.0,
                "direction": "减少",
                "base": "预算",
                "rate_kind": "completion",
                "base_value": 12.0,
                "current": 9.6,
            }
        ],
    ),
    (
        "m_reason_mainly_is",
        "marker",
        "项目支出265.3万元,比上年下降32.5%。项目支出下降原因主要是一次性基建项目完工。",
        [{"marker": "原因主要是", "item": "项目支出", "rate": 32.5, "direction": "减少", "current": 265.3}],
    ),
    (
        "m_reason_is",
        "marker",
        "公务接待费增加0.8万元，原因是新增对口援建接待任务。",
        [{"marker": "原因是", "item": "公务接待费", "amount": 0.8, "direction": "增加"}],
    ),
    (
        "m_mainly",
        "marker",
        "机关运行经费比上年减少6.2万元,主要是压减会议费和差旅费。",
        [{"marker": "主要是", "item": "机关运行经费", "amount": 6.2, "direction": "减少", "base": "上年"}],
    ),
    (
        "m_mainly_due_to_lead",
        "marker",
        "公务用车购置费比上年增加18万元，主要是由于更新一辆超期服役执法车辆导致增加。",
        [{"marker": "主要是由于", "item": "公务用车购置费", "amount": 18.0, "direction": "增加"}],
    ),
    (
        "m_mainly_because",
        "marker",
        "人员经费增加35.6万元,主要是因为新招录公务员5名。",
        [{"marker": "主要是因为", "item": "人员经费", "amount": 35.6, "direction": "增加"}],
    ),
    (
        "m_this_mainly",
        "marker",
        "全年一般公共预算支出完成调整预算的86.4%。\n这主要是部分债券项目开工延迟，并分别从以下方面采取措施：一是加快项目前期工作；二是强化督导。",
        [
            {
                "marker": "这主要是",
                "item": "一般公共预算支出",
                "rate": 86.4,
                "rate_kind": "completion",
                "base": "调整预算",
                "direction": "减少",
            }
        ],
    ),
    (
        "m_change_heading",
        "marker",
        "基本支出预算较上年增31.2万元,增幅9.6%。主要变动原因如下:\n1.工资福利支出较上年增26.5万元,增8.3%。主要原因是:人员调入及工资标准调整。\n"
        "2.商品和服务支出较上年减4.1万元,减幅6.2%。主要原因是:压减培训费。",
        [
            {
                "marker": "主要原因是",
                "item": "工资福利支出",
                "amount": 26.5,
                "rate": 8.3,
                "direction": "增加",
            },
            {
                "marker": "主要原因是",
                "item": "商品和服务支出",
                "amount": 4.1,
                "rate": 6.2,
                "direction": "减少",
            },
        ],
    ),
    (
        "m_due_to_lead",
        "marker",
        "由于机构改革划转两个事业单位，导致本年收入总计较上年减少480.5万元，下降22.1%。",
        [
            {
                "marker": "由于",
                "item": "收入总计",
                "amount": 480.5,
                "rate": 22.1,
                "direction": "减少",
                "base": "上年",
                "text_has": "划转两个事业单位",
            }
        ],
    ),
    (
        "m_affected_by",
        "marker",
        "非税收入受土地出让节奏放缓影响,较年初预算减少1.2亿元。",
        [
            {
                "marker": "受",
                "item": "非税收入",
                "amount": 12000.0,
                "unit": "亿元",
                "direction": "减少",
                "base": "年初预算",
            }
        ],
    ),
    (
        "m_suozhi",
        "marker",
        "公务接待费比上年下降42.0%，主要是接待标准下调所致。",
        [{"marker": "主要是", "item": "公务接待费", "rate": 42.0, "direction": "减少"}],
    ),
    (
        "m_attributed",
        "marker",
        "据介绍，今年全市“三公”经费预算比上年减少860万元，主要原因是公务用车改革后车辆减少。",
        [{"marker": "主要原因是", "item": "三公", "amount": 860.0, "direction": "减少"}],
    ),
    (
        "m_paren_after_rate",
        "marker",
        "公务接待费较上年下降18.2%(主要是严格执行接待清单制度)。",
        [{"marker": "主要是", "item": "公务接待费", "rate": 18.2, "direction": "减少"}],
    ),
    (
        "m_one_for_several",
        "marker",
        "本年收入合计412.80万元、本年支出合计410.20万元，与上年相比分别增加52.30万元和50.10万元，主要原因是新增防汛物资储备项目。",
        [
            {
                "marker": "主要原因是",
                "item": "本年收入",
                "amount": 52.3,
                "direction": "增加",
                "also": ["本年支出"],
            }
        ],
    ),
    (
        "m_total_after_list",
        "marker",
        "“三公”经费支出15.2万元,较年初预算减少4.8万元。其中:公务接待费3.2万元,较年初预算减少1.8万元;"
        "公务用车运行维护费12.0万元,较年初预算减少3.0万元。较年初预算减少的主要原因是落实过紧日子要求。",
        [
            {"marker": "主要原因是", "item": "三公", "amount": 4.8, "direction": "减少", "base": "年初预算"},
            {"kind": "missing", "item": "公务接待费", "amount": 1.8},
            {"kind": "missing", "item": "公务用车运行维护费", "amount": 3.0},
        ],
    ),
    (
        "m_numbered_item",
        "marker",
        "一、因公出国(境)经费\n2023年因公出国(境)经费0万元，较2022年决算数下降100%，主要原因是暂停出国交流。",
        [
            {
                "marker": "主要原因是",
                "item": "因公出国(境)经费",
                "rate": 100.0,
                "direction": "减少",
                "base": "2022年",
            }
        ],
    ),
    (
        "m_purpose",
        "marker",
        "公务用车运行维护费8.4万元,比上年增加1.1万元,主要用于车辆维修和保险。",
        [{"marker": "主要用于", "item": "公务用车运行维护费", "amount": 1.1, "direction": "增加"}],
    ),
    (
        "m_missing_sangong",
        "marker",
        "公务接待费支出2.6万元，比上年减少1.9万元，下降42.2%。公务用车运行维护费支出6.0万元，比上年增加0.4万元，增长7.1%，主要原因是车辆维修增加。",
        [
            {"kind": "missing", "item": "公务接待费", "amount": 1.9, "rate": 42.2},
            {"marker": "主要原因是", "item": "公务用车运行维护费", "amount": 0.4, "direction": "增加"},
        ],
    ),
    (
        "m_change_as_own_cause",
        "marker",
        "因公出国(境)费与上年持平，持平的原因是本部门无出国(境)支出。",
        [{"marker": "原因是", "direction": "持平"}],
    ),
    # ------------------------------------------------------------------ 2. changes
    (
        "c_yuan_thousands",
        "change",
        "公务接待费支出52,360元,比上年减少8,640元,下降14.16%,主要原因是减少接待批次。",
        [
            {
                "item": "公务接待费",
                "amount": 0.864,
                "unit": "元",
                "rate": 14.16,
                "direction": "减少",
                "current": 5.236,
            }
        ],
    ),
    (
        "c_yi_yoy",
        "change",
        "全市一般公共预算收入86.52亿元，同比增长6.3%，增收5.13亿元，主要是税收收入增长较快。",
        [
            {
                "marker": "主要是",
                "item": "一般公共预算收入",
                "rate": 6.3,
                "amount": 51300.0,
                "base": "上年同期",
                "direction": "增加",
            }
        ],
    ),
    (
        "c_surplus",
        "change",
        "税收收入比预算超收2,350万元,主要是房地产税收入增加。",
        [{"marker": "主要是", "item": "税收收入", "amount": 2350.0, "direction": "增加", "base": "预算"}],
    ),
    (
        "c_final_vs_budget",
        "change",
        "公务接待费决算数比预算数减少0.45万元，下降30.0%。主要原因是压缩接待规模。",
        [{"item": "公务接待费", "amount": 0.45, "rate": 30.0, "direction": "减少", "base": "预算"}],
    ),
    (
        "c_points",
        "change",
        "一般公共预算支出执行率为92.5%，比上年提高3.4个百分点，主要原因是加快预算执行进度。",
        [{"marker": "主要原因是", "rate": 3.4, "rate_kind": "points", "direction": "增加", "base": "上年"}],
    ),
    (
        "c_template",
        "change",
        "(一)因公出国(境)费预算3.00万元,比上年增加(减少)1.00万元,增长(下降)50.00%,增加(减少)原因主要是新增培训交流任务。",
        [
            {
                "marker": "原因主要是",
                "item": "因公出国(境)费",
                "amount": 1.0,
                "rate": 50.0,
                "direction": "增加",
                "direction_source": "template",
            }
        ],
    ),
    (
        "c_from_to",
        "change",
        "公务接待费由4.80万元减至3.10万元，主要是减少陪同人员。",
        [
            {
                "marker": "主要是",
                "item": "公务接待费",
                "amount": 1.7,
                "direction": "减少",
                "base_value": 4.8,
                "current": 3.1,
            }
        ],
    ),
    (
        "c_base_printed",
        "change",
        "2023年度决算总收入1,285.40万元,比2022年度决算总收入1,150.20万元增加了135.20万元,主要原因是新增人员经费。",
        [
            {
                "marker": "主要原因是",
                "item": "决算总收入",
                "amount": 135.2,
                "direction": "增加",
                "base": "2022年",
                "base_value": 1150.2,
                "current": 1285.4,
            }
        ],
    ),
    (
        "c_same_period_base",
        "change",
        "全县非税收入完成3,260万元，较上年同期4,120万元下降20.9%，主要是一次性收入减少。",
        [
            {
                "marker": "主要是",
                "item": "非税收入",
                "rate": 20.9,
                "direction": "减少",
                "base": "上年同期",
                "base_value": 4120.0,
                "current": 3260.0,
            }
        ],
    ),
    (
        "c_rate_in_parens",
        "change",
        "公务用车运行维护费较上年减少2.40万元(16.0%),原因是公车平台统一调度。",
        [{"marker": "原因是", "amount": 2.4, "rate": 16.0, "direction": "减少"}],
    ),
    (
        "c_wan_only",
        "change",
        "公务用车运行费比上年减少1.5万，下降12%，主要是车辆减少一台。",
        [
            {
                "marker": "主要是",
                "item": "公务用车运行费",
                "amount": 1.5,
                "unit": "万",
                "rate": 12.0,
                "direction": "减少",
            }
        ],
    ),
    (
        "c_spaces",
        "change",
        "基本支出决算为 2, 124. 45 万元，比上年增加 38. 6 万元，增长 1. 85 %，主要原因是人员增资。",
        [{"marker": "主要原因是", "item": "基本支出", "amount": 38.6, "rate": 1.85, "current": 2124.45}],
    ),
    (
        "c_tabs",
        "change",
        "公务接待费\t2.50万元，比上年增加0.50万元，增长25.00%，主要原因是接待任务增加。",
        [{"marker": "主要原因是", "item": "公务接待费", "amount": 0.5, "rate": 25.0}],
    ),
    (
        "c_qualifiers",
        "change",
        "全县一般公共预算收入扣除留抵退税因素后可比增长5.2%,按自然口径计算下降1.8%,主要原因是落实减税降费政策。",
        [{"marker": "主要原因是", "rate": 1.8, "direction": "减少", "qualifier": "自然口径"}],
    ),
    (
        "c_list_rates",
        "change",
        "一般公共预算、政府性基金和国有资本经营预算收入分别下降3.2%、18.6%和5.0%，主要原因是房地产市场下行。",
        [
            {
                "marker": "主要原因是",
                "item": "一般公共预算",
                "rate": 3.2,
                "direction": "减少",
                "also": ["政府性基金", "国有资本经营预算收入"],
            }
        ],
    ),
    (
        "c_budget_amount_base",
        "change",
        "全年支出比年初预算6.5亿元减少0.8亿多元，主要是部分项目延期实施。",
        [
            {
                "marker": "主要是",
                "amount": 8000.0,
                "direction": "减少",
                "base": "年初预算",
                "base_value": 65000.0,
            }
        ],
    ),
    (
        "c_with_year_compare",
        "change",
        "与2022年度决算相比，机关运行经费减少3.1万元，下降7.9%，主要原因是办公费压减。",
        [{"marker": "主要原因是", "item": "机关运行经费", "amount": 3.1, "rate": 7.9, "base": "2022年"}],
    ),
    ("c_flat_none", "change", "公务用车购置费0万元，与上年持平。", []),
    # ------------------------------------------------------------------ 3-4. totals
    (
        "t_totals_each",
        "totals",
        "2023年度收入总计1,620.35万元，支出总计1,620.35万元，与2022年度相比，各增加120.50万元，增长8.03%。主要原因是：新增人员及项目。",
        [
            {
                "marker": "主要原因是",
                "item": "收入总计",
                "amount": 120.5,
                "rate": 8.03,
                "base": "2022年",
                "also": ["支出总计"],
            }
        ],
    ),
    (
        "t_budget_narrative",
        "totals",
        "本年度预算总收入为860.00万元，比上年减少42.00万元，减少的原因是一次性项目经费不再安排。",
        [{"marker": "原因是", "item": "预算总收入", "amount": 42.0, "direction": "减少"}],
    ),
    # ------------------------------------------------------------------ more (probes after the second set)
    (
        "p_each_equal_totals",
        "totals",
        "收、支总计均为3,210.45万元，与上年相比，各增加210.30万元，增长7.01%。主要原因是：新增项目资金。",
        [
            {
                "marker": "主要原因是",
                "item": "收、支总计",
                "amount": 210.3,
                "rate": 7.01,
                "base": "上年",
                "current": 3210.45,
            }
        ],
    ),
    (
        "p_yu_for_bi",
        "change",
        "公务接待费与上年决算数下降35.2%，主要原因是接待次数减少。",
        [{"marker": "主要原因是", "item": "公务接待费", "rate": 35.2, "direction": "减少", "base": "上年"}],
    ),
    (
        "p_budget_total_enum",
        "marker",
        "项目支出较年初预算减少45.60万元，下降28.3%，较年初预算减少的主要原因：一是部分项目未实施；二是政府采购结余。",
        [
            {
                "marker": "主要原因",
                "item": "项目支出",
                "amount": 45.6,
                "rate": 28.3,
                "base": "年初预算",
                "text_has": "二是政府采购结余",
            }
        ],
    ),
    (
        "p_sub_items_inherit_base",
        "marker",
        "“三公”经费支出合计12.3万元,较上年减少2.1万元。其中:公务接待费减少0.9万元,主要原因是接待标准下调;"
        "公务用车运行维护费减少1.2万元。",
        [
            {"kind": "missing", "item": "三公", "amount": 2.1, "base": "上年"},
            {"marker": "主要原因是", "item": "公务接待费", "amount": 0.9, "base": "上年"},
            {"kind": "missing", "item": "公务用车运行维护费", "amount": 1.2, "base": "上年"},
        ],
    ),
    (
        "p_template_rate_only",
        "change",
        "本年支出合计1,850.20万元，比上年增长(下降)3.5%，增长(下降)的主要原因是人员经费增加。",
        [
            {
                "marker": "主要原因是",
                "item": "本年支出",
                "rate": 3.5,
                "direction": None,
                "direction_source": "template",
            }
        ],
    ),
]
