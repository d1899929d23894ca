"""Tables of Word, Excel and HTML files read from their own grid (extract/filetables.py).

Each test writes a form with ``corpus.generator.files`` in the file types and checks every
field of every row, the table's kind and title, and that evidence indexes the rendering.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.generator.files import Sheet, write_docx, write_html, write_xlsx
from corpus.generator.pdf import Center, TableSpec
from extract.filetables import prepare
from extract.layouts.base import Cell
from extract.pipeline import extract_source
from extract.read import read_path

WRITERS = {"html": write_html, "docx": write_docx, "xlsx": write_xlsx}

# An overall table with neither a 总分 row nor a title the text finder knows (the department
# before 整体), then a project table with no title at all: only the file says where one
# ends and the other starts. Headers the seeds' tab parser does not know (完成量, 预算数(A)).
OVERALL = TableSpec(
    [
        ["部门名称", "某县民政局", "", "", "", "", ""],
        ["预算执行情况(万元)", "预算数(A)", "执行数(B)", "执行率(B/A)", "得分(10分*执行率)", "", ""],
        ["总额", "8,048.72", "7,873.07", "97.82%", "9.78", "", ""],
        ["其中:财政拨款", "6785.91", "6629.85", "97.70%", "-", "", ""],
        ["年度总体目标", "预期目标", "全年实际完成情况", "", "", "", ""],
        ["", "确保集中供养特困人员不少于39人。", "集中供养特困人员实际完成45人。", "", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标值", "完成量", "分值", "得分"],
        ["产出指标", "数量指标", "集中供养特困人员", "≥39人", "45人", "50", "50"],
        ["", "质量指标", "合同签订率", "≥95%", "93%", "40", "39.16"],
        ["满意度指标", "满意度指标", "服务对象满意度", "≥90%", "92.15%", "10", "10"],
    ],
    [(1, 0, 6, 0), (0, 7, 0, 8)],
)
PROJECT = TableSpec(
    [
        ["项目名称", "聘用人员经费", "", "", "", "", ""],
        ["项目资金(万元)", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分"],
        ["年度资金总额", "1,859.11", "1,859.11", "1,648.16", "88.65%", "10", "8.87"],
        # The indicator header over two rows: 绩效指标 over the levels, the others merged down.
        ["绩效指标", "", "", "年度指标值", "实际完成值", "分值", "得分"],
        ["一级指标", "二级指标", "三级指标", "", "", "", ""],
        ["产出指标", "数量指标", "开展聘用人员业务培训", "=4次", "4次", "45", "45"],
        ["成本指标", "经济成本指标", "聘用人员社保缴费成本", "≤688.00万元", "713.15万元", "45", "0"],
        ["总分", "", "", "", "", "100", "53.87"],
    ],
    [(1, 0, 6, 0), (0, 3, 2, 3), *((c, 3, c, 4) for c in range(3, 7))],
)
BLOCKS = ["十一、预算绩效情况说明", Center("某县民政局整体支出绩效自评表"), OVERALL, PROJECT]

OVERALL_ROWS = [
    ("产出指标", "数量指标", "集中供养特困人员", ">=", 39.0, "人", 45.0, "人", 50.0, 50.0),
    ("产出指标", "质量指标", "合同签订率", ">=", 95.0, "%", 93.0, "%", 40.0, 39.16),
    ("满意度指标", "满意度指标", "服务对象满意度", ">=", 90.0, "%", 92.15, "%", 10.0, 10.0),
]
PROJECT_ROWS = [
    ("产出指标", "数量指标", "开展聘用人员业务培训", "=", 4.0, "次", 4.0, "次", 45.0, 45.0),
    ("成本指标", "经济成本指标", "聘用人员社保缴费成本", "<=", 688.0, "万元", 713.15, "万元", 45.0, 0.0),
]


def _rows(t) -> list[tuple]:
    return [
        (
            r.level1,
            r.level2,
            r.name,
            r.target.op,
            r.target.value,
            r.target.unit,
            r.actual.value,
            r.actual.unit,
            r.weight,
            r.score,
        )
        for r in t.rows
    ]


@pytest.mark.parametrize("kind", ["html", "docx", "xlsx"])
def test_tables_end_where_the_file_starts_another(kind: str, tmp_path: Path) -> None:
    path = tmp_path / f"r.{kind}"
    WRITERS[kind](BLOCKS, path)
    src = read_path(path)
    rep = extract_source(src)
    assert all(t.confidence is not None and t.confidence >= 0.9 for t in rep.tables)
    assert [(t.kind, t.title, t.layout) for t in rep.tables] == [
        ("overall", "某县民政局整体支出绩效自评表", "cells"),
        ("project", "聘用人员经费", "cells"),
    ]
    overall, project = rep.tables
    assert _rows(overall) == OVERALL_ROWS and _rows(project) == PROJECT_ROWS
    assert (overall.budget.adjusted, overall.budget.executed, overall.budget.rate, overall.budget.score) == (
        8048.72,
        7873.07,
        97.82,
        9.78,
    )
    assert overall.declared_total is None and project.declared_total == 53.87
    assert (
        project.budget.initial,
        project.budget.adjusted,
        project.budget.executed,
        project.budget.rate,
        project.budget.weight,
        project.budget.score,
    ) == (1859.11, 1859.11, 1648.16, 88.65, 10.0, 8.87)
    assert overall.end < project.start  # the overall table stops at the file's table end
    for t in rep.tables:
        for r in t.rows:
            assert src.text[r.start : r.end].startswith(r.name) or r.name in src.text[r.start : r.end]
            assert src.text[slice(*r.score_span)] == ("39.16" if r.score == 39.16 else f"{r.score:g}")


def test_xlsx_title_rows_inside_the_table_and_a_spacer_column(tmp_path: Path) -> None:
    """A sheet with the title merged over the table's first row, the year under it, and an
    empty narrow column after the indicator name: the title titles the table, the spacer
    column is no cell, and evidence names the sheet's cells."""
    width = len(OVERALL.rows[0]) + 1
    rows = [["某县民政局整体支出绩效自评表"] + [""] * (width - 1), ["（2023年度）"] + [""] * (width - 1)]
    rows += [r[:3] + [""] + r[3:] for r in OVERALL.rows]
    spans = [(0, 0, width - 1, 0), (0, 1, width - 1, 1), (1, 2, width - 1, 2), (0, 9, 0, 10)]
    path = tmp_path / "t.xlsx"
    write_xlsx([Sheet("整体自评表"), TableSpec(rows, spans)], path)
    src = read_path(path)
    assert src.text.startswith(
        "整体自评表\n某县民政局整体支出绩效自评表\n（2023年度）\n\n部门名称\t某县民政局\t"
    )
    assert "集中供养特困人员\t≥39人\t45人\t50\t50\n" in src.text  # column D (empty throughout) left out
    (t,) = extract_source(src).tables
    assert (t.kind, t.title) == ("overall", "某县民政局整体支出绩效自评表")
    assert _rows(t) == OVERALL_ROWS
    refs = {ref: (s, e) for s, e, ref in src.cells}
    assert src.text[slice(*refs["整体自评表!C10"])] == "集中供养特困人员"
    assert src.text[slice(*refs["整体自评表!A1"])] == "某县民政局整体支出绩效自评表"
    assert (
        src.text[slice(*t.rows[1].score_span)] == "39.16" and t.rows[1].score_span == refs["整体自评表!H11"]
    )


@pytest.mark.parametrize("kind", ["html", "docx"])
def test_cells_broken_by_enter_join_without_a_space(kind: str, tmp_path: Path) -> None:
    rows = [list(r) for r in PROJECT.rows]
    rows[5][2] = "开展聘用人员\n业务培训"  # Enter inside the name: <br> in HTML, two paragraphs in Word
    path = tmp_path / f"b.{kind}"
    WRITERS[kind]([TableSpec(rows, PROJECT.spans)], path)
    src = read_path(path)
    assert "\t开展聘用人员业务培训\t=4次\t" in src.text
    (t,) = extract_source(src).tables
    assert _rows(t) == PROJECT_ROWS


def _cells(*texts: str) -> list[Cell]:
    out, pos = [], 0
    for s in texts:
        out.append(Cell(s, pos, pos + len(s)))
        pos += len(s) + 1
    return out


def test_prepare_joins_a_two_row_header_and_drops_a_label_column() -> None:
    rows = [
        _cells("绩效指标", "", "", "年度指标值", "实际完成值", "分值", "得分"),
        _cells("一级指标", "二级指标", "三级指标", "", "", "", ""),
        _cells("产出指标", "数量指标", "培训", "=4次", "4次", "45", "45"),
    ]
    head, row = prepare(rows)
    assert [c.text for c in head] == [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
    ]
    assert [c.start for c in head[:4]] == [
        rows[1][0].start,
        rows[1][1].start,
        rows[1][2].start,
        rows[0][3].start,
    ]
    assert row is rows[2]
    # A column under an empty header cell holding one label down the rows is left out until
    # the 总分 row, which keeps all its cells.
    rows = [
        _cells("", "一级指标", "三级指标", "分值"),
        _cells("年度绩效指标完成情况", "产出指标", "培训", "45"),
        _cells("", "", "宣传", "55"),
        _cells("总分", "", "", "100"),
    ]
    out = prepare(rows)
    assert [[c.text for c in r] for r in out] == [
        ["一级指标", "三级指标", "分值"],
        ["产出指标", "培训", "45"],
        ["", "宣传", "55"],
        ["总分", "", "", "100"],
    ]
    # A column under an empty header holding values is kept.
    rows = [_cells("一级指标", "三级指标", ""), _cells("产出指标", "培训", "45"), _cells("", "宣传", "55")]
    assert [len(r) for r in prepare(rows)] == [3, 3, 3]


@pytest.mark.parametrize("kind", ["html", "docx", "xlsx"])
def test_one_score_above_its_weight_stays_as_printed(kind: str, tmp_path: Path) -> None:
    """The header names 分值 and 得分: one row scored above its weight is read as printed (an
    anomaly for the checks), not taken for columns in the other order."""
    rows = [list(r) for r in PROJECT.rows]
    rows[6][6] = "45"  # every other row at full marks
    rows[5][6] = "50"  # 开展聘用人员业务培训: 50 of 45
    path = tmp_path / f"s.{kind}"
    WRITERS[kind]([TableSpec(rows, PROJECT.spans)], path)
    (t,) = extract_source(read_path(path)).tables
    assert [(r.name, r.weight, r.score) for r in t.rows] == [
        ("开展聘用人员业务培训", 45.0, 50.0),
        ("聘用人员社保缴费成本", 45.0, 45.0),
    ]


@pytest.mark.parametrize("kind", ["html", "docx", "xlsx"])
def test_a_table_right_after_another_total_with_operator_and_unit_columns(kind: str, tmp_path: Path) -> None:
    """A project table with no title and no 年初预算 right after the overall table's 总分 row
    (nothing for the text finder to anchor on), its operator and unit in columns of their
    own and its scores blank: found from the file's grid, each cell read in its column."""
    overall = TableSpec(
        [*OVERALL.rows, ["总分", "", "", "", "", "100", "99.16"], ["自评等级", "优", "", "", "", "", ""]],
        OVERALL.spans,
    )
    project = TableSpec(
        [
            ["项目名称", "学生资助补助经费", "", "", "", "", "", "", "", ""],
            [
                "项目资金(万元)",
                "预算数(A)",
                "执行数(B)",
                "执行率(B/A)",
                "得分(10分*执行率)",
                "",
                "",
                "",
                "",
                "",
            ],
            ["年度资金总额", "49.21", "49.21", "100.00%", "10", "", "", "", "", ""],
            [
                "一级指标",
                "二级指标",
                "三级指标",
                "指标性质",
                "目标值(年度/终期)",
                "度量单位",
                "实际完成值(B)",
                "分值",
                "得分",
                "偏差大或目标未完成原因分析",
            ],
            ["产出指标", "数量指标", "资助家庭经济困难学生", "≥", "2500", "人次", "2500", "25", "", ""],
            ["", "质量指标", "资助对象认定准确率", "≥", "85", "%", "86.15", "25", "", ""],
            [
                "效益指标",
                "社会效益指标",
                "因贫失学辍学情况控制",
                "",
                "稳步提升",
                "",
                "预期目标全部实现",
                "50",
                "",
                "",
            ],
        ],
        [(1, 0, 9, 0), (0, 4, 0, 5)],
    )
    path = tmp_path / f"n.{kind}"
    WRITERS[kind]([Center("某县民政局整体支出绩效自评表"), overall, project], path)
    src = read_path(path)
    tables = extract_source(src).tables
    assert [(t.kind, t.title) for t in tables] == [
        ("overall", "某县民政局整体支出绩效自评表"),
        ("project", "学生资助补助经费"),
    ]
    t = tables[1]
    assert [
        (r.name, r.target.op, r.target.value, r.target.unit, r.actual.op, r.actual.value, r.weight, r.score)
        for r in t.rows
    ] == [
        ("资助家庭经济困难学生", ">=", 2500.0, "人次", "=", 2500.0, 25.0, None),
        ("资助对象认定准确率", ">=", 85.0, "%", "=", 86.15, 25.0, None),
        ("因贫失学辍学情况控制", "qualitative", None, None, "qualitative", None, 50.0, None),
    ]
    assert (t.budget.adjusted, t.budget.executed, t.budget.rate, t.budget.score) == (
        49.21,
        49.21,
        100.0,
        10.0,
    )
    assert src.text[slice(*t.rows[1].weight_span)] == "25"
