"""cell_lines: a 偏差原因 note printed after its row, wrapped in the narrow note column.

The converter prints the note after the row's values, one short line per wrapped piece
(seed 001: ``为民办\\n\\n实事工\\n\\n作队 7``). A note can follow a row that kept all its
points (it explains an overshoot, or a miss the scorer let pass), and the next row may
follow it with no level label in between, its name wrapped over the wide name column.
The note column's lines are narrower than a wrapped name line: that, not the score,
tells the note from a name.
"""

from __future__ import annotations

import pytest

from extract.layout_lines import parse_lines_table
from extract.model import IndicatorRow, Table


def _lines(*cells: str) -> str:
    return "\n\n".join(cells)


def _wrap(text: str, width: int) -> str:
    return "\n\n".join(text[i : i + width] for i in range(0, len(text), width))


_HEAD = _lines(
    " 项目支出绩效自评表",
    "（2023 年）",
    "项目名称 社区矫正工作经费",
    "主管部门 某某县司法局 实施单位",
    "某某县司法局",
    "项目资金",
    "（万元）",
    "年初预算数 全年预算数 全年执行数 分值\n执行",
    "率\n得分",
    "年度资金总额 30.00 32.00 30.40 10 95.00% 9.50",
    "其中：当年财政拨款 30.00 32.00 30.40 — — —",
    *"年度总体目标",
    "预期目标 实际完成情况",
    "全年开展矫正对象教育学习不少于 12 次，组织社区服务活动不少于 8 次，",
    "矫正对象再犯罪率控制在 1%以内。",
    "全年开展教育学习 12 次，组织社区服",
    "务活动 10 次，再犯罪率 0.5%。",
    "一级指",
    "标",
    "二级",
    "指标\n三级指标 年度指标值 实际完成值 分值",
    "得",
    "分",
    "偏差原",
    "因分析",
    "及改进",
    "措施",
    *"年度绩效指标完成情况",
)

NOTE_OVERSHOOT = "服务需求增加，超额完成年度目标"
NOTE_MISS = "人员调整，评估工作延后"
NOTE_AHEAD = "提前谋划，超额完成计划"

TABLE = (
    _lines(
        _HEAD,
        "产出指",
        "标",
        "数量",
        "指标\n开展矫正对象教育学习 >=12 次 =12 次 12 12",
        # A full-score row with a note, then the next row with no label in between.
        "组织社区服务活动 >=8 次 =10 次 12 12",
        _wrap(NOTE_OVERSHOOT, 4),
        # That next row's name wraps over the name column (14 wide) before its values; it
        # lost points and has a note too.
        _wrap("开展心理健康评估人次覆盖重点矫正对象", 14) + "\n>=60 人次 =52 人次 12 10.40",
        _wrap(NOTE_MISS, 4),
        "质量",
        "指标\n矫正对象再犯罪率 <=1% =0.5% 10 10",
        # A full-score row whose note is followed by a level label.
        "教育活动计划完成率 >=90% =100% 10 10",
        _wrap(NOTE_AHEAD, 4),
        "时效",
        "指标\n矫正档案按时归档率 >=95% =96% 10 10",
        # No note, and the next row's name wrapped: both lines are the name.
        _wrap("矫正对象报到衔接手续按时办结率", 14) + "\n>=95% =100% 12 12",
        "效益指",
        "标",
        "社会",
        "效益",
        "指标\n社区安全稳定 有效提升 有效提升 12 12",
        "总分 100\n97.90",
    )
    + "\n\n十二、其他需说明的事项\n"
)

ROWS = [
    # name, target (op, value, unit), actual value, weight, score, note
    ("开展矫正对象教育学习", (">=", 12, "次"), 12, 12, 12, ""),
    ("组织社区服务活动", (">=", 8, "次"), 10, 12, 12, NOTE_OVERSHOOT),
    ("开展心理健康评估人次覆盖重点矫正对象", (">=", 60, "人次"), 52, 12, 10.4, NOTE_MISS),
    ("矫正对象再犯罪率", ("<=", 1, "%"), 0.5, 10, 10, ""),
    ("教育活动计划完成率", (">=", 90, "%"), 100, 10, 10, NOTE_AHEAD),
    ("矫正档案按时归档率", (">=", 95, "%"), 96, 10, 10, ""),
    ("矫正对象报到衔接手续按时办结率", (">=", 95, "%"), 100, 12, 12, ""),
    ("社区安全稳定", ("qualitative", None, None), None, 12, 12, ""),
]


def _parse(text: str) -> Table:
    end = text.index("十二、其他需说明的事项")
    return parse_lines_table(text, 0, text.rindex("97.90", 0, end) + len("97.90"), "project")


def _summary(r: IndicatorRow) -> tuple:
    return (r.name, (r.target.op, r.target.value, r.target.unit), r.actual.value, r.weight, r.score, r.note)


def test_notes_after_their_rows() -> None:
    t = _parse(TABLE)
    assert [_summary(r) for r in t.rows] == [
        (n, tgt, pytest.approx(a) if a is not None else None, w, pytest.approx(s), note)
        for n, tgt, a, w, s, note in ROWS
    ]
    assert [r.level2 for r in t.rows] == ["数量指标"] * 3 + ["质量指标"] * 2 + ["时效指标"] * 2 + [
        "社会效益指标"
    ]
    assert t.declared_total == pytest.approx(97.9)
    assert t.budget is not None and t.budget.score == pytest.approx(9.5)
    # The closure the SUM rules check holds: no row lost, no score read twice.
    assert t.budget.score + sum(r.score for r in t.rows) == pytest.approx(t.declared_total)
    assert t.budget.weight + sum(r.weight for r in t.rows) == pytest.approx(100)


def test_note_and_name_spans_are_the_printed_cells() -> None:
    t = _parse(TABLE)
    for r, (name, *_rest, note) in zip(t.rows, ROWS, strict=True):
        assert r.name_span is not None
        assert TABLE[slice(*r.name_span)].replace("\n", "") == name
        if note:
            assert r.note_span is not None
            assert TABLE[slice(*r.note_span)] == _wrap(note, 4)
        else:
            assert r.note_span is None


def test_note_stops_where_the_note_column_ends() -> None:
    """A row the parser cannot read (its weight cell is empty) between two labels, after a
    row's note, is not part of that note: the note column cannot print its line."""
    rows = "矫正对象再犯罪率 <=1% =0.5% 10 10\n\n教育活动计划完成率 >=90% =100% 10 10\n\n" + _wrap(
        NOTE_AHEAD, 4
    )
    assert rows in TABLE
    text = TABLE.replace(rows, "矫正对象再犯罪率 <=1% =0.5%  10")  # weight missing: no value block
    t = _parse(text)
    assert [r.name for r in t.rows] == [
        n for n, *_ in ROWS if n not in ("矫正对象再犯罪率", "教育活动计划完成率")
    ]
    assert t.rows[2].note == NOTE_MISS
    assert t.rows[2].note_span is not None and text[slice(*t.rows[2].note_span)] == _wrap(NOTE_MISS, 4)


@pytest.mark.parametrize(
    ("row", "unit"),
    [
        ("配备矫正监管设备 >=12 台（套） =10 台（套） 12 10", "台（套）"),
        ("配备矫正监管设备 ≥12 万头（只） 10 万头（只） 12 10", "万头（只）"),
    ],
)
def test_unit_with_bracketed_alternative(row: str, unit: str) -> None:
    """A unit printed with its alternative in brackets is one cell of the value block (the
    row is not lost, its note stays its own)."""
    text = TABLE.replace("开展矫正对象教育学习 >=12 次 =12 次 12 12", row + "\n\n" + _wrap(NOTE_MISS, 4))
    t = _parse(text)
    assert [r.name for r in t.rows] == ["配备矫正监管设备", *(n for n, *_ in ROWS[1:])]
    r = t.rows[0]
    assert (r.target.op, r.target.value, r.target.unit, r.actual.value, r.actual.unit) == (
        ">=",
        12,
        unit,
        10,
        unit,
    )
    assert (r.weight, r.score, r.note) == (12, 10, NOTE_MISS)


def test_indicator_named_like_a_level_label() -> None:
    """An indicator named 服务对象满意度 (also a level label of the overall framework) with
    its target on its line is a row, under its own level labels."""
    sat = "满意度", "指标", "服务", "对象", "满意", "度指", "标\n服务对象满意度 >=90% =95% 10 10"
    text = TABLE.replace("总分 100\n97.90", _lines(*sat, "总分 100\n107.90"))
    end = text.index("十二、其他需说明的事项")
    t = parse_lines_table(text, 0, text.rindex("107.90", 0, end) + len("107.90"), "project")
    r = t.rows[-1]
    assert _summary(r) == ("服务对象满意度", (">=", 90, "%"), 95, 10, 10, "")
    assert r.level1 == "满意度指标" and r.level2 == "服务对象满意度指标"
    assert [x.name for x in t.rows[:-1]] == [n for n, *_ in ROWS]
