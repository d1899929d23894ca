"""The text rendering shared by the HTML, Word and spreadsheet readers.

Layout (the same as the PDF reader's ruled tables, so the tab parser reads them all):

- a paragraph is one line (a line break inside it starts another);
- a table is preceded and followed by a blank line; each of its rows is one line with its
  cells joined by a TAB; inside a cell, newlines and tabs become a single space (a cell
  must stay on its row's line); a cell covered by a merged cell is empty;
- rows whose cells are all empty are left out.

Every table cell written is recorded as ``(start, end, ref)`` in ``cells`` so that evidence
can name it (``Sheet!D12``, ``表2!R3C4``); offsets index the rendered text exactly.
"""

from __future__ import annotations

import re

from extract.messages import t as say

from .source import ReadError

_CELL_SPACE = re.compile(r"[ \t\r\n\f\v\u2028\u2029\x85]+")
_LINE_SPACE = re.compile(r"[\r\n\f\v\u2028\u2029\x85]+")


# A line break between two Chinese characters (or full-width marks) inside a cell is where
# the cell's text was wrapped or Enter pressed: the words join without a space.
_CJK_BREAK = re.compile(
    r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])[ \t]*[\r\n\u2028\u2029\x85][ \t\r\n]*"
    r"(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])"
)


def clean_cell(s: str) -> str:
    """A cell's text on one line: a line break between Chinese characters goes, other runs of
    whitespace holding a newline or tab become one space."""
    return _CELL_SPACE.sub(" ", _CJK_BREAK.sub("", s.replace("\xa0", " "))).strip()


def clean_line(s: str) -> str:
    """A paragraph's text on one line (tabs kept: a tab-aligned paragraph is a row to the parser)."""
    return _LINE_SPACE.sub(" ", s.replace("\xa0", " ")).strip()


class TextBuilder:
    """Text under construction, with the span and ref of every table cell."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.cells: list[tuple[int, int, str]] = []
        self.grids: list[tuple[int, int]] = []  # (start, end) of each table's rows
        self._blank = True  # at the start of the text, or after a blank line

    def _put(self, s: str) -> None:
        self.parts.append(s)
        self.pos += len(s)

    def line(self, s: str, ref: str | None = None) -> None:
        """A paragraph: one line per line break in it (a Word soft break starts a line too);
        empty lines are dropped. ``ref``: the cell it comes from (a spreadsheet's title row)."""
        for part in _LINE_SPACE.split(s):
            part = clean_line(part)
            if part:
                if ref is not None:
                    self.cells.append((self.pos, self.pos + len(part), ref))
                self._put(part + "\n")
                self._blank = False

    def blank(self) -> None:
        if not self._blank:
            self._put("\n")
            self._blank = True

    def table(self, rows: list[list[tuple[str, str]]]) -> None:
        """Rows of ``(text, ref)`` cells, one line each, a blank line before and after."""
        rows = [[(clean_cell(t), ref) for t, ref in row] for row in rows]
        rows = [row for row in rows if any(t for t, _ in row)]
        if not rows:
            return
        # An inner column empty in every row of a table of three rows or more is a spacer
        # (a narrow gap column of a sheet or form): it says nothing and would stand between
        # cells the reader pairs by position. (Leading empty columns stay: a fragment of a
        # table continued on its own keeps its cells in their columns.)
        width = max(len(r) for r in rows)
        used = [c for c in range(width) if any(c < len(r) and r[c][0] for r in rows)]
        keep = (
            [c for c in range(width) if c in used or not used or c < used[0] or c > used[-1]]
            if len(rows) >= 3
            else list(range(width))
        )
        if len(keep) < width:
            rows = [[r[c] for c in keep if c < len(r)] for r in rows]
        self.blank()
        start = self.pos
        for row in rows:
            for i, (t, ref) in enumerate(row):
                if i:
                    self._put("\t")
                self.cells.append((self.pos, self.pos + len(t), ref))
                if t:
                    self._put(t)
            self._put("\n")
        self.grids.append((start, self.pos - 1))
        self._blank = False
        self.blank()

    def text(self) -> str:
        """The rendering; a table's closing blank line is dropped at the very end."""
        text = "".join(self.parts)
        return text[:-1] if text.endswith("\n\n") else text


MAX_UNZIPPED = 256 * 1024 * 1024  # bytes a .docx/.xlsx may unpack to


def zip_parts(data: bytes, name: str, kind: str) -> set[str]:
    """The part names of an Office Open XML package; ReadError when it is no zip archive."""
    import io
    import zipfile

    if not data.startswith(b"PK"):
        raise ReadError(f"{name}: " + say("read.corrupt_zip", kind=kind, detail=say("read.not_zip")))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise ReadError(
            f"{name}: " + say("read.corrupt_zip", kind=kind, detail=say("read.damaged_zip", error=e))
        ) from None
    unzipped = sum(i.file_size for i in infos)
    if unzipped > MAX_UNZIPPED:
        # A zip bomb, or no report: refuse before a reader inflates it in memory.
        raise ReadError(
            f"{name}: "
            + say("read.zip_too_large", kind=kind, size=f"{unzipped:,}", limit=f"{MAX_UNZIPPED:,}")
        )
    return {i.filename for i in infos}


def column_letters(col: int) -> str:
    """1 → A, 27 → AA (spreadsheet column names)."""
    out = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out
