"""The ``spaces`` layout (layout-preserving PDF text): columns split by runs of two or
more spaces; a header may run over two lines (``年度 实际`` over ``指标值 完成值``), whose
pieces are joined by their horizontal position."""

from __future__ import annotations

import re

from ..model import Table
from .base import Cell, Region, _lines, split_line
from .grid import Reader
from .headers import header_role

_GAP = re.compile(r"[ \u3000]{2,}|\t|\u3000")
_INNER_GAP = re.compile(r"\S(?:[ \u3000]{2,}|\u3000)\S")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_FIGURE = re.compile(r"[%％.]|^[≥≤=<>≧≦]")  # a value (a percent, a decimal, an operator), no header word


def detect(region: Region) -> float:
    if "  " not in region.body and "\u3000" not in region.body:
        return 0.0
    lines = region.nonblank
    if not lines:
        return 0.0
    share = sum(bool(_INNER_GAP.search(ln)) for ln in lines) / len(lines)
    return 0.7 + 0.2 * share if share >= 0.5 else share * 0.6


def _col(text: str, ls: int, pos: int) -> int:
    """Display column of ``pos`` on its line (a CJK character is two columns wide)."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text[ls:pos])


def _cells(text: str, s: int, e: int) -> list[Cell]:
    return [c for c in split_line(text, s, e, _GAP) if c.text]


def _merge_header(
    text: str, top: tuple[int, int], top_cells: list[Cell], bottom: tuple[int, int], bottom_cells: list[Cell]
) -> list[Cell] | None:
    """``bottom`` continues the header cells of ``top`` when each of its cells is short,
    holds a word and no value and sits under one of top's cells, and the joined cells name
    more columns; the joined cells, or None."""
    if not bottom_cells or any(
        len(c.clean) > 8 or not _CJK.search(c.clean) or _FIGURE.search(c.clean) for c in bottom_cells
    ):
        return None  # (a header word cut at its digits continues with them: 预期202 / 0年实现值)
    centers = [(_col(text, top[0], c.start) + _col(text, top[0], c.end)) / 2 for c in top_cells]
    joined = [[c] for c in top_cells]
    for b in bottom_cells:
        mid = (_col(text, bottom[0], b.start) + _col(text, bottom[0], b.end)) / 2
        k = min(range(len(centers)), key=lambda i: abs(centers[i] - mid))
        joined[k].append(b)
    out = []
    for parts in joined:
        c = Cell("".join(p.text for p in parts), parts[0].start, parts[-1].end)
        out.append(c)
    gained = sum(header_role(c.text) is not None for c in out) - sum(
        header_role(c.text) is not None for c in top_cells
    )
    return out if gained > 0 else None


def rows(region: Region) -> list[list[Cell]]:
    t = region.text
    lines = [(s, e) for s, e in _lines(t, region.start, region.end) if t[s:e].strip()]
    cells = [_cells(t, s, e) for s, e in lines]
    out: list[list[Cell]] = []
    k = 0
    while k < len(lines):
        row = cells[k]
        if k + 1 < len(lines) and sum(header_role(c.text) is not None for c in row) >= 2:
            merged = _merge_header(t, lines[k], row, lines[k + 1], cells[k + 1])
            if merged is not None:
                out.append(merged)
                k += 2
                continue
        out.append(row)
        k += 1
    return out


def parse(region: Region) -> Table:
    return Reader(region, rows(region), "spaces").read()
