"""The ``jxscan`` command line."""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from extract.messages import (
    ENV_VAR,
    LANGS,
    argparse_text,
    current_lang,
    normalize_lang,
    reset_lang,
    set_lang,
    t,
)
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
            yield Input(f, None, f"{display_path(f)}: {t('read.too_large_memory')}", [])
            continue
        except Exception as e:  # noqa: BLE001 - one broken report never stops a batch
            why = t("read.cannot_read_exc", error=f"{type(e).__name__}: {e}")
            yield Input(f, None, f"{display_path(f)}: {why}", [])
            continue
        for w in notes:
            _err(t("cli.warning", name=src.name, message=w["message"]))
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
            _err(t("cli.extraction_failed", name=src.name, error=f"{type(e).__name__}: {e}"))
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


def unknown_codes(option: str, patterns: list[str], known: list[str]) -> list[str]:
    """One message per pattern that selects no rule (a typo must not turn a CI gate green),
    with the close matches among the codes and their family prefixes."""
    vocab = sorted(set(known) | {c[:3] for c in known})
    out = []
    for pat in patterns:
        if any(c.startswith(pat) for c in known):
            continue
        msg = t("cli.unknown_code", option=option, code=display_path(pat))
        close = difflib.get_close_matches(pat, vocab, n=3, cutoff=0.6)
        out.append(msg + (t("cli.did_you_mean", matches=", ".join(close)) if close else t("cli.known_codes")))
    return out


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def one_line(s: str) -> str:
    """``s`` on one printable line: a newline or control character in a message is escaped."""
    return s if s.isprintable() else "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in s)


def text_line(name: str, src: Source, f: dict[str, Any]) -> str:
    """``path:line:col: CODE [severity] message`` and, for a PDF, the page of the evidence."""
    line, col = _line_col(src.text, f["start"])
    out = f"{name}:{line}:{col}: {f['code']} [{f['severity']}] {one_line(f['message'])}"
    loc = src.locate(f["start"], f["end"]) if src.boxes else None
    if loc and loc.get("page"):
        out += t("cli.page", page=loc["page"])
    return out


def statistics_lines(per_code: Counter[tuple[str, str]], titles: dict[str, str]) -> list[str]:
    """ruff-style ``--statistics``: count, code, severity and the rule's title, commonest first."""
    rows = sorted(per_code.items(), key=lambda x: (-x[1], x[0]))
    width = max((len(str(n)) for _, n in rows), default=1)
    lines = [f"{n:>{width}}\t{code}\t[{sev}]\t{titles.get(code, '')}" for (code, sev), n in rows]
    lines.append(t("cli.stats_total", n=sum(per_code.values())))
    return lines


def cmd_check(args: argparse.Namespace) -> int:
    from classify.check import check_report
    from classify.registry import SEVERITY_RANK
    from classify.rules import all_rules

    from .rule_docs import rule_title

    select, ignore = _codes(args.select), _codes(args.ignore)
    rules = all_rules()
    known = [r.code for r in rules]
    bad = unknown_codes("--select", select, known) + unknown_codes("--ignore", ignore, known)
    if bad:
        for msg in bad:
            _err(msg)
        return 2
    corpus_only = sorted(
        r.code for r in all_rules(scope="corpus") if any(r.code.startswith(c) for c in select)
    )
    if corpus_only:
        _err(t("cli.corpus_only", codes=", ".join(corpus_only)))
    threshold = SEVERITY_RANK[args.fail_on]
    failed = hit = False
    docs = []
    totals = {"error": 0, "warning": 0, "info": 0}
    per_code: Counter[tuple[str, str]] = Counter()
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
            _err(t("cli.check_failed", name=src.name, error=f"{type(e).__name__}: {e}"))
            failed = True
            n_bad += 1
            continue
        n_files += 1
        for k in totals:
            totals[k] += report.counts.get(k, 0)
        per_code.update((f["code"], f["severity"]) for f in report.findings)
        hit = hit or any(SEVERITY_RANK[f["severity"]] >= threshold for f in report.findings)
        if args.statistics:
            continue
        if args.format == "text":
            name = src.name  # displayable: a newline or non-UTF-8 byte in a file name is escaped
            for f in report.findings:
                print(text_line(name, src, f))
            continue
        d = report_dict(report, src, include_text=args.include_text)
        if warnings:
            d["warnings"] = warnings
        if args.format == "jsonl":
            print(dumps(d))
        else:
            docs.append(d)
    if args.statistics:
        print("\n".join(statistics_lines(per_code, {r.code: rule_title(r) for r in rules})))
    elif args.format == "json":
        print(dumps({"reports": docs} if len(docs) != 1 else docs[0], indent=2))
    if args.format == "text" or args.statistics:
        bad_note = t("cli.summary_bad", n=n_bad) if n_bad else ""
        _err(t("cli.summary", files=n_files, bad=bad_note, **totals))
    sys.stdout.flush()
    return 2 if failed else (1 if hit else 0)


def cmd_rules(args: argparse.Namespace) -> int:
    from classify import risk
    from classify.rules import all_rules
    from classify.scoring import SCORING_RULES

    from .rule_docs import rule_dict, rule_doc, rule_title, scoring_rule_dict

    rules = all_rules()
    if args.format == "json":
        # Data, as GET /v1/rules answers it: the docstring whole (Chinese, then ``[en]`` English)
        # and each language apart (doc_zh, doc_en, title_en ...)
        print(
            dumps(
                {
                    "rules": [rule_dict(r) for r in rules],
                    "scoring_rules": [scoring_rule_dict(s) for s in SCORING_RULES.values()],
                    "risk": risk.spec(),
                },
                indent=2,
            )
        )
        return 0
    for r in rules:
        print(f"{r.code}  {r.severity:<7}  {rule_title(r)}")
        for line in rule_doc(r).splitlines():
            print(f"    {line}" if line else "")
        print()
    print(t("cli.rules_scoring"))
    zh = current_lang() == "zh"
    for s in SCORING_RULES.values():
        title, doc = (s.title, t(f"scoring_doc.{s.name}")) if zh else (t(f"scoring.{s.name}"), s.doc)
        print(f"  {s.name:<20} {title}{'：' if zh else ': '}{' '.join(doc.split())}")
    print()
    print(t("risk.formula", **risk.formula_fields()))
    return 0


def _max_bytes_option(p: argparse.ArgumentParser) -> None:
    from .batch import _positive

    p.add_argument("--max-bytes", type=_positive(int), default=DEFAULT_MAX_BYTES, help=t("cli.max_bytes"))


def _lang_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help=t("cli.lang"))


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="jxscan", description=t("cli.description"))
    _lang_option(p)
    sub = p.add_subparsers(dest="command", required=True)
    e = sub.add_parser("extract", help=t("cli.extract.help"), description=t("cli.extract.help"))
    e.add_argument("paths", nargs="+", help=t("cli.paths"))
    e.add_argument("--format", choices=("jsonl", "json"), default="jsonl", help=t("cli.format"))
    e.add_argument("--include-text", action="store_true", help=t("cli.include_text"))
    _max_bytes_option(e)
    e.set_defaults(func=cmd_extract)
    c = sub.add_parser("check", help=t("cli.check.help"), description=t("cli.check.help"))
    c.add_argument("paths", nargs="+", help=t("cli.paths"))
    c.add_argument("--format", choices=("text", "jsonl", "json"), default="text", help=t("cli.format"))
    c.add_argument("--select", action="append", metavar="CODES", help=t("cli.select"))
    c.add_argument("--ignore", action="append", metavar="CODES", help=t("cli.ignore"))
    c.add_argument("--fail-on", choices=("error", "warning", "info"), default="error", help=t("cli.fail_on"))
    c.add_argument("--statistics", action="store_true", help=t("cli.statistics"))
    c.add_argument("--include-text", action="store_true", help=t("cli.include_text_json"))
    _max_bytes_option(c)
    c.set_defaults(func=cmd_check)
    r = sub.add_parser("rules", help=t("cli.rules.help"), description=t("cli.rules.help"))
    r.add_argument("--format", choices=("text", "json"), default="text", help=t("cli.format"))
    r.set_defaults(func=cmd_rules)
    # The service commands live beside their implementation; each adds its own parser.
    from corpus.evaluate.cli import add_eval_parser
    from corpus.generator.cli import add_generate_parser
    from corpus.train.cli import add_train_parser

    from .batch import add_batch_parser
    from .report_html import add_report_parser
    from .serve_args import add_serve_parser

    add_batch_parser(sub)
    add_report_parser(sub)
    add_serve_parser(sub)
    add_generate_parser(sub)
    add_eval_parser(sub)
    add_train_parser(sub)
    for command in sub.choices.values():  # `jxscan rules --lang en` as well as `jxscan --lang en rules`
        _lang_option(command)
    for action in sub._choices_actions:  # the command list of `jxscan --help`, in the chosen language
        action.help = {
            "batch": t("cli.cmd.batch"),
            "serve": t("cli.cmd.serve"),
            "generate": t("cli.cmd.generate"),
            "eval": t("cli.cmd.eval"),
            "train": t("cli.cmd.train"),
        }.get(action.dest, action.help)
    return p


# argparse looks its texts up through its module's ``_`` (gettext) at run time: usage lines,
# "options", its error messages follow the chosen language.
argparse._ = argparse_text  # type: ignore[attr-defined]


def _argv_lang(argv: list[str]) -> str | None:
    """The ``--lang`` of the command line, read before the parser is built (its help texts
    are in that language). An invalid value is left for argparse to report."""
    for i, a in enumerate(argv):
        if a == "--":
            break
        if a == "--lang" and i + 1 < len(argv):
            return normalize_lang(argv[i + 1])
        if a.startswith("--lang="):
            return normalize_lang(a.split("=", 1)[1])
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    saved = os.environ.get(ENV_VAR)
    token = set_lang(_argv_lang(argv))  # also JXSCAN_LANG for the worker processes of batch and serve
    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except BrokenPipeError:
        # The reader went away (`jxscan rules | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    finally:  # main() called in-process (tests) leaves the caller's language as it was
        reset_lang(token, saved)


if __name__ == "__main__":
    sys.exit(main())
