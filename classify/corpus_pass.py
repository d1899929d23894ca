"""The corpus pass: every corpus rule of the catalogue over one scan of the corpus.

``jxscan batch`` runs it after the per-document pass (and ``jxscan report --corpus-checks``,
``jxscan eval`` on a generated corpus). The corpus is read once (:class:`classify.corpus.
CorpusScan`); each corpus rule (:mod:`classify.rules.dup`) turns its part of the scan into
findings, stamped here with the rule's code and severity. :func:`merge_findings` writes
them into a report, replacing the corpus findings of an earlier pass.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from typing import Any

from .corpus import CorpusResult, CorpusScan
from .registry import matches
from .risk import exposure, risk_score
from .rules import all_rules


def analyse_corpus(reports: Sequence[dict[str, Any]], select: Iterable[str] | None = None) -> CorpusResult:
    """Corpus findings per doc_id (each document's in code order) and the corpus statistics
    (stickiness included). ``select``: only the corpus rules matching these codes/prefixes."""
    t0 = time.perf_counter()
    scan = CorpusScan(reports)
    sel = [s for s in (select or ()) if s.strip()]
    rules = [r for r in all_rules(scope="corpus") if not sel or matches(r.code, sel)]
    per_rule = [(r, r.func(scan)) for r in rules]
    t_rules = time.perf_counter()
    result = CorpusResult()
    for i in sorted({i for _, found in per_rule for i in found}):
        out = [
            {"code": r.code, "severity": r.severity, **f} for r, found in per_rule for f in found.get(i, ())
        ]
        if out:
            result.findings.setdefault(scan.metas[i].doc_id, []).extend(out)
    stats = scan.stats()
    t_end = time.perf_counter()
    seconds = dict(scan.seconds)
    seconds["findings"] = round(t_rules - t0 - seconds["index"] - seconds.get("verify", 0.0), 3)
    # "reasons": the reason pass DUP002 and stickiness share (inside "findings" when DUP002
    # ran it; "stickiness" is then 0).
    keys = ("index", "verify", "findings", "reasons", "stickiness")
    stats["seconds"] = {k: seconds.get(k, 0.0) for k in keys}
    stats["seconds"]["total"] = round(t_end - t0, 3)
    result.stats = stats
    return result


def corpus_findings(
    reports: Sequence[dict[str, Any]], select: Iterable[str] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Corpus findings per doc_id (``analyse_corpus`` also returns the statistics)."""
    return analyse_corpus(reports, select).findings


def corpus_codes() -> frozenset[str]:
    """The codes of the corpus rules (the findings a corpus pass owns in a report)."""
    return frozenset(r.code for r in all_rules(scope="corpus"))


def merge_findings(
    report: dict[str, Any], findings: list[dict[str, Any]], items: int | None = None
) -> dict[str, Any]:
    """Add corpus findings to a report (replacing earlier corpus ones); update counts and risk.
    ``items`` is the document's size for the risk (classify/risk.py: exposure) when the
    report given is only its findings."""
    own = corpus_codes()
    kept = [f for f in report.get("findings") or () if str(f.get("code", "")) not in own]
    report["findings"] = kept + list(findings)
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in report["findings"]:
        sev = f.get("severity")
        if sev in counts:
            counts[sev] += 1
    report["counts"] = counts
    if report.get("risk") is not None or findings:
        report["risk"] = risk_score(report["findings"], exposure(report) if items is None else items)
    return report
