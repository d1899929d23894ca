"""Near-duplicate measures for goal texts (GOL rules), robust to layout noise.

Texts are compared on character 3-gram shingles after removing everything that is layout,
not content: HTML tags (``<p>``), whitespace and line wraps, punctuation of both widths,
and list enumerators (``1.``, ``（一）``). Chinese has no spaces, so character n-grams are
the natural unit; 3-grams are specific enough that two unrelated texts on the same topic
(政务服务, 公共资源交易) share few of them, while a copy keeps nearly all.

- ``containment(a, b)``: share of ``a``'s shingles found in ``b`` (a copied part of b → 1);
- ``jaccard(a, b)``: shared / all shingles.
"""

from __future__ import annotations

import re

from extract.model import Report

from .memo import memo

N = 3
_TAG = re.compile(r"<[^>]{0,40}>")
# List enumerators: （一）/(1), 1. 2、, 一、, ①. Written as one character class first, then
# the rest of the form that character starts (the lookbehinds say which form), so that the
# regex engine skips to candidate characters instead of trying every alternative at every
# position; the same matches as the plain alternation (tests/test_label_speedups.py).
_ENUM_PLAIN = r"(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|(?<![\d.])\d{1,2}[.．、](?!\d)|[一二三四五六七八九十]{1,3}[、.．]|[①-⑳])"
_ENUM = re.compile(
    r"[（(一二三四五六七八九十\d①-⑳](?:(?<=[（(])[一二三四五六七八九十\d]{1,3}[)）]"
    r"|(?<=\d)(?<![\d.]\d)\d?[.．、](?!\d)"
    r"|(?<=[一二三四五六七八九十])[一二三四五六七八九十]{0,2}[、.．]|(?<=[①-⑳]))"
)
_NONWORD = re.compile(r"[^\u4e00-\u9fff0-9A-Za-z]+")


def clean(text: str) -> str:
    s = _TAG.sub("", text or "")
    s = _ENUM.sub("", s)
    return _NONWORD.sub("", s)


@memo(2048)
def shingles(text: str, n: int = N) -> frozenset[str]:
    s = clean(text)
    if len(s) < n:
        return frozenset({s} if s else ())
    return frozenset(s[i : i + n] for i in range(len(s) - n + 1))


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a) if a else 0.0


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    u = a | b
    return len(a & b) / len(u) if u else 0.0


def label_goals(report: Report, text: str) -> None:
    """``similarity`` of each goal pair: the share of the 实际完成情况 copied from 预期目标."""
    for g in report.goals:
        a, e = shingles(g.actual), shingles(g.expected)
        g.similarity = round(containment(a, e), 3) if a and e else None
