"""Where the cells of a glued line begin and end (what one cell is: :mod:`extract.cell_kinds`,
whose ``cell_type``, ``quantity_run`` and ``CELL_TYPES`` are re-exported here).

Inline renderings run the cells of a row together with single spaces or none
(``项目总成本 ≤90万元 90 8 8``, ``〈名〉X%X%``, ``时效N年N年N年S``, ``指标1〈名〉WX万粒Y万粒S``).
:func:`split_glued` cuts such a line where the kind of text changes: text to operator,
unit or ``%`` to digit, whitespace or a pipe between two values, a level label glued to the
name after it (``质量指标水质达标率``); a glued index (``指标1``, ``第1季度``, ``1、``), a
bracket (``(50分)``) and a count noun after a unit (``3个乡镇``) stay with their cell, and an
operator with its value one space away (``≥ 100 人``) is one cell. A qualitative target
and its echo glued together (``是是``, ``不超过预算不超过预算``) are cut in half. Where digits are
glued to digits (a weight merged into the target that follows, or ``%XWYS`` printed as one
digit run) several cuts fit; :func:`glued_readings` yields them, the plain reading first and
then by fewest cuts, so the table reader picks the one the table's arithmetic supports
(score <= weight, weights add to the total).

All spans index the text given (``text[s:e]`` is the cell, never padded with spaces).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations, islice, pairwise, product

from extract.cell_kinds import (
    _LABEL_HEAD,
    _OCR_OP_SRC,
    _OP_SPELLINGS,
    _OP_SRC,
    CELL_TYPES,
    _is_label,
    cell_type,
    quantity_run,
)
from extract.field_words import UNIT_PATTERN
from extract.normalize import fold_width

__all__ = [
    "CELL_TYPES",
    "cell_type",
    "glued_readings",
    "quantity_run",
    "split_glued",
]


# --------------------------------------------------------------------------- split_glued

# Atoms of a glued line, matched on the width-folded copy (same length as the original).
# Whitespace and pipes separate cells (a pipe is never cell content: HTML/Markdown rows).
_WS = re.compile(r"[ \t\r\n\u3000|]+")
_BRACKET = re.compile(r"[（(][^（()）\n]{0,24}[)）]")
_DATE_ATOM = r"(?:19|20)\d{2}[ \t]?年(?:[ \t]?\d{1,2}[ \t]?月(?:[ \t]?\d{1,2}[ \t]?[日号])?)?"
_NUM_ATOM = r"(?:\d{1,3}(?:,[ \t]?\d{3}(?!\d))+|\d+)(?:\.[ \t]?\d+)?"
# A number whose leading digits were lost (``.45``): one cell, its value unreadable.
_LOST_LEAD = r"(?<![\d.])\.\d+"
_DAMAGED_NUM = r"(?<![A-Za-z])(?=[0-9IlOo]*[IlOo])(?=[0-9IlOo]*\d)[0-9IlOo]{2,}(?=[ \t]?[%$])"
_SUFFIX = r"(?:及以上|或以上|以上|及以下|或以下|以下|以内|之内|底前|末前|以前|之前|前|底|内)(?:完成|到位)?"
# A sign belongs to the number only at the start of a cell (``-5%``); ``10-20`` is a range.
_SIGN = r"(?:(?<![^ \t\r\n\u3000|])[-+](?=\d))?"
_OCR_WORD_GLYPHS = frozenset("工二")  # OCR glyphs that are also characters of words
_QTY_ATOM = re.compile(
    rf"(?P<op>(?:{_OP_SRC}|(?:{_OCR_OP_SRC}|达到|达|为)(?=[ \t]?(?:\d|[IlOo][0-9IlOo]*\d)))[ \t]?)?"
    rf"(?:(?P<date>{_DATE_ATOM}(?:底前|末前|底|末|以前|之前|前)?(?:完成|到位)?)"
    rf"|(?P<num>{_DAMAGED_NUM}|{_SIGN}{_NUM_ATOM}|{_LOST_LEAD})"
    rf"(?P<unit>[ \t]?(?:[%$‰]|{UNIT_PATTERN}))?"
    rf"(?P<range>[~\-—至到](?:{_NUM_ATOM})(?:[%$‰]|{UNIT_PATTERN})?)?"
    rf"(?P<suf>[ \t]?{_SUFFIX})?)",
    re.IGNORECASE,
)
_OP_ATOM = re.compile(rf"(?:{_OP_SRC})")
_USYM = re.compile(r"[%$‰]")
_QTY_FIRST = frozenset("0123456789.+-工^W二IlOo达为") | {sp[0] for sp in _OP_SPELLINGS}
_CJK = re.compile(r"[\u4e00-\u9fff]")
_INDEX_END = ("指标", "目标", "序号", "第", "任务", "标准")
_MARK_AFTER = tuple("、.:：)）号#届级类")


@dataclass
class _Cell:
    s: int
    e: int
    kind: str  # qty, op, usym, text
    bare: bool = False  # a qty that is a number alone (no operator, unit or suffix)
    unit: bool = False  # a qty with a unit or percent sign


def _lex(f: str, base: int) -> list[tuple[str, int, int, re.Match[str] | None]]:
    """Atoms (kind, start, end, match) of the folded line ``f``; offsets add ``base``."""
    out: list[tuple[str, int, int, re.Match[str] | None]] = []
    pos, n = 0, len(f)
    text_from = -1

    def flush(upto: int) -> None:
        nonlocal text_from
        if text_from >= 0:
            out.append(("text", base + text_from, base + upto, None))
            text_from = -1

    while pos < n:
        ch = f[pos]
        m = _WS.match(f, pos)
        if m:
            flush(pos)
            out.append(("ws", base + pos, base + m.end(), m))
            pos = m.end()
            continue
        if ch == "《":
            close = f.find("》", pos, pos + 60)
            if close != -1:
                # A title in book quotes (《2019年度工作要点》) is words, figures and all.
                if text_from < 0:
                    text_from = pos
                pos = close + 1
                continue
        if ch in "(（":
            m = _BRACKET.match(f, pos)
            if m:
                flush(pos)
                out.append(("bracket", base + pos, base + m.end(), m))
                pos = m.end()
                continue
        if ch in _QTY_FIRST and not (
            ch in "IlOo" and pos > 0 and f[pos - 1].isascii() and f[pos - 1].isalpha()
        ):
            m = _QTY_ATOM.match(f, pos)
            if m and m.group("op") and ch in _OCR_WORD_GLYPHS and _ocr_in_word(f, pos, m):
                m = None  # ``加工10吨``: the 工 is the word's, not a damaged ≥
            if m and (m.group("num") or m.group("date")):
                flush(pos)
                out.append(("qty", base + pos, base + m.end(), m))
                pos = m.end()
                continue
            m = _OP_ATOM.match(f, pos)
            if m and ch not in "IlOo":
                flush(pos)
                out.append(("op", base + pos, base + m.end(), m))
                pos = m.end()
                continue
        if ch in "%$‰":
            flush(pos)
            out.append(("usym", base + pos, base + pos + 1, None))
            pos += 1
            continue
        if text_from < 0:
            text_from = pos
        pos += 1
    flush(n)
    return out


def _ocr_in_word(f: str, pos: int, m: re.Match[str]) -> bool:
    """An OCR operator glyph glued after a CJK character reads as a damaged operator only
    before a percent (``合格率工95%``, the documented form): elsewhere it ends a word."""
    if pos == 0 or not _CJK.match(f[pos - 1]):
        return False
    unit = (m.group("unit") or "").strip()
    return unit not in ("%", "$")


def split_glued(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Cell spans of the line ``text[start:end]`` whose cells are run together with single
    spaces or none, cut by type boundaries (see the module docstring)."""
    return [(c.s, c.e) for c in _split(text, start, len(text) if end is None else end)]


def _split(text: str, start: int, end: int) -> list[_Cell]:
    f = fold_width(text[start:end])
    atoms = _lex(f, start)
    cells: list[_Cell] = []
    gap = True  # whitespace (or the line start) before the current atom
    skip = -1
    for i, (kind, s, e, m) in enumerate(atoms):
        if i <= skip:
            continue
        if kind == "ws":
            gap = True
            continue
        if _page_counter(text, atoms, i):
            # ``〈名〉2、≤9万元``, ``≥90%3、年度工作计划``: a page counter a PDF's order put
            # mid-row is no cell.
            nk, ns, ne, nm = atoms[i + 1]
            if ne - ns > 1:
                atoms[i + 1] = (nk, ns + 1, ne, nm)
                gap = True
            else:
                skip = i + 1
            continue
        last = cells[-1] if cells else None
        if kind == "bracket":
            if last is not None and not gap:
                last.e = e  # ``产出指标(50分)``, ``项目资金(万元)``: the bracket stays with its text
            else:
                cells.append(_Cell(s, e, "text"))
        elif kind == "qty":
            assert m is not None
            bare = not (
                m.group("op") or m.group("unit") or m.group("suf") or m.group("range") or m.group("date")
            )
            if (
                last is not None
                and not gap
                and last.kind == "text"
                and not m.group("op")
                and _is_index(text, last, e, atoms, i, bare)
            ):
                last.e = e  # ``指标1〈名〉``, ``第1季度``, ``1、``: the digits belong to the text
            elif last is not None and last.kind == "op" and _joins(text, last.e, s):
                last.e, last.kind, last.bare, last.unit = e, "qty", False, bool(m.group("unit"))
            else:
                cells.append(_Cell(s, e, "qty", bare=bare, unit=bool(m.group("unit"))))
        elif kind == "op":
            cells.append(_Cell(s, e, "op"))
        elif kind == "usym":
            if last is not None and last.kind in ("op", "qty") and not last.unit and _joins(text, last.e, s):
                last.e, last.unit, last.kind = e, True, "qty"  # ``≧ %`` (blank value), ``95 %``
                last.bare = False
            else:
                cells.append(_Cell(s, e, "usym"))
        else:  # text
            if last is not None and not gap and last.kind in ("text", "op"):
                last.e, last.kind = e, "text"  # ``不超过预算``: an operator before text is a text bound
            elif (
                last is not None
                and not gap
                and last.kind == "qty"
                and _tail_of_quantity(text, last, s, e, atoms, i)
            ):
                last.e = e  # ``3个乡镇``: a count noun after the unit
            elif (
                last is not None
                and not gap
                and last.kind == "qty"
                and last.bare
                and text[s:e][:1] in _MARK_AFTER
            ):
                last.e, last.kind = e, "text"  # ``1、培训人数``, ``2号楼``
            else:
                cells.append(_Cell(s, e, "text"))
        gap = False
    cells = _split_label_heads(text, cells)
    cells = _merge_spaced_labels(text, cells)
    return _split_echoes(text, cells)


def _page_counter(text: str, atoms: list, i: int) -> bool:
    """Atom ``i`` is a page counter (``2、``): one or two bare digits, then the list mark
    alone, then a figure, an operator, a space or the line end -- not a list item
    (``1、培训人数``) and not part of a number."""
    kind, s, e, m = atoms[i]
    if kind != "qty" or e - s > 2 or not text[s:e].isdigit() or i + 1 >= len(atoms):
        return False
    nk, ns, ne, _ = atoms[i + 1]
    if nk != "text" or ns != e or text[ns : ns + 1] != "、":
        return False
    if ne - ns == 1 and (i + 2 >= len(atoms) or atoms[i + 2][0] in ("ws", "qty", "op", "usym")):
        return True
    # Glued straight after a figure (``≥90%3、年度工作计划``): no list item starts there.
    return i > 0 and atoms[i - 1][0] in ("qty", "usym") and atoms[i - 1][2] == s


def _split_label_heads(text: str, cells: list[_Cell]) -> list[_Cell]:
    """``质量指标水质达标率``, ``产出指标数量指标〈名〉``: level labels glued to the name after
    them come off one by one (only labels ending in 指标: a bare 社会效益 may start a name)."""
    out: list[_Cell] = []
    for c in cells:
        while c.kind == "text":
            m = _LABEL_HEAD.match(fold_width(text[c.s : c.e]))
            if not m or not _is_label(m.group()):
                break
            cut = c.s + m.end()
            rest = text[cut : c.e]
            if not rest.strip() or rest.lstrip()[:1] in "(（:：":
                break  # ``产出指标(50分)``, ``产出指标:``: the label's own weight or colon
            out.append(_Cell(c.s, cut, "text"))
            c = _Cell(cut, c.e, "text")
        out.append(c)
    return out


def _joins(text: str, a: int, b: int) -> bool:
    """Cells at ``a`` and ``b`` are glued or one space apart."""
    gap = text[a:b]
    return gap == "" or gap in (" ", "\t", "\u3000")


def _is_index(text: str, last: _Cell, e: int, atoms: list, i: int, bare: bool) -> bool:
    """Digits glued after text are part of it when the text ends with an index word
    (指标1, 第1季度) or bare digits are followed by a list mark (``1、``, ``2号``)."""
    before = fold_width(text[last.s : last.e])
    nxt = atoms[i + 1] if i + 1 < len(atoms) else None
    if before.endswith(_INDEX_END) and cell_type(before) != "label":
        # A label (``数量指标10``) is followed by its weight, not numbered; an index is a
        # whole number with the name glued after it (``指标1〈名〉``), not the figures that
        # end a row (``…达到预期目标88.00``: weight 8, score 8.00).
        number = text[atoms[i][1] : e]
        glued_text = nxt is not None and nxt[0] == "text" and nxt[1] == e
        return "." not in number and (glued_text or not bare or len(number) == 1)
    if not bare:
        return False
    return nxt is not None and nxt[0] == "text" and nxt[1] == e and text[nxt[1] : nxt[2]][:1] in _MARK_AFTER


def _tail_of_quantity(text: str, last: _Cell, s: int, e: int, atoms: list, i: int) -> bool:
    """A short text run glued after a number with a unit (``3个乡镇``) ends that quantity
    when the run is itself a whole token (space, digit or end after it) and is not a value
    of its own (``100%无`` keeps ``无`` apart)."""
    if not last.unit:
        return False
    run = text[s:e]
    if len(run) > 3 or cell_type(run) != "text":
        return False
    nxt = atoms[i + 1] if i + 1 < len(atoms) else None
    return nxt is None or nxt[0] in ("ws", "qty")


def _merge_spaced_labels(text: str, cells: list[_Cell]) -> list[_Cell]:
    """``产 出 指 标``: one-character text cells one space apart that spell a label."""
    out: list[_Cell] = []
    i = 0
    while i < len(cells):
        j = i
        while (
            j + 1 < len(cells)
            and cells[j].kind == "text"
            and cells[j].e - cells[j].s == 1
            and cells[j + 1].kind == "text"
            and cells[j + 1].e - cells[j + 1].s == 1
            and _joins(text, cells[j].e, cells[j + 1].s)
        ):
            j += 1
        if j - i >= 2:
            # Take the longest run from i that spells a label.
            for k in range(j, i + 1, -1):
                merged = "".join(text[c.s : c.e] for c in cells[i : k + 1])
                if cell_type(merged) == "label" or merged.endswith("指标"):
                    out.append(_Cell(cells[i].s, cells[k].e, "text"))
                    i = k + 1
                    break
            else:
                out.append(cells[i])
                i += 1
            continue
        out.append(cells[i])
        i += 1
    return out


def _split_echoes(text: str, cells: list[_Cell]) -> list[_Cell]:
    """``是是``, ``满意度是是``, ``有效改善有效改善``: a qualitative target and its echoed
    actual glued to each other (and to the name before them)."""
    out: list[_Cell] = []
    for c in cells:
        raw = text[c.s : c.e]
        n = len(raw)
        cut = 0
        if c.kind == "text":
            for k in range(n // 2, 0, -1):  # the longest echo first
                w = raw[n - k :]
                if raw[n - 2 * k : n - k] == w and cell_type(w) in ("qualitative", "grade"):
                    cut = k
                    break
        if not cut:
            out.append(c)
            continue
        a, b = c.e - 2 * cut, c.e - cut
        if raw[: n - 2 * cut].strip():
            out.append(_Cell(c.s, a, "text"))
        out.append(_Cell(a, b, "text"))
        out.append(_Cell(b, c.e, "text"))
    return out


# --------------------------------------------------------------------------- glued_readings

_DIGIT_RUN = re.compile(r"\d+(?:\.\d+)?")
_MAX_DISTRIBUTIONS = 4096


def glued_readings(
    text: str, start: int = 0, end: int | None = None, *, max_parts: int = 4, max_readings: int = 256
) -> Iterator[list[tuple[int, int]]]:
    """Alternative cell splits of a glued line, the :func:`split_glued` reading first.

    A number glued to the cell before it (no space: ``〈名〉5200万粒`` where weight 5 ran into
    target 200) or to a unit before it (``%95109510``) may hold up to ``max_parts`` numbers.
    Each such run is cut into every sequence of plausible numbers (no leading zero, the
    decimal point inside a part, at most two decimals); readings with fewer cuts come
    first. The caller keeps the reading its arithmetic supports.
    """
    stop = len(text) if end is None else end
    cells = _split(text, start, stop)
    primary = [(c.s, c.e) for c in cells]
    yield primary
    # Per cell: its alternatives grouped by the number of cuts (0 = the cell as it is).
    by_cuts: list[list[list[list[tuple[int, int]]]]] = []
    for k, c in enumerate(cells):
        groups: list[list[list[tuple[int, int]]]] = [[[(c.s, c.e)]]] + [[] for _ in range(max_parts - 1)]
        if c.kind == "qty":
            for alt in _cell_alternatives(text, cells, k, max_parts):
                groups[len(alt) - 1].append(alt)
        by_cuts.append(groups)
    most = sum(max((i for i, g in enumerate(groups) if g), default=0) for groups in by_cuts)
    # Cuts in a number glued straight after text or a unit sign come first: that is where
    # a weight runs into the target (``〈名〉WX万粒``) or a row's numbers into one run (``%XWYS``).
    likely = [
        k > 0 and cells[k - 1].e == c.s and cells[k - 1].kind in ("text", "usym") for k, c in enumerate(cells)
    ]
    given = 1
    for total in range(1, most + 1):  # fewer cuts first; lazily, the count grows fast
        dists = list(islice(_distributions(by_cuts, 0, total), _MAX_DISTRIBUTIONS))
        dists.sort(key=lambda d: sum(n for k, n in enumerate(d) if n and not likely[k]))
        for dist in dists:
            for combo in product(*(by_cuts[k][n] for k, n in enumerate(dist))):
                yield [span for parts in combo for span in parts]
                given += 1
                if given >= max_readings:
                    return


def _distributions(
    by_cuts: list[list[list[list[tuple[int, int]]]]], k: int, total: int
) -> Iterator[list[int]]:
    """Ways to spread ``total`` cuts over cells ``k:`` (each cell only a count it has)."""
    if k == len(by_cuts):
        if total == 0:
            yield []
        return
    for n, group in enumerate(by_cuts[k]):
        if n > total:
            break
        if group:
            for rest in _distributions(by_cuts, k + 1, total - n):
                yield [n, *rest]


def _cell_alternatives(text: str, cells: list[_Cell], k: int, max_parts: int) -> list[list[tuple[int, int]]]:
    c = cells[k]
    glued_left = k > 0 and cells[k - 1].e == c.s
    glued_right = k + 1 < len(cells) and cells[k + 1].s == c.e
    if not (glued_left or glued_right):
        return []
    raw = text[c.s : c.e]
    f = fold_width(raw)
    lead = len(f) - len(f.lstrip())
    m = _DIGIT_RUN.match(f, lead)
    if not m or m.end() - m.start() < 2:
        return []
    run = f[m.start() : m.end()]
    out: list[list[tuple[int, int]]] = []
    for n_cuts in range(1, max_parts):
        for cuts in combinations(range(1, len(run)), n_cuts):
            bounds = (0, *cuts, len(run))
            parts = [run[a:b] for a, b in pairwise(bounds)]
            if not all(_plausible(p) for p in parts):
                continue
            spans = [(c.s + m.start() + a, c.s + m.start() + b) for a, b in pairwise(bounds)]
            spans[0] = (c.s, spans[0][1])  # an operator before the run stays with the first part
            spans[-1] = (spans[-1][0], c.e)  # the unit after the run stays with the last part
            out.append(spans)
    return out


def _plausible(part: str) -> bool:
    if part.startswith(".") or part.endswith("."):
        return False
    whole, _, frac = part.partition(".")
    if len(whole) > 1 and whole.startswith("0"):
        return False
    return len(frac) <= 2
