"""The clause grammar's pass over the narrative, after the template cues of narrative.py.

narrative.py reads the 决算说明 template (比上年…主要原因是, 预决算差异率…) and its reasons
stay as they are. This pass adds what the template reading misses, on any phrasing:

1. every change statement of the template reading gets its full :class:`Change` (base,
   unit, raw, base value, current, rate kind, spans) from the clause it sits in;
2. a cued reason with no change gets the change it explains (``较上年增X万元，增Y%。主要
   原因是…``);
3. every other explanation (the markers of extract/vocab.py: 原因主要是, 下降的原因:, 主要是,
   这主要是, 由于…导致, 受…影响, 主要用于…) becomes a Reason with its marker, item, change
   and ``also``; it replaces the ``missing`` Reason of the change it explains;
4. a change the template reading did not see and nothing explains becomes a ``missing``
   Reason where one is expected: a 三公 item or a total changing, a budget completion
   other than 100%.

All offsets are normalised until the Reason is built (``ctx.span``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from extract import vocab
from extract.clauses import Amount, ChangeClause, parse_clauses
from extract.explain import (
    Marker,
    attach_after,
    attach_before,
    before_end,
    find_markers,
    named_item,
    same_item,
)
from extract.model import Change, Reason
from extract.narrative_lists import group_members, share_reason
from extract.narrative_state import _Ctx, _reason_end, _Stmt

__all__ = ["Grammar", "grammar_pass", "read_grammar"]

# An item the template reading took from a lead-in, not a subject (``据介绍``, ``今年``).
_WEAK_ITEM = re.compile(r"^(?:" + vocab.ATTRIBUTION + r"|今年|全年|同时|此外|另外|其中)?$")


@dataclass
class Grammar:
    """The clause grammar's reading of one document (normalised offsets)."""

    changes: list[ChangeClause]  # outside skipped ranges
    amounts: list[Amount]
    cc_of_stmt: dict[int, int]  # template statement index -> change index
    stmt_of_cc: dict[int, int]


_MONEY_NOUN = re.compile(r"费|支出|收入|经费|资金|拨款|预算|决算|总计|合计|总额|成本|采购")
_CMP_TAIL = re.compile(r"^(?:与|比|较|同比|对比|相比)")
_VERB_TAIL = re.compile(
    r"^(?:完成|实现|为|是|达到?|共|累计|支出|收入|预算|决算|数|合计|共计|总额|"
    + "|".join(sorted(vocab.DIRECTION_WORDS, key=len, reverse=True))
    + r")+$"
)


def _better_item(old: str | None, new: str) -> bool:
    """Is the grammar's item better than the template reading's? Only when the latter is
    no money item (``记者从市财政局获悉``, ``据介绍``) or the same item plus a verb
    (``…收入完成``); the template's own items stay."""
    if not old:
        return True
    if not _MONEY_NOUN.search(old) and _MONEY_NOUN.search(new):
        return True
    # the same item plus a verb, or plus the comparison it opens (``公务接待费与上年``)
    return old.startswith(new) and bool(_VERB_TAIL.match(old[len(new) :]) or _CMP_TAIL.match(old[len(new) :]))


def _prose_runs(ctx: _Ctx) -> list[tuple[int, int]]:
    """Normalised ranges between the skipped ones."""
    out, pos = [], 0
    for a, b in ctx.skip:
        na, nb = ctx.norm.norm_index(a), ctx.norm.norm_index(b)
        if na > pos:
            out.append((pos, na))
        pos = max(pos, nb)
    if pos < len(ctx.nt):
        out.append((pos, len(ctx.nt)))
    return out


def read_grammar(ctx: _Ctx, stmts: list[_Stmt]) -> Grammar:
    """Parse the clauses and complete each template statement's Change from its clause
    (its amount, rate and direction stay; base, unit, raw, spans... are filled)."""
    changes: list[ChangeClause] = []
    amounts: list[Amount] = []
    groups = 0
    # Only the prose between skipped ranges (tables) is read: faster, and no table cell
    # becomes a narrative change.
    nt = ctx.nt
    # Heading lines the normaliser glued to their paragraph end a segment all the same.
    heads = [b - 1 for b in ctx.bounds if b > 0 and nt[b - 1] not in "。；;！？!?\n"]
    for lo, hi in _prose_runs(ctx):
        parsed = parse_clauses(nt, lo, hi, heads)
        top = groups
        for c in parsed.changes:
            if c.group > 0:
                c.group += top
                groups = max(groups, c.group)
            if not ctx.skip or (
                not ctx.skipped(ctx.orig(c.start)) and not ctx.skipped(ctx.orig(max(c.start, c.end - 1)))
            ):
                changes.append(c)
        amounts += [a for a in parsed.amounts if not ctx.skip or not ctx.skipped(ctx.orig(a.v_span[0]))]
    changes.sort(key=lambda c: c.start)
    starts = [c.start for c in changes]
    cc_of_stmt: dict[int, int] = {}
    stmt_of_cc: dict[int, int] = {}
    for i, st in enumerate(stmts):
        a0, a1 = st.open, st.m.end()
        j = bisect.bisect_right(starts, a1) - 1
        while j >= 0 and changes[j].end > a0 - 200:
            cc = changes[j]
            if _overlaps(cc.start, cc.end, a0, a1) and (
                cc.amount_span or cc.rate_span or cc.change.direction == "持平"
            ):
                cc_of_stmt[i] = j
                stmt_of_cc[j] = i
                _enrich(ctx, st.change, cc)
                if cc.item and _better_item(st.item, cc.item):
                    st.item = cc.item
                break
            j -= 1
    return Grammar(changes, amounts, cc_of_stmt, stmt_of_cc)


def to_change(ctx: _Ctx, cc: ChangeClause) -> Change:
    """A copy of the clause's Change with original offsets and its raw text."""
    c = cc.change
    s, e = ctx.span(c.start, c.end)
    return Change(
        amount=c.amount,
        rate=c.rate,
        direction=c.direction,
        raw=ctx.text[s:e],
        unit=c.unit,
        base=c.base,
        base_value=c.base_value,
        current=c.current,
        rate_kind=c.rate_kind,
        direction_source=c.direction_source,
        start=s,
        end=e,
        qualifier=c.qualifier,
    )


def _enrich(ctx: _Ctx, target: Change, cc: ChangeClause) -> None:
    """Fill what the template reading left unset; its amount, rate and direction stay."""
    full = to_change(ctx, cc)
    for name in (
        "amount",
        "rate",
        "raw",
        "unit",
        "base",
        "base_value",
        "current",
        "rate_kind",
        "direction_source",
        "qualifier",
    ):
        if getattr(target, name) is None:
            setattr(target, name, getattr(full, name))
    if target.start < 0:
        target.start, target.end = full.start, full.end
    if cc.words_disagree and full.direction_source == "arithmetic":
        # two direction words disagree: the clause's arithmetic chose between them
        target.direction, target.direction_source = full.direction, "arithmetic"
    if target.direction_source is None and target.direction is not None:
        target.direction_source = "word"


def _variance_of(cc: ChangeClause) -> bool:
    """A budget/final variance: a completion (完成预算的Y%) or a 预决算差异率."""
    return cc.change.rate_kind == "completion" or cc.rate_word == "差异率"


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


# A department's final-account line: a 类/款/项 item, or its ``支出决算数为X万元`` statement
# (government reports say 完成, not 决算数); the template asks a reason of each change.
_ACCOUNT_LINE = re.compile(r"[(（][类款项][)）]|决算数")


def _expected(cc: ChangeClause, nt: str = "") -> bool:
    """Does the template expect an explanation of this change?"""
    c = cc.change
    item = cc.item or ""
    dept = any(w in item for w in vocab.SANGONG_ITEMS) or any(w in item for w in vocab.TOTAL_ITEMS)
    if (
        not dept
        and c.rate_kind != "completion"
        and c.amount
        and abs(c.amount) > 1e-9
        and c.base not in ("上月", "序时进度", "平均水平")
        and (c.base is None or "预算" not in c.base)
    ):
        # ``6.〈项〉：支出决算数为X万元，较YYYY年执行数减少Y万元``: the 决算 template's item line
        lo = cc.item_span[0] if cc.item_span else c.start
        dept = bool(_ACCOUNT_LINE.search(item) or _ACCOUNT_LINE.search(nt, max(0, lo - 40), c.end))
    if c.rate_kind == "completion":
        # a department's budget/final variance (a government-level 完成预算的Y% rarely
        # comes with a reason and the template asks none)
        return (
            dept
            and c.rate is not None
            and abs(c.rate - 100) > 1e-9
            and c.base in ("预算", "年初预算", "调整预算")
        )
    if not ((c.amount and abs(c.amount) > 1e-9) or (c.rate and abs(c.rate) > 1e-9)):
        return False
    if c.rate_kind == "points" or c.base in ("上月", "序时进度", "平均水平"):
        return False
    return dept


def grammar_pass(
    ctx: _Ctx,
    stmts: list[_Stmt],
    stmt_starts: list[int],
    reasons: list[tuple[Reason, int]],
    cued: list[tuple[Reason, int, int, int | None]],
    missing: dict[int, Reason],
) -> list[tuple[Reason, int]]:
    nt, text = ctx.nt, ctx.text
    gr: Grammar = ctx.grammar
    changes, cc_of_stmt, stmt_of_cc = gr.changes, gr.cc_of_stmt, gr.stmt_of_cc
    starts = [c.start for c in changes]
    index = {id(c): j for j, c in enumerate(changes)}
    groups: dict[int, list[int]] = {}
    for j, c in enumerate(changes):
        if c.group > 0:
            groups.setdefault(c.group, []).append(j)
    sent_breaks = _sentence_breaks(nt)

    def in_range(a: int, b: int) -> range:
        """Indices of the changes starting in [a, b)."""
        return range(bisect.bisect_left(starts, a), bisect.bisect_left(starts, b))

    for r, _cue, _end, st_i in cued:
        if st_i is not None and st_i in cc_of_stmt and _WEAK_ITEM.match(r.item or ""):
            r.item = changes[cc_of_stmt[st_i]].item or r.item

    # Explanation spans already taken (normalised), and the changes already explained.
    taken: list[tuple[int, int]] = [(cue, end) for _, cue, end, _ in cued]
    explained: set[int] = {cc_of_stmt[i] for _, _, _, i in cued if i is not None and i in cc_of_stmt}
    for _, cue, end, _ in cued:
        explained.update(in_range(cue, end))  # a change quoted inside a reason needs none
    ends_for_reason = sorted(set(stmt_starts) | {c.start for c in changes if c.change.base})

    def inside_taken(pos: int) -> bool:
        return any(a <= pos < b for a, b in taken)

    def open_before(pos: int) -> list[int]:
        """Indices of unexplained changes before ``pos`` in its paragraph (or the paragraph
        before, when the marker opens its paragraph)."""
        para = ctx.para_start(pos)
        lead = nt[para:pos].strip(" \n，,：:")
        if not lead or len(lead) <= 12 and not any(ch.isdigit() for ch in lead):
            # the paragraph before with text: blank lines between paragraphs (``。\n\n这主要是``)
            # are paragraphs of their own
            top = para
            para = ctx.para_start(max(0, para - 1))
            while para > 0 and not nt[para:top].strip():
                para = ctx.para_start(para - 1)
        last_taken = max((b for a, b in taken if para <= b <= pos), default=para)
        return [
            j
            for j in in_range(last_taken, pos)
            if j not in explained and changes[j].end <= pos and not inside_taken(changes[j].start)
        ]

    def sent_of(pos: int) -> int:
        """Index of the sentence holding ``pos`` (sentences end at 。！？ and line breaks, not ；)."""
        return bisect.bisect_left(sent_breaks, pos)

    def named_far(
        mk: Marker, cc: ChangeClause | None, also: list[str]
    ) -> tuple[ChangeClause | None, list[str]]:
        """A reason that restates its item (``三公经费较上年减少的主要原因是``) after the
        item's sub-items and their own reasons: the last unexplained change of that item
        in the section, when the nearby ones are not it."""
        named = named_item(nt, mk)
        if not named or (cc is not None and same_item(cc.item, named)):
            return cc, also
        # the sub-items may sit under headings of their own (一、因公出国费…): look back a
        # page's worth, for a change against the same kind of base (budget or a year)
        budget = "预算" in nt[ctx.clause_start(mk.start) : mk.start]
        far = [
            j
            for j in in_range(max(0, mk.start - _FAR), mk.start)
            if j not in explained
            and changes[j].end <= mk.start
            and not inside_taken(changes[j].start)
            and same_item(changes[j].item, named)
            and ("预算" in (changes[j].change.base or "") or changes[j].change.rate_kind == "completion")
            == budget
        ]
        if not far:
            return cc, also
        return changes[far[-1]], []

    def shared(r: Reason, cc: ChangeClause, pos: int) -> None:
        """A reason after a 分别 list explains each item's change: one Reason per other item
        (extract/narrative_lists.py); their ``missing`` records go."""
        members = group_members(cc, changes, index)
        for m in members:
            k = index[id(m)]
            if k in stmt_of_cc and stmt_of_cc[k] in missing:
                _drop(reasons, missing.pop(stmt_of_cc[k]))
        for copy in share_reason(r, cc, members, lambda m: to_change(ctx, m), ctx.span):
            reasons.append((copy, pos))

    # 2. cued reasons with no change
    for r, cue, _end, st_i in cued:
        if r.change is not None and (r.change.amount is not None or r.change.rate is not None):
            continue
        if st_i is not None:
            continue
        cand = open_before(cue)
        mk = Marker(cue, cue, r.marker or "", "after")
        cc, also = attach_after(nt, mk, [changes[j] for j in cand], sent_of)
        cc, also = named_far(mk, cc, also)
        if cc is None:
            continue
        j = index[id(cc)]
        explained.add(j)
        explained.update(groups.get(cc.group, ()))
        r.change = to_change(ctx, cc)
        r.also = also
        if _variance_of(cc) and r.kind == "reason":
            r.kind = "variance"  # a budget/final variance, as the new markers' ones
        if cc.item and (
            not r.item or not (r.item in cc.item or cc.item in r.item) or _better_item(r.item, cc.item)
        ):
            # the template reading named the text before the cue (``较年初预算减少的``,
            # ``据介绍``): the change's own subject names the item
            r.item = cc.item
        if j in stmt_of_cc and stmt_of_cc[j] in missing:
            _drop(reasons, missing.pop(stmt_of_cc[j]))
        shared(r, cc, cue)

    # 3. explanations with the grammar's markers
    for mk in find_markers(nt, bounds=set(ctx.bounds)):
        if inside_taken(mk.start) or ctx.skipped(ctx.orig(mk.start)):
            continue
        if mk.role == "before":
            k0 = bisect.bisect_left(starts, mk.start)
            after = [
                changes[j]
                for j in range(max(0, k0 - 2), min(len(changes), k0 + 8))
                if j not in explained and changes[j].end > mk.end
            ]
            cc = attach_before(nt, mk, after)
            if cc is not None and not inside_taken(cc.start):
                end = before_end(nt, mk, cc)
                also: list[str] = []
                if not cc.item:
                    cc.item = _item_before(nt, mk.start)
            else:
                continue
        else:
            cand = open_before(mk.start)
            pool = [changes[j] for j in cand]
            if mk.role == "heading":
                # 主要变动原因如下: the list under it explains the change before it; the
                # sub-items' own changes and reasons are read as usual
                pool = [
                    c for c in pool if sent_of(c.start) == sent_of(mk.start) or _adjacent(nt, c.end, mk.start)
                ]
            elif "原因" not in mk.text:
                # 主要是… / 主要用于… explain a change only right after it: in its sentence,
                # or opening the next one (``…下降Y%。主要是…``), not anywhere later
                pool = [
                    c for c in pool if sent_of(c.start) == sent_of(mk.start) or _adjacent(nt, c.end, mk.start)
                ]
            cc, also = attach_after(nt, mk, pool, sent_of)
            if "原因" in mk.text:
                cc, also = named_far(mk, cc, also)
            if cc is None and not _STRONG.match(mk.text):
                continue
            end = _reason_end(ctx, mk.end, ends_for_reason) if mk.role != "heading" else _list_end(nt, mk.end)
            if mk.role == "purpose":
                end = _clause_end(nt, mk.end)
        while end > mk.end and nt[end - 1] in "，,；; \n":
            end -= 1
        if end <= mk.start:
            continue
        s, e = ctx.span(mk.start, end)
        if ctx.skipped(s):
            continue
        sent_s = min(mk.start, cc.start) if cc is not None else ctx.clause_start(mk.start)
        sent_e = max(end, cc.end) if cc is not None else end
        ss, se = ctx.span(sent_s, sent_e)
        r = Reason(
            text=text[s:e],
            start=s,
            end=e,
            item=(cc.item or None) if cc is not None else None,
            change=to_change(ctx, cc) if cc is not None else None,
            kind="reason",
            marker=mk.text.rstrip("：: "),
            also=also,
            sentence_start=ss,
            sentence_end=se,
        )
        if cc is not None:
            j = index[id(cc)]
            explained.add(j)
            explained.update(groups.get(cc.group, ()))
            if j in stmt_of_cc and stmt_of_cc[j] in missing:
                _drop(reasons, missing.pop(stmt_of_cc[j]))
            if _variance_of(cc):
                r.kind = "variance"
        if mk.role != "heading":  # the list's own items are read on their own
            taken.append((mk.start, end))
            explained.update(in_range(mk.start, end))
        reasons.append((r, mk.start))
        if cc is not None:
            shared(r, cc, mk.start)

    # Enumerated bodies (``主要原因是：⏎1.…；⏎2.…``) run over their numbered lines.
    for r, _ in reasons:
        if r.kind not in ("reason", "variance") or not r.marker:
            continue
        ns, ne = ctx.norm.norm_index(r.start), ctx.norm.norm_index(r.end)
        body = nt[ns + len(r.marker) : ne].lstrip("：: \n")
        if _ENUM_START.match(body):
            end = _list_end(nt, ne + (1 if ne < len(nt) and nt[ne] in "；;。" else 0))
            if end > ne + 1:
                s0, e0 = ctx.span(ns, end)
                r.text, r.end = text[s0:e0], e0
                r.sentence_end = max(r.sentence_end, e0)

    # 4. changes nobody explains where the template expects an explanation
    for j, cc in enumerate(changes):
        if j in explained or j in stmt_of_cc or inside_taken(cc.start) or not _expected(cc, nt):
            continue
        s, _ = ctx.span(cc.end, cc.end)
        ss, se = ctx.span(cc.start, cc.end)
        if ctx.skipped(ss):
            continue
        r = Reason(
            text="",
            start=s,
            end=s,
            item=cc.item or None,
            change=to_change(ctx, cc),
            kind="missing",
            also=list(cc.also),
            sentence_start=ss,
            sentence_end=se,
        )
        reasons.append((r, cc.end))
    return reasons


# How far back (normalised characters) a reason that names its item looks for the change.
_FAR = 3000
# A marker that is a reason slot by itself even with no change found (主要原因是：…).
_STRONG = re.compile(r"主要原因|原因主要")
_ADJACENT = re.compile(
    r"[）)]?[，,。；;\s]*(?:[（(][^（(）)\d]{1,12}[）)][，,。；;\s]*)?(?:[（(]?[一二三四五六七八九十\d]{1,2}[、.．)）])?"
)


def _adjacent(nt: str, end: int, start: int) -> bool:
    """Only punctuation (and a list number) between a change and a marker; the change may
    end inside its parenthesis (``减少X万元（Y%）。这主要是``)."""
    return end <= start and _ADJACENT.fullmatch(nt, end, start) is not None


def _find_all(nt: str, word: str) -> list[int]:
    out = []
    i = nt.find(word)
    while i >= 0:
        out.append(i)
        i = nt.find(word, i + 1)
    return out


def _sentence_breaks(nt: str) -> list[int]:
    out: list[int] = []
    for ch in "。！？!?\n":
        i = nt.find(ch)
        while i >= 0:
            out.append(i)
            i = nt.find(ch, i + 1)
    out.sort()
    return out


_ENUM_START = re.compile(vocab.ENUM)
_LIST_LINE = re.compile(r"\n[ \t]*(?:[-*•·][ \t]*)?" + vocab.ENUM + r"[^\n]*")


def _list_end(nt: str, pos: int) -> int:
    """End of the enumerated lines (1.… 2.… / (一)… / 一是…) right after ``pos``."""
    end = pos
    while True:
        m = _LIST_LINE.match(nt, end)
        if m is None:
            return end
        end = m.end()


def _drop(reasons: list[tuple[Reason, int]], r: Reason) -> None:
    for k, (x, _) in enumerate(reasons):
        if x is r:
            del reasons[k]
            return


def _clause_end(nt: str, pos: int) -> int:
    ends = [i for i in (nt.find(ch, pos) for ch in "。；;\n") if i >= 0]
    return min(ends) if ends else len(nt)


def _item_before(nt: str, pos: int) -> str:
    from extract.clauses import clean_item

    k = max(nt.rfind(ch, 0, pos) for ch in "，,。；;\n")
    return clean_item(nt[k + 1 : pos])
