"""The generator's document model: what a report states, before it is written out.

Amounts are integer cents (万元 × 100), so every total is the exact sum of its parts and
every printed figure is the rounded value the arithmetic checks re-derive. Rendering turns
the model into text (several layouts) or a PDF; planting an anomaly changes the model (a
printed rate, a score, a reason) and names the place the finding should point at.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Key = tuple  # a span key: ("row", table, row), ("rate", stmt_id) ...


def wan(cents: int) -> float:
    """Cents of 万元 → 万元."""
    return cents / 100.0


def pct(num: float, den: float) -> float:
    """100 · num / den rounded to two decimals (0 when den is 0)."""
    return round(100.0 * num / den, 2) if den else 0.0


@dataclass
class Qty:
    """A target or actual cell."""

    op: str | None  # ">=", "<=", "=", ">", "<", "qualitative", None (empty)
    value: float | None = None
    unit: str = ""
    text: str | None = None  # qualitative text, or a raw cell text forced by a plant
    decimals: int = 0

    def truth(self) -> dict[str, Any]:
        return {"op": self.op, "value": self.value, "unit": self.unit or None}


@dataclass
class Row:
    level1: str
    level2: str
    name: str
    target: Qty
    actual: Qty
    weight: float | None
    score: float | None
    kind: str  # qty | quality | time | cost | benefit | sat | exec_rate
    note: str = ""
    basis: str = ""  # 指标值设定依据 (overall tables)
    weight_text: str | None = None  # forced printed weight (plants)
    score_text: str | None = None


@dataclass
class Fund:
    name: str
    initial: int  # cents
    adjusted: int
    executed: int


@dataclass
class TableModel:
    kind: str  # overall | project
    title: str  # project name, or the department for an overall table
    dept: str  # 主管部门 / 部门名称
    unit: str  # 实施单位
    total: Fund  # 年度资金总额 / 合计
    funds: list[Fund]
    exec_weight: float
    exec_score: float
    goal_expected: str
    goal_actual: str
    rows: list[Row]
    declared_total: float = 0.0
    rate_text: str | None = None  # forced printed 执行率 (SUM003)
    total_weight_text: str = "100"
    layout: str = "tab"  # tab | cell_lines | html | continued | narrative | pdf
    served: str = "服务对象"
    proj: Any = None  # the project spec (or the overall table's source projects) goals are written from
    form: Any = None  # a real-forms rendering's drawn form (grid.TableForm): what it prints

    @property
    def rate(self) -> float:
        return pct(self.total.executed, self.total.adjusted)


@dataclass
class Change:
    """A year-on-year change statement: 比上年增加 X 万元，增长 Y%，主要原因是：……"""

    sid: str
    item: str
    current: int  # cents
    previous: int
    reason: str | None
    driver: str = ""
    rate_text: str | None = None  # forced printed rate (SUM007)
    word_text: str | None = None  # forced rate word (增长/下降) (SUM007 direction)
    omit_reason: bool = False  # RSN005
    # Forms writer constraints set by plants (narr_forms): planted, template, numbers.
    form: dict[str, Any] = field(default_factory=dict)

    @property
    def change(self) -> int:
        return self.current - self.previous

    @property
    def direction(self) -> str:
        return "增加" if self.change > 0 else ("减少" if self.change < 0 else "持平")

    @property
    def rate(self) -> float:
        return pct(abs(self.change), self.previous) if self.previous else (100.0 if self.change else 0.0)


@dataclass
class Variance:
    """A budget/final variance statement: 年初预算数 X 万元，决算数 Y 万元，预决算差异率 Z%，主要原因是……"""

    sid: str
    item: str
    budget: int
    final: int
    reason: str | None
    rate_text: str | None = None  # forced printed rate (SUM009)
    omit_reason: bool = False
    form: dict[str, Any] = field(default_factory=dict)  # forms writer constraints (kind: completion ...)

    @property
    def rate(self) -> float:
        return round(100.0 * (self.final - self.budget) / self.budget, 2) if self.budget else 0.0


@dataclass
class Part:
    """One listed component of a total, with its printed share (占 x%)."""

    name: str
    amount: int
    share_text: str | None = None  # forced printed share (SUM006)


@dataclass
class Finance:
    """Every narrative figure of the report (cents)."""

    income_total: int = 0
    income_current: int = 0
    nonfiscal_used: int = 0
    carry_in: int = 0
    expense_total: int = 0
    expense_current: int = 0
    distribution: int = 0
    carry_out: int = 0
    income_parts: list[Part] = field(default_factory=list)
    expense_parts: list[Part] = field(default_factory=list)
    fiscal_carry_in: int = 0
    fiscal_income: int = 0
    fiscal_carry_out: int = 0
    fiscal_expense: int = 0
    initial_budget: int = 0  # 年初预算数 of the fiscal appropriation
    gpb: int = 0  # 一般公共预算财政拨款支出
    classes: list[Part] = field(default_factory=list)  # 类 items (share of gpb)
    items: list[Change] = field(default_factory=list)  # 项 items (yoy)
    basic_fiscal: int = 0
    personnel: int = 0
    public: int = 0
    public_items: list[str] = field(default_factory=list)
    three: int = 0
    three_parts: list[Part] = field(default_factory=list)  # 出国, 用车, 接待 (share of three)
    three_budget: dict[str, int] = field(default_factory=dict)
    cars: int = 0
    car_purchase: int = 0
    receptions: tuple[int, int] = (0, 0)
    operating: int = 0  # 机关运行经费 (行政)
    unit_public: int = 0  # 事业单位公用经费
    procurement: int = 0
    procurement_parts: list[Part] = field(default_factory=list)
    sme: int = 0
    micro: int = 0
    assets: dict[str, Any] = field(default_factory=dict)
    overrides: dict[str, str] = field(default_factory=dict)  # forced printed figures (SUM008)


@dataclass
class Plant:
    """One planted anomaly: the code, the span key the finding should point at, what was done."""

    code: str
    variant: str
    key: Key
    what: dict[str, Any] = field(default_factory=dict)
    doc_extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class DocModel:
    index: int
    seed: str
    region: Any
    agency: Any
    department: str
    year: int
    suffix: str  # (汇总) / (部门) / (本级) / ""
    units: list[str]
    offices: list[str]
    duties: list[str]
    staff: dict[str, int]
    fin: Finance
    changes: dict[str, Change]
    variances: dict[str, Variance]
    tables: list[TableModel]
    style: dict[str, Any]
    perf: dict[str, Any]
    layout: str  # tab | cell_lines | html | continued (projects); overall may be narrative
    overall_layout: str
    plants: list[Plant] = field(default_factory=list)
    eval_count_text: str | None = None  # forced project count in 十一 (XRF002)
    eval_overrides: dict[str, int] = field(default_factory=dict)  # forced 十一 amounts (XRF001)
    pdf: bool = False
    title_override: str | None = None
    rulebook: Any = None
    # Filled when rendered: the forms writer's log (narr_forms.NarrLog, None in the seed
    # style) and the family of each section region key.
    narr_log: Any = None
    narr_regions: dict[tuple, str] = field(default_factory=dict)

    @property
    def full_name(self) -> str:
        return self.department + self.suffix
