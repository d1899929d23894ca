"""The ``tab`` layout: one table row per line, cells split by tabs, possibly with HTML
inside cells and cells continued on the following lines (seeds 000 and 002). The budget
rows of the table are read in :mod:`.tab_budget`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ..fields import parse_number, parse_quantity, quantity_op
from ..framework import categorise, level1_category, level2_category
from ..model import Goal, IndicatorRow, Quantity, Table
from .base import _PLACEHOLDER, Cell, Region, _cells, _is_total_line, _lines, _spaced, squash
from .tab_budget import _CJK, _fund_rows, _total_cell

_BUDGET_WORD = _spaced("年初预算")
_GOAL_WORD = _spaced("预期目标")
_MERGED_TOTAL = re.compile(r"总\s*分\s*$")


_ROLE_KEYS = [
    ("actual", ("实际完成",)),
    ("basis", ("设定依据", "依据")),
    ("target", ("预期指标值", "年度指标值", "指标值", "目标值", "预期值")),
    ("level1", ("一级指标",)),
    ("level2", ("二级指标",)),
    ("name", ("三级指标",)),
    ("weight", ("分值权重", "权重", "分值")),
    ("score", ("得分",)),
    ("note", ("偏差原因", "备注", "原因分析", "改进措施")),
]


@lru_cache(maxsize=4096)
def _role_of(cell: str) -> str | None:
    s = squash(cell)
    if not s:
        return None
    for role, keys in _ROLE_KEYS:
        if any(k in s for k in keys):
            return role
    return None


def _is_indicator_header(cells: list[Cell]) -> dict[int, str] | None:
    if not any("指标" in c.text for c in cells):
        return None
    roles = {i: r for i, c in enumerate(cells) if (r := _role_of(c.text))}
    found = set(roles.values())
    if {"name", "target"} <= found or {"level1", "level2"} <= found:
        return roles
    return None


_BARE_NUM = re.compile(r"^\s*-?\d[\d.,\s]*\s*分?\s*$")


def _is_bare_number(s: str) -> bool:
    return bool(_BARE_NUM.match(s))


@lru_cache(maxsize=8192)
def _qty_fit(s: str) -> int:
    """How well a cell reads as a target/actual value (cached: tried at several shifts)."""
    if s in _PLACEHOLDER:
        return -1
    op = quantity_op(s)
    if op in (">=", "<=", "<", ">", "range") or (op == "=" and s.lstrip()[:1] in "=＝"):
        return 2
    if op in ("=", "qualitative"):
        return 1 if len(s) <= 40 else -1
    return 0


class _Columns:
    """The indicator header's columns grouped by role, built once per table: the row loop
    asks for them several times per line and at up to seven shifts."""

    def __init__(self, roles: dict[int, str]) -> None:
        self.by_role: dict[str, list[int]] = {}
        for hi, r in roles.items():
            self.by_role.setdefault(r, []).append(hi)
        self.values = [hi for hi, r in roles.items() if r in ("weight", "score")]
        self.quantities = [hi for hi, r in roles.items() if r in ("target", "actual")]
        self.names = [hi for hi, r in roles.items() if r == "name"]
        # The best possible fit: every value a bare number, every quantity an operator.
        self.top = 3 * len(self.values) + 2 * len(self.quantities)

    def cell(self, cells: Sequence[Cell], role: str, shift: int) -> Cell | None:
        """The cell under the first column of ``role`` that exists at this shift."""
        for hi in self.by_role.get(role, ()):
            ri = hi - shift
            if 0 <= ri < len(cells):
                return cells[ri]
        return None


def _row_fit(texts: list[str], bare: list[bool], cols: _Columns, shift: int) -> int:
    """How well the row's cells fit the header's value types at this shift (a missing
    cell reads as empty text). ``bare[i]``: cell ``i`` is a bare number."""
    n = len(texts)
    fit = 0
    for hi in cols.values:
        ri = hi - shift
        if 0 <= ri < n and texts[ri]:
            fit += 3 if bare[ri] else -2
        else:
            fit -= 1
    for hi in cols.quantities:
        ri = hi - shift
        fit += _qty_fit(texts[ri]) if 0 <= ri < n and texts[ri] else -1
    for hi in cols.names:
        ri = hi - shift
        if not (0 <= ri < n and texts[ri]) or bare[ri]:
            fit -= 2
    return fit


def _best_shift(texts: list[str], bare: list[bool], cols: _Columns) -> tuple[int, int]:
    """The offset between this row's cells and the header's columns that best fits the
    value types (converters drop or add leading empty cells row by row)."""
    best = (-99, 0)
    for shift in (0, 1, -1, 2, -2, 3, -3):
        f = _row_fit(texts, bare, cols, shift)
        if f > best[0]:
            best = (f, shift)
            if f >= cols.top:  # cannot be beaten
                break
    return best[1], best[0]


def _quantity(cell: Cell | None) -> Quantity:
    if cell is None or cell.text in _PLACEHOLDER:
        pos = cell.start if cell else -1
        return Quantity(raw="", op=None, start=pos, end=pos)
    return parse_quantity(cell.text, cell.start)


_NUMBER_IN = re.compile(r"\d[\d,]*(?:\.\s?\d+)?")


def _num_cell(cell: Cell | None) -> float | None:
    if cell is None or cell.text in _PLACEHOLDER:
        return None
    v = parse_number(cell.text)
    if v is None and _is_bare_number(cell.text):
        # Two numbers in one cell: the converter merged the next cell in; the first is ours.
        m = _NUMBER_IN.search(cell.text)
        v = parse_number(m.group()) if m else None
    return v


def _join(pieces: list[Cell]) -> tuple[str, tuple[int, int] | None]:
    pieces = [p for p in pieces if p.text]
    if not pieces:
        return "", None
    text = "".join(p.clean for p in pieces)
    return text, (pieces[0].start, pieces[-1].end)


# Roles whose text a continuation line extends (cells wrapped below their row).
_TEXT_ROLES = ("name", "note", "basis", "level1", "level2")
# A wrapped piece of a target/actual cell that is read as part of it: the unit or the
# digits cut off by the wrap (``<=31.80 万`` / ``元``, ``100.0`` / ``0%``), never a sentence.
_MAX_QTY_FRAGMENT = 6


def _parse_indicators(text: str, lines: list[tuple[int, int]], roles: dict[int, str]) -> list[IndicatorRow]:
    rows: list[IndicatorRow] = []
    # Cell pieces per row: name/note/basis/levels text, target/actual (the row's own cell
    # first, then wrapped fragments) and "float" (text of misaligned continuation lines,
    # placed once the row is complete).
    parts: list[dict[str, list[Cell]]] = []
    pending: dict[str, list[Cell]] = {}
    level1 = level2 = None
    last_shift = 0
    row_width = 0  # cell count of the last value line
    cols = _Columns(roles)
    has_basis = "basis" in cols.by_role
    for ls, le in lines:
        if not text[ls:le].strip():
            continue
        cells = _cells(text, ls, le)
        cell_texts = [c.text for c in cells]
        # Bare-number tests are needed at every shift tried: run the regex once per cell.
        bare = [_BARE_NUM.match(t) is not None for t in cell_texts]
        shift, fit = _best_shift(cell_texts, bare, cols)
        w = cols.cell(cells, "weight", shift)
        sc = cols.cell(cells, "score", shift)
        has_values = (w is not None and _is_bare_number(w.text)) or (
            sc is not None and _is_bare_number(sc.text)
        )
        if not has_values:
            _continuation(cells, cols, last_shift, row_width, has_basis, rows, parts, pending)
            continue
        last_shift = shift
        row_width = len(cells)
        l1 = cols.cell(cells, "level1", shift)
        l2 = cols.cell(cells, "level2", shift)
        name = cols.cell(cells, "name", shift)
        if l1 is not None and l1.text:
            level1 = l1.clean
            level2 = None
        # An empty name cell beside a level-2 cell that is no framework label: the converter
        # moved the name one cell left (the level-2 label is the previous row's).
        name_in_l2 = (
            (name is None or not name.text)
            and l2 is not None
            and bool(l2.text)
            and not _is_level_label(l2.clean)
        )
        if l2 is not None and l2.text and not name_in_l2:
            level2 = l2.clean
        note = cols.cell(cells, "note", shift)
        piece: dict[str, list[Cell]] = {"name": [], "note": []}
        if pending and (name is None or not name.text):
            piece["name"].extend(pending.get("name", []))
        pending = {}
        if name is not None and name.text:
            piece["name"].append(name)
        elif name_in_l2 and l2 is not None:
            piece["name"].append(l2)
        if note is not None and note.text:
            piece["note"].append(note)
        tgt = cols.cell(cells, "target", shift)
        act = cols.cell(cells, "actual", shift)
        row = IndicatorRow(
            level1=level1,
            level2=level2,
            name="",
            target=_quantity(tgt),
            actual=_quantity(act),
            weight=_num_cell(w),
            score=_num_cell(sc),
            weight_span=(w.start, w.end) if w is not None and w.text else None,
            score_span=(sc.start, sc.end) if sc is not None and sc.text else None,
        )
        for role, c in (("target", tgt), ("actual", act)):
            if c is not None and c.text:
                piece[role] = [c]
        # Cells run left to right: the first and last non-empty ones bound the row (there
        # is one at least: the weight or score just tested).
        nonempty = [c for c in cells if c.text]
        row.start = nonempty[0].start
        row.end = nonempty[-1].end
        rows.append(row)
        parts.append(piece)
    _backfill_levels(rows)
    categories: dict[tuple[str | None, str | None], tuple[str | None, str | None]] = {}  # per table
    for row, piece in zip(rows, parts, strict=True):
        if "float" in piece:
            _place_floating(piece)
        for role in ("target", "actual"):
            if len(piece.get(role, ())) > 1:
                setattr(row, role, _quantity_from(text, piece[role]))
        row.name, row.name_span = _join(piece.get("name", []))
        row.note, row.note_span = _join(piece.get("note", []))
        spans = [c for cs in piece.values() for c in cs if c.text]
        if spans:
            row.start = min([row.start] + [c.start for c in spans])
            row.end = max([row.end] + [c.end for c in spans])
        levels = (row.level1, row.level2)
        if levels not in categories:  # rows of a group share their level labels
            categories[levels] = categorise(*levels)
        row.category1, row.category2 = categories[levels]
    return rows


def _continuation(
    cells: Sequence[Cell],
    cols: _Columns,
    shift: int,
    row_width: int,
    has_basis: bool,
    rows: list[IndicatorRow],
    parts: list[dict[str, list[Cell]]],
    pending: dict[str, list[Cell]],
) -> None:
    """A line without values: cells wrapped below the previous row (or, when the next row
    has no name of its own, the first part of that row's name). Each cell goes to the
    column it sits under, at the previous row's shift."""
    piece = parts[-1] if parts else None
    fragments = False
    for role in ("target", "actual"):
        c = cols.cell(cells, role, shift)
        if piece is not None and c is not None and _is_qty_fragment(c, role, piece, rows[-1]):
            piece[role].append(c)
            fragments = True
    cont = {role: [c] for role in _TEXT_ROLES if (c := cols.cell(cells, role, shift)) and c.text}
    if not cont:
        if fragments:
            return
        # Misaligned continuation: attach its text to the previous row's name/note.
        texts = [c for c in cells if c.text]
        if texts and piece is not None:
            key = "note" if piece.get("note") else "name"
            piece.setdefault(key, []).extend(texts)
        return
    if piece is None:
        for role, cs in cont.items():
            pending.setdefault(role, []).extend(cs)
        return
    if has_basis and "name" in cont and len(cells) != row_width:
        # The line has another cell count than its row: the converter dropped or added
        # cells, so the name column may really hold wrapped basis text (decided later).
        piece.setdefault("float", []).extend(cont.pop("name"))
    for role, cs in cont.items():
        piece.setdefault(role, []).extend(cs)


def _is_qty_fragment(c: Cell, role: str, piece: dict[str, list[Cell]], row: IndicatorRow) -> bool:
    """``c``, below the row's ``role`` (target/actual) cell, is a wrapped piece of it: the row's
    cell holds a number and ``c`` is short (a unit or cut-off digits, not a sentence)."""
    return (
        bool(c.text)
        and role in piece
        and getattr(row, role).value is not None
        and len(c.clean) <= _MAX_QTY_FRAGMENT
        and c.text not in _PLACEHOLDER
    )


def _place_floating(piece: dict[str, list[Cell]]) -> None:
    """Misaligned continuation text goes to the basis column when it continues a quoted
    document title (《...》) that the basis cell opened, or closes one it did not open
    itself (the opening 《 lost with the cell's first line); otherwise to the name."""
    floating = piece.pop("float")
    basis = "".join(c.clean for c in piece.get("basis", ()))
    joined = "".join(c.clean for c in floating)
    opened = basis.rfind("《") > basis.rfind("》")
    close, open_ = joined.find("》"), joined.find("《")
    closes = close != -1 and (open_ == -1 or close < open_)
    key = "basis" if opened or closes else "name"
    piece[key] = sorted([*piece.get(key, []), *floating], key=lambda c: c.start)


def _quantity_from(text: str, pieces: list[Cell]) -> Quantity:
    """A target/actual cell wrapped over lines: value and unit read from the joined cell
    texts (``<=31.80 万`` + ``元``), the span covering all pieces so that ``raw`` stays
    ``text[start:end]`` (it holds whatever lies between the pieces)."""
    joined = "".join(c.clean for c in pieces)
    q = parse_quantity(joined)
    start, end = pieces[0].start, pieces[-1].end
    q.raw, q.start, q.end = text[start:end], start, end
    if len(pieces) > 1:
        q.text = joined
    return q


def _is_level_label(s: str) -> bool:
    """A framework label (产出指标, 数量指标, 社会效益 ...) or a short 指标 label that the
    lexicon does not know (an OCR-damaged one)."""
    return (
        level2_category(s) is not None
        or level1_category(s) is not None
        or (s.endswith("指标") and len(s) <= 8)
    )


def _backfill_levels(rows: list[IndicatorRow]) -> None:
    """A merged level cell is printed on its group's middle line, so the rows above the
    first printed label belong to it too."""
    for attr in ("level1", "level2"):
        first = next((getattr(r, attr) for r in rows if getattr(r, attr)), None)
        for r in rows:
            if getattr(r, attr):
                break
            setattr(r, attr, first)


def _fix_swapped_columns(rows: list[IndicatorRow], text: str) -> None:
    """Some converters swap the 实际完成值 and 分值 columns (seed 000's overall table).

    Detected per table, not per row: the weight column holds measurements (units,
    operators) while the actual column holds bare numbers, in most rows.
    """
    swapped = 0
    for r in rows:
        if r.weight_span is None:
            continue
        wtext = text[r.weight_span[0] : r.weight_span[1]]
        if not _is_bare_number(wtext) and r.actual.raw and _is_bare_number(r.actual.raw):
            swapped += 1
    if rows and swapped >= max(2, len(rows) // 2):
        for r in rows:
            if r.weight_span is None:
                continue
            ws, we = r.weight_span
            wraw = text[ws:we]
            new_actual = parse_quantity(wraw, ws)
            if r.actual.raw:
                r.weight = parse_number(r.actual.raw)
                r.weight_span = (r.actual.start, r.actual.end)
            r.actual = new_actual


def _goal(text: str, lines: list[tuple[int, int]], header: list[Cell], title: str) -> Goal | None:
    hi_exp = next((i for i, c in enumerate(header) if "预期" in c.clean), None)
    hi_act = next((i for i, c in enumerate(header) if "实际" in c.clean or "完成" in c.clean), None)
    exp: list[Cell] = []
    act: list[Cell] = []
    for ls, le in lines:
        cells = [c for c in _cells(text, ls, le) if c.text]
        content = [c for c in cells if not _is_goal_label(c.clean)]
        if not content:
            continue
        if len(content) >= 2:
            exp.append(content[0])
            act.extend(content[1:])
        elif "\t" not in text[ls:le]:
            (act if act and not exp else exp).append(content[0])
        else:
            c = content[0]
            idx = next(i for i, x in enumerate(_cells(text, ls, le)) if x.start == c.start)
            if hi_exp is not None and hi_act is not None and abs(idx - hi_act) < abs(idx - hi_exp):
                act.append(c)
            else:
                exp.append(c)
    if not exp and not act:
        return None
    e_text, e_span = _join(exp)
    a_text, a_span = _join(act)
    return Goal(table=title, expected=e_text, actual=a_text, expected_span=e_span, actual_span=a_span)


def _is_goal_label(s: str) -> bool:
    return s in ("年度总体目标", "年度总体目标完成情况", "总体目标", "年度", "总体", "目标") or (
        len(s) <= 8 and "目标" in s and ("年度" in s or "总体" in s)
    )


# The 项目名称 label cut short by the converter (the rest dropped or in the next cell).
_PROJECT_LABEL_STUBS = frozenset({"项目", "项目名"})
# A head label that ends the value before it (项目名称 | name | 主管部门 | department).
_HEAD_LABEL_ENDS = ("名称", "部门", "单位", "负责人", "电话")
_YEAR_CELL = re.compile(r"^[（(]?\d{4}年度?[)）]?$")
_FUNDS_STUB = re.compile(r"^目?资金")


def _head_value(cells: Sequence[Cell], j: int) -> str | None:
    """The value after a head label (``cells``: all cells of the line, empty ones included).

    Converters spread a long name over consecutive cells of the label's line, so the cells
    from ``j`` are joined up to the next label or the first empty cell after the value
    (text beyond a gap belongs to another column). Cells without a Chinese character are
    OCR debris (``·``, ``'``, ``1 III``) and the year cell is the title's; both are dropped."""
    out: list[str] = []
    for c in cells[j:]:
        key = c.clean
        if not key:
            if out:
                break
            continue
        if (len(key) <= 5 and key.endswith(_HEAD_LABEL_ENDS)) or key in _PROJECT_LABEL_STUBS:
            if out:
                break
            continue  # the rest of a label cut over two cells (项目 | 目名称)
        if _CJK.search(key) is None or _YEAR_CELL.match(key):
            continue
        out.append(key)
    return "".join(out) or None


def parse_tab_table(text: str, region: Region) -> Table:
    lines = _lines(text, region.start, region.end)
    table = Table(title=region.title, kind=region.kind, start=region.start, end=region.end, layout="tab")
    i_budget = i_goal = i_ind = i_total = None
    for k, (ls, le) in enumerate(lines):
        # The budget/goal words (searched with whitespace allowed between their characters,
        # as on the squashed line) only matter until those headers are found.
        line = text[ls:le] if i_budget is None or (i_goal is None and i_ind is None) else ""
        if i_budget is None and _BUDGET_WORD.search(line):
            i_budget = k
        elif i_goal is None and i_ind is None and _GOAL_WORD.search(line):
            i_goal = k
        elif i_ind is None and "指标" in text[ls:le] and _is_indicator_header(_cells(text, ls, le)):
            i_ind = k
        elif (
            i_ind is not None
            and i_total is None
            and (_is_total_line(text[ls:le]) or _total_first_cell(text, ls, le))
        ):
            i_total = k
    # Project name / department from the head lines.
    head_end = i_budget if i_budget is not None else (i_goal if i_goal is not None else 0)
    unlabelled: str | None = None  # a name on a 项目 line whose 名称 was lost
    for ls, le in lines[:head_end]:
        all_cells = _cells(text, ls, le)
        cells = [c for c in all_cells if c.text]
        for j, c in enumerate(cells):
            key = c.clean
            if key.endswith("名称") and "部门" not in key and "单位" not in key and j + 1 < len(cells):
                table.project = _head_value(all_cells, all_cells.index(c) + 1) or table.project
            elif ("部门" in key and "名称" in key) and j + 1 < len(cells):
                table.department = cells[j + 1].clean
        if unlabelled is None and cells and cells[0].clean in _PROJECT_LABEL_STUBS:
            value = _head_value(all_cells, all_cells.index(cells[0]) + 1)
            # 项目 | 资金（万元） is the budget block's label, not a name
            if value and not _FUNDS_STUB.match(value):
                unlabelled = value
    if table.project is None and table.kind == "project":
        table.project = unlabelled
    if table.kind == "project" and table.project:
        table.title = table.project
    elif table.kind == "overall" and table.department:
        table.title = f"{table.department}整体支出绩效自评表"
    if i_budget is not None:
        stop = next(k for k in (i_goal, i_ind, i_total, len(lines)) if k is not None)
        header = _cells(text, *lines[i_budget])
        funds = _fund_rows(text, lines[i_budget + 1 : stop], header)
        total_idx = next(
            (n for n, f in enumerate(funds) if any(k in f.name for k in ("总额", "合计", "总资金", "总计"))),
            None,
        )
        if total_idx is None and funds:
            # Overall tables sometimes list sources first and the 合计 row last.
            total_idx = 0
        if funds:
            table.budget = funds[total_idx]
            table.funds = [f for n, f in enumerate(funds) if n != total_idx]
    if i_goal is not None:
        stop = i_ind if i_ind is not None else len(lines)
        table.goal = _goal(text, lines[i_goal + 1 : stop], _cells(text, *lines[i_goal]), table.title)
    if i_ind is not None:
        roles = _is_indicator_header(_cells(text, *lines[i_ind])) or {}
        stop = i_total if i_total is not None else len(lines)
        table.rows = _parse_indicators(text, lines[i_ind + 1 : stop], roles)
        _fix_swapped_columns(table.rows, text)
    if i_total is not None:
        table.declared_total, table.declared_total_span = _total_cell(text, *lines[i_total])
    elif table.rows:
        _merged_total(text, table)
    return table


def _merged_total(text: str, table: Table) -> None:
    """The converter merged the 总分 row into the last indicator row (name ends in 总分,
    score cell holds the row score and the total): split them again."""
    row = table.rows[-1]
    if not _MERGED_TOTAL.search(row.name) or row.score_span is None:
        return
    s, e = row.score_span
    nums = list(_NUMBER_IN.finditer(text, s, e))
    if len(nums) < 2:
        return
    first, last = nums[0], nums[-1]
    row.score_span = (first.start(), first.end())
    table.declared_total = parse_number(last.group())
    table.declared_total_span = (last.start(), e if text[s:e].rstrip().endswith("分") else last.end())
    row.name = _MERGED_TOTAL.sub("", row.name)


def _total_first_cell(text: str, ls: int, le: int) -> bool:
    """A total row named otherwise (项目总得分, 自评总分(分)) in its first cell."""
    from .headers import TOTAL_ROW

    if "分" not in text[ls:le]:
        return False
    first = next((c for c in _cells(text, ls, le) if c.clean), None)
    return first is not None and bool(TOTAL_ROW.match(first.clean))


def detect(region: Region) -> float:
    """Share of the region's non-blank lines holding a tab: 30% or more is this layout
    (continuation lines of wrapped cells hold none)."""
    if "\t" not in region.body:
        return 0.0
    tab_lines = sum("\t" in line for line in region.split)
    nonempty = max(1, sum(not line.isspace() for line in region.split if line))
    share = tab_lines / nonempty
    return min(1.0, 0.6 + share) if share >= 0.3 else share


def parse(region: Region) -> Table:
    """The seeds' tab parser; where it reads no indicator row (headers it does not know),
    the generic reader over the same tab-split rows, when that reads more."""
    from .grid import Reader

    t = region.text
    lines = _lines(t, region.start, region.end)
    split = _split_columns(t, lines)
    table = parse_tab_table(region.text, region) if not split else None
    if table is not None and table.rows and table.budget is not None:
        return table
    generic = Reader(region, [list(_cells(t, s, e)) for s, e in lines], "tab").read()
    if table is not None and table.rows:
        if generic.budget is not None:  # a budget header the seeds' parser does not know
            table.budget, table.funds = generic.budget, generic.funds
        return table
    if table is None or generic.rows or (generic.budget is not None and table.budget is None):
        return generic
    return table


def _split_columns(text: str, lines: list[tuple[int, int]]) -> bool:
    """The indicator header gives the operator or the unit a column of its own (指标性质,
    计量单位: ``≥ | 770 | 平方米``) or names a column in words the seeds' parser does not
    know: the generic reader reads the table."""
    from .headers import header_role
    from .rows import is_indicator_header

    for s, e in lines:
        if "\t" not in text[s:e] or "指标" not in text[s:e]:
            continue
        cells = _cells(text, s, e)
        roles = [header_role(c.text) for c in cells]
        if not is_indicator_header(roles):
            continue
        if "nature" in roles or "unit" in roles:
            return True
        # Header words of the value columns the seeds' vocabulary lacks (指标内容, 全年完成值).
        if any(
            r in ("name", "target", "actual", "weight", "score") and _role_of(c.text) is None
            for c, r in zip(cells, roles, strict=True)
        ):
            return True
    return False
