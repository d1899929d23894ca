"""The change records of the clause grammar: what extract/clauses.py's scan hands over is filled
(bases, values, rate groups), distributed over 分别 lists, completed (完成预算的Y%) and
finished into its :class:`ChangeClause`.

Moved out of extract/clauses.py (issue 15), which keeps the sentence/segment/clause split and
the token state machine (:func:`parse_clauses`); offsets are normalised here too.
"""

from __future__ import annotations

import re

from extract import vocab
from extract.clause_records import Amount, ChangeClause, _money, _num, _Seg, _unit
from extract.clause_tokens import (
    _CLAUSE_SEP,
    _COMPL_KIND,
    _COMPL_RATE,
    _PARENS,
    _SELF_BASE_OF,
    clean_item,
)
from extract.model import Change


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


# Any separator or parenthesis (a gap without one advances nothing), and the characters a
# clause separator (``_CLAUSE_SEP``) can be: searched in C over the gap only.
_GAP_CHAR = re.compile("[,，：:（()）]")
_SEP_START = re.compile("[,，：:（(]")


def _gap_seps(nt: str, st: _Seg, a: int, b: int, prev_end: int) -> None:
    """Advance the clause state over the separators in ``nt[a:b]`` (a gap with no token):
    the clause starts after the last one; a clause with no token (between the last two, or
    the whole clause before when no token was read in it) may name the next one's item."""
    if _GAP_CHAR.search(nt, a, b) is None:
        return  # no separator or parenthesis in the gap (most gaps): nothing to advance
    sep_at = _CLAUSE_SEP.match
    for m in _PARENS.finditer(nt, a, b):
        if m.group() in "（(":
            if sep_at(nt, m.start()):
                st.paren = True
        elif st.paren:
            st.paren = False
    # A separator is one character: try the pattern at each candidate character of the gap
    # (no end bound on the match: a ``(`` is a separator by what follows it, past the gap).
    seps = [i for m in _SEP_START.finditer(nt, a, b) if sep_at(nt, i := m.start())]
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
    extra: list | None = None,
) -> int | None:
    """``A、B、C分别减少X、Y、Z`` / ``收入总计、支出总计各增加Y``: one change per item, in order.

    ``extra``: values after the token joined by commas (value, unit, span, end); they join
    the list only when it then has exactly as many values as items (or as the group of
    amounts a list of rates follows). Returns the end of the values taken, if any."""
    nt = st.nt
    region = nt[st.clause : tok.start()]
    pending_base = st.cur.change.base if st.cur is not None else None
    amounts_here = [a for a in st.amounts if a.seg == st.seg]
    _spread_list_amounts(amounts_here)
    items = [i for i in _split_items(_EACH_TAIL.sub("", region), len(vals)) if not _CMP_ONLY.match(i)]
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
    rates_of_prev = bool(prev and is_rate and all(c.change.rate is None for c in prev))
    target = len(prev) if rates_of_prev else len(items) if len(items) >= 2 else 0
    take = target - len(vals) if extra and 0 < target - len(vals) <= len(extra) else 0
    done = extra[take - 1][3] if take and extra else None
    vals = vals + [(v, u, sp) for v, u, sp, _ in (extra or [])[:take]]
    end = done if done is not None else tok.end()
    if rates_of_prev:
        for c, (v, u, sp) in zip(prev, vals, strict=False):
            _fill(c, v, u, sp, word, direction, tpl)
            c.change.end = max(c.change.end, end)
        return done
    close()
    n = max(len(items), len(vals)) if len(vals) == 1 else len(vals)
    made = []
    for i in range(n):
        v, u, sp = vals[i] if i < len(vals) else vals[-1]
        item = items[i] if i < len(items) else items[-1]
        ch = Change(start=st.clause, end=end)
        cc = ChangeClause(item=item, change=ch, seg=st.seg, sent=st.sent, group=group)
        match = next((a for a in amounts_here if a.item == item), None)
        if match is not None:
            ch.current, cc.current_span = match.value, match.v_span
        prior = next((c for c in reversed(changes) if c.seg == st.seg and c.change.base), None)
        ch.base = pending_base or (prior.change.base if prior is not None else None)
        _fill(cc, v, u, sp, word, direction, tpl)
        _settle_values(cc, [a for a in amounts_here if a.item == item])
        made.append(cc)
    for cc in made:
        _finish(cc)
        cc.also = [m.item for m in made if m is not cc and m.item]
    changes.extend(made)
    return done


_PREV_LABEL = re.compile(r"(?:上年|去年|上一年|\d{4}年)(?:度|决算数?|同期)?(?:分别|各)?(?:为|是)?$")


def _settle_values(cc: ChangeClause, mine: list[Amount]) -> None:
    """An item listed with two amounts (``A、B上年分别为X、Y万元，本年分别为P、Q万元``): the
    previous and the current one. A 上年 label says which is which; else the reading where
    the change agrees with their difference (its size and direction) wins; none agreeing,
    the first amount stays the current one."""
    if len(mine) < 2:
        return
    c = cc.change
    pairs = [(p, q) for p in mine for q in mine if p is not q]
    labelled = [(p, q) for p, q in pairs if _PREV_LABEL.search(p.label) and not _PREV_LABEL.search(q.label)]
    agree = [
        (p, q)
        for p, q in labelled or pairs
        if p.value is not None
        and q.value is not None
        and c.amount is not None
        and abs(abs(q.value - p.value) - c.amount) <= 0.006 + 1e-6 * abs(c.amount)
        and (c.direction not in ("增加", "减少") or (q.value > p.value) == (c.direction == "增加"))
    ]
    pick = (labelled or agree)[:1] if labelled else agree[:1]
    if not pick:
        return
    p, q = pick[0]
    c.base_value, cc.base_value_span = p.value, p.v_span
    c.current, cc.current_span = q.value, q.v_span


def _spread_list_amounts(amounts: list[Amount]) -> None:
    """``A、B、C分别为X、Y、Z``: the listed amounts all took the list's subject; give each its
    own item, in order, when the subject splits into exactly as many items as there are values.
    A run naming no item of its own (``…上年分别为X、Y万元，本年分别为P、Q万元``) takes the items
    of the run before it when the counts are equal."""
    i = 0
    names: list[str] = []
    while i < len(amounts):
        j = i + 1
        while j < len(amounts) and amounts[j].item == amounts[i].item:
            j += 1
        run = amounts[i:j]
        if len(run) >= 2:
            parts = _split_items(_EACH_TAIL.sub("", run[0].item), len(run))
            if not parts and len(names) == len(run):
                parts = names
            if len(parts) == len(run):
                for a, name in zip(run, parts, strict=True):
                    a.item = name
                names = parts
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
    if budget_amt is not None and (not cc.item or _generic(cc.item)):
        # ``〈项〉，支出预算为X，支出决算为Y，完成预算的Z%``: the clause before names the item
        cc.item = _strip_budget_words(_named_before(st, budget_amt)) or cc.item
    if c.current is not None and c.base_value is not None:
        c.amount = round(abs(c.current - c.base_value), 6)
        c.direction = "增加" if c.current > c.base_value else "减少" if c.current < c.base_value else "持平"
        c.direction_source = "arithmetic"
    elif c.rate is not None:
        c.direction = "增加" if c.rate > 100 else "减少" if c.rate < 100 else "持平"
        c.direction_source = "arithmetic"
    c.end = max(c.end, tok.end())


def _variance(st: _Seg, tok: re.Match[str], open_change) -> None:
    """``〈项〉，预算数X万，决算数Y万，预决算差异率-Z%``: a change against the budget, its
    amounts the segment's budget and final amounts when printed (any unit), the rate its
    magnitude; the direction from the amounts, else from the sign."""
    g = tok.group
    raw = g("vrv")
    budget_amt = next(
        (a for a in reversed(st.amounts) if _BUDGET_LABEL.search(a.label) and a.seg == st.seg), None
    )
    final_amt = next(
        (
            a
            for a in reversed(st.amounts)
            if a.seg == st.seg
            and a is not budget_amt
            and "决算" in a.label
            and (budget_amt is None or a.v_span[0] > budget_amt.v_span[0])
        ),
        None,
    )
    bare = st.cur
    bare_item = (
        bare.item
        if bare is not None
        and bare.change.amount is None
        and bare.change.rate is None
        and bare.change.direction is None
        else ""
    )
    cc = open_change(tok.start())
    c = cc.change
    c.rate = _num(raw.lstrip("-"))
    c.rate_kind = "growth"
    cc.rate_span = (tok.start("vrv") + (1 if raw.startswith("-") else 0), tok.end("vrv"))
    cc.rate_word = "差异率"
    said = st.nt[st.start : tok.start()]
    if c.base is None or "预算" not in c.base:
        c.base = "年初预算" if "年初预算" in said else "调整预算" if "调整预算" in said else "预算"
    if budget_amt is not None and final_amt is not None:
        c.base_value, cc.base_value_span = budget_amt.value, budget_amt.v_span
        c.current, cc.current_span = final_amt.value, final_amt.v_span
        c.unit = final_amt.unit
        c.start = min(c.start, budget_amt.start)
    if c.current is not None and c.base_value is not None:
        c.amount = round(abs(c.current - c.base_value), 6)
        c.direction = "增加" if c.current > c.base_value else "减少" if c.current < c.base_value else "持平"
        c.direction_source = "arithmetic"
    elif c.rate is not None:
        c.direction = "减少" if raw.startswith("-") and c.rate else "增加" if c.rate else "持平"
        c.direction_source = "word"
    if not cc.item or _generic(cc.item):
        named = bare_item or _named_before(st, budget_amt)
        cc.item = _strip_budget_words(named) if named else ""
    c.end = max(c.end, tok.end())


def _named_before(st: _Seg, a: Amount | None) -> str:
    """The item named in the segment before the clause of amount ``a`` (``〈项〉，预算数X``)."""
    if a is None:
        return ""
    return clean_item(_VS_BUDGET.sub("", st.nt[st.start : a.start].rstrip("，,：: ")))


# ``〈项〉与年初预算相比，预算数…``: the comparison is no part of the item
_VS_BUDGET = re.compile(r"(?:与|和|同|较)(?:全年|年初|调整后?的?)?预算数?(?:相比|比较)?$")
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


# (a comparison's year is no time tail: ``比上年`` stays whole for _CMP_ONLY)
_TIME_TAIL = re.compile(
    r"(?<![与比较同和])(?:本年度?|今年|当年|全年|上年|去年|上一年|\d{4}年度?)(?:决算数?|同期)?$"
)
_ITEM_SPLIT = re.compile(r"[、]|(?<=[费金出入])(?:和|及|与)")
# the other readings of a list's items, tried when the first does not give one per value
_ITEM_SPLITS = (_ITEM_SPLIT, re.compile(r"[、]"), re.compile(r"[、，,]|(?:和|及|与)"))
_EACH_TAIL = re.compile(r"(?:分别|各|均).*$")


def _split_items(region: str, n: int = 0) -> list[str]:
    """``A、B和C`` → [A, B, C] (the items a 分别 list distributes over). With ``n`` values to
    distribute, the split that gives exactly ``n`` items wins: 和/及/与 may join two items
    (``培训费与会议费``) or belong to one name (``社会保障和就业支出``)."""
    region = _TIME_TAIL.sub("", region)  # ``A和B本年分别为`` / ``A、B上年分别为``
    best: list[str] = []
    for rx in _ITEM_SPLITS:
        parts = [p for p in (clean_item(x) for x in rx.split(region)) if p]
        if not best:
            best = parts
        if n and len(parts) == n:
            return parts
    return best
