"""SQLite storage of batch results (schema: docs/batch.md).

Workers turn a report into a ``DocRecord`` (plain tuples, cheap to pickle); the batch's
parent process alone writes records, each document in ONE transaction, so a database
is never left with half a document whatever happens to the process (Ctrl-C, kill -9,
power loss: WAL mode keeps committed transactions and drops the unfinished one).
"""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from extract.messages import t as say

from .hooks import NO_HOOKS, TestHooks
from .inputs import display_path

SCHEMA_VERSION = "3"

# A transient failure (a timeout, a worker killed from outside) is retried by the next run;
# after this many in a row it is kept as the document's own (a PDF that hangs the parser).
MAX_TRANSIENT_ATTEMPTS = 3

# zlib level of the stored texts: level 6 (zlib's default) keeps 27% of the seeds' UTF-8
# bytes for 0.4-0.9 ms a document in the worker; level 1 keeps 31% for a third of the time,
# level 9 gains 0.1% for 10% more time (docs/batch.md, "Texts").
TEXT_ZLIB_LEVEL = 6

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


# ---------------------------------------------------------------------------- corpus pass
# The corpus checks (DUP001, DUP002, stickiness; classify/corpus.py) run over every ok
# document of the database after the per-document pass (docs/batch.md, "Corpus checks").


def load_text(conn: sqlite3.Connection, doc_id: str) -> str | None:
    """The text a stored report's offsets index: the stored copy, else its file when that
    file still has the same sha256 (rows written before texts were stored), else None."""
    row = conn.execute("SELECT text_z, path FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
    if row is None:
        return None
    return _text_of(row[0], row[1], doc_id)


def _text_of(blob: bytes | None, path: str | None, doc_id: str) -> str | None:
    if blob is not None:
        return decompress_text(blob)
    if not path:
        return None
    from extract.read import ReadError, read_path

    try:
        src = read_path(Path(path))
    except (OSError, ReadError):
        return None
    return src.text if src.doc_id == doc_id else None


class CorpusReports(Sequence):
    """The ok reports of a database, with their texts, as a lazy ``Sequence`` for
    ``classify.corpus_pass.analyse_corpus``: only row ids are held; a report is read (its
    ``classify.corpus.REPORT_KEYS`` only, and its text decompressed) when indexed, the last
    few kept. Ordered by path, then doc_id, so
    that a pass over the same database is the same pass whatever order the workers
    finished in. ``on_read(i)`` is called the first time index ``i`` is read (progress)."""

    CACHE = 64

    def __init__(self, conn: sqlite3.Connection, on_read=None) -> None:
        from classify.corpus import REPORT_KEYS

        self.conn = conn
        self.keys = REPORT_KEYS
        # Only the keys the checks read, extracted by SQLite: a report's JSON is mostly its
        # tables, and parsing it whole in Python took 2.5 times as long (docs/batch.md).
        self.sql = (
            f"SELECT json_extract(report, {', '.join(repr('$.' + k) for k in REPORT_KEYS)}), "
            "text_z, path, doc_id FROM documents WHERE rowid = ?"
        )
        self.ids = [
            r[0]
            for r in conn.execute(
                "SELECT rowid FROM documents WHERE status = 'ok' AND report IS NOT NULL ORDER BY path, doc_id"
            )
        ]
        self.on_read = on_read
        self.read_up_to = -1
        self.missing_text = 0  # reports compared without their text (no stored text, file gone)
        self._cache: dict[int, dict[str, Any]] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (self[i] for i in range(len(self)))

    def __getitem__(self, i: int) -> dict[str, Any]:  # type: ignore[override]
        if i < 0:
            i += len(self)
        hit = self._cache.get(i)
        if hit is not None:
            return hit
        values, blob, path, doc_id = self.conn.execute(self.sql, (self.ids[i],)).fetchone()
        rep = dict(zip(self.keys, json.loads(values), strict=True))
        text = _text_of(blob, path, doc_id)
        if text is not None:
            rep["text"] = text
        if i > self.read_up_to:
            self.read_up_to = i
            self.missing_text += text is None
            if self.on_read is not None:
                self.on_read(i)
        if len(self._cache) >= self.CACHE:
            self._cache.pop(next(iter(self._cache)))
        self._cache[i] = rep
        return rep


@dataclass
class CorpusState:
    fingerprint: str  # of the ok documents' set and the checking version
    documents: int  # ok documents
    pending: int  # ok documents no corpus pass has covered since they were (re)screened
    previous: str | None  # the fingerprint the last completed pass stored

    @property
    def up_to_date(self) -> bool:
        return self.pending == 0 and self.previous == self.fingerprint


def corpus_state(conn: sqlite3.Connection, version: str) -> CorpusState:
    """Is the stored corpus pass current? It is when no ok document was written since it
    ran (``corpus_checked_at`` is reset by every write) and the set of ok documents and the
    checking version are those it ran on (a document that became failed changes the set)."""
    import hashlib

    h = hashlib.sha256(f"jxscan corpus pass\0{version}\0".encode())
    n = pending = 0
    for doc_id, checked in conn.execute(
        "SELECT doc_id, corpus_checked_at FROM documents WHERE status = 'ok' AND report IS NOT NULL "
        "ORDER BY doc_id"
    ):
        h.update(doc_id.encode() + b"\n")
        n += 1
        pending += checked is None
    row = conn.execute("SELECT value FROM meta WHERE key = 'corpus_fingerprint'").fetchone()
    return CorpusState(h.hexdigest(), n, pending, row[0] if row else None)


class CorpusChanged(RuntimeError):
    """The documents changed while the corpus checks ran (another writer): nothing stored."""


@dataclass
class CorpusWrite:
    documents: int  # documents whose findings, counts and risk were rewritten
    findings: dict[str, int]  # corpus findings stored, per code


def _json_default(o: Any) -> Any:
    return o.item() if hasattr(o, "item") else str(o)  # numpy scalars in the statistics


def write_corpus(
    conn: sqlite3.Connection,
    found: dict[str, list[dict[str, Any]]],
    stats: dict[str, Any],
    state: CorpusState,
    version: str,
    hooks: TestHooks = NO_HOOKS,
) -> CorpusWrite:
    """Replace every corpus finding with ``found`` in ONE transaction.

    For each document with corpus findings before or now: its report JSON gets them
    (``classify.corpus_pass.merge_findings``: earlier corpus findings dropped, counts and risk
    recomputed with the per-document formula), its documents row the new counts, risk and
    ``n_corpus``, the findings table its rows (``scope = 'corpus'``, numbered after its
    document findings). Every ok document is stamped ``corpus_checked_at``; ``meta`` gets
    the statistics (``corpus_stats``), the fingerprint and the time. Raises CorpusChanged,
    storing nothing, when the documents are no longer those the checks ran on."""
    from classify.corpus_pass import merge_findings

    ts = now()
    per_code: dict[str, int] = {}
    updated = 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        if corpus_state(conn, version).fingerprint != state.fingerprint:
            raise CorpusChanged(say("batch.corpus_changed"))
        before = {r[0] for r in conn.execute("SELECT DISTINCT doc_id FROM findings WHERE scope = 'corpus'")}
        conn.execute("DELETE FROM findings WHERE scope = 'corpus'")
        affected = sorted(before | {d for d, fs in found.items() if fs})
        for doc_id in affected:
            row = conn.execute(
                "SELECT json_extract(report, '$.findings', '$.risk'), n_rows + n_reasons + n_tables "
                "FROM documents WHERE doc_id = ? AND status = 'ok' AND report IS NOT NULL",
                (doc_id,),
            ).fetchone()
            if row is None:
                continue
            new = found.get(doc_id, [])
            findings, risk = json.loads(row[0])
            # The risk depends on the document's size (classify/risk.py): its rows, reasons, tables.
            rep = merge_findings({"findings": findings or [], "risk": risk}, new, items=row[1])
            c = rep["counts"]
            first = len(rep["findings"]) - len(new)
            # json_set edits the stored JSON in SQLite: the tables (most of a report) are never
            # parsed and re-serialised in Python (0.4 ms a document instead of 3 ms).
            conn.execute(
                "UPDATE documents SET report = json_set(report, '$.findings', json(?), '$.counts', json(?), "
                "'$.risk', ?), risk = ?, n_error = ?, n_warning = ?, n_info = ?, n_findings = ?, n_corpus = ? "
                "WHERE doc_id = ?",
                (
                    _compact(rep["findings"]),
                    _compact(c),
                    rep.get("risk"),
                    rep.get("risk"),
                    c.get("error", 0),
                    c.get("warning", 0),
                    c.get("info", 0),
                    len(rep["findings"]),
                    len(new),
                    doc_id,
                ),
            )
            conn.executemany(
                _insert_sql("findings", _N_COLS["findings"]), finding_rows(doc_id, new, first, "corpus")
            )
            updated += 1
            for f in new:
                per_code[f["code"]] = per_code.get(f["code"], 0) + 1
            hooks.in_corpus()  # a test may die here, mid-transaction
        conn.execute(
            "UPDATE documents SET corpus_checked_at = ? WHERE status = 'ok' AND report IS NOT NULL", (ts,)
        )
        stats = {
            **stats,
            "checked_at": ts,
            "tool_version": version,
            "findings": dict(sorted(per_code.items())),
            "documents_with_findings": sum(1 for fs in found.values() if fs),
        }
        conn.executemany(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            [
                ("corpus_stats", json.dumps(stats, ensure_ascii=False, default=_json_default)),
                ("corpus_fingerprint", state.fingerprint),
                ("corpus_checked_at", ts),
            ],
        )
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return CorpusWrite(updated, per_code)
