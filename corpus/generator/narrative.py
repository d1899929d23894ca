"""The narrative of a 部门决算公开说明 as blocks: every part and section of the template.

第一部分 部门概况 (主要职能, 机构设置及人员情况), 第二部分 一 to 十二 (收入支出, 收入, 支出,
财政拨款, 一般公共预算 (总体/结构/具体), 基本支出, 三公, 政府性基金, 国有资本经营, 其他重要
事项 (机关运行经费, 政府采购, 国有资产), 预算绩效 (with the self-evaluation tables), 其他需
说明的事项), 第三部分 专业名词解释, 第四部分 决算报表. The order of 七/八/九 and the wording
of headings vary per document, as they do between real reports.
"""

from __future__ import annotations

import random

from . import narr_sections as ns
from . import phrases as ph
from .blocks import Block, Para, TableSlot
from .model import Change, DocModel, Part, Variance, pct
from .sangong import s_three as forms_three

CN = "一二三四五六七八九十"


def cn(i: int) -> str:
    """1 → 一, 12 → 十二."""
    if i <= 10:
        return "十" if i == 10 else CN[i - 1]
    return "十" + CN[i - 11]


class Fmt:
    """Number and punctuation habits of one document."""

    def __init__(self, style: dict) -> None:
        self.s = style

    def m(self, cents: int) -> str:
        v = cents / 100.0
        out = f"{v:,.2f}" if self.s["thousands"] else f"{v:.2f}"
        if self.s.get("ocr_spaces") and v >= 1000 and cents % 7 == 0:
            # A converter's stray space after the decimal point, or after the thousands comma.
            out = out.replace(".", ". ", 1) if cents % 2 else out.replace(",", ", ", 1)
        return out

    def sp(self, x: str) -> str:
        return f" {x} " if self.s["space_num"] else x

    def wan(self, cents: int) -> str:
        """``2,135.25 万元`` (spacing per style)."""
        return f" {self.m(cents)} 万元" if self.s["space_num"] else f"{self.m(cents)}万元"

    def p(self, x: float) -> str:
        return f"{x:.2f}%"

    def paren(self, i: int) -> str:
        return f"（{cn(i)}）" if self.s["paren_full"] else f"({cn(i)})"

    @property
    def colon(self) -> str:
        return self.s["colon"]

    def yr(self, y: int) -> str:
        return f"{y} 年度" if self.s["space_num"] else f"{y}年度"


def _who(doc: DocModel) -> str:
    return "我单位" if doc.agency.kind == "事业" or doc.style["part1"] == "单位概况" else "我部门"


# ------------------------------------------------------------------ change / variance clauses


def change_clause(
    p: Para, f: Fmt, c: Change, lead: str = "比上年", with_reason: bool = True, zero_reason: str | None = None
) -> None:
    """``比上年增加 X 万元，增长 Y%，主要原因是：R`` (keys: stmt, rate, reason)."""
    sid = c.sid
    with p.span(("stmt", sid)):
        if c.direction == "持平" and not c.rate_text:
            p.add(f"{lead}增加{f.wan(0)}，增长{f.sp(f.p(0.0))}")
        else:
            verb = "增加" if c.change >= 0 else "减少"
            word = c.word_text or ("增长" if c.change >= 0 else "下降")
            p.add(f"{lead}{verb}{f.wan(abs(c.change))}，{word}")
            rate = c.rate_text if c.rate_text is not None else f.p(c.rate)
            if f.s["space_num"]:
                p.add(" ")
            p.add(rate, ("rate", sid))
        reason = c.reason
        if c.direction == "持平" and reason is None:
            reason = zero_reason
        if with_reason and reason and not c.omit_reason:
            p.add("，")
            p.add(f"主要原因是{f.colon}{reason}", ("reason", sid))


def variance_clause(p: Para, f: Fmt, v: Variance, label: str = "年初预算数", final: str = "决算数") -> None:
    sid = v.sid
    with p.span(("var", sid)):
        p.add(f"{label}{f.wan(v.budget)}，{final}{f.wan(v.final)}，预决算差异率")
        rate = v.rate_text if v.rate_text is not None else f.p(v.rate)
        if f.s["space_num"]:
            p.add(" ")
        p.add(rate, ("var_rate", sid))
        if v.reason and not v.omit_reason:
            p.add("，")
            p.add(f"主要原因是{f.colon}{v.reason}", ("var_reason", sid))


def parts_list(p: Para, f: Fmt, group: str, parts: list[Part], whole: int, sep: str = "；") -> None:
    for i, part in enumerate(parts):
        if i:
            p.add(sep)
        share = part.share_text if part.share_text is not None else f.p(pct(part.amount, whole))
        with p.span(("part", group, i)):
            p.add(f"{part.name}{f.wan(part.amount)}，占")
            if f.s["space_num"]:
                p.add(" ")
            p.add(share, ("share", group, i))


# ------------------------------------------------------------------ the document


def title_text(doc: DocModel) -> str:
    if doc.title_override:
        return doc.title_override
    yw = doc.style["year_word"]
    return f"{doc.full_name}{doc.year}{yw}部门决算公开说明"


def document_blocks(doc: DocModel, rng: random.Random) -> list[Block]:
    f = Fmt(doc.style)
    doc.narr_regions = {}
    doc.narr_log = None
    out: list[Block] = []
    title = title_text(doc)
    out.append(Para("title").add(title, ("title",)))
    if doc.style["toc"]:
        out += toc(doc, f)
    out += part1(doc, f, rng)
    out += part2(doc, f, rng)
    out += part3(doc, f)
    out += part4(doc, f)
    return out


def _sections(doc: DocModel) -> list[str]:
    s789 = [
        "财政拨款“三公”经费支出决算情况说明",
        "政府性基金预算财政拨款收入支出决算情况说明",
        "国有资本经营预算财政拨款收入支出决算情况说明",
    ]
    if doc.style["order789"] == "alt":
        s789 = s789[1:] + s789[:1]
    return [
        "收入支出决算总体情况说明",
        "收入决算情况说明",
        "支出决算情况说明",
        "财政拨款收入支出决算总体情况说明",
        "一般公共预算财政拨款支出决算情况说明",
        "一般公共预算财政拨款基本支出决算情况说明",
        *s789,
        "其他重要事项的情况说明",
        "预算绩效的情况说明",
        "其他需说明的事项",
    ]


def toc(doc: DocModel, f: Fmt) -> list[Block]:
    out: list[Block] = [Para("heading").add("目录" if doc.index % 2 else "目 录")]
    out.append(Para("toc").add(f"第一部分 {doc.style['part1']}"))
    out.append(Para("toc").add("- 一、主要职能"))
    out.append(Para("toc").add("- 二、机构设置及人员情况"))
    out.append(Para("toc").add("第二部分 部门决算情况说明"))
    for i, s in enumerate(_sections(doc), 1):
        out.append(Para("toc").add(f"- {cn(i)}、{s}"))
    out.append(Para("toc").add("第三部分 专业名词解释"))
    out.append(Para("toc").add("第四部分 部门决算报表（见附表）"))
    return out


def part1(doc: DocModel, f: Fmt, rng: random.Random) -> list[Block]:
    out: list[Block] = [
        Para("heading").add(f"第一部分 {doc.style['part1']}"),
        Para("heading").add("一、主要职能"),
    ]
    if doc.style["duties_numbered"]:
        for i, d in enumerate(doc.duties, 1):
            out.append(Para().add(f"{i}. {d}。", ("duties",)))
    else:
        out.append(Para().add("；".join(doc.duties) + "。", ("duties",)))
    out.append(Para("heading").add("二、机构设置及人员情况"))
    st = doc.staff
    total = st["on"] + st["retired"] + st["lixiu"]
    name = doc.full_name
    out.append(
        Para().add(
            f"{name}{f.yr(doc.year)}，实有人数{f.sp(str(total))}人，其中：在职人员{f.sp(str(st['on']))}人，"
            f"离休人员{f.sp(str(st['lixiu']))}人，退休人员{f.sp(str(st['retired']))}人。"
        )
    )
    if doc.units:
        out.append(
            Para().add(f"从部门决算单位构成看，{name}部门决算包括：{doc.department}本级决算及所属单位决算。")
        )
    offices = "、".join(doc.offices)
    out.append(
        Para().add(
            f"{doc.department}本级下设{f.sp(str(len(doc.offices)))}个{rng.choice(['科室', '内设机构', '处室'])}，"
            f"分别是：{offices}。"
        )
    )
    if doc.units:
        out.append(Para().add(f"纳入{name}{f.yr(doc.year)}部门决算编制范围的下属预算单位包括："))
        for i, u in enumerate([doc.department, *doc.units], 1):
            out.append(Para("toc").add(f"{i}. {u}"))
    else:
        out.append(Para().add(f"{_who(doc)}无下属预算单位，{doc.year}年度部门决算为本级决算。"))
    return out


def part2(doc: DocModel, f: Fmt, rng: random.Random) -> list[Block]:
    who = _who(doc)
    y = doc.year
    out: list[Block] = [Para("heading").add("第二部分 部门决算情况说明")]
    titles = _sections(doc)
    handlers = {
        "收入支出决算总体情况说明": s_total,
        "收入决算情况说明": s_income,
        "支出决算情况说明": s_expense,
        "财政拨款收入支出决算总体情况说明": s_fiscal,
        "一般公共预算财政拨款支出决算情况说明": s_gpb,
        "一般公共预算财政拨款基本支出决算情况说明": s_basic,
        "财政拨款“三公”经费支出决算情况说明": s_three,
        "政府性基金预算财政拨款收入支出决算情况说明": lambda d, f, r: [
            Para().add(ph.expand(ph.NONE_FUND, r, who=who))
        ],
        "国有资本经营预算财政拨款收入支出决算情况说明": lambda d, f, r: [
            Para().add(ph.expand(ph.NONE_STATE, r, who=who))
        ],
        "其他重要事项的情况说明": s_other,
        "预算绩效的情况说明": s_perf,
        "其他需说明的事项": lambda d, f, r: [
            Para().add(
                ph.expand(
                    r.choice(ph.NOTHING_ELSE), r, who=who, yr=y, unit_word="单位" if "单位" in who else "部门"
                )
            )
        ],
    }
    writer = forms_writer(doc) if doc.style.get("narr") == "forms" else None
    for i, t in enumerate(titles, 1):
        out.append(Para("heading").add(f"{cn(i)}、{t}"))
        if writer is not None and t in FORMS_SECTIONS:
            blocks = FORMS_SECTIONS[t](doc, writer, writer.rng)
            family = writer.section
        else:
            blocks = handlers[t](doc, f, rng)
            family = ("seed." if writer is None else "") + SECTION_FAMILY.get(t, "template")
        tag_region(blocks, ("region", i), family, doc)
        out += blocks
    return out


# The family of each section for ``jxscan eval``'s breakdown (the forms writer names its own).
SECTION_FAMILY = {
    "收入支出决算总体情况说明": "totals",
    "收入决算情况说明": "totals",
    "支出决算情况说明": "totals",
    "财政拨款收入支出决算总体情况说明": "fiscal",
    "一般公共预算财政拨款支出决算情况说明": "gpb",
    "一般公共预算财政拨款基本支出决算情况说明": "basic",
    "财政拨款“三公”经费支出决算情况说明": "sangong",
    "其他重要事项的情况说明": "other",
    "预算绩效的情况说明": "perf",
}


def tag_region(blocks: list[Block], key: tuple, family: str, doc: DocModel) -> None:
    """Mark every paragraph of a section with its region key (no text changes), and note
    the region's family, so a finding can be assigned to the form family it falls in."""
    for b in blocks:
        if isinstance(b, Para):
            b.pieces = [(t, (*keys, key)) for t, keys in b.pieces]
    doc.narr_regions[key] = family


def forms_writer(doc: DocModel):  # -> narr_forms.Writer
    """The forms writer of a document: its own random stream (the seed style's draws are
    untouched), its habits, and a fresh log (rendering twice, text and PDF, logs once each)."""
    from .narr_forms import Habits, NarrLog, Writer

    # Seeded by the document's identity at generation (kept by a DUP001 copy, so a re-issued
    # report is written with the same forms as its source).
    frng = random.Random(f"{doc.style.get('forms_seed', f'{doc.seed}:{doc.index}')}:forms")
    log = NarrLog()
    doc.narr_log = log
    return Writer(frng, Habits.draw(frng, doc.style, doc.year), log)


# The sections the forms style writes (real-forms 1–4); the others are the template's.
FORMS_SECTIONS = {
    "收入支出决算总体情况说明": ns.s_total,
    "收入决算情况说明": ns.s_income,
    "支出决算情况说明": ns.s_expense,
    "财政拨款收入支出决算总体情况说明": ns.s_fiscal,
    "一般公共预算财政拨款支出决算情况说明": ns.s_gpb,
    "一般公共预算财政拨款基本支出决算情况说明": ns.s_basic,
    "财政拨款“三公”经费支出决算情况说明": forms_three,
    "其他重要事项的情况说明": ns.s_other,
}


def s_total(doc: DocModel, f: Fmt, rng: random.Random) -> list[Block]:
    fin, y = doc.fin, doc.year
    p1 = Para()
    with p1.span(("sent", "income_total")):
        p1.add(f"{f.yr(y)}收入总计")
        p1.add(fin.overrides.get("income_total", f.wan(fin.income_total)), ("fig", "income_total"))
        p1.add(
            f"，其中：本年收入合计{f.wan(fin.income_current)}，使用非财政拨款结余{f.wan(fin.nonfiscal_used)}，"
            f"年初结转和结余"
        )
        p1.add(fin.overrides.get("carry_in", f.wan(fin.carry_in)), ("fig", "carry_in"))
        p1.add("。")
    p2 = Para()
    with p2.span(("sent", "expense_total")):
        p2.add(f"{f.yr(y)}支出总计")
        p2.add(f.wan(fin.expense_total), ("fig", "expense_total"))
        p2.add(
            f"，其中：本年支出合计{f.wan(fin.expense_current)}，结余分配{f.wan(fin.distribution)}，"
            f"年末结转和结余{f.wan(fin.carry_out)}。"
        )
    p3 = Para().add("收入支出总体与上年相比，")
    change_clause(p3, f, doc.changes["total"], lead="")
    p3.add("。")
    return [p1, p2, p3]


def s_income(doc: DocModel, f: Fmt, rng: random.Random) -> list[Block]:
    fin = doc.fin
    p = Para().add(f"本年收入{f.wan(fin.income_current)}，其中：")
    parts_list(p, f, "income", fin.income_parts, fin.income_current)
    p.add("。")
    return [p]


def s_expense(doc: DocModel, f: Fmt, rng: random.Random) -> list[Block]:
    fin = doc.fin
    p = Para().add(f"本年支出{f.wan(fin.expense_current)}，其中：")
    parts_list(p, f, "expense", fin.expense_parts, fin.expense_current)
    p.add("。")
    return [p]


def s_fiscal(doc: DocModel, f: Fmt, rng: random.Random) -> list[Block]:
    fin, y = doc.fin, doc.year
    fit = fin.fiscal_income + fin.fiscal_carry_in
    fet = fin.fiscal_expense + fin.fiscal_carry_out
    p1 = Para().add(
        f"{f.yr(y)}财政拨款收入总计{f.wan(fit)}，其中：年初财政拨款结转和结余{f.wan(fin.fiscal_carry_in)}，"
        f"本年财政拨款收入{f.wan(fin.fiscal_income)}。财政拨款支出总计{f.wan(fet)}，其中：年末财政拨款结转和结余"
        f"{f.wan(fin.fiscal_carry_out)}，本年财政拨款支出{f.wan(fin.fiscal_expense)}。"
    )
    p2 = Para().add("财政拨款收入支出总体与上年相比，")
    change_clause(p2, f, doc.changes["fiscal"], lead="")
    p2.add("。与年初预算相比，")
    variance_clause(p2, f, doc.variances["fiscal"])
    p2.add("。")
    return [p1, p2]


def s_gpb(doc: DocModel, f: Fmt, rng: random.Random) -> list[Block]:
    fin, y = doc.fin, doc.year
    out: list[Block] = [Para("heading").add(f"{f.paren(1)}一般公共预算财政拨款支出决算总体情况")]
    p = Para()
    with p.span(("sent", "gpb")):
        p.add(f"{f.yr(y)}一般公共预算财政拨款支出")
        p.add(f.wan(fin.gpb), ("fig", "gpb"))
        p.add(f"，占本年支出合计的{f.sp(f.p(pct(fin.gpb, fin.expense_current)))}。")
    p.add("与上年相比，")
    change_clause(p, f, doc.changes["gpb"], lead="")
    p.add("。与年初预算相比，")
    variance_clause(p, f, doc.variances["gpb"])
    p.add("。")
    out.append(p)
    out.append(Para("heading").add(f"{f.paren(2)}一般公共预算财政拨款支出决算结构情况"))
    for i, part in enumerate(fin.classes):
        q = Para()
        share = part.share_text if part.share_text is not None else f.p(pct(part.amount, fin.gpb))
        with q.span(("part", "class", i)):
            q.add(f"{i + 1}.{part.name}")
            q.add(f"{f.m(part.amount)}万元", ("class_amount", i))
            q.add(",占" if doc.style["colon"] == ":" else "，占")
            q.add(share, ("share", "class", i))
            q.add("。")
        out.append(q)
    out.append(Para("heading").add(f"{f.paren(3)}一般公共预算财政拨款支出决算具体情况"))
    for i, c in enumerate(fin.items):
        q = Para()
        q.add(f"{i + 1}.{c.item}{f.colon}支出决算数为{f.wan(c.current)}，")
        change_clause(q, f, c, lead="比上年决算")
        q.add("。")
        out.append(q)
    return out


def s_basic(doc: DocModel, f: Fmt, rng: random.Random) -> list[Block]:
    fin, y = doc.fin, doc.year
    p1 = Para()
    with p1.span(("sent", "basic")):
        p1.add(f"{f.yr(y)}一般公共预算财政拨款基本支出")
        p1.add(f.wan(fin.basic_fiscal), ("fig", "basic"))
        p1.add("，其中：人员经费")
        p1.add(fin.overrides.get("personnel", f.wan(fin.personnel)), ("fig", "personnel"))
        p1.add(f"，包括：{ph.PERSONNEL_ITEMS}{rng.choice(['', '、退休费', '、离休费、退休费'])}。")
    p2 = Para()
    with p2.span(("sent", "public")):
        p2.add("公用经费")
        p2.add(fin.overrides.get("public", f.wan(fin.public)), ("fig", "public"))
        p2.add(f"，包括：{'、'.join(fin.public_items)}。")
    return [p1, p2]


def s_three(doc: DocModel, f: Fmt, rng: random.Random) -> list[Block]:
    fin, y, ch = doc.fin, doc.year, doc.changes
    who = _who(doc)
    out: list[Block] = []
    p = Para().add(f"{f.yr(y)}财政拨款“三公”经费支出{f.wan(fin.three)}，")
    change_clause(p, f, ch["three"], lead="比上年", zero_reason="本年度未发生“三公”经费支出")
    p.add("。其中：")
    names = {"abroad": "因公出国（境）费", "car": "公务用车购置及运行维护费", "rec": "公务接待费"}
    for i, (sid, name) in enumerate(names.items()):
        c = ch[sid]
        part = fin.three_parts[i]
        share = part.share_text if part.share_text is not None else f.p(pct(part.amount, fin.three))
        if i:
            p.add("；")
        with p.span(("part", "three", i)):
            p.add(f"{name}支出{f.wan(part.amount)}，占")
            if f.s["space_num"]:
                p.add(" ")
            p.add(share, ("share", "three", i))
        p.add("，")
        change_clause(p, f, c, lead="比上年", zero_reason=f"本年度未发生{name}支出")
    p.add("。")
    out.append(p)
    out.append(Para().add("具体情况如下："))
    out.append(
        Para().add(
            f"因公出国（境）费支出{f.wan(fin.three_parts[0].amount)}，开支内容包括"
            + (
                "出国（境）考察交流团组的国际旅费、住宿费等。"
                if fin.three_parts[0].amount
                else f"{who}无因公出国（境）费。"
            )
            + f"单位全年安排的因公出国（境）团组{f.sp('1' if fin.three_parts[0].amount else '0')}个，"
            f"因公出国（境）{f.sp('3' if fin.three_parts[0].amount else '0')}人次。"
        )
    )
    car = fin.three_parts[1].amount
    out.append(
        Para().add(
            f"公务用车购置及运行维护费{f.wan(car)}，其中：公务用车购置费{f.wan(0)}，公务用车运行维护费{f.wan(car)}。"
            f"公务用车运行维护费开支内容包括公务用车燃料费、维修费、过路过桥费、保险费等。公务用车购置数{f.sp('0')}辆，"
            f"公务用车保有量{f.sp(str(fin.cars))}辆。国有资产占用情况中固定资产车辆{f.sp(str(fin.cars))}辆，"
            f"与公务用车保有量差异原因是：无差异。"
        )
    )
    rec = fin.three_parts[2].amount
    b, n = fin.receptions
    out.append(
        Para().add(
            f"公务接待费{f.wan(rec)}，开支内容包括"
            + ("接待上级部门检查指导工作产生的工作餐费。" if rec else f"{who}无公务接待费。")
            + f"单位全年安排的国内公务接待{f.sp(str(b))}批次，{f.sp(str(n))}人次。"
        )
    )
    v = doc.variances
    q = Para().add("与全年预算相比，")
    variance_clause(q, f, v["three"], label="财政拨款“三公”经费支出全年预算数")
    q.add("。其中：")
    for i, (sid, name) in enumerate(names.items()):
        if i:
            q.add("；")
        vv = v[sid]
        if vv.reason is None and vv.budget == 0 and vv.final == 0:
            vv.reason = f"本年度未发生{name}支出"
        variance_clause(q, f, vv, label=f"{name}全年预算数")
    q.add("。")
    out.append(q)
    return out


def s_other(doc: DocModel, f: Fmt, rng: random.Random) -> list[Block]:
    fin, y = doc.fin, doc.year
    out: list[Block] = [Para("heading").add(f"{f.paren(1)}机关运行经费支出情况")]
    name = doc.full_name
    if "operating" in doc.changes:
        p = Para().add(
            f"{f.yr(y)}{name}（行政单位和参照公务员法管理事业单位）机关运行经费支出{f.wan(fin.operating)}，"
        )
        change_clause(p, f, doc.changes["operating"], lead="比上年")
        p.add("。")
        out.append(p)
    if "unit_public" in doc.changes:
        p = Para().add(f"{f.yr(y)}{name}（事业单位）公用经费{f.wan(fin.unit_public)}，")
        change_clause(p, f, doc.changes["unit_public"], lead="比上年")
        p.add("。")
        out.append(p)
    out.append(Para("heading").add(f"{f.paren(2)}政府采购情况"))
    if fin.procurement:
        p = Para()
        with p.span(("sent", "procurement")):
            p.add(f"{f.yr(y)}政府采购支出总额")
            p.add(f.wan(fin.procurement), ("fig", "procurement"))
            p.add("，其中：" + "、".join(f"{x.name}{f.wan(x.amount)}" for x in fin.procurement_parts) + "。")
        out.append(p)
        out.append(
            Para().add(
                f"授予中小企业合同金额{f.wan(fin.sme)}，占政府采购支出总额的{f.sp(f.p(pct(fin.sme, fin.procurement)))}，"
                f"其中：授予小微企业合同金额{f.wan(fin.micro)}，占政府采购支出总额的"
                f"{f.sp(f.p(pct(fin.micro, fin.procurement)))}。"
            )
        )
    else:
        out.append(Para().add(f"{_who(doc)}{f.yr(y)}无政府采购支出，授予中小企业合同金额{f.wan(0)}。"))
    out.append(Para("heading").add(f"{f.paren(3)}国有资产占用情况说明"))
    a = fin.assets
    bits = [f"截至{y}年12月31日，"]
    if a["original"]:
        bits.append(f"固定资产原值{f.wan(a['original'])}，")
    area = f"{a['house_area']:.2f}"
    bits.append(f"房屋{f.sp(area)}平方米，价值{f.wan(a['house_value'])}。")
    cars = a["cars"]
    leader = a["leader_cars"]
    other = cars - leader
    bits.append(
        f"车辆{f.sp(str(cars))}辆，价值{f.wan(a['car_value'])}，其中：副部（省）级及以上领导用车{f.sp('0')}辆、"
        f"主要负责人用车{f.sp(str(leader))}辆、机要通信用车{f.sp('0')}辆、应急保障用车{f.sp('0')}辆、"
        f"执法执勤用车{f.sp('0')}辆、特种专业技术用车{f.sp('0')}辆、离退休干部服务用车{f.sp('0')}辆、"
        f"其他用车{f.sp(str(other))}辆"
    )
    bits.append("，其他用车主要是：单位一般公务用车；" if other else "；")
    bits.append(f"单价100万元（含）以上设备（不含车辆）{f.sp(str(a['equip']))}台（套）。")
    out.append(Para().add("".join(bits)))
    return out


def s_perf(doc: DocModel, f: Fmt, rng: random.Random) -> list[Block]:
    y = doc.year
    projects = [t for t in doc.tables if t.kind == "project"]
    overall = doc.tables[0]
    ob = doc.eval_overrides.get("overall_budget", overall.total.adjusted)
    oe = doc.eval_overrides.get("overall_executed", overall.total.executed)
    pb = doc.eval_overrides.get("project_budget", sum(t.total.adjusted for t in projects))
    pe = doc.eval_overrides.get("project_executed", sum(t.total.executed for t in projects))
    count = doc.eval_count_text or str(len(projects))
    out: list[Block] = []
    narrative = doc.overall_layout == "narrative"
    if narrative:
        out.append(Para("heading").add(f"{f.paren(1)}预算绩效管理工作开展情况"))
    p = Para()
    p.add(
        f"根据预算绩效管理要求，{_who(doc)}{f.yr(y)}预算绩效管理整体支出绩效自评表{f.sp('1')}个，全年预算总额"
    )
    p.add(f.wan(ob), ("eval", "overall_budget"))
    p.add("，实际执行总额")
    p.add(f.wan(oe), ("eval", "overall_executed"))
    p.add("；")
    with p.span(("eval_count",)):
        p.add(f"预算绩效评价项目{f.sp(count)}个，全年预算数")
        p.add(f.wan(pb), ("eval", "project_budget"))
        p.add("，全年执行数")
        p.add(f.wan(pe), ("eval", "project_executed"))
    p.add(
        "。预算绩效管理取得的成效："
        + "；".join(f"{cn(i + 1)}是{s}" for i, s in enumerate(doc.perf["achieve"]))
        + "。"
        "发现的问题及原因："
        + "；".join(f"{cn(i + 1)}是{s}" for i, s in enumerate(doc.perf["problems"]))
        + "。"
        "下一步改进措施：" + "；".join(f"{cn(i + 1)}是{s}" for i, s in enumerate(doc.perf["measures"])) + "。"
        "具体项目自评情况附绩效自评表。"
    )
    out.append(p)
    if narrative:
        # The overall self-evaluation written as paragraphs gets its own subsection (its
        # rows then belong to it, not to the summary above).
        out.append(Para("heading").add(f"{f.paren(2)}部门整体支出绩效自评情况"))
    for i in range(len(doc.tables)):
        out.append(TableSlot(i))
    return out


def part3(doc: DocModel, f: Fmt) -> list[Block]:
    out: list[Block] = [Para("heading").add("第三部分 专业名词解释")]
    for i, (k, v) in enumerate(doc.perf["glossary"], 1):
        out.append(Para().add(f"{cn(i)}、{k}{f.colon}{v}"))
    return out


def part4(doc: DocModel, f: Fmt) -> list[Block]:
    out: list[Block] = [Para("heading").add("第四部分 部门决算报表（见附表）")]
    tables = list(ph.TOC_TABLES)
    if doc.style["order789"] == "alt":
        tables = tables[:6] + tables[7:] + tables[6:7]
    for i, t in enumerate(tables, 1):
        out.append(Para("toc").add(f"{cn(i)}、{t}"))
    return out
