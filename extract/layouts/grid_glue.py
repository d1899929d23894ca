"""Header and cell repairs of the generic reader (extract/layouts/grid.py): header words glued
together or cut by a wrap, a weight and score printed as one run, a figure cut off a cell,
level labels.

Moved out of extract/layouts/grid.py (issue 15), which keeps the Reader (header finding and
cell assignment); every piece stays a span of the text received.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..framework import level1_category, level2_category
from .base import Cell
from .celltype import cell_type
from .headers import (
    header_role,
    split_glued_header,
    synonym_length,
)
from .rows import (
    Row,
    header_roles,
    is_budget_header,
    is_indicator_header,
)

_INDEXED_NAME = re.compile(r"^指标\d{1,2}[:：]")


def _glued_pieces(text: str, s: int, e: int) -> list[Cell] | None:
    """``split_glued_header`` over ``text[s:e]`` with its whitespace left out (a header word
    cut by a wrap: ``年初目标 值(A)实际完成值(B)``), the pieces as cells of the text."""
    spans = _glued_spans(text[s:e])
    if spans is None:
        return None
    return [Cell(text[s + a : s + b], s + a, s + b) for a, b in spans]


@lru_cache(maxsize=16384)
def _glued_spans(part: str) -> tuple[tuple[int, int], ...] | None:
    """The pieces of :func:`_glued_pieces` as spans of ``part``, memoised (asked of every
    two neighbouring cells of every row)."""
    pos = [i for i in range(len(part)) if not part[i].isspace()]
    pieces = split_glued_header("".join(part[i] for i in pos))
    if pieces is None:
        return None
    return tuple((pos[a], pos[b - 1] + 1) for a, b in pieces)


_GROUP_END = re.compile(r"[)）]")


def _group_glued(cell: str) -> list[tuple[int, int]] | None:
    """``年度预算(万元)年初预算数``: a group label ending in a bracket with the first header
    word glued after it -- the label and the word (or words) after it."""
    for m in _GROUP_END.finditer(cell):
        rest = cell[m.end() :]
        if not rest.strip():
            return None
        tail = split_glued_header(rest)
        if (tail or header_role(rest) is not None) and len(rest.strip()) >= 2:
            after = [(m.end() + a, m.end() + b) for a, b in tail] if tail else [(m.end(), len(cell))]
            return [(0, m.end()), *after]
    return None


def _rejoined_words(row: Row, text: str) -> list[Cell] | None:
    """A header word a glued-line splitter cut at its digits (``预期`` | ``2019年`` |
    ``实现值``: no space between them in the text) is one cell again when it is then a header
    word; None when nothing joins."""
    out: list[Cell] = []
    k, changed = 0, False
    while k < len(row):
        c = row[k]
        j = k + 1
        while j < len(row) and row[j].start == row[j - 1].end and row[j].clean:
            j += 1
        if j - k >= 2 and c.clean and header_role(c.text) is None:
            merged = Cell(text[c.start : row[j - 1].end], c.start, row[j - 1].end)
            if header_role(merged.text) is not None and split_glued_header(merged.text) is None:
                out.append(merged)
                k, changed = j, True
                continue
        out.append(c)
        k += 1
    return out if changed else None


def _unglued_header(row: Row, roles: list[str | None], text: str) -> tuple[Row, list[str | None]]:
    """The row with header words a converter ran together in one cell split apart, when
    that makes it a header (``指标权重(分)年初目标值(A)实际完成值`` is three columns); else as is.
    A run whose first word a wrap cut off (``年初目标`` | ``值(A)实际完成值(B)…``) is read
    joined to the cell before it."""
    if sum(r is not None for r in roles) >= 2:
        joined_row = _rejoined_words(row, text)
        if joined_row is not None:
            row, roles = joined_row, header_roles(joined_row)
    out: list[Cell] = []
    changed = False
    single = False  # the last cell of ``out`` is a cell of the row as printed
    for c in row:
        pieces = split_glued_header(c.text)
        if pieces is None:
            joined = None
            if single and c.clean and not text[out[-1].end : c.start].strip():
                whole = Cell(text[out[-1].start : c.end], out[-1].start, c.end)
                if (header_role(out[-1].text) is None or len(out[-1].clean) <= 2) and synonym_length(
                    whole.text
                ) == len(whole.clean):
                    out[-1] = whole  # one header word cut by a wrap (指标 | 值设定依据)
                    changed, single = True, False
                    continue
                joined = _glued_pieces(text, out[-1].start, c.end)
                if (
                    joined is not None
                    and header_role(c.text) is not None
                    and synonym_length(joined[0].text) <= synonym_length(out[-1].text)
                ):
                    joined = None  # the cell before is a whole word: nothing was cut off it
            if joined is not None:
                out[-1:] = joined
                changed, single = True, False
                continue
            pieces = _group_glued(c.text)
        if pieces is None:
            out.append(c)
            single = True
            continue
        changed, single = True, False
        out.extend(Cell(c.text[a:b], c.start + a, c.start + b) for a, b in pieces)
    if not changed:
        return row, roles
    new_roles = header_roles(out)
    adds = {r for r in new_roles if r} - {r for r in roles if r}
    if adds and (is_indicator_header(new_roles) or is_budget_header(header_roles(out, budget=True))):
        return out, new_roles
    return row, roles


def _weight_score_run(c: Cell) -> tuple[Cell, Cell] | None:
    """A weight and its score printed as one digit run (``1313``, ``88``, ``2015.5``): the
    cut where both are plausible numbers, the score at most the weight (and at most 100),
    and the two closest (a score is near its weight far more often than not)."""
    t = c.text
    if not t.replace(".", "").isdigit() or t.count(".") > 1 or len(t) < 2:
        return None
    best: tuple[float, int] | None = None
    for cut in range(1, len(t)):
        a, b = t[:cut], t[cut:]
        if (
            any(p.startswith("0") and p != "0" and not p.startswith("0.") for p in (a, b))
            or a.endswith(".")
            or b.startswith(".")
        ):
            continue
        w, sc = float(a), float(b)
        if sc <= w <= 100 and (best is None or w - sc < best[0]):
            best = (w - sc, cut)
    if best is None:
        return None
    cut = best[1]
    return Cell(t[:cut], c.start, c.start + cut), Cell(t[cut:], c.start + cut, c.end)


def _cut_figure(plain: list[Cell], chosen: list[Cell]) -> Cell | None:
    """The plain reading's figure that the chosen reading cut in two (``10`` -> ``1`` ``0``)."""
    starts = {c.start: c for c in plain if c.clean}
    for a, b in zip(chosen, chosen[1:], strict=False):
        whole = starts.get(a.start)
        if (
            whole is not None
            and a.end == b.start
            and whole.end == b.end
            and cell_type(whole.clean) == "number"
        ):
            return whole
    return None


def _leading_numbers(cells: list[Cell]) -> int:
    lead = 0
    while lead < len(cells) and cell_type(cells[lead].clean) == "number":
        lead += 1
    return lead


def _is_level_label(s: str) -> bool:
    return (
        level1_category(s) is not None
        or level2_category(s) is not None
        or (s.endswith("指标") and len(s) <= 8 and not _INDEXED_NAME.match(s))
    )
