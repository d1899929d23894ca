"""The registry of layout plug-ins, the header synonyms every layout shares and the
order-keeping alignment of cells to columns."""

from __future__ import annotations

import pytest

from extract import layouts
from extract.layouts.base import Cell
from extract.layouts.celltype import cell_type
from extract.layouts.headers import header_role
from extract.layouts.rows import align


def test_every_family_is_registered_with_detect_and_parse() -> None:
    assert set(layouts.LAYOUTS) == {"tab", "cell_lines", "pipes", "spaces", "cell_blank", "inline", "mixed"}
    for mod in layouts.LAYOUTS.values():
        assert callable(mod.detect) and callable(mod.parse)


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("年度指标值", "target"),
        ("年度 指标值", "target"),
        ("年初目标值(A)", "target"),
        ("目标值(年度/终期)", "target"),
        ("指标值(包含数字及文字描述)", "target"),
        ("实际完成值(B)", "actual"),
        ("全年实际完成值", "actual"),
        ("全年完成值", "actual"),
        ("全年实际值", "actual"),
        ("年终完成值", "actual"),
        ("完成值", "actual"),
        ("分值", "weight"),
        ("权重", "weight"),
        ("指标权重(分)", "weight"),
        ("得分", "score"),
        ("自评得分", "score"),
        ("复核分", "score"),
        ("指标得分(分)", "score"),
        ("执行率得分", "bscore"),
        ("执行率权重", "bweight"),
        ("偏差原因分析及改进措施", "note"),
        ("未完成原因和改进措施", "note"),
        ("偏差大或目标未完成原因分析", "note"),
        ("备注", "note"),
        ("指标性质", "nature"),
        ("度量单位", "unit"),
        ("计量单位", "unit"),
        ("评分标准", "basis"),
        ("年初预算数", "initial"),
        ("全年预算数(A)", "adjusted"),
        ("全年（调整）预算数", "adjusted"),
        ("调整后预算数", "adjusted"),
        ("预算数(A)", "adjusted"),
        ("全年执行数(B)", "executed"),
        ("预算执行数", "executed"),
        ("执行率(B/A×100%)", "rate"),
        ("预算执行率", "rate"),
        ("得分(10分*执行率)", "score"),
        ("预期目标", "expected"),
        ("实际完成情况", "achieved"),
        ("全年实际完成情况", "achieved"),
        ("一级指标", "level1"),
        ("二级指标", "level2"),
        ("三级指标", "name"),
        ("项目资金(万元)", "label"),
    ],
)
def test_header_synonyms(header: str, role: str) -> None:
    assert header_role(header) == role


@pytest.mark.parametrize(
    "cell",
    ["年度资金总额", "≥90%", "100", "产出指标", "培训人数", "实施单位", "项目得分情况说明如下所述的内容较长"],
)
def test_values_and_names_are_no_headers(cell: str) -> None:
    assert header_role(cell) is None


@pytest.mark.parametrize(
    ("cell", "kind"),
    [
        ("", "empty"),
        ("/", "na"),
        ("—", "na"),
        ("20", "number"),
        ("9.5", "number"),
        ("95%", "percent"),
        ("≥", "op"),
        ("工", "op"),
        ("≥90%", "qty"),
        ("48公里", "qty"),
        ("%", "unit"),
        ("人/年", "unit"),
        ("产出指标", "label1"),
        ("数量指标", "label2"),
        ("满意度指标", "label"),
        ("群众满意度", "text"),
    ],
)
def test_cell_types(cell: str, kind: str) -> None:
    assert cell_type(cell) == kind


def _cells(*texts: str) -> list[Cell]:
    return [Cell(t, 0, len(t)) for t in texts]


COLS = ["level1", "level2", "name", "target", "actual", "weight", "score", "note"]


def test_a_row_shifted_left_by_a_merged_column_aligns() -> None:
    got = align(_cells("质量指标", "验收合格率", "≥95%", "98%", "20", "20"), COLS)
    assert [COLS[j] for j in got] == ["level2", "name", "target", "actual", "weight", "score"]


def test_a_lone_number_is_the_weight_and_a_split_target_is_one_value() -> None:
    got = align(_cells("数量指标", "人数", "≥", "90", "%", "10"), COLS)
    assert [COLS[j] for j in got] == ["level2", "name", "target", "target", "target", "weight"]


def test_an_extra_cell_is_left_out() -> None:
    got = align(
        _cells("人数", "≥90%", "95%", "10", "10", "/", "无", "多余"),
        ["name", "target", "actual", "weight", "score", "note"],
    )
    assert got[:5] == [0, 1, 2, 3, 4]
