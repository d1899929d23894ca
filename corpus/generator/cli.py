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


FORMATS = ("txt", "pdf", "html", "docx", "xlsx")


def _formats(s: str) -> dict[str, float]:
    """``txt,pdf,html`` (equal shares) or ``txt:0.6,html:0.2,pdf:0.2`` (given shares)."""
    out: dict[str, float] = {}
    for part in (x.strip() for x in s.split(",") if x.strip()):
        name, _, share = part.replace("=", ":").partition(":")
        name = name.lower().lstrip(".")
        if name not in FORMATS:
            raise argparse.ArgumentTypeError(f"unknown format {name!r} (one of {', '.join(FORMATS)})")
        try:
            out[name] = float(share) if share else 1.0
        except ValueError:
            raise argparse.ArgumentTypeError(f"bad share {share!r} for {name}") from None
        if out[name] < 0:
            raise argparse.ArgumentTypeError(f"negative share for {name}")
    if not out or sum(out.values()) <= 0:
        raise argparse.ArgumentTypeError("no format with a share")
    total = sum(out.values())
    return {k: v / total for k, v in out.items()}


def cmd_generate(args: argparse.Namespace) -> int:
    from .generate import generate

    def progress(i: int, n: int) -> None:
        if not args.quiet and (i == n or i % 100 == 0):
            print(f"\rgenerated {i}/{n}", end="" if i < n else "\n", file=sys.stderr, flush=True)

    res = generate(args.n, args.seed, args.out, pdf_share=args.pdf_share, progress=progress,
                   narrative=args.narrative, real_share=args.real_share, formats=args.formats)
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
    p.add_argument("--real-share", type=_share, default=0.5,
                   help="share of the text reports whose tables take a family of real renderings "
                        "(pipes, inline, spaces, one cell per line …; default 0.5; 0 = the seeds' layouts only)")
    p.add_argument("--formats", type=_formats, default=None,
                   help="file types with shares, e.g. txt,pdf,html,docx,xlsx or txt:0.6,pdf:0.1,html:0.1,docx:0.1,xlsx:0.1 "
                        "(replaces --pdf-share)")
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
