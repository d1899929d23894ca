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
normalised; callers map them with :meth:`NormText.span`. The change records are filled,
distributed and finished in extract/clause_changes.py.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from itertools import accumulate

from extract import vocab
from extract.clause_changes import (
    _completion,
    _distribute,
    _fill,
    _finish,
    _gap_seps,
    _rate_to_group,
    _self_base,
    _variance,
)
from extract.clause_lists import bare_numbers, comma_values, unit_kind
from extract.clause_records import Amount, ChangeClause, Parsed, _money, _num, _Seg, _unit
from extract.clause_tokens import (
    _BASE_RX,
    _MONEY,
    _N,
    _RANK_TAIL,
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


_LIST_VALUE = re.compile(rf"(?P<n>{_N})(?P<u>{_MONEY}|%|{vocab.POINTS})?")
_JOINER_ONLY = re.compile(r"[、，,和及与\s]+")
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
    skip_to = lo  # the end of a comma list read whole with its direction token
    for tok in _tokens(nt, lo, hi, breaks):
        if tok.start() < skip_to:
            continue
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
        if kind == "var":
            _variance(st, tok, open_change)
            continue
        if kind in ("tpl", "dir"):
            tpl = kind == "tpl"
            unit = g("tu") if tpl else g("du")
            word = g("tw") if tpl else g("dw")
            direction = None if tpl else vocab.DIRECTION_WORDS.get(word)
            vals = [(_num(g("tn")), unit, tok.span("tn"))] if tpl else _list_values(tok, "dn", "du", "dl")
            extra: list = []
            if st.each and not tpl:
                # ``分别增加X万元，Y万元`` / ``分别增加X，Y万元``: values joined by commas
                cv = comma_values(nt, tok.end(), hi, unit_kind(vals[-1][1]))
                extra = [(_num(n), u, sp, e) for n, u, sp, e in cv]
                if extra and vals[-1][1] is None:
                    vals = [(v, u or extra[0][1], sp) for v, u, sp in vals]
            if vals[0][1] is None and not tpl:
                # ``增长15``: a number with no unit is no change we can read
                continue
            if st.each or len(vals) > 1:
                group += 1
                done = _distribute(
                    st, tok, vals, word, direction, tpl, group, open_change, close, changes, extra
                )
                st.each = False
                if done is not None:
                    skip_to = pos = done
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
            if (not item or _JOINER_ONLY.fullmatch(region)) and st.amounts and st.amounts[-1].seg == st.seg:
                item = st.amounts[-1].item  # the next value of a list (``X万元与Y万元``)
            if st.cur is not None and st.clause != st.cur_clause:
                close()
            bare = bare_numbers(region)
            if bare:
                # ``A、B分别为20、15万元``: the numbers before the unit are amounts in it too
                head = region[: bare[0][1][0]]
                item = clean_item(head)
                for n, (a0, a1) in bare:
                    a = Amount(
                        item=item,
                        value=_money(_num(n), g("au")),
                        unit=_unit(g("au")) or "",
                        start=st.clause,
                        end=prev_end + a1,
                        v_span=(prev_end + a0, prev_end + a1),
                        seg=st.seg,
                        sent=st.sent,
                        label=head,
                    )
                    st.amounts.append(a)
                    amounts.append(a)
                region = head
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
