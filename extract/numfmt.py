"""Spreadsheet number formats: a cell's value as the spreadsheet displays it.

A report's figures are read as shown: 0.958 formatted ``0.0%`` is ``95.8%``, 1943.656
formatted ``#,##0.00`` is ``1,943.66``. Covered: General, digit placeholders (0 # ?),
thousands separators, percent, scientific, literal text (quoted, escaped, ``_x`` spaces),
the positive;negative;zero;text sections, colours and conditions (ignored), and dates.
Anything else falls back to General, which never changes the value.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

_BRACKET = re.compile(r"\[[^\]]*\]")
_DATE_CODES = re.compile(r"[ymdhs]", re.I)


def general(v: float | int) -> str:
    """Excel's General format: integers plain, others to 11 significant digits."""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if float(v).is_integer() and abs(v) < 1e15:
        return str(int(v))
    s = f"{v:.11g}"
    if "e" in s:
        mant, exp = s.split("e")
        s = f"{mant}E{int(exp):+03d}"
    return s


def _sections(fmt: str) -> list[str]:
    out, cur, quoted, esc = [], [], False, False
    for ch in fmt:
        if esc:
            cur.append(ch)
            esc = False
        elif ch == "\\":
            cur.append(ch)
            esc = True
        elif ch == '"':
            quoted = not quoted
            cur.append(ch)
        elif ch == ";" and not quoted:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return out


def _tokens(section: str) -> list[tuple[str, str]]:
    """(kind, text) tokens: ``lit`` for literal text, ``code`` for format characters."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(section)
    while i < n:
        ch = section[i]
        if ch == '"':
            j = section.find('"', i + 1)
            j = n if j < 0 else j
            out.append(("lit", section[i + 1 : j]))
            i = j + 1
        elif ch == "\\" and i + 1 < n:
            out.append(("lit", section[i + 1]))
            i += 2
        elif ch == "_" and i + 1 < n:
            out.append(("lit", " "))  # _x: a space as wide as x
            i += 2
        elif ch == "*" and i + 1 < n:
            i += 2  # *x: fill with x to the cell width, nothing to show in text
        elif ch == "[":
            j = section.find("]", i)
            i = n if j < 0 else j + 1  # colour, condition, locale
        else:
            out.append(("code", ch))
            i += 1
    return out


def is_date_format(fmt: str) -> bool:
    codes = "".join(t for k, t in _tokens(_sections(fmt)[0]) if k == "code")
    return bool(_DATE_CODES.search(codes)) and not re.search(r"[0#?]", codes)


def format_date(v: dt.datetime | dt.date | dt.time, fmt: str) -> str:
    """Dates as ISO, or in the Chinese 年月日 form when the format writes one."""
    if isinstance(v, dt.time):
        return v.strftime("%H:%M:%S" if "s" in fmt.lower() else "%H:%M")
    d = v.date() if isinstance(v, dt.datetime) else v
    lits = "".join(t for k, t in _tokens(_sections(fmt)[0]) if k == "lit") + fmt
    if "年" in lits:
        s = f"{d.year}年{d.month}月" + (f"{d.day}日" if "日" in lits else "")
    else:
        s = d.isoformat()
    if isinstance(v, dt.datetime) and re.search(r"h", fmt, re.I):
        s += " " + v.strftime("%H:%M")
    return s


def _round(v: float, places: int) -> Decimal:
    q = Decimal(1).scaleb(-places)
    return Decimal(repr(float(v))).quantize(q, rounding=ROUND_HALF_UP)


def format_number(v: float | int, fmt: str | None) -> str:
    """``v`` as shown under the number format ``fmt``."""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if not fmt or fmt.lower() in ("general", "@"):
        return general(v)
    secs = _sections(fmt)
    section, neg_own = secs[0], False
    if v < 0 and len(secs) > 1 and secs[1].strip():
        section, neg_own, v = secs[1], True, -v
    elif v == 0 and len(secs) > 2 and secs[2].strip():
        section = secs[2]
    toks = _tokens(section)
    codes = [t for k, t in toks if k == "code"]
    if not any(c in "0#?" for c in codes):
        if "".join(codes).strip().lower() == "general":
            return general(v)
        lits = "".join(t for _, t in toks)
        return lits if lits.strip() else general(v)
    if any(c in "Ee" for c in codes) and any(c in "+-" for c in codes):
        return _scientific(v, toks)
    # The placeholder run: from the first to the last digit placeholder.
    idx = [i for i, (k, t) in enumerate(toks) if k == "code" and t in "0#?"]
    first, last = idx[0], idx[-1]
    while last + 1 < len(toks) and toks[last + 1] == ("code", ","):
        last += 1  # trailing commas scale by 1000 each
    core = "".join(t for k, t in toks[first : last + 1] if k == "code")
    prefix = "".join(t for k, t in toks[:first] if not (k == "code" and t == "%"))
    suffix = "".join(t for k, t in toks[last + 1 :])
    inner_lits = "".join(t for k, t in toks[first : last + 1] if k == "lit")
    percent = "%" in codes
    scale_commas = len(core) - len(core.rstrip(","))
    core = core.rstrip(",")
    int_part, _, dec_part = core.partition(".")
    x = float(v) * (100 if percent else 1) / (1000**scale_commas)
    places = sum(1 for c in dec_part if c in "0#?")
    min_places = sum(1 for c in dec_part if c in "0?")
    d = _round(abs(x), places)
    body = f"{d:,.{places}f}" if "," in int_part else f"{d:.{places}f}"
    if places > min_places:
        whole, _, frac = body.partition(".")
        frac = frac.rstrip("0")
        frac += "0" * (min_places - len(frac)) if len(frac) < min_places else ""
        body = whole + ("." + frac if frac or "." in dec_part and min_places else "")
    if "0" not in int_part and body.startswith("0") and d < 1:
        body = body[1:]  # '#.00' shows .5, not 0.5
    pad = sum(1 for c in int_part if c == "0")
    whole, dot, frac = body.partition(".")
    if len(whole.replace(",", "")) < pad:
        whole = whole.rjust(pad, "0") if "," not in int_part else whole
    body = whole + dot + frac
    sign = "-" if x < 0 and not neg_own and d != 0 else ""
    return f"{prefix}{sign}{body}{inner_lits}{suffix}"


def _scientific(v: float, toks: list[tuple[str, str]]) -> str:
    codes = "".join(t for k, t in toks if k == "code")
    mant = re.split(r"[Ee]", codes)[0]
    places = len(mant.partition(".")[2])
    return f"{v:.{places}E}"
