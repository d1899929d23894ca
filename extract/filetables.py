"""Tables of a file that holds them as tables (HTML, Word, Excel): the cells are known.

The readers of those types render every table row on one line with its cells joined by a
TAB, a cell never holding a tab or a line break (:mod:`extract.textbuild`); so a line's
tab-split pieces are the file's own grid cells, merged cells already expanded, and
``Source.grids`` says where each of the file's tables lies. Regions are found as in any
text, then cut where the file starts a new table with a head of its own (项目名称, 部门名称,
a budget header) — a table without a 总分 row or title otherwise runs into the next —
while a table the file continues in another (a Word table broken at a page, its indicator
part in a second table) stays one. Each region is handed to the generic reader
(:class:`extract.layouts.grid.Reader`) as that grid: it finds headers by vocabulary and
assigns cells by type and arithmetic, where the seeds' tab parser knows the headers of
one region only. Offsets are unchanged: the cells index the rendering.
"""

from __future__ import annotations

import bisect

from .layouts import parse_region
from .layouts.assess import confidence
from .layouts.base import Cell, Region, _cells, _lines, squash
from .layouts.celltype import cell_type, fit
from .layouts.find import find_generic
from .layouts.grid import Reader
from .layouts.headers import HEAD_LABELS, TOTAL_ROW, header_role
from .layouts.rows import header_roles, is_indicator_header
from .model import Table
from .read import Source
from .tables import _DEPT_NAME, _OTHER_TITLE, _PROJECT_NAME, _head_above, _is_budget_header, find_tables

FILE_KINDS = frozenset({"html", "docx", "xlsx", "xls"})
LAYOUT = "cells"  # Table.layout of a table read from a file's grid


class GridReader(Reader):
    """The generic reader over a file's grid. Its columns are the file's, named by the
    header: 分值/得分 are swapped back only when two rows or more say so (one score above its
    weight is an anomaly to report, not a sign of columns in the other order)."""

    def _assign(self, cells: list[Cell], cols: list[str]) -> list[int | None]:
        """By position, the file's own: a cell under its header cell, where the indicator's
        name stands under 三级指标 and every filled cell's type fits its column (else, a
        row shifted off its columns, the alignment by type). A blank score no longer pulls
        the actual under 分值."""
        name = cols.index("name") if "name" in cols else -1
        if (
            len(cells) <= len(cols)
            and 0 <= name < len(cells)
            and cells[name].clean
            and all(fit(cols[k], cell_type(c.clean), c.clean) > 0 for k, c in enumerate(cells) if c.clean)
        ):
            return list(range(len(cells)))
        return super()._assign(cells, cols)

    def _fix_swapped_scores(self) -> None:
        unequal = [
            r for r in self.table.rows if r.weight is not None and r.score is not None and r.score != r.weight
        ]
        if len(unequal) >= 2:
            super()._fix_swapped_scores()


def grid_rows(region: Region) -> list[list]:
    """The region's rows as the file's cells (one line = one grid row, split at tabs)."""
    t = region.text
    return [list(_cells(t, s, e)) for s, e in _lines(t, region.start, region.end)]


def _header_like(row: list[Cell]) -> bool:
    """Every filled cell names a column (a header row's second line: 一级指标 二级指标 …)."""
    filled = [c for c in row if c.clean]
    return bool(filled) and all(header_role(c.text) for c in filled)


def _two_row_header(head: list[Cell], sub: list[Cell]) -> list[Cell] | None:
    """A header over two grid rows (绩效指标 merged over 一级/二级/三级指标, 年度指标值 merged
    down): per column the lower row's name where it has one, else the upper's. None when
    ``sub`` is no second header line."""
    if not _header_like(sub) or len(sub) > len(head) + 1:
        return None
    width = max(len(head), len(sub))
    merged = []
    for p in range(width):
        low = sub[p] if p < len(sub) else None
        up = head[p] if p < len(head) else None
        merged.append(low if low is not None and low.clean else up if up is not None else low)
    return merged if is_indicator_header(header_roles(merged)) else None


def _label_columns(rows: list[list[Cell]], h: int) -> tuple[set[int], int]:
    """Columns under an empty cell of the indicator header ``rows[h]`` holding one label at
    most (年度绩效指标完成情况 merged down the indicator rows): no field, and the reader would
    try to place it. The block ends at the 总分 row or another header."""
    head = rows[h]
    block = []
    for row in rows[h + 1 :]:
        first = next((c.clean for c in row if c.clean), "")
        if TOTAL_ROW.match(first) or is_indicator_header(header_roles(row)):
            break
        block.append(row)
    out = set()
    for p, cell in enumerate(head):
        if cell.clean:
            continue
        texts = {row[p].clean for row in block if p < len(row) and row[p].clean}
        if len(texts) <= 1 and not any(
            header_role(t) or cell_type(t) not in ("text", "label") for t in texts
        ):
            out.add(p)
    return out, len(block)


def prepare(rows: list[list[Cell]]) -> list[list[Cell]]:
    """The grid as the reader should see it: a two-row indicator header as one row, and the
    label columns under it left out (each row keeps its cells' own offsets)."""
    out: list[list[Cell]] = []
    drop: set[int] = set()
    until = -1  # the last row index the dropped columns apply to
    i = 0
    while i < len(rows):
        row = rows[i]
        roles = header_roles(row)
        if any(roles) and i + 1 < len(rows) and (both := _two_row_header(row, rows[i + 1])) is not None:
            row, i = both, i + 1
            roles = header_roles(row)
        if is_indicator_header(roles):
            drop, n = _label_columns([*out, row, *rows[i + 1 :]], len(out))
            until = i + n
        out.append([c for p, c in enumerate(row) if p not in drop] if drop and i <= until else row)
        i += 1
    return out


def _one_grid(region: Region, grids: list[tuple[int, int]]) -> bool:
    """The region holds one of the file's tables (title lines above, notes below): a
    region over several (seeds converted line by line hold a wrapped cell's continuation
    as a table of its own; a table continued in a second one) is read as text is, by the
    layout plug-ins (the tab parser joins those continuations)."""
    inside = [(s, e) for s, e in grids if s < region.end and e > region.start]
    return len(inside) == 1


def _quality(t: Table) -> float:
    """How much of a table a reading got, by the table's own evidence: rows with their
    values, weights and scores, the budget's figures, the 总分 and the project's name; a row
    without a name counts against it (a header or a total read as a row)."""
    q = 0.0
    for r in t.rows:
        if not r.name.strip() or cell_type(squash(r.name)) in ("label1", "label2"):
            q -= 3  # a row without its indicator, or a level read as one: columns misread
            continue
        q += (
            1
            + sum(x.op is not None for x in (r.target, r.actual))
            + (r.weight is not None)
            + (r.score is not None)
        )
    if t.budget is not None:
        b = t.budget
        q += sum(v is not None for v in (b.initial, b.adjusted, b.executed, b.rate, b.weight, b.score))
    return q + 3 * (t.declared_total is not None) + 3 * (t.project is not None) + (t.goal is not None)


def parse_cells(region: Region, grids: list[tuple[int, int]]) -> Table:
    """The region read from its grid where it is one (:func:`_one_grid`); else, or where
    the layout plug-ins (the tab parser, which joins a cell continued on a line of its own)
    get more of it (:func:`_quality`), their reading."""
    plugin = parse_region(region)
    if not _one_grid(region, grids):
        return plugin
    table = GridReader(region, prepare(grid_rows(region)), LAYOUT).read()
    if _quality(plugin) > _quality(table):
        return plugin
    # The cells are the file's own (detection certain); the fit and the arithmetic temper it.
    table.confidence = confidence(1.0, table, table.confidence)
    return table


def _starts_table(text: str, start: int, end: int) -> bool:
    """The file's table at ``start`` opens a table of its own: among its first three rows a
    head label (项目名称 …) or a budget header."""
    for s, e in _lines(text, start, end)[:3]:
        line = text[s:e]
        first = squash(line.split("\t", 1)[0])
        if (
            any(p.match(first) for p in HEAD_LABELS.values())
            or header_role(first) == "label"
            or _is_budget_header(line)
        ):
            return True
    return False


def _kind(region_text: str, title: str) -> str:
    if "整体" in title:
        return "overall"
    head = region_text[:400]
    return "overall" if _DEPT_NAME.search(head) and not _PROJECT_NAME.search(head) else "project"


def split_regions(regions: list[Region], grids: list[tuple[int, int]]) -> list[Region]:
    """Each region cut at the file's tables inside it that open a table of their own."""
    starts = [s for s, _ in grids]
    out: list[Region] = []
    for reg in regions:
        text = reg.text
        first = bisect.bisect_right(starts, reg.start)
        inside = [(s, e) for s, e in grids[max(0, first - 1) :] if s < reg.end and e > reg.start]
        cur = reg
        for k, (s, e) in enumerate(inside):
            # A cut where a later table opens its own, the piece before holding a table.
            if k == 0 or s <= cur.start or not _starts_table(text, s, e):
                continue
            end = s
            while end > cur.start and text[end - 1] in " \t\r\n":
                end -= 1
            out.append(Region(text, cur.start, end, cur.title, cur.kind, cur.folded))
            title = "项目支出绩效自评表"
            cur = Region(text, s, reg.end, title, _kind(text[s : reg.end], title), reg.folded)
        out.append(cur)
    return out


def _title_above(text: str, start: int, floor: int) -> str | None:
    """The table's title on the lines just above it (at most three lines, none before
    ``floor``): a line naming a 自评表, with the department before it or not
    (〈部门〉整体支出绩效自评表 is no title to the text finder)."""
    pos, seen = start, 0
    while pos > floor and seen < 3:
        ls = text.rfind("\n", floor, pos - 1) + 1
        line = text[ls:pos].strip()
        if line:
            seen += 1
            if "\t" not in line and _OTHER_TITLE.fullmatch(line) and "自评" in line:
                return line
        pos = ls
    return None


def _title_inside(reg: Region) -> str | None:
    """The title as the grid's first row (a form's title merged across its top)."""
    t = reg.text
    for s, e in _lines(t, reg.start, reg.end)[:2]:
        cells = [c for c in t[s:e].split("\t") if c.strip()]
        if len(cells) == 1 and _OTHER_TITLE.fullmatch(cells[0].strip()) and "自评" in cells[0]:
            return cells[0].strip()
    return None


def _department_head(reg: Region) -> bool:
    """The table is headed by the department (单位名称 / 部门名称 / 预算部门 as a row's first
    cell) and names no project: a department's overall table."""
    dept = proj = False
    for s, e in _lines(reg.text, reg.start, min(reg.end, reg.start + 600))[:6]:
        first = squash(reg.text[s:e].split("\t", 1)[0])
        dept |= bool(HEAD_LABELS["department"].match(first)) and not first.startswith("主管部门")
        proj |= bool(HEAD_LABELS["project"].match(first))
    return dept and not proj


def retitle(regions: list[Region]) -> list[Region]:
    """Regions whose title the file's lines above give better: an implicit title replaced
    by the real one, the kind following it (整体 → overall); an untitled table headed by the
    department and naming no project is the overall one."""
    out, floor = [], 0
    for reg in regions:
        title = (
            (_title_inside(reg) or _title_above(reg.text, reg.start, floor))
            if reg.title == "项目支出绩效自评表"
            else None
        )
        if title is not None and title != reg.title:
            kind = "overall" if "整体" in title else reg.kind
            reg = Region(reg.text, reg.start, reg.end, title, kind, reg.folded)
        elif reg.kind == "project" and "整体" not in reg.title and _department_head(reg):
            reg = Region(reg.text, reg.start, reg.end, reg.title, "overall", reg.folded)
        out.append(reg)
        floor = reg.end
    return out


def _holds_table(text: str, start: int, end: int) -> bool:
    """A grid of the file holding an indicator header row: a self-evaluation table."""
    return any(
        is_indicator_header(header_roles(list(_cells(text, s, e)))) for s, e in _lines(text, start, end)
    )


def uncovered(
    text: str, regions: list[Region], grids: list[tuple[int, int]], folded: str | None
) -> list[Region]:
    """The file's tables no region covers (no title, no 年初预算 and no 总分 to anchor the
    text finder: a table right after another's 总分): each grid holding an indicator header
    is a region of its own, titled and kinded like the others."""
    out = []
    for s, e in grids:
        if any(r.start < e and s < r.end for r in regions) or not _holds_table(text, s, e):
            continue
        reg = Region(text, s, e, "项目支出绩效自评表", "project", folded)
        if _department_head(reg):
            reg = Region(text, s, e, reg.title, "overall", folded)
        out.append(reg)
    return out


def extract_file_tables(src: Source, folded: str | None = None) -> list[Table]:
    """:func:`extract.tables.extract_tables` for a file source: regions cut at the file's
    own tables, each read from its grid."""
    text = src.text
    regions = split_regions(find_tables(text, folded), src.grids)
    regions = retitle(sorted(regions + uncovered(text, regions, src.grids, folded), key=lambda r: r.start))
    tables = [parse_cells(r, src.grids) for r in regions]
    for region in find_generic(text, [(r.start, r.end) for r in regions], folded):
        table = parse_cells(region, src.grids)
        if table.rows or table.budget is not None or table.goal is not None:
            tables.append(table)
    tables.sort(key=lambda t: t.start)
    prev_end = 0
    for t in tables:
        if t.kind == "project" and t.project is None:
            _head_above(text, t, prev_end)
        prev_end = t.end
    return tables
