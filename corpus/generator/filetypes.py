"""Reports written as .html, .docx or .xlsx: the block list, the text twin, the spans.

A file report is a list of blocks: a paragraph is a string, a table a list of rows of cell
strings (the writers of ``corpus/generator/files.py`` take that list). The tables are the
same grids the text families lay out (``grid.py``: header synonyms, budget sets, fund
sources, operators), so a table reads back to the same rows in any file type.

Spans: the report is also written as a text twin (paragraphs, and table rows with their
cells split by tabs) with every key marked; the tool reads the file into its own text, and
each planted span is found there from the twin by occurrence once whitespace and cell
pipes are dropped (as for PDFs, ``generate.relocate_pdf``).
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .blocks import Para, TableSlot, TextWriter
from .grid import Grid, grid_strings
from .layouts_real import grid_for
from .model import DocModel
from .narrative import document_blocks
from .pdf import Center, Heading, TableSpec, Title
from .spans import count_before, nth

FILE_FORMATS = ("html", "docx", "xlsx")
Block = str | Title | Heading | Center | TableSpec | list[list[str]]


def file_layout(fmt: str) -> str:
    return f"file_{fmt}"


def render_file_doc(doc: DocModel, fmt: str) -> tuple[list[Block], str, dict]:
    """The blocks of the file, and the text twin with its spans."""
    rng = random.Random(f"{doc.seed}:{doc.index}:render")
    w = TextWriter()
    out: list[Block] = []
    for b in document_blocks(doc, rng):
        if isinstance(b, TableSlot):
            t = doc.tables[b.index]
            layout = doc.overall_layout if t.kind == "overall" else doc.layout
            t.layout = layout
            g = grid_for(doc, b.index, t, layout, doc.year)
            # How this file draws the table (a rng of its own: the other draws stay as they were).
            var = FileVariation.draw(random.Random(f"{doc.seed}:{doc.index}:filevar:{b.index}"), fmt)
            for line in g.title_lines:
                w.write(line + "\n\n")
                if not var.title_in_table:
                    out.append(Center(line))
            table_start = w.pos
            for row in g.rows:
                first = last = None
                for i, c in enumerate(row.cells):
                    if i:
                        w.write("\t")
                    s, e = w.write(c.text, *(c.keys if c.text.strip() else ()))
                    if i >= row.span_from and c.text.strip():
                        first = s if first is None else first
                        last = e
                if first is not None and last is not None:
                    for k in row.keys:  # from the name (or first cell) to the last filled cell
                        w.mark(k, first, last)
                w.write("\n")
            w.mark(("table", b.index), table_start, w.pos)
            w.write("\n")
            # Cells centred (forms) or at the top (Word's default) of their rows.
            valign = "TOP" if random.Random(f"{doc.seed}:{doc.index}:valign").random() < 0.5 else "MIDDLE"
            spec = TableSpec(
                grid_strings(g),
                merged_cells(g),
                col_widths(g),
                ruled=not layout.endswith("unruled"),
                valign=valign,
            )
            out.append(var.apply(spec, g))
            for note in g.notes:
                w.write(note + "\n\n")
                out.append(note)
            continue
        assert isinstance(b, Para)
        w.para(b, wrap="none", sep="\n\n")
        out.append({"title": Title, "heading": Heading, "center": Center}.get(b.kind, str)(b.text))
    return out, w.text, w.spans


@dataclass
class FileVariation:
    """What a Word, Excel or HTML file does to a table beyond its grid (drawn per table):
    the title lines as merged rows at the table's top (Excel and Word forms), the indicator
    header over two rows (绩效指标 merged over 一级/二级/三级指标, the value headers merged
    down), long cells broken into lines (<br>, Word paragraphs, Excel wrapped text), an
    empty spacer column (Excel)."""

    title_in_table: bool = False
    two_row_header: bool = False
    breaks: bool = False
    spacer: bool = False

    @classmethod
    def draw(cls, rng: random.Random, fmt: str) -> FileVariation:
        if fmt not in FILE_FORMATS:  # PDFs keep their own drawing
            return cls()
        return cls(
            title_in_table=rng.random() < (0.5 if fmt == "xlsx" else 0.25),
            two_row_header=rng.random() < 0.3,
            breaks=rng.random() < 0.3,
            spacer=fmt == "xlsx" and rng.random() < 0.25,
        )

    def apply(self, spec: TableSpec, g: Grid) -> TableSpec:
        rows, spans = [list(r) for r in spec.rows], list(spec.spans)
        if self.breaks:
            rows = [
                [_break_cell(c) if row.kind in ("goal", "ind") else c for c in r]
                for r, row in zip(rows, g.rows, strict=True)
            ]
        if self.two_row_header:
            rows, spans = _two_row_header(rows, spans, g)
        if self.spacer:
            rows, spans = _spacer(rows, spans, g)
        if self.title_in_table and g.title_lines:
            n, k = len(rows[0]), len(g.title_lines)
            spans = [(c0, r0 + k, c1, r1 + k) for c0, r0, c1, r1 in spans] + [
                (0, i, n - 1, i) for i in range(k)
            ]
            rows = [[line] + [""] * (n - 1) for line in g.title_lines] + rows
        return TableSpec(rows, spans, spec.col_widths if not self.spacer else None, spec.ruled, spec.valign)


def _break_cell(text: str) -> str:
    """A long cell broken after a clause (；。，) past its first 12 characters: where a form's
    author pressed Enter inside the cell."""
    if len(text) < 24:
        return text
    for k, ch in enumerate(text):
        if k >= 12 and ch in "；。，;," and k + 1 < len(text):
            return text[: k + 1] + "\n" + text[k + 1 :]
    return text


def _two_row_header(rows: list[list[str]], spans: list, g: Grid) -> tuple[list[list[str]], list]:
    """The indicator header as 绩效指标 over 一级/二级/三级指标, the other headers merged down."""
    h = next((i for i, r in enumerate(g.rows) if r.kind == "ind_head"), None)
    if h is None or tuple(g.cols[:3]) != ("level1", "level2", "name"):
        return rows, spans
    head = rows[h]
    upper = ["绩效指标", "", ""] + head[3:]
    lower = head[:3] + [""] * (len(head) - 3)
    moved = [(c0, r0 + (r0 > h), c1, r1 + (r1 > h)) for c0, r0, c1, r1 in spans]
    moved += [(0, h, 2, h)] + [(c, h, c, h + 1) for c in range(3, len(head)) if head[c]]
    return rows[:h] + [upper, lower] + rows[h + 1 :], moved


def _spacer(rows: list[list[str]], spans: list, g: Grid) -> tuple[list[list[str]], list]:
    """An empty narrow column after the indicator name (a sheet's spacing column); merged
    cells across it grow over it."""
    if "name" not in g.cols:
        return rows, spans
    at = g.cols.index("name") + 1
    rows = [r[:at] + [""] + r[at:] for r in rows]
    spans = [(c0 + (c0 >= at), r0, c1 + (c1 >= at), r1) for c0, r0, c1, r1 in spans]
    return rows, spans


# Relative column widths by what a column holds (a PDF table needs them; A4 body 480 pt).
_WIDTH = {
    "level1": 4,
    "level2": 4,
    "name": 7,
    "target": 5,
    "actual": 5,
    "weight": 3,
    "score": 3,
    "note": 8,
    "op": 3,
    "tvalue": 4,
    "unit": 3,
    "avalue": 4,
    "basis": 5,
    "direction": 4,
}


def col_widths(g: Grid, total: float = 480.0) -> list[float]:
    weights = [_WIDTH.get(c, 4) for c in g.cols]
    n = max(len(r.cells) for r in g.rows)
    weights += [3] * (n - len(weights))
    s = sum(weights)
    return [total * w / s for w in weights]


def merged_cells(g: Grid) -> list[tuple[int, int, int, int]]:
    """Merged cells as ``(col0, row0, col1, row1)``: a label over the empty cells right of it
    (项目名称 | name), the goal label over its two rows, and the indicator levels down the
    rows that repeat them (the empty cells of the grid)."""
    spans: list[tuple[int, int, int, int]] = []
    rows = g.rows
    for r, row in enumerate(rows):
        texts = [c.text for c in row.cells]
        if row.kind == "info":
            # each label-value pair: the value runs over the empty cells after it
            filled = [i for i, t in enumerate(texts) if t.strip()]
            for k, i in enumerate(filled):
                end = (filled[k + 1] - 1) if k + 1 < len(filled) else len(texts) - 1
                if end > i and k % 2 == 1:
                    spans.append((i, r, end, r))
        if row.kind == "goal_head" and r + 1 < len(rows) and not rows[r + 1].cells[0].text.strip():
            spans.append((0, r, 0, r + 1))
    for col in (0, 1):
        r = 0
        while r < len(rows):
            if rows[r].kind == "ind" and rows[r].cells[col].text.strip():
                end = r
                while (
                    end + 1 < len(rows)
                    and rows[end + 1].kind == "ind"
                    and rows[end + 1].merged
                    and not rows[end + 1].cells[col].text.strip()
                ):
                    end += 1
                if end > r:
                    spans.append((col, r, col, end))
                r = end + 1
            else:
                r += 1
    return spans


def write_file(blocks: list[Block], path: Path, fmt: str, stamp: str = "2000-01-01T00:00:00Z") -> None:
    """Write the blocks with the writers of ``files.py`` (the FILE TYPES work), a PDF with
    ``pdf.render_blocks`` (ruled tables, invariant mode); a Word or Excel file (a zip) gets
    fixed entry dates and document-property times (``stamp``), so the same seed gives the
    same bytes."""
    try:
        from . import files
    except ImportError as e:  # the writers are not there yet: say what is missing
        raise RuntimeError(f"writing .{fmt} needs corpus/generator/files.py (write_{fmt})") from e
    if fmt == "pdf":
        from .pdf import render_blocks

        Path(path).write_bytes(render_blocks(blocks))
        return
    getattr(files, f"write_{fmt}")(blocks, path)
    if fmt in ("docx", "xlsx"):
        stable_zip(path, stamp)


_W3CDTF = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z")


def stable_zip(path: Path, stamp: str) -> None:
    """Rewrite an OOXML zip with every entry dated 1980-01-01 and the core properties'
    created/modified times set to ``stamp`` (the writers put the clock time in both)."""
    src = zipfile.ZipFile(path)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/core.xml":
                data = _W3CDTF.sub(stamp.encode(), data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            out.writestr(fixed, data)
    src.close()
    Path(path).write_bytes(buf.getvalue())


def _squash(text: str) -> tuple[str, list[int]]:
    """The text without whitespace and cell pipes, and each kept character's offset."""
    idx = [i for i, c in enumerate(text) if not c.isspace() and c != "|"]
    return "".join(text[i] for i in idx), idx


MIN_PREFIX = 4  # characters of a span's start that still place it


def relocate(records: list[dict], twin: str, read_text: str) -> list[dict]:
    """Each span of the twin in the reader's text, by occurrence of its squashed evidence.

    A reader that interleaves a table's wrapped cells (a PDF without ruling lines, read by
    word positions) keeps a span's start but not its run: the longest start of the
    evidence that is found places the span (``"located": "prefix"``); none, and the record
    says ``"located": false``."""
    sq_twin, map_twin = _squash(twin)
    sq_read, map_read = _squash(read_text)
    pos_twin = {i: k for k, i in enumerate(map_twin)}
    out = []
    for rec in records:
        ev = "".join(c for c in twin[rec["start"] : rec["end"]] if not c.isspace() and c != "|")
        s0 = next((pos_twin[i] for i in range(rec["start"], rec["end"]) if i in pos_twin), None)
        hit, n, how = None, len(ev), None
        if ev and s0 is not None:
            for n in range(len(ev), min(MIN_PREFIX, len(ev)) - 1, -1):
                hit = nth(sq_read, ev[:n], count_before(sq_twin, ev[:n], s0))
                if hit is not None:
                    how = None if n == len(ev) else "prefix"
                    break
        if hit is None:
            out.append({**rec, "located": False})
            continue
        start, end = map_read[hit], map_read[hit + n - 1] + 1
        moved = {**rec, "start": start, "end": end, "evidence": read_text[start:end]}
        if how:
            moved["located"] = how
        out.append(moved)
    return out


def read_text(path: Path) -> str | None:
    """What the tool reads from the file (None when this reader does not take the type)."""
    from extract.read import ReadError, read_path

    try:
        return read_path(path).text
    except (ReadError, ValueError, OSError):
        return None
