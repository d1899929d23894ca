"""The generic reader: rows of cells (however a layout split them) into a Table.

Headers are found by vocabulary (:mod:`.headers`); each row's cells are assigned to the
header's columns by an order-keeping alignment that scores every cell's type against its
column (:mod:`.celltype`): merged first columns that shift a row left, a dropped or extra
cell and blank cells all align. Where the alignment leaves a choice the table's own
arithmetic picks (score <= weight; rate = executed / budget). A value that cannot be read
stays raw with a null value; nothing is invented.

The budget block's rows are read by the base :class:`.grid_budget.BudgetRows`; header
and cell repairs (glued or wrapped header words, weight/score runs) are in :mod:`.grid_glue`.
"""

from __future__ import annotations

import re

from ..fields import is_unit, join_quantity, leading_two_as_ge, parse_number
from ..framework import categorise, level1_category, level2_category
from ..model import FundRow, Goal, IndicatorRow, NumberCell, Quantity, Table
from .base import Cell, Region
from .base import squash as squash_text
from .celltype import cell_type, fit
from .grid_budget import BudgetRows, _number, _span, _trim
from .grid_glue import (
    _cut_figure,
    _is_level_label,
    _leading_numbers,
    _unglued_header,
    _weight_score_run,
)
from .headers import (
    HEAD_LABELS,
    TOTAL_ROW,
    header_role,
)
from .rows import (
    Readings,
    Row,
    align,
    align_scored,
    header_roles,
    indicator_columns,
    is_budget_header,
    is_goal_header,
    is_indicator_header,
    join_broken_headers,
)

_NUM_IN = re.compile(r"\d+(?:\.\d+)?")
_HEAD_ATTR = {
    "项目名称": "project",
    "主管部门": "department",
    "部门名称": "department",
    "单位名称": "department",
}
_GLUED_HEAD = re.compile(r"^(项目名称|主管部门|部门名称|单位名称)[:：]?(.{2,40})$")
# The usual column order, for rows whose header the excerpt does not hold.
DEFAULT_COLUMNS = ("level1", "level2", "name", "target", "actual", "weight", "score", "note")
_LEADING_TWO_ZERO = re.compile(r"^\s*20")  # 200%: a zero after the 2 is no damaged ≥0…
_LABELS = frozenset({"label", "label1", "label2"})
_SENTENCE = re.compile(r"[，,；;。]")


def _quantity(text: str, pieces: list[Cell], unit: Cell | None = None) -> Quantity:
    """A target/actual read from its cell, or from the cells it was split over (operator,
    value, unit): ``raw`` covers them all (``text[start:end]``), ``text`` joins them."""
    pieces = [c for c in pieces if c.clean and cell_type(c.clean) != "na"]
    if not pieces:
        return Quantity(raw="", op=None)
    q = join_quantity(text, [(c.start, c.end) for c in pieces])
    if unit is not None and q.unit is None and q.value is not None and is_unit(unit.clean):
        q.unit = unit.clean  # the unit column's unit applies to a bare number
    return q


class Reader(BudgetRows):
    """Reads one table from its rows. ``rows`` are in text order; a layout that could not
    tell rows apart hands a stream chunked by header width (:func:`chunk_stream`)."""

    def __init__(self, region: Region, rows: list[Row], layout: str) -> None:
        self.region = region
        self.text = region.text
        self.rows = [r for r in rows if any(c.clean for c in r)]
        self.table = Table(
            title=region.title, kind=region.kind, start=region.start, end=region.end, layout=layout
        )
        self.cells_fit = 0.0
        self.cells_total = 0
        self._label_wait: str | None = None
        self._header_weight: NumberCell | None = None
        # Where a level-1 cell is printed: the index of the row it is printed on (the number
        # of rows so far when it stands on a line of its own) -> the label.
        self.printed_l1: dict[int, str] = {}
        # Rows whose weight and score come from cutting one figure (``10`` -> 1 | 0): the
        # row's index and the figure uncut, for the table's weights to decide.
        self._cut_pairs: dict[int, Cell] = {}

    def read(self) -> Table:
        self.rows = join_broken_headers(self.rows)
        mode = "head"
        cols: list[str] = []
        funds: list[FundRow] = []
        goal_exp: list[Cell] = []
        goal_act: list[Cell] = []
        level1 = level2 = None
        pending_name: list[Cell] = []
        goal_wait: str | None = None  # a goal label alone on its line: its text on the next
        for row in self.rows:
            first = next(c.clean for c in row if c.clean)
            if TOTAL_ROW.match(first):
                self._total(row)
                mode = "done"
                continue
            roles = header_roles(row)
            row, roles = _unglued_header(row, roles, self.text)
            if is_indicator_header(roles):
                mode, cols = "rows", self._columns(row, roles)
                continue
            if is_budget_header(header_roles(row, budget=True)):
                broles = header_roles(row, budget=True)
                mode, cols = "budget", self._budget_columns(broles)
                self._formula_weight(row)
                continue
            if is_goal_header(row, roles):
                mode = "goal"
                continue
            if mode == "head" and self._headerless_row(row):
                mode, cols = "rows", list(DEFAULT_COLUMNS)  # an excerpt starting mid-table
            words = [c for c in row if c.clean]
            if (
                mode in ("head", "budget")
                and len(words) == 1
                and goal_wait is not None
                and header_role(words[0].text) is None
            ):
                (goal_exp if goal_wait == "expected" else goal_act).append(words[0])  # alternating lines
                goal_wait = None
                continue
            goal_wait = (
                roles[row.index(words[0])]
                if len(words) == 1 and roles[row.index(words[0])] in ("expected", "achieved")
                else None
            )
            if mode == "head":
                self._head(row)
                exp_idx = [k for k, r in enumerate(roles) if r == "expected"]
                if exp_idx and len([c for c in row if len(c.clean) > 8]) >= 1:
                    self._goal_row(row, goal_exp, goal_act)  # 年度总体目标 | goal | result
            elif mode == "budget":
                f = self._fund(row, cols)
                if f is not None:
                    funds.append(f)
                elif any(header_role(c.text) in ("expected", "achieved") for c in row):
                    self._goal_row(row, goal_exp, goal_act)
                    mode = "goal"
            elif mode == "goal":
                self._goal_row(row, goal_exp, goal_act)
            elif mode == "rows":
                level1, level2, pending_name = self._indicator(row, cols, level1, level2, pending_name)
        self._funds(funds)
        if goal_exp or goal_act:
            e, a = _span(goal_exp), _span(goal_act)
            self.table.goal = Goal(
                table=self.table.title,
                expected=self.text[e[0] : e[1]].strip() if e else "",
                actual=self.text[a[0] : a[1]].strip() if a else "",
                expected_span=e,
                actual_span=a,
            )
        if self.table.goal is not None:
            self.table.goal.table = self.table.project or self.table.title
        self._uncut_weights()
        self._fix_swapped_scores()
        self._backfill_levels()
        self.table.confidence = self.fit_share()  # combined with detection and arithmetic by the registry
        if self.table.kind == "project" and self.table.project:
            self.table.title = self.table.project
        elif self.table.kind == "overall" and self.table.department:
            self.table.title = f"{self.table.department}整体支出绩效自评表"
        return self.table

    @staticmethod
    def _headerless_row(row: Row) -> bool:
        """An indicator row before any header: it opens with a level label and holds a
        value (a number, a percent or a target)."""
        types = [cell_type(c.clean) for c in row if c.clean]
        return bool(types) and types[0] in _LABELS and any(t in ("number", "percent", "qty") for t in types)

    # ------------------------------------------------------------------ head and goal
    def _head(self, row: Row) -> None:
        cells = [c for c in row if c.clean]
        for c in cells:  # 项目名称:〈名〉 in one cell
            m = _GLUED_HEAD.match(c.clean)
            if m and getattr(self.table, _HEAD_ATTR[m.group(1)]) is None and m.group(2):
                setattr(self.table, _HEAD_ATTR[m.group(1)], m.group(2))
        for k, c in enumerate(cells[:-1]):
            key = c.clean
            for attr, pat in HEAD_LABELS.items():
                if pat.match(key) and getattr(self.table, attr) is None:
                    nxt = cells[k + 1]
                    if header_role(nxt.text) is None and not any(
                        p.match(nxt.clean) for p in HEAD_LABELS.values()
                    ):
                        setattr(self.table, attr, nxt.clean)
        wait = self._label_wait
        if (
            wait is not None
            and len(cells) == 1
            and getattr(self.table, wait) is None
            and header_role(cells[0].text) is None
        ):
            setattr(self.table, wait, cells[0].clean)
        self._label_wait = next(
            (a for a, p in HEAD_LABELS.items() if len(cells) == 1 and p.match(cells[0].clean)), None
        )  # alternating lines: label on one line, its value on the next

    def _goal_row(self, row: Row, exp: list[Cell], act: list[Cell]) -> None:
        content = [
            c
            for c in row
            if c.clean and header_role(c.text) not in ("expected", "achieved") and cell_type(c.clean) != "na"
        ]
        # Goal texts are sentences: pieces a glued-line splitter cut apart with nothing
        # between them are one cell again.
        merged: list[Cell] = []
        for c in content:
            if merged and merged[-1].end == c.start:
                merged[-1] = Cell(self.text[merged[-1].start : c.end], merged[-1].start, c.end)
            else:
                merged.append(c)
        content = merged
        if len(content) >= 2:
            exp.append(content[0])
            act.extend(content[1:])
        elif content:
            (act if exp else exp).append(content[0])  # alternating lines: goal, then result

    # ------------------------------------------------------------------ indicators
    @staticmethod
    def _columns(row: Row, roles: list[str | None]) -> list[str]:
        return indicator_columns(row, roles)

    def _indicator(
        self, row: Row, cols: list[str], level1: str | None, level2: str | None, pending: list[Cell]
    ) -> tuple[str | None, str | None, list[Cell]]:
        cells = _trim(row)
        if cells and not cells[0].clean and len(cells) > len(cols):
            cells = cells[1:]  # a leading pipe's empty cell
        if isinstance(row, Readings) and row.others:
            plain = cells
            cells = self._best_reading(cells, [_trim(o) for o in row.others], cols)
            if cells is not plain:
                whole = _cut_figure(plain, cells)
                if whole is not None:
                    self._cut_pairs[len(self.table.rows)] = whole
        cells = self._carry_over(cells, cols)
        assign = self._assign(cells, cols)
        cells, assign = self._wrapped_name(cells, assign, cols)
        by: dict[str, list[Cell]] = {}
        for c, j in zip(cells, assign, strict=True):
            if j is not None:
                by.setdefault(cols[j], []).append(c)
            if c.clean:
                self.cells_total += 1
                self.cells_fit += j is not None and fit(cols[j], cell_type(c.clean), c.clean) > 0
        first = lambda role: next((c for c in by.get(role, ()) if c.clean), None)  # noqa: E731
        w, sc = first("weight"), first("score")
        tgt = [c for c in by.get("target", []) if c.clean]
        act = [c for c in by.get("actual", []) if c.clean]
        l1, l2 = first("level1"), first("level2")
        name_cells = [c for c in by.get("name", []) if c.clean]
        if l1 is not None:
            level1, level2 = l1.clean, None
            self.printed_l1[len(self.table.rows)] = level1
        if l2 is not None:
            level2 = l2.clean
        has_value = w is not None or sc is not None or bool(tgt) or bool(act)
        # A level label and a name on one line with nothing else: a row left blank (a
        # template, an indicator not yet evaluated), not a name wrapped before its values.
        blank_row = bool(name_cells) and (l1 is not None or l2 is not None) and not pending
        if not has_value and not blank_row:
            # A line of labels or a name wrapped before its values: keep the text for the next row.
            if name_cells:
                pending = pending + name_cells
            elif l2 is None and l1 is None:
                words = [c for c in cells if c.clean]
                if len(words) == 1 and cell_type(words[0].clean) in _LABELS:
                    label = words[0].clean
                    if level1_category(label) is not None and level2_category(label) is None:
                        level1, level2 = label, None
                    else:
                        level2 = label
            return level1, level2, pending
        if not name_cells and l2 is not None and first("level2") and not _is_level_label(l2.clean):
            name_cells, level2 = [l2], None  # the name shifted into the level-2 column
        if not name_cells and not pending and not tgt and not act and (l1 is not None or l2 is not None):
            return level1, level2, []  # a level's subtotal (产出指标 | 50 | 48): no indicator of its own
        name_cells = pending + name_cells
        nature = [c for c in by.get("nature", []) if c.clean and cell_type(c.clean) == "op"]
        unit = first("unit")
        target = _quantity(
            self.text,
            nature + tgt + ([unit] if unit and tgt and cell_type(tgt[-1].clean) in ("number",) else []),
        )
        actual = _quantity(self.text, act, unit)
        if (
            actual.unit is None
            and actual.value is not None
            and target.unit is not None
            and len(act) == 1
            and cell_type(act[0].clean) == "number"
            and target.op != "qualitative"
        ):
            actual.unit = target.unit  # a bare actual is counted in its target's unit (≥5次 | 6)
        if (
            target.raw
            and target.unit == "%"
            and target.value is not None
            and target.value > 100
            and not _LEADING_TWO_ZERO.match(target.raw)
        ):
            # ≥95% read by OCR as 295%: the row's other percent tells (fields.leading_two_as_ge)
            fixed = leading_two_as_ge(target.raw, [actual.raw], target.start)
            if fixed is not None:
                fixed.text = target.text
                target = fixed
        note = [c for c in by.get("note", []) if c.clean and cell_type(c.clean) != "na"]
        name = "".join(c.clean for c in name_cells)
        r = IndicatorRow(
            level1=level1,
            level2=level2,
            name=name,
            target=target,
            actual=actual,
            weight=_number(w),
            score=_number(sc),
            weight_span=(w.start, w.end) if w else None,
            score_span=(sc.start, sc.end) if sc else None,
            name_span=_span(name_cells),
            note="".join(c.clean for c in note),
            note_span=_span(note),
        )
        span = _span([c for c in [*name_cells, *cells] if c.clean])
        if span:
            r.start, r.end = span
        if w is not None and r.weight is None:
            r.weight_span = (w.start, w.end)
        self.table.rows.append(r)
        return level1, level2, []

    def _best_reading(self, cells: list[Cell], others: list[list[Cell]], cols: list[str]) -> list[Cell]:
        """Of the ways to cut a glued row, the one whose cells fit the columns best and
        whose score is at most its weight; the plain reading unless another does better."""

        def merit(cand: list[Cell]) -> float:
            lead = _leading_numbers(cand)
            carried = cand[:lead] if lead == 2 and self._can_carry(cols) else []
            rest = cand[len(carried) :]
            assign, score = align_scored(rest, cols)
            got = {cols[j]: c for c, j in zip(rest, assign, strict=True) if j is not None}
            for w, sc in (
                (_number(got.get("weight")), _number(got.get("score"))),
                (_number(carried[0]), _number(carried[1])) if carried else (None, None),
            ):
                if w is not None and sc is not None:
                    score += (2.0 if sc <= w else -4.0) + (4.0 if got is not None and carried else 0.0)
            return score - 2.0 * max(0, len(cand) - len(cells))  # each further cut must pay

        best, best_merit = cells, merit(cells)
        for cand in others:
            m = merit(cand)
            if m > best_merit + 0.5:  # another cut must clearly do better
                best, best_merit = cand, m
        return best

    def _assign(self, cells: list[Cell], cols: list[str]) -> list[int | None]:
        """Each indicator cell's column: the order-keeping alignment by cell type (a reader
        over a file's known grid places cells by position instead, extract/filetables.py)."""
        return align(cells, cols)

    def _carry_over(self, cells: list[Cell], cols: list[str]) -> list[Cell]:
        """OCR reading order puts a row's weight and score at the start of the next row's
        line (``W S 〈下一指标名〉 …``): leading numbers before the name go back to the
        previous row when it has neither, and the header puts weight and score after
        the name."""
        lead = _leading_numbers(cells)
        if not lead or lead > 2 or not self._can_carry(cols):
            return cells
        if lead == 1 and (pair := _weight_score_run(cells[0])) is not None:
            cells = [*pair, *cells[1:]]  # 1313: weight 13 and score 13 run together
            lead = 2
        prev = self.table.rows[-1]
        if prev.weight is not None and (lead != 2 or prev.weight_span is None):
            return cells
        if prev.weight is not None and prev.weight_span is not None:
            # The previous row's lone figure read as its weight is its actual (≥2万件 | 2):
            # its weight and score are the two figures this line starts with.
            ws, we = prev.weight_span
            prev.actual = _quantity(self.text, [Cell(self.text[ws:we], ws, we)])
            if prev.actual.unit is None and prev.target.unit is not None:
                prev.actual.unit = prev.target.unit
            prev.weight = prev.weight_span = None
        value_cols = [r for r in cols if r in ("weight", "score")]
        for c, role in zip(cells[:lead], value_cols, strict=False):
            setattr(prev, role, _number(c))
            setattr(prev, f"{role}_span", (c.start, c.end))
            prev.end = max(prev.end, c.end)
        rest = cells[lead:]
        if (
            lead == 2
            and "note" in cols
            and cols.index("note") > cols.index("score")
            and len(rest) > 1
            and cell_type(rest[0].clean) == "text"
            and not prev.note
        ):
            # The previous row's note came along after its figures: a sentence (cut into
            # pieces at its figures by the glued-line splitter), before the next row's labels.
            last = None
            for k, c in enumerate(rest[:-1]):
                if cell_type(c.clean) in _LABELS:
                    break
                if _SENTENCE.search(c.clean):
                    last = k
            if last is not None:
                a, b = rest[0].start, rest[last].end
                prev.note, prev.note_span = squash_text(self.text[a:b]), (a, b)
                prev.end = max(prev.end, b)
                rest = rest[last + 1 :]
        return rest

    def _wrapped_name(
        self, cells: list[Cell], assign: list[int | None], cols: list[str]
    ) -> tuple[list[Cell], list[int | None]]:
        """A name wrapped with a space (``来电群 众满意度 ≥90% 95.27``) whose second half the
        alignment put under the target as a text while the figures after it are
        quantities: a target and its actual are of one kind, so the text is the name's."""
        if "name" not in cols or "target" not in cols:
            return cells, assign
        name_j, target_j = cols.index("name"), cols.index("target")
        at = [k for k, j in enumerate(assign) if j == target_j and cells[k].clean]
        names = [k for k, j in enumerate(assign) if j == name_j and cells[k].clean]
        if len(at) != 1 or not names or at[0] != names[-1] + 1:
            return cells, assign
        k = at[0]
        if (
            cell_type(cells[k].clean) != "text"
            or len(cells[k].clean) > 12
            or _SENTENCE.search(cells[k].clean)
        ):
            return cells, assign
        later = [cell_type(c.clean) for c in cells[k + 1 :] if c.clean]
        if not later or later[0] not in ("qty", "percent", "op"):
            return cells, assign
        a, b = cells[names[-1]], cells[k]
        merged = Cell(self.text[a.start : b.end], a.start, b.end)
        new = [*cells[: names[-1]], merged, *cells[k + 1 :]]
        return new, align(new, cols)

    def _uncut_weights(self) -> None:
        """Rows whose weight and score were cut out of one figure (``年度工作计划10``: 1 | 0
        or weight 10 with a blank score): uncut when then the weights add up to 100 (with
        the budget's weight or without) and cut they do not."""
        if not self._cut_pairs:
            return
        rows = self.table.rows
        cut = {
            k: c
            for k, c in self._cut_pairs.items()
            if k < len(rows)
            and rows[k].weight is not None
            and rows[k].weight_span is not None
            and rows[k].weight_span[0] == c.start
        }
        if not cut:
            return
        now = sum(r.weight for r in rows if r.weight is not None)
        alt = now + sum((_number(c) or 0.0) - (rows[k].weight or 0.0) for k, c in cut.items())
        bw = self.table.budget.weight if self.table.budget and self.table.budget.weight else 0.0

        def whole(x: float) -> bool:
            return abs(x - 100) < 0.01 or abs(x + bw - 100) < 0.01

        if whole(alt) and not whole(now):
            for k, c in cut.items():
                r = rows[k]
                r.weight, r.weight_span = _number(c), (c.start, c.end)
                r.score, r.score_span = None, None
                r.end = max(r.end, c.end)

    def _can_carry(self, cols: list[str]) -> bool:
        """The previous row lacks its weight and score, and the header puts them after the name."""
        if not self.table.rows or "name" not in cols:
            return False
        prev = self.table.rows[-1]
        value_cols = [i for i, r in enumerate(cols) if r in ("weight", "score")]
        if not value_cols or value_cols[0] <= cols.index("name") or prev.score is not None:
            return False
        # Neither figure, or a lone figure read as the weight where the actual is missing.
        return prev.weight is None or (not prev.actual.raw and prev.target.value is not None)

    def _fix_swapped_scores(self) -> None:
        """The header's 分值 and 得分 in the other order: every score above its weight, and
        none once swapped (score <= weight is the table's own arithmetic)."""
        pairs = [r for r in self.table.rows if r.weight is not None and r.score is not None]
        if len(pairs) < 2:
            return
        if all(r.score > r.weight for r in pairs if r.score != r.weight) and any(
            r.score > r.weight for r in pairs
        ):
            for r in self.table.rows:
                r.weight, r.score = r.score, r.weight
                r.weight_span, r.score_span = r.score_span, r.weight_span

    def _backfill_levels(self) -> None:
        rows = self.table.rows
        self._mid_span_labels()
        for attr in ("level1", "level2"):
            first = next((getattr(r, attr) for r in rows if getattr(r, attr)), None)
            for r in rows:
                if getattr(r, attr):
                    break
                setattr(r, attr, first)
        cache: dict[tuple[str | None, str | None], tuple[str | None, str | None]] = {}
        for r in rows:
            key = (r.level1, r.level2)
            if key not in cache:
                cache[key] = categorise(*key)
            r.category1, r.category2 = cache[key]

    def _mid_span_labels(self) -> None:
        """A merged level-1 cell printed on its group's middle row: the rows above it whose
        level-2 label belongs to that level 1 (and not to the one they carry) are its own."""
        rows = self.table.rows
        for k, label in sorted(self.printed_l1.items()):
            cat = level1_category(label)
            if cat is None:
                continue
            j = k - 1
            while j >= 0 and j not in self.printed_l1:
                c2 = level2_category(rows[j].level2)
                if c2 is None or c2[0] != cat or level1_category(rows[j].level1) == cat:
                    break
                rows[j].level1 = label
                j -= 1

    # ------------------------------------------------------------------ total
    def _total(self, row: Row) -> None:
        nums = [c for c in row if c.clean and not TOTAL_ROW.match(c.clean) and cell_type(c.clean) == "number"]
        if not nums:  # 总分 100 / 总分:92.5 in one cell
            c = next(c for c in row if c.clean)
            ms = list(_NUM_IN.finditer(self.text, c.start, c.end))
            if ms:
                m = ms[-1]
                self.table.declared_total = float(m.group())
                self.table.declared_total_span = (m.start(), m.end())
            return
        c = nums[-1]
        self.table.declared_total = _number(c)
        self.table.declared_total_span = (c.start, c.end)
        self._glued_total(c)

    def _glued_total(self, c: Cell) -> None:
        """``总分10098.87``: the full marks and the total run together. Of the ways to cut
        the digits, the tail that the rows' scores (and the budget's) add up to."""
        value = self.table.declared_total
        if value is None or value <= 100 or not c.clean.replace(".", "").isdigit():
            return
        if len(c.clean.split(".")[0]) <= 3:
            return  # 100.96: a total over 100 as printed, nothing glued
        scores = [r.score for r in self.table.rows if r.score is not None]
        total = sum(scores) + (self.table.budget.score or 0.0 if self.table.budget else 0.0)
        weights = [r.weight for r in self.table.rows if r.weight is not None]
        marks = {100.0, sum(weights) + (self.table.budget.weight or 0.0 if self.table.budget else 0.0)}
        fallback: int | None = None
        for cut in range(1, len(c.clean)):
            head, tail = c.clean[:cut], c.clean[cut:]
            if (tail[0] == "0" and not tail.startswith("0.")) or "." in head or tail[0] == ".":
                continue
            v = parse_number(tail)
            if v is None:
                continue
            if scores and abs(v - total) <= 0.05 * max(1.0, len(scores) ** 0.5):
                fallback = cut
                break
            if fallback is None and parse_number(head) in marks and v <= float(head):
                fallback = cut  # the full marks (the weights' sum, or 100) run into the total
        if fallback is not None:
            self.table.declared_total = parse_number(c.clean[fallback:])
            self.table.declared_total_span = (c.start + fallback, c.end)

    def fit_share(self) -> float | None:
        return self.cells_fit / self.cells_total if self.cells_total else None
