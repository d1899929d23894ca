"""The generator's truth: what each document's tables state, field by field.

``jxscan eval`` compares the extraction against it (target and actual operator, value and
unit; weight; score; budget figures; declared total). Values are as printed: a planted
misprint (a wrong 执行率, a score above its weight) is the truth of what the table says.
"""

from __future__ import annotations

from typing import Any

from .model import DocModel, TableModel


def _money(c: int) -> float:
    return round(c / 100.0, 2)


def _rate(t: TableModel) -> float | None:
    text = t.rate_text if t.rate_text is not None else f"{t.rate:.2f}%"
    try:
        return float(text.rstrip("%"))
    except ValueError:
        return None


def table_truth(t: TableModel) -> dict[str, Any]:
    narrative = t.layout == "narrative"
    budget = {
        "initial": None if narrative else _money(t.total.initial),
        "adjusted": _money(t.total.adjusted),
        "executed": _money(t.total.executed),
        "rate": _rate(t),
        "weight": t.exec_weight,
        "score": t.exec_score,
    }
    rows = []
    for r in t.rows:
        rows.append(
            {
                "name": r.name,
                "level1": r.level1,
                "level2": r.level2,
                "target": r.target.truth(),
                "actual": r.actual.truth(),
                "weight": None if r.weight_text == "" else r.weight,
                "score": r.score,
                "note": r.note if t.kind == "project" or narrative else "",
            }
        )
    if t.form is not None:
        _unprinted(t.form.printed, budget, rows)
    return {
        "kind": "narrative" if narrative else t.kind,
        "title": t.title,
        "layout": t.layout,
        "budget": budget,
        "declared_total": t.declared_total if t.form is None or t.form.printed["declared_total"] else None,
        "rows": rows,
    }


def _unprinted(printed: dict[str, bool], budget: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    """A real-forms table states only what its form prints (no 年初预算数, blank scores …)."""
    if not printed["initial"]:
        budget["initial"] = None
    if not printed["weight"]:
        budget["weight"] = None
    if not printed["score"]:
        budget["score"] = None
    for r in rows:
        if not printed["row_scores"]:
            r["score"] = None
        if not printed["actuals"]:
            r["actual"] = {"op": None, "value": None, "unit": None}


def doc_truth(doc: DocModel, file: str) -> dict[str, Any]:
    return {
        "file": file,
        "department": doc.full_name,
        "year": doc.year,
        "layout": doc.layout,
        "overall_layout": doc.overall_layout,
        "format": "pdf" if doc.pdf else "txt",
        "rulebook": doc.perf.get("rulebook"),
        "tables": [table_truth(t) for t in doc.tables],
    }
