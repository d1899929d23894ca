"""Indicator "tables" written as paragraphs (narrative self-evaluations, seed 003 style).

Some reports describe every indicator in prose instead of a 绩效自评表::

    培训费下降率：该指标预期指标值为大于等于 5%，年中监控实际完成值为 0%，本次评价培训费
    下降率 5%，……该指标权重分值为 8 分，自评得分 8分。

or tersely: ``指标名称：义务教育巩固率，目标值不低于 95%，实际完成 96.5%，分值 10 分，得分 10 分``.

A row is anchored on its target phrase (预期指标值为 / 目标值为 / 年度指标值为 ...); the name is
the leading phrase before it, the actual, weight, score and deviation note are searched in
the text up to the next row or heading. Matching runs on the normalised text (wrapped lines
joined, spaces dropped); every span is mapped back so ``text[start:end]`` is the raw value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from extract.fields import parse_number, parse_quantity
from extract.model import FundRow, IndicatorRow, NumberCell, Quantity, Section, Table
from extract.normalize import NormText
from extract.segment import extract_sections

GENERIC_TITLE = "整体支出绩效自评（叙述）"

_CN = "一二三四五六七八九十"
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
# A value runs to the end of its clause (Chinese or ASCII comma, full stop, semicolon, line
# end, tab) or to the next phrase of the template.
_VALUE = r"(?P<q>[^，,。；;\r\n\t]{1,40}?)(?=[，,。；;\r\n\t]|年中|本次评价|实际完成|该指标|$)"

# Target phrase: the row anchor. ``实际完成指标值`` is a table header, never a target.
_TARGET_LABELS = (
    "预期指标值",
    "预期目标值",
    "年度指标值",
    "年度目标值",
    "指标目标值",
    "绩效目标值",
    "目标值",
    "预期值",
    "指标值",
)
# Each label is followed by its own look-behind (not preceded by 完成) instead of one
# look-behind in front of them all: a pattern opening with a look-behind is tried at every
# position of the text, one whose branches open with literals lets the engine skip ahead.
_TARGET = re.compile(
    r"(?P<lab>" + "|".join(f"{lab}(?<!完成{lab})" for lab in _TARGET_LABELS) + ")"
    r"(?:设定为|设置为|为|是|[:：])?" + _VALUE
)
# The actual value: the final evaluation (本次评价) wins over mid-year monitoring figures,
# which are therefore excluded from the generic phrases.
_ACTUAL_EVAL = re.compile(r"本次评价(?:结果)?")
_ACTUAL_GENERIC = re.compile(
    r"(?<!监控)(?<!年中)(?<!中期)(?:实际完成值|实际完成情况|实际完成|实际值|实际达到|实际为)(?!率)"
    r"|(?<!实际)(?<!监控)(?<!年中)(?:完成值|完成情况)"
)
_VALUE_AT = re.compile(r"(?:为|是|达到|[:：])?" + _VALUE)
_VALUE_LATER = re.compile(r"[^，,。；;\n]*?(?=[<>=≥≤]|大于|小于|不低于|不高于|不超过|\d)" + _VALUE)
_WEIGHT = re.compile(rf"(?:权重分值|权重分|指标权重|权重|分值|满分)(?:为|是|[:：])?(?P<n>{_NUM})分?")
_SCORE = re.compile(rf"(?:自评得分|评价得分|实际得分|得分)(?:为|是|[:：])?(?P<n>{_NUM})分")
_NOTE = re.compile(r"(?:偏差原因(?:分析)?|未完成原因|差异原因)(?:是|为|[:：])")
# Where a note stops: the row's weight/score phrase or the next 该指标 sentence.
_NOTE_STOP = re.compile(r"该指标|权重|分值|自评得分|得分")
_TRAIL = re.compile(r"[\s，,。；;：:]+$")

# A line that starts a heading (normalisation keeps the line break before headings).
_HEADING_BREAK = re.compile(
    rf"\n[ \t]*(?:第[{_CN}]+部分|[{_CN}]+[、.]|[（(][{_CN}\d]+[)）]|\d+[.、](?!\d)|指标[{_CN}\d]+[:：])"
)
_LEAD_MARK = re.compile(
    rf"^[\s\-#*]*(?:[（(][{_CN}\d]+[)）]|[{_CN}]+、|\d+[.、](?!\d))?\s*(?:指标[{_CN}\d]+[:：])?\s*"
)
_NAME_LABEL = re.compile(r"(?:三级)?指标名称[:：]\s*")
_NAME_CUT = re.compile(r"[，,；;：:]")
_NAME_TAIL = re.compile(r"(?:该指标|指标的|的|该)+$")
_NAME_HEAD = re.compile(r"^(?:该指标|其中|一是|二是|三是)")
_INDICATOR_HEADING = re.compile(rf"^指标[{_CN}\d]+$")

# Budget-execution sentence before the rows: 全年预算金额为 X 万元，执行金额为 Y 万元，执行率为 Z%，得 W 分.
_BUDGET_ADJ = re.compile(
    rf"(?:(?<!年初)(?:全年预算|调整后预算|预算))(?:金额|总金额|数|总额|资金)?(?:为|是|共计|[:：])?(?P<n>{_NUM})万?元"
)
_BUDGET_INIT = re.compile(rf"年初预算(?:金额|数|总额)?(?:为|是|[:：])?(?P<n>{_NUM})万?元")
_BUDGET_EXE = re.compile(
    rf"(?:执行金额|执行数|实际支出|实际执行|执行|支出)(?:金额|数|资金|总额)?(?:为|是|[:：])?(?P<n>{_NUM})万?元"
)
_BUDGET_RATE = re.compile(rf"执行率(?:为|是|达到|达|[:：])?(?P<n>{_NUM})%")
_BUDGET_SCORE = re.compile(rf"得(?:分)?(?:为|是|[:：])?(?P<n>{_NUM})分")
_BUDGET_WEIGHT = re.compile(rf"(?:权重分值|权重|分值)(?:为|是|[:：])?(?P<n>{_NUM})分")
_SENTENCE_END = re.compile(r"[。；;\n]")
_TOTAL = re.compile(
    rf"(?:综合得分|综合评分|总得分|自评总分|评价总分|最终得分|得分合计|总分)(?:为|是|[:：])?(?P<n>{_NUM})分"
)

_NAME_WINDOW = 80  # how far back from the target phrase the name may start
_ROW_WINDOW = 800  # how far after the target phrase a row's values may sit
_INTRO_WINDOW = 600  # budget sentence: at most this far before the first row
_TAIL_WINDOW = 1500  # declared total: at most this far after the last row


@dataclass
class _Row:
    row: IndicatorRow
    nstart: int  # normalised offsets of the row (name .. last value)
    nend: int


def find_narrative_tables(
    text: str, norm: NormText, sections: list[Section] | Callable[[], list[Section]] | None = None
) -> list[Table]:
    """Narrative indicator blocks of the document, one Table per enclosing section.

    ``sections`` (from :func:`extract.segment.extract_sections`, or a function giving them
    when needed: the document context's outline) is computed when not given.
    """
    nt = norm.text
    anchors = [m for m in _TARGET.finditer(nt) if m.group("q").strip()]
    if not anchors:
        return []
    rows: list[_Row] = []
    prev_end = 0
    for i, m in enumerate(anchors):
        nxt = anchors[i + 1].start() if i + 1 < len(anchors) else len(nt)
        r = _parse_row(text, norm, m, prev_end, nxt)
        if r is not None:
            rows.append(r)
            prev_end = r.nend
    if not rows:
        return []
    if callable(sections):
        sections = sections()
    return _group(
        text, norm, rows, extract_sections(text, folded=norm.folded) if sections is None else sections
    )


def _span_text(text: str, norm: NormText, s: int, e: int) -> tuple[str, int, int]:
    os_, oe = norm.span(s, e)
    return text[os_:oe], os_, oe


def _quantity(text: str, norm: NormText, s: int, e: int) -> Quantity:
    raw, os_, _ = _span_text(text, norm, s, e)
    return parse_quantity(raw, os_)


def _row_window_end(nt: str, target_end: int, next_anchor: int) -> int:
    end = min(next_anchor, target_end + _ROW_WINDOW, len(nt))
    h = _HEADING_BREAK.search(nt, target_end, end)
    return h.start() if h else end


def _find_name(nt: str, anchor_start: int, floor: int) -> tuple[int, int]:
    """Normalised span of the indicator name in the clause before the target phrase."""
    lo = max(floor, anchor_start - _NAME_WINDOW)
    seg_start = lo
    for ch in "\n。；;":
        k = nt.rfind(ch, lo, anchor_start)
        if k + 1 > seg_start:
            seg_start = k + 1
    prefix = nt[seg_start:anchor_start]
    lead = _LEAD_MARK.match(prefix)
    off = seg_start + (lead.end() if lead else 0)
    prefix = nt[off:anchor_start]
    label = _NAME_LABEL.search(prefix)
    if label:
        off += label.end()
        prefix = nt[off:anchor_start]
    cut = _NAME_CUT.search(prefix)
    name = prefix[: cut.start()] if cut else prefix
    name = _NAME_TAIL.sub("", name).strip()
    if _NAME_HEAD.match(name):
        name = ""
    if not name:
        return _name_from_heading(nt, seg_start, floor)
    return off, off + len(name)


def _name_from_heading(nt: str, seg_start: int, floor: int) -> tuple[int, int]:
    """Name printed in the row's heading line (``（一）指标一：培训费下降率``) above a body
    that only says ``该指标预期指标值为……``; an empty span when there is none."""
    hi = seg_start
    while hi > floor and nt[hi - 1] in " \t\r\n":
        hi -= 1
    lo = max(floor, nt.rfind("\n", floor, hi) + 1)
    line = nt[lo:hi]
    lead = _LEAD_MARK.match(line)
    off = lo + (lead.end() if lead else 0)
    name = _TRAIL.sub("", nt[off:hi])
    if not lead or not lead.group() or not name or len(name) > 40 or _SENTENCE_END.search(name):
        return seg_start, seg_start
    return off, off + len(name)


def _actual(nt: str, name: str, start: int, end: int) -> tuple[int, int] | None:
    """Normalised span of the actual value between ``start`` and ``end``."""
    m = _ACTUAL_EVAL.search(nt, start, end)
    if m:
        pos = m.end()
        if name and nt.startswith(name, pos):
            pos += len(name)
            v = _VALUE_AT.match(nt, pos, end)
        else:
            # The evaluated item is restated in other words: the value starts at the first
            # operator or digit of the clause.
            v = _VALUE_LATER.match(nt, pos, end)
        if v:
            return v.start("q"), v.end("q")
    m = _ACTUAL_GENERIC.search(nt, start, end)
    if m:
        v = _VALUE_AT.match(nt, m.end(), end)
        if v:
            return v.start("q"), v.end("q")
    return None


def _number_cell(text: str, norm: NormText, m: re.Match[str]) -> NumberCell:
    raw, os_, oe = _span_text(text, norm, m.start("n"), m.end("n"))
    return NumberCell(raw=raw, value=parse_number(raw), start=os_, end=oe)


def _parse_row(text: str, norm: NormText, m: re.Match[str], floor: int, next_anchor: int) -> _Row | None:
    nt = norm.text
    t_s, t_e = m.start("q"), m.end("q")
    win_end = _row_window_end(nt, t_e, next_anchor)
    weight_m = _WEIGHT.search(nt, t_e, win_end)
    score_m = _SCORE.search(nt, t_e, win_end)
    if weight_m is None and score_m is None:
        return None  # a target phrase in running text, not an indicator row
    n_s, n_e = _find_name(nt, m.start(), floor)
    name = nt[n_s:n_e]
    target = _quantity(text, norm, t_s, t_e)
    act = _actual(nt, name, t_e, win_end)
    actual = _quantity(text, norm, *act) if act else Quantity(raw="")

    weight = _number_cell(text, norm, weight_m) if weight_m else None
    score = _number_cell(text, norm, score_m) if score_m else None
    note, note_span, note_end = "", None, -1
    nm = _NOTE.search(nt, t_e, win_end)
    if nm:
        stop = _NOTE_STOP.search(nt, nm.end(), win_end)
        ne = stop.start() if stop else win_end
        ne = nm.start() + len(_TRAIL.sub("", nt[nm.start() : ne]))
        if ne > nm.end():
            note, os_, oe = _span_text(text, norm, nm.start(), ne)
            note_span, note_end = (os_, oe), ne

    ends = [t_e, note_end]
    for x in (weight_m, score_m):
        if x is not None:
            ends.append(x.end())
    if act:
        ends.append(act[1])
    row_ns = n_s if n_e > n_s else m.start()
    row_ne = score_m.end() if score_m else max(ends)
    os_, oe = norm.span(row_ns, row_ne)
    row = IndicatorRow(
        level1=None,
        level2=None,
        name=name,
        target=target,
        actual=actual,
        weight=weight.value if weight else None,
        score=score.value if score else None,
        note=note,
        start=os_,
        end=oe,
        weight_span=(weight.start, weight.end) if weight else None,
        score_span=(score.start, score.end) if score else None,
        note_span=note_span,
        name_span=norm.span(n_s, n_e) if n_e > n_s else None,
    )
    return _Row(row, row_ns, row_ne)


def _container(sections: list[Section], pos: int, name: str) -> Section | None:
    """Innermost section holding ``pos`` that is not the row's own 指标X heading."""
    best = None
    for s in sections:
        if s.start <= pos < s.end and s.level >= 0:
            if _INDICATOR_HEADING.match(s.title) or (name and s.title == name):
                continue
            if best is None or s.start >= best.start:
                best = s
    return best


def _group(text: str, norm: NormText, rows: list[_Row], sections: list[Section]) -> list[Table]:
    groups: list[tuple[Section | None, list[_Row]]] = []
    for r in rows:
        sec = _container(sections, r.row.start, r.row.name)
        if groups and groups[-1][0] is sec:
            groups[-1][1].append(r)
        else:
            groups.append((sec, [r]))
    tables = []
    for gi, (sec, grp) in enumerate(groups):
        nxt = groups[gi + 1][1][0].nstart if gi + 1 < len(groups) else len(norm.text)
        prev = groups[gi - 1][1][-1].nend if gi > 0 else 0
        tables.append(_table(text, norm, sec, grp, prev, nxt))
    return tables


def _budget(text: str, norm: NormText, lo: int, hi: int) -> FundRow | None:
    """The budget-execution sentence (with 执行率) in the text before the rows."""
    nt = norm.text
    for rm in _BUDGET_RATE.finditer(nt, lo, hi):
        s_end = _SENTENCE_END.search(nt, rm.end(), hi)
        s_hi = s_end.start() if s_end else hi
        s_lo = max((nt.rfind(c, lo, rm.start()) for c in "。；;\n"), default=-1) + 1
        s_lo = max(s_lo, lo)
        found: dict[str, NumberCell] = {"rate": _number_cell(text, norm, rm)}
        first = rm.start()
        for key, rx in (
            ("initial", _BUDGET_INIT),
            ("adjusted", _BUDGET_ADJ),
            ("executed", _BUDGET_EXE),
            ("weight", _BUDGET_WEIGHT),
            ("score", _BUDGET_SCORE),
        ):
            x = rx.search(nt, s_lo, s_hi)
            if x:
                found[key] = _number_cell(text, norm, x)
                first = min(first, x.start())
        if "adjusted" not in found and "executed" not in found:
            continue
        # The row runs from its first label: normalisation may have joined the section
        # heading onto the sentence, so the sentence start is not a safe boundary.
        os_, oe = norm.span(first, s_hi)
        return FundRow(
            name="全年预算",
            initial=found["initial"].value if "initial" in found else None,
            adjusted=found["adjusted"].value if "adjusted" in found else None,
            executed=found["executed"].value if "executed" in found else None,
            rate=found["rate"].value,
            weight=found["weight"].value if "weight" in found else None,
            score=found["score"].value if "score" in found else None,
            start=os_,
            end=oe,
            cells=found,
        )
    return None


def _table(text: str, norm: NormText, sec: Section | None, grp: list[_Row], prev: int, nxt: int) -> Table:
    nt = norm.text
    first, last = grp[0], grp[-1]
    intro_lo = max(prev, first.nstart - _INTRO_WINDOW)
    budget = _budget(text, norm, intro_lo, first.nstart)

    total, total_span = None, None
    tm = _TOTAL.search(nt, last.nend, min(nxt, last.nend + _TAIL_WINDOW))
    if tm is None:
        tm = _TOTAL.search(nt, intro_lo, first.nstart)
    if tm:
        cell = _number_cell(text, norm, tm)
        total, total_span = cell.value, (cell.start, cell.end)

    starts = [first.row.start] + ([budget.start] if budget else [])
    ends = [last.row.end] + ([budget.end] if budget else [])
    if total_span:
        starts.append(total_span[0])
        ends.append(total_span[1])
    start = min(starts)
    if sec is not None and start - _INTRO_WINDOW * 3 <= sec.start <= start:
        start = sec.start
    return Table(
        title=sec.title if sec else GENERIC_TITLE,
        kind="narrative",
        layout="narrative",
        start=start,
        end=max(ends),
        budget=budget,
        declared_total=total,
        declared_total_span=total_span,
        rows=[r.row for r in grp],
    )
