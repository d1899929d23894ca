"""A budget row whose figures ran together (``年度资金总额52.2751.3543.261084.25%6.85``:
budget 52.27, adjusted 51.35, executed 43.26, weight 10, rate 84.25 %, score 6.85).

The run is cut into figures column by column, each cut keeping the shape a column's
figures take (amounts with two decimals, a whole weight, a rate with ``%`` or as a
fraction), and of all the cuts the reader keeps the one the row's own arithmetic supports
best: rate = executed / budget, score = weight x rate, score <= weight. Offsets stay those
of the text; a row that no cut reads stays as it was.
"""

from __future__ import annotations

import re

from .base import Cell

_NA_CHARS = "/／—－-–"
# A figure run: digits, points, percent signs and not-applicable marks, nothing else.
_RUN = re.compile(r"[\d.%％/／—－\-–]+")
_PLAIN = re.compile(r"^(?:0|[1-9]\d*)(?:\.\d+)?[%％]?$")
_LABEL_END = re.compile(r"^[^\d]*[^\d\s:：][:：]?")
_AMOUNT = re.compile(r"(?:0|[1-9]\d{0,7})\.\d{2}")
_WHOLE = re.compile(r"(?:[1-9]\d?|100)(?:\.0{1,2})?")
_SCORE = re.compile(r"(?:0|[1-9]\d?|100)(?:\.\d{1,2})?")
_RATE_PCT = re.compile(r"(?:0|[1-9]\d{0,2})(?:\.\d{1,2})?[%％]")
_RATE_FRACTION = re.compile(r"[01]\.\d{2,4}")
_RATE_BARE = re.compile(r"(?:[1-9]\d{0,2})\.\d{2}")
_SHAPES: dict[str, tuple[re.Pattern[str], ...]] = {
    "initial": (_AMOUNT,),
    "adjusted": (_AMOUNT,),
    "executed": (_AMOUNT,),
    "bweight": (_WHOLE,),
    "bscore": (_SCORE,),
    "rate": (_RATE_PCT, _RATE_FRACTION, _RATE_BARE),
}
_MAX_PATHS = 4000


def needs_recut(cells: list[Cell]) -> bool:
    """A cell holds figures run together (two points, a point at an end, a label with its
    figures glued on)."""
    for c in cells:
        s = c.clean
        if not s or all(ch in _NA_CHARS for ch in s):
            continue
        m = _LABEL_END.match(s)
        tail = s[m.end() :] if m else s
        if not tail:
            continue
        if m and tail[0].isdigit() and _RUN.fullmatch(tail):
            return True  # 年度资金总额52.27…
        if _RUN.fullmatch(tail) and not _PLAIN.match(tail) and not all(ch in _NA_CHARS for ch in tail):
            return True
    return False


def recut(text: str, cells: list[Cell], cols: list[str]) -> list[Cell] | None:
    """One cell per column (an empty cell where the row leaves a column blank), or None
    when the row holds no such run or no cut reads it."""
    live = [c for c in cells if c.clean]
    if not live or cols[0] != "label":
        return None
    s, e = live[0].start, live[-1].end
    line = text[s:e]
    m = _LABEL_END.match(line)
    label_end = s + (m.end() if m else 0)
    pieces = _atoms(text, label_end, e)
    if pieces is None:
        return None
    best = _search(pieces, tuple(cols[1:]))
    if best is None:
        return None
    out = [_trimmed(text, s, label_end) if m else Cell("", s, s)]
    out.extend(Cell("", e, e) for _ in cols[1:])
    for (a, b), col in best:
        out[1 + col] = Cell(text[a:b], a, b)
    return out


def _trimmed(text: str, s: int, e: int) -> Cell:
    part = text[s:e]
    lead = len(part) - len(part.lstrip())
    st = part.strip()
    return Cell(st, s + lead, s + lead + len(st))


def _atoms(text: str, s: int, e: int) -> list[tuple[str, int]] | None:
    """The runs after the label as (run, offset) -- whitespace splits runs, a
    not-applicable mark is a run of its own; None when anything else stands there."""
    out: list[tuple[str, int]] = []
    for m in re.finditer(r"\S+", text[s:e]):
        tok, base = m.group(), s + m.start()
        if not _RUN.fullmatch(tok):
            return None
        for part in re.finditer(rf"[{re.escape(_NA_CHARS)}]|[^{re.escape(_NA_CHARS)}]+", tok):
            out.append((part.group(), base + part.start()))
    return out or None


def _search(parsed: list[tuple[str, int]], cols: tuple[str, ...]) -> list[tuple[tuple[int, int], int]] | None:
    """The cut of the runs into figures, each under one column (in order), that scores best."""
    results: list[tuple[float, list[tuple[tuple[int, int], int, str]]]] = []
    paths = 0

    def dfs(ri: int, off: int, col: int, acc: list[tuple[tuple[int, int], int, str]]) -> None:
        nonlocal paths
        if paths > _MAX_PATHS:
            return
        if ri == len(parsed):
            paths += 1
            results.append((_merit(acc, cols), list(acc)))
            return
        run, base = parsed[ri]
        rest = run[off:]
        if not rest:
            dfs(ri + 1, 0, col, acc)
            return
        na = off == 0 and all(ch in _NA_CHARS for ch in rest)
        for j in range(col, len(cols)):
            if na:
                acc.append(((base, base + len(run)), j, "na"))
                dfs(ri + 1, 0, j + 1, acc)
                acc.pop()
                continue
            for shape in _SHAPES.get(cols[j], ()):
                for n in range(len(rest), 0, -1):
                    piece = rest[:n]
                    if shape.fullmatch(piece):
                        acc.append(((base + off, base + off + n), j, piece))
                        dfs(ri, off + n, j + 1, acc)
                        acc.pop()

    dfs(0, 0, 0, [])
    if not results:
        return None
    merit, best = max(results, key=lambda r: r[0])
    return [(span, j) for span, j, _ in best]


def _value(piece: str) -> float | None:
    try:
        return float(piece.rstrip("%％"))
    except ValueError:
        return None


def _merit(acc: list[tuple[tuple[int, int], int, str]], cols: tuple[str, ...]) -> float:
    got = {cols[j]: p for _, j, p in acc if p != "na"}
    v = {k: _value(p) for k, p in got.items()}
    score = 1.0 * len(acc) - 0.5 * (len(cols) - len(acc))
    base = v.get("adjusted") or v.get("initial")
    ex, rate = v.get("executed"), v.get("rate")
    rates = [rate] if rate is not None else []
    if rate is not None and not got["rate"].endswith(("%", "％")) and rate <= 1.5:
        rates.append(rate * 100)  # a fraction
    if base and ex is not None and rates:
        score += 6.0 if any(abs(100 * ex / base - r) <= 0.02 for r in rates) else -4.0
    w, sc = v.get("bweight"), v.get("bscore")
    if w is not None and sc is not None:
        score += 1.0 if sc <= w else -4.0
        if any(abs(w * min(r, 100) / 100 - sc) <= 0.011 for r in rates):
            score += 3.0
        elif rates and not any(abs(w * min(r, 100) / 100 - sc) < 1.0 for r in rates):
            score -= 3.0  # a score far from weight x rate (a truncated score is within one point)
    return score
