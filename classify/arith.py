"""Arithmetic at the document's own precision.

Reports print rounded numbers. A check must accept every value the printed inputs could
have produced, and nothing more. Two tools:

- :func:`tolerance` for a printed result: the larger of half a unit of its last printed
  digit and 0.01 (the catalogue's "±0.01 per operation": documents round or truncate at
  two decimals; a score printed ``7.6`` stands for anything in 7.55..7.65).
- interval arithmetic for ratios (shares, growth and variance rates, execution rates): each
  printed input ``x`` is the interval ``x ± half a unit of its last digit``; a stated ratio
  is consistent if its own tolerance interval meets the range the inputs allow. No
  threshold is tuned: the widths come from the digits printed.
"""

from __future__ import annotations

import re

from .memo import memo

EPS = 1e-9
_NUM = re.compile(r"-?\d[\d,，]*(?:[.．](\d+))?")
_WS = re.compile(r"\s+")


@memo()
def decimals(raw: str | None, value: float | None = None) -> int:
    """Digits printed after the decimal point (``2,124. 45`` → 2, ``10`` → 0)."""
    if raw:
        m = _NUM.search(_WS.sub("", raw))
        if m:
            return len(m.group(1) or "")
    if value is None:
        return 2
    s = repr(float(value))
    return 0 if s.endswith(".0") else min(4, len(s.split(".")[1]))


def rate_decimals(raw: str | None, rate: float | None) -> int:
    """Decimals of a rate in percent as printed: a fraction (``0.979`` read as 97.9 %) has
    two fewer than its digits (its last digit is a tenth of a percent)."""
    dec = decimals(raw, rate)
    if raw and rate is not None and "%" not in raw and "％" not in raw:
        m = _NUM.search(_WS.sub("", raw))
        if m:
            try:
                v = float(m.group().replace(",", "").replace("，", "").replace("．", "."))
            except ValueError:
                return dec
            if abs(v * 100 - rate) < 1e-6 * max(1.0, abs(rate)) and abs(v - rate) > 1e-9:
                return max(0, dec - 2)
    return dec


def half_unit(dec: int) -> float:
    return 0.5 * 10.0 ** (-dec)


def tolerance(dec: int) -> float:
    """Accepted gap between a printed result with ``dec`` decimals and its exact value."""
    return max(0.01, half_unit(dec)) + EPS


def sum_tolerance(n_terms: int, dec: int = 2) -> float:
    """A printed total against the sum of ``n_terms`` printed parts: ±0.01 per addition
    (each part rounded on its own), never tighter than the total's own rounding."""
    return max(0.01 * max(1, n_terms), half_unit(dec)) + EPS


def ratio_range(num: float, num_dec: int, den: float, den_dec: int) -> tuple[float, float] | None:
    """The range of ``100 * num / den`` over the printed intervals of both (None if den may be 0)."""
    hn, hd = half_unit(num_dec), half_unit(den_dec)
    lo_d, hi_d = den - hd, den + hd
    if lo_d <= 0 <= hi_d:
        return None
    cands = [100.0 * n / d for n in (num - hn, num + hn) for d in (lo_d, hi_d)]
    return min(cands), max(cands)


def ratio_consistent(
    stated: float, stated_dec: int, num: float, num_dec: int, den: float, den_dec: int
) -> bool | None:
    """Is a stated percentage consistent with ``num / den``? None when it cannot be judged."""
    r = ratio_range(num, num_dec, den, den_dec)
    if r is None:
        return None
    t = tolerance(stated_dec)
    return r[0] - t <= stated <= r[1] + t


def exact_ratio(num: float, den: float) -> float | None:
    return None if den == 0 else 100.0 * num / den


def close(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol


def fmt(x: float | None) -> str:
    """A number for a message: up to 2 decimals, no trailing zeros."""
    if x is None:
        return "?"
    s = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s
