"""The budget block of the generic reader (extract/layouts/grid.py): its columns, each
fund row's figures (budget_glue recuts figures run together), rates printed without %, and
the weight a header formula (得分(10分*执行率)) states; with the row helpers both share.

Moved out of extract/layouts/grid.py (issue 15) as :class:`BudgetRows`, a base of
:class:`Reader` (which keeps header finding and indicator cell assignment).
"""

from __future__ import annotations

import re

from ..fields import parse_number, parse_percent, parse_rate
from ..model import FundRow, NumberCell
from . import budget_glue
from .base import Cell
from .celltype import cell_type
from .headers import (
    BUDGET_ROLES,
    BUDGET_TOTAL,
)
from .rows import (
    Row,
    align,
)

# The budget score's formula in its header: 得分(10分*执行率), 得分（N分×执行率）.
_FORMULA_WEIGHT = re.compile(r"(\d+(?:\.\d+)?)\s*分\s*[*×xX✕]\s*(?:预算)?执行率")


def _trim(row: Row) -> list[Cell]:
    """The row without its trailing run of empty cells (pipes pad every row to one width)."""
    cells = list(row)
    while cells and not cells[-1].clean:
        cells.pop()
    return cells


def _span(cells: list[Cell]) -> tuple[int, int] | None:
    cells = [c for c in cells if c.clean]
    return (cells[0].start, cells[-1].end) if cells else None


def _number(c: Cell | None) -> float | None:
    if c is None or not c.clean or cell_type(c.clean) in ("na", "empty"):
        return None
    return parse_number(c.clean.rstrip("分"))


class BudgetRows:
    """The Reader's budget rows (uses its ``text``, ``table`` and ``_header_weight``)."""

    @staticmethod
    def _budget_columns(roles: list[str | None]) -> list[str]:
        # Columns of other roles (原因, 说明) take what sits under them; unnamed ones before
        # the first figure are the row label's.
        cols = [r if r in BUDGET_ROLES or r == "label" else ("other" if r else "label") for r in roles]
        while len(cols) > 1 and cols[0] == "label" and cols[1] == "label":
            cols.pop(0)  # a group cell (项目资金) above the label column
        if cols[0] != "label":
            cols.insert(0, "label")  # the budget block's row labels have no header of their own
        return cols

    def _fund(self, row: Row, cols: list[str]) -> FundRow | None:
        cells = _trim(row)
        if not any(cell_type(c.clean) in ("number", "percent") for c in cells):
            return None
        # Group labels before the row's own label (项目资金 | 年度资金总额 | ...) merge into it.
        while len(cells) > 2 and cell_type(cells[0].clean) == "text" and cell_type(cells[1].clean) == "text":
            cells = cells[1:]
        recut = budget_glue.recut(self.text, cells, cols) if budget_glue.needs_recut(cells) else None
        if recut is not None:
            cells, assign = recut, list(range(len(cols)))  # figures run together, cut by arithmetic
        else:
            assign = align(cells, cols)
        label = next(
            (c for c, j in zip(cells, assign, strict=True) if j is not None and cols[j] == "label"), None
        )
        name = label.clean.rstrip(":：") if label else ""
        f = FundRow(name=name)
        for c, j in zip(cells, assign, strict=True):
            if j is None or cols[j] == "label" or not c.clean:
                continue
            role = {"bweight": "weight", "bscore": "score"}.get(cols[j], cols[j])
            if cell_type(c.clean) == "na":
                continue
            v = parse_percent(c.clean) if role == "rate" and "%" in c.clean else _number(c)
            if role in f.cells:
                continue
            setattr(f, role, v)
            f.cells[role] = NumberCell(c.text, v, c.start, c.end)
        span = _span([c for c in cells if c.clean])
        if span:
            f.start, f.end = span
        return f

    @staticmethod
    def _rates(funds: list[FundRow]) -> None:
        """A rate printed without % is a percent (95.5) or a fraction (0.955): the one that
        executed / budget agrees with, else as the block's rate column reads
        (fields.parse_rate: fractions when every rate is one)."""
        column = [f.cells["rate"].raw for f in funds if "rate" in f.cells]
        for f in funds:
            cell = f.cells.get("rate")
            if cell is None or f.rate is None or "%" in cell.raw or "％" in cell.raw:
                continue
            base = f.adjusted if f.adjusted else f.initial
            if base and f.executed is not None:
                ratio = f.executed / base
                if abs(ratio - f.rate) < 0.01 and abs(100 * ratio - f.rate) > 1:
                    f.rate = round(f.rate * 100, 6)
            else:
                f.rate = parse_rate(cell.raw, column)
            cell.value = f.rate

    def _funds(self, funds: list[FundRow]) -> None:
        if not funds:
            return
        self._rates(funds)
        idx = next((k for k, f in enumerate(funds) if BUDGET_TOTAL.search(f.name)), 0)
        self.table.budget = funds[idx]
        self.table.funds = [f for k, f in enumerate(funds) if k != idx]
        b, w = self.table.budget, self._header_weight
        if w is not None and b.weight is None:
            b.weight = w.value  # 得分(10分*执行率): the weight the header's formula states
            b.cells["weight"] = w

    def _formula_weight(self, row: Row) -> None:
        for c in row:
            m = _FORMULA_WEIGHT.search(self.text, c.start, c.end)
            if m:
                self._header_weight = NumberCell(m.group(1), float(m.group(1)), m.start(1), m.end(1))
                return
