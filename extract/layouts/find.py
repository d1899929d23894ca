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

from .base import Region, _LineIndex, squash
from .headers import BUDGET_ROLES, TOTAL_ROW, roles_in

# Lines that may hold header words (a cheap test before the synonym scan).
_HEADERISH = re.compile(r"指标|预算|执行|得分|分值|权重|完成值|目标值|完成情况|预期目标")
_TITLE = re.compile(r"(?:绩效(?:目标)?自评表|绩效目标表|绩效自评结果表|绩效评价表)[\s（(）)\d年度]*$")
_HEADING = re.compile(r"^[ \t]*(?:[一二三四五六七八九十]{1,3}[、.]|第[一二三四五六七八九十]+部分|[（(][一二三四五六七八九十]{1,3}[)）])")
_DELIM = re.compile(r"[|｜\t]|\S[ \u3000]{2,}\S")
_VALUE = re.compile(r"\d")
_WINDOW = 12  # non-blank lines a header may be spread over (one cell per line)
_LOOKBACK = 24
_MAX_LINES = 1500
_INDICATOR_VALUES = frozenset({"target", "actual", "weight", "score"})


def _header_at(roles: list[set[str]], k: int) -> str | None:
    """``indicator`` or ``budget`` when the window of header lines from ``k`` names a table
    header, else None."""
    seen: set[str] = set()
    for r in roles[k:k + _WINDOW]:
        seen |= r
        levels = seen & {"name", "level1", "level2"}
        if levels and (len(seen & _INDICATOR_VALUES) >= 2 or (len(levels) >= 2 and "target" in seen)):
            return "indicator"  # a goal table (绩效目标表) has levels and targets only
        if len(seen & BUDGET_ROLES) >= 3 or ({"executed", "rate"} <= seen and seen & {"adjusted", "initial"}):
            return "budget"
    return None


def _prose(line: str) -> bool:
    """A sentence, not a cell: no cell delimiters, and long with punctuation or ending a
    sentence (见下表。)."""
    if _DELIM.search(line) is not None:
        return False
    s = squash(line)
    return (len(s) > 60 and ("。" in s or "，" in s or "," in s)) or (len(s) >= 16 and s.endswith(("。", ":", "：")))


def find_generic(text: str, taken: list[tuple[int, int]], folded: str | None = None) -> list[Region]:
    """Regions of tables outside ``taken`` (spans the legacy finder already holds)."""
    if not _HEADERISH.search(text):
        return []
    idx = _LineIndex(text)
    n = len(idx)
    # Non-blank lines only, with their header roles (lines without header words: none).
    body = [i for i in range(n) if idx.ends[i] > idx.starts[i] and not text[idx.starts[i]:idx.ends[i]].isspace()]
    lines = [text[idx.starts[i]:idx.ends[i]] for i in body]
    roles = [roles_in(ln) if len(ln) <= 300 and _HEADERISH.search(ln) else set() for ln in lines]
    taken = sorted(taken)
    out: list[Region] = []
    k = 0
    while k < len(lines):
        if not roles[k] or _inside(idx.starts[body[k]], taken):
            k += 1
            continue
        kind = _header_at(roles, k)
        if kind is None:
            k += 1
            continue
        first = _start(lines, roles, k)
        last = _end(lines, roles, k, kind)
        start, end = idx.starts[body[first]], idx.ends[body[last]]
        if any(s < end and start < e for s, e in taken):
            k = last + 1
            continue
        out.append(_region(text, lines, first, start, end, folded))
        taken = sorted([*taken, (start, end)])
        k = last + 1
    return out


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(spans, (pos, 1 << 62)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _start(lines: list[str], roles: list[set[str]], k: int) -> int:
    """The table's first line: its title when one sits within the lookback, else the
    first of the table-like lines above the header."""
    first = k
    for j in range(k - 1, max(-1, k - _LOOKBACK), -1):
        ln = lines[j]
        if _TITLE.search(squash(ln)):
            return j
        if _prose(ln) or (_HEADING.match(ln) and _DELIM.search(ln) is None) or TOTAL_ROW.match(squash(ln)):
            break
        first = j
    return first


def _end(lines: list[str], roles: list[set[str]], k: int, kind: str) -> int:
    """The table's last line: its 总分 row, or the last table-like line before prose, a
    heading or the next table's title. Between a budget header and the indicator header
    the goal cells may be paragraphs of prose."""
    last = k
    prose = 0
    in_goal = kind == "budget"
    for j in range(k + 1, min(len(lines), k + _MAX_LINES)):
        ln = lines[j]
        s = squash(ln)
        if _TITLE.search(s) and j > k + 2:
            break
        # The total row: a cell 总分 first on the line (after a leading pipe).
        if TOTAL_ROW.match(s.lstrip("|｜")):
            last = j
            for j2 in range(j + 1, min(len(lines), j + 4)):  # wrapped pieces: 总分 \n 100 \n 92
                if re.fullmatch(r"[|｜\d.\s分]*", lines[j2]):
                    last = j2
                else:
                    break
            return last
        if _HEADING.match(ln) and _DELIM.search(ln) is None and len(s) > 4:
            break
        if in_goal and roles[j] and _header_at(roles, j) == "indicator":
            in_goal = False
        if _prose(ln):
            prose += 1
            if prose >= (12 if in_goal else 2):
                break
            continue
        prose = 0
        last = j
    return last


def _region(text: str, lines: list[str], first: int, start: int, end: int, folded: str | None) -> Region:
    head = squash(lines[first])
    title = head if _TITLE.search(head) else ""
    title = title.strip("|｜#*>") or "项目支出绩效自评表"
    body = squash(text[start:min(end, start + 600)])
    kind = "overall" if "整体" in title or (
        ("部门名称" in body or "单位名称" in body or "部门(单位)名称" in body or "部门（单位）名称" in body)
        and "项目名称" not in body) else "project"
    return Region(text, start, end, title, kind, folded)
