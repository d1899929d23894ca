"""Matching of extracted reasons against the expected ones of tests/narrative_cases.py
(shared by the tests and the measurement script)."""

from __future__ import annotations

from typing import Any

from extract.model import Reason

_CHANGE_KEYS = (
    "amount",
    "rate",
    "direction",
    "base",
    "unit",
    "rate_kind",
    "direction_source",
    "base_value",
    "current",
    "qualifier",
)


def _kind_ok(want: str, got: str) -> bool:
    return got == want or (want == "reason" and got == "variance")


def find(reasons: list[Reason], exp: dict[str, Any]) -> Reason | None:
    """The extracted reason the expectation describes (kind, marker and item), or None."""
    want = exp.get("kind", "reason")
    for r in reasons:
        if not _kind_ok(want, r.kind):
            continue
        if "marker" in exp and r.marker != exp["marker"]:
            continue
        if "item" in exp and (r.item is None or exp["item"] not in r.item):
            continue
        return r
    return None


def mismatches(r: Reason, exp: dict[str, Any]) -> list[str]:
    """The expected fields the reason gets wrong."""
    out = []
    c = r.change
    for k in _CHANGE_KEYS:
        if k not in exp:
            continue
        got = getattr(c, k) if c is not None else None
        want = exp[k]
        if isinstance(want, float):
            if got is None or abs(got - want) > 1e-6:
                out.append(f"{k}: {got!r} != {want!r}")
        elif got != want:
            out.append(f"{k}: {got!r} != {want!r}")
    if "also" in exp and not all(any(a in x for x in r.also) for a in exp["also"]):
        out.append(f"also: {r.also!r} lacks {exp['also']!r}")
    if "text_has" in exp and exp["text_has"] not in r.text:
        out.append(f"text: {r.text!r} lacks {exp['text_has']!r}")
    return out


def with_change(r: Reason) -> bool:
    c = r.change
    return c is not None and (c.amount is not None or c.rate is not None or c.direction == "持平")
