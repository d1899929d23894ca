"""The results database's schema, its columns, connection and migrations, and the batch lock
(docs/batch.md): what every other ``service.store*`` module writes through."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from extract.messages import t as say

SCHEMA_VERSION = "3"

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
    report       TEXT,                        -- the whole report JSON, without its text (NULL when failed)
    text_z       BLOB,                        -- zlib(UTF-8 text the offsets index) (NULL when failed)
    n_corpus     INTEGER NOT NULL DEFAULT 0,  -- of n_findings, the corpus-scope ones (corpus rules)
    corpus_checked_at TEXT,                   -- the corpus pass covering this result (NULL: not yet)
    transient    INTEGER NOT NULL DEFAULT 0,  -- 1: failed through no fault of its own; the next run retries it
    attempts     INTEGER NOT NULL DEFAULT 0   -- transient failures in a row
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
    scope     TEXT NOT NULL DEFAULT 'document'
              CHECK (scope IN ('document', 'corpus')),  -- corpus: written by the corpus pass
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

# Columns added after schema 1, with their definitions: ``connect`` adds the missing ones to
# a database written by an earlier version (SQLite appends them, hence their place last).
_ADDED_COLUMNS = {
    "documents": (
        ("text_z", "BLOB"),
        ("n_corpus", "INTEGER NOT NULL DEFAULT 0"),
        ("corpus_checked_at", "TEXT"),
        ("transient", "INTEGER NOT NULL DEFAULT 0"),
        ("attempts", "INTEGER NOT NULL DEFAULT 0"),
    ),
    "findings": (("scope", "TEXT NOT NULL DEFAULT 'document' CHECK (scope IN ('document', 'corpus'))"),),
}
# Made after the migration (it names an added column). Partial: it holds the corpus findings
# only, so replacing them is a lookup, not a scan of every finding.
_LATE_SCHEMA = "CREATE INDEX IF NOT EXISTS findings_corpus ON findings (doc_id) WHERE scope = 'corpus';"

_DOC_COLS = (
    "doc_id",
    "path",
    "tool_version",
    "status",
    "error",
    "kind",
    "bytes",
    "pages",
    "title",
    "department",
    "year",
    "risk",
    "n_error",
    "n_warning",
    "n_info",
    "n_findings",
    "n_tables",
    "n_rows",
    "n_reasons",
    "seconds",
    "screened_at",
    "report",
    "text_z",
    "transient",
    "attempts",
)
# Every documents column but the text: what exports and readers select (a text is ~13 KB
# compressed; 100,000 of them are not read to rank a corpus).
DOC_READ_COLS = tuple(c for c in _DOC_COLS if c != "text_z") + ("n_corpus", "corpus_checked_at")
_CHILD_TABLES = ("findings", "tables", "rows", "reasons")
_N_COLS = {"findings": 13, "tables": 17, "rows": 24, "reasons": 13}
_FINDING_COLS = (
    "doc_id",
    "seq",
    "code",
    "severity",
    "message",
    "evidence",
    "start",
    "end",
    "location",
    "page",
    "bbox",
    "details",
    "scope",
)


def _insert_sql(table: str, n: int) -> str:
    if table == "findings":  # named: in a migrated database ``scope`` is not where CREATE puts it
        return f"INSERT INTO findings ({', '.join(_FINDING_COLS)}) VALUES ({', '.join('?' * n)})"
    return f"INSERT INTO {table} VALUES ({', '.join('?' * n)})"


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
    _migrate(conn)
    conn.executescript(_LATE_SCHEMA)
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
    return conn


class Locked(RuntimeError):
    """Another batch is writing this database."""


class DatabaseLock:
    """One batch per database at a time: an exclusive ``flock`` on ``DB.lock`` (beside the
    database; it holds the owner's pid). The kernel drops the lock when its process dies,
    ``kill -9`` included, so a stale lock file never blocks a later run."""

    def __init__(self, db: str | Path) -> None:
        self.fd: int | None = None
        try:
            import fcntl
        except ImportError:  # no flock (Windows): no lock
            return
        path = f"{db}.lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise Locked(say("batch.locked", db=db, pid=holder)) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self.fd = fd

    def release(self) -> None:
        if self.fd is None:
            return
        import fcntl

        # LOCK_UN, not only close: forked workers share this open file and would keep it.
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)
        self.fd = None


def lock(db: str | Path) -> DatabaseLock:
    """Take the database's batch lock, or raise Locked naming the batch holding it."""
    return DatabaseLock(db)


def _migrate(conn: sqlite3.Connection) -> None:
    """Add the columns a schema-1 database lacks (one transaction; a no-op when up to date).

    Old rows keep NULL texts (the corpus pass then re-reads their files when unchanged)
    and document-scope findings, which they are."""
    missing = []
    for table, cols in _ADDED_COLUMNS.items():
        have = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        missing += [(table, name, decl) for name, decl in cols if name not in have]
    if not missing:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        for table, name, decl in missing:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {decl}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
