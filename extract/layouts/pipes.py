"""The ``pipes`` layout (HTML and Markdown conversions), three forms:

* one row per line, cells split by ``|``, rows padded with a trailing run of empty cells
  (``| ||||``), a leading pipe, merged first columns shifting continuation rows left;
* one cell per line, each ending in `` |`` (an empty cell is a line ``|``): rows come from
  the header's width (:func:`.rows.chunk_stream`);
* alternating lines, ``label |`` then ``value | ||||`` (the head of a table).
"""

from __future__ import annotations

import re

from ..model import Table
from .base import Cell, Region, _lines, cell_at, split_line
from .celltype import cell_type
from .grid import Reader
from .headers import header_role
from .rows import chunk_stream

_PIPE = re.compile(r"[ \t]*[|｜][ \t]*")
_RULE = re.compile(r"^[\s|:：\-—=+]*$")  # a Markdown rule line |---|---|


def _is_rule(line: str) -> bool:
    """A Markdown rule line (``|---|---|``, ``|-|-|``); a lone ``- |`` is an empty cell
    (not applicable), not a rule."""
    if not _RULE.match(line) or "-" not in line:
        return False
    return "---" in line or (line.count("-") >= 2 and line.count("|") + line.count("｜") >= 2)


_CELL_LINE = re.compile(r"^[^|｜]*[|｜][ \t]*$")  # `text |` or `|`


def _content_lines(region: Region) -> list[tuple[int, int]]:
    t = region.text
    return [(s, e) for s, e in _lines(t, region.start, region.end) if t[s:e].strip() and not _is_rule(t[s:e])]


def detect(region: Region) -> float:
    body = region.body
    if "|" not in body and "｜" not in body:
        return 0.0
    lines = [ln for ln in region.nonblank if not _is_rule(ln)]
    if not lines:
        return 0.0
    piped = sum(("|" in ln or "｜" in ln) for ln in lines)
    share = piped / len(lines)
    return 0.75 + 0.2 * share if share >= 0.5 else share


def _one_cell_per_line(region: Region, lines: list[tuple[int, int]]) -> bool:
    t = region.text
    one = sum(
        bool(_CELL_LINE.match(t[s:e]))
        and not t[s:e].lstrip().startswith(("|", "｜"))
        or t[s:e].strip() in ("|", "｜")
        for s, e in lines
    )
    return one >= 0.8 * len(lines)


def rows(region: Region) -> list[list[Cell]]:
    t = region.text
    lines = _content_lines(region)
    if _one_cell_per_line(region, lines):
        stream = []
        for s, e in lines:
            bar = max(t.rfind("|", s, e), t.rfind("｜", s, e))
            if bar != -1:  # a line without its pipe (the title) is no cell
                stream.append(cell_at(t, s, bar))
        return chunk_stream(stream)
    out: list[list[Cell]] = []
    for s, e in lines:
        cells = split_line(t, s, e, _PIPE)
        if t[s:e].lstrip()[:1] in ("|", "｜") and not cells[0].text:
            cells = cells[1:]  # the leading pipe
        prev = [c for c in out[-1] if c.text] if out else []
        first = next((c for c in cells if c.text), None)
        if (
            len(prev) == 1
            and cell_type(prev[0].clean) in ("text", "label")
            and header_role(prev[0].text) is None
            and (first is None or not cells[0].text or cell_type(first.clean) in ("number", "percent", "na"))
        ):
            # Alternating lines: a row's label on one line, its values on the next.
            out[-1] = [prev[0], *cells]
            continue
        out.append(cells)
    return out


def parse(region: Region) -> Table:
    return Reader(region, rows(region), "pipes").read()
