"""Self-evaluation tables rendered from one table model in the layouts converters produce.

- ``tab``: one table row per line, cells split by tabs (seeds 002, 004);
- ``html``: the tab layout with HTML ``<p>`` paragraphs inside the long cells (seed 002);
- ``continued``: the tab layout whose long cells continue on the following line(s), under
  their column, or are broken by spaces where the converter joined wrapped lines (seed 004);
- ``cell_lines``: one cell per line, cells wrapped mid-word over several lines with blank
  lines between, short cells sharing a line (seed 001);
- ``narrative``: an overall table written as paragraphs, one per indicator (seed 003).

Every renderer writes through a :class:`~corpus.generator.blocks.TextWriter` and marks the
spans of the table's parts: ``("row", t, r)`` (name through score/note), ``("target", t, r)``,
``("actual", t, r)``, ``("note", t, r)``, ``("budget_row", t)``, ``("budget_cell", t, field)``,
``("total", t)``, ``("goal_expected", t)``, ``("goal_actual", t)``, ``("table", t)``.
"""

from __future__ import annotations

import random

from .blocks import TextWriter
from .model import Qty, Row, TableModel

OPS = {
    "sym": {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="},
    "ascii": {">=": ">=", "<=": "<=", ">": ">", "<": "<", "=": "="},
}


def num(v: float, decimals: int = 0) -> str:
    if decimals == 0 and float(v).is_integer():
        return str(int(v))
    if decimals == 0:
        return f"{v:g}"
    return f"{v:.{decimals}f}"


def qty_text(q: Qty, style: dict, actual: bool = False) -> str:
    if q.op is None:
        return q.text or ""
    if q.op == "qualitative" or q.value is None:
        return q.text or ""
    if q.text is not None:
        return q.text
    op = OPS[style["op"]][q.op] if q.op in OPS["sym"] else q.op
    if actual and q.op == "=" and not style["actual_eq"]:
        op = ""
    sp = " " if style["unit_space"] and q.unit and q.unit != "%" else ""
    return f"{op}{num(q.value, q.decimals)}{sp}{q.unit}"


def score_text(x: float | None, style: dict, forced: str | None = None) -> str:
    if forced is not None:
        return forced
    if x is None:
        return ""
    if float(x).is_integer() and style["full_int"]:
        return str(int(x))
    return f"{x:.2f}"


def weight_text(w: float | None, forced: str | None = None) -> str:
    if forced is not None:
        return forced
    if w is None:
        return ""
    return str(int(w)) if float(w).is_integer() else f"{w:g}"


def money(c: int) -> str:
    return f"{c / 100:.2f}"


def money_t(c: int, style: dict) -> str:
    v = c / 100
    return (
        f"{v:,.2f}" if style["thousands"] and v >= 1000 and style.get("table_thousands", True) else f"{v:.2f}"
    )


def rate_text(t: TableModel) -> str:
    return t.rate_text if t.rate_text is not None else f"{t.rate:.2f}%"


def exec_score_text(t: TableModel, style: dict) -> str:
    """The budget row's 得分 cell (project tables print 分 after it when totals do)."""
    suffix = "分" if t.kind == "project" and style["total_suffix"] else ""
    return score_text(t.exec_score, {**style, "full_int": False}) + suffix


def total_text(t: TableModel, style: dict) -> str:
    return f"{t.declared_total:.2f}{style['total_suffix']}"


# ------------------------------------------------------------------ tab family


class _Line:
    """One tab-separated line: cells with their keys, written with exact cell spans."""

    def __init__(self) -> None:
        self.cells: list[tuple[str, tuple]] = []

    def cell(self, text: str, *keys) -> _Line:
        self.cells.append((text, keys))
        return self

    def write(self, w: TextWriter, line_keys: tuple = ()) -> None:
        first_nonempty = last_nonempty = None
        for i, (text, keys) in enumerate(self.cells):
            if i:
                w.write("\t")
            s, e = w.write(text, *keys)
            if text.strip():
                first_nonempty = first_nonempty if first_nonempty is not None else s
                last_nonempty = e
        for k in line_keys:
            if first_nonempty is not None:
                w.mark(k, first_nonempty, last_nonempty)
        w.write("\n")


def _html(text: str, rng: random.Random) -> str:
    parts = [p for p in text.replace("。", "。\x00").replace("；", "；\x00").split("\x00") if p]
    if len(parts) > 1 and rng.random() < 0.5:
        k = max(1, len(parts) // 2)
        parts = ["".join(parts[:k]), "".join(parts[k:])]
    return " ".join(f"<p>{p}</p>" for p in parts)


def _split(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def tab_table(w: TextWriter, ti: int, t: TableModel, style: dict, rng: random.Random, mode: str) -> None:
    """``tab`` / ``html`` / ``continued`` layouts (``mode``)."""
    start = w.pos
    yw = style["year_word"]
    year = style["year"]
    if t.kind == "project":
        w.write("项目支出绩效自评表\n")
        w.write(f"（{year}{yw}）\n" if style["paren_full"] else f"({year} {yw})\n")
        w.write("\n")
        _Line().cell("项目名称").cell("").cell(t.title).cell("").cell("").cell("").cell("").cell("").write(w)
        _Line().cell("主管部门").cell("").cell(t.dept).cell("").cell("实施单位").cell(t.unit).cell("").cell(
            ""
        ).write(w)
        _Line().cell("项目资金（万元）").cell("").cell("").cell("年初预算数").cell("全年预算数").cell(
            "全年执行数"
        ).cell("分值").cell("执行率").cell("得分").write(w)
        lead = ["", ""]
    else:
        title = rng.choice(
            ["部门（单位）整体支出绩效目标自评表", "部门整体支出绩效自评表", "部门（单位）整体支出绩效自评表"]
        )
        w.write(f"{title}\n")
        w.write(f"（{year}{yw}）\n" if style["paren_full"] else f"({year} {yw})\n")
        w.write("\n")
        if style.get("garbled_header"):
            # What OCR makes of a stamped or shaded header band.
            w.write(
                "\t".join(
                    rng.choice(
                        [
                            "如白(丛丛) 与心",
                            "方 各 上 文 十 元 々 m",
                            "多竺中口 小口",
                            "亠 冂 乚 丶",
                            str(year),
                        ]
                    )
                    for _ in range(rng.randint(2, 4))
                )
                + "\n"
            )
        _Line().cell("部门（单位）名称").cell("").cell(t.title).cell("").cell("").cell("").cell("").cell(
            ""
        ).write(w)
        _Line().cell("年度预算（万元）").cell("资金来源").cell("年初预算数").cell("全年预算数").cell(
            "全年执行数"
        ).cell("分值权重").cell("执行率").cell("得分").write(w)
        lead = [""]
    # Budget rows.
    fmt = lambda c: money_t(c, style)  # noqa: E731
    line = _Line()
    for x in lead:
        line.cell(x)
    line.cell(t.total.name).cell(fmt(t.total.initial), ("budget_cell", ti, "initial")).cell(
        fmt(t.total.adjusted), ("budget_cell", ti, "adjusted")
    ).cell(fmt(t.total.executed), ("budget_cell", ti, "executed")).cell(
        weight_text(t.exec_weight), ("budget_cell", ti, "weight")
    ).cell(rate_text(t), ("budget_cell", ti, "rate")).cell(
        exec_score_text(t, style), ("budget_cell", ti, "score")
    )
    line.write(w, (("budget_row", ti),))
    dash = "—" if t.kind == "project" else "-"
    for j, fd in enumerate(t.funds):
        line = _Line()
        for x in lead:
            line.cell(x)
        line.cell(fd.name).cell(fmt(fd.initial)).cell(fmt(fd.adjusted)).cell(fmt(fd.executed)).cell(
            dash
        ).cell(dash).cell(dash)
        line.write(w, (("fund_row", ti, j),))
    # Goals.
    exp, act = t.goal_expected, t.goal_actual
    if mode == "html":
        exp, act = _html(exp, rng), _html(act, rng)
    head = "实际完成情况" if t.kind == "project" else "实际完成目标"
    _Line().cell("年度总体目标").cell("预期目标").cell("").cell("").cell(head).cell("").cell("").cell(
        ""
    ).write(w)
    if mode == "continued" and len(exp) > 60 and rng.random() < 0.5:
        # The goal cells run over two lines, each under its column.
        e1, e2 = exp[: len(exp) // 2], exp[len(exp) // 2 :]
        a1, a2 = act[: len(act) // 2], act[len(act) // 2 :]
        _Line().cell("").cell(e1, ("goal_expected", ti)).cell("").cell("").cell(
            a1, ("goal_actual", ti)
        ).write(w)
        _Line().cell("").cell(e2, ("goal_expected", ti)).cell("").cell("").cell(
            a2, ("goal_actual", ti)
        ).write(w)
    else:
        _Line().cell("").cell(exp, ("goal_expected", ti)).cell("").cell("").cell(
            act, ("goal_actual", ti)
        ).cell("").cell("").cell("").write(w)
    # Indicator header and rows.
    if t.kind == "project":
        cols = ["level1", "level2", "name", "target", "actual", "weight", "score", "note"]
        heads = [
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ]
        lead_cell = ["年度绩效指标完成情况"]
    else:
        order = style["overall_cols"]
        if order == "t_b_a_w_s":
            cols = ["level1", "level2", "name", "target", "basis", "actual", "weight", "score"]
            heads = [
                "一级指标",
                "二级指标",
                "三级指标",
                "预期指标值",
                "指标值设定依据",
                "实际完成指标值",
                "分值权重",
                "得分",
            ]
        elif order == "t_b_w_a_s":
            cols = ["level1", "level2", "name", "target", "basis", "weight", "actual", "score"]
            heads = [
                "一级指标",
                "二级指标",
                "三级指标",
                "预期指标值",
                "指标值设定依据",
                "分值权重",
                "实际完成指标值",
                "得分",
            ]
        else:
            cols = ["level1", "level2", "name", "target", "actual", "weight", "score"]
            heads = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
        lead_cell = []
    hl = _Line()
    if lead_cell:
        hl.cell("")
    for h in heads:
        hl.cell(h)
    hl.write(w)
    prev1 = prev2 = None
    cont_mode = style.get("cont_mode", "lines")
    for ri, r in enumerate(t.rows):
        cells = _row_cells(r, style)
        show1 = r.level1 != prev1
        show2 = show1 or r.level2 != prev2
        prev1, prev2 = r.level1, r.level2
        cells["level1"] = r.level1 if show1 else ""
        cells["level2"] = r.level2 if show2 else ""
        rest: dict[str, str] = {}
        if mode == "html" and r.note and len(r.note) > 20:
            cells["note"] = f"<p>{r.note}</p>"
        if mode == "continued":
            for col, width in (("name", 9), ("note", 14)):
                text = cells.get(col, "") if col in cols else ""
                if len(text) > width:
                    if cont_mode == "spaces":
                        cells[col] = " ".join(_split(text, width))
                    else:
                        cells[col], rest[col] = text[:width], text[width:]
        keys = {
            "name": (("name", ti, ri),),
            "target": (("target", ti, ri),),
            "actual": (("actual", ti, ri),),
            "weight": (("weight", ti, ri),),
            "score": (("score", ti, ri),),
            "note": (("note", ti, ri),),
        }
        seq = ([("lead", lead_cell[0] if ri == 0 else "")] if lead_cell else []) + [
            (c, cells.get(c, "")) for c in cols
        ]
        row_start = row_end = None
        for i, (col, text) in enumerate(seq):
            if i:
                w.write("\t")
            s, e = w.write(text, *keys.get(col, ()))
            if col == "name":
                row_start = s
            if text.strip() and col not in ("lead", "level1", "level2"):
                row_end = e
        if row_start is not None and row_end is not None:
            w.mark(("row", ti, ri), row_start, row_end)
        w.write("\n")
        if rest:
            # Continuation line: the rest of the long cells, under their own columns.
            idx = {c: i for i, c in enumerate(cols)}
            cont = [""] * (len(cols) + len(lead_cell))
            for col, text in rest.items():
                cont[idx[col] + len(lead_cell)] = text
            for i, text in enumerate(cont):
                if i:
                    w.write("\t")
                col = cols[i - len(lead_cell)] if i >= len(lead_cell) else None
                ks = (keys[col][0], ("row", ti, ri)) if col in ("name", "note") and text else ()
                w.write(text, *ks)
            w.write("\n")
        if mode == "continued" and rng.random() < 0.06 and ri + 1 < len(t.rows):
            w.write("\n")
    _Line().cell("总分").cell("").cell("").cell("").cell("").cell("").cell(t.total_weight_text).cell(
        total_text(t, style), ("total", ti)
    ).cell("").write(w)
    w.mark(("table", ti), start, w.pos)
    w.write("\n")


def _row_cells(r: Row, style: dict) -> dict[str, str]:
    return {
        "level1": r.level1,
        "level2": r.level2,
        "name": r.name,
        "target": qty_text(r.target, style),
        "actual": qty_text(r.actual, style, actual=True),
        "weight": weight_text(r.weight, r.weight_text),
        "score": score_text(r.score, style, r.score_text),
        "note": r.note,
        "basis": r.basis,
    }


# The first line of tab-family rows is written cell by cell above; _Line is used elsewhere.


# ------------------------------------------------------------------ cell_lines (seed 001)


def _wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] if text else []


def _wrapped(w: TextWriter, text: str, width: int, *keys, end: str = "\n\n") -> tuple[int, int]:
    """Write ``text`` wrapped at ``width`` with blank lines between the pieces."""
    pieces = _wrap(text, width)
    start = w.pos
    for i, piece in enumerate(pieces):
        if i:
            w.write("\n\n")
        w.write(piece)
    e = w.pos
    for k in keys:
        w.mark(k, start, e)
    w.write(end)
    return start, e


def cell_lines_table(w: TextWriter, ti: int, t: TableModel, style: dict, rng: random.Random) -> None:
    start = w.pos
    year = style["year"]
    wrap_nums = style.get("wrap_nums", False)
    if t.kind == "project":
        w.write(" 项目支出绩效自评表\n\n")
        w.write(f"（{year} 年）\n\n")
        w.write("项目名称 ")
        w.write(t.title)
        w.write("\n\n")
        w.write(f"主管部门 {t.dept} 实施单位\n\n")
        _wrapped(w, t.unit, 10)
        w.write("项目资金\n\n（万元）\n\n")
        w.write("年初预算数 全年预算数 全年执行数 分值\n执行\n\n率\n得分\n\n")
    else:
        w.write(" 部门（单位）整体支出绩效目标自评表\n")
        w.write(f"（{year} 年度）\n\n")
        w.write(f"部门（单位）名称 {t.title}\n\n")
        w.write("部门资\n\n金（万\n\n元）\n\n")
        w.write("资金来源 年初预算数 全年预算数\n全年执\n\n行数\n分值权重 执行率 得分\n\n")
    # Budget rows.
    label = t.total.name
    s0 = w.pos
    w.write(f"{label} ")
    w.write(money(t.total.initial), ("budget_cell", ti, "initial"))
    w.write(" ")
    w.write(money(t.total.adjusted), ("budget_cell", ti, "adjusted"))
    w.write(" ")
    w.write(money(t.total.executed), ("budget_cell", ti, "executed"))
    w.write(" ")
    w.write(weight_text(t.exec_weight), ("budget_cell", ti, "weight"))
    rate = rate_text(t)
    sc = f"{t.exec_score:.2f}"
    if wrap_nums and len(rate) > 5:
        w.write("\n")
        a, b = rate[:5], rate[5:]
        rs = w.pos
        w.write(a + "\n\n" + b)
        w.mark(("budget_cell", ti, "rate"), rs, w.pos)
        w.write("\n\n")
        ss = w.pos
        w.write(sc[:4] + "\n\n" + sc[4:]) if len(sc) > 4 else w.write(sc)
        w.mark(("budget_cell", ti, "score"), ss, w.pos)
    else:
        w.write(" ")
        w.write(rate, ("budget_cell", ti, "rate"))
        w.write(" ")
        w.write(sc, ("budget_cell", ti, "score"))
    w.mark(("budget_row", ti), s0, w.pos)
    w.write("\n\n")
    dash = "—" if t.kind == "project" else "-"
    for j, fd in enumerate(t.funds):
        s1 = w.pos
        if (fd.name.startswith("其中") or len(fd.name) > 6) and rng.random() < 0.5:
            w.write(f"{fd.name[:-2]}\n\n{fd.name[-2:]}\n")
        else:
            w.write(f"{fd.name} ")
        w.write(f"{money(fd.initial)} {money(fd.adjusted)} {money(fd.executed)} {dash} {dash} {dash}")
        w.mark(("fund_row", ti, j), s1, w.pos)
        w.write("\n\n")
    # Goals: the vertical label, then each text wrapped.
    if t.kind == "project":
        w.write("\n\n".join("年度总体目标") + "\n\n")
    else:
        w.write("年度总\n\n体目标\n\n")
    w.write("预期目标 实际完成情况\n\n")
    _wrapped(w, t.goal_expected, rng.randint(28, 34), ("goal_expected", ti))
    _wrapped(w, t.goal_actual, rng.randint(18, 22), ("goal_actual", ti))
    # Indicator header.
    if t.kind == "project":
        w.write(
            "一级指\n\n标\n\n二级\n\n指标\n三级指标 年度指标值 实际完成值 分值\n\n得\n\n分\n\n偏差原\n\n因分析\n\n及改进\n\n措施\n\n"
        )
        w.write("\n\n".join("年度绩效指标完成情况") + "\n\n")
    else:
        w.write(
            "一级指标 二级指标 三级指标 预期指标值\n指标值设定\n\n依据\n分值权重\n\n实际完成指标\n\n值\n得分\n\n"
        )
    prev1 = prev2 = None
    every2 = style.get("level2_every", True)
    for ri, r in enumerate(t.rows):
        cells = _row_cells(r, style)
        if t.kind == "overall":
            _cell_lines_overall_row(w, ti, ri, r, cells, prev1, prev2)
            prev1, prev2 = r.level1, r.level2
            continue
        if r.level1 != prev1:
            lab = r.level1
            w.write(lab[:3] + ("\n\n" + lab[3:] if lab[3:] else "") + "\n\n")
        if r.level1 != prev1 or r.level2 != prev2 or every2:
            w.write("\n\n".join(_wrap(r.level2, 2)) + "\n")
        prev1, prev2 = r.level1, r.level2
        name = cells["name"]
        width = 14
        s_row = w.pos
        if len(name) <= width:
            w.write(name, ("name", ti, ri))
            w.write(" ")
        else:
            pieces = _wrap(name, width)
            ns = w.pos
            w.write("\n\n".join(pieces))
            w.mark(("name", ti, ri), ns, w.pos)
            w.write("\n")
        vals = [
            ("target", cells["target"]),
            ("actual", cells["actual"]),
            ("weight", cells["weight"]),
            ("score", cells["score"]),
        ]
        for i, (col, text) in enumerate(vals):
            if i:
                w.write(" ")
            w.write(text, (col, ti, ri))
        end = w.pos
        note = cells["note"]
        if note:
            w.write("\n\n")
            ns = w.pos
            w.write("\n\n".join(_wrap(note, 4)))
            w.mark(("note", ti, ri), ns, w.pos)
            end = w.pos
        w.mark(("row", ti, ri), s_row, end)
        w.write("\n\n")
    w.write("总分 " + t.total_weight_text + "\n")
    tt = total_text(t, style)
    ts = w.pos
    w.write(tt, ("total", ti))
    w.mark(("table", ti), start, w.pos)
    del ts
    w.write("\n\n")


def _cell_lines_overall_row(w: TextWriter, ti: int, ri: int, r: Row, cells: dict, prev1, prev2) -> None:
    """An overall-table row as 001 prints it: the name in a narrow column, the target, the
    wrapped 指标值设定依据, then ``weight actual score`` on one line."""
    if r.level1 != prev1 or r.level2 != prev2:
        w.write(f"{r.level1} {r.level2}\n\n")
    s_row = w.pos
    w.write("\n\n".join(_wrap(cells["name"], 5)), ("name", ti, ri))
    w.write("\n\n")
    w.write(cells["target"], ("target", ti, ri))
    w.write("\n\n")
    if cells.get("basis"):
        w.write("\n\n".join(_wrap(cells["basis"], 6)))
        w.write("\n\n")
    w.write(cells["weight"], ("weight", ti, ri))
    w.write(" ")
    w.write(cells["actual"], ("actual", ti, ri))
    w.write(" ")
    w.write(cells["score"], ("score", ti, ri))
    w.mark(("row", ti, ri), s_row, w.pos)
    w.write("\n\n")


# ------------------------------------------------------------------ narrative (seed 003)

_CN = "一二三四五六七八九十"


def _cn(i: int) -> str:
    return _CN[i - 1] if i <= 10 else "十" + _CN[i - 11]


_OPS_WORDS = {">=": "大于等于", "<=": "小于等于", "=": "等于", ">": "大于", "<": "小于"}


def narrative_table(w: TextWriter, ti: int, t: TableModel, style: dict, rng: random.Random) -> None:
    """The overall self-evaluation written as paragraphs (003 style)."""
    start = w.pos
    year = style["year"]
    s0 = w.pos
    w.write(f"我单位 {year} 年全年预算金额为 ")
    w.write(money(t.total.adjusted), ("budget_cell", ti, "adjusted"))
    w.write(" 万元，执行金额为 ")
    w.write(money(t.total.executed), ("budget_cell", ti, "executed"))
    w.write(" 万元，执行率为 ")
    w.write(rate_text(t), ("budget_cell", ti, "rate"))
    w.write("，预算执行率权重分值为 ")
    w.write(weight_text(t.exec_weight), ("budget_cell", ti, "weight"))
    w.write(" 分，得 ")
    w.write(f"{t.exec_score:.2f}", ("budget_cell", ti, "score"))
    w.write(" 分")
    w.mark(("budget_row", ti), s0, w.pos)
    w.write("。\n\n")
    for ri, r in enumerate(t.rows):
        w.write(f"指标{_cn(ri + 1)}：")
        s_row = w.pos
        w.write(r.name, ("name", ti, ri))
        w.write("：该指标预期指标值为")
        if r.target.op == "qualitative" or r.target.value is None:
            w.write(r.target.text or "", ("target", ti, ri))
        else:
            op = _OPS_WORDS.get(r.target.op or "=", "")
            w.write(f"{op}{num(r.target.value, r.target.decimals)}{r.target.unit}", ("target", ti, ri))
        w.write("，本次评价")
        w.write(r.name)
        if r.actual.op == "qualitative" or r.actual.value is None:
            w.write(r.actual.text or "", ("actual", ti, ri))
        else:
            w.write(
                qty_text(r.actual, {**style, "actual_eq": False, "unit_space": False}, actual=True),
                ("actual", ti, ri),
            )
        if r.note:
            w.write("，偏差原因：")
            w.write(r.note.rstrip("。"), ("note", ti, ri))
        w.write("。该指标权重分值为 ")
        w.write(weight_text(r.weight, r.weight_text), ("weight", ti, ri))
        w.write(" 分，自评得分 ")
        w.write(score_text(r.score, {**style, "full_int": True}, r.score_text), ("score", ti, ri))
        w.write("分")
        w.mark(("row", ti, ri), s_row, w.pos)
        w.write("。\n\n")
    w.write(f"{year}年度部门整体支出绩效自评综合得分 ")
    w.write(f"{t.declared_total:.2f}", ("total", ti))
    w.write("分，评价结果为“优”。" if t.declared_total >= 90 else "分，评价结果为“良”。")
    w.mark(("table", ti), start, w.pos)
    w.write("\n\n")
