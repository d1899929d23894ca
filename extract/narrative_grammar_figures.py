"""The clause grammar's figures: every amount, change, count, score and grade of the narrative
that the template reading of extract/narrative.py did not report (kinds amount, yoy_change,
budget_change, points_change, completion, count, score, grade).

Moved out of extract/narrative_grammar.py (issue 15), which keeps the reading and the
explanations; offsets are normalised until the Figure is built (``ctx.span``).
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from extract import vocab
from extract.clauses import Amount, clean_item
from extract.fields import parse_number
from extract.narrative_grammar import Grammar, _find_all, _prose_runs
from extract.narrative_state import _Ctx, _Fig

__all__ = ["grammar_figures"]

# ---------------------------------------------------------------------------------------
# Figures: every amount and change the template reading did not report.

_FAMILIES = [(re.compile(p), f) for p, f in vocab.FIGURE_FAMILIES]
# (Digits spelt as literals: a pattern opening with literal alternatives is searched by
# character in C, one opening with ``\d+`` is tried at every position.)
_COUNT = re.compile(rf"(?:0|1|2|3|4|5|6|7|8|9)\d*(?:{vocab.COUNT_UNITS_FIGURE})")
_COUNT_SPLIT = re.compile(r"(\d+)(.*)")
_SCORE_LABEL = re.compile(vocab.SCORE_LABEL)
_SCORE = re.compile(vocab.SCORE_FORMS)
_GRADE = re.compile(vocab.GRADE_FORMS)
_GRADE_TICK = re.compile(vocab.GRADE_TICK)
_YEARISH = re.compile(r"(?:19|20)\d{2}$")


@lru_cache(maxsize=4096)
def family(item: str) -> str | None:
    for rx, f in _FAMILIES:
        if rx.search(item or ""):
            return f
    return None


def _written(value_wan: float | None, unit: str | None) -> float | None:
    """A 万元 value back in the unit it was written in (for arithmetic on printed digits)."""
    if value_wan is None or not unit or unit in ("万元", "万"):
        return value_wan
    factor = {"亿元": 10000.0, "亿": 10000.0, "元": 0.0001, "千元": 0.1}.get(unit, 1.0)
    return round(value_wan / factor, 6)


def grammar_figures(ctx: _Ctx, figs: list) -> list:
    """New figures (narrative ``_Fig``, normalised spans): kinds ``amount`` (every item
    amount; ``extra``: family, share, parent when a ``其中`` list follows a total),
    ``yoy_change`` / ``budget_change`` / ``points_change`` / ``completion`` (every change;
    extra as the template's yoy_change plus base, rate_kind, direction_source), ``count``
    (批次, 人次, 辆, 个), ``score`` and ``grade`` (绩效自评 narratives). Values are in the unit
    as written (``unit``), with ``extra["wan"]`` in 万元 for money."""
    gr: Grammar = ctx.grammar
    nt = ctx.nt
    used = {f.v_span[0] for f in figs}
    out: list = []

    def sent(s: int, e: int) -> tuple[int, int]:
        return ctx.clause_start(s), ctx.clause_end(e)

    # Amounts, with the parent of a ``总额X万元，其中：A万元，占a%`` list.
    parent: dict[int, Amount] = {}
    by_sent: dict[int, list[Amount]] = {}
    for a in gr.amounts:
        by_sent.setdefault(a.sent, []).append(a)
    qizhong = _find_all(nt, "其中")
    for group in by_sent.values():
        for k in range(1, len(group)):
            # a 其中 between this amount's predecessor and its own clause
            i = bisect.bisect_left(qizhong, group[k - 1].end)
            if i < len(qizhong) and qizhong[i] < group[k].start + 4:
                for a in group[k:]:
                    parent[id(a)] = group[k - 1]
                break
    for a in gr.amounts:
        if a.v_span[0] in used or not a.item or _YEARISH.search(a.item):
            continue
        unit = a.unit or "万元"
        f = _Fig(
            "amount",
            a.item,
            a.v_span,
            sent(a.start, a.end),
            {"family": family(a.item), "wan": a.value},
            unit=unit,
        )
        f.value = _written(a.value, unit)
        p = parent.get(id(a))
        if p is not None and (p.unit or "万元") == unit:
            # the total a ``其中`` list breaks down (checks add the parts up against it)
            f.extra["parent"], f.extra["parent_value"] = p.item, _written(p.value, unit)
        if a.share is not None:
            f.extra["share"], f.extra["share_span"] = a.share, a.share_span
        out.append(f)

    # Changes the template reading did not state.
    for j, cc in enumerate(gr.changes):
        if j in gr.stmt_of_cc:
            continue
        c = cc.change
        if c.amount is None and c.rate is None and c.direction != "持平" and c.current is None:
            continue  # a qualitative change (有所增加) states no figure
        kind = (
            "completion"
            if c.rate_kind == "completion"
            else "points_change"
            if c.rate_kind == "points"
            else "budget_change"
            if c.base and ("预算" in c.base or c.base == "执行数")
            else "yoy_change"
        )
        unit = c.unit
        same_unit = (
            cc.amount_span is None or cc.current_span is None or _span_unit(nt, cc.amount_span) == unit
        )
        extra: dict = {
            "direction": c.direction,
            "direction_source": c.direction_source,
            "base": c.base,
            "rate_kind": c.rate_kind,
            "unit": unit,
            "rate": c.rate,
            "rate_word": cc.rate_word,
            "change": _written(c.amount, _span_unit(nt, cc.amount_span) if cc.amount_span else unit),
            "current": _written(c.current, unit) if same_unit else None,
            "change_wan": c.amount,
            "current_wan": c.current,
            "base_value_wan": c.base_value,
            "base_value": _written(c.base_value, _span_unit(nt, cc.base_value_span)),
        }
        if c.qualifier:
            extra["qualifier"] = c.qualifier
        if cc.also:
            extra["also"] = list(cc.also)
        for key, span in (
            ("rate_span", cc.rate_span),
            ("change_span", cc.amount_span),
            ("current_span", cc.current_span if same_unit else None),
            ("base_value_span", cc.base_value_span),
        ):
            if span is not None:
                extra[key] = span
        if kind == "completion":
            extra.update(budget=c.base_value, final=c.current)
        v_span, value, main = (
            (cc.current_span, extra["current"], "current")
            if cc.current_span and same_unit
            else (cc.amount_span, extra["change"], "change")
            if cc.amount_span
            else (cc.rate_span, c.rate, "rate")
            if cc.rate_span
            else ((c.start, c.end), None, "statement")
        )
        if kind == "completion" and cc.rate_span:
            v_span, value, main = cc.rate_span, c.rate, "rate"
        extra["main"] = main
        if v_span[0] in used:
            continue
        f = _Fig(kind, cc.item, v_span, sent(c.start, c.end), extra, unit="%" if main == "rate" else unit)
        f.value = value
        out.append(f)

    # Counts, scores and grades, in the prose only.
    for lo, hi in _prose_runs(ctx):
        for m in _COUNT.finditer(nt, lo, hi):
            s0 = m.start()
            if s0 in used or (s0 > 0 and (nt[s0 - 1].isdigit() or nt[s0 - 1] == ".")):
                continue
            k = max(nt.rfind(ch, max(0, s0 - 60), s0) for ch in "，,。；;：:\n、")
            item = clean_item(nt[max(k + 1, s0 - 60) : s0])
            if not item or _YEARISH.search(item):
                continue
            v, u = _COUNT_SPLIT.match(m.group()).groups()  # type: ignore[union-attr]
            f = _Fig("count", item, (s0, s0 + len(v)), sent(s0, m.end()), {"family": family(item)}, unit=u)
            f.value = float(v)
            out.append(f)
        for m in _SCORE.finditer(nt, lo, hi):
            lab = _SCORE_LABEL.search(nt, max(0, m.start() - 8), m.start())
            label = (lab.group() if lab else "") + m.group()[: m.start("v") - m.start()].rstrip("为是：:")
            f = _Fig("score", label, m.span("v"), sent(m.start(), m.end()), {}, unit="分")
            f.value = float(m.group("v"))
            out.append(f)
        for rx in (_GRADE, _GRADE_TICK):
            for m in rx.finditer(nt, lo, hi):
                gs = m.span("g") if rx is _GRADE else (m.start(), m.start() + 1)
                f = _Fig(
                    "grade", "评价等级", gs, sent(m.start(), m.end()), {"grade": nt[gs[0] : gs[1]]}, unit=None
                )
                out.append(f)
    return [f for f in out if _reads_back(ctx, f) and not _TABLE_ITEM.search(f.item)]


# A table row read as prose (cells split by tabs, operators of targets): no narrative figure.
_TABLE_ITEM = re.compile(r"[\t<>=≥≤|]")


def _reads_back(ctx: _Ctx, f) -> bool:
    """The number as written in the original text is the value (a line wrap joined by the
    normaliser inside a table, ``100⏎88``, is no number of the prose)."""
    if f.value is None:
        return True
    s, e = ctx.span(*f.v_span)
    return parse_number(ctx.text[s:e]) == f.value


def _span_unit(nt: str, span: tuple[int, int] | None) -> str | None:
    """The money unit printed right after a number (``X亿元`` -> 亿元)."""
    if span is None:
        return None
    tail = nt[span[1] : span[1] + 3]
    for u in ("万元", "亿元", "千元", "元", "万", "亿"):
        if tail.startswith(u) or tail.replace("多", "").replace("余", "").startswith(u):
            return u
    return None
