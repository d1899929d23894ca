"""Extraction on the five real seeds: tables, rows, budgets, totals, closure, offsets."""

from __future__ import annotations

import dataclasses

import pytest

from .conftest import seed_report, seed_text

# Rows per table, in document order, counted by hand from the seeds.
ROWS = {
    "000": [5, 10, 10, 7, 7, 7, 7],
    "001": [7, 12, 12, 7, 10, 8, 8, 9, 10, 8, 11, 7],
    "002": [9, 9, 8, 8],
    "003": [8],
    "004": [3, 7, 10, 8, 7, 7, 9, 8, 11, 7, 7, 7, 8, 7, 7, 7],
}
KINDS = {
    "000": ["overall"] + ["project"] * 6,
    "001": ["overall"] + ["project"] * 11,
    "002": ["overall"] + ["project"] * 3,
    "003": ["narrative"],
    "004": ["overall"] + ["project"] * 15,
}


@pytest.mark.parametrize("prefix", sorted(ROWS))
def test_table_and_row_counts(prefix):
    report = seed_report(prefix)
    assert [t.kind for t in report.tables] == KINDS[prefix]
    assert [len(t.rows) for t in report.tables] == ROWS[prefix]


def test_total_table_count():
    assert sum(len(seed_report(p).tables) for p in ("000", "001", "002", "003", "004")) == 40


def _row(report, table_idx, name_part):
    rows = [r for r in report.tables[table_idx].rows if name_part in r.name]
    assert rows, f"no row containing {name_part!r}"
    return rows[0]


@pytest.mark.parametrize(
    "prefix,table,name,target,actual,weight,score",
    [
        # swapped 实际完成值/分值 columns in 000's overall table
        ("000", 0, "政务服务宣传渠道", (">=", 2, "个"), ("=", 2, "个"), 18, 18),
        ("000", 1, "委托费支付成本", ("<=", 45, "万元"), ("=", 20.16, "万元"), 5, 2.24),
        ("000", 1, "电子印章", ("<=", 4, "元"), ("=", 398, "元"), 5, 0),
        ("000", 1, "邮政寄递", ("<=", 4, "万"), ("=", 1.25, "万"), 5, 1.56),
        ("000", 4, "平均每部门", ("=", 0.09, "万元"), ("=", 0.0842, "万元"), 6.67, 6.24),
        ("000", 6, "政分分子", (">=", 6, "亿元"), ("=", 5.51, "亿元"), 20, 18.37),
        ("002", 0, "政府采购率", ("<=", 98, "%"), ("<=", 98, "%"), 10, 10),
        ("002", 1, "网络保障链数量", (">=", 22, "个"), ("=", 25, "个"), 10, 10),
        ("004", 0, "全市公务用车管理信息系统录入率", (">=", 95, "%"), ("=", 87.36, "%"), 35, 32.19),
        ("004", 1, "二楼礼堂维修面积", (">=", 956.76, "平方米"), ("=", 729.67, "平方米"), 10, 7.63),
        ("004", 6, "水、电、燃", ("<=", 107.66, "万元"), ("=", 48.26, "万元"), 5, 2.24),
        ("004", 6, "其他商品服务支出", ("<=", 345.3, "万元"), ("=", 403.56, "万元"), 5, 0),
    ],
)
def test_row_values(prefix, table, name, target, actual, weight, score):
    row = _row(seed_report(prefix), table, name)
    assert (row.target.op, row.target.value, row.target.unit) == target
    assert (row.actual.op, row.actual.value, row.actual.unit) == actual
    assert (row.weight, row.score) == (weight, score)


@pytest.mark.parametrize(
    "prefix,table,budget,declared",
    [
        ("000", 0, (1943.66, 2135.25, 2124.45, 99.49, 10, 9.95), None),
        ("000", 1, (80.0, 80.0, 52.16, 65.2, 10, 6.52), 85.32),
        ("000", 3, (31.0, 31.0, 26.04, 84.0, 10, 8.4), 97.7),
        ("000", 6, (81.5, 81.5, 73.17, 89.78, 10, 8.98), 97.35),  # total merged into the last row
        ("002", 0, (468.53, 263.72, 263.72, 100.0, None, None), None),
        ("002", 3, (21.0, 8.0, 8.0, 100.0, 10, 10), 87.6),
        ("004", 0, (19291.44, 35207.15, 35207.15, 100.0, 10, 10), None),
        ("004", 9, (80.0, 40.13, 40.13, 100.0, 10, 10), 100.0),
    ],
)
def test_budget_and_declared_total(prefix, table, budget, declared):
    t = seed_report(prefix).tables[table]
    b = t.budget
    assert (b.initial, b.adjusted, b.executed, b.rate, b.weight, b.score) == budget
    assert t.declared_total == declared


def test_fund_sources():
    t = seed_report("002").tables[0]
    names = [f.name for f in t.funds]
    assert any("县" in n for n in names)
    county = next(f for f in t.funds if "县" in f.name)
    assert (county.initial, county.adjusted, county.executed) == (468.53, 263.72, 263.72)
    assert t.budget.name == "合计"


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_closure(prefix):
    """Item scores plus the execution score equal the declared total, for every table whose
    own figures are consistent (all tables with a declared total in the seeds are)."""
    for t in seed_report(prefix).tables:
        if t.declared_total is None:
            continue
        total = sum(r.score or 0 for r in t.rows) + ((t.budget.score or 0) if t.budget else 0)
        assert abs(total - t.declared_total) <= 0.011, (t.title, total, t.declared_total)


def _spans(obj, path="report"):
    """Yield (path, start, end, expected) for every span with a raw/text/evidence string."""
    if dataclasses.is_dataclass(obj):
        d = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
        s, e = d.get("start"), d.get("end")
        for key in ("raw", "text"):
            if isinstance(d.get(key), str) and isinstance(s, int) and isinstance(e, int) and s >= 0:
                yield path, s, e, d[key]
        for k, v in d.items():
            if k == "text" and path == "report":
                continue
            yield from _spans(v, f"{path}.{k}")
    elif isinstance(obj, list | tuple):
        for i, v in enumerate(obj):
            yield from _spans(v, f"{path}[{i}]")
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _spans(v, f"{path}.{k}")


def test_every_span_is_exact(seed):
    text = seed_text(seed)
    report = seed_report(seed)
    n = 0
    for path, s, e, expected in _spans(report):
        assert text[s:e] == expected, path
        n += 1
    for t in report.tables:
        for r in t.rows:
            assert 0 <= r.start < r.end <= len(text)
            for sp in (r.weight_span, r.score_span, r.name_span, r.note_span):
                if sp:
                    assert r.start <= sp[0] < sp[1] <= r.end
    assert n > 20


def test_header(seed):
    r = seed_report(seed)
    assert r.year in (2023, 2024)
    assert r.department
    if seed == "003":
        assert r.title is None  # this report starts directly with 一、基本概况: no title line
    else:
        assert r.title and r.department in r.title
