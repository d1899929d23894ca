"""Narrative (non-table) extraction: stated reasons and stated figures of a 决算说明.

Everything is matched on the normalised text (wraps joined, spaces dropped, width folded)
with the template's own vocabulary (收入总计, 比上年增加, 占, 预决算差异率, 主要原因是 ...)
and mapped back with :meth:`NormText.span`, so every reported span indexes the original
text and ``text[start:end]`` is the evidence.

Two public functions (the template's patterns are in extract/narrative_patterns.py):

- :func:`extract_reasons` (in extract/narrative_reasons.py, which reuses this module's
  analysis): every ``主要原因是`` / ``主要原因：`` / ``原因是`` / ``差异原因是`` / ``原因为``
  reason (and ``主要是…`` right after a change), attached to the change statement it explains
  (``比上年增加 X 万元，增长 Y%``: kind ``reason``; ``年初预算数…决算数…预决算差异率``:
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
unexplained 三公/total changes ``missing``, and (extract/narrative_grammar_figures.py) adds
figures of kinds amount, yoy_change, budget_change, points_change, completion, count, score
and grade for what the template phrases above do not state. The template reading's own results on the seeds are unchanged.

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
from extract.model import Change, Figure, Section
from extract.narrative_grammar import read_grammar
from extract.narrative_grammar_figures import grammar_figures
from extract.narrative_patterns import (
    _AMOUNT,
    _COMP_BOUND,
    _CURRENT,
    _DIRECTION,
    _EVAL_OVERALL,
    _EVAL_OVERALL_AMOUNTS,
    _EVAL_PROJECT,
    _EVAL_PROJECT2,
    _EVAL_WINDOW,
    _FIXED_LIT,
    _GPB_TOTAL,
    _HEADING_AFTER_NL,
    _ITEM_CUT,
    _ITEM_FOLD,
    _ITEM_LEAD,
    _NUM_END,
    _OPENER,
    _ORG_PAREN,
    _PARENT_KINDS,
    _PERSONNEL,
    _PROC_PART,
    _PUBLIC,
    _SHARE,
    _SME,
    _TITLE_SPACE,
    _TOTAL_KINDS,
    _VAR,
    _WRAP_BULLET,
    _YOY,
    _literal_finditer,
)
from extract.narrative_state import (
    _BOUND_CHARS,
    _HEADING_LINE,
    _Ctx,
    _Fig,
    _Stmt,
)
from extract.normalize import NormText

__all__ = ["extract_figures"]


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
            # the printed amounts give the direction (a rate printed with the wrong sign is
            # SUM009's finding); the rate's sign only when an amount is missing
            sign = amount if amount is not None else r
            direction = None if sign is None else ("增加" if sign > 0 else "减少" if sign < 0 else "持平")
            # a Change states magnitudes with a direction (the signed rate stays on the figure)
            change = Change(
                abs(amount) if amount is not None else None, abs(r) if r is not None else None, direction
            )
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
