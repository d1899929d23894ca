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

import random
from pathlib import Path

from .blocks import Para, TableSlot, TextWriter
from .grid import grid_strings
from .layouts import narrative_table
from .layouts_real import grid_for
from .model import DocModel
from .narrative import document_blocks
from .render import table_style

FILE_FORMATS = ("html", "docx", "xlsx")
Block = str | list[list[str]]


def file_layout(fmt: str) -> str:
    return f"file_{fmt}"


def render_file_doc(doc: DocModel, fmt: str) -> tuple[list[Block], str, dict]:
    """The blocks of the file, and the text twin with its spans."""
    rng = random.Random(f"{doc.seed}:{doc.index}:render")
    w = TextWriter()
    out: list[Block] = []
    tstyle = table_style(doc)
    for b in document_blocks(doc, rng):
        if isinstance(b, TableSlot):
            t = doc.tables[b.index]
            layout = doc.overall_layout if t.kind == "overall" else doc.layout
            t.layout = layout
            if layout == "narrative":
                start = w.pos
                narrative_table(w, b.index, t, tstyle, rng)
                out.extend(p for p in w.text[start:].split("\n\n") if p.strip())
                continue
            g = grid_for(doc, b.index, t, layout, doc.year)
            for line in g.title_lines:
                w.write(line + "\n\n")
                out.append(line)
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
            out.append(grid_strings(g))
            continue
        assert isinstance(b, Para)
        w.para(b, wrap="none", sep="\n\n")
        out.append(b.text)
    return out, w.text, w.spans


def write_file(blocks: list[Block], path: Path, fmt: str) -> None:
    """Write the blocks with the writers of ``files.py`` (the FILE TYPES work)."""
    try:
        from . import files
    except ImportError as e:  # the writers are not there yet: say what is missing
        raise RuntimeError(f"writing .{fmt} needs corpus/generator/files.py (write_{fmt})") from e
    getattr(files, f"write_{fmt}")(blocks, path)


def _squash(text: str) -> tuple[str, list[int]]:
    """The text without whitespace and cell pipes, and each kept character's offset."""
    idx = [i for i, c in enumerate(text) if not c.isspace() and c != "|"]
    return "".join(text[i] for i in idx), idx


def relocate(records: list[dict], twin: str, read_text: str) -> list[dict]:
    """Each span of the twin in the reader's text, by occurrence of its squashed evidence."""
    sq_twin, map_twin = _squash(twin)
    sq_read, map_read = _squash(read_text)
    pos_twin = {i: k for k, i in enumerate(map_twin)}
    out = []
    for rec in records:
        ev = "".join(c for c in twin[rec["start"]:rec["end"]] if not c.isspace() and c != "|")
        s0 = next((pos_twin[i] for i in range(rec["start"], rec["end"]) if i in pos_twin), None)
        hit = _nth(sq_read, ev, _count(sq_twin, ev, s0)) if ev and s0 is not None else None
        if hit is None:
            out.append({**rec, "located": False})
            continue
        start, end = map_read[hit], map_read[hit + len(ev) - 1] + 1
        out.append({**rec, "start": start, "end": end, "evidence": read_text[start:end]})
    return out


def _count(hay: str, needle: str, before: int) -> int:
    n, i = 0, hay.find(needle)
    while 0 <= i < before:
        n += 1
        i = hay.find(needle, i + 1)
    return n


def _nth(hay: str, needle: str, k: int) -> int | None:
    i = hay.find(needle)
    for _ in range(k):
        if i < 0:
            return None
        i = hay.find(needle, i + 1)
    return i if i >= 0 else None


def read_text(path: Path) -> str | None:
    """What the tool reads from the file (None when this reader does not take the type)."""
    from extract.read import ReadError, read_path

    try:
        return read_path(path).text
    except (ReadError, ValueError, OSError):
        return None
