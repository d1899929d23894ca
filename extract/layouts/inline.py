"""The ``inline`` layout: a row's cells run together on one line, separated by single
spaces or nothing (``项目总成本 ≤90万元 90 8 8``, ``〈名〉95%98%``).

Lines are cut into cells by :func:`extract.cells.split_glued` (where the kind of text
changes) and a level label glued to the name is split off. Where digits ran into digits
(a weight into the target after it) the other cuts (:func:`extract.cells.glued_readings`)
go along, and the reader keeps the one the table's arithmetic supports. The generic
reader aligns the cells to the header by type (words in a row may join into one name,
:func:`.rows.align`)."""

from __future__ import annotations

import re
from itertools import islice

from ..cells import glued_readings, split_glued
from ..field_words import SUFFIX_OPERATORS, UNIT_PATTERN
from ..framework import LEVEL1, LEVEL2
from ..model import Table
from .base import Cell, Region, _lines, cell_at
from .grid import Reader
from .rows import Readings, join_header_lines

_TOKEN = re.compile(r"\S+")
_SPACED_WORD = re.compile(r"([+-]?\d[\d.,]*%?)[ \t]+([\u4e00-\u9fff]+)")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# A unit with its bound word (``64 公里以上``, ``23 小时以内``): the number's own, not the next cell.
_UNIT_SUFFIX = re.compile(rf"(?:{UNIT_PATTERN})(?:{'|'.join(map(re.escape, SUFFIX_OPERATORS))})?")
# A row glued without spaces: text running into a number that runs into more text or numbers.
_GLUED_ROW = re.compile(r"[\u4e00-\u9fff][^\s\d]{0,3}\d[\d.]*[^\s\d]{1,4}\d")
_MAX_READINGS = 24  # cuts of a glued row tried (the plain one first)
_PAGE_NO = re.compile(r"^\d{1,2}、$")  # page counters a PDF's reading order drops mid-row
# A framework label at the start of a token (longest first).
_LABEL_HEAD = re.compile("|".join(map(re.escape, sorted(set(LEVEL1) | set(LEVEL2), key=len, reverse=True))))


def ceiling(region: Region) -> float:
    """The most :func:`detect` can return (every line holding several cells)."""
    return 0.6 * (1 - region.blank_share) if region.nonblank else 0.0


def detect(region: Region) -> float:
    """Most lines hold several cells (two tokens or more), and blank lines do not separate
    fragments (the one-cell-per-line converters put them between wrapped pieces)."""
    lines = region.nonblank
    if not lines:
        return 0.0
    multi = sum(len(ln.split(None, 2)) >= 2 or bool(_GLUED_ROW.search(ln)) for ln in lines) / len(lines)
    return 0.6 * multi * (1 - region.blank_share)


def _unglue_spaced_units(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``5 部`` + ``分资金未到位``, ``10 台风影响``: a word after a space is no unit of the
    number before it when it runs on into text; it starts the next cell."""
    out: list[tuple[int, int]] = []
    k = 0
    while k < len(spans):
        s, e = spans[k]
        m = _SPACED_WORD.match(text, s, e)
        if m and m.end() == e:
            nxt = spans[k + 1] if k + 1 < len(spans) else None
            runs_on = nxt is not None and nxt[0] == e and _CJK.match(text, nxt[0])
            if runs_on or (len(m.group(2)) > 2 and not _UNIT_SUFFIX.fullmatch(m.group(2))):
                out.append((s, s + len(m.group(1))))
                if runs_on:
                    out.append((m.start(2), nxt[1]))
                    k += 2
                    continue
                out.append((m.start(2), e))
                k += 1
                continue
        out.append((s, e))
        k += 1
    return out


def _cells(text: str, spans: list[tuple[int, int]]) -> list[Cell]:
    """Cells of the spans, a level label glued to the name split off (质量指标水质达标率)."""
    out: list[Cell] = []
    for s, e in _unglue_spaced_units(text, spans):
        label = _LABEL_HEAD.match(text, s, e)
        if label and label.end() < e and not text[label.end()].isdigit():
            out.append(cell_at(text, s, label.end()))
            s = label.end()
        out.append(cell_at(text, s, e))
    return out


def _pieces(text: str, s: int, e: int) -> list[Cell]:
    return _cells(text, split_glued(text, s, e))


def _row(text: str, s: int, e: int) -> list[Cell]:
    """One line's cells; when digits ran together (a weight into the target after it) the
    other cuts go along for the reader to choose by arithmetic."""
    readings = list(islice(glued_readings(text, s, e), _MAX_READINGS))
    first = _cells(text, readings[0])
    if len(readings) == 1:
        return first
    return Readings(first, [_cells(text, r) for r in readings[1:]])


def rows(region: Region) -> list[list[Cell]]:
    t = region.text
    rows = [_row(t, s, e) for s, e in _lines(t, region.start, region.end) if t[s:e].strip()]
    return join_header_lines([_drop_page_numbers(r) for r in rows])


def _drop_page_numbers(row: list[Cell]) -> list[Cell]:
    if not any(_PAGE_NO.match(c.text) for c in row):
        return row
    return [c for c in row if not _PAGE_NO.match(c.text)]


def parse(region: Region) -> Table:
    return Reader(region, rows(region), "inline").read()
