"""The forms real disclosures use to state a change and its explanation (real-forms.md 1–2).

Written from the catalogue of real forms (``docs/real-forms.md``, sections 1, 2 and
7), not from the parser: one document draws its own habits (punctuation width, units,
spaces, favourite markers and bases), every statement draws its own form within them.

A statement is written into a :class:`~corpus.generator.blocks.Para` with the span keys the
plants use (``("stmt", sid)`` the change clause and its reason, ``("rate", sid)`` the
printed rate, ``("reason", sid)`` the explanation from its marker to its end), and logged
in a :class:`NarrLog`: the item, the change as printed (万元, rate, direction) and the form
tags (section, base, order, units, marker, position), so the truth can say which
explanation explains which change and ``jxscan eval`` can score every form family.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from . import phrases as ph
from .blocks import Para
from .model import Change, Variance

Key = tuple

# ------------------------------------------------------------------ document habits


@dataclass
class Punct:
    """One document's punctuation: full-width, ASCII, or a fixed mix (real-forms, preamble)."""

    comma: str = "，"
    colon: str = "："
    semi: str = "；"
    lp: str = "（"
    rp: str = "）"
    pct: str = "%"
    width: str = "full"

    @classmethod
    def draw(cls, rng: random.Random) -> Punct:
        width = rng.choices(["full", "ascii", "mixed"], [50, 30, 20])[0]
        if width == "full":
            return cls("，", "：", "；", "（", "）", rng.choice(["%", "%", "％"]), width)
        if width == "ascii":
            return cls(",", ":", ";", "(", ")", "%", width)
        return cls(
            rng.choice("，,"),
            rng.choice("：:"),
            rng.choice("；;"),
            *rng.choice([("（", "）"), ("(", ")")]),
            rng.choice(["%", "％"]),
            width,
        )

    def par(self, s: str) -> str:
        return f"{self.lp}{s}{self.rp}"


@dataclass
class Habits:
    """How one document prints numbers (real-forms 2.6) and which forms it favours."""

    punct: Punct
    thousands: bool
    space_num: bool  # `X 万元`, `YYYY 年`
    space_pct: bool  # `Y %`
    wan_bare: bool  # `X万` without 元
    yuan_sangong: bool  # 三公 amounts in 元 (6–7-digit integers)
    yi_large: bool  # 亿元 for amounts of 0.5 亿 and more
    ocr_spaces: bool  # a converter's stray space inside some amounts (2,124. 45; 2.6 damage)
    markers: list[str]  # the document's favourite markers (a writer reuses a few)
    bases: list[str]
    year: int

    @classmethod
    def draw(cls, rng: random.Random, style: dict, year: int) -> Habits:
        return cls(
            punct=Punct.draw(rng),
            thousands=style.get("thousands", False) if rng.random() < 0.7 else rng.random() < 0.5,
            space_num=rng.random() < 0.25,
            space_pct=rng.random() < 0.2,
            wan_bare=rng.random() < 0.1,
            yuan_sangong=rng.random() < 0.2,
            yi_large=rng.random() < 0.5,
            ocr_spaces=bool(style.get("ocr_spaces")),
            markers=rng.sample(list(MARKERS_AFTER), 4),
            bases=rng.sample(list(BASES), 3),
            year=year,
        )

    # -- numbers

    def num(self, v: float, decimals: int = 2) -> str:
        return f"{v:,.{decimals}f}" if self.thousands and abs(v) >= 1000 else f"{v:.{decimals}f}"

    def money(self, cents: int, unit: str = "万元") -> tuple[str, float]:
        """``cents`` (万元 × 100) in ``unit`` as printed, and the printed value in 万元."""
        sp = " " if self.space_num else ""
        if unit == "元":
            yuan = cents * 100
            txt = f"{yuan:,d}" if self.thousands else f"{yuan:d}"
            return f"{txt}{sp}元", cents / 100.0
        if unit == "亿元":
            v = round(cents / 1_000_000, 4)
            return f"{self.num(v, 4)}{sp}亿元", round(v * 10000, 2)
        v = cents / 100.0
        word = "万" if self.wan_bare else "万元"
        txt = self.num(v)
        if self.ocr_spaces and v >= 1000 and cents % 7 == 0:
            txt = txt.replace(".", ". ", 1) if cents % 2 else txt.replace(",", ", ", 1)
        return f"{txt}{sp}{word}", v

    def unit_for(self, cents: int, sangong: bool = False) -> str:
        if sangong and self.yuan_sangong:
            return "元"
        if self.yi_large and abs(cents) >= 500_000:  # from 0.5 亿 (5,000 万元 = 500,000 cents) on
            return "亿元"
        return "万元"

    def pct(self, v: float) -> str:
        return f"{v:.2f}{' ' if self.space_pct else ''}{self.punct.pct}"

    def fix_pct(self, text: str) -> str:
        """A forced printed rate (a plant writes ``12.50%``) in this document's habits."""
        return text.replace("%", (" " if self.space_pct else "") + self.punct.pct)


# ------------------------------------------------------------------ vocabularies (real-forms 1.1, 2.1, 2.2)

# Comparison bases (2.1): name -> leads; {py} the previous year, {prev} the base amount.
BASES: dict[str, list[str]] = {
    "上年": ["比上年", "较上年", "比上年决算数", "较上年决算"],
    "YYYY年决算": ["较{py}年决算数", "比{py}年度决算", "比{py}年决算数"],
    "与…相比": ["与{py}年度决算相比{c}", "与上年相比{c}", "与上年决算数相比{c}"],
    "同比": ["同比"],
    "上年同期": ["比上年同期", "较上年同期"],
    "与上年(比)": ["与上年", "与上年决算数"],  # 与 where 比 is meant (2.2)
    "执行数": ["较{py}年执行数", "比上年执行数"],
}
# The base printed with the change (2.7).
BASES_PRINTED = ["较上年同期{prev}", "比{py}年度决算{prev}", "较{py}年的{prev}"]

# Amount verbs (2.2): (up, down) per family.
AMOUNT_VERBS: dict[str, tuple[str, str]] = {
    "增加/减少": ("增加", "减少"),
    "增/减": ("增", "减"),
    "增支/减支": ("增支", "减支"),
    "增收/减收": ("增收", "减收"),
}
# Rate words: (up, down); a "{}" is where the rate goes when the word follows it.
RATE_WORDS: dict[str, tuple[str, str]] = {
    "增长/下降": ("增长", "下降"),
    "增长/降低": ("增长", "降低"),
    "增长/减少": ("增长", "减少"),
    "增幅/降幅": ("增幅", "降幅"),
    "增幅/减幅": ("增幅", "减幅"),
    "增/降幅达到": ("增长", "降幅达到"),
    "增长/压缩": ("增长", "压缩"),
    "增/减幅": ("增", "减幅"),
    "增长/负增长": ("增长", "负增长"),
}
QUALITATIVE = {
    "增加": ["有所增长", "略有增长", "大幅增长", "有所增加"],
    "减少": ["有所减少", "略有下降", "大幅下降", "有所下降"],
}
# No change (2.2): the text, and the amount and rate it states (None: not stated).
FLAT: list[tuple[str, float | None, float | None]] = [
    ("与上年持平", None, None),
    ("与上年基本持平", None, None),
    ("与{py}年持平", None, None),
    ("无变化", None, None),
    ("与上年相比无增减", None, None),
    ("比上年增加0万元", 0.0, None),
    ("增长0%{c}与{py}年持平", None, 0.0),
]

# Reason markers placed after the change (1.1): name -> template of the lead; {d} the
# direction word of the change (增长/减少 …), {item} the item.
MARKERS_AFTER: dict[str, str] = {
    "主要原因是": "主要原因是",
    "主要原因是:": "主要原因是{colon}",
    "原因主要是": "原因主要是",
    "主要是": "主要是",
    "主要是因为": "主要是因为",
    "主要是因": "主要是因",
    "原因是": "原因是",
    "增减的原因是": "{d}的原因是",
    "下降原因主要是": "{d}原因主要是",
    "项减少的主要原因是": "{item}{d}的主要原因是",
}
# Markers that open a new sentence (1.2, next sentence on its own line).
MARKERS_NEXT: dict[str, str] = {
    "主要原因是": "主要原因是{colon}",
    "这主要是": "这主要是",
    "出现增长的主要原因是": "出现{d}的主要原因是",
    "支出下降主要原因是": "支出{d}主要原因是",
}

# 受〈因素〉影响 (1.1): a factor as a noun phrase, per (driver, direction).
FACTORS: dict[tuple[str, str], list[str]] = {
    ("salary", "增加"): ["新增人员", "工资标准调整", "职级晋升", "津贴补贴标准提高"],
    ("salary", "减少"): ["人员退休", "人员调出", "编制划转", "一次性补发项目减少"],
    ("social", "增加"): ["缴费基数上调", "参保人数增加", "补缴以前年度保险费"],
    ("social", "减少"): ["缴费人数减少", "缴费比例下调", "上年集中补缴"],
    ("retire", "增加"): ["新增退休人员", "养老金标准提高"],
    ("retire", "减少"): ["离退休人员减少", "养老金移交社保经办机构发放"],
    ("project", "增加"): ["新增项目", "项目进入建设高峰期", "上级追加专项资金"],
    ("project", "减少"): ["项目完工", "项目预算调减", "招标延期"],
    ("car", "增加"): ["车辆维修保养增加", "油价上涨", "出车任务增多"],
    ("car", "减少"): ["车辆报废", "车辆上交", "公务出行统一调度"],
    ("reception", "增加"): ["上级检查调研批次增加", "承办现场会"],
    ("reception", "减少"): ["接待批次减少", "来访人员在机关食堂就餐"],
    ("abroad", "增加"): ["承担出访任务"],
    ("abroad", "减少"): ["未安排出国（境）团组"],
    ("operating", "增加"): ["办公场所搬迁", "业务量增加"],
    ("operating", "减少"): ["推行无纸化办公", "办公设备购置减少"],
}


# ------------------------------------------------------------------ the log (truth of explanations)


@dataclass
class Stmt:
    """One explained (or unexplained) change as printed."""

    sid: str
    item: str
    amount: float | None  # 万元 as printed (None: not printed)
    rate: float | None  # percent as printed (None: not printed)
    direction: str  # 增加 | 减少 | 持平
    tags: dict[str, str]
    reason_key: Key | None  # where its explanation is (None: none)
    base: str = "上年"


@dataclass
class NarrLog:
    """Everything the forms writer printed: statements and the regions of each section."""

    stmts: list[Stmt] = field(default_factory=list)
    by_sid: dict[str, dict[str, str]] = field(default_factory=dict)

    def add(self, st: Stmt) -> None:
        self.stmts.append(st)
        self.by_sid.setdefault(st.sid, st.tags)


# ------------------------------------------------------------------ the writer


class Writer:
    """Writes change statements and explanations in the document's habits."""

    def __init__(self, rng: random.Random, habits: Habits, log: NarrLog) -> None:
        self.rng, self.h, self.log = rng, habits, log
        self.section = "?"
        self.item = ""

    @property
    def p(self) -> Punct:
        return self.h.punct

    # -- small pieces

    def money(self, cents: int, sangong: bool = False, unit: str | None = None) -> tuple[str, float, str]:
        u = unit or self.h.unit_for(cents, sangong)
        txt, v = self.h.money(cents, u)
        return txt, v, u

    def _lead(self, base: str, c: Change, sangong: bool) -> tuple[str, str]:
        """The comparison lead (2.1, 2.7) and the base tag."""
        py = self.h.year - 1
        if base == "printed":
            prev_txt, _, _ = self.money(c.previous, sangong)
            return self.rng.choice(BASES_PRINTED).format(py=py, prev=prev_txt), "printed"
        lead = self.rng.choice(BASES[base]).format(py=py, c=self.p.comma)
        return lead, base

    @staticmethod
    def _printed(text: str | None, value: float) -> float:
        """The rate as printed: a plant's forced text (``12.50%``) or the computed value."""
        if text is None:
            return value
        try:
            return float(text.rstrip("%"))
        except ValueError:
            return value

    def _rate_text(self, c: Change) -> str:
        return self.h.fix_pct(c.rate_text) if c.rate_text is not None else self.h.pct(c.rate)

    def _form(self, c: Change, qualitative_ok: bool) -> dict[str, str]:
        """Draw the form of one statement within the constraints the plants set."""
        r = self.rng
        forced = c.form
        planted_rate = c.rate_text is not None or c.word_text is not None
        if c.previous == 0 and c.current == 0:
            return {"order": "flat"}
        if c.previous == 0:
            return {"order": "amount_only", "base": "上年", "verb": "增加/减少", "rate_word": "增长/下降"}
        if forced.get("template"):
            return {"order": "template", "base": r.choice(["上年", "上年", "YYYY年决算"])}
        # An unchanged figure (previous == current, 持平) has no qualitative direction word; the
        # draw stays before the test so the other changes keep their random stream.
        if qualitative_ok and not planted_rate and not forced.get("numbers") and r.random() < 0.06:
            if c.direction in QUALITATIVE:
                return {"order": "qualitative", "base": r.choice(["上年", "同比"])}
        base = r.choice(self.h.bases) if r.random() < 0.7 else r.choice(list(BASES))
        if r.random() < 0.1:
            base = "printed"
        orders = ["amount_rate"] * 6 + [
            "rate_amount",
            "paren",
            "paren_word",
            "amount_only",
            "rate_only",
            "from_to",
        ]
        if forced.get("numbers"):  # a plant needs the amount and the rate printed
            orders = ["amount_rate", "amount_rate", "rate_amount", "paren_word"]
        if planted_rate:
            orders = ["amount_rate"] * 4 + ["rate_amount", "paren_word"]
            if c.word_text is not None:
                orders = ["amount_rate", "rate_amount"]
        order = r.choice(orders)
        verb = r.choice(["增加/减少"] * 5 + ["增/减", "增支/减支"])
        if c.sid in ("total",) and r.random() < 0.3:
            verb = "增收/减收"
        rate_word = r.choice(["增长/下降"] * 5 + list(RATE_WORDS))
        if order == "rate_amount":
            base = "同比" if r.random() < 0.6 else base
        return {"order": order, "base": base, "verb": verb, "rate_word": rate_word}

    def change(
        self,
        q: Para,
        c: Change,
        item: str,
        *,
        sangong: bool = False,
        qualitative_ok: bool = True,
        reason: str = "auto",
        extra_tags: dict[str, str] | None = None,
        each: bool = False,
    ) -> dict[str, str]:
        """The change clause of ``c`` (keys stmt, rate), then its explanation after it (or
        none: ``reason="none"``; ``"later"`` leaves it to the caller). Logs the statement."""
        f = self._form(c, qualitative_ok)
        self.item = item
        tags = {"section": self.section, "punct": self.p.width, **(extra_tags or {})}
        order = f["order"]
        amount: float | None = None
        rate: float | None = None
        direction = c.direction
        base = f.get("base", "上年")
        up = c.change > 0
        with q.span(("stmt", c.sid)):
            if order == "flat":
                text, amount, rate = self.rng.choice(FLAT)
                q.add(text.format(py=self.h.year - 1, c=self.p.comma).replace("%", self.p.pct))
                tags.update(order="flat", base="上年", unit="-")
            elif order == "template":
                lead, base = self._lead(base, c, sangong)
                amt_txt, amount, unit = self.money(abs(c.change), sangong)
                q.add(
                    f"{lead}增加{self.p.lp}减少{self.p.rp}{amt_txt}{self.p.comma}增长{self.p.lp}下降{self.p.rp}"
                )
                q.add(self._rate_text(c), ("rate", c.sid))
                rate = self._printed(c.rate_text, c.rate)
                direction = c.direction
                tags.update(order="template", base=base, unit=unit)
            elif order == "qualitative":
                lead = "同比" if base == "同比" else "比上年"
                q.add(lead + self.rng.choice(QUALITATIVE[c.direction]))
                tags.update(order="qualitative", base=base, unit="-")
            else:
                lead, base = self._lead(base, c, sangong)
                vu, vd = AMOUNT_VERBS[f["verb"]]
                wu, wd = RATE_WORDS[f["rate_word"]]
                # The change in the unit of the larger figure (0.0123 亿元 beside 1.2345 亿元).
                amt_txt, amv, unit = self.money(
                    abs(c.change), sangong, unit=self.h.unit_for(max(c.current, c.previous), sangong)
                )
                verb = ("各" if each else "") + (vu if up else vd)  # 收、支总计…各增加Y万元 (4.1)
                word = wu if up else wd
                if c.word_text is not None:  # SUM007: the word against the arithmetic
                    word = wd if c.word_text in ("下降", "减少") else wu
                rt = self._rate_text(c)
                cm = self.p.comma
                if order == "amount_rate":
                    q.add(f"{lead}{verb}{amt_txt}{cm}{word}")
                    q.add(rt, ("rate", c.sid))
                    amount, rate = amv, self._printed(c.rate_text, c.rate)
                elif order == "rate_amount":
                    q.add(f"{lead}{wu if up else wd}" if c.word_text is None else f"{lead}{word}")
                    q.add(rt, ("rate", c.sid))
                    q.add(f"{cm}{verb}{amt_txt}")
                    amount, rate = amv, self._printed(c.rate_text, c.rate)
                elif order == "paren":  # 减少X万元(Y%): no rate word (2.2)
                    q.add(f"{lead}{verb}{amt_txt}{self.p.lp}")
                    q.add(rt, ("rate", c.sid))
                    q.add(self.p.rp)
                    amount, rate = amv, self._printed(c.rate_text, c.rate)
                elif order == "paren_word":
                    q.add(f"{lead}{verb}{amt_txt}{self.p.lp}{word}")
                    q.add(rt, ("rate", c.sid))
                    q.add(self.p.rp)
                    amount, rate = amv, self._printed(c.rate_text, c.rate)
                elif order == "amount_only":
                    q.add(f"{lead}{verb}{amt_txt}")
                    amount = amv
                elif order == "from_to":  # 由X万元减至Y万元 (2.7): the change follows from the two
                    prev_txt, _, _ = self.money(c.previous, sangong)
                    cur_txt, _, _ = self.money(c.current, sangong)
                    q.add(f"由{prev_txt}{'增至' if up else '减至'}{cur_txt}")
                    amount, base = amv, "printed"
                else:  # rate_only
                    q.add(f"{lead}{word}")
                    q.add(rt, ("rate", c.sid))
                    rate = self._printed(c.rate_text, c.rate)
                if rate is not None and order in ("amount_rate", "rate_only") and self.rng.random() < 0.06:
                    qual = self.rng.choice(["同口径", "自然口径", "可比口径"])  # 2.5 qualifiers
                    q.add(self.p.par(qual))
                    tags["qualifier"] = qual
                tags.update(order=order, base=base, unit=unit, verb=f["verb"], rate_word=f["rate_word"])
            rkey: Key | None = None
            if reason == "auto":
                rkey = self.reason_after(q, c, tags)
        st = Stmt(c.sid, item, amount, rate, direction, tags, rkey, base)
        self.log.add(st)
        return tags

    # -- explanations

    def widths(self, text: str) -> str:
        """A phrase-bank text in the document's punctuation widths."""
        p = self.p
        if p.width == "full":
            return text
        return text.translate(
            str.maketrans({"，": p.comma, "；": p.semi, "：": p.colon, "（": p.lp, "）": p.rp})
        )

    def _reason_text(self, c: Change) -> str | None:
        r = c.reason
        if c.omit_reason or not r:
            return None
        return self.widths(r)

    def reason_after(self, q: Para, c: Change, tags: dict[str, str]) -> Key | None:
        """The explanation in the same sentence, after a comma or in parentheses (1.2)."""
        text = self._reason_text(c)
        if text is None:
            tags["marker"], tags["position"] = "-", "none"
            return None
        r, p = self.rng, self.p
        d = {"增加": "增长", "减少": "减少", "持平": "持平"}[c.direction]
        if c.direction == "减少" and r.random() < 0.5:
            d = "下降"
        planted = bool(c.form.get("planted"))
        if tags.get("order") == "template":
            lead = r.choice(["增加（减少）原因主要是", "主要原因是"]).replace("（", p.lp).replace("）", p.rp)
            q.add(p.comma)
            q.add(lead + text, ("reason", c.sid))
            tags["marker"], tags["position"] = "原因主要是", "same_sentence"
            return ("reason", c.sid)
        if tags.get("order") in ("amount_rate", "rate_only") and r.random() < 0.08 and p.semi not in text:
            # 下降Y%(主要是〈原因〉) (1.2, in parentheses after the rate)
            q.add(p.lp)
            q.add("主要是" + text, ("reason", c.sid))
            q.add(p.rp)
            tags["marker"], tags["position"] = "主要是", "parenthesis"
            return ("reason", c.sid)
        if not planted and p.semi in text and r.random() < 0.3:
            a, b = text.split(p.semi, 1)
            q.add(p.comma)
            lead = r.choice([f"主要原因{p.colon}", f"主要是两方面原因{p.colon}"])
            q.add(f"{lead}一是{a}{p.semi}二是{b}", ("reason", c.sid))
            tags["marker"], tags["position"] = "主要原因:一是", "same_sentence"
            return ("reason", c.sid)
        name = r.choice(self.h.markers) if r.random() < 0.75 else r.choice(list(MARKERS_AFTER))
        lead = MARKERS_AFTER[name].format(d=d, item=_short(self.item) or "支出", colon=p.colon)
        q.add(p.comma)
        if name == "主要是" and not planted and r.random() < 0.3:
            q.add(f"主要是{text}所致", ("reason", c.sid))
            name = "所致"
        elif name == "主要是因为" and not planted and r.random() < 0.3:
            q.add(f"主要是由于{text}导致{d}", ("reason", c.sid))
            name = "主要是由于…导致"
        else:
            q.add(lead + text, ("reason", c.sid))
        tags["marker"], tags["position"] = name, "same_sentence"
        return ("reason", c.sid)

    def reason_next(self, c: Change, tags: dict[str, str], attributed: bool = False) -> Para | None:
        """The explanation as the next sentence, on its own line (1.2); ``attributed``: as
        news quote it (据介绍，…主要原因是…)."""
        text = self._reason_text(c)
        if text is None:
            tags["marker"], tags["position"] = "-", "none"
            return None
        d = {"增加": "增长", "减少": "下降", "持平": "持平"}[c.direction]
        name = self.rng.choice(list(MARKERS_NEXT))
        lead = MARKERS_NEXT[name].format(d=d, colon=self.p.colon)
        if attributed:
            name = "据介绍…主要原因是"
            lead = f"据介绍{self.p.comma}{_short(self.item)}{d}的主要原因是"
        q = Para()
        with q.span(("stmt", c.sid)):
            q.add(lead + text, ("reason", c.sid))
        q.add("。")
        tags["marker"], tags["position"] = name, "next_line"
        self._set_reason(c.sid, ("reason", c.sid))
        return q

    def reason_late(self, c: Change, subject: str) -> Para | None:
        """The total's explanation after the list of its sub-items (1.2):
        ``〈总量〉较上年减少的主要原因是〈原因〉。`` Call after the statement was logged."""
        text = self._reason_text(c)
        if text is None:
            return None
        d = {"增加": "增加", "减少": "减少", "持平": "持平"}[c.direction]
        q = Para()
        with q.span(("stmt", c.sid)):
            q.add(f"{subject}较上年{d}的主要原因是{text}", ("reason", c.sid))
        q.add("。")
        for st in reversed(self.log.stmts):
            if st.sid == c.sid:
                st.reason_key = ("reason", c.sid)
                st.tags.update(marker="较上年减少的主要原因是", position="after_list")
                break
        return q

    def reason_before(self, q: Para, c: Change, tags: dict[str, str]) -> Key | None:
        """由于〈原因〉, … / 受〈因素〉影响, … before the change (1.2). Returns the key."""
        text = self._reason_text(c)
        if text is None:
            return None
        planted = bool(c.form.get("planted"))
        facs = FACTORS.get((c.driver, c.direction))
        with q.span(("stmt", c.sid)):
            if facs and not planted and self.rng.random() < 0.4:
                q.add(f"受{self.rng.choice(facs)}影响", ("reason", c.sid))
                tags["marker"] = "受…影响"
            else:
                q.add(f"由于{text}", ("reason", c.sid))
                tags["marker"] = "由于"
            q.add(self.p.comma)
        tags["position"] = "before"
        return ("reason", c.sid)

    def _set_reason(self, sid: str, key: Key) -> None:
        for st in reversed(self.log.stmts):
            if st.sid == sid:
                st.reason_key = key
                return

    # -- budget against final (2.4, 3.3)

    def variance(self, q: Para, v: Variance, item: str, *, sangong: bool = False) -> dict[str, str]:
        """A budget/final comparison: 预决算差异率, 完成预算的Y%, or 决算数比预算数减少X (keys var,
        var_rate, var_reason). Logged as a statement with base 年初预算."""
        r, p = self.rng, self.p
        forced = v.form
        tags = {"section": self.section, "punct": p.width}
        b_txt, _, unit = self.money(v.budget, sangong)
        f_txt, _, _ = self.money(v.final, sangong)
        diff = v.final - v.budget
        kinds = ["diff_rate", "completion", "completion", "diff_amount"]
        kind = forced.get("kind") or r.choice(kinds)
        if v.rate_text is not None and not forced.get("kind"):
            kind = "diff_rate"
        if v.budget == 0:
            # 0/0 has no rate: 预算未安排此项支出 (3.4); a printed 0% is the SUM009 plant.
            kind = "diff_rate" if forced.get("zero_rate") else "none"
        amount: float | None = None
        rate: float | None = None
        direction = "增加" if diff > 0 else ("减少" if diff < 0 else "持平")
        with q.span(("var", v.sid)):
            if kind == "none":
                q.add(f"预算未安排此项支出{p.comma}决算数{f_txt}")
                tags["form"] = "未安排"
            elif kind == "diff_rate":
                q.add(
                    f"{r.choice(['年初预算数', '预算数', '全年预算数'])}{b_txt}{p.comma}决算数{f_txt}{p.comma}预决算差异率"
                )
                if self.h.space_pct:
                    q.add(" ")
                q.add(
                    self.h.fix_pct(v.rate_text) if v.rate_text is not None else self.h.pct(v.rate),
                    ("var_rate", v.sid),
                )
                rate = abs(self._printed(v.rate_text, v.rate))
                tags["form"] = "差异率"
            elif kind == "completion":
                word = r.choice(
                    [
                        "完成预算的",
                        "完成年初预算的",
                        "完成调整预算的",
                        "为预算的",
                        "为年初预算的",
                        "占年初预算的",
                        "完成年初预算数",
                    ]
                )
                comp = round(100.0 * v.final / v.budget, 2)
                if word == "完成年初预算数":  # the base stated inside: 完成年初预算数X万元的Y% (2.4)
                    q.add(f"支出决算为{f_txt}{p.comma}完成年初预算数{b_txt}的")
                else:
                    q.add(f"支出预算为{b_txt}{p.comma}支出决算为{f_txt}{p.comma}{word}")
                q.add(
                    self.h.fix_pct(v.rate_text) if v.rate_text is not None else self.h.pct(comp),
                    ("var_rate", v.sid),
                )
                rate = self._printed(v.rate_text, comp)
                tags["form"] = word.rstrip("的")
                direction = "增加" if comp > 100 else ("减少" if comp < 100 else "持平")
            else:
                a_txt, amount, _ = self.money(abs(diff), sangong, unit=unit)
                verb = "增加" if diff > 0 else "减少"
                word = "增长" if diff > 0 else "下降"
                q.add(f"年初预算{b_txt}{p.comma}决算数比预算数{verb}{a_txt}{p.comma}{word}")
                q.add(self.h.pct(round(100.0 * abs(diff) / v.budget, 2)), ("var_rate", v.sid))
                rate = round(100.0 * abs(diff) / v.budget, 2)
                tags["form"] = "决算数比预算数"
            rkey: Key | None = None
            if v.reason and not v.omit_reason:
                cmp_word = "大于" if diff > 0 else "小于"
                lead = r.choice(
                    [
                        f"决算数{cmp_word}预算数的主要原因是",
                        "主要原因是",
                        f"决算数{cmp_word}年初预算数的主要原因{p.colon}",
                    ]
                )
                q.add(p.comma)
                q.add(lead + self.widths(v.reason), ("var_reason", v.sid))
                rkey = ("var_reason", v.sid)
                tags["marker"], tags["position"] = lead[:5], "same_sentence"
            else:
                tags["marker"], tags["position"] = "-", "none"
        tags.update(base="年初预算", unit=unit, order=tags.get("form", ""))
        if kind != "none":  # 预算未安排此项支出 states no change
            self.log.add(Stmt("var:" + v.sid, item, amount, rate, direction, tags, rkey, "年初预算"))
        return tags


def _short(item: str) -> str:
    """The item as a subject restated before a marker: the 项 of a 类/款/项 name."""
    if "(款)" in item:
        return item.split("(款)")[1].replace("(项)", "")
    return item


def reason_driver_text(rng: random.Random, c: Change) -> str:
    """A restatement of the change as its own cause (RSN002, real-forms 1.3)."""
    d = "增加" if c.change > 0 else "减少"
    return ph.expand(rng.choice(RESTATE_CAUSE), rng, item=_short(c.item), d=d)


# The change restated as its own cause, or a purpose instead of a cause (1.3).
RESTATE_CAUSE = [
    "{item}支出{d}所致",
    "{item}[支出|经费]{d}",
    "本年{item}{d}",
    "[{item}|该项]支出较上年{d}有所致",
    "主要用于[日常办公|业务工作|保障单位正常运转][等|]支出",
    "[资金|经费]主要用于{item}",
]

__all__ = [
    "BASES",
    "FACTORS",
    "Habits",
    "MARKERS_AFTER",
    "MARKERS_NEXT",
    "NarrLog",
    "Punct",
    "Stmt",
    "Writer",
    "reason_driver_text",
]
