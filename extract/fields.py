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
from extract.normalize import WIDTH_TABLE, fold_width

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
# The same number for scanning: the pattern opens with its first character as a plain class
# (a sign, checked by look-behind, or a digit) so the regex engine can skip to candidates
# instead of trying the optional-sign group at every position of a cell.
_NUM = re.compile(
    r"[-+\d](?:(?<=[-+])(?<![0-9.%][-+])\d+|(?<=\d)\d*)"
    r"(?:\s*[,，]\s*\d{3}(?!\d))*"
    r"(?:\s*\.\s*\d+(?:[ \t]*\n\s*\d+)*)?"
)
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
_RANGE_SEP = re.compile(r"[~\-—－至到]")
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
_DIGIT = re.compile(r"\d")
_TRAIL_PUNCT_CHARS = "。；;,，:："  # stripped from the end of a unit

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
    if s.isascii():  # every character the folding maps is non-ASCII: nothing to fold
        return s.strip()
    return _CLEAN_FOLDABLE.sub(_clean_fold_run, s).strip()


# Width folding and _EXTRA_FOLD in one pass over a cell: the two maps have disjoint domains
# and neither produces a character the other maps, so one table does both; runs needing it
# are found by one regex (a cell usually has none) instead of a translate per character.
_CLEAN_TABLE = {**WIDTH_TABLE, **_EXTRA_FOLD}
_CLEAN_FOLDABLE = re.compile(
    "[" + "".join(re.escape(chr(c)) for c, v in sorted(_CLEAN_TABLE.items()) if v != c) + "]+"
)


def _clean_fold_run(m: re.Match[str]) -> str:
    return m.group().translate(_CLEAN_TABLE)


def _to_float(tok: str) -> float:
    # float() reads a token without separators as it is (it ignores surrounding whitespace
    # only and rejects commas or inner spaces, which the fallback removes).
    try:
        return float(tok)
    except ValueError:
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
    # Whitespace removed (str.split() splits on the same Unicode whitespace as ``\s``) and
    # trailing punctuation stripped, with string methods: no regex.
    u = "".join(text.split()).rstrip(_TRAIL_PUNCT_CHARS)
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


def quantity_op(raw: str) -> str | None:
    """``parse_quantity(raw).op`` without building the Quantity (table parsers try a cell's
    operator at several column shifts)."""
    return _parse_quantity_cached(raw)[0]


_Parsed = tuple[str | None, float | None, str | None, float | None]  # op, value, unit, high
_NOTHING: _Parsed = (None, None, None, None)


@lru_cache(maxsize=16384)
def _parse_quantity_cached(raw: str) -> _Parsed:
    return _parse_quantity(raw)


def _parse_quantity(raw: str) -> _Parsed:
    """(op, value, unit, high) of a cell (tuples, not Quantity objects: the result is cached
    and a Quantity is built per call site)."""
    if not raw:
        return _NOTHING
    t = _clean(raw)
    if _EMPTY.match(t):
        return _NOTHING

    op: str | None = None
    m = _PREFIX_RE.match(t)
    if m:
        if m.end() == len(t) and not t.strip().isalpha():
            return _NOTHING  # an operator with nothing after it (``=``): an empty cell
        if m.end() < len(t):
            op = _PREFIX_MAP[m.group(1)]
            t = t[m.end():]
    if _DIGIT.search(t) is None:
        # No digit at all: a date, a range and a value all need one, so the cell is
        # qualitative (the common case for names tried at shifted columns: skip the rest).
        return "qualitative", None, None, None
    rest, suffix_op = _split_suffix(t)
    if op is None:
        op = suffix_op  # ``95%以上``; with a prefix (``控制在5%以内``) the prefix wins
    rest = rest.strip()

    if _DATE_CELL.match(rest):
        return op or "=", None, None, None

    r = _RANGE.match(rest) if _RANGE_SEP.search(rest) else None  # no separator: no range
    if r:
        return "range", _to_float(r.group("lo")), _unit(r.group("u2") or r.group("u1") or ""), _to_float(r.group("hi"))

    nums = list(_NUM.finditer(rest))
    if not nums:
        return "qualitative", None, None, None
    if len(nums) > 1:
        return op, None, None, None  # several numbers (``10 10``, a sentence): value unreadable
    n = nums[0]
    lead = rest[: n.start()].strip()
    if len(lead) > _MAX_LEAD:
        return "qualitative", None, None, None
    return op or "=", _to_float(n.group()), _unit(rest[n.end():]), None


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
