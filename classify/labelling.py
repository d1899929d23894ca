"""The labelling stage, between extraction and the rules: indicator categories, the
scoring rules the document uses (rulebook) and the row labels they give, reason and goal
labels. Rules only read what this stage wrote."""

from __future__ import annotations

from extract.model import Report

from .categories import fill_categories
from .goals import label_goals
from .reasons import label_reasons
from .scoring import Rulebook, apply_rulebook, infer_rulebook


def label_report(report: Report, text: str) -> Rulebook:
    """Write every label onto ``report`` (in place) and return its rulebook. The order
    matters: the rulebook reads the categories, reasons read the row labels it set."""
    fill_categories(report.tables)
    book = infer_rulebook(report, text)
    apply_rulebook(report, book)
    label_reasons(report, text)
    label_goals(report, text)
    return book
