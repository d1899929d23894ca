"""SQLite storage of batch results (schema: docs/batch.md).

Workers turn a report into a ``DocRecord`` (plain tuples, cheap to pickle); the batch's
parent process alone writes records, each document in ONE transaction, so a database
is never left with half a document whatever happens to the process (Ctrl-C, kill -9,
power loss: WAL mode keeps committed transactions and drops the unfinished one).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from .hooks import NO_HOOKS, TestHooks
from .inputs import display_path

# The moved parts, re-exported: importers name them ``store.X`` (service/batch.py, workers.py,
# engine_dask.py, report_inputs.py and the tests).
from .store_corpus import (  # noqa: F401
    CorpusChanged,
    CorpusReports,
    CorpusState,
    CorpusWrite,
    corpus_state,
    load_text,
    write_corpus,
)
from .store_records import (  # noqa: F401
    TEXT_ZLIB_LEVEL,
    UNREAD_PREFIX,
    DocRecord,
    _storable,
    compress_text,
    decompress_text,
    failed_record,
    finding_rows,
    record_from_report,
    unread_id,
)
from .store_schema import (  # noqa: F401
    _CHILD_TABLES,
    _DOC_COLS,
    _N_COLS,
    DOC_READ_COLS,
    SCHEMA,
    SCHEMA_VERSION,
    DatabaseLock,
    Locked,
    _insert_sql,
    connect,
    lock,
    now,
)

# A transient failure (a timeout, a worker killed from outside) is retried by the next run;
# after this many in a row it is kept as the document's own (a PDF that hangs the parser).
MAX_TRANSIENT_ATTEMPTS = 3


def known(conn: sqlite3.Connection) -> dict[str, tuple[str, str, bool]]:
    """doc_id -> (tool_version, status, transient) of every stored document."""
    return {
        d: (v, s, bool(t))
        for d, v, s, t in conn.execute("SELECT doc_id, tool_version, status, transient FROM documents")
    }


def write_document(
    conn: sqlite3.Connection, rec: DocRecord, tool_version: str, hooks: TestHooks = NO_HOOKS
) -> int:
    """Store one document -- replacing any earlier result for the same content -- atomically.

    Paths are stored displayable (``display_path``). A transient failure counts its attempts
    (``MAX_TRANSIENT_ATTEMPTS`` in a row make it permanent); returns the attempts stored."""
    c = rec.counts
    path = display_path(rec.path)
    conn.execute("BEGIN IMMEDIATE")
    try:
        transient, attempts = False, 0
        if rec.transient:
            prev = conn.execute(
                "SELECT transient, attempts, tool_version FROM documents WHERE doc_id = ?", (rec.doc_id,)
            ).fetchone()
            attempts = 1 + (prev[1] if prev and prev[0] and prev[2] == tool_version else 0)
            transient = attempts < MAX_TRANSIENT_ATTEMPTS
        doc_row = (
            rec.doc_id,
            path,
            tool_version,
            rec.status,
            _storable(rec.error),
            rec.kind,
            rec.bytes,
            rec.pages,
            rec.title,
            rec.department,
            rec.year,
            rec.risk,
            c.get("error", 0),
            c.get("warning", 0),
            c.get("info", 0),
            len(rec.findings),
            len(rec.tables),
            len(rec.rows),
            len(rec.reasons),
            rec.seconds,
            now(),
            _storable(rec.report),
            rec.text_z,
            int(transient),
            attempts,
        )
        if not rec.doc_id.startswith(UNREAD_PREFIX):  # read at last: its "unreadable" row goes
            conn.execute("DELETE FROM documents WHERE doc_id = ?", (unread_id(path),))
        for t in _CHILD_TABLES:
            conn.execute(f"DELETE FROM {t} WHERE doc_id = ?", (rec.doc_id,))
        conn.execute(
            f"INSERT OR REPLACE INTO documents ({', '.join(_DOC_COLS)}) "
            f"VALUES ({', '.join('?' * len(_DOC_COLS))})",
            doc_row,
        )
        conn.executemany(_insert_sql("tables", _N_COLS["tables"]), rec.tables)
        conn.executemany(_insert_sql("rows", _N_COLS["rows"]), rec.rows)
        hooks.in_write(Path(rec.path).name)  # a test may die here, mid-transaction
        conn.executemany(_insert_sql("findings", _N_COLS["findings"]), rec.findings)
        conn.executemany(_insert_sql("reasons", _N_COLS["reasons"]), rec.reasons)
        conn.execute("INSERT OR REPLACE INTO paths VALUES (?, ?, ?)", (path, rec.doc_id, now()))
        conn.execute("COMMIT")
    except BaseException:
        # Any failure, KeyboardInterrupt included, leaves no trace of this document.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return attempts


def write_paths(conn: sqlite3.Connection, pairs: list[tuple[str, str]]) -> None:
    """Record input paths whose content is already stored (skipped documents)."""
    if not pairs:
        return
    ts = now()
    conn.execute("BEGIN IMMEDIATE")
    try:
        shown = [(display_path(p), d) for p, d in pairs]
        conn.executemany("INSERT OR REPLACE INTO paths VALUES (?, ?, ?)", [(p, d, ts) for p, d in shown])
        conn.executemany("DELETE FROM documents WHERE doc_id = ?", [(unread_id(p),) for p, _ in shown])
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
    """Every document in rank order: all columns but ``text_z`` (see ``load_text``)."""
    return _rows(conn, f"SELECT {', '.join(DOC_READ_COLS)} FROM documents ORDER BY {RANK_ORDER}")


def ranked_findings(conn: sqlite3.Connection) -> Iterator[sqlite3.Row]:
    """Findings in document rank order; within a document errors first, then by position."""
    return _rows(
        conn,
        f"""
        WITH ranked AS (
            SELECT doc_id, path, title, department, year, risk,
                   ROW_NUMBER() OVER (ORDER BY {RANK_ORDER}) AS doc_rank
            FROM documents
        )
        SELECT r.doc_rank, r.doc_id, r.path, r.title, r.department, r.year, r.risk,
               f.seq, f.code, f.severity, f.message, f.evidence, f.start, f.end, f.location,
               f.page, f.details, f.scope
        FROM findings f JOIN ranked r USING (doc_id)
        ORDER BY r.doc_rank,
                 CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END,
                 f.start, f.seq
    """,
    )
