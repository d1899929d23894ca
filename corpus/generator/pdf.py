"""PDF rendering with reportlab: the text layer and ruled tables, for the generator and the tests.

Body text in the built-in CID font STSong-Light (no font file needed), centred titles,
and the self-evaluation tables as ruled grids (``Table`` with a GRID) whose narrow columns
make long cells wrap over 2-3 lines, with the merged cells of the real forms.

This is the one PDF writer of the project: ``render_doc_pdf`` draws a generated report,
and the test suite's ``tests/pdfgen.py`` builds its sample reports from the same pieces
(it keeps only what is test-specific: sample content, text twins, broken PDFs).

A document to draw is a list of *blocks*:

- ``str`` -- a body paragraph (first line indented two characters, wrapped at any CJK char);
- ``Title(text)`` / ``Center(text)`` / ``Heading(text)`` -- a centred heading, a centred
  line such as ``(2023 年度)``, a section heading;
- ``TableSpec(rows, spans, col_widths)`` -- a ruled table; ``rows`` are lists of cell strings,
  a cell covered by a span holds ``""``; ``spans`` are reportlab-style
  ``(col0, row0, col1, row1)`` inclusive corners;
- ``PAGE_BREAK`` -- start a new page.

The PDF is written in reportlab's invariant mode: no creation date, a fixed document id,
so the same blocks give the same bytes.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .blocks import Para, TableSlot
from .layouts import exec_score_text, money_t, qty_text, rate_text, score_text, total_text, weight_text
from .model import DocModel, TableModel
from .narrative import document_blocks
from .render import table_style

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

BODY = ParagraphStyle(
    "body", fontName=FONT, fontSize=11, leading=16, firstLineIndent=22, wordWrap="CJK", spaceAfter=6
)
TITLE = ParagraphStyle("title", fontName=FONT, fontSize=16, leading=22, alignment=TA_CENTER, spaceAfter=4)
HEAD = ParagraphStyle("head", fontName=FONT, fontSize=12, leading=18, wordWrap="CJK", spaceAfter=4)
CENTER = ParagraphStyle("center", fontName=FONT, fontSize=11, leading=15, alignment=TA_CENTER, spaceAfter=6)
CELL = ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=10, wordWrap="CJK")

#: Column widths (points) of the 9-column 项目 and the 8-column 整体 自评表; the narrow ones
#: force wrapping like real forms.
PROJECT_WIDTHS = [40, 40, 44, 64, 62, 58, 30, 42, 100]
OVERALL_WIDTHS = [50, 50, 80, 60, 60, 60, 40, 50]
#: Tables longer than LONG_TABLE rows are drawn as stacked pieces of CHUNK_ROWS (reportlab
#: cannot break a page inside a row span); spans crossing a cut are cut too, their text
#: stays in the first piece.
CHUNK_ROWS = 10
LONG_TABLE = 20


# ---------------------------------------------------------------- blocks


@dataclass
class Title:
    text: str


@dataclass
class Center:
    text: str


@dataclass
class Heading:
    text: str


@dataclass
class TableSpec:
    rows: list[list[str]]
    spans: list[tuple[int, int, int, int]] = field(default_factory=list)
    col_widths: list[float] | None = None
    ruled: bool = True  # False: no grid lines (tables drawn by alignment alone)
    valign: str = "MIDDLE"  # vertical alignment in cells: MIDDLE, or TOP (Word's default)


class _PageBreak:
    pass


PAGE_BREAK = _PageBreak()
Block = str | Title | Center | Heading | TableSpec | _PageBreak


# ---------------------------------------------------------------- the 自评表 grids


@dataclass
class _Grid:
    """Rows of a table being built, with its spans; ``add`` returns the new row's index."""

    ncols: int
    rows: list[list[str]] = field(default_factory=list)
    spans: list[tuple[int, int, int, int]] = field(default_factory=list)

    def add(self, cells: list[str]) -> int:
        assert len(cells) == self.ncols, cells
        self.rows.append(cells)
        return len(self.rows) - 1

    def pad(self, cells: list[str]) -> list[str]:
        return cells + [""] * (self.ncols - len(cells))

    def funds(self, head: list[str], fund_rows: Sequence[list[str]]) -> None:
        """The 资金 block: its header row, the fund rows, column 0 merged over all of them."""
        first = self.add(head)
        for cells in fund_rows:
            self.add(cells)
        self.spans.append((0, first, 0, len(self.rows) - 1))

    def goals(self, actual_label: str, expected: str, actual: str) -> None:
        """The 年度总体目标 block: 预期 over columns 1-3, the actual over the rest."""
        last = self.ncols - 1
        g = self.add(self.pad(["年度总体目标", "预期目标", "", "", actual_label]))
        self.spans += [(1, g, 3, g), (4, g, last, g)]
        r = self.add(self.pad(["", expected, "", "", actual]))
        self.spans += [(1, r, 3, r), (4, r, last, r), (0, g, 0, r)]

    def merge_runs(self, col: int, start: int, lead: int) -> None:
        """Merge vertical runs of equal values in ``col`` from row ``start`` on; covered cells become "".

        A run of a column right of ``lead`` (the outermost merged column, 一级指标) stays within
        the run of the column to its left: 一级 groups bound 二级 runs.
        """
        rows, stop = self.rows, len(self.rows)
        i = start
        while i < stop:
            j = i + 1
            while (
                j < stop
                and rows[j][col] == rows[i][col]
                and (col == lead or rows[j][col - 1] in ("", rows[i][col - 1]))
            ):
                j += 1
            if j - i > 1:
                self.spans.append((col, i, col, j - 1))
                for k in range(i + 1, j):
                    rows[k][col] = ""
            i = j

    def total(self, weight: str, score: str) -> None:
        r = self.add(self.pad(["总分", "", "", "", "", "", weight, score]))
        self.spans.append((0, r, 5, r))

    def spec(self, widths: list[float]) -> TableSpec:
        return TableSpec(self.rows, self.spans, list(widths))


def project_table(
    project: str,
    dept: str,
    unit: str,
    funds: Sequence[Sequence[str]],
    goal_expected: str,
    goal_actual: str,
    indicators: Sequence[Sequence[str]],
    total_weight: str = "100",
    total_score: str = "",
) -> TableSpec:
    """The 项目支出绩效自评表 grid (9 columns, as in the seeds' tab layout), from cell texts.

    ``funds`` rows: (资金 name, 年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分);
    ``indicators`` rows: (一级, 二级, 三级指标, 年度指标值, 实际完成值, 分值, 得分, 偏差原因).
    Runs of equal 一级/二级指标 values are merged vertically, as real forms do, so only
    the first row of a run carries the text (the others read as empty cells).
    """
    g = _Grid(9)
    r = g.add(["项目名称", project, "", "", "", "", "", "", ""])
    g.spans.append((1, r, 8, r))
    r = g.add(["主管部门", dept, "", "", "实施单位", unit, "", "", ""])
    g.spans += [(1, r, 3, r), (5, r, 8, r)]
    g.funds(
        ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""],
        [["", *f, ""] for f in funds],
    )
    g.goals("实际完成情况", goal_expected, goal_actual)
    g.add(
        [
            "",
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ]
    )
    first = len(g.rows)
    for ind in indicators:
        g.add(["", *ind])
    if indicators:
        g.rows[first][0] = "年度绩效指标完成情况"
        g.spans.append((0, first, 0, len(g.rows) - 1))
        for col in (1, 2):
            g.merge_runs(col, first, lead=1)
    g.total(total_weight, total_score)
    return g.spec(PROJECT_WIDTHS)


def project_spec(t: TableModel, style: dict) -> TableSpec:
    """A generated 项目 table as a grid, its numbers written in the document's style."""
    m = lambda c: money_t(c, style)  # noqa: E731
    funds = [
        [
            t.total.name,
            m(t.total.initial),
            m(t.total.adjusted),
            m(t.total.executed),
            weight_text(t.exec_weight),
            rate_text(t),
            exec_score_text(t, style),
        ]
    ]
    funds += [[fd.name, m(fd.initial), m(fd.adjusted), m(fd.executed), "—", "—", "—"] for fd in t.funds]
    indicators = [
        [
            x.level1,
            x.level2,
            x.name,
            qty_text(x.target, style),
            qty_text(x.actual, style, actual=True),
            weight_text(x.weight, x.weight_text),
            score_text(x.score, style, x.score_text),
            x.note,
        ]
        for x in t.rows
    ]
    return project_table(
        t.title,
        t.dept,
        t.unit,
        funds,
        t.goal_expected,
        t.goal_actual,
        indicators,
        t.total_weight_text,
        total_text(t, style),
    )


def overall_spec(t: TableModel, style: dict) -> TableSpec:
    """A generated 部门整体 table as a grid (8 columns; the indicators start in column 0)."""
    g = _Grid(8)
    r = g.add(["部门（单位）名称", t.title, "", "", "", "", "", ""])
    g.spans.append((1, r, 7, r))
    m = lambda c: money_t(c, style)  # noqa: E731
    fund_rows = [
        [
            "",
            t.total.name,
            m(t.total.initial),
            m(t.total.adjusted),
            m(t.total.executed),
            weight_text(t.exec_weight),
            rate_text(t),
            exec_score_text(t, style),
        ]
    ]
    fund_rows += [
        ["", fd.name, m(fd.initial), m(fd.adjusted), m(fd.executed), "-", "-", "-"] for fd in t.funds
    ]
    g.funds(
        [
            "年度预算（万元）",
            "资金来源",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值权重",
            "执行率",
            "得分",
        ],
        fund_rows,
    )
    g.goals("实际完成目标", t.goal_expected, t.goal_actual)
    g.add(
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "预期指标值",
            "指标值设定依据",
            "实际完成指标值",
            "分值权重",
            "得分",
        ]
    )
    first = len(g.rows)
    for x in t.rows:
        g.add(
            [
                x.level1,
                x.level2,
                x.name,
                qty_text(x.target, style),
                x.basis,
                qty_text(x.actual, style, actual=True),
                weight_text(x.weight, x.weight_text),
                score_text(x.score, style, x.score_text),
            ]
        )
    for col in (0, 1):
        g.merge_runs(col, first, lead=0)
    g.total(t.total_weight_text, total_text(t, style))
    return g.spec(OVERALL_WIDTHS)


# ---------------------------------------------------------------- drawing


def esc(s: str) -> str:
    """Text made safe for a reportlab Paragraph (its markup is XML-like)."""
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def table_piece(spec: TableSpec, lo: int, hi: int) -> Table:
    """Rows ``lo:hi`` of a table as one ruled reportlab Table, with the spans that fall in them."""
    data = [[Paragraph(esc(c), CELL) if c else "" for c in row] for row in spec.rows[lo:hi]]
    t = Table(data, colWidths=spec.col_widths, repeatRows=0)
    grid = [("GRID", (0, 0), (-1, -1), 0.5, colors.black)] if spec.ruled else []
    style = [
        *grid,
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("VALIGN", (0, 0), (-1, -1), spec.valign),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    for c0, r0, c1, r1 in spec.spans:
        a, b = max(r0, lo), min(r1, hi - 1)
        if a <= b and (c0, a) != (c1, b):
            style.append(("SPAN", (c0, a - lo), (c1, b - lo)))
    t.setStyle(TableStyle(style))
    return t


def _table(spec: TableSpec) -> list:
    n = len(spec.rows)
    if n <= LONG_TABLE:
        return [table_piece(spec, 0, n)]
    return [table_piece(spec, lo, min(lo + CHUNK_ROWS, n)) for lo in range(0, n, CHUNK_ROWS)]


_TEXT_STYLES = {Title: TITLE, Center: CENTER, Heading: HEAD}


def flowables(blocks: Sequence[Block]) -> list:
    out: list = []
    for b in blocks:
        if isinstance(b, _PageBreak):
            out.append(PageBreak())
        elif isinstance(b, TableSpec):
            out += _table(b)
            out.append(Spacer(1, 10))
        elif isinstance(b, str):
            out.append(Paragraph(esc(b), BODY))
        else:
            out.append(Paragraph(esc(b.text), _TEXT_STYLES[type(b)]))
    return out


def _page_number(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont(FONT, 9)
    canvas.drawCentredString(A4[0] / 2, 10 * mm, f"- {doc.page} -")
    canvas.restoreState()


def render_blocks(
    blocks: Sequence[Block], author: str = "jxscan generate", page_numbers: bool = True
) -> bytes:
    """Blocks as an A4 PDF, byte-deterministic.

    ``page_numbers`` draws ``- N -`` in the bottom margin of every page, as real reports do
    (the reader drops such lines).
    """
    buf = io.BytesIO()
    # Invariant mode: no creation date and a fixed document id, so the same blocks give the
    # same bytes (the generator's corpora are reproducible from their seed).
    old = rl_config.invariant
    rl_config.invariant = 1
    try:
        pdf = SimpleDocTemplate(
            buf,
            pagesize=A4,
            leftMargin=20 * mm,
            rightMargin=20 * mm,
            topMargin=20 * mm,
            bottomMargin=20 * mm,
            title="report",
            author=author,
            invariant=1,
        )
        pages = {"onFirstPage": _page_number, "onLaterPages": _page_number} if page_numbers else {}
        pdf.build(flowables(blocks), **pages)
    finally:
        rl_config.invariant = old
    return buf.getvalue()


# ---------------------------------------------------------------- generated reports


_PARA_BLOCKS = {"title": Title, "heading": Heading, "toc": Heading, "center": Center}


def doc_pdf_blocks(doc: DocModel) -> list[Block]:
    """A generated report as blocks: its paragraphs, and each table under its form title."""
    rng = random.Random(f"{doc.seed}:{doc.index}:render")
    style = table_style(doc)
    out: list[Block] = []
    for b in document_blocks(doc, rng):
        if isinstance(b, TableSlot):
            t = doc.tables[b.index]
            t.layout = "pdf"
            project = t.kind == "project"
            out.append(Title("项目支出绩效自评表" if project else "部门整体支出绩效自评表"))
            out.append(Center(f"（{doc.year}年度）"))
            out.append(project_spec(t, style) if project else overall_spec(t, style))
            continue
        assert isinstance(b, Para)
        kind = _PARA_BLOCKS.get(b.kind)
        out.append(kind(b.text) if kind else b.text)
    return out


def render_doc_pdf(doc: DocModel) -> tuple[bytes, str]:
    """The report as PDF bytes, and the text the project's PDF reader gives back for it."""
    from extract.read import read_bytes

    data = render_blocks(doc_pdf_blocks(doc))
    return data, read_bytes(data, "generated.pdf").text
