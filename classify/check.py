"""check_report: labels, rulebook, every rule, counts and risk on one extracted report."""

from __future__ import annotations

import math
from collections.abc import Iterable

from extract.document import Document, document_of
from extract.model import Report

from .labelling import label_report
from .registry import SEVERITY_RANK, CheckContext, Finding, Rule, all_rules, matches

# risk = 100 · (1 − exp(−(3·errors + 1·warnings + 0.2·infos) / K)), K = 10.
# An error weighs three warnings (it is provable from the document alone, a warning is
# very likely a problem) and an info a fifth of a warning. K = 10 puts a weighted count of
# 10 (e.g. three errors and one warning) at 63 (1 − 1/e), so one error gives 26, five
# give 78, and the score saturates smoothly instead of capping: a corpus can still be
# ranked among its worst documents.
RISK_WEIGHTS = {"error": 3.0, "warning": 1.0, "info": 0.2}
RISK_K = 10.0


def risk_score(counts: dict[str, int]) -> float:
    load = sum(RISK_WEIGHTS[s] * counts.get(s, 0) for s in RISK_WEIGHTS)
    return round(100.0 * (1.0 - math.exp(-load / RISK_K)), 1)


def selected_rules(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> list[Rule]:
    rules = all_rules()
    sel = [s for s in (select or []) if s.strip()]
    ign = [s for s in (ignore or []) if s.strip()]
    if sel:
        rules = [r for r in rules if matches(r.code, sel)]
    if ign:
        rules = [r for r in rules if not matches(r.code, ign)]
    return rules


def check_report(report: Report, text: str, select: Iterable[str] | None = None,
                 ignore: Iterable[str] | None = None, doc: Document | None = None) -> Report:
    """Fill labels, ``rulebook``, ``findings``, ``counts`` and ``risk`` (in place; returned).

    ``doc``: the document context extraction built (``extract_document``); by default the
    one of the text extracted last in this thread when it is ``text`` itself, else a new one.
    """
    book = label_report(report, text)
    ctx = CheckContext(report, text, book, doc if doc is not None and doc.text is text else document_of(text))
    found: list[Finding] = []
    failures: list[str] = []
    for r in selected_rules(select, ignore):
        try:
            found.extend(ctx.run(r))
        except Exception as e:  # noqa: BLE001 - one faulty rule never loses the other findings
            failures.append(f"{r.code}: {type(e).__name__}: {e}")
    found.sort(key=lambda f: (f.start, -SEVERITY_RANK[f.severity], f.code))
    report.findings = [f.to_dict() for f in found]
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in found:
        counts[f.severity] += 1
    report.counts = counts
    report.risk = risk_score(counts)
    report.rulebook = {**book.to_dict(), "rule_failures": failures}
    return report
