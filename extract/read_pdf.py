"""PDF reader: the text layer of a PDF as seed-like text, with a box for every character.

Layout of the produced text (it mimics the text converters the seeds come from):

- text outside ruled tables comes as visual lines in reading order (top to bottom, left to
  right); a blank line separates paragraphs (large vertical gap, a short last line, or a
  first-line indent);
- every row of a ruled table (pdfplumber ``find_tables``, lines strategy) is ONE line with
  its cells joined by ``\\t``; a cell covered by a merged cell is empty; text that wraps
  inside a cell is joined without a separator (Chinese wraps mid-word) except for a space
  between two ASCII letters/digits;
- a table drawn without ruling lines is rebuilt from its characters' positions
  (:mod:`extract.pdf_unruled`) and written the same way;
- tables and the text around them keep page order; page-number lines in the top/bottom
  margin are dropped.

``Source.boxes[i]`` is the CharBox of ``text[i]``, or None for characters the reader
inserted (newlines, tabs, spaces for gaps, joins).
"""

from __future__ import annotations

import io
import logging
import re
import statistics
import threading
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from extract.messages import t as say

from .pdf_geometry import _Ch, _Line, _make_line, _Table
from .pdf_limits import (
    _BUDGET,
    MAX_DECODED_BYTES,
    MAX_STREAM_BYTES,
    DecodeLimit,
    _decode_budget,
    _install_limits,
)
from .source import CharBox, ReadError, Source

MAX_PAGES = 500
MAX_RULINGS = 3000  # line/rect/curve objects on a page beyond which no table is looked for
# Kangxi radicals, CJK radical supplement and compatibility ideographs: Word/WPS PDFs often
# map ordinary characters (一, 目, 行 ...) to these look-alikes; NFKC gives the ideograph
# back one character for one character, so boxes stay aligned.
_LOOKALIKES: dict[int, str] = {}
for _lo, _hi in ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF), (0xF900, 0xFAFF)):
    for _cp in range(_lo, _hi + 1):
        _n = unicodedata.normalize("NFKC", chr(_cp))
        if len(_n) == 1 and _n != chr(_cp):
            _LOOKALIKES[_cp] = _n

_PAGE_NUMBER = re.compile(r"^[\s\-—–~·.第页共/PpAaGgEe]*\d{1,4}[\s\-—–~·.第页共/\d]*$")
_CID = re.compile(r"\(cid:\d+\)")
_ASCII_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_MARGIN = 0.08  # top/bottom fraction of the page where page numbers live


class _Out:
    """Text under construction with its parallel box list.

    Boxes are page-relative (origin at the page's top-left corner): ``origins[page]`` is
    the MediaBox corner that pdfplumber's coordinates are offset by.
    """

    def __init__(self, origins: dict[int, tuple[float, float]]) -> None:
        self.parts: list[str] = []
        self.boxes: list[CharBox | None] = []
        self.origins = origins

    def sep(self, s: str) -> None:
        self.parts.append(s)
        self.boxes.extend([None] * len(s))

    def char(self, ch: _Ch, page: int) -> None:
        self.parts.append(ch.text)
        dx, dy = self.origins.get(page, (0.0, 0.0))
        box = CharBox(
            page, round(ch.x0 - dx, 2), round(ch.top - dy, 2), round(ch.x1 - dx, 2), round(ch.bottom - dy, 2)
        )
        self.boxes.extend([box] * len(ch.text))

    def emit_line(self, chars: list[_Ch], page: int) -> None:
        """One visual line: chars left to right, a space (None box) for a wide gap."""
        prev: _Ch | None = None
        for ch in chars:
            if prev is not None and ch.text != " " and prev.text != " ":
                if ch.x0 - prev.x1 > max(2.5, 0.3 * min(ch.size, prev.size)):
                    self.sep(" ")
            self.char(ch, page)
            prev = ch


# ---------------------------------------------------------------------------- geometry


def _page_chars(page) -> list[_Ch]:
    """Visible characters of a pdfplumber page (see ``_clean_chars``).

    Coordinates stay in pdfplumber's space (the MediaBox's), where its table cells are.
    """

    def raw():
        for c in page.chars:
            text = c.get("text") or ""
            if "(cid:" in text:
                text = _CID.sub("\ufffd", text)
            top, bottom = float(c["top"]), float(c["bottom"])
            yield (
                text,
                float(c["x0"]),
                top,
                float(c["x1"]),
                bottom,
                float(c.get("size") or (bottom - top) or 1.0),
            )

    return _clean_chars(raw(), tuple(float(v) for v in page.bbox))


def _clean_chars(raw, bbox: tuple[float, ...]) -> list[_Ch]:
    """Characters ``(text, x0, top, x1, bottom, size)`` inside ``bbox``, look-alike radicals
    folded, de-duplicated (fake bold prints every glyph twice)."""
    bx0, btop, bx1, bbottom = bbox
    seen: set[tuple[str, int, int]] = set()
    out: list[_Ch] = []
    for text, x0, top, x1, bottom, size in raw:
        if not text:
            continue
        if text.isspace():
            text = " "
        elif len(text) == 1:
            text = _LOOKALIKES.get(ord(text), text)
            if not text.isprintable():
                continue
        if x1 <= bx0 or x0 >= bx1 or bottom <= btop or top >= bbottom:
            continue  # outside the visible page
        key = (text, round(x0), round(top))
        if key in seen:
            continue
        seen.add(key)
        out.append(_Ch(text, x0, top, x1, bottom, max(size, 0.1)))
    return out


def _lines(chars: list[_Ch]) -> list[_Line]:
    """Group characters into visual lines (by vertical midpoint), each sorted left to right."""
    lines: list[_Line] = []
    cur: list[_Ch] = []
    first_mid = tol = 0.0
    for ch in sorted(chars, key=lambda c: c.vmid):
        mid = ch.vmid
        # Same line while the midpoint stays within half a glyph of the line's first one;
        # mixed font sizes on one baseline differ by less than that.
        if cur and mid - first_mid <= min(tol, max(0.5 * (ch.bottom - ch.top), 1.0)):
            cur.append(ch)
            continue
        if cur:
            lines.append(_make_line(cur))
        cur, first_mid = [ch], mid
        tol = max(0.5 * (ch.bottom - ch.top), 1.0)
    if cur:
        lines.append(_make_line(cur))
    return lines


def _text_lines(chars: list[_Ch]) -> list[_Line]:
    """The lines of ``chars`` that hold more than spaces."""
    return [ln for ln in _lines(chars) if not _blank(ln)] if chars else []


def _blank(line: _Line) -> bool:
    return all(c.text == " " for c in line.chars)


# ---------------------------------------------------------------------------- tables


_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def _find_tables(page, chars: list[_Ch]) -> tuple[list[_Table], list[_Ch]]:
    """Ruled tables of a pdfplumber page (cells filled with their chars) and the chars outside them."""
    objs = page.objects
    if sum(len(objs.get(k, ())) for k in ("line", "rect", "curve")) > MAX_RULINGS:
        return [], chars  # a vector drawing, not a form: cell finding would crawl
    try:
        found = page.find_tables(_TABLE_SETTINGS)
    except Exception:  # a broken drawing must not lose the page's text
        return [], chars
    return _fill_tables(found, chars)


class _EdgePage:
    """What pdfplumber's TableFinder reads of a page (lines strategy): its edges and bbox."""

    def __init__(self, edges: list[dict], bbox: tuple[float, float, float, float]) -> None:
        self.edges = edges
        self.bbox = bbox


def _find_tables_in_edges(raw, chars: list[_Ch]) -> tuple[list[_Table], list[_Ch]]:
    """Ruled tables from pdfium's edges, found by pdfplumber's own table finder."""
    if raw.paths > MAX_RULINGS or not raw.edges:
        return [], chars
    from pdfplumber.table import TableFinder, TableSettings

    try:
        found = TableFinder(
            _EdgePage(raw.edges, (0.0, 0.0, raw.width, raw.height)), TableSettings.resolve(_TABLE_SETTINGS)
        ).tables
    except Exception:  # a broken drawing must not lose the page's text
        return [], chars
    return _fill_tables(found, chars)


def _fill_tables(found, chars: list[_Ch]) -> tuple[list[_Table], list[_Ch]]:
    tables: list[_Table] = []
    free = chars
    for t in found:
        if len(t.cells) < 2:
            continue  # a frame drawn around text is not a table
        table, taken = _fill_table(t, free)
        if table is not None:
            tables.append(table)
            free = [c for c in free if id(c) not in taken]
    return tables, free


def _fill_table(t, chars: list[_Ch]) -> tuple[_Table | None, set[int]]:
    """Put every char whose midpoint lies in a cell into that cell (as pdfplumber does).

    Cells are located through the grid of all cell edges (bisect), so the cost is
    O(chars log cells) rather than chars x cells.
    """
    cells: list[tuple[float, float, float, float]] = t.cells
    xs = sorted({c[0] for c in cells} | {c[2] for c in cells})
    ys = sorted({c[1] for c in cells} | {c[3] for c in cells})
    slot: dict[tuple[int, int], int] = {}
    for idx, (x0, top, x1, bottom) in enumerate(cells):
        i0, i1 = bisect_left(xs, x0), bisect_left(xs, x1)
        j0, j1 = bisect_left(ys, top), bisect_left(ys, bottom)
        for i in range(i0, i1):
            for j in range(j0, j1):
                slot[(i, j)] = idx
    content: dict[int, list[_Ch]] = {}
    x_lo, x_hi, y_lo, y_hi = xs[0], xs[-1], ys[0], ys[-1]
    for ch in chars:
        hm, vm = ch.hmid, ch.vmid
        if not (x_lo <= hm < x_hi and y_lo <= vm < y_hi):
            continue
        idx = slot.get((bisect_right(xs, hm) - 1, bisect_right(ys, vm) - 1))
        if idx is not None:
            content.setdefault(idx, []).append(ch)
    index = {cell: i for i, cell in enumerate(cells)}
    rows = [
        [_text_lines(content.get(index[cell], [])) if cell is not None else [] for cell in row.cells]
        for row in t.rows
    ]
    if not any(any(row) for row in rows):
        return None, set()  # nothing but gaps and spaces: leave them to the text flow
    taken = {id(c) for group in content.values() for c in group}
    cols = sorted({c[0] for c in cells})
    return _Table(top=t.bbox[1], x0=xs[0], x1=xs[-1], cols=cols, rows=rows), taken


def _emit_cell(out: _Out, lines: list[_Line], page: int) -> None:
    prev: _Ch | None = None
    for line in lines:
        first = line.chars[0]
        if prev is not None and prev.text[-1] in _ASCII_ALNUM and first.text[0] in _ASCII_ALNUM:
            out.sep(" ")
        out.emit_line(line.chars, page)
        prev = line.chars[-1]


def _emit_table(out: _Out, table: _Table, page: int) -> None:
    """Rows as tab-joined lines; empty rows are skipped."""
    wrote = False
    for row in table.rows:
        if not any(row):
            continue
        if wrote:
            out.sep("\n")
        for i, cell in enumerate(row):
            if i:
                out.sep("\t")
            _emit_cell(out, cell, page)
        wrote = True


# ---------------------------------------------------------------------------- pages


@dataclass
class _Block:
    top: float
    page: int
    line: _Line | None = None
    table: _Table | None = None


def _drop_page_numbers(lines: list[_Line], top: float, height: float) -> list[_Line]:
    def is_number(line: _Line) -> bool:
        in_margin = line.bottom < top + height * _MARGIN or line.top > top + height * (1 - _MARGIN)
        return in_margin and _PAGE_NUMBER.match("".join(c.text for c in line.chars)) is not None

    return [ln for ln in lines if not is_number(ln)]


class _Layout:
    """Paragraph-break decisions: text margins per page, line pitch over the document."""

    def __init__(self, pages: list[list[_Block]]) -> None:
        self.left: dict[int, float] = {}
        self.right: dict[int, float] = {}
        gaps: list[float] = []
        for blocks in pages:
            lines = [b for b in blocks if b.line is not None]
            for b in lines:
                self.left[b.page] = min(self.left.get(b.page, b.line.x0), b.line.x0)
                self.right[b.page] = max(self.right.get(b.page, b.line.x1), b.line.x1)
            gaps += [
                y.top - x.line.bottom
                for x, y in zip(lines, lines[1:], strict=False)
                if y.top >= x.line.bottom
            ]
        self.pitch = statistics.median(gaps) if gaps else 0.0

    def paragraph_break(self, a: _Block, b: _Block) -> bool:
        la, lb = a.line, b.line
        h = max(la.height, lb.height, 1.0)
        if a.page == b.page and lb.top - la.bottom > self.pitch + 0.5 * h:
            return True
        if la.x1 < self.right[a.page] - 2 * h:  # a short last line ends a paragraph
            return True
        return lb.x0 > self.left[b.page] + 1.5 * h  # first-line indent (or a centred line)


def _page_blocks(page, page_no: int, carry: _Table | None = None) -> tuple[list[_Block], int]:
    """The page's text lines and tables in reading order; ``carry``: the table that ended
    the previous page (a few rows at the top of this page may continue it)."""
    chars = _page_chars(page)
    tables, free = _find_tables(page, chars)
    return _blocks(tables, free, float(page.bbox[1]), float(page.height), page_no, carry), len(chars)


def _blocks(
    tables: list[_Table], free: list[_Ch], top: float, height: float, page_no: int, carry: _Table | None
) -> list[_Block]:
    lines = _drop_page_numbers(_text_lines(free), top, height)
    from .pdf_unruled import unruled_tables  # it builds on this module's types

    unruled, lines = unruled_tables(lines, carry if not tables or tables[0].top > _first_top(lines) else None)
    tables += unruled
    blocks = [_Block(top=ln.top, line=ln, page=page_no) for ln in lines]
    blocks += [_Block(top=t.top, table=t, page=page_no) for t in tables]
    blocks.sort(key=lambda b: b.top)
    return blocks


def _first_top(lines: list[_Line]) -> float:
    return lines[0].top if lines else float("inf")


def _align_continued_tables(pages: list[list[_Block]]) -> None:
    """Give a table continued from the previous page that table's columns.

    The continuation's own grid may lack columns (a first row of merged cells, e.g. 总分),
    which would shift its cells left; its column edges are a subset of the original's.
    """
    for prev, cur in zip(pages, pages[1:], strict=False):
        if not prev or not cur or prev[-1].table is None or cur[0].table is None:
            continue
        a, b = prev[-1].table, cur[0].table
        if abs(a.x0 - b.x0) > 2 or abs(a.x1 - b.x1) > 2 or len(b.cols) >= len(a.cols):
            continue
        where = [min(range(len(a.cols)), key=lambda k, x=x: abs(a.cols[k] - x)) for x in b.cols]
        if len(set(where)) < len(where) or any(
            abs(a.cols[k] - x) > 2 for k, x in zip(where, b.cols, strict=True)
        ):
            continue
        for r, row in enumerate(b.rows):
            wide: list[list[_Line]] = [[] for _ in a.cols]
            for k, cell in zip(where, row, strict=True):
                wide[k] = cell
            b.rows[r] = wide
        b.cols = a.cols


def _emit(pages: list[list[_Block]], origins: dict[int, tuple[float, float]]) -> _Out:
    _align_continued_tables(pages)
    layout = _Layout(pages)
    out = _Out(origins)
    prev: _Block | None = None
    for blocks in pages:
        for b in blocks:
            if prev is not None:
                out.sep(_separator(layout, prev, b))
            if b.table is not None:
                _emit_table(out, b.table, b.page)
            else:
                out.emit_line(b.line.chars, b.page)
            prev = b
    if prev is not None:
        out.sep("\n")
    return out


def _separator(layout: _Layout, a: _Block, b: _Block) -> str:
    if a.table is not None or b.table is not None:
        # A table running on over a page break continues without a blank line.
        return "\n" if (a.table is not None and b.table is not None and a.page != b.page) else "\n\n"
    return "\n\n" if layout.paragraph_break(a, b) else "\n"


def _close(pdf) -> None:
    """Free what the read built. Not ``pdf.close()``: that walks the whole page tree again
    (``pdf.pages``), and on the damage that stopped the read raises anew, hiding the real
    error; the stream is our BytesIO, nothing to close."""
    for page in pdf.__dict__.get("_pages") or ():
        try:
            page.close()
        except Exception:  # noqa: BLE001 - freeing caches; the read's own outcome stands
            pass
    try:
        pdf.flush_cache()
    except Exception:  # noqa: BLE001
        pass


# ---------------------------------------------------------------------------- entry point


def _open(data: bytes, name: str):
    import pdfplumber

    _install_limits()
    _check_signature(data, name)
    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as e:  # pdfminer raises many unrelated types on garbage
        raise _pdf_error(name, e) from None


def _check_signature(data: bytes, name: str) -> None:
    if b"%PDF" not in data[:1024]:
        raise ReadError(f"{name}: {say('read.pdf_not_pdf')}")
    if b"%%EOF" not in data[-4096:]:
        raise ReadError(f"{name}: {say('read.pdf_truncated')}")


def _pdf_error(name: str, e: BaseException) -> ReadError:
    if type(e).__name__ == "PdfminerException" and e.args and isinstance(e.args[0], BaseException):
        e = e.args[0]  # pdfplumber wraps pdfminer's own exception
    if isinstance(e, DecodeLimit) or _BUDGET.exceeded:
        return ReadError(f"{name}: " + say("read.too_large_to_read", detail=_BUDGET.exceeded or e))
    if isinstance(e, MemoryError):
        return ReadError(f"{name}: {say('read.pdf_out_of_memory')}")
    kind = type(e).__name__
    if "Password" in kind or "Encrypt" in kind:
        return ReadError(f"{name}: {say('read.pdf_encrypted')}")
    msg = " ".join(str(e).split())[:120]
    return ReadError(f"{name}: " + say("read.pdf_corrupt", detail=f"{kind}: {msg}" if msg else kind))


def _page_count(pdf) -> int | None:
    """The page tree's /Count, read without building every page object."""
    try:
        from pdfminer.pdftypes import resolve1

        count = resolve1(resolve1(pdf.doc.catalog["Pages"])["Count"])
        return int(count)
    except Exception:
        return None


class _Warnings(logging.Handler):
    """pdfminer's warnings raised by this thread (it logs, rather than raises, on damage)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.messages.append(" ".join(record.getMessage().split())[:100])


# pdfminer logs (rather than raises) on damage, and is chatty on real-world PDFs: its
# warnings are collected per read, not passed on to the application's log.
_PDFMINER_LOG = logging.getLogger("pdfminer")
_PDFMINER_LOG.setLevel(logging.WARNING)
_PDFMINER_LOG.propagate = False


@contextmanager
def _pdfminer_warnings() -> Iterator[_Warnings]:
    handler = _Warnings()
    _PDFMINER_LOG.addHandler(handler)
    try:
        yield handler
    finally:
        _PDFMINER_LOG.removeHandler(handler)


ENGINES = ("auto", "pdfium", "pdfplumber")


def read_pdf_bytes(
    data: bytes, name: str, doc_id: str, max_pages: int = MAX_PAGES, engine: str = "auto"
) -> Source:
    """Read a PDF's text layer (see module doc); raises ReadError on anything unreadable.

    ``engine``: "auto" reads characters and ruling lines with pdfium and falls back to
    pdfplumber (pdfminer) for what pdfium should not read (``extract.read_pdfium``);
    "pdfium" refuses such documents instead of falling back; "pdfplumber" uses pdfminer only.
    Both give the same text; boxes differ by the two parsers' rounding of font metrics.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, got {engine!r}")
    _check_signature(data, name)
    fast = (
        None
        if engine == "pdfplumber"
        else _read_pages_pdfium(data, name, max_pages, strict=engine == "pdfium")
    )
    encrypted = False
    if fast is not None:
        pages, n_chars, origins = fast
    else:
        with _pdfminer_warnings() as warnings, _decode_budget():
            pdf = _open(data, name)
            try:
                pages, n_chars, origins = _read_pages(pdf, name, max_pages, warnings)
                encrypted = bool(getattr(pdf.doc, "encryption", None))
            finally:
                _close(pdf)
            if _BUDGET.exceeded:  # passed a limit where pdfminer swallowed the exception
                raise ReadError(f"{name}: " + say("read.too_large_to_read", detail=_BUDGET.exceeded))
    if not pages:
        raise ReadError(f"{name}: {say('read.pdf_no_pages')}")
    if n_chars == 0:
        raise ReadError(f"{name}: {say('read.pdf_no_text')}")
    out = _emit(pages, origins)
    text = "".join(out.parts)
    if text.count("\ufffd") > 0.5 * len(text.strip()):
        if encrypted:  # opened without a password (permissions only), but its fonts stay scrambled
            raise ReadError(f"{name}: {say('read.pdf_permissions')}")
        raise ReadError(f"{name}: {say('read.pdf_no_unicode')}")
    return Source(name=name, text=text, doc_id=doc_id, kind="pdf", pages=len(pages), boxes=out.boxes)


def _read_pages(pdf, name: str, max_pages: int, warnings: _Warnings):
    """Blocks of every page, the number of chars seen and each page's coordinate origin."""
    count = _page_count(pdf)
    if count is not None and count > max_pages:
        raise ReadError(f"{name}: " + say("read.pdf_too_many_pages", count=count, limit=max_pages))
    pages: list[list[_Block]] = []
    origins: dict[int, tuple[float, float]] = {}
    n_chars = 0
    page_no = 0
    try:
        for page_no, page in enumerate(pdf.pages, 1):
            if page_no > max_pages:
                raise ReadError(f"{name}: " + say("read.pdf_over_pages", limit=max_pages))
            seen = len(warnings.messages)
            carry = pages[-1][-1].table if pages and pages[-1] else None
            blocks, n = _page_blocks(page, page_no, carry)
            origins[page_no] = (float(page.bbox[0]), float(page.bbox[1]))
            page.close()
            if _BUDGET.exceeded:
                raise ReadError(
                    f"{name}: " + say("read.too_large_page", detail=_BUDGET.exceeded, page=page_no)
                )
            if n == 0 and len(warnings.messages) > seen:
                # An empty page is fine; an empty page that pdfminer complained about is damage.
                raise ReadError(
                    f"{name}: "
                    + say("read.pdf_page_unreadable", page=page_no, detail=warnings.messages[seen])
                )
            pages.append(blocks)
            n_chars += n
    except ReadError:
        raise
    except Exception as e:
        err = _pdf_error(name, e)
        raise ReadError(say("read.on_page", error=err, page=page_no) if page_no else str(err)) from None
    return pages, n_chars, origins


def _read_pages_pdfium(data: bytes, name: str, max_pages: int, strict: bool = False):
    """``_read_pages``' result read with pdfium, or None when pdfplumber should read the
    document (``strict``: a ReadError saying why instead)."""
    try:
        from . import read_pdfium
    except (ImportError, OSError) as e:  # no pdfium library here (or no memory to load it)
        if strict:
            raise ReadError(f"{name}: " + say("read.pdf_not_pdfium", detail=type(e).__name__)) from None
        return None
    try:
        count, raw_pages = read_pdfium.read_pages(
            data, max_pages, MAX_STREAM_BYTES, MAX_DECODED_BYTES, MAX_RULINGS
        )
    except read_pdfium.Unsupported as e:
        if strict:
            raise ReadError(f"{name}: " + say("read.pdf_not_pdfium", detail=e)) from None
        return None
    if count > max_pages:
        raise ReadError(f"{name}: " + say("read.pdf_too_many_pages", count=count, limit=max_pages))
    pages: list[list[_Block]] = []
    origins: dict[int, tuple[float, float]] = {}
    n_chars = 0
    for page_no, raw in enumerate(raw_pages, 1):
        # pdfium's coordinates are page-relative already (see read_pdfium): origin (0, 0).
        chars = _clean_chars(raw.chars, (0.0, 0.0, raw.width, raw.height))
        if not chars:  # its text lies off the page: pdfplumber's path says what is wrong
            if strict:
                raise ReadError(
                    f"{name}: "
                    + say("read.pdf_not_pdfium", detail=say("read.pdf_page_no_text", page=page_no))
                )
            return None
        tables, free = _find_tables_in_edges(raw, chars)
        carry = pages[-1][-1].table if pages and pages[-1] else None
        pages.append(_blocks(tables, free, 0.0, raw.height, page_no, carry))
        origins[page_no] = (0.0, 0.0)
        n_chars += len(chars)
    if not pages:
        if strict:
            raise ReadError(f"{name}: " + say("read.pdf_not_pdfium", detail=say("read.pdf_no_pages")))
        return None  # pdfplumber says what is wrong
    return pages, n_chars, origins
