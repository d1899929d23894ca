"""Cell types and the splitting of glued table lines (real-forms 6.2 inline, 6.5, 6.6).

The rows are written after the forms the catalogue describes (names and values are our
own); the property tests render random rows glued in the ways real conversions glue them
and read them back.
"""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.cells import CELL_TYPES, cell_type, glued_readings, quantity_run, split_glued
from extract.fields import OPERATOR_PATTERNS, join_quantity, parse_number, parse_quantity

# --------------------------------------------------------------------------- cell_type

TYPED = [
    ("", "empty"),
    ("  ", "empty"),
    ("/", "empty"),
    ("—", "empty"),
    ("-", "empty"),
    ("--", "empty"),
    ("无", "empty"),
    ("≥", "op"),
    ("≤", "op"),
    ("=", "op"),
    ("≧", "op"),
    ("＞＝", "op"),
    (">=", "op"),
    ("不低于", "op"),
    ("大于等于", "op"),
    ("不超过", "op"),
    ("%", "unit"),
    ("％", "unit"),
    ("万元", "unit"),
    ("人/年", "unit"),
    ("台（套）", "unit"),
    ("公里", "unit"),
    ("元/人/月", "unit"),
    ("个", "unit"),
    ("≥90万元", "quantity"),
    ("≤ 376.03 万元", "quantity"),
    ("12个", "quantity"),
    ("=100%", "quantity"),
    ("10%-20%", "quantity"),
    ("2024年10月前", "quantity"),
    ("=2024 年 6 月", "quantity"),
    ("9月前", "quantity"),
    ("30天以内", "quantity"),
    ("95%以上", "quantity"),
    ("工95%", "quantity"),
    ("W30万元", "quantity"),
    ("3个乡镇", "quantity"),
    ("不低于 90%", "quantity"),
    ("达到95%", "quantity"),
    ("完成100%", "quantity"),
    ("≧ %", "quantity"),
    ("约100人", "quantity"),
    ("≥95%（含）", "quantity"),
    ("90%左右", "percent"),
    ("8", "number"),
    ("10分", "number"),
    ("9.5 分", "number"),
    ("2,124.45", "number"),
    ("2,124. 45", "number"),
    ("0.958", "number"),
    ("１２", "number"),
    ("96%", "percent"),
    ("99. 49 %", "percent"),
    ("96$", "percent"),
    ("IO0%", "percent"),
    ("９５％", "percent"),
    ("优", "grade"),
    ("良", "grade"),
    ("中", "grade"),
    ("差", "grade"),
    ("优秀", "grade"),
    ("是", "qualitative"),
    ("否", "qualitative"),
    ("高", "qualitative"),
    ("有效改善", "qualitative"),
    ("达到预期", "qualitative"),
    ("不超过预算", "qualitative"),
    ("不高于市场价", "qualitative"),
    ("专款专用", "qualitative"),
    ("稳步提高", "qualitative"),
    ("长期", "qualitative"),
    ("良好", "qualitative"),
    ("基本达到", "qualitative"),
    ("按时完成", "qualitative"),
    ("产出指标", "label"),
    ("效益指标", "label"),
    ("满意度指标", "label"),
    ("数量指标", "label"),
    ("质量指标", "label"),
    ("时效指标", "label"),
    ("成本指标", "label"),
    ("社会效益指标", "label"),
    ("可持续影响指标", "label"),
    ("服务对象满意度指标", "label"),
    ("产 出 指 标", "label"),
    ("产出指标(50分)", "label"),
    ("产出指标（50分）", "label"),
    ("日效性指标", "label"),
    ("培训人数", "text"),
    ("群众满意度", "text"),
    ("资金到位率", "text"),
    ("完成时效", "text"),
    ("指标1:培训人数", "text"),
    ("一级指标", "text"),
    ("绩效指标", "text"),
    ("偏差原因分析及改进措施", "text"),
    ("项目资金(万元)", "text"),
    ("因天气原因工期延后，已于次年完成", "text"),
    ("10 10", "text"),
]


@pytest.mark.parametrize(("cell", "kind"), TYPED)
def test_cell_type(cell: str, kind: str) -> None:
    assert cell_type(cell) == kind


def test_cell_types_listed() -> None:
    assert {k for _, k in TYPED} == set(CELL_TYPES)


@given(st.text(max_size=30))
@settings(max_examples=400)
def test_prop_cell_type_total(cell: str) -> None:
    assert cell_type(cell) in CELL_TYPES


@given(st.from_regex(r"\A(0|[1-9][0-9]{0,5})(\.[0-9]{1,3})?\Z"), st.sampled_from(["", " "]))
@settings(max_examples=150)
def test_prop_number_percent(num: str, sp: str) -> None:
    assert cell_type(num) == "number"
    assert cell_type(f"{num}{sp}%") == "percent"
    assert cell_type(f"≥{sp}{num}{sp}%") == "quantity"
    assert cell_type(f"{num}{sp}万元") == "quantity"


# --------------------------------------------------------------------------- quantity_run


@pytest.mark.parametrize(
    ("cells", "n"),
    [
        (["=", "100", "%", "5", ""], 3),
        (["≥", "95%", "10"], 2),
        (["1", "人/年", "2"], 2),
        (["≥95%", "96%"], 1),
        (["≧", "%", "5"], 2),
        (["培训人数", "5"], 0),
        (["", "5"], 0),
        (["12", "个", "12", "个"], 2),
        (["≥90万元", "万元"], 1),
    ],
)
def test_quantity_run(cells: list[str], n: int) -> None:
    assert quantity_run(cells) == n


def test_quantity_run_joins_pipes_row() -> None:
    """A pipes row, one cell per line (real-forms 6.2): the target spans three cells."""
    text = "产出指标 |\n数量指标 |\n培训人数 |\n= |\n100 |\n% |\n|\n10 |\n|\n|"
    lines, pos = [], 0
    for line in text.split("\n"):
        body = line.rstrip("|").rstrip()
        lines.append((pos, pos + len(body)))
        pos += len(line) + 1
    cells = [text[s:e] for s, e in lines]
    n = quantity_run(cells[3:])
    assert n == 3
    q = join_quantity(text, lines[3 : 3 + n])
    assert (q.op, q.value, q.unit, q.text) == ("=", 100.0, "%", "=100%")
    assert q.raw == text[q.start : q.end]


# --------------------------------------------------------------------------- split_glued

GLUED = [
    ("项目总成本 ≤90万元 90 8 8", ["项目总成本", "≤90万元", "90", "8", "8"]),
    ("培训合格率95%98%", ["培训合格率", "95%", "98%"]),
    ("时效1年1年1年10", ["时效", "1年", "1年", "1年", "10"]),
    ("指标1:良种推广5200万粒198万粒5", ["指标1:良种推广", "5200万粒", "198万粒", "5"]),
    ("覆盖率%95109510", ["覆盖率", "%", "95109510"]),
    (
        "产 出 指 标 数量指标 培训人数 ≥100人 120人 10 10",
        ["产 出 指 标", "数量指标", "培训人数", "≥100人", "120人", "10", "10"],
    ),
    (
        "产出指标(50分) 数量指标 覆盖乡镇数 3个乡镇 3个乡镇 5 5",
        ["产出指标(50分)", "数量指标", "覆盖乡镇数", "3个乡镇", "3个乡镇", "5", "5"],
    ),
    ("满意度是是10 10", ["满意度", "是", "是", "10", "10"]),
    ("成本控制不超过预算不超过预算 5 5", ["成本控制", "不超过预算", "不超过预算", "5", "5"]),
    (
        "(万元) 年度资金总额 120 118.5 118.5 10 0.988 9.88",
        ["(万元)", "年度资金总额", "120", "118.5", "118.5", "10", "0.988", "9.88"],
    ),
    ("10 10 群众满意度", ["10", "10", "群众满意度"]),
    ("完成时间 2024年10月前 2024年9月 5 5", ["完成时间", "2024年10月前", "2024年9月", "5", "5"]),
    ("合格率 工95% IO0% 5 5", ["合格率", "工95%", "IO0%", "5", "5"]),
    ("1、培训人数 ≥ 100 人 120 人", ["1、培训人数", "≥ 100 人", "120 人"]),
    ("第1季度完成率 =100 % 100% 5 4.5", ["第1季度完成率", "=100 %", "100%", "5", "4.5"]),
    ("群众满意度≥90%96%10 9.6", ["群众满意度", "≥90%", "96%", "10", "9.6"]),
    ("资金总额 2,124. 45 1, 943. 66", ["资金总额", "2,124. 45", "1, 943. 66"]),
    ("培训人数\t≥100人\t120人\t10\t10", ["培训人数", "≥100人", "120人", "10", "10"]),
    ("群众满意度≧９０％　９６％　１０　９．６", ["群众满意度", "≧９０％", "９６％", "１０", "９．６"]),
    ("设备采购成本W30万元28万元5 5", ["设备采购成本", "W30万元", "28万元", "5", "5"]),
    ("办结时限30天以内25天10 10", ["办结时限", "30天以内", "25天", "10", "10"]),
    ("到位时间9月前7月5 5", ["到位时间", "9月前", "7月", "5", "5"]),
    ("公里 ≧ % 5", ["公里", "≧ %", "5"]),
    ("预算执行率 .95 10 9.5", ["预算执行率", ".95", "10", "9.5"]),
    ("按收入性质分:120", ["按收入性质分:", "120"]),
    (
        "指标2:新建道路 1200平方米 1200平方米 10 10",
        ["指标2:新建道路", "1200平方米", "1200平方米", "10", "10"],
    ),
    # Pipes separate cells too (an empty cell has no span); a split target stays split.
    (
        "| 产出指标 | 数量指标 | 培训人数 | ≥ | 100 | 人 | 10 | 10 | |||",
        ["产出指标", "数量指标", "培训人数", "≥", "100", "人", "10", "10"],
    ),
    (
        "其中:财政拨款 | 100 | 100 | 99 | — | 99% | — |",
        ["其中:财政拨款", "100", "100", "99", "—", "99%", "—"],
    ),
    # OCR glyphs that are also characters (工, 二) only read as operators before a percent
    # when glued after a word; W and 5= read as operators.
    ("加工10吨 10吨 5 5", ["加工", "10吨", "10吨", "5", "5"]),
    ("合格率工95% 96% 5 5", ["合格率", "工95%", "96%", "5", "5"]),
    ("合格率5=95% 96%", ["合格率", "5=95%", "96%"]),
    ("二级指标二100% 100%", ["二级指标", "二100%", "100%"]),
    ("偏差 -5% 3", ["偏差", "-5%", "3"]),
    ("质量指标水质达标率≥95%96%", ["质量指标", "水质达标率", "≥95%", "96%"]),
    ("产出指标数量指标培训人数≥100人120人", ["产出指标", "数量指标", "培训人数", "≥100人", "120人"]),
    ("绩效指标完成情况", ["绩效指标完成情况"]),
    ("产出指标 数量指标10 培训人数", ["产出指标", "数量指标", "10", "培训人数"]),
    ("指标3培训人数 年度目标1:完成培训", ["指标3培训人数", "年度目标1:完成培训"]),
    (
        "项目完成时间 2024年12月底前 2024年11月 10 10",
        ["项目完成时间", "2024年12月底前", "2024年11月", "10", "10"],
    ),
    ("群众满意度工90$95$10 10", ["群众满意度", "工90$", "95$", "10", "10"]),
    ("区间 10%-20% 15%", ["区间", "10%-20%", "15%"]),
    ("合格率达到95%96%", ["合格率", "达到95%", "96%"]),
    ("到达时间为5天 5天", ["到达时间", "为5天", "5天"]),
]


@pytest.mark.parametrize(("line", "cells"), GLUED)
def test_split_glued(line: str, cells: list[str]) -> None:
    spans = split_glued(line)
    assert [line[s:e] for s, e in spans] == cells


def test_split_glued_offsets_inside_document() -> None:
    doc = "表头\n数量指标 培训人数 ≥100人 120人 10 10\n下一行"
    start = doc.index("数量")
    end = doc.index("\n", start)
    spans = split_glued(doc, start, end)
    assert all(start <= s < e <= end for s, e in spans)
    assert [doc[s:e] for s, e in spans] == ["数量指标", "培训人数", "≥100人", "120人", "10", "10"]


def test_split_glued_types() -> None:
    line = "产出指标 数量指标 良种推广面积≥5000亩5200亩10 10"
    kinds = [cell_type(line[s:e]) for s, e in split_glued(line)]
    assert kinds == ["label", "label", "text", "quantity", "quantity", "number", "number"]


# --------------------------------------------------------------------------- glued_readings


def _texts(line: str, spans: list[tuple[int, int]]) -> list[str]:
    return [line[s:e] for s, e in spans]


def test_readings_weight_merged_into_target() -> None:
    """``指标1〈名〉WX万粒Y万粒S``: weight 5 ran into target 200; the reading with the cut is
    offered, and it is the one where score <= weight and the target is met."""
    line = "指标1:良种推广5200万粒198万粒5"
    readings = [_texts(line, r) for r in glued_readings(line)]
    assert readings[0] == ["指标1:良种推广", "5200万粒", "198万粒", "5"]
    # The cut right after the name comes before cuts elsewhere (fewest cuts, likeliest place).
    assert readings[1] == ["指标1:良种推广", "5", "200万粒", "198万粒", "5"]
    assert len({tuple(r) for r in readings}) == len(readings)


def test_readings_one_digit_run() -> None:
    """``〈名〉%XWYS``: target, weight, actual and score as one digit run."""
    line = "覆盖率%95109510"
    readings = [_texts(line, r) for r in glued_readings(line)]
    assert ["覆盖率", "%", "95", "10", "95", "10"] in readings
    assert all(not p.startswith("0") or p == "0" for r in readings for p in r[2:])
    # Choosing by arithmetic: 4 numbers, score <= weight, actual >= target.
    fit = [
        r
        for r in readings
        if len(r) == 6
        and float(r[5]) <= float(r[3]) <= 100
        and float(r[4]) >= float(r[2])
        and float(r[2]) <= 100
    ]
    assert ["覆盖率", "%", "95", "10", "95", "10"] in fit


def test_readings_clean_line_has_one() -> None:
    line = "项目总成本 ≤90万元 90 8 8"
    assert list(glued_readings(line)) == [split_glued(line)]


def test_readings_cap() -> None:
    line = "名称%" + "123456789" * 3
    assert len(list(glued_readings(line, max_readings=20))) == 20


# --------------------------------------------------------------------------- properties

_NAMES = [
    "培训人数",
    "良种推广面积",
    "资金到位率",
    "群众满意度",
    "设备采购成本",
    "办结时限",
    "覆盖乡镇数",
    "项目验收合格率",
    "宣传覆盖面",
    "受益学生人数",
]
_LABELS = [
    "产出指标",
    "效益指标",
    "满意度指标",
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "社会效益指标",
]
_OPS = ["≥", "≤", "=", "≧", "不低于", ">=", ""]
_UNITS = ["%", "万元", "个", "人", "亩", "天", "次", "人/年", "万粒"]


@st.composite
def glued_rows(draw: st.DrawFn) -> tuple[str, list[str], bool]:
    """A scored indicator row: [label] name target actual weight score."""
    num = st.from_regex(r"\A[1-9][0-9]{0,3}(\.[0-9]{1,2})?\Z")
    cells: list[str] = []
    if draw(st.booleans()):
        cells.append(draw(st.sampled_from(_LABELS)))
    cells.append(draw(st.sampled_from(_NAMES)))
    unit = draw(st.sampled_from(_UNITS))
    cells.append(draw(st.sampled_from(_OPS)) + draw(num) + unit)
    cells.append(draw(num) + unit)
    cells.append(draw(num))
    cells.append(draw(num))
    tight = draw(st.booleans())
    return "", cells, tight


def _render(cells: list[str], tight: bool) -> str:
    """Join cells with one space, or with none where the kind changes (text→value,
    unit→digit), as inline conversions print them."""
    out = cells[0]
    for prev, cur in pairwise(cells):
        glue = (
            ""
            if tight
            and not (prev[-1].isdigit() and cur[0].isdigit())
            and not (cell_type(prev) in ("label", "text") and cell_type(cur) in ("label", "text"))
            else " "
        )
        out += glue + cur
    return out


@given(glued_rows())
@settings(max_examples=200)
def test_prop_split_reads_back(row: tuple[str, list[str], bool]) -> None:
    _, cells, tight = row
    line = _render(cells, tight)
    pad = "前文\n"
    doc = pad + line + "\n后文"
    spans = split_glued(doc, len(pad), len(pad) + len(line))
    assert [doc[s:e] for s, e in spans] == cells, line
    # Each value reads back to its number.
    target = parse_quantity(cells[-4])
    assert target.value == pytest.approx(
        float(cells[-4].lstrip("≥≤=≧不低于>").rstrip("%万元个人亩天次/年粒"))
    )
    assert parse_number(doc[spans[-1][0] : spans[-1][1]]) == pytest.approx(float(cells[-1]))


@given(
    st.sampled_from(_NAMES),
    st.integers(min_value=1, max_value=20),
    st.integers(min_value=1, max_value=5000),
    st.integers(min_value=1, max_value=5000),
    st.sampled_from(["万粒", "亩", "个", "%"]),
)
@settings(max_examples=300)
def test_prop_weight_glued_to_target(name: str, weight: int, target: int, actual: int, unit: str) -> None:
    """The weight printed straight before the target's digits: one of the readings cuts it."""
    line = f"{name}{weight}{target}{unit}{actual}{unit}{min(weight, 3)}"
    want = [name, str(weight), f"{target}{unit}", f"{actual}{unit}", str(min(weight, 3))]
    readings = [_texts(line, r) for r in glued_readings(line)]
    assert want in readings, line


@given(
    st.text(alphabet=st.sampled_from(list("培训人数≥≤=%万元个 0123456789.,（）()产出指标是\t")), max_size=40)
)
@settings(max_examples=500)
def test_prop_spans_cover_line(line: str) -> None:
    """Spans are ordered, disjoint, trimmed, and together hold every non-space character."""
    spans = split_glued(line)
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(line)
        assert not line[s].isspace() and not line[e - 1].isspace()
        last = e
    covered = "".join(line[s:e] for s, e in spans)
    assert "".join(covered.split()) == "".join(line.split())
    for r in glued_readings(line, max_readings=8):
        assert "".join("".join(line[s:e] for s, e in r).split()) == "".join(line.split())


@given(st.text(max_size=60), st.integers(min_value=0, max_value=5))
@settings(max_examples=300)
def test_prop_any_text(line: str, pad: int) -> None:
    """Any text: no error, spans inside the range given and trimmed."""
    doc = "x" * pad + line
    spans = split_glued(doc, pad, len(doc))
    for s, e in spans:
        assert pad <= s < e <= len(doc)
        assert doc[s:e] == doc[s:e].strip(" \t\r\n\u3000|")
    assert next(glued_readings(doc, pad, len(doc))) == spans


@given(
    st.sampled_from(_NAMES),
    st.integers(min_value=1, max_value=100),
    st.integers(min_value=1, max_value=30),
    st.integers(min_value=1, max_value=100),
    st.integers(min_value=0, max_value=30),
)
@settings(max_examples=150)
def test_prop_one_digit_run(name: str, target: int, weight: int, actual: int, score: int) -> None:
    """``〈名〉%XWYS``: the row's four numbers as one run; the true cut is among the readings."""
    line = f"{name}%{target}{weight}{actual}{score}"
    want = [name, "%", str(target), str(weight), str(actual), str(score)]
    readings = [_texts(line, r) for r in glued_readings(line, max_readings=512)]
    assert want in readings, line


_ALL_OPS = [sp for sps in OPERATOR_PATTERNS.values() for sp in sps]
_SUFFIXES = ["以上", "及以上", "以下", "以内", "之内", "内", "前"]


@given(
    st.sampled_from(_ALL_OPS + [""]),
    st.from_regex(r"\A(0|[1-9][0-9]{0,4})(\.[0-9]{1,2})?\Z"),
    st.sampled_from(["个", "次", "%", "万元", "元/块", "平方米", "天", "人次", "次/月", "小时", "万", "月"]),
    st.sampled_from(["", " "]),
    st.sampled_from(_SUFFIXES + [""]),
)
@settings(max_examples=300)
def test_prop_value_cells_are_values(op: str, num: str, unit: str, sp: str, suffix: str) -> None:
    """Every operator spelling and suffix of the fields parser makes a value cell, and the
    value cell is one span when glued after a name."""
    raw = f"{op}{sp if op else ''}{num}{sp}{unit}{suffix}"
    assert cell_type(raw) in ("quantity", "percent"), raw
    line = f"培训人数{raw} 10 10"
    assert [line[s:e] for s, e in split_glued(line)][-3:] == [raw, "10", "10"], line
