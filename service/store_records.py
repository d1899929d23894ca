"""A document's results as a ``DocRecord`` (plain tuples, cheap to pickle): built by the
workers from a report (or a failure), written by ``service.store.write_document``."""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from typing import Any

from .inputs import display_path

# zlib level of the stored texts: level 6 (zlib's default) keeps 27% of the seeds' UTF-8
# bytes for 0.4-0.9 ms a document in the worker; level 1 keeps 31% for a third of the time,
# level 9 gains 0.1% for 10% more time (docs/batch.md, "Texts").
TEXT_ZLIB_LEVEL = 6


@dataclass
class DocRecord:
    """One document ready to store: the documents row's fields and its child rows."""

    doc_id: str
    path: str
    status: str  # ok | failed
    error: str | None = None
    kind: str | None = None
    bytes: int | None = None
    pages: int | None = None
    title: str | None = None
    department: str | None = None
    year: int | None = None
    risk: float | None = None
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float | None = None
    report: str | None = None  # JSON
    text_z: bytes | None = None  # zlib-compressed UTF-8 text
    findings: list[tuple] = field(default_factory=list)
    tables: list[tuple] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    reasons: list[tuple] = field(default_factory=list)
    transient: bool = False  # failed through no fault of its own (timeout, killed from outside)
    warnings: list[str] = field(default_factory=list)  # messages for the run's stderr (also in the report)


def _json(v: Any) -> str | None:
    return None if v is None else json.dumps(v, ensure_ascii=False)


def _compact(v: Any) -> str:
    """JSON as stored in ``documents.report``: compact, as SQLite's json_set writes it too."""
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))


def _q(q: dict | None) -> tuple:
    q = q or {}
    return q.get("raw"), q.get("op"), q.get("value"), q.get("unit")


def finding_rows(
    doc_id: str, findings: list[dict[str, Any]], first_seq: int = 0, scope: str = "document"
) -> list[tuple]:
    """Rows of the findings table (``_FINDING_COLS``), numbered from ``first_seq``."""
    return [
        (
            doc_id,
            first_seq + i,
            f.get("code"),
            f.get("severity"),
            f.get("message"),
            f.get("evidence"),
            f.get("start"),
            f.get("end"),
            f.get("location"),
            f.get("page"),
            _json(f.get("bbox")),
            _json(f.get("details")),
            scope,
        )
        for i, f in enumerate(findings)
    ]


def compress_text(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), TEXT_ZLIB_LEVEL)


def decompress_text(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8")


def record_from_report(
    report: dict[str, Any],
    path: str,
    kind: str | None,
    size: int | None,
    seconds: float | None,
    text: str | None = None,
) -> DocRecord:
    """Normalise a report dict into the rows of the findings/tables/rows/reasons tables.

    ``text`` (the text the offsets index; else the report's own ``text``) is stored
    compressed beside the report, which is stored without it: the corpus checks and the
    HTML pages need it after the file may be gone (docs/batch.md, "Texts")."""
    if "text" in report:
        report = dict(report)
        inline = report.pop("text")
        text = text if text is not None else inline
    d = report["doc_id"]
    findings = finding_rows(d, report.get("findings") or [])
    tables, rows = [], []
    for ti, t in enumerate(report.get("tables") or ()):
        b = t.get("budget") or {}
        g = t.get("goal") or {}
        tables.append(
            (
                d,
                ti,
                t.get("title"),
                t.get("kind"),
                t.get("layout"),
                t.get("start"),
                t.get("end"),
                b.get("initial"),
                b.get("adjusted"),
                b.get("executed"),
                b.get("rate"),
                b.get("weight"),
                b.get("score"),
                t.get("declared_total"),
                g.get("expected"),
                g.get("actual"),
                g.get("similarity"),
            )
        )
        for ri, r in enumerate(t.get("rows") or ()):
            rows.append(
                (
                    d,
                    ti,
                    ri,
                    r.get("level1"),
                    r.get("level2"),
                    r.get("category1"),
                    r.get("category2"),
                    r.get("name"),
                    *_q(r.get("target")),
                    *_q(r.get("actual")),
                    r.get("weight"),
                    r.get("score"),
                    r.get("note"),
                    r.get("direction"),
                    r.get("status"),
                    r.get("score_rule"),
                    r.get("start"),
                    r.get("end"),
                )
            )
    reasons = []
    for i, r in enumerate(report.get("reasons") or ()):
        c = r.get("change") or {}
        reasons.append(
            (
                d,
                i,
                r.get("kind"),
                r.get("item"),
                r.get("text"),
                r.get("start"),
                r.get("end"),
                c.get("amount"),
                c.get("rate"),
                c.get("direction"),
                r.get("cause"),
                r.get("quality"),
                r.get("table"),
            )
        )
    return DocRecord(
        doc_id=d,
        path=path,
        status="ok",
        kind=kind,
        bytes=size,
        pages=report.get("pages"),
        title=report.get("title"),
        department=report.get("department"),
        year=report.get("year"),
        risk=report.get("risk"),
        counts=dict(report.get("counts") or {}),
        seconds=seconds,
        report=_compact(report),
        findings=findings,
        tables=tables,
        rows=rows,
        reasons=reasons,
        text_z=compress_text(text) if isinstance(text, str) else None,
    )


def failed_record(
    doc_id: str,
    path: str,
    error: str,
    size: int | None = None,
    seconds: float | None = None,
    transient: bool = False,
) -> DocRecord:
    return DocRecord(
        doc_id=doc_id,
        path=path,
        status="failed",
        error=error,
        bytes=size,
        seconds=seconds,
        transient=transient,
    )


UNREAD_PREFIX = "unread:"


def unread_id(path: str) -> str:
    """The row id of an input that could not be read at all (no bytes, so no content hash):
    ``unread:`` and the SHA-256 of its displayed path; replaced once the file is read."""
    import hashlib

    return UNREAD_PREFIX + hashlib.sha256(display_path(path).encode("utf-8")).hexdigest()


def _storable(text: str | None) -> str | None:
    """Text SQLite can store: lone surrogates (from a file name that is not UTF-8, carried
    into a message) escaped as ``\\udcNN``; the rest unchanged."""
    if text is None:
        return None
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
