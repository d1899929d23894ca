"""Narrative (non-table) extraction: stated reasons and stated figures of a 决算说明.

Everything is matched on the normalised text (wraps joined, spaces dropped, width folded)
with the template's own vocabulary (收入总计, 比上年增加, 占, 预决算差异率, 主要原因是 ...)
and mapped back with :meth:`NormText.span`, so every reported span indexes the original
text and ``text[start:end]`` is the evidence.

Two public functions:

- :func:`extract_reasons`: every ``主要原因是`` / ``主要原因：`` / ``原因是`` / ``差异原因是`` /
  ``原因为`` reason (and ``主要是…`` right after a change), attached to the change statement
  it explains (``比上年增加 X 万元，增长 Y%``: kind ``reason``; ``年初预算数…决算数…预决算差异率``:
  kind ``variance``). A reason runs from its cue to the end of its sentence; it goes on over
  a ``；`` unless the next clause opens a new item (an amount, 预算数, 其中：), and over a
  ``。`` when the next sentence of the paragraph still explains (``单位A…。单位B…。`` in
  汇总 reports: no amount, no budget word, no cue, speaks of a change). A change statement
  with an amount (or a variance) and no cue yields a Reason of kind ``missing`` with empty
  text at the end of the statement; ``与上年持平`` and a bare rate ask for none.
- :func:`extract_figures`: one :class:`Figure` per stated number. Kinds: income_total,
  income_current, income_nonfiscal_balance_used, income_carryover, expense_total,
  expense_current, expense_balance_distribution, expense_carryover (section 一);
  component_total / component (shares, ``extra["parent"]``: 本年收入, 本年支出,
  一般公共预算财政拨款支出, 三公经费 or the parent named by ``占…的``); fiscal_income_total,
  fiscal_income_carryover, fiscal_income_current, fiscal_expense_total,
  fiscal_expense_carryover, fiscal_expense_current (section 四); basic_total, personnel,
  public (section 六); three_public; procurement_total, procurement_part, sme_contract,
  sme_micro_contract; yoy_change; budget_variance; eval_overall_count, eval_overall_budget,
  eval_overall_executed, eval_overall_rate, eval_project_count, eval_project_budget,
  eval_project_executed (section 十一, or the 003-style 自评报告). Related numbers sit in
  ``extra`` with ``<name>_span`` original spans.

After the template reading, extract/narrative_grammar.py reads the same prose with the
clause grammar (extract/clauses.py, vocabulary in extract/vocab.py): it completes every
Change (base, unit, raw, spans), attaches the explanations the template cues miss (原因主要是,
由于…导致, 受…影响, 主要变动原因如下, …) with their ``marker`` and ``also``, marks the
unexplained 三公/total changes ``missing``, and adds figures of kinds amount, yoy_change,
budget_change, points_change, completion, count, score and grade for what the template
phrases above do not state. The template reading's own results on the seeds are unchanged.

Nothing is reported inside ``skip`` ranges (self-evaluation tables, parsed elsewhere),
except the 003-style 全年预算金额/执行金额 sentence, which is prose that a narrative "table"
encloses.
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Iterator
from itertools import accumulate, repeat
from typing import Any

from extract.fields import parse_number
from extract.model import Change, Figure, Reason, Section
from extract.narrative_grammar import grammar_figures, grammar_pass, read_grammar
from extract.narrative_state import (
    _BOUND_CHARS,
    _C,
    _COL,
    _HEADING_BODY,
    _HEADING_LINE,
    _N,
    _Ctx,
    _Fig,
    _reason_end,
    _Stmt,
)
from extract.normalize import NormText

__all__ = ["extract_figures", "extract_reasons"]

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


# ---------------------------------------------------------------------------------------
# Context shared by both extractors (its record, _Ctx, is in extract/narrative_state.py).


def _norm_index(norm: NormText, orig: int) -> int:
    return norm.norm_index(orig)


def _given_sections(sections: list[Section] | None) -> tuple[list[int], list[str]] | None:
    """Original starts and titles of the caller's level-1 sections (一、二、…), if any."""
    level1 = sorted(
        (s.start, s.title if s.title.startswith(s.number) else f"{s.number}、{s.title}")
        for s in sections or ()
        if s.level == 1
    )
    if not level1:
        return None
    return [s for s, _ in level1], [t for _, t in level1]


def _ends_after(pieces: list[str]) -> list[int]:
    """Offsets just after each one-character separator of ``sep.split(s)`` pieces
    (accumulated lengths: no Python step per separator)."""
    return list(accumulate(map(operator.add, map(len, pieces[:-1]), repeat(1))))


def _char_ends(s: str, chars: str) -> list[int]:
    """Offsets just after every occurrence of any of ``chars`` in ``s``, ascending: the
    ``m.end()`` of each ``[chars]`` match, found with one ``str.split`` per character
    present (much faster than a regex over a character class)."""
    out: list[int] = []
    for ch in chars:
        if ch in s:
            out += _ends_after(s.split(ch))
    out.sort()
    return out


def _heading_lines(text: str) -> Iterator[tuple[int, int, str, bool]]:
    """(start, end, line, is_level1) of every _HEADING_LINE match, in order."""
    m = _HEADING_LINE.match(text)
    if m:
        yield m.start(), m.end(), m.group(), m.group("l1") is not None
    for m in _HEADING_AFTER_NL.finditer(text):
        yield m.start("line"), m.end(), m.group("line"), m.group("l1") is not None


def _context(text: str, norm: NormText, skip: list[tuple[int, int]]) -> _Ctx:
    nt = norm.text
    bounds = [0, *_char_ends(nt, _BOUND_CHARS)]
    paras = [0, *_ends_after(nt.split("\n"))]
    # A heading line without final punctuation is glued to its paragraph by normalisation;
    # the body after it starts a new clause and paragraph all the same.
    level1: list[tuple[int, str]] = []
    sk = sorted(skip)
    sk_starts = [a for a, _ in sk]
    for start, end, line, is_l1 in _heading_lines(text):
        i = bisect.bisect_right(sk_starts, start) - 1
        if i >= 0 and start < sk[i][1]:
            continue  # a numbered line inside a table cell is no heading
        if is_l1:
            title = line.strip(" \t\u3000-*•·")
            level1.append((start, _TITLE_SPACE.split(title, maxsplit=1)[0][:40]))
        if len(line.strip()) > 50 or "。" in line or "，" in line:
            continue
        ni = _norm_index(norm, end)
        bounds.append(ni)
        paras.append(ni)
    bounds.sort()
    paras.sort()
    # Scoping (parents, totals) uses the level-1 headings found here, so the analysis does not
    # depend on the caller's outline and both extractors can share it (see _analysis).
    sec_starts, sec_titles = [s for s, _ in level1], [t for _, t in level1]
    return _Ctx(
        text, norm, nt, bounds, paras, [_norm_index(norm, s) for s in sec_starts], sec_titles, sk_starts, sk
    )


def _num(s: str) -> float | None:
    """Value of a number matched in the normalised text (``2,124.45``, ``-14.07``)."""
    return parse_number(s)


def _clean_item(raw: str) -> str:
    """Item name from the text before a number/comparison: no list marker, year, org name."""
    s = _WRAP_BULLET.sub("", raw)
    k = max(s.rfind("其中："), s.rfind("其中:"))
    if k >= 0:
        s = s[k + 3 :]
    prev = None
    while prev != s:
        prev = s
        s = _ITEM_LEAD.sub("", s)
    m = _ITEM_CUT.search(s)
    if m:
        s = s[: m.start()]
    orgs = list(_ORG_PAREN.finditer(s))
    if orgs and orgs[-1].end() < len(s):
        s = s[orgs[-1].end() :]
    if s.endswith("支出") and s[:-2].endswith("费"):
        s = s[:-2]
    return s.strip().translate(_ITEM_FOLD)


# ---------------------------------------------------------------------------------------
# Figures.


def _sentence(ctx: _Ctx, s: int, e: int) -> tuple[int, int]:
    return ctx.clause_start(s), ctx.clause_end(e)


def _base_figures(ctx: _Ctx) -> list[_Fig]:
    """Fixed-phrase totals, components with shares, 三公/基本支出/采购 and section 十一."""
    nt = ctx.nt
    figs: list[_Fig] = []
    used: set[int] = set()  # normalised starts of numbers already reported

    def add(kind: str, item: str, m: re.Match[str], g: str = "v", **extra: Any) -> _Fig:
        f = _Fig(kind, item, m.span(g), _sentence(ctx, m.start(), m.end()), dict(extra))
        f.value = _num(m.group(g))
        used.add(m.start(g))
        figs.append(f)
        return f

    def share(f: _Fig, m: re.Match[str], parent: str | None) -> None:
        if m.group("s") is not None:
            f.extra["share"] = _num(m.group("s"))
            f.extra["share_span"] = m.span("s")
            if parent is not None:
                f.extra["parent"] = parent

    for kind, item, rx, lit in _FIXED_LIT:
        for m in _literal_finditer(rx, lit, nt):
            # 收入总计/支出总计 of section 一, not 财政拨款收入总计 of section 四.
            if kind in ("income_total", "expense_total") and nt.endswith("拨款", 0, m.start()):
                continue
            add(kind, item, m)
    for m in _CURRENT.finditer(nt):
        w = m.group("w")
        if m.group("q"):
            add("component_total", f"本年{w}", m)
        elif m.group("sum") or w == "支出":
            add("income_current" if w == "收入" else "expense_current", f"本年{w}合计", m)
    for m in _GPB_TOTAL.finditer(nt):
        f = add("component_total", "一般公共预算财政拨款支出", m)
        share(f, m, (m.group("of") or "").strip() or None)
    for m in _PROC_PART.finditer(nt):
        add("procurement_part", f"政府采购{m.group('w')}支出", m, parent="政府采购支出总额")
    for m in _SME.finditer(nt):
        kind = "sme_contract" if m.group("w") == "中小企业" else "sme_micro_contract"
        f = add(kind, f"授予{m.group('w')}合同金额", m)
        share(f, m, (m.group("of") or "").strip() or "政府采购支出总额")
    _basic_parts(ctx, figs, add)
    _eval_figures(ctx, add)

    # Components with a share (sections 二/三/五 and the 三公 parts).
    for m in _SHARE.finditer(nt):
        # The regex starts at 万元 (a literal: fast to scan for); the number sits just before.
        v = _NUM_END.search(nt, max(0, m.start() - 24), m.start())
        if not v or v.start() in used:
            continue
        cs = v.start()
        b = max(ctx.clause_start(cs), _last_bound(nt, ctx.clause_start(cs), cs))
        item = _clean_item(nt[b:cs])
        if not item:
            continue
        f = _Fig("component", item, v.span(), (b, ctx.clause_end(m.end())))
        f.value = _num(v.group())
        named = (m.group("of") or "").strip()
        share(f, m, named or None)
        figs.append(f)
    figs.sort(key=lambda f: f.v_span[0])
    _resolve_parents(ctx, figs)
    return figs


def _last_bound(nt: str, lo: int, hi: int) -> int:
    """Start of the last comma/colon/enumeration clause in ``nt[lo:hi]`` (an item name)."""
    best = lo
    for m in _COMP_BOUND.finditer(nt, lo, hi):
        # A comma between digits is a thousands separator, not a clause break.
        if (
            m.group() == ","
            and 0 < m.start()
            and nt[m.start() - 1].isdigit()
            and nt[m.end() : m.end() + 1].isdigit()
        ):
            continue
        best = m.end()
    return best


def _basic_parts(ctx: _Ctx, figs: list[_Fig], add: Any) -> None:
    """人员经费/公用经费 following the 基本支出 total, in the same section."""
    totals = [f for f in figs if f.kind == "basic_total"]
    for i, t in enumerate(totals):
        lo = t.v_span[1]
        hi = totals[i + 1].v_span[0] if i + 1 < len(totals) else len(ctx.nt)
        sec = ctx.section_of(t.v_span[0])
        for kind, item, rx in (("personnel", "人员经费", _PERSONNEL), ("public", "公用经费", _PUBLIC)):
            m = rx.search(ctx.nt, lo, hi)
            if m and ctx.section_of(m.start("v")) == sec:
                add(kind, item, m, parent="一般公共预算财政拨款基本支出")


def _eval_figures(ctx: _Ctx, add: Any) -> None:
    """Section 十一 counts and amounts: each amount must follow its count in the sentence."""
    nt = ctx.nt
    for rx, kind, group in (
        (_EVAL_OVERALL, "eval_overall_count", "overall"),
        (_EVAL_PROJECT, "eval_project_count", "project"),
        (_EVAL_PROJECT2, "eval_project_count", "project"),
    ):
        for m in rx.finditer(nt):
            f = add(kind, _label(nt[m.start() : m.start("v")]) or "项目", m)
            f.unit = "个"
            end = ctx.clause_end(m.end())
            nxt = (
                _EVAL_OVERALL.search(nt, m.end(), end)
                if group == "project"
                else _EVAL_PROJECT.search(nt, m.end(), end)
            )
            if nxt:
                end = nxt.start()
            for k, amount in _EVAL_WINDOW[group]:
                a = amount.search(nt, m.end(), end)
                if a:
                    add(k, _label(nt[a.start() : a.start("v")]), a)
    for m in _EVAL_OVERALL_AMOUNTS.finditer(nt):
        figs = [
            add("eval_overall_budget", "全年预算金额", m, "b"),
            add("eval_overall_executed", "执行金额", m, "e"),
        ]
        if m.group("r"):
            figs.append(add("eval_overall_rate", "执行率", m, "r"))
            figs[-1].unit = "%"
        for f in figs:
            f.prose = True


_LABEL_TAIL = re.compile(r"(?:共有|共)$|为$")


def _label(s: str) -> str:
    """The template label before a number (``全年预算总额为`` -> ``全年预算总额``)."""
    return _LABEL_TAIL.sub("", s)


def _resolve_parents(ctx: _Ctx, figs: list[_Fig]) -> None:
    """An unnamed share's parent: the nearest parent total before it in the same section."""
    last: dict[int, _Fig] = {}
    for f in figs:
        sec = ctx.section_of(f.v_span[0])
        if f.kind in _PARENT_KINDS:
            last[sec] = f
        elif f.kind == "component" and "parent" not in f.extra:
            p = last.get(sec)
            if p is not None:
                f.extra["parent"] = "三公经费" if p.kind == "three_public" else p.item
                f.extra["parent_value"] = p.value


# ---------------------------------------------------------------------------------------
# Change statements.


_BULLET_START = re.compile(r"\s*[-*•·](?!\s*[-*•·]?\s*\d)")
_NUMBERED_ITEM = re.compile(r"[-*•·]?\s*\d{1,2}[.．、]")


def _subject_start(ctx: _Ctx, pos: int) -> int:
    """Clause start before ``pos``; a bullet line continuing a wrapped list item joins it."""
    s = ctx.clause_start(pos)
    nt = ctx.nt
    if s > 0 and nt[s - 1] == "\n" and _BULLET_START.match(nt[s:pos]):
        j = s - 1
        while j > 0 and nt[j - 1] in "\n \t":
            j -= 1
        prev = ctx.clause_start(j - 1) if j > 0 else 0
        line = nt[prev:j].strip()
        if line and line[-1] not in "。；;：:！？!?" and _NUMBERED_ITEM.match(line):
            return prev
    return s


def _statements(ctx: _Ctx, figs: list[_Fig]) -> list[_Stmt]:
    nt = ctx.nt
    found: list[tuple[str, re.Match[str], int]] = []
    for m in _YOY.finditer(nt):
        if m.group("flat"):
            found.append(("flat", m, m.start()))
        elif m.group("amt") or m.group("rate"):
            found.append(("yoy", m, m.start()))
    for m in _VAR.finditer(nt):
        found.append(
            ("variance", m, m.start() - 2 if nt.endswith(("全年", "年初"), 0, m.start()) else m.start())
        )
    found.sort(key=lambda x: x[2])
    totals = [f for f in figs if f.kind in _TOTAL_KINDS]
    total_pos = [f.v_span[0] for f in totals]

    out: list[_Stmt] = []
    for kind, m, open_ in found:
        subj = _subject_start(ctx, open_)
        region = nt[subj:open_]
        # ``…，与年初预算相比，年初预算数…``: the subject is what precedes the opener in its
        # comma clause (often nothing: then it is inherited below), not the sentence before.
        ops = list(_OPENER.finditer(region))
        if ops:
            k = max(region.rfind("，", 0, ops[-1].start()), region.rfind(",", 0, ops[-1].start())) + 1
            subj += k
            region = region[k:]
        item = _clean_item(region)
        if kind == "variance":
            b, f, r = _num(m.group("b")), _num(m.group("f")), _num(m.group("r"))
            amount = round(f - b, 2) if b is not None and f is not None else None
            direction = None if r is None else ("增加" if r > 0 else "减少" if r < 0 else "持平")
            change = Change(amount, r, direction)
        elif kind == "flat":
            change = Change(None, None, "持平")
        else:
            change = Change(
                _num(m.group("amt")) if m.group("amt") else None,
                _num(m.group("rate")) if m.group("rate") else None,
                _DIRECTION[m.group("dir")],
            )
        st = _Stmt(kind, m, open_, subj, item, change)
        # The current amount: the last 万元 amount of the clause before the comparison.
        # An amount labelled 上年 (``上年决算数为 371.77 万元``) is the previous year's.
        k = max(region.rfind("其中："), region.rfind("其中:"))
        amounts = [
            a
            for a in _AMOUNT.finditer(region, k + 1 if k >= 0 else 0)
            if "上年" not in region[_last_bound(region, 0, a.start()) : a.start()]
        ]
        if amounts and kind != "variance":
            a = amounts[-1]
            st.current = _num(a.group(1))
            st.current_span = (subj + a.start(1), subj + a.end(1))
        if not st.item:
            # ``与上年相比，…`` / ``与年初预算相比，…``: the subject of the statement before it
            # in the paragraph, else the nearest total stated before it in the section.
            para = ctx.para_start(open_)
            before = [p for p in out if p.start >= para]
            if before and before[-1].item:
                st.item = before[-1].item
                if st.current is None and kind != "variance":
                    st.current, st.current_span = before[-1].current, before[-1].current_span
                    st.current_from = before[-1].current_from
        if (not st.item or st.current is None) and kind != "variance":
            i = bisect.bisect_left(total_pos, open_) - 1
            if i >= 0 and ctx.section_of(totals[i].v_span[0]) == ctx.section_of(open_):
                t = totals[i]
                if not st.item:
                    st.item = t.item
                if st.current is None:
                    st.current, st.current_span, st.current_from = t.value, t.v_span, t.kind
        out.append(st)
    return out


def _stmt_figures(ctx: _Ctx, stmts: list[_Stmt]) -> list[_Fig]:
    figs = []
    for st in stmts:
        m = st.m
        sent = (st.start, ctx.clause_end(m.end()))
        if st.kind == "variance":
            f = _Fig(
                "budget_variance",
                st.item,
                m.span("f"),
                sent,
                {
                    "budget": _num(m.group("b")),
                    "budget_span": m.span("b"),
                    "final": _num(m.group("f")),
                    "final_span": m.span("f"),
                    "rate": _num(m.group("r")),
                    "rate_span": m.span("r"),
                    "direction": st.change.direction,
                },
            )
            f.value = f.extra["final"]
            figs.append(f)
            continue
        extra: dict[str, Any] = {"direction": st.change.direction, "current": st.current}
        if st.change.base is not None:
            extra["base"] = st.change.base
        if st.current_span is not None:
            extra["current_span"] = st.current_span
            if st.current_from:
                extra["current_from"] = st.current_from
        if st.kind == "yoy":
            extra["change"] = st.change.amount
            if m.group("amt"):
                extra["change_span"] = m.span("amt")
            extra["rate"] = st.change.rate
            if m.group("rate"):
                extra["rate_span"] = m.span("rate")
            extra["rate_word"] = m.group("rw") or (m.group("dir") if not m.group("amt") else None)
        # Main number: the current amount when the clause states it, else the change itself
        # (``extra["current"]`` then holds the total the statement refers to, if found).
        f = _Fig("yoy_change", st.item, m.span(), sent, extra, unit=None)
        if st.current_span is not None and st.current_from is None and st.current_span[0] >= st.start:
            f.v_span, f.value, f.unit = st.current_span, st.current, "万元"
            extra["main"] = "current"
        elif st.kind == "yoy" and m.group("amt"):
            f.v_span, f.value, f.unit = m.span("amt"), st.change.amount, "万元"
            extra["main"] = "change"
        elif st.kind == "yoy":
            f.v_span, f.value, f.unit = m.span("rate"), st.change.rate, "%"
            extra["main"] = "rate"
        else:
            extra["main"] = "statement"
        figs.append(f)
    return figs


def _finish(ctx: _Ctx, figs: list[_Fig], sections: list[Section] | None) -> list[Figure]:
    given = _given_sections(sections)
    out = []
    for f in figs:
        s, e = ctx.span(*f.v_span)
        if ctx.skipped(s) and not f.prose:
            continue
        ss, se = ctx.span(*f.sent)
        # Related spans were kept normalised while building: report original offsets.
        extra = {k: list(ctx.span(*v)) if k.endswith("_span") else v for k, v in f.extra.items()}
        out.append(
            Figure(
                kind=f.kind,
                item=f.item,
                value=f.value,
                raw=ctx.text[s:e],
                start=s,
                end=e,
                unit=f.unit,
                extra=extra,
                sentence_start=ss,
                sentence_end=se,
                section=_title_at(given, s) if given else ctx.section_title(f.v_span[0]),
            )
        )
    out.sort(key=lambda f: (f.start, f.kind))
    return out


def _title_at(given: tuple[list[int], list[str]], orig: int) -> str | None:
    i = bisect.bisect_right(given[0], orig) - 1
    return given[1][i] if i >= 0 else None


# The last analysis, shared by extract_reasons and extract_figures on the same document (the
# pipeline calls both): one entry, matched by identity of the text and NormText objects.
_LAST: list[Any] = []


def _analysis(text: str, norm: NormText, skip: list[tuple[int, int]]) -> tuple[_Ctx, list[_Fig], list[_Stmt]]:
    key = sorted(skip)
    if _LAST and _LAST[0] is text and _LAST[1] is norm and _LAST[2] == key:
        return _LAST[3]
    ctx = _context(text, norm, skip)
    base = _base_figures(ctx)
    stmts = _statements(ctx, base)
    ctx.grammar = read_grammar(ctx, stmts)
    result = (ctx, base, stmts)
    _LAST[:] = [text, norm, key, result]
    return result


def extract_figures(
    text: str, norm: NormText, skip: list[tuple[int, int]], sections: list[Section] | None = None
) -> list[Figure]:
    """Numbers stated in the narrative, each with its original span (see module docstring).

    ``sections`` (the document outline) only names ``Figure.section``; without it the
    level-1 headings found in the text are used.
    """
    ctx, base, stmts = _analysis(text, norm, skip)
    figs = base + _stmt_figures(ctx, stmts)
    return _finish(ctx, figs + grammar_figures(ctx, figs), sections)


# ---------------------------------------------------------------------------------------
# Reasons.


# Between a change statement and the cue explaining it: punctuation, a short lead-in
# (``，其``), or one sentence break and a short lead-in (``。增加的原因是``).
_GAP_OK = re.compile(r"[，,\s]*[^。；;\n]{0,30}|[，,。\s]{0,3}[^。；;\n]{0,12}")
# ``增长 5.96%，主要是…`` / ``主要由于…``: a cue only right after a change statement
# (``其他用车主要是：…`` is no reason).
_CUE2 = re.compile(r"主要(?:是由于|是因为|由于|因为|系|是)[：:]?")
_GAP_TIGHT = re.compile(r"[，,\s]*")


def extract_reasons(text: str, norm: NormText, skip: list[tuple[int, int]]) -> list[Reason]:
    """Every cued reason of the narrative, plus a ``missing`` Reason per uncued change."""
    ctx, _, stmts = _analysis(text, norm, skip)
    nt = ctx.nt
    stmt_starts = sorted({s.start for s in stmts} | {s.open for s in stmts})
    stmt_ends = [s.end for s in stmts]
    attached: set[int] = set()
    reasons: list[tuple[Reason, int]] = []  # with normalised cue start, for ordering
    spans: list[tuple[int, int]] = []  # normalised reason spans
    last_end = -1
    cued: list[tuple[Reason, int, int, int | None]] = []  # reason, cue, end (normalised), statement
    missing: dict[int, Reason] = {}
    for cue, cue_end in _cues(nt, stmt_ends):
        if cue < last_end:
            continue  # a cue inside the previous reason is part of it
        end = _reason_end(ctx, cue_end, stmt_starts)
        last_end = end
        st_i = _stmt_for_cue(ctx, stmts, stmt_ends, cue, attached)
        if st_i is not None:
            st = stmts[st_i]
            attached.add(st_i)
            item, change, sent_s = st.item, st.change, st.start
            kind = "variance" if st.kind == "variance" else "reason"
        else:
            sent_s = ctx.clause_start(cue)
            item = _cue_item(nt[sent_s:cue])
            weak = list(_WEAK.finditer(nt, sent_s, cue))
            change = Change(direction=_DIRECTION[weak[-1].group("dir")]) if weak else None
            kind = "reason"
        s, e = ctx.span(cue, end)
        ss, se = ctx.span(sent_s, end)
        if ctx.skipped(s):
            continue
        spans.append((cue, end))
        r = Reason(
            text=text[s:e],
            start=s,
            end=e,
            item=item,
            change=change,
            kind=kind,
            sentence_start=ss,
            sentence_end=se,
            marker=_marker_text(nt, cue, cue_end),
        )
        reasons.append((r, cue))
        cued.append((r, cue, end, st_i))

    span_starts = [a for a, _ in spans]
    for i, st in enumerate(stmts):
        if i in attached or st.kind == "flat":
            continue  # an unchanged item needs no explanation
        if st.kind == "yoy" and not st.m.group("amt"):
            continue  # a bare rate (办件量同比增长15%) is no budget change the template explains
        j = bisect.bisect_right(span_starts, st.open) - 1
        if j >= 0 and spans[j][0] <= st.open < spans[j][1]:
            continue  # a change quoted inside a reason
        pos = st.end
        s, _ = ctx.span(pos, pos)
        ss, se = ctx.span(st.start, st.end)
        if ctx.skipped(ss):
            continue
        r = Reason(
            text="",
            start=s,
            end=s,
            item=st.item or None,
            change=st.change,
            kind="missing",
            sentence_start=ss,
            sentence_end=se,
        )
        reasons.append((r, st.end))
        missing[i] = r
    reasons = grammar_pass(ctx, stmts, stmt_starts, reasons, cued, missing)
    reasons.sort(key=lambda x: x[1])
    return [r for r, _ in reasons]


def _marker_text(nt: str, cue: int, cue_end: int) -> str:
    """The marker as written (``主要原因是``, ``原因为``, ``主要是``), without its colon."""
    return nt[cue:cue_end].rstrip("：: ")


def _cues(nt: str, stmt_ends: list[int]) -> list[tuple[int, int]]:
    """(start, end) of every reason cue, in order."""
    found = []
    for m in _CUE.finditer(nt):
        s = _cue_start(nt, m)
        if s is not None:
            found.append((s, m.end()))
    for m in _CUE2.finditer(nt):
        i = bisect.bisect_right(stmt_ends, m.start()) - 1
        if i >= 0 and _GAP_TIGHT.fullmatch(nt, stmt_ends[i], m.start()):
            found.append((m.start(), m.end()))
    found.sort()
    return found


def _cue_start(nt: str, m: re.Match[str]) -> int | None:
    """Start of a reason cue found at ``原因``: 主要原因(是|为|:)、差异原因(是|为)、原因(是|为).

    ``偏差原因`` belongs to the tables; a bare ``原因：`` (发现的问题及原因：) is no cue.
    """
    s = m.start()
    before = nt[s - 2 : s] if s >= 2 else ""
    if before == "偏差":
        return None
    if before == "主要":
        return s - 2 if m.group("v") or m.end() > m.start() + 2 else None
    if not m.group("v"):
        return None
    return s - 2 if before == "差异" else s


def _cue_item(region: str) -> str | None:
    """Item of a reason without a change statement (``车辆 4 辆，与公务用车保有量差异原因是``)."""
    item = _clean_item(region)
    k = _last_bound(region, 0, len(region))
    tail = region[k:]
    if tail.startswith("与") and k > 0:
        item += tail.translate(_ITEM_FOLD)
    return item or None


def _stmt_for_cue(ctx: _Ctx, stmts: list[_Stmt], ends: list[int], cue: int, attached: set[int]) -> int | None:
    """Index of the change statement a cue explains: the last one ending just before it."""
    i = bisect.bisect_right(ends, cue) - 1
    if i < 0 or i in attached:
        return None
    gap = ctx.nt[ends[i] : cue]
    if not _GAP_OK.fullmatch(gap):
        return None
    return i
