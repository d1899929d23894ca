"""The ``tab`` layout's budget rows: the 年初预算/全年预算/全年执行数 block of a tab table read
into :class:`FundRow` records (column order from its header, group labels merged, rates as
printed or as a fraction), and the table's declared total cell.

Moved out of extract/layouts/tab.py (issue 15), which keeps the layout's parser (header,
indicator rows, goal, detection).
"""

from __future__ import annotations

import re

from ..fields import parse_number, parse_percent
from ..model import FundRow, NumberCell
from .base import _TOTAL, Cell, _cells, squash


def _fund_rows(text: str, lines: list[tuple[int, int]], header: list[Cell]) -> list[FundRow]:
    hs = squash("".join(c.text for c in header))
    amount_roles = [
        r
        for r, k in (("initial", "年初预算"), ("adjusted", "预算数"), ("executed", "执行数"))
        if k in hs.replace("年初预算数", "年初预算", 1) or (r == "adjusted" and "全年预算" in hs)
    ]
    if "initial" not in amount_roles and "年初" in hs:
        amount_roles.insert(0, "initial")
    if not amount_roles:
        amount_roles = ["initial", "adjusted", "executed"]
    has_weight = "分值" in hs or "权重" in hs
    order = _rest_order(header)
    out = []
    for ls, le in lines:
        cells = _cells(text, ls, le)
        # (the CJK count first: it rules out the label cells without parsing them)
        idx = [
            i
            for i, c in enumerate(cells)
            if c.text and not _two_cjk(c.text) and parse_number(c.text) is not None
        ]
        if len(idx) < 2:
            continue
        first = idx[0]
        labels = [c for c in cells[:first] if _two_cjk(c.text) and not _is_group_label(c.clean)]
        name = labels[-1].clean if labels else ""
        values = [c for c in cells[first:] if c.text]
        row = FundRow(name=name, start=(labels[-1].start if labels else values[0].start), end=values[-1].end)
        amounts = [c for c in values if "%" not in c.text][: len(amount_roles)]
        for role, c in zip(amount_roles, amounts, strict=False):
            setattr(row, role, parse_number(c.text))
            row.cells[role] = NumberCell(c.text, getattr(row, role), c.start, c.end)
        rest = values[len(amounts) :]
        pct = next((i for i, c in enumerate(rest) if "%" in c.text), None)
        if pct is None and "rate" in order:
            # A rate printed without % (0.9778, 97.78) sits where the header puts 执行率.
            for role, c in zip(order, rest, strict=False):
                v = parse_number(c.text)
                if v is None:
                    continue
                if role == "rate":
                    v = _rate_value(v, row)
                setattr(row, role, v)
                row.cells[role] = NumberCell(c.text, v, c.start, c.end)
            out.append(row)
            continue
        if pct is not None:
            c = rest[pct]
            row.rate = parse_percent(c.text)
            row.cells["rate"] = NumberCell(c.text, row.rate, c.start, c.end)
            before, after = rest[:pct], rest[pct + 1 :]
        else:
            before, after = (rest[:1], rest[1:2]) if has_weight else ([], rest[:1])
        for role, group in (("weight", before), ("score", after)):
            for c in group:
                v = parse_number(c.text)
                if v is not None:
                    setattr(row, role, v)
                    row.cells[role] = NumberCell(c.text, v, c.start, c.end)
                    break
        out.append(row)
    return out


def _rest_order(header: list[Cell]) -> list[str]:
    """The weight, rate and score columns in the header's order (执行率权重 is a weight,
    得分(10分*执行率) a score)."""
    order = []
    for c in header:
        h = squash(c.text)
        if "得分" in h:
            order.append("score")
        elif "分值" in h or "权重" in h:
            order.append("weight")
        elif "执行率" in h:
            order.append("rate")
    return order


def _rate_value(v: float, row: FundRow) -> float:
    """A rate without %: a fraction when executed / budget says so (0.9778), else a percent."""
    base = row.adjusted or row.initial
    if v <= 1.5 and base and row.executed is not None and abs(row.executed / base - v) < 0.01:
        return round(v * 100, 6)
    return v


_GROUP_LABELS = ("项目资金", "年度预算", "部门资金", "万元", "财政资金", "资金来源")


def _is_group_label(s: str) -> bool:
    return any(g in s for g in _GROUP_LABELS) and not any(k in s for k in ("总额", "合计", "总资金", "安排"))


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _two_cjk(s: str) -> bool:
    """Two Chinese characters or more in ``s`` (stops at the second: no full count)."""
    m = _CJK.search(s)
    return m is not None and _CJK.search(s, m.end()) is not None


def _total_cell(text: str, ls: int, le: int) -> tuple[float | None, tuple[int, int] | None]:
    cells = [c for c in _cells(text, ls, le) if c.text]
    nums = [c for c in cells if not _TOTAL.match(c.text) and parse_number(c.text) is not None]
    if not nums:
        return None, None
    if len(nums) >= 2:
        c = nums[-1]
        return parse_number(c.text), (c.start, c.end)
    if len(nums) == 1 and "分" in nums[0].text:
        c = nums[0]
        return parse_number(c.text), (c.start, c.end)
    return None, None
