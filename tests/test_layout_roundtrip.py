"""Property: a table rendered in any layout family reads back to the same rows, budget and
head as its twin in another family, and to the values it was rendered from."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.fields import parse_quantity
from extract.tables import extract_tables
from tests.layout_render import FAMILIES, Row, Spec, render

LEVELS = [
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("产出指标", "时效指标"),
    ("效益指标", "社会效益指标"),
    ("效益指标", "经济效益指标"),
    ("成本指标", "经济成本指标"),
    ("满意度指标", "服务对象满意度指标"),
]
NAMES = [
    "培训人数",
    "道路硬化里程",
    "资金拨付及时率",
    "群众满意度",
    "受益农户数",
    "设备完好率",
    "项目完工率",
    "新增就业岗位",
    "办件按时办结率",
    "宣传覆盖面",
    "项目总成本",
    "学员结业率",
]
UNITS = ["%", "个", "人次", "公里", "万元", "天", "户"]
QUALITATIVE = ["有效改善", "稳步提高", "显著提升"]
NOTES = ["", "", "受天气影响进度滞后", "部分资金未到位"]


@st.composite
def rows(draw: st.DrawFn) -> Row:
    l1, l2 = draw(st.sampled_from(LEVELS))
    name = draw(st.sampled_from(NAMES))
    if draw(st.booleans()) and draw(st.booleans()):
        target = actual = draw(st.sampled_from(QUALITATIVE))
    else:
        unit = draw(st.sampled_from(UNITS))
        op = draw(st.sampled_from(["≥", "≤", "=", ""]))
        # A percent target above 100 that starts with 2 reads as an OCR'd ≥ (real-forms 6.5).
        v = draw(st.integers(1, 100 if unit == "%" else 5000))
        target = f"{op}{v}{unit}"
        actual = f"{draw(st.integers(0, 6000))}{unit}"
    weight = draw(st.integers(5, 30))
    score = draw(st.sampled_from([weight, weight - 1, round(weight * 0.9, 2)]))
    return Row(l1, l2, name, target, actual, weight, score, draw(st.sampled_from(NOTES)))


@st.composite
def specs(draw: st.DrawFn) -> Spec:
    adjusted = draw(st.integers(10, 900))
    executed = draw(st.integers(1, adjusted))
    rate = round(100 * executed / adjusted, 2)
    body = draw(st.lists(rows(), min_size=1, max_size=6))
    budget = (
        float(draw(st.integers(10, 900))),
        float(adjusted),
        float(executed),
        10.0,
        rate,
        round(10 * executed / adjusted, 2),
    )
    total = round(sum(r.score for r in body) + budget[5], 2)
    return Spec(
        project=draw(st.sampled_from(["农村道路养护项目", "乡村学校营养餐补助", "社区养老服务补贴"])),
        department="县财政局",
        budget=budget,
        rows=body,
        total=total,
    )


def reading(text: str) -> tuple:
    tables = extract_tables(text)
    assert len(tables) == 1, [t.layout for t in tables]
    t = tables[0]
    b = t.budget
    rows_read = [
        (
            r.level1,
            r.level2,
            r.name,
            r.target.op,
            r.target.value,
            r.target.unit,
            r.actual.op,
            r.actual.value,
            r.actual.unit,
            r.weight,
            r.score,
            r.note,
        )
        for r in t.rows
    ]
    for r in t.rows:  # offsets stay honest
        assert r.target.raw == text[r.target.start : r.target.end] or r.target.raw == ""
        assert r.weight_span is None or float(text[slice(*r.weight_span)]) == r.weight
        assert r.name_span is not None and "".join(text[slice(*r.name_span)].split()) == r.name
    budget = None if b is None else (b.initial, b.adjusted, b.executed, b.weight, b.rate, b.score)
    return t.project, budget, t.declared_total, rows_read


def expected(spec: Spec) -> tuple:
    out = []
    for r in spec.rows:
        tq, aq = parse_quantity(r.target), parse_quantity(r.actual)
        out.append(
            (
                r.level1,
                r.level2,
                r.name,
                tq.op,
                tq.value,
                tq.unit,
                aq.op,
                aq.value,
                aq.unit,
                float(r.weight),
                float(r.score),
                r.note,
            )
        )
    return spec.project, tuple(spec.budget), spec.total, out


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs())
def test_every_family_reads_back_the_same_table(spec: Spec) -> None:
    want = expected(spec)
    readings = {}
    for family in FAMILIES:
        text = render(spec, family)
        project, budget, total, rows_read = reading(text)
        readings[family] = (project, budget, total, rows_read)
        assert (project, budget, total, rows_read) == (want[0], want[1], want[2], want[3]), family
    assert len({repr(v) for v in readings.values()}) == 1


def test_the_layout_is_recorded() -> None:
    spec = Spec(
        "农村道路养护项目",
        "县交通运输局",
        (100.0, 120.0, 114.0, 10.0, 95.0, 9.5),
        [Row("产出指标", "数量指标", "养护里程", "≥50公里", "52公里", 90, 90)],
        99.5,
    )
    for family in FAMILIES:
        (table,) = extract_tables(render(spec, family))
        want = {"pipes_cells": "pipes"}.get(family, family)
        assert table.layout == want
        assert table.confidence is not None and table.confidence > 0.8, (family, table.confidence)
