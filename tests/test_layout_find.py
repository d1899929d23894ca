"""Finding tables without 新疆's titles (issue 10, item 2): by the density of header words,
ending where table-like lines stop; no table in prose that merely mentions scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.read import read_path
from extract.tables import extract_tables
from tests.layout_helpers import assert_offsets, budget_tuple, row_tuple

DOC = """一、部门基本情况
本部门主要职责是负责全县农业技术推广工作，内设机构三个，年末实有人数25人。
二、项目绩效自评结果
我部门对农技推广项目开展了绩效自评，自评结果如下：
| 项目名称 | 基层农技推广补助 | ||||
| 预算数(A) | 执行数(B) | 执行率(B/A) | 得分(10分*执行率) | ||||
| 年度资金总额 | 50 | 45 | 90% | 9 | ||||
| 一级指标 | 二级指标 | 三级指标 | 目标值 | 完成值 | 权重 | 自评得分 | ||||
| 产出指标 | 数量指标 | 培训农民人次 | ≥800人次 | 860人次 | 40 | 40 | ||||
| 效益指标 | 经济效益指标 | 亩均节本增效 | ≥100元 | 90元 | 50 | 45 | ||||
三、存在的问题
项目资金拨付进度偏慢，部分培训内容针对性不强，今后将进一步加强管理。
附件:
〈单位〉项目绩效自评表
项目名称    高标准农田建设
一级指标    二级指标    三级指标    指标值    实际完成值    分值    得分
产出指标    数量指标    建设面积    ≥1万亩    1.1万亩    60    60
效益指标    社会效益指标    粮食产能    稳步提高    稳步提高    40    40
"""


def test_two_tables_without_known_titles_and_their_ends() -> None:
    first, second = extract_tables(DOC)
    assert (first.layout, first.project) == ("pipes", "基层农技推广补助")
    assert budget_tuple(first) == ("年度资金总额", None, 50.0, 45.0, 90.0, 10.0, 9.0)
    assert [row_tuple(r) for r in first.rows] == [
        ("产出指标", "数量指标", "培训农民人次", (">=", 800.0, "人次"), ("=", 860.0, "人次"), 40.0, 40.0, ""),
        ("效益指标", "经济效益指标", "亩均节本增效", (">=", 100.0, "元"), ("=", 90.0, "元"), 50.0, 45.0, ""),
    ]
    assert first.declared_total is None  # no 总分 row: the table ends with its last row
    body = DOC[first.start : first.end]
    assert body.startswith("| 项目名称") and body.endswith("| 45 | ||||")
    assert (second.layout, second.project, second.title) == ("spaces", "高标准农田建设", "高标准农田建设")
    assert DOC[second.start :].startswith("〈单位〉项目绩效自评表")
    assert [r.name for r in second.rows] == ["建设面积", "粮食产能"]
    for t in (first, second):
        assert_offsets(DOC, t)


def test_prose_about_scores_is_no_table() -> None:
    prose = (
        "五、绩效自评结论\n项目自评得分95分，其中产出指标得分40分，效益指标得分30分，满意度指标得分15分。"
        "一级指标和二级指标的分值按照规定设置，三级指标的指标值均已完成，实际完成值高于年初目标值。\n"
    )
    assert extract_tables(prose) == []


def test_full_width_and_ascii_punctuation_read_alike() -> None:
    ascii_doc = DOC.split("三、存在的问题")[0]
    wide = ascii_doc.replace("(", "（").replace(")", "）").replace("%", "％").replace(":", "：")
    (a,) = extract_tables(ascii_doc)
    (w,) = extract_tables(wide)
    assert [row_tuple(r) for r in a.rows] == [row_tuple(r) for r in w.rows]
    assert budget_tuple(a) == budget_tuple(w)


SEEDS = Path(__file__).resolve().parent.parent / "corpus" / "seeds"


@pytest.mark.parametrize(("name", "count"), [("000", 7), ("001", 12), ("002", 4), ("003", 0), ("004", 16)])
def test_seeds_find_no_more_tables_than_before(name: str, count: int) -> None:
    path = next(SEEDS.glob(f"{name}_*.txt"))
    tables = extract_tables(read_path(path).text)
    assert len(tables) == count
    assert {t.layout for t in tables} <= {"tab", "cell_lines"}
    assert all(0 < t.confidence <= 1 for t in tables)


BACK_TO_BACK = """四、项目自评情况
项目名称 | 道路养护 | ||||
项目资金 | 全年预算数(A) | 全年执行数(B) | 执行率(B/A) | ||||
年度资金总额 | 10 | 9 | 90% | ||||
一级指标 | 二级指标 | 三级指标 | 指标值 | 实际完成值 | 分值 | 得分 | ||||
产出指标 | 数量指标 | 养护里程 | ≥5公里 | 5公里 | 90 | 90 | ||||
项目名称 | 路灯维护 | ||||
项目资金 | 全年预算数(A) | 全年执行数(B) | 执行率(B/A) | ||||
年度资金总额 | 20 | 20 | 100% | ||||
一级指标 | 二级指标 | 三级指标 | 指标值 | 实际完成值 | 分值 | 得分 | ||||
产出指标 | 质量指标 | 路灯亮灯率 | ≥98% | 99% | 90 | 90 | ||||
"""


def test_untitled_tables_back_to_back_split_at_the_next_head() -> None:
    first, second = extract_tables(BACK_TO_BACK)
    assert (first.project, [r.name for r in first.rows], first.budget.executed) == (
        "道路养护",
        ["养护里程"],
        9.0,
    )
    assert (second.project, [r.name for r in second.rows], second.budget.executed) == (
        "路灯维护",
        ["路灯亮灯率"],
        20.0,
    )
    assert first.end < second.start


PLAIN_HEADER = """(二)绩效指标完成情况
| 指标 | 指标值 | 实际值 | 分值 | 得分 | ||||
| 培训人次 | ≥300人次 | 320人次 | 50 | 50 | ||||
| 学员满意度 | ≥90% | 88% | 50 | 45 | ||||
"""


def test_a_header_cell_reading_just_指标() -> None:
    (t,) = extract_tables(PLAIN_HEADER)
    assert [row_tuple(r) for r in t.rows] == [
        (None, None, "培训人次", (">=", 300.0, "人次"), ("=", 320.0, "人次"), 50.0, 50.0, ""),
        (None, None, "学员满意度", (">=", 90.0, "%"), ("=", 88.0, "%"), 50.0, 45.0, ""),
    ]


MID_TABLE = """（续表）
产出指标 | 数量指标 | 新建蓄水池 | ≥15座 | 15座 | 20 | 20 | ||||
产出指标 | 质量指标 | 工程验收合格率 | 100% | 100% | 20 | 20 | ||||
效益指标 | 社会效益指标 | 受益农户 | ≥300户 | 320户 | 30 | 30 | ||||
满意度指标 | 服务对象满意度指标 | 农户满意度 | ≥90% | 96% | 20 | 20 | ||||
"""


def test_an_excerpt_starting_mid_table_reads_its_rows_in_the_usual_order() -> None:
    (t,) = extract_tables(MID_TABLE)
    assert [row_tuple(r) for r in t.rows] == [
        ("产出指标", "数量指标", "新建蓄水池", (">=", 15.0, "座"), ("=", 15.0, "座"), 20.0, 20.0, ""),
        ("产出指标", "质量指标", "工程验收合格率", ("=", 100.0, "%"), ("=", 100.0, "%"), 20.0, 20.0, ""),
        ("效益指标", "社会效益指标", "受益农户", (">=", 300.0, "户"), ("=", 320.0, "户"), 30.0, 30.0, ""),
        (
            "满意度指标",
            "服务对象满意度指标",
            "农户满意度",
            (">=", 90.0, "%"),
            ("=", 96.0, "%"),
            20.0,
            20.0,
            "",
        ),
    ]


def test_tab_rows_the_seed_parser_cannot_place_are_read_by_the_generic_reader() -> None:
    text = MID_TABLE.replace(" | ||||", "").replace(" | ", "\t")
    (t,) = extract_tables(text)
    assert t.layout == "tab"
    assert [(r.level2, r.name, r.target.value, r.weight, r.score) for r in t.rows] == [
        ("数量指标", "新建蓄水池", 15.0, 20.0, 20.0),
        ("质量指标", "工程验收合格率", 100.0, 20.0, 20.0),
        ("社会效益指标", "受益农户", 300.0, 30.0, 30.0),
        ("服务对象满意度指标", "农户满意度", 90.0, 20.0, 20.0),
    ]
    assert_offsets(text, t)


AFTER_A_KNOWN_TITLE = """部门(单位)整体支出绩效自评表
部门名称 | 县政务服务管理局 | ||||
一级指标 | 二级指标 | 三级指标 | 指标值 | 实际完成值 | 分值 | 得分 | ||||
履职效能 | 数量指标 | 维护网络安全设备 | ≥36台 | 36台 | 100 | 100 | ||||
说明：指标得分=实际完成值/目标值×该项指标分值。

便民热线运维经费绩效自评表
（2023年度）
| 项目名称 | 便民热线运维经费 | ||||
| 一级指标 | 二级指标 | 三级指标 | 指标值 | 实际完成值 | 分值 | 得分 | ||||
| 产出指标 | 数量指标 | 受理群众来电 | ≥5000件 | 6200件 | 100 | 100 | ||||
"""


def test_a_table_the_seed_finder_knows_ends_at_the_next_table_title() -> None:
    first, second = extract_tables(AFTER_A_KNOWN_TITLE)
    assert (first.kind, [r.name for r in first.rows]) == ("overall", ["维护网络安全设备"])
    assert (second.kind, second.project, [r.name for r in second.rows]) == (
        "project",
        "便民热线运维经费",
        ["受理群众来电"],
    )


def test_a_later_tables_总分_does_not_pull_the_seed_finders_table_over_it() -> None:
    text = AFTER_A_KNOWN_TITLE + "| 总分 | 100 | 100 |\n"
    first, second = extract_tables(text)
    assert [r.name for r in first.rows] == ["维护网络安全设备"] and first.declared_total is None
    assert ([r.name for r in second.rows], second.declared_total) == (["受理群众来电"], 100.0)
