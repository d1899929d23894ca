"""SUM rules: table and narrative arithmetic at the document's precision."""

from __future__ import annotations

import copy
from functools import cache

import pytest

from classify.arith import decimals, ratio_consistent, sum_tolerance, tolerance
from classify.check import check_report
from classify.rules._fragments import project_table
from extract.model import Report
from extract.pipeline import extract_source
from extract.read import read_text

from .conftest import seed_report, seed_text

SEEDS = ("000", "001", "002", "003", "004")


def check(text: str, select: list[str] | None = None) -> Report:
    src = read_text(text)
    return check_report(extract_source(src), src.text, select=select)


@cache
def checked(prefix: str) -> Report:
    return check_report(copy.deepcopy(seed_report(prefix)), seed_text(prefix))


def found(rep: Report, code: str) -> list[dict]:
    return [f for f in rep.findings if f["code"] == code]


ROWS = [
    ("产出指标", "数量指标", "宣传活动场次", "≥20场", "=22场", 30, 30, ""),
    ("产出指标", "质量指标", "参保知晓率", "≥90%", "=92%", 20, 20, ""),
    ("成本指标", "经济成本指标", "宣传成本", "≤8万元", "=8万元", 20, 20, ""),
    ("满意度指标", "满意度指标", "群众满意度", "≥90%", "=95%", 20, 20, ""),
]


def test_arith_helpers():
    assert decimals("2,124. 45") == 2 and decimals("10") == 0 and decimals("7.6") == 1
    assert decimals("10.0\n\n0") == 2
    assert tolerance(2) == pytest.approx(0.01) and tolerance(1) == pytest.approx(0.05)
    assert sum_tolerance(5) == pytest.approx(0.05)
    # 0.10 / 7.82 = 1.2788 %: 1.28 is consistent with the printed digits
    assert ratio_consistent(1.28, 2, 0.10, 2, 7.82, 2)
    # 0.095..0.105 over 7.815..7.825 allows 1.21..1.34 %: 1.40 is not
    assert not ratio_consistent(1.40, 2, 0.10, 2, 7.82, 2)


@pytest.mark.parametrize(
    "code", ["SUM001", "SUM002", "SUM003", "SUM004", "SUM005", "SUM006", "SUM007", "SUM008", "SUM009"]
)
def test_no_false_alarm_on_seeds(code):
    """The five seeds close arithmetically at their own precision (hand-checked); their
    0 / 0 预决算差异率 printed as 0% is the template's convention, not reported."""
    for prefix in SEEDS:
        assert found(checked(prefix), code) == [], (prefix, found(checked(prefix), code))


@pytest.mark.parametrize("rate,fires", [("0", False), ("100.00", True)])
def test_sum009_zero_over_zero(rate, fires):
    text = f"七、“三公”经费支出决算情况说明\n\n公务用车购置费预算数 0.00 万元，决算数 0.00 万元，预决算差异率 {rate}%。\n"
    got = found(check(text), "SUM009")
    assert bool(got) is fires
    if fires:
        assert got[0]["severity"] == "error" and got[0]["details"]["undefined"]


def test_sum001():
    assert found(check(project_table("医保宣传", ROWS, budget=(10, 10, 10), total=100)), "SUM001") == []
    rep = check(project_table("医保宣传", ROWS, budget=(10, 10, 10), total=98.5))
    (f,) = found(rep, "SUM001")
    assert f["evidence"] == "98.50" and f["details"]["sum"] == 100
    # Rounded row scores: 6.67 × 3 + ... the ±0.01 per term absorbs the rounding.
    rows = [
        ("产出指标", "数量指标", f"指标{i}", "≥1次", "=0.5次", 6.67 if i < 2 else 6.66, 3.33, "")
        for i in range(3)
    ]
    rows += [("满意度指标", "满意度指标", "满意度", "≥90%", "=95%", 70, 70, "")]
    assert found(check(project_table("x项目", rows, budget=(10, 10, 10), total=89.98)), "SUM001") == []


def test_sum002():
    rows = ROWS[:3] + [("满意度指标", "满意度指标", "群众满意度", "≥90%", "=95%", 20, 20, "")]
    assert found(check(project_table("医保宣传", rows, budget=(10, 10, 10))), "SUM002") == []
    rows = ROWS[:3] + [("满意度指标", "满意度指标", "群众满意度", "≥90%", "=95%", 25, 25, "")]
    (f,) = found(check(project_table("医保宣传", rows, budget=(10, 10, 10))), "SUM002")
    assert f["details"]["weights_sum"] == 105


def test_sum003():
    rows = ROWS
    ok = project_table("医保宣传", rows, budget=(10, 10, 9.5), rate="95.00%")
    assert found(check(ok), "SUM003") == []
    bad = project_table("医保宣传", rows, budget=(10, 10, 9.5), rate="59.00%", exec_score=9.5)
    (f,) = found(check(bad), "SUM003")
    assert f["details"]["expected"] == pytest.approx(95.0) and f["evidence"].startswith("年度资金总额")


def test_sum004():
    # 95 % executed: 9.5 by rate × weight, fine.
    assert found(check(project_table("医保宣传", ROWS, budget=(10, 10, 9.5))), "SUM004") == []
    (f,) = found(check(project_table("医保宣传", ROWS, budget=(10, 10, 9.5), exec_score=7)), "SUM004")
    assert f["details"]["expected"]["rate"] == pytest.approx(9.5)
    # 001 scores execution at 0.25 per point (k inferred from its own rows): not flagged.
    assert found(checked("001"), "SUM004") == []


def test_sum005():
    ok = project_table("医保宣传", ROWS, budget=(10, 10, 10))
    assert found(check(ok), "SUM005") == []
    bad = ok.replace("\t其他资金\t0.00\t0.00\t0.00", "\t其他资金\t2.00\t2.00\t2.00")
    (f,) = found(check(bad), "SUM005")
    assert "全年预算数" in f["message"] and f["evidence"].startswith("年度资金总额")


NARR = (
    "二、收入决算情况说明\n\n本年收入合计 1,250.50 万元，其中：财政拨款收入 1,200.00 万元，占本年收入的 {a}%；"
    "事业收入 50.50 万元，占 4.04%。\n"
)


def test_sum006():
    assert found(check(NARR.format(a="95.96")), "SUM006") == []
    (f,) = found(check(NARR.format(a="96.96")), "SUM006")
    assert f["evidence"] == "96.96" and f["details"]["expected"] == pytest.approx(95.96, abs=0.01)


YOY = (
    "五、一般公共预算财政拨款支出决算情况说明\n\n1. 卫生健康支出（类）公共卫生（款）疾病预防控制机构（项）："
    "支出决算数为 80.00 万元，比上年决算{d} 10.00 万元，{w} {r}%，主要原因是：本年疾控人员增加。\n"
)


def test_sum007():
    assert found(check(YOY.format(d="增加", w="增长", r="14.29")), "SUM007") == []
    (f,) = found(check(YOY.format(d="增加", w="增长", r="12.50")), "SUM007")  # 10/80 instead of 10/70
    assert f["details"]["previous"] == 70 and f["evidence"] == "12.50"
    (f,) = found(check(YOY.format(d="增加", w="下降", r="14.29")), "SUM007")
    assert "方向矛盾" in f["message"]
    # A decrease: previous = 80 + 10 = 90 → 11.11 %
    assert found(check(YOY.format(d="减少", w="下降", r="11.11")), "SUM007") == []


TOTALS = (
    "一、收入支出决算总体情况说明\n\n2023 年度收入总计 300.00 万元，其中：本年收入合计 {c} 万元，"
    "使用非财政拨款结余 0.00 万元，年初结转和结余 10.00 万元。\n\n2023 年度支出总计 300.00 万元，其中："
    "本年支出合计 290.00 万元，结余分配 0.00 万元，年末结转和结余 10.00 万元。\n"
)


def test_sum008():
    assert found(check(TOTALS.format(c="290.00")), "SUM008") == []
    (f,) = found(check(TOTALS.format(c="280.00")), "SUM008")
    assert f["evidence"] == "300.00" and f["details"]["sum"] == 290
    parts = (
        "三、支出决算情况说明\n\n本年支出 800.00 万元，其中：基本支出 600.00 万元，占 75.00%；"
        "项目支出 {p} 万元，占 25.00%。\n"
    )
    assert found(check(parts.format(p="200.00")), "SUM008") == []
    assert len(found(check(parts.format(p="210.00")), "SUM008")) == 1


VAR = (
    "四、财政拨款收入支出决算总体情况说明\n\n与年初预算相比，年初预算数 100.00 万元，决算数 {f} 万元，"
    "预决算差异率 {r}%，主要原因是：年中追加疫情防控专项资金。\n"
)


def test_sum009():
    assert found(check(VAR.format(f="120.00", r="20.00")), "SUM009") == []
    (f,) = found(check(VAR.format(f="120.00", r="16.67")), "SUM009")  # (120-100)/120: wrong base
    assert f["details"]["expected"] == pytest.approx(20)
    # A decrease printed without its minus sign is read by its size.
    assert found(check(VAR.format(f="80.00", r="20.00")), "SUM009") == []


@pytest.mark.parametrize(
    "line,note",
    [
        ("办公费支出20.00万元，较上年减少5.00万元，减幅0.20%，主要原因是推行无纸化办公。", "100倍"),
        (
            "公务用车购置费3.00万元，较上年减少9.00万元，下降300.00%，主要原因是上年购置车辆1辆。",
            "不可能超过100%",
        ),
        (
            "公务接待费支出8.00万元，比上年减少2.00万元，下降25.00%，主要原因是上级检查批次减少。",
            "本年数8万元为基数",
        ),
    ],
)
def test_sum007_says_why_the_rate_is_off(line, note):
    (f,) = found(check("七、“三公”经费支出决算情况说明\n\n" + line + "\n"), "SUM007")
    assert note in f["message"]


@pytest.mark.parametrize(
    "raw,rate,fires", [("0.979", 97.9, False), ("0.969", 96.9, True), ("97.9%", 97.9, False)]
)
def test_sum003_rate_printed_as_a_fraction(raw, rate, fires):
    """``0.979`` in a 执行率 column is 97.9 % printed to a tenth of a percent: 978.60 /
    1000.00 = 97.86 % rounds to it (a fraction's 3 decimals are 1 as a percent, not 3)."""
    from classify.arith import rate_decimals
    from extract.model import NumberCell

    text = project_table("医保宣传", ROWS, budget=(1000, 1000, 978.6), rate=raw, exec_score=9.8)
    rep = extract_source(read_text(text))
    fr = rep.tables[0].budget
    at = text.index("\t" + raw + "\t", text.index("年度资金总额")) + 1
    # the rate cell as a reader that knows the column holds fractions gives it
    fr.rate, fr.score = rate, 9.8
    fr.cells["rate"] = NumberCell(raw, rate, at, at + len(raw))
    assert text[at : at + len(raw)] == raw
    assert rate_decimals(raw, rate) == 1
    got = found(check_report(rep, text, select=["SUM003"]), "SUM003")
    assert bool(got) is fires
