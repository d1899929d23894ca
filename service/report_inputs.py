"""``jxscan report``'s inputs (service/report_html.py renders them): report dicts from JSONL or
JSON files, or from a ``jxscan batch`` database (in rank order, or as a lazy sequence for the
corpus checks), each given its text back from its file when that file is still the one
screened (same sha256).
"""

from __future__ import annotations

import json
import sqlite3
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from extract.messages import relocalize
from extract.messages import t as say


def restore_text(report: dict[str, Any], path: str | None) -> dict[str, Any]:
    """Give a report stored without ``text`` its text back from its file, if that file is
    still the one screened (same sha256); otherwise say why in ``_text_missing``."""
    if isinstance(report.get("text"), str):
        return report
    if not path:
        report["_text_missing"] = say("report.no_text_no_path")
        return report
    from extract.read import ReadError, read_path

    try:
        src = read_path(Path(path))
    except (OSError, ReadError) as e:
        report["_text_missing"] = say("report.file_unreadable", error=e)
        return report
    if src.doc_id != report.get("doc_id"):
        report["_text_missing"] = say("report.file_changed")
        return report
    report["text"] = src.text
    return report


def read_jsonl(paths: Iterable[str]) -> Iterator[dict[str, Any]]:
    """Reports from JSONL files (one per line) or JSON files ({"reports": [...]}, a list, or one)."""
    for p in paths:
        with open(p, encoding="utf-8") as fh:
            first = fh.read(1)
            fh.seek(0)
            if p.endswith(".json") and first in "[{":
                data = json.load(fh)
                docs = data.get("reports", [data]) if isinstance(data, dict) else data
                yield from (d for d in docs if isinstance(d, dict))
                continue
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    d = json.loads(line)
                except json.JSONDecodeError as e:
                    raise ValueError(f"{p}:{n}: not a JSON report ({e.msg})") from None
                if isinstance(d, dict):
                    yield d


def _connect_existing(db: str) -> sqlite3.Connection:
    if not Path(db).is_file():
        raise FileNotFoundError(f"{db}: no such database")
    from . import store

    return store.connect(db)


class DbReports(Sequence):
    """The ok reports of a batch database as a lazy sequence (for the corpus checks): only
    the row ids are held; a report is loaded when indexed, its text restored from its file."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.ids = [
            r[0]
            for r in conn.execute(
                "SELECT rowid FROM documents WHERE status = 'ok' AND report IS NOT NULL ORDER BY rowid"
            )
        ]
        self._cache: OrderedDict[int, dict[str, Any]] = OrderedDict()

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        hit = self._cache.get(i)
        if hit is not None:
            self._cache.move_to_end(i)
            return hit
        row = self.conn.execute(
            "SELECT report, path FROM documents WHERE rowid = ?", (self.ids[i],)
        ).fetchone()
        rep = restore_text(json.loads(row[0]), row[1])
        self._cache[i] = rep
        if len(self._cache) > 64:
            self._cache.popitem(last=False)
        return rep


def db_reports(conn: sqlite3.Connection) -> tuple[Iterator[dict[str, Any]], list[dict[str, str]]]:
    """Ok reports in rank order (store.ranked_documents) and the failed documents."""
    from . import store

    failed: list[dict[str, str]] = []

    def gen() -> Iterator[dict[str, Any]]:
        for row in store.ranked_documents(conn):
            if row["status"] != "ok" or not row["report"]:
                # stored in the language of the batch that screened it: shown in the page's
                failed.append({"source": row["path"], "error": relocalize(row["error"] or "")})
                continue
            yield restore_text(json.loads(row["report"]), row["path"])

    return gen(), failed


def db_corpus_stats(conn: sqlite3.Connection) -> dict[str, Any] | None:
    """Corpus statistics a batch saved in ``meta`` under ``corpus_stats`` (JSON), if any."""
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'corpus_stats'").fetchone()
    except sqlite3.Error:
        return None
    try:
        return json.loads(row[0]) if row else None
    except json.JSONDecodeError:
        return None
