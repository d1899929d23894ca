"""The narrative reader's shared state: what the template pass (extract/narrative.py) and the
clause-grammar pass (extract/narrative_grammar.py) both work on.

The document context (:class:`_Ctx`: normalised text, clause and paragraph bounds, sections,
skip ranges), the figure and change-statement records while they are built (:class:`_Fig`,
:class:`_Stmt`, normalised spans), and where a reason opened by a cue ends
(:func:`_reason_end`). Its own module so that both passes import it and neither imports the
other back (the grammar pass used to reach into the template pass for these).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from extract.model import Change
from extract.normalize import NormText

# A number: thousands groups of exactly three digits, or plain digits; optional fraction.
_N = r"(?:\d{1,3}(?:[,，]\d{3})+(?!\d)|\d+)(?:\.\d+)?"
_C = r"[，,]"  # clause comma (both widths survive normalisation)
_COL = r"[：:]"

_SENT_END = re.compile(r"[。\n；;]")
# After ``；`` the next clause opens a new item when it carries an amount or a budget word.
# Or when it names an item (…费, …支出) and, after a comma, that item's budget, final or
# change (``；国内公务接待费，支出预算为X万元`` in a list of budget comparisons).
_NEW_ITEM = re.compile(
    rf"(?:其中{_COL}|[^，,。；;\n]{{0,40}}?(?:{_N}\s*(?:万元?|亿元)|预算数|决算数|比上年|较上年|差异率)"
    rf"|[^，,。；;\n\d]{{1,30}}?(?:费|经费|支出|收入){_C}\s*(?:支出|全年|年初|调整)?\s*(?:预算|决算|比上年|较上年|与上年|同比))"
)
# A statement opener inside a reason's candidate span ends the reason (``其中：`` only when an
# amount follows: ``人员经费增加，其中：工资调增`` is one reason).
_NEXT_STMT = re.compile(
    rf"{_C}(?=与(?:全年|年初)?预算相比|与上年度?相比|其中{_COL}[^，,。；;\n]{{0,40}}?{_N}万元)"
)
_HEADING_BODY = (
    r"[ \t\u3000]*(?:[-*•·][ \t]+)?(?:第[一二三四五六七八九十]+部分|(?P<l1>[一二三四五六七八九十]{1,3}、)"
    r"|[一二三四五六七八九十]{1,3}[.．]|[（(][一二三四五六七八九十]{1,3}[)）])[^\n]*$"
)
_HEADING_LINE = re.compile("^" + _HEADING_BODY, re.M)
_BOUND_CHARS = "。；;！？!?\n"
_BOUND = re.compile(f"[{_BOUND_CHARS}]")


@dataclass
class _Ctx:
    text: str
    norm: NormText
    nt: str
    bounds: list[int]  # normalised offsets where a clause may start (after 。；\n, heading ends)
    paras: list[int]  # normalised offsets where a paragraph starts
    sec_starts: list[int]  # normalised offsets of level-1 sections
    sec_titles: list[str]
    skip_starts: list[int]
    skip: list[tuple[int, int]]
    # The clause grammar's reading (extract/narrative_grammar.py), set by _analysis.
    grammar: Any = None

    def orig(self, i: int) -> int:
        return self.norm.orig(i)

    def span(self, s: int, e: int) -> tuple[int, int]:
        return self.norm.span(s, e)

    def clause_start(self, pos: int) -> int:
        i = bisect.bisect_right(self.bounds, pos) - 1
        return self.bounds[i] if i >= 0 else 0

    def para_start(self, pos: int) -> int:
        i = bisect.bisect_right(self.paras, pos) - 1
        return self.paras[i] if i >= 0 else 0

    def clause_end(self, pos: int) -> int:
        """End of the sentence holding ``pos`` (after its 。, before a newline)."""
        m = _BOUND.search(self.nt, pos)
        if not m:
            return len(self.nt)
        return m.end() if m.group() in "。！？!?" else m.start()

    def section_of(self, pos: int) -> int:
        """Index of the level-1 section holding normalised offset ``pos`` (-1: before any)."""
        return bisect.bisect_right(self.sec_starts, pos) - 1

    def section_title(self, pos: int) -> str | None:
        i = self.section_of(pos)
        return self.sec_titles[i] if i >= 0 else None

    def skipped(self, orig: int) -> bool:
        i = bisect.bisect_right(self.skip_starts, orig) - 1
        return i >= 0 and self.skip[i][0] <= orig < self.skip[i][1]


@dataclass
class _Fig:
    """A figure while being built: normalised spans, converted once at the end."""

    kind: str
    item: str
    v_span: tuple[int, int]
    sent: tuple[int, int]
    extra: dict[str, Any] = field(default_factory=dict)
    unit: str | None = "万元"
    value: float | None = None
    # Kept inside a skip range: prose that a narrative "table" (003-style indicator
    # paragraphs) encloses, never a cell of a real table.
    prose: bool = False


@dataclass
class _Stmt:
    kind: str  # yoy | flat | variance
    m: re.Match[str]
    open: int  # normalised start of the statement proper (比上年 / 与上年相比 / 全年预算数)
    subj: int  # normalised start of the clause (subject)
    item: str
    change: Change
    current: float | None = None
    current_span: tuple[int, int] | None = None
    current_from: str | None = None  # figure kind the current amount was taken from

    @property
    def start(self) -> int:
        return self.subj

    @property
    def end(self) -> int:
        return self.m.end()


def _reason_end(ctx: _Ctx, cue_end: int, stmt_starts: list[int]) -> int:
    """Normalised end of the reason opened by a cue ending at ``cue_end``."""
    nt = ctx.nt
    pos = cue_end
    # ``主要原因是：`` at a line end: the reason is on the next line (unless a heading follows).
    while pos < len(nt) and nt[pos] in " \n":
        pos += 1
    if pos > cue_end and "\n" in nt[cue_end:pos] and _HEADING_LINE.match(nt, pos):
        return cue_end
    end = len(nt)
    sentences = 0
    while True:
        m = _SENT_END.search(nt, pos)
        if not m:
            break
        ch = m.group()
        if ch == "。":
            end = m.end()
            sentences += 1
            if sentences < _MAX_SENTENCES and _continues(nt, end):
                pos = end
                continue
            break
        nxt = m.end()
        if ch == "\n":
            # A line break after ``；`` may be a wrap the normaliser kept; go on when the next
            # line neither starts a heading nor a new item.
            before = nt[m.start() - 1] if m.start() > 0 else ""
            if before in "；;" and not _HEADING_LINE.match(nt, nxt) and not _NEW_ITEM.match(nt, nxt):
                pos = nxt
                continue
            end = m.start()
            break
        if _NEW_ITEM.match(nt, nxt) or nxt >= len(nt) or nt[nxt] == "\n":
            end = m.start()
            break
        pos = nxt
    # The next change statement (or its 与…相比 / 其中 opener) ends the reason as well.
    i = bisect.bisect_right(stmt_starts, cue_end)
    if i < len(stmt_starts) and stmt_starts[i] < end:
        end = stmt_starts[i]
    m = _NEXT_STMT.search(nt, cue_end, end)
    if m:
        end = m.start()
    while end > cue_end and nt[end - 1] in "，, \n":
        end -= 1
    return end


# A further sentence of the same explanation (``单位A…。单位B…。`` in 汇总 reports): no
# amount, no budget words, no cue, no comparison opener, and it speaks of a change.
_NOT_CONT = re.compile(
    rf"{_N}万元|预算数|决算数|差异率|原因|^(?:其中|与[^，,。]{{0,8}}相比|[（(]?[一二三四五六七八九十\d]{{1,2}}[、.．)）])"
)
_CHANGE_WORD = re.compile(r"增|减|调|追加|压缩|节约|变动|变化|下降|上升|退休|无(?!法|论)")
_MAX_CONT = 150
_MAX_SENTENCES = 6


def _continues(nt: str, pos: int) -> bool:
    if pos >= len(nt) or nt[pos] in "\n":
        return False
    m = _SENT_END.search(nt, pos)
    stop = m.end() if m and m.group() == "。" else (m.start() if m else len(nt))
    sent = nt[pos:stop]
    if len(sent) > _MAX_CONT or not sent.endswith("。"):
        return False
    return not _NOT_CONT.search(sent) and bool(_CHANGE_WORD.search(sent))
