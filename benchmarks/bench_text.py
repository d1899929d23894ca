"""Benchmark of issue 12's text path: the whole `jxscan check` path per document on one core,
as a ratio against the read-plus-one-regex floor measured in the same run.

    python3 benchmarks/bench_text.py [--dir corpus/seeds] [--glob '*.txt'] [--rounds 3]
    python3 benchmarks/bench_text.py --dir /tmp/D300/docs      # jxscan generate --n 300 --seed 5
    python3 benchmarks/bench_text.py --stages                  # time of each stage too
    python3 benchmarks/bench_text.py --against ../release      # same run, an older checkout too
    python3 benchmarks/bench_text.py --against ../release --alternate 3  # taking turns, best of each

Per round, every file is read from disk, extracted, labelled, checked and serialised as
`jxscan check --format jsonl` does (``report_dict`` + ``dumps``), with every memo cache
cleared first; the floor reads the same files and runs one regex over each. CPU time
(``process_time``, one process, one core) is used: on a shared machine other load inflates
it far less than wall time. Best of --rounds for both. ``--against DIR`` runs the same
measurement in a subprocess whose imports come from DIR (a ``git worktree`` of an older
commit), so both figures are taken in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_FLOOR_RE = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")


def clear_all() -> None:
    from extract.pipeline import clear_caches

    clear_caches()
    try:  # the labels' and checks' text memos (a checkout older than them has none)
        from classify.memo import clear_caches as clear_classify

        clear_classify()
    except ImportError:
        pass
    try:
        from classify.learn.models import label_models

        m = label_models()
        if m is not None:
            m.clear_caches()
    except ImportError:
        pass


def floor_round(paths: list[Path]) -> float:
    t0 = time.process_time()
    for p in paths:
        text = p.read_bytes().decode("utf-8", errors="replace")
        _FLOOR_RE.findall(text)
    return time.process_time() - t0


def check_round(paths: list[Path], stages: dict[str, float] | None) -> float:
    from classify.check import check_report
    from extract.pipeline import extract_source
    from extract.read import read_path
    from service.serialize import dumps, report_dict

    clear_all()
    pt = time.process_time
    t0 = pt()
    for p in paths:
        a = pt()
        src = read_path(p)
        b = pt()
        rep = extract_source(src)
        c = pt()
        check_report(rep, src.text)
        d = pt()
        dumps(report_dict(rep, src))
        e = pt()
        if stages is not None:
            for k, v in (("read", b - a), ("extract", c - b), ("label+check", d - c), ("serialise", e - d)):
                stages[k] = stages.get(k, 0.0) + v
    return pt() - t0


def measure(directory: Path, pattern: str, rounds: int, with_stages: bool) -> dict:
    paths = sorted(directory.glob(pattern))
    from classify.check import check_report
    from extract.pipeline import extract_source
    from extract.read import read_path

    for p in paths[:3]:  # warm: models, dictionaries, compiled patterns
        s = read_path(p)
        check_report(extract_source(s), s.text)
    floors = [floor_round(paths) for _ in range(rounds)]
    checks, stage_runs = [], []
    for _ in range(rounds):
        st: dict[str, float] = {}
        checks.append(check_round(paths, st if with_stages else None))
        stage_runs.append(st)
    best = min(range(rounds), key=lambda i: checks[i])
    n = len(paths)
    return {
        "n": n,
        "floor_ms": min(floors) / n * 1000,
        "check_ms": checks[best] / n * 1000,
        "stages_ms": {k: v / n * 1000 for k, v in stage_runs[best].items()},
    }


def report(label: str, r: dict) -> None:
    print(
        f"{label}: {r['n']} documents, whole check path {r['check_ms']:.2f} ms/doc CPU "
        f"= {1000 / r['check_ms']:.0f} documents/s per core; floor (read + one regex) "
        f"{r['floor_ms']:.3f} ms/doc; ratio {r['check_ms'] / r['floor_ms']:.0f}x"
    )
    if r["stages_ms"]:
        print("  stages (ms/doc): " + ", ".join(f"{k} {v:.2f}" for k, v in r["stages_ms"].items()))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", type=Path, default=ROOT / "corpus" / "seeds")
    ap.add_argument("--glob", default="*.txt")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--stages", action="store_true")
    ap.add_argument("--against", type=Path, help="an older checkout measured in the same run")
    ap.add_argument(
        "--alternate",
        type=int,
        default=1,
        help="with --against: the checkouts take turns this many times, best turn kept",
    )
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # subprocess mode
    args = ap.parse_args()
    la = os.getloadavg()
    if args.json:
        print(json.dumps(measure(args.dir.resolve(), args.glob, args.rounds, args.stages)))
        return
    print(f"load average {la[0]:.2f} {la[1]:.2f} {la[2]:.2f}, {os.cpu_count()} CPUs")
    runs = [("this checkout", ROOT)] + (
        [("against " + str(args.against), args.against.resolve())] if args.against else []
    )
    # With --alternate N the checkouts take turns N times and each keeps its best turn: on a
    # shared machine the load drifts within a minute, and turns interleaved see the same drift.
    best: dict[str, dict] = {}
    for _ in range(max(1, args.alternate)):
        for label, where in runs:
            cmd = [
                sys.executable,
                str(Path(__file__).resolve()),
                "--json",
                "--dir",
                str(args.dir.resolve()),
                "--glob",
                args.glob,
                "--rounds",
                str(args.rounds),
            ] + (["--stages"] if args.stages else [])
            out = subprocess.run(
                cmd,
                cwd=where,
                env={**os.environ, "PYTHONPATH": str(where)},
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            r = json.loads(out.strip().splitlines()[-1])
            if label not in best or r["check_ms"] < best[label]["check_ms"]:
                best[label] = r
    for label, _ in runs:
        report(label, best[label])
    if args.against:
        this, other = (best[label] for label, _ in runs)
        print(
            f"this checkout / against: whole path {this['check_ms'] / other['check_ms']:.2f}"
            + "".join(
                f", {k} {v / other['stages_ms'][k]:.2f}"
                for k, v in this["stages_ms"].items()
                if other["stages_ms"].get(k)
            )
        )
    la = os.getloadavg()
    print(f"load average at the end {la[0]:.2f} {la[1]:.2f} {la[2]:.2f}")


if __name__ == "__main__":
    main()
