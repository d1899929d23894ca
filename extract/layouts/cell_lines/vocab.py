"""The ``cell_lines`` layout's vocabulary and token stream.

绩效自评表 laid out one cell per line, as PDF-to-text converters emit them.

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

from extract.field_words import OPERATOR_PATTERNS, QUALITATIVE_WORDS
from extract.fields import parse_number
from extract.framework import LEVEL1, LEVEL2
from extract.model import NumberCell
from extract.normalize import WIDTH_TABLE, fold_width

# ------------------------------------------------------------------------- vocabulary

_L1_ONLY = frozenset(LEVEL1) - frozenset(LEVEL2)
_L2_ONLY = frozenset(LEVEL2) - frozenset(LEVEL1)
# Names in both (满意度指标, 成本指标) take their level from the labels around them.
_LEVEL_LABELS = frozenset(LEVEL1) | frozenset(LEVEL2)
# Labels that frame the indicator block (the vertical 年度绩效指标完成情况 cell, a header
# repeated after a page break): they carry no level.
_FRAME_LABELS = frozenset(
    {
        "年度绩效指标完成情况",
        "绩效指标完成情况",
        "年度绩效指标",
        "绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "预期指标值",
        "实际完成值",
        "实际完成指标值",
        "指标值设定依据",
        "分值",
        "分值权重",
        "权重",
        "得分",
        "偏差原因分析及改进措施",
    }
)
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
_OPS = sorted(
    {fold_width(sp) for sps in OPERATOR_PATTERNS.values() for sp in sps} | {"约"}, key=len, reverse=True
)
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
        ts = (
            fs
            if folded is raw
            else [raw[a - start : b - start] for a, b in zip(starts, tok_ends, strict=True)]
        )
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
        full = widths[a : b - 1]  # the last line of a cell may be short
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
