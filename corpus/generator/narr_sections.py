"""Sections of 第二部分 in the forms of real disclosures (real-forms.md 1, 2 and 4).

The ``forms`` narrative style replaces the seed-shaped sections (收支总计, 收入, 支出, 财政拨款,
一般公共预算, 基本支出, 其他重要事项) by these; 三公 is :mod:`.sangong`. The span keys are the
ones the plants use (``("sent", "income_total")``, ``("share", group, i)``, ``("stmt"|"rate"|
"reason", sid)``, ``("var_rate", sid)`` …), so every plant of the seed style works here too.
"""

from __future__ import annotations

import random

from . import phrases as ph
from .blocks import Block, Para
from .model import Change, DocModel, Part, pct
from .narr_forms import Writer


def yr(w: Writer, y: int) -> str:
    return f"{y} 年度" if w.h.space_num else f"{y}年度"


def amt(w: Writer, cents: int, sangong: bool = False) -> str:
    return w.money(cents, sangong)[0]


def _clean(c: Change) -> bool:
    """No plant touched it: its form is free (shared reasons, positions before the change)."""
    return not c.form and c.rate_text is None and c.word_text is None and not c.omit_reason


def statement(
    w: Writer,
    head: list[tuple[str, tuple]],
    c: Change,
    item: str,
    *,
    sangong: bool = False,
    position: str | None = None,
    tags: dict[str, str] | None = None,
    prefix: str = "",
    sep: str | None = None,
    each: bool = False,
    attributed: bool = False,
) -> list[Block]:
    """``{head}，{change}，{reason}。`` with the explanation after the change, as the next
    sentence on its own line, or before the change (由于/受…影响), drawn (1.2)."""
    r = w.rng
    if position is None:
        position = r.choices(["after", "next", "before"], [65, 20, 15])[0]
    if c.direction == "持平" or not c.reason or c.omit_reason:
        position = "after"
    # "late": the caller writes the explanation after a list of sub-items (Writer.reason_late).
    if position == "before" and c.form.get("template"):
        position = "after"
    q = Para().add(prefix)
    pre_tags: dict[str, str] = {}
    if position == "before":
        w.reason_before(q, c, pre_tags)
    for text, keys in head:
        q.add(text, *keys)
    if head:
        q.add(w.p.comma if sep is None else sep)
    t = w.change(
        q,
        c,
        item,
        sangong=sangong,
        reason="auto" if position == "after" else "later",
        extra_tags=tags,
        each=each,
    )
    q.add("。")
    out: list[Block] = [q]
    if position == "before":
        t.update(pre_tags)
        w._set_reason(c.sid, ("reason", c.sid))
    elif position == "next":
        nxt = w.reason_next(c, t, attributed=attributed)
        if nxt is not None:
            out.append(nxt)
    return out


def harmonise(doc: DocModel) -> None:
    """Last year's 一般公共预算 total is the sum of last year's 项 items, as this year's is
    (the forms narrative lists both, so their changes must add up, real-forms 7); its reason
    then names the items that moved it most, in its direction."""
    items = [c for c in doc.fin.items if c.previous > 0 or c.current > 0]
    g = doc.changes.get("gpb")
    if g is None or not items or sum(c.current for c in items) != g.current:
        return
    g.previous = sum(c.previous for c in items)
    movers = sorted(
        (c for c in items if c.direction == g.direction and c.reason), key=lambda c: -abs(c.change)
    )
    if g.direction != "持平" and movers:
        g.reason = "；".join(dict.fromkeys(c.reason for c in movers[:2] if c.reason))


# ------------------------------------------------------------------ 收支总计 (4.1)


def s_total(doc: DocModel, w: Writer, rng: random.Random) -> list[Block]:
    fin, y, p = doc.fin, doc.year, w.p
    w.section = "totals"
    out: list[Block] = []
    inc_word = rng.choice(["收入总计", "收入决算", "收入总计"])
    p1 = Para()
    with p1.span(("sent", "income_total")):
        p1.add(f"{yr(w, y)}{inc_word}")
        p1.add(fin.overrides.get("income_total", amt(w, fin.income_total)), ("fig", "income_total"))
        p1.add(f"{p.comma}其中{p.colon}本年收入{rng.choice(['合计', ''])}{amt(w, fin.income_current)}")
        if fin.nonfiscal_used or rng.random() < 0.5:
            p1.add(f"{p.comma}使用非财政拨款结余{amt(w, fin.nonfiscal_used)}")
        p1.add(f"{p.comma}{rng.choice(['年初结转和结余', '上年结转和结余', '年初结转和结余'])}")
        p1.add(fin.overrides.get("carry_in", amt(w, fin.carry_in)), ("fig", "carry_in"))
        p1.add("。")
    p2 = Para()
    with p2.span(("sent", "expense_total")):
        p2.add(f"支出总计{amt(w, fin.expense_total)}")
        p2.add(
            f"{p.comma}其中{p.colon}本年支出合计{amt(w, fin.expense_current)}{p.comma}"
            f"结余分配{amt(w, fin.distribution)}{p.comma}年末结转和结余{amt(w, fin.carry_out)}。"
        )
    out += [p1, p2]
    c = doc.changes["total"]
    if fin.income_total == fin.expense_total and rng.random() < 0.4:
        # 4.1: 收、支总计均为X万元，与YYYY年度相比，各增加Y万元，增长Z%。
        head = f"收、支总计均为{amt(w, fin.income_total)}"
        out += statement(w, [(head, ())], c, "收入支出总计", each=True)
    else:
        head = rng.choice(["收入支出总体", "收、支总计", "收入支出决算总计", "收入和支出总计"])
        out += statement(w, [(head, ())], c, "收入支出总计", sep="")
    return out


def _shares(
    w: Writer, q: Para, group: str, parts: list[Part], whole: int, whole_word: str, zeros: bool
) -> None:
    p = w.p
    share_word = w.rng.choice(["占", f"占{whole_word}", "占比", f"占{whole_word}的"])
    first = True
    for i, part in enumerate(parts):
        if not part.amount and not zeros:
            continue
        if not first:
            q.add(p.semi)
        first = False
        share = (
            w.h.fix_pct(part.share_text) if part.share_text is not None else w.h.pct(pct(part.amount, whole))
        )
        with q.span(("part", group, i)):
            q.add(f"{part.name}{amt(w, part.amount)}{p.comma}{share_word}")
            q.add(share, ("share", group, i))


def s_income(doc: DocModel, w: Writer, rng: random.Random) -> list[Block]:
    fin, p = doc.fin, w.p
    w.section = "totals"
    q = Para().add(f"本年收入{rng.choice(['合计', ''])}{amt(w, fin.income_current)}{p.comma}其中{p.colon}")
    _shares(
        w,
        q,
        "income",
        fin.income_parts,
        fin.income_current,
        rng.choice(["总收入", "本年收入", "收入合计"]),
        rng.random() < 0.4,
    )
    q.add("。")
    out: list[Block] = [q]
    fiscal = fin.income_parts[0].amount
    if fin.income_current and rng.random() < 0.4:
        # 2.5: a share and its change in percentage points (last year's share is stated nowhere).
        share = pct(fiscal, fin.income_current)
        pts = round(rng.uniform(0.3, 6.0), 2)
        up = share + pts <= 100 and (share - pts < 0 or rng.random() < 0.5)
        out.append(
            Para().add(
                f"财政拨款收入占{rng.choice(['总收入', '本年收入'])}比重为{w.h.pct(share)}{p.comma}"
                f"比上年{'提高' if up else '下降'}{pts:.2f}个百分点。"
            )
        )
    return out


def s_expense(doc: DocModel, w: Writer, rng: random.Random) -> list[Block]:
    fin, p = doc.fin, w.p
    w.section = "totals"
    q = Para().add(f"本年支出合计{amt(w, fin.expense_current)}{p.comma}其中{p.colon}")
    _shares(
        w,
        q,
        "expense",
        fin.expense_parts,
        fin.expense_current,
        rng.choice(["总支出", "本年支出", "支出合计"]),
        rng.random() < 0.4,
    )
    q.add("。")
    out: list[Block] = [q]
    if rng.random() < 0.5:  # 4.2: 按支出项目类别 with the 人员/公用 split
        basic, project = fin.expense_parts[0].amount, fin.expense_parts[1].amount
        out.append(
            Para().add(
                f"按支出项目类别{p.colon}1、基本支出{amt(w, basic)}{p.comma}包括{p.colon}人员经费和公用经费"
                f"{p.semi}2、项目支出{amt(w, project)}。"
            )
        )
    return out


# ------------------------------------------------------------------ 财政拨款, 一般公共预算 (2, 2.4)


def s_fiscal(doc: DocModel, w: Writer, rng: random.Random) -> list[Block]:
    fin, y, p = doc.fin, doc.year, w.p
    w.section = "fiscal"
    fit = fin.fiscal_income + fin.fiscal_carry_in
    fet = fin.fiscal_expense + fin.fiscal_carry_out
    out: list[Block] = [
        Para().add(
            f"{yr(w, y)}财政拨款收入总计{amt(w, fit)}{p.comma}其中{p.colon}年初财政拨款结转和结余{amt(w, fin.fiscal_carry_in)}"
            f"{p.comma}本年财政拨款收入{amt(w, fin.fiscal_income)}。财政拨款支出总计{amt(w, fet)}{p.comma}其中{p.colon}"
            f"年末财政拨款结转和结余{amt(w, fin.fiscal_carry_out)}{p.comma}本年财政拨款支出{amt(w, fin.fiscal_expense)}。"
        )
    ]
    out += statement(w, [("财政拨款收入支出总计", ())], doc.changes["fiscal"], "财政拨款收入支出总计", sep="")
    q = Para().add(rng.choice(["与年初预算相比", "财政拨款收支与年初预算相比"]) + p.comma)
    w.variance(q, doc.variances["fiscal"], "财政拨款收入支出")
    q.add("。")
    out.append(q)
    return out


def s_gpb(doc: DocModel, w: Writer, rng: random.Random) -> list[Block]:
    fin, y, p = doc.fin, doc.year, w.p
    w.section = "gpb"
    par = (lambda i: f"（{'一二三'[i - 1]}）") if p.lp == "（" else (lambda i: f"({'一二三'[i - 1]})")
    out: list[Block] = [Para("heading").add(f"{par(1)}一般公共预算财政拨款支出决算总体情况")]
    head = [
        (f"{yr(w, y)}一般公共预算财政拨款支出", ()),
        (amt(w, fin.gpb), (("fig", "gpb"),)),
        (f"{p.comma}占本年支出合计的{w.h.pct(pct(fin.gpb, fin.expense_current))}", ()),
    ]
    out += statement(w, head, doc.changes["gpb"], "一般公共预算财政拨款支出")
    q = Para().add("与年初预算相比" + p.comma)
    w.variance(q, doc.variances["gpb"], "一般公共预算财政拨款支出")
    q.add("。")
    out.append(q)
    out.append(Para("heading").add(f"{par(2)}一般公共预算财政拨款支出决算结构情况"))
    q = Para()
    for i, part in enumerate(fin.classes):
        share = (
            w.h.fix_pct(part.share_text)
            if part.share_text is not None
            else w.h.pct(pct(part.amount, fin.gpb))
        )
        if i:
            q.add(p.semi)
        with q.span(("part", "class", i)):
            q.add(f"{part.name}支出{amt(w, part.amount)}{p.comma}占")
            q.add(share, ("share", "class", i))
    q.add("。")
    out.append(q)
    out.append(Para("heading").add(f"{par(3)}一般公共预算财政拨款支出决算具体情况"))
    out += items(doc, w, rng)
    return out


def items(doc: DocModel, w: Writer, rng: random.Random) -> list[Block]:
    """项 items: numbered statements, a shared reason for two items of one driver and
    direction (分别增加X、Y, 1.3 and 2.3), or 主要变动原因如下: with one item per line (1.2)."""
    w.section = "items"
    p = w.p
    out: list[Block] = []
    layout = rng.choices(["numbered", "heading"], [70, 30])[0]
    if layout == "heading":
        out.append(
            Para().add(f"一般公共预算财政拨款支出较上年变动较大的项目{p.colon}主要变动原因如下{p.colon}")
        )
    cs = list(doc.fin.items)
    i = 0
    n = 0
    while i < len(cs):
        c = cs[i]
        n += 1
        name = _item_name(c.item, rng)
        group = [c]
        while (
            i + len(group) < len(cs)
            and len(group) < 3
            and _clean(cs[i + len(group)])
            and cs[i + len(group)].driver == c.driver
            and cs[i + len(group)].direction == c.direction
            and cs[i + len(group)].previous
        ):
            group.append(cs[i + len(group)])
        if (
            len(group) > 1
            and _clean(c)
            and c.direction != "持平"
            and c.previous
            and c.reason
            and rng.random() < 0.35
        ):
            out.append(shared(w, n, group, [name] + [_item_name(x.item, rng) for x in group[1:]]))
            i += len(group)
            continue
        head = (
            [(f"{name}{p.colon}支出决算数为{amt(w, c.current)}", ())]
            if layout == "numbered"
            else [
                (f"{name}{'' if name.endswith('支出') else rng.choice(['', '支出'])}{amt(w, c.current)}", ())
            ]
        )
        pos = "next" if layout == "heading" and rng.random() < 0.6 else None
        out += statement(w, head, c, name, position=pos, tags={"layout": layout}, prefix=f"{n}.")
        i += 1
    return out


def _item_name(item: str, rng: random.Random) -> str:
    """``社会保障和就业支出(类)行政事业单位养老支出(款)行政单位离退休(项)`` as written: whole, or the 项."""
    if rng.random() < 0.5 and "(款)" in item:
        return item.split("(款)")[1].replace("(项)", "")
    return item


def shared(w: Writer, n: int, cs: list[Change], names: list[str]) -> Para:
    """``n.A、B(、C)支出分别为X、Y，比上年分别增加P、Q，分别增长R%、S%，主要原因是…`` (2.3, 1.3)."""
    p = w.p
    q = Para()
    up = cs[0].change > 0
    verb, word = ("增加", "增长") if up else ("减少", "下降")
    last = w.rng.choice(["、", "和"])  # 分别增长A%、B%和C% (2.3)

    def sep(k: int) -> str:
        return "" if k == 0 else (last if k == len(cs) - 1 else "、")

    q.add(
        f"{n}.{'、'.join(names)}支出分别为{'、'.join(amt(w, c.current) for c in cs)}{p.comma}比上年分别{verb}"
    )
    tags = {
        "section": w.section,
        "punct": p.width,
        "order": "list",
        "base": "上年",
        "unit": "万元",
        "verb": "增加/减少",
        "rate_word": "增长/下降",
        "marker": "主要原因是",
        "position": "shared",
    }
    printed: dict[str, float] = {}
    for k, c in enumerate(cs):
        q.add(sep(k))
        txt, printed[c.sid], unit = w.money(abs(c.change))
        tags["unit"] = unit if k == 0 else tags["unit"]
        with q.span(("stmt", c.sid)):
            q.add(txt)
    q.add(f"{p.comma}分别{word}")
    for k, c in enumerate(cs):
        q.add(sep(k))
        with q.span(("stmt", c.sid)):
            q.add(w.h.pct(c.rate), ("rate", c.sid))
    q.add(p.comma)
    with q.span(("stmt", cs[0].sid)):
        q.add("主要原因是" + w.widths(cs[0].reason or ""), ("reason", cs[0].sid))
    q.add("。")
    from .narr_forms import Stmt

    for c, name in zip(cs, names, strict=True):
        w.log.add(Stmt(c.sid, name, printed[c.sid], c.rate, c.direction, dict(tags), ("reason", cs[0].sid)))
    return q


# ------------------------------------------------------------------ 基本支出 (4.2), with economic classes (3.2 E)


def s_basic(doc: DocModel, w: Writer, rng: random.Random) -> list[Block]:
    fin, y, p = doc.fin, doc.year, w.p
    w.section = "basic"
    p1 = Para()
    with p1.span(("sent", "basic")):
        p1.add(f"{yr(w, y)}一般公共预算财政拨款基本支出")
        p1.add(fin.overrides.get("basic_total", amt(w, fin.basic_fiscal)), ("fig", "basic"))
        p1.add(f"{p.comma}{rng.choice(['其中', '包括'])}{p.colon}人员经费{rng.choice(['', '支出'])}")
        p1.add(fin.overrides.get("personnel", amt(w, fin.personnel)), ("fig", "personnel"))
        p1.add(f"{p.comma}公用经费{rng.choice(['', '支出'])}")
        p1.add(fin.overrides.get("public", amt(w, fin.public)), ("fig", "public"))
        p1.add("。")
    out: list[Block] = [p1]
    out.append(
        Para().add(
            f"人员经费主要包括{ph.PERSONNEL_ITEMS}{p.semi}公用经费主要包括{'、'.join(fin.public_items)}。"
        )
    )
    return out


# ------------------------------------------------------------------ 其他重要事项 (4.4)


def s_other(doc: DocModel, w: Writer, rng: random.Random) -> list[Block]:
    fin, y, p = doc.fin, doc.year, w.p
    w.section = "other"
    par = (lambda i: f"（{'一二三'[i - 1]}）") if p.lp == "（" else (lambda i: f"({'一二三'[i - 1]})")
    out: list[Block] = [Para("heading").add(f"{par(1)}机关运行经费支出情况")]
    if "operating" in doc.changes:
        out += statement(
            w,
            [(f"{yr(w, y)}{doc.full_name}机关运行经费支出{amt(w, fin.operating)}", ())],
            doc.changes["operating"],
            "机关运行经费",
        )
    if "unit_public" in doc.changes:
        out += statement(
            w,
            [(f"{yr(w, y)}{doc.full_name}{p.par('事业单位')}公用经费{amt(w, fin.unit_public)}", ())],
            doc.changes["unit_public"],
            "公用经费",
        )
    if "operating" not in doc.changes and "unit_public" not in doc.changes:
        out.append(Para().add(f"本单位属于全额拨款事业单位{p.comma}机关运行经费为0万元。"))
    out.append(Para("heading").add(f"{par(2)}政府采购情况"))
    if fin.procurement:
        q = Para()
        with q.span(("sent", "procurement")):
            q.add(f"{yr(w, y)}政府采购{rng.choice(['支出', ''])}总额")
            q.add(amt(w, fin.procurement), ("fig", "procurement"))
            q.add(
                f"{p.comma}其中{p.colon}"
                + "、".join(
                    f"{x.name.replace('政府采购', '').replace('支出', '')}{amt(w, x.amount)}"
                    for x in fin.procurement_parts
                )
                + "。"
            )
        out.append(q)
        out.append(
            Para().add(
                f"授予中小企业合同金额{amt(w, fin.sme)}{p.comma}占政府采购支出总额的"
                f"{w.h.pct(pct(fin.sme, fin.procurement))}。"
            )
        )
    else:
        out.append(Para().add(f"{y}年度无政府采购支出。"))
    out.append(Para("heading").add(f"{par(3)}国有资产占用情况"))
    a = fin.assets
    cars = a["cars"]
    out.append(
        Para().add(
            f"截至{y}年12月31日{p.comma}共有车辆{cars}辆{p.comma}其中{p.colon}主要负责人用车{a['leader_cars']}辆"
            f"{p.comma}其他用车{cars - a['leader_cars']}辆{p.semi}单价100万元（含）以上设备（不含车辆）"
            f"{a['equip']}台（套）。"
        )
    )
    return out
