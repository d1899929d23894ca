"""Parsing of table cells and narrative numbers: numbers, percents, quantities, dates.

The reports are typed by hand and often OCR'd or re-flowed from PDF, so a number may carry
thousands separators (``2,124.45``), stray spaces around its separators (``2,124. 45``,
``1, 943. 66``), a line break inside its fraction (``100.0\\n0``), full-width digits
(``１２．５``) and units glued to it (``万元``, ``元/块``). A target/actual cell adds an operator
(``>=``, ``≥``, ``不低于``, ``以上`` as a suffix ...), a range (``10%-20%``), a date
(``=2024年10月前``) or a qualitative phrase (``有效提升``).

Everything here works on one cell or one short snippet; callers locate the snippet (with
its original offsets) themselves. Matching happens on a width-folded copy (1:1 map, see
:func:`extract.normalize.fold_width`), ``raw`` is always kept verbatim.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from extract.model import Quantity
from extract.normalize import fold_width

__all__ = [
    "OPERATOR_PATTERNS",
    "QUALITATIVE_WORDS",
    "SUFFIX_OPERATORS",
    "direction_of",
    "parse_date",
    "parse_number",
    "parse_percent",
    "parse_quantity",
]

# Canonical operator -> spellings found *before* the number. Spellings are listed as they
# appear in reports (full-width forms included); they are width-folded before matching, so
# ``＞＝`` and ``>＝`` both become ``>=``. ``达到``/``达`` read as "reach at least".
OPERATOR_PATTERNS: dict[str, tuple[str, ...]] = {
    ">=": (">=", "≥", "＞＝", ">＝", "＞=", "≧", "=>", "大于等于", "大于或等于", "不低于", "不少于",
           "不小于", "至少", "达到", "达"),
    "<=": ("<=", "≤", "＜＝", "<＝", "＜=", "≦", "=<", "小于等于", "小于或等于", "不超过", "不高于",
           "不多于", "不大于", "控制在", "最多", "至多"),
    "=": ("=", "＝", "==", "等于", "为"),
    ">": (">", "＞", "大于", "高于", "超过", "多于"),
    "<": ("<", "＜", "小于", "低于", "少于"),
}

# Suffix words after the number/unit that carry the operator (``95%以上``, ``控制在5%以内``).
SUFFIX_OPERATORS: dict[str, str] = {
    "及以上": ">=", "以上": ">=", "或以上": ">=",
    "及以下": "<=", "以下": "<=", "或以下": "<=", "以内": "<=", "之内": "<=", "内": "<=",
}

# Qualitative target/actual values seen in 绩效自评表 (no number). Any other text without a
# number is treated as qualitative as well; the list documents the vocabulary and lets
# callers recognise a qualitative cell inside longer text.
QUALITATIVE_WORDS: tuple[str, ...] = (
    "保障", "有效保障", "有力保障", "有效提升", "有效提高", "明显提升", "显著提升", "显著提高",
    "完全达到预期", "完全达到预期目标", "完全到达预期目标", "基本达到预期", "部分达到预期",
    "达到预期", "达到预期目标", "及时宣传", "高效推进完善", "长期", "持续", "有效", "促进", "提高",
    "提升", "达到", "改善", "是", "否", "优", "良", "良好", "中", "差", "合格", "不合格", "好",
    "较好", "一般", "及时", "按时", "按期", "完成", "已完成", "未完成", "无", "零",
)

# Characters removed before matching: HTML tags (only real tags: ``<p>``, ``</td>``; never the
# ``<=`` operator) and the unicode minus, folded to ASCII.
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_EXTRA_FOLD = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "—", "\u301c": "~", "\ufe6a": "%"})

# One number: optional sign (not after a digit: ``10-20`` is a range), integer part, groups
# of three digits after a comma (full-width ``，`` included), fraction; spaces/newlines may sit
# around the separators, and a line break may split the fraction (``100.0\n0``).
_NUM_SRC = (
    r"(?:(?<![0-9.%])[-+])?\d+"
    r"(?:\s*[,，]\s*\d{3}(?!\d))*"
    r"(?:\s*\.\s*\d+(?:[ \t]*\n\s*\d+)*)?"
)
_NUM = re.compile(_NUM_SRC)
_NUM_JUNK = re.compile(r"[\s,，]+")

# A cell with nothing in it: dashes, slashes, underscores, dots.
_EMPTY = re.compile(r"^[\s\-—_/\\、.。·…~]*$")

_PREFIX_OPS = sorted(
    ((fold_width(sp), op) for op, sps in OPERATOR_PATTERNS.items() for sp in sps),
    key=lambda t: -len(t[0]),
)
_PREFIX_MAP = dict(_PREFIX_OPS)
_PREFIX_RE = re.compile(r"\s*(" + "|".join(re.escape(sp) for sp, _ in _PREFIX_OPS) + r")\s*")
_SUFFIX_RE = re.compile(r"(" + "|".join(re.escape(s) for s in sorted(SUFFIX_OPERATORS, key=len, reverse=True))
                        + r")\s*[。；;,，.]*\s*$")

# A range: number [unit] separator number [unit]. The unit may not contain digits or the
# separators themselves.
_UNIT_SRC = r"[^\d\s~\-—至到,，.]{0,8}"
_RANGE = re.compile(
    rf"^(?P<lo>{_NUM_SRC})\s*(?P<u1>{_UNIT_SRC})\s*(?:~|-|—|－|至|到)\s*(?P<hi>{_NUM_SRC})\s*(?P<u2>{_UNIT_SRC})\s*$"
)

# Dates written as targets: ``2024年10月前``, ``2024 年 12 月``, ``2024-12-31``, ``2023.12``.
_DATE_CN = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?)?"
)
_DATE_NUM = re.compile(r"(?<![\d.])((?:19|20)\d{2})\s*[-/.]\s*(\d{1,2})(?:\s*[-/.]\s*(\d{1,2}))?(?![\d])")
_DATE_CELL = re.compile(
    r"^(?:(?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?)?"
    r"|(?:19|20)\d{2}\s*[-/.]\s*\d{1,2}(?:\s*[-/.]\s*\d{1,2})?)"
    r"\s*(?:前|以前|之前|底|末|年底|内|以内|完成|前完成)?[。.]?$"
)
_WS = re.compile(r"\s+")
_TRAIL_PUNCT = re.compile(r"[。；;,，:：]+$")

# At most this many characters of text may precede the number in a quantity cell
# (``约``, ``累计``, ``全年``); longer prose makes the cell qualitative.
_MAX_LEAD = 4


@lru_cache(maxsize=16384)
def _clean(s: str) -> str:
    """Strip HTML, unescape entities, fold width; the result is only used for matching."""
    if "<" in s:
        s = _TAG.sub(" ", s)
    if "&" in s:
        s = html.unescape(s)
    return fold_width(s).translate(_EXTRA_FOLD).strip()


def _to_float(tok: str) -> float:
    return float(_NUM_JUNK.sub("", tok))


@lru_cache(maxsize=16384)
def parse_number(s: str | None) -> float | None:
    """The single number printed in ``s`` (units, ``%`` and signs around it ignored).

    ``None`` when ``s`` holds no number or two separate numbers (``10 10``).
    """
    if not s:
        return None
    t = _clean(s)
    found = _NUM.findall(t)
    if len(found) != 1:
        return None
    return _to_float(found[0])


def parse_percent(s: str | None) -> float | None:
    """Percent value of ``99.49%`` / ``99. 49%`` / ``100.0\\n0%`` (returns 99.49, not 0.9949).

    A bare number is accepted too: rate columns often omit the ``%`` sign.
    """
    return parse_number(s)


def parse_date(s: str | None) -> tuple[int, int | None, int | None] | None:
    """First date in ``s`` as ``(year, month, day)``; month/day ``None`` when not written."""
    if not s:
        return None
    t = _clean(s)
    for rx in (_DATE_CN, _DATE_NUM):
        m = rx.search(t)
        if not m:
            continue
        y = int(m.group(1))
        mo = int(m.group(2)) if m.group(2) else None
        d = int(m.group(3)) if m.group(3) else None
        if mo is not None and not 1 <= mo <= 12:
            continue
        if d is not None and not 1 <= d <= 31:
            d = None
        return y, mo, d
    return None


def _unit(text: str) -> str | None:
    u = _TRAIL_PUNCT.sub("", _WS.sub("", text))
    return u or None


def _split_suffix(text: str) -> tuple[str, str | None]:
    """Remove a suffix operator (``以上``, ``以内``) from the unit text."""
    m = _SUFFIX_RE.search(text)
    if not m:
        return text, None
    return text[: m.start()], SUFFIX_OPERATORS[m.group(1)]


def parse_quantity(raw: str, start: int = -1) -> Quantity:
    """Parse a target or actual cell; never raises, ``raw`` is kept verbatim.

    ``start`` is the cell's offset in the document (``end = start + len(raw)``).
    """
    op, value, unit, high = _parse_quantity_cached(raw)
    return Quantity(raw=raw, op=op, value=value, unit=unit, high=high,
                    start=start, end=start + len(raw) if start >= 0 else -1)


@lru_cache(maxsize=16384)
def _parse_quantity_cached(raw: str) -> tuple[str | None, float | None, str | None, float | None]:
    q = _parse_quantity(raw)
    return q.op, q.value, q.unit, q.high


def _parse_quantity(raw: str) -> Quantity:
    q = Quantity(raw=raw)
    if not raw:
        return q
    t = _clean(raw)
    if _EMPTY.match(t):
        return q

    op: str | None = None
    m = _PREFIX_RE.match(t)
    if m:
        if m.end() == len(t) and not t.strip().isalpha():
            return q  # an operator with nothing after it (``=``): an empty cell
        if m.end() < len(t):
            op = _PREFIX_MAP[m.group(1)]
            t = t[m.end():]
    rest, suffix_op = _split_suffix(t)
    if op is None:
        op = suffix_op  # ``95%以上``; with a prefix (``控制在5%以内``) the prefix wins
    rest = rest.strip()

    if _DATE_CELL.match(rest):
        q.op = op or "="
        return q

    r = _RANGE.match(rest)
    if r:
        q.op = "range"
        q.value = _to_float(r.group("lo"))
        q.high = _to_float(r.group("hi"))
        q.unit = _unit(r.group("u2") or r.group("u1") or "")
        return q

    nums = list(_NUM.finditer(rest))
    if not nums:
        q.op = "qualitative"
        return q
    if len(nums) > 1:
        q.op = op  # several numbers (``10 10``, a sentence): value unreadable
        return q
    n = nums[0]
    lead = rest[: n.start()].strip()
    if len(lead) > _MAX_LEAD:
        q.op = "qualitative"
        return q
    q.op = op or "="
    q.value = _to_float(n.group())
    q.unit = _unit(rest[n.end():])
    return q


def direction_of(op: str | None, name: str = "") -> str:
    """Which way is good for an indicator with target operator ``op``.

    ``name`` is accepted for a later refinement (``=`` rows named 率/成本); unused for now.
    """
    if op in (">=", ">"):
        return "higher_better"
    if op in ("<=", "<"):
        return "lower_better"
    if op in ("=", "range"):
        return "exact"
    return "qualitative"
