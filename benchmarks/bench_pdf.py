"""PDF reading speed: jxscan's reader (pdfium + pdfplumber's table finder) against
pdfplumber's own ``extract_text`` + ``extract_tables`` on the same pages, in the same run.

    python3 benchmarks/bench_pdf.py [--n 20] [--seed 3] [--repeat 3]

Generates ``--n`` report PDFs (``corpus.generator``, as ``jxscan generate --pdf-share 1``)
plus the seed-like sample of tests/pdfgen.py, then times, per round over all of them, CPU
time in this process (one core):

- baseline: ``pdfplumber.open`` and, on every page, ``extract_text()`` and ``extract_tables()``;
- reader, pdfplumber engine: ``read_pdf_bytes(..., engine="pdfplumber")`` (the reader before pdfium);
- reader, pdfium engine: ``read_pdf_bytes(..., engine="pdfium")`` (the default path; strict, so
  a document pdfium would hand back to pdfplumber fails the run instead of flattering it).

Prints the median round of each, per page, and the ratio baseline / pdfium reader, with
the load average (the machine is shared).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402

from corpus.generator.generate import build_planned, plan_corpus  # noqa: E402
from corpus.generator.pdf import doc_pdf_blocks, render_blocks  # noqa: E402
from extract.read_pdf import read_pdf_bytes  # noqa: E402
from tests import pdfgen  # noqa: E402


def pdfplumber_own(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()


def reader(engine: str) -> Callable[[bytes], None]:
    def run(data: bytes) -> None:
        read_pdf_bytes(data, "bench.pdf", "bench", engine=engine)

    return run


def timed(fn: Callable[[bytes], None], docs: list[bytes], repeat: int) -> float:
    rounds = []
    for _ in range(repeat):
        t0 = time.process_time()
        for d in docs:
            fn(d)
        rounds.append(time.process_time() - t0)
    return statistics.median(rounds)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    docs = [
        render_blocks(doc_pdf_blocks(build_planned(plan, args.seed)))
        for plan in plan_corpus(args.n, args.seed, 1.0)
    ]
    docs.append(pdfgen.render_pdf(pdfgen.sample_report()))
    pages = sum(len(pdfplumber.open(io.BytesIO(d)).pages) for d in docs)
    for fn in (pdfplumber_own, reader("pdfium")):
        fn(docs[0])  # imports, the box font, caches
    load_before = os.getloadavg()[0]
    base = timed(pdfplumber_own, docs, args.repeat)
    plumber_reader = timed(reader("pdfplumber"), docs, args.repeat)
    fast = timed(reader("pdfium"), docs, args.repeat)
    load_after = os.getloadavg()[0]
    print(
        f"{len(docs)} PDFs, {pages} pages, {sum(map(len, docs)) / 1e6:.1f} MB; median of {args.repeat} rounds, "
        f"CPU time, one process; load average {load_before:.2f} before, {load_after:.2f} after"
    )
    for label, t in (
        ("pdfplumber extract_text + extract_tables", base),
        ("jxscan reader, pdfplumber engine", plumber_reader),
        ("jxscan reader, pdfium engine (default)", fast),
    ):
        print(f"  {label:42s} {t:7.2f} s  {t / pages * 1000:6.1f} ms/page")
    print(
        f"ratio pdfplumber's own / jxscan reader (pdfium): {base / fast:.1f}x; "
        f"reader pdfplumber engine / pdfium engine: {plumber_reader / fast:.1f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
