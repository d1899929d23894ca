"""XRF rules: section 十一 against the tables."""

from __future__ import annotations

import copy
from functools import cache

from classify.check import check_report
from classify.rules._fragments import project_table
from extract.model import Report
from extract.pipeline import extract_source
from extract.read import read_text

from .conftest import seed_report, seed_text


def check(text: str) -> Report:
    src = read_text(text)
    return check_report(extract_source(src), src.text)


@cache
def checked(prefix: str) -> Report:
    return check_report(copy.deepcopy(seed_report(prefix)), seed_text(prefix))


def found(rep: Report, code: str) -> list[dict]:
    return [f for f in rep.findings if f["code"] == code]


SEC11 = (
    "十一、预算绩效的情况说明\n\n根据预算绩效管理要求，我部门 2023 年度预算绩效管理整体支出绩效自评表 1 个，"
    "全年预算总额 300.00 万元，实际执行总额 290.00 万元；预算绩效评价项目 {n} 个，全年预算数 {b} 万元，"
    "全年执行数 {e} 万元。\n\n"
)
ROWS = [
    ("产出指标", "数量指标", "培训人次", "≥300人次", "=310人次", 45, 45, ""),
    ("满意度指标", "满意度指标", "满意度", "≥90%", "=95%", 45, 45, ""),
]


def _two(b1: float, b2: float) -> str:
    return (
        project_table("技能培训", ROWS, budget=(b1, b1, b1))
        + "\n"
        + project_table("就业服务", ROWS, budget=(b2, b2, b2))
    )


def test_xrf001_seeds():
    (f,) = found(checked("001"), "XRF001")
    assert f["evidence"] == "579.64" and f["details"]["tables_sum"] == 579.46
    for prefix in ("000", "002", "003", "004"):
        assert found(checked(prefix), "XRF001") == []


def test_xrf001_fragments():
    assert found(check(SEC11.format(n=2, b="50.00", e="50.00") + _two(20, 30)), "XRF001") == []
    bad = check(SEC11.format(n=2, b="55.00", e="50.00") + _two(20, 30))
    (f,) = found(bad, "XRF001")
    assert f["details"]["narrative"] == 55 and f["details"]["tables_sum"] == 50


def test_xrf002():
    (f,) = found(checked("004"), "XRF002")  # 18 stated, 15 tables
    assert f["details"] == {"stated": 18, "tables": 15}
    assert f["evidence"].startswith("预算绩效评价项目 18 个")
    # 003 has no project table at all (published separately): not compared.
    for prefix in ("000", "001", "002", "003"):
        assert found(checked(prefix), "XRF002") == []
    assert found(check(SEC11.format(n=2, b="50.00", e="50.00") + _two(20, 30)), "XRF002") == []
    assert len(found(check(SEC11.format(n=3, b="50.00", e="50.00") + _two(20, 30)), "XRF002")) == 1
