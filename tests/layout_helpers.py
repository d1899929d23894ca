"""Shared assertions for the layout tests: rows as tuples and honest offsets."""

from __future__ import annotations

from extract.model import IndicatorRow, Table


def row_tuple(r: IndicatorRow) -> tuple:
    """(level1, level2, name, target (op, value, unit), actual (op, value, unit), weight, score, note)."""
    return (
        r.level1,
        r.level2,
        r.name,
        (r.target.op, r.target.value, r.target.unit),
        (r.actual.op, r.actual.value, r.actual.unit),
        r.weight,
        r.score,
        r.note,
    )


def budget_tuple(t: Table) -> tuple | None:
    b = t.budget
    return None if b is None else (b.name, b.initial, b.adjusted, b.executed, b.rate, b.weight, b.score)


def fund_tuples(t: Table) -> list[tuple]:
    return [(f.name, f.initial, f.adjusted, f.executed, f.rate, f.weight, f.score) for f in t.funds]


def assert_offsets(text: str, t: Table) -> None:
    """Every span indexes the text: cells read back from their spans."""
    assert 0 <= t.start < t.end <= len(text)
    for r in t.rows:
        assert t.start <= r.start < r.end <= t.end
        if r.name_span:
            assert "".join(text[slice(*r.name_span)].split()).replace("|", "").endswith(r.name[-2:])
        for q in (r.target, r.actual):
            if q.raw:
                assert text[q.start : q.end] == q.raw
        for span, v in ((r.weight_span, r.weight), (r.score_span, r.score)):
            if span is not None and v is not None:
                assert float(text[slice(*span)].rstrip("分")) == v
        if r.note_span:
            assert "".join(text[slice(*r.note_span)].split()) == r.note
    for f in ([t.budget] if t.budget else []) + t.funds:
        for cell in f.cells.values():
            assert text[cell.start : cell.end] == cell.raw
    if t.declared_total_span:
        assert float(text[slice(*t.declared_total_span)]) == t.declared_total
    if t.goal and t.goal.expected_span:
        assert text[slice(*t.goal.expected_span)].strip() == t.goal.expected
