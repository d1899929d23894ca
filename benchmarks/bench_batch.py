"""Benchmark: ``jxscan batch`` throughput (documents per second) with 1 and 2 workers.

    python benchmarks/bench_batch.py [--n 2000] [--workers 1,2] [--dir DIR]

Builds a corpus of ``--n`` documents -- the seeds in turn, each copy with a unique line
appended so that every file has its own content hash (nothing is skipped) -- then, for
each worker count, runs the real command (``jxscan batch`` via ``service.batch.main``, in
a fresh process) into a new SQLite file and times it end to end: hashing, screening, one
transaction per document (the corpus pass is left out: ``--no-corpus``; its cost is
measured on its own). Prints documents/s (wall clock), the CPU time per document of
the whole process tree (which other load on the machine inflates far less), and checks
that the database holds all N.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN = "import sys; from service.batch import main; sys.exit(main(sys.argv[1:]))"


def build_corpus(dest: Path, n: int) -> int:
    seeds = [p.read_bytes() for p in sorted((ROOT / "corpus" / "seeds").glob("*.txt"))]
    dest.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        data = seeds[i % len(seeds)] + f"\n{i}\n".encode()
        (dest / f"doc_{i:05d}.txt").write_bytes(data)
        total += len(data)
    return total


def run(corpus: Path, db: Path, workers: int) -> tuple[float, float]:
    """Wall-clock seconds and CPU seconds (parent and workers, user + system) of one batch."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    res = subprocess.run(
        [
            sys.executable,
            "-c",
            RUN,
            str(corpus),
            "--db",
            str(db),
            "--workers",
            str(workers),
            "--quiet",
            "--no-corpus",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if res.returncode != 0:
        sys.exit(f"batch failed ({res.returncode}):\n{res.stderr}")
    print("   ", res.stderr.strip().splitlines()[-1])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    ap.add_argument("--dir", help="work directory (default: a temporary one, removed afterwards)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.dir or tmp)
        corpus = work / "corpus"
        size = build_corpus(corpus, args.n)
        print(
            f"corpus: {args.n} documents, {size / 1e6:.1f} MB ({size / args.n / 1e3:.0f} KB each), "
            f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} (other work slows the figures)"
        )
        for w in (int(x) for x in args.workers.split(",")):
            db = work / f"bench_{w}.sqlite"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            elapsed, cpu = run(corpus, db, w)
            with sqlite3.connect(db) as c:
                ok, worker_s = c.execute(
                    "SELECT count(*), sum(seconds) FROM documents WHERE status = 'ok'"
                ).fetchone()
            assert ok == args.n, f"{ok} of {args.n} documents stored"
            print(
                f"workers={w}: {args.n} documents in {elapsed:.2f} s  ->  {args.n / elapsed:.0f} documents/s "
                f"(wall clock, process start included); CPU {1000 * cpu / args.n:.1f} ms/document "
                f"(parent + workers), worker time {1000 * worker_s / args.n:.1f} ms/document"
            )


if __name__ == "__main__":
    main()
