"""What a reader returns: the document's text, its character boxes and cells, and the one
error type of reading. Every reader (read_pdf, read_html, read_docx, read_xlsx) builds on
these and :mod:`extract.read` dispatches to the readers; kept apart so that no reader
imports the dispatcher (no import circle)."""

from __future__ import annotations

from dataclasses import dataclass, field


class ReadError(Exception):
    """An input that cannot be read; the message says what is wrong (one line)."""


@dataclass
class CharBox:
    page: int  # 1-based
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class Source:
    name: str
    text: str
    doc_id: str
    kind: str  # "text" | "pdf" | "html" | "docx" | "xlsx" | "xls"
    encoding: str | None = None
    pages: int | None = None
    # For PDFs: one CharBox (or None for characters the reader inserted: tabs, newlines)
    # per character of ``text``.
    boxes: list[CharBox | None] = field(default_factory=list)
    # For spreadsheets and documents with tables (xlsx, xls, docx, html): (start, end, ref)
    # of every cell's text in ``text``, sorted, with ref such as ``项目自评表!D12``.
    cells: list[tuple[int, int, str]] = field(default_factory=list)
    # For the same types: (start, end) of every table the file holds as a table (its rows
    # in ``text``), in order; the table finder does not let one region run across two
    # unless the second continues the first (:mod:`extract.filetables`).
    grids: list[tuple[int, int]] = field(default_factory=list)

    def locate(self, start: int, end: int) -> dict | None:
        """Page and bounding box of ``text[start:end]`` (PDF only): the first page's union box."""
        if not self.boxes:
            return None
        boxes = [b for b in self.boxes[start:end] if b is not None]
        if not boxes:
            return None
        page = boxes[0].page
        same = [b for b in boxes if b.page == page]
        return {
            "page": page,
            "bbox": [
                round(min(b.x0 for b in same), 2),
                round(min(b.top for b in same), 2),
                round(max(b.x1 for b in same), 2),
                round(max(b.bottom for b in same), 2),
            ],
        }
