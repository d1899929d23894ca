"""jieba's accurate mode without HMM (``jieba.lcut(text, HMM=False)``), the same words,
faster: the reason n-grams of the corpus checks (classify/corpus_text.py) segment every
reason of the corpus, the largest cost of the corpus pass at 100,000 documents.

jieba splits the text into blocks with its own patterns, finds the best route through
each block (its dictionary's word log-frequencies), and walks the route. The blocks and the
walk are jieba's, here; the route is computed

- by ``jieba_fast_dat`` (C++, a double-array trie) loaded with jieba's own ``dict.txt`` and
  given jieba's own dictionary total (it counts one duplicated line once): ~3.7× faster than
  jieba over the whole cut; used only when installed and when it gives the pure-Python
  route's words on a sample (checked once per process);
- else in one backward loop over jieba's ``FREQ`` (read live), each word's log-frequency kept
  once computed: jieba's arithmetic term by term, so the scores, the ties (the later end
  wins, as ``max`` of tuples does) and the words are jieba's (~1.6× faster than jieba).

:func:`cut` also checks the pure-Python path against jieba itself once, and uses jieba if
they ever differ (another jieba version); tests/test_corpus_checks.py compares both paths
with jieba on the seeds' reasons, mutated ones and random ideographs.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from math import log
from typing import Any

_jieba: Any = None
_logp: dict[str, float] = {}  # word -> log(freq) - log(total), for words of non-zero frequency
_total: float | None = None
_native: Callable[[str], list[int]] | None = None  # block -> route (last index of each word)
_native_total: float | None = None  # jieba's total when the native dictionary was loaded
_mode: str | None = None  # "native", "python" or "jieba" (decided once)

_SAMPLE = (
    "根据财政部门统一安排部署，按照预算执行进度要求据实调整项目支出。",
    "本年新增#个PPP项目abc12#x，2023年度支出较上年增加#万元\r\n同比增长#%。B超检查a-b。",
    "平罗县应急救援指挥中心社会保险缴费基数按规定上调，缴费支出增加。",
    "机关运行保障经费实施任务调整，资金需求下降，#名干部长期病休，奖励性绩效发放相应减少。",
    # ideographs jieba does not know as words (a mutated text), from a fixed sequence
    "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(80)),
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


def _python_route(s: str) -> list[int]:
    """jieba's ``get_DAG`` + ``calc`` of one block: the last index of the best word at each start."""
    jb = _init()
    freq, logtotal = jb.dt.FREQ, log(jb.dt.total)
    n = len(s)
    score = [0.0] * (n + 1)
    ends = [0] * n
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
        ends[k] = end
    return ends


def _load_native() -> Callable[[str], list[int]] | None:
    """jieba_fast_dat's route over jieba's own dictionary file, or None (not installed)."""
    global _native_total
    try:
        import jieba_fast_dat
        from jieba_fast_dat import _jieba_fast_dat_functions as fn
    except ImportError:
        return None
    jb = _init()
    jieba_fast_dat.setLogLevel(60)
    path = jb.dt.dictionary or os.path.join(os.path.dirname(jb.__file__), jb.DEFAULT_DICT_NAME)
    tk = jieba_fast_dat.Tokenizer(dictionary=path)
    tk.initialize()  # a Tokenizer not initialised cuts every character apart
    dat, total = tk.dat, float(jb.dt.total)
    _native_total = jb.dt.total

    def route(s: str) -> list[int]:
        ends: list[int] = []
        fn._get_DAG_and_calc(dat, s, ends, total)
        return ends

    return route


def _cut(text: str, route: Callable[[str], list[int]] = _python_route) -> list[str]:
    """jieba's ``cut(text, HMM=False)`` with this route function."""
    jb = _init()
    han, skip, eng = jb.re_han_default, jb.re_skip_default, jb.re_eng
    out: list[str] = []
    for blk in han.split(text):
        if not blk:
            continue
        if not han.match(blk):
            for x in skip.split(blk):
                if skip.match(x):
                    out.append(x)
                else:
                    out.extend(x)
            continue
        ends = route(blk)
        x, n, buf = 0, len(blk), ""
        while x < n:
            y = ends[x] + 1
            word = blk[x:y]
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


def _choose() -> str:
    global _native
    jb = _init()
    want = [jb.lcut(s, HMM=False) for s in _SAMPLE]
    if [_cut(s) for s in _SAMPLE] != want:
        return "jieba"
    try:
        _native = _load_native()
        if _native is not None and [_cut(s, _native) for s in _SAMPLE] == want:
            return "native"
    except Exception:  # noqa: BLE001 - a broken optional accelerator: the pure-Python route
        _native = None
    return "python"


def cut(text: str) -> list[str]:
    """``jieba.lcut(text, HMM=False)``."""
    global _mode
    if _mode is None:
        _mode = _choose()
    if _mode == "native" and _native is not None and _init().dt.total == _native_total:
        return _cut(text, _native)
    if _mode == "jieba":
        return _jieba.lcut(text, HMM=False)
    return _cut(text)
