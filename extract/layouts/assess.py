"""How far a parsed table's own arithmetic holds: the reader's confidence in its reading.

Checks, each counted once when it can be tested: a row's score is at most its weight;
the weights add up to the declared total, or to 100 with the budget weight; the budget's
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
    if weights:
        total = sum(weights) + (table.budget.weight or 0 if table.budget else 0)
        goals = {100.0, sum(weights) + 0.0}
        if table.declared_total is not None:
            goals = {table.declared_total}
        n += 1
        ok += any(abs(total - g) < 0.51 or abs(sum(weights) - g) < 0.51 for g in goals)
    b = table.budget
    if b is not None and b.rate is not None and b.executed is not None:
        base = b.adjusted if b.adjusted is not None else b.initial
        if base:
            n += 1
            ok += abs(100 * b.executed / base - b.rate) < 1.0 or abs(b.executed / base - b.rate) < 0.01
    return ok / n if n else None


def confidence(detected: float, table: Table) -> float:
    """The layout's detection confidence, tempered by the arithmetic of what it read."""
    a = arithmetic(table)
    if a is None:
        a = 0.5 if (table.budget or table.goal) else 0.0
    return round(0.5 * min(1.0, detected) + 0.5 * a, 3)
