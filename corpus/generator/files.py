"""Writers of the file types reports are published in: HTML, Word (.docx), Excel (.xlsx, .xls).

They take the block list of :mod:`corpus.generator.pdf` (the one document model of the
project), so one document can be written as PDF, HTML, DOCX and XLSX alike:

- ``str``, ``Title``, ``Center``, ``Heading`` -- a paragraph (a heading in HTML/Word);
- ``TableSpec(rows, spans)`` or a plain ``list`` of rows -- a table; ``rows`` are lists of
  cell strings, a cell covered by a span holds ``""``; ``spans`` are ``(col0, row0, col1,
  row1)`` inclusive corners, written as real merged cells (colspan/rowspan, Word merges,
  Excel merged ranges);
- ``Sheet(name)`` -- spreadsheets only: start a new sheet (the first sheet is ``Sheet1``
  unless a ``Sheet`` comes first); ``PAGE_BREAK`` is ignored.

Spreadsheets store numbers as numbers with the number format that displays the cell's
text again (``95.80%`` is 0.958 formatted ``0.00%``, ``1,943.66`` is 1943.66 as
``#,##0.00``), as real workbooks do; the reader must show them as written.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .pdf import Center, Heading, TableSpec, Title


@dataclass
class Sheet:
    name: str


FileBlock = object  # str | Title | Center | Heading | TableSpec | list[list[str]] | Sheet | PAGE_BREAK

_INT = re.compile(r"^-?\d+$")
_DEC = re.compile(r"^-?\d+\.(\d+)$")
_THOUSANDS = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.(\d+))?$")
_PERCENT = re.compile(r"^(-?\d+(?:\.(\d+))?)%$")


def _table(b: object) -> TableSpec | None:
    if isinstance(b, TableSpec):
        return b
    if isinstance(b, list):
        return TableSpec([list(r) for r in b], [])
    return None


def _paragraph(b: object) -> tuple[str, str] | None:
    """(kind, text) of a text block: ``title``, ``heading``, ``center`` or ``body``."""
    if isinstance(b, str):
        return "body", b
    for cls, kind in ((Title, "title"), (Heading, "heading"), (Center, "center")):
        if isinstance(b, cls):
            return kind, b.text
    return None


def _span_map(spec: TableSpec) -> tuple[dict[tuple[int, int], tuple[int, int]], set[tuple[int, int]]]:
    """(top-left (row, col) → (rowspan, colspan)) and the covered (row, col) cells."""
    anchors: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for c0, r0, c1, r1 in spec.spans:
        if (r0, c0) == (r1, c1):
            continue
        anchors[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        covered.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0))
    return anchors, covered


# ---------------------------------------------------------------------------- HTML


def html_page(blocks: Sequence[FileBlock], charset: str = "utf-8", chrome: bool = True) -> str:
    """The blocks as a government-style web page (``chrome`` adds the 发布时间/来源/浏览量/字号 bar)."""
    out = [
        "<!DOCTYPE html>",
        "<html>",
        "<head>",
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
        "<title>公开</title>",
        "<style>td{border:1px solid #000}</style>",
        "</head>",
        "<body>",
    ]
    if chrome:
        out.append(
            '<div class="info">发布时间：2024-09-02 10:30&nbsp;&nbsp;来源：本站&nbsp;&nbsp;'
            '浏览量：<span id="hits">128</span>&nbsp;&nbsp;字号：<a href="#">大</a> <a href="#">中</a> '
            '<a href="#">小</a></div>'
        )
        out.append("<script>document.getElementById('hits').innerText = '128';</script>")
    out.append('<div class="content">')
    for b in blocks:
        para = _paragraph(b)
        if para is not None:
            kind, text = para
            tag = {"title": "h1", "heading": "h3"}.get(kind, "p")
            align = ' style="text-align:center"' if kind == "center" else ""
            out.append(f"<{tag}{align}>{html.escape(text)}</{tag}>")
            continue
        spec = _table(b)
        if spec is None:
            continue
        anchors, covered = _span_map(spec)
        out.append('<table border="1" cellspacing="0">')
        for r, row in enumerate(spec.rows):
            cells = []
            for c, text in enumerate(row):
                if (r, c) in covered:
                    continue
                rs, cs = anchors.get((r, c), (1, 1))
                attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                # A line break inside a cell is a <br> (a form's author pressed Enter there).
                cells.append(f"<td{attrs}><p>{html.escape(text).replace(chr(10), '<br>')}</p></td>")
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</table>")
    out += ["</div>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def write_html(
    blocks: Sequence[FileBlock], path: str | Path, charset: str = "utf-8", chrome: bool = True
) -> bytes:
    """Write ``blocks`` as an HTML page in ``charset`` (``gb2312`` is encoded as GB18030, as
    servers that declare it do); returns the bytes written."""
    encoding = "gb18030" if charset.lower() in ("gb2312", "gbk") else charset
    data = html_page(blocks, charset, chrome).encode(encoding)
    Path(path).write_bytes(data)
    return data


# ---------------------------------------------------------------------------- Word


def write_docx(blocks: Sequence[FileBlock], path: str | Path) -> None:
    """Write ``blocks`` as a Word document: headings, paragraphs and gridded tables with merges."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    for b in blocks:
        para = _paragraph(b)
        if para is not None:
            kind, text = para
            if kind == "title":
                doc.add_heading(text, level=1)
            elif kind == "heading":
                doc.add_heading(text, level=3)
            else:
                p = doc.add_paragraph(text)
                if kind == "center":
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            continue
        spec = _table(b)
        if spec is None or not spec.rows:
            continue
        ncols = max(len(r) for r in spec.rows)
        table = doc.add_table(rows=len(spec.rows), cols=ncols)
        table.style = "Table Grid"
        for r, row in enumerate(spec.rows):
            for c, text in enumerate(row):
                if text:
                    # Each line of a cell its own paragraph (Enter pressed inside the cell).
                    first, *more = text.split("\n")
                    cell = table.cell(r, c)
                    cell.text = first
                    for line in more:
                        cell.add_paragraph(line)
        for c0, r0, c1, r1 in spec.spans:
            if (r0, c0) != (r1, c1):
                table.cell(r0, c0).merge(table.cell(r1, c1))
    doc.save(str(path))


# ---------------------------------------------------------------------------- Excel


def number_cell(text: str) -> tuple[float | int, str] | None:
    """(value, number format) that a spreadsheet displays as ``text``, or None for text."""
    t = text.strip()
    if t != text or not t:
        return None
    if _INT.match(t) and (t == "0" or not t.lstrip("-").startswith("0")):
        return int(t), "0"
    m = _DEC.match(t)
    if m and not t.lstrip("-").startswith("00"):
        return float(t), "0." + "0" * len(m.group(1))
    m = _THOUSANDS.match(t)
    if m:
        places = len(m.group(1) or "")
        return float(t.replace(",", "")), "#,##0" + ("." + "0" * places if places else "")
    m = _PERCENT.match(t)
    if m:
        places = len(m.group(2) or "")
        return float(Decimal(m.group(1)) / 100), "0" + ("." + "0" * places if places else "") + "%"
    return None


def _sheets(blocks: Sequence[FileBlock]) -> Iterator[tuple[str, list[tuple[int, FileBlock]]]]:
    """(sheet name, [(first row, block)]) with blocks stacked down the sheet, a blank row between."""
    name, placed, row = "Sheet1", [], 0
    for b in blocks:
        if isinstance(b, Sheet):
            if placed:
                yield name, placed
            name, placed, row = b.name, [], 0
            continue
        if _paragraph(b) is not None:
            placed.append((row, b))
            row += 1
        elif (spec := _table(b)) is not None:
            placed.append((row, spec))
            row += len(spec.rows) + 1
    if placed:
        yield name, placed


def write_xlsx(blocks: Sequence[FileBlock], path: str | Path) -> None:
    """Write ``blocks`` as an .xlsx workbook: paragraphs in column A, tables with merged ranges,
    numbers as formatted numbers."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, placed in _sheets(blocks):
        ws = wb.create_sheet(name)
        for top, b in placed:
            para = _paragraph(b)
            if para is not None:
                ws.cell(row=top + 1, column=1, value=para[1])
                continue
            assert isinstance(b, TableSpec)
            for r, row in enumerate(b.rows):
                for c, text in enumerate(row):
                    if not text:
                        continue
                    cell = ws.cell(row=top + r + 1, column=c + 1)
                    num = number_cell(text)
                    if num is None:
                        cell.value = text
                        cell.data_type = "s"  # "=15场" is text typed with a quote prefix, not a formula
                    else:
                        cell.value, cell.number_format = num
            for c0, r0, c1, r1 in b.spans:
                if (r0, c0) != (r1, c1):
                    ws.merge_cells(
                        start_row=top + r0 + 1, start_column=c0 + 1, end_row=top + r1 + 1, end_column=c1 + 1
                    )
    wb.save(str(path))


def write_xls(blocks: Sequence[FileBlock], path: str | Path) -> None:
    """Write ``blocks`` as an Excel 97-2003 .xls workbook (xlwt), like :func:`write_xlsx`."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    styles: dict[str, xlwt.XFStyle] = {}

    def style(fmt: str) -> xlwt.XFStyle:
        if fmt not in styles:
            styles[fmt] = xlwt.easyxf(num_format_str=fmt)
        return styles[fmt]

    for name, placed in _sheets(blocks):
        ws = book.add_sheet(name)
        for top, b in placed:
            para = _paragraph(b)
            if para is not None:
                ws.write(top, 0, para[1])
                continue
            assert isinstance(b, TableSpec)
            anchors, covered = _span_map(b)
            for r, row in enumerate(b.rows):
                for c, text in enumerate(row):
                    if (r, c) in covered:
                        continue
                    num = number_cell(text) if text else None
                    value, st = (text, style("General")) if num is None else (num[0], style(num[1]))
                    if (r, c) in anchors:
                        rs, cs = anchors[(r, c)]
                        ws.write_merge(top + r, top + r + rs - 1, c, c + cs - 1, value, st)
                    elif text:
                        ws.write(top + r, c, value, st)
    book.save(str(path))
