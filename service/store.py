"""SQLite storage of batch results (schema: docs/batch.md).

Workers turn a report into a ``DocRecord`` (plain tuples, cheap to pickle); the batch's
parent process alone writes records, each document in ONE transaction, so a database
is never left with half a document whatever happens to the process (Ctrl-C, kill -9,
power loss: WAL mode keeps committed transactions and drops the unfinished one).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SCHEMA_VERSION = "1"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    doc_id       TEXT PRIMARY KEY,            -- sha256 of the file's bytes, hex
    path         TEXT NOT NULL,               -- where it was screened
    tool_version TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
    error        TEXT,                        -- why it failed (NULL when ok)
    kind         TEXT,                        -- text | pdf (NULL when unread)
    bytes        INTEGER,
    pages        INTEGER,
    title        TEXT,
    department   TEXT,
    year         INTEGER,
    risk         REAL,
    n_error      INTEGER NOT NULL DEFAULT 0,  -- the report's counts
    n_warning    INTEGER NOT NULL DEFAULT 0,
    n_info       INTEGER NOT NULL DEFAULT 0,
    n_findings   INTEGER NOT NULL DEFAULT 0,
    n_tables     INTEGER NOT NULL DEFAULT 0,
    n_rows       INTEGER NOT NULL DEFAULT 0,
    n_reasons    INTEGER NOT NULL DEFAULT 0,
    seconds      REAL,                        -- time spent screening it
    screened_at  TEXT NOT NULL,               -- ISO 8601, UTC
    report       TEXT                         -- the whole report JSON (NULL when failed)
);
CREATE INDEX IF NOT EXISTS documents_rank ON documents (status, risk);
CREATE TABLE IF NOT EXISTS findings (
    doc_id    TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,               -- position in the report's findings list
    code      TEXT NOT NULL,
    severity  TEXT NOT NULL,
    message   TEXT,
    evidence  TEXT,
    start     INTEGER,
    end       INTEGER,
    location  TEXT,
    page      INTEGER,                        -- PDF input only
    bbox      TEXT,                           -- JSON [x0, top, x1, bottom], PDF only
    details   TEXT,                           -- JSON object
    PRIMARY KEY (doc_id, seq)
);
CREATE INDEX IF NOT EXISTS findings_code ON findings (code, severity);
CREATE TABLE IF NOT EXISTS tables (
    doc_id           TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    seq              INTEGER NOT NULL,        -- position in the report's tables list
    title            TEXT,
    kind             TEXT,                    -- overall | project | narrative
    layout           TEXT,
    start            INTEGER,
    end              INTEGER,
    budget_initial   REAL,
    budget_adjusted  REAL,
    budget_executed  REAL,
    budget_rate      REAL,
    budget_weight    REAL,
    budget_score     REAL,
    declared_total   REAL,
    goal_expected    TEXT,
    goal_actual      TEXT,
    goal_similarity  REAL,
    PRIMARY KEY (doc_id, seq)
);
CREATE TABLE IF NOT EXISTS rows (
    doc_id        TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    table_seq     INTEGER NOT NULL,           -- tables.seq of its table
    seq           INTEGER NOT NULL,           -- position in the table's rows
    level1        TEXT,
    level2        TEXT,
    category1     TEXT,
    category2     TEXT,
    name          TEXT,
    target_raw    TEXT,
    target_op     TEXT,
    target_value  REAL,
    target_unit   TEXT,
    actual_raw    TEXT,
    actual_op     TEXT,
    actual_value  REAL,
    actual_unit   TEXT,
    weight        REAL,
    score         REAL,
    note          TEXT,
    direction     TEXT,
    status        TEXT,
    score_rule    TEXT,
    start         INTEGER,
    end           INTEGER,
    PRIMARY KEY (doc_id, table_seq, seq)
);
CREATE TABLE IF NOT EXISTS reasons (
    doc_id            TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    seq               INTEGER NOT NULL,       -- position in the report's reasons list
    kind              TEXT,                   -- reason | deviation | variance
    item              TEXT,
    text              TEXT,
    start             INTEGER,
    end               INTEGER,
    change_amount     REAL,
    change_rate       REAL,
    change_direction  TEXT,
    cause             TEXT,
    quality           TEXT,
    table_title       TEXT,
    PRIMARY KEY (doc_id, seq)
);
CREATE TABLE IF NOT EXISTS paths (
    path     TEXT PRIMARY KEY,                -- every input path seen, screened or skipped
    doc_id   TEXT NOT NULL,
    seen_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS paths_doc ON paths (doc_id);
"""

_DOC_COLS = (
    "doc_id", "path", "tool_version", "status", "error", "kind", "bytes", "pages", "title",
    "department", "year", "risk", "n_error", "n_warning", "n_info", "n_findings", "n_tables",
    "n_rows", "n_reasons", "seconds", "screened_at", "report",
)
_CHILD_TABLES = ("findings", "tables", "rows", "reasons")
_N_COLS = {"findings": 12, "tables": 17, "rows": 24, "reasons": 13}


def _insert_sql(table: str, n: int) -> str:
    return f"INSERT INTO {table} VALUES ({', '.join('?' * n)})"


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
    findings: list[tuple] = field(default_factory=list)
    tables: list[tuple] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    reasons: list[tuple] = field(default_factory=list)


def _json(v: Any) -> str | None:
    return None if v is None else json.dumps(v, ensure_ascii=False)


def _q(q: dict | None) -> tuple:
    q = q or {}
    return q.get("raw"), q.get("op"), q.get("value"), q.get("unit")


def record_from_report(report: dict[str, Any], path: str, kind: str | None, size: int | None,
                       seconds: float | None) -> DocRecord:
    """Normalise a report dict into the rows of the findings/tables/rows/reasons tables."""
    d = report["doc_id"]
    findings = [
        (d, i, f.get("code"), f.get("severity"), f.get("message"), f.get("evidence"), f.get("start"),
         f.get("end"), f.get("location"), f.get("page"), _json(f.get("bbox")), _json(f.get("details")))
        for i, f in enumerate(report.get("findings") or ())
    ]
    tables, rows = [], []
    for ti, t in enumerate(report.get("tables") or ()):
        b = t.get("budget") or {}
        g = t.get("goal") or {}
        tables.append((d, ti, t.get("title"), t.get("kind"), t.get("layout"), t.get("start"), t.get("end"),
                       b.get("initial"), b.get("adjusted"), b.get("executed"), b.get("rate"), b.get("weight"),
                       b.get("score"), t.get("declared_total"), g.get("expected"), g.get("actual"),
                       g.get("similarity")))
        for ri, r in enumerate(t.get("rows") or ()):
            rows.append((d, ti, ri, r.get("level1"), r.get("level2"), r.get("category1"), r.get("category2"),
                         r.get("name"), *_q(r.get("target")), *_q(r.get("actual")), r.get("weight"),
                         r.get("score"), r.get("note"), r.get("direction"), r.get("status"),
                         r.get("score_rule"), r.get("start"), r.get("end")))
    reasons = []
    for i, r in enumerate(report.get("reasons") or ()):
        c = r.get("change") or {}
        reasons.append((d, i, r.get("kind"), r.get("item"), r.get("text"), r.get("start"), r.get("end"),
                        c.get("amount"), c.get("rate"), c.get("direction"), r.get("cause"), r.get("quality"),
                        r.get("table")))
    return DocRecord(
        doc_id=d, path=path, status="ok", kind=kind, bytes=size, pages=report.get("pages"),
        title=report.get("title"), department=report.get("department"), year=report.get("year"),
        risk=report.get("risk"), counts=dict(report.get("counts") or {}), seconds=seconds,
        report=json.dumps(report, ensure_ascii=False), findings=findings, tables=tables, rows=rows,
        reasons=reasons,
    )


def failed_record(doc_id: str, path: str, error: str, size: int | None = None,
                  seconds: float | None = None) -> DocRecord:
    return DocRecord(doc_id=doc_id, path=path, status="failed", error=error, bytes=size, seconds=seconds)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def connect(db: str | Path) -> sqlite3.Connection:
    """Open (creating if needed) a results database in WAL mode.

    ``isolation_level=None``: transactions are explicit (BEGIN IMMEDIATE ... COMMIT in
    ``write_document``), never implicit, so what is one document's transaction is plain.
    """
    conn = sqlite3.connect(str(db), isolation_level=None, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    # NORMAL in WAL mode: a commit survives a process crash at once and a power loss from the
    # next checkpoint on; a transaction is atomic either way. FULL would fsync every document.
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.executescript(SCHEMA)
    conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
    return conn


def known(conn: sqlite3.Connection) -> dict[str, tuple[str, str]]:
    """doc_id -> (tool_version, status) of every stored document."""
    return {d: (v, s) for d, v, s in conn.execute("SELECT doc_id, tool_version, status FROM documents")}


def _test_kill_in_write(rec: DocRecord) -> None:
    """Test hook (docs/batch.md): die by SIGKILL halfway through this document's transaction."""
    target = os.environ.get("JXSCAN_TEST_KILL_IN_WRITE")
    if target and Path(rec.path).name == target:
        os.kill(os.getpid(), signal.SIGKILL)


def write_document(conn: sqlite3.Connection, rec: DocRecord, tool_version: str) -> None:
    """Store one document -- replacing any earlier result for the same content -- atomically."""
    c = rec.counts
    doc_row = (rec.doc_id, rec.path, tool_version, rec.status, rec.error, rec.kind, rec.bytes, rec.pages,
               rec.title, rec.department, rec.year, rec.risk, c.get("error", 0), c.get("warning", 0),
               c.get("info", 0), len(rec.findings), len(rec.tables), len(rec.rows), len(rec.reasons),
               rec.seconds, now(), rec.report)
    conn.execute("BEGIN IMMEDIATE")
    try:
        for t in _CHILD_TABLES:
            conn.execute(f"DELETE FROM {t} WHERE doc_id = ?", (rec.doc_id,))
        conn.execute(f"INSERT OR REPLACE INTO documents ({', '.join(_DOC_COLS)}) "
                     f"VALUES ({', '.join('?' * len(_DOC_COLS))})", doc_row)
        conn.executemany(_insert_sql("tables", _N_COLS["tables"]), rec.tables)
        conn.executemany(_insert_sql("rows", _N_COLS["rows"]), rec.rows)
        _test_kill_in_write(rec)
        conn.executemany(_insert_sql("findings", _N_COLS["findings"]), rec.findings)
        conn.executemany(_insert_sql("reasons", _N_COLS["reasons"]), rec.reasons)
        conn.execute("INSERT OR REPLACE INTO paths VALUES (?, ?, ?)", (rec.path, rec.doc_id, now()))
        conn.execute("COMMIT")
    except BaseException:
        # Any failure, KeyboardInterrupt included, leaves no trace of this document.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def write_paths(conn: sqlite3.Connection, pairs: list[tuple[str, str]]) -> None:
    """Record input paths whose content is already stored (skipped documents)."""
    if not pairs:
        return
    ts = now()
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.executemany("INSERT OR REPLACE INTO paths VALUES (?, ?, ?)", [(p, d, ts) for p, d in pairs])
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


# Ranking used by every export: riskiest first, documents without a risk (screened without
# checks) after those with one, failed documents last; ties by path for a stable order.
RANK_ORDER = "(status = 'failed'), (risk IS NULL), risk DESC, path, doc_id"


def _rows(conn: sqlite3.Connection, sql: str) -> Iterator[sqlite3.Row]:
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    yield from cur.execute(sql)


def ranked_documents(conn: sqlite3.Connection) -> Iterator[sqlite3.Row]:
    return _rows(conn, f"SELECT * FROM documents ORDER BY {RANK_ORDER}")


def ranked_findings(conn: sqlite3.Connection) -> Iterator[sqlite3.Row]:
    """Findings in document rank order; within a document errors first, then by position."""
    return _rows(conn, f"""
        WITH ranked AS (
            SELECT doc_id, path, title, department, year, risk,
                   ROW_NUMBER() OVER (ORDER BY {RANK_ORDER}) AS doc_rank
            FROM documents
        )
        SELECT r.doc_rank, r.doc_id, r.path, r.title, r.department, r.year, r.risk,
               f.seq, f.code, f.severity, f.message, f.evidence, f.start, f.end, f.location,
               f.page, f.details
        FROM findings f JOIN ranked r USING (doc_id)
        ORDER BY r.doc_rank,
                 CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END,
                 f.start, f.seq
    """)
