"""Lists of values in a clause (``分别为X、Y万元``, ``分别增加X万元，Y万元``, ``分别下降A%与B%``).

The token scan (extract/clause_tokens.py) reads a list joined by ``、和及与`` inside one
direction token. Two more forms are read here, by constraint rather than by template:

- values joined by commas (``分别增加0.1亿元，0.05亿元``): a comma also separates clauses,
  so the values after it join the list only when they are of the same kind (money, % or
  percentage points) and the list then has exactly as many values as it has items
  (:func:`comma_values` finds the candidates, extract/clause_changes.py's ``_distribute``
  takes the prefix that fits);
- bare numbers before the one unit of a list of amounts (``分别为20、15万元``):
  :func:`bare_numbers` finds them, each an amount in the unit printed last.

Offsets are normalised.
"""

from __future__ import annotations

import re

from extract import vocab
from extract.clause_tokens import _MONEY, _N

_JOIN = r"[、，,和及与]"
_COMMA_VALUE = re.compile(rf"[，,](?:分别)?(?P<n>{_N})(?P<u>{_MONEY}|%|{vocab.POINTS})?")
_BARE = re.compile(rf"(?:分别|各)(?:为|是|达到?)?(?P<nums>(?:{_N}{_JOIN})+)$")
_BARE_NUM = re.compile(rf"(?P<n>{_N}){_JOIN}")


def unit_kind(u: str | None) -> str | None:
    """money, % or points (None: no unit)."""
    if u is None:
        return None
    return "%" if u == "%" else "points" if u == vocab.POINTS else "money"


def comma_values(
    nt: str, pos: int, hi: int, kind: str | None
) -> list[tuple[str, str | None, tuple[int, int], int]]:
    """Values right after ``pos`` joined by commas: (number, unit, span, end) each, the
    unit printed last applying to the numbers before it that print none; only values of
    ``kind`` (None: the kind of the first one with a unit)."""
    out: list[tuple[str, str | None, tuple[int, int], int]] = []
    pending: list[tuple[str, tuple[int, int], int]] = []
    while (m := _COMMA_VALUE.match(nt, pos, hi)) is not None:
        pending.append((m.group("n"), m.span("n"), m.end()))
        pos = m.end()
        u = m.group("u")
        if u is None:
            continue
        kind = kind or unit_kind(u)
        if unit_kind(u) != kind:
            break  # another kind of value (``分别减少X万元，下降Y%``): the list ended before it
        out += [(n, u, sp, e) for n, sp, e in pending]  # a unit printed last serves the run
        pending = []
    return out


def bare_numbers(region: str) -> list[tuple[str, tuple[int, int]]]:
    """``…分别为20、15`` (the text before ``万元``): the numbers printed before the list's
    last one, with their spans in ``region``."""
    m = _BARE.search(region)
    if m is None:
        return []
    base = m.start("nums")
    return [
        (b.group("n"), (base + b.start("n"), base + b.end("n"))) for b in _BARE_NUM.finditer(m.group("nums"))
    ]
