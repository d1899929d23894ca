"""Report → JSON-ready dict, with the place of every span in the original file added:
``page``/``bbox`` for PDF input, ``cell`` (or ``cells``) for tables of HTML, Word and
spreadsheet input (``项目自评表!D12``, ``表2!R3C4``)."""

from __future__ import annotations

import json
from bisect import bisect_right
from typing import Any

from extract.model import Report
from extract.read import Source

MAX_CELL_LIST = 20  # spans over more cells than this get a ``cell_range`` instead of ``cells``


def _range(first: str, last: str) -> str:
    """``Sheet1!A3`` and ``Sheet1!H18`` → ``Sheet1!A3:H18`` (the sheet is named once)."""
    sheet, _, ref = last.rpartition("!")
    return f"{first}:{ref}" if first.rpartition("!")[0] == sheet else f"{first}:{last}"


class CellIndex:
    """The cells of a source, to name the cells a span overlaps."""

    def __init__(self, cells: list[tuple[int, int, str]]) -> None:
        self.cells = sorted(c for c in cells if c[1] > c[0])  # empty cells hold no evidence
        self.starts = [c[0] for c in self.cells]

    def refs(self, start: int, end: int) -> list[str]:
        """Refs of the cells whose text overlaps ``[start, end)``, in text order."""
        i = max(0, bisect_right(self.starts, start) - 1)
        out = []
        while i < len(self.cells) and self.cells[i][0] < end:
            s, e, ref = self.cells[i]
            if s < end and start < e:
                out.append(ref)
            i += 1
        return out


def _annotate(obj: Any, src: Source, cells: CellIndex | None) -> None:
    """Add ``page``/``bbox`` (PDF) or ``cell``/``cells`` (table cells of other files) beside
    every ``start``/``end`` pair."""
    if isinstance(obj, dict):
        s, e = obj.get("start"), obj.get("end")
        if isinstance(s, int) and isinstance(e, int) and 0 <= s < e:
            loc = src.locate(s, e)
            if loc:
                obj.update(loc)
            if cells is not None:
                refs = cells.refs(s, e)
                if len(refs) == 1:
                    obj["cell"] = refs[0]
                elif len(refs) <= MAX_CELL_LIST:
                    obj["cells"] = refs
                elif refs:  # a whole table: its first and last cell, not a list of hundreds
                    obj["cell_range"] = _range(refs[0], refs[-1])
        for v in obj.values():
            if isinstance(v, dict | list):
                _annotate(v, src, cells)
    elif isinstance(obj, list):
        for v in obj:
            _annotate(v, src, cells)


def report_dict(report: Report, src: Source | None = None, include_text: bool = False) -> dict[str, Any]:
    d = report.to_dict(include_text=include_text)
    if src is not None and (src.boxes or src.cells):
        _annotate(d, src, CellIndex(src.cells) if src.cells else None)
    return d


def dumps(d: dict[str, Any], indent: int | None = None) -> str:
    # A report dict is a tree built afresh (``plain``): no container can hold itself, so the
    # encoder need not track every container it enters (the same bytes, ~10% less time).
    return json.dumps(d, ensure_ascii=False, indent=indent, check_circular=False)
