"""A self-evaluation table as a grid of cells, headed the way real tables are.

One :class:`TableForm` is drawn per table (title, header synonyms, budget header set,
fund-source set, column order, operator style, execution-rate format, which optional parts
are printed); :func:`build_grid` turns the table model into rows of :class:`Cell` (text and
span keys). The rendering families (``layouts_real``) only decide how the cells are laid
out as text; the HTML/DOCX/XLSX writers take the same cells as strings. So a table reads
back to the same rows whatever the rendering.

What the form leaves out is recorded in :attr:`TableForm.printed` for the truth file: a
budget set without 年初预算数 or without a score, blank scores, no 总分 row.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from . import headers as H
from .damage import op_cell, qty_cell, value_text
from .layouts import score_text, weight_text
from .model import Fund, Row, TableModel

Key = tuple

# Codes whose evidence needs a printed part of the table (the form keeps that part).
NEEDS_TOTAL = {"SUM001", "SUM002"}
NEEDS_EXEC_SCORE = {"SUM004"}

COLUMN_PLANS = {
    # name: (columns, weight); target = operator, value and unit in one cell; op/tvalue/unit split.
    "standard": (("level1", "level2", "name", "target", "actual", "weight", "score", "note"), 8),
    "weight_first": (("level1", "level2", "name", "weight", "target", "actual", "score", "note"), 2),
    "split": (("level1", "level2", "name", "op", "tvalue", "unit", "avalue", "weight", "score", "note"), 3),
    "direction": (
        ("level1", "level2", "name", "target", "actual", "weight", "score", "direction", "note"),
        1,
    ),
    "basis": (("level1", "level2", "name", "target", "basis", "actual", "weight", "score", "note"), 2),
}


@dataclass
class Cell:
    text: str
    keys: tuple[Key, ...] = ()


@dataclass
class GridRow:
    kind: str  # info | budget_head | budget | fund | goal_head | goal | ind_head | ind | total
    cells: list[Cell]
    keys: tuple[Key, ...] = ()  # spanning the row from cell ``span_from`` to its last non-empty cell
    span_from: int = 0
    merged: bool = False  # the first cell repeats the row above's merged label (printed empty)


@dataclass
class Grid:
    ti: int
    title_lines: list[str]
    rows: list[GridRow]
    width: int
    cols: tuple[str, ...]
    notes: list[str] = field(default_factory=list)
    glue: str = " "  # the form's cell glue (the inline family)


@dataclass
class TableForm:
    family: str
    title: str
    year_line: str
    op_style: str
    ocr: bool
    plan: str
    heads: dict[str, str]
    budget: H.BudgetSet
    funds: H.FundSet
    budget_label: str
    total_name: str
    na: str
    rate_fmt: str  # pct | fraction | bare
    blank_scores: bool
    blank_actuals: bool
    no_total: bool
    thousands: bool
    actual_eq: bool
    unit_space: bool
    full_int: bool
    spaced_level1: bool = False
    glue: str = " "  # inline: what joins a row's cells ("" = glued)
    fund_rates: bool = False  # source rows print their own 执行率 (``其中:… | A | B | C | — | R% | —``)
    footnote: str = ""  # the scoring rule stated under the table (6.7)
    grade: str = ""  # "" | word | boxes: the grade under the 总分 (5.2: 优/良/中/差 by 90/80/60)
    printed: dict[str, bool] = field(default_factory=dict)


def _partial(t: TableModel) -> bool:
    """A row or the execution scored below its weight: the table shows the rulebook."""
    rows = any(r.weight is not None and r.score is not None and r.score < r.weight - 1e-9 for r in t.rows)
    return rows or t.exec_score < t.exec_weight - 1e-9


FOOTNOTES = [
    "注：正向指标得分=权重×实际完成值/年度指标值，反向指标得分=权重×年度指标值/实际完成值，最高不超过该指标权重。",
    "说明：指标得分=实际完成值/目标值×该项指标分值（超过100%以100%计算）；预算执行率=预算执行数/调整后预算数。",
    "注:得分=权重*B/A,反向指标得分=权重*A/B,得分最高不超过权重。",
]


def draw_form(
    rng: random.Random,
    t: TableModel,
    family: str,
    codes: set[str],
    doc_style: dict,
    ocr: bool,
    rule: str = "",
) -> TableForm:
    """The table's form; parts a planted code's evidence needs are always printed, and
    scores are blanked only in tables that show no partial score (the rulebook stays visible)."""
    year = doc_style["year"]
    titles = H.PROJECT_TITLES if t.kind == "project" else H.OVERALL_TITLES
    title = str(H.pick(rng, titles)).format(name=t.title)
    year_line = rng.choice(["", f"({year}年度)", f"（{year}年度）", f"{year}年度"]) if title else ""
    plan = str(H.pick(rng, [(k, v[1]) for k, v in COLUMN_PLANS.items()]))
    if family == "pipes_cells" and rng.random() < 0.7:
        plan = "split"  # the catalogue's one-cell-per-line table splits operator, value and unit
    glue = " " if family != "inline" or rng.random() < 0.65 else ""
    if not glue and plan == "split":
        plan = "standard"  # glued split cells (op value unit actual weight score) are one digit run
    heads = {
        "target": str(H.pick(rng, H.TARGET_HEADS)).format(year=year),
        "actual": str(H.pick(rng, H.ACTUAL_HEADS)),
        "weight": str(H.pick(rng, H.WEIGHT_HEADS)),
        "score": str(H.pick(rng, H.SCORE_HEADS)),
        "note": str(H.pick(rng, H.NOTE_HEADS)),
        "op": str(H.pick(rng, H.OP_HEADS)),
        "unit": str(H.pick(rng, H.UNIT_HEADS)),
        "basis": str(H.pick(rng, H.BASIS_HEADS)),
        "direction": H.DIRECTION_HEAD,
        "goal_label": str(H.pick(rng, H.GOAL_LABELS)),
        "goal_expected": str(H.pick(rng, H.GOAL_EXPECTED)),
        "goal_actual": str(H.pick(rng, H.GOAL_ACTUAL)),
        "total": str(H.pick(rng, H.TOTAL_LABELS)),
        "name_label": str(
            H.pick(rng, H.PROJECT_NAME_LABELS if t.kind == "project" else H.OVERALL_NAME_LABELS)
        ),
    }
    if plan == "split":
        heads["tvalue"] = "指标值" if "指标值" in heads["target"] else heads["target"]
        heads["avalue"] = heads["actual"]
    levels = H.pick(rng, H.LEVEL_HEADS)
    heads["level1"], heads["level2"], heads["name"] = levels  # type: ignore[misc]
    total_needed = bool(codes & NEEDS_TOTAL)
    bset: H.BudgetSet = H.pick(rng, H.BUDGET_SETS)  # type: ignore[assignment]
    has_score = any(f == "score" for _, f in bset.columns)
    if not has_score and (codes & (NEEDS_EXEC_SCORE | NEEDS_TOTAL) or t.exec_score < t.exec_weight - 1e-9):
        bset = H.BUDGET_SETS[0][0]
        has_score = True
    partial = _partial(t)
    blank_scores = not codes and not partial and rng.random() < 0.12
    no_total = not total_needed and (not has_score or blank_scores or rng.random() < 0.25)
    rate_fmt = rng.choices(["pct", "fraction", "bare"], [70, 15, 15] if family != "spaces" else [30, 60, 10])[
        0
    ]
    form = TableForm(
        family=family,
        title=title,
        year_line=year_line,
        op_style=rng.choices(["sym", "sym2", "ascii", "text"], [55, 15, 15, 15])[0],
        ocr=ocr,
        plan=plan,
        heads=heads,
        budget=bset,
        funds=H.pick(rng, H.FUND_SETS),  # type: ignore[arg-type]
        budget_label=str(H.pick(rng, H.BUDGET_LABELS)),
        total_name=str(H.pick(rng, H.BUDGET_TOTALS if t.kind == "project" else H.OVERALL_BUDGET_TOTALS)),
        na=str(H.pick(rng, H.NOT_APPLICABLE)),
        rate_fmt=rate_fmt,
        blank_scores=blank_scores,
        blank_actuals=blank_scores and rng.random() < 0.5,
        no_total=no_total,
        thousands=doc_style.get("thousands", False) and rng.random() < 0.5,
        actual_eq=rng.random() < 0.4,
        unit_space=rng.random() < 0.3,
        full_int=rng.random() < 0.6,
        spaced_level1=family == "pipes_rows" and rng.random() < 0.4,
        fund_rates=rng.random() < 0.3,
        glue=glue,
    )
    if not no_total and rng.random() < 0.2:
        form.grade = rng.choice(["word", "word", "boxes"])
    if rule == "standard" and rng.random() < 0.3:
        # The proportional rule, stated under the table only where the document follows it.
        form.footnote = rng.choice(FOOTNOTES)
    fields = {f for _, f in bset.columns}
    form.printed = {
        "initial": "initial" in fields,
        "weight": "weight" in fields or bset.weight_in_header,
        "score": has_score and not blank_scores,
        "declared_total": not no_total,
        "row_scores": not blank_scores,
        "actuals": not form.blank_actuals,
    }
    return form


# ------------------------------------------------------------------ cells


def _money(c: int, form: TableForm) -> str:
    v = c / 100
    return f"{v:,.2f}" if form.thousands and v >= 1000 else f"{v:.2f}"


def rate_cell(t: TableModel, form: TableForm) -> str:
    """The printed 执行率: as %, as a decimal fraction (0.9583), or a bare number."""
    from .layouts import rate_text

    text = rate_text(t)
    if form.rate_fmt == "pct" or not text.endswith("%"):
        return text
    try:
        v = float(text[:-1])
    except ValueError:
        return text
    return f"{v / 100:.4f}" if form.rate_fmt == "fraction" else f"{v:.2f}"


def _budget_values(t: TableModel, form: TableForm, ti: int) -> list[Cell]:
    style = {"full_int": False}
    vals = {
        "initial": Cell(_money(t.total.initial, form), (("budget_cell", ti, "initial"),)),
        "adjusted": Cell(_money(t.total.adjusted, form), (("budget_cell", ti, "adjusted"),)),
        "executed": Cell(_money(t.total.executed, form), (("budget_cell", ti, "executed"),)),
        "weight": Cell(weight_text(t.exec_weight), (("budget_cell", ti, "weight"),)),
        "rate": Cell(rate_cell(t, form), (("budget_cell", ti, "rate"),)),
        "score": Cell(
            "" if form.blank_scores else score_text(t.exec_score, style), (("budget_cell", ti, "score"),)
        ),
    }
    return [vals[f] if f else Cell("") for _, f in form.budget.columns]


def _funds(t: TableModel, form: TableForm) -> list[tuple[str, Fund | None]]:
    """The model's sources under the drawn names: the fiscal money under ``fiscal``, the
    rest under ``other``; the set's remaining names printed as zero rows."""
    fs = form.funds
    other = next((f for f in t.funds if f.name == "其他资金"), None)
    fiscal = [f for f in t.funds if f is not other and (f.adjusted or f.initial or f.executed)]
    fiscal_fund = max(fiscal, key=lambda f: f.adjusted) if fiscal else None
    out: list[tuple[str, Fund | None]] = []
    for i, name in enumerate(fs.names):
        if i == fs.fiscal:
            out.append((name, fiscal_fund))
        elif i == fs.other and other is not None:
            out.append((name, other))
        else:
            out.append((name, None))
    if fs.fiscal == fs.other and other is not None and (other.adjusted or other.initial):
        out.append(("其他资金", other))  # a set without its own 其他 line keeps the money visible
    # Any other non-zero source of the model (e.g. two fiscal levels) keeps its own line.
    for f in fiscal:
        if f is not fiscal_fund:
            out.append((f.name, f))
    return out


def _fund_values(fd: Fund | None, form: TableForm) -> list[Cell]:
    out = []
    for _, f in form.budget.columns:
        if f in ("initial", "adjusted", "executed"):
            amount = getattr(fd, f) if fd is not None else 0
            out.append(Cell(_money(amount, form)))
        elif f == "rate" and form.fund_rates and fd is not None and fd.adjusted > 0:
            out.append(Cell(f"{100 * fd.executed / fd.adjusted:.2f}%"))
        else:
            out.append(Cell(form.na))
    return out


def _ind_cells(r: Row, form: TableForm, ti: int, ri: int, rng: random.Random) -> dict[str, Cell]:
    def dmg(text: str) -> str:
        return ocr_text(text, form, rng)

    tk, ak = (("target", ti, ri),), (("actual", ti, ri),)
    target = dmg(qty_cell(r.target, form.op_style, unit_space=form.unit_space))
    actual = (
        ""
        if form.blank_actuals
        else dmg(
            qty_cell(
                r.actual, form.op_style, actual=True, actual_eq=form.actual_eq, unit_space=form.unit_space
            )
        )
    )
    qual = r.target.op == "qualitative" or r.target.value is None or r.target.text is not None
    same_unit = (
        r.actual.op == "="
        and r.actual.unit == r.target.unit
        and r.actual.text is None
        and r.actual.value is not None
    )
    if form.blank_actuals:
        avalue = ""
    elif same_unit:
        avalue = value_text(r.actual)
    else:
        avalue = actual
    score = "" if form.blank_scores else score_text(r.score, {"full_int": form.full_int}, r.score_text)
    return {
        "name": Cell(r.name, (("name", ti, ri),)),
        "target": Cell(target, tk),
        "op": Cell(dmg(op_cell(r.target, form.op_style)) if not qual else "", tk),
        "tvalue": Cell(r.target.text or "" if qual else value_text(r.target), tk),
        "unit": Cell("" if qual else r.target.unit, tk),
        "actual": Cell(actual, ak),
        "avalue": Cell(avalue, ak),
        "weight": Cell(weight_text(r.weight, r.weight_text), (("weight", ti, ri),)),
        "score": Cell(score, (("score", ti, ri),)),
        "note": Cell(r.note, (("note", ti, ri),) if r.note else ()),
        "basis": Cell(r.basis or "年度工作计划"),
        "direction": Cell("反向指标" if r.target.op == "<=" else "正向指标"),
    }


def ocr_text(text: str, form: TableForm, rng: random.Random) -> str:
    from .damage import ocr

    return ocr(text, rng) if form.ocr else text


def _spaced(label: str) -> str:
    return " ".join(label)


GRADES = (("优", 90.0), ("良", 80.0), ("中", 60.0), ("差", -1.0))


def _grade_cells(total: float, style: str) -> list[Cell]:
    """The grade the 总分 earns: ``自评等级 | 优`` or the ticked boxes ``优(√)良( )中( )差( )``."""
    word = next(g for g, floor in GRADES if total >= floor)
    if style == "boxes":
        return [Cell("评价等级"), Cell("".join(f"{g}(√)" if g == word else f"{g}( )" for g, _ in GRADES))]
    return [Cell("自评等级"), Cell(word)]


def build_grid(ti: int, t: TableModel, form: TableForm, rng: random.Random) -> Grid:
    cols = COLUMN_PLANS[form.plan][0]
    width = len(cols)
    h = form.heads
    rows: list[GridRow] = []

    def pad(cells: list[Cell]) -> list[Cell]:
        return cells + [Cell("") for _ in range(max(0, width - len(cells)))]

    # Who the table is about.
    rows.append(GridRow("info", pad([Cell(h["name_label"]), Cell(t.title)])))
    if t.kind == "project":
        rows.append(GridRow("info", pad([Cell("主管部门"), Cell(t.dept), Cell("实施单位"), Cell(t.unit)])))
    # The budget block: headers, the total row, the sources.
    bheads = [Cell(hd.format(w=weight_text(t.exec_weight))) for hd, _ in form.budget.columns]
    rows.append(GridRow("budget_head", pad([Cell(form.budget_label), *bheads])))
    rows.append(
        GridRow("budget", pad([Cell(form.total_name), *_budget_values(t, form, ti)]), (("budget_row", ti),))
    )
    for j, (name, fd) in enumerate(_funds(t, form)):
        label = ("其中:" + name) if j == 0 and rng.random() < 0.3 else name
        keys = (("fund_row", ti, j),)
        rows.append(GridRow("fund", pad([Cell(label), *_fund_values(fd, form)]), keys))
    # The goals.
    rows.append(
        GridRow("goal_head", pad([Cell(h["goal_label"]), Cell(h["goal_expected"]), Cell(h["goal_actual"])]))
    )
    rows.append(
        GridRow(
            "goal",
            pad(
                [
                    Cell(""),
                    Cell(t.goal_expected, (("goal_expected", ti),)),
                    Cell(t.goal_actual, (("goal_actual", ti),)),
                ]
            ),
        )
    )
    # The indicators.
    rows.append(GridRow("ind_head", [Cell(h[c]) for c in cols]))
    prev1 = prev2 = None
    for ri, r in enumerate(t.rows):
        cells = _ind_cells(r, form, ti, ri, rng)
        merged = r.level1 == prev1
        l1 = "" if merged else (_spaced(r.level1) if form.spaced_level1 else r.level1)
        l2 = "" if merged and r.level2 == prev2 else r.level2
        prev1, prev2 = r.level1, r.level2
        cells["level1"], cells["level2"] = Cell(l1), Cell(l2)
        rows.append(
            GridRow(
                "ind",
                [cells[c] for c in cols],
                (("row", ti, ri),),
                span_from=cols.index("name"),
                merged=merged,
            )
        )
    if not form.no_total:
        total = [Cell("") for _ in cols]
        total[0] = Cell(h["total"])
        total[cols.index("weight")] = Cell(t.total_weight_text)
        total_text = f"{t.declared_total:.2f}"
        total[cols.index("score")] = Cell(total_text, (("total", ti),))
        rows.append(GridRow("total", total))
        if form.grade:
            rows.append(GridRow("grade", pad(_grade_cells(t.declared_total, form.grade))))
    titles = [x for x in (form.title, form.year_line) if x]
    return Grid(ti, titles, rows, width, cols, [form.footnote] if form.footnote else [], form.glue)


def grid_strings(g: Grid) -> list[list[str]]:
    """The grid as rows of cell strings, all as wide as the widest (what the HTML, DOCX,
    XLSX and PDF writers take)."""
    n = max(len(row.cells) for row in g.rows)
    return [[c.text for c in row.cells] + [""] * (n - len(row.cells)) for row in g.rows]
