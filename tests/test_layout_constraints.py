"""Readings the tables' own constraints decide (real-forms 6.2-6.8): a cell stream padded to
the header width, budget rows that leave cells out or run their figures together, page
counters mid-row, OCR reading order, wrapped header words and names, a rate without %."""

from __future__ import annotations

from extract.cells import split_glued
from extract.layouts.base import Cell
from extract.layouts.budget_glue import needs_recut, recut
from extract.tables import extract_tables
from tests.layout_helpers import assert_offsets, budget_tuple, fund_tuples, row_tuple


def _cells_per_line(cells: list[str]) -> str:
    return "".join(f"{c} |\n" if c else "|\n" for c in cells)


HEADER = [
    "一级指标",
    "二级指标",
    "三级指标",
    "指标性质",
    "指标值",
    "度量单位",
    "全年实际完成值",
    "权重",
    "自评分",
    "未完成原因及改进措施",
]
# An HTML table with merged cells converted one cell per line: every row keeps the header's
# width, a merged cell is an empty line ``|`` (not left out).
PADDED = "项目支出绩效自评表\n\n" + _cells_per_line(
    [
        "项目名称",
        "办公楼维修改造项目",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "预算执行情况(万元)",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
        "",
        "",
        "",
        "年度资金总额",
        "104.10",
        "104.10",
        "101.83",
        "10",
        "97.82%",
        "9.78",
        "",
        "",
        "",
        "财政拨款",
        "104.10",
        "104.10",
        "101.83",
        "-",
        "-",
        "-",
        "",
        "",
        "",
        *HEADER,
        "产出指标",
        "数量指标",
        "维修办公用房面积",
        "≥",
        "5800",
        "平方米",
        "5800",
        "13",
        "13",
        "",
        "",
        "",
        "更换老化供暖管网",
        "≥",
        "1500",
        "米",
        "1555",
        "13",
        "13",
        "超额完成",
        "",
        "质量指标",
        "维修工程验收合格率",
        "≥",
        "85",
        "%",
        "98",
        "12",
        "12",
        "",
        "效益指标",
        "社会效益指标",
        "办公环境安全",
        "",
        "显著增强",
        "",
        "实现年度目标",
        "15",
        "15",
        "",
        "总分",
        "",
        "",
        "",
        "",
        "",
        "",
        "53",
        "53",
        "",
    ]
)


def test_a_cell_stream_padded_to_the_header_width_is_cut_at_that_width() -> None:
    (t,) = extract_tables(PADDED)
    assert (t.layout, t.project) == ("pipes", "办公楼维修改造项目")
    assert [row_tuple(r) for r in t.rows] == [
        (
            "产出指标",
            "数量指标",
            "维修办公用房面积",
            (">=", 5800.0, "平方米"),
            ("=", 5800.0, "平方米"),
            13.0,
            13.0,
            "",
        ),
        (
            "产出指标",
            "数量指标",
            "更换老化供暖管网",
            (">=", 1500.0, "米"),
            ("=", 1555.0, "米"),
            13.0,
            13.0,
            "超额完成",
        ),
        ("产出指标", "质量指标", "维修工程验收合格率", (">=", 85.0, "%"), ("=", 98.0, "%"), 12.0, 12.0, ""),
        (
            "效益指标",
            "社会效益指标",
            "办公环境安全",
            ("qualitative", None, None),
            ("qualitative", None, None),
            15.0,
            15.0,
            "",
        ),
    ]
    # A lone ``- |`` is a not-applicable cell, not a Markdown rule dropped from the stream.
    assert budget_tuple(t) == ("年度资金总额", 104.1, 104.1, 101.83, 97.82, 10.0, 9.78)
    assert fund_tuples(t) == [("财政拨款", 104.1, 104.1, 101.83, None, None, None)]
    assert t.declared_total == 53.0
    assert_offsets(PADDED, t)


PARAGRAPHS = (
    "\n\n".join(
        [
            "部门整体支出绩效自评表\n（2020年度）",
            "单位名称",
            "市税务事务服务中心",
            "年度预算(万元)",
            "预算数(A)",
            "执行数(B)",
            "执行率(B/A)",
            "得分(10分*执行率)",
            "年度总金额",
            "1239.91",
            "1239.91",
            "100.00%",
            "10.00",
            "中央财政资金",
            "0.00",
            "0.00",  # the rate and score of a source row left out, not blank
            "地方财政资金",
            "1087.17",
            "1087.17",
            "100.00%",
            "年度总体目标",
            "预期目标",
            "实际完成情况",
            " ",
            "维护网络安全设备4台。",
            "维护网络安全设备4台，完成。",
            "一级指标",
            "二级指标",
            "三级指标",
            "指标值",
            "完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
            "产出指标",
            "数量指标",
            "维护网络安全设备",
            "≧4台",
            "4台",
            "50",
            "50",
            " ",
            " ",
            " ",
            "发布政务信息",
            "≧830条",
            "800条",
            "40",
            "38",
            " ",
            "总分",
            " ",
            " ",
            " ",
            " ",
            "100",
            "98.00",
        ]
    )
    + "\n"
)


def test_budget_rows_that_leave_cells_out_end_at_the_next_label() -> None:
    (t,) = extract_tables(PARAGRAPHS)
    assert (t.layout, t.kind, t.department) == ("cell_blank", "overall", "市税务事务服务中心")
    assert budget_tuple(t) == ("年度总金额", None, 1239.91, 1239.91, 100.0, 10.0, 10.0)
    assert fund_tuples(t) == [
        ("中央财政资金", None, 0.0, 0.0, None, None, None),
        ("地方财政资金", None, 1087.17, 1087.17, 100.0, None, None),
    ]
    assert [row_tuple(r)[2:7] for r in t.rows] == [
        ("维护网络安全设备", (">=", 4.0, "台"), ("=", 4.0, "台"), 50.0, 50.0),
        ("发布政务信息", (">=", 830.0, "条"), ("=", 800.0, "条"), 40.0, 38.0),
    ]
    assert t.declared_total == 98.0
    assert_offsets(PARAGRAPHS, t)


BACK_TO_BACK = """项目支出绩效自评表
项目名称 宣传工作经费
项目资金(万元) 全年预算数(A) 全年执行数(B) 执行率(B/A×100%)
年度资金总额 73.58 73.58 100.00%
一级指标 二级指标 三级指标 指标值 实际完成值 分值 得分
产出指标 数量指标 制作宣传片 ≥3部 3部 50 50
效益指标 社会效益指标 政策知晓度 有效提升 有效提升 50 50
项目名称 聘用人员经费
主管部门 县民政局 实施单位 县民政局
项目资金(万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分
年度资金总额 22.00 17.87 15.25 10 85.34% 8.53
一级指标 二级指标 三级指标 指标值 实际完成值 分值 得分
产出指标 数量指标 聘用编外工作人员 ≥5人 6人 90 90
总分 100 98.53
"""


def test_a_table_without_总分_ends_where_an_untitled_table_begins() -> None:
    first, second = extract_tables(BACK_TO_BACK)
    assert (first.project, second.project) == ("宣传工作经费", "聘用人员经费")
    assert [r.name for r in first.rows] == ["制作宣传片", "政策知晓度"]
    assert [r.name for r in second.rows] == ["聘用编外工作人员"]
    assert first.declared_total is None and second.declared_total == 98.53
    assert budget_tuple(second) == ("年度资金总额", 22.0, 17.87, 15.25, 85.34, 10.0, 8.53)


def test_page_counters_mid_row_are_no_cells() -> None:
    for line, cells in (
        ("危房改造补助成本2、≤9.73万元8.03万元", ["危房改造补助成本", "≤9.73万元", "8.03万元"]),
        ("活动按期开展率>=90%3、年度工作计划93%", ["活动按期开展率", ">=90%", "年度工作计划", "93%"]),
        ("1、培训人数 100人", ["1、培训人数", "100人"]),  # a list item keeps its number
        ("完成抽检2、25≧2400批次=2400批次25.00", ["完成抽检", "25", "≧2400批次", "=2400批次", "25.00"]),
    ):
        assert [line[a:b] for a, b in split_glued(line)] == cells


def test_figures_glued_after_目标_are_no_index() -> None:
    line = "效益指标 可持续影响指标 权益维护 有效保障 完全达到预期目标88.00"
    assert [line[a:b] for a, b in split_glued(line)][-2:] == ["完全达到预期目标", "88.00"]
    line = "指标1培训人数≥100人"
    assert [line[a:b] for a, b in split_glued(line)] == ["指标1培训人数", "≥100人"]


def _recut(line: str, cols: list[str]) -> list[str] | None:
    cells = [Cell(line, 0, len(line))]
    assert needs_recut(cells)
    out = recut(line, cells, cols)
    return None if out is None else [c.text for c in out]


def test_budget_figures_run_together_are_cut_where_the_arithmetic_holds() -> None:
    cols = ["label", "initial", "adjusted", "executed", "bweight", "rate", "bscore"]
    assert _recut("年度资金总额52.2751.3543.261084.25%6.85", cols) == [
        "年度资金总额",
        "52.27",
        "51.35",
        "43.26",
        "10",
        "84.25%",
        "6.85",
    ]
    assert _recut("总额25.4625.4625.46101.000010.00", cols) == [
        "总额",
        "25.46",
        "25.46",
        "25.46",
        "10",
        "1.0000",
        "10.00",
    ]  # the rate as a fraction
    assert _recut("其中:当年财政拨款52.2751.3543.26///", cols) == [
        "其中:当年财政拨款",
        "52.27",
        "51.35",
        "43.26",
        "/",
        "/",
        "/",
    ]
    # A blank score: weight 10, not weight 1 and score 0 (1 x 100% is not 0).
    cols = ["label", "initial", "adjusted", "executed", "rate", "bweight", "bscore", "other"]
    assert _recut("年度资金总额:752.75752.75752.75100.0010", cols) == [
        "年度资金总额:",
        "752.75",
        "752.75",
        "752.75",
        "100.00",
        "10",
        "",
        "",
    ]


GLUED_TABLE = """项目支出绩效自评表
项目名称 办公设备购置项目
年度预算(万元)年初预算数 全年预算数 全年执行数 分值 执行率 得分
年度资金总额52.2751.3543.261084.25%6.85
其中:当年财政拨款52.2751.3543.26///
一级指标 二级指标 三级指标 年初目标 值(A)实际完成值(B)指标权重(分)得分 偏差原因 分析及改进措施
产出指标 数量指标 购置计算机数量≧20台24台5050.00
质量指标 设备 验收合格率≧95%95.79%5050.00
自评总分100100.00
"""


def test_a_glued_table_with_a_glued_header_and_budget() -> None:
    (t,) = extract_tables(GLUED_TABLE)
    assert t.layout == "inline"
    assert budget_tuple(t) == ("年度资金总额", 52.27, 51.35, 43.26, 84.25, 10.0, 6.85)
    assert [row_tuple(r)[2:7] for r in t.rows] == [
        ("购置计算机数量", (">=", 20.0, "台"), ("=", 24.0, "台"), 50.0, 50.0),
        ("设备验收合格率", (">=", 95.0, "%"), ("=", 95.79, "%"), 50.0, 50.0),
    ]
    assert_offsets(GLUED_TABLE, t)


OCR_ORDER = """项目支出绩效自评表
项目名称 12345热线运维经费
一级 二级 指标 指标 指标值 度量 全年实际 分值 得分 偏差大或目标未
指标 指标 内容 性质 单位 完成值 完成原因分析
产出指标 数量指标 开展工 单回访 >= 4600 件 5761
50 50 受理群众 诉求 >= 2 万件 1
50 25 合同签订推迟，工作进度滞后；下一步加强调度 满意度指标 满意度指标 来电群 众满意度 >= 90 % 95.27
0 0
总分 100 75
"""


def test_ocr_order_wrapped_names_and_a_lone_actual() -> None:
    (t,) = extract_tables(OCR_ORDER)
    assert [row_tuple(r)[2:8] for r in t.rows] == [
        ("开展工单回访", (">=", 4600.0, "件"), ("=", 5761.0, "件"), 50.0, 50.0, ""),
        (
            "受理群众诉求",
            (">=", 2.0, "万件"),
            ("=", 1.0, "万件"),
            50.0,
            25.0,
            "合同签订推迟，工作进度滞后；下一步加强调度",
        ),
        ("来电群众满意度", (">=", 90.0, "%"), ("=", 95.27, "%"), 0.0, 0.0, ""),
    ]
    assert_offsets(OCR_ORDER, t)


TAB_FRACTION = """项目支出绩效自评表
项目名称\t办税服务厅运行经费
项目资金(万元)\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分
年度资金总额\t11.28\t11.28\t11.03\t10\t0.9778\t9.78
一级指标\t二级指标\t三级指标\t指标值\t实际完成值\t分值\t得分
产出指标\t数量指标\t开展纳税人培训数量\t≥10场\t10场\t90\t90
总分\t100\t99.78
"""


def test_a_tab_budget_rate_without_percent_is_no_score() -> None:
    (t,) = extract_tables(TAB_FRACTION)
    assert t.layout == "tab"
    assert budget_tuple(t) == ("年度资金总额", 11.28, 11.28, 11.03, 97.78, 10.0, 9.78)
    assert_offsets(TAB_FRACTION, t)


TAB_SPLIT = """项目支出绩效自评表
项目名称\t办公楼维修改造项目
一级指标\t二级指标\t指标内容\t指标性质\t指标值\t计量单位\t全年完成值\t分值\t得分
产出指标\t数量指标\t维修办公用房面积\t≥\t770\t平方米\t721\t50\t47.2
效益指标\t社会效益指标\t设施使用寿命延长\t\t逐步完善\t\t已达到预期\t50\t50
总分\t100\t97.2
"""


def test_tab_rows_with_operator_and_unit_columns() -> None:
    (t,) = extract_tables(TAB_SPLIT)
    assert [row_tuple(r)[2:7] for r in t.rows] == [
        ("维修办公用房面积", (">=", 770.0, "平方米"), ("=", 721.0, "平方米"), 50.0, 47.2),
        ("设施使用寿命延长", ("qualitative", None, None), ("qualitative", None, None), 50.0, 50.0),
    ]
    assert_offsets(TAB_SPLIT, t)
