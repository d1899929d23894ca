"""Scoring rules as a registry, and per-document inference of the rules a report uses.

A self-evaluation table scores each indicator row out of its weight, and the budget
execution out of its own weight. Several lawful conventions exist (财政部 self-evaluation
notes and local variants); a score is judged against the conventions the document itself
applies, never against one guess.

Every scored row becomes a :class:`Case` with its *completion* ``c`` (how much of the
target was reached, 1 = fully). Two readings of completion exist:

- ``std`` (standard): higher-better and exact rows ``actual/target``; lower-better rows
  ``target/actual`` when over the bound, else 1 (met);
- ``both`` (proportional both ways): lower-better cost and headcount rows under their bound
  complete ``actual/target`` (under-spending is under-delivery); over the bound as ``std``.

A rule combines a completion reading with a scoring curve (registry below). Parameters are
inferred per document: ``k`` (points of the weight lost per percentage point) is accepted
only when at least two scored rows agree on it, since one row alone fits any ``k``; the
indicator rows settle it on their own first (the execution score has its own rule family,
often weight × rate beside deducted indicators), and rows plain proportional scoring
explains are no evidence of a deduction rate (:func:`infer_document_k`); the
zero threshold ``θ`` is the gap between the misses scored 0 and the misses given partial
credit.

Each scored row takes as ``score_rule`` the simplest rule (registry order: standard first)
that reproduces its score at the document's precision, ``none`` if no rule does. The
document's **rulebook** lists the rules that explain at least one informative row (a miss,
or a score below the weight), with how many; it is the set of conventions the document
demonstrably applies. IND001-IND004 and SUM004 fire only on ``none``: a score some known
convention produces, with parameters the document itself supports, is not an anomaly.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from extract.model import IndicatorRow, Report, Table

from .arith import decimals, tolerance
from .label import base_unit, comparable, is_cost, is_money, label_row

_HEADCOUNT = {"人", "名", "位", "人次"}


@dataclass
class Case:
    """One scored item: an indicator row or a table's budget-execution score."""

    table: int
    row: int  # index in table.rows, -1 for the execution score
    kind: str  # indicator | execution
    weight: float
    score: float
    tol: float
    direction: str = ""
    status: str = ""
    c_std: float | None = None
    c_both: float | None = None
    rate: float | None = None  # budget execution rate (fraction) where it applies
    cost: bool = False  # a money row (overrun rules apply)

    @property
    def informative(self) -> bool:
        """Rows that tell scoring rules apart: a miss, or anything below the weight."""
        return self.status == "unmet" or self.score < self.weight - self.tol


@dataclass
class Params:
    k: float | None = None  # fraction of the weight lost per percentage point
    theta: float | None = None  # completion below which a miss scores 0
    k_support: int = 0


Predict = Callable[[Case, Params], float | None]


@dataclass(frozen=True)
class ScoringRule:
    name: str
    title: str
    doc: str
    predict: Predict


SCORING_RULES: dict[str, ScoringRule] = {}


def scoring_rule(name: str, title: str) -> Callable[[Predict], Predict]:
    def deco(f: Predict) -> Predict:
        SCORING_RULES[name] = ScoringRule(name, title, (f.__doc__ or "").strip(), f)
        return f

    return deco


def _prop(case: Case, c: float | None) -> float | None:
    return None if c is None else case.weight * max(0.0, min(1.0, c))


def variants(case: Case, value: float | None, c: float | None) -> list[float]:
    """A prediction and its two-decimal variant: documents round the completion ratio at
    two decimals before multiplying by the weight (8/21 → 0.38 → 7.60 of 20), one of the
    "±0.01 per operation" roundings the catalogue allows."""
    if value is None:
        return []
    out = [value]
    if c is not None and 0 < c < 1 and value > 0:
        out.append(value * round(c, 2) / c)
    return out


@scoring_rule("standard", "达标满分，未达标按完成比例")
def _standard(case: Case, p: Params) -> float | None:
    """Met target = full weight; missed = weight × min(1, actual/target) (lower-better:
    target/actual). The 财政部 self-evaluation notes."""
    if case.kind != "indicator":
        return None
    return _prop(case, case.c_std)


@scoring_rule("both_ways", "成本/人数类双向按比例")
def _both_ways(case: Case, p: Params) -> float | None:
    """Lower-better cost and headcount rows scored weight × actual/target, so spending
    less than planned loses points (seen in 000 and 004)."""
    if case.kind != "indicator" or case.c_both is None or case.c_both == case.c_std:
        return None
    return _prop(case, case.c_both)


@scoring_rule("rate", "执行率×权重")
def _rate(case: Case, p: Params) -> float | None:
    """Execution score = weight × execution rate (capped at 100 %); also an indicator that
    measures the budget itself (its actual is the table's 全年执行数) scored by the rate."""
    if case.rate is None or (case.kind == "indicator" and case.status == "unmet"):
        return None  # a missed indicator is never rescued by the budget's execution
    return case.weight * max(0.0, min(1.0, case.rate))


def _deduct(case: Case, c: float | None, k: float | None) -> float | None:
    if c is None or k is None:
        return None
    return case.weight * max(0.0, 1.0 - 100.0 * k * (1.0 - min(1.0, c)))


@scoring_rule("deduction", "每差一个百分点扣k分")
def _deduction(case: Case, p: Params) -> float | None:
    """weight × max(0, 1 − 100·k·(1 − completion)): a fixed share of the weight lost per
    percentage point missed (001: k = 2.5 %, so nothing below 60 %). ``k`` is inferred from
    the indicator rows (execution scores join only when those do not settle it) and needs
    two agreeing rows; the execution score uses the same ``k`` on the rate."""
    if case.kind == "execution":
        return _deduct(case, case.rate, p.k)
    return _deduct(case, case.c_std, p.k)


@scoring_rule("deduction_both_ways", "每差一个百分点扣k分（成本双向）")
def _deduction_both(case: Case, p: Params) -> float | None:
    """The deduction rule with the both-ways completion of cost and headcount rows (001
    deducts for unspent cost budgets this way)."""
    if case.kind != "indicator" or case.c_both is None or case.c_both == case.c_std:
        return None
    return _deduct(case, case.c_both, p.k)


@scoring_rule("overrun_zero", "成本超支不得分")
def _overrun_zero(case: Case, p: Params) -> float | None:
    """A money row spent beyond its bound scores 0 (成本指标超出目标值不得分)."""
    if case.kind != "indicator" or case.direction != "lower_better" or case.status != "unmet":
        return None
    return 0.0 if case.cost else None


@scoring_rule("zero_below", "完成率低于阈值不得分")
def _zero_below(case: Case, p: Params) -> float | None:
    """A miss below the completion threshold θ scores 0, above it proportionally. θ lies
    between the best-completed miss scored 0 and the worst-completed miss given credit;
    with no partial credit in the document, every miss scores 0 (met = full, missed = 0)."""
    if case.kind != "indicator" or case.c_std is None or p.theta is None:
        return None
    c = min(case.c_std, case.c_both if case.c_both is not None else case.c_std)
    if c < p.theta:
        return 0.0
    return _prop(case, case.c_std)


# ------------------------------------------------------------------ building the cases


def _c_std(direction: str, t: float, a: float) -> float | None:
    if direction == "lower_better":
        if a <= t:
            return 1.0
        return t / a if a > 0 else None
    if t == 0:
        return 1.0 if a >= 0 else None
    return a / t


def _c_both(row: IndicatorRow, t: float, a: float) -> float | None:
    if row.direction != "lower_better" or a >= t or t <= 0:
        return None
    unit = base_unit(row.target.unit) or base_unit(row.actual.unit)
    if not (is_cost(row) or unit in _HEADCOUNT):
        return None
    return a / t


def table_decimals(table: Table, text: str) -> int:
    """The table's printed precision: the most decimals any of its scores shows."""
    decs = [0]
    for r in table.rows:
        if r.score is not None:
            raw = text[slice(*r.score_span)] if r.score_span else None
            decs.append(decimals(raw, r.score))
    if table.budget is not None and "score" in table.budget.cells:
        decs.append(decimals(table.budget.cells["score"].raw))
    if table.declared_total_span:
        decs.append(decimals(text[slice(*table.declared_total_span)]))
    return min(max(decs), 2)


def _budget_rate(table: Table) -> float | None:
    """The execution rate: 全年执行数 / 全年预算数 where both are read (a misprinted 执行率 is
    SUM003's business, the score follows the money), else the printed rate."""
    b = table.budget
    if b is None:
        return None
    if b.executed is not None and b.adjusted:
        return b.executed / b.adjusted
    if b.rate is not None:
        return b.rate / 100.0
    return None


def build_cases(report: Report, text: str) -> list[Case]:
    cases: list[Case] = []
    for ti, table in enumerate(report.tables):
        tol = tolerance(table_decimals(table, text))
        rate = _budget_rate(table)
        b = table.budget
        for ri, row in enumerate(table.rows):
            label_row(row)
            if row.weight is None or row.score is None or row.weight <= 0:
                continue
            case = Case(
                ti,
                ri,
                "indicator",
                row.weight,
                row.score,
                tol,
                row.direction or "",
                row.status or "",
                cost=is_cost(row),
            )
            pair = comparable(row.target, row.actual)
            if pair is not None and row.direction != "qualitative":
                t, a = pair
                if row.target.op == "range" and row.target.high is not None and a > t:
                    t = min(a, row.target.high * (t / row.target.value if row.target.value else 1))
                case.c_std = _c_std(row.direction or "", t, a)
                case.c_both = _c_both(row, t, a)
                # An indicator measuring the budget itself (actual = 全年执行数).
                if (
                    b is not None
                    and b.executed is not None
                    and b.adjusted
                    and is_money(row.actual.unit)
                    and row.actual.value is not None
                    and abs(row.actual.value - b.executed) <= 0.01
                    and base_unit(row.actual.unit) == "万元"
                ):
                    case.rate = b.executed / b.adjusted
            elif row.status == "met":
                case.c_std = 1.0
            if case.c_std is None:
                continue  # nothing to judge the score against (qualitative, unreadable)
            cases.append(case)
        if b is not None and b.weight and b.score is not None and rate is not None:
            cases.append(
                Case(
                    ti,
                    -1,
                    "execution",
                    b.weight,
                    b.score,
                    tol,
                    status="met" if rate >= 1 else "unmet",
                    rate=rate,
                )
            )
    return cases


# ------------------------------------------------------------------ inference

# k at or below one percent of the weight per point is plain proportional scoring
# (weight × completion), which the standard and rate rules already express.
_PLAIN_K = 0.0101


def _k_spans(cases: list[Case]) -> list[tuple[float, float, int]]:
    """The k interval each partial score allows, with the index of its row."""
    spans: list[tuple[float, float, int]] = []
    for i, cs in enumerate(cases):
        if not (cs.tol < cs.score < cs.weight - cs.tol):
            continue
        comps = [cs.rate] if cs.kind == "execution" else [cs.c_std, cs.c_both]
        for c in {x for x in comps if x is not None and x < 1 - 1e-9}:
            gap = 100.0 * (1.0 - c)
            lo = (1.0 - (cs.score + cs.tol) / cs.weight) / gap
            hi = (1.0 - (cs.score - cs.tol) / cs.weight) / gap
            spans.append((lo, hi, i))
    return spans


def _vote(spans: list[tuple[float, float, int]]) -> tuple[int, float, float]:
    """The k interval shared by most rows: (rows, overlap low, overlap high)."""
    best, best_lo, best_hi = 0, 0.0, 0.0
    for lo, _, _ in spans:
        inside = [(a, b, i) for a, b, i in spans if a <= lo <= b]
        rows = len({i for _, _, i in inside})
        if rows > best:
            best, best_lo, best_hi = rows, lo, min(b for _, b, _ in inside)
    return best, best_lo, best_hi


def _evidence(cases: list[Case]) -> list[tuple[float, float, int]]:
    """The k intervals that are evidence of a deduction rate. An interval reaching down to
    k = 0.0101 holds plain proportional scoring within the row's rounding (a budget
    execution scored weight × rate, a near-full score on a tiny gap), or only rates below
    it, which no deduction convention uses: such a row can neither outvote nor fake a
    deduction rate the other rows share."""
    return [s for s in _k_spans(cases) if s[0] > _PLAIN_K]


def infer_k(cases: list[Case]) -> tuple[float | None, int]:
    """The deduction rate most partial scores agree on (needs two rows), else None.

    Each partial score s of weight w at completion c < 1 allows
    k ∈ [(1 − (s+tol)/w), (1 − (s−tol)/w)] / (100 (1 − c)); the k inside most intervals
    (counted once per row, rows plain proportional scoring explains left out) wins; its
    value is the centre of the intervals' overlap.
    """
    n, lo, hi = _vote(_evidence(cases))
    return ((lo + hi) / 2, n) if n >= 2 else (None, n)


def infer_document_k(cases: list[Case]) -> tuple[float | None, int]:
    """The document's deduction rate for its indicator rows, with the rows that agree on it.

    Indicator rows vote on their own first: the budget-execution score has its own rule
    family (weight × rate, or the deduction on the rate), and a document may deduct k
    points per point on its indicators while scoring its execution by the rate. When two
    indicator rows agree, execution scores whose interval overlaps theirs only narrow the
    value (an execution score at a large gap pins k closer than a cost row 1 % over its
    bound). Only when the indicator rows alone do not settle k do the execution scores
    join the vote: a deducted execution score (001) is evidence of the document's k, a
    rate-scored one is plain proportional and drops out. Either way k needs two agreeing
    rows. The execution score is checked with the same k (001 applies one k to both).
    """
    indicators = [c for c in cases if c.kind == "indicator"]
    n, lo, hi = _vote(_evidence(indicators))
    if n < 2:
        return infer_k(cases)
    agree: set[int] = set()
    for a, b, i in _evidence([c for c in cases if c.kind == "execution"]):
        if a <= hi and b >= lo:
            lo, hi = max(lo, a), min(hi, b)
            agree.add(i)
    return (lo + hi) / 2, n + len(agree)


def infer_theta(cases: list[Case]) -> float | None:
    """θ between misses scored 0 and misses given partial credit; None if inconsistent."""
    zero = [
        min(x for x in (c.c_std, c.c_both) if x is not None)
        for c in cases
        if c.kind == "indicator" and c.status == "unmet" and c.score <= c.tol and c.c_std is not None
    ]
    part = [
        c.c_std
        for c in cases
        if c.kind == "indicator" and c.status == "unmet" and c.score > c.tol and c.c_std is not None
    ]
    if not zero:
        return None
    hi = max(zero)
    lo_credit = min(part) if part else 1.0
    if hi >= lo_credit:
        return None
    return lo_credit


@dataclass
class Rulebook:
    """The scoring rules a document uses, with their evidence."""

    params: Params
    rules: list[str] = field(default_factory=list)
    support: dict[str, int] = field(default_factory=dict)
    explained: dict[tuple[int, int], str] = field(default_factory=dict)  # (table,row) -> rule
    expected: dict[tuple[int, int], dict[str, float]] = field(default_factory=dict)
    cases: dict[tuple[int, int], Case] = field(default_factory=dict)

    def rule_for(self, table: int, row: int) -> str | None:
        """The rule explaining a scored item; ``none`` if nothing does; None if not scored."""
        key = (table, row)
        if key not in self.cases:
            return None
        return self.explained.get(key, "none")

    def to_dict(self) -> dict[str, Any]:
        p = self.params
        return {
            "rules": [
                {"rule": r, "title": SCORING_RULES[r].title, "rows": self.support.get(r, 0)}
                for r in self.rules
            ],
            # k: share of the weight lost per percentage point (deduction rules), with the
            # number of rows that agree on it; zero_below: the completion threshold θ.
            "k": None if p.k is None else round(p.k, 5),
            "k_rows": p.k_support if p.k is not None else 0,
            "zero_below": round(p.theta, 4) if p.theta is not None and "zero_below" in self.rules else None,
        }


def _completion_used(case: Case, name: str) -> float | None:
    if case.kind == "execution" or name == "rate":
        return case.rate
    if name in ("both_ways", "deduction_both_ways"):
        return case.c_both
    return case.c_std


def reproduces(case: Case, value: float | None, name: str = "standard") -> bool:
    if value is None or math.isnan(value):
        return False
    if name.startswith("deduction"):
        return abs(value - case.score) <= case.tol
    if abs(value - case.score) <= case.tol:
        return True
    # the prediction's two-decimal variant (see :func:`variants`), only when the plain one misses
    c = _completion_used(case, name)
    return c is not None and 0 < c < 1 and value > 0 and abs(value * round(c, 2) / c - case.score) <= case.tol


def infer_rulebook(report: Report, text: str) -> Rulebook:
    cases = build_cases(report, text)
    k, k_support = infer_document_k(cases)
    params = Params(k=k, theta=infer_theta(cases), k_support=k_support)
    book = Rulebook(params)
    preds: dict[tuple[int, int], dict[str, float]] = {}
    hits: dict[str, set[tuple[int, int]]] = {name: set() for name in SCORING_RULES}
    for cs in cases:
        key = (cs.table, cs.row)
        book.cases[key] = cs
        preds[key] = {}
        for name, r in SCORING_RULES.items():
            v = r.predict(cs, params)
            if v is None:
                continue
            preds[key][name] = round(v, 4)
            if reproduces(cs, v, name):
                hits[name].add(key)
    book.expected = preds
    informative = {(c.table, c.row) for c in cases if c.informative}
    order = list(SCORING_RULES)
    # Each row takes the simplest rule (registry order) that reproduces it; a rule is in
    # the rulebook when it is the explanation of at least one informative row.
    for key in preds:
        for name in order:
            if key in hits[name]:
                book.explained[key] = name
                break
    for key, name in book.explained.items():
        if key in informative:
            book.support[name] = book.support.get(name, 0) + 1
    if any(n == "standard" for n in book.explained.values()):
        book.support.setdefault("standard", 0)
    book.rules = sorted(book.support, key=lambda n: (-book.support[n], order.index(n)))
    return book


def apply_rulebook(report: Report, book: Rulebook) -> None:
    """Write each row's ``score_rule``."""
    for ti, table in enumerate(report.tables):
        for ri, row in enumerate(table.rows):
            row.score_rule = book.rule_for(ti, ri)
