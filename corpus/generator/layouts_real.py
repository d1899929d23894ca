"""Self-evaluation tables in the renderings real disclosures arrive in (real-forms 6.1-6.2).

Each family lays out the same :class:`~corpus.generator.grid.Grid` as text, the way an HTML,
Markdown, PDF-to-text or OCR conversion of a table from another region reads:

- ``pipes_rows``: a row per line, cells split by `` | ``, trailing runs of empty cells
  (``| ||||``), a merged first column shifting continuation rows left (one more empty cell
  at the end), sometimes a leading pipe, a cell holding a line break splitting its row
  (the budget label, a goal broken after a clause),
  spaced vertical labels (``产 出 指 标``);
- ``pipes_cells``: one cell per line ending `` |``, an empty cell is the line ``|``; rows
  are told only by the header width;
- ``pipes_alt``: a row's label on one line, its other cells on the next;
- ``inline``: the cells of a row glued with single spaces or with nothing, page counters
  (``2、``) in the middle of a row, wrapped labels keeping a space, the indicator header
  read as two lines of word halves, and OCR reading order (a row's weight and score
  starting the line of the next row's label);
- ``spaces``: columns padded by runs of spaces, the indicator header over two lines;
- ``cell_blank``: one cell per line with blank lines between, an empty cell is a line
  holding one space (so the budget block reads as its headers, then its values);
- ``mixed``: each cell on a line starting ``| ``, a lone ``|`` ending the row, and in some
  tables the fund sources as indented label-value lines.

Every cell is written with its span keys, and every row key spans the row's cells (from
the indicator name on), so planted anomalies point at the exact text.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from .blocks import TextWriter
from .grid import Cell, Grid, GridRow, TableForm, build_grid, draw_form
from .model import DocModel, TableModel

FAMILIES = ("pipes_rows", "pipes_cells", "pipes_alt", "inline", "spaces", "cell_blank", "mixed")
# Draw weights: the catalogue's counts (inline 23, pipes 10 in three forms, cell per line 8,
# mixed 7, spaces 1), with the rare forms raised so that each is seen in a small corpus.
FAMILY_WEIGHTS = {
    "pipes_rows": 16,
    "pipes_cells": 8,
    "pipes_alt": 6,
    "inline": 25,
    "spaces": 8,
    "cell_blank": 14,
    "mixed": 10,
}
TABLE_KEYS = (
    "row",
    "target",
    "actual",
    "note",
    "name",
    "weight",
    "score",
    "total",
    "budget_row",
    "budget_cell",
    "goal_expected",
    "goal_actual",
    "fund_row",
)


class _Span:
    """Tracks where a row's cells land so the row keys span them."""

    def __init__(self, w: TextWriter, row: GridRow) -> None:
        self.w, self.row = w, row
        self.start: int | None = None
        self.end = 0

    def cell(self, index: int, text: str, cell: Cell) -> None:
        keys = cell.keys if text.strip() else ()
        s, e = self.w.write(text, *keys)
        if index >= self.row.span_from and text.strip():
            self.start = s if self.start is None else self.start
            self.end = e

    def close(self) -> None:
        if self.start is not None:
            for k in self.row.keys:
                self.w.mark(k, self.start, self.end)


def _trailing_empty(cells: list[Cell]) -> int:
    n = 0
    for c in reversed(cells):
        if c.text.strip():
            break
        n += 1
    return n


def _pipe_row(w: TextWriter, row: GridRow, cells: list[tuple[int, Cell]], leading: bool) -> None:
    """`` | ``-joined cells, the trailing empty ones as a run of pipes."""
    n = _trailing_empty([c for _, c in cells])
    filled = cells[: len(cells) - n]
    sp = _Span(w, row)
    if leading:
        w.write("| ")
    for k, (i, c) in enumerate(filled):
        if k:
            w.write(" | ")
        sp.cell(i, c.text, c)
    if n:
        # Each empty cell adds a pipe: ``S |`` (one), ``S | ||||`` (five).
        w.write((" |" if n == 1 else " | " + "|" * (n - 1)) if filled else "|" * n)
    elif leading:
        w.write(" |")
    sp.close()


def pipes_rows(w: TextWriter, g: Grid, rng: random.Random) -> None:
    leading = rng.random() < 0.3
    shift = rng.random() < 0.7
    breaks = rng.random() < 0.25
    for row in g.rows:
        cells = list(enumerate(row.cells))
        if breaks and row.kind == "goal":
            # A paragraph break inside a goal cell splits its row over two lines.
            cells = [(i, Cell(_break(c.text), c.keys)) for i, c in cells]
        if row.merged and shift:
            # The merged first column is not repeated: the row shifts left, one more empty cell.
            cells = cells[1:] + [(len(cells), Cell(""))]
        _pipe_row(w, row, cells, leading)
        w.write("\n")


def _break(text: str) -> str:
    """``text`` with a line break after its first clause end (；。, else ，) past 20 characters."""
    for ends in ("；;。", "，,"):
        for k, ch in enumerate(text):
            if k >= 20 and ch in ends and k + 1 < len(text):
                return text[: k + 1] + "\n" + text[k + 1 :]
    return text


def pipes_cells(w: TextWriter, g: Grid, rng: random.Random) -> None:
    for row in g.rows:
        sp = _Span(w, row)
        for i, c in enumerate(row.cells + [Cell("")] * max(0, g.width - len(row.cells))):
            text = c.text.replace("\n", "")
            if text.strip():
                sp.cell(i, text, c)
                w.write(" |\n")
            else:
                w.write("|\n")
        sp.close()


def pipes_alt(w: TextWriter, g: Grid, rng: random.Random) -> None:
    for row in g.rows:
        first, rest = row.cells[0], row.cells[1:]
        sp = _Span(w, row)
        if first.text.strip():
            sp.cell(0, first.text, first)
            w.write(" |\n")
        else:
            w.write("|\n")
        sp.close()
        _pipe_row(w, row, [(i + 1, c) for i, c in enumerate(rest)], False)
        w.write("\n")


def _wrap_space(text: str, rng: random.Random, p: float) -> str:
    """A wrapped label keeps a space at the wrap (``全年 完成值``)."""
    if len(text) >= 6 and rng.random() < p and not any(ch.isdigit() for ch in text):
        k = rng.randint(2, len(text) - 2)
        return text[:k] + " " + text[k:]
    return text


def inline(w: TextWriter, g: Grid, rng: random.Random) -> None:
    glue = g.glue
    counters = rng.random() < 0.3
    two_line_head = rng.random() < 0.3
    # OCR reading order: a row's weight and score start the line of the next row's label
    # (``W S 〈下一指标名〉 …``), where the weight follows the actual.
    carry = "weight" in g.cols and g.cols.index("weight") > g.cols.index("name") + 1 and rng.random() < 0.15
    page = 2
    rows = g.rows
    for ri, row in enumerate(rows):
        if two_line_head and row.kind == "ind_head":
            # The header read as two lines of word halves (``年初指 年终完 … / 标值 成值``).
            texts = [c.text for c in row.cells]
            top = [t[: (len(t) + 1) // 2] if len(t) > 3 else t for t in texts]
            w.write(" ".join(top) + "\n")
            w.write(" ".join(t[len(a) :] for a, t in zip(top, texts, strict=True) if t[len(a) :]) + "\n")
            continue
        cells = [(i, c) for i, c in enumerate(row.cells) if c.text.strip()]
        if not cells:
            continue
        sp = _Span(w, row)
        split_at = g.cols.index("weight") if carry and row.kind == "ind" else -1
        for k, (i, c) in enumerate(cells):
            if k and i == split_at:
                w.write("\n")
            elif k:
                # Glued cells meet at a digit, an operator or a unit (〈名〉X%X%, 时效N年N年S);
                # two texts keep a space, or no reader could tell where a name ends.
                w.write(
                    " " if not glue and _letters(cells[k - 1][1].text[-1:]) and _letters(c.text[:1]) else glue
                )
                if counters and row.kind == "ind" and k == len(cells) // 2 and rng.random() < 0.15:
                    w.write(f"{page}、" + glue)  # a page counter read into the middle of the row
                    page += 1
            text = c.text.replace("\n", "")
            if row.kind in ("ind_head", "ind") and (row.kind == "ind_head" or i == row.span_from):
                text = _wrap_space(text, rng, 0.25)
            sp.cell(i, text, c)
        sp.close()
        nxt = rows[ri + 1] if ri + 1 < len(rows) else None
        carried = split_at >= 0 and any(i >= split_at for i, _ in cells)
        w.write(" " if carried and nxt is not None and nxt.kind == "ind" else "\n")


def _letters(ch: str) -> bool:
    return bool(ch) and (ch.isalpha() or ord(ch) > 0x2E80) and ch not in "万元人次个%％"


def _dw(s: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


def spaces(w: TextWriter, g: Grid, rng: random.Random) -> None:
    ind = [r for r in g.rows if r.kind in ("ind", "ind_head", "total")]
    widths = [0] * g.width
    for r in ind:
        for i, c in enumerate(r.cells[:-1]):
            widths[i] = min(28, max(widths[i], _dw(c.text)))
    gap = "  " if rng.random() < 0.6 else "   "
    for row in g.rows:
        texts = [c.text.replace("\n", "") for c in row.cells]
        if row.kind == "ind_head":
            # The header over two lines: each word's first half, then its rest.
            top = [t[: (len(t) + 1) // 2] if len(t) > 3 else t for t in texts]
            bottom = [t[len(a) :] for a, t in zip(top, texts, strict=True)]
            for line in (top, bottom):
                w.write(
                    gap.join(x + " " * max(0, widths[i] - _dw(x)) for i, x in enumerate(line)).rstrip() + "\n"
                )
            continue
        aligned = row.kind in ("ind", "total")
        last = len(texts) - _trailing_empty(row.cells)
        sp = _Span(w, row)
        for i in range(last):
            if i:
                w.write(gap)
            sp.cell(i, texts[i], row.cells[i])
            if aligned and i < last - 1:
                w.write(" " * max(0, widths[i] - _dw(texts[i])))
        sp.close()
        w.write("\n")


def cell_blank(w: TextWriter, g: Grid, rng: random.Random) -> None:
    for row in g.rows:
        sp = _Span(w, row)
        n = len(row.cells) - _trailing_empty(row.cells)
        for i, c in enumerate(row.cells[:n]):
            text = c.text.replace("\n", "")
            if text.strip():
                sp.cell(i, text, c)
                w.write("\n\n")
            else:
                w.write(" \n\n")
        sp.close()


def mixed(w: TextWriter, g: Grid, rng: random.Random) -> None:
    indented = rng.random() < 0.5
    for row in g.rows:
        sp = _Span(w, row)
        if indented and row.kind == "fund":
            # An indented label-value line (``   (一)财政拨款小计 X``) among the cell lines.
            w.write("   ")
            cells = [(i, c) for i, c in enumerate(row.cells) if c.text.strip()]
            for k, (i, c) in enumerate(cells):
                if k:
                    w.write(" ")
                sp.cell(i, c.text.replace("\n", ""), c)
            sp.close()
            w.write("\n")
            continue
        n = len(row.cells) - _trailing_empty(row.cells)
        for i, c in enumerate(row.cells[:n]):
            w.write("| ")
            sp.cell(i, c.text.replace("\n", ""), c)
            w.write("\n")
        sp.close()
        w.write("|\n")


RENDERERS: dict[str, Callable[[TextWriter, Grid, random.Random], None]] = {
    "pipes_rows": pipes_rows,
    "pipes_cells": pipes_cells,
    "pipes_alt": pipes_alt,
    "inline": inline,
    "spaces": spaces,
    "cell_blank": cell_blank,
    "mixed": mixed,
}


def table_codes(doc: DocModel) -> dict[int, set[str]]:
    """The planted codes whose evidence lies in each table."""
    out: dict[int, set[str]] = {}
    for p in doc.plants:
        if p.key and p.key[0] in TABLE_KEYS and len(p.key) > 1 and isinstance(p.key[1], int):
            out.setdefault(p.key[1], set()).add(p.code)
    return out


def table_rng(doc: DocModel, ti: int) -> random.Random:
    return random.Random(f"{doc.seed}:{doc.index}:realtab:{ti}")


def doc_ocr(doc: DocModel) -> bool:
    """OCR damage to operators and percent signs in a share of the documents."""
    return random.Random(f"{doc.seed}:{doc.index}:ocr").random() < 0.15


def form_for(doc: DocModel, ti: int, t: TableModel, family: str, year: int) -> TableForm:
    rng = table_rng(doc, ti)
    rule = doc.rulebook.indicator if doc.rulebook is not None and doc.rulebook.execution == "rate" else ""
    ocr = family in FAMILIES and doc_ocr(doc)  # OCR damage reaches text conversions, not files
    return draw_form(rng, t, family, table_codes(doc).get(ti, set()), {**doc.style, "year": year}, ocr, rule)


def grid_for(doc: DocModel, ti: int, t: TableModel, family: str, year: int) -> Grid:
    """The table's form and grid (the same for a text rendering and a file writer)."""
    form = form_for(doc, ti, t, family, year)
    t.form = form
    t.layout = family
    return build_grid(ti, t, form, random.Random(f"{doc.seed}:{doc.index}:cells:{ti}"))


def real_table(w: TextWriter, doc: DocModel, ti: int, t: TableModel, family: str, year: int) -> None:
    """Write table ``ti`` in ``family`` and mark its spans."""
    g = grid_for(doc, ti, t, family, year)
    start = w.pos
    for line in g.title_lines:
        w.write(line + "\n")
    if g.title_lines:
        w.write("\n")
    RENDERERS[family](w, g, random.Random(f"{doc.seed}:{doc.index}:lay:{ti}"))
    for note in g.notes:
        w.write(note + "\n")
    w.mark(("table", ti), start, w.pos)
    w.write("\n")


def draw_family(seed: str, index: int) -> tuple[str, str]:
    """A document's table family, for its project and overall tables alike (the seeds'
    narrative overall table, 指标一：…该指标预期指标值为…, is seen in no real record: 5.4)."""
    rng = random.Random(f"{seed}:{index}:family")
    fams = list(FAMILY_WEIGHTS)
    family = rng.choices(fams, [FAMILY_WEIGHTS[f] for f in fams])[0]
    return family, family
