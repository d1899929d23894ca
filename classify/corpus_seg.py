"""jieba's accurate mode without HMM (``jieba.lcut(text, HMM=False)``), the same words, ~1.8×
faster: the reason n-grams of the corpus checks (classify/corpus_text.py) segment every
reason of the corpus, the largest cost of the corpus pass at 100,000 documents.

jieba builds a dict of candidate word ends per position, then takes ``max`` over a generator
of (score, end) tuples calling ``log`` per candidate; here both are one backward loop over
the same dictionary (jieba's own ``FREQ``, read live), with each word's log-frequency kept
once computed. The arithmetic is jieba's, term by term, so scores, ties (the later end wins,
as ``max`` of tuples does) and hence the words are identical. :func:`cut` checks itself
against jieba on a sample once per process and falls back to jieba if they ever differ (another
jieba version).
"""

from __future__ import annotations

from math import log
from typing import Any

_jieba: Any = None
_logp: dict[str, float] = {}  # word -> log(freq) - log(total), for words of non-zero frequency
_total: float | None = None
_same: bool | None = None  # does _cut give jieba's words? (checked once)

_SAMPLE = (
    "根据财政部门统一安排部署，按照预算执行进度要求据实调整项目支出。"
    "本年新增#个PPP项目abc12#x，2023年度支出较上年增加#万元\r\n同比增长#%。"
)


def _init() -> Any:
    global _jieba, _total
    if _jieba is None:
        import jieba

        jieba.setLogLevel(60)
        jieba.dt.check_initialized()
        _jieba = jieba
    if _jieba.dt.total != _total:  # a word added to jieba's dictionary: log-frequencies change
        _logp.clear()
        _total = _jieba.dt.total
    return _jieba


def _block(s: str, freq: dict[str, int], logtotal: float, eng: Any) -> list[str]:
    """jieba's ``__cut_DAG_NO_HMM`` of one block of han/alphanumeric characters."""
    n = len(s)
    score = [0.0] * (n + 1)
    nxt = [0] * (n + 1)
    logp = _logp
    for k in range(n - 1, -1, -1):
        best: float | None = None
        end = k
        i = k
        frag = s[k]
        while i < n:
            f = freq.get(frag)
            if f is None:  # no word starts with frag: stop extending
                break
            if f:
                w = logp.get(frag)
                if w is None:
                    w = logp[frag] = log(f) - logtotal
                c = w + score[i + 1]
                if best is None or c >= best:  # >=: the later end wins a tie, as max() of tuples
                    best, end = c, i
            i += 1
            frag = s[k : i + 1]
        if best is None:  # a character jieba does not know: a word of its own
            best = log(freq.get(s[k]) or 1) - logtotal + score[k + 1]
        score[k] = best
        nxt[k] = end + 1
    out: list[str] = []
    x = 0
    buf = ""
    while x < n:
        y = nxt[x]
        word = s[x:y]
        if y - x == 1 and eng.match(word):  # single Latin letters and digits run together
            buf += word
        else:
            if buf:
                out.append(buf)
                buf = ""
            out.append(word)
        x = y
    if buf:
        out.append(buf)
    return out


def _cut(text: str) -> list[str]:
    jb = _init()
    han, skip = jb.re_han_default, jb.re_skip_default
    freq, logtotal, eng = jb.dt.FREQ, log(jb.dt.total), jb.re_eng
    out: list[str] = []
    for blk in han.split(text):
        if not blk:
            continue
        if han.match(blk):
            out.extend(_block(blk, freq, logtotal, eng))
        else:
            for x in skip.split(blk):
                if skip.match(x):
                    out.append(x)
                else:
                    out.extend(x)
    return out


def cut(text: str) -> list[str]:
    """``jieba.lcut(text, HMM=False)``."""
    global _same
    if _same is None:
        jb = _init()
        _same = _cut(_SAMPLE) == jb.lcut(_SAMPLE, HMM=False)
    if _same:
        return _cut(text)
    return _jieba.lcut(text, HMM=False)
