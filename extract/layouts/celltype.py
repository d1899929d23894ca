"""The type of one table cell, and how well each type fits each column role.

Types: ``empty``; ``na`` (``/``, ``—``: not applicable); ``number`` (a bare number, a weight
or score); ``percent``; ``qty`` (operator, number and unit, or a number with a unit or a
date); ``op`` (a lone operator, a target split over cells); ``unit`` (a lone unit:
``%``, ``个``, ``人/年``); ``label1``/``label2`` (a framework label of level 1 or 2: 产出指标,
数量指标), ``label`` (either, or an unknown ...指标); ``text``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..fields import is_unit
from ..framework import LEVEL1, LEVEL2, level1_category, level2_category

_NA = frozenset({"/", "／", "—", "——", "-", "--", "–", "－", "\\", "…"})
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?分?$|^[+-]?\.\d+$")
_PERCENT = re.compile(r"^[+-]?\d+(?:\.\d+)?[%％]$")
# Lone operators, clean or OCR-damaged (real-forms 6.5: 工 ^ for ≥, W for ≤, 二 for =).
_OP = re.compile(
    r"^(?:[≥≤=＝<>＜＞≧≦]|>=|<=|大于等于|小于等于|大于|小于|不低于|不高于|不少于|不超过|"
    r"不多于|约|工|\^|二|W)$"
)
_QTY_START = re.compile(
    r"^(?:[≥≤=＝<>＜＞≧≦~约工^]|>=|<=|大于等于|小于等于|大于|小于|不低于|不高于|"
    r"不少于|不超过|不多于|达到|超过)?\s*[+-]?\d"
)
_UNITS = frozenset(
    {
        "%",
        "％",
        "个",
        "人",
        "次",
        "元",
        "万元",
        "亿元",
        "家",
        "户",
        "项",
        "件",
        "天",
        "日",
        "月",
        "年",
        "辆",
        "台",
        "套",
        "份",
        "册",
        "场",
        "期",
        "所",
        "座",
        "处",
        "条",
        "篇",
        "公里",
        "千米",
        "米",
        "平方米",
        "亩",
        "万亩",
        "吨",
        "公斤",
        "千克",
        "人次",
        "户次",
        "个数",
        "批次",
        "分",
        "小时",
        "分钟",
        "周",
        "季度",
        "万人",
        "人/年",
        "元/人",
        "学时",
        "课时",
        "株",
        "棵",
        "头",
        "只",
        "张",
        "本",
        "间",
        "栋",
        "km",
    }
)
_UNIT_SHAPE = re.compile(r"^[^\W\d_]{1,3}/[^\W\d_]{1,3}$")
_INDEXED = re.compile(r"^指标\d")  # 指标1: a numbered name, not a label
# Words of the 指标性质 column.
_NATURE_WORDS = ("正向", "反向", "定量", "定性", "返乡")


@lru_cache(maxsize=16384)
def cell_type(clean: str) -> str:
    """``clean``: the cell's text with whitespace removed."""
    s = clean
    if not s:
        return "empty"
    if s in _NA:
        return "na"
    if _NUMBER.match(s):
        return "number"
    if _PERCENT.match(s):
        return "percent"
    if _OP.match(s):
        return "op"
    if s in _UNITS or _UNIT_SHAPE.match(s) or is_unit(s):
        return "unit"
    if _QTY_START.match(s):
        return "qty"
    if len(s) <= 10:
        one, two = level1_category(s) is not None, level2_category(s) is not None
        if one and two and (s in LEVEL1) != (s in LEVEL2):
            one, two = s in LEVEL1, s in LEVEL2  # 社会效益指标 is a level-2 name as printed
        if one != two:
            return "label1" if one else "label2"
        if one or (s.endswith("指标") and len(s) <= 8 and not _INDEXED.match(s)):
            return "label"
    return "text"


# fit[role][type]: how well a cell of this type fits under a header of this role.
_NUMERIC = {
    "number": 3.0,
    "na": 1.0,
    "percent": -1.0,
    "qty": -1.0,
    "op": -3.0,
    "unit": -3.0,
    "label": -3.0,
    "text": -3.0,
}
_QUANTITY = {
    "qty": 3.0,
    "percent": 3.0,
    "number": 2.0,
    "op": 1.5,
    "text": 1.0,
    "na": 0.5,
    "unit": -1.0,
    "label": -1.0,
}
FIT: dict[str, dict[str, float]] = {
    "level1": {
        "label1": 3.0,
        "label": 2.5,
        "label2": -1.0,
        "text": 0.2,
        "qty": -3.0,
        "number": -3.0,
        "percent": -3.0,
        "op": -3.0,
        "unit": -1.0,
    },
    "level2": {
        "label2": 3.0,
        "label": 2.5,
        "label1": -1.0,
        "text": 0.2,
        "qty": -3.0,
        "number": -3.0,
        "percent": -3.0,
        "op": -3.0,
        "unit": -1.0,
    },
    "name": {
        "text": 3.0,
        "label": 0.5,
        "label1": -1.0,
        "label2": -1.0,
        "unit": 0.5,
        "qty": -1.0,
        "number": -3.0,
        "percent": -3.0,
        "op": -3.0,
        "na": -1.0,
    },
    "direction": {"text": -0.5, "na": 0.5, "number": -2.0, "percent": -2.0, "qty": -2.0, "op": -1.0},
    "nature": {"op": 3.0, "text": -0.5, "na": 0.5, "number": -2.0, "percent": -2.0, "qty": -2.0},
    "target": _QUANTITY,
    "actual": _QUANTITY,
    "unit": {"unit": 3.0, "na": 0.5, "text": -1.0, "number": -3.0, "percent": -3.0, "qty": -2.0},
    "weight": _NUMERIC,
    "score": _NUMERIC,
    "note": {"text": 1.0, "na": 0.5, "number": -1.0, "percent": -1.0, "qty": -0.5, "label": -1.0},
    "basis": {"text": 1.0, "na": 0.5, "number": -1.0, "percent": -1.0, "qty": -0.5, "label": -1.0},
    "label": {
        "text": 3.0,
        "label": 1.0,
        "label1": 1.0,
        "label2": 1.0,
        "number": -3.0,
        "percent": -3.0,
        "qty": -3.0,
        "na": -1.0,
    },
    "frame": {"text": 0.5, "label": 0.3, "number": -3.0, "percent": -3.0, "qty": -3.0, "op": -3.0},
    "other": {"text": 1.0, "na": 0.5, "number": -1.0, "percent": -1.0},
    "initial": _NUMERIC,
    "adjusted": _NUMERIC,
    "executed": _NUMERIC,
    "rate": {"percent": 3.5, "number": 1.0, "na": 1.0, "qty": -1.0, "text": -3.0, "label": -3.0},
    "bweight": _NUMERIC,
    "bscore": _NUMERIC,
}


_POINTS = frozenset({"weight", "score", "bweight", "bscore"})


def _over_100(text: str) -> bool:
    try:
        return float(text.replace(",", "").rstrip("分")) > 100
    except ValueError:
        return False


@lru_cache(maxsize=65536)
def fit(role: str, ctype: str, text: str = "") -> float:
    """How well a cell fits a column (an empty cell fits anywhere, a little). Memoised: the
    row search asks it of the same cell under the same column many times."""
    if ctype == "empty":
        return 0.1
    if role in ("nature", "direction") and ctype == "text" and any(w in text for w in _NATURE_WORDS):
        return 3.0
    if role in _POINTS and ctype == "number" and _over_100(text):
        return -2.0  # a weight or score is at most 100 (weights add up to 100): 5761 is no weight
    table = FIT.get(role, {})
    if ctype not in table and ctype in ("label1", "label2"):
        ctype = "label"
    return table.get(ctype, 0.0)
