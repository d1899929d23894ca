"""One explanation for a list of items (``A、B、C分别减少X、Y、Z万元，…，主要原因是…``).

The clause grammar (extract/clauses.py, extract/clause_changes.py) distributes the values of a
分别/各 list over its items in order: each item gets its own change (a group id ties them). A
reason after the list explains every item's change, not only the first one's: the grammar pass
(extract/narrative_grammar.py) asks :func:`share_reason` for one Reason per other item of the
group, with the same text and span (one reason written once), the item's own change, and
``also`` naming the other items. Reading the corpus's reasons counts a span once
(classify/corpus_units.py), so the copies add no text.

A group is shared only when its items are distinct and named: a list whose items could not be
told apart (fewer items than values) keeps today's reading, the first change with the others
in ``also``.
"""

from __future__ import annotations

from collections.abc import Callable

from extract.clause_records import ChangeClause
from extract.model import Change, Reason


def group_members(cc: ChangeClause, changes: list[ChangeClause], index: dict[int, int]) -> list[ChangeClause]:
    """The changes of ``cc``'s 分别/各 group in reading order, when each names its own item
    (else only ``cc``)."""
    if cc.group <= 0:
        return [cc]
    members = [c for c in changes if c.group == cc.group]
    items = [c.item for c in members]
    if len(members) < 2 or not all(items) or len(set(items)) != len(items):
        return [cc]
    members.sort(key=lambda c: index[id(c)])
    return members


def share_reason(
    r: Reason,
    cc: ChangeClause,
    members: list[ChangeClause],
    to_change: Callable[[ChangeClause], Change],
    span: Callable[[int, int], tuple[int, int]],
) -> list[Reason]:
    """``r`` explains ``cc``; one more Reason per other member of its group (same text and
    span, the member's own item and change). ``r`` takes ``cc``'s item and the others in
    ``also``."""
    if len(members) < 2:
        return []
    names = [m.item for m in members]
    r.item = cc.item or r.item
    r.also = [n for n in names if n != r.item]
    out = []
    for m in members:
        if m is cc:
            continue
        ss, _ = span(min(m.start, cc.start), min(m.start, cc.start))
        out.append(
            Reason(
                text=r.text,
                start=r.start,
                end=r.end,
                item=m.item,
                change=to_change(m),
                kind=r.kind,
                marker=r.marker,
                also=[n for n in names if n != m.item],
                sentence_start=min(r.sentence_start, ss) if r.sentence_start >= 0 else ss,
                sentence_end=r.sentence_end,
            )
        )
    return out
