"""Benchmark: extraction throughput on the bundled seeds, on one core.

    python benchmarks/bench_extract.py [--repeat 20]

Reads each seed once (I/O is not timed), then times ``extract_source`` over all seeds
``--repeat`` times in this single process (one core) and prints documents per second.
Caches are cleared before every round, so a round costs what a fresh batch would.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from extract.pipeline import clear_caches, extract_source
from extract.read import read_path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("paths", nargs="*", default=[str(ROOT / "corpus" / "seeds")])
    args = ap.parse_args()
    files = []
    for p in map(Path, args.paths):
        files.extend(sorted(p.glob("*.txt")) if p.is_dir() else [p])
    sources = [read_path(f) for f in files]
    for s in sources:  # warm-up: imports, regex compilation, jieba/lexicon loading
        extract_source(s)
    per_round = []
    for _ in range(args.repeat):
        clear_caches()  # each round parses afresh: no cell cache hits from earlier rounds
        t0 = time.perf_counter()
        for s in sources:
            extract_source(s)
        per_round.append(time.perf_counter() - t0)
    med = statistics.median(per_round)
    kb = sum(len(s.text) for s in sources) / 1000
    print(f"documents: {len(sources)} ({kb:.0f} k chars), rounds: {args.repeat}")
    print(f"median round: {med * 1000:.1f} ms  ->  {len(sources) / med:.0f} documents/s on one core")
    print(
        "per document: " + ", ".join(f"{Path(s.name).name[:3]} {1000 * t:.1f} ms" for s, t in _each(sources))
    )


def _each(sources):
    for s in sources:
        clear_caches()
        t0 = time.perf_counter()
        extract_source(s)
        yield s, time.perf_counter() - t0


if __name__ == "__main__":
    main()
