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


def _band_counts(lines: list[_Line], segs: list[list[_Seg]]) -> list[int]:
    """Cells per line, counted over its *band*: the run of lines whose vertical extents
    overlap. Cells centred vertically in a row of wrapped cells make interleaved visual lines
    (a one-line cell sits between the two lines of its neighbour), each with one segment;
    together they are one row of several cells."""
    counts = [len(sg) for sg in segs]
    i = 0
    while i < len(lines):
        j, bottom = i + 1, lines[i].bottom
        while j < len(lines) and lines[j].top < bottom - 1.0:
            bottom = max(bottom, lines[j].bottom)
            j += 1
        if j - i > 1:
            spans = sorted((sg.x0, sg.x1) for k in range(i, j) for sg in segs[k])
            n, end = 0, -math.inf
            for a, b in spans:
                if a > end + 1.0:  # a new x range: another cell (a wrapped cell's lines share theirs)
                    n += 1
                end = max(end, b)
            for k in range(i, j):
                counts[k] = max(counts[k], n)
        i = j
    return counts


def _regions(lines: list[_Line], segs: list[list[_Seg]]) -> list[tuple[int, int]]:
    """[start, end) index ranges of the lines that form tables."""
    heights = [ln.height for ln in lines]
    h = statistics.median(heights) if heights else 0.0
    cells = _band_counts(lines, segs)
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if cells[i] < 2:
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
            if cells[j] >= 2:
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
            # Likewise before the first one: in a table of centred cells, the first lines of
            # a tall cell come before its row's one-line cells.
            start, floor = i, out[-1][1] if out else 0
            while (
                start > floor
                and lines[start].top - lines[start - 1].bottom < 0.6 * h
                and 0.75 * size <= lines[start - 1].height <= 1.3 * size
                and x0 - h <= lines[start - 1].x0
                and lines[start - 1].x1 <= x1 + h
                and lines[start - 1].x1 - lines[start - 1].x0 <= WIDE_LINE * (x1 - x0)
            ):
                start -= 1
            out.append((start, end))
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
            if (
                prev is not None
                and s.line.top - prev[-1].line.bottom < 0.5 * h
                and s.line.top > prev[-1].line.top
            ):
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
        orphan = (
            len(filled) == 1
            and len(grid) > 1
            and max(ln.x1 for ln in cells[filled[0]]) <= cols[filled[0]][1] + 1
        )
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


def _extent(lines: list[_Line]) -> tuple[float, float]:
    return min(ln.top for ln in lines), max(ln.bottom for ln in lines)


def _centred(grid: list[list[list[_Line]]], h: float) -> bool:
    """Whether the table's cells are centred vertically rather than top-aligned: in rows
    where one cell wraps and another does not, where does the one-line cell sit?"""
    middle = top = 0
    for cells in grid:
        tall = [_extent(c) for c in cells if len(c) >= 2]
        if not tall:
            continue
        row_top, row_bottom = min(t for t, _ in tall), max(b for _, b in tall)
        for c in cells:
            if len(c) != 1:
                continue
            mid = (c[0].top + c[0].bottom) / 2
            if abs(mid - (row_top + row_bottom) / 2) < 0.2 * h and abs(c[0].top - row_top) > 0.3 * h:
                middle += 1
            elif abs(c[0].top - row_top) < 0.2 * h:
                top += 1
    return middle > top


def _label_span(
    data: list[int],
    ext: dict[int, tuple[float, float]],
    pos: int,
    row: int,
    mid: float,
    labels: set[int],
    covered: set[int],
    tol: float,
) -> tuple[int, int] | None:
    """The first run ``data[p..q]`` (p >= pos) on which a label at height ``mid`` is centred,
    holding no other label of its column and no row where a cell from the left runs over
    the column (a cell merged across cannot share a row with one merged down); rows before
    it (a header row whose cell in the column is empty) are left out."""
    for p in range(pos, len(data)):
        start = ext[data[p]][0]
        if start > mid + tol or (data[p] in labels and data[p] != row):
            return None
        if data[p] in covered:
            continue
        for q in range(p, len(data)):
            if (data[q] in labels and data[q] != row and q > p) or data[q] in covered:
                break
            centre = (start + ext[data[q]][1]) / 2
            if abs(centre - mid) <= tol:
                return p, q
            if centre > mid + tol:
                break
    return None


def _recentre_tall(grid: list[list[list[_Line]]], h: float) -> None:
    """In a table of centred cells, give a cell of several lines to the row it is centred on.

    Its first lines reach up beside the row above (and its last ones down beside the row
    below), so the row step may have put it in a neighbour: it moves to the adjacent row
    whose other cells' middle is clearly nearer its own, where its column is free."""

    def row_mid(r: int, k: int) -> float | None:
        others = [ln for m, c in enumerate(grid[r]) if m != k for ln in c]
        return sum(_extent(others)) / 2 if others else None

    for r in range(len(grid)):
        for k, cell in enumerate(grid[r]):
            if len(cell) < 2 or (own := row_mid(r, k)) is None:
                continue
            mid = sum(_extent(cell)) / 2
            for n in (r - 1, r + 1):
                if (
                    0 <= n < len(grid)
                    and not grid[n][k]
                    and (other := row_mid(n, k)) is not None
                    and abs(mid - other) + 0.25 * h < abs(mid - own)
                ):
                    grid[n][k], grid[r][k] = cell, []
                    break


def _centre_labels(
    grid: list[list[list[_Line]]], cols: list[tuple[float, float]], h: float
) -> list[list[list[_Line]]]:
    """Move the label of a cell merged down over several rows to the first of them.

    In a table drawn with centred cells, a merged label (一级指标 over its indicators, a
    budget table's row header) sits halfway down its rows, between them or level with a
    middle one, where no line tells its extent. The rows a column's labels cover follow
    from the geometry alone: the first label's rows start at the first row after the
    previous label, and end where the label is centred; the next label's rows start
    after those. Done only where the table is drawn centred (a top-aligned table is left
    as it is); a label that fits no run of rows stays where it is.
    """
    if not grid or not _centred(grid, h):
        return grid
    _recentre_tall(grid, h)
    ncols = len(grid[0])
    tol = 0.35 * h
    for k in range(ncols - 1):
        data = [
            r for r, cells in enumerate(grid) if any(cells[k + 1 :])
        ]  # rows with cells right of the labels
        labels = [r for r, cells in enumerate(grid) if cells[k]]
        if len(data) < 2 or not labels:
            continue
        ext = {r: _extent([ln for c in grid[r][k + 1 :] for ln in c]) for r in data}
        covered = {
            r for r, cells in enumerate(grid) if any(ln.x1 > cols[k][0] + 1.0 for c in cells[:k] for ln in c)
        }
        moves: dict[int, int] = {}
        pos = 0
        for r in labels:
            mid = sum(_extent(grid[r][k])) / 2
            if pos < len(data) and r not in ext and mid < ext[data[pos]][0] - tol:
                continue  # a row of its own, merged across to the right edge (项目名称 | name)
            span = _label_span(data, ext, pos, r, mid, set(labels), covered, tol)
            if span is None:
                # Not centred on any run of rows (a damaged row): this label stays, and
                # the next label's rows start after it.
                pos = next((i for i, d in enumerate(data) if d > r), len(data))
                continue
            moves[r] = data[span[0]]
            pos = span[1] + 1
        if not any(src != dst for src, dst in moves.items()):
            continue
        if any(grid[dst][k] and dst not in moves for src, dst in moves.items() if src != dst):
            continue  # the first row holds a cell of its own in this column
        cells_of = {src: grid[src][k] for src in moves}
        for src in moves:
            grid[src][k] = []
        for src, dst in moves.items():
            grid[dst][k] = cells_of[src]
    return [cells for cells in grid if any(cells)]


def _continuation(lines: list[_Line], segs: list[list[_Seg]], carry: _Table) -> int:
    """How many lines at the top of a page continue ``carry`` (the table that ended the
    previous page): lines whose cells start in its columns, closely spaced and in one font
    size, none a paragraph; 0 unless one of them has two cells or more."""
    edges = [*carry.cols, carry.x1]
    end = 0
    while end < len(lines) and segs[end]:
        ln = lines[end]
        if end and (
            ln.top - lines[end - 1].bottom > 2.5 * lines[0].height
            or not 0.75 * lines[0].height <= ln.height <= 1.3 * lines[0].height
        ):
            break
        if ln.x0 < carry.x0 - 2.0:  # (a last cell may run past the widest one above it)
            break
        if len(segs[end]) == 1 and ln.x1 - ln.x0 > WIDE_LINE * (carry.x1 - carry.x0):
            break
        if any(
            not any(abs(sg.x0 - e) <= 2.0 or e < sg.x0 < e2 for e, e2 in zip(edges, edges[1:], strict=False))
            for sg in segs[end]
        ):
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
    regions: list[tuple[int, int, list[tuple[float, float]] | None]] = [
        (a, b, None) for a, b in _regions(lines, segs)
    ]
    if carry is not None and (not regions or regions[0][0] > 0):
        end = _continuation(lines, segs, carry)
        if end and (not regions or end <= regions[0][0]):
            edges = [*carry.cols, carry.x1]
            regions.insert(
                0, (0, end, [(x, max(x, y - 1.0)) for x, y in zip(edges, edges[1:], strict=False)])
            )
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
        grid = _fold_merged(
            _centre_labels(grid, cols, statistics.median(s.line.height for sg in region for s in sg)), cols
        )
        if fixed is None and sum(1 for r in grid if sum(1 for c in r if c) >= 2) < MIN_ROW_LINES:
            continue  # a few aligned lines, not a table
        tables.append(
            _Table(top=lines[a].top, x0=cols[0][0], x1=cols[-1][1], cols=[c[0] for c in cols], rows=grid)
        )
        taken.update(range(a, b))
    return tables, [ln for k, ln in enumerate(lines) if k not in taken]
