"""Narrative indicator paragraphs (seed 003) and other phrasings of the same template."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.model import Table
from extract.narrative_table import GENERIC_TITLE, find_narrative_tables
from extract.normalize import normalize

SEEDS = Path(__file__).resolve().parent.parent / "corpus" / "seeds"


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _tables(text: str) -> list[Table]:
    return find_narrative_tables(text, normalize(text))


def _assert_spans(text: str, table: Table) -> None:
    """Every span indexes the original text and holds exactly the value reported."""
    for r in table.rows:
        assert table.start <= r.start < r.end <= table.end
        for q in (r.target, r.actual):
            if q.raw:
                assert text[q.start : q.end] == q.raw
        if r.name_span:
            assert text[slice(*r.name_span)] == r.name
            assert r.start == r.name_span[0]
        if r.note_span:
            assert text[slice(*r.note_span)] == r.note
        if r.weight_span:
            assert float(text[slice(*r.weight_span)]) == r.weight
        if r.score_span:
            assert float(text[slice(*r.score_span)]) == r.score
            assert r.end == text.index("分", r.score_span[1]) + 1  # the row ends with 得分 X分
    if table.budget:
        for cell in table.budget.cells.values():
            assert text[cell.start : cell.end] == cell.raw
        assert table.start <= table.budget.start < table.budget.end <= table.end
    if table.declared_total_span:
        assert float(text[slice(*table.declared_total_span)]) == table.declared_total


# name, target raw, op, value, unit, actual raw, actual value, weight, score, has note
SEED003_ROWS = [
    ("培训费下降率", "大于等于 5%", ">=", 5, "%", "5%", 5, 8, 8, False),
    ("预算经费", "小于等于 212.65万元", "<=", 212.65, "万元", "183.99万元", 183.99, 12, 11.76, True),
    ("项目支出预算执行率", "等于 100%", "=", 100, "%", "100%", 100, 10, 10, False),
    ("政府采购执行率", "等于 100%", "=", 100, "%", "100%", 100, 10, 10, False),
    ("全年办件数量", "大于等于 40万件", ">=", 40, "万件", "72.3万件", 72.3, 15, 15, True),
    ("全程网办事项比例", "大于等于 88%", ">=", 88, "%", "83.22%", 83.22, 10, 9.46, True),
    ("事项审批时间缩短", "大于等于 73%", ">=", 73, "%", "74.51%", 74.51, 15, 15, False),
    ("群众满意度", "大于等于 95%", ">=", 95, "%", "95%", 95, 10, 10, False),
]


def test_seed003_table() -> None:
    text = _seed("003")
    (t,) = _tables(text)
    assert (t.kind, t.layout, t.title) == ("narrative", "narrative", "部门单位整体支出绩效分析")
    assert t.start == text.index("三、部门单位整体支出绩效分析")
    assert len(t.rows) == 8
    for r, (name, traw, op, val, unit, araw, aval, w, sc, has_note) in zip(t.rows, SEED003_ROWS, strict=True):
        assert r.name == name
        assert (r.target.raw, r.target.op, r.target.value, r.target.unit) == (traw, op, val, unit)
        # The actual is the 本次评价 value, never the 年中监控 one.
        assert (r.actual.raw, r.actual.op, r.actual.value, r.actual.unit) == (araw, "=", aval, unit)
        assert (r.weight, r.score) == (w, sc)
        assert bool(r.note) == has_note
    _assert_spans(text, t)


def test_seed003_notes_and_row_spans() -> None:
    text = _seed("003")
    (t,) = _tables(text)
    r = t.rows[1]
    assert r.note.startswith("偏差原因：部分年初预算调减，完成节约，改进措施：提升\n")
    assert r.note.endswith("提高预算绩效管理工作的质量和水平")
    assert text[r.start : r.end].endswith("该指标权重分值为 12分，自评得分 11.76分")
    assert t.rows[5].note.startswith("偏差原因：全程网办事项")
    assert text[t.rows[5].start : t.rows[5].end].endswith("自评得分 9.46\n分")  # value across a wrap
    # 偏差较小 without a stated reason is no note.
    assert t.rows[6].note == "" and t.rows[6].note_span is None


def test_seed003_budget_total_and_closure() -> None:
    text = _seed("003")
    (t,) = _tables(text)
    b = t.budget
    assert b is not None
    assert (b.name, b.adjusted, b.executed, b.rate, b.score, b.weight, b.initial) == (
        "全年预算",
        187.84,
        183.99,
        97.95,
        9.8,
        None,
        None,
    )
    assert (
        text[b.start : b.end]
        == "全年预算金额为 187.84 万元，执行金额\n\n为 183.99万元，执行率为 97.95%，得 9.8分"
    )
    assert t.declared_total == 99.02
    assert text[slice(*t.declared_total_span)] == "99.02"
    assert text[t.declared_total_span[0] - 7 : t.declared_total_span[0]] == "自评综合得分 "
    assert t.end == t.declared_total_span[1]
    # Closure: item scores plus the execution score make the declared total.
    assert abs(sum(r.score for r in t.rows) + b.score - t.declared_total) < 0.01
    # Weights: 90 for the items; the execution weight (10) is not printed.
    assert sum(r.weight for r in t.rows) == 90


@pytest.mark.parametrize("seed", ["000", "001", "002", "004"])
def test_no_narrative_tables_in_other_seeds(seed: str) -> None:
    assert _tables(_seed(seed)) == []


def test_fragment_terse_labels() -> None:
    text = "三、绩效指标完成情况\n\n指标名称：义务教育巩固率，目标值不低于 95%，实际完成 96.5%，分值 10 分，得分 10 分。\n"
    (t,) = _tables(text)
    # A document may start at 三、: the enclosing section still names the table.
    assert t.title == "绩效指标完成情况"
    (r,) = t.rows
    assert r.name == "义务教育巩固率"
    assert (r.target.raw, r.target.op, r.target.value, r.target.unit) == ("不低于 95%", ">=", 95, "%")
    assert (r.actual.raw, r.actual.value) == ("96.5%", 96.5)
    assert (r.weight, r.score) == (10, 10)
    assert t.budget is None and t.declared_total is None
    _assert_spans(text, t)


def test_fragment_numbered_items_budget_and_total() -> None:
    text = (
        "（二）绩效分析\n\n本年度全年预算数为 50.00 万元，实际支出 45.00 万元，预算执行率 90%，权重 10 分，得分 9 分。\n\n"
        "1.培训人次：年度指标值为≥500人次，年中完成值为 200 人次，实际完成值为520\n人次，权重为10分，得分10分。\n"
        "2.群众满意度：年度指标值为≥90%，实际完成值为85%，未完成原因：宣传不到\n位，下一步加强宣传。权重为10分，自评得分9.44分。\n\n"
        "三、结论\n\n本项目自评综合得分为 28.44 分。\n"
    )
    (t,) = _tables(text)
    assert t.title == "绩效分析" and t.start == 0
    b = t.budget
    assert (b.adjusted, b.executed, b.rate, b.weight, b.score) == (50, 45, 90, 10, 9)
    r1, r2 = t.rows
    assert (r1.name, r1.target.op, r1.target.value, r1.target.unit) == ("培训人次", ">=", 500, "人次")
    # Mid-year figures (年中完成值) are not the actual; the actual may wrap a line.
    assert (r1.actual.raw, r1.actual.value) == ("520\n人次", 520)
    assert (r2.name, r2.actual.value, r2.weight, r2.score) == ("群众满意度", 85, 10, 9.44)
    assert r2.note == "未完成原因：宣传不到\n位，下一步加强宣传"
    assert t.declared_total == 28.44
    assert abs(r1.score + r2.score + b.score - t.declared_total) < 0.01
    _assert_spans(text, t)


def test_fragment_name_in_heading_and_qualitative_actual() -> None:
    text = (
        "（一）指标一：培训人次\n\n该指标预期指标值为不少于 500 人次，实际完成值为 520 人次，权重分值为 10 分，得分 10 分。\n"
        "（二）指标二：满意度\n\n该指标目标值为≥90%，本次评价满意度为较高，权重为10分，得分8分。\n"
    )
    (t,) = _tables(text)
    assert t.title == GENERIC_TITLE  # no enclosing section besides the 指标X headings
    assert [r.name for r in t.rows] == ["培训人次", "满意度"]
    assert t.rows[1].actual.op == "qualitative" and t.rows[1].actual.raw == "较高"
    _assert_spans(text, t)


def test_target_phrase_without_scores_is_no_row() -> None:
    text = "一、绩效目标\n\n本项目年度目标值为服务群众满意度达到 95%，全年完成各项任务。\n"
    assert _tables(text) == []


def test_seed003_variants_keep_values() -> None:
    """CRLF line ends, symbol operators and single line breaks give the same rows."""
    text = _seed("003")
    base = [(r.name, r.target.value, r.actual.value, r.weight, r.score) for r in _tables(text)[0].rows]
    for variant in (
        text.replace("\n", "\r\n"),
        text.replace("大于等于 ", "≥").replace("小于等于 ", "≤").replace("\n\n", "\n"),
    ):
        (t,) = _tables(variant)
        assert [(r.name, r.target.value, r.actual.value, r.weight, r.score) for r in t.rows] == base
        assert t.declared_total == 99.02
        _assert_spans(variant, t)
