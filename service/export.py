"""Exports of a results database, ranked by risk (riskiest first, failed documents last).

- ``.csv``: the documents, one row each (UTF-8 with a BOM so that Excel reads the Chinese);
- ``.jsonl``: one report per line (failed documents: ``{"doc_id", "source", "status", "error"}``);
- ``.xlsx``: a ``documents`` sheet (the CSV's columns) and a ``findings`` sheet, where each
  finding also has its plain sentence (``explanation``, service/explain.py).

CSV and XLSX are read by people: their headers, sheet names and error texts are in the
current language (Chinese by default; English headers are the column keys below). The JSONL
export is data and keeps its keys and stored texts.

Corpus findings (DUP001/DUP002, written by the batch's corpus pass) are in every format:
the counts and risk include them, ``corpus_findings`` counts them, the JSONL reports carry
them, and the findings sheet marks each finding's ``scope`` (document or corpus).
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from extract.messages import CATALOGUE, relocalize, t

from .explain import explain
from .store import ranked_documents, ranked_findings

FORMATS = (".csv", ".jsonl", ".xlsx")

DOC_COLUMNS = (
    "rank",
    "risk",
    "status",
    "error",
    "path",
    "title",
    "department",
    "year",
    "errors",
    "warnings",
    "infos",
    "findings",
    "corpus_findings",
    "tables",
    "rows",
    "reasons",
    "kind",
    "pages",
    "bytes",
    "doc_id",
    "tool_version",
    "screened_at",
)
FINDING_COLUMNS = (
    "doc_rank",
    "risk",
    "path",
    "department",
    "year",
    "code",
    "severity",
    "message",
    "explanation",
    "evidence",
    "location",
    "start",
    "end",
    "page",
    "details",
    "scope",
    "doc_id",
)
_XLSX_CELL_MAX = 32767  # Excel's limit on characters per cell


def _header(columns: tuple[str, ...]) -> list[str]:
    return [t(f"export.col.{c}") for c in columns]


def _doc_row(rank: int, r: sqlite3.Row) -> list[Any]:
    error = relocalize(r["error"]) if r["error"] else r["error"]  # stored in the batch's language
    return [
        rank,
        r["risk"],
        _value("export.status.", r["status"]),
        error,
        r["path"],
        r["title"],
        r["department"],
        r["year"],
        r["n_error"],
        r["n_warning"],
        r["n_info"],
        r["n_findings"],
        r["n_corpus"],
        r["n_tables"],
        r["n_rows"],
        r["n_reasons"],
        r["kind"],
        r["pages"],
        r["bytes"],
        r["doc_id"],
        r["tool_version"],
        r["screened_at"],
    ]


def _explanation(r: sqlite3.Row) -> str:
    try:
        details = json.loads(r["details"]) if r["details"] else {}
    except (TypeError, ValueError):
        return ""
    return explain({"code": r["code"], "details": details})


def _value(prefix: str, value: Any) -> Any:
    """A stored keyword (ok, failed, error, corpus ...) as a reader of the CSV/XLSX reads it, in
    the current language; a value the catalogue does not know stays as it is. JSONL keeps the keys."""
    mid = f"{prefix}{value}"
    return t(mid) if isinstance(value, str) and mid in CATALOGUE else value


def _finding_row(r: sqlite3.Row) -> list[Any]:
    return [
        r["doc_rank"],
        r["risk"],
        r["path"],
        r["department"],
        r["year"],
        r["code"],
        _value("severity.", r["severity"]),
        r["message"],
        _explanation(r),
        r["evidence"],
        r["location"],
        r["start"],
        r["end"],
        r["page"],
        r["details"],
        _value("export.scope.", r["scope"]),
        r["doc_id"],
    ]


def export_csv(conn: sqlite3.Connection, path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(_header(DOC_COLUMNS))
        for n, r in enumerate(ranked_documents(conn), 1):
            w.writerow(_doc_row(n, r))
    return n


def export_jsonl(conn: sqlite3.Connection, path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for r in ranked_documents(conn):
            n += 1
            if r["status"] == "ok" and r["report"]:
                f.write(r["report"])  # stored exactly as screened: one JSON object, no newline
            else:
                f.write(
                    json.dumps(
                        {
                            "doc_id": r["doc_id"],
                            "source": r["path"],
                            "status": r["status"],
                            "error": r["error"],
                        },
                        ensure_ascii=False,
                    )
                )
            f.write("\n")
    return n


def _cell(v: Any) -> Any:
    """A value openpyxl accepts: no control characters, at most Excel's cell length."""
    if isinstance(v, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        v = ILLEGAL_CHARACTERS_RE.sub("\ufffd", v)
        if len(v) > _XLSX_CELL_MAX:
            v = v[: _XLSX_CELL_MAX - 1] + "…"
    return v


def export_xlsx(conn: sqlite3.Connection, path: Path) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    # write_only streams rows to disk: a corpus of thousands of documents has ~10^5 findings.
    wb = Workbook(write_only=True)
    n = 0
    for name, columns, rows in (
        ("documents", DOC_COLUMNS, (_doc_row(i, r) for i, r in enumerate(ranked_documents(conn), 1))),
        ("findings", FINDING_COLUMNS, (_finding_row(r) for r in ranked_findings(conn))),
    ):
        ws = wb.create_sheet(t(f"export.sheet.{name}"))
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}1"
        header = [WriteOnlyCell(ws, value=c) for c in _header(columns)]
        for cell in header:
            cell.font = Font(bold=True)
        ws.append(header)
        for row in rows:
            ws.append([_cell(v) for v in row])
            if name == "documents":
                n += 1
    wb.save(path)
    return n


def export(conn: sqlite3.Connection, path: str | Path) -> int:
    """Write the export whose format the suffix names; returns the number of documents.

    Written to a temporary file first and renamed, so a failed export never leaves a
    truncated file under the requested name.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    writer = {".csv": export_csv, ".jsonl": export_jsonl, ".xlsx": export_xlsx}.get(suffix)
    if writer is None:
        raise ValueError(
            t(
                "export.unknown_format",
                path=p,
                suffix=suffix or t("export.no_suffix"),
                formats=", ".join(FORMATS),
            )
        )
    tmp = p.with_name(f".{p.name}.{os.getpid()}.tmp")
    try:
        n = writer(conn, tmp)
        os.replace(tmp, p)
    finally:
        tmp.unlink(missing_ok=True)
    return n
