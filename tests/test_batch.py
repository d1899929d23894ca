"""``jxscan batch``: real SQLite files, real worker processes, real kills (docs/batch.md)."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from classify.risk import exposure, report_risk, risk_score
from extract.read import read_path
from service import batch, store
from service.batch import main
from service.hooks import TestHooks
from tests import pdfgen
from tests.conftest import ROOT, SEEDS, seed_report, seed_text
from tests.hooks import RUN_BATCH
from tests.pdfgen import bomb_pdf

RUN = RUN_BATCH  # the JXSCAN_TEST_* hooks of ``env`` are injected (tests/hooks.py)


# ---------------------------------------------------------------------------- helpers


def run(*args: str | Path, env: dict[str, str] | None = None, **kw) -> subprocess.CompletedProcess:
    """``jxscan batch ARGS`` in a fresh interpreter (the way users run it)."""
    return subprocess.run(
        [sys.executable, "-c", RUN, *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
        **kw,
    )


def popen(*args: str | Path, env: dict[str, str], preexec_fn=None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", RUN, *map(str, args)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **env},
        preexec_fn=preexec_fn,
    )


def db_rows(db: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(db) as c:
        return c.execute(sql, params).fetchall()


def docs(db: Path) -> dict[str, tuple]:
    """file name -> (status, error) of every stored document."""
    return {Path(p).name: (s, e) for p, s, e in db_rows(db, "SELECT path, status, error FROM documents")}


def assert_consistent(db: Path) -> None:
    """Every document is whole: its child rows are exactly what its report JSON holds."""
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        for t in ("findings", "tables", "rows", "reasons"):  # no orphans
            assert c.execute(
                f"SELECT count(*) FROM {t} WHERE doc_id NOT IN (SELECT doc_id FROM documents)"
            ).fetchone() == (0,)
        for doc_id, status, report, nf, nt, nr, nrs in c.execute(
            "SELECT doc_id, status, report, n_findings, n_tables, n_rows, n_reasons FROM documents"
        ):
            counts = [
                c.execute(f"SELECT count(*) FROM {t} WHERE doc_id = ?", (doc_id,)).fetchone()[0]
                for t in ("findings", "tables", "rows", "reasons")
            ]
            if status == "failed":
                assert report is None and counts == [0, 0, 0, 0]
                continue
            r = json.loads(report)
            assert r["doc_id"] == doc_id
            want = [
                len(r["findings"]),
                len(r["tables"]),
                sum(len(t["rows"]) for t in r["tables"]),
                len(r["reasons"]),
            ]
            assert counts == want == [nf, nt, nr, nrs], doc_id


def copy_seeds(dest: Path, copies: int = 1) -> list[Path]:
    """The seeds; with ``copies`` > 1, each copy gets a distinct trailing line (distinct hash)."""
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for k in range(copies):
        for s in SEEDS:
            p = dest / (s.name if copies == 1 else f"{s.stem}_{k}.txt")
            p.write_bytes(s.read_bytes() + (f"\n{k}\n".encode() if copies > 1 else b""))
            out.append(p)
    return out


def write_mixed_inputs(d: Path) -> Path:
    """Into ``d``: a real PDF and a GBK copy of a seed (readable); into ``d/bad`` (returned):
    an empty, a binary, a truncated and a non-PDF ``.pdf`` file (each must fail alone)."""
    pdf = pdfgen.render_pdf(pdfgen.sample_report())
    (d / "sample.pdf").write_bytes(pdf)
    (d / "gbk.txt").write_bytes(SEEDS[3].read_text(encoding="utf-8").encode("gbk"))
    bad = d / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (bad / "truncated.pdf").write_bytes(pdfgen.truncated_pdf(pdf))
    (bad / "garbage.pdf").write_bytes(b"%PDF-1.4\nthis is no pdf\n%%EOF\n")
    return bad


@pytest.fixture(scope="module")
def bad_corpus(tmp_path_factory) -> Path:
    """The seeds, a real PDF and a GBK copy (all readable) plus six inputs that must fail."""
    d = tmp_path_factory.mktemp("corpus")
    copy_seeds(d)
    bad = write_mixed_inputs(d)
    (bad / "bomb.pdf").write_bytes(bomb_pdf(300 << 20))
    with (bad / "huge.txt").open("wb") as f:  # 50 MB (sparse: costs no disk)
        f.truncate(50 * 1024 * 1024)
    return d


# ---------------------------------------------------------------------------- the tests


def test_bad_inputs_fail_alone_and_good_ones_are_stored_whole(bad_corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite"
    res = run(bad_corpus, "--db", db, "--workers", "2", "--timeout", "20", "--max-memory", "256")
    assert res.returncode == 2, res.stderr  # some documents failed
    got = docs(db)
    assert {n for n, (s, _) in got.items() if s == "ok"} == {p.name for p in SEEDS} | {
        "sample.pdf",
        "gbk.txt",
    }
    err = {n: e for n, (s, e) in got.items() if s == "failed"}
    assert err["empty.txt"] == "empty file"
    assert err["binary.txt"].startswith("binary file")
    assert err["truncated.pdf"].startswith("truncated PDF")
    assert err["garbage.pdf"].startswith("corrupt or truncated PDF")
    assert err["huge.txt"] == "too large (52,428,800 bytes; the limit is 20,971,520)"
    assert err["bomb.pdf"].startswith("too large to read")  # the stream limit, or the 256 MB cap
    assert "7 screened, 0 skipped, 6 failed" in res.stderr
    for name in err:
        assert f"{name}: {err[name]}" in res.stderr
    assert_consistent(db)
    assert db_rows(db, "PRAGMA journal_mode") == [("wal",)]

    # doc_id is the content hash; stored values are the pipeline's own.
    path = SEEDS[0]
    ((doc_id, title, year, n_tables, n_rows, n_reasons, kind, version),) = db_rows(
        db,
        "SELECT doc_id, title, year, n_tables, n_rows, n_reasons, kind, tool_version "
        "FROM documents WHERE path LIKE ?",
        f"%{path.name}",
    )
    rep = seed_report(path.name[:3])
    assert doc_id == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (title, year, kind, version) == (rep.title, 2023, "text", batch.tool_version())
    assert "乌鲁木齐市政务服务管理局" in title
    assert (n_tables, n_rows, n_reasons) == (
        len(rep.tables),
        sum(len(t.rows) for t in rep.tables),
        len(rep.reasons),
    )
    first = rep.tables[0].rows[0]
    assert db_rows(
        db,
        "SELECT name, target_value, weight, score FROM rows WHERE doc_id = ? AND table_seq = 0 AND seq = 0",
        doc_id,
    ) == [(first.name, first.target.value, first.weight, first.score)]

    # GBK decodes (the reader knows GB18030): same report as the UTF-8 seed, its own doc_id.
    (gbk,) = db_rows(db, "SELECT title, n_tables, n_rows, doc_id FROM documents WHERE path LIKE '%gbk.txt'")
    (utf8,) = db_rows(
        db, "SELECT title, n_tables, n_rows, doc_id FROM documents WHERE path LIKE ?", f"%{SEEDS[3].name}"
    )
    assert gbk[:3] == utf8[:3] and gbk[3] != utf8[3]
    ((pdf_kind, pages),) = db_rows(db, "SELECT kind, pages FROM documents WHERE path LIKE '%sample.pdf'")
    assert pdf_kind == "pdf" and pages >= 1


def test_second_run_skips_everything_and_doubles_nothing(tmp_path: Path, capsys, monkeypatch) -> None:
    corpus = tmp_path / "c"
    copy_seeds(corpus)
    (corpus / "empty.txt").write_bytes(b"")
    db = tmp_path / "r.sqlite"
    assert main([str(corpus), "--db", str(db), "--workers", "2"]) == 2
    assert "5 screened, 0 skipped, 1 failed" in capsys.readouterr().err
    tables = ("documents", "findings", "tables", "rows", "reasons")
    before = {t: db_rows(db, f"SELECT count(*) FROM {t}")[0][0] for t in tables}
    stamps = db_rows(db, "SELECT doc_id, screened_at FROM documents ORDER BY doc_id")

    assert main([str(corpus), "--db", str(db), "--workers", "2"]) == 0  # failed ones skipped too
    assert "0 screened, 6 skipped, 0 failed" in capsys.readouterr().err
    assert {t: db_rows(db, f"SELECT count(*) FROM {t}")[0][0] for t in tables} == before
    assert db_rows(db, "SELECT doc_id, screened_at FROM documents ORDER BY doc_id") == stamps

    # --retry-failed: only the failed document is tried again.
    assert main([str(corpus), "--db", str(db), "--retry-failed"]) == 2
    assert "0 screened, 5 skipped, 1 failed" in capsys.readouterr().err

    # A copy under another name is the same document: skipped, its path recorded.
    (corpus / "again.txt").write_bytes(SEEDS[0].read_bytes())
    assert main([str(corpus), "--db", str(db)]) == 0
    assert "0 screened, 7 skipped" in capsys.readouterr().err
    assert db_rows(
        db,
        "SELECT count(*) FROM paths WHERE doc_id = (SELECT doc_id FROM paths WHERE path LIKE '%again.txt')",
    ) == [(2,)]

    # A new tool version screens everything again and replaces, not adds.
    monkeypatch.setattr(batch, "tool_version", lambda: "99.0")
    assert main([str(corpus), "--db", str(db), "--quiet"]) == 2
    assert "5 screened, 1 skipped, 1 failed" in capsys.readouterr().err
    assert {t: db_rows(db, f"SELECT count(*) FROM {t}")[0][0] for t in tables} == before
    assert db_rows(db, "SELECT DISTINCT tool_version FROM documents") == [("99.0",)]
    assert_consistent(db)


def test_hung_and_crashing_documents_fail_and_the_batch_goes_on(tmp_path: Path, capsys, monkeypatch) -> None:
    corpus = tmp_path / "c"
    copy_seeds(corpus)
    hang, crash = SEEDS[1].name, SEEDS[2].name
    hooks = TestHooks(hang=frozenset({hang}), crash=frozenset({crash, "nothing.txt"}))
    db = tmp_path / "r.sqlite"
    t0 = time.monotonic()
    assert main([str(corpus), "--db", str(db), "--workers", "2", "--timeout", "1"], hooks=hooks) == 2
    assert time.monotonic() - t0 < 5  # one timeout, not one per document
    err = capsys.readouterr().err
    got = docs(db)
    assert got[hang] == ("failed", "timeout after 1 s")
    assert got[crash] == ("failed", "worker crashed (exit code 3)")
    assert [n for n, (s, _) in got.items() if s == "ok"] and len(got) == 5
    assert all(s == "ok" for n, (s, _) in got.items() if n not in (hang, crash))
    assert "3 screened, 0 skipped, 2 failed" in err
    assert_consistent(db)

    # Fixed (hooks off): --retry-failed completes the corpus.
    assert main([str(corpus), "--db", str(db), "--retry-failed", "--workers", "1"]) == 0
    assert "2 screened, 3 skipped, 0 failed" in capsys.readouterr().err
    assert all(s == "ok" for s, _ in docs(db).values())
    assert_consistent(db)


def test_every_document_hangs_and_crashes_with_one_worker(tmp_path: Path, capsys, monkeypatch) -> None:
    """Back-to-back failures: each replacement worker takes the next document."""
    corpus = tmp_path / "c"
    copy_seeds(corpus)
    names = [p.name for p in SEEDS]
    hooks = TestHooks(crash=frozenset(names[:3]), hang=frozenset(names[3:]))
    db = tmp_path / "r.sqlite"
    assert main([str(corpus), "--db", str(db), "--workers", "1", "--timeout", "0.5"], hooks=hooks) == 2
    got = docs(db)
    assert [got[n][1] for n in names] == ["worker crashed (exit code 3)"] * 3 + ["timeout after 0.5 s"] * 2


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_kill_9_midway_then_resume_loses_and_doubles_nothing(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "c"
    files = copy_seeds(corpus, copies=3)  # 15 distinct documents
    db = tmp_path / "r.sqlite"
    # JXSCAN_TEST_SLEEP slows every document to ~0.15 s so that the kill lands midway.
    p = popen(corpus, "--db", db, "--workers", "2", env={"JXSCAN_TEST_SLEEP": "0.15"})
    try:
        deadline = time.monotonic() + 20
        done = 0
        while done < 4 and time.monotonic() < deadline:
            time.sleep(0.02)
            if db.exists():
                with contextlib_suppress_db():
                    done = db_rows(db, "SELECT count(*) FROM documents")[0][0]
        workers = _children(p.pid)  # [] where the kernel does not list children
        assert p.poll() is None and len(workers) in (0, 2)
        p.send_signal(signal.SIGKILL)
        assert p.wait(10) == -signal.SIGKILL
    finally:
        p.kill()
        p.communicate()
    # The workers die with their parent (PR_SET_PDEATHSIG): no orphan screens on.
    t = time.monotonic()
    while any(_alive(w) for w in workers) and time.monotonic() - t < 5:
        time.sleep(0.05)
    assert not any(_alive(w) for w in workers)

    stored = db_rows(db, "SELECT count(*) FROM documents")[0][0]
    assert 4 <= stored < len(files)
    assert_consistent(db)

    assert main([str(corpus), "--db", str(db), "--workers", "2"]) == 0
    assert f"{len(files) - stored} screened, {stored} skipped, 0 failed" in capsys.readouterr().err
    ids = [r[0] for r in db_rows(db, "SELECT doc_id FROM documents")]
    assert sorted(ids) == sorted(hashlib.sha256(f.read_bytes()).hexdigest() for f in files)
    assert all(s == "ok" for s, _ in docs(db).values())
    assert_consistent(db)


class contextlib_suppress_db:
    """Reading while the batch writes: WAL readers never block, but the file may be new."""

    def __enter__(self):
        return self

    def __exit__(self, typ, exc, tb):
        return typ is not None and issubclass(typ, sqlite3.OperationalError)


def test_killed_inside_a_document_transaction_leaves_no_trace_of_it(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "c"
    copy_seeds(corpus)
    db = tmp_path / "r.sqlite"
    victim = SEEDS[2]
    # JXSCAN_TEST_KILL_IN_WRITE: the parent SIGKILLs itself after writing this document's
    # documents/tables/rows rows and before its findings/reasons and COMMIT.
    res = run(corpus, "--db", db, "--workers", "1", env={"JXSCAN_TEST_KILL_IN_WRITE": victim.name})
    assert res.returncode == -signal.SIGKILL
    got = docs(db)
    assert sorted(got) == sorted(p.name for p in SEEDS[:2])  # in order with one worker; victim absent
    victim_id = hashlib.sha256(victim.read_bytes()).hexdigest()
    for t in ("documents", "tables", "rows", "findings", "reasons", "paths"):
        assert db_rows(db, f"SELECT count(*) FROM {t} WHERE doc_id = ?", victim_id) == [(0,)]
    assert_consistent(db)

    assert main([str(corpus), "--db", str(db)]) == 0
    assert "3 screened, 2 skipped, 0 failed" in capsys.readouterr().err
    assert len(docs(db)) == 5
    assert_consistent(db)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupt_stops_cleanly_and_says_so(tmp_path: Path, sig: signal.Signals) -> None:
    corpus = tmp_path / "c"
    files = copy_seeds(corpus, copies=2)
    db = tmp_path / "r.sqlite"
    # SIGINT at its default in the child, as in a terminal's foreground: a test run started in
    # the background of a non-interactive shell (`.ci/run &`) inherits SIGINT ignored, and a
    # Python started so never turns Ctrl-C into KeyboardInterrupt (the batch then rightly ran on).
    p = popen(
        corpus,
        "--db",
        db,
        "--workers",
        "1",
        env={"JXSCAN_TEST_SLEEP": "0.2"},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        time.sleep(0.02)
        with contextlib_suppress_db():
            if db.exists() and db_rows(db, "SELECT count(*) FROM documents")[0][0] >= 2:
                break
    p.send_signal(sig)
    _, err = p.communicate(timeout=10)
    assert p.returncode == 130
    assert "interrupted; run again to resume" in err
    assert "Traceback" not in err
    assert 2 <= len(docs(db)) < len(files)
    assert_consistent(db)


def _fake(doc_id: str, risk: float | None, status: str = "ok", n: int = 0) -> store.DocRecord:
    if status == "failed":
        return store.failed_record(doc_id, f"/c/{doc_id}.txt", "empty file", 0)
    report = {
        "doc_id": doc_id,
        "source": f"/c/{doc_id}.txt",
        "title": f"{doc_id}单位2023年度部门决算公开说明",
        "department": f"{doc_id}单位",
        "year": 2023,
        "risk": risk,
        "counts": {"error": n, "warning": 0, "info": 0},
        "tables": [],
        "reasons": [],
        "findings": [
            {
                "code": "IND001",
                "severity": "error",
                "message": f"{doc_id}的问题{i}",
                "evidence": "=0\x07次",
                "start": 10 * i,
                "end": 10 * i + 4,
                "location": "表 / 行",
                "details": {"score": 6},
            }
            for i in range(n)
        ],
    }
    return store.record_from_report(report, f"/c/{doc_id}.txt", "text", 100, 0.01)


def test_exports_are_ranked_by_risk_with_failed_last(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite"
    conn = store.connect(db)
    for rec in (
        _fake("a", 10.0, n=1),
        _fake("f", None, "failed"),
        _fake("b", 80.5, n=2),
        _fake("n", None),
        _fake("c", 45.0, n=3),
    ):
        store.write_document(conn, rec, "0.1.0")
    from service.export import export

    assert export(conn, tmp_path / "r.xlsx") == 5
    assert export(conn, tmp_path / "r.csv") == 5
    assert export(conn, tmp_path / "r.jsonl") == 5
    with pytest.raises(ValueError, match="unknown export format"):
        export(conn, tmp_path / "r.txt")
    conn.close()

    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "r.xlsx", read_only=True)
    assert wb.sheetnames == ["documents", "findings"]
    d = list(wb["documents"].values)
    assert d[0][:5] == ("rank", "risk", "status", "error", "path")
    assert [(r[0], r[1], r[2], r[-3]) for r in d[1:]] == [
        (1, 80.5, "ok", "b"),
        (2, 45.0, "ok", "c"),
        (3, 10.0, "ok", "a"),
        (4, None, "ok", "n"),
        (5, None, "failed", "f"),
    ]
    assert d[5][3] == "empty file"
    f = list(wb["findings"].values)
    assert f[0][:10] == (
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
    )
    assert [(r[0], r[-1]) for r in f[1:]] == [(1, "b")] * 2 + [(2, "c")] * 3 + [(3, "a")]
    assert f[1][5:8] == ("IND001", "error", "b的问题0") and f[1][9] == "=0\ufffd次"  # control char made legal
    assert (
        f[1][8] is None
    )  # the explanation (an empty cell): details {"score": 6} alone (no weight) make no sentence
    assert json.loads(f[1][14]) == {"score": 6}

    with (tmp_path / "r.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["doc_id"] for r in rows] == ["b", "c", "a", "n", "f"]
    assert rows[0]["department"] == "b单位" and rows[0]["findings"] == "2"

    lines = (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()
    reps = [json.loads(x) for x in lines]
    assert [r["doc_id"] for r in reps] == ["b", "c", "a", "n", "f"]
    assert len(reps[0]["findings"]) == 2 and reps[4] == {
        "doc_id": "f",
        "source": "/c/f.txt",
        "status": "failed",
        "error": "empty file",
    }


def test_batch_writes_the_xlsx_it_is_asked_for(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "c"
    copy_seeds(corpus)
    (corpus / "empty.txt").write_bytes(b"")
    db, out = tmp_path / "r.sqlite", tmp_path / "out.xlsx"
    assert main([str(corpus), "--db", str(db), "--out", str(out), "--quiet"]) == 2
    assert "exported 6 documents" in capsys.readouterr().err
    from openpyxl import load_workbook

    wb = load_workbook(out, read_only=True)
    assert wb.sheetnames == ["documents", "findings"]
    rows = list(wb["documents"].values)[1:]
    assert len(rows) == 6 and rows[-1][2:4] == ("failed", "empty file")
    risks = [r[1] for r in rows if r[2] == "ok" and r[1] is not None]
    assert risks == sorted(risks, reverse=True)
    n_findings = db_rows(db, "SELECT count(*) FROM findings")[0][0]
    assert len(list(wb["findings"].values)) == n_findings + 1

    # Export only (no paths): the existing database, no screening.
    out2 = tmp_path / "again.jsonl"
    assert main(["--db", str(db), "--out", str(out2)]) == 0
    assert len(out2.read_text(encoding="utf-8").splitlines()) == 6


def test_command_line_errors(tmp_path: Path, capsys) -> None:
    assert main(["--db", str(tmp_path / "r.sqlite")]) == 2
    assert "give paths" in capsys.readouterr().err
    assert main([str(tmp_path), "--out", str(tmp_path / "r.pdf")]) == 2
    assert "--out must end in" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main([str(tmp_path), "--workers", "0"])
    assert main([str(tmp_path / "missing"), "--db", str(tmp_path / "r.sqlite")]) == 2
    assert "no such file or directory" in capsys.readouterr().err
    assert main([str(tmp_path), "--db", str(tmp_path / "no" / "such" / "r.sqlite")]) == 1
    assert "cannot open the database" in capsys.readouterr().err
    assert main(["--db", str(tmp_path / "r.sqlite"), "--out", str(tmp_path / "no" / "r.csv")]) == 1
    assert "cannot write" in capsys.readouterr().err


def test_add_batch_parser_plugs_into_a_cli() -> None:
    import argparse

    p = argparse.ArgumentParser(prog="jxscan")
    batch.add_batch_parser(p.add_subparsers(dest="command", required=True))
    a = p.parse_args(
        ["batch", "x", "y", "--db", "d.sqlite", "--workers", "3", "--timeout", "5", "--out", "o.csv"]
    )
    assert (a.func, a.paths, a.db, a.workers, a.timeout, a.out, a.max_bytes) == (
        batch.run_batch_cmd,
        ["x", "y"],
        "d.sqlite",
        3,
        5.0,
        "o.csv",
        20 * 1024 * 1024,
    )


# ---------------------------------------------------------------------------- corpus pass

RENAMED = ("克拉玛依市乌尔禾区人民政府办公室", "克拉玛依市白碱滩区人民政府办公室")


def seed_002_variant(dept: str, year: str) -> str:
    """Seed 002 re-issued under another department name and/or year."""
    return seed_text("002").replace(RENAMED[0], dept).replace("2023", year)


def corpus_rows(db: Path) -> list[tuple]:
    """(file name, code, seq, severity, partner file name) of every corpus-scope finding."""
    names = {d: Path(p).name for d, p in db_rows(db, "SELECT doc_id, path FROM documents")}
    return sorted(
        (names[d], code, seq, sev, names.get(json.loads(det)["other"]["doc_id"]))
        for d, code, seq, sev, det in db_rows(
            db, "SELECT doc_id, code, seq, severity, details FROM findings WHERE scope = 'corpus'"
        )
    )


def assert_counts_match_findings(db: Path) -> None:
    """Counts, risk and n_corpus of every ok document are those of its findings rows."""
    for doc_id, risk, ne, nw, ni, nc, report in db_rows(
        db,
        "SELECT doc_id, risk, n_error, n_warning, n_info, n_corpus, report FROM documents "
        "WHERE status = 'ok'",
    ):
        sev = dict(
            db_rows(db, "SELECT severity, count(*) FROM findings WHERE doc_id = ? GROUP BY severity", doc_id)
        )
        counts = {s: sev.get(s, 0) for s in ("error", "warning", "info")}
        assert (ne, nw, ni) == (counts["error"], counts["warning"], counts["info"])
        assert risk == report_risk(json.loads(report))  # classify/risk.py, over findings and size
        assert (
            nc
            == db_rows(db, "SELECT count(*) FROM findings WHERE doc_id = ? AND scope = 'corpus'", doc_id)[0][
                0
            ]
        )
        r = json.loads(report)
        assert r["counts"] == counts and r["risk"] == risk
        # the report's findings, in order, are the rows in seq order: document ones, then corpus ones
        rows = db_rows(db, "SELECT code, scope, evidence FROM findings WHERE doc_id = ? ORDER BY seq", doc_id)
        assert [(f["code"], f["evidence"]) for f in r["findings"]] == [(c, e) for c, _, e in rows]
        scopes = [s for _, s, _ in rows]
        assert scopes == sorted(scopes, key=lambda s: s == "corpus")
        assert all((s == "corpus") == c.startswith("DUP") for c, s, _ in rows)


def test_corpus_pass_finds_the_renamed_copy_and_never_doubles(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "c"
    copy_seeds(corpus)
    (corpus / "renamed_002.txt").write_text(seed_002_variant(RENAMED[1], "2022"), encoding="utf-8")
    db = tmp_path / "r.sqlite"
    assert main([str(corpus), "--db", str(db), "--workers", "2", "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "corpus checks over 6 documents: 2 DUP001, 0 DUP002 findings in 2 documents" in err
    seed2 = SEEDS[2].name
    assert corpus_rows(db) == sorted(
        [
            (seed2, "DUP001", 26, "warning", "renamed_002.txt"),
            ("renamed_002.txt", "DUP001", 26, "warning", seed2),
        ]
    )
    # The copy's counts and risk now include its DUP001 warning (26 document findings before).
    ((nw, risk, nf, nc, report),) = db_rows(
        db,
        "SELECT n_warning, risk, n_findings, n_corpus, report FROM documents "
        "WHERE path LIKE '%renamed_002.txt'",
    )
    r = json.loads(report)
    assert (nf, nc) == (27, 1) and r["findings"][-1]["code"] == "DUP001"
    assert "text" not in r
    assert risk == report_risk(r) > risk_score(r["findings"][:-1], exposure(r))
    assert_counts_match_findings(db)
    assert_consistent(db)
    stats = json.loads(db_rows(db, "SELECT value FROM meta WHERE key = 'corpus_stats'")[0][0])
    assert stats["documents"] == 6 and stats["findings"] == {"DUP001": 2}
    assert stats["dup002"]["status"] == "skipped" and stats["stickiness"] == []
    n = db_rows(db, "SELECT count(*) FROM findings")[0][0]

    # Nothing new: the pass is skipped, nothing changes.
    assert main([str(corpus), "--db", str(db), "--workers", "2", "--quiet"]) == 0
    assert "corpus checks: unchanged since the last pass (6 documents), skipped" in capsys.readouterr().err
    assert db_rows(db, "SELECT count(*) FROM findings")[0][0] == n

    # A new document (the same office, a year earlier) re-runs the pass over all seven: the
    # earlier findings are replaced, not doubled, and the office has a stickiness figure.
    (corpus / "redated_002.txt").write_text(seed_002_variant(RENAMED[0], "2022"), encoding="utf-8")
    assert main([str(corpus), "--db", str(db), "--workers", "2", "--quiet"]) == 0
    assert "corpus checks over 7 documents: 3 DUP001" in capsys.readouterr().err
    rows = corpus_rows(db)
    assert [r[:4] for r in rows] == sorted(
        [
            (seed2, "DUP001", 26, "warning"),
            ("redated_002.txt", "DUP001", 26, "warning"),
            ("renamed_002.txt", "DUP001", 26, "warning"),
        ]
    )
    assert db_rows(db, "SELECT count(*) FROM findings")[0][0] == n + 27
    assert_counts_match_findings(db)
    assert_consistent(db)
    (s,) = json.loads(db_rows(db, "SELECT value FROM meta WHERE key = 'corpus_stats'")[0][0])["stickiness"]
    assert (s["department"], s["year_from"], s["year_to"]) == (RENAMED[0], 2022, 2023)
    assert s["sentence_share"] == 1.0

    # --force re-screens every document (which wipes its findings) and re-runs the pass: same result.
    assert main([str(corpus), "--db", str(db), "--workers", "2", "--quiet", "--force"]) == 0
    assert corpus_rows(db) == rows
    assert db_rows(db, "SELECT count(*) FROM findings")[0][0] == n + 27
    assert_counts_match_findings(db)


def test_no_corpus_stores_none_until_a_run_with_it(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "c"
    copy_seeds(corpus)
    (corpus / "renamed_002.txt").write_text(seed_002_variant(RENAMED[1], "2022"), encoding="utf-8")
    db = tmp_path / "r.sqlite"
    assert main([str(corpus), "--db", str(db), "--quiet", "--no-corpus"]) == 0
    assert "corpus" not in capsys.readouterr().err
    assert db_rows(db, "SELECT count(*) FROM findings WHERE scope = 'corpus' OR code LIKE 'DUP%'") == [(0,)]
    assert db_rows(db, "SELECT count(*) FROM meta WHERE key LIKE 'corpus%'") == [(0,)]
    assert db_rows(db, "SELECT count(*) FROM documents WHERE corpus_checked_at IS NOT NULL") == [(0,)]
    # Stored texts: what the corpus pass reads (and all the HTML pages need).
    for doc_id, blob in db_rows(db, "SELECT doc_id, text_z FROM documents"):
        assert store.decompress_text(blob) == next(
            read_path(p).text
            for p in corpus.iterdir()
            if hashlib.sha256(p.read_bytes()).hexdigest() == doc_id
        )

    # Export only, without --no-corpus: the pass runs on what is stored, then the export has it.
    out = tmp_path / "r.xlsx"
    assert main(["--db", str(db), "--out", str(out)]) == 0
    assert "2 DUP001" in capsys.readouterr().err
    from openpyxl import load_workbook

    wb = load_workbook(out, read_only=True)
    docs_sheet = list(wb["documents"].values)
    i = docs_sheet[0].index("corpus_findings")
    assert sorted(r[i] for r in docs_sheet[1:]) == [0, 0, 0, 0, 1, 1]
    f = list(wb["findings"].values)
    col = f[0].index("scope")
    dup = [r for r in f[1:] if r[5] == "DUP001"]
    assert len(dup) == 2 and {r[col] for r in dup} == {"corpus"}
    assert {r[col] for r in f[1:] if r[5] != "DUP001"} == {"document"}


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_inside_the_corpus_transaction_keeps_the_previous_pass(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "c"
    copy_seeds(corpus)
    (corpus / "renamed_002.txt").write_text(seed_002_variant(RENAMED[1], "2022"), encoding="utf-8")
    db = tmp_path / "r.sqlite"
    assert main([str(corpus), "--db", str(db), "--quiet"]) == 0
    before = corpus_rows(db)
    stamps = db_rows(db, "SELECT doc_id, risk, n_findings, report FROM documents ORDER BY doc_id")
    (corpus / "redated_002.txt").write_text(seed_002_variant(RENAMED[0], "2022"), encoding="utf-8")
    # JXSCAN_TEST_KILL_IN_CORPUS: SIGKILL after the old corpus findings are deleted and the
    # first document rewritten, before the COMMIT.
    res = run(corpus, "--db", db, "--quiet", env={"JXSCAN_TEST_KILL_IN_CORPUS": "1"})
    assert res.returncode == -signal.SIGKILL
    assert corpus_rows(db) == before  # the previous pass, whole
    after = db_rows(db, "SELECT doc_id, risk, n_findings, report FROM documents ORDER BY doc_id")
    assert [s for s in after if s in stamps] == stamps and len(after) == 7  # the new one was stored
    assert_consistent(db)
    assert main([str(corpus), "--db", str(db), "--quiet"]) == 0  # the next run completes the pass
    assert "corpus checks over 7 documents: 3 DUP001" in capsys.readouterr().err
    assert_counts_match_findings(db)


def schema_1(db: Path, source: Path) -> None:
    """``db``: a schema-1 database (no stored texts, no scope) holding ``source``'s results."""
    added = ("text_z", "n_corpus", "corpus_checked_at", "scope", "CHECK (scope")
    old = "\n".join(line for line in store.SCHEMA.splitlines() if not line.strip().startswith(added))
    old = re.sub(r"(report\s+TEXT),", r"\1", old)
    with sqlite3.connect(db) as c:
        c.executescript(old)
        c.execute("ATTACH ? AS src", (str(source),))
        for t in ("documents", "findings", "tables", "rows", "reasons", "paths"):
            cols = ", ".join(r[1] for r in c.execute(f"PRAGMA main.table_info({t})"))
            c.execute(f"INSERT INTO main.{t} ({cols}) SELECT {cols} FROM src.{t}")
        c.execute("INSERT INTO meta VALUES ('schema_version', '1')")


def test_a_schema_1_database_is_migrated_and_texts_come_from_the_files(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "c"
    copy_seeds(corpus)
    (corpus / "renamed_002.txt").write_text(seed_002_variant(RENAMED[1], "2022"), encoding="utf-8")
    new, db = tmp_path / "new.sqlite", tmp_path / "r.sqlite"
    assert main([str(corpus), "--db", str(new), "--quiet", "--no-corpus"]) == 0
    schema_1(db, new)
    assert "text_z" not in {r[1] for r in db_rows(db, "PRAGMA table_info(documents)")}
    assert main([str(corpus), "--db", str(db), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "0 screened, 6 skipped" in err and "2 DUP001" in err and "without their text" not in err
    assert db_rows(db, "SELECT value FROM meta WHERE key = 'schema_version'") == [(store.SCHEMA_VERSION,)]
    assert db_rows(db, "SELECT count(*) FROM documents WHERE text_z IS NULL") == [(6,)]
    assert len(corpus_rows(db)) == 2
    assert_counts_match_findings(db)
    assert_consistent(db)
    # The files gone, a pass still runs (documents compared by goals and reasons) and says so.
    for p in corpus.iterdir():
        p.unlink()
    assert main(["--db", str(db), "--out", str(tmp_path / "r.csv"), "--force"]) == 0
    assert "6 without their text" in capsys.readouterr().err
