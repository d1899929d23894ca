"""Extraction field accuracy against the hand-checked gold (corpus/gold/seed_tables.json).

Tables are matched by document order within a seed, rows by order within a table. Each
compared field counts once: per row the target and actual op/value/unit (plus the upper
bound of a range), weight and score; per table the six budget figures and the declared
总分. A gold row the extractor missed counts all its fields as wrong; an extra extracted
row counts its fields as wrong too, so dropping or inventing rows cannot raise the score.

``python3 -m pytest -s tests/test_gold.py`` prints the per-seed accuracy table and every
mismatch; on failure the mismatches are also in the assertion message.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pytest

from .conftest import ROOT, seed_report

GOLD_PATH = ROOT / "corpus" / "gold" / "seed_tables.json"
SEEDS = ("000", "001", "002", "003", "004")
MIN_ACCURACY = 0.97
TOL = 1e-6
BUDGET_FIELDS = ("initial", "adjusted", "executed", "rate", "weight", "score")
QTY_FIELDS = ("op", "value", "unit")
# Fields an extra (unmatched) extracted row is charged for.
ROW_FIELD_COUNT = 2 * len(QTY_FIELDS) + 2


@cache
def gold() -> dict[str, list[dict[str, Any]]]:
    data = json.loads(GOLD_PATH.read_text(encoding="utf-8"))
    by_seed: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for table in data["tables"]:
        by_seed[table["seed"]].append(table)
    for tables in by_seed.values():
        tables.sort(key=lambda t: t["index"])
    return dict(by_seed)


def _norm(v: Any) -> Any:
    # An empty unit string and a missing unit mean the same thing.
    if isinstance(v, str):
        v = "".join(v.split())
        return v or None
    return v


def same(expected: Any, got: Any) -> bool:
    expected, got = _norm(expected), _norm(got)
    if expected is None or got is None:
        return expected is None and got is None
    if isinstance(expected, (int, float)) and isinstance(got, (int, float)):
        return math.isclose(float(expected), float(got), rel_tol=0.0, abs_tol=TOL)
    return expected == got


@dataclass
class Score:
    total: int = 0
    correct: int = 0
    by_field: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    mismatches: list[str] = field(default_factory=list)

    def check(self, where: str, name: str, expected: Any, got: Any) -> None:
        ok = same(expected, got)
        self.total += 1
        self.correct += ok
        counts = self.by_field[name]
        counts[0] += ok
        counts[1] += 1
        if not ok:
            self.mismatches.append(f"{where} {name}: expected {expected!r}, got {got!r}")

    def charge(self, where: str, n: int, what: str) -> None:
        self.total += n
        self.by_field["row_presence"][1] += n
        self.mismatches.append(f"{where}: {what} ({n} fields)")

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0


def _qty(q: Any) -> dict[str, Any]:
    if q is None:
        return {"op": None, "value": None, "unit": None, "high": None}
    return {"op": q.op, "value": q.value, "unit": q.unit, "high": q.high}


def compare_row(score: Score, where: str, g: dict[str, Any], row: Any) -> None:
    for side in ("target", "actual"):
        gq, xq = g[side], _qty(getattr(row, side))
        for f in QTY_FIELDS:
            score.check(where, f"{side}.{f}", gq[f], xq[f])
        if gq["op"] == "range":
            score.check(where, f"{side}.high", gq.get("high"), xq["high"])
    score.check(where, "weight", g["weight"], row.weight)
    score.check(where, "score", g["score"], row.score)


def compare_table(score: Score, g: dict[str, Any], table: Any) -> None:
    where = f"{g['seed']} t{g['index']}"
    gb = g["budget"]
    if gb is None:
        score.check(where, "budget", None, table.budget)
    else:
        for f in BUDGET_FIELDS:
            got = getattr(table.budget, f) if table.budget is not None else None
            score.check(where, f"budget.{f}", gb[f], got)
    score.check(where, "declared_total", g["declared_total"], table.declared_total)
    rows = table.rows
    for i, grow in enumerate(g["rows"]):
        rwhere = f"{where} r{i} [{grow['name'][:24]}]"
        if i < len(rows):
            compare_row(score, rwhere, grow, rows[i])
        else:
            n = ROW_FIELD_COUNT + (grow["target"]["op"] == "range") + (grow["actual"]["op"] == "range")
            score.charge(rwhere, n, "row missing from extraction")
    for j in range(len(g["rows"]), len(rows)):
        score.charge(f"{where} r{j} [{rows[j].name[:24]}]", ROW_FIELD_COUNT, "extra extracted row")


@cache
def measure() -> dict[str, Score]:
    scores: dict[str, Score] = {}
    for seed in SEEDS:
        score = Score()
        tables = seed_report(seed).tables
        for i, g in enumerate(gold()[seed]):
            if i < len(tables):
                compare_table(score, g, tables[i])
            else:
                n = len(BUDGET_FIELDS) + 1 + sum(ROW_FIELD_COUNT for _ in g["rows"])
                score.charge(f"{seed} t{i}", n, "table missing from extraction")
        scores[seed] = score
    return scores


def overall(scores: dict[str, Score]) -> tuple[int, int]:
    return sum(s.correct for s in scores.values()), sum(s.total for s in scores.values())


def render(scores: dict[str, Score]) -> str:
    lines = ["seed  tables  rows  fields  wrong  accuracy"]
    for seed, s in scores.items():
        g = gold()[seed]
        lines.append(
            f"{seed}   {len(g):>6}  {sum(len(t['rows']) for t in g):>4}  {s.total:>6}"
            f"  {s.total - s.correct:>5}  {s.accuracy:8.4f}"
        )
    correct, total = overall(scores)
    lines.append(
        f"all   {sum(len(v) for v in gold().values()):>6}  "
        f"{sum(len(t['rows']) for v in gold().values() for t in v):>4}  {total:>6}"
        f"  {total - correct:>5}  {correct / total:8.4f}"
    )
    fields: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for s in scores.values():
        for name, (ok, n) in s.by_field.items():
            fields[name][0] += ok
            fields[name][1] += n
    lines.append("field accuracy: " + ", ".join(f"{k} {ok}/{n}" for k, (ok, n) in sorted(fields.items())))
    mism = [m for s in scores.values() for m in s.mismatches]
    lines.append(f"mismatches ({len(mism)}):")
    lines.extend("  " + m for m in mism)
    names = name_differences()
    lines.append(f"name differences, not scored ({len(names)}):")
    lines.extend("  " + m for m in names)
    return "\n".join(lines)


_NAME_NOISE = re.compile(r"[\s\"“”'‘’，,。、（）()]")


def name_differences() -> list[str]:
    """Project and row names that differ from the gold (punctuation and spaces ignored).

    Not part of the accuracy: names are free text and some gold names are restored from
    OCR damage, but a differing row name is the first sign of rows matched out of step.
    """
    out = []
    for seed in SEEDS:
        tables = seed_report(seed).tables
        for g, table in zip(gold()[seed], tables, strict=False):
            got = table.project or table.department
            if _NAME_NOISE.sub("", got or "") != _NAME_NOISE.sub("", g["name"] or ""):
                out.append(f"{seed} t{g['index']} name: expected {g['name']!r}, got {got!r}")
            for i, (grow, row) in enumerate(zip(g["rows"], table.rows, strict=False)):
                if _NAME_NOISE.sub("", grow["name"]) != _NAME_NOISE.sub("", row.name or ""):
                    out.append(f"{seed} t{g['index']} r{i}: expected {grow['name']!r}, got {row.name!r}")
    return out


# --- the gold itself ---------------------------------------------------------------------


def test_gold_shape():
    g = gold()
    assert sorted(g) == list(SEEDS)
    assert {s: len(v) for s, v in g.items()} == {"000": 7, "001": 12, "002": 4, "003": 1, "004": 16}
    assert sum(len(t["rows"]) for v in g.values() for t in v) == 324
    for tables in g.values():
        assert [t["index"] for t in tables] == list(range(len(tables)))
        for t in tables:
            assert t["kind"] in {"overall", "project", "narrative"}
            for r in t["rows"]:
                for side in ("target", "actual"):
                    q = r[side]
                    assert q["op"] in {">=", "<=", "=", "<", ">", "range", "qualitative"}
                    if q["op"] == "qualitative":
                        assert q["value"] is None and q["unit"] is None


@pytest.mark.parametrize("seed", SEEDS)
def test_gold_arithmetic(seed):
    """Guards the hand reading against typos: every table's own sums close."""
    for t in gold()[seed]:
        b = t["budget"] or {}
        weights = sum(r["weight"] for r in t["rows"]) + (b.get("weight") or 0)
        if b.get("weight") is not None:
            assert math.isclose(weights, 100, abs_tol=0.01), (seed, t["index"], weights)
        if t["declared_total"] is not None:
            total = sum(r["score"] for r in t["rows"]) + (b.get("score") or 0)
            assert math.isclose(total, t["declared_total"], abs_tol=0.01), (seed, t["index"], total)
        if b.get("adjusted") and b.get("executed") and b.get("rate") is not None:
            assert math.isclose(b["executed"] / b["adjusted"] * 100, b["rate"], abs_tol=0.01)


# --- extraction against the gold ---------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_every_gold_table_found(seed):
    tables = seed_report(seed).tables
    assert [t.kind for t in tables] == [t["kind"] for t in gold()[seed]]


def test_field_accuracy():
    scores = measure()
    report = render(scores)
    print("\n" + report)
    correct, total = overall(scores)
    assert total > 2500  # 324 rows x 8 fields + budgets + totals
    assert correct / total >= MIN_ACCURACY, report
