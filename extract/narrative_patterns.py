"""The narrative template reading's patterns: the phrases of a 决算说明 (收入总计, 比上年增加, 占,
预决算差异率, 主要原因是 ...) over the normalised text, and the fast literal scan of the fixed ones.

Moved out of extract/narrative.py (issue 15); every pattern matches the normalised text
(half-width digits, no spaces, ，：；（） kept).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from extract.narrative_state import (
    _C,
    _COL,
    _HEADING_BODY,
    _N,
)

# ---------------------------------------------------------------------------------------
# Patterns (all over the normalised text: half-width digits, no spaces, ，：；（） kept).

_SN = rf"-?{_N}"
_Q = r"[\"“”'‘’]?"
_DIRW = r"增加|减少|增长|下降|上升|降低"
_RATEW = r"增长|下降|增加|减少|上升|降低|增幅|降幅|减幅"
# Change.direction is 增加 | 减少 | 持平 whatever word the text uses (the word is kept apart).
_DIRECTION = {"增加": "增加", "增长": "增加", "上升": "增加", "减少": "减少", "下降": "减少", "降低": "减少"}

# The comparison that opens a year-on-year change (比上年决算, 较上年, 与上年相比, 同比, 比2022年),
# and 与上年…持平. One pattern for both a change and 持平 (one scan of the text instead of
# two). Every alternative starts with its own literal character (比|较|与|同, 比 and 较 spelt
# out separately): the regex engine then skips straight to those characters instead of
# trying the whole pattern at every position.
_CMP_AFTER_BI = r"(?:上年|上一年|\d{4}年)度?(?:决算数?|同期)?"
_YOY = re.compile(
    r"(?:比"
    + _CMP_AFTER_BI
    + r"|较"
    + _CMP_AFTER_BI
    + r"|与(?:上年|上一年|\d{4}年)度?(?:同期)?(?:决算数?)?相比"
    + _C
    + r"?"
    r"|同比"
    r"|与(?:上年|上一年)度?(?:决算数?)?(?=(?:基本)?持平))"
    r"(?:(?P<flat>(?:基本)?(?:持平|无变化|没有变化|无增减|一致))"
    rf"|(?:有所)?(?P<dir>{_DIRW})了?"
    rf"(?:(?P<amt>{_N})万元{_C}?(?:同比)?(?:(?P<rw>{_RATEW})了?为?)?)?"
    rf"(?:(?P<rate>{_N})%)?)"
)
# A direction without any number (``较上年预算增加``): only used to label a cued reason.
_WEAK = re.compile(
    r"(?:比|较|与)(?:上年|上一年)度?(?:预算|决算)?数?(?:相比)?" + _C + rf"?(?:有所)?(?P<dir>{_DIRW})"
)
# Starts at the literal 预算 (fast to scan for); a 全年/年初 before it is added in code.
_VAR = re.compile(
    rf"预算数?为?(?P<b>{_N})万元{_C}?(?:全年)?决算数?为?(?P<f>{_N})万元{_C}?"
    rf"(?:预决算)?差异率为?(?P<r>{_SN})%"
)

# Reason cues; ``偏差原因`` belongs to the tables (and 003-style indicator paragraphs).
_CUE = re.compile(r"原因(?P<v>是|为|在于)?[：:]?")
# ``与年初预算相比，`` and the like open a statement whose subject is inherited.
_OPENER = re.compile(r"与(?:上年|上一年|\d{4}年|全年预算|年初预算|预算)度?(?:同期)?(?:决算数?)?相比")
# The same lines found from the newline before them: a pattern opening with ``^`` is tried
# at every position of the text, one opening with ``\n`` only at line breaks.
_HEADING_AFTER_NL = re.compile(r"\n(?P<line>" + _HEADING_BODY + ")", re.M)
_TITLE_SPACE = re.compile(r"[ \t\u3000]")

# Item cleaning.
_ITEM_LEAD = re.compile(
    r"^(?:\s+|[-*•·]+|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、](?!\d)"
    r"|与(?:上年|上一年|全年预算|年初预算|预算)度?(?:数)?相比[，,]?|(?:19|20)\d{2}年度?|本年度|全年)+"
)
_ITEM_CUT = re.compile(r"[：:，,]|(?:支出)?决算数|(?:全年|年初)预算数|预算数|\d")
_ORG_PAREN = re.compile(r"[（(][^()（）]*(?:单位|汇总|部门|本级)[^()（）]*[)）]")
_WRAP_BULLET = re.compile(r"\s*\n\s*[-*•·]?\s*")
_ITEM_FOLD = str.maketrans({"（": "(", "）": ")", "“": '"', "”": '"', "‘": "'", "’": "'"})
_AMOUNT = re.compile(rf"({_N})万元")

# Figures with a fixed template phrase: (kind, pattern); group "v" is the number.
_FIXED: list[tuple[str, str, re.Pattern[str]]] = [
    (kind, item, re.compile(p))
    for kind, item, p in (
        ("income_total", "收入总计", rf"收入总计为?(?P<v>{_N})万元"),
        (
            "income_nonfiscal_balance_used",
            "使用非财政拨款结余",
            rf"使用非财政拨款结余(?:[（(][^)）]{{0,12}}[)）])?为?(?P<v>{_N})万元",
        ),
        ("income_carryover", "年初结转和结余", rf"年初结转和结余为?(?P<v>{_N})万元"),
        ("expense_total", "支出总计", rf"支出总计为?(?P<v>{_N})万元"),
        ("expense_balance_distribution", "结余分配", rf"结余分配为?(?P<v>{_N})万元"),
        ("expense_carryover", "年末结转和结余", rf"年末结转和结余为?(?P<v>{_N})万元"),
        ("fiscal_income_total", "财政拨款收入总计", rf"财政拨款收入总计为?(?P<v>{_N})万元"),
        ("fiscal_income_carryover", "年初财政拨款结转和结余", rf"年初财政拨款结转和结余为?(?P<v>{_N})万元"),
        ("fiscal_income_current", "本年财政拨款收入", rf"本年财政拨款收入(?:合计)?为?(?P<v>{_N})万元"),
        ("fiscal_expense_total", "财政拨款支出总计", rf"财政拨款支出总计为?(?P<v>{_N})万元"),
        ("fiscal_expense_carryover", "年末财政拨款结转和结余", rf"年末财政拨款结转和结余为?(?P<v>{_N})万元"),
        ("fiscal_expense_current", "本年财政拨款支出", rf"本年财政拨款支出(?:合计)?为?(?P<v>{_N})万元"),
        (
            "basic_total",
            "一般公共预算财政拨款基本支出",
            rf"一般公共预算财政拨款基本支出(?:决算数?)?为?(?P<v>{_N})万元",
        ),
        (
            "three_public",
            '财政拨款"三公"经费',
            rf"财政拨款{_Q}三公{_Q}经费(?:支出)?(?:决算数?)?(?:合计|共计)?为?(?P<v>{_N})万元",
        ),
        ("procurement_total", "政府采购支出总额", rf"政府采购支出总额为?(?P<v>{_N})万元"),
    )
]


def _literal_prefix(rx: re.Pattern[str]) -> str:
    """The Chinese text every match of ``rx`` starts with (its leading characters, less a
    last one made optional by ``?``/``*``/``{``)."""
    m = re.match(r"[\u4e00-\u9fff]+", rx.pattern)
    lit = m.group() if m else ""
    if rx.pattern[len(lit) : len(lit) + 1] in ("?", "*", "{"):
        lit = lit[:-1]
    if not lit:
        raise ValueError(f"no literal prefix: {rx.pattern}")
    return lit


# _FIXED with each pattern's literal prefix (see _literal_finditer).
_FIXED_LIT = [(kind, item, rx, _literal_prefix(rx)) for kind, item, rx in _FIXED]


def _literal_finditer(rx: re.Pattern[str], lit: str, s: str) -> Iterator[re.Match[str]]:
    """``rx.finditer(s)`` for a pattern whose matches all start with ``lit``: the places to
    try are found with ``str.find`` (faster than the regex engine's scan of the whole text
    for each of the fixed phrases), non-overlapping as finditer."""
    i = s.find(lit)
    last_end = 0
    while i != -1:
        if i >= last_end:
            m = rx.match(s, i)
            if m:
                yield m
                last_end = m.end()
        i = s.find(lit, i + 1)


# 本年收入/本年支出: a 合计 in section 一 (current), or the parent of sections 二/三 (…，其中：).
_CURRENT = re.compile(rf"本年(?P<w>收入|支出)(?P<sum>合计)?为?(?P<v>{_N})万元(?P<q>{_C}?其中{_COL})?")
_GPB_TOTAL = re.compile(
    rf"一般公共预算财政拨款支出(?:决算数?)?为?(?P<v>{_N})万元"
    rf"(?:{_C}?占(?P<of>[^，,。；;\d%]{{1,20}}?)的?(?P<s>{_N})%)?"
)
_PROC_PART = re.compile(rf"政府采购(?P<w>货物|工程|服务)支出为?(?P<v>{_N})万元")
_SME = re.compile(
    rf"授予(?P<w>中小企业|小微企业)合同金额为?(?P<v>{_N})万元"
    rf"(?:{_C}?占(?P<of>[^，,。；;\d%]{{1,20}}?)的?(?P<s>{_N})%)?"
)
_PERSONNEL = re.compile(rf"人员经费(?:支出)?为?(?P<v>{_N})万元")
_PUBLIC = re.compile(rf"公用经费(?:支出)?为?(?P<v>{_N})万元")
# A component with its share: ``<item> X 万元，占 Y%`` or ``占<parent>的 Y%``.
_SHARE = re.compile(rf"万元{_C}?占(?:比)?(?P<of>[^，,。；;\d%]{{1,20}}?)?的?(?P<s>{_N})%")
_NUM_END = re.compile(rf"(?:{_N})$")
_COMP_BOUND = re.compile(r"[，,；;：:。\n、]")

# Section 十一 (预算绩效情况) and the 003-style self-evaluation report.
_EVAL_OVERALL = re.compile(r"整体支出绩效(?:目标)?自评(?:表|报告)(?:共)?(?P<v>\d+)(?:个|份|张)")
_EVAL_PROJECT = re.compile(r"评价(?:的)?项目(?:共)?(?P<v>\d+)个")
_EVAL_PROJECT2 = re.compile(r"共有(?P<v>\d+)个(?:一级|二级)?项目")
_EVAL_WINDOW: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    "overall": [
        ("eval_overall_budget", re.compile(rf"全年预算(?:总额|总数|数)为?(?P<v>{_N})万元")),
        ("eval_overall_executed", re.compile(rf"(?:实际)?执行(?:总额|总数|数)为?(?P<v>{_N})万元")),
    ],
    "project": [
        (
            "eval_project_budget",
            re.compile(rf"(?:全年预算数|全年预算总额|预算总额|项目总金额|预算金额)为?(?P<v>{_N})万元"),
        ),
        (
            "eval_project_executed",
            re.compile(rf"(?:全年执行数|实际执行总额|执行总额|执行金额)为?(?P<v>{_N})万元"),
        ),
    ],
}
_EVAL_OVERALL_AMOUNTS = re.compile(
    rf"全年预算金额为?(?P<b>{_N})万元{_C}?(?:实际)?执行金额为?(?P<e>{_N})万元"
    rf"(?:{_C}?(?:预算)?执行率为?(?P<r>{_N})%)?"
)

_TOTAL_KINDS = frozenset(
    {
        "income_total",
        "expense_total",
        "fiscal_income_total",
        "fiscal_expense_total",
        "component_total",
        "three_public",
        "basic_total",
        "procurement_total",
    }
)
_PARENT_KINDS = frozenset({"component_total", "three_public"})
