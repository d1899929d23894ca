"""The ``jxscan`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from extract.pipeline import extract_source
from extract.read import ReadError, Source, expand_paths, read_path

from .serialize import dumps, report_dict


def _err(msg: str) -> None:
    print(f"jxscan: {msg}", file=sys.stderr)


def iter_sources(paths: list[str]) -> Iterator[tuple[Path | None, Source | None, str | None]]:
    """Yield (path, source, error) for every input; a bad input yields its error and the rest go on."""
    files, errors = expand_paths(paths)
    for e in errors:
        yield None, None, e
    for f in files:
        try:
            yield f, read_path(f), None
        except ReadError as e:
            yield f, None, str(e)
        except Exception as e:  # noqa: BLE001 - one broken report never stops a batch
            yield f, None, f"{f}: cannot read ({type(e).__name__}: {e})"


def cmd_extract(args: argparse.Namespace) -> int:
    failed = False
    docs = []
    for path, src, error in iter_sources(args.paths):
        if error is not None:
            _err(error)
            failed = True
            continue
        assert src is not None
        try:
            report = extract_source(src)
        except Exception as e:  # noqa: BLE001
            _err(f"{path}: extraction failed ({type(e).__name__}: {e})")
            failed = True
            continue
        d = report_dict(report, src, include_text=args.include_text)
        if args.format == "jsonl":
            print(dumps(d), flush=False)
        else:
            docs.append(d)
    if args.format == "json":
        print(dumps({"reports": docs} if len(docs) != 1 else docs[0], indent=2))
    sys.stdout.flush()
    return 2 if failed else 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="jxscan", description="Screen Chinese public-sector performance disclosures.")
    sub = p.add_subparsers(dest="command", required=True)
    e = sub.add_parser("extract", help="extract the report structure (no findings)")
    e.add_argument("paths", nargs="+", help="report files (.txt/.pdf) or directories")
    e.add_argument("--format", choices=("jsonl", "json"), default="jsonl")
    e.add_argument("--include-text", action="store_true", help="include the text the offsets index")
    e.set_defaults(func=cmd_extract)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
