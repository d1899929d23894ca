"""Tables without ruling lines in a PDF, rebuilt from the positions of their characters.

A table drawn without lines (a Word table with borders removed, an Excel export without
gridlines) reaches the PDF reader as text lines with wide gaps. Read by the page's own
geometry, not by vocabulary:

1. every visual line is split into *segments* where two glyphs stand at least 0.4 em
   apart (words inside a cell are closer than that; cells at least their padding apart);
2. a *region* is a run of lines in one font size, at least three of them holding two or
   more segments, with no paragraph-wide line and no large vertical gap between them;
3. *columns* are the x ranges that the region's fullest lines (those with the most
   segments) cover, split where none of them covers the page: the whitespace between
   columns (and again where many cells start and only one or two run across); stretches
   only the other lines fill are columns too; any segment belongs to the column its left
   edge lies in (a cell merged over several columns lands in its first, the others stay
   empty);
4. *rows*: a cell's wrapped lines follow each other closely in one column; cells whose
   vertical extents overlap share a row (a short cell centred beside a wrapped one),
   one cell per column and row;
5. rows at the top of a page that fit the columns of the table ending the previous page
   continue it, however few.

The result is the reader's ``_Table``, emitted like a ruled one: one line per row, cells
joined by TABs, every character keeping its box. A cell spanning rows vertically lands in
the row its text is level with (its text is centred or top-aligned; there is no line to
tell its extent).
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field

from .pdf_geometry import _Ch, _Line, _make_line, _Table

MIN_ROW_LINES = 3  # lines with 2+ segments needed for a table
SEGMENT_GAP_EM = 0.4  # a gap this wide (in font sizes) between glyphs separates cells (a word space is ~0.25)
WIDE_LINE = 0.75  # a one-segment line wider than this share of the region is a paragraph


@dataclass
class _Seg:
    line: _Line  # the segment's own chars as a line
    col: int = -1

    @property
    def x0(self) -> float:
        return self.line.x0

    @property
    def x1(self) -> float:
        return self.line.x1


@dataclass
class _Row:
    segs: list[_Seg] = field(default_factory=list)
    top: float = 0.0
    bottom: float = 0.0


def segments(line: _Line) -> list[_Seg]:
    """The line cut at gaps of at least SEGMENT_GAP_EM between glyphs (spaces do not count)."""
    out: list[list[_Ch]] = []
    cur: list[_Ch] = []
    prev: _Ch | None = None
    for ch in line.chars:
        if ch.text == " ":
            if cur:
                cur.append(ch)
            continue
        if prev is not None and ch.x0 - prev.x1 >= max(2.5, SEGMENT_GAP_EM * min(ch.size, prev.size)):
            out.append(cur)
            cur = []
        cur.append(ch)
        prev = ch
    if cur:
        out.append(cur)
    return [_Seg(_make_line(chars)) for chars in out]


def _regions(lines: list[_Line], segs: list[list[_Seg]]) -> list[tuple[int, int]]:
    """[start, end) index ranges of the lines that form tables."""
    heights = [ln.height for ln in lines]
    h = statistics.median(heights) if heights else 0.0
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if len(segs[i]) < 2:
            i += 1
            continue
        j, last_multi, multi = i + 1, i, 1
        x0 = min(s.x0 for s in segs[i])
        x1 = max(s.x1 for s in segs[i])
        size = lines[i].height
        while j < len(lines):
            ln = lines[j]
            if ln.top - lines[j - 1].bottom > 2.5 * h or not 0.75 * size <= ln.height <= 1.3 * size:
                break  # a large gap, or a line in another font size (the next table's title)
            if len(segs[j]) >= 2:
                last_multi, multi = j, multi + 1
                x0, x1 = min(x0, ln.x0), max(x1, ln.x1)
            elif ln.x1 - ln.x0 > WIDE_LINE * (x1 - x0) or ln.x0 < x0 - h:
                break  # a paragraph line, or text starting left of the table
            j += 1
        if multi >= MIN_ROW_LINES:
            # Continuation lines after the last multi-segment line belong to its row only
            # when they follow closely (a wrapped cell); keep them, the row step sorts it out.
            end = last_multi + 1
            while end < j and lines[end].top - lines[end - 1].bottom < 0.6 * h:
                end += 1
            out.append((i, end))
            i = end
        else:
            i = j if j > i + 1 else i + 1
    return out


def _columns(region: list[list[_Seg]]) -> list[tuple[float, float]]:
    """Column x ranges: the stretches of the x axis that the region's fullest lines cover,
    split at the gaps none of them covers.

    Lines with fewer segments (a name row, a goal merged over several columns) do not
    vote: their cells span columns."""
    most = max(len(segs) for segs in region)
    templates = [segs for segs in region if len(segs) >= max(2, math.ceil(0.6 * most))]
    edges: list[tuple[float, int]] = []
    for segs in templates:
        for s in segs:
            edges += [(s.x0, 1), (s.x1, -1)]
    edges.sort()
    cols: list[tuple[float, float]] = []
    depth, start = 0, None
    for x, d in edges:
        before = depth
        depth += d
        if before == 0 and depth > 0 and start is None:
            start = x
        elif depth == 0 and before > 0 and start is not None:
            cols.append((start, x))
            start = None
    merged: list[tuple[float, float]] = []
    for c in cols:
        if merged and c[0] - merged[-1][1] < 1.0:  # touching stretches are one column
            merged[-1] = (merged[-1][0], max(merged[-1][1], c[1]))
        else:
            merged.append(c)
    cols = _split_bridged(merged, [s for segs in templates for s in segs])
    return _add_outer_columns(cols, [s for segs in region for s in segs])


def _add_outer_columns(cols: list[tuple[float, float]], segs: list[_Seg]) -> list[tuple[float, float]]:
    """Columns that only the other lines fill (a merged label column whose text never sits on
    a full row): stretches covered by segments that overlap no column, in the gaps."""
    extra: list[tuple[float, float]] = []
    for s in sorted(segs, key=lambda s: s.x0):
        if any(s.x0 < b + 1.0 and s.x1 > a - 1.0 for a, b in cols):
            continue
        if extra and s.x0 <= extra[-1][1] + 1.0:
            extra[-1] = (extra[-1][0], max(extra[-1][1], s.x1))
        else:
            extra.append((s.x0, s.x1))
    return sorted(cols + extra)


def _split_bridged(cols: list[tuple[float, float]], segs: list[_Seg]) -> list[tuple[float, float]]:
    """Split a column where one or two cells run over a gap that many cells start after.

    Two full cells with little padding can read as one segment and cover the gap between
    their columns; the column on the right still shows in the left edges its cells share.
    """
    starts = sorted(s.x0 for s in segs)
    out: list[tuple[float, float]] = []
    for a, b in cols:
        inner = sorted({round(x, 1) for x in starts if a + 2.0 < x < b})
        cut = a
        for x in inner:
            aligned = sum(1 for y in starts if abs(y - x) <= 1.0)
            left = [s for s in segs if cut - 1.0 <= s.x0 < x - 1.0]
            crossing = sum(1 for s in left if s.x1 > x + 1.0)
            ends = [s.x1 for s in left if s.x1 <= x]
            # Many cells start here, and the cells on the left end before it but one or two.
            if aligned >= 3 and len(ends) >= max(2, 2 * crossing) and crossing <= max(1, aligned // 3):
                out.append((cut, max(ends)))
                cut = x
        out.append((cut, b))
    return out


def _column_of(x0: float, cols: list[tuple[float, float]]) -> int:
    for k, (a, b) in enumerate(cols):
        if x0 < b:
            return k if x0 >= a - 1.0 or k == 0 else k - 1
    return len(cols) - 1


def _rows(region: list[list[_Seg]], cols: list[tuple[float, float]]) -> list[_Row]:
    """Cells (a column's closely stacked segments) grouped into rows by vertical overlap."""
    h = statistics.median(s.line.height for segs in region for s in segs)
    chains: list[list[_Seg]] = []
    open_chain: dict[int, list[_Seg]] = {}
    for segs in region:
        for s in segs:
            s.col = _column_of(s.x0, cols)
            prev = open_chain.get(s.col)
            if prev is not None and s.line.top - prev[-1].line.bottom < 0.5 * h and s.line.top > prev[-1].line.top:
                prev.append(s)
            else:
                chain = [s]
                chains.append(chain)
                open_chain[s.col] = chain
    # Shorter cells first among those starting level: a row's extent comes from its
    # ordinary cells, not from a cell merged down over several rows (its text, centred,
    # reaches into the neighbours). Such a tall cell joins a row without stretching it, and
    # a column holds one cell per row.
    rows: list[_Row] = []
    cols_used: list[set[int]] = []
    for chain in sorted(chains, key=lambda c: (c[0].line.top, c[-1].line.bottom)):
        top, bottom = chain[0].line.top, chain[-1].line.bottom
        col = chain[0].col
        if rows and top < rows[-1].bottom - 0.25 * h and col not in cols_used[-1]:
            row = rows[-1]
            if bottom - top <= 2 * (row.bottom - row.top) + 0.5 * h:
                row.bottom = max(row.bottom, bottom)
        else:
            row = _Row(top=top, bottom=bottom)
            rows.append(row)
            cols_used.append(set())
        row.segs.extend(chain)
        cols_used[-1].add(col)
    return rows


def _fold_merged(grid: list[list[list[_Line]]], cols: list[tuple[float, float]]) -> list[list[list[_Line]]]:
    """Put the text of a cell merged down over two rows back into the first of them.

    Centred in its merged cell, such text sits between two rows and makes a row of its own:
    one cell that fits its column (a heading row spans several). It joins the row above
    where that row's cell in its column is empty (the first row of the merge), else the
    row below.
    """
    out: list[list[list[_Line]]] = []
    pending: list[list[list[_Line]]] = []  # orphans waiting for the row below
    for cells in grid:
        filled = [k for k, c in enumerate(cells) if c]
        orphan = len(filled) == 1 and len(grid) > 1 and max(ln.x1 for ln in cells[filled[0]]) <= cols[filled[0]][1] + 1
        if orphan and out and not out[-1][filled[0]]:
            out[-1][filled[0]] = cells[filled[0]]
            continue
        if orphan:
            pending.append(cells)
            continue
        for p in pending:
            k = next(i for i, c in enumerate(p) if c)
            if not cells[k]:
                cells[k] = p[k]
            else:
                out.append(p)
        pending = []
        out.append(cells)
    return out + pending


def _continuation(lines: list[_Line], segs: list[list[_Seg]], carry: _Table) -> int:
    """How many lines at the top of a page continue ``carry`` (the table that ended the
    previous page): lines whose cells start in its columns, closely spaced and in one font
    size, none a paragraph; 0 unless one of them has two cells or more."""
    edges = [*carry.cols, carry.x1]
    end = 0
    while end < len(lines) and segs[end]:
        ln = lines[end]
        if end and (ln.top - lines[end - 1].bottom > 2.5 * lines[0].height
                    or not 0.75 * lines[0].height <= ln.height <= 1.3 * lines[0].height):
            break
        if ln.x0 < carry.x0 - 2.0:  # (a last cell may run past the widest one above it)
            break
        if len(segs[end]) == 1 and ln.x1 - ln.x0 > WIDE_LINE * (carry.x1 - carry.x0):
            break
        if any(not any(abs(sg.x0 - e) <= 2.0 or e < sg.x0 < e2 for e, e2 in zip(edges, edges[1:], strict=False))
               for sg in segs[end]):
            break
        end += 1
    return end if any(len(segs[k]) >= 2 for k in range(end)) else 0


def unruled_tables(lines: list[_Line], carry: _Table | None = None) -> tuple[list[_Table], list[_Line]]:
    """The tables drawn without lines among a page's text lines, and the lines left over.

    ``carry``: the table that ended the previous page; a short run of rows at the top of
    this page (the 总分 row alone, say) continues it, in its columns."""
    if not lines or (len(lines) < MIN_ROW_LINES and carry is None):
        return [], lines
    segs = [segments(ln) for ln in lines]
    regions: list[tuple[int, int, list[tuple[float, float]] | None]] = [(a, b, None) for a, b in _regions(lines, segs)]
    if carry is not None and (not regions or regions[0][0] > 0):
        end = _continuation(lines, segs, carry)
        if end and (not regions or end <= regions[0][0]):
            edges = [*carry.cols, carry.x1]
            regions.insert(0, (0, end, [(x, max(x, y - 1.0)) for x, y in zip(edges, edges[1:], strict=False)]))
    tables: list[_Table] = []
    taken: set[int] = set()
    for a, b, fixed in regions:
        region = segs[a:b]
        cols = fixed or _columns(region)
        if len(cols) < 2:
            continue
        grid: list[list[list[_Line]]] = []
        for row in _rows(region, cols):
            cells: list[list[_Line]] = [[] for _ in cols]
            for sg in sorted(row.segs, key=lambda sg: (sg.line.top, sg.x0)):
                cells[sg.col].append(sg.line)
            grid.append(cells)
        grid = _fold_merged(grid, cols)
        if fixed is None and sum(1 for r in grid if sum(1 for c in r if c) >= 2) < MIN_ROW_LINES:
            continue  # a few aligned lines, not a table
        tables.append(_Table(top=lines[a].top, x0=cols[0][0], x1=cols[-1][1], cols=[c[0] for c in cols], rows=grid))
        taken.update(range(a, b))
    return tables, [ln for k, ln in enumerate(lines) if k not in taken]
