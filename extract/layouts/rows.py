"""Rows of cells and header rows: which rows are headers, how a row's cells align to the
header's columns (an order-keeping alignment scored by cell type), and rows from a cell
stream whose row ends are not marked."""

from __future__ import annotations

import operator
import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import repeat

from .base import Cell
from .celltype import cell_type, fit
from .headers import (
    BUDGET_ROLES,
    HEAD_LABELS,
    INDICATOR_ROLES,
    TOTAL_ROW,
    budget_role,
    header_role,
    synonym_length,
)

Row = Sequence[Cell]


class Readings(list):  # type: ignore[type-arg]
    """A row of cells with other ways to cut it (a glued line, :func:`extract.cells.glued_readings`):
    the reader keeps the one the table's arithmetic supports."""

    def __init__(self, cells: list[Cell], others: list[list[Cell]]) -> None:
        super().__init__(cells)
        self.others = others


_SKIP_CELL = -2.0  # an extra cell no column takes (one cell too many)
_ABSORB = 0.5  # a further text cell in the same text column
_ABSORBING = frozenset({"name", "note", "basis", "label"})
_WORD_LABELS = frozenset({"label", "label1", "label2"})


def header_roles(row: Row, budget: bool = False) -> list[str | None]:
    roles = [header_role(c.text) for c in row]
    return [budget_role(r) for r in roles] if budget else roles


def is_indicator_header(roles: list[str | None]) -> bool:
    found = {r for r in roles if r in INDICATOR_ROLES}
    named = bool(found & {"name", "level1", "level2"})
    valued = len(found & {"target", "actual", "weight", "score"})
    return named and valued >= 1 and len(found) >= 3


def is_budget_header(roles: list[str | None]) -> bool:
    return len({budget_role(r) for r in roles} & BUDGET_ROLES) >= 2 and (
        "executed" in roles or "initial" in roles or "adjusted" in roles
    )


def is_goal_header(row: Row, roles: list[str | None]) -> bool:
    return "expected" in roles and "achieved" in roles and all(len(c.clean) <= 16 for c in row)


def _items(types: list[str], cols: Sequence[str]) -> list[list[int]]:
    """Cells grouped into values: a target split over cells (``≥`` | ``90`` | ``%``) is one
    item unless the header gives the operator or the unit a column of its own."""
    has_nature, has_unit = "nature" in cols, "unit" in cols
    items: list[list[int]] = []
    i, n = 0, len(types)
    while i < n:
        group = [i]
        if types[i] == "op" and not has_nature and i + 1 < n and types[i + 1] in ("number", "percent"):
            group.append(i + 1)
        elif types[i] == "op" and not has_nature and not has_unit and i + 1 < n and types[i + 1] == "unit":
            group.append(i + 1)  # ≧ | %: a target whose value was never filled in
        if (
            types[group[-1]] == "number"
            and not has_unit
            and group[-1] + 1 < n
            and types[group[-1] + 1] == "unit"
            and (len(group) == 2 or (i > 0 and types[i - 1] not in ("number", "percent", "qty")))
        ):
            group.append(group[-1] + 1)
        items.append(group)
        i = group[-1] + 1
    return items


def align(cells: Row, cols: Sequence[str]) -> list[int | None]:
    return align_scored(cells, cols)[0]


def align_scored(cells: Row, cols: Sequence[str]) -> tuple[list[int | None], float]:
    """:func:`align` and the alignment's score.

    For each cell, the index of the column it goes to (None: no column), keeping order:
    the best-scoring monotone assignment. Earlier columns win ties (a lone number under
    分值 and 得分 is the weight). A text column may take several text cells in a row (a
    name with a space in it), for less than a column of their own would give."""
    items = _items([cell_type(c.clean) for c in cells], cols)
    texts = ["".join(cells[k].clean for k in it) for it in items]
    n, m = len(items), len(cols)
    # f[i][j]: items[:i] within cols[:j]; g[i][j]: the same with item i-1 in column j-1.
    sides = _sides(tuple(cols))
    f = [[0.0] * (m + 1)]
    g = [[_NEG] * (m + 1)]
    fb: list[list[int]] = [[0] * (m + 1)]
    gb: list[list[bool]] = [[False] * (m + 1)]
    prev_text = False
    for text in texts:
        ctype = cell_type(text)
        fr, gr, fbr, gbr = _dp_row(sides, ctype, text, prev_text, f[-1], g[-1])
        f.append(fr)
        g.append(gr)
        fb.append(fbr)
        gb.append(gbr)
        prev_text = ctype == "text"
    out: list[int | None] = [None] * len(cells)
    in_f, i, j = True, n, m
    while i > 0:
        if in_f:
            how = fb[i][j]
            if how == _LEFT:
                j -= 1
            elif how == _UP:
                i -= 1
            else:
                in_f = False
            continue
        for k in items[i - 1]:
            out[k] = j - 1
        if gb[i][j]:
            i -= 1  # still in g: the previous item is in the same column
        else:
            in_f, i, j = True, i - 1, j - 1
    return out, f[n][m]


_NEG = float("-inf")
_G, _LEFT, _UP = 0, 1, 2  # where f[i][j] came from: g[i][j], f[i][j-1], f[i-1][j]


class _Sides:
    """What the alignment asks of each column, computed once per header (:func:`_sides`):
    the fit of a cell under every column is memoised by the cell's text."""

    __slots__ = ("cols", "absorbing", "is_name", "m", "steps", "steps_after", "fits")

    def __init__(self, cols: tuple[str, ...]) -> None:
        self.cols = cols
        self.absorbing = [c in _ABSORBING for c in cols]
        self.is_name = [c == "name" for c in cols]
        self.m = len(cols)
        self.steps = [0.001 * j for j in range(self.m + 1)]  # earlier columns win ties
        self.steps_after = self.steps[1:]  # the step of column j at index j-1
        self.fits: dict[tuple[str, str], list[float]] = {}

    def fit_row(self, ctype: str, text: str) -> list[float]:
        # ``fit`` reads the text of a text or number cell only (nature words, a figure over
        # 100): every percent, quantity, label... of one type shares its row.
        key = (ctype, text if ctype in _TEXT_READ else "")
        row = self.fits.get(key)
        if row is None:
            if len(self.fits) > 4096:
                self.fits.clear()
            row = self.fits[key] = [fit(c, ctype, key[1]) for c in self.cols]
        return row


_TEXT_READ = frozenset({"text", "number"})  # the cell types whose fit depends on the text (celltype.fit)


@lru_cache(maxsize=64)
def _sides(cols: tuple[str, ...]) -> _Sides:
    return _Sides(cols)


def _dp_row(
    sides: _Sides, ctype: str, text: str, prev_text: bool, fp: list[float], gp: list[float]
) -> tuple[list[float], list[float], list[int], list[bool]]:
    """Row i of the alignment's tables from row i-1 (``fp``, ``gp``), item i-1 being
    ``text`` of type ``ctype`` and item i-2 text or not: f, g, where each f came from, and
    whether each g extends the previous item's column."""
    m = sides.m
    fits = sides.fit_row(ctype, text)
    # g[j] = fp[j-1] + fits[j-1] - steps[j] (the item put in column j-1), for every column at
    # once with map (the same float operations in the same order as one column at a time).
    g = [_NEG, *map(operator.sub, map(operator.add, fp, fits), sides.steps_after)]
    gb = [False] * (m + 1)
    word = ctype in _WORD_LABELS and not text.endswith("指标")
    # (a wrapped name's second half may read as a label word: 参训乡村医生 满意度)
    if prev_text and (ctype == "text" or word):
        absorbing, is_name = sides.absorbing, sides.is_name
        for j in range(1, m + 1):
            if absorbing[j - 1] and (ctype == "text" or (is_name[j - 1] and word)):
                more = gp[j] + _ABSORB  # a further text cell in the previous item's column
                if not g[j] >= more:
                    g[j] = more
                    gb[j] = True
    # f[j]: the best of g[j], f[j-1] (column j left empty) and fp[j] + skip (item skipped).
    skips = list(map(operator.add, fp, repeat(_SKIP_CELL)))
    f = [_NEG] * (m + 1)
    fb = [_G] * (m + 1)
    best, how = _NEG, _G
    if skips[0] > best:
        best, how = skips[0], _UP
    f[0], fb[0] = best, how
    for j in range(1, m + 1):
        prev, best, how = best, g[j], _G
        if prev > best:
            best, how = prev, _LEFT
        if skips[j] > best:
            best, how = skips[j], _UP
        f[j], fb[j] = best, how
    return f, g, fb, gb


def prefix_scores(cells: Row, cols: Sequence[str]) -> list[float]:
    """``out[k] == align_scored(cells[:k], cols)[1]`` for every k in 1..len(cells), in one
    pass: row i of :func:`align_scored`'s tables depends only on items[:i], and the items
    of a cut prefix are the whole items before the cut plus, when the cut falls inside an
    item (``≥`` | ``90`` | ``%``), that item's part before the cut. So the rows are shared
    and a cut inside an item costs one extra row. (:func:`segment_rows` scores every
    window of a cell stream; this turns its five alignments per cell into one.)"""
    items = _items([cell_type(c.clean) for c in cells], cols)
    sides = _sides(tuple(cols))
    m = sides.m
    out = [_NEG] * (len(cells) + 1)
    fp = [0.0] * (m + 1)
    gp = [_NEG] * (m + 1)
    prev_text = False  # the previous item is text (a text column may take both)
    for it in items:
        for cut in range(1, len(it)):  # a prefix ending inside this item
            part = "".join(cells[k].clean for k in it[:cut])
            out[it[cut]] = _dp_row(sides, cell_type(part), part, prev_text, fp, gp)[0][m]
        text = "".join(cells[k].clean for k in it)
        ctype = cell_type(text)
        fp, gp, _, _ = _dp_row(sides, ctype, text, prev_text, fp, gp)
        out[it[-1] + 1] = fp[m]
        prev_text = ctype == "text"
    return out


def _any_header(row: Row) -> bool:
    roles = header_roles(row)
    return is_indicator_header(roles) or is_budget_header(header_roles(row, budget=True))


def join_broken_headers(rows: list[Row]) -> list[Row]:
    """A header row that a line break inside one of its cells split over two lines (HTML
    conversions: ``… | 三级指标 | 年度`` / ``指标值 | 实际完成值 | …``): two lines of header
    words and no figures that are a header together and not apart are one row."""
    out: list[Row] = []
    k = 0
    while k < len(rows):
        row = rows[k]
        if (
            k + 1 < len(rows)
            and _header_words(row)
            and _header_words(rows[k + 1])
            and not _any_header(row)
            and not _any_header(rows[k + 1])
        ):
            both = [*row, *rows[k + 1]]
            cols = header_roles(both)
            if (
                is_indicator_header(cols)
                or is_budget_header(header_roles(both, budget=True))
                or _joined_names(row, rows[k + 1])
            ):
                out.append(both)
                k += 2
                continue
        out.append(row)
        k += 1
    return out


def _header_words(row: Row) -> bool:
    cells = [c for c in row if c.clean]
    return (
        bool(cells)
        and all(not any(ch.isdigit() for ch in c.clean) and len(c.clean) <= 16 for c in cells)
        and any(header_role(c.text) is not None for c in cells)
    )


def _joined_names(a: Row, b: Row) -> bool:
    """The last cell of ``a`` and the first of ``b`` are one header word (年度 + 指标值)."""
    last = next((c for c in reversed(a) if c.clean), None)
    first = next((c for c in b if c.clean), None)
    return (
        last is not None
        and first is not None
        and header_role(last.clean + first.clean) is not None
        and is_indicator_header(header_roles([*a[:-1], Cell(last.clean + first.clean, 0, 0), *b[1:]]))
    )


def join_header_lines(rows: list[list[Cell]]) -> list[list[Cell]]:
    """A header printed over two lines without positions to join it by (``年初指 年终完``
    over ``标值 成值``; ``一级 二级 … 实际完成`` over ``指标 指标 … 值(B)``): each piece of the
    second line, in order, completes the first column after the last one completed whose
    name it lengthens (一级 + 指标 = 一级指标, 实际完成 + 值 = 实际完成值). The lines join
    when the second holds no figures and most of its pieces complete a column."""
    out: list[list[Cell]] = []
    k = 0
    while k < len(rows):
        row = rows[k]
        if k + 1 < len(rows) and sum(header_role(c.text) is not None for c in row) >= 2:
            nxt = [c for c in rows[k + 1] if c.clean]
            merged = _complete_header(row, nxt)
            if merged is None:
                # Words a glued-line splitter cut at their digits (预期202 / 2年实现值).
                merged = _complete_header(_glue_adjacent(row), _glue_adjacent(nxt))
            if merged is not None:
                out.append(merged)
                k += 2
                continue
        out.append(row)
        k += 1
    return out


def _glue_adjacent(cells: list[Cell]) -> list[Cell]:
    """Cells with nothing between them in the text joined into one."""
    out: list[Cell] = []
    for c in cells:
        if out and out[-1].clean and c.clean and out[-1].end == c.start:
            out[-1] = Cell(out[-1].text + c.text, out[-1].start, c.end)
        else:
            out.append(c)
    return out


def _complete_header(row: list[Cell], nxt: list[Cell]) -> list[Cell] | None:
    if (
        not nxt
        or len(nxt) > len([c for c in row if c.clean])
        or any(len(c.clean) > 8 for c in nxt)
        or any(
            _HEADER_VALUE.search(_BRACKETS.sub("", c.clean))
            or (any(ch.isdigit() for ch in c.clean) and not _CJK.search(c.clean))
            for c in nxt
        )
    ):
        return None
    merged = list(row)
    pos, done = 0, 0
    for piece in nxt:
        for i in range(pos, len(merged)):
            head = merged[i]
            if not head.clean:
                continue
            joined = head.clean + piece.clean
            if synonym_length(joined) > synonym_length(head.clean) or (
                header_role(head.text) is None and header_role(joined) is not None
            ):
                merged[i] = Cell(joined, head.start, piece.end)
                pos, done = i + 1, done + 1
                break
    return merged if done and done * 2 >= len(nxt) else None


def indicator_columns(row: Row, roles: list[str | None]) -> list[str]:
    """The indicator columns; a header word cut in two by a wrap (年度 | 指标值,
    全年 | 完成值) is one column."""
    cols: list[str] = []
    k = 0
    while k < len(row):
        r = roles[k]
        if r is None and row[k].clean and k + 1 < len(row):
            joined = header_role(row[k].clean + row[k + 1].clean)
            if joined is not None:
                cols.append(joined)
                k += 2
                continue
        cols.append(r if r is not None else ("basis" if row[k].clean else "note"))
        k += 1
    while (
        cols
        and cols[-1] == "note"
        and len(cols) <= len(row)
        and not row[len(cols) - 1].clean
        and cols.count("note") > 1
    ):
        cols.pop()
    # A name column before the level columns is a frame cell (绩效指标 over 年度绩效指标).
    levels = [i for i, r in enumerate(cols) if r in ("level1", "level2")]
    if levels:
        cols = ["frame" if r == "name" and i < levels[0] else r for i, r in enumerate(cols)]
    return cols


_BRACKETS = re.compile(r"[（(][^（()）]*[)）]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# A value, not a header word: a percent, a decimal, an operator, or a figure alone.
_HEADER_VALUE = re.compile(r"[%％.]|^[≥≤=<>≧≦]|^\d+$")
_ROW_COST = 6.0  # what a row must earn to stand as a row of its own


def _fixed_width_fits(cells: list[Cell], cols: list[str], width: int) -> bool:
    """Whether cutting the stream every ``width`` cells puts every non-empty cell under a
    column its type fits, with a name in every row."""
    n = len(cells)
    if width != len(cols) or width < 3 or n < width or n % width:
        return False
    name = cols.index("name") if "name" in cols else None
    for s in range(0, n, width):
        row = cells[s : s + width]
        if name is not None and not row[name].clean:
            return False
        for col, c in zip(cols, row, strict=True):
            if c.clean and fit(col, cell_type(c.clean), c.clean) <= 0:
                return False
    return True


def segment_rows(cells: list[Cell], cols: list[str], width: int) -> list[list[Cell]]:
    """Rows of an indicator block printed one cell per paragraph, where merged level cells
    may be left out instead of written blank, so rows differ in width: the split of the
    stream into rows whose cells best fit the columns (each row an order-keeping
    alignment, :func:`align_scored`, minus a cost per row)."""
    n = len(cells)
    if _fixed_width_fits(cells, cols, width):
        # Merged cells written blank: every row is the header's width and every cell sits
        # under a column its type fits (a blank merged level cell would otherwise read as
        # the previous row's trailing note).
        return [cells[i : i + width] for i in range(0, n, width)]
    lo, hi = max(1, width - 3), width + 1
    best = [float("-inf")] * (n + 1)
    back = [0] * (n + 1)
    best[0] = 0.0
    # scores[s][k]: the alignment score of the row cells[s:s + k], every k at once.
    scores: dict[int, list[float]] = {}
    for e in range(1, n + 1):
        for length in range(lo, hi + 1):
            s = e - length
            if s < 0 or best[s] == float("-inf"):
                continue
            if s not in scores:
                scores[s] = prefix_scores(cells[s : s + hi], cols)
            v = best[s] + scores[s][length] - _ROW_COST
            if v > best[e]:
                best[e], back[e] = v, s
        if best[e] == float("-inf") and e < lo:
            if 0 not in scores:
                scores[0] = prefix_scores(cells[:hi], cols)
            best[e], back[e] = scores[0][e] - _ROW_COST, 0  # a short first piece
    if best[n] == float("-inf"):
        return [cells[i : i + width] for i in range(0, n, width)]
    out: list[list[Cell]] = []
    e = n
    while e > 0:
        out.append(cells[back[e] : e])
        e = back[e]
    return out[::-1]


def _header_runs(cells: list[Cell]) -> list[tuple[int, int]]:
    """Maximal runs of two or more header cells, as (start, end)."""
    runs, i, n = [], 0, len(cells)
    while i < n:
        if header_role(cells[i].text) is None:
            i += 1
            continue
        j = i + 1
        while j < n and header_role(cells[j].text) is not None:
            j += 1
        if j - i >= 2:
            runs.append((i, j))
        i = j
    return runs


def _uniform_width(cells: list[Cell]) -> tuple[int, int]:
    """The grid width when every row of the stream is padded to the indicator header's
    width (an HTML table with merged cells written blank): no header run crosses a row end
    and the indicator rows' cells all fit their columns. (width, cells before the first whole row), or
    (0, 0) when the stream is not such a grid."""
    runs = _header_runs(cells)
    for a, b in runs:
        roles = [header_role(c.text) for c in cells[a:b]]
        if not is_indicator_header(roles):
            continue
        w = b - a
        phase = a % w  # a region cut short at its top starts mid-row
        n = len(cells)
        if w < 4:
            return 0, 0
        if any((s - phase) // w != (e - 1 - phase) // w for s, e in runs):
            return 0, 0
        for s in range(phase, a, w):
            # Rows above the header (head, budget) fit the grid too: a row of figures starts
            # with its label.
            row = cells[s : s + w]
            if any(cell_type(c.clean) in ("number", "percent") for c in row) and cell_type(
                row[0].clean
            ) not in ("text", "label", "label1", "label2"):
                return 0, 0
        nxt = next((s for s, _ in runs if s >= b), n)
        nxt = next((k for k in range(b, nxt) if TOTAL_ROW.match(cells[k].clean)), nxt)
        end = nxt - (nxt - phase) % w
        cols = indicator_columns(cells[a:b], roles)
        return (w, phase) if _fixed_width_fits(cells[b:end], cols, w) else (0, 0)
    return 0, 0


def chunk_stream(cells: list[Cell]) -> list[list[Cell]]:
    """Rows from a stream of cells whose row ends are not marked (one cell per line): each
    header run fixes the width of the rows below it (the budget block's label column has
    no header cell, so its rows are one wider). Before the first header, a head label
    (项目名称) takes the next cell as its value and any other cell is a row of its own."""
    grid, phase = _uniform_width(cells)
    if grid:
        head = [cells[:phase]] if phase else []
        return head + [cells[i : i + grid] for i in range(phase, len(cells), grid)]
    rows: list[list[Cell]] = []
    i, n = 0, len(cells)
    width = 0
    indicator: list[str] | None = None
    budget: list[str | None] | None = None  # the budget block's columns, its label first
    while i < n:
        run = i
        while run < n and header_role(cells[run].text) is not None:
            run += 1
        if run - i >= 2:
            roles = [header_role(c.text) for c in cells[i:run]]
            rows.append(cells[i:run])
            width = run - i
            budget = None
            if is_budget_header([budget_role(r) for r in roles]):
                budget = [budget_role(r) for r in roles]
                if roles[0] != "label":
                    width += 1
                    budget.insert(0, "label")
            indicator = indicator_columns(cells[i:run], roles) if is_indicator_header(roles) else None
            i = run
            if is_goal_header(cells[i - width : i], roles):
                # The goal pair: everything up to the next header run is one row.
                nxt = i
                while nxt < n and not (
                    header_role(cells[nxt].text) is not None
                    and nxt + 1 < n
                    and header_role(cells[nxt + 1].text) is not None
                ):
                    nxt += 1
                rows.append(cells[i:nxt])
                i = nxt
            continue
        if not width:
            labelled = any(p.match(cells[i].clean) for p in HEAD_LABELS.values())
            take = 2 if labelled and i + 1 < n and header_role(cells[i + 1].text) is None else 1
            rows.append(cells[i : i + take])
            i += take
            continue
        if indicator is not None:
            # The indicator block up to the next header run or the 总分 row.
            nxt = i
            while (
                nxt < n
                and not TOTAL_ROW.match(cells[nxt].clean)
                and not (
                    header_role(cells[nxt].text) is not None
                    and nxt + 1 < n
                    and header_role(cells[nxt + 1].text) is not None
                )
            ):
                nxt += 1
            rows.extend(segment_rows(cells[i:nxt], indicator, width))
            indicator = None
            if nxt < n and TOTAL_ROW.match(cells[nxt].clean):
                end = nxt + 1
                while end < n and cell_type(cells[end].clean) in ("empty", "number") and end - nxt <= width:
                    end += 1
                rows.append(cells[nxt:end])
                nxt = end
            i = nxt
            continue
        end = min(n, i + width)
        if budget is not None:
            # A budget row may leave its blank cells out (a source row with no rate or
            # score): it ends where a label stands under a figure's column, or at a header.
            end = next(
                (
                    j
                    for j in range(i + 1, end)
                    if _header_run_at(cells, j)
                    or (
                        j - i < len(budget)
                        and budget[j - i] in BUDGET_ROLES
                        and cell_type(cells[j].clean) == "text"
                    )
                ),
                end,
            )
        rows.append(cells[i:end])
        i = end
    return rows


def _header_run_at(cells: list[Cell], j: int) -> bool:
    return (
        j + 1 < len(cells)
        and header_role(cells[j].text) is not None
        and header_role(cells[j + 1].text) is not None
    )
