"""Planted anomalies: every code of the finding catalogue, at known places.

A plant changes the document model (a score, a printed rate, a reason, a goal …) and names
the span key where the catalogue says the finding points (``docs/findings.md``,
"Where a finding points"); after rendering, the key gives the exact ``start``/``end``.
Each plant keeps the rest of the document consistent: a score changed on purpose is summed
into the declared total (unless the total is the plant), a row made to miss its target
gets a deviation note (unless the missing note is the plant), so one plant is one anomaly.

Corpus-level plants (decided in :func:`plan_plants`): DUP001 re-issues a document under
another department or year, or copies a table's goal into another department's report;
DUP002 pastes one stock reason into a share of the reports large enough (40 %) for corpus
statistics to call it a template.
"""

from __future__ import annotations

import copy
import math
import random
import re
from collections.abc import Callable
from typing import Any

from . import phrases as ph
from . import plant_narr
from .build import note_for, rewrite_goals
from .model import Change, DocModel, Plant, Qty, Row, TableModel
from .phrases import DOWN, UP, Style
from .scoring import completion, score_row

CLEAN_SHARE = 0.3  # documents with nothing planted
STOCK_SHARE = 0.4  # documents carrying the DUP002 stock reason
COPY_SHARE = 0.03  # documents that are DUP001 copies


def plan_plants(rng: random.Random, plans: list, extra_codes: tuple[str, ...] = ()) -> None:
    """Decide per document: clean, or which codes to plant; DUP001 copies; DUP002 stock.
    ``extra_codes`` (RSN006 with the forms narrative) join the cycle; none keeps the plan
    of the seed style unchanged."""
    n = len(plans)
    order = list(range(n))
    rng.shuffle(order)
    n_clean = round(n * CLEAN_SHARE)
    clean = set(order[:n_clean])
    dirty = [i for i in range(n) if i not in clean]
    # DUP001 first: pairs (source earlier, copy later), both among the dirty documents; a
    # re-issued copy carries its source's anomalies and nothing of its own.
    n_copy = max(1, round(n * COPY_SHARE)) if n >= 10 else 0
    kinds = ["document", "document_year", "goal"]
    dirty_sorted = sorted(dirty)
    used: set[int] = set()
    for j in range(n_copy):
        cands = [i for i in dirty_sorted[1:] if i not in used and plans[i].copy_of is None]
        if not cands:
            break
        dst = rng.choice(cands)
        srcs = [i for i in dirty_sorted if i < dst and i not in used and plans[i].copy_of is None]
        if not srcs:
            continue
        src = rng.choice(srcs)
        kind = kinds[j % len(kinds)]
        plans[dst].copy_of, plans[dst].copy_kind = src, kind
        if kind != "goal":
            plans[dst].pdf = False
        used.update((src, dst))
    # Every code at least once in a corpus of 40: cycle through the codes in a shuffled order.
    cycle = list(PER_DOC_CODES) + list(extra_codes)
    rng.shuffle(cycle)
    k = 0
    for i in dirty:
        if plans[i].copy_of is not None and plans[i].copy_kind != "goal":
            continue
        m = rng.choices([1, 2, 3, 4], [30, 35, 25, 10])[0]
        codes = []
        for _ in range(m):
            codes.append(cycle[k % len(cycle)])
            k += 1
        plans[i].codes = list(dict.fromkeys(codes))
    # DUP002: the stock reason in a fixed share of all documents, taken from the dirty ones.
    n_stock = min(len(dirty), math.ceil(n * STOCK_SHARE)) if n >= 10 else 0
    for i in sorted(rng.sample(dirty, n_stock)) if n_stock else []:
        if plans[i].copy_of is None or plans[i].copy_kind == "goal":
            plans[i].stock = True


# ------------------------------------------------------------------ helpers


class _Ctx:
    def __init__(self, doc: DocModel, rng: random.Random) -> None:
        self.doc = doc
        self.rng = rng
        self.style = Style(rng)
        self.used_rows: set[tuple[int, int]] = set()
        self.used_sids: set[str] = set()
        self.used_tables: set[tuple[int, str]] = set()

    def rows(
        self, pred: Callable[[int, TableModel, int, Row], bool], project_only: bool = False
    ) -> list[tuple]:
        out = []
        for ti, t in enumerate(self.doc.tables):
            if project_only and t.kind != "project":
                continue
            for ri, r in enumerate(t.rows):
                if (ti, ri) not in self.used_rows and pred(ti, t, ri, r):
                    out.append((ti, t, ri, r))
        return out

    def take_row(self, cands: list[tuple]) -> tuple | None:
        if not cands:
            return None
        ti, t, ri, r = self.rng.choice(cands)
        self.used_rows.add((ti, ri))
        return ti, t, ri, r

    def changes(self, pred: Callable[[Change], bool]) -> list[Change]:
        cs = list(self.doc.changes.values()) + list(self.doc.fin.items)
        return [c for c in cs if c.sid not in self.used_sids and pred(c)]

    def take_change(self, cands: list[Change]) -> Change | None:
        if not cands:
            return None
        c = self.rng.choice(cands)
        self.used_sids.add(c.sid)
        c.form["planted"] = True  # the forms writer keeps its text and prints its figures
        return c


def retotal(t: TableModel) -> None:
    t.declared_total = round(sum(r.score or 0 for r in t.rows) + t.exec_score, 2)


def _met_qty(ti: int, t: TableModel, ri: int, r: Row) -> bool:
    c = completion(r)
    return (
        r.kind == "qty"
        and c is not None
        and c >= 1
        and r.target.op in (">=", "=")
        and (r.target.value or 0) >= 5
        and not r.note
    )


def _miss(ctx: _Ctx, r: Row, lo: float, hi: float) -> None:
    t = r.target.value or 0
    a = float(
        max(
            math.ceil(t * max(lo, 0.6)) if lo >= 0.5 else math.floor(t * lo),
            math.floor(t * ctx.rng.uniform(lo, hi)),
        )
    )
    if a >= t:
        a = t - 1
    r.actual = Qty("=", a, r.actual.unit)


def _p(code: str, variant: str, key: tuple, **what: Any) -> Plant:
    return Plant(code, variant, key, what)


# ------------------------------------------------------------------ IND


def ind001(ctx: _Ctx) -> list[Plant] | None:
    hit = ctx.take_row(ctx.rows(_met_qty))
    if hit is None:
        return None
    ti, t, ri, r = hit
    _miss(ctx, r, 0.7, 0.95)
    r.score = r.weight
    r.note = note_for(ctx.rng, ctx.style, r)
    retotal(t)
    return [
        _p(
            "IND001",
            "missed_full_score",
            ("row", ti, ri),
            row=r.name,
            target=r.target.value,
            actual=r.actual.value,
            weight=r.weight,
            score=r.score,
        )
    ]


def ind002(ctx: _Ctx) -> list[Plant] | None:
    hit = ctx.take_row(ctx.rows(_met_qty))
    if hit is None:
        return None
    ti, t, ri, r = hit
    w = r.weight or 10
    r.score = round(w * ctx.rng.uniform(0.5, 0.9), 2)
    if float(r.score).is_integer():
        r.score = round(r.score - 0.35, 2)
    retotal(t)
    return [_p("IND002", "met_deducted", ("row", ti, ri), row=r.name, weight=w, score=r.score)]


def ind003(ctx: _Ctx) -> list[Plant] | None:
    hit = ctx.take_row(
        ctx.rows(lambda ti, t, ri, r: r.weight is not None and r.score == r.weight and r.kind != "cost")
    )
    if hit is None:
        return None
    ti, t, ri, r = hit
    variant = ctx.rng.choice(["above_weight", "above_weight", "no_weight"])
    if variant == "above_weight":
        r.score = (r.weight or 0) + ctx.rng.choice([1, 2, 5])
    else:
        r.weight_text = ""
    retotal(t)
    return [
        _p(
            "IND003",
            variant,
            ("row", ti, ri),
            row=r.name,
            weight=None if variant == "no_weight" else r.weight,
            score=r.score,
        )
    ]


def ind004(ctx: _Ctx) -> list[Plant] | None:
    hit = ctx.take_row(ctx.rows(lambda ti, t, ri, r: _met_qty(ti, t, ri, r) and (r.target.value or 0) >= 10))
    if hit is None:
        return None
    ti, t, ri, r = hit
    _miss(ctx, r, 0.65, 0.9)
    w = r.weight or 10
    c = completion(r) or 0
    r.score = round(w * c + 0.5 * w * (1 - c), 2)
    r.note = note_for(ctx.rng, ctx.style, r)
    retotal(t)
    return [
        _p(
            "IND004",
            "generous_partial",
            ("row", ti, ri),
            row=r.name,
            completion=round(c, 4),
            weight=w,
            score=r.score,
            standard=round(w * c, 2),
        )
    ]


def ind005(ctx: _Ctx) -> list[Plant] | None:
    hit = ctx.take_row(
        ctx.rows(
            lambda ti, t, ri, r: (
                r.target.op in (">=", "<=")
                and r.target.value is not None
                and (completion(r) or 0) >= 1
                and r.score == r.weight
                and not r.note
            )
        )
    )
    if hit is None:
        return None
    ti, t, ri, r = hit
    r.actual = Qty(r.target.op, r.target.value, r.target.unit, decimals=r.target.decimals)
    return [_p("IND005", "actual_copies_target", ("actual", ti, ri), row=r.name, actual=r.target.op)]


def ind006(ctx: _Ctx) -> list[Plant] | None:
    hit = ctx.take_row(
        ctx.rows(
            lambda ti, t, ri, r: (
                r.kind == "cost"
                and r.actual.value is not None
                and r.actual.value <= (r.target.value or 0)
                and not r.note
            )
        )
    )
    if hit is None:
        return None
    ti, t, ri, r = hit
    variant = ctx.rng.choice(["mixed_units", "typo_unit", "scale_slip"])
    if variant == "mixed_units":
        r.actual = Qty("=", round(r.actual.value * 10000), "元")
    elif variant == "typo_unit":
        r.actual = Qty("=", r.actual.value, "万余", decimals=r.actual.decimals)
    else:
        r.actual = Qty("=", round(r.target.value * 100, 2), r.actual.unit, decimals=2)
        r.score = score_row(r, ctx.doc.rulebook)
        r.note = note_for(ctx.rng, ctx.style, r)
    retotal(t)
    return [
        _p(
            "IND006",
            variant,
            ("row", ti, ri),
            row=r.name,
            target=r.target.value,
            actual=r.actual.value,
            actual_unit=r.actual.unit,
        )
    ]


_BAD_RATES = ["服务投诉率", "设备故障率", "工作差错率", "废标、流标率", "资料退回率"]


def ind007(ctx: _Ctx) -> list[Plant] | None:
    variant = ctx.rng.choice(["bad_rate_loose", "good_rate_upper", "control_rate", "budget_as_target"])
    if variant == "budget_as_target":
        hit = ctx.take_row(ctx.rows(lambda ti, t, ri, r: r.kind == "cost" and not r.note, project_only=True))
        if hit is None:
            return None
        ti, t, ri, r = hit
        r.target = Qty("<=", round(t.total.adjusted / 100, 2), "万元", decimals=2)
        r.actual = Qty("=", round(t.total.executed / 100, 2), "万元", decimals=2)
        r.score = score_row(r, ctx.doc.rulebook)
        retotal(t)
        return [_p("IND007", variant, ("target", ti, ri), row=r.name, target=r.target.value)]
    hit = ctx.take_row(ctx.rows(lambda ti, t, ri, r: r.kind == "quality" and r.score == r.weight))
    if hit is None:
        return None
    ti, t, ri, r = hit
    if variant == "bad_rate_loose":
        r.name = ctx.rng.choice(_BAD_RATES)
        r.target = Qty("<=", float(ctx.rng.choice([60, 80, 90])), "%")
        r.actual = Qty("=", float(ctx.rng.choice([1, 2, 3, 5])), "%")
    elif variant == "good_rate_upper":
        v = float(ctx.rng.choice([95, 98, 99]))
        r.target = Qty("<=", v, "%")
        r.actual = Qty("=", v, "%")
    else:
        r.name = ctx.rng.choice(["预算成本控制率", "项目成本控制率", "经费支出控制率"])
        r.target = Qty("<=", 100.0, "%")
        r.actual = Qty("=", 100.0, "%")
    return [_p("IND007", variant, ("target", ti, ri), row=r.name, target=r.target.value, op=r.target.op)]


def ind008(ctx: _Ctx) -> list[Plant] | None:
    hit = ctx.take_row(ctx.rows(lambda ti, t, ri, r: r.kind == "benefit"))
    if hit is None:
        return None
    ti, t, ri, r = hit
    word = r.target.text or "有效提升"
    r.actual = Qty("qualitative", None, "", word if ctx.rng.random() < 0.6 else word[-2:])
    return [_p("IND008", "echo", ("actual", ti, ri), row=r.name, target=word, actual=r.actual.text)]


_GENERIC = re.compile(
    r"成本|费用|经费|资金|支出|数量|次数|人数|个数|件数|金额|标准|开展|组织|完成|"
    r"实施|全年|年度|项目|工作|[（(][^）)]*[）)]|[\d.]+|\s+"
)


def _grams(s: str) -> set[str]:
    s = _GENERIC.sub("", s)
    return {s[i : i + 2] for i in range(len(s) - 1)}


def ind009(ctx: _Ctx) -> list[Plant] | None:
    pairs = []
    for ti, t in enumerate(ctx.doc.tables):
        if t.kind != "project":
            continue
        for ri, r in enumerate(t.rows):
            if (ti, ri) in ctx.used_rows or not _met_qty(ti, t, ri, r) or (r.target.value or 0) < 5:
                continue
            g = _grams(r.name)
            best, best_n = None, 0
            for cj, cr in enumerate(t.rows):
                if cr.kind == "cost":
                    n = len(g & _grams(cr.name))
                    if n > best_n:
                        best, best_n = cj, n
            if best is not None and (ti, best) not in ctx.used_rows:
                pairs.append((ti, ri, best))
    if not pairs:
        return None
    ti, ri, cj = ctx.rng.choice(pairs)
    t = ctx.doc.tables[ti]
    r, cr = t.rows[ri], t.rows[cj]
    ctx.used_rows.update({(ti, ri), (ti, cj)})
    tv = r.target.value or 0
    r.actual = Qty("=", float(max(0, math.floor(tv * ctx.rng.uniform(0.0, 0.45)))), r.actual.unit)
    cr.actual = Qty("=", cr.target.value, cr.actual.unit, decimals=cr.actual.decimals)
    cr.note = ""
    r.note = note_for(ctx.rng, ctx.style, r)
    rb = ctx.doc.rulebook
    r.score, cr.score = score_row(r, rb), score_row(cr, rb)
    retotal(t)
    return [
        _p(
            "IND009",
            "output_missed_cost_spent",
            ("row", ti, ri),
            row=r.name,
            cost_row=cr.name,
            target=tv,
            actual=r.actual.value,
        )
    ]


# ------------------------------------------------------------------ SUM


def _table(ctx: _Ctx, tag: str, pred: Callable[[int, TableModel], bool]) -> tuple[int, TableModel] | None:
    cands = [
        (ti, t) for ti, t in enumerate(ctx.doc.tables) if (ti, tag) not in ctx.used_tables and pred(ti, t)
    ]
    if not cands:
        return None
    ti, t = ctx.rng.choice(cands)
    ctx.used_tables.add((ti, tag))
    return ti, t


def sum001(ctx: _Ctx) -> list[Plant] | None:
    hit = _table(ctx, "total", lambda ti, t: True)
    if hit is None:
        return None
    ti, t = hit
    retotal(t)
    delta = ctx.rng.choice([-10, -5, -2, -1, 1, 2, 3, 5]) * (
        1 if t.declared_total < 95 else -1 if ctx.rng.random() < 0.7 else 1
    )
    true = t.declared_total
    t.declared_total = round(true + delta, 2)
    ctx.used_tables.add((ti, "weights"))
    return [_p("SUM001", "total_off", ("total", ti), declared=t.declared_total, sum=true)]


def sum002(ctx: _Ctx) -> list[Plant] | None:
    hit = _table(ctx, "weights", lambda ti, t: any(r.score == r.weight and r.weight for r in t.rows))
    if hit is None:
        return None
    ti, t = hit
    cands = [
        (ri, r)
        for ri, r in enumerate(t.rows)
        if r.score == r.weight and r.weight and (ti, ri) not in ctx.used_rows
    ]
    if not cands:
        return None
    ri, r = ctx.rng.choice(cands)
    ctx.used_rows.add((ti, ri))
    delta = ctx.rng.choice([-5, -2, 2, 5])
    if (r.weight or 0) + delta <= 0:
        delta = 5
    r.weight = (r.weight or 0) + delta
    r.score = r.weight
    retotal(t)
    ctx.used_tables.add((ti, "total"))
    return [
        _p(
            "SUM002",
            "weights_not_100",
            ("total", ti),
            row=r.name,
            weights=sum(x.weight or 0 for x in t.rows) + t.exec_weight,
        )
    ]


def sum003(ctx: _Ctx) -> list[Plant] | None:
    hit = _table(ctx, "budget", lambda ti, t: t.total.adjusted > 0)
    if hit is None:
        return None
    ti, t = hit
    true = t.rate
    if t.total.initial != t.total.adjusted and t.total.initial:
        wrong = round(100 * t.total.executed / t.total.initial, 2)
        variant = "rate_of_initial_budget"
    else:
        wrong = round(true - ctx.rng.choice([2.5, 5.0, 8.0, 12.0]), 2)
        variant = "rate_misprinted"
    if abs(wrong - true) < 0.5:
        wrong = round(true - 5.0, 2)
        variant = "rate_misprinted"
    t.rate_text = f"{wrong:.2f}%"
    return [_p("SUM003", variant, ("budget_row", ti), printed=wrong, expected=true)]


def sum004(ctx: _Ctx) -> list[Plant] | None:
    hit = _table(ctx, "budget", lambda ti, t: t.total.adjusted > 0)
    if hit is None:
        return None
    ti, t = hit
    w = t.exec_weight
    rate = min(1.0, t.total.executed / t.total.adjusted)
    if rate < 0.98:
        s = round(w * rate + 0.5 * (w - w * rate), 2)
        variant = "generous_execution_score"
    else:
        s = round(w - ctx.rng.choice([1.5, 2.0, 3.0]), 2)
        variant = "deducted_at_full_execution"
    true = t.exec_score
    t.exec_score = s
    retotal(t)
    return [_p("SUM004", variant, ("budget_row", ti), score=s, expected=true, rate=round(100 * rate, 2))]


def sum005(ctx: _Ctx) -> list[Plant] | None:
    hit = _table(
        ctx,
        "budget",
        lambda ti, t: (
            t.layout != "narrative" and ctx.doc.overall_layout != "narrative" or t.kind == "project"
        ),
    )
    if hit is None:
        return None
    ti, t = hit
    fund = max(t.funds, key=lambda f: f.adjusted)
    delta = max(100, int(t.total.adjusted * ctx.rng.uniform(0.05, 0.2)))
    fund.adjusted -= delta
    fund.initial = max(0, fund.initial - delta)
    return [_p("SUM005", "fund_sources_short", ("budget_row", ti), fund=fund.name, short_by=delta / 100)]


def sum006(ctx: _Ctx) -> list[Plant] | None:
    f = ctx.doc.fin
    groups = [
        ("income", f.income_parts, f.income_current),
        ("expense", f.expense_parts, f.expense_current),
        ("class", f.classes, f.gpb),
        ("three", f.three_parts, f.three),
    ]
    groups = [
        (g, parts, whole)
        for g, parts, whole in groups
        if whole and any(p.amount for p in parts) and ("share", g) not in ctx.used_sids
    ]
    if not groups:
        return None
    g, parts, whole = ctx.rng.choice(groups)
    ctx.used_sids.add(("share", g))
    i = ctx.rng.choice([k for k, p in enumerate(parts) if p.amount])
    true = round(100 * parts[i].amount / whole, 2)
    wrong = round(true + ctx.rng.choice([-1, 1]) * ctx.rng.choice([1.5, 3.2, 5.0, 10.0]), 2)
    if wrong < 0 or wrong > 100:
        wrong = round(true - 1.5, 2) if true > 2 else round(true + 1.5, 2)
    parts[i].share_text = f"{wrong:.2f}%"
    return [_p("SUM006", "share_wrong", ("share", g, i), part=parts[i].name, printed=wrong, expected=true)]


def sum007(ctx: _Ctx) -> list[Plant] | None:
    c = ctx.take_change(ctx.changes(lambda c: c.previous > 0 and c.change != 0 and not c.omit_reason))
    if c is None:
        return None
    if ctx.rng.random() < 0.3:
        c.word_text = "下降" if c.change > 0 else "增长"
        return [
            _p(
                "SUM007",
                "direction_word",
                ("rate", c.sid),
                item=c.item,
                word=c.word_text,
                change=c.change / 100,
            )
        ]
    true = c.rate
    wrong = (
        round(100 * abs(c.change) / c.current, 2)
        if ctx.rng.random() < 0.5
        else round(true + ctx.rng.choice([2.0, 5.0, -1.5]), 2)
    )
    if abs(wrong - true) < 0.5 or wrong <= 0:
        wrong = round(true + 3.0, 2)
    c.rate_text = f"{wrong:.2f}%"
    return [_p("SUM007", "rate_wrong", ("rate", c.sid), item=c.item, printed=wrong, expected=true)]


def sum008(ctx: _Ctx) -> list[Plant] | None:
    f = ctx.doc.fin
    options = ["income_total", "basic"] + (["procurement"] if f.procurement else [])
    options = [o for o in options if ("sum008", o) not in ctx.used_sids]
    if not options:
        return None
    o = ctx.rng.choice(options)
    ctx.used_sids.add(("sum008", o))
    from .narrative import Fmt

    fmt = Fmt(ctx.doc.style)
    if o == "income_total":
        wrong = f.carry_in + max(100, int(f.income_total * ctx.rng.uniform(0.02, 0.1)))
        f.overrides["carry_in"] = fmt.wan(wrong)
        return [
            _p(
                "SUM008",
                "income_total_parts",
                ("sent", "income_total"),
                part="年初结转和结余",
                printed=wrong / 100,
            )
        ]
    if o == "basic":
        wrong = f.personnel + max(100, int(f.basic_fiscal * ctx.rng.uniform(0.02, 0.1)))
        f.overrides["personnel"] = fmt.wan(wrong)
        return [_p("SUM008", "basic_parts", ("sent", "basic"), part="人员经费", printed=wrong / 100)]
    part = max(f.procurement_parts, key=lambda p: p.amount)
    part.amount += max(100, int(f.procurement * ctx.rng.uniform(0.05, 0.2)))
    return [
        _p("SUM008", "procurement_parts", ("sent", "procurement"), part=part.name, printed=part.amount / 100)
    ]


def sum009(ctx: _Ctx) -> list[Plant] | None:
    cands = [
        v
        for v in ctx.doc.variances.values()
        if v.budget > 0 and v.final != v.budget and ("var", v.sid) not in ctx.used_sids
    ]
    if not cands:
        return None
    v = ctx.rng.choice(cands)
    ctx.used_sids.add(("var", v.sid))
    true = v.rate
    wrong = (
        round(100 * (v.final - v.budget) / v.final, 2)
        if v.final and ctx.rng.random() < 0.5
        else round(true + ctx.rng.choice([3.0, -4.0, 6.5]), 2)
    )
    if abs(abs(wrong) - abs(true)) < 0.5:
        wrong = round(true + 3.0, 2)
    v.rate_text = f"{wrong:.2f}%"
    return [
        _p("SUM009", "variance_rate_wrong", ("var_rate", v.sid), item=v.item, printed=wrong, expected=true)
    ]


# ------------------------------------------------------------------ RSN


def _reasoned(c: Change) -> bool:
    return c.change != 0 and bool(c.reason) and not c.omit_reason


def rsn001(ctx: _Ctx) -> list[Plant] | None:
    if ctx.rng.random() < 0.25:
        hit = ctx.take_row(
            ctx.rows(lambda ti, t, ri, r: bool(r.note) and (completion(r) or 1) < 1, project_only=True)
        )
        if hit is not None:
            ti, t, ri, r = hit
            r.note = ctx.rng.choice(
                [
                    "偏差在合理范围内",
                    "实际数据波动仍在预算可控范围内，属于正常情况",
                    "根据实际工作需要调整，偏差在合理范围内",
                ]
            )
            return [_p("RSN001", "boilerplate_note", ("note", ti, ri), row=r.name, note=r.note)]
    c = ctx.take_change(ctx.changes(_reasoned))
    if c is None:
        return None
    # A formula that says "we saved" explains a decrease in the wrong way, not an increase
    # in the opposite way: on an increase only direction-free formulas are used.
    bank = ph.BOILERPLATE if c.change < 0 else ph.BOILERPLATE_NEUTRAL
    c.reason = ph.expand(ctx.rng.choice(bank), ctx.rng)
    return [_p("RSN001", "boilerplate_reason", ("reason", c.sid), item=c.item, reason=c.reason)]


def rsn002(ctx: _Ctx) -> list[Plant] | None:
    c = ctx.take_change(ctx.changes(_reasoned))
    if c is None:
        return None
    what, other = ctx.rng.sample(ph.RESTATE_WHAT, 2)
    verb = "增加" if c.change > 0 else "减少"
    tpl = ctx.rng.choice(ph.RESTATING)
    c.reason = ph.expand(tpl.replace("[增加|减少]", verb), ctx.rng, what=what, other=other)
    return [_p("RSN002", "restates_spending", ("reason", c.sid), item=c.item, reason=c.reason)]


def rsn003(ctx: _Ctx) -> list[Plant] | None:
    c = ctx.take_change(ctx.changes(_reasoned))
    if c is None:
        return None
    verb = "减少" if c.change > 0 else "增加"
    why = ctx.rng.choice(["本年人员调整", "年内项目任务调整", "本年{n}名工作人员岗位变动", "上级政策调整"])
    noun = ctx.rng.choice(["人员经费支出", "项目支出", "公用经费支出", "缴费支出"])
    c.reason = ph.expand(f"{why}，{noun}[相应|随之|]{verb}", ctx.rng, n=ctx.rng.randint(2, 6))
    return [
        _p(
            "RSN003",
            "opposite_direction",
            ("reason", c.sid),
            item=c.item,
            reason=c.reason,
            change=c.direction,
        )
    ]


_SHARED = [
    "本年度结合业务工作安排，对人员配置和项目实施计划进行了调整",
    "受机构职能调整影响，部分人员和项目在单位之间重新划分",
    "根据年度重点任务安排，人员力量和项目资金统筹调配",
]


def rsn004(ctx: _Ctx) -> list[Plant] | None:
    if ctx.rng.random() < 0.35:
        got = _rsn004_notes(ctx)
        if got:
            return got
    ups = ctx.changes(lambda c: _reasoned(c) and c.change > 0 and c.sid.startswith("item"))
    downs = ctx.changes(lambda c: _reasoned(c) and c.change < 0 and c.sid.startswith("item"))
    if not ups or not downs:
        return None
    a, b = ctx.rng.choice(ups), ctx.rng.choice(downs)
    ctx.used_sids.update({a.sid, b.sid})
    a.form["planted"] = b.form["planted"] = True
    text = ctx.rng.choice(_SHARED)
    a.reason = b.reason = text
    later = max(a, b, key=lambda c: int(c.sid[4:]))
    return [
        _p(
            "RSN004",
            "same_reason_opposite_changes",
            ("reason", later.sid),
            items=[a.item, b.item],
            reason=text,
        )
    ]


def _rsn004_notes(ctx: _Ctx) -> list[Plant] | None:
    for ti, t in enumerate(ctx.doc.tables):
        if t.kind != "project":
            continue
        missed = [
            ri
            for ri, r in enumerate(t.rows)
            if r.note and (completion(r) or 1) < 1 and (ti, ri) not in ctx.used_rows
        ]
        over = [
            ri
            for ri, r in enumerate(t.rows)
            if r.kind == "qty" and (completion(r) or 0) > 1 and (ti, ri) not in ctx.used_rows
        ]
        if missed and over:
            m, o = missed[0], over[0]
            ctx.used_rows.update({(ti, m), (ti, o)})
            t.rows[o].note = t.rows[m].note
            later = max(m, o)
            return [
                _p(
                    "RSN004",
                    "same_note_missed_and_exceeded",
                    ("note", ti, later),
                    rows=[t.rows[m].name, t.rows[o].name],
                    note=t.rows[m].note,
                )
            ]
    return None


def rsn005(ctx: _Ctx) -> list[Plant] | None:
    if ctx.rng.random() < 0.5:
        hit = ctx.take_row(
            ctx.rows(lambda ti, t, ri, r: bool(r.note) and (completion(r) or 1) < 1, project_only=True)
        )
        if hit is None:
            hit = ctx.take_row(ctx.rows(_met_qty, project_only=True))
            if hit is not None:
                ti, t, ri, r = hit
                _miss(ctx, r, 0.7, 0.95)
                r.score = score_row(r, ctx.doc.rulebook)
                retotal(t)
        if hit is not None:
            ti, t, ri, r = hit
            r.note = ""
            return [_p("RSN005", "missed_row_without_note", ("row", ti, ri), row=r.name)]
    c = ctx.take_change(ctx.changes(lambda c: _reasoned(c) and c.sid.startswith("item")))
    if c is None:
        return None
    c.omit_reason = True
    return [_p("RSN005", "change_without_reason", ("stmt", c.sid), item=c.item, change=c.change / 100)]


# ------------------------------------------------------------------ GOL


def gol001(ctx: _Ctx) -> list[Plant] | None:
    hit = _table(ctx, "goal", lambda ti, t: t.kind == "project" and ctx.doc.layout != "narrative")
    if hit is None:
        return None
    ti, t = hit
    text = t.goal_expected
    if ctx.rng.random() < 0.5:
        text = text.replace("，", "， ", 2)
    t.goal_actual = text
    return [_p("GOL001", "result_copies_goal", ("goal_actual", ti))]


def gol002(ctx: _Ctx) -> list[Plant] | None:
    hit = _table(ctx, "goal", lambda ti, t: t.kind == "overall" and ctx.doc.overall_layout != "narrative")
    if hit is None:
        return None
    ti, t = hit
    # Most of the duty list pasted as the year's goal, with one sentence of its own.
    duties = ctx.rng.sample(ctx.doc.duties, max(3, len(ctx.doc.duties) - 2))
    own = t.goal_expected.split("；")[0].rstrip("。")
    items = duties + [own] if ctx.rng.random() < 0.6 else duties
    t.goal_expected = "；".join(f"{i + 1}.{d}" for i, d in enumerate(items)) + "。"
    return [_p("GOL002", "goal_copies_duties", ("goal_expected", ti), duties=len(duties))]


def gol003(ctx: _Ctx) -> list[Plant] | None:
    projects = [
        ti
        for ti, t in enumerate(ctx.doc.tables)
        if t.kind == "project" and (ti, "goal") not in ctx.used_tables
    ]
    if len(projects) < 2:
        return None
    a, b = sorted(ctx.rng.sample(projects, 2))
    ctx.used_tables.update({(a, "goal"), (b, "goal")})
    ctx.doc.tables[b].goal_expected = ctx.doc.tables[a].goal_expected
    return [_p("GOL003", "same_goal_two_tables", ("goal_expected", b), same_as=ctx.doc.tables[a].title)]


# ------------------------------------------------------------------ XRF


def xrf001(ctx: _Ctx) -> list[Plant] | None:
    doc = ctx.doc
    projects = [t for t in doc.tables if t.kind == "project"]
    if ("xrf", "count") in ctx.used_sids or ("xrf", "sum") in ctx.used_sids:
        variant = "overall_budget"
    else:
        variant = ctx.rng.choice(["overall_budget", "project_budget"]) if projects else "overall_budget"
    ctx.used_sids.add(("xrf", "sum"))
    if variant == "overall_budget":
        ov = doc.tables[0]
        doc.eval_overrides["overall_budget"] = ov.total.adjusted + ctx.rng.choice([-1, 1]) * max(
            100, int(ov.total.adjusted * 0.03)
        )
        return [
            _p(
                "XRF001",
                variant,
                ("budget_cell", 0, "adjusted"),
                narrative=doc.eval_overrides["overall_budget"] / 100,
                table=ov.total.adjusted / 100,
            )
        ]
    s = sum(t.total.adjusted for t in projects)
    doc.eval_overrides["project_budget"] = s + ctx.rng.choice([-1, 1]) * max(500, int(s * 0.08))
    return [
        _p(
            "XRF001",
            variant,
            ("eval", "project_budget"),
            narrative=doc.eval_overrides["project_budget"] / 100,
            tables=s / 100,
        )
    ]


def xrf002(ctx: _Ctx) -> list[Plant] | None:
    n = len([t for t in ctx.doc.tables if t.kind == "project"])
    if n == 0 or ("xrf", "count") in ctx.used_sids or ("xrf", "sum") in ctx.used_sids:
        return None
    ctx.used_sids.add(("xrf", "count"))
    stated = n + ctx.rng.choice([1, 2, 3])
    ctx.doc.eval_count_text = str(stated)
    return [_p("XRF002", "project_count", ("eval_count",), stated=stated, tables=n)]


def _forms_first(
    narr: Callable[[_Ctx], list[Plant] | None], seed: Callable[[_Ctx], list[Plant] | None], share: float
) -> Callable[[_Ctx], list[Plant] | None]:
    """In a forms-narrative document, plant the forms variant (plant_narr) in ``share`` of
    the cases, else (or when it finds no place) the seed-style one. Seed-style documents
    draw nothing more, so their plants are unchanged."""

    def run(ctx: _Ctx) -> list[Plant] | None:
        if plant_narr.forms_doc(ctx) and ctx.rng.random() < share:
            got = narr(ctx)
            if got:
                return got
        return seed(ctx)

    return run


PLANTERS: dict[str, Callable[[_Ctx], list[Plant] | None]] = {
    "IND001": ind001,
    "IND002": ind002,
    "IND003": ind003,
    "IND004": ind004,
    "IND005": ind005,
    "IND006": ind006,
    "IND007": ind007,
    "IND008": ind008,
    "IND009": ind009,
    "SUM001": sum001,
    "SUM002": sum002,
    "SUM003": sum003,
    "SUM004": sum004,
    "SUM005": sum005,
    "SUM006": sum006,
    "SUM007": sum007,
    "SUM008": _forms_first(plant_narr.sum008, sum008, 0.4),
    "SUM009": _forms_first(plant_narr.sum009, sum009, 0.5),
    "RSN001": _forms_first(plant_narr.rsn001, rsn001, 0.6),
    "RSN002": _forms_first(plant_narr.rsn002, rsn002, 0.6),
    "RSN003": rsn003,
    "RSN004": rsn004,
    "RSN005": _forms_first(plant_narr.rsn005, rsn005, 0.6),
    "RSN006": plant_narr.rsn006,
    "GOL001": gol001,
    "GOL002": gol002,
    "GOL003": gol003,
    "XRF001": xrf001,
    "XRF002": xrf002,
}
# Planted only in the forms narrative (its template slots exist only there); the seed style
# plans the other codes exactly as before.
FORMS_ONLY_CODES = ("RSN006",)
# Every per-document code, in the order the plan cycles through them (the planters' order:
# a new rule's planter added to PLANTERS joins the cycle; tests/test_catalogue.py checks
# that PLANTERS has a planter for every per-document rule of the registry and no other).
PER_DOC_CODES = [c for c in PLANTERS if c not in FORMS_ONLY_CODES]
# Plants that rewrite totals run last, so the totals they state are the final ones.
_LAST = {"SUM001": 2, "SUM002": 1}


def _stock(ctx: _Ctx) -> list[Plant] | None:
    c = ctx.take_change(ctx.changes(lambda c: _reasoned(c) and c.sid.startswith("item")))
    if c is None:
        return None
    c.reason = ph.STOCK_REASONS[0]
    return [_p("DUP002", "stock_reason", ("reason", c.sid), item=c.item, reason=c.reason)]


def _rename(doc: DocModel, other: DocModel) -> None:
    """A re-issued copy: the text of ``doc`` under ``other``'s department (or year)."""
    old = doc.department
    doc.department = other.department
    doc.region = other.region
    doc.units = [u.replace(old, other.department) for u in doc.units]
    for t in doc.tables:
        t.title = t.title.replace(old, other.department)
        t.dept = t.dept.replace(old, other.department)
        t.unit = t.unit.replace(old, other.department)


def apply_plants(doc: DocModel, plan: Any, source: tuple | None) -> tuple[DocModel, list[Plant], list[dict]]:
    """Plant the planned anomalies; returns the (possibly replaced) model, its plants, and
    the records that belong to the DUP001 source document (already located there)."""
    rng = random.Random(f"{doc.seed}:{doc.index}:plant")
    src_records: list[dict] = []
    if plan.copy_of is not None and source is not None and plan.copy_kind in ("document", "document_year"):
        src_doc, src_text, src_spans = source[0], source[1], source[2]
        new = copy.deepcopy(src_doc)
        new.index, new.seed, new.pdf = doc.index, doc.seed, doc.pdf
        if plan.copy_kind == "document":
            _rename(new, doc)
            new.year = src_doc.year
        else:
            new.year = src_doc.year + 1
        plants = [Plant(p.code, p.variant, p.key, dict(p.what)) for p in src_doc.plants if p.code != "DUP001"]
        plants.append(Plant("DUP001", plan.copy_kind, ("title",), {"copy_of": src_doc.index}))
        new.plants = plants
        src_records.append(
            _source_record(
                "DUP001",
                plan.copy_kind,
                ("title",),
                src_doc.index,
                src_text,
                src_spans,
                {"copied_by": doc.index},
            )
        )
        return new, plants, src_records
    ctx = _Ctx(doc, rng)
    plants: list[Plant] = []
    codes = sorted(plan.codes, key=lambda c: _LAST.get(c, 0))
    for code in [c for c in codes if not c.startswith("GOL")]:
        got = PLANTERS[code](ctx)
        if got:
            plants.extend(got)
    # Results report the rows as they now stand; then the goal plants.
    rewrite_goals(doc, sorted({ti for ti, _ in ctx.used_rows} | {0}))
    for code in [c for c in codes if c.startswith("GOL")]:
        got = PLANTERS[code](ctx)
        if got:
            plants.extend(got)
    if plan.stock:
        got = _stock(ctx)
        if got:
            plants.extend(got)
    if plan.copy_of is not None and source is not None and plan.copy_kind == "goal":
        src_doc, src_text, src_spans = source[0], source[1], source[2]
        s_projects = [ti for ti, t in enumerate(src_doc.tables) if t.kind == "project"]
        d_projects = [
            ti
            for ti, t in enumerate(doc.tables)
            if t.kind == "project" and (ti, "goal") not in ctx.used_tables
        ]
        if s_projects and d_projects:
            si, di = rng.choice(s_projects), rng.choice(d_projects)
            doc.tables[di].goal_expected = src_doc.tables[si].goal_expected
            plants.append(
                Plant("DUP001", "goal", ("goal_expected", di), {"copy_of": src_doc.index, "table": si})
            )
            src_records.append(
                _source_record(
                    "DUP001",
                    "goal",
                    ("goal_expected", si),
                    src_doc.index,
                    src_text,
                    src_spans,
                    {"copied_by": doc.index},
                )
            )
    doc.plants = plants
    return doc, plants, src_records


def _source_record(
    code: str, variant: str, key: tuple, index: int, text: str, spans: dict, what: dict
) -> dict:
    s, e = spans[key]
    return {
        "code": code,
        "variant": variant,
        "start": s,
        "end": e,
        "evidence": text[s:e],
        "planted": what,
        "_on": index,
        "key": list(key),
    }


def locate(plants: list[Plant], text: str, spans: dict) -> list[dict]:
    out = []
    for p in plants:
        if p.key not in spans:
            raise KeyError(f"{p.code}: no span for key {p.key}")
        s, e = spans[p.key]
        out.append(
            {
                "code": p.code,
                "variant": p.variant,
                "start": s,
                "end": e,
                "evidence": text[s:e],
                "planted": p.what,
                "key": list(p.key),
            }
        )
    return out


_SPACE = re.compile(r"\s+")


def find_squashed(hay: str, needle: str, start: int = 0) -> tuple[int, int] | None:
    """The span of ``needle`` in ``hay`` with any whitespace allowed between its characters."""
    chars = [c for c in _SPACE.sub("", needle)]
    if not chars:
        return None
    pat = re.compile(r"\s*".join(re.escape(c) for c in chars))
    m = pat.search(hay, start)
    return (m.start(), m.end()) if m else None


__all__ = [
    "FORMS_ONLY_CODES",
    "PER_DOC_CODES",
    "PLANTERS",
    "apply_plants",
    "find_squashed",
    "locate",
    "plan_plants",
    "UP",
    "DOWN",
]
