"""三公经费 paragraphs in the skeletons of real disclosures (real-forms.md 3).

Skeletons (3.2): ``A`` a two-part final account (总体情况 with the budget completion, then
具体情况 with shares and one numbered line per item); ``B`` numbered items (一、因公出国（境）
经费 …) with year-on-year changes, the total first; ``C`` a unit-and-subordinates aggregate in
one paragraph (经汇总 …, 分项情况是:); ``E`` the economic classes of 基本支出 with 主要变动原因如下:
and one item per line, then the 三公 figures; ``F`` the news form (分项看, 降幅最大). ``D`` (the
unfilled template 增加(减少)) is a defect: it is written only where RSN006 is planted.
Item names as written (3.1), zero items, reception batches and 人次, trips abroad and
vehicles (3.4). Every skeleton states every item's share, change and budget comparison
under the keys the plants use.
"""

from __future__ import annotations

import random

from .blocks import Block, Para
from .model import Change, DocModel, pct
from .narr_forms import Writer
from .narr_sections import amt, statement, yr

SKELETONS = ["A", "B", "C", "E", "F"]
SIDS = ["abroad", "car", "rec"]

ABROAD = ["因公出国（境）费", "因公出国（境）经费", "因公出国费", "出国（境）经费"]
CARS = [
    "公务用车购置及运行维护费",
    "公务用车购置及运行费",
    "公车购置及运行维护费",
    "公务用车运行维护及购置费",
]
RECEPTION = ["公务接待费", "公务接待费", "国内公务接待费"]
TOTALS = ["“三公”经费", "三公经费", "“三公经费”", "三公”经费"]


def names(w: Writer, rng: random.Random) -> dict[str, str]:
    fix = (lambda s: s) if w.p.lp == "（" else (lambda s: s.replace("（", "(").replace("）", ")"))
    return {
        "abroad": fix(rng.choice(ABROAD)),
        "car": rng.choice(CARS),
        "rec": rng.choice(RECEPTION),
        "three": rng.choice(TOTALS),
    }


def skeleton_of(doc: DocModel, rng: random.Random) -> str:
    choices = [s for s in SKELETONS if s != "C" or doc.units]
    return rng.choice(choices)


def s_three(doc: DocModel, w: Writer, rng: random.Random) -> list[Block]:
    sk = skeleton_of(doc, rng)
    w.section = f"sangong.{sk}"
    nm = names(w, rng)
    order = ["abroad", "car", "rec"] if rng.random() < 0.5 else ["abroad", "rec", "car"]
    fn = {"A": _a, "B": _b, "C": _c, "E": _e, "F": _f}[sk]
    out = fn(doc, w, rng, nm, order)
    if rng.random() < 0.2:
        # A paragraph of measures before the figures (1.2, "boilerplate first, no marker").
        p = w.p
        out.insert(
            0,
            Para().add(
                f"{doc.year}年{p.comma}{rng.choice(['我单位', '我部门'])}严格执行中央八项规定精神{p.comma}"
                f"坚持厉行节约{p.comma}{nm['three']}只减不增{p.comma}严控一般性支出。"
            ),
        )
    return out


# ------------------------------------------------------------------ shared pieces


def _part_index(sid: str) -> int:
    return SIDS.index(sid)


def shares(
    doc: DocModel, w: Writer, q: Para, nm: dict[str, str], order: list[str], word: str = "支出"
) -> None:
    """``A费支出X，占a%；B费…`` (3.3); zero items are written too (``0万元，占0%``)."""
    fin, p = doc.fin, w.p
    for k, sid in enumerate(order):
        i = _part_index(sid)
        part = fin.three_parts[i]
        if k:
            q.add(p.semi)
        share = (
            w.h.fix_pct(part.share_text)
            if part.share_text is not None
            else w.h.pct(pct(part.amount, fin.three))
        )
        with q.span(("part", "three", i)):
            q.add(f"{nm[sid]}{word}{amt(w, part.amount, True)}{p.comma}占")
            q.add(share, ("share", "three", i))


def activity(doc: DocModel, w: Writer, rng: random.Random, sid: str, nm: dict[str, str]) -> str:
    """The activity line of an item (3.4): trips, vehicles, reception batches and 人次."""
    fin, p, y = doc.fin, w.p, doc.year
    i = _part_index(sid)
    amount = fin.three_parts[i].amount
    if sid == "abroad":
        if not amount:
            return rng.choice(
                [
                    f"本年度未安排因公出国{p.par('境')}团组",
                    f"无因公出国{p.par('境')}人员及团组",
                    f"组织的出国团组0个{p.comma}出国0人次",
                ]
            )
        return rng.choice(
            [
                f"因公出国{p.par('境')}团组1次{p.comma}累计出国{p.par('境')}3人次",
                f"全年安排因公出国{p.par('境')}团组1个{p.comma}3人次",
            ]
        )
    if sid == "car":
        n = fin.cars
        if not amount:
            return rng.choice(["本单位无公务用车", f"公务用车保有0辆{p.comma}购置公务用车0辆"])
        split = rng.choice(
            [
                f"其中{p.comma}公务用车购置费{amt(w, 0, True)}{p.comma}公务用车运行维护费{amt(w, amount, True)}",
                f"全部为公务用车运行维护费{amt(w, amount, True)}",
                "其中购置费为零",
            ]
        )
        cars = rng.choice(
            [
                f"年末公务用车保有量{n}辆",
                f"公务用车保有{n}辆{p.comma}购置公务用车0辆",
                f"截至{y}年12月底{p.comma}单位共有公务用车{n}辆",
                f"实有车辆{n}辆{p.comma}车均运行维护费{amt(w, amount // max(n, 1), True)}",
            ]
        )
        return f"{split}{p.semi}{cars}"
    b, n = fin.receptions
    if not amount:
        return rng.choice(["本年度未发生公务接待活动", "无公务接待及外事接待"])
    return rng.choice(
        [
            f"国内公务接待共{b}批次{p.par('其中外事接待0批次')}{p.comma}{n}人次{p.par('其中外事接待0人次')}",
            f"国内公务接待{b}批次{p.comma}{n}人次{p.semi}无外事接待",
            f"共接待{b}批次、{n}人次",
        ]
    )


PURPOSE = {
    "abroad": "主要用于出国（境）考察交流团组的国际旅费、住宿费等",
    "car": "主要用于公务用车燃料费、维修费、保险费等",
    "rec": "主要用于接待上级部门检查指导工作的工作餐费",
}


ZERO_REASONS = {
    "abroad": "本年度未安排因公出国（境）团组",
    "car": "本单位未配备公务用车",
    "rec": "本年度未发生公务接待活动",
}


def item_para(
    doc: DocModel, w: Writer, rng: random.Random, sid: str, nm: dict[str, str], head: str, numbered: str = ""
) -> list[Block]:
    """One item: amount and change with its reason, then purpose and activity (3.2 B, 3.4).
    A zero item may say why (持平的原因是本年度未安排…: no activity, a specific cause kind)."""
    fin, p = doc.fin, w.p
    c: Change = doc.changes[sid]
    amount = fin.three_parts[_part_index(sid)].amount
    zero = c.direction == "持平" and c.reason is None and not c.form and rng.random() < 0.4
    if zero:
        c.reason = (
            ZERO_REASONS[sid] if p.lp == "（" else ZERO_REASONS[sid].replace("（", "(").replace("）", ")")
        )
    out = statement(w, [(f"{numbered}{head}{amt(w, amount, True)}", ())], c, nm[sid], sangong=True)
    if zero:
        c.reason = None
    extra = [activity(doc, w, rng, sid, nm)]
    if amount and rng.random() < 0.5:
        extra.insert(0, "该项经费" + PURPOSE[sid])
    out.append(Para().add(p.semi.join(extra) + "。"))
    return out


def variances(
    doc: DocModel,
    w: Writer,
    rng: random.Random,
    nm: dict[str, str],
    order: list[str],
    with_total: bool = True,
) -> list[Block]:
    """Budget against final for the total and every item with a budget (3.3)."""
    p = w.p
    q = Para()
    if with_total:
        q.add(f"{nm['three']}支出{rng.choice(['与年初预算相比', '与全年预算相比'])}{p.comma}")
        w.variance(q, doc.variances["three"], nm["three"], sangong=True)
        q.add("。")
    first = True
    for sid in order:
        v = doc.variances[sid]
        if v.budget == 0 and v.final == 0 and not v.form.get("zero_rate"):
            continue
        q.add(("其中" + p.colon) if first and with_total else (p.semi if not first else ""))
        first = False
        q.add(nm[sid] + p.comma)
        w.variance(q, v, nm[sid], sangong=True)
    if not first:
        q.add("。")
    return [q] if q.pieces else []


def total_stmt(
    doc: DocModel,
    w: Writer,
    rng: random.Random,
    nm: dict[str, str],
    head: str,
    late: bool = False,
    news: bool = False,
) -> list[Block]:
    """The total and its change; its explanation after it, or (``late``) left for after the
    list of items (:func:`late_reason`); sometimes a component as the cause (1.3)."""
    c = doc.changes["three"]
    comp = None
    if late:
        return statement(
            w, [(f"{head}{amt(w, doc.fin.three, True)}", ())], c, nm["three"], sangong=True, position="late"
        )
    if news and rng.random() < 0.5:  # 据介绍，…主要原因是… (1.1, attributed)
        return statement(
            w,
            [(f"{head}{amt(w, doc.fin.three, True)}", ())],
            c,
            nm["three"],
            sangong=True,
            position="next",
            attributed=True,
        )
    if c.reason and not c.form and c.direction != "持平" and rng.random() < 0.35:
        # A component given as the cause of the total (1.3): the item that moved most, same direction.
        moved = [s for s in SIDS if doc.changes[s].direction == c.direction]
        if moved:
            big = max(moved, key=lambda s: abs(doc.changes[s].change))
            comp = c.reason
            c.reason = f"{nm[big]}{'增加' if c.change > 0 else '减少'}"
    out = statement(
        w,
        [(f"{head}{amt(w, doc.fin.three, True)}", ())],
        c,
        nm["three"],
        sangong=True,
        tags={"cause": "component"} if comp else None,
    )
    if comp is not None:
        c.reason = comp
    return out


# ------------------------------------------------------------------ skeletons


def _a(doc: DocModel, w: Writer, rng: random.Random, nm: dict[str, str], order: list[str]) -> list[Block]:
    p, y = w.p, doc.year
    one, two = ("（一）", "（二）") if p.lp == "（" else ("(一)", "(二)")
    out: list[Block] = [Para("heading").add(f"{one}{nm['three']}支出决算总体情况说明")]
    q = Para().add(f"{yr(w, y)}{nm['three']}")
    w.variance(q, doc.variances["three"], nm["three"], sangong=True)
    q.add("。")
    out.append(q)
    late = rng.random() < 0.3
    out += total_stmt(doc, w, rng, nm, f"{nm['three']}支出决算", late=late)
    out.append(Para("heading").add(f"{two}{nm['three']}支出决算具体情况说明"))
    q = Para().add(f"{yr(w, y)}{nm['three']}支出决算中{p.comma}")
    shares(doc, w, q, nm, order, word="支出决算")
    q.add(f"。具体情况如下{p.colon}")
    out.append(q)
    for k, sid in enumerate(order, 1):
        out += item_para(doc, w, rng, sid, nm, f"{nm[sid]}支出", numbered=f"{k}.")
    if late:
        out += late_reason(doc, w, nm)
    out += variances(doc, w, rng, nm, order, with_total=False)
    return out


def late_reason(doc: DocModel, w: Writer, nm: dict[str, str]) -> list[Block]:
    q = w.reason_late(doc.changes["three"], nm["three"])
    return [q] if q is not None else []


def _b(doc: DocModel, w: Writer, rng: random.Random, nm: dict[str, str], order: list[str]) -> list[Block]:
    p, y = w.p, doc.year
    late = rng.random() < 0.3
    out: list[Block] = total_stmt(doc, w, rng, nm, f"{yr(w, y)}{nm['three']}支出决算", late=late)
    q = Para().add(f"其中{p.colon}")
    shares(doc, w, q, nm, order)
    q.add("。")
    out.append(q)
    for k, sid in enumerate(order, 1):
        out.append(Para("heading").add(f"{'一二三'[k - 1]}、{nm[sid]}"))
        out += item_para(doc, w, rng, sid, nm, f"{y}年{nm[sid]}")
    if late:
        out += late_reason(doc, w, nm)
    out += variances(doc, w, rng, nm, order)
    return out


def _c(doc: DocModel, w: Writer, rng: random.Random, nm: dict[str, str], order: list[str]) -> list[Block]:
    p, y = w.p, doc.year
    q = Para().add(
        f"根据预算公开要求{p.comma}经{doc.department}汇总{p.comma}{y}年{doc.department}本级及所属"
        f"{len(doc.units)}个单位"
    )
    out: list[Block] = []
    c = doc.changes["three"]
    # One paragraph: the total, then 分项情况是: each item with its change and reason.
    blocks = statement(
        w,
        [(f"{nm['three']}决算总额为{amt(w, doc.fin.three, True)}", ())],
        c,
        nm["three"],
        sangong=True,
        position="after",
    )
    first = blocks[0]
    assert isinstance(first, Para)
    q.pieces += first.pieces[:-1] if first.pieces[-1][0] == "。" else first.pieces
    q.add(f"。分项情况是{p.colon}")
    for k, sid in enumerate(order):
        if k:
            q.add(p.semi)
        i = _part_index(sid)
        part = doc.fin.three_parts[i]
        share = (
            w.h.fix_pct(part.share_text)
            if part.share_text is not None
            else w.h.pct(pct(part.amount, doc.fin.three))
        )
        with q.span(("part", "three", i)):
            q.add(f"{nm[sid]}{amt(w, part.amount, True)}{p.comma}占")
            q.add(share, ("share", "three", i))
        q.add(p.comma)
        w.change(q, doc.changes[sid], nm[sid], sangong=True)
    q.add("。")
    out.append(q)
    out += variances(doc, w, rng, nm, order)
    return out


ECON = [("工资福利支出", "salary"), ("商品和服务支出", "operating"), ("对个人和家庭的补助", "retire")]


def econ_changes(doc: DocModel, rng: random.Random) -> tuple[Change, list[Change]]:
    """基本支出 by economic class with last year's figures (parts add up to the total)."""
    from . import phrases as ph

    fin = doc.fin
    personnel, public = fin.personnel, fin.public
    grants = int(personnel * rng.uniform(0.02, 0.12))
    cur = [personnel - grants, public, grants]
    subs = []
    for (name, driver), a in zip(ECON, cur, strict=True):
        prev = max(1, int(a / (1 + rng.uniform(-0.25, 0.35))))
        ch = Change(f"econ:{driver}", name, a, prev, None, driver)
        if ch.direction != "持平":
            ch.reason = ph.expand(
                rng.choice(ph.REASONS[(driver, ch.direction)]),
                rng,
                n=rng.randint(1, 5),
                proj="专项业务",
                yr=doc.year,
                prev=doc.year - 1,
                level="上级",
                sub="业务科室",
                task="检查督导",
            )
        subs.append(ch)
    total = Change("econ:basic", "基本支出", sum(cur), sum(s.previous for s in subs), None, "salary")
    return total, subs


def _e(doc: DocModel, w: Writer, rng: random.Random, nm: dict[str, str], order: list[str]) -> list[Block]:
    p, y = w.p, doc.year
    total, subs = econ_changes(doc, rng)
    out: list[Block] = []
    q = Para().add(f"{yr(w, y)}基本支出{amt(w, total.current)}{p.comma}")
    w.change(q, total, "基本支出", reason="none")
    q.add(f"。主要变动原因如下{p.colon}")
    out.append(q)
    for k, c in enumerate(subs, 1):
        out += statement(
            w,
            [(f"{k}.{c.item}", ())],
            c,
            c.item,
            position="next" if rng.random() < 0.7 else "after",
            tags={"layout": "heading"},
        )
    q = Para().add(f"{y}年{nm['three']}支出总额为{amt(w, doc.fin.three, True)}{p.comma}其中{p.comma}")
    shares(doc, w, q, nm, order)
    q.add("。")
    out.append(q)
    out += total_stmt(doc, w, rng, nm, f"{nm['three']}支出")
    for sid in order:
        out += item_para(doc, w, rng, sid, nm, f"{nm[sid]}")
    out += variances(doc, w, rng, nm, order)
    return out


def _f(doc: DocModel, w: Writer, rng: random.Random, nm: dict[str, str], order: list[str]) -> list[Block]:
    p, y = w.p, doc.year
    out: list[Block] = total_stmt(doc, w, rng, nm, f"{y}年{doc.department}{nm['three']}决算总额为", news=True)
    q = Para().add(f"其中{p.colon}")
    shares(doc, w, q, nm, order)
    q.add("。")
    out.append(q)
    moved = sorted((s for s in order if doc.changes[s].previous), key=lambda s: doc.changes[s].change)
    q = Para().add(f"分项看{p.comma}")
    for k, sid in enumerate(moved):
        if k:
            q.add(p.semi)
        c = doc.changes[sid]
        q.add(f"{nm[sid]}{amt(w, doc.fin.three_parts[_part_index(sid)].amount, True)}{p.comma}")
        w.change(q, c, nm[sid], sangong=True)
    for sid in order:
        if not doc.changes[sid].previous:
            q.add(f"{p.semi if moved else ''}{nm[sid]}{amt(w, 0, True)}")
            moved.append(sid)
    q.add("。")
    out.append(q)
    if doc.fin.three_parts[0].amount:
        out.append(Para().add(activity(doc, w, rng, "abroad", nm) + "。"))
    out.append(
        Para().add(activity(doc, w, rng, "car", nm) + p.semi + activity(doc, w, rng, "rec", nm) + "。")
    )
    out += variances(doc, w, rng, nm, order)
    return out
