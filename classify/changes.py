"""What a stated change (:class:`extract.model.Change`) says, whatever its phrasing.

The narrative reader gives each change an amount (万元), a rate and what the rate is
(``rate_kind``: growth, completion 完成预算的X%, points 个百分点, share 占X%), a base
(上年, 年初预算 …) and where the direction came from. The checks need the same few
answers from every form: is there a change to explain, which way, how large, and what the
printed digits allow. They are answered here once, so RSN and SUM agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from extract.model import Change

from .arith import half_unit

# How many 万元 one unit as written is.
UNIT_SCALE = {"元": 1e-4, "万元": 1.0, "万": 1.0, "亿元": 1e4, "亿": 1e4}
# (?<![\d.]) is asserted after the first digit, not before it: a pattern that starts with a
# digit lets the regex engine skip to the next digit instead of trying every position.
_NUM = re.compile(r"(\d(?<![\d.]\d)[\d,，]*(?:\s*[.．]\s*\d+)?)\s*(亿元|万元|万|元|亿|[%％])?")
# An unfilled template: two opposite direction words, one in brackets (增加(减少), 下降（增长）),
# or a bracketed one-character verb before 幅 ((减)幅).
_PAIR = "增加|增长|上升|提高|减少|下降|降低|增|减"
UNFILLED = re.compile(rf"(?P<a>{_PAIR})\s*[(（]\s*(?P<b>{_PAIR})\s*[)）]|[(（]\s*(?P<c>增|减)\s*[)）]\s*幅")
_UNFILLED_HINT = re.compile(r"[(（]\s*[增上提减下降]")  # what every UNFILLED match contains
_UP = {"增加", "增长", "上升", "提高", "增"}


def unfilled_matches(s: str) -> Iterator[re.Match[str]]:
    """``UNFILLED.finditer(s)``, trying only where a match can start. Every match holds a
    bracket followed by a direction word (``_UNFILLED_HINT``), and starts at that bracket
    or at the one- or two-character direction word before it (spaces between): the
    pattern itself starts with no fixed character, so a plain scan tries every position
    of the document."""
    starts: set[int] = set()
    for h in _UNFILLED_HINT.finditer(s):
        b = j = h.start()
        while j > 0 and s[j - 1].isspace():  # str.isspace is the \s of a str pattern
            j -= 1
        starts.update(p for p in (j - 2, j - 1, b) if p >= 0)
    pos = 0
    for p in sorted(starts):
        if p < pos:
            continue
        m = UNFILLED.match(s, p)
        if m:
            yield m
            pos = m.end()


def unfilled_pairs(s: str) -> Iterator[re.Match[str]]:
    """Every unfilled direction pair in ``s`` (the two words must point opposite ways)."""
    for m in unfilled_matches(s):
        if m.group("c") or ((m.group("a") in _UP) != (m.group("b") in _UP)):
            yield m


def rate_kind(c: Change | None) -> str:
    return (c.rate_kind or "growth") if c is not None else "growth"


def is_budget_base(c: Change) -> bool:
    return bool(c.base) and "预算" in (c.base or "") or rate_kind(c) == "completion"


def direction(c: Change | None) -> str | None:
    """增加 / 减少 / 持平 of the change (None: not a change, or not known).

    A completion below 100 % is an under-spend (减少), above it an over-run. An unfilled
    template's direction comes from the arithmetic when the base is printed, else none.
    """
    if c is None:
        return None
    kind = rate_kind(c)
    if kind == "share":
        return None
    if kind == "completion":
        if c.current is not None and c.base_value:
            # budget and final both printed: the sign of final − budget, whatever the
            # printed rate says (a wrong rate is SUM009's, not the reason's, problem)
            d = c.current - c.base_value
            return "持平" if abs(d) < 1e-9 else ("增加" if d > 0 else "减少")
        if c.rate is None:
            return c.direction
        return "持平" if abs(c.rate - 100) < 1e-9 else ("减少" if c.rate < 100 else "增加")
    if c.direction_source == "template" and c.direction not in ("增加", "减少", "持平"):
        if c.current is not None and c.base_value is not None:
            d = c.current - c.base_value
            return "持平" if abs(d) < 1e-9 else ("增加" if d > 0 else "减少")
        return None
    if c.direction in ("增加", "减少"):
        if c.amount is not None and c.amount < 0:
            return "减少"
        return c.direction
    if c.direction == "持平":
        return "持平"
    if c.amount:
        return "增加" if c.amount > 0 else "减少"
    if c.amount == 0 or c.rate == 0:
        return "持平"
    return None


def previous(c: Change) -> float | None:
    """The base amount (万元): printed, else current ∓ the change."""
    if c.base_value is not None:
        return c.base_value
    if c.current is None or c.amount is None:
        return None
    d = direction(c)
    if d not in ("增加", "减少"):
        return None
    return c.current - (abs(c.amount) if d == "增加" else -abs(c.amount))


def size(c: Change | None) -> float | None:
    """How large the change is, in percent of its base (None when it cannot be told).

    growth: the stated rate, else amount / base; completion: the distance from 100 %;
    points and shares are not measured against a base here.
    """
    if c is None:
        return None
    kind = rate_kind(c)
    if kind == "completion":
        if (
            c.current is not None
            and c.base_value
            and (c.rate is None or abs(c.rate - 100 * c.current / c.base_value) > 0.5)
        ):
            # the printed rate is not final / budget (SUM009's finding): the amounts tell
            return 100 * abs(c.current - c.base_value) / abs(c.base_value)
        return None if c.rate is None else abs(c.rate - 100)
    if kind in ("share", "points"):
        return None
    if c.rate is not None:
        return abs(c.rate)
    prev = previous(c)
    if c.amount is not None and prev:
        return 100 * abs(c.amount) / abs(prev)
    return None


def is_change(c: Change | None) -> bool:
    """Does the text state a non-zero change (something a reason must explain)?"""
    if c is None or rate_kind(c) == "share":
        return False
    if rate_kind(c) == "completion":
        return c.rate is not None and abs(c.rate - 100) > 1e-9
    if rate_kind(c) == "points":
        return bool(c.rate)
    if c.direction == "持平" and not c.amount and not c.rate:
        return False
    if (
        c.amount is None
        and c.rate is None
        and c.direction in ("增加", "减少")
        and c.direction_source == "word"
    ):
        return True  # a qualitative change (同比大幅增长): a change with no figure
    return bool((c.amount and abs(c.amount) > 1e-9) or (c.rate and abs(c.rate) > 1e-9))


def describe(c: Change | None) -> str:
    """The change for a message: （减少3万元，下降20%） / （完成预算的45%）."""
    if c is None:
        return ""
    kind = rate_kind(c)
    parts = []
    if kind == "completion":
        if c.rate is not None:
            parts.append(f"完成{c.base or '预算'}的{_f(c.rate)}%")
    else:
        # One convention in every message: a direction word, then the magnitude (减少1.28万元，
        # 下降14.07%), never a sign; a rate takes 增长/下降 where an amount takes 增加/减少.
        d = direction(c) or c.direction or ""
        if c.amount is not None:
            parts.append(f"{d}{_f(abs(c.amount))}万元")
        if c.rate is not None:
            unit = "个百分点" if kind == "points" else "%"
            parts.append(f"{_RATE_WORD.get(d, d)}{_f(abs(c.rate))}{unit}")
    return "（" + "，".join(parts) + "）" if parts else ""


_RATE_WORD = {"增加": "增长", "减少": "下降"}


def _f(x: float) -> str:
    s = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


@dataclass(frozen=True)
class Printed:
    """A number as printed in the change clause: its value in the clause's unit, its
    decimals, its span in the text and the unit written after it."""

    value: float
    decimals: int
    start: int
    end: int
    unit: str | None

    @property
    def wan(self) -> float:
        """The value in 万元 (amounts only)."""
        return self.value * UNIT_SCALE.get(self.unit or "万元", 1.0)

    @property
    def half_wan(self) -> float:
        """Half a unit of the last printed digit, in 万元."""
        return half_unit(self.decimals) * UNIT_SCALE.get(self.unit or "万元", 1.0)


_SEPARATORS = re.compile(r"[\s,，]")


def printed_numbers(text: str, start: int, end: int) -> list[Printed]:
    """The numbers printed in ``text[start:end]`` with their units and exact spans."""
    out = []
    if not (0 <= start < end <= len(text)):
        return out
    for m in _NUM.finditer(text, start, end):
        raw = m.group(1)
        if not raw.isdigit():  # separators, spaces or a decimal point to read
            raw = _SEPARATORS.sub("", raw).replace("．", ".")
        try:
            v = float(raw)
        except ValueError:
            continue
        dec = len(raw.split(".")[1]) if "." in raw else 0
        unit = m.group(2)
        unit = "%" if unit in ("%", "％") else unit
        out.append(Printed(v, dec, m.start(1), m.start(1) + len(m.group(1).rstrip()), unit))
    return out


def find_printed(nums: list[Printed], value: float | None, percent: bool) -> Printed | None:
    """The printed number that is ``value`` (a rate when ``percent``, else an amount in 万元)."""
    if value is None:
        return None
    for p in nums:
        if percent and p.unit == "%" and abs(p.value - abs(value)) <= half_unit(p.decimals) + 1e-9:
            return p
        if not percent and p.unit not in ("%", None) and abs(p.wan - abs(value)) <= p.half_wan + 1e-9:
            return p
    return None
