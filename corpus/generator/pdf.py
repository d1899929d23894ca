"""PDF rendering of a document model with reportlab: the text layer and ruled tables.

Body text in the built-in CID font STSong-Light (no font file needed), centred titles,
and the self-evaluation tables as ruled grids (``Table`` with a GRID) whose narrow columns
make long cells wrap, with the merged cells of the real forms. Adapted from the test
suite's ``tests/pdfgen.py`` (moved here so the generator does not import tests).

The PDF is written in reportlab's invariant mode: no creation date, a fixed document id,
so the same model gives the same bytes.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .blocks import Para, TableSlot
from .layouts import exec_score_text, money_t, qty_text, rate_text, score_text, total_text, weight_text
from .model import DocModel, TableModel
from .narrative import document_blocks
from .render import table_style

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

BODY = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=16, firstLineIndent=22, wordWrap="CJK", spaceAfter=6)
TITLE = ParagraphStyle("title", fontName=FONT, fontSize=16, leading=22, alignment=TA_CENTER, spaceAfter=4)
HEAD = ParagraphStyle("head", fontName=FONT, fontSize=12, leading=18, wordWrap="CJK", spaceAfter=4)
CENTER = ParagraphStyle("center", fontName=FONT, fontSize=11, leading=15, alignment=TA_CENTER, spaceAfter=6)
CELL = ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=10, wordWrap="CJK")

PROJECT_WIDTHS = [40, 40, 44, 64, 62, 58, 30, 42, 100]
OVERALL_WIDTHS = [50, 50, 80, 60, 60, 60, 40, 50]
CHUNK_ROWS = 10
LONG_TABLE = 20


@dataclass
class TableSpec:
    rows: list[list[str]]
    spans: list[tuple[int, int, int, int]] = field(default_factory=list)
    col_widths: list[float] | None = None


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _merge_runs(rows: list[list[str]], spans: list, col: int, start: int, stop: int) -> None:
    """Merge vertical runs of equal values in ``col``; the covered cells become ""."""
    i = start
    while i < stop:
        j = i + 1
        while j < stop and rows[j][col] == rows[i][col] and (col == 0 or rows[j][col - 1] in ("", rows[i][col - 1])):
            j += 1
        if j - i > 1:
            spans.append((col, i, col, j - 1))
            for k in range(i + 1, j):
                rows[k][col] = ""
        i = j


def project_spec(t: TableModel, style: dict) -> TableSpec:
    rows: list[list[str]] = []
    spans: list[tuple[int, int, int, int]] = []

    def add(cells: list[str]) -> int:
        rows.append(cells)
        return len(rows) - 1

    r = add(["项目名称", t.title, "", "", "", "", "", "", ""])
    spans.append((1, r, 8, r))
    r = add(["主管部门", t.dept, "", "", "实施单位", t.unit, "", "", ""])
    spans += [(1, r, 3, r), (5, r, 8, r)]
    head = add(["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""])
    m = lambda c: money_t(c, style)  # noqa: E731
    add(["", t.total.name, m(t.total.initial), m(t.total.adjusted), m(t.total.executed), weight_text(t.exec_weight),
         rate_text(t), exec_score_text(t, style), ""])
    for fd in t.funds:
        add(["", fd.name, m(fd.initial), m(fd.adjusted), m(fd.executed), "—", "—", "—", ""])
    spans.append((0, head, 0, len(rows) - 1))
    g = add(["年度总体目标", "预期目标", "", "", "实际完成情况", "", "", "", ""])
    spans += [(1, g, 3, g), (4, g, 8, g)]
    r = add(["", t.goal_expected, "", "", t.goal_actual, "", "", "", ""])
    spans += [(1, r, 3, r), (4, r, 8, r), (0, g, 0, r)]
    add(["", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"])
    first = len(rows)
    for x in t.rows:
        add(["", x.level1, x.level2, x.name, qty_text(x.target, style), qty_text(x.actual, style, actual=True),
             weight_text(x.weight, x.weight_text), score_text(x.score, style, x.score_text), x.note])
    if t.rows:
        rows[first][0] = "年度绩效指标完成情况"
        spans.append((0, first, 0, len(rows) - 1))
        for col in (1, 2):
            _merge_runs(rows, spans, col, first, len(rows))
    r = add(["总分", "", "", "", "", "", t.total_weight_text, total_text(t, style), ""])
    spans.append((0, r, 5, r))
    return TableSpec(rows, spans, list(PROJECT_WIDTHS))


def overall_spec(t: TableModel, style: dict) -> TableSpec:
    rows: list[list[str]] = []
    spans: list[tuple[int, int, int, int]] = []

    def add(cells: list[str]) -> int:
        rows.append(cells)
        return len(rows) - 1

    r = add(["部门（单位）名称", t.title, "", "", "", "", "", ""])
    spans.append((1, r, 7, r))
    head = add(["年度预算（万元）", "资金来源", "年初预算数", "全年预算数", "全年执行数", "分值权重", "执行率", "得分"])
    m = lambda c: money_t(c, style)  # noqa: E731
    add(["", t.total.name, m(t.total.initial), m(t.total.adjusted), m(t.total.executed), weight_text(t.exec_weight),
         rate_text(t), exec_score_text(t, style)])
    for fd in t.funds:
        add(["", fd.name, m(fd.initial), m(fd.adjusted), m(fd.executed), "-", "-", "-"])
    spans.append((0, head, 0, len(rows) - 1))
    g = add(["年度总体目标", "预期目标", "", "", "实际完成目标", "", "", ""])
    spans += [(1, g, 3, g), (4, g, 7, g)]
    r = add(["", t.goal_expected, "", "", t.goal_actual, "", "", ""])
    spans += [(1, r, 3, r), (4, r, 7, r), (0, g, 0, r)]
    add(["一级指标", "二级指标", "三级指标", "预期指标值", "指标值设定依据", "实际完成指标值", "分值权重", "得分"])
    first = len(rows)
    for x in t.rows:
        add([x.level1, x.level2, x.name, qty_text(x.target, style), x.basis, qty_text(x.actual, style, actual=True),
             weight_text(x.weight, x.weight_text), score_text(x.score, style, x.score_text)])
    for col in (0, 1):
        _merge_runs(rows, spans, col, first, len(rows))
    r = add(["总分", "", "", "", "", "", t.total_weight_text, total_text(t, style)])
    spans.append((0, r, 5, r))
    return TableSpec(rows, spans, list(OVERALL_WIDTHS))


def _table_piece(spec: TableSpec, lo: int, hi: int) -> Table:
    data = [[Paragraph(_esc(c), CELL) if c else "" for c in row] for row in spec.rows[lo:hi]]
    t = Table(data, colWidths=spec.col_widths, repeatRows=0)
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONTNAME", (0, 0), (-1, -1), FONT),
             ("FONTSIZE", (0, 0), (-1, -1), 8), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)]
    for c0, r0, c1, r1 in spec.spans:
        a, b = max(r0, lo), min(r1, hi - 1)
        if a <= b and (c0, a) != (c1, b):
            style.append(("SPAN", (c0, a - lo), (c1, b - lo)))
    t.setStyle(TableStyle(style))
    return t


def _table(spec: TableSpec) -> list:
    n = len(spec.rows)
    if n <= LONG_TABLE:
        return [_table_piece(spec, 0, n)]
    return [_table_piece(spec, lo, min(lo + CHUNK_ROWS, n)) for lo in range(0, n, CHUNK_ROWS)]


def _page_number(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont(FONT, 9)
    canvas.drawCentredString(A4[0] / 2, 10 * mm, f"- {doc.page} -")
    canvas.restoreState()


def render_doc_pdf(doc: DocModel) -> tuple[bytes, str]:
    """The report as PDF bytes, and the text the project's PDF reader gives back for it."""
    from extract.read import read_bytes

    rng = random.Random(f"{doc.seed}:{doc.index}:render")
    blocks = document_blocks(doc, rng)
    style = table_style(doc)
    flow: list = []
    for b in blocks:
        if isinstance(b, TableSlot):
            t = doc.tables[b.index]
            t.layout = "pdf"
            year = doc.year
            title = "项目支出绩效自评表" if t.kind == "project" else "部门整体支出绩效自评表"
            flow.append(Paragraph(title, TITLE))
            flow.append(Paragraph(f"（{year}年度）", CENTER))
            spec = project_spec(t, style) if t.kind == "project" else overall_spec(t, style)
            flow += _table(spec)
            flow.append(Spacer(1, 10))
            continue
        assert isinstance(b, Para)
        text = _esc(b.text)
        if b.kind == "title":
            flow.append(Paragraph(text, TITLE))
        elif b.kind in ("heading", "toc"):
            flow.append(Paragraph(text, HEAD))
        else:
            flow.append(Paragraph(text, BODY))
    buf = io.BytesIO()
    old = rl_config.invariant
    rl_config.invariant = 1
    try:
        pdf = SimpleDocTemplate(buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                                bottomMargin=20 * mm, title="report", author="jxscan generate", invariant=1)
        pdf.build(flow, onFirstPage=_page_number, onLaterPages=_page_number)
    finally:
        rl_config.invariant = old
    data = buf.getvalue()
    return data, read_bytes(data, "generated.pdf").text
