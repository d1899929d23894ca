"""绩效自评表 laid out one cell per line, as PDF-to-text converters emit them.

Such a converter writes each table cell on its own line(s), wraps cells mid-word, puts
cells that share a baseline on one line separated by single spaces and splits the level
labels (``产出指\\n标``, ``经济\\n成本\\n指标``) or even writes them around a row
(``社会效益指 <row> \\n 标``). Nothing marks the columns, so the parser works on a stream
of whitespace-separated tokens with their original offsets and reads structure from
content:

* section anchors (项目名称, 年初预算数 ..., 预期目标 实际完成情况, 一级指标 ...) are found
  on the token text with all whitespace removed, so broken labels still match;
* framework labels (一级/二级指标 names) are matched on concatenations of consecutive
  tokens; a label cut by a row (``社会效益指`` ... ``标``) is accepted when the rest of
  the label turns up after that row's values;
* an indicator row is anchored on its value block (``TARGET ACTUAL WEIGHT SCORE``, or the
  column order the header gives), read backwards from the score; the name is the text
  between the previous row (its note, or the last label) and the target;
* the text after a row's values is its 偏差原因 note or the rest of its name, and text
  before the next row its name, told apart by width: the note column prints narrow lines,
  a name line that wraps fills the wider name column (the score says nothing: a row that
  kept its points may explain an overshoot);
* numbers that a wrap split (``100.0\\n0%``, ``10\\n0``) are re-joined by enumerating the
  few possible joins across line breaks and keeping the reading that is consistent
  (rate = executed/adjusted, score <= weight, a percent ends with ``%``).

Every span is an original offset: ``text[start:end]`` is the evidence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from itertools import accumulate

from extract.fields import OPERATOR_PATTERNS, QUALITATIVE_WORDS, parse_number, parse_quantity
from extract.framework import LEVEL1, LEVEL2, categorise
from extract.model import FundRow, Goal, IndicatorRow, NumberCell, Quantity, Table
from extract.normalize import WIDTH_TABLE, fold_width

__all__ = ["parse_lines_table"]

# ------------------------------------------------------------------------- vocabulary

_L1_ONLY = frozenset(LEVEL1) - frozenset(LEVEL2)
_L2_ONLY = frozenset(LEVEL2) - frozenset(LEVEL1)
# Names in both (满意度指标, 成本指标) take their level from the labels around them.
_LEVEL_LABELS = frozenset(LEVEL1) | frozenset(LEVEL2)
# Labels that frame the indicator block (the vertical 年度绩效指标完成情况 cell, a header
# repeated after a page break): they carry no level.
_FRAME_LABELS = frozenset({
    "年度绩效指标完成情况", "绩效指标完成情况", "年度绩效指标", "绩效指标",
    "一级指标", "二级指标", "三级指标", "年度指标值", "预期指标值", "实际完成值", "实际完成指标值",
    "指标值设定依据", "分值", "分值权重", "权重", "得分", "偏差原因分析及改进措施",
})
_ALL_LABELS = _LEVEL_LABELS | _FRAME_LABELS
_LABEL_PREFIXES = frozenset(lab[:i] for lab in _ALL_LABELS for i in range(1, len(lab) + 1))
_LEVEL_PREFIXES = frozenset(lab[:i] for lab in _LEVEL_LABELS for i in range(1, len(lab)))
_MAX_LABEL_TOKENS = 10  # 年\n度\n绩\n效\n指\n标\n完\n成\n情\n况

# Header of the indicator block: a contiguous run of these words (whitespace removed).
_IND_HEAD = re.compile(r"一级指标")
_IND_HEAD_KW = re.compile(
    r"一级指标|二级指标|三级指标|指标值设定依据|指标值设定|设定依据|依据|实际完成指标值|实际完成值"
    r"|实际完成情况|实际值|(?:年度|预期|计划)(?:指标|目标)值|指标值|目标值|分值权重|分值|权重|得分"
    r"|偏差原因分析及改进措施|偏差原因分析|偏差原因|分析及改进措施|改进措施"
)
_COL_TARGET = re.compile(r"(?:年度|预期|计划)(?:指标|目标)值|目标值|(?<!完成)指标值(?!设定)")
_COL_KEYS = (
    ("actual", re.compile(r"实际完成|实际值")),
    ("basis", re.compile(r"依据")),
    ("weight", re.compile(r"分值|权重")),
    ("score", re.compile(r"得分")),
)
_NOTE_COL = re.compile(r"偏差原因|改进措施")
_NOTE_SPAN = re.compile(r"偏差原因(?:分析)?(?:及改进措施)?|(?:原因)?分析及改进措施|改进措施")
_DEFAULT_COLS = ("target", "actual", "weight", "score")

_BUDGET_HEAD = re.compile(
    r"(?:资金来源)?(?:年初预算数|全年预算数|调整后预算数|预算数|全年执行数|实际执行数|执行数|分值权重|分值"
    r"|权重|执行率|得分)+"
)
_BUDGET_SLOTS = (
    ("initial", re.compile(r"年初预算数")),
    ("adjusted", re.compile(r"全年预算数|调整后预算数|(?<!年初)预算数")),
    ("executed", re.compile(r"执行数")),
    ("weight", re.compile(r"分值|权重")),
    ("rate", re.compile(r"执行率")),
    ("score", re.compile(r"得分")),
)
_DEFAULT_BUDGET = ("initial", "adjusted", "executed", "weight", "rate", "score")
_FUNDS_LABEL = re.compile(r"(?:项目|部门|单位)?资金[（(]万元[)）]|资金来源")
_BUDGET_TOTAL = re.compile(r"资金总额|总额|合计|总计")
_BUDGET_ANCHOR = re.compile(r"年初预算数|全年预算数")
_GOAL_HEAD = re.compile(r"(?:年度总体目标|总体目标)?预期目标(?:实际完成情况|实际完成|完成情况)")
_GOAL_LABEL = re.compile(r"年度总体目标|总体目标")
_TOTAL_ROW = re.compile(r"总分|合计得分|综合得分")

_PROJECT_NAME = re.compile(r"项目名称(.*?)(?=主管部门|实施单位|项目资金|年初预算)")
_PROJECT_DEPT = re.compile(r"主管部门(.*?)(?=实施单位|项目资金|年初预算)")
_OVERALL_NAME = re.compile(r"部门[（(]单位[)）]名称|单位名称|部门名称")
_OVERALL_NAME_END = re.compile(r"部门资金|单位资金|资金来源|年初预算|项目资金")
_OVERALL_TITLE = "部门（单位）整体支出绩效目标自评表"

# Token classes (matched on width-folded token text).
_OPS = sorted({fold_width(sp) for sps in OPERATOR_PATTERNS.values() for sp in sps} | {"约"},
              key=len, reverse=True)
_OPS_SRC = "|".join(re.escape(o) for o in _OPS)
_NUM = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_QSTART = re.compile(rf"^(?:{_OPS_SRC})?[+-]?\d")
_LONE_OP = re.compile(rf"^(?:{_OPS_SRC})$")
_PUNCT = re.compile(r"[，。、；：;:,《》（）()“”\"'！!？?…【】\[\]]")
_HAS_DIGIT = re.compile(r"\d")
# A unit with its alternative in brackets (台（套）, 万头（只）): one cell, not a name.
_BRACKET_UNIT = re.compile(r"^[^\W\d_]{1,3}[（(][^\W\d_]{1,3}[)）]$")
_ENDS_DIGIT = re.compile(r"\d$")
_BUDGET_VALUE = re.compile(r"^(?:[+-]?\d+(?:[.,]\d+)*\.?%?|\.?\d*%|[-—–/]+|--|\.\d+%?)$")
_DASH = re.compile(r"^[-—–/]+$")
_TOTAL_FRAG = re.compile(r"\d+(?:\.\d*)?|\.\d+")
# A date is one cell even though it holds spaces and several numbers (``=2024 年 6 月``).
_TOKEN = re.compile(
    r"[<>=≥≤＜＞＝]*(?:19|20)\d{2}[ \t]*年(?:[ \t]*\d{1,2}[ \t]*月)?(?:[ \t]*\d{1,2}[ \t]*日)?\S*|\S+"
)
# The tokens captured for ``split``: [gap, token, gap, token, ..., gap] in one pass.
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")
# Characters fold_width changes: most regions have none, and folding is the costly part.
_FOLDABLE = re.compile("[" + "".join(re.escape(chr(c)) for c, v in WIDTH_TABLE.items() if c != v) + "]")
_LINE_BREAK = re.compile(r"[ \t\u3000]*\n\s*")
_INLINE_SPACE = re.compile(r"[ \t\u3000]+")
# A name that stops on one of these continues after the values (the value line sits in the
# middle of a multi-line name cell).
_CONTINUES = tuple("，、；：（“《,;:(")
_SENTENCE_END = tuple("。；;.!！?？")
# A note line may be this much wider than the widest piece of the 偏差原因 header (the
# header wraps on word boundaries, the note wherever the column ends).
_NOTE_SLACK = 2.0
# A wrapped line falls short of its column by less than this: the next character (a CJK
# one, or an ASCII run) did not fit.
_FULL_SLACK = 1.5
_KNOWN_QUAL = frozenset(QUALITATIVE_WORDS) | {"持续推进", "达标", "满意", "稳定", "增加", "减少", "降低"}


class _Tok:
    __slots__ = ("s", "e", "t", "f", "nl", "role", "num")

    def __init__(self, s: int, e: int, t: str, f: str, nl: bool, num: bool | None = None) -> None:
        self.s = s
        self.e = e
        self.t = t
        self.f = f  # width-folded text (same length)
        self.nl = nl  # first token of its line
        self.role = ""  # "" text | label | part (cut label) | rem (rest of a cut label) | frame
        # ``_NUM.match(f)``; _Region passes it in, found for all its tokens at once.
        self.num = bool(_NUM.match(f)) if num is None else num


# A number token (``_NUM``) right after the newline before it, in the tokens joined one per
# line: one regex pass finds every number token of a region.
_NUM_TOKEN_AFTER_NL = re.compile(r"\n(?=[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\n)")


def _numbers(fs: list[str]) -> list[bool]:
    """``bool(_NUM.match(f))`` for each token text (no newline in a token), in one pass."""
    offsets = list(accumulate([len(f) + 1 for f in fs], initial=0))[:-1]  # the \n before each
    hits = {m.start() for m in _NUM_TOKEN_AFTER_NL.finditer("\n" + "\n".join(fs) + "\n")}
    return list(map(hits.__contains__, offsets))


class _Region:
    """The tokens of one table region and their whitespace-free concatenation."""

    def __init__(self, text: str, start: int, end: int, folded_text: str | None = None) -> None:
        raw = text[start:end]
        if folded_text is None:
            folded = fold_width(raw) if _FOLDABLE.search(raw) else raw
        else:  # the caller folded the whole document already (same offsets)
            folded = folded_text[start:end]
            if folded == raw:
                folded = raw  # nothing folded: token texts are the folded texts (no slicing)
        # One split yields [gap, token, gap, token, ..., gap]; offsets follow from the piece
        # lengths (map/accumulate instead of a Python step per token: a region has hundreds).
        pieces = _TOKEN_SPLIT.split(folded)
        ends = list(accumulate(map(len, pieces), initial=start))
        fs = pieces[1::2]
        starts = ends[1:-1:2]
        tok_ends = ends[2::2]
        ts = fs if folded is raw else [raw[a - start:b - start] for a, b in zip(starts, tok_ends, strict=True)]
        # A token starts a line when the gap before it holds a newline (the first always).
        nls = [True, *("\n" in g for g in pieces[2:-1:2])] if fs else []
        self.toks = toks = list(map(_Tok, starts, tok_ends, ts, fs, nls, _numbers(fs)))
        self.cum: list[int] = list(accumulate(map(len, ts), initial=0))[:-1]
        self.squashed = "".join(t.f for t in toks)

    def tok_at(self, p: int) -> int:
        """Index of the token holding squashed position ``p``."""
        return max(0, bisect.bisect_right(self.cum, p) - 1)

    def orig(self, p: int) -> int:
        k = self.tok_at(p)
        return self.toks[k].s + (p - self.cum[k])

    def span(self, ps: int, pe: int) -> tuple[int, int]:
        """Original span of squashed ``[ps, pe)``."""
        if pe <= ps:
            o = self.orig(ps) if ps < len(self.squashed) else (self.toks[-1].e if self.toks else 0)
            return o, o
        return self.orig(ps), self.orig(pe - 1) + 1

    def first_tok_from(self, p: int) -> int:
        """First token that starts at or after squashed position ``p`` (a token holding
        ``p`` in its middle counts from its next token)."""
        k = self.tok_at(p)
        if k < len(self.toks) and self.cum[k] < p:
            k += 1
        return min(k, len(self.toks)) if p < len(self.squashed) else len(self.toks)


def _display(raw: str) -> str:
    """Cell text as printed: line wraps removed, spaces inside a line kept (one)."""
    return _INLINE_SPACE.sub(" ", _LINE_BREAK.sub("", raw)).strip()


def _join_toks(toks: list[_Tok]) -> str:
    out: list[str] = []
    for i, t in enumerate(toks):
        if i and not t.nl and toks[i - 1].e <= t.s:
            out.append(" ")
        out.append(t.t)
    return "".join(out)


def _cell(text: str, s: int, e: int) -> NumberCell:
    raw = text[s:e]
    return NumberCell(raw=raw, value=parse_number(raw), start=s, end=e)


# ----------------------------------------------------------------- number re-joining

def _groupings(frags: list[_Tok], n: int) -> Iterator[list[tuple[int, int]]]:
    """Ways to cut ``frags`` into ``n`` consecutive groups; a group may only span line
    breaks (cells on one line are separate cells)."""
    m = len(frags)
    if n <= 0 or n > m:
        return
    cuts_allowed = [not frags[i].nl for i in range(1, m)]  # must cut before a same-line frag

    def rec(i: int, left: int) -> Iterator[list[tuple[int, int]]]:
        if left == 1:
            if all(frags[k].nl for k in range(i + 1, m)):
                yield [(i, m)]
            return
        for j in range(i + 1, m - left + 2):
            # group [i, j): every internal boundary must be a line break
            if any(cuts_allowed[k - 1] for k in range(i + 1, j)):
                break
            for rest in rec(j, left - 1):
                yield [(i, j), *rest]

    yield from rec(0, n)


def _joined(frags: list[_Tok], g: tuple[int, int]) -> str:
    a, b = g
    if b == a + 1:  # the usual single fragment: no join
        return frags[a].f
    return "".join([t.f for t in frags[a:b]])


_NUMBER_FORM = re.compile(r"^(?:0|[1-9]\d*|[1-9]\d{0,2}(?:,\d{3})+)(?:\.\d+)?$")
_PERCENT_FORM = re.compile(r"^(?:0|[1-9]\d*)(?:\.\d+)?%?$")


def _decimals(s: str) -> int:
    s = s.rstrip("%")
    return len(s) - s.index(".") - 1 if "." in s else 0


# ------------------------------------------------------------------------ the parser

class _Parser:
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
        table = Table(title=title, kind=self.kind, start=self.start, end=self.end, layout="cell_lines",
                      project=project, department=department)
        # Sections in template order: budget block, 年度总体目标, indicator block, 总分.
        gh = _GOAL_HEAD.search(S)
        ih = _IND_HEAD.search(S, gh.end() if gh else 0)
        bh = _BUDGET_ANCHOR.search(S, 0, gh.start() if gh else (ih.start() if ih else len(S)))
        if bh:
            hm = _BUDGET_HEAD.match(S, bh.start())
            head_start = S.rfind("资金来源", 0, bh.start() + 1)
            head_start = head_start if head_start != -1 and bh.start() - head_start <= 4 else bh.start()
            order = self._budget_order(S[head_start:hm.end()])
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
            while (m := _IND_HEAD_KW.match(S, pos)):
                pos = m.end()
            cols, has_note = self._columns(S[ih.start():pos])
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

    # ----------------------------------------------------------------- budget
    @staticmethod
    def _budget_order(head: str) -> tuple[str, ...]:
        found: list[tuple[int, str]] = []
        taken: list[tuple[int, int]] = []
        for slot, rx in _BUDGET_SLOTS:
            for m in rx.finditer(head):
                if not any(a <= m.start() < b for a, b in taken):
                    found.append((m.start(), slot))
                    taken.append((m.start(), m.end()))
                    break
        if {s for _, s in found} >= {"initial", "adjusted", "executed"}:
            return tuple(s for _, s in sorted(found))
        return _DEFAULT_BUDGET

    def _budget(self, table: Table, i0: int, i1: int, order: tuple[str, ...]) -> None:
        toks = self.toks
        rows: list[tuple[list[_Tok], list[_Tok]]] = []
        name: list[_Tok] = []
        vals: list[_Tok] = []
        # The row-group label (项目资金（万元）) may be printed between the rows: skip it.
        skip: set[int] = set()
        if i0 < i1:
            for m in _FUNDS_LABEL.finditer(self.S, self.r.cum[i0], self.r.cum[i1 - 1] + len(toks[i1 - 1].t)):
                a, b = self.r.tok_at(m.start()), self.r.tok_at(m.end() - 1)
                if self.r.cum[a] == m.start() and self.r.cum[b] + len(toks[b].t) == m.end():
                    skip.update(range(a, b + 1))
        for k in range(i0, i1):
            if k in skip:
                continue
            t = toks[k]
            if _BUDGET_VALUE.match(t.f) and (name or vals):
                vals.append(t)
                continue
            if vals:
                rows.append((name, vals))
                name, vals = [], []
            name.append(t)
        if vals:
            rows.append((name, vals))
        funds = [self._fund_row(n, v, order) for n, v in rows if n]
        if not funds:
            return
        total_i = next((k for k, f in enumerate(funds) if _BUDGET_TOTAL.search(f.name)), 0)
        budget = funds.pop(total_i)
        # The weight/rate/score cells are merged over all source rows in some tables and
        # the converter prints them on the first row: they belong to the total.
        if budget.weight is None and budget.score is None:
            carriers = [f for f in funds if f.weight is not None or f.score is not None]
            if len(carriers) == 1:
                c = carriers[0]
                for key in ("weight", "rate", "score"):
                    setattr(budget, key, getattr(c, key))
                    setattr(c, key, None)
                    if key in c.cells:
                        budget.cells[key] = c.cells.pop(key)
        table.budget = budget
        table.funds = funds

    def _fund_row(self, name: list[_Tok], vals: list[_Tok], order: tuple[str, ...]) -> FundRow:
        text = self.text
        row = FundRow(name=_join_toks(name), start=name[0].s, end=vals[-1].e)
        best = self._best_budget_reading(vals, order)
        if best is None:
            return row
        for slot, (a, b) in zip(order, best, strict=False):
            if _DASH.match(_joined(vals, (a, b))):
                continue
            cell = _cell(text, vals[a].s, vals[b - 1].e)
            row.cells[slot] = cell
            setattr(row, slot, cell.value)
        return row

    @staticmethod
    def _best_budget_reading(vals: list[_Tok], order: tuple[str, ...]) -> list[tuple[int, int]] | None:
        best: tuple[float, list[tuple[int, int]]] | None = None
        for n in (len(order), 3):
            if n > len(vals):
                continue
            for grouping in _groupings(vals, n):
                score = _Parser._rate_budget(vals, grouping, order)
                if score is not None and (best is None or score > best[0]):
                    best = (score, grouping)
            if best is not None:
                return best[1]
        return [(k, k + 1) for k in range(min(len(vals), len(order)))] if vals else None

    @staticmethod
    def _rate_budget(vals: list[_Tok], grouping: list[tuple[int, int]], order: tuple[str, ...]) -> float | None:
        """Plausibility of one reading of a budget row, ``None`` when impossible."""
        got: dict[str, tuple[float, str]] = {}
        score = 0.0
        for slot, g in zip(order, grouping, strict=False):
            s = _joined(vals, g).replace(",", "")
            if _DASH.match(s):
                if g[1] - g[0] > 1:
                    return None
                continue
            if slot == "rate":
                if not _PERCENT_FORM.match(s):
                    return None
                score += 0.5 if s.endswith("%") else 0.0
            elif not _NUMBER_FORM.match(s):
                return None
            v = float(s.rstrip("%"))
            if slot == "weight" and v > 100:
                return None
            got[slot] = (v, s)
            score -= 0.1 * (g[1] - g[0] - 1)
        if "weight" in got and "score" in got:
            score += 1.0 if got["score"][0] <= got["weight"][0] + 0.01 else -2.0
        if "rate" in got and "adjusted" in got and "executed" in got and got["adjusted"][0] > 0:
            expect = got["executed"][0] / got["adjusted"][0] * 100
            tol = 0.5 * 10 ** -_decimals(got["rate"][1]) + 0.01
            score += 3.0 if abs(expect - got["rate"][0]) <= tol else -1.0
        return score

    # ------------------------------------------------------------------- total
    def _total(self, table: Table, pos: int) -> None:
        """The 总分 row: ``总分 100 88 分`` / ``总分 100\\n88\\n分`` / ``总分\\n10\\n0\\n100``."""
        text = self.text
        frags: list[_Tok] = []
        prev = pos
        for m in _TOTAL_FRAG.finditer(text, pos, self.end):
            between = text[prev:m.start()]
            if between.strip() and not re.fullmatch(r"[\s分]*", between):
                break
            frags.append(_Tok(m.start(), m.end(), m.group(), m.group(), "\n" in between))
            prev = m.end()
        if not frags:
            return
        weights = sum(r.weight or 0 for r in table.rows) + ((table.budget.weight or 0) if table.budget else 0)
        best: tuple[float, list[tuple[int, int]]] | None = None
        for n in (2, 1):
            for grouping in _groupings(frags, n):
                vals = [_joined(frags, g) for g in grouping]
                if not all(_NUMBER_FORM.match(v) for v in vals):
                    continue
                nums = [float(v) for v in vals]
                sc = float(n)
                if nums[0] in (100.0, weights) or abs(nums[0] - weights) < 0.01:
                    sc += 2
                if n == 2:
                    sc += 1 if nums[1] <= nums[0] + 0.01 else -3
                if best is None or sc > best[0]:
                    best = (sc, grouping)
        if best is None:
            return
        grouping = best[1]
        if len(grouping) == 1:
            v = float(_joined(frags, grouping[0]))
            if v == 100.0 or abs(v - weights) < 0.01:
                return  # only the weight column is filled
            g = grouping[0]
        else:
            g = grouping[1]
        s, e = frags[g[0]].s, frags[g[1] - 1].e
        table.declared_total = parse_number(text[s:e])
        table.declared_total_span = (s, e)

    # ------------------------------------------------------------------- goal
    def _goal(self, title: str, i0: int, i1: int) -> Goal:
        lines: list[list[_Tok]] = []
        for t in self.toks[i0:i1]:
            if t.nl or not lines:
                lines.append([t])
            else:
                lines[-1].append(t)
        if not lines:
            return Goal(table=title, expected="", actual="")
        k = _split_goal([self.text[ln[0].s:ln[-1].e] for ln in lines])
        exp, act = lines[:k], lines[k:]
        g = Goal(table=title, expected="", actual="")
        if exp:
            s, e = exp[0][0].s, exp[-1][-1].e
            g.expected, g.expected_span = _display(self.text[s:e]), (s, e)
        if act:
            s, e = act[0][0].s, act[-1][-1].e
            g.actual, g.actual_span = _display(self.text[s:e]), (s, e)
        return g

    # ------------------------------------------------------------- indicators
    @staticmethod
    def _columns(head: str) -> tuple[tuple[str, ...], bool]:
        found: list[tuple[int, str]] = []
        actual_spans = [m.span() for m in re.finditer(r"实际完成(?:指标)?值?|实际值", head)]
        for m in _COL_TARGET.finditer(head):
            if not any(a <= m.start() < b for a, b in actual_spans):
                found.append((m.start(), "target"))
                break
        for col, rx in _COL_KEYS:
            m = rx.search(head)
            if m:
                found.append((m.start(), col))
        cols = tuple(c for _, c in sorted(found))
        has_note = bool(_NOTE_COL.search(head))
        if not {"target", "actual", "weight", "score"} <= set(cols):
            return _DEFAULT_COLS, has_note
        return cols, has_note

    def _note_width(self, hs: int, he: int) -> float | None:
        """Widest header piece of the 偏差原因 column: the note column's line width."""
        m = _NOTE_SPAN.search(self.S, hs, he)
        if not m:
            return None
        a, b = self.r.tok_at(m.start()), self.r.tok_at(m.end() - 1)
        return max(_chars(t.t) for t in self.toks[a:b + 1])

    def _indicators(self, table: Table, i0: int, i1: int, cols: tuple[str, ...], has_note: bool) -> None:
        toks = self.toks
        self._mark_labels(i0, i1)
        blocks = self._find_blocks(i0, i1, cols)
        self._match_rests(i0, i1, blocks)
        levels = self._levels(blocks)
        in_block = set()
        for b in blocks:
            in_block.update(range(b["start"], b["end"]))
        if has_note:
            self.name_width = self._name_column_width(i0, i1, in_block)
        # Text between blocks: (tail of the previous row: name continuation / note, head of
        # the next row: its name), split on the labels in between.
        heads: list[list[_Tok]] = []
        tails: list[list[list[_Tok]]] = []
        bounds = [i0] + [b["end"] for b in blocks]
        for n, b in enumerate([*blocks, None]):
            lo = bounds[n]
            hi = b["start"] if b is not None else i1
            segs: list[list[_Tok]] = [[]]
            labelled = False
            for k in range(lo, hi):
                t = toks[k]
                if t.role:
                    labelled = True
                    if segs[-1]:
                        segs.append([])
                elif k not in in_block:
                    segs[-1].append(t)
            if segs and not segs[-1]:
                segs.pop()
            if b is None:  # after the last row: all of it is that row's tail
                tails.append(segs)
                break
            last_is_label = hi > lo and toks[hi - 1].role != ""
            if last_is_label or not segs:
                tail, head = segs, []
            elif n == 0:
                tail, head = [], segs[-1:]
            elif labelled:
                tail, head = segs[:-1], segs[-1]
                head = [head] if head else []
            else:
                tail, head = self._split_unlabelled(segs[-1], blocks[n - 1], has_note)
            tails.append(tail)
            heads.append(head[0] if head else [])
        for n, b in enumerate(blocks):
            tail = tails[n + 1] if n + 1 < len(tails) else []
            table.rows.append(self._row(b, heads[n], tail, levels[n], has_note))

    def _name_column_width(self, i0: int, i1: int, in_block: set[int]) -> float | None:
        """Width of the name column, from the row text (labels and values left out).

        A line that wraps onto another line of the same cell fills its column: the widest
        such line wider than a note line is a wrapped name line. Without one, the widest
        text line is a lower bound (every name fits its column)."""
        cap = (self.note_width or 0.0) + _NOTE_SLACK
        widest = wrapped = 0.0
        gap: list[list[_Tok]] = []  # lines of text between two labels or value blocks

        def close() -> None:
            nonlocal widest, wrapped
            for n, ln in enumerate(gap):
                w = _width(ln)
                widest = max(widest, w)
                if n < len(gap) - 1 and w > cap:
                    wrapped = max(wrapped, w)
            gap.clear()

        for k in range(i0, i1):
            t = self.toks[k]
            if t.role or k in in_block:
                close()
            elif t.nl or not gap:
                gap.append([t])
            else:
                gap[-1].append(t)
        close()
        return wrapped or widest or None

    def _mark_labels(self, i0: int, i1: int) -> None:
        """Mark framework labels, matched on concatenated consecutive tokens (longest);
        a token run that is only the start of a level label becomes a candidate cut label."""
        toks = self.toks
        self.groups = []
        k = i0
        while k < i1:
            s = ""
            full = -1
            prefix_end = -1
            j = k
            while j < i1 and j - k < _MAX_LABEL_TOKENS:
                s += toks[j].f
                if s not in _LABEL_PREFIXES:
                    break
                if s in _ALL_LABELS:
                    full = j
                if s in _LEVEL_PREFIXES:
                    prefix_end = j
                j += 1
            if full >= 0:
                lab = "".join(toks[x].f for x in range(k, full + 1))
                role = "label" if lab in _LEVEL_LABELS else "frame"
                nxt = toks[full + 1] if full + 1 < i1 else None
                if role == "label" and nxt is not None and not nxt.nl and _QSTART.match(nxt.f):
                    # A label's words followed on their line by a target (服务对象满意度
                    # ≥90% …): an indicator named like a level, not the level's cell.
                    k = full + 1
                    continue
                self._set_group(k, full + 1, lab, role)
                k = full + 1
                continue
            if prefix_end >= 0 and not toks[k].num:
                lab = "".join(toks[x].f for x in range(k, prefix_end + 1))
                self._set_group(k, prefix_end + 1, lab, "part")
                k = prefix_end + 1
                continue
            k += 1

    def _set_group(self, a: int, b: int, label: str, role: str) -> None:
        for x in range(a, b):
            self.toks[x].role = role
        self.groups.append({"a": a, "b": b, "label": label, "role": role})

    def _match_rests(self, i0: int, i1: int, blocks: list[dict]) -> None:
        """Confirm a cut label (``社会效益指`` ... ``标``) by finding its rest after the values
        of the row it precedes; unconfirmed candidates go back to text."""
        toks = self.toks
        starts = [b["start"] for b in blocks]
        in_block: set[int] = set()
        for b in blocks:
            in_block.update(range(b["start"], b["end"]))
        drop: list[dict] = []
        for g in self.groups:
            if g["role"] != "part":
                continue
            cut = g["label"]
            rests = {lab[len(cut):]: lab for lab in _LEVEL_LABELS if lab.startswith(cut) and len(lab) > len(cut)}
            nb = bisect.bisect_right(starts, g["a"])  # the row this label leads
            limit = starts[nb + 1] if nb + 1 < len(starts) else i1
            lo = blocks[nb]["end"] if nb < len(blocks) else g["b"]
            found = self._find_rest(lo, limit, rests, in_block)
            if any(x in in_block for x in range(g["a"], g["b"])):
                found = None  # the "label" was read as a value (满意 满意 10 10)
            if found is None:
                for x in range(g["a"], g["b"]):
                    toks[x].role = ""
                drop.append(g)
                continue
            a, b, full = found
            g["label"] = full
            for other in self.groups:
                if other is not g and other["a"] >= a and other["b"] <= b:
                    drop.append(other)  # 社会 ... 效益指标: the rest is not a new label
            for x in range(a, b):
                toks[x].role = "rem"
        self.groups = [g for g in self.groups if not any(g is d for d in drop)]

    def _find_rest(self, lo: int, hi: int, rests: dict[str, str], in_block: set[int]
                   ) -> tuple[int, int, str] | None:
        toks = self.toks
        for a in range(lo, hi):
            if toks[a].role not in ("", "label") or a in in_block:
                continue
            s = ""
            for b in range(a, min(hi, a + 6)):
                if toks[b].role not in ("", "label") or b in in_block:
                    break
                s += toks[b].f
                if s in rests and self._covers_labels(a, b + 1):
                    return a, b + 1, rests[s]
                if not any(r.startswith(s) for r in rests):
                    break
        return None

    def _covers_labels(self, a: int, b: int) -> bool:
        """``[a, b)`` holds whole label groups only (never half of one)."""
        return all(g["a"] >= a and g["b"] <= b for g in self.groups
                   if g["role"] == "label" and g["a"] < b and g["b"] > a)

    def _levels(self, blocks: list[dict]) -> list[tuple[str | None, str | None]]:
        """Level1/level2 in force at each row: the labels read so far (the converter prints
        a merged label cell at its top, before the rows it spans)."""
        events = [(g["a"], g["label"]) for g in sorted(self.groups, key=lambda g: g["a"])
                  if g["role"] in ("label", "part") and g["label"] in _LEVEL_LABELS]
        out: list[tuple[str | None, str | None]] = []
        l1: str | None = None
        l2: str | None = None
        ev = 0
        for b in blocks:
            st = b["start"]
            while ev < len(events) and events[ev][0] < st:
                lab = events[ev][1]
                nxt = events[ev + 1] if ev + 1 < len(events) and events[ev + 1][0] < st else None
                if lab in _L1_ONLY:
                    l1, l2 = lab, None
                elif lab in _L2_ONLY:
                    l2 = lab
                elif nxt is not None and (nxt[1] in _L2_ONLY or nxt[1] == lab):
                    l1, l2 = lab, None
                elif l1 == lab or (lab == "成本指标" and l1 == "产出指标"):
                    l2 = lab
                else:
                    l1, l2 = lab, None
                ev += 1
            out.append((l1, l2))
        return out

    # value blocks
    def _find_blocks(self, i0: int, i1: int, cols: tuple[str, ...]) -> list[dict]:
        toks = self.toks
        blocks: list[dict] = []
        memo: dict[int, dict | None] = {}
        lo = i0
        k = i0
        while k < i1:
            if not (toks[k].num and not toks[k].role):
                k += 1
                continue
            cands = []
            for e in (k, k + 1):
                if e < i1 and toks[e].num and not toks[e].role:
                    if e not in memo:
                        memo[e] = self._block_ending(e, lo, i1, cols)
                    if memo[e] is not None:
                        cands.append(memo[e])
            if not cands:
                k += 1
                continue
            best = max(cands, key=lambda b: (b["q"], b["score_tok"]))
            blocks.append(best)
            lo = k = best["end"]
            memo.clear()  # readings depend on where the previous row ended
        return blocks

    def _block_ending(self, e: int, lo: int, hi: int, cols: tuple[str, ...]) -> dict | None:
        """Best reading of the value block whose last column ends at token ``e``."""
        best: dict | None = None
        if cols[-2] in ("weight", "score") and not (e - 1 >= lo and self.toks[e - 1].num):
            return None  # quick reject: the column before the last is a number too
        readings = self._standard_back(e, lo) if cols == _DEFAULT_COLS else \
            self._match_back(cols, len(cols) - 1, e + 1, lo)
        for assign, start, q in readings:
            w = assign.get("weight")
            s = assign.get("score")
            if w is None or s is None:
                continue
            wv = float(_toks_f(self.toks, w).replace(",", ""))
            sv = float(_toks_f(self.toks, s).replace(",", ""))
            if wv > 100:
                continue
            q += 2 if sv <= wv + 0.01 else -2
            if best is None or q > best["q"]:
                best = {"assign": assign, "start": start, "end": e + 1, "q": q, "score_tok": e}
        if best is None:
            return None
        # A score wrapped inside its fraction (``8.7\n0``).
        s0 = best["assign"]["score"][0]
        nxt = e + 1
        if cols[-1] == "score" and "." in self.toks[e].f and nxt < hi and self.toks[nxt].nl \
                and self.toks[nxt].f.isdigit() and not self.toks[nxt].role \
                and (nxt + 1 >= hi or self.toks[nxt + 1].nl):
            best["assign"]["score"] = (s0, nxt + 1)
            best["end"] = nxt + 1
        return best

    def _standard_back(self, e: int, lo: int) -> Iterator[tuple[dict[str, tuple[int, int]], int, float]]:
        """``_match_back`` for the usual TARGET ACTUAL WEIGHT SCORE order (the hot path)."""
        w = e - 1
        for a_start, aq in self._quantity_back(w, lo):
            for t_start, tq in self._quantity_back(a_start, lo):
                yield ({"target": (t_start, a_start), "actual": (a_start, w), "weight": (w, e),
                        "score": (e, e + 1)}, t_start, aq + tq)

    def _match_back(self, cols: tuple[str, ...], ci: int, end: int, lo: int
                    ) -> Iterator[tuple[dict[str, tuple[int, int]], int, float]]:
        """Readings of columns ``cols[:ci+1]`` ending right before token ``end``."""
        if ci < 0:
            yield {}, end, 0.0
            return
        col = cols[ci]
        toks = self.toks
        if col in ("weight", "score"):
            k = end - 1
            if k >= lo and toks[k].num and not toks[k].role:
                for assign, start, q in self._match_back(cols, ci - 1, k, lo):
                    yield {**assign, col: (k, k + 1)}, start, q
            return
        if col == "basis":
            for split in range(end - 1, max(lo, end - 60) - 1, -1):
                if toks[split].role == "label" or toks[split].role == "frame":
                    break
                for assign, start, q in self._match_back(cols, ci - 1, split, lo):
                    yield {**assign, col: (split, end)}, start, q - 0.01 * (end - split)
            return
        for qs, qq in self._quantity_back(end, lo):
            for assign, start, q in self._match_back(cols, ci - 1, qs, lo):
                yield {**assign, col: (qs, end)}, start, q + qq

    def _quantity_back(self, end: int, lo: int) -> list[tuple[int, float]]:
        """Possible starts of a target/actual cell ending before token ``end``, with a
        plausibility: a number (with operator and unit pieces) or one qualitative word."""
        toks = self.toks
        out: list[tuple[int, float]] = []
        j = end - 1
        units = 0
        while j >= lo and units < 3 and _is_unit(toks[j]):
            j -= 1
            units += 1
        if j >= lo and not toks[j].role and _QSTART.match(toks[j].f) and \
                (units == 0 or _ENDS_DIGIT.search(toks[j].f)):
            st = j
            if j - 1 >= lo and _LONE_OP.match(toks[j - 1].f) and not toks[j - 1].role:
                st = j - 1
            out.append((st, 2.0 if not _NUM.match(toks[j].f) or units else 1.0))
        t = toks[end - 1] if end - 1 >= lo else None
        if t is not None and not t.role and not _HAS_DIGIT.search(t.f) and not _PUNCT.search(t.f) \
                and len(t.f) <= 8:
            q = 1.0 if t.f in _KNOWN_QUAL else (0.0 if len(t.f) <= 4 else -1.0)
            out.append((end - 1, q))
        return out

    def _note_cap(self) -> float | None:
        """Widest line the note column prints, when the name column is clearly wider (a
        wrapped name line, which fills the name column, cannot pass for a note line)."""
        if self.note_width is None or self.name_width is None:
            return None
        cap = self.note_width + _NOTE_SLACK
        return cap if self.name_width - _FULL_SLACK > cap else None

    def _split_unlabelled(self, seg: list[_Tok], prev: dict, has_note: bool
                          ) -> tuple[list[list[_Tok]], list[list[_Tok]]]:
        """Text between two rows with no label in between: the next row's name, maybe
        preceded by the previous row's note."""
        if not has_note or not seg:
            return [], [seg]
        lines = _lines_of(seg)
        if len(lines) < 2:
            return [], [seg]
        cap = self._note_cap()
        if cap is not None:
            # The name is its last line (beside or above the values) and the wrapped lines
            # before it, which fill the name column; the narrow lines before those are the
            # previous row's note, whatever its score (a full-score row may explain why it
            # overshot or missed its target).
            cut = len(lines) - 1
            while cut > 0 and _width(lines[cut - 1]) > cap:
                cut -= 1
            return ([[t for ln in lines[:cut] for t in ln]] if cut else []), [[t for ln in lines[cut:] for t in ln]]
        # Widths cannot tell the columns apart: a row that kept all its points has no note.
        w = parse_number(_toks_f(self.toks, prev["assign"]["weight"]))
        s = parse_number(_toks_f(self.toks, prev["assign"]["score"]))
        if w is None or s is None or s >= w:
            return [], [seg]
        # The note column is narrower than the name column: the name starts at the first
        # line wider than the note lines seen, else it is the last line.
        widths = [_width(ln) for ln in lines]
        cut = len(lines) - 1
        for n in range(1, len(lines)):
            if widths[n] > max(widths[:n]) + 1:
                cut = n
                break
        note = [t for ln in lines[:cut] for t in ln]
        name = [t for ln in lines[cut:] for t in ln]
        return [note], [name]

    def _note_run(self, seg: list[_Tok]) -> list[_Tok]:
        """Text after a row's values that starts with several lines the note column can
        hold is the row's note (a wrapped name would fill the name column): cut it at its
        first wider line, which is not this row's (an unparsed row, such as one with an
        empty cell). Other text is returned whole for ``_continues`` to judge."""
        cap = self._note_cap()
        lines = _lines_of(seg)
        if cap is None or len(lines) < 2 or _width(lines[0]) > cap or _width(lines[1]) > cap:
            return seg
        return _up_to_wider(seg, lines, cap)

    def _note_lines(self, seg: list[_Tok]) -> list[_Tok]:
        """The lines of a note text up to the first the note column cannot print."""
        cap = self._note_cap()
        return seg if cap is None else _up_to_wider(seg, _lines_of(seg), cap)

    def _continues(self, b: dict, head: list[_Tok], seg: list[_Tok]) -> bool:
        """Is the first text after a row's values the rest of its name (the values sit in
        the middle of a multi-line name cell) rather than its 偏差原因 note?"""
        if not head or not self.has_note:
            return True
        if _join_toks(head).endswith(_CONTINUES):
            return True
        lines = _lines_of(seg)
        if self.note_width is not None:
            if max(map(_width, lines)) > self.note_width + _NOTE_SLACK:
                return True  # wider than the note column can print
        toks = self.toks
        cap = self._note_cap()
        if cap is not None and self.name_width is not None:
            if len(lines) > 1:
                return False  # a name wrapped over several lines fills the name column
            if _width(_lines_of(head)[-1]) < self.name_width - _FULL_SLACK:
                return False  # the name's last line does not fill its column: it ended there
        a = b["assign"]
        beside = not toks[b["start"]].nl and head[-1] is toks[b["start"] - 1]
        w = parse_number(_toks_f(toks, a["weight"]))
        sc = parse_number(_toks_f(toks, a["score"]))
        return beside and w is not None and sc is not None and sc >= w

    def _row(self, b: dict, head: list[_Tok], tail: list[list[_Tok]], level: tuple[str | None, str | None],
             has_note: bool) -> IndicatorRow:
        text = self.text
        toks = self.toks
        a = b["assign"]

        def qty(key: str) -> Quantity:
            x, y = a[key]
            s, e = toks[x].s, toks[y - 1].e
            return parse_quantity(text[s:e], s)

        name_parts = [head] if head else []
        note_parts: list[list[_Tok]] = []
        tail = list(tail)
        if tail:
            tail[0] = self._note_run(tail[0])
        if tail and self._continues(b, head, tail[0]):
            name_parts.append(tail.pop(0))
        if has_note:
            note_parts = [p for p in map(self._note_lines, tail) if p]
        # else: text after a label that follows the row, with no note column to hold it,
        # is stray (a repeated page header, a footnote): it is dropped.
        name = "".join(_join_toks(p) for p in name_parts)
        note = "".join(_join_toks(p) for p in note_parts)
        ws, we = toks[a["weight"][0]].s, toks[a["weight"][1] - 1].e
        ss, se = toks[a["score"][0]].s, toks[a["score"][1] - 1].e
        name_toks = [t for p in name_parts for t in p]
        note_toks = [t for p in note_parts for t in p]
        vstart = toks[b["start"]].s
        vend = toks[b["end"] - 1].e
        start = min([vstart] + [t.s for t in name_toks])
        end = max([vend] + [t.e for t in name_toks] + [t.e for t in note_toks])
        if level not in self.categories:  # rows of a group share their level labels
            self.categories[level] = categorise(level[0], level[1])
        c1, c2 = self.categories[level]
        return IndicatorRow(
            level1=level[0], level2=level[1], name=name, target=qty("target"), actual=qty("actual"),
            weight=parse_number(text[ws:we]), score=parse_number(text[ss:se]), note=note,
            start=start, end=end, category1=c1, category2=c2,
            weight_span=(ws, we), score_span=(ss, se),
            note_span=(note_toks[0].s, note_toks[-1].e) if note_toks else None,
            name_span=(name_toks[0].s, name_toks[-1].e) if name_toks else None,
        )


def _lines_of(seg: list[_Tok]) -> list[list[_Tok]]:
    lines: list[list[_Tok]] = []
    for t in seg:
        if t.nl or not lines:
            lines.append([t])
        else:
            lines[-1].append(t)
    return lines


def _up_to_wider(seg: list[_Tok], lines: list[list[_Tok]], cap: float) -> list[_Tok]:
    """``seg`` (split into ``lines``) up to its first line wider than ``cap``."""
    k = next((n for n, ln in enumerate(lines) if _width(ln) > cap), len(lines))
    return seg if k == len(lines) else [t for ln in lines[:k] for t in ln]


def _width(line: list[_Tok]) -> float:
    """Printed width of one line of tokens in CJK characters (a space between them counts
    half)."""
    return sum(_chars(t.t) for t in line) + 0.5 * (len(line) - 1)


def _chars(s: str) -> float:
    """Width in CJK characters (ASCII counts half). The ASCII characters are counted by
    encoding (C speed) rather than one test per character."""
    return len(s) - 0.5 * len(s.encode("ascii", "ignore"))


def _toks_f(toks: list[_Tok], g: tuple[int, int]) -> str:
    return _joined(toks, g)


def _is_unit(t: _Tok) -> bool:
    f = t.f
    if t.role:
        return False
    if _BRACKET_UNIT.match(f):
        return True
    return len(f) <= 4 and not _HAS_DIGIT.search(f) and not _PUNCT.search(f) and not _LONE_OP.match(f)


def _split_goal(lines: list[str]) -> int:
    """Where the 预期目标 cell ends and the 实际完成情况 cell begins.

    The converter prints the two cells one after the other; they have different widths,
    so the wrapped (non-final) lines of each cell are about equally wide. Pick the cut that
    makes both cells most uniform, preferring a cut after a sentence end.
    """
    n = len(lines)
    if n == 1:
        return 1
    widths = [_chars(ln.strip()) for ln in lines]

    def ragged(a: int, b: int) -> float:
        full = widths[a:b - 1]  # the last line of a cell may be short
        if not full:
            return 0.0
        top = max(full)
        over = max(0, widths[b - 1] - top)  # a last line wider than the cell: wrong cut
        # sum(top - w) as top * n - sum(w): widths are multiples of 0.5, so both are exact
        return top * len(full) - sum(full) + 2 * over

    best_k, best = n, float("inf")
    for k in range(1, n + 1):
        cost = ragged(0, k) + ragged(k, n)
        if not lines[k - 1].rstrip().endswith(_SENTENCE_END):
            cost += 3
        if k == n:
            cost += 5  # an empty 实际完成情况 is unusual
        if cost < best:
            best_k, best = k, cost
    return best_k


def parse_lines_table(text: str, start: int, end: int, kind: str, folded: str | None = None) -> Table:
    """Parse the table in ``text[start:end]`` (title line to the 总分 row).

    ``kind`` is ``project`` or ``overall``. All offsets in the result index ``text``.
    ``folded``: ``fold_width(text)`` when the caller has it (NormText.folded).
    """
    return _Parser(text, start, end, kind, folded).run()
