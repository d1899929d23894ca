"""Document header (title, department, year) and the heading outline.

Headings are read line by line from the original text (width-folded, which keeps
offsets), never from the normalised text: normalisation joins a heading that lacks
final punctuation onto the paragraph after it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from extract.model import Section
from extract.normalize import NormText, fold_width

_CN_NUM = "一二三四五六七八九十百零〇两"

# One heading line: optional indentation / list marker / markdown hashes, the number,
# then the rest of the line. Matched on width-folded text (same offsets as the original).
_HEADING_BODY = (
    r"[ \t\u3000]*(?:[-*•·][ \t]+|#{1,6}[ \t]*)?(?:\*\*)?"
    r"(?P<num>"
    rf"(?P<l0>第[{_CN_NUM}]+部分)"
    rf"|(?P<l1>[{_CN_NUM}]+)[、.]"
    rf"|[（(](?P<l2>[{_CN_NUM}]+)[)）]"
    r"|(?P<l3>\d{1,2})(?:[、]|\.(?!\d))"
    r"|[（(](?P<l4>\d{1,2})[)）]"
    r")[ \t\u3000]*(?P<rest>[^\n]*)$"
)
_HEADING = re.compile("^" + _HEADING_BODY, re.M)
# The same lines found from the newline before them: a pattern opening with ``^`` is tried
# at every position of the text, one opening with ``\n`` only at line breaks.
_HEADING_AFTER_NL = re.compile("\n" + _HEADING_BODY, re.M)


def _heading_matches(folded: str) -> Iterator[re.Match[str]]:
    """Every ``_HEADING.finditer(folded)`` match, in order (named groups as in _HEADING)."""
    m = _HEADING.match(folded)
    if m:
        yield m
    yield from _HEADING_AFTER_NL.finditer(folded)


_GROUP_LEVEL = {"l0": 0, "l1": 1, "l2": 2, "l3": 3, "l4": 4}
_LEVEL_GROUPS = tuple(_GROUP_LEVEL)


def _level_of(m: re.Match[str]) -> int:
    """Level of a heading match: its first level group that took part (one ``group`` call)."""
    for level, g in enumerate(m.group(*_LEVEL_GROUPS)):
        if g is not None:
            return level
    raise ValueError("a heading match has a level group")


_MAX_TITLE = 40  # a heading line without punctuation
_MAX_CUT_TITLE = 60  # the leading phrase of a run-in heading (``1. 一般公共服务支出(类)……(项):``)
# A heading's title ends at the first sentence punctuation (list items such as
# ``1. 一般公共服务支出(类)1,850.66万元,占87.11%。`` keep their leading phrase); a comma
# between digits is a thousands separator.
_TITLE_CUT = re.compile(r"[。；;：:！？!?]|[，,](?!\d)|(?<!\d)[，,]")
_INNER_SPACE = re.compile(r"[ \t\u3000]+")
_TOC = re.compile(r"^[ \t\u3000#*]*目[ \t\u3000]*录[ \t\u3000*\r]*$", re.M)
# Trailing dot leaders and page numbers of a table-of-contents line.
_TOC_TAIL = re.compile(r"[.…·．\s\d-]+$")

_WS = re.compile(r"\s+")
_YEAR = r"(?P<year>(?:19|20)\d{2})年度?"
_KIND = (
    r"(?:部门|单位)?(?:整体支出)?(?:绩效)?(?:决算公开说明|决算情况说明|决算说明|决算报告|决算公开"
    r"|自评报告|公开说明|决算)"
)
# Form 1: <department><year>年度<kind>; form 2: <year>年度<department><kind>.
_TITLE1 = re.compile(rf"(?P<dept>[^\d]{{2,80}}?){_YEAR}(?P<kind>[^\d]{{0,12}}?{_KIND})")
_TITLE2 = re.compile(rf"{_YEAR}(?P<dept>[^\d]{{2,80}}?)(?P<kind>{_KIND})")
_LEAD_JUNK = re.compile(r"^(?:附件[\d一二三四五六七八九十]*[:：]?)")
_YEAR_ANY = re.compile(r"((?:19|20)\d{2})\s*年\s*度")
_NAME_CELL = re.compile(r"部门[（(]单位[)）]名称[ \t:：]*([^\t\n]*)(?:\n\s*([^\t\n]+))?")
# Last resort for untitled reports: the body of the 机构设置/概况 section opens with the
# organisation's own name (``<机构名>是区人民政府工作部门``, ``<机构名>内设……``).
_ORG_SELF = re.compile(
    r"(?![我本该])(?P<org>[\u4e00-\u9fff（）()]{4,40}?"
    r"(?:局|委员会|委|办公室|中心|院|所|站|馆|队|厅|部|会|社|处|学校|医院|园|室|公司))"
    r"(?:是|为|系|内设|下设|共设|现有|实有|属于)"
)
_ORG_SECTION = re.compile(r"机构|概况|基本情况|单位简介")


_HEAD_LIMIT = 600


def _head_region(folded: str) -> str:
    """Text before the table of contents or the first heading (the cover/title lines)."""
    end = min(len(folded), _HEAD_LIMIT)
    m = _TOC.search(folded, 0, end)
    if m:
        end = m.start()
    m = _HEADING.search(folded, 0, end)
    if m:
        end = m.start()
    return folded[:end]


def extract_header(text: str, norm: NormText) -> tuple[str | None, str | None, int | None]:
    """Title, department and year of the report (title/department without spaces)."""
    # Only the head region (at most the first 600 characters) is read: fold just that.
    # fold_width maps one character to one, so a prefix of the folded text is the fold
    # of the prefix: the document is folded once (NormText.folded).
    whole = norm.folded if norm.folded is not None and len(norm.folded) == len(text) else None
    folded = whole[:_HEAD_LIMIT] if whole is not None else fold_width(text[:_HEAD_LIMIT])
    compact = _LEAD_JUNK.sub("", _WS.sub("", _head_region(folded)))
    for rx in (_TITLE1, _TITLE2):
        m = rx.search(compact)
        if m:
            dept = m.group("dept").strip("-—:：、，,")
            title = compact[m.start("dept") if rx is _TITLE1 else m.start() : m.end()]
            return title, dept or None, int(m.group("year"))
    return None, _fallback_department(text, norm.text, whole), _fallback_year(norm.text)


def _fallback_year(ntext: str) -> int | None:
    m = _YEAR_ANY.search(ntext)
    return int(m.group(1)) if m else None


def _fallback_department(text: str, ntext: str, folded: str | None = None) -> str | None:
    m = _NAME_CELL.search(ntext)
    if m:
        val = _WS.sub("", m.group(1) or "") or _WS.sub("", m.group(2) or "")
        if len(val) >= 2:
            return val
    head_folded = folded[:20000] if folded is not None else None
    for sec in extract_sections(text[:20000], folded=head_folded):
        if not _ORG_SECTION.search(sec.title):
            continue
        body_start = text.find("\n", sec.start, sec.end)
        if body_start == -1:
            continue
        body = _WS.sub("", fold_width(text[body_start : min(sec.end, body_start + 300)]))
        m = _ORG_SELF.match(body)
        if m:
            return m.group("org")
    return None


class _Head(NamedTuple):
    start: int
    level: int
    number: str
    title: str
    clean: bool  # the whole line is the title (no run-in sentence after it)


def _title_of(rest: str) -> tuple[str, bool] | None:
    """Heading title from the rest of the line (and whether the line holds nothing else),
    or None when the line is a paragraph or a table row."""
    rest = rest.strip().replace("**", "")
    if "\t" in rest:
        return None  # a table row
    cut = _TITLE_CUT.search(rest)
    title = rest[: cut.start()] if cut else rest
    title = title.strip()
    if len(title) > _MAX_TITLE:
        # Heading merged with its first sentence: ``八、……情况说明 我部门本年度……``.
        parts = _INNER_SPACE.split(title, maxsplit=1)
        if len(parts) == 2:
            title = parts[0]
        elif not cut:
            return None  # a long unpunctuated line: running text
        if len(title) > _MAX_CUT_TITLE:
            return None
        return title, False
    return title, cut is None


def _toc_range(folded: str, heads: list[_Head]) -> tuple[int, int] | None:
    """From ``目录`` to the second occurrence of the first heading after it."""
    m = _TOC.search(folded, 0, min(len(folded), 3000))
    if not m:
        return None
    after = [h for h in heads if h.start > m.start()]
    if not after:
        return None
    first = after[0]
    key = (first.level, _TOC_TAIL.sub("", first.title))
    for h in after[1:]:
        if (h.level, _TOC_TAIL.sub("", h.title)) == key:
            return m.start(), h.start
    return None


_CN_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")}
_CN_DIGIT.update({"〇": 0, "两": 2})


def _cn_to_int(s: str) -> int | None:
    """Chinese numeral up to 999 (一, 十二, 二十, 一百零三) to int."""
    total, cur = 0, 0
    for ch in s:
        if ch in _CN_DIGIT:
            cur = _CN_DIGIT[ch]
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
        else:
            return None
    return total + cur


_NUM_DIGITS = re.compile(r"\d+")
_NUM_CN = re.compile(rf"[{_CN_NUM}]+")


def _number_value(number: str) -> int | None:
    m = _NUM_DIGITS.search(number)
    if m:
        return int(m.group())
    m = _NUM_CN.search(number.replace("第", "").replace("部分", ""))
    return _cn_to_int(m.group()) if m else None


def _in_sequence(heads: list[_Head]) -> list[_Head]:
    """Drop run-in numbered lines that do not continue their siblings' numbering.

    Goal or duty lists spilled out of a table (``(五)受理和核实……；协调……`` with no
    (一)-(四) before it) look like headings; real ones start at 1 (or 2 when one was lost)
    and increase by small steps under the same parent. A line holding only a title is
    trusted whatever its number (a document may start at ``三、``).
    """
    kept = []
    last: dict[int, int] = {}  # level -> number of the last kept sibling
    for h in heads:
        num = _number_value(h.number)
        prev = last.get(h.level)
        if h.level > 0 and num is not None and not h.clean:
            ok = num <= 2 if prev is None else prev < num <= prev + 3
            if not ok:
                continue
        kept.append(h)
        if num is not None:
            last[h.level] = num
        for deeper in [lv for lv in last if lv > h.level]:
            del last[deeper]
    return kept


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(ranges):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def extract_sections(
    text: str, skip: Iterable[tuple[int, int]] = (), folded: str | None = None
) -> list[Section]:
    """Heading outline in document order; ``skip`` ranges (tables) hold no headings.

    Levels: 0 ``第一部分``, 1 ``一、``, 2 ``（一）``, 3 ``1.``/``1、``, 4 ``（1）``.
    ``folded``: ``fold_width(text)`` when the caller has it already (NormText.folded).
    """
    if folded is None:
        folded = fold_width(text)
    ranges = list(skip)
    # Lines inside the skipped ranges are dropped below; without a table of contents
    # (whose range is found from every heading) they are dropped before reading a title.
    early = _merge(ranges) if ranges and _TOC.search(folded, 0, min(len(folded), 3000)) is None else []
    early_starts = [r[0] for r in early]
    heads: list[_Head] = []
    for m in _heading_matches(folded):
        ns, ne = m.span("num")
        if early:
            i = bisect.bisect_right(early_starts, ns) - 1
            if i >= 0 and ns < early[i][1]:
                continue
        got = _title_of(m.group("rest"))
        if got is None:
            continue
        heads.append(_Head(ns, _level_of(m), text[ns:ne].rstrip("、.．"), got[0], got[1]))

    toc = _toc_range(folded, heads)
    if toc:
        ranges.append(toc)
    if ranges:
        merged = _merge(ranges)
        starts = [r[0] for r in merged]
        kept = []
        for h in heads:
            i = bisect.bisect_right(starts, h.start) - 1
            if i >= 0 and h.start < merged[i][1]:
                continue
            kept.append(h)
        heads = kept

    heads = _in_sequence(heads)
    # A heading closes every open section of its own or a deeper level.
    sections: list[Section] = []
    open_: list[Section] = []
    for h in heads:
        while open_ and open_[-1].level >= h.level:
            open_.pop().end = h.start
        sec = Section(title=h.title, level=h.level, number=h.number, start=h.start, end=len(text))
        sections.append(sec)
        open_.append(sec)
    return sections
