"""Tables drawn without ruling lines: do they read like the same tables drawn with them?

    python3 benchmarks/eval_unruled_pdf.py [--n 8] [--seed 11] [--valign TOP|MIDDLE]

Generates ``--n`` reports (``corpus.generator``), draws each as a PDF twice -- ruled, and
with its tables' lines removed (``TableSpec.ruled=False``, cells aligned ``--valign``) --
and compares the extracted tables: count found, and indicator rows identical (一级, 二级,
name, target, actual, weight, score), and budget/总分. Prints the rows that differ.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout, not an installed copy

from corpus.generator.generate import build_planned, plan_corpus  # noqa: E402
from corpus.generator.pdf import TableSpec, doc_pdf_blocks, render_blocks  # noqa: E402
from extract.model import Report  # noqa: E402
from extract.pipeline import extract_source  # noqa: E402
from extract.read import read_bytes  # noqa: E402


def signature(rep: Report) -> list[tuple]:
    return [
        (
            t.title,
            [(r.level1, r.level2, r.name, r.target.raw, r.actual.raw, r.weight, r.score) for r in t.rows],
            t.budget and (t.budget.adjusted, t.budget.executed, t.budget.rate, t.budget.score),
            t.declared_total,
        )
        for t in rep.tables
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=8)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--valign", default="TOP", choices=["TOP", "MIDDLE"])
    args = ap.parse_args()
    tables = found = rows = same = 0
    for plan in plan_corpus(args.n, args.seed, 1.0):
        blocks = doc_pdf_blocks(build_planned(plan, args.seed))
        bare = [
            dataclasses.replace(b, ruled=False, valign=args.valign) if isinstance(b, TableSpec) else b
            for b in blocks
        ]
        want = signature(extract_source(read_bytes(render_blocks(blocks), "ruled.pdf")))
        got = signature(extract_source(read_bytes(render_blocks(bare), "unruled.pdf")))
        tables += len(want)
        found += min(len(got), len(want))
        for w, g in zip(want, got, strict=False):
            rows += len(w[1])
            same += sum(1 for a, b in zip(g[1], w[1], strict=False) if a == b)
            if g[2:] != w[2:]:
                print(f"{w[0]}: budget/总分 {g[2:]} != {w[2:]}")
            for a, b in zip(g[1], w[1], strict=False):
                if a != b:
                    print(f"  unruled {a}\n  ruled   {b}")
    print(f"valign {args.valign}: tables found {found}/{tables}, indicator rows identical {same}/{rows}")


if __name__ == "__main__":
    main()
