"""Benchmark: what the label models cost, at start-up and per reason / indicator row.

    python benchmarks/bench_models.py [--runs 5] [--repeat 20]

1. Start-up: in fresh interpreters (``--runs`` of each, median), the time to import the
   command line and checks (what ``jxscan check`` loads before reading a file) with and
   without loading the models and labelling one reason (which pulls in numpy, jieba and
   the four ``models/*.npz``). The difference is what the models add to start-up.
2. Per reason: every reason of the seeds and of ``corpus/labels/reasons.jsonl``, labelled
   one at a time (the worst case: no batching) and as one batch per report; per indicator
   row likewise for the categories.
3. Checks: ``check_report`` over the seeds with the models and with ``JXSCAN_MODELS=off``.

Budget (issue 6): under 1 s added to start-up, under 5 ms per reason.
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BASE = "import service.cli, classify.check, extract.pipeline"
LOAD = (
    BASE
    + "\nfrom classify.learn.models import label_models\nfrom classify.learn.features import ReasonInput\n"
    "m = label_models(); assert m is not None\n"
    "m.reasons([ReasonInput('主要原因是：本年新增退休人员2名。', 'reason', '增加', '行政单位离退休')])"
)


def fresh(code: str, runs: int) -> float:
    """Median wall time of ``python -c code`` minus nothing (interpreter start included)."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, check=True, env={**os.environ, "JXSCAN_MODELS": ""}
        )
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def in_process_load() -> float:
    from classify.learn.models import clear_cache, label_models

    clear_cache()
    t0 = time.perf_counter()
    label_models()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5, help="fresh interpreters per start-up measurement")
    ap.add_argument("--repeat", type=int, default=20, help="rounds of the per-item timings")
    args = ap.parse_args()

    base = fresh(BASE, args.runs)
    with_models = fresh(LOAD, args.runs)
    print(
        f"start-up: {base * 1000:.0f} ms without models, {with_models * 1000:.0f} ms loading them and labelling "
        f"one reason  ->  +{(with_models - base) * 1000:.0f} ms (median of {args.runs} fresh interpreters)"
    )

    from classify.categories import fill_categories
    from classify.check import check_report
    from classify.learn.features import ReasonInput, indicator_input
    from classify.learn.models import clear_cache, label_models
    from classify.reasons import reason_direction
    from corpus.train.data import read_jsonl, reason_input
    from extract.pipeline import extract_source
    from extract.read import read_path

    print(f"models loaded in-process (numpy and jieba already imported): {in_process_load() * 1000:.0f} ms")
    m = label_models()
    assert m is not None
    seeds = [read_path(p) for p in sorted((ROOT / "corpus" / "seeds").glob("*.txt"))]
    reports = [extract_source(s) for s in seeds]
    per_doc = []
    for rep in reports:
        xs = [
            ReasonInput(r.text, r.kind, reason_direction(r, {}), r.item)
            for r in rep.reasons
            if r.text.strip()
        ]
        per_doc.append(xs)
    labelled = [reason_input(r) for r in read_jsonl(ROOT / "corpus" / "labels" / "reasons.jsonl")]
    xs_all = [x for xs in per_doc for x in xs] + labelled

    def one_by_one() -> float:
        m.clear_caches()  # no memoised analyses from earlier rounds
        t0 = time.perf_counter()
        for x in xs_all:
            m.reasons([x])
        return (time.perf_counter() - t0) / len(xs_all)

    def batched() -> float:
        m.clear_caches()
        t0 = time.perf_counter()
        for xs in per_doc:
            m.reasons(xs)
        n = sum(map(len, per_doc))
        return (time.perf_counter() - t0) / n

    single = statistics.median(one_by_one() for _ in range(max(1, args.repeat // 4)))
    batch = statistics.median(batched() for _ in range(args.repeat))
    print(
        f"per reason: {single * 1000:.3f} ms one at a time ({len(xs_all)} reasons), "
        f"{batch * 1000:.3f} ms batched per report ({sum(map(len, per_doc))} seed reasons)"
    )

    rows = [
        indicator_input(r.name, r.target.raw, r.target.op, r.target.unit, parse=False)
        for rep in reports
        for t in rep.tables
        for r in t.rows
    ]
    per_row = 0.0
    for _ in range(args.repeat):
        m.clear_caches()
        t0 = time.perf_counter()
        m.categories(rows)
        per_row += (time.perf_counter() - t0) / (args.repeat * len(rows))
    print(f"per indicator row (category1 + category2): {per_row * 1000:.3f} ms ({len(rows)} rows)")

    def check_all() -> float:
        if m is not None:
            m.clear_caches()
        t0 = time.perf_counter()
        for s, rep in zip(seeds, reports, strict=True):
            r = copy.deepcopy(rep)
            fill_categories(r.tables)
            check_report(r, s.text)
        return time.perf_counter() - t0

    with_m = statistics.median(check_all() for _ in range(args.repeat))
    os.environ["JXSCAN_MODELS"] = "off"
    clear_cache()
    without = statistics.median(check_all() for _ in range(args.repeat))
    n = len(seeds)
    print(
        f"labels + checks on the {n} seeds: {with_m / n * 1000:.1f} ms/doc with models, "
        f"{without / n * 1000:.1f} ms/doc rules only (+{(with_m - without) / n * 1000:.1f} ms/doc)"
    )


if __name__ == "__main__":
    main()
