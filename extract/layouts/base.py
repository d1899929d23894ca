"""What every layout plug-in shares: the region a table occupies and the line and cell
primitives over the document text (all offsets index the text as received)."""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate, repeat


@dataclass
class Region:
    """A table's extent in a document: ``text[start:end]`` is the table. ``folded`` is the
    width-folded text (same length, same offsets) when the caller has it."""

    text: str
    start: int
    end: int
    title: str
    kind: str  # overall | project
    folded: str | None = None

    @property
    def body(self) -> str:
        return self.text[self.start : self.end]

    @cached_property
    def split(self) -> list[str]:
        """The body's lines (computed once: every layout's ``detect`` looks at them)."""
        lines = self.body.split("\n")
        if len(lines) > 1 and not lines[-1]:
            lines.pop()  # the piece after a final newline is no line
        return lines

    @cached_property
    def nonblank(self) -> list[str]:
        return [ln for ln in self.split if ln.strip()]

    @property
    def blank_share(self) -> float:
        """Blank lines per non-blank line, at most 1."""
        n = len(self.nonblank)
        return min(1.0, (len(self.split) - n) / n) if n else 0.0


def squash(s: str) -> str:
    """``framework.squash`` for a string: all whitespace removed. ``str.split()`` splits on
    the same (Unicode) whitespace as ``\\s+`` and is several times faster than the regex
    on the short strings (cells, lines) squashed here."""
    return "".join(s.split())


_TAG = re.compile(r"<[^>\n]{0,40}>")
_TOTAL = re.compile(r"^[ \t,，.·;；]*总[ \t]*分", re.M)
_TOTAL_CELL = re.compile(r"(?:^|\t)[ ,，.·;；]*总[ \t]*分[ \t]*(?:\t|$)")


def _is_total_line(line: str) -> bool:
    """The 总分 row: a cell reading 总分 (converters prefix it with stray dots or commas)."""
    # Both patterns need the character 总: test for it first (most lines lack it).
    return "总" in line and bool(_TOTAL.match(line) or _TOTAL_CELL.search(line))


_PLACEHOLDER = {"", "-", "—", "–", "_", "/", "——", "－", "ー", "一"}


class Cell:
    """One tab-separated cell: its stripped text and that text's span.

    A plain slotted class (not a dataclass): thousands are built per report, and ``clean``
    is asked for repeatedly, so it is computed once on first use.
    """

    __slots__ = ("text", "start", "end", "_clean")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end
        self._clean: str | None = None

    @property
    def clean(self) -> str:
        if self._clean is None:
            text = _TAG.sub("", self.text) if "<" in self.text else self.text  # a tag needs "<"
            self._clean = squash(text)
        return self._clean

    def __repr__(self) -> str:
        return f"Cell({self.text!r}, {self.start}, {self.end})"


def _line_bounds(text: str, start: int, end: int) -> tuple[list[int], list[int]]:
    """Starts and ends (without the newline) of the lines in text[start:end].

    Offsets come from the piece lengths with map/accumulate (no Python loop per line: this
    runs over whole documents)."""
    chunk = text[start:end]
    parts = chunk.split("\n")
    lens = list(map(len, parts))
    starts = list(accumulate(map(operator.add, lens[:-1], repeat(1)), initial=start))
    ends = list(map(operator.add, starts, lens))
    if "\r" in chunk:
        ends = [e - 1 if line.endswith("\r") else e for line, e in zip(parts, ends, strict=True)]
    if starts[-1] >= end and end > start:
        starts.pop()  # the empty piece after a final newline
        ends.pop()
    return starts, ends


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(line_start, line_end_without_newline) for each line in text[start:end]."""
    return list(zip(*_line_bounds(text, start, end), strict=True))


class _LineIndex:
    """The lines of a whole document as ``lines[i] -> (start, end)``, without building a
    tuple per line (find_tables looks at a few dozen of the thousands)."""

    def __init__(self, text: str) -> None:
        self.starts, self.ends = _line_bounds(text, 0, len(text))

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, i: int) -> tuple[int, int]:
        return self.starts[i], self.ends[i]


@lru_cache(maxsize=4)
def line_index(text: str) -> _LineIndex:
    """The document's :class:`_LineIndex`, built once for both table finders (read only)."""
    return _LineIndex(text)


@lru_cache(maxsize=8192)
def _cells(text: str, ls: int, le: int) -> tuple[Cell, ...]:
    """The tab-separated cells of one line (cached: the table parser visits lines several
    times; ``text`` hashes once per document, so the key is cheap)."""
    cells: list[Cell] = []
    append = cells.append
    pos = ls
    for part in text[ls:le].split("\t"):
        # Trim each cell's span to its visible text so evidence has no padding.
        n = len(part)
        stripped = part.strip()
        m = len(stripped)
        if m == n:  # the usual cell, nothing to trim
            append(Cell(part, pos, pos + n))
        else:
            s = pos + n - len(part.lstrip())
            append(Cell(stripped, s, s + m))
        pos += n + 1
    return tuple(cells)


def _spaced(*words: str) -> re.Pattern[str]:
    """Any of ``words`` in the squashed text: whitespace may sit between their characters
    (a regex search instead of squashing the text first)."""
    return re.compile("|".join(r"\s*".join(map(re.escape, w)) for w in words))


def split_line(text: str, ls: int, le: int, delim: re.Pattern[str]) -> list[Cell]:
    """The cells of ``text[ls:le]`` between matches of ``delim``, each trimmed to its
    visible text (an empty cell keeps a zero-width span where it sits)."""
    cells: list[Cell] = []
    pos = ls
    for m in delim.finditer(text, ls, le):
        cells.append(_trimmed(text, pos, m.start()))
        pos = m.end()
    cells.append(_trimmed(text, pos, le))
    return cells


def _trimmed(text: str, s: int, e: int) -> Cell:
    part = text[s:e]
    stripped = part.strip()
    if not stripped:
        return Cell("", s, s)
    s2 = s + len(part) - len(part.lstrip())
    return Cell(stripped, s2, s2 + len(stripped))


def cell_at(text: str, s: int, e: int) -> Cell:
    return _trimmed(text, s, e)
