"""The ``cell_blank`` layout (real-forms 6.2): one cell per paragraph, a lone space for an
empty cell, the budget block as a run of headers then a label and its values; full-width
punctuation."""

from __future__ import annotations

from extract.layouts import cell_blank, cell_lines
from extract.layouts.base import Region
from extract.tables import extract_tables
from tests.layout_helpers import assert_offsets, budget_tuple, row_tuple

CELLS = [
    "部门名称",
    "县农业农村局",
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "分值",
    "执行率",
    "自评得分",
    "年度资金总额：",
    "1,000",
    "1200",
    "1150",
    "10",
    "95.83％",
    "9.58",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "全年实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
    "产出指标",
    "数量指标",
    "高标准农田建设面积",
    "≥5万亩",
    "5.2万亩",
    "30",
    "30",
    " ",
    "产出指标",
    "质量指标",
    "农田验收合格率",
    "≥98％",
    "96％",
    "30",
    "28",
    "部分地块需整改",
    "效益指标",
    "经济效益指标",
    "亩均增产",
    "≥50公斤",
    "55公斤",
    "30",
    "30",
    " ",
    "总分",
    " ",
    "97.58",
]
TEXT = "部门整体支出绩效自评表\n\n" + "\n\n".join(CELLS) + "\n\n三、主要经验\n"


def test_one_cell_per_paragraph() -> None:
    (t,) = extract_tables(TEXT)
    assert (t.layout, t.kind, t.department, t.title) == (
        "cell_blank",
        "overall",
        "县农业农村局",
        "县农业农村局整体支出绩效自评表",
    )
    assert [row_tuple(r) for r in t.rows] == [
        (
            "产出指标",
            "数量指标",
            "高标准农田建设面积",
            (">=", 5.0, "万亩"),
            ("=", 5.2, "万亩"),
            30.0,
            30.0,
            "",
        ),
        (
            "产出指标",
            "质量指标",
            "农田验收合格率",
            (">=", 98.0, "%"),
            ("=", 96.0, "%"),
            30.0,
            28.0,
            "部分地块需整改",
        ),
        ("效益指标", "经济效益指标", "亩均增产", (">=", 50.0, "公斤"), ("=", 55.0, "公斤"), 30.0, 30.0, ""),
    ]
    assert budget_tuple(t) == ("年度资金总额", 1000.0, 1200.0, 1150.0, 95.83, 10.0, 9.58)
    assert t.declared_total == 97.58
    assert_offsets(TEXT, t)


def test_detect_tells_cell_blank_from_the_seed_converter() -> None:
    r = Region(TEXT, 0, len(TEXT), "", "overall")
    assert cell_blank.detect(r) > cell_lines.detect(r)
    # Seed 001's converter puts several numbers on one line: not this layout.
    seedlike = (
        "资金来源 年初预算数 全年预算数\n\n中央安排 0.00 0.00 0.00 10 100% 10\n\n其他资金 230.00 298.27 298.27 - - -\n\n"
        "合计 1223.12 1810.22 1810.22 - - -\n\n一级指标 二级指标\n"
    )
    r2 = Region(seedlike, 0, len(seedlike), "", "overall")
    assert cell_blank.detect(r2) < cell_lines.detect(r2)


PROJECT = [
    "项目名称",
    "农村人居环境整治",
    "主管部门",
    "县住建局",
    "实施单位",
    "县环卫所",
    "项目资金(万元)",
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "分值",
    "执行率",
    "得分",
    "年度资金总额",
    "200",
    "220",
    "209",
    "10",
    "95%",
    "9.5",
    "其中:当年财政拨款",
    "200",
    "200",
    "190",
    " ",
    "95%",
    " ",
    "上年结转资金",
    "0",
    "20",
    "19",
    " ",
    "95%",
    " ",
    "年度总体目标",
    "预期目标",
    "实际完成情况",
    "完成20个村庄垃圾收运体系建设，村容村貌明显改善。",
    "完成19个村庄建设，1个村因选址调整顺延。",
    "一级指标",
    "二级指标",
    "三级指标",
    "指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
    "产出指标",
    "数量指标",
    "建设村庄数",
    "≥20个",
    "19个",
    "40",
    "38",
    "选址调整",
    "效益指标",
    "生态效益指标",
    "村容村貌",
    "明显改善",
    "明显改善",
    "50",
    "50",
    " ",
    "总分",
    " ",
    "97.5",
]
PROJECT_TEXT = "项目支出绩效自评表\n\n" + "\n\n".join(PROJECT) + "\n"


def test_head_funds_goal_and_rows_in_paragraph_cells() -> None:
    (t,) = extract_tables(PROJECT_TEXT)
    assert (t.layout, t.project, t.department) == ("cell_blank", "农村人居环境整治", "县住建局")
    assert budget_tuple(t) == ("年度资金总额", 200.0, 220.0, 209.0, 95.0, 10.0, 9.5)
    assert [(f.name, f.initial, f.adjusted, f.executed, f.rate, f.weight, f.score) for f in t.funds] == [
        ("其中:当年财政拨款", 200.0, 200.0, 190.0, 95.0, None, None),
        ("上年结转资金", 0.0, 20.0, 19.0, 95.0, None, None),
    ]
    assert (t.goal.expected, t.goal.actual) == (
        "完成20个村庄垃圾收运体系建设，村容村貌明显改善。",
        "完成19个村庄建设，1个村因选址调整顺延。",
    )
    assert [row_tuple(r) for r in t.rows] == [
        ("产出指标", "数量指标", "建设村庄数", (">=", 20.0, "个"), ("=", 19.0, "个"), 40.0, 38.0, "选址调整"),
        (
            "效益指标",
            "生态效益指标",
            "村容村貌",
            ("qualitative", None, None),
            ("qualitative", None, None),
            50.0,
            50.0,
            "",
        ),
    ]
    assert t.declared_total == 97.5
    assert_offsets(PROJECT_TEXT, t)


def test_one_cell_per_line_without_blank_lines() -> None:
    cells = [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "产出指标",
        "数量指标",
        "培训人数",
        "≥200人",
        "230人",
        "40",
        "40",
        "效益指标",
        "社会效益指标",
        "就业率",
        "≥80%",
        "85%",
        "60",
        "54",
    ]
    text = "项目绩效目标自评表\n" + "\n".join(cells) + "\n"
    (t,) = extract_tables(text)
    assert t.layout == "cell_lines"
    assert [row_tuple(r) for r in t.rows] == [
        ("产出指标", "数量指标", "培训人数", (">=", 200.0, "人"), ("=", 230.0, "人"), 40.0, 40.0, ""),
        ("效益指标", "社会效益指标", "就业率", (">=", 80.0, "%"), ("=", 85.0, "%"), 60.0, 54.0, ""),
    ]
    assert_offsets(text, t)


def test_a_long_note_wrapped_over_lines_does_not_end_the_table() -> None:
    note = "受汛期持续降雨影响，部分地块施工延期，\n已督促施工单位倒排工期。"
    cells = [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "全年实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
        "产出指标",
        "数量指标",
        "高标准农田建设面积",
        "≥5万亩",
        "4.6万亩",
        "50",
        "46",
        note,
        "效益指标",
        "经济效益指标",
        "亩均增产",
        "≥50公斤",
        "55公斤",
        "50",
        "50",
        " ",
    ]
    text = "\n\n".join(cells) + "\n\n四、下一步工作计划\n\n继续推进。\n"
    (t,) = extract_tables(text)
    assert [r.name for r in t.rows] == ["高标准农田建设面积", "亩均增产"]
    assert t.rows[0].note == "".join(note.split())
    assert "四、" not in text[t.start : t.end]


def test_merged_level_cells_left_out_and_a_year_in_the_header() -> None:
    cells = [
        "部门(单位)名称",
        "县残疾人联合会",
        "项目资金(万元)",
        "全年预算数(A)",
        "全年执行数(B)",
        "执行率(B/A×100%)",
        "部门整体支出总额",
        "793.51",
        "793.51",
        "100.00%",
        "总体目标",
        "预期目标",
        "实际完成情况",
        " ",
        "1.做好办公楼维修改造工作，更换老化供暖管网不少于500米；2.开展居家康复服务340人次。",
        "全年预算数为793.51万元，执行率为100.00%。更换老化供暖管网500米，开展居家康复服务340人次。",
        "一级指标",
        "二级指标",
        "指标内容",
        "指标性质",
        "预期2019年实现值",
        "度量单位",
        "完成量",
        "分值",
        "自评分",
        "备注",
        "履职效能",
        "数量指标",
        "更换老化供暖管网数量",
        ">=",
        "500",
        "米",
        "500",
        "10",
        "10",
        " ",
        " ",
        "开展居家康复服务",
        ">=",
        "340",
        "人次",
        "340",
        "10",
        "10",
        " ",
        "质量指标",
        "维修工程验收合格率",
        ">=",
        "85",
        "%",
        "94.11",
        "10",
        "10",
        " ",
        "社会效益",
        "社会效益指标",
        "设施使用寿命延长",
        " ",
        "明显改善",
        " ",
        "达到预期效果",
        "15",
        "15",
    ]
    text = "部门整体支出绩效自评表\n\n" + "\n\n".join(cells) + "\n"
    (t,) = extract_tables(text)
    assert (t.kind, t.department) == ("overall", "县残疾人联合会")
    assert budget_tuple(t) == ("部门整体支出总额", None, 793.51, 793.51, 100.0, None, None)
    assert t.goal is not None and t.goal.expected.startswith("1.做好办公楼")
    assert [
        (
            r.level1,
            r.level2,
            r.name,
            r.target.op,
            r.target.value,
            r.target.unit,
            r.actual.value,
            r.weight,
            r.score,
        )
        for r in t.rows
    ] == [
        ("履职效能", "数量指标", "更换老化供暖管网数量", ">=", 500.0, "米", 500.0, 10.0, 10.0),
        ("履职效能", "数量指标", "开展居家康复服务", ">=", 340.0, "人次", 340.0, 10.0, 10.0),
        ("履职效能", "质量指标", "维修工程验收合格率", ">=", 85.0, "%", 94.11, 10.0, 10.0),
        ("社会效益", "社会效益指标", "设施使用寿命延长", "qualitative", None, None, None, 15.0, 15.0),
    ]
    assert_offsets(text, t)


def test_the_project_name_just_above_a_table_found_at_its_budget_header() -> None:
    # No title: the seed finder anchors on the budget header and the head lies above it.
    body = PROJECT_TEXT.split("\n\n", 1)[1]
    text = "第三部分\n\n" + body
    (t,) = extract_tables(text)
    assert (t.project, t.title) == ("农村人居环境整治", "农村人居环境整治")
    assert t.goal is not None and t.goal.table == "农村人居环境整治"
