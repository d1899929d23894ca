"""What the IND rules share: the row loop (``_flag_rows``), a cell as the evidence,
a row's shown values and its basic details.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from extract.model import IndicatorRow, Quantity, Table

from ...registry import CheckContext, Finding

_WS = re.compile(r"\s+")


def _raw(q) -> str:
    return _WS.sub("", q.shown or "") or "（空）"


def _basics(row: IndicatorRow) -> dict:
    return {
        "target": row.target.value,
        "target_raw": row.target.shown,
        "target_op": row.target.op,
        "actual": row.actual.value,
        "actual_raw": row.actual.shown,
        "unit": row.target.unit,
        "weight": row.weight,
        "score": row.score,
        "direction": row.direction,
        "status": row.status,
    }


RowRef = tuple[int, Table, int, IndicatorRow]  # table index, table, row index, row
# A rule's judgement of one row: its message and details, or None when the row is fine.
Judge = Callable[[int, Table, int, IndicatorRow], tuple[str, dict] | None]


def _flag_rows(
    ctx: CheckContext,
    judge: Judge,
    rows: Iterable[RowRef] | None = None,
    at: Callable[[IndicatorRow], tuple[int, int] | None] | None = None,
) -> Iterator[Finding]:
    """The loop every IND row rule shares: one finding per row ``judge`` flags, located at
    the row, its evidence ``at(row)`` (default: the whole row, from its name through its
    score). ``rows`` defaults to every indicator row; a row with no span in the text is
    skipped (an offset the text does not hold cannot be shown)."""
    for ti, table, ri, row in ctx.rows() if rows is None else rows:
        hit = judge(ti, table, ri, row)
        if hit is None:
            continue
        span = ctx.row_span(table, row) if at is None else at(row)
        if span is None:
            continue
        yield ctx.finding(*span, hit[0], ctx.row_location(table, row), hit[1])


def _cell(q: Quantity) -> tuple[int, int] | None:
    """A target or actual cell as the evidence, when the text holds it."""
    return None if q.start < 0 else (q.start, q.end)
