"""``jxscan eval MANIFEST``: the sub-command (wired into service/cli.py by ``add_eval_parser``,
imported only when the command line is built, so the runtime packages never load it)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import Any

from extract.messages import t

from .score import evaluate
from .text import format_text


def cmd_eval(args: argparse.Namespace) -> int:
    res = evaluate(args.manifest, args.limit)
    if args.format == "json":
        print(json.dumps(res, ensure_ascii=False, indent=2))
    else:
        print(format_text(res))
    return 0


def add_eval_parser(subparsers: Any) -> argparse.ArgumentParser:
    p = subparsers.add_parser("eval", help=t("cli.cmd.eval"), description=t("cli.cmd.eval"))
    p.add_argument("manifest", help=t("eval.arg.manifest"))
    p.add_argument("--format", choices=("text", "json"), default="text", help=t("eval.arg.format"))
    p.add_argument("--limit", type=int, default=None, help=t("eval.arg.limit"))
    p.set_defaults(func=cmd_eval)
    return p


def main(argv: Iterable[str] | None = None) -> int:
    """``jxscan eval`` on its own: ``main(["corpus/manifest.jsonl", "--format", "json"])``."""
    parser = argparse.ArgumentParser(prog="jxscan")
    sub = parser.add_subparsers(dest="command", required=True)
    add_eval_parser(sub)
    args = parser.parse_args(["eval", *(list(argv) if argv is not None else sys.argv[1:])])
    try:
        return args.func(args)
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
