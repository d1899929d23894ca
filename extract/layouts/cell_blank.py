"""The ``cell_blank`` layout: one cell per paragraph, cells separated by an empty line, an
empty cell written as a line holding one space. Rows come from the header widths
(:func:`.rows.chunk_stream`); the budget block is a run of headers, then a label and its
values."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

from ..model import Table
from .base import Cell, Region, cell_at
from .grid import Reader
from .rows import chunk_stream

_NUMS = re.compile(r"\d(?:[\d.,]*\d)?%?[ \t]+[+-]?\d")  # two numbers on one line: not this layout


def ceiling(region: Region) -> float:
    """The most :func:`detect` can return."""
    return _TOP


_TOP = 0.85


def detect(region: Region) -> float:
    t = region.body
    if "\n\n" not in t:
        return 0.0
    full = len(region.nonblank)
    blank = len(region.split) - full
    if full < 4 or "|" in t or "\t" in t:
        return 0.0
    if _more_than(_NUMS.finditer(t), 2):
        return 0.1  # cells sharing a line (seed 001's converter): cell_lines reads those
    share = blank / full
    return _TOP if share >= 0.8 else 0.3 * share


def _more_than(matches: Iterator[re.Match[str]], n: int) -> bool:
    """More than ``n`` matches (stops at the first one over: no full scan needed)."""
    return next(islice(matches, n, None), None) is not None


def rows(region: Region) -> list[list[Cell]]:
    """Cells between empty lines: a wrapped cell stays one cell; a lone space is empty."""
    t = region.text
    stream: list[Cell] = []
    for s, e in _split(t, region.start, region.end):
        stream.append(cell_at(t, s, e))
    return chunk_stream(stream)


def _split(t: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the cells: text between blank lines (``\\n\\n``); a line holding only
    spaces between two blank lines is an empty cell."""
    out: list[tuple[int, int]] = []
    pos = start
    for m in re.finditer(r"\n\n", t[start:end]):
        a = start + m.start()
        if a >= pos:
            out.append((pos, a))
        pos = start + m.end()
    out.append((pos, end))
    # Leading empty pieces (the region starting on a blank line) are no cells.
    while out and not t[out[0][0] : out[0][1]].strip():
        out.pop(0)
    return out


def parse(region: Region) -> Table:
    return Reader(region, rows(region), "cell_blank").read()
