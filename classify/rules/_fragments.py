"""Builders for the report fragments the rule docs use as worked examples.

They write the tab layout real converters produce (one table row per line, cells split by
tabs), so an example goes through the same extraction as a real report.
"""

from __future__ import annotations

Row = tuple[
    str, str, str, str, str, float, float, str
]  # 一级, 二级, 三级, 指标值, 实际, 分值, 得分, 偏差原因


def _n(x: float) -> str:
    return f"{x:.2f}"


def project_table(
    name: str,
    rows: list[Row],
    budget: tuple[float, float, float] = (50.0, 50.0, 50.0),
    exec_weight: float = 10.0,
    exec_score: float | None = None,
    rate: str | None = None,
    total: float | None = None,
    goal: tuple[str, str] = ("完成年度工作任务。", "已完成年度工作任务。"),
    dept: str = "某县卫生健康委员会",
) -> str:
    init, adj, exe = budget
    rate = rate or f"{100 * exe / adj:.2f}%"
    if exec_score is None:
        exec_score = round(exec_weight * min(1.0, exe / adj), 2)
    if total is None:
        total = round(sum(r[6] for r in rows) + exec_score, 2)
    lines = [
        "项目支出绩效自评表",
        "（2023年度）",
        f"项目名称\t{name}",
        f"主管部门\t{dept}\t实施单位\t{dept}",
        "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
        f"\t年度资金总额\t{_n(init)}\t{_n(adj)}\t{_n(exe)}\t{exec_weight:g}\t{rate}\t{_n(exec_score)}",
        f"\t其中：当年财政拨款\t{_n(init)}\t{_n(adj)}\t{_n(exe)}\t—\t—\t—",
        "\t其他资金\t0.00\t0.00\t0.00\t—\t—\t—",
        "年度总体目标\t预期目标\t实际完成情况",
        f"\t{goal[0]}\t{goal[1]}",
        "\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
    ]
    first = True
    for l1, l2, n, t, a, w, s, note in rows:
        lead = "年度绩效指标完成情况" if first else ""
        first = False
        lines.append(f"{lead}\t{l1}\t{l2}\t{n}\t{t}\t{a}\t{w:g}\t{s:g}\t{note}")
    lines.append(f"总分\t\t\t\t\t\t100\t{_n(total)}")
    return "\n".join(lines) + "\n"
