"""How real tables print a target's operator, and what OCR does to it (real-forms 6.5, 6.8).

The meaning stays in the model (the truth keeps ``>=`` and ``%``); only the printed text
varies: ``≥ ≤`` or ``≧ ≦`` or ``>= <=``, text operators (``95%以上``, ``不超过X万元``,
``X天以内``), and on a share of documents OCR damage (``工95%`` for ≥95%, ``$`` for %,
``二`` for =, ``IO0%`` for 100%).
"""

from __future__ import annotations

import random

from .layouts import num
from .model import Qty

OP_STYLES = {
    "sym": {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="},
    "sym2": {">=": "≧", "<=": "≦", ">": ">", "<": "<", "=": "="},
    "ascii": {">=": ">=", "<=": "<=", ">": ">", "<": "<", "=": "="},
}
TIME_UNITS = ("天", "日", "个工作日", "小时", "分钟")


def value_text(q: Qty) -> str:
    return num(q.value, q.decimals) if q.value is not None else ""


def qty_cell(
    q: Qty, op_style: str, actual: bool = False, actual_eq: bool = False, unit_space: bool = False
) -> str:
    """A target or actual cell in one piece (operator, value, unit)."""
    if q.op is None or q.op == "qualitative" or q.value is None:
        return q.text or ""
    if q.text is not None:
        return q.text
    sp = " " if unit_space and q.unit and q.unit != "%" else ""
    body = f"{value_text(q)}{sp}{q.unit}"
    if actual and q.op == "=":
        return ("=" if actual_eq else "") + body
    if op_style == "text" and not actual:
        if q.op == ">=":
            return f"{body}以上" if q.unit == "%" or not q.unit.endswith("元") else f"不低于{body}"
        if q.op == "<=":
            return f"{body}以内" if q.unit in TIME_UNITS else f"不超过{body}"
        op_style = "sym"
    ops = OP_STYLES.get(op_style, OP_STYLES["sym"])
    return f"{ops.get(q.op, q.op)}{body}"


def op_cell(q: Qty, op_style: str) -> str:
    """The operator alone (the 指标性质 cell of a split target)."""
    if q.op is None or q.op == "qualitative" or q.value is None or q.text is not None:
        return "定性" if q.op == "qualitative" else ""
    ops = OP_STYLES.get(op_style if op_style in OP_STYLES else "sym")
    return ops.get(q.op, q.op)


def ocr(text: str, rng: random.Random, rate: float = 0.35) -> str:
    """OCR damage to an indicator cell, each kind with probability ``rate`` where it applies:
    ≥/≧ → 工 or ^, % → $, a leading = → 二, 100% → IO0%."""
    if not text:
        return text
    out = text
    if out[0] in "≥≧" and rng.random() < rate:
        out = rng.choice(["工", "^"]) + out[1:]
    if out.startswith("=") and rng.random() < rate:
        out = "二" + out[1:]
    if "100%" in out and rng.random() < rate:
        out = out.replace("100%", "IO0%", 1)
    elif out.endswith("%") and rng.random() < rate:
        out = out[:-1] + "$"
    return out
