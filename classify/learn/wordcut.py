"""jieba's accurate-mode segmentation (``Tokenizer.cut(s, HMM=True)``) over a fixed
dictionary, without jieba's per-character generators.

The labels' word features must be exactly jieba's words (training hands the same
segmenter to scikit-learn), so this is the same algorithm step for step: the DAG of
dictionary words, the best route by the same float sums compared in the same order
(``max`` over ``(score, end)`` tuples: the later end wins a tie), single characters
gathered into a buffer that jieba's HMM (``jieba.finalseg``) cuts when it is not a word.
What changes is the bookkeeping: each word's ``log(freq) - log(total)`` is computed once
(the same subtraction, so the same float), the DAG and the route are built in one pass
from the end, the HMM keeps back-pointers instead of copying paths, and its cut of a
buffer is memoised. tests/test_wordcut.py compares both with jieba itself.
"""

from __future__ import annotations

import re
from math import log

# jieba's own patterns (jieba/__init__.py: re_han_default, re_skip_default).
_HAN = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+)")
_SKIP = re.compile("(\r\n|\\s)")


class WordCut:
    """Cut text as ``jieba.Tokenizer`` with ``FREQ = freq`` and ``total`` would."""

    MEMO_MAX = 8192

    def __init__(self, freq: dict[str, int], total: int):
        self._hmm = Hmm().cut
        logtotal = log(total)
        self._neg = 0.0 - logtotal  # a character the dictionary lacks: log(1) - log(total)
        # word -> its score term; a prefix that is no word (frequency 0) -> None
        self._score: dict[str, float | None] = {
            w: (log(f) - logtotal if f else None) for w, f in freq.items()
        }
        # the same dictionary as a trie, character by character: node = [score, children]
        self._trie: dict[str, list] = {}
        for w, sc in self._score.items():
            kids = self._trie
            node: list = []
            for ch in w:
                node = kids.get(ch) or kids.setdefault(ch, [None, {}])
                kids = node[1]
            node[0] = sc
        self._hmm_memo: dict[str, list[str]] = {}
        self._block_memo: dict[str, list[str]] = {}  # a clause cut once per document

    def clear(self) -> None:
        self._hmm_memo.clear()
        self._block_memo.clear()

    def cut(self, sentence: str) -> list[str]:
        out: list[str] = []
        for blk in _HAN.split(sentence):
            if not blk:
                continue
            if _HAN.match(blk):
                got = self._block_memo.get(blk)
                if got is None:
                    got = []
                    self._cut_block(blk, got)
                    if len(self._block_memo) > self.MEMO_MAX:
                        self._block_memo.clear()
                    self._block_memo[blk] = got  # stored whole: another thread may read it
                out.extend(got)
            else:
                for x in _SKIP.split(blk):
                    if _SKIP.match(x):
                        out.append(x)
                    else:
                        out.extend(x)
        return out

    def _route(self, s: str) -> list[int]:
        """End (inclusive) of the word the best route takes at every position."""
        n = len(s)
        chars = list(s)  # one string object per character: each is hashed once
        score: list[float] = [0.0] * (n + 1)
        end = [0] * (n + 1)
        root = self._trie
        for k in range(n - 1, -1, -1):
            best: float | None = None
            bx = k
            i = k
            # dictionary words starting at k: the trie walk stops where jieba's
            # ``frag in FREQ`` loop stops (the dictionary holds every prefix of its words)
            node = root.get(chars[k])
            while node is not None:
                v = node[0]
                if v is not None:
                    sc = v + score[i + 1]
                    if best is None or sc >= best:  # a tie goes to the later end, as max() does
                        best, bx = sc, i
                i += 1
                if i >= n:
                    break
                node = node[1].get(chars[i])
            if best is None:  # no dictionary word starts here: the character alone
                best = self._neg + score[k + 1]
            score[k] = best
            end[k] = bx
        return end

    def _flush(self, buf: str, out: list[str]) -> None:
        if len(buf) == 1:
            out.append(buf)
        elif self._score.get(buf) is None:  # not a word: jieba's HMM cuts it
            got = self._hmm_memo.get(buf)
            if got is None:
                if len(self._hmm_memo) > self.MEMO_MAX:
                    self._hmm_memo.clear()
                got = self._hmm_memo[buf] = list(self._hmm(buf))
            out.extend(got)
        else:
            out.extend(buf)

    def _cut_block(self, s: str, out: list[str]) -> None:
        end = self._route(s)
        n = len(s)
        x = 0
        buf = ""
        while x < n:
            y = end[x] + 1
            if y - x == 1:
                buf += s[x]
            else:
                if buf:
                    self._flush(buf, out)
                    buf = ""
                out.append(s[x:y])
            x = y
        if buf:
            self._flush(buf, out)


class Hmm:
    """``jieba.finalseg.cut`` (the HMM that cuts runs of characters no word covers), with
    jieba's own tables and the same float sums, compared as its ``max`` over ``(prob,
    state)`` tuples compares them (on a tie the larger state letter wins)."""

    STATES = "BMES"

    def __init__(self) -> None:
        from jieba import finalseg as fs

        self._fs = fs
        st = self.STATES
        at = {y: i for i, y in enumerate(st)}
        prev = [fs.PrevStatus[y] for y in st]
        if any(len(p) != 2 for p in prev):  # not the model this was written for
            raise ValueError("jieba.finalseg.PrevStatus: two predecessors per state expected")
        self._start = [fs.start_P[y] for y in st]
        self._emit = [fs.emit_P[y] for y in st]
        self._prev = [(at[p[0]], at[p[1]]) for p in prev]
        self._trans = [
            (fs.trans_P[p[0]].get(y, fs.MIN_FLOAT), fs.trans_P[p[1]].get(y, fs.MIN_FLOAT))
            for y, p in zip(st, prev, strict=True)
        ]
        # on equal probabilities max() keeps the candidate whose state letter is larger
        self._first_wins = [st[a] > st[b] for a, b in self._prev]
        self._min = fs.MIN_FLOAT

    def states(self, obs: str) -> list[int]:
        """The best state sequence (indices into ``STATES``), as ``finalseg.viterbi``."""
        lo = self._min
        emit, prev, trans, first_wins = self._emit, self._prev, self._trans, self._first_wins
        v = [self._start[i] + emit[i].get(obs[0], lo) for i in range(4)]
        back: list[tuple[int, int, int, int]] = []
        for ch in obs[1:]:
            nv = [0.0, 0.0, 0.0, 0.0]
            bp = [0, 0, 0, 0]
            for i in range(4):
                em = emit[i].get(ch, lo)
                a, b = prev[i]
                ta, tb = trans[i]
                pa = v[a] + ta + em
                pb = v[b] + tb + em
                if pa > pb or (pa == pb and first_wins[i]):
                    nv[i], bp[i] = pa, a
                else:
                    nv[i], bp[i] = pb, b
            back.append((bp[0], bp[1], bp[2], bp[3]))
            v = nv
        e, s_ = self.STATES.index("E"), self.STATES.index("S")
        last = s_ if v[s_] >= v[e] else e  # max over (prob, 'E'), (prob, 'S'): 'S' wins a tie
        path = [last]
        for bp_t in reversed(back):
            last = bp_t[last]
            path.append(last)
        path.reverse()
        return path

    def _cut_han(self, sentence: str, out: list[str]) -> None:
        path = self.states(sentence)
        b_, e_, s_ = (self.STATES.index(c) for c in "BES")
        begin = nexti = 0
        for i, pos in enumerate(path):
            if pos == b_:
                begin = i
            elif pos == e_:
                out.append(sentence[begin : i + 1])
                nexti = i + 1
            elif pos == s_:
                out.append(sentence[i])
                nexti = i + 1
        if nexti < len(sentence):
            out.append(sentence[nexti:])

    def cut(self, sentence: str) -> list[str]:
        fs = self._fs
        out: list[str] = []
        for blk in fs.re_han.split(sentence):
            if fs.re_han.match(blk):
                words: list[str] = []
                self._cut_han(blk, words)
                force = fs.Force_Split_Words
                for w in words:
                    if w in force:
                        out.extend(w)
                    else:
                        out.append(w)
            else:
                out.extend(x for x in fs.re_skip.split(blk) if x)
        return out
