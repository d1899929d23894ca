"""Extraction on the five real seeds: tables, rows, budgets, totals, closure, offsets."""

from __future__ import annotations

import dataclasses

import pytest

from extract.tables import extract_tables

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
        # The evidence string is ``raw`` where there is one (a Quantity's ``text`` is its
        # display form), else ``text`` (reasons).
        key = "raw" if "raw" in d else "text"
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


# --- slips the hand-checked gold found (corpus/gold), on the seeds -----------------------


def test_unit_wrapped_onto_the_next_line_joins_the_quantity():
    """004 委托业务费: ``<=31.80 万`` / ``=31.48 万`` with ``元`` on the continuation line, in
    the same target/actual columns."""
    text = seed_text("004")
    row = _row(seed_report("004"), 10, "委托业务")
    assert row.name == "委托业务费"
    assert (row.target.op, row.target.value, row.target.unit) == ("<=", 31.8, "万元")
    assert (row.actual.op, row.actual.value, row.actual.unit) == ("=", 31.48, "万元")
    for q, first in ((row.target, "<=31.80 万"), (row.actual, "=31.48 万")):
        assert text[q.start : q.end] == q.raw
        assert q.raw.startswith(first) and q.raw.endswith("元") and "\n" in q.raw
    # the rows below, each on one line, keep their own cells
    row = _row(seed_report("004"), 10, "其他商品")
    assert row.target.raw == "≤3.69 万 元" and row.target.unit == "万元"


def test_project_name_spread_over_the_label_line():
    """000: the name runs over several cells after an OCR-damaged label (项目 | 目名称), or
    sits on a 项目 line whose 名称 was lost; debris cells (``·``, ``1 III ...``) are dropped."""
    tables = seed_report("000").tables
    assert tables[1].project == '2023年\'"最多跑一次"改革领导小组办公室专项经费'
    assert tables[1].title == tables[1].project
    assert tables[4].project == "2023年政务服"
    assert tables[5].project == "公共资源交易中心运行经费"
    assert tables[6].project == "7专项经费"
    for t in tables[1:]:
        assert "主管" not in t.project and "实施单位" not in t.project


def test_wrapped_project_label_in_cell_lines_head():
    """001 table 8: ``项目名`` / ``称`` / ``公告费`` -- the head's label fragments do not push
    the title away from its budget header, so the table starts at its title."""
    text = seed_text("001")
    t = seed_report("001").tables[8]
    assert (t.title, t.project) == ("公告费", "公告费")
    assert t.department == "昌吉回族自治州政务服务和公共资源交易管理局"
    assert text[t.start :].lstrip().startswith("项目支出绩效自评表")
    assert seed_report("001").tables[7].end < t.start


def test_name_printed_in_the_level2_cell():
    """002 table 3: 驻外办事处保障工作完成率 sits in the 二级指标 cell, the 三级 cell is
    empty: it is the name and the level stays the previous row's 时效指标."""
    row = seed_report("002").tables[3].rows[4]
    assert row.name == "驻外办事处保障工作完成率"
    assert (row.level2, row.category2) == ("时效指标", "时效")
    assert seed_text("002")[slice(*row.name_span)] == row.name
    assert (row.target.op, row.target.value) == (">=", 99)


def test_wrapped_basis_text_stays_out_of_the_name():
    """000 overall, row 4: the wrapped 指标值设定依据 (``年度工作要点》《市政务服务中心...
    制度》``, lines 220-229) sits in the name column of misaligned lines; it closes a
    quotation, so it is basis text, not name."""
    text = seed_text("000")
    row = seed_report("000").tables[0].rows[4]
    assert row.name == "政务中心工作人员培训次数"
    assert text[row.start : row.end].endswith("度》")  # the row still spans its basis text


# --- the same slips in other departments' tables ------------------------------------------


def _project_tab(head: list[str], rows: list[str]) -> str:
    """A tab-layout 项目支出绩效自评表 with the given head lines and indicator rows."""
    return "\n".join(
        [
            "前文。",
            "",
            "项目支出绩效自评表",
            "(2024 年度)",
            "",
            *head,
            "项目资金 (万元)\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
            "\t年度资金总额\t50.00\t50.00\t48.00\t10\t96.00%\t9.60 分",
            "\t其中：当年财政拨款\t50.00\t50.00\t48.00\t—\t—\t—",
            "年度总体目标\t预期目标\t\t\t实际完成情况\t\t\t",
            "\t按期完成项目。\t\t\t已按期完成。\t\t\t",
            "\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
            *rows,
            "总分\t\t\t\t\t\t100\t98.5 分\t",
            "",
            "十二、其他需说明的事项",
            "",
        ]
    )


_HEALTH_ROWS = [
    "年度绩效指标完成情况\t产出指标\t数量指标\t冷链运输批次\t>=24 批\t=26 批\t20\t20\t",
    "\t\t质量指标\t疫苗储存温度合格率\t>=100.0\t=100.0\t20\t20\t",
    "\t\t\t\t0%\t0%\t\t\t",
    "\t成本指标\t经济成本\t疫苗冷链运输\t<=12.50 万\t=11.98 万\t10\t9.58\t运输",
    "",
    "\t\t指标\t费用\t元\t元\t\t\t费用有所节约。",
    "\t\t\t接种点覆盖率\t>=95%\t=97%\t10\t10\t",
    "\t\t\t\t按乡镇卫生院数量测算\t\t\t\t",
    "\t效益指标\t社会效益指标\t群众接种便利度\t有效提升\t有效提升\t30\t30\t",
]


def test_wrapped_units_in_a_health_table():
    text = _project_tab(["项目名称\t疫苗冷链运输保障经费\t\t\t\t\t\t"], _HEALTH_ROWS)
    (t,) = extract_tables(text)
    rows = {r.name: r for r in t.rows}
    r = rows["疫苗冷链运输费用"]
    assert (r.target.op, r.target.value, r.target.unit) == ("<=", 12.5, "万元")
    assert (r.actual.op, r.actual.value, r.actual.unit) == ("=", 11.98, "万元")
    assert r.note == "运输费用有所节约。"
    r = rows["疫苗储存温度合格率"]  # digits cut by the wrap: 100.0 / 0%
    assert (r.target.op, r.target.value, r.target.unit) == (">=", 100.0, "%")
    assert (r.actual.op, r.actual.value, r.actual.unit) == ("=", 100.0, "%")
    # a sentence below a value cell is no fragment of it
    r = next(r for r in t.rows if r.name.startswith("接种点覆盖率"))
    assert (r.target.raw, r.target.value, r.target.unit) == (">=95%", 95, "%")
    for r in t.rows:
        for q in (r.target, r.actual):
            assert text[q.start : q.end] == q.raw


@pytest.mark.parametrize(
    "head,project",
    [
        # an OCR-damaged label, the name spread over four cells, a debris cell after it
        (
            [
                '项目\t目名称\t\t2024年\'\t"双减"课后服务\t补助资\t金\t· ·\t\t',
                "主管部门\t\t某某县教育局\t\t实施单位\t某某县第一中学\t\t",
            ],
            '2024年\'"双减"课后服务补助资金',
        ),
        # the 名称 of the label lost: the name still follows 项目 on the first line
        (
            [
                "项目\t\t\t\t农村公路\t养护经费\t\t\t",
                "主管部门\t\t某某县交通运输局\t\t实施单位\t某某县公路管理段\t\t",
            ],
            "农村公路养护经费",
        ),
        # text beyond a gap of empty cells sits in another column
        (["项目名称\t\t污水处理厂\t运营补贴\t\t\t某某县水务局\t"], "污水处理厂运营补贴"),
        # the department on the label's own line is not part of the name
        (["项目名称\t城区绿化\t养护项目\t主管部门\t某某市园林局\t\t"], "城区绿化养护项目"),
        # no name printed at all: the 主管部门 text is not taken for one
        (["主管部门\t\t某某县交通运输局\t\t实施单位\t某某县公路管理段\t\t"], None),
        # nor the budget block's label broken over two cells (项目 | 资金（万元）)
        (
            ["主管部门\t\t某某县交通运输局\t\t实施单位\t某某县公路管理段\t\t", "项目\t资金（万元）\t\t\t"],
            None,
        ),
    ],
)
def test_project_name_cells_in_other_departments(head, project):
    (t,) = extract_tables(_project_tab(head, _HEALTH_ROWS))
    assert t.project == project
    assert t.title == (project or "项目支出绩效自评表")


def test_name_in_the_level2_cell_of_an_agriculture_table():
    rows = [
        "年度绩效指标完成情况\t产出指标\t数量指标\t农机补贴户数\t>=300 户\t=320 户\t20\t20\t",
        "\t\t时效指标\t补贴资金拨付时间\t<=30 天\t=25 天\t10\t10\t",
        "\t\t农机购置补贴兑付完成率\t\t>=98%\t=100%\t10\t10\t",
        "\t效益指标\t社会效益指标\t农业机械化水平\t有效提升\t有效提升\t30\t30\t",
        "\t满意度指标\t满意度指标\t\t>=90%\t=95%\t10\t8.5\t",
    ]
    text = _project_tab(["项目名称\t农机购置补贴\t\t\t\t\t\t"], rows)
    (t,) = extract_tables(text)
    r = t.rows[2]
    assert r.name == "农机购置补贴兑付完成率" and text[slice(*r.name_span)] == r.name
    assert (r.level1, r.level2, r.category2) == ("产出指标", "时效指标", "时效")
    assert (r.target.op, r.target.value) == (">=", 98)
    # a framework label in the level-2 cell is a label, even when the name cell is empty
    r = t.rows[4]
    assert (r.name, r.level2, r.category1) == ("", "满意度指标", "满意度")


_MARKET_OVERALL = "\n".join(
    [
        "部门整体支出绩效自评表",
        "(2024 年度)",
        "",
        "部门名称\t某某县市场监督管理局\t\t\t\t\t\t",
        "部门资金(万元)\t资金来源\t年初预算数\t全年预算数\t全年执行数\t分值权重\t执行率\t得分",
        "\t年度总资金\t1,200.00\t1,250.00\t1,237.50\t10\t99%\t9.9",
        "年度总体目标\t预期目标\t\t\t实际完成目标\t\t\t",
        "\t完成市场监管年度任务。\t\t\t已完成。\t\t\t",
        "一级指标\t二级指标\t三级指标\t预期指标值\t指标值设定依据\t实际完成指标值\t分值权重\t得分",
        "履职效能\t数量指标\t新增登记市场主体\t>=500 户\t《某某县优化营商\t520 户\t30\t30",
        "\t\t环境三年行\t\t\t\t",
        "\t\t动方案》\t\t\t\t",
        "\t\t食品抽检批次\t>=1200 批\t省局年度抽检\t1250 批\t30\t30",
        "\t\t计划实施细则》\t\t\t\t",
        "\t\t特种设备定期检验\t>=98%\t省局年度考核要求\t99%\t30\t30",
        "\t\t完成率\t\t\t\t",
        "",
        "十二、其他需说明的事项",
        "",
    ]
)


def test_wrapped_basis_quotation_in_a_market_regulation_table():
    """Misaligned continuation lines (a cell fewer than their row) under the name column:
    text continuing a 《 opened in the basis cell, or closing a 》 whose 《 was lost, is
    basis text; other text still extends the name."""
    text = _MARKET_OVERALL
    (t,) = extract_tables(text)
    assert [r.name for r in t.rows] == ["新增登记市场主体", "食品抽检批次", "特种设备定期检验完成率"]
    assert t.rows[0].end == text.index("动方案》") + len("动方案》")
    assert t.rows[1].end == text.index("细则》") + len("细则》")
    assert [r.weight for r in t.rows] == [30, 30, 30]
