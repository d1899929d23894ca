"""Finding tables that carry no title the legacy finder knows, by header vocabulary.

A table starts where its header words are dense: within a few lines, the names of an
indicator header (一级/二级/三级指标 with 指标值/完成值/分值/得分 ...) or of a budget
header (预算数/执行数/执行率 ...). It reaches back over its title and head lines
(项目名称, 主管部门) and forward while lines look like table lines (delimited cells, short
cells, rows of values), ending at its 总分 row, a heading, prose, or the next table's title.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from ..framework import LEVEL1, LEVEL2
from .base import Region, line_index, squash
from .headers import BUDGET_ROLES, EXACT_HEADERS, TOTAL_ROW, roles_in

# Lines that may hold header words (a cheap test before the synonym scan).
_HEADERISH = re.compile(r"指标|预算|执行|得分|分值|权重|完成值|目标值|完成情况|预期目标")
_TITLE = re.compile(r"(?:绩效(?:目标)?自评表|绩效目标表|绩效自评结果表|绩效评价表)[\s（(）)\d年度]*$")
_HEADING = re.compile(
    r"^[ \t]*(?:[一二三四五六七八九十]{1,3}[、.]|第[一二三四五六七八九十]+部分|[（(][一二三四五六七八九十]{1,3}[)）])"
)
_DELIM = re.compile(r"[|｜\t]|\S[ \u3000]{2,}\S")
_NEXT_HEAD = re.compile(r"^[|｜]?(?:项目名称|部门[（(]单位[)）]名称|部门名称|单位名称)")
# A line opening with a framework label (after a pipe or spaces) and holding a figure.
_ROW_LINE = re.compile(
    r"^[\s|｜]*(?:"
    + "|".join(
        sorted((re.escape(k) for k in {*LEVEL1, *LEVEL2} if k.endswith("指标")), key=len, reverse=True)
    )
    + r")[^\n]*\d"
)
_ATTACHMENT = re.compile(r"^(?:附件|附表)[\d一二三四五六七八九十]*[:：.、]?")
_CELL_SPLIT = re.compile(r"[|｜\s]+")
_SENTENCE = re.compile(r"[。，,；;]")
_WINDOW = 12  # non-blank lines a header may be spread over (one cell per line)
_LOOKBACK = 24
_MAX_LINES = 1500
_OPENS_INDICATOR = frozenset({"level1", "level2", "name"})
_INDICATOR_VALUES = frozenset({"target", "actual", "weight", "score"})


def _prose(line: str) -> bool:
    """A sentence, not a cell: no cell delimiters, and long with punctuation or ending a
    sentence (见下表。). Trailing empty cells (a spreadsheet row's padding) are no delimiters."""
    line = line.rstrip(" \t|｜")
    if _DELIM.search(line) is not None:
        return False
    s = squash(line)
    return (len(s) > 60 and ("。" in s or "，" in s or "," in s)) or (
        len(s) >= 16 and s.endswith(("。", ":", "："))
    )


class _Doc:
    """The document's lines, looked at lazily: only lines near header words are sliced and
    scanned (finding runs over whole reports, most of them prose)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.idx = line_index(text)
        self.n = len(self.idx)
        self._roles: dict[int, set[str]] = {}

    def line(self, i: int) -> str:
        return self.text[self.idx.starts[i] : self.idx.ends[i]]

    def roles(self, i: int) -> set[str]:
        r = self._roles.get(i)
        if r is None:
            ln = self.line(i)
            r = (
                roles_in(ln)
                if (
                    len(ln) <= 300
                    and _HEADERISH.search(ln)
                    and not _SENTENCE.search(ln)
                    and not (_HEADING.match(ln) and _DELIM.search(ln) is None)
                )
                else set()
            )
            if r and len(squash(ln)) > 12 * len(r) + 12:
                r = set()  # a line of text that mentions a header word, not a header
            if r:  # whole-cell headers (指标, 名称) count only as cells of their own
                r |= {role for tok in _CELL_SPLIT.split(ln) if (role := EXACT_HEADERS.get(tok))}
            self._roles[i] = r
        return r

    def forward(self, i: int, limit: int) -> Iterator[int]:
        """Non-blank line indices after ``i`` (at most ``limit`` of them)."""
        j, seen = i + 1, 0
        while j < self.n and seen < limit:
            if self.line(j).strip():
                seen += 1
                yield j
            j += 1

    def backward(self, i: int, limit: int) -> Iterator[int]:
        j, seen = i - 1, 0
        while j >= 0 and seen < limit:
            if self.line(j).strip():
                seen += 1
                yield j
            j -= 1

    def blank_share(self, k: int, span: int) -> float:
        """Share of blank lines among the ``span`` lines after ``k``."""
        stop = min(self.n, k + 1 + span)
        if stop <= k + 1:
            return 0.0
        return sum(not self.line(j).strip() for j in range(k + 1, stop)) / (stop - k - 1)

    def rows_at(self, k: int) -> str | None:
        """``rows`` when the lines from ``k`` are indicator rows with no header above them
        (an excerpt starting mid-table): three of six lines or more open with a level label
        and hold a figure, and none is a sentence."""
        hits = 0
        # Lazily: most candidate lines are sentences, and the first one decides (no slicing
        # of the five lines below).
        for j in self._and_forward(k, 5):
            ln = self.line(j)
            if _SENTENCE.search(ln):
                return None
            hits += bool(_ROW_LINE.match(ln))
        return "rows" if hits >= 3 else None

    def _and_forward(self, k: int, limit: int) -> Iterator[int]:
        yield k
        yield from self.forward(k, limit)

    def header_at(self, k: int) -> str | None:
        """``indicator`` or ``budget`` when the header lines from ``k`` name a table header."""
        seen = set(self.roles(k))
        for j in [k, *self.forward(k, _WINDOW - 1)]:
            seen |= self.roles(j)
            levels = seen & {"name", "level1", "level2"}
            if levels and (len(seen & _INDICATOR_VALUES) >= 2 or (len(levels) >= 2 and "target" in seen)):
                return "indicator"  # a goal table (绩效目标表) has levels and targets only
            if len(seen & BUDGET_ROLES) >= 3 or (
                {"executed", "rate"} <= seen and seen & {"adjusted", "initial"}
            ):
                return "budget"
        return None


def find_generic(text: str, taken: list[tuple[int, int]], folded: str | None = None) -> list[Region]:
    """Regions of tables outside ``taken`` (spans the legacy finder already holds)."""
    taken = sorted(taken)
    doc: _Doc | None = None
    out: list[Region] = []
    resume = 0
    q = 0  # where the next search starts (``finditer``'s position, or a line start ahead)
    while True:
        if resume > q:
            # Jump to the line holding ``resume`` (no match spans a newline, so the matches
            # from a line start are those finditer would yield) instead of visiting every
            # match inside a table.
            q = max(q, text.rfind("\n", 0, resume) + 1)
        m = _HEADERISH.search(text, q)
        if m is None:
            break
        q = m.end()
        pos = m.start()
        if pos < resume:
            continue
        span_end = _end_of(pos, taken)
        if span_end is not None:
            resume = span_end  # every later match before it is inside the same span
            continue
        # A sentence (most lines with a header word are prose) is neither a header nor a
        # row (``roles`` and ``rows_at`` both reject it): skip its line without indexing.
        eol = text.find("\n", pos)
        eol = len(text) if eol == -1 else eol
        if _SENTENCE.search(text, text.rfind("\n", 0, pos) + 1, eol):
            resume = eol + 1
            continue
        if doc is None:
            doc = _Doc(text)
        k = bisect.bisect_right(doc.idx.starts, m.start()) - 1
        resume = doc.idx.ends[k] + 1  # one look per line
        kind = doc.header_at(k) if doc.roles(k) else None
        if kind is None:
            kind = doc.rows_at(k)
        if kind is None:
            continue
        first = _start(doc, k, taken)
        last = _end(doc, k, kind)
        start, end = doc.idx.starts[first], doc.idx.ends[last]
        resume = end
        if any(s < end and start < e for s, e in taken):
            continue
        out.append(_region(text, doc.line(first), start, end, folded))
        taken = sorted([*taken, (start, end)])
    return out


def _end_of(pos: int, spans: list[tuple[int, int]]) -> int | None:
    """Where the matches inside the span of ``spans`` (sorted) holding ``pos`` end, if
    one holds it: that span's end (the next position when another span starts inside)."""
    i = bisect.bisect_right(spans, (pos, 1 << 62)) - 1
    if i >= 0 and spans[i][0] <= pos < spans[i][1]:
        end = spans[i][1]
        # A span starting inside this one (overlapping spans) would decide later positions.
        return end if i + 1 == len(spans) or spans[i + 1][0] >= end else pos + 1
    return None


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(spans, (pos, 1 << 62)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _start(doc: _Doc, k: int, taken: list[tuple[int, int]]) -> int:
    """The table's first line: its title when one sits within the lookback, else the
    first of the table-like lines above the header (not reaching into another table)."""
    first = k
    for j in doc.backward(k, _LOOKBACK):
        if _inside(doc.idx.starts[j], taken):
            break
        ln = doc.line(j)
        if _TITLE.search(squash(ln)):
            return j
        if _prose(ln) or (_HEADING.match(ln) and _DELIM.search(ln) is None) or TOTAL_ROW.match(squash(ln)):
            break
        first = j
    return first


def _end(doc: _Doc, k: int, kind: str) -> int:
    """The table's last line: its 总分 row, or the last table-like line before prose, a
    heading or the next table's title. Between a budget header and the indicator header
    the goal cells may be paragraphs of prose."""
    last = k
    prose = 0
    prev_prose = -2
    in_goal = kind == "budget"
    rows_seen = kind in ("indicator", "rows")
    # One cell per paragraph: a long cell wraps over adjacent lines; count paragraphs.
    spaced = doc.blank_share(k, 24) >= 0.4
    for n, j in enumerate(doc.forward(k, _MAX_LINES)):
        ln = doc.line(j)
        s = squash(ln)
        if _TITLE.search(s) and n > 1:
            break
        # The total row: a cell 总分 first on the line (after a leading pipe).
        if TOTAL_ROW.match(s.lstrip("|｜")):
            last = j
            for j2 in doc.forward(j, 12):  # its cells on the next lines: 总分 \n | \n 100 \n 92
                if re.fullmatch(r"[|｜\d.\s分]*", doc.line(j2)):
                    last = j2
                else:
                    break
            return last
        if _HEADING.match(ln) and _DELIM.search(ln) is None and len(s) > 4:
            break
        own = doc.roles(j)
        if own & _OPENS_INDICATOR or own & BUDGET_ROLES:
            # (the line itself must name a column: header_at looks a dozen lines ahead)
            head = doc.header_at(j)
            if head == "indicator" and own & _OPENS_INDICATOR:
                in_goal = False
                rows_seen = True
            elif head == "budget" and own & BUDGET_ROLES and rows_seen and n > 1:
                break  # the next table's budget block
        if rows_seen and n > 1 and _NEXT_HEAD.match(s):
            break  # the next table's head (项目名称)
        if _prose(ln):
            if not (spaced and j == prev_prose + 1):
                prose += 1
            prev_prose = j
            if prose >= (12 if in_goal else 2):
                break
            continue
        prose = 0
        last = j
    return last


def _region(text: str, first_line: str, start: int, end: int, folded: str | None) -> Region:
    head = squash(first_line)
    title = head if _TITLE.search(head) else ""
    title = _ATTACHMENT.sub("", title.strip("|｜#*>")) or "项目支出绩效自评表"
    body = squash(text[start : min(end, start + 600)])
    kind = (
        "overall"
        if "整体" in title
        or (
            (
                "部门名称" in body
                or "单位名称" in body
                or "部门(单位)名称" in body
                or "部门（单位）名称" in body
            )
            and "项目名称" not in body
        )
        else "project"
    )
    return Region(text, start, end, title, kind, folded)
