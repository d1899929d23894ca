"""``jxscan generate``: the command-line entry of the corpus generator."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def _share(s: str) -> float:
    v = float(s)
    if not 0.0 <= v <= 1.0:
        raise argparse.ArgumentTypeError("must be between 0 and 1")
    return v


def _count(s: str) -> int:
    v = int(s)
    if v < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return v


def cmd_generate(args: argparse.Namespace) -> int:
    from .generate import generate

    def progress(i: int, n: int) -> None:
        if not args.quiet and (i == n or i % 100 == 0):
            print(f"\rgenerated {i}/{n}", end="" if i < n else "\n", file=sys.stderr, flush=True)

    res = generate(args.n, args.seed, args.out, pdf_share=args.pdf_share, progress=progress,
                   narrative=args.narrative)
    print(f"{res['documents']} documents, {res['anomalies']} planted anomalies in {res['out']} "
          f"({res['seconds']} s); manifest: {res['out']}/manifest.jsonl")
    return 0


def add_generate_parser(subparsers: Any) -> argparse.ArgumentParser:
    p = subparsers.add_parser("generate", help="write a synthetic corpus with planted anomalies and its manifest")
    p.add_argument("--n", type=_count, required=True, help="number of documents")
    p.add_argument("--seed", type=int, default=0, help="corpus seed (same seed, same bytes)")
    p.add_argument("--out", required=True, help="output directory (docs/, truth/, manifest.jsonl)")
    p.add_argument("--pdf-share", type=_share, default=0.1, help="share of documents written as PDF (default 0.1)")
    p.add_argument("--narrative", choices=("mixed", "forms", "seed"), default="mixed",
                   help="narrative style: the forms of real disclosures (forms), the seed-shaped sections "
                        "(seed), or three in four documents in forms (mixed, the default)")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(func=cmd_generate)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="jxscan")
    sub = parser.add_subparsers(dest="command", required=True)
    add_generate_parser(sub)
    args = parser.parse_args(["generate", *(argv if argv is not None else sys.argv[1:])])
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
