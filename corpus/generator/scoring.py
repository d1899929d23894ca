"""Scores by construction: a per-document rulebook drawn from the conventions in use.

The conventions are those of the finding catalogue (``docs/findings.md``):

- ``standard``: met = full weight; missed = weight × completion (higher-better
  actual/target, lower-better target/actual);
- ``both_ways``: as standard, and lower-better cost and headcount rows under their bound
  score weight × actual/target (under-spending loses points);
- ``deduction``: weight × max(0, 1 − 100·k·(1 − completion)), k the share of the weight lost
  per percentage point (001: k = 2.5 %); the execution score uses the same k on the rate;
- ``zero_below``: a miss below the completion θ scores 0, above it proportionally;
- execution: weight × rate (``rate``) or the deduction rule.

Completion is computed from the printed target and actual, as a reader of the table would.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .model import Qty, Row

HEADCOUNT = {"人", "名", "位", "人次"}


@dataclass(frozen=True)
class Rulebook:
    indicator: str  # standard | both_ways | deduction | zero_below
    execution: str  # rate | deduction
    k: float = 0.025
    theta: float = 0.6
    overrun_zero: bool = False  # a cost row over its bound scores 0

    def to_dict(self) -> dict:
        d = {"indicator": self.indicator, "execution": self.execution, "overrun_zero": self.overrun_zero}
        if "deduction" in (self.indicator, self.execution):
            d["k"] = self.k
        if self.indicator == "zero_below":
            d["theta"] = self.theta
        return d


def draw_rulebook(rng: random.Random) -> Rulebook:
    ind = rng.choices(["standard", "both_ways", "deduction", "zero_below"], [45, 20, 20, 15])[0]
    exe = "deduction" if ind == "deduction" and rng.random() < 0.7 else "rate"
    return Rulebook(
        ind,
        exe,
        k=rng.choice([0.02, 0.025, 0.05]),
        theta=rng.choice([0.6, 0.7, 0.8]),
        overrun_zero=rng.random() < 0.3,
    )


def is_cost_row(row: Row) -> bool:
    return row.kind == "cost"


def completion(row: Row) -> float | None:
    """Completion of a quantitative row (None for qualitative or unreadable rows); > 1 when
    a higher-better target is passed."""
    t, a = row.target, row.actual
    if t.op in (None, "qualitative") or t.value is None or a.value is None:
        return None
    if t.op in ("<=", "<"):
        if a.value <= t.value:
            return 1.0
        return t.value / a.value if a.value else None
    if t.value == 0:
        return 1.0
    return a.value / t.value


def _partial(rb: Rulebook, w: float, c: float) -> float:
    if rb.indicator == "deduction":
        return w * max(0.0, 1.0 - 100.0 * rb.k * (1.0 - c))
    if rb.indicator == "zero_below" and c < rb.theta:
        return 0.0
    return w * max(0.0, min(1.0, c))


def score_row(row: Row, rb: Rulebook) -> float:
    """The score the document's rulebook gives the row (two decimals)."""
    w = row.weight or 0.0
    t, a = row.target, row.actual
    c = completion(row)
    if c is None:
        return w
    if t.op in ("<=", "<") and a.value is not None and t.value:
        if a.value <= t.value:
            under = is_cost_row(row) or t.unit in HEADCOUNT
            if rb.indicator == "both_ways" and under and a.value < t.value:
                return round(w * a.value / t.value, 2)
            return w
        if rb.overrun_zero and is_cost_row(row):
            return 0.0
        return round(_partial(rb, w, c), 2)
    if c >= 1.0:
        return w
    return round(_partial(rb, w, c), 2)


def exec_score(rb: Rulebook, weight: float, executed: int, adjusted: int) -> float:
    rate = min(1.0, executed / adjusted) if adjusted else 1.0
    if rb.execution == "deduction":
        return round(weight * max(0.0, 1.0 - 100.0 * rb.k * (1.0 - rate)), 2)
    return round(weight * rate, 2)


def partial_cases(rows: list[Row], rb: Rulebook) -> int:
    """Rows scored strictly between 0 and the weight by a completion below 1 (what lets a
    reader infer a deduction rate)."""
    n = 0
    for r in rows:
        c = completion(r)
        if c is not None and c < 1 and r.score is not None and r.weight and 0.01 < r.score < r.weight - 0.01:
            n += 1
    return n


def qty(
    op: str | None, value: float | None, unit: str = "", decimals: int = 0, text: str | None = None
) -> Qty:
    return Qty(op, value, unit, text, decimals)
