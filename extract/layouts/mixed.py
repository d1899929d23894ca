"""The ``mixed`` layout: each cell on a line starting ``| ``, a lone ``|`` ending the row
(rows may also run over plain lines between the marked ones)."""

from __future__ import annotations

import re

from ..model import Table
from .base import Cell, Region, _lines, cell_at
from .grid import Reader

_LEAD = re.compile(r"^[ \t]*[|｜]")


def detect(region: Region) -> float:
    if "|" not in region.body and "｜" not in region.body:
        return 0.0
    lines = region.nonblank
    if not lines:
        return 0.0
    lone = sum(ln.rstrip("\r") in ("|", "｜") for ln in lines)
    led = sum(
        bool(_LEAD.match(ln)) and ln.rstrip("\r") not in ("|", "｜") and ln.rstrip()[-1:] not in ("|", "｜")
        for ln in lines
    )
    if lone < 2 or led + lone < 0.6 * len(lines):
        return 0.0
    return 0.97  # lone pipes ending rows: no other family writes those


def rows(region: Region) -> list[list[Cell]]:
    t = region.text
    out: list[list[Cell]] = []
    cur: list[Cell] = []
    for s, e in _lines(t, region.start, region.end):
        line = t[s:e]
        if not line.strip():
            continue
        if line.rstrip("\r") in ("|", "｜"):  # a lone pipe ends the row; "| " is an empty cell
            out.append(cur)
            cur = []
            continue
        m = _LEAD.match(line)
        if m is None and not out and not cur:
            continue  # the title and head lines above the first marked cell
        cur.append(cell_at(t, s + m.end() if m else s, e))
    if cur:
        out.append(cur)
    return [r for r in out if r]


def parse(region: Region) -> Table:
    return Reader(region, rows(region), "mixed").read()
