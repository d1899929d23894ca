"""The ``spaces`` layout (real-forms 6.2): columns split by runs of spaces, the header
over two lines, the budget rate as a fraction, a label cell before the budget row's name."""

from __future__ import annotations

from extract.layouts import spaces
from extract.layouts.base import Region
from extract.tables import extract_tables
from tests.layout_helpers import assert_offsets, budget_tuple, row_tuple

TEXT = """三、项目绩效自评表
  项目名称      城区绿化提升工程
  项目资金    年初预算数    全年预算数    全年执行数    分值    执行率    得分
  (万元)    年度资金总额    500.00    480.00    470.00    10    0.979    9.79
  一级指标    二级指标    三级指标        年度      实际      分值    得分    偏差原因
                                          指标值    完成值
  产出指标    数量指标    指标1:新增绿地面积    20000平方米    21000平方米    30    30
  产出指标    质量指标    指标2:苗木成活率    ≥95%    96%    20    20
  效益指标    生态效益指标    指标3:空气质量优良天数    ≥300天    290天    30    27    受天气影响
  满意度指标    满意度指标    指标4:群众满意度    ≥90%    92%    10    10
  总分    100    96.79
四、存在问题
"""


def test_spaces_with_a_two_line_header() -> None:
    (t,) = extract_tables(TEXT)
    assert (t.layout, t.project, t.title) == ("spaces", "城区绿化提升工程", "城区绿化提升工程")
    assert [row_tuple(r) for r in t.rows] == [
        (
            "产出指标",
            "数量指标",
            "指标1:新增绿地面积",
            ("=", 20000.0, "平方米"),
            ("=", 21000.0, "平方米"),
            30.0,
            30.0,
            "",
        ),
        ("产出指标", "质量指标", "指标2:苗木成活率", (">=", 95.0, "%"), ("=", 96.0, "%"), 20.0, 20.0, ""),
        (
            "效益指标",
            "生态效益指标",
            "指标3:空气质量优良天数",
            (">=", 300.0, "天"),
            ("=", 290.0, "天"),
            30.0,
            27.0,
            "受天气影响",
        ),
        ("满意度指标", "满意度指标", "指标4:群众满意度", (">=", 90.0, "%"), ("=", 92.0, "%"), 10.0, 10.0, ""),
    ]
    # 0.979 is a fraction: 470 / 480 = 0.979, so the rate is 97.9 percent
    assert budget_tuple(t) == ("年度资金总额", 500.0, 480.0, 470.0, 97.9, 10.0, 9.79)
    assert t.budget.cells["rate"].raw == "0.979"
    assert t.declared_total == 96.79
    assert_offsets(TEXT, t)
    assert "四、存在问题" not in TEXT[t.start : t.end]


def test_header_pieces_join_by_column() -> None:
    rows = spaces.rows(Region(TEXT, 0, len(TEXT), "", "project"))
    header = next(r for r in rows if r and r[0].text == "一级指标")
    assert [c.clean for c in header] == [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因",
    ]


def test_a_rate_printed_without_percent_sign_is_a_percent() -> None:
    text = TEXT.replace("0.979", "97.92")
    (t,) = extract_tables(text)
    assert t.budget.rate == 97.92
