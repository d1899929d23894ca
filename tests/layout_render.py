"""Render one self-evaluation table in each layout family (real-forms 6.2), for tests that
read the renderings back and compare them.

A table is its cells, row by row; a family decides only how cells and rows are delimited:
``pipes`` (`` | `` with a trailing empty run), ``pipes_cells`` (one cell per line ending
``|``), ``mixed`` (cells on lines starting ``| ``, a lone ``|`` ending the row), ``spaces``
(runs of spaces), ``cell_blank`` (one cell per paragraph, a lone space for an empty cell),
``inline`` (single spaces) and ``tab``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BUDGET_HEADER = ["项目资金(万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
INDICATOR_HEADER = [
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
]


@dataclass
class Row:
    level1: str
    level2: str
    name: str
    target: str
    actual: str
    weight: float
    score: float
    note: str = ""


@dataclass
class Spec:
    project: str
    department: str
    budget: tuple[float, float, float, float, float, float]  # initial adjusted executed weight rate score
    rows: list[Row] = field(default_factory=list)
    total: float | None = None


def num(v: float) -> str:
    return f"{v:g}" if v == int(v) else f"{v:.2f}".rstrip("0")


def cells(spec: Spec) -> list[list[str]]:
    """The table's rows of cells (the note column may be empty)."""
    i, a, e, w, r, s = spec.budget
    out = [
        ["项目名称", spec.project],
        ["主管部门", spec.department],
        BUDGET_HEADER,
        ["年度资金总额", num(i), num(a), num(e), num(w), num(r) + "%", num(s)],
        INDICATOR_HEADER,
    ]
    for row in spec.rows:
        out.append(
            [
                row.level1,
                row.level2,
                row.name,
                row.target,
                row.actual,
                num(row.weight),
                num(row.score),
                row.note,
            ]
        )
    if spec.total is not None:
        out.append(["总分", "100", num(spec.total)])
    return out


def render(spec: Spec, family: str) -> str:
    rows = cells(spec)
    title = "项目支出绩效自评表\n"
    if family == "pipes":
        return title + "".join(" | ".join(r) + " | ||||\n" for r in rows)
    if family == "pipes_cells":
        width_rows = []
        for r in rows:
            width_rows.extend(f"{c} |" if c else "|" for c in _padded(r))
        return title + "\n".join(width_rows) + "\n"
    if family == "mixed":
        return title + "".join("".join(f"| {c}\n" for c in r) + "|\n" for r in rows)
    if family == "spaces":
        return title + "".join("    ".join(c for c in r if c) + "\n" for r in rows)
    if family == "cell_blank":
        flat = [c or " " for r in rows for c in _padded(r)]
        return title + "\n" + "\n\n".join(flat) + "\n"
    if family == "inline":
        return title + "".join(" ".join(c for c in r if c) + "\n" for r in rows)
    if family == "tab":
        return title + "".join("\t".join(r) + "\n" for r in rows)
    raise ValueError(family)


def _padded(r: list[str]) -> list[str]:
    """Rows of a cell stream are as wide as the header above them (the budget row is one
    wider than its header run when that has no label cell; here it has one)."""
    if r and r[0] == "总分":
        return r
    if r[:1] == ["项目名称"] or r[:1] == ["主管部门"]:
        return r
    width = len(INDICATOR_HEADER) if len(r) > len(BUDGET_HEADER) or r[0] == "一级指标" else len(r)
    return r + [""] * (width - len(r))


FAMILIES = ("pipes", "pipes_cells", "mixed", "spaces", "cell_blank", "inline", "tab")
