"""Snapshot of what `jxscan check` answers, to prove a speed change changes no output.

    python3 benchmarks/snapshot.py                       # rewrite tests/data/check_snapshot.jsonl
    python3 benchmarks/snapshot.py --verify              # compare the code now with the snapshot
    python3 benchmarks/snapshot.py --full /tmp/full.jsonl  # also write every report in full (to diff)

The inputs are the five seeds and 300 generated reports (``jxscan generate --n 300 --seed 5``,
text and PDF, built in a temporary folder; pass ``--corpus DIR`` to reuse one). For each
document one line: its file, the sha256 of its bytes, and the sha256 of its findings and of
its whole report as ``jxscan check --format jsonl`` prints them (``report_dict`` + ``dumps``).

tests/test_snapshot.py runs the same comparison. A branch that changes findings ON PURPOSE
(a new rule, a better reader, a changed generator) regenerates the snapshot with the first
command above and commits it with that change; a speed change must leave it untouched.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SNAPSHOT = ROOT / "tests" / "data" / "check_snapshot.jsonl"
SEEDS = ROOT / "corpus" / "seeds"
GEN_N, GEN_SEED = 300, 5


def _sha(s: str | bytes) -> str:
    return hashlib.sha256(s.encode("utf-8") if isinstance(s, str) else s).hexdigest()[:32]


def generate_corpus(out: Path) -> Path:
    """The 300 generated reports of the snapshot, written under ``out``."""
    from corpus.generator.generate import generate

    generate(GEN_N, GEN_SEED, out, real_share=0.5)  # the defaults of `jxscan generate`
    return out


def inputs(corpus: Path) -> Iterator[tuple[str, Path]]:
    """(name in the snapshot, path): the seeds, then the generated documents in order."""
    for p in sorted(SEEDS.glob("*.txt")):
        yield f"seeds/{p.name}", p
    for p in sorted((corpus / "docs").iterdir()):
        yield f"generated/{p.name}", p


def screen(path: Path, name: str) -> tuple[str, str, list[str]]:
    """(findings JSON, report JSON, rules that raised) of one file as `jxscan check --format jsonl` prints it;
    the file is named ``name`` (not its path: the generated corpus lives in a temporary
    folder, and the report carries its source's name)."""
    from classify.check import check_report
    from extract.pipeline import extract_source
    from extract.read import read_bytes
    from service.serialize import dumps, report_dict

    src = read_bytes(path.read_bytes(), name)
    report = check_report(extract_source(src), src.text)
    d = report_dict(report, src)
    return (
        dumps({"findings": d.get("findings", [])}),
        dumps(d),
        list(report.rulebook.get("rule_failures", [])),
    )


def snapshot_lines(corpus: Path, full: Path | None = None) -> Iterator[dict[str, str]]:
    fh = full.open("w", encoding="utf-8") if full else None
    try:
        for name, path in inputs(corpus):
            findings, report, failures = screen(path, name)
            if fh:
                fh.write(json.dumps({"file": name, "report": json.loads(report)}, ensure_ascii=False) + "\n")
            line = {
                "file": name,
                "input": _sha(path.read_bytes()),
                "findings": _sha(findings),
                "report": _sha(report),
            }
            if failures:  # a rule that raised: recorded so that a test can name it
                line["rule_failures"] = failures
            yield line
    finally:
        if fh:
            fh.close()


def load(path: Path = SNAPSHOT) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def compare(expected: list[dict[str, str]], got: list[dict[str, str]]) -> list[str]:
    """One line per difference; empty when the code answers exactly as in the snapshot."""
    out = []
    if [e["file"] for e in expected] != [g["file"] for g in got]:
        out.append(f"not the same documents: {len(expected)} in the snapshot, {len(got)} now")
    for e, g in zip(expected, got, strict=False):
        if e["input"] != g["input"]:
            out.append(f"{g['file']}: the input itself changed (generator or seed changed: regenerate)")
        elif e["findings"] != g["findings"]:
            out.append(f"{g['file']}: findings differ")
        elif e["report"] != g["report"]:
            out.append(f"{g['file']}: report differs (findings equal)")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--verify", action="store_true", help="compare with the snapshot instead of writing it")
    ap.add_argument("--corpus", type=Path, help="a folder written by `jxscan generate --n 300 --seed 5`")
    ap.add_argument("--full", type=Path, help="also write every report in full to this jsonl")
    ap.add_argument("--out", type=Path, default=SNAPSHOT)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus or generate_corpus(Path(tmp) / "gen")
        got = list(snapshot_lines(corpus, args.full))
    if args.verify:
        diff = compare(load(args.out), got)
        print("\n".join(diff) if diff else f"identical: {len(got)} documents")
        return 1 if diff else 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(json.dumps(x) + "\n" for x in got), encoding="utf-8")
    print(f"{len(got)} documents written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
