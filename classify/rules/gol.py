"""GOL: the tables' 年度总体目标 (预期目标 and 实际完成情况)."""

from __future__ import annotations

from collections.abc import Iterable

from extract.model import Goal, Table

from ..goals import containment, jaccard, shingles
from ..registry import CheckContext, Finding, rule
from ._fragments import project_table

# Share of the reported result's 3-grams found in the goal at which the result is a copy.
# Results reuse the goal's subject words but change verbs, tenses and numbers (截至…已完成,
# 323 次 against 357 次): on real tables such pairs stay below 0.75; a copied or
# lightly trimmed goal keeps ≥ 0.8. 10 shingles (≈ 12 characters) is the least text
# that can be judged.
COPY_CONTAINMENT = 0.8
MIN_SHINGLES = 10
# Share of a goal's 3-grams found in the 主要职能 section: a year's targets name that
# year's tasks and numbers; when more than half the goal is the standing 职能 statement, the
# goal is that statement.
DUTY_CONTAINMENT = 0.5
# Two goal texts this similar (Jaccard of 3-grams) are the same text.
SAME_GOAL = 0.9


def _pairs(ctx: CheckContext) -> list[tuple[Table, Goal]]:
    return [(t, t.goal) for t in ctx.report.tables if t.goal is not None]


def _span(span: tuple[int, int] | None, n: int) -> tuple[int, int] | None:
    if span and 0 <= span[0] < span[1] <= n:
        return span
    return None


EX_GOL001 = project_table(
    "农村公路养护",
    [
        ("产出指标", "数量指标", "养护农村公路里程", "≥120公里", "=126公里", 30, 30, ""),
        ("产出指标", "质量指标", "养护路段优良率", "≥85%", "=88%", 20, 20, ""),
        ("成本指标", "经济成本指标", "养护成本", "≤60万元", "=60万元", 20, 20, ""),
        ("满意度指标", "满意度指标", "沿线群众满意度", "≥90%", "=93%", 20, 20, ""),
    ],
    goal=(
        "完成全县农村公路日常养护120公里，路面病害及时处治，优良路率达到85%以上，保障群众安全便捷出行。",
        "完成全县农村公路日常养护 120 公里，路面病害及时处治，优良路率达到 85%以上，<p>保障群众安全便捷出行。</p>",
    ),
    dept="某县交通运输局",
)


# Near miss: the same fragment with the anomaly fixed; the rule stays quiet.
QUIET_GOL001 = project_table(
    "农村公路养护",
    [
        ("产出指标", "数量指标", "养护农村公路里程", "≥120公里", "=126公里", 30, 30, ""),
        ("产出指标", "质量指标", "养护路段优良率", "≥85%", "=88%", 20, 20, ""),
        ("成本指标", "经济成本指标", "养护成本", "≤60万元", "=60万元", 20, 20, ""),
        ("满意度指标", "满意度指标", "沿线群众满意度", "≥90%", "=93%", 20, 20, ""),
    ],
    goal=(
        "完成全县农村公路日常养护120公里，路面病害及时处治，优良路率达到85%以上，保障群众安全便捷出行。",
        "全年养护农村公路126公里，处治路面病害340处，优良路率88%，未发生安全事故。",
    ),
    dept="某县交通运输局",
)


@rule(
    code="GOL001", severity="warning", title="实际完成情况照抄预期目标", example=EX_GOL001, quiet=QUIET_GOL001
)
def result_repeats_goal(ctx: CheckContext) -> Iterable[Finding]:
    """实际完成情况照抄预期目标（几乎一字不差），没有报告实际结果。

    度量：去除版式（`<p>` 标签、空格、换行、全角或半角标点、列表编号）后，两段文字的 3 字片段，
    因而副本经过任何转换器都能识别。当结果的片段中至少 80% 出现在目标中（包含度）且结果至少有
    10 个片段时触发。真实的报告与目标共用主题词，但有自己的动词和数字（已完成 323 次，对计划 357 次），
    重合比例低于该线。

    示例：目标“完成全县农村公路日常养护120公里，…”，结果为同一句话加了空格和 `<p>` 标签 →
    包含度 1.0 → GOL001。

    [en] Result copies the goal
    实际完成情况 repeats 预期目标 (near-verbatim) instead of reporting results.

    Measure: character 3-gram shingles of both texts after removing layout (``<p>`` tags,
    spaces, line wraps, punctuation of either width, list numbers), so a copy survives any
    converter. Fires when at least 80 % of the result's shingles occur in the goal
    (containment) and the result has at least 10 shingles. A genuine report shares the
    subject words but brings its own verbs and numbers (已完成 323 次 against 计划 357 次)
    and stays under that share.

    Example: goal 完成全县农村公路日常养护120公里，… and result the same sentence with
    spaces and ``<p>`` tags → containment 1.0 → GOL001.
    """
    n = len(ctx.text)
    for table, g in _pairs(ctx):
        a, e = shingles(g.actual), shingles(g.expected)
        span = _span(g.actual_span, n)
        if len(a) < MIN_SHINGLES or not e or span is None:
            continue
        c = containment(a, e)
        if c < COPY_CONTAINMENT:
            continue
        msg = f"{ctx.table_location(table)}：实际完成情况与预期目标的文字重合比例为{c:.0%}，未报告实际结果"
        yield ctx.finding(
            *span,
            msg,
            ctx.table_location(table) + " / 实际完成情况",
            {"containment": round(c, 3), "jaccard": round(jaccard(a, e), 3), "threshold": COPY_CONTAINMENT},
        )


def _duty_text(ctx: CheckContext) -> str:
    def make() -> str:
        for s in ctx.report.sections:
            t = s.title.replace(" ", "")
            if ("职能" in t or "职责" in t) and "分工" not in t:
                return ctx.text[s.start : s.end]
        return ""

    return ctx.cached("duty_text", make)


EX_GOL002 = (
    "第一部分 部门概况\n\n一、主要职能\n\n"
    "贯彻执行国家和自治区有关交通运输的方针政策和法律法规；负责全县公路、水路交通行业管理；"
    "负责农村公路建设、养护和管理工作；指导交通运输安全生产和应急管理工作；承办县委、县人民政府交办的其他事项。\n\n"
    "二、机构设置及人员情况\n\n本部门下设3个股室。\n\n"
    + project_table(
        "交通运输综合管理",
        [
            ("产出指标", "数量指标", "养护农村公路里程", "≥120公里", "=126公里", 30, 30, ""),
            ("产出指标", "质量指标", "养护路段优良率", "≥85%", "=88%", 20, 20, ""),
            ("成本指标", "经济成本指标", "养护成本", "≤60万元", "=60万元", 20, 20, ""),
            ("满意度指标", "满意度指标", "沿线群众满意度", "≥90%", "=93%", 20, 20, ""),
        ],
        goal=(
            "贯彻执行国家和自治区有关交通运输的方针政策和法律法规；负责全县公路、水路交通行业管理；"
            "负责农村公路建设、养护和管理工作。",
            "全年养护农村公路126公里，优良路率88%，未发生安全事故。",
        ),
        dept="某县交通运输局",
    )
)


# Near miss: the same fragment with the anomaly fixed; the rule stays quiet.
QUIET_GOL002 = (
    "第一部分 部门概况\n\n一、主要职能\n\n"
    "贯彻执行国家和自治区有关交通运输的方针政策和法律法规；负责全县公路、水路交通行业管理；"
    "负责农村公路建设、养护和管理工作；指导交通运输安全生产和应急管理工作；承办县委、县人民政府交办的其他事项。\n\n"
    "二、机构设置及人员情况\n\n本部门下设3个股室。\n\n"
    + project_table(
        "交通运输综合管理",
        [
            ("产出指标", "数量指标", "养护农村公路里程", "≥120公里", "=126公里", 30, 30, ""),
            ("产出指标", "质量指标", "养护路段优良率", "≥85%", "=88%", 20, 20, ""),
            ("成本指标", "经济成本指标", "养护成本", "≤60万元", "=60万元", 20, 20, ""),
            ("满意度指标", "满意度指标", "沿线群众满意度", "≥90%", "=93%", 20, 20, ""),
        ],
        goal=(
            "全年养护农村公路120公里，优良路率达到85%以上，沿线群众满意度不低于90%。",
            "全年养护农村公路126公里，优良路率88%，未发生安全事故。",
        ),
        dept="某县交通运输局",
    )
)


@rule(code="GOL002", severity="warning", title="年度目标照抄部门职能", example=EX_GOL002, quiet=QUIET_GOL002)
def goal_copies_duties(ctx: CheckContext) -> Iterable[Finding]:
    """预期目标照抄部门“主要职能”，而不是写出本年度的目标。

    度量：目标的 3 字片段（按 GOL001 去除版式）中，出现在本文件“主要职能/部门职责”部分的比例
    （重合比例）。达到 50% 时触发：年度目标应写明当年的任务和数字；一半文字都是常设的职责表述时，
    它就是职责本身。种子报告中写有真实目标的表格都低于 25%。

    示例：职能为“贯彻执行国家和自治区有关交通运输的方针政策…”，表中预期目标是同一串职责 → GOL002。

    [en] Goal copies the department's duties
    The goal copies the department's 主要职能 text rather than stating the year's targets.

    Measure: the share of the goal's character 3-grams (layout removed, as in GOL001) that
    occur in the document's 主要职能 / 部门职责 section. Fires at 50 % or more: a year's
    target names that year's tasks and numbers; when half of it is the standing statement
    of duties, it is that statement. Tables of the seeds that state real targets stay under
    25 %.

    Example: 职能 贯彻执行国家和自治区有关交通运输的方针政策…; the table's 预期目标 is the
    same list → GOL002.
    """
    duty = shingles(_duty_text(ctx))
    if not duty:
        return
    n = len(ctx.text)
    for table, g in _pairs(ctx):
        e = shingles(g.expected)
        span = _span(g.expected_span, n)
        if len(e) < MIN_SHINGLES or span is None:
            continue
        c = containment(e, duty)
        if c < DUTY_CONTAINMENT:
            continue
        msg = (
            f"{ctx.table_location(table)}：预期目标与部门“主要职能”的文字重合比例为{c:.0%}，未写年度具体目标"
        )
        yield ctx.finding(
            *span,
            msg,
            ctx.table_location(table) + " / 预期目标",
            {"containment": round(c, 3), "threshold": DUTY_CONTAINMENT},
        )


EX_GOL003 = (
    project_table(
        "农村公路养护",
        [
            ("产出指标", "数量指标", "养护农村公路里程", "≥120公里", "=126公里", 30, 30, ""),
            ("成本指标", "经济成本指标", "养护成本", "≤60万元", "=60万元", 30, 30, ""),
            ("满意度指标", "满意度指标", "沿线群众满意度", "≥90%", "=93%", 30, 30, ""),
        ],
        goal=(
            "做好交通运输保障工作，提升群众出行满意度，确保各项工作顺利完成。",
            "养护公路126公里，满意度93%。",
        ),
        dept="某县交通运输局",
    )
    + "\n"
    + project_table(
        "农村客运补贴",
        [
            ("产出指标", "数量指标", "补贴客运车辆数", "≥40辆", "=42辆", 30, 30, ""),
            ("成本指标", "经济成本指标", "补贴成本", "≤30万元", "=30万元", 30, 30, ""),
            ("满意度指标", "满意度指标", "乘客满意度", "≥90%", "=94%", 30, 30, ""),
        ],
        goal=(
            "做好交通运输保障工作，提升群众出行满意度，确保各项工作顺利完成。",
            "补贴客运车辆42辆，满意度94%。",
        ),
        dept="某县交通运输局",
    )
)


# Near miss: the same fragment with the anomaly fixed; the rule stays quiet.
QUIET_GOL003 = (
    project_table(
        "农村公路养护",
        [
            ("产出指标", "数量指标", "养护农村公路里程", "≥120公里", "=126公里", 30, 30, ""),
            ("成本指标", "经济成本指标", "养护成本", "≤60万元", "=60万元", 30, 30, ""),
            ("满意度指标", "满意度指标", "沿线群众满意度", "≥90%", "=93%", 30, 30, ""),
        ],
        goal=(
            "养护农村公路120公里，路面病害及时处治，沿线群众满意度不低于90%。",
            "养护公路126公里，满意度93%。",
        ),
        dept="某县交通运输局",
    )
    + "\n"
    + project_table(
        "农村客运补贴",
        [
            ("产出指标", "数量指标", "补贴客运车辆数", "≥40辆", "=42辆", 30, 30, ""),
            ("成本指标", "经济成本指标", "补贴成本", "≤30万元", "=30万元", 30, 30, ""),
            ("满意度指标", "满意度指标", "乘客满意度", "≥90%", "=94%", 30, 30, ""),
        ],
        goal=(
            "补贴农村客运车辆40辆，保障偏远村组每日通班车，乘客满意度不低于90%。",
            "补贴客运车辆42辆，满意度94%。",
        ),
        dept="某县交通运输局",
    )
)


@rule(code="GOL003", severity="info", title="多个表格使用同一目标", example=EX_GOL003, quiet=QUIET_GOL003)
def goal_reused(ctx: CheckContext) -> Iterable[Finding]:
    """同一份文件的多张表格使用同一段目标文字。

    度量：两张表预期目标 3 字片段集合（去除版式）的 Jaccard 相似度 ≥ 0.9：资金和用途不同的两个项目
    不可能一字不差地共用一个目标。对后出现的每张表报告一次，指向其预期目标；跨文件的同类检查由
    DUP001 负责。

    示例：两张项目表的目标都写“做好交通运输保障工作，提升群众出行满意度…”→ 第二张报 GOL003。

    [en] One goal used by several tables
    The same goal text appears in several tables of the document.

    Measure: Jaccard similarity of the 预期目标 3-gram sets (layout removed) ≥ 0.9 between
    two tables: two projects with different money and purposes cannot share one goal
    verbatim. Fires once per later table, pointing at its 预期目标; across documents the
    same check is DUP001's job.

    Example: two project tables whose goals both read 做好交通运输保障工作，提升群众出行满意度…
    → GOL003 on the second.
    """
    n = len(ctx.text)
    seen: list[tuple[Table, frozenset[str]]] = []
    for table, g in _pairs(ctx):
        e = shingles(g.expected)
        span = _span(g.expected_span, n)
        if len(e) < MIN_SHINGLES or span is None:
            continue
        for prev, pe in seen:
            j = jaccard(e, pe)
            if j >= SAME_GOAL:
                msg = f"{ctx.table_location(table)}：预期目标与“{prev.project or prev.title}”相同"
                yield ctx.finding(
                    *span,
                    msg,
                    ctx.table_location(table) + " / 预期目标",
                    {"same_as": prev.project or prev.title, "jaccard": round(j, 3)},
                )
                break
        seen.append((table, e))
