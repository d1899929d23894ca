"""The ``pipes`` layout (real-forms 6.2): rows on one line with a trailing empty run and
merged first columns; one cell per line ending `` |``; alternating label/value lines;
leading pipes with a target split over cells."""

from __future__ import annotations

from extract.layouts import pipes
from extract.tables import extract_tables
from tests.layout_helpers import assert_offsets, budget_tuple, fund_tuples, row_tuple

ROWS = """二、项目绩效自评情况
项目支出绩效自评表
(2023年度)
项目名称 | 农村道路养护项目 | ||||
主管部门 | 县交通运输局 | 实施单位 | 县公路站 | ||
项目资金 (万元) |
全年预算数(A) | 全年执行数(B) | 执行率(B/A) | 分值 | 得分 | ||||
年度资金总额: | 120.00 | 114.00 | 95% | 10 | 9.5 | ||||
其中:当年财政拨款 | 100.00 | 94.00 | 94% | — | — | ||||
上年结转资金 | 20.00 | 20.00 | 100% | — | — | ||||
年度总体目标 | 预期目标 | 实际完成情况 | ||||
| 完成道路养护50公里 | 完成道路养护48公里 | ||||
一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 | ||||
产出指标 | 数量指标 | 养护里程 | ≥50公里 | 48公里 | 20 | 19 | 部分路段推迟 | ||||
质量指标 | 验收合格率 | ≥95% | 98% | 20 | 20 | |||||
时效指标 | 完成及时率 | 100% | 100% | 10 | 10 | |||||
效益指标 | 社会效益指标 | 群众出行条件 | 有效改善 | 有效改善 | 20 | 20 | ||||
满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥90% | 93% | 10 | 10 | ||||
成本指标 | 经济成本指标 | 项目总成本 | ≤120万元 | 114万元 | 10 | 10 | ||||
总分 | 100 | 98.5 | ||||
三、下一步工作
"""


def test_rows_on_one_line_with_merged_first_columns() -> None:
    (t,) = extract_tables(ROWS)
    assert (t.layout, t.kind, t.title, t.project, t.department) == (
        "pipes",
        "project",
        "农村道路养护项目",
        "农村道路养护项目",
        "县交通运输局",
    )
    assert [row_tuple(r) for r in t.rows] == [
        (
            "产出指标",
            "数量指标",
            "养护里程",
            (">=", 50.0, "公里"),
            ("=", 48.0, "公里"),
            20.0,
            19.0,
            "部分路段推迟",
        ),
        ("产出指标", "质量指标", "验收合格率", (">=", 95.0, "%"), ("=", 98.0, "%"), 20.0, 20.0, ""),
        ("产出指标", "时效指标", "完成及时率", ("=", 100.0, "%"), ("=", 100.0, "%"), 10.0, 10.0, ""),
        (
            "效益指标",
            "社会效益指标",
            "群众出行条件",
            ("qualitative", None, None),
            ("qualitative", None, None),
            20.0,
            20.0,
            "",
        ),
        (
            "满意度指标",
            "服务对象满意度指标",
            "群众满意度",
            (">=", 90.0, "%"),
            ("=", 93.0, "%"),
            10.0,
            10.0,
            "",
        ),
        (
            "成本指标",
            "经济成本指标",
            "项目总成本",
            ("<=", 120.0, "万元"),
            ("=", 114.0, "万元"),
            10.0,
            10.0,
            "",
        ),
    ]
    assert [(r.category1, r.category2) for r in t.rows][:2] == [("产出", "数量"), ("产出", "质量")]
    assert budget_tuple(t) == ("年度资金总额", None, 120.0, 114.0, 95.0, 10.0, 9.5)
    assert fund_tuples(t) == [
        ("其中:当年财政拨款", None, 100.0, 94.0, 94.0, None, None),
        ("上年结转资金", None, 20.0, 20.0, 100.0, None, None),
    ]
    assert (t.goal.expected, t.goal.actual, t.goal.table) == (
        "完成道路养护50公里",
        "完成道路养护48公里",
        "农村道路养护项目",
    )
    assert t.declared_total == 98.5
    assert t.confidence is not None and t.confidence > 0.9
    assert_offsets(ROWS, t)
    assert ROWS[t.end - 1] == "|" and "三、下一步工作" not in ROWS[t.start : t.end]


CELLS = """附件2
项目绩效目标自评表
项目名称 |
乡村学校营养餐补助 |
主管部门 |
县教育局 |
项目资金(万元) |
年初预算数 |
全年预算数 |
全年执行数 |
执行率 |
分值 |
得分 |
总额 |
300 |
300 |
285 |
95% |
10 |
|
一级指标 |
二级指标 |
三级指标 |
指标性质 |
指标值 |
度量单位 |
完成值 |
权重 |
得分 |
未完成原因分析 |
产出指标 |
数量指标 |
受益学生人数 |
≥ |
1200 |
人 |
1250 |
20 |
20 |
|
产出指标 |
质量指标 |
食品抽检合格率 |
= |
100 |
% |
|
20 |
|
|
效益指标 |
社会效益指标 |
学生营养状况 |
定性 |
有效改善 |
|
有效改善 |
30 |
30 |
|
"""


def test_one_cell_per_line_rows_from_the_header_width() -> None:
    (t,) = extract_tables(CELLS)
    assert (t.layout, t.project, t.department) == ("pipes", "乡村学校营养餐补助", "县教育局")
    assert [row_tuple(r) for r in t.rows] == [
        ("产出指标", "数量指标", "受益学生人数", (">=", 1200.0, "人"), ("=", 1250.0, "人"), 20.0, 20.0, ""),
        # the operator, value and unit are cells of their own; actual and score are blank
        ("产出指标", "质量指标", "食品抽检合格率", ("=", 100.0, "%"), (None, None, None), 20.0, None, ""),
        (
            "效益指标",
            "社会效益指标",
            "学生营养状况",
            ("qualitative", None, None),
            ("qualitative", None, None),
            30.0,
            30.0,
            "",
        ),
    ]
    first = t.rows[0].target
    assert (first.raw, first.text) == ("≥ |\n1200 |\n人", "≥1200人")
    assert budget_tuple(t) == ("总额", 300.0, 300.0, 285.0, 95.0, 10.0, None)
    assert t.declared_total is None
    assert_offsets(CELLS, t)


ALTERNATING = """项目支出绩效自评表
项目名称 |
社区养老服务补贴 | ||||
主管部门 |
市民政局 | ||||
项目资金 | 全年预算数(A) | 全年执行数(B) | 执行率(B/A×100%) | ||||
年度资金总额 | 80 | 76 | 95% | ||||
一级指标 | 二级指标 | 三级指标 | 指标值 | 全年实际值 | 分值 | 得分 | ||||
产出指标 | 数量指标 | 服务老人人次 | ≥5000人次 | 5200人次 | 30 | 30 | ||||
| 时效指标 | 补贴发放及时率 | 100% | 100% | 30 | 30 | ||||
效益指标 | 社会效益指标 | 老人生活质量 | 稳步提高 | 稳步提高 | 40 | 38 | ||||
"""


def test_alternating_label_and_value_lines() -> None:
    (t,) = extract_tables(ALTERNATING)
    assert (t.project, t.department, t.title) == ("社区养老服务补贴", "市民政局", "社区养老服务补贴")
    assert budget_tuple(t) == ("年度资金总额", None, 80.0, 76.0, 95.0, None, None)
    assert [row_tuple(r) for r in t.rows] == [
        (
            "产出指标",
            "数量指标",
            "服务老人人次",
            (">=", 5000.0, "人次"),
            ("=", 5200.0, "人次"),
            30.0,
            30.0,
            "",
        ),
        ("产出指标", "时效指标", "补贴发放及时率", ("=", 100.0, "%"), ("=", 100.0, "%"), 30.0, 30.0, ""),
        (
            "效益指标",
            "社会效益指标",
            "老人生活质量",
            ("qualitative", None, None),
            ("qualitative", None, None),
            40.0,
            38.0,
            "",
        ),
    ]
    assert_offsets(ALTERNATING, t)


LEADING = """(三)项目绩效情况
本项目年度绩效目标完成较好，具体见下表。
| 一级指标 | 二级指标 | 三级指标 | 指标值 | 权重 | 指标方向性 | 完成值 | 得分 | ||||
| 产 出 指 标 | 数量指标 | 新增就业岗位 | ≥ | 300 | 个 | 20 | 正向指标 | 320个 | 20 | ||||
| 质量指标 | 岗位稳定率 | ≥ | 90 | % | 20 | 正向指标 | 92% | 20 | |||||
| 效益指标 | 社会效益指标 | 带动增收 | ≥ | 500 | 万元 | 30 | 正向指标 | 480万元 | 28 | ||||
以上指标除带动增收外均已完成。下一步我们将继续加强项目管理，提高资金使用效益，确保项目发挥作用。
四、存在的问题
"""


def test_leading_pipe_split_target_and_no_title() -> None:
    (t,) = extract_tables(LEADING)
    assert t.layout == "pipes" and t.title == "项目支出绩效自评表"
    assert [row_tuple(r) for r in t.rows] == [
        ("产出指标", "数量指标", "新增就业岗位", (">=", 300.0, "个"), ("=", 320.0, "个"), 20.0, 20.0, ""),
        ("产出指标", "质量指标", "岗位稳定率", (">=", 90.0, "%"), ("=", 92.0, "%"), 20.0, 20.0, ""),
        ("效益指标", "社会效益指标", "带动增收", (">=", 500.0, "万元"), ("=", 480.0, "万元"), 30.0, 28.0, ""),
    ]
    assert t.rows[0].level1 == "产出指标"  # spaced vertical label read whole
    assert "以上指标" not in LEADING[t.start : t.end] and "本项目" not in LEADING[t.start : t.end]
    assert_offsets(LEADING, t)


def test_detect_prefers_pipes_only_where_pipes_are() -> None:
    from extract.layouts.base import Region

    assert pipes.detect(Region(ROWS, 0, len(ROWS), "", "project")) > 0.9
    plain = ROWS.replace("|", " ")
    assert pipes.detect(Region(plain, 0, len(plain), "", "project")) == 0.0


MID_SPAN = """项目绩效目标表
一级指标 | 二级指标 | 三级指标 | 指标值 | ||||
| 数量指标 | 改造户数 | ≥120户 | ||||
产出指标 | 质量指标 | 验收合格率 | 100% | ||||
| 时效指标 | 完工时间 | 2024年10月前 | ||||
| 社会效益指标 | 居住条件 | 明显改善 | ||||
效益指标 | 生态效益指标 | 垃圾清运率 | ≥95% | ||||
| 服务对象满意度指标 | 住户满意度 | ≥90% | ||||
满意度指标 | ||||
"""


def test_merged_level_cell_printed_mid_span() -> None:
    (t,) = extract_tables(MID_SPAN)
    assert [(r.level1, r.level2, r.name) for r in t.rows] == [
        ("产出指标", "数量指标", "改造户数"),
        ("产出指标", "质量指标", "验收合格率"),
        ("产出指标", "时效指标", "完工时间"),
        ("效益指标", "社会效益指标", "居住条件"),
        ("效益指标", "生态效益指标", "垃圾清运率"),
        ("满意度指标", "服务对象满意度指标", "住户满意度"),
    ]
    assert [r.target.value for r in t.rows] == [120.0, 100.0, None, None, 95.0, 90.0]


SUBTOTALS = """项目支出绩效自评表
一级指标 | 二级指标 | 三级指标 | 指标值 | 实际完成值 | 分值 | 得分 | ||||
产出指标 | | | | | 50 | 48 | ||||
产出指标 | 数量指标 | 改造户数 | ≥120户 | 118户 | 30 | 28 | ||||
产出指标 | 质量指标 | 验收合格率 | 100% | 100% | 20 | 20 | ||||
效益指标 | | | | | 50 | 50 | ||||
效益指标 | 社会效益指标 | 居住条件 | 明显改善 | 明显改善 | 50 | 50 | ||||
"""


def test_level_subtotals_are_no_indicators() -> None:
    (t,) = extract_tables(SUBTOTALS)
    assert [(r.level1, r.name, r.weight, r.score) for r in t.rows] == [
        ("产出指标", "改造户数", 30.0, 28.0),
        ("产出指标", "验收合格率", 20.0, 20.0),
        ("效益指标", "居住条件", 50.0, 50.0),
    ]


OCR = """项目支出绩效自评表
一级指标 | 二级指标 | 三级指标 | 指标值 | 实际完成值 | 分值 | 得分 | ||||
产出指标 | 数量指标 | 培训覆盖率 | 工90% | 92% | 30 | 30 | ||||
产出指标 | 质量指标 | 设备完好率 | 295% | 96% | 30 | 30 | ||||
效益指标 | 社会效益指标 | 群众知晓率 | ≧ | % | 40 | | ||||
"""


def test_ocr_damaged_operators_and_unfilled_targets() -> None:
    (t,) = extract_tables(OCR)
    assert [(r.name, r.target.op, r.target.value, r.target.unit) for r in t.rows] == [
        ("培训覆盖率", ">=", 90.0, "%"),  # 工 read for ≥
        ("设备完好率", ">=", 95.0, "%"),  # 295% beside 96%: a damaged ≥95%
        ("群众知晓率", ">=", None, "%"),  # an operator and a unit, the value never filled in
    ]
    assert [r.target.raw for r in t.rows] == ["工90%", "295%", "≧ | %"]
    assert t.rows[2].actual.raw == "" and t.rows[2].score is None
    assert_offsets(OCR, t)


BROKEN_HEADER = """项目支出绩效自评表
一级指标 | 二级指标 | 三级指标 | 年度
指标值 | 全年实际值 | 分值 | 得分 | ||||
产出指标 | 数量指标 | 维修水渠 | ≥12处 | 12处 | 50 | 50 | ||||
效益指标 | 社会效益指标 | 灌溉保障 | 明显改善 | 明显改善 | 50 | 48 | ||||
"""


def test_a_header_cell_broken_over_two_lines() -> None:
    (t,) = extract_tables(BROKEN_HEADER)
    assert [row_tuple(r) for r in t.rows] == [
        ("产出指标", "数量指标", "维修水渠", (">=", 12.0, "处"), ("=", 12.0, "处"), 50.0, 50.0, ""),
        (
            "效益指标",
            "社会效益指标",
            "灌溉保障",
            ("qualitative", None, None),
            ("qualitative", None, None),
            50.0,
            48.0,
            "",
        ),
    ]


TEMPLATE = """项目支出绩效自评表
一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | ||||
产出指标 | 数量指标 | 指标1:〈名称〉 | | | | | ||||
| 质量指标 | 指标1:〈名称〉 | | | | | ||||
效益指标 | 社会效益指标 | 指标1:〈名称〉 | | | | | ||||
"""


def test_rows_left_blank_in_a_template_are_rows() -> None:
    (t,) = extract_tables(TEMPLATE)
    assert [(r.level1, r.level2, r.name, r.target.raw, r.weight, r.score) for r in t.rows] == [
        ("产出指标", "数量指标", "指标1:〈名称〉", "", None, None),
        ("产出指标", "质量指标", "指标1:〈名称〉", "", None, None),
        ("效益指标", "社会效益指标", "指标1:〈名称〉", "", None, None),
    ]


FRAME = """项目支出绩效自评表
绩效指标 | 一级指标 | 二级指标 | 三级指标 | 指标值 | 实际完成值 | 分值 | 得分 | ||||
年度绩效指标 | 产出指标 | 数量指标 | 慰问困难户数 | ≥200户 | 210户 | 50 | 50 | ||||
| 效益指标 | 社会效益指标 | 困难群众获得感 | 明显增强 | 明显增强 | 50 | 50 | ||||
"""


def test_a_frame_column_before_the_levels() -> None:
    (t,) = extract_tables(FRAME)
    assert [(r.level1, r.level2, r.name, r.weight) for r in t.rows] == [
        ("产出指标", "数量指标", "慰问困难户数", 50.0),
        ("效益指标", "社会效益指标", "困难群众获得感", 50.0),
    ]


GOAL_LINES = """项目支出绩效自评表
项目名称 |
困难群众临时救助 | ||||
预期目标 |
及时救助困难群众200户次 | ||||
实际完成情况 |
救助困难群众215户次 | ||||
一级指标 | 二级指标 | 三级指标 | 指标值 | 实际完成值 | 分值 | 得分 | ||||
产出指标 | 数量指标 | 救助户次 | ≥200户次 | 215户次 | 100 | 100 | ||||
"""


def test_goal_labels_and_texts_on_alternating_lines() -> None:
    (t,) = extract_tables(GOAL_LINES)
    assert (t.project, t.goal.expected, t.goal.actual) == (
        "困难群众临时救助",
        "及时救助困难群众200户次",
        "救助困难群众215户次",
    )
    assert [r.name for r in t.rows] == ["救助户次"]


LABEL_THEN_VALUES = """项目支出绩效自评表
项目名称 |
机关运行保障经费 | ||||||
项目资金
(万元) |
年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 | |
年度资金总额 |
94.03 | 94.03 | 89.85 | 10 | 95.55% | 9.56 | |
当年财政拨款 |
94.03 | 94.03 | 89.85 | — | — | — | |
一级指标 | 二级指标 | 三级指标 | 指标值 | 实际完成值 | 分值 | 得分 | |
产出指标 |
数量指标 | 保障在职人员 | ≥33人 | 33人 | 90 | 86 | |
总分 |
 |  |  |  | 100 | 95.56 |
"""


def test_a_row_label_on_one_line_and_its_values_on_the_next() -> None:
    (t,) = extract_tables(LABEL_THEN_VALUES)
    assert budget_tuple(t) == ("年度资金总额", 94.03, 94.03, 89.85, 95.55, 10.0, 9.56)
    assert fund_tuples(t) == [("当年财政拨款", 94.03, 94.03, 89.85, None, None, None)]
    assert [row_tuple(r) for r in t.rows] == [
        ("产出指标", "数量指标", "保障在职人员", (">=", 33.0, "人"), ("=", 33.0, "人"), 90.0, 86.0, "")
    ]
    assert t.declared_total == 95.56
    assert_offsets(LABEL_THEN_VALUES, t)
