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

Forms beyond the clean ones, as real disclosures from other provinces print them:

* **OCR damage to operators** (scanned tables): ``≥`` read as ``工``, ``^`` or ``5=``, ``≤`` as
  ``W``, ``=`` as ``二``; ``%`` read as ``$``; ``100%`` as ``IO0%`` (letters I/l/O/o inside a
  digit run before ``%``). These glyphs never start a real value, so :func:`parse_quantity`
  repairs them on its matching copy (:func:`ocr_damage` names what was repaired). A ``≥``
  read as a leading ``2`` (``295%`` for ``≥95%``) is a plausible value on its own, so it is
  only repaired when the row says so (:func:`leading_two_as_ge`).
* **Deadline suffixes**: ``N月前``, ``N月底``, ``N月底到位`` are upper bounds (``<=``), like
  ``X天以内``; a full date (``2024年10月前``) keeps the date reading.
* **Text bounds**: ``不超过预算``, ``不高于市场价`` bound the value by a named reference and not
  a number; :func:`parse_quantity` calls them qualitative (no value to compare) and
  :func:`text_bound` returns the operator and the reference.
* **Split cells**: a target printed as ``=`` / ``100`` / ``%`` in three cells, or a unit in its
  own cell, is read by :func:`join_quantity` over the cells' spans (``raw`` covers the span
  from the first to the last cell, ``text`` is the pieces joined).
* **Rates as fractions**: ``0.958`` in a 执行率 column is 95.8%; :func:`parse_rate` scales
  only when the caller says the column is a rate and the column's own values are fractions.
* **Empty cells**: blank, ``/``, ``—``, ``-`` and ``无`` hold no number (:func:`is_empty`).

The vocabulary (operator spellings, units, qualitative words) is in :mod:`extract.field_words`,
re-exported here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from extract.field_words import (
    OPERATOR_PATTERNS,
    QUALITATIVE_WORDS,
    SUFFIX_OPERATORS,
    UNIT_PATTERN,
    UNIT_WORDS,
)
from extract.model import Quantity
from extract.normalize import WIDTH_TABLE, fold_width

__all__ = [
    "OPERATOR_PATTERNS",
    "QUALITATIVE_WORDS",
    "SUFFIX_OPERATORS",
    "UNIT_PATTERN",
    "UNIT_WORDS",
    "clean_cell",
    "direction_of",
    "is_empty",
    "is_unit",
    "join_quantity",
    "leading_two_as_ge",
    "ocr_damage",
    "parse_date",
    "parse_number",
    "parse_percent",
    "parse_quantity",
    "parse_rate",
    "text_bound",
]

_UNIT_CELL = re.compile(rf"^\s*{UNIT_PATTERN}\s*$", re.IGNORECASE)


def is_unit(raw: str) -> bool:
    """``raw`` is a unit of measure and nothing else (``%``, ``万元``, ``人/年``, ``台（套）``)."""
    return bool(raw) and len(raw) <= 16 and bool(_UNIT_CELL.match(_clean(raw)))


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
_SUFFIX_RE = re.compile(
    r"("
    + "|".join(re.escape(s) for s in sorted(SUFFIX_OPERATORS, key=len, reverse=True))
    + r")\s*(?:[（(](?:含|不含|含本数)[)）])?\s*[。；;,，.]*\s*$"
)  # ``95%以上（含）``

# A range: number [unit] separator number [unit]. The unit may not contain digits or the
# separators themselves.
_UNIT_SRC = r"[^\d\s~\-—至到,，.]{0,8}"
_RANGE_SEP = re.compile(r"[~\-—－至到]")
_RANGE = re.compile(
    rf"^(?P<lo>{_NUM_SRC})\s*(?P<u1>{_UNIT_SRC})\s*(?:~|-|—|－|至|到)\s*(?P<hi>{_NUM_SRC})\s*(?P<u2>{_UNIT_SRC})\s*$"
)

# Dates written as targets: ``2024年10月前``, ``2024 年 12 月``, ``2024-12-31``, ``2023.12``.
# ``日`` OCR'd as ``H`` (real-forms 6.5) is read after a month only, never elsewhere (24H).
_DATE_CN = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日H])?)?")
_DATE_NUM = re.compile(r"(?<![\d.])((?:19|20)\d{2})\s*[-/.]\s*(\d{1,2})(?:\s*[-/.]\s*(\d{1,2}))?(?![\d])")
# A date run together by OCR or re-flow (``20240630日``): only with the 日 that marks it.
_DATE_RUN = re.compile(r"(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])日")
_DATE_CELL = re.compile(
    r"^(?:(?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号H])?)?"
    r"|(?:19|20)\d{2}\s*[-/.]\s*(?:0?[1-9]|1[0-2])(?:\s*[-/.]\s*(?:0?[1-9]|[12]\d|3[01]))?"  # not 1900-0
    r"|(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])日)"
    r"\s*(?:前|以前|之前|底|末|年底|内|以内|完成|前完成)?[。.]?$"
)
_DIGIT = re.compile(r"\d")
_TRAIL_PUNCT_CHARS = "。；;,，:："  # stripped from the end of a unit
# Qualifiers printed after the unit that are no part of it: a bracketed note, 左右
# (approximately), or the completion word an actual may carry.
_UNIT_TAIL = re.compile(r"(?:[（(](?:含|不含|含本数|左右|暂定|预计|累计)[)）]|左右|完成|到位|达标)$")
_UNIT_TAIL_LAST = frozenset(")）右成位标")

# OCR damage to an operator at the start of a cell, before a number (or a damaged ``100``):
# ``工``/``^``/``5=`` for ``≥``, ``W`` for ``≤``, ``二`` for ``=``. None of them starts a real
# value, so the repair cannot misread a clean cell.
_OCR_OP_NAMES = {"工": ">=", "^": ">=", "W": "<=", "二": "="}
_OCR_OP = re.compile(
    r"^\s*(工|\^|5\s*=(?![=<>])|W|二(?![\d.\s]*[一二三四五六七八九十〇零]))\s*"
    r"(?=[+-]?\d|[IlOo][0-9IlOo]*\d)"
)  # not 二0二四年: a year in Chinese numerals
# ``IO0%``/``1O0%``/``l00%``: a run of digits and digit-like letters (one digit at least, one
# letter at least) right before a percent sign.
_OCR_DIGITS = re.compile(r"(?<![A-Za-z])(?=[0-9IlOo]*\d)(?=[0-9IlOo]*[IlOo])[0-9IlOo]{2,}(?=\s*[%$])")
_OCR_DIGIT_MAP = str.maketrans("IlOo", "1100")
# ``$`` for ``%`` after a number.
_OCR_PERCENT = re.compile(r"(?<=\d)(\s*)\$")
_OCR_TRIGGERS = frozenset("工^W二5IlOo$")

# Deadline suffixes after a month/day/year count: ``9月前``, ``10月底``, ``6月底到位``, ``3天前完成``
# are upper bounds. Full dates (``2024年10月前``) are read as dates before this applies.
_DEADLINE = re.compile(
    r"(?<=[月日天年周])\s*(?:底前|末前|底|末|以前|之前|前)\s*(?:完成|到位|完工|竣工)?\s*[。；;,，.]*\s*$"
)

# Spellings of a comparison (not an achievement word such as 达到/为): with a non-numeric
# reference they make a text bound (``不超过预算``, ``不高于市场价``, ``≤预算``).
_BOUND_SPELLINGS = tuple(
    sp
    for sp, op in ((fold_width(sp), op) for op, sps in OPERATOR_PATTERNS.items() for sp in sps)
    if op != "=" and sp not in {"达到", "达", "至少", "至多", "最多"}
)
_BOUND_PREFIX = re.compile(
    r"^\s*(" + "|".join(re.escape(sp) for sp in sorted(_BOUND_SPELLINGS, key=len, reverse=True)) + r")\s*"
)
_BOUND_REF_MAX = 12
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


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


def clean_cell(s: str) -> str:
    """A cell's text for matching: HTML tags and entities removed, width folded, stripped
    (offsets are not kept: use it to classify a cell, never to locate one)."""
    return _clean(s)


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
    if "$" in t or "%" in t:
        t = _repair_ocr(t, ops=False)[0]  # ``IO0%`` is 100, not 0
    found = list(_NUM.finditer(t))
    if len(found) != 1 or _lost_lead(t, found[0].start()):
        return None
    return _to_float(found[0].group())


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
    for rx in (_DATE_CN, _DATE_NUM, _DATE_RUN):
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
    u = "".join(text.split()).rstrip(_TRAIL_PUNCT_CHARS).lstrip(",，")
    if len(u) > 2 and u[-1] in _UNIT_TAIL_LAST:
        # ``%（含）``, ``%左右``, ``%完成``: the unit is what comes before the qualifier.
        u = _UNIT_TAIL.sub("", u) or u
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
    return Quantity(
        raw=raw,
        op=op,
        value=value,
        unit=unit,
        high=high,
        start=start,
        end=start + len(raw) if start >= 0 else -1,
    )


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
    t, ocr_op = _repair_ocr(t)

    op: str | None = ocr_op
    m = _PREFIX_RE.match(t) if ocr_op is None else None
    if m:
        if m.end() == len(t) and not t.strip().isalpha():
            return _NOTHING  # an operator with nothing after it (``=``): an empty cell
        if m.end() < len(t):
            op = _PREFIX_MAP[m.group(1)]
            t = t[m.end() :]
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
    dl = _DEADLINE.search(rest)
    if dl:
        rest = rest[: dl.start()]
        op = op or "<="

    r = _RANGE.match(rest) if _RANGE_SEP.search(rest) else None  # no separator: no range
    if r:
        return (
            "range",
            _to_float(r.group("lo")),
            _unit(r.group("u2") or r.group("u1") or ""),
            _to_float(r.group("hi")),
        )

    nums = list(_NUM.finditer(rest))
    if not nums:
        return "qualitative", None, None, None
    if len(nums) > 1:
        return op, None, None, None  # several numbers (``10 10``, a sentence): value unreadable
    n = nums[0]
    lead = rest[: n.start()].strip()
    if len(lead) > _MAX_LEAD:
        return "qualitative", None, None, None
    if _lost_lead(rest, n.start()):
        return op or "=", None, _unit(rest[n.end() :]), None
    return op or "=", _to_float(n.group()), _unit(rest[n.end() :]), None


def _lost_lead(t: str, i: int) -> bool:
    """The number at ``t[i]`` follows a bare decimal point (``.45`` printed for ``12.45``):
    its leading digits were lost, so its value is unknown."""
    return i > 0 and t[i - 1] == "." and (i < 2 or not t[i - 2].isdigit())


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


def _repair_ocr(t: str, ops: bool = True) -> tuple[str, str | None]:
    """The cleaned cell with OCR-damaged operators (when ``ops``), digits and percent signs
    repaired (matching copy only) and the operator read from a damaged glyph, if any."""
    if _OCR_TRIGGERS.isdisjoint(t):
        return t, None
    op = None
    m = _OCR_OP.match(t) if ops else None
    if m:
        glyph = m.group(1)
        op = _OCR_OP_NAMES.get(glyph, ">=")  # ``5=`` is the only multi-character glyph
        t = t[m.end() :]
    if "$" in t:
        t = _OCR_PERCENT.sub(r"\1%", t)
    if "%" in t:
        t = _OCR_DIGITS.sub(lambda d: d.group().translate(_OCR_DIGIT_MAP), t)
    return t, op


def ocr_damage(raw: str) -> tuple[str, ...]:
    """Which OCR repairs :func:`parse_quantity` applies to ``raw``: any of ``operator``
    (工/^/5=/W/二 read as ≥/≤/=), ``percent`` ($ for %), ``digits`` (IO0 for 100).

    Rules use it to tell a damaged glyph from an operator printed in an actual cell.
    """
    t = _clean(raw)
    if _OCR_TRIGGERS.isdisjoint(t):
        return ()
    out: list[str] = []
    m = _OCR_OP.match(t)
    if m:
        out.append("operator")
        t = t[m.end() :]
    if _OCR_PERCENT.search(t):
        out.append("percent")
        t = _OCR_PERCENT.sub(r"\1%", t)
    if _OCR_DIGITS.search(t):
        out.append("digits")
    return tuple(out)


def leading_two_as_ge(raw: str, others: Iterable[str], start: int = -1) -> Quantity | None:
    """``raw`` read as a damaged ``≥`` when the row supports it, else ``None``.

    OCR reads ``≥95%`` as ``295%``. A percent above 100 that starts with ``2`` is that damage
    when dropping the ``2`` leaves a percent of at most 100 and another cell of the row
    (``others``: the row's other target/actual cells) is a normal percent (at most 100):
    a target of 295% beside an actual of 96% is not a real pair, ≥95% beside 96% is.
    """
    op, value, unit, _ = _parse_quantity_cached(raw)
    if op != "=" or unit != "%" or value is None or value <= 100:
        return None
    t = _clean(raw)
    lead = t.lstrip()
    if not lead.startswith("2") or not lead[1:2].isdigit() or lead[1:2] == "0":
        return None  # ``200%``, ``205%``: the rest would start with a zero, no printed value does
    rest_op, rest_value, rest_unit, _ = _parse_quantity_cached(lead[1:])
    if rest_op != "=" or rest_unit != "%" or rest_value is None or rest_value > 100:
        return None
    for other in others:
        o_op, o_value, o_unit, _ = _parse_quantity_cached(other)
        if o_unit == "%" and o_value is not None and 0 <= o_value <= 100 and o_op not in (None, "range"):
            return Quantity(
                raw=raw,
                op=">=",
                value=rest_value,
                unit="%",
                start=start,
                end=start + len(raw) if start >= 0 else -1,
            )
    return None


def text_bound(raw: str) -> tuple[str, str] | None:
    """``(op, reference)`` of a target bounded by a named reference instead of a number:
    ``不超过预算`` -> ``("<=", "预算")``, ``不高于市场价`` -> ``("<=", "市场价")``,
    ``预算以内`` -> ``("<=", "预算")``. ``None`` when the cell has a number or no bound."""
    if not raw:
        return None
    t = _clean(raw)
    if _DIGIT.search(t) or _EMPTY.match(t):
        return None
    m = _BOUND_PREFIX.match(t)
    if m:
        ref = t[m.end() :]
        ref, _ = _split_suffix(ref)  # ``控制在预算以内``: the prefix wins
        op = _PREFIX_MAP[m.group(1)]
    else:
        ref, op_or_none = _split_suffix(t)
        if op_or_none is None:
            return None
        op = op_or_none
    ref = ref.strip().rstrip(_TRAIL_PUNCT_CHARS).strip()
    # A named reference (预算, 市场价): CJK text, not a unit (``≧ %`` is a blank value) or
    # stray symbols.
    if not ref or len(ref) > _BOUND_REF_MAX or is_unit(ref) or not _CJK_CHAR.search(ref):
        return None
    return op, ref


def is_empty(raw: str | None) -> bool:
    """A cell with no value: blank, ``/``, ``—``, ``-``, ``--`` or ``无``."""
    if raw is None:
        return True
    t = _clean(raw)
    return bool(_EMPTY.match(t)) or t.rstrip("。.") == "无"


def _fraction_token(raw: str) -> tuple[Decimal, bool] | None:
    """The rate cell's number as a Decimal and whether it carries a percent sign."""
    t, _ = _repair_ocr(_clean(raw))
    found = _NUM.findall(t)
    if len(found) != 1:
        return None
    try:
        return Decimal(_NUM_JUNK.sub("", found[0])), "%" in t
    except InvalidOperation:
        return None


def _in_fraction_range(tok: tuple[Decimal, bool]) -> bool:
    value, pct = tok
    return not pct and 0 <= value <= Decimal("1.5")


def _is_fraction(tok: tuple[Decimal, bool]) -> bool:
    return _in_fraction_range(tok) and _has_point(tok[0])


def _has_point(value: Decimal) -> bool:
    exp = value.as_tuple().exponent
    return isinstance(exp, int) and exp < 0


def parse_rate(raw: str | None, column: Sequence[str] | None = None) -> float | None:
    """A rate cell (执行率, 完成率) as a percent: ``95.8%``, ``95.8`` and ``0.958`` are all 95.8.

    Call it for rate columns only. A bare decimal at most 1.5 (``0.958``, ``1.02``) is a
    fraction of one; with ``column`` (the column's other cells) the whole column decides:
    it holds fractions when every number in it is at most 1.5 without ``%`` and one at least
    has a decimal point, so ``1`` beside ``0.958`` is 100 and ``1.5`` beside ``95.3`` stays 1.5.
    Alone, an exact 0/1 without a decimal point is not scaled (nothing says it is a fraction).
    """
    if raw is None or is_empty(raw):
        return None
    tok = _fraction_token(raw)
    if tok is None:
        return None
    value, pct = tok
    if pct:
        return float(value)
    if column is None:
        scale = _is_fraction(tok)
    else:
        toks = [t for t in (_fraction_token(c) for c in column if c and not is_empty(c)) if t is not None]
        toks.append(tok)
        scale = all(_in_fraction_range(t) for t in toks) and any(_has_point(t[0]) for t in toks)
    return float(value * 100) if scale else float(value)


def join_quantity(text: str, spans: Sequence[tuple[int, int]]) -> Quantity:
    """One target/actual printed over several cells (``=`` / ``100`` / ``%``, ``X`` / ``人/年``).

    ``spans`` index ``text`` in order; ``raw`` is the covering span ``text[first:last]``
    (separators included, so offsets stay honest) and ``text`` the pieces joined, which is
    what is parsed. One span gives the plain cell.
    """
    if not spans:
        raise ValueError("join_quantity needs at least one span")
    s0, e1 = spans[0][0], spans[-1][1]
    raw = text[s0:e1]
    if len(spans) == 1:
        return parse_quantity(raw, s0)
    joined = "".join(text[s:e].strip() for s, e in spans)
    op, value, unit, high = _parse_quantity_cached(joined)
    if value is None and not _DIGIT.search(joined):
        # An operator and a unit around a blank value (``≧ | %``): keep both, value None.
        t = _clean(joined)
        m = _PREFIX_RE.match(t)
        if m and m.end() < len(t) and is_unit(t[m.end() :]):
            op, unit = _PREFIX_MAP[m.group(1)], _unit(t[m.end() :])
    return Quantity(raw=raw, op=op, value=value, unit=unit, high=high, start=s0, end=e1, text=joined)
