"""The ``mixed`` layout (real-forms 6.2): each cell on a line starting ``| ``, a lone ``|``
ending the row; a goal table with targets only."""

from __future__ import annotations

from extract.tables import extract_tables
from tests.layout_helpers import assert_offsets, row_tuple

TEXT = """项目绩效目标自评表
| 一级指标
| 二级指标
| 三级指标
| 年度指标值
| 实际完成值
| 分值
| 得分
|
| 产出指标
| 数量指标
| 培训人数
| ≥200人
| 230人
| 40
| 40
|
| 效益指标
| 社会效益指标
| 就业率
| ≥80%
| 85%
| 40
| 36
|
| 满意度指标
| 满意度指标
| 学员满意度
| ≥90%
| 95%
| 20
| 20
|
"""


def test_cells_led_by_pipes_rows_ended_by_a_lone_pipe() -> None:
    (t,) = extract_tables(TEXT)
    assert (t.layout, t.title, t.kind) == ("mixed", "项目绩效目标自评表", "project")
    assert [row_tuple(r) for r in t.rows] == [
        ("产出指标", "数量指标", "培训人数", (">=", 200.0, "人"), ("=", 230.0, "人"), 40.0, 40.0, ""),
        ("效益指标", "社会效益指标", "就业率", (">=", 80.0, "%"), ("=", 85.0, "%"), 40.0, 36.0, ""),
        ("满意度指标", "满意度指标", "学员满意度", (">=", 90.0, "%"), ("=", 95.0, "%"), 20.0, 20.0, ""),
    ]
    assert_offsets(TEXT, t)


GOALS = """| 一级指标
| 二级指标
| 三级指标
| 指标值
|
| 产出指标
| 数量指标
| 改造户数
| ≥120户
|
| 效益指标
| 社会效益指标
| 居住条件
| 明显改善
|
"""


def test_goal_table_with_targets_only() -> None:
    (t,) = extract_tables("二、绩效目标表\n" + GOALS)
    assert [row_tuple(r) for r in t.rows] == [
        ("产出指标", "数量指标", "改造户数", (">=", 120.0, "户"), (None, None, None), None, None, ""),
        (
            "效益指标",
            "社会效益指标",
            "居住条件",
            ("qualitative", None, None),
            (None, None, None),
            None,
            None,
            "",
        ),
    ]


CARRIED = """项目支出绩效自评表
一级指标 二级指标 三级指标 指标值 实际完成值 分值 得分
产出指标 数量指标 新建机耕道 ≥12公里 12.5公里
20 20 质量指标 工程验收合格率 100% 100%
20 19 效益指标 经济效益指标 亩均增收 ≥200元 260元
30 30
"""


def test_ocr_order_carries_weight_and_score_into_the_next_line() -> None:
    (t,) = extract_tables(CARRIED)
    assert [(r.level2, r.name, r.target.value, r.actual.value, r.weight, r.score) for r in t.rows] == [
        ("数量指标", "新建机耕道", 12.0, 12.5, 20.0, 20.0),
        ("质量指标", "工程验收合格率", 100.0, 100.0, 20.0, 19.0),
        ("经济效益指标", "亩均增收", 200.0, 260.0, 30.0, 30.0),
    ]
    assert_offsets(CARRIED, t)


CARRIED_GLUED = """项目支出绩效自评表
一级指标 二级指标 三级指标 指标值 实际完成值 分值 得分
产出指标 数量指标 开展业务培训≥1次2次
1313 质量指标 合同签订率≥85%85%
1212 时效指标 工资按月发放及时率≥95%97.45%
1210
总分 100 37
"""


def test_weight_and_score_run_together_at_the_start_of_the_next_line() -> None:
    (t,) = extract_tables(CARRIED_GLUED)
    assert [(r.level2, r.name, r.target.value, r.actual.value, r.weight, r.score) for r in t.rows] == [
        ("数量指标", "开展业务培训", 1.0, 2.0, 13.0, 13.0),
        ("质量指标", "合同签订率", 85.0, 85.0, 12.0, 12.0),
        ("时效指标", "工资按月发放及时率", 95.0, 97.45, 12.0, 10.0),
    ]
    assert t.declared_total == 37.0
    assert_offsets(CARRIED_GLUED, t)


def test_a_pipe_and_a_space_is_an_empty_cell_not_a_row_end() -> None:
    text = (
        TEXT.replace("| 满意度指标\n| 满意度指标\n", "| 满意度指标\n| \n")
        + "| 总分\n| \n| \n| \n| \n| 100\n| 96\n|\n"
    )
    (t,) = extract_tables(text)
    assert [(r.level1, r.level2, r.name) for r in t.rows][-1] == ("满意度指标", None, "学员满意度")
    assert t.declared_total == 96.0
