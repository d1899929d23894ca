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
from typing import TYPE_CHECKING, Any

from extract import vocab
from extract.clauses import ChangeClause, parse_clauses
from extract.explain import Marker, attach_after, attach_before, before_end, find_markers
from extract.model import Change, Reason

if TYPE_CHECKING:
    from extract.narrative import _Ctx, _Stmt

__all__ = ["grammar_pass", "changes_of"]

_CACHE: list[Any] = []
# An item the template reading took from a lead-in, not a subject (``据介绍``, ``今年``).
_WEAK_ITEM = re.compile(r"^(?:" + vocab.ATTRIBUTION + r"|今年|全年|同时|此外|另外|其中)?$")


def changes_of(ctx: _Ctx) -> list[ChangeClause]:
    """The clause grammar's changes of the document outside skipped ranges (cached per ctx)."""
    if _CACHE and _CACHE[0] is ctx:
        return _CACHE[1]
    parsed = parse_clauses(ctx.nt)
    changes = [c for c in parsed.changes if not ctx.skipped(ctx.orig(c.start)) and not ctx.skipped(ctx.orig(c.end - 1))]
    _CACHE[:] = [ctx, changes, parsed.amounts]
    return changes


def amounts_of(ctx: _Ctx):
    changes_of(ctx)
    return _CACHE[2]


def to_change(ctx: _Ctx, cc: ChangeClause) -> Change:
    """A copy of the clause's Change with original offsets and its raw text."""
    c = cc.change
    s, e = ctx.span(c.start, c.end)
    return Change(amount=c.amount, rate=c.rate, direction=c.direction, raw=ctx.text[s:e], unit=c.unit,
                  base=c.base, base_value=c.base_value, current=c.current, rate_kind=c.rate_kind,
                  direction_source=c.direction_source, start=s, end=e, qualifier=c.qualifier)


def _enrich(ctx: _Ctx, target: Change, cc: ChangeClause) -> None:
    """Fill what the template reading left unset; its amount, rate and direction stay."""
    full = to_change(ctx, cc)
    for name in ("amount", "rate", "raw", "unit", "base", "base_value", "current", "rate_kind", "direction_source", "qualifier"):
        if getattr(target, name) is None:
            setattr(target, name, getattr(full, name))
    if target.start < 0:
        target.start, target.end = full.start, full.end
    if target.direction_source is None and target.direction is not None:
        target.direction_source = "word"


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def _expected(cc: ChangeClause) -> bool:
    """Does the template expect an explanation of this change?"""
    c = cc.change
    if c.rate_kind == "completion":
        return c.rate is not None and abs(c.rate - 100) > 1e-9 and c.base in ("预算", "年初预算", "调整预算")
    if not ((c.amount and abs(c.amount) > 1e-9) or (c.rate and abs(c.rate) > 1e-9)):
        return False
    if c.rate_kind == "points" or c.base in ("上月", "序时进度", "平均水平"):
        return False
    item = cc.item or ""
    return any(w in item for w in vocab.SANGONG_ITEMS) or any(w in item for w in vocab.TOTAL_ITEMS)


def grammar_pass(ctx: _Ctx, stmts: list[_Stmt], stmt_starts: list[int], reasons: list[tuple[Reason, int]],
                 cued: list[tuple[Reason, int, int, int | None]], missing: dict[int, Reason]) -> list[tuple[Reason, int]]:
    from extract.narrative import _reason_end

    nt, text = ctx.nt, ctx.text
    changes = changes_of(ctx)
    starts = [c.start for c in changes]

    # 1. the template's statements, completed from their clause
    cc_of_stmt: dict[int, int] = {}
    stmt_of_cc: dict[int, int] = {}
    for i, st in enumerate(stmts):
        a0, a1 = st.open, st.m.end()
        j = bisect.bisect_right(starts, a1) - 1
        while j >= 0 and changes[j].end > a0 - 200:
            cc = changes[j]
            if _overlaps(cc.start, cc.end, a0, a1) and (cc.amount_span or cc.rate_span or cc.change.direction == "持平"):
                cc_of_stmt[i] = j
                stmt_of_cc[j] = i
                _enrich(ctx, st.change, cc)
                break
            j -= 1

    for r, _cue, _end, st_i in cued:
        if st_i is not None and st_i in cc_of_stmt and _WEAK_ITEM.match(r.item or ""):
            r.item = changes[cc_of_stmt[st_i]].item or r.item

    # Explanation spans already taken (normalised), and the changes already explained.
    taken: list[tuple[int, int]] = [(cue, end) for _, cue, end, _ in cued]
    explained: set[int] = {cc_of_stmt[i] for _, _, _, i in cued if i is not None and i in cc_of_stmt}
    for _, cue, end, _ in cued:
        for j, cc in enumerate(changes):
            if cue <= cc.start < end:
                explained.add(j)  # a change quoted inside a reason needs none
    ends_for_reason = sorted(set(stmt_starts) | {c.start for c in changes if c.change.base})

    def inside_taken(pos: int) -> bool:
        return any(a <= pos < b for a, b in taken)

    def open_before(pos: int) -> list[int]:
        """Indices of unexplained changes before ``pos`` in its paragraph (or the paragraph
        before, when the marker opens its paragraph)."""
        para = ctx.para_start(pos)
        lead = nt[para:pos].strip(" \n，,：:")
        if not lead or len(lead) <= 12 and not any(ch.isdigit() for ch in lead):
            para = ctx.para_start(max(0, para - 1))
        last_taken = max((b for a, b in taken if para <= b <= pos), default=para)
        return [j for j, cc in enumerate(changes)
                if j not in explained and last_taken <= cc.start and cc.end <= pos and not inside_taken(cc.start)]

    sentence_starts = ctx.bounds

    def sent_of(pos: int) -> int:
        # sentences end at 。！？ and line breaks (not at ；)
        k = max(nt.rfind(ch, 0, pos) for ch in "。！？!?\n")
        return k

    # 2. cued reasons with no change
    for r, cue, _end, st_i in cued:
        if r.change is not None and (r.change.amount is not None or r.change.rate is not None):
            continue
        if st_i is not None:
            continue
        cand = open_before(cue)
        mk = Marker(cue, cue, r.marker or "", "after")
        cc, also = attach_after(nt, mk, [changes[j] for j in cand], sent_of)
        if cc is None:
            continue
        j = changes.index(cc)
        explained.add(j)
        if cc.group > 0:
            explained.update(k for k, o in enumerate(changes) if o.group == cc.group)
        r.change = to_change(ctx, cc)
        r.also = also
        if cc.item and (not r.item or not (r.item in cc.item or cc.item in r.item)):
            # the template reading named the text before the cue (``较年初预算减少的``,
            # ``据介绍``): the change's own subject names the item
            r.item = cc.item
        if j in stmt_of_cc and stmt_of_cc[j] in missing:
            _drop(reasons, missing.pop(stmt_of_cc[j]))

    # 3. explanations with the grammar's markers
    for mk in find_markers(nt):
        if mk.role == "heading" or inside_taken(mk.start) or ctx.skipped(ctx.orig(mk.start)):
            continue
        if mk.role == "before":
            after = [cc for j, cc in enumerate(changes) if j not in explained and cc.end > mk.end]
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
            if mk.role == "purpose":
                # 主要用于… right after a change: the explanation given (checks judge it)
                pool = [c for c in pool if sent_of(c.start) == sent_of(mk.start) or nt[c.end:mk.start].strip("，,。；; \n") == ""]
            cc, also = attach_after(nt, mk, pool, sent_of)
            if cc is None and "原因" not in mk.text:
                continue
            end = _reason_end(ctx, mk.end, ends_for_reason)
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
        r = Reason(text=text[s:e], start=s, end=e, item=(cc.item or None) if cc is not None else None,
                   change=to_change(ctx, cc) if cc is not None else None, kind="reason",
                   marker=mk.text.rstrip("：: "), also=also, sentence_start=ss, sentence_end=se)
        if cc is not None:
            j = changes.index(cc)
            explained.add(j)
            if cc.group > 0:
                explained.update(k for k, o in enumerate(changes) if o.group == cc.group)
            if j in stmt_of_cc and stmt_of_cc[j] in missing:
                _drop(reasons, missing.pop(stmt_of_cc[j]))
            if cc.change.rate_kind == "completion":
                r.kind = "variance"
        taken.append((mk.start, end))
        for j, c2 in enumerate(changes):
            if mk.start <= c2.start < end:
                explained.add(j)
        reasons.append((r, mk.start))

    # 4. changes nobody explains where the template expects an explanation
    for j, cc in enumerate(changes):
        if j in explained or j in stmt_of_cc or inside_taken(cc.start) or not _expected(cc):
            continue
        s, _ = ctx.span(cc.end, cc.end)
        ss, se = ctx.span(cc.start, cc.end)
        if ctx.skipped(ss):
            continue
        r = Reason(text="", start=s, end=s, item=cc.item or None, change=to_change(ctx, cc),
                   kind="missing", also=list(cc.also), sentence_start=ss, sentence_end=se)
        reasons.append((r, cc.end))
    del sentence_starts
    return reasons


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
    return clean_item(nt[k + 1:pos])
