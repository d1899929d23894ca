"""The clause grammar's token scan (extract/clauses.py builds on it): the patterns of the
tokens a clause is read from (comparisons, direction words with their numbers, amounts,
rates, shares, 持平-words, separators), the gated scan that finds them segment by segment,
and the item name cleaned from the text before a token (:func:`clean_item`). Vocabulary
comes from extract/vocab.py; offsets are normalised.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from extract import vocab

_N = vocab.NUMBER


def _alt(words: list[str] | tuple[str, ...]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


# Money unit as written: 万元, 亿多元 (the 多 dropped when reading the unit), 万 without 元.
_MONEY = (
    r"(?:万(?:多|余)?元|亿(?:多|余)?元|千元|(?<![万亿千])元(?![/每])|万(?!["
    + vocab.NOT_MONEY_AFTER_WAN
    + r"])"
    r"|亿(?![" + vocab.NOT_MONEY_AFTER_WAN + r"]))"
)
_UNIT_OF = {"万元": 1.0, "亿元": 10000.0, "千元": 0.1, "元": 0.0001, "万": 1.0, "亿": 10000.0}
_DIRW = _alt(list(vocab.DIRECTION_WORDS))
_DIR_FIRST = re.escape("".join(sorted({w[0] for w in vocab.DIRECTION_WORDS})))
# 由X减至Y: the verbs that name where a value went (增至, 减少到, 下降到 ...).
_FROMTO_W = _alt([w for w in vocab.DIRECTION_WORDS if w.endswith(("至", "到"))])
_RATEN = _alt(list(vocab.RATE_NOUNS))
_FLAT = _alt(vocab.FLAT_WORDS)
_TPL = "|".join(vocab.TEMPLATE_PAIRS)
_BASE_ALT = "|".join(f"(?:{p.replace('(?P<year>', '(?:')})" for p, _ in vocab.BASES)
_BASE_RX = [(re.compile(p), b) for p, b in vocab.BASES]
_SELF_BASE = "|".join(p for p, _ in vocab.SELF_BASES)
_SELF_BASE_OF = [(re.compile(p), b) for p, b in vocab.SELF_BASES]
# Numbers in a list: ``X万元、Y万元和Z万元`` (the unit may be given once, at the end).
_VAL = rf"{_N}(?:{_MONEY}|%|{vocab.POINTS})?"
_LIST = rf"(?:[、和及与](?:分别)?{_VAL})*"
_COMPL_KIND = dict(vocab.COMPLETION_KINDS)
_COMPL_RATE = dict(vocab.COMPLETION_RATES)
_COMPL_ALT = (
    rf"(?:{_alt(vocab.COMPLETION_LEADS)})(?P<ck>{_alt(list(_COMPL_KIND))})?预算数?(?:[（(][^）)]{{0,16}}[）)])?"
    rf"(?:(?P<cbv>{_N})(?P<cbu>{_MONEY}))?的?|(?P<crn>{_alt(list(_COMPL_RATE))})(?:为|达到?)?"
)
_QUAL = _alt(vocab.QUALIFIERS)
# A label between a base and its printed amount (``比2022年度决算总收入X万元``) holds no
# direction word: the first characters of every direction, rate and 持平 word stop it.
_LABEL_STOP = re.escape(
    "".join(sorted({w[0] for w in (*vocab.DIRECTION_WORDS, *vocab.RATE_NOUNS, *vocab.FLAT_WORDS)}))
)

# One pattern, one scan. Alternatives are tried in order at each position: longer and more
# specific forms first; a plain amount or percentage last.
_ALTS: tuple[tuple[str, str], ...] = (
    # 由X万元减至Y万元 / 从X增加到Y
    (
        "fromto",
        rf"(?:由|从)(?:上年|去年|上一年|(?:19|20)\d{{2}}年度?)?(?:的)?(?P<ft_a>{_N})(?P<ft_au>{_MONEY})?"
        rf"(?P<ft_w>{_FROMTO_W})(?P<ft_b>{_N})(?P<ft_bu>{_MONEY})",
    ),
    # 比上年 / 较2022年决算数X万元 / 与上年同期相比 / 比年初预算X亿元 / 同比
    (
        "cmp",
        rf"(?:{vocab.COMPARE_OPENERS})(?P<base>{_BASE_ALT})"
        rf"(?:[^\d，,。；;：:（）(){_LABEL_STOP}]{{0,8}}?(?P<bv>{_N})(?P<bvu>{_MONEY}))?"
        rf"(?:{vocab.COMPARE_CLOSERS})?(?:情况)?|(?P<self>{_SELF_BASE})",
    ),
    # 完成(年初)预算(X万元)(的)Y% / 为预算的Y% / 执行率Y%
    ("compl", rf"(?P<cform>{_COMPL_ALT})(?P<cr>{_N})%"),
    # 增加(减少)X万元 / 增长(下降)Y%: an unfilled template
    ("tpl", rf"(?P<tw>{_TPL})(?:了|为|达到?)?(?P<tn>{_N})(?P<tu>{_MONEY}|%|{vocab.POINTS})"),
    # 下降Y% / 增加X万元 / 分别减少X、Y、Z / 增Y个百分点
    (
        "dir",
        rf"(?:{vocab.QUALITATIVE_LEAD})?(?P<dw>{_DIRW})(?:了|为|达到?|约|近|超过)*"
        rf"(?P<dn>{_N})(?P<du>{_MONEY}|%|{vocab.POINTS})?(?P<dl>{_LIST})",
    ),
    # 大幅下降 / 略有增长 / 有所减少 with no figure: a qualitative change (direction only)
    ("qdir", rf"{vocab.QUALITATIVE_LEAD}(?P<qw>{_DIRW})(?![\d.])"),
    # 预决算差异率-Y%: a budget/final variance (its amounts are the segment's 预算数 and 决算数)
    ("var", rf"(?:预决算)?差异率(?:为|是)?(?P<vrv>-?{_N})%"),
    # 增幅Y% / 降幅达到Y% / 减少率Y%
    ("rn", rf"(?P<rnw>{_RATEN})(?:为|达到?|是)?(?P<rnv>-?{_N})(?:%|(?P<rnp>{vocab.POINTS}))"),
    ("flat", rf"{_FLAT}"),
    ("share", rf"{vocab.SHARE_LEAD}(?P<sv>{_N})%"),
    ("amt", rf"(?P<av>{_N})(?P<au>{_MONEY})"),
    ("pct", rf"(?P<pv>-?{_N})(?:%|(?P<pp>{vocab.POINTS}))"),
    ("qual", rf"{_QUAL}"),
    ("each", r"(?:分别|各|均)(?=[^，,。；;]{0,4}?[" + _DIR_FIRST + "为])"),
    # ``(`` opens a clause only before a number or a marker (``(境)``, ``(类)`` belong to names).
    # (an ASCII comma after a non-digit separates clauses even before a year: ``减少,2019年``)
    (
        "sep",
        r"(?<!\d)[,]|(?<=\d)[,](?!\d{3}(?!\d))|[，：:）)]"
        r"|[（(](?=[^（(）)]{0,60}?[\d%]|主要|其中|含|下同|" + _QUAL + ")",
    ),
)


def _gate_prefixes() -> list[str]:
    """The literal prefixes a token can start with: one character for the digits, the
    separators and the short openers (比, 较, 与, 增 ...), two for the words whose first
    character is common in any prose (一致, 不变, 为预算, 同比 ...). Every prefix is a
    plain literal, so the gate's search skips in C to the next possible start."""
    # (Of the separators only the opening parentheses: ``(增)`` starts a template token;
    # the others start none, and the clause state reads them from the gaps.)
    single = set("0123456789-（(比较与由从占各均增减降")
    words = [
        *vocab.DIRECTION_WORDS,
        *vocab.RATE_NOUNS,
        *vocab.FLAT_WORDS,
        *vocab.QUALIFIERS,
        *(r for r, _ in vocab.COMPLETION_RATES),
        "同比",
        "环比",
        "对比",
        "相较",
        "分别",
        "完成",
        "大幅",
        "略有",
        "有所",
        "明显",
        "小幅",
        "稍有",
        "和上",
        "和去",
        "和1",
        "和2",
        "差异率",
        "预决算",
    ]
    words += [lead + k[0] for lead in ("为", "占") for k in (*dict(vocab.COMPLETION_KINDS), "预")]
    out = set(single)
    for w in words:
        if w[0] not in single:
            out.add(w[:2])
    return sorted(out, key=len, reverse=True)


# The token scan: a character-class search (skipped over in C) finds where a token may
# start; the first character picks the smaller pattern tried there (numbers, separators,
# words), so each attempt is cheap. A digit run that starts no token is skipped whole.
_GATE = re.compile("|".join(map(re.escape, _gate_prefixes())))
_NUM_KINDS = ("amt", "pct")
_SEP_KINDS = ("sep",)
# (A digit run that starts no token is matched whole as ``skip``: one attempt per run.)
_NUM_TOKEN = re.compile("|".join(f"(?P<{k}>{p})" for k, p in _ALTS if k in _NUM_KINDS) + r"|(?P<skip>-?\d*)")
# Clause separators (the ``sep`` token less the closing parenthesis, which ends no clause)
# and the parentheses, read from the gap before each token.
_CLAUSE_SEP = re.compile(dict(_ALTS)["sep"].replace("[，：:）)]", "[，：:]"))
_PARENS = re.compile(r"[（(）)]")
_WORD_TOKEN = re.compile("|".join(f"(?P<{k}>{p})" for k, p in _ALTS if k not in _NUM_KINDS + _SEP_KINDS))
_SEP_CHARS = frozenset(",，：:（）()")


def _tokens(nt: str, lo: int, hi: int, breaks: list[int]):
    """Tokens of ``nt[lo:hi]``, read only in the segments that hold a money unit, a % or a
    持平-word (the others state no change or amount; skipping them keeps the scan cheap)."""
    search = _GATE.search
    seg_end = lo
    hit_search = _HIT.search
    while True:
        hit = hit_search(nt, seg_end, hi)
        if hit is None:
            return
        i = bisect.bisect_right(breaks, hit.start())
        seg_start = max(lo, breaks[i - 1] + 1 if i > 0 else 0)
        seg_end = max(min(hi, breaks[i] if i < len(breaks) else hi), hit.start() + 1)
        if nt.find("\t", seg_start, seg_end) >= 0:
            continue  # a table row (cells split by tabs) states no narrative figure
        pos = seg_start
        while True:
            g = search(nt, pos, seg_end)
            if g is None:
                break
            at = g.start()
            ch = nt[at]
            if ch.isdigit() or ch == "-":
                m = _NUM_TOKEN.match(nt, at, seg_end)
                if m.lastgroup == "skip":  # type: ignore[union-attr]
                    pos = max(m.end(), at + 1)  # type: ignore[union-attr]
                    continue
            elif ch in _SEP_CHARS:
                # separators are read from the gaps between tokens (parse_clauses); only a
                # template's ``(增)`` starts a token here
                m = _WORD_TOKEN.match(nt, at, seg_end) if ch in "（(" else None
            else:
                m = _WORD_TOKEN.match(nt, at, seg_end)
            if m is not None and m.end() > at:
                yield m
                pos = m.end()
            else:
                pos = at + 1


# Where a figure can be: a money unit, a percentage or a no-change word.
_HIT = re.compile(r"[%元万亿]|百分点|" + "|".join(vocab.FLAT_WORDS) + "|" + vocab.QUALITATIVE_LEAD)


_SENT_CHARS = "。！？!?\n"
_SEG = re.compile(r"[。！？!?\n；;]")

# Item cleaning: no list marker, year, organisation, 其中; stop at the verbs that link an item
# to its number (为/是/达/共) when they end the subject.
_LEAD = re.compile(
    r"^(?:\s+|[-*•·、]+|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、](?!\d)|[一二三四五六七八九十]{1,3}[、.．]"
    r"|[一二三四五六七八九十]是|其中[：:，,]?|对比|相比|相较|(?:从而|进而)?(?:导致|使得|致使|造成)|(?:全年(?!预算)|本年度|当年度?|今年|(?:19|20)\d{2}年(?:度|末|初)?)|[，,：:]"
    r"|分项看|具体情况如下|截至\d{1,2}月底?)+"
)
# (预算/决算 end a label only after a noun: ``公务接待费预算``, ``支出决算为``; ``一般公共预算``
# keeps its 预算.)
_TAIL = re.compile(
    r"(?:(?<=[费出入额金])(?:年初|调整后?|全年)?(?:决算|预算|执行)数?|(?:决算|预算|执行)数|合计|共计|总额|累计|分别"
    r"|为|是|达到?|完成|实现|的|约|近|共有|共|均|各)+$"
)
_RANK_TAIL = re.compile(r"(?:降幅|增幅|减幅|涨幅|下降|增长)?(?:最大|最小|较大|最多|次之|居首|其次)$")
_SOFT_TAIL = re.compile(r"(?:为|是|的|达到?)+$")
_ORG = re.compile(r"^.*?[（(][^()（）]*(?:单位|汇总|部门|本级)[^()（）]*[)）]")
_FOLD_CHARS = re.compile("[（）“”‘’]")
_FOLD = str.maketrans({"（": "(", "）": ")", "“": '"', "”": '"', "‘": "'", "’": "'"})


_ITEM_MAX = 80


_GENERIC_LABEL = re.compile(r"(?:支出|收入|经费)?(?:年初|全年|调整后?)?(?:决算|预算|执行)?数?")


def clean_item(raw: str) -> str:
    """Item name from the text before a number or comparison."""
    return _clean_tail(raw[-_ITEM_MAX:])  # an item is short: the tail of a long region is enough


@lru_cache(maxsize=4096)
def _clean_tail(s: str) -> str:
    """:func:`clean_item` of an item-sized tail (memoised: the grammar asks again of the
    same clause text at each token of it; emptied by ``extract.pipeline.clear_caches``)."""
    prev = None
    while prev != s:
        prev = s
        s = _LEAD.sub("", s)
        t = _TAIL.sub("", s)
        # ``支出预算为`` names 支出: keep the noun when the tail would take everything
        s = t if t else _SOFT_TAIL.sub("", s)
    m = _ORG.match(s)
    if m and m.end() < len(s):
        s = s[m.end() :]
    # ``XX费支出`` names the same item as ``XX费``.
    if s.endswith("支出") and s[:-2].endswith(("费", "经费")):
        s = s[:-2]
    s = s.strip(" \t，,：:、")
    # ``〈项〉：支出决算数为`` / ``〈项〉:⏎支出``: the label after the colon is generic, the
    # item is before it
    head, sep, tail = max(s.rpartition("："), s.rpartition(":"), key=lambda p: len(p[0]))
    if sep and head.strip() and _GENERIC_LABEL.fullmatch(tail.strip()):
        s = head.strip(" \t\n，,：:、")
    if _FOLD_CHARS.search(s):
        s = s.translate(_FOLD)
    # quotes stay when they pair up (``"三公"经费``); a lone one left by a cut goes
    if s.count('"') % 2:
        s = s[1:] if s.startswith('"') else s[:-1] if s.endswith('"') else s
    return s
