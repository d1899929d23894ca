"""Benchmark: `jxscan check` on the bundled seeds, on one core.

    python benchmarks/bench_check.py [--repeat 10]

Two figures:
- in-process: extract + label + check of every seed (caches cleared per round), median;
- end to end: the wall time of ``jxscan check corpus/seeds`` as a user runs it, interpreter
  start-up included, pinned to one CPU with ``taskset`` where available.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from classify.check import check_report
from extract.pipeline import clear_caches, extract_source
from extract.read import read_path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "seeds"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=10)
    args = ap.parse_args()
    sources = [read_path(p) for p in sorted(SEEDS.glob("*.txt"))]
    for s in sources:
        check_report(extract_source(s), s.text)
    rounds = []
    for _ in range(args.repeat):
        clear_caches()
        t0 = time.perf_counter()
        for s in sources:
            check_report(extract_source(s), s.text)
        rounds.append(time.perf_counter() - t0)
    med = statistics.median(rounds)
    print(
        f"in-process: {len(sources)} seeds extracted and checked in {med * 1000:.0f} ms "
        f"(median of {args.repeat}), {len(sources) / med:.0f} documents/s on one core"
    )

    cmd = [sys.executable, "-m", "service.cli", "check", str(SEEDS), "--format", "jsonl"]
    if shutil.which("taskset"):
        cmd = ["taskset", "-c", "0", *cmd]
    walls = []
    for _ in range(max(3, args.repeat // 2)):
        t0 = time.perf_counter()
        subprocess.run(
            cmd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        walls.append(time.perf_counter() - t0)
    print(
        f"end to end: `{' '.join(cmd[-5:])}` takes {statistics.median(walls):.2f} s wall "
        f"(median of {len(walls)}, start-up included, one core)"
    )


if __name__ == "__main__":
    main()
