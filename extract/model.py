"""Document structure extracted from one report.

Every extracted item keeps ``start``/``end``: character offsets into the exact text the
reader produced (for text files, the decoded file as received), so ``text[start:end]``
is the evidence. Serialisation follows ``docs/report.md``: numbers are numbers,
an unreadable value is ``None`` with its ``raw`` text kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache
from typing import Any


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def plain(obj: Any) -> Any:
    """JSON-ready copy of a structure of dataclasses, lists, tuples and dicts.

    ``dataclasses.asdict`` deep-copies every leaf through ``copy.deepcopy``; this walks the
    same structure many times faster: scalars are returned as they are, and each dataclass
    has a generated encoder (:func:`_encoder`) that reads its fields by name instead of
    asking ``is_dataclass`` of every value. Tuples become lists, as JSON has no tuples.
    """
    t = type(obj)
    if t in _SCALARS:
        return obj
    enc = _ENCODERS.get(t)
    if enc is not None:
        return enc(obj)
    if t is list or t is tuple:
        return [v if type(v) in _SCALARS else plain(v) for v in obj]
    if t is dict:
        return {k: v if type(v) in _SCALARS else plain(v) for k, v in obj.items()}
    return _plain_slow(obj)


_SCALARS = frozenset({str, int, float, bool, type(None)})
_ENCODERS: dict[type, Any] = {}


def _plain_slow(obj: Any) -> Any:
    """Everything :func:`plain` has no fast path for (subclasses of list, tuple and dict,
    dataclasses seen for the first time)."""
    if is_dataclass(obj) and not isinstance(obj, type):
        return _encoder(type(obj))(obj)
    if is_dataclass(obj):
        return {name: plain(getattr(obj, name)) for name in _field_names(type(obj))}
    if isinstance(obj, list | tuple):
        return [plain(v) for v in obj]
    if isinstance(obj, dict):
        return {k: plain(v) for k, v in obj.items()}
    return obj


def _encoder(cls: type) -> Any:
    """A function ``obj -> {field: plain(value), ...}`` for one dataclass, generated once:
    one dict display in field order, scalars kept without a call."""
    names = _field_names(cls)
    items = ", ".join(f"{n!r}: (v if type(v := o.{n}) in S else P(v))" for n in names)
    ns: dict[str, Any] = {"S": _SCALARS, "P": plain}
    exec(f"def enc(o):\n    return {{{items}}}\n", ns)  # noqa: S102 - field names of our own classes
    _ENCODERS[cls] = ns["enc"]
    return ns["enc"]


@dataclass
class Quantity:
    """A target or actual cell: operator, number, unit, or a qualitative value.

    ``op`` is one of ``>=``, ``<=``, ``=``, ``<``, ``>``, ``range`` (value..high),
    ``qualitative`` (no number: 有效提升, 完全达到预期) or ``None`` when the cell is empty.
    """

    raw: str
    op: str | None = None
    value: float | None = None
    unit: str | None = None
    high: float | None = None  # upper bound of a range such as 10%-20%
    start: int = -1
    end: int = -1
    # The cell as read, when it differs from ``raw``: a cell wrapped onto a continuation
    # line is ``raw`` = the whole covering span (other cells included) and ``text`` = its
    # own pieces joined (``<=31.80万元``). Messages show ``text or raw``.
    text: str | None = None

    @property
    def shown(self) -> str:
        return self.text if self.text is not None else self.raw


@dataclass
class NumberCell:
    """One numeric cell (weight, score, budget figure) with its source span."""

    raw: str
    value: float | None
    start: int
    end: int


@dataclass
class IndicatorRow:
    level1: str | None
    level2: str | None
    name: str
    target: Quantity
    actual: Quantity
    weight: float | None
    score: float | None
    note: str = ""
    start: int = -1
    end: int = -1
    # Normalised categories of the standard framework (产出/效益/满意度/成本 ...).
    category1: str | None = None
    category2: str | None = None
    weight_span: tuple[int, int] | None = None
    score_span: tuple[int, int] | None = None
    note_span: tuple[int, int] | None = None
    name_span: tuple[int, int] | None = None
    # Labels (filled by classify/): direction, status, score_rule.
    direction: str | None = None
    status: str | None = None
    score_rule: str | None = None
    # Where category1/category2 come from: "printed" (the level cells, via the framework
    # lexicon), "model" (the indicator name and target), "printed+model" (level-1 printed,
    # level-2 from the model); None when no category could be given.
    category_source: str | None = None


@dataclass
class FundRow:
    """A budget line of a table: 年度资金总额 / 合计 or one fund source."""

    name: str
    initial: float | None = None
    adjusted: float | None = None
    executed: float | None = None
    rate: float | None = None  # percent
    weight: float | None = None
    score: float | None = None
    start: int = -1
    end: int = -1
    cells: dict[str, NumberCell] = field(default_factory=dict)


@dataclass
class Goal:
    table: str
    expected: str
    actual: str
    expected_span: tuple[int, int] | None = None
    actual_span: tuple[int, int] | None = None
    similarity: float | None = None


@dataclass
class Table:
    title: str
    kind: str  # overall | project | narrative
    start: int
    end: int
    budget: FundRow | None = None
    funds: list[FundRow] = field(default_factory=list)
    declared_total: float | None = None
    declared_total_span: tuple[int, int] | None = None
    rows: list[IndicatorRow] = field(default_factory=list)
    goal: Goal | None = None
    project: str | None = None
    department: str | None = None
    layout: str | None = (
        None  # the layout plug-in that read it (extract/layouts/): tab | cell_lines | pipes | ...
    )
    # How sure the reader was (0..1): the share of rows whose cells fit their columns and of the
    # table's own arithmetic (score <= weight, weights adding up, rate = executed / budget) that holds.
    confidence: float | None = None


@dataclass
class Change:
    """A stated change: amount (万元), rate (percent) and direction, with what it is measured
    against. Fields the text does not state stay None; ``raw`` keeps the clause as written."""

    amount: float | None = None  # 万元 (元 and 亿元 normalised; the unit as written in ``unit``)
    rate: float | None = None  # percent (a decrease is positive with direction 减少)
    direction: str | None = None  # 增加 | 减少 | 持平
    raw: str | None = None  # the change clause as written
    unit: str | None = None  # 元 | 万元 | 亿元 as written
    base: str | None = None  # 上年 | 上年同期 | 年初预算 | 调整预算 | 预算 | YYYY年 | 执行数 | None
    base_value: float | None = None  # the base amount when printed (万元)
    current: float | None = None  # the current amount (万元) when stated
    rate_kind: str | None = None  # growth | completion (完成预算的X%) | points (个百分点) | share
    # Where the direction comes from: "word" (增加/下降...), "arithmetic" (from amounts), or
    # "template" (an unfilled 增加(减少) left in the text).
    direction_source: str | None = None
    start: int = -1
    end: int = -1
    # A scope qualifier printed with the rate (可比, 同口径, 自然口径, 全口径): two rates of
    # one item on different bases can then be told apart.
    qualifier: str | None = None


@dataclass
class Reason:
    text: str
    start: int
    end: int
    item: str | None = None
    change: Change | None = None
    kind: str = (
        "reason"  # reason (主要原因是/原因是) | deviation (偏差原因) | variance (预决算差异) | missing
    )
    marker: str | None = None  # the marker as written: 主要原因是 / 主要是 / 由于 / 原因主要是 / ...
    # The other items the same explanation covers (one reason for several changes).
    also: list[str] = field(default_factory=list)
    sentence_start: int = -1  # the whole sentence stating the change and the reason
    sentence_end: int = -1
    table: str | None = None
    cause: str | None = None
    quality: str | None = None
    # How the labels were reached (classify/reasons.py): the model's probability of the
    # quality label (quality_score) and, where they differ, the rule lexicons' labels
    # (rule_cause, rule_quality). Empty when the labels come from the rules alone.
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class Figure:
    """A number stated in the narrative: totals, components, shares, changes, variances."""

    kind: str
    item: str
    value: float | None
    raw: str
    start: int
    end: int
    unit: str | None = None
    # Related numbers stated in the same clause (share %, change, rate, budget, final...).
    extra: dict[str, Any] = field(default_factory=dict)
    sentence_start: int = -1
    sentence_end: int = -1
    section: str | None = None


@dataclass
class Section:
    title: str
    level: int  # 0 第X部分, 1 一、, 2 （一）, 3 1.
    number: str
    start: int
    end: int


@dataclass
class Report:
    doc_id: str
    source: str
    title: str | None
    department: str | None
    year: int | None
    tables: list[Table] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    risk: float | None = None
    rulebook: dict[str, Any] | None = None  # scoring rules the document itself uses (classify/)
    counts: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})
    pages: int | None = None
    text: str | None = None

    def to_dict(self, include_text: bool = False) -> dict[str, Any]:
        d = plain(self)
        if not include_text:
            d.pop("text", None)
        return d
