"""The ``inline`` layout (real-forms 6.2): a row's cells separated by single spaces or glued
(``〈名〉≥95%98%20``), level labels glued to names, a name with a space in it."""

from __future__ import annotations

from extract.layouts import inline
from extract.layouts.base import Region
from extract.tables import extract_tables
from tests.layout_helpers import assert_offsets, budget_tuple, fund_tuples, row_tuple

TEXT = """项目支出绩效自评表
项目名称 农村饮水安全巩固提升
一级指标 二级指标 三级指标 指标值 实际完成值 分值 得分
产出指标 数量指标 新建供水管网 ≥30公里 32公里 20 20
质量指标水质达标率≥95%98%20 20
成本指标 经济成本指标 项目总成本 ≤90万元 90 10 10
效益指标 社会效益指标 受益 人口≥5000人5200人30 30
时效指标 完工时间 有效改善 有效改善 20 18
总分 100 98
"""


def test_glued_and_spaced_cells() -> None:
    (t,) = extract_tables(TEXT)
    assert (t.layout, t.project) == ("inline", "农村饮水安全巩固提升")
    assert [row_tuple(r) for r in t.rows] == [
        ("产出指标", "数量指标", "新建供水管网", (">=", 30.0, "公里"), ("=", 32.0, "公里"), 20.0, 20.0, ""),
        ("产出指标", "质量指标", "水质达标率", (">=", 95.0, "%"), ("=", 98.0, "%"), 20.0, 20.0, ""),
        (
            "成本指标",
            "经济成本指标",
            "项目总成本",
            ("<=", 90.0, "万元"),
            ("=", 90.0, "万元"),
            10.0,
            10.0,
            "",
        ),  # a bare actual in its target's unit
        ("效益指标", "社会效益指标", "受益人口", (">=", 5000.0, "人"), ("=", 5200.0, "人"), 30.0, 30.0, ""),
        # two text cells after the name are the target and the actual, not more name
        (
            "效益指标",
            "时效指标",
            "完工时间",
            ("qualitative", None, None),
            ("qualitative", None, None),
            20.0,
            18.0,
            "",
        ),
    ]
    assert t.declared_total == 98.0
    assert_offsets(TEXT, t)


def test_pieces_cut_where_values_meet() -> None:
    line = "质量指标水质达标率≥95%98%20 20"
    got = [c.text for c in inline._pieces(line, 0, len(line))]
    assert got == ["质量指标", "水质达标率", "≥95%", "98%", "20", "20"]
    assert inline.detect(Region(TEXT, 0, len(TEXT), "", "project")) > 0.5


SPLIT_HEADER = """附件3
项目支出绩效自评表
项目名称：社区卫生服务能力提升 主管部门：县卫生健康局
一级指标 二级指标 三级指标 年初指 年终完 分值 得分 偏差原因
标值 成值
产出指标 数量指标 培训医护人员 ≥100人次 120人次 20 20
质量指标 培训合格率 ≥90% 95% 20 20
效益指标 社会效益指标 居民就诊便利度 明显提升 明显提升 30 28 2、
满意度指标 服务对象满意度指标 群众满意度 ≥85% 90% 20 20
总分 100 88
"""


def test_header_split_over_two_lines_and_page_counters() -> None:
    (t,) = extract_tables(SPLIT_HEADER)
    assert (t.project, t.department) == ("社区卫生服务能力提升", "县卫生健康局")
    assert [row_tuple(r) for r in t.rows] == [
        ("产出指标", "数量指标", "培训医护人员", (">=", 100.0, "人次"), ("=", 120.0, "人次"), 20.0, 20.0, ""),
        ("产出指标", "质量指标", "培训合格率", (">=", 90.0, "%"), ("=", 95.0, "%"), 20.0, 20.0, ""),
        (
            "效益指标",
            "社会效益指标",
            "居民就诊便利度",
            ("qualitative", None, None),
            ("qualitative", None, None),
            30.0,
            28.0,
            "",
        ),  # the page counter 2、 is no note
        (
            "满意度指标",
            "服务对象满意度指标",
            "群众满意度",
            (">=", 85.0, "%"),
            ("=", 90.0, "%"),
            20.0,
            20.0,
            "",
        ),
    ]
    assert t.declared_total == 88.0
    assert_offsets(SPLIT_HEADER, t)


WRAPPED_HEADER_WORDS = """项目绩效自评表
一级指标 二级指标 三级指标 年度 指标值 全年 完成值 分值 得分
产出指标 数量指标 发放补贴户数 ≥500户 520户 30 30
时效指标 补贴发放及时率 100% 100% 30 30
效益指标 社会效益指标 困难群众生活改善 有效改善 有效改善 40 40
"""


def test_header_words_cut_by_a_space() -> None:
    (t,) = extract_tables(WRAPPED_HEADER_WORDS)
    assert [row_tuple(r) for r in t.rows] == [
        ("产出指标", "数量指标", "发放补贴户数", (">=", 500.0, "户"), ("=", 520.0, "户"), 30.0, 30.0, ""),
        ("产出指标", "时效指标", "补贴发放及时率", ("=", 100.0, "%"), ("=", 100.0, "%"), 30.0, 30.0, ""),
        (
            "效益指标",
            "社会效益指标",
            "困难群众生活改善",
            ("qualitative", None, None),
            ("qualitative", None, None),
            40.0,
            40.0,
            "",
        ),
    ]


WEIGHT_INTO_TARGET = """项目支出绩效自评表
三级指标 分值 指标值 实际完成值 得分
指标1:新增良种推广10500万粒520万粒10
指标2:示范户数20≥300户310户20
"""


def test_a_weight_run_into_its_target_is_cut_where_the_arithmetic_holds() -> None:
    (t,) = extract_tables(WEIGHT_INTO_TARGET)
    assert [
        (r.name, r.weight, r.target.op, r.target.value, r.target.unit, r.actual.value, r.score)
        for r in t.rows
    ] == [
        ("指标1:新增良种推广", 10.0, "=", 500.0, "万粒", 520.0, 10.0),
        ("指标2:示范户数", 20.0, ">=", 300.0, "户", 310.0, 20.0),
    ]
    assert_offsets(WEIGHT_INTO_TARGET, t)


FULL = """项目支出绩效自评表
(2022年度)
项目名称 乡村道路安全设施建设
主管部门 县交通运输局 实施单位 县公路养护中心
项目资金(万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分
年度资金总额 50 50 48 10 96% 9.6
其中:当年财政拨款 50 50 48 - 96% -
上年结转资金 0 0 0 - - -
其他资金 0 0 0 - - -
年度总体目标 预期目标 实际完成情况
完成农村公路安全设施建设30公里 完成农村公路安全设施建设30公里
绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施
产出指标 数量指标 安装护栏长度 ≥30公里 30公里 20 20
质量指标 工程验收合格率 100% 100% 15 15
时效指标 完工及时率 100% 95% 15 14 部分路段受天气影响
效益指标 社会效益指标 交通事故发生率 明显下降 明显下降 20 20
可持续影响指标 设施使用年限 ≥10年 10年 10 10
满意度指标 服务对象满意度指标 沿线群众满意度 ≥90% 96% 10 10
总分 100 98.6
"""


def test_a_whole_project_table_inline() -> None:
    (t,) = extract_tables(FULL)
    assert (t.layout, t.project, t.department) == ("inline", "乡村道路安全设施建设", "县交通运输局")
    assert budget_tuple(t) == ("年度资金总额", 50.0, 50.0, 48.0, 96.0, 10.0, 9.6)
    assert fund_tuples(t) == [
        ("其中:当年财政拨款", 50.0, 50.0, 48.0, 96.0, None, None),
        ("上年结转资金", 0.0, 0.0, 0.0, None, None, None),
        ("其他资金", 0.0, 0.0, 0.0, None, None, None),
    ]
    assert (t.goal.expected, t.goal.actual) == (
        "完成农村公路安全设施建设30公里",
        "完成农村公路安全设施建设30公里",
    )
    assert [row_tuple(r) for r in t.rows] == [
        ("产出指标", "数量指标", "安装护栏长度", (">=", 30.0, "公里"), ("=", 30.0, "公里"), 20.0, 20.0, ""),
        ("产出指标", "质量指标", "工程验收合格率", ("=", 100.0, "%"), ("=", 100.0, "%"), 15.0, 15.0, ""),
        (
            "产出指标",
            "时效指标",
            "完工及时率",
            ("=", 100.0, "%"),
            ("=", 95.0, "%"),
            15.0,
            14.0,
            "部分路段受天气影响",
        ),
        (
            "效益指标",
            "社会效益指标",
            "交通事故发生率",
            ("qualitative", None, None),
            ("qualitative", None, None),
            20.0,
            20.0,
            "",
        ),
        ("效益指标", "可持续影响指标", "设施使用年限", (">=", 10.0, "年"), ("=", 10.0, "年"), 10.0, 10.0, ""),
        (
            "满意度指标",
            "服务对象满意度指标",
            "沿线群众满意度",
            (">=", 90.0, "%"),
            ("=", 96.0, "%"),
            10.0,
            10.0,
            "",
        ),
    ]
    assert t.declared_total == 98.6
    assert_offsets(FULL, t)


TWO_LINE_HEADER = """项目支出绩效自评表
项目名称 节能宣传经费
一级 二级 三级 分值 指标值 实际完成 指标得分 未完成原因
指标 指标 指标 值(B) (分) 及改进措施
产出指标 数量指标 开展节能 宣传活动 13 =7场 2场 3.71 采购推迟
实施节能改造 13 ≥18处 18处 13.00
效益指标 社会效益指标 绿色低碳办公理念 7 显著增强 实现年度目标 7.00
"""


def test_every_header_column_split_over_two_lines() -> None:
    (t,) = extract_tables(TWO_LINE_HEADER)
    assert [row_tuple(r) for r in t.rows] == [
        (
            "产出指标",
            "数量指标",
            "开展节能宣传活动",
            ("=", 7.0, "场"),
            ("=", 2.0, "场"),
            13.0,
            3.71,
            "采购推迟",
        ),
        ("产出指标", "数量指标", "实施节能改造", (">=", 18.0, "处"), ("=", 18.0, "处"), 13.0, 13.0, ""),
        (
            "效益指标",
            "社会效益指标",
            "绿色低碳办公理念",
            ("qualitative", None, None),
            ("qualitative", None, None),
            7.0,
            7.0,
            "",
        ),
    ]


def test_full_marks_glued_to_the_total() -> None:
    text = WRAPPED_HEADER_WORDS + "总分10098.5\n"
    (t,) = extract_tables(text)
    assert t.declared_total == 98.5  # 100 (the weights' sum) ran into 98.5
    assert text[slice(*t.declared_total_span)] == "98.5"


GLUED_HEADER_WORDS = """某县农业农村局项目绩效自评表
一级指标 二级指标 指标内容 指标权重（分）年初目标值(A)实际完成值 评价得分 备注
产出指标 数量指标 新建高标准农田面积20≥1200亩=1250亩20.00
产出指标 质量指标 工程验收合格率15=100%=96%14.40 个别地块返工
效益指标 社会效益指标 受益农户数15≥800户=820户15.00
"""


def test_header_words_run_together_in_one_cell() -> None:
    # A converter ran 指标权重（分）, 年初目标值(A) and 实际完成值 into one cell: the header
    # vocabulary cuts them apart, so the leading number of each row is the weight, not a score.
    (t,) = extract_tables(GLUED_HEADER_WORDS)
    assert [row_tuple(r)[2:7] for r in t.rows] == [
        ("新建高标准农田面积", (">=", 1200.0, "亩"), ("=", 1250.0, "亩"), 20.0, 20.0),
        ("工程验收合格率", ("=", 100.0, "%"), ("=", 96.0, "%"), 15.0, 14.4),
        ("受益农户数", (">=", 800.0, "户"), ("=", 820.0, "户"), 15.0, 15.0),
    ]
    assert_offsets(GLUED_HEADER_WORDS, t)


def test_split_glued_header_needs_every_character_covered() -> None:
    from extract.layouts.headers import split_glued_header

    cell = "指标权重（分）年初目标值(A)实际完成值"
    assert [cell[a:b] for a, b in split_glued_header(cell)] == [
        "指标权重（分）",
        "年初目标值(A)",
        "实际完成值",
    ]
    assert split_glued_header("全年预算数全年执行数") == [(0, 5), (5, 10)]
    assert split_glued_header("得分") is None  # one header word
    assert split_glued_header("新建农田得分率高于目标值") is None  # a sentence, not a run of headers


ACTUAL_GLUED_TO_WEIGHT = """一级指标 二级指标 三级指标 指标值 实际完成值(B)分值 得分 备注
产出指标 数量指标 培训基层干部人次≥300人次=320人次1515
产出指标 时效指标 培训按时完成率=100%=100%1010
"""


def test_a_header_word_with_another_glued_after_it() -> None:
    # 实际完成值(B)分值 reads as one header with slack (an actual); split, the row gains its
    # weight column, and the weight+score run 1515 is read as 15 | 15.
    (t,) = extract_tables(ACTUAL_GLUED_TO_WEIGHT)
    assert [(r.name, r.weight, r.score) for r in t.rows] == [
        ("培训基层干部人次", 15.0, 15.0),
        ("培训按时完成率", 10.0, 10.0),
    ]
    assert_offsets(ACTUAL_GLUED_TO_WEIGHT, t)
