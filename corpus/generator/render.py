"""A document model to text (one of the layouts) with the spans of every keyed part."""

from __future__ import annotations

import random

from .blocks import Para, TableSlot, TextWriter
from .layouts import cell_lines_table, narrative_table, tab_table
from .layouts_real import RENDERERS, real_table
from .model import DocModel
from .narrative import document_blocks


def table_style(doc: DocModel) -> dict:
    rng = random.Random(f"{doc.seed}:{doc.index}:tables")
    return {
        **doc.style,
        "year": doc.year,
        "cont_mode": rng.choice(["lines", "lines", "spaces"]),
        "wrap_nums": rng.random() < 0.4,
        "level2_every": rng.random() < 0.6,
        "table_thousands": rng.random() < 0.5,
    }


def render_text(doc: DocModel) -> tuple[str, dict]:
    """The report as text in the document's layout, and the spans of its keys."""
    rng = random.Random(f"{doc.seed}:{doc.index}:render")
    blocks = document_blocks(doc, rng)
    w = TextWriter()
    style = doc.style
    tstyle = table_style(doc)
    wrap = style["wrap"]
    width = style["wrap_width"]
    for b in blocks:
        if isinstance(b, TableSlot):
            t = doc.tables[b.index]
            layout = doc.overall_layout if t.kind == "overall" else doc.layout
            t.layout = layout
            if layout in RENDERERS:
                real_table(w, doc, b.index, t, layout, doc.year)
            elif layout == "narrative":
                narrative_table(w, b.index, t, tstyle, rng)
            elif layout == "cell_lines":
                cell_lines_table(w, b.index, t, tstyle, rng)
            else:
                tab_table(w, b.index, t, tstyle, rng, layout)
            continue
        assert isinstance(b, Para)
        if b.kind == "title" and style["title_wrap"] and len(b.text) > 18:
            w.para(b, wrap="blank", width=len(b.text) // 2 + 1)
        elif b.kind == "toc":
            w.para(b, sep="\n")
        else:
            w.para(b, wrap=wrap if b.kind == "body" else "none", width=width)
    return w.text, w.spans
