"""Find the self-evaluation tables in a report and parse them.

Finding: every 部门（单位）整体支出绩效（目标）自评表 and 项目支出绩效自评表, however the
converter laid it out. A table is anchored on its title line or, where the converter lost
the title (seed 000's project tables), on its budget header (年初预算数 … 全年执行数); it
ends with its 总分 row.

Parsing is per layout, by the plug-ins of :mod:`extract.layouts` (the one that detects
the region's rendering with the highest confidence reads it).
"""

from __future__ import annotations

import bisect
import re

from .layouts import parse_region
from .layouts.base import _TOTAL, Region, _is_total_line, _spaced, line_index, squash
from .layouts.find import find_generic
from .layouts.headers import TOTAL_ROW
from .model import Table

_TITLE = re.compile(
    r"^[ \t#>*-]*(?P<title>(?:部门|单位|部门[（(]单位[)）])?整体支出绩效(?:目标)?自评表"
    r"|项目支出绩效(?:目标)?自评表)[ \t]*(?:[（(][^\n]{0,12}[)）])?[ \t]*$",
    re.M,
)

_OTHER_TITLE = re.compile(
    r"^[ \t#>*|-]*[^\n|]{0,40}绩效(?:目标)?(?:自评)?表[ \t]*(?:[（(][^\n]{0,12}[)）])?[ \t]*$", re.M
)
_HEADING = re.compile(r"^[ \t]*(?:[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]+部分)", re.M)


def _other_title(text: str, a: int, b: int) -> re.Match[str] | None:
    """``_OTHER_TITLE.search(text, a, b)`` (``a`` a line start), trying only the lines
    that hold 绩效 (the regex alone tries every line start of the region)."""
    p = text.find("绩效", a, b)
    while p != -1:
        ls = text.rfind("\n", a, p) + 1 or a
        m = _OTHER_TITLE.match(text, ls, b)
        if m:
            return m
        eol = text.find("\n", p, b)
        if eol == -1:
            return None
        p = text.find("绩效", eol + 1, b)
    return None


# ---------------------------------------------------------------- finding tables

_BUDGET_KEYS = ("年初预算", "全年预算", "调整后", "执行数", "执行率", "分值", "得分", "资金来源")


def _is_budget_header(line: str, squashed: str | None = None) -> bool:
    """A header row of the budget block: its column names and no figures or sentences.
    ``squashed``: ``squash(line)`` when the caller has it."""
    s = squash(line) if squashed is None else squashed
    if "年初预算" not in s or "。" in s or "，" in s:
        return False
    if _FIGURE.search(s):
        return False
    return sum(k in s for k in _BUDGET_KEYS) >= 2


_FIGURE = re.compile(r"\d{2,}|\d[.,]\d")
_CANDIDATE = re.compile(r"自评表|年\s?初\s?预\s?算|总[ \t]*分")
# A line with four visible characters or more: cell-per-line converters break the head's
# labels into fragments of one to three characters (项目名 / 称, 主管部 / 门, 元）), which
# say nothing about the distance between a title and its budget header.
_CONTENT_LINE = re.compile(r"^[ \t]*(?:\S[ \t]*){4}", re.M)
# 三级指标 or 一级指标 in the squashed text (whitespace allowed between the characters), found
# without squashing the whole region first.
_LEVEL_HEADER = re.compile(r"[三一]\s*级\s*指\s*标")


_DEPT_NAME = _spaced("部门(单位)名称", "部门（单位）名称", "部门名称", "单位名称")
_PROJECT_NAME = _spaced("项目名称")


def find_tables(text: str, folded: str | None = None) -> list[Region]:
    lines = line_index(text)
    line_starts = lines.starts
    titles: list[int] = []  # line indices of title lines
    budgets: list[int] = []
    totals: list[int] = []
    budget_words: list[int] = []
    seen: set[int] = set()
    # Only lines holding a candidate word are examined (a regex pass, not a Python loop).
    for m in _CANDIDATE.finditer(text):
        i = bisect.bisect_right(line_starts, m.start()) - 1
        if i in seen:
            continue
        seen.add(i)
        s, e = lines[i]
        line = text[s:e]
        squashed = squash(line)
        if "自评表" in line and _TITLE.match(line):
            titles.append(i)
        elif _is_budget_header(line, squashed):
            budgets.append(i)
        elif _is_total_line(line):
            totals.append(i)
        if "年初预算数" in squashed and "，" not in squashed and "。" not in squashed:
            budget_words.append(i)  # (a header piece, not a sentence about the budget)
    titles.sort()
    budgets.sort()
    totals.sort()
    # The budget header of a cell_lines table is broken over lines: anchor on "年初预算数".
    if not budgets:
        budgets = sorted(i for i in budget_words if any(t < i for t in titles))

    starts: list[tuple[int, str | None]] = []  # (line index, title or None)
    for t in titles:
        starts.append((t, squash(text[lines[t][0] : lines[t][1]])))

    def content_between(a: int, b: int) -> int:
        return len(_CONTENT_LINE.findall(text, lines[a][0], lines[b][0]))

    for n_b, b in enumerate(budgets):
        # The budget header follows its title within a dozen lines (blank lines and label
        # fragments not counted: cell-per-line converters put a blank line between every
        # fragment and wrap labels mid-word), with no other budget header and no 总分 row in
        # between: the title is at or after the previous budget header (budgets are sorted)
        # and its table has not ended yet. The line count is tested last: it scans text.
        prev_b = budgets[n_b - 1] if n_b else -1
        if any(
            prev_b <= t < b
            and b - t < 200
            and not any(t < k < b for k in totals)
            and content_between(t, b) <= 14
            for t in titles
        ):
            continue
        first = b
        for k in range(b - 1, max(-1, b - 5), -1):
            s, e = lines[k]
            seg = squash(text[s:e])
            if not seg:
                break
            if (
                any(k2 <= k for k2, _ in starts if k2 > b - 6)
                or _TOTAL.match(text[s:e])
                or TOTAL_ROW.match(seg)
            ):
                break
            first = k
            if _HEAD_LABEL_LINE.match(text, s, e):
                break  # the head starts at 项目名称: what is above it is the previous table's
        starts.append((first, None))
    starts.sort()
    regions: list[Region] = []
    for n, (li, title) in enumerate(starts):
        nxt = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        # End at the first 总分 row after the start, else the next heading, else the next table.
        end_li = None
        for t in totals:
            if li < t < nxt:
                end_li = t
                break
        start = lines[li][0]
        if end_li is not None:
            end = lines[end_li][1]
            # Wrapped pieces of the total (cell_lines: "总分 100\n88\n分").
            k = end_li + 1
            while k < nxt and k <= end_li + 16:  # (cells one per paragraph: blank lines between)
                seg = text[lines[k][0] : lines[k][1]].strip()
                if seg and not re.fullmatch(r"[\d.\s|｜]*分?[\s|｜]*", seg):
                    break
                if seg:
                    end = lines[k][1]
                k += 1
            # A title of a table this finder does not anchor on, before the 总分 row: that
            # 总分 is the other table's; this one ends at the title.
            t2 = _other_title(text, lines[min(li + 3, len(lines) - 1)][0], lines[end_li][0])
            if t2:
                end = _rstrip_pos(text, start, t2.start())
        else:
            stop = lines[nxt][0] if nxt < len(lines) else len(text)
            m = _HEADING.search(text, lines[min(li + 3, len(lines) - 1)][0], stop)
            end = m.start() if m else stop
            # Another table's title (one this finder does not anchor on) ends it too.
            t2 = _other_title(text, lines[min(li + 3, len(lines) - 1)][0], end)
            end = t2.start() if t2 else end
            end = _rstrip_pos(text, start, end)
        end = _next_head_label(text, start, end)
        region_text = text[start:end]
        if not _LEVEL_HEADER.search(region_text) and not _is_budget_header(region_text):
            continue
        title = title or _implicit_title(region_text)
        kind = "overall" if "整体" in title else "project"
        if title is None or "整体" not in title:
            head = region_text[:400]
            if _DEPT_NAME.search(head) and not _PROJECT_NAME.search(head):
                kind = "overall"
        regions.append(Region(text, start, end, title, kind, folded))
    return regions


# The first label of a table's head (项目名称, 单位名称), on a line of its own or as the
# line's first cell.
_HEAD_LABEL_LINE = re.compile(
    r"^[ \t|｜]*(?:项\s*目\s*名\s*称|(?:部\s*门|单\s*位)[（(]?(?:单\s*位)?[)）]?\s*名\s*称)"
    r"(?:[ \t]*(?:[|｜\t:：]|$)|[ \t]+\S)",
    re.M,
)


def _next_head_label(text: str, start: int, end: int) -> int:
    """``end``, or where the next table's head begins after this table's indicator header
    (an untitled table printed right after one with no 总分 row)."""
    lv = _LEVEL_HEADER.search(text, start, end)
    if lv is None:
        return end
    m = _HEAD_LABEL_LINE.search(text, lv.end(), end)
    return _rstrip_pos(text, start, m.start()) if m else end


def _rstrip_pos(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def _implicit_title(region_text: str) -> str:
    return "项目支出绩效自评表"


def extract_tables(text: str, folded: str | None = None) -> list[Table]:
    """The self-evaluation tables of ``text``; ``folded``: ``fold_width(text)`` when the
    caller has it (NormText.folded), so cell_lines regions need not fold again."""
    regions = find_tables(text, folded)
    tables = [parse_region(region) for region in regions]
    # Tables the title/budget-header finder does not know, found by header vocabulary; kept
    # when the reader made something of them.
    for region in find_generic(text, [(r.start, r.end) for r in regions], folded):
        table = parse_region(region)
        if table.rows or table.budget is not None or table.goal is not None:
            tables.append(table)
    tables.sort(key=lambda t: t.start)
    prev_end = 0
    for t in tables:
        if t.kind == "project" and t.project is None and t.layout not in ("tab", "cell_lines"):
            _head_above(text, t, prev_end)
        prev_end = t.end
    return tables


# 项目名称 and its value on the lines just above a region that starts at its budget header.
_PROJECT_ABOVE = re.compile(
    r"项目名称[ \t]*[:：|｜]?[ \t]*(?:\r?\n[ \t]*)*([^\s|｜:：][^\n|｜]{1,40}?)[ \t]*[|｜]?[ \t]*$", re.M
)


def _head_above(text: str, table: Table, prev_end: int) -> None:
    """A table found at its budget header whose head (项目名称 〈名〉) sits just above it,
    cells one per paragraph: the name is the table's project and title."""
    lo = max(prev_end, table.start - 400)
    found = None
    for m in _PROJECT_ABOVE.finditer(text, lo, table.start):
        found = m
    if found is not None:
        table.project = table.title = found.group(1).strip()
        if table.goal is not None:
            table.goal.table = table.project
