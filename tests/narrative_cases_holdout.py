"""A second set of narrative texts, written after the grammar was built on
tests/narrative_cases.py and measured once before any fix (the figure in the report):
other wordings of the same real-forms families. Same format as narrative_cases.CASES."""

from __future__ import annotations

from .narrative_cases import Case

HOLDOUT: list[Case] = [
    (
        "h_sangong_total_next_para",
        "marker",
        "2023年度本单位“三公”经费支出合计 21.35 万元，比上年决算数下降 12.6%。\n\n主要原因是：严格执行公务用车使用管理规定，车辆运行费用减少。",
        [{"item": "三公", "rate": 12.6, "direction": "减少", "base": "上年"}],
    ),
    (
        "h_yuan_reception",
        "change",
        "公务接待费支出18,450.00元，比上年增加3,200.00元，增长20.98%。增长的原因是承办全省现场会，接待任务增加。",
        [{"item": "公务接待费", "amount": 0.32, "rate": 20.98, "direction": "增加", "unit": "元"}],
    ),
    (
        "h_vehicle_due_to",
        "marker",
        "由于两辆公务用车达到报废年限进行更新，公务用车购置费较上年增加36.8万元。",
        [{"marker": "由于", "item": "公务用车购置费", "amount": 36.8, "direction": "增加"}],
    ),
    (
        "h_gov_income_yi",
        "change",
        "全区一般公共预算收入完成42.18亿元，为调整预算的101.6%，同比增长7.4%，主要是工业税收增加。",
        [{"marker": "主要是", "rate": 7.4, "direction": "增加", "base": "上年同期"}],
    ),
    (
        "h_expense_budget_completion",
        "change",
        "全市一般公共预算支出完成年初预算的88.3%，主要原因是上级转移支付资金下达较晚。",
        [{"marker": "主要原因是", "rate": 88.3, "rate_kind": "completion", "base": "年初预算"}],
    ),
    (
        "h_basic_decrease_reason_is",
        "marker",
        "基本支出386.20万元，较上年减少21.40万元，下降5.25%，减少的原因是本年退休3人。",
        [{"item": "基本支出", "amount": 21.4, "rate": 5.25, "direction": "减少"}],
    ),
    (
        "h_project_mainly_colon",
        "marker",
        "项目支出比上年增加152.60万元，增长46.3%，主要是：新增乡村振兴衔接资金项目。",
        [{"item": "项目支出", "amount": 152.6, "rate": 46.3, "direction": "增加"}],
    ),
    (
        "h_one_reason_two_items",
        "marker",
        "因公出国（境）费和公务接待费分别减少2.00万元和1.50万元，主要原因是压减非必要出访和接待活动。",
        [{"item": "因公出国", "amount": 2.0, "direction": "减少", "also": ["公务接待费"]}],
    ),
    (
        "h_affected_covid",
        "marker",
        "受疫情影响，2022年公务接待费较2021年下降65.3%。",
        [{"marker": "受", "item": "公务接待费", "rate": 65.3, "direction": "减少", "base": "2021年"}],
    ),
    (
        "h_total_income_each",
        "totals",
        "本年度收、支总计均为2,845.16万元，与上年相比，各减少312.40万元，下降9.89%，主要原因是基本建设项目完工，项目支出减少。",
        [{"amount": 312.4, "rate": 9.89, "direction": "减少"}],
    ),
    (
        "h_template_decrease_first",
        "change",
        "公务接待费预算1.20万元，减少（增加）0.30万元，同比下降（增加）20.00%，原因主要是压缩接待规模。",
        [{"item": "公务接待费", "amount": 0.3, "rate": 20.0, "direction_source": "template"}],
    ),
    (
        "h_dropped_to",
        "change",
        "机关运行经费由上年的58.40万元下降到51.90万元，主要是办公用品采购减少。",
        [{"item": "机关运行经费", "amount": 6.5, "direction": "减少"}],
    ),
    (
        "h_points_drop",
        "change",
        "税收收入占一般公共预算收入的比重为71.2%，比上年下降2.1个百分点，主要原因是非税收入增长较快。",
        [{"rate": 2.1, "rate_kind": "points", "direction": "减少"}],
    ),
    (
        "h_final_less_than_budget",
        "marker",
        "“三公”经费年初预算8.50万元，决算支出6.12万元，完成年初预算的72.0%，决算数小于年初预算数的主要原因是公务用车运行维护费节约。",
        [{"item": "三公", "rate": 72.0, "rate_kind": "completion", "base": "年初预算", "direction": "减少"}],
    ),
    (
        "h_vehicle_purchase_mainly_because",
        "marker",
        "公务用车购置费0.00万元，比上年减少25.00万元，下降100%，主要是因为上年已完成车辆更新。",
        [{"item": "公务用车购置费", "amount": 25.0, "rate": 100.0, "direction": "减少"}],
    ),
    (
        "h_no_reason_two_items",
        "marker",
        "公务接待费支出0.85万元，比上年减少0.65万元，下降43.3%；公务用车运行维护费支出4.20万元，比上年减少1.10万元，下降20.8%。",
        [
            {"kind": "missing", "item": "公务接待费", "amount": 0.65},
            {"kind": "missing", "item": "公务用车运行维护费", "amount": 1.1},
        ],
    ),
    (
        "h_same_year_decline",
        "change",
        "2023年政府采购支出总额126.50万元，较2022年减少38.70万元，主要原因是办公设备集中采购已于上年完成。",
        [{"item": "政府采购", "amount": 38.7, "direction": "减少", "base": "2022年"}],
    ),
    (
        "h_wan_yi_mixed",
        "change",
        "全县政府性基金收入3.6亿元，比上年减收8,500万元，下降19.1%，主要是国有土地出让收入减少。",
        [{"amount": 8500.0, "rate": 19.1, "direction": "减少", "base": "上年"}],
    ),
    (
        "h_reason_paren",
        "marker",
        "公务用车运行维护费5.30万元，较上年下降11.7%（主要是公车平台集中调度，单车费用下降）。",
        [{"item": "公务用车运行维护费", "rate": 11.7, "direction": "减少"}],
    ),
    (
        "h_personnel_increase",
        "marker",
        "人员经费支出312.45万元，比上年增支26.80万元，主要原因是调整工资标准及新进人员3名。",
        [{"item": "人员经费", "amount": 26.8, "direction": "增加"}],
    ),
    (
        "h_decrease_rate_noun",
        "change",
        "会议费较上年减少1.8万元，降幅为36%，主要原因是会议改为视频形式召开。",
        [{"item": "会议费", "amount": 1.8, "rate": 36.0, "direction": "减少"}],
    ),
    (
        "h_this_is_because",
        "marker",
        "2023年办公费支出较上年增加4.6万元。这是由于新办公楼启用，办公设施配套增加。",
        [{"marker": "这是由于", "item": "办公费", "amount": 4.6, "direction": "增加"}],
    ),
]
