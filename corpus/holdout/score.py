"""Score jxscan on the held-out cases (corpus/holdout/cases.jsonl).

    python3 -m corpus.holdout.score [--json] [--cases PATH]

Every case is run through the real pipeline (read_text -> screen_source with checks) and its
report is compared with the hand-written expectation. Matching folds widths and whitespace
(NFKC, then no whitespace) but not values: numbers must agree within 0.01. The figures are
reported per family and overall; nothing here asserts a floor.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

CASES = Path(__file__).with_name("cases.jsonl")
# Finding families a case's expectation speaks for (DUP needs a corpus, so it is left out).
FAMILIES = ("RSN", "IND", "SUM", "XRF", "GOL")
TOL = 0.01
_WS = re.compile(r"\s+")
# Unit of a figure -> factor to 万元; figures in other units (%, 人...) are not amounts.
_TO_WAN = {None: 1.0, "": 1.0, "万元": 1.0, "万": 1.0, "亿元": 10000.0, "亿": 10000.0, "元": 0.0001}


def fold(s: str | None) -> str:
    """Width- and whitespace-insensitive form of ``s`` (full-width ，：（）％ -> ASCII)."""
    return _WS.sub("", unicodedata.normalize("NFKC", s or ""))


def close(expected: float | None, got: Any) -> bool:
    """Values agree within TOL; None (blank, unreadable) only matches None."""
    if expected is None or got is None:
        return expected is None and got is None
    try:
        return abs(float(got) - float(expected)) <= TOL + 1e-9
    except (TypeError, ValueError):
        return False


def names_match(expected: str, got: str | None) -> bool:
    """One name inside the other after folding (extracted names may carry units or levels)."""
    e, g = fold(expected), fold(got)
    return bool(g) and (e in g or (len(g) >= 2 and g in e))


# ---- indicator rows, budget rows -------------------------------------------------------------


def _cell_value(cell: Any) -> Any:
    return cell.get("value") if isinstance(cell, dict) else None


def row_right(exp: dict[str, Any], got: dict[str, Any]) -> bool:
    """Target value, actual value, weight and score all right, where the case states them."""
    if "target" in exp and not close(exp["target"].get("value"), _cell_value(got.get("target"))):
        return False
    if "actual" in exp and not close(exp["actual"].get("value"), _cell_value(got.get("actual"))):
        return False
    return all(close(exp[k], got.get(k)) for k in ("weight", "score") if k in exp)


def match_row(exp: dict[str, Any], tables: list[dict[str, Any]]) -> tuple[bool, bool]:
    """(found by name, read right) for one expected indicator row over all extracted tables."""
    cands = [r for t in tables for r in t.get("rows") or [] if names_match(exp["name"], r.get("name"))]
    return bool(cands), any(row_right(exp, r) for r in cands)


def budget_right(exp: dict[str, Any], tables: list[dict[str, Any]]) -> bool:
    return any(
        isinstance(t.get("budget"), dict) and all(close(v, t["budget"].get(k)) for k, v in exp.items())
        for t in tables
    )


# ---- reasons, figures --------------------------------------------------------------------------


def change_right(exp: dict[str, Any], got: dict[str, Any] | None) -> bool:
    got = got or {}
    for k, v in exp.items():
        if k == "direction":
            if got.get("direction") != v:
                return False
        elif not close(v, got.get(k)):
            return False
    return True


def match_reason(exp: dict[str, Any], reasons: list[dict[str, Any]]) -> tuple[bool, bool, bool]:
    """(found, item right, change right) for one expected explanation."""
    sub = fold(exp["text"])
    cands = [r for r in reasons if sub and sub in fold(r.get("text"))]
    item = any(names_match(exp["item"], r.get("item")) for r in cands)
    change = "change" in exp and any(change_right(exp["change"], r.get("change")) for r in cands)
    return bool(cands), item, change


def figure_wan(fig: dict[str, Any]) -> float | None:
    factor = _TO_WAN.get(fig.get("unit"))
    if factor is None or fig.get("value") is None:
        return None
    return float(fig["value"]) * factor


def match_figure(exp: dict[str, Any], figures: list[dict[str, Any]]) -> bool:
    return any(
        fold(exp["item"]) in fold(f.get("item")) and close(exp["value"], figure_wan(f)) for f in figures
    )


# ---- anomalies ---------------------------------------------------------------------------------


def _spans(text: str, evidence: str) -> list[tuple[int, int]]:
    out, i = [], text.find(evidence)
    while i >= 0:
        out.append((i, i + len(evidence)))
        i = text.find(evidence, i + 1)
    return out


def finding_matches(exp: dict[str, Any], f: dict[str, Any], text: str) -> bool:
    """Same code (or an accepted alternative) pointing at the expected evidence: the spans
    overlap, or one evidence text holds the other once folded."""
    if f.get("code") not in {exp["code"], *exp.get("alt", [])}:
        return False
    s, e = f.get("start"), f.get("end")
    if (
        isinstance(s, int)
        and isinstance(e, int)
        and any(s < b and a < e for a, b in _spans(text, exp["evidence"]))
    ):
        return True
    want, got = fold(exp["evidence"]), fold(f.get("evidence"))
    return bool(got) and (want in got or (len(got) >= 2 and got in want))


def in_families(f: dict[str, Any]) -> bool:
    return str(f.get("code", ""))[:3] in FAMILIES


# ---- one case, the totals ----------------------------------------------------------------------

COUNTERS = (
    "cases",
    "errors",
    "table_cases",
    "table_cases_found",
    "rows",
    "rows_found",
    "rows_right",
    "budgets",
    "budgets_right",
    "totals",
    "totals_right",
    "reasons",
    "reasons_found",
    "reasons_item",
    "changes",
    "changes_right",
    "figures",
    "figures_found",
    "anomalies",
    "anomalies_found",
    "findings",
    "findings_true",
    "clean",
    "clean_quiet",
)


def score_case(case: dict[str, Any], report: dict[str, Any] | None) -> dict[str, Any]:
    """Counters and misses of one case against its report (None when the pipeline failed)."""
    exp, text = case["expect"], case["text"]
    rep = report or {}
    tables, reasons = rep.get("tables") or [], rep.get("reasons") or []
    findings = [f for f in rep.get("findings") or [] if in_families(f)]
    c: dict[str, int] = dict.fromkeys(COUNTERS, 0)
    miss: list[str] = []
    c["cases"], c["errors"] = 1, int(report is None)
    if exp["tables"]:
        c["table_cases"] = 1
        c["table_cases_found"] = int(bool(tables))
    for t in exp["tables"]:
        for r in t["rows"]:
            found, right = match_row(r, tables)
            c["rows"] += 1
            c["rows_found"] += found
            c["rows_right"] += right
            if not right:
                miss.append(f"row {r['name']}: {'misread' if found else 'not found'}")
        if t.get("budget"):
            c["budgets"] += 1
            ok = budget_right(t["budget"], tables)
            c["budgets_right"] += ok
            if not ok:
                miss.append("budget row misread or missing")
        if "declared_total" in t:
            c["totals"] += 1
            ok = any(close(t["declared_total"], tb.get("declared_total")) for tb in tables)
            c["totals_right"] += ok
    for r in exp["reasons"]:
        found, item, change = match_reason(r, reasons)
        c["reasons"] += 1
        c["reasons_found"] += found
        c["reasons_item"] += item
        if "change" in r:
            c["changes"] += 1
            c["changes_right"] += change
        if not found or ("change" in r and not change):
            miss.append(f"reason {r['text']}: {'change wrong' if found else 'not found'}")
    for fg in exp["figures"]:
        ok = match_figure(fg, rep.get("figures") or [])
        c["figures"] += 1
        c["figures_found"] += ok
        if not ok:
            miss.append(f"figure {fg['item']}={fg['value']}: not found")
    for a in exp["anomalies"]:
        ok = any(finding_matches(a, f, text) for f in findings)
        c["anomalies"] += 1
        c["anomalies_found"] += ok
        if not ok:
            miss.append(f"anomaly {a['code']} at {a['evidence']!r}: not raised")
    false_pos = [f for f in findings if not any(finding_matches(a, f, text) for a in exp["anomalies"])]
    c["findings"] = len(findings)
    c["findings_true"] = len(findings) - len(false_pos)
    if exp.get("clean"):
        c["clean"] = 1
        c["clean_quiet"] = int(not findings)
    miss += [f"false {f.get('code')} at {f.get('evidence')!r}" for f in false_pos]
    return {"id": case["id"], "family": case["family"], "counts": c, "misses": miss}


def _share(n: int, d: int) -> float | None:
    return round(n / d, 3) if d else None


def summarise(c: dict[str, int]) -> dict[str, Any]:
    """The reported figures of a set of counters: (share, numerator, denominator)."""
    pairs = {
        "tables found": ("table_cases_found", "table_cases"),
        "indicator rows read": ("rows_right", "rows"),
        "budget rows read": ("budgets_right", "budgets"),
        "explanations found": ("reasons_found", "reasons"),
        "with their change": ("changes_right", "changes"),
        "figures found": ("figures_found", "figures"),
        "anomaly recall": ("anomalies_found", "anomalies"),
        "anomaly precision": ("findings_true", "findings"),
        "clean cases quiet": ("clean_quiet", "clean"),
    }
    return {k: {"share": _share(c[n], c[d]), "n": c[n], "of": c[d]} for k, (n, d) in pairs.items()}


def load_cases(path: Path = CASES) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def run_pipeline(case: dict[str, Any]) -> dict[str, Any] | None:
    from extract.read import read_text
    from service.screen import screen_source

    try:
        return screen_source(read_text(case["text"], case["id"]), checks=True)
    except Exception as exc:  # a crash is scored as nothing found, and reported
        print(f"{case['id']}: pipeline error: {exc!r}", file=sys.stderr)
        return None


def score_all(
    cases: Iterable[dict[str, Any]], run: Callable[[dict[str, Any]], dict[str, Any] | None] = run_pipeline
) -> dict[str, Any]:
    per_case = [score_case(case, run(case)) for case in cases]
    groups: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
    for pc in per_case:
        for g in (pc["family"], "overall"):
            for k, v in pc["counts"].items():
                groups[g][k] += v
    return {
        "families": {g: {"cases": c["cases"], **summarise(c)} for g, c in groups.items()},
        "cases": per_case,
    }


def render(result: dict[str, Any]) -> str:
    fams = result["families"]
    order = sorted(g for g in fams if g != "overall") + ["overall"]
    metrics = [k for k in fams["overall"] if k != "cases"]
    lines = [
        "| metric | " + " | ".join(f"{g} ({fams[g]['cases']})" for g in order) + " |",
        "|---|" + "---|" * len(order),
    ]
    for m in metrics:
        cells = []
        for g in order:
            v = fams[g][m]
            cells.append("–" if v["of"] == 0 else f"{v['share']:.2f} ({v['n']}/{v['of']})")
        lines.append(f"| {m} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="the figures and every case's misses as JSON")
    ap.add_argument("--cases", type=Path, default=CASES)
    args = ap.parse_args(argv)
    result = score_all(load_cases(args.cases))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
