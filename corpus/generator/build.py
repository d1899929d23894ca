"""Build one clean document model: department, figures, tables, reasons and goals.

Everything is drawn from one ``random.Random`` seeded by (corpus seed, document index), so
a document depends on nothing else. The model is consistent by construction: parts sum to
their totals in cents, shares / growth / variance rates are computed from the printed
amounts, scores follow the document's rulebook, every change has a specific reason and
every missed target a deviation note. Plants (``plant.py``) then break it at known places.
"""

from __future__ import annotations

import math
import random
from dataclasses import replace

from . import phrases as ph
from .agencies import GENERIC_PROJECTS, Agency, Project, QtyItem
from .model import Change, DocModel, Finance, Fund, Part, Qty, Row, TableModel, Variance
from .phrases import DOWN, UP, Style
from .regions import Region
from .scoring import Rulebook, completion, draw_rulebook, exec_score, partial_cases, score_row

SUFFIXES = ["", "", "(汇总)", "（部门）", "(部门)", "（本级）"]


def split_cents(rng: random.Random, total: int, n: int, floor: float = 0.05) -> list[int]:
    """``n`` positive integer parts summing exactly to ``total`` (each at least ``floor`` of
    an equal share)."""
    if n <= 1:
        return [total]
    ws = [floor + rng.random() for _ in range(n)]
    s = sum(ws)
    parts = [int(total * w / s) for w in ws]
    parts[0] += total - sum(parts)
    return parts


def log_uniform(rng: random.Random, lo: float, hi: float) -> float:
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


def cents(wan: float) -> int:
    return int(round(wan * 100))


# ------------------------------------------------------------------ style


def draw_style(rng: random.Random) -> dict:
    return {
        "thousands": rng.random() < 0.7,
        "space_num": rng.random() < 0.6,
        "paren_full": rng.random() < 0.6,
        "op": rng.choice(["sym", "ascii", "ascii", "sym"]),
        "actual_eq": rng.random() < 0.7,
        "unit_space": rng.random() < 0.6,
        "full_int": rng.random() < 0.5,
        "total_suffix": rng.choice(["分", " 分", ""]),
        "wrap": rng.choices(["none", "blank", "space", "newline"], [45, 25, 15, 15])[0],
        "wrap_width": rng.randint(26, 38),
        "ocr_spaces": rng.random() < 0.1,  # stray spaces inside narrative amounts (2,124. 45)
        "garbled_header": rng.random() < 0.1,  # an OCR-garbled line above an overall table
        "toc": rng.random() < 0.6,
        "order789": rng.choice(["std", "alt"]),
        "part1": rng.choice(["部门概况", "单位概况"]),
        "colon": "：" if rng.random() < 0.75 else ":",
        "title_wrap": rng.random() < 0.25,
        "duties_numbered": rng.random() < 0.4,
        "framework": rng.choice(["duty", "standard"]),
        "overall_cols": rng.choice(["t_b_a_w_s", "t_b_w_a_s", "t_a_w_s"]),
        "year_word": rng.choice(["年度", "年"]),
        "decimals_partial": 2,
    }


# ------------------------------------------------------------------ names


def department_name(rng: random.Random, region: Region, agency: Agency) -> str:
    if region.level == "county" and rng.random() < 0.5:
        return region.label + agency.name
    return region.name + agency.name


def unit_names(rng: random.Random, region: Region, agency: Agency, dept: str) -> list[str]:
    units = [u.format(r=region.name) for u in agency.units]
    rng.shuffle(units)
    return units[: rng.randint(0, min(4, len(units)))]


# ------------------------------------------------------------------ finance


def build_finance(rng: random.Random, agency: Agency) -> Finance:
    f = Finance()
    inc = cents(log_uniform(rng, 120, 25000))
    fiscal = inc if rng.random() < 0.35 else int(inc * rng.uniform(0.82, 0.995))
    other = inc - fiscal
    biz = 0
    if agency.kind == "事业" and other and rng.random() < 0.5:
        biz = int(other * rng.uniform(0.3, 0.9))
    f.income_current = inc
    f.income_parts = [
        Part("财政拨款收入", fiscal),
        Part("上级补助收入", 0),
        Part("事业收入", biz),
        Part("经营收入", 0),
        Part("附属单位上缴收入", 0),
        Part("其他收入", other - biz),
    ]
    f.nonfiscal_used = 0 if rng.random() < 0.85 else int(inc * rng.uniform(0.002, 0.03))
    f.carry_in = 0 if rng.random() < 0.4 else int(inc * rng.uniform(0.001, 0.05))
    f.income_total = inc + f.nonfiscal_used + f.carry_in
    f.expense_total = f.income_total
    f.carry_out = 0 if rng.random() < 0.4 else int(f.income_total * rng.uniform(0.001, 0.04))
    f.expense_current = f.income_total - f.carry_out
    basic = int(f.expense_current * rng.uniform(0.35, 0.85))
    f.expense_parts = [
        Part("基本支出", basic),
        Part("项目支出", f.expense_current - basic),
        Part("上缴上级支出", 0),
        Part("经营支出", 0),
        Part("对附属单位补助支出", 0),
    ]
    # Fiscal appropriation (四) and the general public budget (五): fiscal expense never
    # exceeds the year's expense.
    f.fiscal_carry_in = int(f.carry_in * rng.uniform(0.0, 1.0)) if f.carry_in else 0
    f.fiscal_income = fiscal
    slack = (inc - fiscal) + (f.carry_in - f.fiscal_carry_in) + f.nonfiscal_used
    out_min = max(0, f.carry_out - slack)
    f.fiscal_carry_out = max(out_min, int(f.carry_out * rng.uniform(0.0, 1.0))) if f.carry_out else 0
    f.fiscal_expense = fiscal + f.fiscal_carry_in - f.fiscal_carry_out
    f.gpb = f.fiscal_expense
    f.initial_budget = int((fiscal + f.fiscal_carry_in) * rng.uniform(0.72, 1.12))
    f.basic_fiscal = (
        min(basic, f.gpb) if rng.random() < 0.3 else int(min(basic, f.gpb) * rng.uniform(0.85, 0.999))
    )
    f.personnel = int(f.basic_fiscal * rng.uniform(0.78, 0.95))
    f.public = f.basic_fiscal - f.personnel
    f.public_items = sorted(rng.sample(ph.PUBLIC_ITEMS, rng.randint(6, 12)), key=ph.PUBLIC_ITEMS.index)
    return f


def three_public(rng: random.Random, f: Finance) -> None:
    """三公 total and its items (出国, 用车, 接待), their budgets, cars and receptions."""
    total_cap = max(2000, min(int(f.public * 0.3), int(f.income_current * rng.uniform(0.002, 0.01))))
    abroad = 0 if rng.random() < 0.92 else int(total_cap * rng.uniform(0.1, 0.3))
    has_car = rng.random() < 0.85
    car = int((total_cap - abroad) * rng.uniform(0.6, 0.97)) if has_car else 0
    rec = max(0, total_cap - abroad - car) if rng.random() < 0.9 else 0
    f.three_parts = [
        Part("因公出国（境）费", abroad),
        Part("公务用车购置及运行维护费", car),
        Part("公务接待费", rec),
    ]
    f.three = abroad + car + rec
    f.cars = rng.randint(1, 9) if car else 0
    f.car_purchase = 0
    f.receptions = (rng.randint(1, 60), 0) if rec else (0, 0)
    if rec:
        f.receptions = (f.receptions[0], f.receptions[0] * rng.randint(3, 12))
    # Budgets: at or above the final amount (savings), rarely equal.
    f.three_budget = {}
    for p in f.three_parts:
        b = p.amount if rng.random() < 0.3 else int(p.amount * rng.uniform(1.0, 1.6)) + (0 if p.amount else 0)
        f.three_budget[p.name] = b
    f.three_budget["三公"] = sum(f.three_budget[p.name] for p in f.three_parts)


def procurement_and_assets(rng: random.Random, f: Finance, kind: str) -> None:
    if rng.random() < 0.1:
        f.procurement = 0
        f.procurement_parts = [
            Part("政府采购货物支出", 0),
            Part("政府采购工程支出", 0),
            Part("政府采购服务支出", 0),
        ]
    else:
        f.procurement = int(f.expense_current * rng.uniform(0.01, 0.25))
        works = 0 if rng.random() < 0.6 else int(f.procurement * rng.uniform(0.05, 0.4))
        goods = int((f.procurement - works) * rng.uniform(0.1, 0.7))
        f.procurement_parts = [
            Part("政府采购货物支出", goods),
            Part("政府采购工程支出", works),
            Part("政府采购服务支出", f.procurement - works - goods),
        ]
    f.sme = f.procurement if rng.random() < 0.6 else int(f.procurement * rng.uniform(0.7, 0.99))
    f.micro = f.sme if rng.random() < 0.6 else int(f.sme * rng.uniform(0.5, 0.99))
    if kind == "行政":
        f.operating = int(f.public * rng.uniform(0.5, 1.0)) if rng.random() < 0.5 else f.public
        f.unit_public = f.public - f.operating
    else:
        f.operating = 0
        f.unit_public = f.public
    cars = f.cars
    f.assets = {
        "original": cents(log_uniform(rng, 80, 8000)) if rng.random() < 0.8 else None,
        "house_area": round(rng.uniform(200, 12000), 2) if rng.random() < 0.6 else 0.0,
        "house_value": 0,
        "cars": cars,
        "car_value": cents(cars * rng.uniform(12, 30)) if cars else 0,
        "leader_cars": 1 if cars and rng.random() < 0.3 else 0,
        "equip": rng.randint(0, 6) if rng.random() < 0.5 else 0,
    }
    if f.assets["house_area"]:
        f.assets["house_value"] = cents(f.assets["house_area"] * rng.uniform(0.15, 0.6))


# ------------------------------------------------------------------ 类/款/项 items


def _items(agency: Agency, rng: random.Random) -> list[tuple[str, str, str, str]]:
    """(类, 款, 项, driver) of the document's functional-classification items."""
    run = "行政运行" if agency.kind == "行政" else "事业运行"
    main = [run, "一般行政管理事务"] + [x for x in agency.xiang if x not in (run, "一般行政管理事务")][
        : rng.randint(0, 2)
    ]
    out = [
        (agency.lei, agency.kuan, x, "salary" if x in ("行政运行", "事业运行", "机关服务") else "project")
        for x in main
    ]
    retire = ["行政单位离退休"] if agency.kind == "行政" else ["事业单位离退休"]
    if rng.random() < 0.25:
        retire = ["行政单位离退休", "事业单位离退休"]
    for x in retire:
        out.append(("社会保障和就业支出", "行政事业单位养老支出", x, "retire"))
    out.append(("社会保障和就业支出", "行政事业单位养老支出", "机关事业单位基本养老保险缴费支出", "social"))
    if rng.random() < 0.85:
        out.append(("社会保障和就业支出", "行政事业单位养老支出", "机关事业单位职业年金缴费支出", "social"))
    med = ["行政单位医疗", "公务员医疗补助"] if agency.kind == "行政" else ["事业单位医疗"]
    for x in med[: rng.randint(1, len(med))]:
        out.append(("卫生健康支出", "行政事业单位医疗", x, "social"))
    out.append(("住房保障支出", "住房改革支出", "住房公积金", "social"))
    return out


# ------------------------------------------------------------------ reasons


class Reasoner:
    """Specific reasons in the document's own phrasing."""

    def __init__(
        self,
        rng: random.Random,
        style: Style,
        doc_year: int,
        region: Region,
        projects: list[str],
        units: list[str],
    ) -> None:
        self.rng, self.style, self.year = rng, style, doc_year
        self.level = {
            "province": "自治区" if region.province_word == "自治区" else "省级",
            "prefecture": "上级",
            "county": "上级",
        }[region.level]
        self.projects = projects or ["专项业务"]
        self.units = units
        self.used: set[str] = set()

    def slots(self, avoid: tuple[str, ...] = ()) -> dict:
        r = self.rng
        projects = [p for p in self.projects if not any(a in p for a in avoid)] or ["专项业务"]
        return {
            "n": r.randint(1, 6),
            "proj": r.choice(projects),
            "yr": self.year,
            "prev": self.year - 1,
            "level": self.level,
            "sub": r.choice(self.units) if self.units else "业务科室",
            "task": r.choice(["防汛值守", "检查督导", "项目调研", "专项整治", "业务培训", "应急保障"]),
        }

    def one(self, driver: str, direction: str, avoid: tuple[str, ...] = ()) -> str:
        bank = ph.REASONS[(driver, direction)]
        for _ in range(6):
            s = ph.expand(self.rng.choice(bank), self.rng, **self.slots(avoid))
            if s not in self.used:
                break
        self.used.add(s)
        return s

    def reason(self, driver: str, direction: str, clauses: int = 1, avoid: tuple[str, ...] = ()) -> str:
        """A specific reason; ``avoid``: names of sibling items it must not mention (a
        reason naming a sibling item explains that item, not this one)."""
        if direction not in (UP, DOWN):
            return ""
        parts = [self.one(driver, direction, avoid)]
        if clauses > 1:
            other = "project" if driver != "project" else "salary"
            parts.append(self.one(other, direction, avoid))
        s = "；".join(parts) if self.rng.random() < 0.4 else "，".join(parts)
        if self.units and clauses > 1 and self.rng.random() < 0.5:
            # 汇总 reports explain a total unit by unit: "单位A……。单位B……。"
            a, b = self.rng.sample(self.units, 2) if len(self.units) > 1 else (self.units[0], self.units[0])
            return f"{a}{parts[0]}。{b}{parts[1]}"
        if self.units and self.rng.random() < 0.25:
            s = self.rng.choice(self.units) + s
        return s


def _growth(rng: random.Random, lo: float = -0.35, hi: float = 0.6) -> float:
    g = rng.uniform(lo, hi)
    return g if abs(g) > 0.005 else 0.03


def change(
    sid: str,
    item: str,
    current: int,
    rng: random.Random,
    reasoner: Reasoner,
    driver: str,
    clauses: int = 1,
    new: bool = False,
    avoid: tuple[str, ...] = (),
) -> Change:
    prev = 0 if new else max(1, int(round(current / (1.0 + _growth(rng)))))
    ch = Change(sid, item, current, prev, None, driver)
    if new:
        ch.reason = expand_new(rng, reasoner, avoid)
    else:
        ch.reason = reasoner.reason(driver, ch.direction, clauses, avoid) if ch.direction != "持平" else None
    return ch


def expand_new(rng: random.Random, reasoner: Reasoner, avoid: tuple[str, ...] = ()) -> str:
    return ph.expand(
        "[本年|{yr}年][新增|新设]{proj}，[上年|{prev}年]无此项目支出", rng, **reasoner.slots(avoid)
    )


# ------------------------------------------------------------------ indicators


def _target_value(rng: random.Random, item: QtyItem) -> float:
    v = log_uniform(rng, max(item.lo, 1), max(item.hi, item.lo + 1))
    if item.hi <= 30:
        return float(max(1, round(v)))
    step = 10 ** max(0, int(math.log10(v)) - 1)
    return float(max(1, round(v / step) * step))


def qty_row(rng: random.Random, item: QtyItem, level1: str, miss: float | None = None) -> Row:
    t = _target_value(rng, item)
    if miss is not None and t >= 3:
        # A mild miss: at least 60 % done (a miss below half is IND009's business).
        a = float(max(math.ceil(t * 0.6), math.floor(t * miss)))
        if a >= t:
            a = t - 1
    elif rng.random() < 0.35:
        a = t + max(1, round(t * rng.uniform(0.02, 0.3)))
    else:
        a = t
    # A money quantity (审减投资 …) is stated with ≥: a bare = on money reads as a cost bound.
    op = ">=" if rng.random() < 0.8 or "元" in item.unit else "="
    return Row(
        level1,
        "数量指标",
        item.name + ("数量" if not item.name.endswith(("数", "量")) and rng.random() < 0.3 else ""),
        Qty(op, t, item.unit),
        Qty("=", a, item.unit),
        None,
        None,
        "qty",
    )


def pct_row(rng: random.Random, name: str, level1: str, level2: str, kind: str = "quality") -> Row:
    t = rng.choice([85.0, 90.0, 95.0, 98.0, 100.0]) if kind != "sat" else rng.choice([85.0, 90.0, 95.0])
    a = (
        t
        if t == 100.0 or rng.random() < 0.3
        else min(100.0, round(t + rng.uniform(0.5, 100 - t), rng.choice([0, 2])))
    )
    op = "=" if t == 100.0 else ">="
    return Row(
        level1,
        level2,
        name,
        Qty(op, t, "%"),
        Qty("=", a, "%", decimals=2 if a != int(a) else 0),
        None,
        None,
        kind,
    )


def time_row(rng: random.Random, item: QtyItem | str, level1: str) -> Row:
    if isinstance(item, str):
        return pct_row(rng, item, level1, "时效指标", "time")
    t = float(round(log_uniform(rng, max(1, item.lo), item.hi)))
    a = t if rng.random() < 0.4 else float(max(1, round(t * rng.uniform(0.5, 0.95))))
    return Row(
        level1, "时效指标", item.name, Qty("<=", t, item.unit), Qty("=", a, item.unit), None, None, "time"
    )


def cost_rows(
    rng: random.Random,
    names: tuple[str, ...],
    executed: int,
    adjusted: int,
    level1: str,
    level2: str = "经济成本指标",
) -> list[Row]:
    """Cost rows whose bounds split part of the budget (never the whole budget)."""
    n = len(names)
    share = rng.uniform(0.55, 0.92)
    bounds = split_cents(rng, int(adjusted * share), n, floor=0.4)
    rows = []
    for name, b in zip(names, bounds, strict=True):
        t = round(b / 100.0, 2)
        if rng.random() < 0.5 and t >= 10:
            t = float(round(t))
        if t <= 0:
            t = 0.5
        spent = t if rng.random() < 0.45 else round(t * rng.uniform(0.75, 0.99), 2)
        rows.append(
            Row(
                level1,
                level2,
                name,
                Qty("<=", t, "万元", decimals=2),
                Qty("=", spent, "万元", decimals=2),
                None,
                None,
                "cost",
            )
        )
    return rows


QUAL_TARGETS = [
    "有效提升",
    "明显改善",
    "持续提高",
    "稳步提升",
    "显著增强",
    "有效保障",
    "逐步完善",
    "进一步提高",
]
QUAL_ACTUALS = [
    "完全达到预期目标",
    "达到预期效果",
    "预期目标全部实现",
    "已达到预期",
    "实现年度目标",
    "目标完成情况良好",
]


def benefit_row(rng: random.Random, name: str, level1: str, level2: str) -> Row:
    return Row(
        level1,
        level2,
        name,
        Qty("qualitative", None, "", rng.choice(QUAL_TARGETS)),
        Qty("qualitative", None, "", rng.choice(QUAL_ACTUALS)),
        None,
        None,
        "benefit",
    )


def assign_weights(rng: random.Random, rows: list[Row], total: float = 90.0) -> None:
    """Integer weights by category summing to ``total`` (产出 ~ half, 效益 and 满意度 the rest)."""
    groups: dict[str, list[Row]] = {}
    for r in rows:
        groups.setdefault(r.kind if r.kind in ("cost", "benefit", "sat") else "out", []).append(r)
    plan = {"out": 50, "cost": 15, "benefit": 15, "sat": 10}
    present = {k: v for k, v in plan.items() if k in groups}
    scale = total / sum(present.values())
    alloc = {k: round(v * scale) for k, v in present.items()}
    key = max(alloc, key=lambda k: alloc[k])
    alloc[key] += int(total) - sum(alloc.values())
    for k, rs in groups.items():
        base, extra = divmod(alloc[k], len(rs))
        for i, r in enumerate(rs):
            r.weight = float(base + (1 if i < extra else 0))


def note_for(rng: random.Random, style: Style, row: Row) -> str:
    unit = row.actual.unit
    val = row.actual.value
    actual = f"{val:g}{unit}" if val is not None else "部分任务"
    cause = style.say("note_cause", ph.NOTE_CAUSES, month=rng.randint(6, 11), weather=rng.choice(ph.WEATHERS))
    measure = style.say("note_measure", ph.NOTE_MEASURES)
    return style.say("note", ph.NOTES_MISSED, cause=cause, measure=measure, actual=actual, name=row.name)


def project_rows(rng: random.Random, proj: Project, total: Fund, rb: Rulebook) -> list[Row]:
    rows: list[Row] = []
    items = list(proj.qty)
    rng.shuffle(items)
    items = items[: rng.randint(1, len(items))] if len(items) > 1 else items
    missed = set()
    if rng.random() < 0.35:
        missed.add(rng.randrange(len(items)))
    for i, it in enumerate(items):
        rows.append(qty_row(rng, it, "产出指标", rng.uniform(0.62, 0.97) if i in missed else None))
    for name in list(proj.quality)[: rng.randint(1, len(proj.quality))]:
        rows.append(pct_row(rng, name, "产出指标", "质量指标"))
    if proj.time and rng.random() < 0.8:
        rows.append(time_row(rng, proj.time[0], "产出指标"))
    costs = list(proj.cost)[: max(1, min(len(proj.cost), len(items) + rng.randint(0, 1)))]
    rows += cost_rows(rng, tuple(costs), total.executed, total.adjusted, "成本指标")
    if rng.random() < 0.12:
        r = rows[-1]
        r.actual = Qty("=", round(r.target.value * rng.uniform(1.01, 1.08), 2), "万元", decimals=2)
    bens = list(proj.benefit)[: rng.randint(1, len(proj.benefit))]
    for b in bens:
        rows.append(
            benefit_row(rng, b, "效益指标", rng.choice(["社会效益指标", "社会效益指标", "可持续影响指标"]))
        )
    rows.append(pct_row(rng, f"{proj.served}满意度", "满意度指标", "满意度指标", "sat"))
    return rows


def finish_rows(rng: random.Random, style: Style, rows: list[Row], rb: Rulebook, total: float = 90.0) -> None:
    assign_weights(rng, rows, total)
    for r in rows:
        r.score = score_row(r, rb)
        c = completion(r)
        if c is not None and c < 1 and not r.note:
            r.note = note_for(rng, style, r)
        elif c is not None and c > 1 and r.kind == "qty" and rng.random() < 0.25:
            r.note = style.say("note_exceeded", ph.NOTES_EXCEEDED, name=r.name)


# ------------------------------------------------------------------ goals


def _qty_text(q: Qty, style: dict | None = None) -> str:
    if q.value is None:
        return q.text or ""
    v = f"{q.value:g}" if q.decimals == 0 else f"{q.value:.{q.decimals}f}"
    return f"{v}{q.unit}"


def project_goal(rng: random.Random, t: TableModel, proj: Project, year: int, region: str) -> tuple[str, str]:
    """预期目标 and 实际完成情况 of a project table, written from its rows in varied phrasing."""
    pick = lambda bank, **kw: ph.expand(rng.choice(bank), rng, **kw)  # noqa: E731
    qrows = [r for r in t.rows if r.kind == "qty"]
    prow = [r for r in t.rows if r.kind in ("quality", "time") and r.target.unit == "%"]
    brow = [r for r in t.rows if r.kind == "benefit"]
    crow = [r for r in t.rows if r.kind == "cost"]
    benefit = rng.choice(brow).name if brow else proj.name
    purpose = rng.choice(
        [
            benefit,
            f"做好{proj.name.replace('经费', '').replace('项目', '')}工作",
            f"落实{proj.name.replace('经费', '').replace('资金', '')}任务",
            f"提升{proj.served}服务保障水平",
        ]
    )
    basis = rng.choice(
        [
            f"《{year}年度工作要点》",
            "年度工作计划",
            f"《{proj.name.replace('经费', '')}实施方案》",
            "上级主管部门工作部署",
            f"{region}{year}年重点任务清单",
        ]
    )
    costs = "、".join(r.name.replace("成本", "") for r in crow) or "项目实施"
    kw = {
        "purpose": purpose,
        "project": proj.name,
        "yr": year,
        "basis": basis,
        "served": proj.served,
        "region": region,
        "unit": t.unit,
        "benefit": benefit,
        "costs": costs,
    }
    bits = []
    if rng.random() < 0.6:
        bits.append(pick(ph.GOAL_SCOPE, **kw))
    order = qrows[:]
    rng.shuffle(order)
    bits += [pick(ph.GOAL_QTY, item=r.name, value=_qty_text(r.target)) for r in order]
    bits += [pick(ph.GOAL_QUALITY, item=r.name, value=_qty_text(r.target)) for r in prow[: rng.randint(0, 1)]]
    if rng.random() < 0.5:
        bits.append(pick(ph.GOAL_FUNDS, **kw))
    bits.append(pick(ph.GOAL_CLOSERS, **kw))
    exp = pick(ph.GOAL_OPENERS, **kw) + "，".join(bits) + "。"
    out = [pick(ph.RESULT_QTY, item=r.name, value=_qty_text(r.actual)) for r in qrows]
    rng.shuffle(out)
    out += [
        pick(ph.RESULT_QUALITY, item=r.name, value=_qty_text(r.actual)) for r in prow[: rng.randint(0, 1)]
    ]
    if rng.random() < 0.6:
        out.append(pick(ph.RESULT_FUNDS, exec=_m(t.total.executed), rate=f"{t.rate:.2f}%"))
    out.append(pick(ph.RESULT_CLOSERS, **kw))
    act = pick(ph.RESULT_OPENERS, **kw) + "，".join(out) + "。"
    return exp.replace("，，", "，"), act.replace("，，", "，")


def overall_goal(
    rng: random.Random, st: Style, table: TableModel, projects: list[Project], year: int, fin: Finance
) -> tuple[str, str]:
    qrows = [r for r in table.rows if r.kind == "qty"]
    exp_items, act_items = [], []
    for i, r in enumerate(qrows):
        task = projects[i % len(projects)].name
        for w in ("专项经费", "专项资金", "补助资金", "工作经费", "经费", "资金", "项目"):
            task = task.removesuffix(w)
        task = task if task.endswith("工作") else task + "工作"
        exp_items.append(
            st.say(
                "og",
                ph.OVERALL_GOAL_ITEMS,
                task=task,
                target=f"{r.name}{rng.choice(['达到', '不少于', '完成'])}{_qty_text(r.target)}",
            )
        )
        act_items.append(
            st.say(
                "or",
                ph.OVERALL_RESULT_ITEMS,
                task=task,
                result=f"{r.name}{rng.choice(['实际完成', '达到', '累计完成'])}{_qty_text(r.actual)}",
            )
        )
    brow = [r for r in table.rows if r.kind == "benefit"]
    if brow:
        exp_items.append(f"{rng.choice(['持续', '着力', '不断'])}提升{brow[0].name}")
    numbered = rng.random() < 0.6
    if numbered:
        exp = "；".join(f"{i + 1}.{s}" for i, s in enumerate(exp_items)) + "。"
    else:
        exp = "；".join(exp_items) + "。"
    head = (
        f"{year}年全年预算数为{_m(table.total.adjusted)}万元，全年执行数为{_m(table.total.executed)}万元，"
        f"预算执行率为{table.rate:.2f}%。"
    )
    act = head + "；".join(f"{i + 1}.{s}" if numbered else s for i, s in enumerate(act_items)) + "。"
    return exp, act


def _m(c: int) -> str:
    return f"{c / 100:.2f}"


# ------------------------------------------------------------------ tables


def project_table(
    rng: random.Random,
    st: Style,
    proj: Project,
    adjusted: int,
    dept: str,
    unit: str,
    rb: Rulebook,
    year: int,
    full_rate: bool,
    region: str = "",
) -> TableModel:
    initial = adjusted if rng.random() < 0.6 else int(adjusted * rng.uniform(0.7, 1.3))
    executed = adjusted if full_rate else int(adjusted * rng.uniform(0.8, 0.995))
    total = Fund("年度资金总额", initial, adjusted, executed)
    funds = [Fund("其中：当年财政拨款", initial, adjusted, executed)]
    if rng.random() < 0.5:
        funds.append(Fund("上年结转资金", 0, 0, 0))
    funds.append(Fund("其他资金", 0, 0, 0))
    t = TableModel("project", proj.name, dept, unit, total, funds, 10.0, 0.0, "", "", [], served=proj.served)
    t.rows = project_rows(rng, proj, total, rb)
    finish_rows(rng, st, t.rows, rb)
    t.exec_score = exec_score(rb, t.exec_weight, executed, adjusted)
    t.proj = proj
    t.goal_expected, t.goal_actual = project_goal(rng, t, proj, year, region)
    t.declared_total = round(sum(r.score or 0 for r in t.rows) + t.exec_score, 2)
    return t


BASES = [
    "《{yr}年度工作要点》",
    "年度工作计划",
    "部门“三定”方案",
    "财政预算批复",
    "上年度完成情况",
    "《{yr}年重点工作任务分解表》",
]


def overall_table(
    rng: random.Random, st: Style, doc: DocModel, projects: list[Project], rb: Rulebook
) -> TableModel:
    f = doc.fin
    level = doc.region.level
    fiscal_init, fiscal_adj, fiscal_exe = (
        f.initial_budget,
        f.fiscal_income + f.fiscal_carry_in,
        f.fiscal_expense,
    )
    other_init = f.income_current - f.fiscal_income
    total = Fund(
        "年度总资金" if rng.random() < 0.5 else "合计",
        fiscal_init + other_init,
        f.income_total,
        f.expense_current,
    )
    prov = doc.region.province_word
    names = [
        "中央安排",
        f"{prov}安排" if prov == "自治区" else "省级安排",
        "地（州、市）安排",
        "县（市、区）安排",
    ]
    slot = {"province": 1, "prefecture": 2, "county": 3}[level]
    funds = []
    for i, n in enumerate(names):
        if i == slot:
            funds.append(Fund(n, fiscal_init, fiscal_adj, fiscal_exe))
        else:
            funds.append(Fund(n, 0, 0, 0))
    funds.append(Fund("其他资金", other_init, f.income_total - fiscal_adj, f.expense_current - fiscal_exe))
    t = TableModel(
        "overall", doc.full_name, doc.full_name, doc.full_name, total, funds, 10.0, 0.0, "", "", []
    )
    framework = doc.style["framework"]
    l1 = {
        "out": "履职效能" if framework == "duty" else "产出指标",
        "cost": "运行成本" if framework == "duty" else "成本指标",
        "ben": "社会效益" if framework == "duty" else "效益指标",
        "sat": "服务对象满意度" if framework == "duty" else "满意度指标",
    }
    rows: list[Row] = []
    pool = [(p, it) for p in projects for it in p.qty]
    rng.shuffle(pool)
    sources = []
    for p, it in pool[: rng.randint(2, 4)]:
        rows.append(qty_row(rng, it, l1["out"]))
        sources.append(p)
    qual = [q for p in projects for q in p.quality]
    for name in rng.sample(qual, min(len(qual), rng.randint(1, 2))):
        rows.append(pct_row(rng, name, l1["out"], "质量指标"))
    rows.append(
        pct_row(
            rng,
            rng.choice(["重点工作按期完成率", "年度任务完成率", "督办事项按时办结率"]),
            l1["out"],
            "时效指标",
            "time",
        )
    )
    # The 三公 bound: above the year's 三公 budget, never equal to any stated budget.
    budgets = {f.initial_budget, f.income_total, *f.three_budget.values()}
    bound = f.three_budget["三公"] + max(100, int(f.three_budget["三公"] * rng.uniform(0.05, 0.3)))
    bound = int(math.ceil(bound / 100.0) * 100)
    while bound in budgets:
        bound += 100
    if f.three:
        rows.append(
            Row(
                l1["cost"],
                "经济成本指标",
                "“三公”经费支出",
                Qty("<=", bound / 100, "万元", decimals=2),
                Qty("=", f.three / 100, "万元", decimals=2),
                None,
                None,
                "cost",
            )
        )
    else:
        rows.append(pct_row(rng, "公用经费定额标准执行率", l1["cost"], "经济成本指标"))
    bens = [b for p in projects for b in p.benefit]
    for b in rng.sample(bens, min(len(bens), rng.randint(1, 2))):
        rows.append(benefit_row(rng, b, l1["ben"], "社会效益指标"))
    rows.append(
        pct_row(
            rng,
            f"{projects[0].served}满意度" if projects else "服务对象满意度",
            l1["sat"],
            "满意度指标",
            "sat",
        )
    )
    for r in rows:
        r.basis = ph.expand(rng.choice(BASES), rng, yr=doc.year)
    t.rows = rows
    finish_rows(rng, st, rows, rb)
    t.exec_score = exec_score(rb, t.exec_weight, total.executed, total.adjusted)
    t.proj = sources or projects
    t.goal_expected, t.goal_actual = overall_goal(rng, st, t, t.proj, doc.year, f)
    t.declared_total = round(sum(r.score or 0 for r in rows) + t.exec_score, 2)
    return t


def rescore(doc: DocModel, rb: Rulebook) -> None:
    """Scores, execution scores and declared totals of every table under ``rb``."""
    for t in doc.tables:
        for r in t.rows:
            r.score = score_row(r, rb)
        t.exec_score = exec_score(rb, t.exec_weight, t.total.executed, t.total.adjusted)
        t.declared_total = round(sum(x.score or 0 for x in t.rows) + t.exec_score, 2)


def _support(doc: DocModel, rb: Rulebook) -> int:
    n = sum(partial_cases(t.rows, rb) for t in doc.tables)
    if rb.execution == "deduction":
        n += sum(1 for t in doc.tables if 0.01 < t.exec_score < t.exec_weight - 0.01)
    return n


def ensure_support(rng: random.Random, st: Style, doc: DocModel, rb: Rulebook) -> Rulebook:
    """A deduction rulebook must show itself in two partial scores at least (a reader
    infers k from agreeing rows): add a mild miss where the document has too few, and fall
    back to the standard rule when no row can take one."""
    if rb.indicator != "deduction":
        return rb
    for _ in range(4):
        if _support(doc, rb) >= 2:
            return rb
        cands = [
            (t, r)
            for t in doc.tables
            for r in t.rows
            if r.kind == "qty"
            and (completion(r) or 0) >= 1.0
            and not r.note
            and r.target.op in (">=", "=")
            and (r.target.value or 0) >= 5
        ]
        if not cands:
            break
        t, r = rng.choice(cands)
        r.actual = Qty("=", float(math.floor(r.target.value * rng.uniform(0.8, 0.97))), r.actual.unit)
        r.note = note_for(rng, st, r)
        rescore(doc, rb)
    if _support(doc, rb) >= 2:
        return rb
    rb = replace(rb, indicator="standard", execution="rate")
    rescore(doc, rb)
    return rb


def ensure_zero_row(rng: random.Random, st: Style, doc: DocModel, rb: Rulebook) -> None:
    """A zero-below-threshold rulebook shows itself in a miss scored 0 (completion between
    0.5 and θ, so no output is "far below" its target)."""
    if rb.indicator != "zero_below":
        return
    cands = [
        (t, r)
        for t in doc.tables
        for r in t.rows
        if r.kind == "qty" and completion(r) == 1.0 and r.target.op == ">=" and (r.target.value or 0) >= 10
    ]
    if not cands:
        return
    t, r = rng.choice(cands)
    a = float(math.ceil(r.target.value * rng.uniform(0.51, rb.theta - 0.02)))
    if a / r.target.value >= rb.theta or a / r.target.value < 0.5:
        return
    r.actual = Qty("=", a, r.actual.unit)
    r.score = score_row(r, rb)
    r.note = note_for(rng, st, r)
    t.declared_total = round(sum(x.score or 0 for x in t.rows) + t.exec_score, 2)


# ------------------------------------------------------------------ the document


def build_doc(index: int, seed: str, region: Region, agency: Agency, year: int) -> DocModel:
    rng = random.Random(f"{seed}:{index}")
    style = draw_style(rng)
    st = Style(rng)
    dept = department_name(rng, region, agency)
    units = unit_names(rng, region, agency, dept)
    suffix = rng.choice(SUFFIXES) if units else rng.choice(["", "", "（本级）"])
    rb = draw_rulebook(rng)
    fin = build_finance(rng, agency)
    three_public(rng, fin)
    procurement_and_assets(rng, fin, agency.kind)
    offices = rng.sample(list(agency.offices), min(len(agency.offices), rng.randint(3, len(agency.offices))))
    duties = rng.sample(list(agency.duties), min(len(agency.duties), rng.randint(4, len(agency.duties))))
    staff_on = rng.randint(6, 180)
    staff = {
        "on": staff_on,
        "retired": rng.randint(0, staff_on // 2),
        "lixiu": 0 if rng.random() < 0.9 else 1,
    }
    # Projects: the agency's own and some generic ones, with budgets within 项目支出.
    pool = list(agency.projects) + rng.sample(GENERIC_PROJECTS, rng.randint(1, 6))
    rng.shuffle(pool)
    want = rng.choices([1, 2, 3, 4, 5, 6, 8, 10], [4, 12, 16, 18, 16, 14, 12, 8])[0]
    projects = pool[: min(want, len(pool))]
    layout = rng.choices(["tab", "cell_lines", "html", "continued"], [30, 25, 20, 25])[0]
    overall_layout = "narrative" if rng.random() < 0.25 else layout
    doc = DocModel(
        index,
        seed,
        region,
        agency,
        dept,
        year,
        suffix,
        units,
        offices,
        duties,
        staff,
        fin,
        {},
        {},
        [],
        style,
        {},
        layout,
        overall_layout,
    )
    doc.perf["rulebook"] = rb.to_dict()
    project_money = int(fin.expense_parts[1].amount * rng.uniform(0.3, 0.9))
    budgets = split_cents(rng, max(project_money, 100 * len(projects) * 5), len(projects), floor=0.3)
    names = [p.name for p in projects]
    reasoner = Reasoner(rng, st, year, region, names, units)
    doc.tables.append(overall_table(rng, st, doc, projects, rb))
    for p, b in zip(projects, budgets, strict=True):
        unit = (
            rng.choice(units)
            if units and rng.random() < 0.5
            else doc.full_name.replace("(汇总)", "").replace("（部门）", "")
        )
        doc.tables.append(
            project_table(rng, st, p, max(b, 500), dept, unit, rb, year, rng.random() < 0.55, region.name)
        )
    rb = ensure_support(rng, st, doc, rb)
    ensure_zero_row(rng, st, doc, rb)
    doc.rulebook = rb
    doc.perf["rulebook"] = rb.to_dict()
    build_statements(rng, doc, reasoner)
    build_perf_text(rng, st, doc)
    return doc


def build_statements(rng: random.Random, doc: DocModel, reasoner: Reasoner) -> None:
    f = doc.fin
    ch = doc.changes
    ch["total"] = change("total", "收入支出总体", f.income_total, rng, reasoner, "project", clauses=2)
    ch["fiscal"] = change(
        "fiscal",
        "财政拨款收入支出总体",
        f.fiscal_income + f.fiscal_carry_in,
        rng,
        reasoner,
        "project",
        clauses=2,
    )
    same = ch["fiscal"].direction == ch["total"].direction and rng.random() < 0.4
    ch["gpb"] = change("gpb", "一般公共预算财政拨款支出", f.gpb, rng, reasoner, "salary", clauses=2)
    if same and ch["gpb"].direction == ch["total"].direction:
        ch["fiscal"].reason = ch["total"].reason
    doc.variances["fiscal"] = _variance(
        "fiscal", "财政拨款收入支出", f.initial_budget, f.fiscal_income + f.fiscal_carry_in, reasoner
    )
    doc.variances["gpb"] = _variance("gpb", "一般公共预算财政拨款支出", f.initial_budget, f.gpb, reasoner)
    # 类 and 项 items.
    items = _items(doc.agency, rng)
    amounts = split_cents(rng, f.gpb, len(items), floor=0.15)
    # The main 款's items carry most of the money.
    order = sorted(range(len(items)), key=lambda i: items[i][3] not in ("salary", "project"))
    amounts.sort(reverse=True)
    amt = {order[i]: amounts[i] for i in range(len(items))}
    classes: dict[str, int] = {}
    for i, (lei, kuan, xiang, driver) in enumerate(items):
        a = amt[i]
        classes[lei] = classes.get(lei, 0) + a
        item = f"{lei}(类){kuan}(款){xiang}(项)"
        new = driver == "project" and rng.random() < 0.06
        siblings = tuple(x for _, k, x, _ in items if k == kuan and x != xiang and len(x) >= 4)
        f.items.append(change(f"item{i}", item, a, rng, reasoner, driver, new=new, avoid=siblings))
    f.classes = [Part(k + "(类)", v) for k, v in classes.items()]
    # 三公.
    three_prev = 0
    for p in f.three_parts:
        sid = {"因公出国（境）费": "abroad", "公务用车购置及运行维护费": "car", "公务接待费": "rec"}[p.name]
        driver = {"abroad": "abroad", "car": "car", "rec": "reception"}[sid]
        if p.amount == 0:
            c = Change(sid, p.name, 0, 0, None, "none")
        else:
            c = change(sid, p.name, p.amount, rng, reasoner, driver)
        ch[sid] = c
        three_prev += c.previous
    t3 = Change("three", "财政拨款“三公”经费支出", f.three, three_prev, None, "car")
    dirs = [ch[s] for s in ("car", "rec", "abroad") if ch[s].direction == t3.direction and ch[s].reason]
    t3.reason = dirs[0].reason if dirs else None
    if t3.reason is None and t3.direction != "持平":
        t3.reason = reasoner.reason("car" if f.three_parts[1].amount else "reception", t3.direction)
    ch["three"] = t3
    for p in f.three_parts:
        sid = {"因公出国（境）费": "abroad", "公务用车购置及运行维护费": "car", "公务接待费": "rec"}[p.name]
        doc.variances[sid] = _variance(sid, p.name, f.three_budget[p.name], p.amount, reasoner, three=True)
    big = max(f.three_parts, key=lambda p: p.amount)
    top = {"因公出国（境）费": "abroad", "公务用车购置及运行维护费": "car", "公务接待费": "rec"}[big.name]
    doc.variances["three"] = _variance(
        top, "财政拨款“三公”经费", f.three_budget["三公"], f.three, reasoner, three=True
    )
    doc.variances["three"].sid = "three"
    if f.operating:
        ch["operating"] = change("operating", "机关运行经费", f.operating, rng, reasoner, "operating")
    if f.unit_public:
        ch["unit_public"] = change("unit_public", "公用经费", f.unit_public, rng, reasoner, "operating")


def _variance(
    sid: str, item: str, budget: int, final: int, reasoner: Reasoner, three: bool = False
) -> Variance:
    v = Variance(sid, item, budget, final, None)
    if budget == final or budget == 0 or final == 0:
        v.reason = None if budget else None
        return v
    direction = UP if final > budget else DOWN
    if three:
        driver = {"abroad": "abroad", "car": "car", "rec": "reception"}.get(sid, "car")
        v.reason = reasoner.reason(driver, direction)
    else:
        v.reason = reasoner.reason("variance", direction)
    return v


def rewrite_goals(doc: DocModel, tables: list[int]) -> None:
    """Write the goal texts again from the (changed) rows, so a result still reports the
    figures the table states."""
    rng = random.Random(f"{doc.seed}:{doc.index}:goals")
    st = Style(rng)
    for ti in tables:
        t = doc.tables[ti]
        if t.kind == "project" and t.proj is not None:
            t.goal_expected, t.goal_actual = project_goal(rng, t, t.proj, doc.year, doc.region.name)
        elif t.kind == "overall" and t.proj:
            t.goal_expected, t.goal_actual = overall_goal(rng, st, t, t.proj, doc.year, doc.fin)


def build_perf_text(rng: random.Random, st: Style, doc: DocModel) -> None:
    n = len([t for t in doc.tables if t.kind == "project"])
    doc.perf["achieve"] = [st.say("pa", ph.PERF_ACHIEVEMENTS, n=max(1, n)) for _ in range(2)]
    doc.perf["problems"] = [st.say("pp", ph.PERF_PROBLEMS) for _ in range(2)]
    doc.perf["measures"] = [st.say("pm", ph.PERF_MEASURES) for _ in range(2)]
    doc.perf["glossary"] = [
        (k, ph.expand(v, rng)) for k, v in ph.GLOSSARY if rng.random() < 0.9 or k in ("基本支出", "项目支出")
    ]


__all__ = ["build_doc", "rescore", "rewrite_goals"]
