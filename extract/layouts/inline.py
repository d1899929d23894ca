"""The ``inline`` layout: a row's cells run together on one line, separated by single
spaces or nothing (``项目总成本 ≤90万元 90 8 8``, ``〈名〉95%98%``).

Tokens are cut at whitespace and where one cell's value visibly ends and the next begins
(a name running into an operator or a digit, a ``%`` or a unit running into the next
number); consecutive words are one text cell again (a name with a space in it). The
generic reader then aligns the pieces to the header by type."""

from __future__ import annotations

import re

from ..framework import LEVEL1, LEVEL2
from ..model import Table
from .base import Cell, Region, _lines, cell_at
from .celltype import cell_type
from .grid import Reader

_TOKEN = re.compile(r"\S+")
# Cut points inside a token: before an operator or digit that follows a CJK character
# (name | value), after a % or a CJK unit followed by an operator or digit (value | value).
_CUT = re.compile(r"(?<=[\u4e00-\u9fff）)])(?=[≥≤≧≦<>＜＞=＝]|[+-]?\d)|(?<=[%％])(?=[≥≤≧≦<>=＝\d])")
_WORDS = frozenset({"text"})
# A framework label at the start of a token (longest first).
_LABEL_HEAD = re.compile("|".join(map(re.escape, sorted(set(LEVEL1) | set(LEVEL2), key=len, reverse=True))))


def detect(region: Region) -> float:
    t = region.text
    lines = [t[s:e] for s, e in _lines(t, region.start, region.end) if t[s:e].strip()]
    if not lines:
        return 0.0
    rowish = sum(len(_TOKEN.findall(ln)) >= 3 and any(ch.isdigit() for ch in ln) for ln in lines)
    return 0.6 * rowish / len(lines)


def _pieces(text: str, s: int, e: int) -> list[Cell]:
    out: list[Cell] = []
    for m in _TOKEN.finditer(text, s, e):
        pos = m.start()
        label = _LABEL_HEAD.match(text, pos, m.end())
        if label and label.end() < m.end():  # 质量指标水质达标率: the level label, then the name
            out.append(cell_at(text, pos, label.end()))
            pos = label.end()
        for cut in _CUT.finditer(text, pos, m.end()):
            if cut.start() > pos:
                out.append(cell_at(text, pos, cut.start()))
                pos = cut.start()
        out.append(cell_at(text, pos, m.end()))
    return out


def line_cells(text: str, s: int, e: int) -> list[Cell]:
    """One line's cells: pieces, with neighbouring words joined into one text cell."""
    cells: list[Cell] = []
    for p in _pieces(text, s, e):
        if cells and cell_type(p.clean) in _WORDS and cell_type(cells[-1].clean) in _WORDS \
                and not _is_header(cells[-1]) and not _is_header(p):
            cells[-1] = cell_at(text, cells[-1].start, p.end)
        else:
            cells.append(p)
    return cells


def _is_header(c: Cell) -> bool:
    from .headers import header_role

    return header_role(c.text) is not None


def rows(region: Region) -> list[list[Cell]]:
    t = region.text
    return [line_cells(t, s, e) for s, e in _lines(t, region.start, region.end) if t[s:e].strip()]


def parse(region: Region) -> Table:
    return Reader(region, rows(region), "inline").read()
