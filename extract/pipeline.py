"""read → normalise → segment → extract: one Source in, one Report out.

Labels and checks run after this (classify/); ``extract`` leaves ``findings`` empty.
"""

from __future__ import annotations

from .document import Document, remember
from .filetables import FILE_KINDS, extract_file_tables
from .model import Reason, Report, Table
from .narrative import extract_figures
from .narrative_reasons import extract_reasons
from .narrative_table import find_narrative_tables
from .read import Source
from .segment import extract_header, extract_sections
from .tables import extract_tables


def _deviation_reasons(table: Table) -> list[Reason]:
    """Each 偏差原因 cell is a reason explaining the row's gap between target and actual."""
    out = []
    for row in table.rows:
        if row.note_span is None:
            continue
        s, e = row.note_span
        out.append(
            Reason(
                text="",
                start=s,
                end=e,
                item=row.name,
                kind="deviation",
                sentence_start=row.start,
                sentence_end=row.end,
                table=table.title,
            )
        )
    return out


def clear_caches() -> None:
    """Empty the memo caches of the cell parsers (benchmarks use this so that re-running
    the same documents measures parsing, not cache hits)."""
    from . import clause_tokens, fields, narrative
    from .layouts import base, celltype, grid_glue, headers, rows, tab

    for f in (
        fields._clean,
        fields.parse_number,
        fields._parse_quantity_cached,
        base._cells,
        base.line_index,
        tab._role_of,
        tab._qty_fit,
        celltype.fit,
        headers.synonym_length,
        headers._split_glued,
        grid_glue._glued_spans,
        rows._sides,
        clause_tokens._clean_tail,
    ):
        f.cache_clear()
    narrative._LAST.clear()


def extract_source(src: Source) -> Report:
    return extract_document(src)[0]


def extract_document(src: Source) -> tuple[Report, Document]:
    """The report and the document context it was read from (normalised text, outline,
    source), which the checks reuse (``check_report(..., doc=)``)."""
    text = src.text
    doc = Document(text, src)
    remember(doc)
    norm = doc.norm
    # A file's tables are read from their known grid (extract/filetables.py).
    tables = (
        extract_file_tables(src, norm.folded) if src.kind in FILE_KINDS else extract_tables(text, norm.folded)
    )
    tables.extend(find_narrative_tables(text, norm, lambda: doc.outline))
    tables.sort(key=lambda t: t.start)
    skip = [(t.start, t.end) for t in tables]
    title, department, year = extract_header(text, norm)
    sections = extract_sections(text, skip=skip, folded=norm.folded)
    reasons = extract_reasons(text, norm, skip)
    for t in tables:
        for r in _deviation_reasons(t):
            r.text = text[r.start : r.end]
            reasons.append(r)
    reasons.sort(key=lambda r: r.start)
    figures = extract_figures(text, norm, skip, sections)
    goals = [t.goal for t in tables if t.goal is not None]
    report = Report(
        doc_id=src.doc_id,
        source=src.name,
        title=title,
        department=department,
        year=year,
        tables=tables,
        reasons=reasons,
        goals=goals,
        figures=figures,
        sections=sections,
        pages=src.pages,
        text=text,
    )
    return report, doc
