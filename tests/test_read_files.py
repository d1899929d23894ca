"""The file types reports are published in: HTML, Word and Excel read like text and PDF.

One self-evaluation table, with a target missed at full score (IND001) and an execution
rate that is not 全年执行数 / 全年预算数 (SUM003) planted, is written as .html, .docx, .xlsx
and .xls by ``corpus.generator.files``; every type must read to the same rows, find both
anomalies with ``text[start:end] == evidence``, and name the cells the evidence sits in.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from classify.check import check_report
from corpus.generator.files import (
    Sheet,
    html_page,
    number_cell,
    write_docx,
    write_html,
    write_xls,
    write_xlsx,
)
from corpus.generator.pdf import Center, TableSpec, Title, project_table
from extract.model import Report
from extract.numfmt import format_date, format_number
from extract.pipeline import extract_source
from extract.read import ReadError, Source, expand_paths, file_type, read_bytes, read_path
from service.serialize import report_dict

from .conftest import ROOT

FUNDS = [
    ["年度资金总额", "10.00", "10.00", "9.50", "10", "59.00%", "9.50"],
    ["其中：当年财政拨款", "10.00", "10.00", "9.50", "—", "—", "—"],
    ["其他资金", "0.00", "0.00", "0.00", "—", "—", "—"],
]
INDICATORS = [
    ["产出指标", "数量指标", "宣传活动场次", "≥20场", "=15场", "30", "30", ""],
    ["产出指标", "质量指标", "参保知晓率", "≥90%", "=92%", "20", "20", ""],
    ["成本指标", "经济成本指标", "宣传成本", "≤8万元", "=8万元", "20", "20", ""],
    ["满意度指标", "满意度指标", "群众满意度", "≥90%", "=95%", "20", "20", "已达标"],
]
SPEC = project_table(
    "医保宣传",
    "某县医疗保障局",
    "某县医疗保障局",
    FUNDS,
    "完成年度宣传任务。",
    "已完成年度宣传任务。",
    INDICATORS,
    "100",
    "99.50",
)
BLOCKS = [
    "某县医疗保障局2023年度部门决算公开说明",
    "一、项目绩效自评情况",
    Title("项目支出绩效自评表"),
    Center("（2023年度）"),
    SPEC,
]
# Where the planted cells land: the table is the first one (HTML/Word), or starts on sheet
# row 5 under the four paragraph rows (Excel). Grid row 10 is 宣传活动场次, row 4 年度资金总额.
ROW_IND, ROW_BUDGET = 9, 3  # 0-based rows of SPEC
TYPES = ("html", "docx", "xlsx", "xls")


def grid_ref(kind: str, row: int, col: int) -> str:
    """The ref of SPEC's cell (row, col), 0-based, in the file of ``kind``."""
    if kind in ("xlsx", "xls"):
        return f"Sheet1!{'ABCDEFGHI'[col]}{row + 5}"
    return f"表1!R{row + 1}C{col + 1}"


def write(kind: str, blocks: list, path: Path, **kw) -> Path:
    {"html": write_html, "docx": write_docx, "xlsx": write_xlsx, "xls": write_xls}[kind](blocks, path, **kw)
    return path


def checked(src: Source) -> Report:
    return check_report(extract_source(src), src.text)


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("files")
    return {k: write(k, BLOCKS, d / f"report.{k}") for k in TYPES}


@pytest.fixture(scope="module")
def reports(files) -> dict[str, tuple[Source, Report]]:
    out = {}
    for k, p in files.items():
        src = read_path(p)
        out[k] = (src, checked(src))
    return out


def rows_of(rep: Report) -> list[tuple]:
    (t,) = rep.tables
    return [
        (
            r.level1,
            r.level2,
            r.name,
            r.target.raw,
            r.target.op,
            r.target.value,
            r.target.unit,
            r.actual.raw,
            r.actual.value,
            r.weight,
            r.score,
            r.note,
        )
        for r in t.rows
    ]


@pytest.mark.parametrize("kind", TYPES)
def test_each_type_reads_the_table_and_finds_both_anomalies(reports, kind):
    src, rep = reports[kind]
    assert src.kind == kind
    (t,) = rep.tables
    assert (t.kind, t.title, t.layout) == ("project", "医保宣传", "cells")
    assert rows_of(rep) == [
        ("产出指标", "数量指标", "宣传活动场次", "≥20场", ">=", 20.0, "场", "=15场", 15.0, 30.0, 30.0, ""),
        ("产出指标", "质量指标", "参保知晓率", "≥90%", ">=", 90.0, "%", "=92%", 92.0, 20.0, 20.0, ""),
        ("成本指标", "经济成本指标", "宣传成本", "≤8万元", "<=", 8.0, "万元", "=8万元", 8.0, 20.0, 20.0, ""),
        (
            "满意度指标",
            "满意度指标",
            "群众满意度",
            "≥90%",
            ">=",
            90.0,
            "%",
            "=95%",
            95.0,
            20.0,
            20.0,
            "已达标",
        ),
    ]
    b = t.budget
    assert (b.initial, b.adjusted, b.executed, b.rate, b.weight, b.score) == (
        10.0,
        10.0,
        9.5,
        59.0,
        10.0,
        9.5,
    )
    assert [(f.name, f.executed) for f in t.funds] == [("其中：当年财政拨款", 9.5), ("其他资金", 0.0)]
    assert t.declared_total == 99.5
    codes = {f["code"] for f in rep.findings}
    assert {"IND001", "SUM003"} <= codes
    for f in rep.findings:
        assert src.text[f["start"] : f["end"]] == f["evidence"]

    d = report_dict(rep, src)
    (ind,) = [f for f in d["findings"] if f["code"] == "IND001"]
    assert ind["location"].endswith("宣传活动场次")
    assert grid_ref(kind, ROW_IND, 4) in ind["cells"] and grid_ref(kind, ROW_IND, 5) in ind["cells"]
    (s3,) = [f for f in d["findings"] if f["code"] == "SUM003"]
    assert grid_ref(kind, ROW_BUDGET, 6) in s3["cells"]  # the stated 59.00%
    row = d["tables"][0]["rows"][0]
    assert row["target"]["cell"] == grid_ref(kind, ROW_IND, 4)
    assert row["actual"]["cell"] == grid_ref(kind, ROW_IND, 5)
    # Every recorded cell indexes its own text in the rendering.
    by_ref = {ref: src.text[s:e] for s, e, ref in src.cells}
    assert by_ref[grid_ref(kind, ROW_IND, 4)] == "≥20场"
    assert by_ref[grid_ref(kind, ROW_BUDGET, 6)] == "59.00%"
    assert all("\t" not in src.text[s:e] and "\n" not in src.text[s:e] for s, e, _ in src.cells)


def test_all_types_read_to_the_same_rows(reports):
    first = rows_of(reports["html"][1])
    for kind in TYPES[1:]:
        assert rows_of(reports[kind][1]) == first, kind


def test_rendering_layout(reports):
    """Paragraphs one per line, a blank line around tables, covered cells empty, sheet names first."""
    html_text = reports["html"][0].text
    assert "发布时间：2024-09-02 10:30  来源：本站  浏览量：128  字号：大 中 小\n" in html_text  # chrome kept
    assert "getElementById" not in html_text and "公开\n" not in html_text  # script and <title> dropped
    for kind in TYPES:
        text = reports[kind][0].text
        lines = text.split("\n")
        assert "项目名称\t医保宣传\t\t\t\t\t\t\t" in lines
        assert "年度绩效指标完成情况\t产出指标\t数量指标\t宣传活动场次\t≥20场\t=15场\t30\t30\t" in lines
        assert "\t\t质量指标\t参保知晓率\t≥90%\t=92%\t20\t20\t" in lines  # 一级 merged: covered cell empty
    assert reports["docx"][0].text.startswith(
        "某县医疗保障局2023年度部门决算公开说明\n一、项目绩效自评情况\n"
    )
    assert "（2023年度）\n\n项目名称\t" in reports["docx"][0].text
    # A sheet row of one cell in the first column (a title, a paragraph) reads as a line; the
    # rows of a table as its tab rows, a blank line before.
    assert reports["xlsx"][0].text.startswith(
        "Sheet1\n某县医疗保障局2023年度部门决算公开说明\n一、项目绩效自评情况\n"
        "项目支出绩效自评表\n（2023年度）\n\n项目名称\t医保宣传\t"
    )
    src = reports["xlsx"][0]
    assert ((n := src.text.index("项目支出绩效自评表")), n + 9, "Sheet1!A3") in src.cells


def test_html_charsets_layout_tables_and_spans(tmp_path):
    inner = html_page(
        ["正文第一段。", [["指标", "目标值"], ["宣传场次", "≥20场"]]], charset="gb2312", chrome=False
    )
    body = inner.split("<body>")[1].split("</body>")[0]
    page = (
        '<html><head><meta charset="gb2312"><title>标题</title></head><body>'
        "<table><tr><td><!-- 导航 -->首页 &gt; 信息公开</td></tr>"
        f"<tr><td>{body}</td></tr></table>"
        '<table border=1><tr><td rowspan="2">一级</td><td colspan="2">合并两列</td></tr>'
        "<tr><td>甲<br>乙</td><td>丙</td></tr></table></body></html>"
    )
    data = page.encode("gb18030")
    src = read_bytes(data, "page.htm")
    assert src.kind == "html" and src.encoding == "gb18030"
    # The outer table holds a table: page layout, its cells read as blocks.
    assert src.text == (
        "首页 > 信息公开\n正文第一段。\n\n指标\t目标值\n宣传场次\t≥20场\n\n一级\t合并两列\t\n\t甲乙\t丙\n"
    )
    refs = {ref: src.text[s:e] for s, e, ref in src.cells}
    assert refs["表1!R2C2"] == "≥20场" and refs["表2!R1C2"] == "合并两列" and refs["表2!R2C2"] == "甲乙"
    assert refs["表2!R2C1"] == "" and refs["表2!R1C3"] == ""  # covered by the row and column spans
    # GB2312 declared, characters outside GB2312 used (GB18030 decodes them); UTF-8 undeclared.
    assert (
        read_bytes(
            '<html><meta charset="GB2312"><body><p>镕</p></body></html>'.encode("gb18030"), "a.html"
        ).text
        == "镕\n"
    )
    assert read_bytes("<p>预算执行率</p>".encode(), "b.html").text == "预算执行率\n"
    # Source line breaks between Chinese characters vanish; hidden widgets are not text.
    page = '<div style="display:none">分享到</div><p>收入总计\n    100万元，\nabc</p><p hidden>打印版</p>'
    assert read_bytes(page.encode(), "c.html").text == "收入总计 100万元， abc\n"


def test_docx_body_order_and_merges(files, tmp_path):
    src = read_path(files["docx"])
    refs = {ref: src.text[s:e] for s, e, ref in src.cells}
    assert refs["表1!R1C2"] == "医保宣传" and refs["表1!R1C3"] == ""  # gridSpan: covered columns empty
    assert refs["表1!R11C1"] == ""  # vMerge continuation of 年度绩效指标完成情况
    blocks = [
        "前言段落",
        [["甲", "乙"], ["1", "2"]],
        "中间段落",
        Sheet("ignored"),
        [["丙", "丁"], ["3", "4"]],
        "结尾",
    ]
    src2 = read_path(write("docx", blocks, tmp_path / "two.docx"))
    assert src2.text == "前言段落\n\n甲\t乙\n1\t2\n\n中间段落\n\n丙\t丁\n3\t4\n\n结尾\n"
    assert [ref for _, _, ref in src2.cells][-1] == "表2!R2C2"
    # A soft line break starts a line; a tab inside a table cell becomes a space.
    from docx import Document

    doc = Document()
    run = doc.add_paragraph().add_run("一、部门概况")
    run.add_break()
    run.add_text("（一）主要职能")
    t = doc.add_table(rows=1, cols=2)
    t.cell(0, 0).paragraphs[0].add_run("指标\t名称")
    t.cell(0, 1).text = "第一段"
    t.cell(0, 1).add_paragraph("第二段")
    doc.save(str(tmp_path / "br.docx"))
    # A cell's paragraphs join without a space between Chinese characters (a tab stays one).
    assert read_path(tmp_path / "br.docx").text == "一、部门概况\n（一）主要职能\n\n指标 名称\t第一段第二段\n"
    # A one-cell table is a frame around paragraphs: they read as paragraphs.
    src3 = read_path(
        write(
            "docx",
            ["标题", [["框内第一段"]], [["一级指标", "分值"], ["产出指标", "30"]]],
            tmp_path / "frame.docx",
        )
    )
    assert src3.text == "标题\n框内第一段\n\n一级指标\t分值\n产出指标\t30\n"
    assert src3.cells[0][2] == "表1!R1C1"


def test_xlsx_numbers_as_displayed_and_every_sheet(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目自评表"
    ws["A1"], ws["B1"], ws["C1"], ws["D1"] = "执行率", 0.958, 1943.656, dt.date(2024, 3, 5)
    ws["B1"].number_format, ws["C1"].number_format, ws["D1"].number_format = (
        "0.0%",
        "#,##0.00",
        "yyyy年m月d日",
    )
    ws["A2"], ws["B2"], ws["C2"] = "得分", 9.5, 12.5
    ws["C2"].number_format = '0.00"万元"'
    ws.merge_cells("A3:C3")
    ws["A3"] = "合并单元格"
    ws2 = wb.create_sheet("整体自评表")
    ws2["B4"] = "第二张表"
    ws2["XFD1048576"].number_format = "0.00"  # a styled blank far away: no billion-cell grid
    path = tmp_path / "n.xlsx"
    wb.save(path)
    src = read_path(path)
    # A row of one cell in the first column after the table (merged A3:C3) reads as a line.
    assert src.text == (
        "项目自评表\n\n执行率\t95.8%\t1,943.66\t2024年3月5日\n得分\t9.5\t12.50万元\t\n\n合并单元格\n\n"
        "整体自评表\n第二张表\n"
    )
    refs = {ref: src.text[s:e] for s, e, ref in src.cells}
    assert (
        refs["项目自评表!B1"] == "95.8%"
        and refs["整体自评表!B4"] == "第二张表"
        and refs["项目自评表!A3"] == "合并单元格"
    )
    assert src.grids == [(src.text.index("执行率"), src.text.index("\n\n合并"))]


def test_xls_numbers_and_merges(tmp_path):
    table = TableSpec([["执行率", "95.80%", "1,943.66", "9.5"], ["合并", "", "", "-3"]], [(0, 1, 2, 1)])
    src = read_path(write("xls", [Sheet("自评表"), table, Sheet("第二页"), "说明文字"], tmp_path / "n.xls"))
    assert src.text == "自评表\n\n执行率\t95.80%\t1,943.66\t9.5\n合并\t\t\t-3\n\n第二页\n说明文字\n"
    assert (src.cells[1][2], src.text[src.cells[1][0] : src.cells[1][1]]) == ("自评表!B1", "95.80%")
    assert src.cells[-1][2] == "第二页!A1"


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (0.958, "0.0%", "95.8%"),
        (0.958, "0.00%", "95.80%"),
        (1943.656, "#,##0.00", "1,943.66"),
        (10, "0.00", "10.00"),
        (30, "General", "30"),
        (0.1 + 0.2, "General", "0.3"),
        (2.675, "0.00", "2.68"),
        (0.125, "0.00", "0.13"),
        (-5, "0.00;(0.00)", "(5.00)"),
        (-5, "0.00", "-5.00"),
        (0, '0.00;-0.00;"-"', "-"),
        (98, '0"分"', "98分"),
        (1234.5, "[Red]#,##0.0_);(#,##0.0)", "1,234.5 "),
        (0.5, "#.##", ".5"),
        (7, "00", "07"),
        (123456789.123, "General", "123456789.12"),
        (0.00012, "0.00E+00", "1.20E-04"),
        (1, "0%", "100%"),
    ],
)
def test_number_formats(value, fmt, shown):
    assert format_number(value, fmt) == shown


def test_writer_numbers_round_trip():
    for text in ("95.80%", "1,943.66", "10.00", "30", "0", "7.5%", "2,135.25"):
        value, fmt = number_cell(text)
        assert format_number(value, fmt) == text
    assert number_cell("≥20场") is None and number_cell("007") is None and number_cell("=15场") is None
    assert format_date(dt.datetime(2024, 1, 2, 9, 30), "yyyy-mm-dd hh:mm") == "2024-01-02 09:30"


def test_file_type_errors(tmp_path, files):
    with pytest.raises(
        ReadError,
        match=r"^x\.pptx: unsupported file type \.pptx \(supported: \.txt \.pdf \.html "
        r"\.htm \.docx \.xlsx \.xls\)$",
    ):
        read_bytes(b"PK\x03\x04 slides", "x.pptx")
    with pytest.raises(
        ReadError, match=r"^old\.doc: unsupported file type \.doc \(old Word \.doc\); convert it"
    ):
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old.doc")
    with pytest.raises(ReadError, match=r"^bad\.docx: corrupt \.docx \(not a zip archive\)$"):
        read_bytes(b"just some text", "bad.docx")
    truncated = files["docx"].read_bytes()[:3000]
    with pytest.raises(ReadError, match=r"^cut\.docx: corrupt \.docx \("):
        read_bytes(truncated, "cut.docx")
    with pytest.raises(ReadError, match=r"^cut\.xlsx: corrupt \.xlsx \("):
        read_bytes(files["xlsx"].read_bytes()[:2000], "cut.xlsx")
    with pytest.raises(ReadError, match=r"^cut\.xls: "):
        read_bytes(files["xls"].read_bytes()[:1500], "cut.xls")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/other.xml", "<x/>")
    with pytest.raises(ReadError, match=r"^hollow\.docx: corrupt \.docx \(no Word document"):
        read_bytes(buf.getvalue(), "hollow.docx")
    with pytest.raises(ReadError, match=r"^e\.html: empty file$"):
        read_bytes(b"  \n", "e.html")
    with pytest.raises(ReadError, match=r"no Chinese text"):
        read_bytes(b"<html><body><p>hello</p></body></html>", "en.html")


def test_signature_beats_a_wrong_suffix(files):
    # An .xlsx saved as .xls, a web system's HTML "Excel" export, a PDF named .bin: read for what they are.
    assert read_bytes(files["xlsx"].read_bytes(), "misnamed.xls").kind == "xlsx"
    assert read_bytes(files["html"].read_bytes(), "export.xls").kind == "html"
    assert read_bytes(files["docx"].read_bytes(), "upload").kind == "docx"
    assert read_bytes(files["xls"].read_bytes(), "upload").kind == "xls"
    assert (
        file_type("a/b/报告.DOCX") == ".docx" and file_type("单位2023.12") == "" and file_type("<text>") == ""
    )


def test_expand_paths_takes_every_supported_type(tmp_path, files):
    d = tmp_path / "d"
    (d / "sub").mkdir(parents=True)
    for p in files.values():
        (d / "sub" / p.name).write_bytes(p.read_bytes())
    (d / "a.txt").write_text("报告", encoding="utf-8")
    (d / "b.HTM").write_text("<p>报告</p>", encoding="utf-8")
    (d / "slides.pptx").write_bytes(b"PK")
    (d / "notes.md").write_text("x")
    found, errors = expand_paths([str(d)])
    assert [p.relative_to(d).as_posix() for p in found] == [
        "a.txt",
        "b.HTM",
        "sub/report.docx",
        "sub/report.html",
        "sub/report.xls",
        "sub/report.xlsx",
    ]
    assert errors == []


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_check_and_batch_on_a_mixed_directory(tmp_path, files):
    d = tmp_path / "mixed"
    d.mkdir()
    for p in files.values():
        (d / p.name).write_bytes(p.read_bytes())
    (d / "broken.docx").write_bytes(b"PK\x03\x04broken")
    (d / "broken.xlsx").write_bytes(b"not a workbook")
    p = _cli("check", str(d), "--format", "jsonl", "--select", "IND001,SUM003")
    assert p.returncode == 2  # an input could not be read; the others were still checked
    assert (
        f"{d / 'broken.docx'}: corrupt .docx (" in p.stderr
        and f"{d / 'broken.xlsx'}: corrupt .xlsx (" in p.stderr
    )
    docs = {Path(x["source"]).suffix: x for x in map(json.loads, p.stdout.splitlines())}
    assert set(docs) == {".html", ".docx", ".xlsx", ".xls"}
    for suffix, doc in docs.items():
        assert sorted(f["code"] for f in doc["findings"]) == ["IND001", "SUM003"], suffix
        assert all(f.get("cells") for f in doc["findings"])
    db = tmp_path / "r.sqlite"
    p = _cli("batch", str(d), "--db", str(db), "--workers", "1", "--quiet")
    assert p.returncode == 2, p.stderr
    assert "4 screened, 0 skipped, 2 failed" in p.stderr


# ---------------------------------------------------------------------------- PDF tables without lines


def _pdf(blocks: list, ruled: bool, valign: str = "TOP") -> Source:
    from dataclasses import replace

    from corpus.generator.pdf import render_blocks

    drawn = [replace(b, ruled=ruled, valign=valign) if isinstance(b, TableSpec) else b for b in blocks]
    return read_bytes(render_blocks(drawn), "unruled.pdf" if not ruled else "ruled.pdf")


def _table_rows(src: Source) -> list[list]:
    rep = extract_source(src)
    return [
        [(r.level1, r.level2, r.name, r.target.raw, r.actual.raw, r.weight, r.score, r.note) for r in t.rows]
        + [t.title, t.budget.rate, t.budget.score, t.declared_total, t.goal.expected]
        for t in rep.tables
    ]


@pytest.mark.parametrize("valign", ["TOP", "MIDDLE"])
def test_unruled_pdf_table_reads_like_the_ruled_one(valign):
    from tests import pdfgen

    blocks = pdfgen.sample_report()
    ruled, unruled = _pdf(blocks, True), _pdf(blocks, False, valign)
    got, want = _table_rows(unruled), _table_rows(ruled)
    assert len(got) == len(want) == 2
    # With centred cells too: the 二级指标 merged over two rows of table 1 (its text between
    # them) and the 一级指标 merged over four go to the first of their rows (pdf_unruled).
    assert got == want
    lines = unruled.text.split("\n")
    assert (
        "\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施" in lines
    )
    # Every character of a rebuilt cell keeps its box; tabs and newlines are the reader's own.
    for k, ch in enumerate(unruled.text):
        assert (unruled.boxes[k] is None) == (ch in "\t\n") or ch == " "


def test_unruled_pdf_anomalies_have_page_and_bbox():
    src = _pdf(BLOCKS, False)
    rep = checked(src)
    assert rows_of(rep) == rows_of(checked(_pdf(BLOCKS, True)))
    d = report_dict(rep, src)
    found = {f["code"]: f for f in d["findings"]}
    assert {"IND001", "SUM003"} <= set(found)
    for f in d["findings"]:
        assert src.text[f["start"] : f["end"]] == f["evidence"]
        assert f["page"] == 1 and len(f["bbox"]) == 4
    assert found["IND001"]["evidence"].split("\t")[3:6] == ["宣传活动场次", "≥20场", "=15场"]


def test_aligned_narrative_is_not_a_table():
    from tests import pdfgen

    src = read_bytes(
        pdfgen.render_pdf([pdfgen.Title("某区档案局 2023 年度部门决算公开说明"), *pdfgen.SAMPLE_PARAGRAPHS]),
        "prose.pdf",
    )
    assert "\t" not in src.text


def test_http_worker_screens_an_uploaded_workbook(files):
    from service.api_jobs import Job, screen_job

    status, body, _recycle = screen_job(Job(name="report.xlsx", data=files["xlsx"].read_bytes()))
    assert status == "ok"
    d = json.loads(body)
    (ind,) = [f for f in d["findings"] if f["code"] == "IND001"]
    assert grid_ref("xlsx", ROW_IND, 4) in ind["cells"]
    assert screen_job(Job(name="x.docx", data=b"PK\x03\x04"))[0] == "unreadable"


def test_html_page_layout_and_deep_nesting():
    # Navigation beside the article in one table row: page columns, read as blocks.
    article = "<p>" + "本部门2023年度收入总计一百万元。" * 60 + "</p><p>第二段。</p>"
    src = read_bytes(f"<table><tr><td>首页</td><td>{article}</td></tr></table>".encode(), "cols.html")
    assert src.text.startswith("首页\n本部门2023年度收入总计一百万元。") and src.text.endswith("\n第二段。\n")
    assert src.cells == []
    # Unclosed <font> tags nest 1,500 deep: every word is still read, the table after them too.
    page = "<p>" + "<font>字" * 1500 + "</p><table><tr><td>甲</td><td>乙</td></tr></table>"
    src = read_bytes(page.encode(), "font.html")
    assert src.text == "字" * 1500 + "\n\n甲\t乙\n"


def _seed_blocks(text: str) -> list:
    """A seed as blocks: its tab-separated lines as tables (padded to one width), other lines
    as paragraphs; a real report laid out as a web page, Word or Excel file would be."""
    out: list = []
    table: list[list[str]] = []

    def close() -> None:
        if table:
            width = max(map(len, table))
            out.append([r + [""] * (width - len(r)) for r in table])
            table.clear()

    for line in text.split("\n"):
        if "\t" in line:
            table.append(line.split("\t"))
            continue
        close()
        if line.strip():
            out.append(line)
    close()
    return out


def _signature(rep: Report) -> list[tuple]:
    return [
        (
            t.kind,
            t.title,
            t.declared_total,
            t.budget and (t.budget.adjusted, t.budget.executed, t.budget.rate),
            [
                (
                    r.level1,
                    r.level2,
                    r.name,
                    r.target and r.target.raw,
                    r.actual and r.actual.raw,
                    r.weight,
                    r.score,
                    r.note,
                )
                for r in t.rows
            ],
        )
        for t in rep.tables
    ]


# 000 and 004 as spreadsheets are left out: their paragraphs become sheet rows beside the rows
# of their tables, and blank lines go, so a wrapped cell's continuation reads differently (not a
# layout real workbooks have).
@pytest.mark.parametrize(
    ("prefix", "kind"),
    [
        ("000", "html"),
        ("000", "docx"),
        ("002", "html"),
        ("002", "docx"),
        ("002", "xlsx"),
        ("004", "html"),
        ("004", "docx"),
    ],
)
def test_seed_tables_read_the_same_in_every_type(prefix, kind, tmp_path):
    from .conftest import seed_report, seed_text

    src = read_path(write(kind, _seed_blocks(seed_text(prefix)), tmp_path / f"{prefix}.{kind}"))
    want = _signature(seed_report(prefix))
    assert len(want) >= 4
    assert _signature(extract_source(src)) == want


def test_pdf_table_with_horizontal_rules_only():
    """Rules above and below (no vertical lines): no grid for pdfplumber, the positions read it."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from corpus.generator.pdf import BODY, CELL, FONT, PROJECT_WIDTHS, esc

    table = Table(
        [[Paragraph(esc(c), CELL) if c else "" for c in row] for row in SPEC.rows], colWidths=PROJECT_WIDTHS
    )
    style = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEABOVE", (0, 0), (-1, 0), 1, colors.black),
        ("LINEBELOW", (0, -1), (-1, -1), 1, colors.black),
        ("LINEBELOW", (0, ROW_IND - 1), (-1, ROW_IND - 1), 0.5, colors.black),
    ]
    style += [("SPAN", (c0, r0), (c1, r1)) for c0, r0, c1, r1 in SPEC.spans if (c0, r0) != (c1, r1)]
    table.setStyle(TableStyle(style))
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build(
        [Paragraph("项目支出绩效自评表", BODY), Paragraph("（2023年度）", BODY), table]
    )
    src = read_bytes(buf.getvalue(), "rules.pdf")
    rep = checked(src)
    assert rows_of(rep) == rows_of(checked(_pdf(BLOCKS, True)))
    assert {"IND001", "SUM003"} <= {f["code"] for f in rep.findings}
    assert (
        "\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
        in src.text
    )


def test_xml_spreadsheet_2003_saved_as_xls():
    """Web systems export "Excel" as Excel 2003 XML: formats by style, merges, skipped cells."""
    xml = """<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Styles><Style ss:ID="p"><NumberFormat ss:Format="0.00%"/></Style><Style ss:ID="f"><NumberFormat ss:Format="Fixed"/></Style></Styles>
 <Worksheet ss:Name="项目自评表"><Table>
  <Row><Cell ss:MergeAcross="2"><Data ss:Type="String">项目支出绩效自评表</Data></Cell></Row>
  <Row><Cell ss:MergeDown="1"><Data ss:Type="String">项目资金</Data></Cell><Cell><Data ss:Type="String">执行率</Data></Cell>
   <Cell ss:StyleID="p"><Data ss:Type="Number">0.95</Data></Cell></Row>
  <Row><Cell><Data ss:Type="String">全年执行数</Data></Cell><Cell ss:StyleID="f"><Data ss:Type="Number">9.5</Data></Cell></Row>
  <Row ss:Index="5"><Cell ss:Index="3"><Data ss:Type="String">注</Data></Cell></Row>
 </Table></Worksheet>
</Workbook>"""
    src = read_bytes(xml.encode(), "export.xls")
    assert src.kind == "xls"
    # The title (alone in column A) reads as a line; the skipped row 4 parts 注 from the table.
    assert (
        src.text
        == "项目自评表\n项目支出绩效自评表\n\n项目资金\t执行率\t95.00%\n\t全年执行数\t9.50\n\n\t\t注\n"
    )
    refs = {ref: src.text[s:e] for s, e, ref in src.cells}
    assert (
        refs["项目自评表!C2"] == "95.00%"
        and refs["项目自评表!C3"] == "9.50"
        and refs["项目自评表!C5"] == "注"
    )
    with pytest.raises(ReadError, match=r"^bad\.xls: corrupt XML spreadsheet"):
        read_bytes(xml[:400].encode(), "bad.xls")


def test_zip_bomb_is_refused_before_inflating(monkeypatch):
    from extract import textbuild

    monkeypatch.setattr(textbuild, "MAX_UNZIPPED", 1_000_000)  # the real limit is 256 MiB
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", b"<" + b" " * 2_000_000 + b"/>")
    assert len(buf.getvalue()) < 10_000
    with pytest.raises(
        ReadError,
        match=r"^bomb\.xlsx: \.xlsx too large unpacked \(2,000,011 bytes; the limit is 1,000,000\)$",
    ):
        read_bytes(buf.getvalue(), "bomb.xlsx")


def _drawn_pdf(pages: list[list[str | list[str]]], size: float = 6.0) -> bytes:
    """Lines drawn with a canvas, no ruling: a ``str`` is a paragraph, a ``list`` a table row
    whose cells start at fixed columns (the widest cell of SPEC's column plus a gap)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas as rl_canvas

    from corpus.generator.pdf import FONT

    widths = [max(len(r[c]) for r in SPEC.rows) * size + 10 for c in range(9)]
    xs = [40 + sum(widths[:c]) for c in range(9)]
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=landscape(A4), invariant=1)
    for page in pages:
        y = landscape(A4)[1] - 50
        for item in page:
            if isinstance(item, str):
                c.setFont(FONT, 10)
                c.drawString(40, y, item)
                y -= 16
                continue
            c.setFont(FONT, size)
            for x, text in zip(xs, item, strict=True):
                c.drawString(x, y, text)
            y -= size * 1.8
        c.showPage()
    c.save()
    return buf.getvalue()


def test_unruled_rows_at_the_top_of_the_next_page_continue_the_table():
    rows = [list(r) for r in SPEC.rows]
    first = ["项目支出绩效自评表", "（2023年度）", *rows[:-1]]
    src = read_bytes(_drawn_pdf([first, [rows[-1], "以上为本项目自评情况。"]]), "two_pages.pdf")
    assert "\n总分\t\t\t\t\t\t100\t99.50\t\n" in src.text
    rep = checked(src)
    (t,) = rep.tables
    assert t.declared_total == 99.5 and rows_of(rep) == rows_of(checked(_pdf(BLOCKS, True)))
    assert src.text.endswith("\n以上为本项目自评情况。\n")


def test_web_exports_named_xls():
    """ "Excel" downloads that are tab-separated text or HTML with a BOM are read for what they are."""
    tsv = "项目名称\t医保宣传\n一级指标\t二级指标\t三级指标\n".encode("gb18030")
    src = read_bytes(tsv, "export.xls")
    assert (src.kind, src.text) == ("text", "项目名称\t医保宣传\n一级指标\t二级指标\t三级指标\n")
    page = "\ufeff<style>td{}</style><table><tr><td>指标</td><td>分值</td></tr></table>".encode()
    assert read_bytes(page, "export.xls").kind == "html"
    with pytest.raises(ReadError, match=r"^junk\.xls: corrupt \.xls \(not an Excel 97-2003 workbook\)$"):
        read_bytes(b"\x01\x02 no tabs here", "junk.xls")
