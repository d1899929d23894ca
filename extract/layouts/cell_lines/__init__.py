"""The ``cell_lines`` layout: one table cell per line, wrapped mid-word (seed 001).

See :mod:`.vocab` for how the parser reads such tables."""

from __future__ import annotations

from extract.model import Table

from ..base import Region
from .budget import BudgetMixin
from .rows import RowsMixin
from .vocab import (
    _BUDGET_ANCHOR,
    _BUDGET_HEAD,
    _GOAL_HEAD,
    _GOAL_LABEL,
    _IND_HEAD,
    _IND_HEAD_KW,
    _OVERALL_NAME,
    _OVERALL_NAME_END,
    _OVERALL_TITLE,
    _PROJECT_DEPT,
    _PROJECT_NAME,
    _TOTAL_ROW,
    _display,
    _Region,
)


class _Parser(BudgetMixin, RowsMixin):
    def __init__(self, text: str, start: int, end: int, kind: str, folded: str | None = None) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.kind = kind
        self.r = _Region(text, start, end, folded)
        self.toks = self.r.toks
        self.S = self.r.squashed
        self.groups: list[dict] = []
        self.note_width: float | None = None
        self.has_note = False
        # Width of the name column (set by _indicators when the table has a note column).
        self.name_width: float | None = None
        self.categories: dict[tuple[str | None, str | None], tuple[str | None, str | None]] = {}

    # ---------------------------------------------------------------- sections
    def run(self) -> Table:
        S = self.S
        title, project, department = self._names()
        table = Table(
            title=title,
            kind=self.kind,
            start=self.start,
            end=self.end,
            layout="cell_lines",
            project=project,
            department=department,
        )
        # Sections in template order: budget block, 年度总体目标, indicator block, 总分.
        gh = _GOAL_HEAD.search(S)
        ih = _IND_HEAD.search(S, gh.end() if gh else 0)
        bh = _BUDGET_ANCHOR.search(S, 0, gh.start() if gh else (ih.start() if ih else len(S)))
        if bh:
            hm = _BUDGET_HEAD.match(S, bh.start())
            head_start = S.rfind("资金来源", 0, bh.start() + 1)
            head_start = head_start if head_start != -1 and bh.start() - head_start <= 4 else bh.start()
            order = self._budget_order(S[head_start : hm.end()])
            stop = len(S)
            if gh:
                lab = _GOAL_LABEL.search(S, max(hm.end(), gh.start() - 8), gh.end())
                stop = lab.start() if lab else gh.start()
            elif ih:
                stop = ih.start()
            self._budget(table, self.r.first_tok_from(hm.end()), self.r.first_tok_from(stop), order)
        body_end_tok = len(self.toks)
        tot = None
        if ih:
            pos = ih.start()
            while m := _IND_HEAD_KW.match(S, pos):
                pos = m.end()
            cols, has_note = self._columns(S[ih.start() : pos])
            self.note_width = self._note_width(ih.start(), pos) if has_note else None
            # The last one: the caller's region ends with the 总分 row.
            tots = list(_TOTAL_ROW.finditer(S, pos))
            tot = tots[-1] if tots else None
            body_end_tok = self.r.first_tok_from(tot.start()) if tot else len(self.toks)
            self.has_note = has_note
            self._indicators(table, self.r.first_tok_from(pos), body_end_tok, cols, has_note)
        if gh:
            g_end = self.r.first_tok_from(ih.start()) if ih else body_end_tok
            table.goal = self._goal(title, self.r.first_tok_from(gh.end()), g_end)
        if tot:
            self._total(table, self.r.span(tot.start(), tot.end())[1])
        return table

    def _names(self) -> tuple[str, str | None, str | None]:
        S = self.S
        project = department = None
        if self.kind == "overall":
            m = _OVERALL_NAME.search(S)
            if m:
                e = _OVERALL_NAME_END.search(S, m.end())
                if e and e.start() > m.end():
                    department = self._text_of(m.end(), e.start()) or None
            return department or _OVERALL_TITLE, None, department
        m = _PROJECT_NAME.search(S)
        if m:
            project = self._text_of(m.start(1), m.end(1)) or None
        m = _PROJECT_DEPT.search(S)
        if m:
            department = self._text_of(m.start(1), m.end(1)) or None
        return project or "项目支出绩效自评表", project, department

    def _text_of(self, ps: int, pe: int) -> str:
        s, e = self.r.span(ps, pe)
        return _display(self.text[s:e])


def parse_lines_table(text: str, start: int, end: int, kind: str, folded: str | None = None) -> Table:
    """Parse the table in ``text[start:end]`` (title line to the 总分 row).

    ``kind`` is ``project`` or ``overall``. All offsets in the result index ``text``.
    ``folded``: ``fold_width(text)`` when the caller has it (NormText.folded).
    """
    return _Parser(text, start, end, kind, folded).run()


def detect(region: Region) -> float:
    """One cell per line: most non-blank lines are short (a cell or a fragment of one),
    often with blank lines between them. The fallback reader of the original converters,
    so it never scores high."""
    lines = region.nonblank
    if not lines:
        return 0.0
    short = sum(len(ln.strip()) <= 24 and "|" not in ln and "\t" not in ln for ln in lines)
    return short / len(lines) * (0.3 + 0.3 * region.blank_share)


def parse(region: Region) -> Table:
    """The seed parser; where it reads no indicator row, the generic reader over one cell
    per line (rows from the header widths), when that reads more."""
    table = parse_lines_table(region.text, region.start, region.end, region.kind, region.folded)
    if table.rows:
        return table
    from ..base import _lines, cell_at
    from ..grid import Reader
    from ..rows import chunk_stream

    t = region.text
    stream = [cell_at(t, s, e) for s, e in _lines(t, region.start, region.end) if t[s:e].strip()]
    generic = Reader(region, chunk_stream(stream), "cell_lines").read()
    if generic.rows or (generic.budget is not None and table.budget is None):
        return generic
    return table
