"""The ``inline`` layout: a row's cells run together on one line, separated by single
spaces or nothing (``项目总成本 ≤90万元 90 8 8``, ``〈名〉95%98%``).

Tokens are cut at whitespace and where one cell's value visibly ends and the next begins
(a level label running into the name, a name into an operator or a digit, a ``%`` into
the next number). The generic reader then aligns the pieces to the header by type (words
in a row may join into one name, :func:`.rows.align`)."""

from __future__ import annotations

import re

from ..framework import LEVEL1, LEVEL2
from ..model import Table
from .base import Cell, Region, _lines, cell_at
from .grid import Reader
from .rows import join_header_lines

_TOKEN = re.compile(r"\S+")
_PAGE_NO = re.compile(r"^\d{1,2}、$")  # page counters a PDF's reading order drops mid-row
# Cut points inside a token: before an operator or digit that follows a CJK character
# (name | value), after a % or a CJK unit followed by an operator or digit (value | value).
_CUT = re.compile(r"(?<=[\u4e00-\u9fff）)])(?=[≥≤≧≦<>＜＞=＝]|[+-]?\d)|(?<=[%％])(?=[≥≤≧≦<>=＝\d])")
_WORDS = frozenset({"text"})
# A framework label at the start of a token (longest first).
_LABEL_HEAD = re.compile("|".join(map(re.escape, sorted(set(LEVEL1) | set(LEVEL2), key=len, reverse=True))))


def detect(region: Region) -> float:
    """Most lines hold several cells (two tokens or more), and blank lines do not separate
    fragments (the one-cell-per-line converters put them between wrapped pieces)."""
    lines = region.nonblank
    if not lines:
        return 0.0
    multi = sum(len(ln.split(None, 2)) >= 2 for ln in lines) / len(lines)
    return 0.6 * multi * (1 - region.blank_share)


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


def rows(region: Region) -> list[list[Cell]]:
    t = region.text
    rows = [_pieces(t, s, e) for s, e in _lines(t, region.start, region.end) if t[s:e].strip()]
    return join_header_lines([[c for c in r if not _PAGE_NO.match(c.text)] for r in rows])


def parse(region: Region) -> Table:
    return Reader(region, rows(region), "inline").read()
