"""The risk score (0-100) that ranks documents: how much is wrong for how much the document says.

    load  = Σ over codes c of  w(c) · √n(c)
    size  = (E + E0) / (E_REF + E0),   E = indicator rows + reasons + tables
    risk  = 100 · (1 − exp(−load / (K · size)))

- ``w(c)``: the code's weight, by severity (an error 3: a number or statement the document
  itself proves wrong; a warning 1: very likely a problem; an info 0.2: a hint), with the
  overrides registered with the rule (``risk_weight=``, each says why).
- ``√n(c)``: the n findings of one code count as √n: the tenth row copying its target is the
  same habit as the first, and says less than a new kind of problem.
- ``size``: a long report has more rows and reasons in which to go wrong, so the findings are
  divided by how much it says, relative to a typical report (``E_REF`` items): the score is
  a rate of problems per thing said. ``E0`` items are added to both so that a report of a
  handful of rows is not judged on them alone (8 items weigh its findings 2.5 times, not 8).
- ``K``: a weighted load of K on a typical report gives 63 (1 − 1/e); the score saturates
  smoothly, so the worst documents of a corpus still rank among themselves.

docs/scoring.md shows the distribution over a generated corpus and how well it ranks.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

SEVERITY_WEIGHTS: dict[str, float] = {"error": 3.0, "warning": 1.0, "info": 0.2}
E_REF = 64.0  # items (rows + reasons + tables) of a typical report: the median of a generated corpus
E0 = 30.0  # items added to every report so that a very short one is not judged on its few items
K = 10.0


def code_weights() -> dict[str, float]:
    """Codes whose weight is not their severity's: registered with the rule (``risk_weight=``,
    its comment says why)."""
    global _CODE_WEIGHTS
    if _CODE_WEIGHTS is None:
        from .rules import all_rules

        _CODE_WEIGHTS = {r.code: r.risk_weight for r in all_rules() if r.risk_weight is not None}
    return _CODE_WEIGHTS


_CODE_WEIGHTS: dict[str, float] | None = None


def code_weight(code: str, severity: str) -> float:
    return code_weights().get(code, SEVERITY_WEIGHTS.get(severity, 0.0))


def _items(obj: Any, key: str) -> list:
    got = obj.get(key) if isinstance(obj, Mapping) else getattr(obj, key, None)
    return list(got or ())


def exposure(report: Any) -> int:
    """How much the document says: indicator rows + reasons + tables (a Report or its dict)."""
    tables = _items(report, "tables")
    return sum(len(_items(t, "rows")) for t in tables) + len(_items(report, "reasons")) + len(tables)


def load(findings: Iterable[Mapping[str, Any]]) -> float:
    n: Counter[str] = Counter()
    weight: dict[str, float] = {}
    for f in findings:
        code = str(f.get("code", ""))
        n[code] += 1
        weight[code] = code_weight(code, str(f.get("severity", "")))
    return sum(weight[c] * math.sqrt(k) for c, k in n.items())


def risk_score(findings: Iterable[Mapping[str, Any]], items: int) -> float:
    size = (max(0, items) + E0) / (E_REF + E0)
    return round(100.0 * (1.0 - math.exp(-load(findings) / (K * size))), 1)


def report_risk(report: Any) -> float:
    """The risk of a report (a Report or its dict) from its findings and its size."""
    return risk_score(_items(report, "findings"), exposure(report))


def formula_fields() -> dict[str, str]:
    """The formula's constants as text, for the message catalogue's ``risk.formula``."""
    return {
        "k": f"{K:g}",
        "w_error": f"{SEVERITY_WEIGHTS['error']:g}",
        "w_warning": f"{SEVERITY_WEIGHTS['warning']:g}",
        "w_info": f"{SEVERITY_WEIGHTS['info']:g}",
        "over": ", ".join(f"{c} {w:g}" for c, w in sorted(code_weights().items())),
        "e0": f"{E0:g}",
        "e_ref": f"{E_REF:g}",
    }


def formula_text() -> str:
    """The formula in English (data: ``jxscan rules --format json``, ``GET /v1/rules``)."""
    f = formula_fields()
    return (
        f"Risk (0-100): 100 × (1 − exp(−load / ({f['k']} × size))); load = Σ per code w × √n "
        f"(n findings of the code; w: error {f['w_error']}, warning {f['w_warning']}, info "
        f"{f['w_info']}; {f['over']}); size = (E + {f['e0']}) / ({f['e_ref']} + {f['e0']}), "
        "E = indicator rows + reasons + tables. See docs/scoring.md."
    )


def spec() -> dict[str, Any]:
    """The formula's constants, for `jxscan rules --format json`."""
    return {
        "formula": formula_text(),
        "severity_weights": SEVERITY_WEIGHTS,
        "code_weights": code_weights(),
        "e_ref": E_REF,
        "e0": E0,
        "k": K,
    }
