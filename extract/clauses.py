"""Clause grammar of narrative figures: every stated change and every stated amount.

The normalised text (see extract/normalize.py) is cut into sentences (``。！？!?`` and line
breaks), segments (also ``；;``) and clauses (``，,：:（）()``). One scan with one compiled
pattern finds the tokens of a clause: comparisons (比上年 / 较2022年决算数X万元 / 与…相比 /
同比), direction words with their number (增加X万元, 下降Y%, 增Y个百分点, 分别减少X、Y、Z),
unfilled templates (增加(减少)X万元), 由X万元减至Y万元, completion forms (完成预算的Y%),
rate nouns (增幅Y%), 持平-words, plain amounts (X万元 / X亿元 / X元) and shares (占Y%).
A small state machine per segment then builds:

- :class:`Amount`: an item with an amount (``公务接待费X万元``), the figure clause;
- :class:`ChangeClause`: an item's change, as :class:`extract.model.Change` (money in 万元,
  the unit as written, base, base value, current, rate and its kind, direction and where
  it comes from), with normalised spans of its parts.

Subjects: the text before the first token of the clause that opens the change; else the
amount clause before it in the segment (``A X万元，比上年增加…``: current X); else the item
of the previous change in the paragraph (``与2022年决算相比，减少X万元``). Offsets here are
normalised; callers map them with :meth:`NormText.span`.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from itertools import accumulate

from extract import vocab
from extract.clause_records import Amount, ChangeClause, Parsed, _money, _num, _Seg, _unit
from extract.clause_tokens import (
    _BASE_RX,
    _CLAUSE_SEP,
    _COMPL_KIND,
    _COMPL_RATE,
    _MONEY,
    _N,
    _PARENS,
    _RANK_TAIL,
    _SELF_BASE_OF,
    _tokens,
    clean_item,
)
from extract.model import Change

__all__ = ["Amount", "ChangeClause", "parse_clauses", "clean_item"]


@lru_cache(maxsize=1024)
def _base_of(s: str) -> str:
    for rx, b in _BASE_RX:
        m = rx.fullmatch(s)
        if m:
            if b == "Y":
                # ``与2023年度预算相比`` compares with that year's budget, not its final account
                return f"{m.group('year')}年" + ("预算" if "预算" in s else "")
            return b
    return s


_ITEM_SPLIT = re.compile(r"[、]|(?<=[费金出入])(?:和|及|与)")
_LIST_VALUE = re.compile(rf"(?P<n>{_N})(?P<u>{_MONEY}|%|{vocab.POINTS})?")
_EACH_TAIL = re.compile(r"(?:分别|各|均).*$")
_YEAR_BASES = frozenset({"上年", "上年同期"})
_SEG_BREAK = re.compile(r"[。！？!?\n；;]")
_SENT_BREAK = re.compile(r"[。！？!?\n]")


def _breaks(nt: str, lo: int, hi: int) -> list[int]:
    """Offsets of the segment breaks (``。！？!?；;`` and line breaks) in ``nt[lo:hi]``,
    found with one ``str.split`` per character present (cheaper than a regex scan)."""
    part = nt[lo:hi]
    out: list[int] = []
    for ch in "。！？!?；;\n":
        if ch in part:
            pieces = part.split(ch)
            out += [lo + e for e in accumulate(len(p) + 1 for p in pieces[:-1])]
    out = [e - 1 for e in out]
    out.sort()
    return out


def _split_items(region: str) -> list[str]:
    """``A、B和C`` → [A, B, C] (the items a 分别 list distributes over)."""
    parts = _ITEM_SPLIT.split(region)
    return [p for p in (clean_item(x) for x in parts) if p]


def _list_values(
    tok: re.Match[str], head: str, unit_g: str, list_g: str
) -> list[tuple[float | None, str | None, tuple[int, int]]]:
    """The values of ``减少X万元、Y万元和Z万元``: (value, unit, span) each, the last unit
    applying to the earlier numbers that print none."""
    out = [(_num(tok.group(head)), tok.group(unit_g), tok.span(head))]
    lst = tok.group(list_g)
    if lst:
        base = tok.start(list_g)
        for m in _LIST_VALUE.finditer(lst):
            out.append((_num(m.group("n")), m.group("u"), (base + m.start("n"), base + m.end("n"))))
    last = next((u for _, u, _ in reversed(out) if u), None)
    return [(v, u or last, s) for v, u, s in out]


def parse_clauses(
    nt: str, lo: int = 0, hi: int | None = None, extra_breaks: list[int] | None = None
) -> Parsed:
    """Every amount and change stated in ``nt[lo:hi]`` (normalised offsets).

    ``extra_breaks``: more segment breaks (the last character of a heading line that the
    normaliser glued to its paragraph)."""
    hi = len(nt) if hi is None else hi
    amounts: list[Amount] = []
    changes: list[ChangeClause] = []
    seg_i = 0
    sent_i = 0
    group = 0
    st = _Seg(nt, lo, seg_i, sent_i)
    last_para_item: list[str] = [""]
    last_para_base: list[str | None] = [None]

    def close() -> None:
        if st.cur is not None:
            c = st.cur.change
            if c.amount is None and c.rate is None and c.direction is None:
                st.cur = None  # a comparison with nothing stated (yet): no change
                return
            if c.base is None and c.rate_kind != "completion" and last_para_base[0] in _YEAR_BASES:
                # ``…较上年减少X万元。其中：公务接待费减少Y万元``: the paragraph's comparison
                c.base = last_para_base[0]
            _finish(st.cur)
            changes.append(st.cur)
            last_para_item[0] = st.cur.item or last_para_item[0]
            if c.base is not None and c.rate_kind != "completion":
                last_para_base[0] = c.base
            st.cur = None

    def subject(pos: int) -> tuple[str, Amount | None, tuple[int, int] | None]:
        """Item and current amount of a change opening at ``pos``."""
        region = nt[st.clause : pos]
        own = [a for a in st.amounts if a.start >= st.clause and a.v_span[1] <= pos]
        if own:
            a = own[-1]
            return a.item, a, (a.start, a.v_span[0])
        item = clean_item(region)
        if item:
            # the clause names the item, the amount may sit in the clause before (``A X万元，A比上年…``)
            prev = st.amounts[-1] if st.amounts else None
            if prev is not None and prev.item and (prev.item in item or item in prev.item):
                return item, prev, (st.clause, pos)
            return item, None, (st.clause, pos)
        if st.amounts:
            a = st.amounts[-1]
            return a.item, a, (a.start, a.v_span[0])
        if st.prev_clause:
            # ``公务接待费降幅最大，下降Y%``: the clause before names the item
            named = clean_item(_RANK_TAIL.sub("", nt[st.prev_clause[0] : st.prev_clause[1]]))
            if named:
                return named, None, st.prev_clause
        if changes and changes[-1].seg == st.seg and changes[-1].item:
            return changes[-1].item, None, None
        return last_para_item[0], None, None

    def open_change(pos: int, **kw: object) -> ChangeClause:
        bare = st.cur
        carry = (
            bare is not None
            and bare.change.amount is None
            and bare.change.rate is None
            and bare.change.direction is None
        )
        close()
        item, cur_amt, ispan = subject(pos)
        ch = Change(start=pos, end=pos, **kw)  # type: ignore[arg-type]
        if cur_amt is not None:
            ch.current = cur_amt.value
            ch.unit = cur_amt.unit
            if ispan is not None:
                ch.start = min(ch.start, ispan[0])
        elif ispan is not None:
            ch.start = min(ch.start, ispan[0])
        cc = ChangeClause(item=item, change=ch, seg=st.seg, sent=st.sent, item_span=ispan)
        if cur_amt is not None:
            cc.current_span = cur_amt.v_span
        if carry and bare is not None:
            # ``与2022年度决算相比，〈项〉减少X万元``: the comparison opened in the clause before
            ch.base, ch.base_value, cc.base_value_span = (
                bare.change.base,
                bare.change.base_value,
                bare.base_value_span,
            )
            ch.start = min(ch.start, bare.change.start)
        if st.qual:
            cc.qualifier, st.qual = st.qual, None
        st.cur = cc
        st.cur_clause = st.clause
        return cc

    def can_fill(attr: str) -> bool:
        """The open change takes this number when it still lacks it and no new item
        started in between (the clause holds no item text of its own)."""
        if st.cur is None or getattr(st.cur.change, attr) is not None:
            return False
        if st.clause == st.cur_clause:
            return True
        return not clean_item(nt[st.clause : tok.start()])

    breaks = _breaks(nt, lo, hi)
    if extra_breaks:
        breaks = sorted(set(breaks).union(b for b in extra_breaks if lo <= b < hi))
    pos = lo
    for tok in _tokens(nt, lo, hi, breaks):
        # Segment and sentence breaks between the previous token and this one.
        i = bisect.bisect_left(breaks, tok.start())
        if i > 0 and breaks[i - 1] >= pos:
            gap = nt[pos : tok.start()]
            close()
            k = breaks[i - 1] - pos
            seg_i += 1
            sent_i += 1 if _SENT_BREAK.search(gap) else 0
            if "\n" in gap:
                last_para_item[0], last_para_base[0] = "", None
            st = _Seg(nt, pos + k + 1, seg_i, sent_i)
            st.para_item = last_para_item[0]
        # Clause separators and parentheses between the previous token and this one.
        g0 = max(pos, st.start)
        if g0 < tok.start():
            _gap_seps(nt, st, g0, tok.start(), pos)
        pos = tok.end()
        kind = tok.lastgroup
        g = tok.group
        if kind == "fromto":
            cc = open_change(tok.start())
            a, b = _money(_num(g("ft_a")), g("ft_au") or g("ft_bu")), _money(_num(g("ft_b")), g("ft_bu"))
            c = cc.change
            c.base_value, c.current, c.unit = a, b, _unit(g("ft_bu"))
            cc.base_value_span, cc.current_span = tok.span("ft_a"), tok.span("ft_b")
            if a is not None and b is not None:
                c.amount = round(abs(b - a), 6)
                c.direction = "增加" if b > a else "减少" if b < a else "持平"
                c.direction_source = "arithmetic"
            c.end = tok.end()
            cc.rate_word = g("ft_w")
            continue
        if kind == "cmp":
            cur = st.cur
            if (
                cur is not None
                and cur.change.base is None
                and not g("bv")
                and (cur.change.amount is None or cur.change.rate is None)
                and (st.clause == st.cur_clause or not clean_item(nt[st.clause : tok.start()]))
            ):
                # ``减少X万元，同比下降Y%``: the comparison of the change already open
                cur.change.base = _self_base(g("self")) if g("self") else _base_of(g("base"))
                if st.clause != st.cur_clause:
                    st.clause = tok.end()  # the comparison is no item of a new change
                continue
            cc = open_change(tok.start())
            c = cc.change
            c.base = _self_base(g("self")) if g("self") else _base_of(g("base"))
            if g("bv"):
                c.base_value = _money(_num(g("bv")), g("bvu"))
                cc.base_value_span = tok.span("bv")
            c.end = tok.end()
            continue
        if kind == "compl":
            _completion(st, tok, open_change)
            continue
        if kind in ("tpl", "dir"):
            tpl = kind == "tpl"
            unit = g("tu") if tpl else g("du")
            word = g("tw") if tpl else g("dw")
            direction = None if tpl else vocab.DIRECTION_WORDS.get(word)
            if unit is None and not tpl:
                # ``增长15``: a number with no unit is no change we can read
                continue
            vals = [(_num(g("tn")), unit, tok.span("tn"))] if tpl else _list_values(tok, "dn", "du", "dl")
            if st.each or len(vals) > 1:
                group += 1
                _distribute(st, tok, vals, word, direction, tpl, group, open_change, close, changes)
                st.each = False
                continue
            v, u, vspan = vals[0]
            is_rate = u == "%" or u == vocab.POINTS
            grp = (
                [c for c in changes if c.seg == st.seg and c.group > 0 and c.group == changes[-1].group]
                if changes and st.cur is None
                else []
            )
            if (
                grp
                and all(getattr(c.change, "rate" if is_rate else "amount") is None for c in grp)
                and not clean_item(nt[st.clause : tok.start()])
            ):
                # ``各增加Y万元，增长Z%``: the rate belongs to every item of the group
                for c in grp:
                    _fill(c, v, u, vspan, word, direction, tpl)
                    c.change.end = max(c.change.end, tok.end())
                    _finish(c)
                continue
            attr = "rate" if is_rate else "amount"
            if not can_fill(attr) or (
                st.cur is not None
                and direction
                and st.cur.change.direction
                and st.cur.change.direction != direction
                and st.cur.change.direction != "持平"
                and getattr(st.cur.change, "amount" if is_rate else "rate") is None
            ):
                open_change(tok.start())
            cc = st.cur
            assert cc is not None
            _fill(cc, v, u, vspan, word, direction, tpl)
            cc.change.end = max(cc.change.end, tok.end())
            continue
        if kind == "qdir":
            # ``同比大幅下降``: the change of the open clause when it states no direction yet,
            # else a change of its own with no figure
            d = vocab.DIRECTION_WORDS.get(g("qw"))
            cc = (
                st.cur
                if st.cur is not None and st.cur.change.direction is None and st.clause == st.cur_clause
                else open_change(tok.start())
            )
            if cc.change.direction is None and d:
                cc.change.direction, cc.change.direction_source = d, "word"
            cc.change.end = max(cc.change.end, tok.end())
            continue
        if kind == "rn":
            if not can_fill("rate"):
                open_change(tok.start())
            cc = st.cur
            assert cc is not None
            d = vocab.RATE_NOUNS.get(g("rnw"))
            v = _num(g("rnv").lstrip("-"))
            cc.change.rate = v
            cc.rate_span = tok.span("rnv")
            cc.change.rate_kind = "points" if g("rnp") else "growth"
            cc.rate_word = g("rnw")
            if cc.change.direction is None and d:
                cc.change.direction, cc.change.direction_source = d, "word"
            cc.change.end = max(cc.change.end, tok.end())
            continue
        if kind == "flat":
            if st.cur is not None and st.cur.change.direction is None and st.cur.change.amount is None:
                cc = st.cur
            else:
                cc = open_change(tok.start())
            cc.change.direction, cc.change.direction_source = "持平", "word"
            cc.change.end = tok.end()
            if st.each:
                # ``收、支总计均与上年持平``: every item of the segment is flat
                cc.also = [a.item for a in st.amounts[:-1] if a.item and a.item != cc.item]
                st.each = False
            continue
        if kind == "pct":
            # A bare rate right after a change amount (``减少X万元（Y%）``).
            if (
                st.cur is not None
                and st.cur.change.rate is None
                and st.cur.change.amount is not None
                and (st.paren or st.clause == st.cur_clause or not clean_item(nt[st.clause : tok.start()]))
            ):
                cc = st.cur
                cc.change.rate = _num(g("pv").lstrip("-"))
                cc.rate_span = (tok.start("pv") + (1 if g("pv").startswith("-") else 0), tok.end("pv"))
                cc.change.rate_kind = "points" if g("pp") else "growth"
                cc.change.end = tok.end()
            continue
        if kind == "share":
            if st.amounts and st.amounts[-1].share is None and st.amounts[-1].seg == st.seg:
                st.amounts[-1].share = _num(g("sv"))
                st.amounts[-1].share_span = tok.span("sv")
            continue
        if kind == "qual":
            # ``(同口径)`` after a rate qualifies it; ``可比增长`` / ``按自然口径计算下降`` the next one
            if (
                st.cur is not None
                and st.paren
                and st.cur.qualifier is None
                and (st.cur.change.rate is not None or st.cur.change.amount is not None)
            ):
                st.cur.qualifier = g()
            else:
                st.qual = g()
            continue
        if kind == "each":
            st.each = True
            continue
        if kind == "amt":
            if (
                st.cur is not None
                and st.cur.change.amount is None
                and st.cur.change.direction is not None
                and st.clause == st.cur_clause
                and st.cur.change.rate is None
            ):
                # ``比上年减少，减少X万元`` is rare; an amount after a direction-only change
                _fill(st.cur, _num(g("av")), g("au"), tok.span("av"), None, st.cur.change.direction, False)
                continue
            prev_end = max((a.end for a in st.amounts if a.end > st.clause), default=st.clause)
            region = nt[prev_end : tok.start()]
            item = clean_item(region)
            if not item and st.amounts and st.amounts[-1].seg == st.seg:
                item = st.amounts[-1].item
            if st.cur is not None and st.clause != st.cur_clause:
                close()
            a = Amount(
                item=item,
                value=_money(_num(g("av")), g("au")),
                unit=_unit(g("au")) or "",
                start=st.clause,
                end=tok.end(),
                v_span=tok.span("av"),
                seg=st.seg,
                sent=st.sent,
                label=region,
            )
            st.amounts.append(a)
            amounts.append(a)
            continue
    close()
    _rate_to_group(changes)
    return Parsed(amounts, changes)


def _rate_to_group(changes: list[ChangeClause]) -> None:
    """``收、支总计均为X万元，较上年同期各减少Y万元，减幅Z%``: the rate read as a change of
    its own (no amount, the group's item) is the rate of the 各/分别 group before it."""
    drop: list[int] = []
    for k, c in enumerate(changes):
        ch = c.change
        if ch.amount is not None or ch.rate is None or ch.rate_kind != "growth":
            continue
        if c.group > 0 and any(o is not c and o.group == c.group for o in changes):
            continue  # a rate of a list of its own (分别增长A%、B%)
        # the group right before the rate, or (``同比增幅Y%，各减少X万元``) right after it
        near = [
            g
            for g in (changes[k - 1] if k > 0 else None, changes[k + 1] if k + 1 < len(changes) else None)
            if g is not None
            and g.group > 0
            and g.group != c.group
            and g.seg == c.seg
            and g.sent == c.sent
            and g.change.rate is None
            and g.item == c.item
            and k - 1 not in drop
        ]
        if not near:
            continue
        g = near[0]
        disagree = bool(ch.direction and g.change.direction and ch.direction != g.change.direction)
        members = [m for m in changes if m.group == g.group and m.change.rate is None]
        for m in members:
            m.change.rate, m.rate_span, m.rate_word = ch.rate, c.rate_span, c.rate_word
            m.change.start, m.change.end = min(m.change.start, ch.start), max(m.change.end, ch.end)
            if disagree:
                m.words_disagree = True
                _finish(m)
        drop.append(k)
    for k in reversed(drop):
        del changes[k]


_GAP_CHARS = frozenset(",，：:（()）")


def _gap_seps(nt: str, st: _Seg, a: int, b: int, prev_end: int) -> None:
    """Advance the clause state over the separators in ``nt[a:b]`` (a gap with no token):
    the clause starts after the last one; a clause with no token (between the last two, or
    the whole clause before when no token was read in it) may name the next one's item."""
    if _GAP_CHARS.isdisjoint(nt[a:b]):
        return  # no separator or parenthesis in the gap (most gaps): nothing to advance
    for m in _PARENS.finditer(nt, a, b):
        if m.group() in "（(":
            if _CLAUSE_SEP.match(nt, m.start()):
                st.paren = True
        elif st.paren:
            st.paren = False
    # (no end bound on the search: a ``(`` is a separator by what follows it, past the gap)
    seps = []
    for m in _CLAUSE_SEP.finditer(nt, a):
        if m.start() >= b:
            break
        seps.append(m.start())
    if not seps:
        return
    last = seps[-1]
    if len(seps) >= 2:
        cstart, quiet = seps[-2] + 1, True
    else:
        cstart, quiet = st.clause, prev_end <= st.clause
    st.prev_clause = (cstart, last) if quiet and last > cstart else None
    st.clause = last + 1


def _self_base(s: str) -> str:
    for rx, b in _SELF_BASE_OF:
        if rx.fullmatch(s):
            return b
    return s


def _fill(
    cc: ChangeClause,
    v: float | None,
    u: str | None,
    span: tuple[int, int],
    word: str | None,
    direction: str | None,
    tpl: bool,
) -> None:
    c = cc.change
    if u == "%" or u == vocab.POINTS:
        c.rate = v
        cc.rate_span = span
        c.rate_kind = "points" if u == vocab.POINTS else "growth"
        cc.rate_word = word
    else:
        c.amount = _money(v, u)
        c.unit = _unit(u)  # the unit the change amount is written in
        cc.amount_span = span
    if tpl:
        c.direction_source = c.direction_source or "template"
    elif direction and c.direction is None:
        c.direction, c.direction_source = direction, "word"
    elif direction and c.direction in ("增加", "减少") and direction != c.direction:
        cc.words_disagree = True


# A comparison phrase is no item (``收、支总计均为X万元，较上年同期各减少Y万元``).
_CMP_ONLY = re.compile(
    r"^(?:同比|(?:较|比|与)(?:上年同期|上一?年度?|去年|同期|\d{4}年度?)"
    r"(?:决算数?|预算数?|执行数)?(?:相比)?)$"
)


def _distribute(
    st: _Seg,
    tok: re.Match[str],
    vals: list,
    word: str,
    direction: str | None,
    tpl: bool,
    group: int,
    open_change,
    close,
    changes: list[ChangeClause],
) -> None:
    """``A、B、C分别减少X、Y、Z`` / ``收入总计、支出总计各增加Y``: one change per item, in order."""
    nt = st.nt
    region = nt[st.clause : tok.start()]
    pending_base = st.cur.change.base if st.cur is not None else None
    amounts_here = [a for a in st.amounts if a.seg == st.seg]
    _spread_list_amounts(amounts_here)
    items = [i for i in _split_items(_EACH_TAIL.sub("", region)) if not _CMP_ONLY.match(i)]
    if len(items) < 2 and len(amounts_here) >= 2:
        items = [a.item for a in amounts_here]
    if not items and amounts_here:
        items = [a.item for a in amounts_here]  # ``收、支总计均为X万元，…各增加Y万元``
    if not items:
        items = [clean_item(region) or st.para_item]
    # Rates after amounts (``分别减少X、Y万元，分别下降A%、B%``): fill the group's changes.
    is_rate = vals[0][1] in ("%", vocab.POINTS)
    prev = [c for c in changes if c.group == group - 1 and c.seg == st.seg]
    if st.cur is not None and st.cur.group == group - 1:
        close()
        prev = [c for c in changes if c.group == group - 1 and c.seg == st.seg]
    if prev and is_rate and all(c.change.rate is None for c in prev):
        for c, (v, u, sp) in zip(prev, vals, strict=False):
            _fill(c, v, u, sp, word, direction, tpl)
            c.change.end = max(c.change.end, tok.end())
        return
    close()
    n = max(len(items), len(vals)) if len(vals) == 1 else len(vals)
    made = []
    for i in range(n):
        v, u, sp = vals[i] if i < len(vals) else vals[-1]
        item = items[i] if i < len(items) else items[-1]
        ch = Change(start=st.clause, end=tok.end())
        cc = ChangeClause(item=item, change=ch, seg=st.seg, sent=st.sent, group=group)
        match = next((a for a in amounts_here if a.item == item), None)
        if match is not None:
            ch.current, cc.current_span = match.value, match.v_span
        prior = next((c for c in reversed(changes) if c.seg == st.seg and c.change.base), None)
        ch.base = pending_base or (prior.change.base if prior is not None else None)
        _fill(cc, v, u, sp, word, direction, tpl)
        made.append(cc)
    for cc in made:
        _finish(cc)
        cc.also = [m.item for m in made if m is not cc and m.item]
    changes.extend(made)


def _spread_list_amounts(amounts: list[Amount]) -> None:
    """``A、B、C分别为X、Y、Z``: the listed amounts all took the list's subject; give each its
    own item, in order, when the subject splits into exactly as many items as there are values."""
    i = 0
    while i < len(amounts):
        j = i + 1
        while j < len(amounts) and amounts[j].item == amounts[i].item:
            j += 1
        run = amounts[i:j]
        if len(run) >= 2:
            parts = _split_items(_EACH_TAIL.sub("", run[0].item))
            if len(parts) == len(run):
                for a, name in zip(run, parts, strict=True):
                    a.item = name
        i = j


def _completion(st: _Seg, tok: re.Match[str], open_change) -> None:
    """``支出预算为X万元，支出决算为Y万元，完成预算的Z%``: rate_kind completion; the budget and
    the final amount from the clauses before it in the segment when printed."""
    g = tok.group
    form = g("cform")
    base = _COMPL_RATE[g("crn")] if g("crn") else _COMPL_KIND.get(g("ck") or "", "预算")
    bv, bvu = g("cbv"), g("cbu")
    bspan = tok.span("cbv") if bv else None
    budget_amt = next(
        (a for a in reversed(st.amounts) if _BUDGET_LABEL.search(a.label) and a.seg == st.seg), None
    )
    final_amt = next(
        (
            a
            for a in reversed(st.amounts)
            if a.seg == st.seg and a is not budget_amt and not _BUDGET_LABEL.search(a.label)
        ),
        None,
    )
    cur = st.cur
    if (
        cur is not None
        and cur.change.rate is None
        and cur.change.rate_kind is None
        and st.clause == st.cur_clause
    ):
        cc = cur
    else:
        cc = open_change(tok.start())
    c = cc.change
    c.rate = _num(g("cr"))
    c.rate_kind = "completion"
    c.base = base
    cc.rate_span = tok.span("cr")
    cc.rate_word = form
    if bv is not None:
        c.base_value, cc.base_value_span = _money(_num(bv), bvu), bspan
    elif budget_amt is not None:
        c.base_value, cc.base_value_span = budget_amt.value, budget_amt.v_span
        c.start = min(c.start, budget_amt.start)
    if final_amt is not None and (budget_amt is None or final_amt.v_span[0] > budget_amt.v_span[0]):
        c.current, cc.current_span = final_amt.value, final_amt.v_span
        c.unit = final_amt.unit
        if not cc.item or cc.item == budget_amt_item(budget_amt) or _generic(cc.item):
            cc.item = _strip_budget_words(final_amt.item)
    elif budget_amt is not None and not cc.item:
        cc.item = _strip_budget_words(budget_amt.item)
    cc.item = _strip_budget_words(cc.item)
    if budget_amt is not None and (not cc.item or _generic(cc.item)) and not _generic(budget_amt.item):
        # ``〈项〉年初预算X万元，决算支出Y万元``: the budget clause names the item
        cc.item = _strip_budget_words(budget_amt.item)
    if c.current is not None and c.base_value is not None:
        c.amount = round(abs(c.current - c.base_value), 6)
        c.direction = "增加" if c.current > c.base_value else "减少" if c.current < c.base_value else "持平"
        c.direction_source = "arithmetic"
    elif c.rate is not None:
        c.direction = "增加" if c.rate > 100 else "减少" if c.rate < 100 else "持平"
        c.direction_source = "arithmetic"
    c.end = max(c.end, tok.end())


_BUDGET_LABEL = re.compile(r"预算(?:数|总额)?(?:为|是|安排)?$")


def budget_amt_item(a: Amount | None) -> str | None:
    return a.item if a is not None else None


_BUDGET_WORDS = re.compile(r"(?:支出|收入)?(?:年初|调整后?|全年)?(?:预算|决算|执行)(?:数|总额)?(?:为|是)?$")


_GENERIC = re.compile(r"^(?:年初|调整后?|全年|预算|决算|执行|数|支出|收入|为|是|实际)*$")


def _generic(item: str) -> bool:
    """An item that is only budget words (``决算支出``, ``支出决算数``)."""
    return bool(_GENERIC.match(item or ""))


def _strip_budget_words(item: str) -> str:
    s = _BUDGET_WORDS.sub("", item or "")
    return s or item or ""


def _finish(cc: ChangeClause) -> None:
    """Direction from arithmetic when the words leave it open (templates, no word)."""
    c = cc.change
    if cc.qualifier:
        c.qualifier = cc.qualifier
    if c.direction is not None and c.direction_source != "template" and not cc.words_disagree:
        return
    # An unfilled template, or two words that disagree: the printed numbers decide when
    # they can (else the first word stays).
    src = "template" if c.direction_source == "template" else "arithmetic"
    if c.current is not None and c.base_value is not None:
        c.direction = "增加" if c.current > c.base_value else "减少" if c.current < c.base_value else "持平"
        c.direction_source = src
        return
    if c.amount is not None and c.amount == 0:
        c.direction, c.direction_source = "持平", src
        return
    if c.amount is not None and c.rate is not None and c.current is not None and c.rate_kind == "growth":
        up = c.current - c.amount
        down = c.current + c.amount
        r_up = 100 * c.amount / up if up > 0 else None
        r_down = 100 * c.amount / down if down > 0 else None
        best = min(
            ((abs(r - c.rate), d) for r, d in ((r_up, "增加"), (r_down, "减少")) if r is not None),
            default=None,
        )
        if best is not None and best[0] <= max(0.05, c.rate * 0.01):
            c.direction, c.direction_source = best[1], src
