"""Stated reasons of the narrative (:func:`extract_reasons`): every cued reason attached to the
change statement it explains, plus a ``missing`` Reason per uncued change (see
extract/narrative.py's docstring for the cues and where a reason ends).

Moved out of extract/narrative.py (issue 15): the reasons and their cue helpers; the shared
analysis (``_analysis``) stays with the figures.
"""

from __future__ import annotations

import bisect
import re

from extract.model import Change, Reason
from extract.narrative import _analysis, _clean_item, _last_bound
from extract.narrative_grammar import grammar_pass
from extract.narrative_patterns import (
    _CUE,
    _DIRECTION,
    _ITEM_FOLD,
    _WEAK,
)
from extract.narrative_state import (
    _Ctx,
    _reason_end,
    _Stmt,
)
from extract.normalize import NormText

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
