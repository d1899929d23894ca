"""Find the self-evaluation tables in a report and parse them.

Finding: every 部门（单位）整体支出绩效（目标）自评表 and 项目支出绩效自评表, however the
converter laid it out. A table is anchored on its title line or, where the converter lost
the title (seed 000's project tables), on its budget header (年初预算数 … 全年执行数); it
ends with its 总分 row.

Parsing is per layout: ``tab`` (one table row per line, cells split by tabs, possibly with
HTML inside cells and cells continued on following lines) is parsed here; ``cell_lines``
(one cell per line, wrapped mid-word) in :mod:`extract.layout_lines`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from .fields import parse_number, parse_percent, parse_quantity
from .framework import categorise, squash
from .model import FundRow, Goal, IndicatorRow, NumberCell, Quantity, Table

_TITLE = re.compile(
    r"^[ \t#>*-]*(?P<title>(?:部门|单位|部门[（(]单位[)）])?整体支出绩效(?:目标)?自评表"
    r"|项目支出绩效(?:目标)?自评表)[ \t]*(?:[（(][^\n]{0,12}[)）])?[ \t]*$",
    re.M,
)
_LINE = re.compile(r"[^\n]*\n?")
_TAG = re.compile(r"<[^>\n]{0,40}>")
_TOTAL = re.compile(r"^[ \t,，.·;；]*总[ \t]*分", re.M)
_TOTAL_CELL = re.compile(r"(?:^|\t)[ ,，.·;；]*总[ \t]*分[ \t]*(?:\t|$)")
_MERGED_TOTAL = re.compile(r"总\s*分\s*$")


def _is_total_line(line: str) -> bool:
    """The 总分 row: a cell reading 总分 (converters prefix it with stray dots or commas)."""
    return bool(_TOTAL.match(line) or _TOTAL_CELL.search(line))
_HEADING = re.compile(r"^[ \t]*(?:[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]+部分)", re.M)
_PLACEHOLDER = {"", "-", "—", "–", "_", "/", "——", "－", "ー", "一"}


@dataclass
class Region:
    start: int
    end: int
    title: str
    kind: str  # overall | project
    layout: str  # tab | cell_lines


@dataclass
class Cell:
    text: str
    start: int
    end: int

    @property
    def clean(self) -> str:
        return squash(_TAG.sub("", self.text))


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(line_start, line_end_without_newline) for each line in text[start:end]."""
    out = []
    pos = start
    for line in text[start:end].split("\n"):
        e = pos + len(line)
        out.append((pos, e - 1 if line.endswith("\r") else e))
        pos = e + 1
    if out and out[-1][0] >= end and end > start:
        out.pop()  # the empty piece after a final newline
    return out


@lru_cache(maxsize=8192)
def _cells(text: str, ls: int, le: int) -> tuple[Cell, ...]:
    """The tab-separated cells of one line (cached: the table parser visits lines several
    times; ``text`` hashes once per document, so the key is cheap)."""
    cells = []
    pos = ls
    for part in text[ls:le].split("\t"):
        # Trim each cell's span to its visible text so evidence has no padding.
        lead = len(part) - len(part.lstrip())
        stripped = part.strip()
        s = pos + lead
        cells.append(Cell(stripped, s, s + len(stripped)))
        pos += len(part) + 1
    return tuple(cells)


# ---------------------------------------------------------------- finding tables

_BUDGET_KEYS = ("年初预算", "全年预算", "调整后", "执行数", "执行率", "分值", "得分", "资金来源")


def _is_budget_header(line: str) -> bool:
    """A header row of the budget block: its column names and no figures or sentences."""
    s = squash(line)
    if "年初预算" not in s or "。" in s or "，" in s:
        return False
    if re.search(r"\d{2,}|\d[.,]\d", s):
        return False
    return sum(k in s for k in _BUDGET_KEYS) >= 2


_CANDIDATE = re.compile(r"自评表|年\s?初\s?预\s?算|总[ \t]*分")
_NONBLANK_LINE = re.compile(r"^[ \t]*\S", re.M)


def find_tables(text: str) -> list[Region]:
    lines = _lines(text, 0, len(text))
    line_starts = [s for s, _ in lines]
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
        if "自评表" in line and _TITLE.match(line):
            titles.append(i)
        elif _is_budget_header(line):
            budgets.append(i)
        elif _is_total_line(line):
            totals.append(i)
        if "年初预算数" in squash(line):
            budget_words.append(i)
    titles.sort()
    budgets.sort()
    totals.sort()
    # The budget header of a cell_lines table is broken over lines: anchor on "年初预算数".
    if not budgets:
        budgets = sorted(i for i in budget_words if any(t < i for t in titles))

    starts: list[tuple[int, str | None]] = []  # (line index, title or None)
    for t in titles:
        starts.append((t, squash(text[lines[t][0]:lines[t][1]])))

    def nonblank_between(a: int, b: int) -> int:
        return len(_NONBLANK_LINE.findall(text, lines[a][0], lines[b][0]))

    for b in budgets:
        # The budget header follows its title within a dozen lines (blank lines not counted:
        # cell-per-line converters put a blank line between every fragment).
        owner = [t for t in titles if t < b and b - t < 200 and nonblank_between(t, b) <= 14
                 and not any(t < x < b for x in budgets)]
        if owner:
            continue
        first = b
        for k in range(b - 1, max(-1, b - 5), -1):
            s, e = lines[k]
            seg = squash(text[s:e])
            if not seg:
                break
            if any(k2 <= k for k2, _ in starts if k2 > b - 6) or _TOTAL.match(text[s:e]):
                break
            first = k
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
            while k < nxt and k <= end_li + 6:
                seg = text[lines[k][0]:lines[k][1]].strip()
                if seg and not re.fullmatch(r"[\d.\s]*分?", seg):
                    break
                if seg:
                    end = lines[k][1]
                k += 1
        else:
            stop = lines[nxt][0] if nxt < len(lines) else len(text)
            m = _HEADING.search(text, lines[min(li + 3, len(lines) - 1)][0], stop)
            end = m.start() if m else stop
            end = _rstrip_pos(text, start, end)
        region_text = text[start:end]
        if "三级指标" not in squash(region_text) and "一级指标" not in squash(region_text) \
                and not _is_budget_header(region_text):
            continue
        title = title or _implicit_title(region_text)
        kind = "overall" if "整体" in title else "project"
        if title is None or "整体" not in title:
            head = squash(region_text[:400])
            if ("部门(单位)名称" in head or "部门（单位）名称" in head or "部门名称" in head) \
                    and "项目名称" not in head:
                kind = "overall"
        tab_lines = sum(1 for s, e in _lines(text, start, end) if "\t" in text[s:e])
        nonempty = sum(1 for s, e in _lines(text, start, end) if text[s:e].strip())
        layout = "tab" if tab_lines >= 0.3 * max(1, nonempty) else "cell_lines"
        regions.append(Region(start, end, title, kind, layout))
    return regions


def _rstrip_pos(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def _implicit_title(region_text: str) -> str:
    return "项目支出绩效自评表"


# ---------------------------------------------------------------- tab layout

_ROLE_KEYS = [
    ("actual", ("实际完成",)),
    ("basis", ("设定依据", "依据")),
    ("target", ("预期指标值", "年度指标值", "指标值", "目标值", "预期值")),
    ("level1", ("一级指标",)),
    ("level2", ("二级指标",)),
    ("name", ("三级指标",)),
    ("weight", ("分值权重", "权重", "分值")),
    ("score", ("得分",)),
    ("note", ("偏差原因", "备注", "原因分析", "改进措施")),
]


@lru_cache(maxsize=4096)
def _role_of(cell: str) -> str | None:
    s = squash(cell)
    if not s:
        return None
    for role, keys in _ROLE_KEYS:
        if any(k in s for k in keys):
            return role
    return None


def _is_indicator_header(cells: list[Cell]) -> dict[int, str] | None:
    if not any("指标" in c.text for c in cells):
        return None
    roles = {i: r for i, c in enumerate(cells) if (r := _role_of(c.text))}
    found = set(roles.values())
    if {"name", "target"} <= found or {"level1", "level2"} <= found:
        return roles
    return None


_BARE_NUM = re.compile(r"^\s*-?\d[\d.,\s]*\s*分?\s*$")


def _is_bare_number(s: str) -> bool:
    return bool(_BARE_NUM.match(s))


@lru_cache(maxsize=8192)
def _qty_fit(s: str) -> int:
    """How well a cell reads as a target/actual value (cached: tried at several shifts)."""
    if s in _PLACEHOLDER:
        return -1
    q = parse_quantity(s)
    if q.op in (">=", "<=", "<", ">", "range") or (q.op == "=" and s.lstrip()[:1] in "=＝"):
        return 2
    if q.op in ("=", "qualitative"):
        return 1 if len(s) <= 40 else -1
    return 0


def _row_fit(cells: list[Cell], roles: dict[int, str], shift: int) -> int:
    fit = 0
    for hi, role in roles.items():
        ri = hi - shift
        c = cells[ri].text if 0 <= ri < len(cells) else ""
        if role in ("weight", "score"):
            fit += 3 if _is_bare_number(c) else (-2 if c else -1)
        elif role in ("target", "actual"):
            fit += _qty_fit(c) if c else -1
        elif role == "name":
            fit += -2 if (not c or _is_bare_number(c)) else 0
    return fit


def _best_shift(cells: list[Cell], roles: dict[int, str]) -> tuple[int, int]:
    """The offset between this row's cells and the header's columns that best fits the
    value types (converters drop or add leading empty cells row by row)."""
    best = (-99, 0)
    top = 3 * sum(r in ("weight", "score") for r in roles.values()) \
        + 2 * sum(r in ("target", "actual") for r in roles.values())
    for shift in (0, 1, -1, 2, -2, 3, -3):
        f = _row_fit(cells, roles, shift)
        if f > best[0]:
            best = (f, shift)
            if f >= top:  # cannot be beaten
                break
    return best[1], best[0]


def _cell_at(cells: list[Cell], roles: dict[int, str], role: str, shift: int) -> Cell | None:
    for hi, r in roles.items():
        if r == role:
            ri = hi - shift
            if 0 <= ri < len(cells):
                return cells[ri]
    return None


def _quantity(cell: Cell | None) -> Quantity:
    if cell is None or cell.text in _PLACEHOLDER:
        pos = cell.start if cell else -1
        return Quantity(raw="", op=None, start=pos, end=pos)
    return parse_quantity(cell.text, cell.start)


_NUMBER_IN = re.compile(r"\d[\d,]*(?:\.\s?\d+)?")


def _num_cell(cell: Cell | None) -> float | None:
    if cell is None or cell.text in _PLACEHOLDER:
        return None
    v = parse_number(cell.text)
    if v is None and _is_bare_number(cell.text):
        # Two numbers in one cell: the converter merged the next cell in; the first is ours.
        m = _NUMBER_IN.search(cell.text)
        v = parse_number(m.group()) if m else None
    return v


def _join(pieces: list[Cell]) -> tuple[str, tuple[int, int] | None]:
    pieces = [p for p in pieces if p.text]
    if not pieces:
        return "", None
    text = "".join(p.clean for p in pieces)
    return text, (pieces[0].start, pieces[-1].end)


def _parse_indicators(text: str, lines: list[tuple[int, int]], roles: dict[int, str]) -> list[IndicatorRow]:
    rows: list[IndicatorRow] = []
    parts: list[dict[str, list[Cell]]] = []  # text pieces per row (name/note/basis/levels)
    pending: dict[str, list[Cell]] = {}
    level1 = level2 = None
    last_shift = 0
    for ls, le in lines:
        if not text[ls:le].strip():
            continue
        cells = _cells(text, ls, le)
        shift, fit = _best_shift(cells, roles)
        w = _cell_at(cells, roles, "weight", shift)
        sc = _cell_at(cells, roles, "score", shift)
        has_values = (w is not None and _is_bare_number(w.text)) or (sc is not None and _is_bare_number(sc.text))
        if not has_values:
            # A continuation line: cells wrapped below the row (or, when the next row has
            # no name of its own, the first part of that row's name).
            cont = {role: [c] for role in ("name", "note", "basis", "level1", "level2")
                    if (c := _cell_at(cells, roles, role, last_shift)) and c.text}
            if not cont:
                # Misaligned continuation: attach its text to the previous row's name/note.
                texts = [c for c in cells if c.text]
                if texts and parts:
                    key = "note" if parts[-1].get("note") else "name"
                    parts[-1].setdefault(key, []).extend(texts)
                continue
            if parts:
                for role, cs in cont.items():
                    parts[-1].setdefault(role, []).extend(cs)
            else:
                for role, cs in cont.items():
                    pending.setdefault(role, []).extend(cs)
            continue
        last_shift = shift
        l1 = _cell_at(cells, roles, "level1", shift)
        l2 = _cell_at(cells, roles, "level2", shift)
        if l1 is not None and l1.text:
            level1 = l1.clean
            level2 = None
        if l2 is not None and l2.text:
            level2 = l2.clean
        name = _cell_at(cells, roles, "name", shift)
        note = _cell_at(cells, roles, "note", shift)
        piece: dict[str, list[Cell]] = {"name": [], "note": []}
        if pending and (name is None or not name.text):
            piece["name"].extend(pending.get("name", []))
        pending = {}
        if name is not None and name.text:
            piece["name"].append(name)
        if note is not None and note.text:
            piece["note"].append(note)
        tgt = _cell_at(cells, roles, "target", shift)
        act = _cell_at(cells, roles, "actual", shift)
        row = IndicatorRow(
            level1=level1, level2=level2, name="",
            target=_quantity(tgt), actual=_quantity(act),
            weight=_num_cell(w), score=_num_cell(sc),
            weight_span=(w.start, w.end) if w is not None and w.text else None,
            score_span=(sc.start, sc.end) if sc is not None and sc.text else None,
        )
        nonempty = [c for c in cells if c.text]
        row.start = min(c.start for c in nonempty)
        row.end = max(c.end for c in nonempty)
        rows.append(row)
        parts.append(piece)
    _backfill_levels(rows)
    for row, piece in zip(rows, parts, strict=True):
        row.name, row.name_span = _join(piece.get("name", []))
        row.note, row.note_span = _join(piece.get("note", []))
        spans = [c for cs in piece.values() for c in cs if c.text]
        if spans:
            row.start = min([row.start] + [c.start for c in spans])
            row.end = max([row.end] + [c.end for c in spans])
        row.category1, row.category2 = categorise(row.level1, row.level2)
    return rows


def _backfill_levels(rows: list[IndicatorRow]) -> None:
    """A merged level cell is printed on its group's middle line, so the rows above the
    first printed label belong to it too."""
    for attr in ("level1", "level2"):
        first = next((getattr(r, attr) for r in rows if getattr(r, attr)), None)
        for r in rows:
            if getattr(r, attr):
                break
            setattr(r, attr, first)


def _fix_swapped_columns(rows: list[IndicatorRow], text: str) -> None:
    """Some converters swap the 实际完成值 and 分值 columns (seed 000's overall table).

    Detected per table, not per row: the weight column holds measurements (units,
    operators) while the actual column holds bare numbers, in most rows.
    """
    swapped = 0
    for r in rows:
        if r.weight_span is None:
            continue
        wtext = text[r.weight_span[0]:r.weight_span[1]]
        if not _is_bare_number(wtext) and r.actual.raw and _is_bare_number(r.actual.raw):
            swapped += 1
    if rows and swapped >= max(2, len(rows) // 2):
        for r in rows:
            if r.weight_span is None:
                continue
            ws, we = r.weight_span
            wraw = text[ws:we]
            new_actual = parse_quantity(wraw, ws)
            if r.actual.raw:
                r.weight = parse_number(r.actual.raw)
                r.weight_span = (r.actual.start, r.actual.end)
            r.actual = new_actual


def _fund_rows(text: str, lines: list[tuple[int, int]], header: list[Cell]) -> list[FundRow]:
    hs = squash("".join(c.text for c in header))
    amount_roles = [r for r, k in (("initial", "年初预算"), ("adjusted", "预算数"), ("executed", "执行数"))
                    if k in hs.replace("年初预算数", "年初预算", 1) or (r == "adjusted" and "全年预算" in hs)]
    if "initial" not in amount_roles and "年初" in hs:
        amount_roles.insert(0, "initial")
    if not amount_roles:
        amount_roles = ["initial", "adjusted", "executed"]
    has_weight = "分值" in hs or "权重" in hs
    out = []
    for ls, le in lines:
        cells = _cells(text, ls, le)
        idx = [i for i, c in enumerate(cells) if c.text and parse_number(c.text) is not None
               and _cjk_count(c.text) <= 1]
        if len(idx) < 2:
            continue
        first = idx[0]
        labels = [c for c in cells[:first] if _cjk_count(c.text) >= 2 and not _is_group_label(c.clean)]
        name = labels[-1].clean if labels else ""
        values = [c for c in cells[first:] if c.text]
        row = FundRow(name=name, start=(labels[-1].start if labels else values[0].start), end=values[-1].end)
        amounts = [c for c in values if "%" not in c.text][:len(amount_roles)]
        for role, c in zip(amount_roles, amounts, strict=False):
            setattr(row, role, parse_number(c.text))
            row.cells[role] = NumberCell(c.text, getattr(row, role), c.start, c.end)
        rest = values[len(amounts):]
        pct = next((i for i, c in enumerate(rest) if "%" in c.text), None)
        if pct is not None:
            c = rest[pct]
            row.rate = parse_percent(c.text)
            row.cells["rate"] = NumberCell(c.text, row.rate, c.start, c.end)
            before, after = rest[:pct], rest[pct + 1:]
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


_GROUP_LABELS = ("项目资金", "年度预算", "部门资金", "万元", "财政资金", "资金来源")


def _is_group_label(s: str) -> bool:
    return any(g in s for g in _GROUP_LABELS) and not any(k in s for k in ("总额", "合计", "总资金", "安排"))


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _cjk_count(s: str) -> int:
    return len(_CJK.findall(s))


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


def _goal(text: str, lines: list[tuple[int, int]], header: list[Cell], title: str) -> Goal | None:
    hi_exp = next((i for i, c in enumerate(header) if "预期" in c.clean), None)
    hi_act = next((i for i, c in enumerate(header) if "实际" in c.clean or "完成" in c.clean), None)
    exp: list[Cell] = []
    act: list[Cell] = []
    for ls, le in lines:
        cells = [c for c in _cells(text, ls, le) if c.text]
        content = [c for c in cells if not _is_goal_label(c.clean)]
        if not content:
            continue
        if len(content) >= 2:
            exp.append(content[0])
            act.extend(content[1:])
        elif "\t" not in text[ls:le]:
            (act if act and not exp else exp).append(content[0])
        else:
            c = content[0]
            idx = next(i for i, x in enumerate(_cells(text, ls, le)) if x.start == c.start)
            if hi_exp is not None and hi_act is not None and abs(idx - hi_act) < abs(idx - hi_exp):
                act.append(c)
            else:
                exp.append(c)
    if not exp and not act:
        return None
    e_text, e_span = _join(exp)
    a_text, a_span = _join(act)
    return Goal(table=title, expected=e_text, actual=a_text, expected_span=e_span, actual_span=a_span)


def _is_goal_label(s: str) -> bool:
    return s in ("年度总体目标", "年度总体目标完成情况", "总体目标", "年度", "总体", "目标") or (
        len(s) <= 8 and "目标" in s and ("年度" in s or "总体" in s))


def parse_tab_table(text: str, region: Region) -> Table:
    lines = _lines(text, region.start, region.end)
    table = Table(title=region.title, kind=region.kind, start=region.start, end=region.end, layout="tab")
    i_budget = i_goal = i_ind = i_total = None
    for k, (ls, le) in enumerate(lines):
        seg = squash(text[ls:le])
        if i_budget is None and "年初预算" in seg:
            i_budget = k
        elif i_goal is None and "预期目标" in seg and i_ind is None:
            i_goal = k
        elif i_ind is None and _is_indicator_header(_cells(text, ls, le)):
            i_ind = k
        elif i_ind is not None and i_total is None and _is_total_line(text[ls:le]):
            i_total = k
    # Project name / department from the head lines.
    head_end = i_budget if i_budget is not None else (i_goal if i_goal is not None else 0)
    for ls, le in lines[:head_end]:
        cells = [c for c in _cells(text, ls, le) if c.text]
        for j, c in enumerate(cells):
            key = c.clean
            if key.endswith("名称") and "部门" not in key and "单位" not in key and j + 1 < len(cells):
                table.project = cells[j + 1].clean
            elif ("部门" in key and "名称" in key) and j + 1 < len(cells):
                table.department = cells[j + 1].clean
    if table.kind == "project" and table.project:
        table.title = table.project
    elif table.kind == "overall" and table.department:
        table.title = f"{table.department}整体支出绩效自评表"
    if i_budget is not None:
        stop = next(k for k in (i_goal, i_ind, i_total, len(lines)) if k is not None)
        header = _cells(text, *lines[i_budget])
        funds = _fund_rows(text, lines[i_budget + 1:stop], header)
        total_idx = next((n for n, f in enumerate(funds) if any(k in f.name for k in ("总额", "合计", "总资金", "总计"))), None)
        if total_idx is None and funds:
            # Overall tables sometimes list sources first and the 合计 row last.
            total_idx = 0
        if funds:
            table.budget = funds[total_idx]
            table.funds = [f for n, f in enumerate(funds) if n != total_idx]
    if i_goal is not None:
        stop = i_ind if i_ind is not None else len(lines)
        table.goal = _goal(text, lines[i_goal + 1:stop], _cells(text, *lines[i_goal]), table.title)
    if i_ind is not None:
        roles = _is_indicator_header(_cells(text, *lines[i_ind])) or {}
        stop = i_total if i_total is not None else len(lines)
        table.rows = _parse_indicators(text, lines[i_ind + 1:stop], roles)
        _fix_swapped_columns(table.rows, text)
    if i_total is not None:
        table.declared_total, table.declared_total_span = _total_cell(text, *lines[i_total])
    elif table.rows:
        _merged_total(text, table)
    return table


def _merged_total(text: str, table: Table) -> None:
    """The converter merged the 总分 row into the last indicator row (name ends in 总分,
    score cell holds the row score and the total): split them again."""
    row = table.rows[-1]
    if not _MERGED_TOTAL.search(row.name) or row.score_span is None:
        return
    s, e = row.score_span
    nums = list(_NUMBER_IN.finditer(text, s, e))
    if len(nums) < 2:
        return
    first, last = nums[0], nums[-1]
    row.score_span = (first.start(), first.end())
    table.declared_total = parse_number(last.group())
    table.declared_total_span = (last.start(), e if text[s:e].rstrip().endswith("分") else last.end())
    row.name = _MERGED_TOTAL.sub("", row.name)


def extract_tables(text: str) -> list[Table]:
    tables = []
    for region in find_tables(text):
        if region.layout == "tab":
            tables.append(parse_tab_table(text, region))
        else:
            from .layout_lines import parse_lines_table

            tables.append(parse_lines_table(text, region.start, region.end, region.kind))
    return tables
