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

FUNDS = [["年度资金总额", "10.00", "10.00", "9.50", "10", "59.00%", "9.50"],
         ["其中：当年财政拨款", "10.00", "10.00", "9.50", "—", "—", "—"],
         ["其他资金", "0.00", "0.00", "0.00", "—", "—", "—"]]
INDICATORS = [["产出指标", "数量指标", "宣传活动场次", "≥20场", "=15场", "30", "30", ""],
              ["产出指标", "质量指标", "参保知晓率", "≥90%", "=92%", "20", "20", ""],
              ["成本指标", "经济成本指标", "宣传成本", "≤8万元", "=8万元", "20", "20", ""],
              ["满意度指标", "满意度指标", "群众满意度", "≥90%", "=95%", "20", "20", "已达标"]]
SPEC = project_table("医保宣传", "某县医疗保障局", "某县医疗保障局", FUNDS, "完成年度宣传任务。",
                     "已完成年度宣传任务。", INDICATORS, "100", "99.50")
BLOCKS = ["某县医疗保障局2023年度部门决算公开说明", "一、项目绩效自评情况", Title("项目支出绩效自评表"),
          Center("（2023年度）"), SPEC]
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
    return [(r.level1, r.level2, r.name, r.target.raw, r.target.op, r.target.value, r.target.unit, r.actual.raw,
             r.actual.value, r.weight, r.score, r.note) for r in t.rows]


@pytest.mark.parametrize("kind", TYPES)
def test_each_type_reads_the_table_and_finds_both_anomalies(reports, kind):
    src, rep = reports[kind]
    assert src.kind == kind
    (t,) = rep.tables
    assert (t.kind, t.title, t.layout) == ("project", "医保宣传", "tab")
    assert rows_of(rep) == [
        ("产出指标", "数量指标", "宣传活动场次", "≥20场", ">=", 20.0, "场", "=15场", 15.0, 30.0, 30.0, ""),
        ("产出指标", "质量指标", "参保知晓率", "≥90%", ">=", 90.0, "%", "=92%", 92.0, 20.0, 20.0, ""),
        ("成本指标", "经济成本指标", "宣传成本", "≤8万元", "<=", 8.0, "万元", "=8万元", 8.0, 20.0, 20.0, ""),
        ("满意度指标", "满意度指标", "群众满意度", "≥90%", ">=", 90.0, "%", "=95%", 95.0, 20.0, 20.0, "已达标"),
    ]
    b = t.budget
    assert (b.initial, b.adjusted, b.executed, b.rate, b.weight, b.score) == (10.0, 10.0, 9.5, 59.0, 10.0, 9.5)
    assert [(f.name, f.executed) for f in t.funds] == [("其中：当年财政拨款", 9.5), ("其他资金", 0.0)]
    assert t.declared_total == 99.5
    codes = {f["code"] for f in rep.findings}
    assert {"IND001", "SUM003"} <= codes
    for f in rep.findings:
        assert src.text[f["start"]:f["end"]] == f["evidence"]

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
    assert reports["docx"][0].text.startswith("某县医疗保障局2023年度部门决算公开说明\n一、项目绩效自评情况\n")
    assert "（2023年度）\n\n项目名称\t" in reports["docx"][0].text
    assert reports["xlsx"][0].text.startswith("Sheet1\n\n某县医疗保障局2023年度部门决算公开说明\t")


def test_html_charsets_layout_tables_and_spans(tmp_path):
    inner = html_page(["正文第一段。", [["指标", "目标值"], ["宣传场次", "≥20场"]]], charset="gb2312", chrome=False)
    body = inner.split("<body>")[1].split("</body>")[0]
    page = ('<html><head><meta charset="gb2312"><title>标题</title></head><body>'
            '<table><tr><td><!-- 导航 -->首页 &gt; 信息公开</td></tr>'
            f'<tr><td>{body}</td></tr></table>'
            '<table border=1><tr><td rowspan="2">一级</td><td colspan="2">合并两列</td></tr>'
            '<tr><td>甲<br>乙</td><td>丙</td></tr></table></body></html>')
    data = page.encode("gb18030")
    src = read_bytes(data, "page.htm")
    assert src.kind == "html" and src.encoding == "gb18030"
    # The outer table holds a table: page layout, its cells read as blocks.
    assert src.text == ("首页 > 信息公开\n正文第一段。\n\n指标\t目标值\n宣传场次\t≥20场\n\n"
                        "一级\t合并两列\t\n\t甲 乙\t丙\n")
    refs = {ref: src.text[s:e] for s, e, ref in src.cells}
    assert refs["表1!R2C2"] == "≥20场" and refs["表2!R1C2"] == "合并两列" and refs["表2!R2C2"] == "甲 乙"
    assert refs["表2!R2C1"] == "" and refs["表2!R1C3"] == ""  # covered by the row and column spans
    # GB2312 declared, characters outside GB2312 used (GB18030 decodes them); UTF-8 undeclared.
    assert read_bytes('<html><meta charset="GB2312"><body><p>镕</p></body></html>'.encode("gb18030"), "a.html").text == "镕\n"
    assert read_bytes("<p>预算执行率</p>".encode(), "b.html").text == "预算执行率\n"


def test_docx_body_order_and_merges(files, tmp_path):
    src = read_path(files["docx"])
    refs = {ref: src.text[s:e] for s, e, ref in src.cells}
    assert refs["表1!R1C2"] == "医保宣传" and refs["表1!R1C3"] == ""  # gridSpan: covered columns empty
    assert refs["表1!R11C1"] == ""  # vMerge continuation of 年度绩效指标完成情况
    blocks = ["前言段落", [["甲", "乙"], ["1", "2"]], "中间段落", Sheet("ignored"), [["丙", "丁"], ["3", "4"]], "结尾"]
    src2 = read_path(write("docx", blocks, tmp_path / "two.docx"))
    assert src2.text == "前言段落\n\n甲\t乙\n1\t2\n\n中间段落\n\n丙\t丁\n3\t4\n\n结尾\n"
    assert [ref for _, _, ref in src2.cells][-1] == "表2!R2C2"


def test_xlsx_numbers_as_displayed_and_every_sheet(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目自评表"
    ws["A1"], ws["B1"], ws["C1"], ws["D1"] = "执行率", 0.958, 1943.656, dt.date(2024, 3, 5)
    ws["B1"].number_format, ws["C1"].number_format, ws["D1"].number_format = "0.0%", "#,##0.00", "yyyy年m月d日"
    ws["A2"], ws["B2"], ws["C2"] = "得分", 9.5, 12.5
    ws["C2"].number_format = '0.00"万元"'
    ws.merge_cells("A3:C3")
    ws["A3"] = "合并单元格"
    ws2 = wb.create_sheet("整体自评表")
    ws2["B4"] = "第二张表"
    path = tmp_path / "n.xlsx"
    wb.save(path)
    src = read_path(path)
    assert src.text == ("项目自评表\n\n执行率\t95.8%\t1,943.66\t2024年3月5日\n得分\t9.5\t12.50万元\t\n合并单元格\t\t\t\n\n"
                        "整体自评表\n\n第二张表\n")
    refs = {ref: src.text[s:e] for s, e, ref in src.cells}
    assert refs["项目自评表!B1"] == "95.8%" and refs["整体自评表!B4"] == "第二张表" and refs["项目自评表!B3"] == ""


def test_xls_numbers_and_merges(tmp_path):
    table = TableSpec([["执行率", "95.80%", "1,943.66", "9.5"], ["合并", "", "", "-3"]], [(0, 1, 2, 1)])
    src = read_path(write("xls", [Sheet("自评表"), table, Sheet("第二页"), "说明文字"], tmp_path / "n.xls"))
    assert src.text == "自评表\n\n执行率\t95.80%\t1,943.66\t9.5\n合并\t\t\t-3\n\n第二页\n\n说明文字\n"
    assert (src.cells[1][2], src.text[src.cells[1][0]:src.cells[1][1]]) == ("自评表!B1", "95.80%")
    assert src.cells[-1][2] == "第二页!A1"


@pytest.mark.parametrize(("value", "fmt", "shown"), [
    (0.958, "0.0%", "95.8%"), (0.958, "0.00%", "95.80%"), (1943.656, "#,##0.00", "1,943.66"),
    (10, "0.00", "10.00"), (30, "General", "30"), (0.1 + 0.2, "General", "0.3"), (2.675, "0.00", "2.68"),
    (0.125, "0.00", "0.13"), (-5, "0.00;(0.00)", "(5.00)"), (-5, "0.00", "-5.00"), (0, '0.00;-0.00;"-"', "-"),
    (98, '0"分"', "98分"), (1234.5, "[Red]#,##0.0_);(#,##0.0)", "1,234.5 "), (0.5, "#.##", ".5"), (7, "00", "07"),
    (123456789.123, "General", "123456789.12"), (0.00012, "0.00E+00", "1.20E-04"), (1, "0%", "100%"),
])
def test_number_formats(value, fmt, shown):
    assert format_number(value, fmt) == shown


def test_writer_numbers_round_trip():
    for text in ("95.80%", "1,943.66", "10.00", "30", "0", "7.5%", "2,135.25"):
        value, fmt = number_cell(text)
        assert format_number(value, fmt) == text
    assert number_cell("≥20场") is None and number_cell("007") is None and number_cell("=15场") is None
    assert format_date(dt.datetime(2024, 1, 2, 9, 30), "yyyy-mm-dd hh:mm") == "2024-01-02 09:30"


def test_file_type_errors(tmp_path, files):
    with pytest.raises(ReadError, match=r"^x\.pptx: unsupported file type \.pptx \(supported: \.txt \.pdf \.html "
                                        r"\.htm \.docx \.xlsx \.xls\)$"):
        read_bytes(b"PK\x03\x04 slides", "x.pptx")
    with pytest.raises(ReadError, match=r"^old\.doc: unsupported file type \.doc \(old Word \.doc\); convert it"):
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
    assert file_type("a/b/报告.DOCX") == ".docx" and file_type("单位2023.12") == "" and file_type("<text>") == ""


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
        "a.txt", "b.HTM", "sub/report.docx", "sub/report.html", "sub/report.xls", "sub/report.xlsx"]
    assert errors == []


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "service.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_check_and_batch_on_a_mixed_directory(tmp_path, files):
    d = tmp_path / "mixed"
    d.mkdir()
    for p in files.values():
        (d / p.name).write_bytes(p.read_bytes())
    (d / "broken.docx").write_bytes(b"PK\x03\x04broken")
    (d / "broken.xlsx").write_bytes(b"not a workbook")
    p = _cli("check", str(d), "--format", "jsonl", "--select", "IND001,SUM003")
    assert p.returncode == 2  # an input could not be read; the others were still checked
    assert f"{d / 'broken.docx'}: corrupt .docx (" in p.stderr and f"{d / 'broken.xlsx'}: corrupt .xlsx (" in p.stderr
    docs = {Path(x["source"]).suffix: x for x in map(json.loads, p.stdout.splitlines())}
    assert set(docs) == {".html", ".docx", ".xlsx", ".xls"}
    for suffix, doc in docs.items():
        assert sorted(f["code"] for f in doc["findings"]) == ["IND001", "SUM003"], suffix
        assert all(f.get("cells") for f in doc["findings"])
    db = tmp_path / "r.sqlite"
    p = _cli("batch", str(d), "--db", str(db), "--workers", "1", "--quiet")
    assert p.returncode == 2, p.stderr
    assert "4 screened, 0 skipped, 2 failed" in p.stderr
