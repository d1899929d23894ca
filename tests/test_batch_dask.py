"""``jxscan batch --engine dask`` writes the same database as the default engine (docs/scale.md).

Real Dask clusters on loopback (no dashboard, random ports): a LocalCluster of two worker
processes started by the command itself, and one started here that the command joins with
``--scheduler`` (and ``--ship-bytes``). The inputs hold the seeds, copies that the corpus
pass flags, a PDF, GBK text, bad files, and a document that hangs and one that crashes its
screening process (the test hooks of docs/batch.md), so every kind of row is compared.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from distributed import LocalCluster  # noqa: E402

from service import batch, engine_dask  # noqa: E402
from service.batch import main  # noqa: E402
from tests.conftest import SEEDS  # noqa: E402
from tests.test_batch import (  # noqa: E402
    RENAMED,
    assert_consistent,
    copy_seeds,
    run,
    seed_002_variant,
    write_mixed_inputs,
)

TIMEOUT = "3"  # seconds: the hung document costs this much per run
HOOKS = {"JXSCAN_TEST_HANG": "hang.txt", "JXSCAN_TEST_CRASH": "crash.txt"}

# Columns that record when or how long, not what: everything else must be equal.
IGNORED = {"documents": {"screened_at", "seconds", "corpus_checked_at"}, "paths": {"seen_at"}}
TABLES = ("documents", "findings", "tables", "rows", "reasons", "paths")


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table (sorted, timing columns left out), and the corpus statistics."""
    out: dict[str, list[tuple]] = {}
    with sqlite3.connect(db) as c:
        for t in TABLES:
            cols = [r[1] for r in c.execute(f"PRAGMA table_info({t})") if r[1] not in IGNORED.get(t, ())]
            sel = ", ".join(f'"{x}"' for x in cols)
            out[t] = c.execute(f"SELECT {sel} FROM {t} ORDER BY {sel}").fetchall()
        meta = dict(c.execute("SELECT key, value FROM meta"))
    stats = json.loads(meta.pop("corpus_stats"))
    for k in ("seconds", "checked_at"):
        stats.pop(k)
    meta.pop("corpus_checked_at")
    out["meta"] = sorted(meta.items())
    out["corpus_stats"] = [(json.dumps(stats, sort_keys=True, ensure_ascii=False),)]
    return out


def assert_same(a: Path, b: Path) -> None:
    da, db_ = dump(a), dump(b)
    for t in da:
        assert len(da[t]) == len(db_[t]), t
        for ra, rb in zip(da[t], db_[t], strict=True):
            assert ra == rb, t


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("dask_corpus")
    copy_seeds(d)
    (d / "renamed_002.txt").write_text(seed_002_variant(RENAMED[1], "2023"), encoding="utf-8")  # DUP001
    (d / "redated_002.txt").write_text(seed_002_variant(RENAMED[0], "2022"), encoding="utf-8")  # stickiness
    (d / "hang.txt").write_bytes(SEEDS[0].read_bytes() + b"\nhang\n")
    (d / "crash.txt").write_bytes(SEEDS[1].read_bytes() + b"\ncrash\n")
    bad = write_mixed_inputs(d)
    (bad / "big.txt").write_bytes(b"x" * 2_000_001)  # over --max-bytes: failed by the parent's plan
    return d


ARGS = ("--timeout", TIMEOUT, "--max-bytes", "2000000", "--quiet")


@pytest.fixture(scope="module")
def default_db(corpus: Path, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("default") / "r.sqlite"
    res = run(corpus, "--db", db, "--workers", "2", *ARGS, env=HOOKS)
    assert res.returncode == 2, res.stderr  # some documents failed
    errors = dict(
        sqlite3.connect(db).execute(
            "SELECT replace(path, rtrim(path, replace(path, '/', '')), ''), error FROM documents WHERE status = 'failed'"
        )
    )
    assert errors == {
        "hang.txt": f"timeout after {TIMEOUT} s",
        "crash.txt": "worker crashed (exit code 3)",
        "empty.txt": "empty file",
        "binary.txt": errors["binary.txt"],
        "truncated.pdf": errors["truncated.pdf"],
        "garbage.pdf": errors["garbage.pdf"],
        "big.txt": "too large (2,000,001 bytes; the limit is 2,000,000)",
    }
    assert errors["binary.txt"].startswith("binary file") and errors["truncated.pdf"].startswith(
        "truncated PDF"
    )
    return db


def test_local_cluster_writes_the_same_database_and_resumes(
    corpus: Path, default_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "dask.sqlite"
    res = run(corpus, "--db", db, "--engine", "dask", "--workers", "2", *ARGS, env=HOOKS)
    assert res.returncode == 2, res.stderr
    assert_consistent(db)
    assert_same(default_db, db)
    dup = sqlite3.connect(db).execute("SELECT count(*) FROM findings WHERE code = 'DUP001'").fetchone()[0]
    assert dup == 3  # seed 002 and its two re-issues: the corpus pass ran on the dask results

    # Resumable as the default engine is: only the timed-out document (a transient failure,
    # docs/batch.md) is tried again -- and, hooks still on, times out again (its 2nd attempt).
    res = run(corpus, "--db", db, "--engine", "dask", "--workers", "2", *ARGS, env=HOOKS)
    assert res.returncode == 2, res.stderr
    assert "0 screened, 15 skipped, 1 failed (1 transient" in res.stderr
    assert sqlite3.connect(db).execute(
        "SELECT error, transient, attempts FROM documents WHERE path LIKE '%hang.txt'"
    ).fetchall() == [(f"timeout after {TIMEOUT} s", 1, 2)]


@pytest.fixture(scope="module")
def cluster():
    """An 'existing' cluster: two worker processes on loopback (the test hooks travel with
    the batch's tasks: injected, not set on the workers)."""
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as c:
        yield c


def test_existing_scheduler_with_shipped_bytes_writes_the_same_database(
    corpus: Path, default_db: Path, cluster, tmp_path: Path
) -> None:
    db = tmp_path / "sched.sqlite"
    res = run(
        corpus,
        "--db",
        db,
        "--engine",
        "dask",
        "--scheduler",
        cluster.scheduler_address,
        "--ship-bytes",
        *ARGS[:-1],
        env=HOOKS,
    )
    assert res.returncode == 2, res.stderr
    assert f"dask engine: scheduler {cluster.scheduler_address}, 2 workers, 2 threads" in res.stderr
    assert_consistent(db)
    assert_same(default_db, db)


def test_a_worker_of_another_version_stops_the_batch_resumably(
    corpus: Path, cluster, tmp_path: Path, monkeypatch, capsys
) -> None:
    monkeypatch.setattr(batch, "tool_version", lambda: "9.9.9")  # the client; the workers keep theirs
    monkeypatch.setattr(engine_dask, "tool_version", lambda: "9.9.9")
    db = tmp_path / "r.sqlite"
    seeds = tmp_path / "seeds"
    copy_seeds(seeds)
    assert (
        main([str(seeds), "--db", str(db), "--engine", "dask", "--scheduler", cluster.scheduler_address]) == 1
    )
    err = capsys.readouterr().err
    assert "a Dask worker runs jxscan" in err and "the batch 9.9.9" in err and "run again to resume" in err
    assert sqlite3.connect(db).execute("SELECT count(*) FROM documents").fetchone() == (0,)


def test_engine_options_need_the_dask_engine(tmp_path: Path, capsys) -> None:
    assert main([str(SEEDS[0]), "--db", str(tmp_path / "r.sqlite"), "--scheduler", "tcp://127.0.0.1:1"]) == 2
    assert "--scheduler and --ship-bytes need --engine dask" in capsys.readouterr().err


class _Lost:
    """A finished future whose every worker died (what Dask reports after allowed-failures)."""

    def result(self):
        from distributed import KilledWorker

        raise KilledWorker("jxscan-screen-x", "tcp://127.0.0.1:1", 3)


def test_a_chunk_that_kills_its_workers_is_retried_document_by_document() -> None:
    from collections import deque

    pool = engine_dask.DaskPool(1, 5.0, 512, chunk=3)
    tasks = deque(batch.Task(f"/c/{i}.txt", f"{i:064x}", 10) for i in range(5))
    first = pool._chunk(tasks)
    assert [t.path for t in first] == ["/c/0.txt", "/c/1.txt", "/c/2.txt"] and len(tasks) == 2
    alone: deque = deque()
    assert pool._records(_Lost(), first, alone) == []  # nothing stored yet: each goes again alone
    assert list(alone) == first
    rec = pool._records(_Lost(), [alone.popleft()], alone)
    assert len(rec) == 1 and rec[0].status == "failed" and "KilledWorker" in rec[0].error
    assert rec[0].doc_id == first[0].doc_id and len(alone) == 2


def test_a_chunk_stops_at_its_byte_budget() -> None:
    from collections import deque

    pool = engine_dask.DaskPool(1, 5.0, 512, chunk=8)
    big = engine_dask.CHUNK_BYTES // 2 + 1
    tasks = deque(batch.Task(f"/c/{i}.pdf", f"{i:064x}", big) for i in range(3))
    assert len(pool._chunk(tasks)) == 1 and len(pool._chunk(tasks)) == 1 and len(tasks) == 1
