"""check_report: labels, rulebook, every rule, counts and risk on one extracted report."""

from __future__ import annotations

from collections.abc import Iterable

from extract.document import Document, document_of
from extract.model import Report

from .labelling import label_report
from .registry import SEVERITY_RANK, CheckContext, Finding, Rule, matches
from .risk import report_risk
from .rules import all_rules


def selected_rules(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> list[Rule]:
    rules = all_rules()
    sel = [s for s in (select or []) if s.strip()]
    ign = [s for s in (ignore or []) if s.strip()]
    if sel:
        rules = [r for r in rules if matches(r.code, sel)]
    if ign:
        rules = [r for r in rules if not matches(r.code, ign)]
    return rules


def check_report(
    report: Report,
    text: str,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    doc: Document | None = None,
) -> Report:
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
    report.risk = report_risk(report)  # classify/risk.py: findings for the document's size
    report.rulebook = {**book.to_dict(), "rule_failures": failures}
    return report
