"""Any mix of table-like lines reads without error, and whatever is read keeps honest
offsets (``text[start:end]`` is the evidence)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.tables import extract_tables

TOKENS = [
    "一级指标",
    "二级指标",
    "三级指标",
    "指标值",
    "实际完成值",
    "分值",
    "得分",
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "执行率",
    "年度资金总额",
    "产出指标",
    "数量指标",
    "效益指标",
    "培训人数",
    "≥",
    "≤",
    "=",
    "90",
    "95%",
    "0.958",
    "10",
    "8.5",
    "万元",
    "%",
    "人次",
    "有效改善",
    "总分",
    "项目名称",
    "/",
    "—",
    "工90%",
    "295%",
    "预期目标",
    "实际完成情况",
    "项目支出绩效自评表",
    "。",
    "，",
]
SEPS = [" | ", "|", "\t", "    ", " ", "", "\n", "\n\n", "\n \n"]


@st.composite
def documents(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(st.tuples(st.sampled_from(TOKENS), st.sampled_from(SEPS)), min_size=5, max_size=120)
    )
    return "".join(t + s for t, s in parts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_tables_read_from_any_mix_keep_honest_offsets(text: str) -> None:
    for t in extract_tables(text):
        assert 0 <= t.start <= t.end <= len(text)
        assert t.confidence is None or 0 <= t.confidence <= 1
        for r in t.rows:
            for q in (r.target, r.actual):
                if q.raw:
                    assert text[q.start : q.end] == q.raw
            for span in (r.weight_span, r.score_span, r.name_span, r.note_span):
                if span is not None:
                    assert 0 <= span[0] <= span[1] <= len(text)
        for f in ([t.budget] if t.budget else []) + t.funds:
            for cell in f.cells.values():
                assert text[cell.start : cell.end] == cell.raw
