"""``jxscan generate``: the command-line entry of the corpus generator."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from extract.messages import t


def _share(s: str) -> float:
    v = float(s)
    if not 0.0 <= v <= 1.0:
        raise argparse.ArgumentTypeError(t("generate.share_range"))
    return v


def _count(s: str) -> int:
    v = int(s)
    if v < 1:
        raise argparse.ArgumentTypeError(t("generate.at_least_one"))
    return v


FORMATS = ("txt", "pdf", "html", "docx", "xlsx")


def _formats(s: str) -> dict[str, float]:
    """``txt,pdf,html`` (equal shares) or ``txt:0.6,html:0.2,pdf:0.2`` (given shares)."""
    out: dict[str, float] = {}
    for part in (x.strip() for x in s.split(",") if x.strip()):
        name, _, share = part.replace("=", ":").partition(":")
        name = name.lower().lstrip(".")
        if name not in FORMATS:
            raise argparse.ArgumentTypeError(
                t("generate.unknown_format", name=repr(name), formats=", ".join(FORMATS))
            )
        try:
            out[name] = float(share) if share else 1.0
        except ValueError:
            raise argparse.ArgumentTypeError(t("generate.bad_share", share=repr(share), name=name)) from None
        if out[name] < 0:
            raise argparse.ArgumentTypeError(t("generate.negative_share", name=name))
    if not out or sum(out.values()) <= 0:
        raise argparse.ArgumentTypeError(t("generate.no_share"))
    total = sum(out.values())
    return {k: v / total for k, v in out.items()}


def cmd_generate(args: argparse.Namespace) -> int:
    from .generate import generate

    def progress(i: int, n: int) -> None:
        if not args.quiet and (i == n or i % 100 == 0):
            print(
                "\r" + t("generate.progress", i=i, n=n),
                end="" if i < n else "\n",
                file=sys.stderr,
                flush=True,
            )

    res = generate(
        args.n,
        args.seed,
        args.out,
        pdf_share=args.pdf_share,
        progress=progress,
        narrative=args.narrative,
        real_share=args.real_share,
        formats=args.formats,
    )
    print(
        t(
            "generate.done",
            documents=res["documents"],
            anomalies=res["anomalies"],
            out=res["out"],
            seconds=res["seconds"],
            manifest=f"{res['out']}/manifest.jsonl",
        )
    )
    return 0


def add_generate_parser(subparsers: Any) -> argparse.ArgumentParser:
    p = subparsers.add_parser("generate", help=t("cli.cmd.generate"), description=t("cli.cmd.generate"))
    p.add_argument("--n", type=_count, required=True, help=t("generate.arg.n"))
    p.add_argument("--seed", type=int, default=0, help=t("generate.arg.seed"))
    p.add_argument("--out", required=True, help=t("generate.arg.out"))
    p.add_argument("--pdf-share", type=_share, default=0.1, help=t("generate.arg.pdf_share"))
    p.add_argument(
        "--narrative", choices=("mixed", "forms", "seed"), default="mixed", help=t("generate.arg.narrative")
    )
    p.add_argument("--real-share", type=_share, default=0.5, help=t("generate.arg.real_share"))
    p.add_argument("--formats", type=_formats, default=None, help=t("generate.arg.formats"))
    p.add_argument("--quiet", action="store_true", help=t("generate.arg.quiet"))
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
