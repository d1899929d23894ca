"""The corpus pass's storage (docs/batch.md, "Corpus checks"): the stored texts and ok
reports read back for the checks, whether the stored pass is current, and its findings
written back in one transaction."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extract.messages import t as say

from .hooks import NO_HOOKS, TestHooks
from .store_records import _compact, decompress_text, finding_rows
from .store_schema import _N_COLS, _insert_sql, now

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
