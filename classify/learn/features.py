"""Model inputs and their analyzers, shared by training and inference.

An input is a small record (a reason with its context, an indicator name with its target);
each feature block turns it into a list of string features. Training hands the same
analyzers to scikit-learn's ``TfidfVectorizer``; inference counts them itself
(:mod:`classify.learn.linear`), so both see exactly the same features.

Word features come from jieba with a *small* dictionary: the words of the training texts
that jieba's full dictionary knows, with their full-dictionary frequencies and total.
On the training texts that segments as the full dictionary does (the best path only uses
words of the text; the total is the full one, so path scores are unchanged), and it loads
in milliseconds instead of the half a second the full dictionary takes. Training and
inference use the same small dictionary, so their features agree exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from classify.memo import memo
from classify.reason_text import body, leaf
from extract.fields import parse_quantity

from .wordcut import WordCut

_WS = re.compile(r"\s+")
# Direction words of a reason (the verbs a stated change uses). Crossed with the direction
# of the change it explains, they let a linear model see "says 增加 about a decrease".
_UP = re.compile(r"增加|增长|上升|提高|上调|上涨|增多|加大|超出|调增|新增")
_DOWN = re.compile(r"减少|下降|降低|下调|下浮|减小|缩减|压减|节约|调减|未发生")
_SANGONG = ("因公出国", "公务用车购置费", "公务用车运行", "公务接待")


@dataclass(frozen=True)
class ReasonInput:
    text: str
    kind: str = "reason"  # reason | variance | deviation
    direction: str | None = None  # 增加 | 减少 | 持平 | 未达标 | 超额 | 达标
    item: str | None = None


@dataclass(frozen=True)
class IndicatorInput:
    name: str
    target: str = ""
    op: str | None = None
    unit: str | None = None


def indicator_input(
    name: str, target: str = "", op: str | None = None, unit: str | None = None, parse: bool = True
) -> IndicatorInput:
    """An indicator input; op/unit parsed from the target text when not given."""
    name = _WS.sub("", name or "")
    target = _WS.sub("", target or "")
    if parse and op is None and unit is None and target:
        q = parse_quantity(target)
        op, unit = q.op, q.unit
    return IndicatorInput(name, target, op, unit)


# The improvement-measure slot that follows a 偏差原因 (改进措施：…, 下一步将…, 今后将…)
# says what will be done, not why the gap arose; it is the same few formulas everywhere
# and would drown the explanation's own words, so the models read the text before it.
_IMPROVE = re.compile(
    r"[；;。，,]?\s*(?:改进措施|整改措施|下一步|下步|今后|以后将|下年度将|我(?:单位|局|委|镇|办|中心)将)"
)


_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,40}>")  # <p> of converters that keep HTML cells (002)


@memo()  # the char, word and context blocks of both reason models read it
def reason_body(text: str) -> str:
    """The model's view of a reason: no 主要原因是 prefix, no spaces, no improvement slot
    (kept when nothing else is left)."""
    s = _WS.sub("", _TAG.sub("", body(text or "")))
    m = _IMPROVE.search(s, 1)
    return s[: m.start()] if m and m.start() >= 4 else s


@memo()  # cause and quality analyse the same text
def char_ngrams(s: str, lo: int = 1, hi: int = 3) -> list[str]:
    s = "^" + s + "$"  # boundary marks: 率$ (a rate) and ^无 (a placeholder) are informative
    n = len(s)
    return [s[i : i + k] for k in range(lo, hi + 1) for i in range(n - k + 1)]


class Segmenter:
    """jieba over a small dictionary (word -> full-dictionary frequency)."""

    def __init__(self, words: dict[str, int], total: int):
        self.words = words
        self.total = total
        freq: dict[str, int] = {}
        for w, f in words.items():
            freq[w] = f
            for i in range(1, len(w)):
                freq.setdefault(w[:i], 0)
        # jieba's own algorithm over this dictionary, without its generators (wordcut.py)
        self._wc = WordCut(freq, total)
        self._cache: dict[str, list[str]] = {}

    def cut(self, s: str) -> list[str]:
        hit = self._cache.get(s)
        if hit is None:
            if len(self._cache) > 8192:  # bounded: a batch of reports must not grow it forever
                self._cache.clear()
            hit = self._cache[s] = [w for w in self._wc.cut(s) if w.strip()]
        return hit

    def clear(self) -> None:
        self._cache.clear()
        self._wc.clear()

    @classmethod
    def fit(cls, texts: Iterable[str]) -> Segmenter:
        """The small dictionary of ``texts``: every multi-character word jieba's full
        dictionary finds in them (sorted, so the same texts give the same dictionary)."""
        import jieba

        jieba.setLogLevel(60)
        jieba.initialize()
        full = jieba.dt.FREQ
        found: dict[str, int] = {}
        for t in texts:
            for w in jieba.cut(t, HMM=False):
                if len(w) > 1 and full.get(w):
                    found[w] = full[w]
        return cls(dict(sorted(found.items())), jieba.dt.total)


def word_ngrams(words: list[str]) -> list[str]:
    return words + [a + " " + b for a, b in zip(words, words[1:], strict=False)]


def _len_bucket(n: int) -> str:
    return "0" if n == 0 else "1-2" if n <= 2 else "3-6" if n <= 6 else "7-15" if n <= 15 else "16+"


def reason_context(x: ReasonInput) -> list[str]:
    """Context of a reason: its kind, the direction of what it explains, the direction
    words it uses crossed with that direction, whether it names its own item, its length."""
    s = reason_body(x.text)
    d = x.direction or "无"
    out = [f"K:{x.kind}", f"D:{d}", f"LEN:{_len_bucket(len(s))}"]
    ups, downs = len(_UP.findall(s)), len(_DOWN.findall(s))
    if ups:
        out.append(f"D:{d}|V:up")
    if downs:
        out.append(f"D:{d}|V:down")
    if ups and downs:
        out.append("V:mixed")
    own = leaf(x.item)
    if own and len(own) >= 2:
        out.append("SELF:yes" if own in s else "SELF:no")
    if x.item:
        mine = [k for k in _SANGONG if k in x.item]
        if mine and any(k in s for k in _SANGONG if k not in mine) and not any(k in s for k in mine):
            out.append("SANGONG:other")
    return out


_MONEY = re.compile(r"元")
_DATE = re.compile(r"\d{4}年|\d+月|月底|年底|日前|前$")
_TIME_UNIT = re.compile(r"^(?:天|日|小时|分钟|个?工作日|个?月|年)$")


def indicator_target(x: IndicatorInput) -> list[str]:
    """What the target says about the kind of indicator: operator, unit family, shape."""
    out = [f"OP:{x.op or 'none'}"]
    u = x.unit or ""
    if u:
        out.append(f"U:{u}")
        if _MONEY.search(u):
            out.append("U:money")
            if "/" in u:
                out.append("U:money_per")
        elif u == "%":
            out.append("U:pct")
        elif _TIME_UNIT.match(u):
            out.append("U:time")
    if _DATE.search(x.target or ""):
        out.append("T:date")
    if x.op == "qualitative":
        out.append("T:words")
    return out


Analyzer = Callable[[object], list[str]]


def input_text(x: object) -> str:
    """The text the char and word blocks read: a reason's body, an indicator's name."""
    return reason_body(x.text) if isinstance(x, ReasonInput) else x.name  # type: ignore[attr-defined]


def block_analyzer(kind: str, seg: Segmenter | None = None) -> Analyzer:
    """The analyzer of one feature block (``char``, ``word``, ``ctx``, ``tgt``)."""

    if kind == "char":
        return lambda x: char_ngrams(input_text(x))
    if kind == "word":
        assert seg is not None
        return lambda x: word_ngrams(seg.cut(input_text(x)))
    if kind == "ctx":
        return reason_context  # type: ignore[return-value]
    if kind == "tgt":
        return indicator_target  # type: ignore[return-value]
    raise ValueError(kind)


BLOCKS = {
    "cause": ("char", "word"),
    "quality": ("char", "word", "ctx"),
    "category1": ("char", "word", "tgt"),
    "category2": ("char", "word", "tgt"),
}
