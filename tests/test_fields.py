"""Cell and number parsing: real cells from the seeds plus property tests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from extract.fields import (
    OPERATOR_PATTERNS,
    QUALITATIVE_WORDS,
    SUFFIX_OPERATORS,
    direction_of,
    parse_date,
    parse_number,
    parse_percent,
    parse_quantity,
)

SEEDS = Path(__file__).resolve().parent.parent / "corpus" / "seeds"

# --------------------------------------------------------------------------- numbers

NUMBERS = [
    ("2,124.45", 2124.45),
    ("35,207.15", 35207.15),
    ("2,124. 45", 2124.45),
    ("1, 943. 66", 1943.66),
    ("52. 16", 52.16),
    ("100.0\n0", 100.0),
    ("１２．５", 12.5),
    ("-14.07", -14.07),
    ("+3", 3.0),
    ("99.49%", 99.49),
    ("87.36 分", 87.36),
    ("705.77 万元", 705.77),
    ("30 元", 30.0),
    ("6. 25", 6.25),
    ("5. 00", 5.0),
    ("0.00", 0.0),
    ("1,511.95", 1511.95),
    ("１，２３４．５", 1234.5),
    ("<p>653.81</p>", 653.81),
]


@pytest.mark.parametrize(("text", "value"), NUMBERS)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "—", "-", "_", "/", "  ", "10 10", "无", "2024年10月", "10-20"])
def test_parse_number_none(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("99.49%", 99.49),
        ("99. 49%", 99.49),
        ("100%", 100.0),
        ("0%", 0.0),
        ("100.0\n0%", 100.0),
        ("９５％", 95.0),
        ("92.61", 92.61),
    ],
)
def test_parse_percent(text: str, value: float) -> None:
    assert parse_percent(text) == pytest.approx(value)


def test_parse_percent_empty() -> None:
    assert parse_percent("—") is None
    assert parse_percent(None) is None


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "ymd"),
    [
        ("2023年12月31日", (2023, 12, 31)),
        ("2024 年 10 月", (2024, 10, None)),
        ("2023-12-31", (2023, 12, 31)),
        ("2023.12", (2023, 12, None)),
        ("=2024年10月前", (2024, 10, None)),
        ("2023 年度", (2023, None, None)),
        ("２０２４年３月", (2024, 3, None)),
    ],
)
def test_parse_date(text: str, ymd: tuple[int, int | None, int | None]) -> None:
    assert parse_date(text) == ymd


@pytest.mark.parametrize("text", ["", "abc", "12.5", "2023.13"])
def test_parse_date_none(text: str) -> None:
    assert parse_date(text) is None


# --------------------------------------------------------------------------- quantities

# (cell as printed in the seeds, op, value, unit, high)
CELLS = [
    (">=2000 件", ">=", 2000.0, "件", None),
    ("=2092 件", "=", 2092.0, "件", None),
    ("<=4 万", "<=", 4.0, "万", None),
    ("=1. 25 万", "=", 1.25, "万", None),
    ("≤376.03万元", "<=", 376.03, "万元", None),
    ("≥22 个", ">=", 22.0, "个", None),
    ("25 个", "=", 25.0, "个", None),
    ("10%-20%", "range", 10.0, "%", 20.0),
    ("6%～10%", "range", 6.0, "%", 10.0),
    ("10%至20%", "range", 10.0, "%", 20.0),
    ("10-20个", "range", 10.0, "个", 20.0),
    ("=1.50%", "=", 1.5, "%", None),
    ("=0%", "=", 0.0, "%", None),
    ("=100%", "=", 100.0, "%", None),
    ("100%", "=", 100.0, "%", None),
    ("<=300 元/块", "<=", 300.0, "元/块", None),
    ("=0. 0842 万元", "=", 0.0842, "万元", None),
    ("<=1148.14 万元", "<=", 1148.14, "万元", None),
    (">=6 亿元", ">=", 6.0, "亿元", None),
    ("=5.51 亿元", "=", 5.51, "亿元", None),
    ("<=21 万\n\n元", "<=", 21.0, "万元", None),
    ("=470.76万 元", "=", 470.76, "万元", None),
    ("≤3.69 万 元", "<=", 3.69, "万元", None),
    (">=956.76 平方米", ">=", 956.76, "平方米", None),
    (">=357 人次", ">=", 357.0, "人次", None),
    (">=2 次/月", ">=", 2.0, "次/月", None),
    ("≤30 分钟", "<=", 30.0, "分钟", None),
    ("≥15批", ">=", 15.0, "批", None),
    (">=55 人", ">=", 55.0, "人", None),
    ("≤1 天", "<=", 1.0, "天", None),
    ("=1 年", "=", 1.0, "年", None),
    ("<=15 日", "<=", 15.0, "日", None),
    ("<=24 小时", "<=", 24.0, "小时", None),
    ("95%以上", ">=", 95.0, "%", None),
    ("控制在5%以内", "<=", 5.0, "%", None),
    ("不低于90%", ">=", 90.0, "%", None),
    ("不超过 10 万元", "<=", 10.0, "万元", None),
    ("＞＝１２．５％", ">=", 12.5, "%", None),
    (">＝95%", ">=", 95.0, "%", None),
    ("≧95%", ">=", 95.0, "%", None),
    ("≦5%", "<=", 5.0, "%", None),
    ("＜5%", "<", 5.0, "%", None),
    ("大于80%", ">", 80.0, "%", None),
    ("100.0\n0%", "=", 100.0, "%", None),
    ("<p>≥95%</p>", ">=", 95.0, "%", None),
    ("&gt;=6 亿元", ">=", 6.0, "亿元", None),
    ("-14.07", "=", -14.07, None, None),
]


@pytest.mark.parametrize(("raw", "op", "value", "unit", "high"), CELLS)
def test_parse_quantity(raw: str, op: str, value: float, unit: str | None, high: float | None) -> None:
    q = parse_quantity(raw, 100)
    assert q.raw == raw
    assert (q.start, q.end) == (100, 100 + len(raw))
    assert q.op == op
    assert q.value == pytest.approx(value)
    assert q.unit == unit
    assert q.high == (pytest.approx(high) if high is not None else None)


@pytest.mark.parametrize(
    "raw",
    [
        "有效提高",
        "有效提升",
        "保障",
        "有效保障",
        "完全达到预期",
        "完全达到预期目标",
        "完全到达预期目标",
        "及时宣传",
        "显著提升",
        "高效推进完善",
        "长期",
        "是",
        "否",
        "优",
        "合格",
        "达到预期",
    ],
)
def test_parse_quantity_qualitative(raw: str) -> None:
    q = parse_quantity(raw)
    assert (q.op, q.value, q.unit) == ("qualitative", None, None)
    assert (q.start, q.end) == (-1, -1)


@pytest.mark.parametrize(
    ("raw", "op"),
    [("=2024年10月前", "="), ("≤2024 年 12 月", "<="), ("2023年12月31日前", "="), ("<=2024-06", "<=")],
)
def test_parse_quantity_date(raw: str, op: str) -> None:
    q = parse_quantity(raw)
    assert (q.op, q.value, q.unit) == (op, None, None)
    assert q.raw == raw


@pytest.mark.parametrize("raw", ["", "—", "-", "/", "  ", "="])
def test_parse_quantity_empty(raw: str) -> None:
    q = parse_quantity(raw)
    assert (q.op, q.value, q.unit) == (None, None, None)


def test_parse_quantity_two_numbers() -> None:
    q = parse_quantity("10 10")
    assert q.value is None and q.raw == "10 10"


@pytest.mark.parametrize(
    ("op", "direction"),
    [
        (">=", "higher_better"),
        (">", "higher_better"),
        ("<=", "lower_better"),
        ("<", "lower_better"),
        ("=", "exact"),
        ("range", "exact"),
        ("qualitative", "qualitative"),
        (None, "qualitative"),
    ],
)
def test_direction_of(op: str | None, direction: str) -> None:
    assert direction_of(op) == direction


def test_lexicon_data() -> None:
    assert set(OPERATOR_PATTERNS) == {">=", "<=", "=", ">", "<"}
    assert "完全达到预期目标" in QUALITATIVE_WORDS
    assert SUFFIX_OPERATORS["以上"] == ">="


# --------------------------------------------------------------------------- seeds

_HAS_OP = re.compile(r"^\s*(?:[<>=≥≤]|有效|完全)")


def test_seed_indicator_cells() -> None:
    """Target/actual cells of the tab-separated indicator rows in the seeds all parse."""
    seen = 0
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for line in text.splitlines():
            if not line.startswith("年度绩效指标完成情况\t"):
                continue
            cells = line.split("\t")
            if len(cells) < 6:
                continue
            for raw in cells[4:6]:
                if not _HAS_OP.match(raw):
                    continue
                q = parse_quantity(raw)
                seen += 1
                assert q.raw == raw
                if q.op == "qualitative":
                    assert q.value is None
                elif "年" not in raw or re.search(r"\d\s*年\s*\d", raw) is None:
                    assert q.value is not None, raw
    assert seen >= 20


# --------------------------------------------------------------------------- properties

_FW = str.maketrans("0123456789.,%", "０１２３４５６７８９．，％")


def _group(int_part: int) -> str:
    return f"{int_part:,}"


@st.composite
def formatted_numbers(draw: st.DrawFn) -> tuple[str, float]:
    int_part = draw(st.integers(min_value=0, max_value=10**12))
    frac = draw(st.one_of(st.none(), st.text(alphabet="0123456789", min_size=1, max_size=6)))
    neg = draw(st.booleans())
    exact = f"{'-' if neg else ''}{int_part}" + (f".{frac}" if frac else "")
    s = _group(int_part) if draw(st.booleans()) else str(int_part)
    if frac:
        s += "." + frac
    # Stray spaces / line breaks next to a separator, as produced by PDF re-flow.
    out = []
    for ch in s:
        if ch in ".," and draw(st.booleans()):
            out.append(ch + draw(st.sampled_from([" ", "  ", "\n", " \n "])))
        else:
            out.append(ch)
    s = "".join(out)
    if draw(st.booleans()):
        s = s.translate(_FW)
    s = ("-" if neg else "") + s + draw(st.sampled_from(["", "%", "万元", " 元", "分", " 个"]))
    return s, float(exact)


@given(formatted_numbers())
@settings(max_examples=300)
def test_prop_number_roundtrip(case: tuple[str, float]) -> None:
    s, value = case
    got = parse_number(s)
    assert got is not None, s
    assert abs(got - value) <= 1e-9 * max(1.0, abs(value)), s


_UNITS = [
    "个",
    "次",
    "%",
    "万元",
    "元",
    "元/块",
    "平方米",
    "天",
    "人",
    "亿元",
    "件",
    "人次",
    "次/月",
    "小时",
    "分钟",
    "批",
    "万",
    "",
]
_PREFIX = [(sp, op) for op, sps in OPERATOR_PATTERNS.items() for sp in sps if sp != "控制在"]


@st.composite
def quantity_cells(draw: st.DrawFn) -> tuple[str, str, float, str | None]:
    value_txt = draw(st.from_regex(r"\A(0|[1-9][0-9]{0,6})(\.[0-9]{1,4})?\Z"))
    unit = draw(st.sampled_from(_UNITS))
    # ``2023.12`` with no unit is a year and month (a date target), not a number.
    assume(unit or not re.fullmatch(r"(?:19|20)\d{2}\.(?:0?[1-9]|1[0-2])", value_txt))
    sp1, sp2 = draw(st.sampled_from(["", " "])), draw(st.sampled_from(["", " "]))
    kind = draw(st.sampled_from(["prefix", "suffix", "control", "bare"]))
    if kind == "prefix":
        spelling, op = draw(st.sampled_from(_PREFIX))
        raw = f"{spelling}{sp1}{value_txt}{sp2}{unit}"
    elif kind == "suffix":
        suffix = draw(st.sampled_from(sorted(SUFFIX_OPERATORS)))
        op = SUFFIX_OPERATORS[suffix]
        raw = f"{value_txt}{sp2}{unit}{suffix}"
    elif kind == "control":
        op = "<="
        raw = f"控制在{sp1}{value_txt}{sp2}{unit}以内"
    else:
        op = "="
        raw = f"{value_txt}{sp2}{unit}"
    return raw, op, float(value_txt), unit or None


@given(quantity_cells())
@settings(max_examples=400)
def test_prop_quantity_operator(case: tuple[str, str, float, str | None]) -> None:
    raw, op, value, unit = case
    q = parse_quantity(raw)
    assert (q.op, q.unit) == (op, unit), raw
    assert q.value == pytest.approx(value), raw
    assert q.raw == raw


@given(st.text(max_size=40), st.integers(min_value=-1, max_value=10**6))
@settings(max_examples=400)
def test_prop_quantity_total(raw: str, start: int) -> None:
    q = parse_quantity(raw, start)
    assert q.raw is raw
    assert q.op in {">=", "<=", "=", "<", ">", "range", "qualitative", None}
    if start >= 0:
        assert q.end - q.start == len(raw)
    parse_number(raw)
    parse_date(raw)


@given(
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=0, max_value=10**6),
    st.sampled_from(["-", "～", "~", "至", "－", "—"]),
    st.sampled_from(["%", "个", "万元", "次", ""]),
    st.booleans(),
)
def test_prop_range(lo: int, hi: int, sep: str, unit: str, unit_on_lo: bool) -> None:
    raw = f"{lo}{unit if unit_on_lo else ''}{sep}{hi}{unit}"
    # ``2023-12`` is a year and month (a date target), not the range 2023..12.
    assume(not (1900 <= lo <= 2099 and 1 <= hi <= 12 and sep in "-－" and not unit))
    q = parse_quantity(raw)
    assert q.op == "range", raw
    assert (q.value, q.high) == (float(lo), float(hi))
    assert q.unit == (unit or None)


# --------------------------------------------------------------------------- forms from other provinces
# Cells written after real-forms.md 6.5/6.6/6.8/2.6 (operators, OCR damage, text targets,
# split cells, fraction rates, number formats).

from extract.fields import (  # noqa: E402
    UNIT_WORDS,
    is_empty,
    is_unit,
    join_quantity,
    leading_two_as_ge,
    ocr_damage,
    parse_rate,
    text_bound,
)

OTHER_FORMS = [
    ("大于等于90%", ">=", 90.0, "%"),
    ("不低于 95 %", ">=", 95.0, "%"),
    ("不少于3次", ">=", 3.0, "次"),
    ("不超过 12 个月", "<=", 12.0, "个月"),
    ("不高于300元/人", "<=", 300.0, "元/人"),
    ("30天以内", "<=", 30.0, "天"),
    ("5 个工作日以内", "<=", 5.0, "个工作日"),
    ("90%以上", ">=", 90.0, "%"),
    ("3%以下", "<=", 3.0, "%"),
    ("9月前", "<=", 9.0, "月"),
    ("10 月底", "<=", 10.0, "月"),
    ("6月底到位", "<=", 6.0, "月"),
    ("3天前完成", "<=", 3.0, "天"),
    ("＞＝９０％", ">=", 90.0, "%"),
    ("≧ 98 ％", ">=", 98.0, "%"),
    ("≦ 5 万元", "<=", 5.0, "万元"),
    ("1,200,万元", "=", 1200.0, "万元"),
    ("X,XXX,万元".replace("X", "7"), "=", 7777.0, "万元"),
    ("≥95%（含）", ">=", 95.0, "%"),
    ("≥95%(含)", ">=", 95.0, "%"),
    ("90%左右", "=", 90.0, "%"),
    ("100%完成", "=", 100.0, "%"),
    ("≥1次/年", ">=", 1.0, "次/年"),
    ("95%以上（含）", ">=", 95.0, "%"),
    ("5个工作日以内(含)", "<=", 5.0, "个工作日"),
]


@pytest.mark.parametrize(("raw", "op", "value", "unit"), OTHER_FORMS)
def test_other_operator_forms(raw: str, op: str, value: float, unit: str) -> None:
    q = parse_quantity(raw, 7)
    assert (q.op, q.unit) == (op, unit), raw
    assert q.value == pytest.approx(value)
    assert (q.raw, q.start, q.end) == (raw, 7, 7 + len(raw))


OCR_CELLS = [
    # (cell as OCR'd, op, value, unit, repairs)
    ("工95%", ">=", 95.0, "%", ("operator",)),
    ("工 90 %", ">=", 90.0, "%", ("operator",)),
    ("^98%", ">=", 98.0, "%", ("operator",)),
    ("5=85%", ">=", 85.0, "%", ("operator",)),
    ("5 = 12 个", ">=", 12.0, "个", ("operator",)),
    ("W30万元", "<=", 30.0, "万元", ("operator",)),
    ("W 2 天", "<=", 2.0, "天", ("operator",)),
    ("二100%", "=", 100.0, "%", ("operator",)),
    ("96$", "=", 96.0, "%", ("percent",)),
    ("工95$", ">=", 95.0, "%", ("operator", "percent")),
    ("IO0%", "=", 100.0, "%", ("digits",)),
    ("1O0%", "=", 100.0, "%", ("digits",)),
    ("l00 %", "=", 100.0, "%", ("digits",)),
    ("≥IO0%", ">=", 100.0, "%", ("digits",)),
]


@pytest.mark.parametrize(("raw", "op", "value", "unit", "repairs"), OCR_CELLS)
def test_ocr_damage(raw: str, op: str, value: float, unit: str, repairs: tuple[str, ...]) -> None:
    q = parse_quantity(raw)
    assert (q.op, q.value, q.unit) == (op, pytest.approx(value), unit), raw
    assert q.raw == raw
    assert ocr_damage(raw) == repairs


@pytest.mark.parametrize(
    "raw", ["≥95%", "=100%", "95%", "工作日5天", "二级指标", "Wi-Fi覆盖", "50%", "5%", "I级", "二0二四年"]
)
def test_ocr_clean_cells_untouched(raw: str) -> None:
    assert ocr_damage(raw) == ()


def test_ocr_number_and_percent() -> None:
    assert parse_number("IO0%") == 100.0  # not the 0 left of the letters
    assert parse_percent("98.5$") == 98.5
    assert parse_number("5=85%") is None  # two numbers without the operator repair


@pytest.mark.parametrize(
    ("raw", "others", "value"),
    [
        ("295%", ["96%"], 95.0),
        ("2100%", ["≥100%", ""], 100.0),
        ("290 %", ["—", "92.5%"], 90.0),
        ("285%", ["工85%"], 85.0),
    ],
)
def test_leading_two_as_ge(raw: str, others: list[str], value: float) -> None:
    q = leading_two_as_ge(raw, others, 40)
    assert q is not None
    assert (q.op, q.value, q.unit, q.raw, q.start, q.end) == (">=", value, "%", raw, 40, 40 + len(raw))


@pytest.mark.parametrize(
    ("raw", "others"),
    [
        ("295%", ["300%"]),  # no normal percent beside it
        ("295%", []),
        ("250%", ["是"]),
        ("95%", ["96%"]),  # not above 100
        ("120%", ["96%"]),  # no leading 2
        ("2300%", ["96%"]),  # the rest (300%) is above 100 too
        ("≥295%", ["96%"]),  # an operator is printed: not a damaged one
        ("200%", ["96%"]),  # ≥00% is no value
        ("205%", ["96%"]),
        ("295个", ["96%"]),
    ],
)
def test_leading_two_not_ge(raw: str, others: list[str]) -> None:
    assert leading_two_as_ge(raw, others) is None


@pytest.mark.parametrize(
    ("raw", "bound"),
    [
        ("不超过预算", ("<=", "预算")),
        ("不高于市场价", ("<=", "市场价")),
        ("≤ 预算", ("<=", "预算")),
        ("控制在预算以内", ("<=", "预算")),
        ("预算以内", ("<=", "预算")),
        ("不低于上年", (">=", "上年")),
        ("不超过预算。", ("<=", "预算")),
    ],
)
def test_text_bound(raw: str, bound: tuple[str, str]) -> None:
    assert text_bound(raw) == bound
    assert parse_quantity(raw).op == "qualitative"  # no number to compare


@pytest.mark.parametrize(
    "raw",
    [
        "达到预期",
        "有效改善",
        "专款专用",
        "不超过 10 万元",
        "",
        "—",
        "是",
        "> +",
        "≧ %",
        "不超过本单位在编人数及其所在地区实际工作需要的合理范围",
    ],
)
def test_text_bound_none(raw: str) -> None:
    assert text_bound(raw) is None


@pytest.mark.parametrize("raw", [None, "", " ", "/", "—", "——", "-", "--", "无", "无。", "／", "－"])
def test_is_empty(raw: str | None) -> None:
    assert is_empty(raw)
    assert parse_number(raw) is None


@pytest.mark.parametrize("raw", ["0", "0%", "无偏差", "是", "100"])
def test_is_not_empty(raw: str) -> None:
    assert not is_empty(raw)


@pytest.mark.parametrize(
    ("raw", "column", "value"),
    [
        ("0.958", None, 95.8),
        ("0.958", ["0.958", "1.02", ""], 95.8),
        ("1.02", None, 102.0),
        ("95.8%", None, 95.8),
        ("95.8", None, 95.8),
        ("95. 8 %", None, 95.8),
        ("９５．８％", None, 95.8),
        ("1.5", ["95.3", "1.5"], 1.5),  # the column is in percent points
        ("0.958", ["0.958", "96%"], 0.958),  # a printed % elsewhere: the column is not fractions
        ("1", None, 1.0),
        ("0", None, 0.0),
        ("2.5", None, 2.5),
        ("IO0%", None, 100.0),
        ("1", ["0.958", "1", "0.87"], 100.0),
        ("0.87", ["0.958", "1", "0.87"], 87.0),
        ("1", ["1", "0"], 1.0),
    ],  # no decimal anywhere: nothing says fractions
)
def test_parse_rate(raw: str, column: list[str] | None, value: float) -> None:
    assert parse_rate(raw, column) == pytest.approx(value)


@pytest.mark.parametrize("raw", [None, "", "—", "/", "无", "10 10"])
def test_parse_rate_none(raw: str | None) -> None:
    assert parse_rate(raw) is None


@pytest.mark.parametrize(
    "u",
    [
        "%",
        "万元",
        "亿元",
        "人/年",
        "元/人/月",
        "台（套）",
        "万头（只）",
        "公里",
        "个",
        "平方米",
        "万粒",
        "km",
        "次/月",
        " 人次 ",
        "％",
    ],
)
def test_is_unit(u: str) -> None:
    assert is_unit(u)


@pytest.mark.parametrize("u", ["", "是", "产出指标", "培训人数", "95%", "≥", "有效改善", "/", "万元以上"])
def test_is_not_unit(u: str) -> None:
    assert not is_unit(u)


@pytest.mark.parametrize(
    ("text", "spans", "op", "value", "unit", "joined"),
    [
        ("= | 100 | % | 5 |", [(0, 1), (4, 7), (10, 11)], "=", 100.0, "%", "=100%"),
        ("≥\t95\t%", [(0, 1), (2, 4), (5, 6)], ">=", 95.0, "%", "≥95%"),
        ("1 | 人/年", [(0, 1), (4, 7)], "=", 1.0, "人/年", "1人/年"),
        ("≧ | % |", [(0, 1), (4, 5)], ">=", None, "%", "≧%"),
        ("不低于\n\n90\n\n%", [(0, 3), (5, 7), (9, 10)], ">=", 90.0, "%", "不低于90%"),
    ],
)
def test_join_quantity(
    text: str, spans: list[tuple[int, int]], op: str, value: float | None, unit: str, joined: str
) -> None:
    q = join_quantity(text, spans)
    assert (q.op, q.value, q.unit, q.text) == (op, value, unit, joined)
    assert q.raw == text[q.start : q.end]
    assert (q.start, q.end) == (spans[0][0], spans[-1][1])


def test_join_quantity_one_cell() -> None:
    text = "指标 | ≥95% | 96%"
    q = join_quantity(text, [(5, 9)])
    assert (q.raw, q.op, q.value, q.text) == ("≥95%", ">=", 95.0, None)


# --------------------------------------------------------------------------- properties (new forms)

_OCR_OPS = [("工", ">="), ("^", ">="), ("5=", ">="), ("W", "<="), ("二", "=")]


@given(
    st.from_regex(r"\A(0|[1-9][0-9]{0,4})(\.[0-9]{1,2})?\Z"),
    st.sampled_from(_OCR_OPS),
    st.sampled_from(["", " "]),
    st.sampled_from(["%", "$", "万元", "个", "天"]),
)
@settings(max_examples=150)
def test_prop_ocr_operator(value_txt: str, glyph_op: tuple[str, str], sp: str, unit: str) -> None:
    glyph, op = glyph_op
    raw = f"{glyph}{sp}{value_txt}{sp}{unit}"
    q = parse_quantity(raw)
    assert (q.op, q.value, q.unit) == (op, float(value_txt), "%" if unit == "$" else unit), raw
    assert "operator" in ocr_damage(raw)


@given(
    st.integers(min_value=0, max_value=100),
    st.integers(min_value=0, max_value=100),
    st.sampled_from(["", " "]),
)
@settings(max_examples=300)
def test_prop_leading_two(target: int, actual: int, sp: str) -> None:
    raw = f"2{target:02d}{sp}%"
    q = leading_two_as_ge(raw, [f"{actual}%"])
    if f"{target:02d}"[0] != "0":
        assert q is not None and (q.op, q.value) == (">=", float(target)), raw
    else:
        assert q is None
    assert leading_two_as_ge(f"{target}%", [f"{actual}%"]) is None  # a normal percent stays


@given(st.integers(min_value=0, max_value=1500), st.integers(min_value=1, max_value=4), st.booleans())
@settings(max_examples=300)
def test_prop_rate_fraction(permille: int, decimals: int, pct: bool) -> None:
    frac = permille / 1000
    txt = f"{frac:.{max(decimals, 3)}f}"
    if pct:
        assert parse_rate(txt + "%") == pytest.approx(float(txt))
    else:
        assert parse_rate(txt) == pytest.approx(float(txt) * 100)
        assert parse_rate(txt, [txt, "98.5"]) == pytest.approx(float(txt))


@given(
    st.lists(st.sampled_from(sorted(UNIT_WORDS)), min_size=1, max_size=3), st.sampled_from(["", "万", "千"])
)
def test_prop_units(parts: list[str], mag: str) -> None:
    u = mag + "/".join(parts)
    assert is_unit(u), u
    if not any(ch.isdigit() for ch in u):  # ``m2`` after a number is a second number
        q = parse_quantity("≥12.5" + u)
        assert (q.op, q.value) == (">=", 12.5)


@given(
    st.sampled_from([("≥", ">="), ("≤", "<="), ("=", "="), ("不低于", ">="), ("≧", ">=")]),
    st.from_regex(r"\A[1-9][0-9]{0,3}(\.[0-9]{1,2})?\Z"),
    st.sampled_from(["%", "万元", "人/年", "个"]),
    st.sampled_from([" | ", "\t", "\n\n", " |\n"]),
)
@settings(max_examples=300)
def test_prop_join_split_target(op: tuple[str, str], value_txt: str, unit: str, sep: str) -> None:
    spelling, canon = op
    pieces = [spelling, value_txt, unit]
    text = "〈名〉" + sep + sep.join(pieces) + sep + "5"
    spans = []
    pos = len("〈名〉") + len(sep)
    for p in pieces:
        spans.append((pos, pos + len(p)))
        pos += len(p) + len(sep)
    q = join_quantity(text, spans)
    assert (q.op, q.value, q.unit) == (canon, float(value_txt), unit)
    assert q.raw == text[q.start : q.end] and q.text == "".join(pieces)


@pytest.mark.parametrize("raw", [".45", ".45%", "第.5", " .9"])
def test_lost_leading_digits_unreadable(raw: str) -> None:
    """``.XX`` for ``XX.XX`` (real-forms 2.6): the value is unknown, never the fraction."""
    assert parse_number(raw) is None
    q = parse_quantity(raw)
    assert q.value is None and q.raw == raw


@pytest.mark.parametrize("raw", ["1900-0", "2023-13", "2024-0-5"])
def test_numeric_date_needs_a_month(raw: str) -> None:
    """Year-month needs a month 1..12: ``1900-0`` is no date target."""
    assert parse_quantity(raw).op != "="
    assert parse_date(raw) is None


@pytest.mark.parametrize(
    ("raw", "ymd"),
    [("20240630日", (2024, 6, 30)), ("=20231231日前", (2023, 12, 31)), ("2024年6月30H前", (2024, 6, 30))],
)
def test_date_run_together(raw: str, ymd: tuple[int, int, int]) -> None:
    """``YYYYMMDD日`` (real-forms 2.6) is a date, not an amount of days."""
    assert parse_date(raw) == ymd
    q = parse_quantity(raw)
    assert (q.op, q.value) == ("=", None)


@given(st.text(max_size=30), st.lists(st.text(max_size=12), max_size=4))
@settings(max_examples=300)
def test_prop_new_helpers_total(raw: str, others: list[str]) -> None:
    """Any text: the helpers answer without raising, and never invent a value from nothing."""
    bound = text_bound(raw)
    assert bound is None or (bound[0] in {">=", "<=", ">", "<"} and bound[1])
    if is_empty(raw):
        assert parse_number(raw) is None and parse_rate(raw) is None
    assert set(ocr_damage(raw)) <= {"operator", "percent", "digits"}
    q = leading_two_as_ge(raw, others)
    assert q is None or (q.op == ">=" and q.unit == "%" and q.value is not None and q.value <= 100)
    rate = parse_rate(raw, others)
    assert rate is None or rate == rate  # not NaN
    if raw.strip():
        j = join_quantity(raw + " | %", [(0, len(raw)), (len(raw) + 3, len(raw) + 4)])
        assert j.raw == (raw + " | %")[j.start : j.end]
