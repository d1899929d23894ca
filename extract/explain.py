"""Explanations attached to the changes they explain (the reason side of the clause grammar).

Markers come from extract/vocab.py. A marker of ``MARKERS_AFTER`` (主要原因是, 原因主要是,
下降的原因:, 主要是, 这主要是, ...) explains a change stated before it: in its own sentence,
else in the sentence or paragraph before (``…下降Y%。⏎主要原因是…``). When several changes
are open (stated since the last explanation) the one named before the marker wins
(``〈项〉减少的主要原因是``, ``较年初预算减少的原因``); else the nearest one in the marker's
own sentence, else the total that opens a list of sub-items (a reason after the list is
for the total); a change distributed by 分别/各 over several items gives one reason with
``also``. A marker of ``MARKERS_BEFORE`` (由于, 受…影响, 因) explains the change that follows
it in the same sentence (``由于…，导致…``); with none after it, a change right before it.

Offsets are normalised here; narrative.py maps them back.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection
from dataclasses import dataclass, field

from extract import vocab
from extract.clauses import ChangeClause, clean_item

__all__ = ["Marker", "find_markers", "attach_after", "attach_before", "named_item", "same_item"]

_AFTER = re.compile("|".join(f"(?:{p})" for p in vocab.MARKERS_AFTER))
_BEFORE = re.compile("|".join(f"(?:{p})" for p in vocab.MARKERS_BEFORE))


def _first_chars(pattern: str) -> str:
    """The characters a match of ``pattern`` can start with (literals, classes, groups and
    alternations of them; the vocabulary's markers are all of that form)."""
    from re import _constants as c  # type: ignore[attr-defined]
    from re import _parser as p  # type: ignore[attr-defined]

    def first(items) -> set[str]:
        if not items:
            raise ValueError("empty")
        op, av = items[0]
        if op in (c.ASSERT, c.ASSERT_NOT):
            return first(items[1:])  # a lookaround consumes nothing
        if op is c.LITERAL:
            return {chr(av)}
        if op is c.IN and all(o is c.LITERAL for o, _ in av):
            return {chr(v) for _, v in av}
        if op is c.SUBPATTERN:
            return first(list(av[-1]))
        if op is c.BRANCH:
            return set().union(*(first(list(b)) for b in av[1]))
        raise ValueError(f"no literal start: {op}")

    return "".join(sorted(first(list(p.parse(pattern)))))


# Where a marker can start: a character-class search runs in C, the full alternation is
# tried only there (searching the alternation itself tries it at every character).
_AFTER_GATE = re.compile("[" + re.escape(_first_chars(_AFTER.pattern)) + "]")
_BEFORE_GATE = re.compile("[" + re.escape(_first_chars(_BEFORE.pattern)) + "]")


def _gated(rx: re.Pattern[str], gate: re.Pattern[str], nt: str, lo: int, hi: int):
    """The matches ``rx.finditer(nt, lo, hi)`` gives, found from the gate's hits."""
    pos = lo
    while True:
        g = gate.search(nt, pos, hi)
        if g is None:
            return
        m = rx.match(nt, g.start(), hi)
        if m is None:
            pos = g.start() + 1
            continue
        yield m
        pos = m.end() if m.end() > m.start() else m.start() + 1


_LINK = re.compile(vocab.RESULT_LINKS)
_HEADING_MARK = re.compile(r"如下[：:]?$")
_PURPOSE = re.compile(vocab.PURPOSE)
# A list number opening the line (``8.由于…``, ``(二)受…影响``): the marker opens its clause.
_LINE_ENUM = re.compile(r"(?:^|(?<=\n))[ \t]*(?:" + vocab.ENUM + r"|[一二三四五六七八九十]{1,2}、)$")
_DIR_ONLY = re.compile(
    r"^(?:[，,。\s]|其|的|这|此|是|出现|同比|较|比|与|相比|年初|调整|预算数?|决算数?|上年|去年|同期|度|数|有所|"
    + "|".join(sorted(vocab.DIRECTION_WORDS, key=len, reverse=True))
    + "|"
    + "|".join(vocab.FLAT_WORDS)
    + r"|变动|变化|差异|增减|小于|大于|低于|高于|\d{4}年)*$"
)
_RESTATED_TAIL = re.compile(
    r"(?:"
    + "|".join(sorted(vocab.DIRECTION_WORDS, key=len, reverse=True))
    + r"|的|出现|有所|变动|变化|差异|增减|持平)+$"
)
_BASE_WORDS = (
    ("年初预算", "年初预算"),
    ("调整预算", "调整预算"),
    ("预算", "预算"),
    ("上年同期", "上年同期"),
    ("上年", "上年"),
    ("同比", "上年同期"),
)


@dataclass
class Marker:
    start: int  # normalised
    end: int
    text: str
    role: str  # after | before | heading | purpose
    link: int = -1  # before-markers: where the result link (导致/使得) starts, if any
    also: list[str] = field(default_factory=list)


def find_markers(nt: str, lo: int = 0, hi: int | None = None, bounds: Collection[int] = ()) -> list[Marker]:
    """Every marker in ``nt[lo:hi]`` in order (an after-marker wins over an overlapping one).

    ``bounds``: offsets where a clause starts although no punctuation precedes them (after a
    heading line the normaliser glued to its paragraph)."""
    hi = len(nt) if hi is None else hi
    out: list[Marker] = []
    for m in _gated(_AFTER, _AFTER_GATE, nt, lo, hi):
        s = m.start()
        if nt.endswith("偏差", 0, s):
            continue  # 偏差原因 belongs to the tables
        role = "heading" if _HEADING_MARK.search(m.group()) else "after"
        out.append(Marker(s, m.end(), m.group(), role))
    taken_starts = [mk.start for mk in out]
    for m in _gated(_BEFORE, _BEFORE_GATE, nt, lo, hi):
        i = bisect.bisect_right(taken_starts, m.start()) - 1
        if i >= 0 and m.start() < out[i].end:
            continue  # inside an after-marker (主要是由于)
        s = m.start()
        # 由于 / 因 open an explanation at a clause start (not ``由于`` inside a reason body)
        prev = nt[s - 1] if s > 0 else "\n"
        if (
            prev not in "，,。；;：:\n（("
            and not nt.endswith(("主要是", "这是", "主要", "是"), 0, s)
            and not _LINE_ENUM.search(nt, max(0, s - 8), s)
            and s not in bounds
        ):
            if m.group() != "受":
                continue
        out.append(Marker(s, m.end(), m.group(), "before"))
    for m in _PURPOSE.finditer(nt, lo, hi):
        out.append(Marker(m.start(), m.end(), m.group(), "purpose"))
    out.sort(key=lambda mk: mk.start)
    return out


def _restated(gap: str) -> tuple[str, str | None]:
    """(item, base) named in the text between a change and its marker
    (``〈项〉减少的`` / ``较年初预算减少的``)."""
    base = next((b for w, b in _BASE_WORDS if w in gap), None)
    if _DIR_ONLY.match(gap):
        return "", base
    return clean_item(_RESTATED_TAIL.sub("", gap)), base


_CMP_TAIL = re.compile(r"(?:较|比|与)(?:上年同期|上年度?|去年|同期|\d{4}年度?(?:决算数?)?)(?:相比)?$")
_GENERIC_NAME = re.compile(
    r"^(?:年初|调整后?|全年|本年|预算|决算|执行|数|支出|收入|经费|费用|资金|总额|合计|实际|该项|本项|其|各项)*$"
)
_QUOTES = str.maketrans("", "", "\"'“”‘’「」")


def named_item(nt: str, mk: Marker) -> str:
    """The item a marker's own clause restates with its direction (``〈项〉较上年减少的主要
    原因是``): a reason that names what it explains, wherever that change was stated."""
    gap = nt[_clause_start(nt, mk.start) : mk.start].strip("，,。；;\n ")
    if not gap or not any(w in gap for w in vocab.DIRECTION_WORDS):
        return ""
    item, _ = _restated(gap)
    item = _CMP_TAIL.sub("", item).strip()
    # ``支出下降主要原因是`` names no item of its own: only its neighbour explains it
    return "" if _GENERIC_NAME.match(item.translate(_QUOTES)) else item


def same_item(a: str | None, b: str | None) -> bool:
    """One item name holds the other, quotes aside (``"三公"经费`` / ``三公”经费``)."""
    x, y = (a or "").translate(_QUOTES), (b or "").translate(_QUOTES)
    return bool(x and y) and (x in y or y in x)


def attach_after(
    nt: str, mk: Marker, open_changes: list[ChangeClause], sent_of
) -> tuple[ChangeClause | None, list[str]]:
    """The change an after-marker explains among the open ones (stated before it, not yet
    explained, in order), and the other items the same explanation covers."""
    if not open_changes:
        return None, []
    last = open_changes[-1]
    gap_start = max(last.end, _clause_start(nt, mk.start))
    gap = nt[gap_start : mk.start]
    item, base = _restated(gap.strip("，,。；;\n "))
    if item:
        hits = [c for c in open_changes if c.item and (item in c.item or c.item in item)]
        if hits:
            return _with_group(hits[0], open_changes)
    if base:
        # an unchanged figure (差异率0.00%) is not what a 小于/减少 reason explains
        hits = [c for c in open_changes if c.change.base == base and c.change.direction != "持平"]
        if hits and len({c.item for c in open_changes}) > 1:
            return _with_group(hits[0], open_changes)
    my_sent = sent_of(mk.start)
    same = [c for c in open_changes if sent_of(c.start) == my_sent]
    if same:
        return _with_group(same[-1], open_changes)
    # After a list of sub-items: a total that opens the list (its item contains 三公/合计 or
    # the others' clauses follow 其中) takes the reason; else the nearest change.
    first = open_changes[0]
    if len({c.item for c in open_changes}) > 1 and "其中" in nt[first.end : last.start]:
        return _with_group(first, open_changes)
    return _with_group(last, open_changes)


def _with_group(c: ChangeClause, pool: list[ChangeClause]) -> tuple[ChangeClause, list[str]]:
    if c.group > 0:
        members = [o for o in pool if o.group == c.group]
        if members:
            head = members[0]
            return head, [o.item for o in members[1:] if o.item and o.item != head.item]
    return c, []


def attach_before(nt: str, mk: Marker, changes_after: list[ChangeClause]) -> ChangeClause | None:
    """The change a before-marker explains: the first one after it in its sentence (the
    reasons may be several clauses split by ；: ``由于A；B，〈项〉增加X``)."""
    end = _scope_end(nt, mk.end)
    if (
        end < len(nt)
        and nt[end] == "。"
        and not any(mk.end < c.change.end and c.start < end for c in changes_after)
    ):
        # ``由于A，B下降。C，〈项〉减少X万元``: a sentence with no change of its own explains
        # the change of the next sentence in its paragraph, when no other marker opens there
        nxt = _scope_end(nt, end + 1)
        if (
            end + 1 < len(nt)
            and nt[end + 1] not in "\n"
            and not _AFTER.search(nt, end + 1, nxt)
            and not _BEFORE.match(nt, end + 1)
        ):
            end = nxt
    inside = [c for c in changes_after if c.change.end > mk.end and c.start < end]
    # a qualitative change inside the reason (``由于油价上调，燃油费有所增加，〈项〉增加X万元``)
    # is part of the explanation: the change with a figure after it is the one explained
    figured = [c for c in inside if c.change.amount is not None or c.change.rate is not None]
    return (figured or inside or [None])[0]


def before_end(nt: str, mk: Marker, change: ChangeClause) -> int:
    """End of a before-explanation: the result link (导致/使得), else the clause break before
    the change's own statement."""
    lk = _LINK.search(nt, mk.end, max(mk.end, change.end))
    if lk and lk.start() > mk.end:
        mk.link = lk.start()
        return lk.start()
    # the comma before the change's first number-bearing clause
    stop = (
        change.amount_span[0]
        if change.amount_span
        else (change.rate_span[0] if change.rate_span else change.end)
    )
    if mk.end < change.start < stop:
        stop = change.start  # the change's subject (``…，〈项〉X万元，比上年减少Y``) is no reason
    k = max(nt.rfind(ch, mk.end, stop) for ch in "，,")
    if k > mk.end:
        return k
    return stop


def _scope_end(nt: str, pos: int) -> int:
    """End of a before-marker's sentence: the next 。, or a line break not wrapped inside
    the sentence (one after ，/；/、 continues it: ``由于A；⏎B，〈项〉增加X``)."""
    i = pos
    while True:
        ends = [k for k in (nt.find("。", i), nt.find("\n", i)) if k >= 0]
        if not ends:
            return len(nt)
        k = min(ends)
        if nt[k] == "。":
            return k
        j = k
        while j > pos and nt[j - 1] in " \t\n":
            j -= 1
        if j <= pos or nt[j - 1] not in "，,；;、：:":
            return k
        i = k + 1


def _clause_start(nt: str, pos: int) -> int:
    k = max(nt.rfind(ch, 0, pos) for ch in "，,。；;\n")
    return k + 1


def _sentence_end(nt: str, pos: int, chars: str = "。\n；;") -> int:
    ends = [i for i in (nt.find(ch, pos) for ch in chars) if i >= 0]
    return min(ends) if ends else len(nt)
