"""Corpus rules: a document judged against the others (near-copies, template reasons).

The work they share -- one pass over the corpus building the near-copy index and the
reason n-gram frequencies -- is :class:`classify.corpus.CorpusScan`; each rule here turns
its part of the scan into findings (without code and severity: the corpus pass,
:mod:`classify.corpus_pass`, stamps the rule's own). ``numpy``/``datasketch`` are imported
on use, so registering these rules costs a per-document check nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..registry import corpus_rule

if TYPE_CHECKING:
    from ..corpus import CorpusScan, DocMeta, _Flag

_DUP001_BODY = """
一、收入支出决算总体情况说明
{y} 年度收入、支出决算总计 {a} 万元，比上年增加 120.25 万元，增长 8.6%。主要原因是：本年新增河道清淤疏浚工程，支付工程进度款；单位新招录工作人员三名，工资福利支出相应增加。
二、一般公共预算财政拨款支出决算情况说明
{y} 年度一般公共预算财政拨款支出 {b} 万元，比上年减少 35.40 万元，下降 2.5%。主要原因是：严格落实过紧日子要求，压减会议费、培训费等一般性支出，办公楼维修改造项目上年已完工。
三、机关运行经费支出情况说明
{y} 年度机关运行经费支出 86.50 万元，比上年减少 4.30 万元，下降 4.7%。主要原因是：公务用车运行维护费及办公费减少，水电费按实际用量结算。
"""

DUP001_EXAMPLE = (
    "乌鲁木齐市水利局\n2023 年度部门决算公开说明\n"
    + _DUP001_BODY.format(y=2023, a="1,520.36", b="1,380.12")
    + "=====\n"
    + "乌鲁木齐市林业和草原局\n2022 年度部门决算公开说明\n"
    + _DUP001_BODY.format(y=2022, a="1,402.80", b="1,290.55")
)

_DUP002_TEMPLATE = "根据财政部门统一安排部署，按照预算执行进度要求据实调整项目支出。"
_DUP002_OWN = (
    ("水利局", "本年新增城市绿化养护项目，支付苗木采购及栽植费用。"),
    ("林业和草原局", _DUP002_TEMPLATE),
    ("教育局", "单位新招录公务员三名，工资福利支出相应增加。"),
    ("卫生健康委员会", _DUP002_TEMPLATE),
    ("民政局", "办公楼屋面防水维修改造，发生维修费。"),
    ("司法局", _DUP002_TEMPLATE),
    ("统计局", "承办全区职业技能大赛，场地租赁费用增加。"),
    ("审计局", _DUP002_TEMPLATE),
    ("档案馆", "退休人员较上年增加两人，离退休费增加。"),
    ("信访局", _DUP002_TEMPLATE),
)
DUP002_EXAMPLE = "=====\n".join(
    f"乌鲁木齐市{dept}2023年度部门决算公开说明\n"
    f"2023 年度收入支出决算总计比上年增加 {12 + 3 * i}.25 万元。主要原因是：{reason}\n"
    for i, (dept, reason) in enumerate(_DUP002_OWN)
)

# Near miss: the same report issued twice by one department for one year (a revision, or the
# 汇总 and 本级 versions) is not a copy -- only pairs whose (department, year) differ count.
DUP001_QUIET = (
    "乌鲁木齐市水利局\n2023 年度部门决算公开说明\n"
    + _DUP001_BODY.format(y=2023, a="1,520.36", b="1,380.12")
    + "=====\n"
    + "乌鲁木齐市水利局\n2023 年度部门决算公开说明\n"
    + _DUP001_BODY.format(y=2023, a="1,520.63", b="1,380.21")
)

# Near miss: the stock reason in two documents of ten (20%, under the 30% a template needs).
_DUP002_QUIET_OWN = (
    ("水利局", "本年新增城市绿化养护项目，支付苗木采购及栽植费用。"),
    ("林业和草原局", _DUP002_TEMPLATE),
    ("教育局", "单位新招录公务员三名，工资福利支出相应增加。"),
    ("卫生健康委员会", _DUP002_TEMPLATE),
    ("民政局", "办公楼屋面防水维修改造，发生维修费。"),
    ("司法局", "新增农村饮水安全巡查任务，差旅费增加。"),
    ("统计局", "本年开展第五次全国经济普查入户登记。"),
    ("审计局", "上年预留的信息化设备采购款本年支付。"),
    ("档案馆", "档案数字化加工项目第二期验收付款。"),
    ("信访局", "新设群众来访接待中心，物业费增加。"),
)
DUP002_QUIET = "=====\n".join(
    f"乌鲁木齐市{dept}2023年度部门决算公开说明\n"
    f"2023 年度收入支出决算总计比上年增加 {12 + 3 * i}.25 万元。主要原因是：{reason}\n"
    for i, (dept, reason) in enumerate(_DUP002_QUIET_OWN)
)


# risk_weight: a near-copy of another department's or year's report is one finding for a
# whole document (not one per row): it stands for many rows, so it weighs two warnings.
@corpus_rule(
    code="DUP001",
    severity="warning",
    title="跨部门或跨年度近似重复",
    example=DUP001_EXAMPLE,
    quiet=DUP001_QUIET,
    risk_weight=2.0,
)
def near_copies(scan: CorpusScan) -> dict[int, list[dict[str, Any]]]:
    """整份报告、某表的预期目标或某报告的原因说明段，与另一部门或另一年度的对应文字近似相同（语料检查：
    由 `jxscan batch` 在逐份筛查之后运行；`jxscan check` 无法运行）。

    度量：去除 HTML 标签、空白、标点和数字后，取 5 字片段（shingle）的 Jaccard 相似度（重新换行、
    粘贴进 `<p>` 单元格或改了数字的副本几乎保留全部片段）。候选对由 MinHash LSH 产生（128 个排列；
    全文 18 段×7 行，目标和原因 25 段×5 行：处于阈值的一对以 0.99 的概率成为候选），再以精确 Jaccard
    复核，问题中报告的即为该值。

    阈值：全文 ≥ 0.8，目标和原因段 ≥ 0.7。同一模板的不同报告共用标题、名词解释和套语：五份种子报告
    两两之间为 0.01–0.24（原因段 ≤ 0.06，目标 ≤ 0.03），而换了部门和年度重发的报告为 0.997，照抄
    的目标为 1.0。目标和原因较短，改写一句损失的片段更多，故取 0.7。遮蔽后不足 200（全文）、20（目标）
    或 40（原因）字的文字过于笼统，不比较。只有（部门，年度）不同的一对才算（同一部门同一年度的修订版
    或汇总/本级不算抄袭；同一报告内重复的目标属 GOL003）。整份文件已是副本时，其目标和原因不再重复报告。

    证据：本文件中的标题（全文）、预期目标（目标）或第一条原因（原因段）；`details.other` 指明对方，
    `details.jaccard` 为相似度。

    示例：乌鲁木齐市水利局 2023 年报告改了数字后作为乌鲁木齐市林业和草原局 2022 年报告重发 →
    Jaccard 0.93（遮蔽数字后只有名称不同）→ 双方各报 DUP001，互指对方。

    [en] Near-copy across departments or years
    A whole report, a table's 预期目标 or a report's block of reasons is a near-copy of
    another department's, or of another year's (corpus check: ``jxscan batch`` runs it after
    the per-document pass; ``jxscan check`` cannot).

    Measure: Jaccard similarity of character 5-gram shingles after removing HTML tags,
    whitespace, punctuation and digits (a copy re-wrapped, pasted into ``<p>`` cells or with
    its figures changed keeps nearly all shingles). Candidates come from MinHash LSH
    (datasketch MinHash, 128 permutations; 18 bands of 7 rows for documents, 25 of 5 for
    goals and reasons: a pair at the threshold is a candidate with probability 0.99), and
    each candidate is verified with the exact Jaccard, which the finding reports.

    Thresholds: whole documents ≥ 0.8, goals and reason blocks ≥ 0.7. Different reports of
    the one template share headings, glossary and stock sentences: the five seeds measure
    0.01-0.24 between them (reason blocks ≤ 0.06, goals ≤ 0.03), while a report re-issued
    under another department and year measures 0.997 and a pasted goal 1.0. Goals and
    reasons are short, so one rewritten clause costs more shingles: hence 0.7. Texts under
    200 (document), 20 (goal) or 40 (reasons) masked characters are too generic to compare.
    Only pairs whose (department, year) differ count (a revision or a 汇总/本级 pair of one
    department and year is not a copy; a goal repeated inside one report is GOL003). When a
    whole document is a copy its goals and reasons are not reported again.

    Evidence: the title (document), the 预期目标 (goal) or the first reason (reasons), in
    this document's text; ``details.other`` names the partner, ``details.jaccard`` the
    similarity.

    Example: 乌鲁木齐市水利局's 2023 report re-issued as 乌鲁木齐市林业和草原局's 2022
    report with its figures changed → Jaccard 0.93 (once digits are masked only the name
    differs) → DUP001 on both, each naming the other.
    """
    flagged = scan.near_copies()
    return {
        i: [_near_copy(scan.reports[i], scan.metas, i, f, scan.partner_table(f)) for f in flagged[i]]
        for i in sorted(flagged)
    }


@corpus_rule(
    code="DUP002", severity="info", title="语料中的常见套话原因", example=DUP002_EXAMPLE, quiet=DUP002_QUIET
)
def template_reasons(scan: CorpusScan) -> dict[int, list[dict[str, Any]]]:
    """原因说明由语料中最常见的模板词组构成（语料检查，由 `jxscan batch` 在逐份筛查之后运行）。

    度量（参照 Lang & Stice-Lawrence 2015）：每条原因去掉“主要原因是”等引导语、遮蔽数字、用 jieba
    分词，取其 4 元词组；在含原因说明的文件中统计每个 4 元词组的文件频率。见于 ≥ 30% 且 < 75% 文件的
    4 元词组为模板词组：常见到足以是套话，而最常见的是表格本身的用语，不说明任何问题（如原文献一样
    剔除）。一条原因中 ≥ 50% 的 4 元词组为模板词组时触发：它大半可以粘贴到任何报告里。至少需要 10 份
    含原因的文件（更少时占比只是噪声）；超过 5,000 份时在固定的哈希抽样 5,000 份上估计占比（30% 处
    标准误 0.65 个百分点）。

    严重程度为提示：模板原因仍可能属实；RSN002 逐条评判原因，DUP002 指出整个语料都这样写。

    示例：十份 2023 年报告，其中五份用“根据财政部门统一安排部署，按照预算执行进度要求据实调整项目支出”
    解释变动（4 元词组见于 50% 文件）→ 这五份各报 DUP002；其余五条具体原因（各 10%）不触发。

    [en] Stock reason common across the corpus
    A reason is made of the corpus's most common template phrases (corpus check, run by
    ``jxscan batch`` after the per-document pass).

    Measure, after Lang & Stice-Lawrence (2015): each reason without its 主要原因是 lead-in,
    numbers masked, tokenised with jieba; its token 4-grams; the document frequency of every
    4-gram over the documents that state reasons. Template 4-grams are those in ≥ 30% and
    < 75% of documents: common enough to be stock phrasing, while the commonest are the
    form's own words and say nothing (dropped, as L&S-L do). A reason fires when ≥ 50% of its
    4-grams are templates: most of it could be pasted into any report. Needs ≥ 10 documents
    with reasons (document shares over fewer are noise); past 5,000 documents the shares
    are estimated on a fixed hash-chosen sample of 5,000 (standard error 0.65 points at 30%).

    Severity info: a template reason may still be true; RSN002 judges each reason alone,
    DUP002 says the corpus writes it everywhere.

    Example: ten 2023 reports, five of which explain their change with 根据财政部门统一安排部署，
    按照预算执行进度要求据实调整项目支出 (4-grams in 50% of documents) → DUP002 on each of
    those five; the five specific reasons (10% each) do not fire.
    """
    templates = scan.templates()
    out: dict[int, list[dict[str, Any]]] = {}
    if templates is not None:
        # The reason pass shared with stickiness: each reason is segmented once for both.
        for i, rep, reasons in scan.reasons():
            found = _template_reasons(rep, reasons, templates, scan.template_stats)
            if found:
                out[i] = found
    scan.template_stats["flagged_reasons"] = sum(len(v) for v in out.values())
    return out


def _near_copy(
    rep: dict[str, Any], metas: list[DocMeta], doc: int, f: _Flag, partner_table: str | None
) -> dict[str, Any]:
    from ..corpus import KIND_LABEL, SHINGLE, THRESHOLDS
    from ..corpus_units import _unit_evidence

    ev, s, e, table, src = _unit_evidence(rep, f.kind, f.ordinal)
    other = metas[f.partner[0]]
    label = KIND_LABEL[f.kind]
    where = f" / {table}" if table and f.kind == "goal" else ""
    there = f" / {partner_table}" if partner_table and f.kind == "goal" else ""
    same_dept = metas[doc].dept_key is not None and metas[doc].dept_key == other.dept_key
    relation = "同一部门其他年度" if same_dept else "其他部门"
    extra = f"，共 {f.partner_docs} 份其他文件相似" if f.partner_docs > 1 else ""
    finding = {
        "message": (
            f"{label}与{relation}文件{other.describe()}近似重复（Jaccard 相似度 {f.jaccard:.2f}）{extra}"
        ),
        "evidence": ev,
        "start": s,
        "end": e,
        "location": f"{label}{where} ≈ {other.describe()}{there}",
        "details": {
            "kind": f.kind,
            "jaccard": round(f.jaccard, 4),
            "threshold": THRESHOLDS[f.kind],
            "shingle": SHINGLE,
            "table": table,
            "other": {**other.as_dict(), "unit": f.partner[1], "table": partner_table},
            "similar_texts": f.copies,
            "similar_documents": f.partner_docs,
        },
    }
    if src:
        for k in ("page", "bbox"):
            if k in src:
                finding[k] = src[k]
    return finding


def _template_reasons(
    rep: dict[str, Any],
    reasons: list[tuple[dict[str, Any], list[str]]],
    templates: dict[str, float],
    stats: dict[str, Any],
) -> list[dict[str, Any]]:
    """The boilerplate reasons of one report, from its distinct reasons and their n-grams."""
    from ..corpus import BOILERPLATE_SHARE, NGRAM_N, TEMPLATE_MAX_DF, TEMPLATE_MIN_DF
    from ..corpus_units import _span

    out = []
    for r, grams in reasons:
        if not grams:
            continue
        hits = [g for g in grams if g in templates]
        share = len(hits) / len(grams)
        if share < BOILERPLATE_SHARE:
            continue
        ev, s, e = _span(rep, r.get("start"), r.get("end"), r.get("text") or "")
        top = sorted(set(hits), key=lambda g: (-templates[g], g))[:5]
        where = r.get("table") or r.get("item") or ""
        f = {
            "message": (
                f"原因说明{('（' + where + '）') if where else ''}属于本批文件的常见套话："
                f"{share:.0%} 的词组见于 {TEMPLATE_MIN_DF:.0%} 以上的文件"
            ),
            "evidence": ev,
            "start": s,
            "end": e,
            "location": f"原因说明 / {where}" if where else "原因说明",
            "details": {
                "template_share": round(share, 3),
                "ngrams": len(grams),
                "template_ngrams": len(hits),
                "top_templates": [{"ngram": g, "doc_share": round(templates[g], 3)} for g in top],
                "n": NGRAM_N,
                "min_df": TEMPLATE_MIN_DF,
                "max_df": TEMPLATE_MAX_DF,
                "threshold": BOILERPLATE_SHARE,
                "corpus_documents": stats["documents_with_reasons"],
            },
        }
        for k in ("page", "bbox"):
            if k in r:
                f[k] = r[k]
        out.append(f)
    return out
