"""Spreadsheet readers (.xlsx through openpyxl, .xls through xlrd): every sheet, as displayed.

Each sheet starts with its name on a line; its rows follow as one table (a TAB between
cells, see :mod:`extract.textbuild`) over the columns the sheet uses. Cells show what the
spreadsheet shows: the number format is applied (0.958 as ``0.0%`` reads ``95.8%``), a
merged range's value sits in its top-left cell and the cells it covers are empty. Formula
cells show their cached result; a formula never calculated (no cached value) stays empty
rather than being guessed. Cells are named like ``项目自评表!D12``.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
from collections.abc import Iterator

from extract.messages import t as say

from .numfmt import format_date, format_number
from .source import ReadError, Source
from .textbuild import TextBuilder, column_letters, zip_parts

MAX_CELLS = 2_000_000  # a sheet beyond this is data dumping, not a report

Grid = dict[tuple[int, int], str]  # (row, col), 1-based → displayed text


def _render(sheets: Iterator[tuple[str, Grid]], name: str, kind: str, doc_id: str) -> Source:
    out = TextBuilder()
    for title, grid in sheets:
        if not grid:
            continue
        out.blank()
        out.line(title)
        cols = [c for _, c in grid]
        lo, hi = min(cols), max(cols)
        for block in _blocks(grid, lo):
            if len(block) == 1 and isinstance(block[0], tuple):  # a title or paragraph row
                r, c = block[0]
                out.line(grid[(r, c)], ref=f"{title}!{column_letters(c)}{r}")
                continue
            out.table(
                [
                    [(grid.get((r, c), ""), f"{title}!{column_letters(c)}{r}") for c in range(lo, hi + 1)]
                    for r in block
                ]
            )
    text = out.text()
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        raise ReadError(f"{name}: {say('read.no_chinese_xlsx')}")
    return Source(name=name, text=text, doc_id=doc_id, kind=kind, cells=out.cells, grids=out.grids)


def _blocks(grid: Grid, lo: int) -> Iterator[list]:
    """The sheet's rows in blocks: a row holding one cell in the first used column (a
    title such as 项目支出绩效自评表 merged across the sheet, a paragraph, a note) is
    ``[(row, col)]`` and reads as a line, unless it stands between two rows of a table (其中:
    alone on its row); runs of other rows, up to an empty row, are tables (lists of row
    numbers), so the tables a sheet stacks read apart."""
    by_row: dict[int, list[int]] = {}
    for r, c in grid:
        by_row.setdefault(r, []).append(c)
    rows = sorted(by_row)
    lone = {r for r in rows if by_row[r] == [lo]}
    for k, r in enumerate(rows):
        inner = 0 < k < len(rows) - 1 and rows[k - 1] == r - 1 and rows[k + 1] == r + 1
        if r in lone and inner and rows[k - 1] not in lone and rows[k + 1] not in lone:
            lone.discard(r)
    run: list[int] = []
    prev = None
    for r in rows:
        if run and (r in lone or r != prev + 1):
            yield run
            run = []
        if r in lone:
            yield [(r, lo)]
        else:
            run.append(r)
        prev = r
    if run:
        yield run


# ---------------------------------------------------------------------------- xlsx


def _xlsx_value(cell) -> str:
    v = cell.value
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, dt.datetime | dt.date | dt.time):
        return format_date(v, cell.number_format or "")
    if isinstance(v, bool | int | float):
        return format_number(v, cell.number_format)
    return str(v)  # error strings such as #DIV/0! arrive as str already


def _xlsx_sheets(wb, name: str) -> Iterator[tuple[str, Grid]]:
    for ws in wb.worksheets:
        # The cells the file holds (values and styled blanks), not the max_row x max_column
        # box: a style applied to whole columns makes that box a million rows tall.
        stored = getattr(ws, "_cells", None)
        cells = stored.values() if isinstance(stored, dict) else (c for row in ws.iter_rows() for c in row)
        if isinstance(stored, dict) and len(stored) > MAX_CELLS:
            raise ReadError(f"{name}: " + say("read.too_many_cells", sheet=ws.title, limit=MAX_CELLS))
        grid: Grid = {}
        for cell in cells:
            if cell.value is not None:
                text = _xlsx_value(cell)
                if text.strip():
                    grid[(cell.row, cell.column)] = text
        yield ws.title, grid


def read_xlsx_bytes(data: bytes, name: str, doc_id: str) -> Source:
    import openpyxl

    if "xl/workbook.xml" not in zip_parts(data, name, ".xlsx"):
        raise ReadError(f"{name}: " + say("read.corrupt_xlsx", detail=say("read.xlsx_no_workbook")))
    try:
        with warnings.catch_warnings():
            # "Data Validation extension is not supported" and the like: nothing the reader needs.
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except zipfile.BadZipFile as e:
        raise ReadError(
            f"{name}: " + say("read.corrupt_xlsx", detail=say("read.damaged_zip", error=e))
        ) from None
    except KeyError as e:
        raise ReadError(
            f"{name}: " + say("read.corrupt_xlsx", detail=say("read.missing_part", part=e))
        ) from None
    except Exception as e:  # noqa: BLE001 - openpyxl raises many types on damage
        raise ReadError(
            f"{name}: "
            + say("read.corrupt_xlsx", detail=f"{type(e).__name__}: {' '.join(str(e).split())[:120]}")
        ) from None
    try:
        return _render(_xlsx_sheets(wb, name), name, "xlsx", doc_id)
    finally:
        wb.close()


# ---------------------------------------------------------------------------- xls


def _xls_sheets(book, name: str) -> Iterator[tuple[str, Grid]]:
    import xlrd

    for sh in book.sheets():
        if sh.nrows * sh.ncols > MAX_CELLS:
            raise ReadError(f"{name}: " + say("read.too_many_cells", sheet=sh.name, limit=MAX_CELLS))
        grid: Grid = {}
        for r in range(sh.nrows):
            for c in range(sh.ncols):
                cell = sh.cell(r, c)
                t = cell.ctype
                if t in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    continue
                fmt = _xls_format(book, sh, r, c)
                if t == xlrd.XL_CELL_TEXT:
                    text = cell.value
                elif t == xlrd.XL_CELL_NUMBER:
                    text = format_number(cell.value, fmt)
                elif t == xlrd.XL_CELL_DATE:
                    try:
                        text = format_date(
                            xlrd.xldate.xldate_as_datetime(cell.value, book.datemode), fmt or ""
                        )
                    except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                        text = format_number(cell.value, None)
                elif t == xlrd.XL_CELL_BOOLEAN:
                    text = "TRUE" if cell.value else "FALSE"
                else:  # XL_CELL_ERROR
                    text = xlrd.error_text_from_code.get(cell.value, "#ERR")
                if text.strip():
                    grid[(r + 1, c + 1)] = text
        yield sh.name, grid


def _xls_format(book, sh, r: int, c: int) -> str | None:
    try:
        xf = book.xf_list[sh.cell_xf_index(r, c)]
        return book.format_map[xf.format_key].format_str
    except (IndexError, KeyError, AttributeError):
        return None


def read_xls_bytes(data: bytes, name: str, doc_id: str) -> Source:
    import xlrd

    if not data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError(f"{name}: " + say("read.corrupt_xls", detail=say("read.xls_not_ole2")))
    try:
        # xlrd prints its warnings to stdout unless given a log file: keep them out of reports.
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, logfile=io.StringIO())
    except xlrd.XLRDError as e:
        if "workbook" in str(e).lower():  # an OLE2 file without a workbook: Word 97-2003 most likely
            raise ReadError(f"{name}: {say('read.xls_old_doc')}") from None
        raise ReadError(
            f"{name}: " + say("read.xls_unreadable", detail=" ".join(str(e).split())[:120])
        ) from None
    except Exception as e:  # noqa: BLE001 - xlrd raises many types on damage
        raise ReadError(
            f"{name}: "
            + say("read.corrupt_xls", detail=f"{type(e).__name__}: {' '.join(str(e).split())[:120]}")
        ) from None
    try:
        return _render(_xls_sheets(book, name), name, "xls", doc_id)
    finally:
        book.release_resources()


# ---------------------------------------------------------------------------- XML Spreadsheet 2003

_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"
# Excel's named formats in SpreadsheetML, as format codes.
_NAMED_FORMATS = {
    "general": "General",
    "general number": "General",
    "fixed": "0.00",
    "standard": "#,##0.00",
    "percent": "0.00%",
    "scientific": "0.00E+00",
    "0": "0",
    "0.00": "0.00",
}


def _ss_sheets(root, name: str) -> Iterator[tuple[str, Grid]]:
    formats: dict[str, str] = {}
    for style in root.iter(_SS + "Style"):
        nf = style.find(_SS + "NumberFormat")
        if nf is not None and nf.get(_SS + "Format"):
            fmt = nf.get(_SS + "Format")
            formats[style.get(_SS + "ID", "")] = _NAMED_FORMATS.get(fmt.lower(), fmt)
    for ws in root.iter(_SS + "Worksheet"):
        title = ws.get(_SS + "Name") or "Sheet"
        grid: Grid = {}
        covered: set[tuple[int, int]] = set()
        r = 0
        for row in ws.iter(_SS + "Row"):
            r = int(row.get(_SS + "Index") or r + 1)
            c = 0
            for cell in row.iter(_SS + "Cell"):
                index = cell.get(_SS + "Index")
                c = int(index) if index else c + 1
                while not index and (r, c) in covered:
                    c += 1  # a cell merged down from a row above stands here
                across, down = int(cell.get(_SS + "MergeAcross") or 0), int(cell.get(_SS + "MergeDown") or 0)
                covered.update((r + dr, c + dc) for dr in range(down + 1) for dc in range(across + 1))
                data = cell.find(_SS + "Data")
                if data is not None:
                    text = _ss_value(data, formats.get(cell.get(_SS + "StyleID", ""), "General"))
                    if text.strip():
                        grid[(r, c)] = text
                c += across
            if len(grid) > MAX_CELLS:
                raise ReadError(f"{name}: " + say("read.too_many_cells", sheet=title, limit=MAX_CELLS))
        yield title, grid


def _ss_value(data, fmt: str) -> str:
    raw = "".join(data.itertext())
    kind = data.get(_SS + "Type", "String")
    if kind == "Number":
        try:
            return format_number(float(raw), fmt)
        except ValueError:
            return raw
    if kind == "DateTime":
        try:
            return format_date(dt.datetime.fromisoformat(raw.strip()), fmt)
        except ValueError:
            return raw
    if kind == "Boolean":
        return "TRUE" if raw.strip() in ("1", "true") else "FALSE"
    return raw


def read_spreadsheetml_bytes(data: bytes, name: str, doc_id: str) -> Source:
    """An Excel 2003 XML Spreadsheet (what many web systems export as .xls)."""
    import lxml.etree

    try:
        root = lxml.etree.fromstring(
            data, parser=lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        )
    except lxml.etree.XMLSyntaxError as e:
        raise ReadError(
            f"{name}: " + say("read.corrupt_xml_sheet", detail=" ".join(str(e).split())[:120])
        ) from None
    return _render(_ss_sheets(root, name), name, "xls", doc_id)
