"""How far a parsed table's own arithmetic holds: the reader's confidence in its reading.

Checks, each counted once when it can be tested: a row's score is at most its weight;
the weights add up to 100 (with the budget's weight or without); the scores add up to the
declared 总分; the budget's
rate equals executed / budget; a row has a name and a weight or a target."""

from __future__ import annotations

from ..model import Table


def arithmetic(table: Table) -> float | None:
    """Share of the applicable checks that hold (None when nothing could be checked)."""
    ok = n = 0
    for r in table.rows:
        n += 1
        ok += bool(r.name) and (r.weight is not None or r.target.raw != "")
        if r.weight is not None and r.score is not None:
            n += 1
            ok += r.score <= r.weight + 1e-6
    weights = [r.weight for r in table.rows if r.weight is not None]
    bw = table.budget.weight if table.budget is not None and table.budget.weight is not None else 0.0
    if weights and len(weights) == len(table.rows):
        n += 1  # the weights, with the budget's, make up the full marks
        ok += abs(sum(weights) + bw - 100) < 0.51 or abs(sum(weights) - 100) < 0.51
    scores = [r.score for r in table.rows if r.score is not None]
    if table.declared_total is not None and scores and len(scores) == len(table.rows):
        bs = table.budget.score if table.budget is not None and table.budget.score is not None else 0.0
        n += 1
        ok += abs(sum(scores) + bs - table.declared_total) < 0.51
    b = table.budget
    if b is not None and b.rate is not None and b.executed is not None:
        base = b.adjusted if b.adjusted is not None else b.initial
        if base:
            n += 1
            ok += abs(100 * b.executed / base - b.rate) < 1.0 or abs(b.executed / base - b.rate) < 0.01
    return ok / n if n else None


def confidence(detected: float, table: Table, fitted: float | None = None) -> float:
    """The layout's detection confidence, tempered by the arithmetic of what it read and,
    for the generic reader, by the share of cells that fit the column they were put in."""
    a = arithmetic(table)
    if a is None:
        a = 0.5 if (table.budget or table.goal) else 0.0
    if fitted is None:
        return round(0.5 * min(1.0, detected) + 0.5 * a, 3)
    return round(0.3 * min(1.0, detected) + 0.3 * fitted + 0.4 * a, 3)
