"""The ``jxscan`` command line."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from extract.pipeline import extract_source
from extract.read import ReadError, Source

from .inputs import display_path, gather, read_file
from .serialize import dumps, report_dict

# The same limit as `jxscan batch --max-bytes` and the server's JXSCAN_MAX_BYTES.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def _err(msg: str) -> None:
    print(f"jxscan: {msg}", file=sys.stderr)


class Input(NamedTuple):
    path: Path | None  # None: a PATH that does not exist
    src: Source | None
    error: str | None  # one line naming the input and the problem
    warnings: list[dict[str, Any]]  # decoding warnings (service.inputs.decoding_warnings)


def iter_sources(paths: list[str], max_bytes: int | None = DEFAULT_MAX_BYTES) -> Iterator[Input]:
    """Every input -- every file named or found, readable or not (``inputs.gather``); a bad
    input yields its error and the rest go on. Sources are named by their displayable path."""
    found = gather(paths)
    for e in found.missing:
        yield Input(None, None, e, [])
    for problem in found.problems:
        yield Input(Path(problem.path), None, f"{display_path(problem.path)}: {problem.error}", [])
    for f in found.files:
        try:
            src, notes = read_file(f, max_bytes)
        except ReadError as e:
            yield Input(f, None, str(e), [])
            continue
        except MemoryError:
            yield Input(f, None, f"{display_path(f)}: too large to read in memory", [])
            continue
        except Exception as e:  # noqa: BLE001 - one broken report never stops a batch
            yield Input(f, None, f"{display_path(f)}: cannot read ({type(e).__name__}: {e})", [])
            continue
        for w in notes:
            _err(f"{src.name}: warning: {w['message']}")
        yield Input(f, src, None, notes)


def cmd_extract(args: argparse.Namespace) -> int:
    failed = False
    docs = []
    for _path, src, error, warnings in iter_sources(args.paths, args.max_bytes):
        if error is not None:
            _err(error)
            failed = True
            continue
        assert src is not None
        try:
            report = extract_source(src)
        except Exception as e:  # noqa: BLE001
            _err(f"{src.name}: extraction failed ({type(e).__name__}: {e})")
            failed = True
            continue
        d = report_dict(report, src, include_text=args.include_text)
        if warnings:
            d["warnings"] = warnings
        if args.format == "jsonl":
            print(dumps(d), flush=False)
        else:
            docs.append(d)
    if args.format == "json":
        print(dumps({"reports": docs} if len(docs) != 1 else docs[0], indent=2))
    sys.stdout.flush()
    return 2 if failed else 0


def _codes(values: list[str] | None) -> list[str]:
    """``--select IND,SUM001 --select RSN`` → ["IND", "SUM001", "RSN"]."""
    out: list[str] = []
    for v in values or []:
        out.extend(c.strip().upper() for c in v.split(",") if c.strip())
    return out


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def cmd_check(args: argparse.Namespace) -> int:
    from classify.check import check_report
    from classify.registry import SEVERITY_RANK

    select, ignore = _codes(args.select), _codes(args.ignore)
    from classify.rules import all_rules

    corpus_only = sorted(r.code for r in all_rules(scope="corpus") if any(r.code.startswith(c) for c in select))
    if corpus_only:
        _err(f"{', '.join(corpus_only)} compare documents with each other: run `jxscan batch` on the corpus "
             "(`jxscan check` screens one document at a time)")
    threshold = SEVERITY_RANK[args.fail_on]
    failed = hit = False
    docs = []
    totals = {"error": 0, "warning": 0, "info": 0}
    n_files = n_bad = 0
    for path, src, error, warnings in iter_sources(args.paths, args.max_bytes):
        if error is not None:
            _err(error)
            failed = True
            n_bad += path is not None  # an input that could not be read (not a missing PATH)
            continue
        assert src is not None
        try:
            report = check_report(extract_source(src), src.text, select=select, ignore=ignore)
        except Exception as e:  # noqa: BLE001 - one broken report never stops a batch
            _err(f"{src.name}: check failed ({type(e).__name__}: {e})")
            failed = True
            n_bad += 1
            continue
        n_files += 1
        for k in totals:
            totals[k] += report.counts.get(k, 0)
        hit = hit or any(SEVERITY_RANK[f["severity"]] >= threshold for f in report.findings)
        if args.format == "text":
            name = src.name  # displayable: a newline or non-UTF-8 byte in a file name is escaped
            for f in report.findings:
                line, col = _line_col(src.text, f["start"])
                print(f"{name}:{line}:{col} {f['code']} {f['message']}")
            continue
        d = report_dict(report, src, include_text=args.include_text)
        if warnings:
            d["warnings"] = warnings
        if args.format == "jsonl":
            print(dumps(d))
        else:
            docs.append(d)
    if args.format == "json":
        print(dumps({"reports": docs} if len(docs) != 1 else docs[0], indent=2))
    elif args.format == "text":
        bad = f", {n_bad} unreadable" if n_bad else ""
        print(f"jxscan: {n_files} file(s){bad}: {totals['error']} error(s), {totals['warning']} warning(s), "
              f"{totals['info']} info", file=sys.stderr)
    sys.stdout.flush()
    return 2 if failed else (1 if hit else 0)


def cmd_rules(args: argparse.Namespace) -> int:
    from classify.rules import all_rules
    from classify.scoring import SCORING_RULES

    rules = all_rules()
    if args.format == "json":
        print(dumps({"rules": [r.to_dict() for r in rules],
                     "scoring_rules": [{"name": s.name, "title": s.title, "doc": s.doc}
                                       for s in SCORING_RULES.values()]}, indent=2))
        return 0
    for r in rules:
        print(f"{r.code}  {r.severity:<7}  {r.title}")
        for line in r.doc.splitlines():
            print(f"    {line}" if line else "")
        print()
    print("Scoring rules (inferred per document, see `rulebook`):")
    for s in SCORING_RULES.values():
        print(f"  {s.name:<20} {s.title}: {' '.join(s.doc.split())}")
    return 0


def _max_bytes_option(p: argparse.ArgumentParser) -> None:
    from .batch import _positive

    p.add_argument("--max-bytes", type=_positive(int), default=DEFAULT_MAX_BYTES,
                   help="larger files fail as 'too large' without being read (default: 20 MB, as batch and serve)")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="jxscan", description="Screen Chinese public-sector performance disclosures.")
    sub = p.add_subparsers(dest="command", required=True)
    e = sub.add_parser("extract", help="extract the report structure (no findings)")
    e.add_argument("paths", nargs="+", help="report files (.txt/.pdf) or directories")
    e.add_argument("--format", choices=("jsonl", "json"), default="jsonl")
    e.add_argument("--include-text", action="store_true", help="include the text the offsets index")
    _max_bytes_option(e)
    e.set_defaults(func=cmd_extract)
    c = sub.add_parser("check", help="extract and check: findings, counts, risk")
    c.add_argument("paths", nargs="+", help="report files (.txt/.pdf) or directories")
    c.add_argument("--format", choices=("text", "jsonl", "json"), default="text")
    c.add_argument("--select", action="append", metavar="CODES",
                   help="only these codes or prefixes (comma-separated, repeatable): IND,SUM001")
    c.add_argument("--ignore", action="append", metavar="CODES", help="skip these codes or prefixes")
    c.add_argument("--fail-on", choices=("error", "warning", "info"), default="error",
                   help="exit 1 when a finding at or above this severity is found (default: error)")
    c.add_argument("--include-text", action="store_true", help="include the text the offsets index (json)")
    _max_bytes_option(c)
    c.set_defaults(func=cmd_check)
    r = sub.add_parser("rules", help="list the checks with their documentation")
    r.add_argument("--format", choices=("text", "json"), default="text")
    r.set_defaults(func=cmd_rules)
    # The service commands live beside their implementation; each adds its own parser.
    from classify.learn.cli import add_train_parser
    from corpus.generator.cli import add_generate_parser

    from .batch import add_batch_parser
    from .evaluate import add_eval_parser
    from .report_html import add_report_parser
    from .serve_args import add_serve_parser

    add_batch_parser(sub)
    add_report_parser(sub)
    add_serve_parser(sub)
    add_generate_parser(sub)
    add_eval_parser(sub)
    add_train_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        # The reader went away (`jxscan rules | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
