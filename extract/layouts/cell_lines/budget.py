"""The budget block (年度资金总额 and its sources), the 总分 row and the goal pair of a
``cell_lines`` table (methods of the parser, kept apart by section)."""

from __future__ import annotations

import re

from extract.fields import parse_number
from extract.model import FundRow, Goal, Table

from .vocab import (
    _BUDGET_SLOTS,
    _BUDGET_TOTAL,
    _BUDGET_VALUE,
    _DASH,
    _DEFAULT_BUDGET,
    _FUNDS_LABEL,
    _NUMBER_FORM,
    _PERCENT_FORM,
    _TOTAL_FRAG,
    _cell,
    _decimals,
    _display,
    _groupings,
    _join_toks,
    _joined,
    _split_goal,
    _Tok,
)


class BudgetMixin:
    # ----------------------------------------------------------------- budget
    @staticmethod
    def _budget_order(head: str) -> tuple[str, ...]:
        found: list[tuple[int, str]] = []
        taken: list[tuple[int, int]] = []
        for slot, rx in _BUDGET_SLOTS:
            for m in rx.finditer(head):
                if not any(a <= m.start() < b for a, b in taken):
                    found.append((m.start(), slot))
                    taken.append((m.start(), m.end()))
                    break
        if {s for _, s in found} >= {"initial", "adjusted", "executed"}:
            return tuple(s for _, s in sorted(found))
        return _DEFAULT_BUDGET

    def _budget(self, table: Table, i0: int, i1: int, order: tuple[str, ...]) -> None:
        toks = self.toks
        rows: list[tuple[list[_Tok], list[_Tok]]] = []
        name: list[_Tok] = []
        vals: list[_Tok] = []
        # The row-group label (项目资金（万元）) may be printed between the rows: skip it.
        skip: set[int] = set()
        if i0 < i1:
            for m in _FUNDS_LABEL.finditer(self.S, self.r.cum[i0], self.r.cum[i1 - 1] + len(toks[i1 - 1].t)):
                a, b = self.r.tok_at(m.start()), self.r.tok_at(m.end() - 1)
                if self.r.cum[a] == m.start() and self.r.cum[b] + len(toks[b].t) == m.end():
                    skip.update(range(a, b + 1))
        for k in range(i0, i1):
            if k in skip:
                continue
            t = toks[k]
            if _BUDGET_VALUE.match(t.f) and (name or vals):
                vals.append(t)
                continue
            if vals:
                rows.append((name, vals))
                name, vals = [], []
            name.append(t)
        if vals:
            rows.append((name, vals))
        funds = [self._fund_row(n, v, order) for n, v in rows if n]
        if not funds:
            return
        total_i = next((k for k, f in enumerate(funds) if _BUDGET_TOTAL.search(f.name)), 0)
        budget = funds.pop(total_i)
        # The weight/rate/score cells are merged over all source rows in some tables and
        # the converter prints them on the first row: they belong to the total.
        if budget.weight is None and budget.score is None:
            carriers = [f for f in funds if f.weight is not None or f.score is not None]
            if len(carriers) == 1:
                c = carriers[0]
                for key in ("weight", "rate", "score"):
                    setattr(budget, key, getattr(c, key))
                    setattr(c, key, None)
                    if key in c.cells:
                        budget.cells[key] = c.cells.pop(key)
        table.budget = budget
        table.funds = funds

    def _fund_row(self, name: list[_Tok], vals: list[_Tok], order: tuple[str, ...]) -> FundRow:
        text = self.text
        row = FundRow(name=_join_toks(name), start=name[0].s, end=vals[-1].e)
        best = self._best_budget_reading(vals, order)
        if best is None:
            return row
        for slot, (a, b) in zip(order, best, strict=False):
            if _DASH.match(_joined(vals, (a, b))):
                continue
            cell = _cell(text, vals[a].s, vals[b - 1].e)
            row.cells[slot] = cell
            setattr(row, slot, cell.value)
        return row

    @staticmethod
    def _best_budget_reading(vals: list[_Tok], order: tuple[str, ...]) -> list[tuple[int, int]] | None:
        best: tuple[float, list[tuple[int, int]]] | None = None
        for n in (len(order), 3):
            if n > len(vals):
                continue
            for grouping in _groupings(vals, n):
                score = BudgetMixin._rate_budget(vals, grouping, order)
                if score is not None and (best is None or score > best[0]):
                    best = (score, grouping)
            if best is not None:
                return best[1]
        return [(k, k + 1) for k in range(min(len(vals), len(order)))] if vals else None

    @staticmethod
    def _rate_budget(
        vals: list[_Tok], grouping: list[tuple[int, int]], order: tuple[str, ...]
    ) -> float | None:
        """Plausibility of one reading of a budget row, ``None`` when impossible."""
        got: dict[str, tuple[float, str]] = {}
        score = 0.0
        for slot, g in zip(order, grouping, strict=False):
            s = _joined(vals, g).replace(",", "")
            if _DASH.match(s):
                if g[1] - g[0] > 1:
                    return None
                continue
            if slot == "rate":
                if not _PERCENT_FORM.match(s):
                    return None
                score += 0.5 if s.endswith("%") else 0.0
            elif not _NUMBER_FORM.match(s):
                return None
            v = float(s.rstrip("%"))
            if slot == "weight" and v > 100:
                return None
            got[slot] = (v, s)
            score -= 0.1 * (g[1] - g[0] - 1)
        if "weight" in got and "score" in got:
            score += 1.0 if got["score"][0] <= got["weight"][0] + 0.01 else -2.0
        if "rate" in got and "adjusted" in got and "executed" in got and got["adjusted"][0] > 0:
            expect = got["executed"][0] / got["adjusted"][0] * 100
            tol = 0.5 * 10 ** -_decimals(got["rate"][1]) + 0.01
            score += 3.0 if abs(expect - got["rate"][0]) <= tol else -1.0
        return score

    # ------------------------------------------------------------------- total
    def _total(self, table: Table, pos: int) -> None:
        """The 总分 row: ``总分 100 88 分`` / ``总分 100\\n88\\n分`` / ``总分\\n10\\n0\\n100``."""
        text = self.text
        frags: list[_Tok] = []
        prev = pos
        for m in _TOTAL_FRAG.finditer(text, pos, self.end):
            between = text[prev : m.start()]
            if between.strip() and not re.fullmatch(r"[\s分]*", between):
                break
            frags.append(_Tok(m.start(), m.end(), m.group(), m.group(), "\n" in between))
            prev = m.end()
        if not frags:
            return
        weights = sum(r.weight or 0 for r in table.rows) + ((table.budget.weight or 0) if table.budget else 0)
        best: tuple[float, list[tuple[int, int]]] | None = None
        for n in (2, 1):
            for grouping in _groupings(frags, n):
                vals = [_joined(frags, g) for g in grouping]
                if not all(_NUMBER_FORM.match(v) for v in vals):
                    continue
                nums = [float(v) for v in vals]
                sc = float(n)
                if nums[0] in (100.0, weights) or abs(nums[0] - weights) < 0.01:
                    sc += 2
                if n == 2:
                    sc += 1 if nums[1] <= nums[0] + 0.01 else -3
                if best is None or sc > best[0]:
                    best = (sc, grouping)
        if best is None:
            return
        grouping = best[1]
        if len(grouping) == 1:
            v = float(_joined(frags, grouping[0]))
            if v == 100.0 or abs(v - weights) < 0.01:
                return  # only the weight column is filled
            g = grouping[0]
        else:
            g = grouping[1]
        s, e = frags[g[0]].s, frags[g[1] - 1].e
        table.declared_total = parse_number(text[s:e])
        table.declared_total_span = (s, e)

    # ------------------------------------------------------------------- goal
    def _goal(self, title: str, i0: int, i1: int) -> Goal:
        lines: list[list[_Tok]] = []
        for t in self.toks[i0:i1]:
            if t.nl or not lines:
                lines.append([t])
            else:
                lines[-1].append(t)
        if not lines:
            return Goal(table=title, expected="", actual="")
        k = _split_goal([self.text[ln[0].s : ln[-1].e] for ln in lines])
        exp, act = lines[:k], lines[k:]
        g = Goal(table=title, expected="", actual="")
        if exp:
            s, e = exp[0][0].s, exp[-1][-1].e
            g.expected, g.expected_span = _display(self.text[s:e]), (s, e)
        if act:
            s, e = act[0][0].s, act[-1][-1].e
            g.actual, g.actual_span = _display(self.text[s:e]), (s, e)
        return g
