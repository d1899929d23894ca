"""The char n-gram block's vectors for many texts at once, in numpy.

The block's analyzer is :func:`classify.learn.features.char_ngrams` (1- to 3-grams of
``"^" + text + "$"``), and a vector lists the n-grams the vocabulary knows in the order
they are first seen in that list (1-grams by position, then 2-grams, then 3-grams), each
with its count. Building those strings and counting them in Python costs more than all
the rest of the scoring; here each n-gram is an integer (its code points + 1, 21 bits
each: no two n-grams share a key, whatever their length), looked up in the sorted keys
of the vocabulary, and counted per text with one ``unique``. The arrays that come out
are the ones the string path gives, value for value and in the same order
(tests/test_linear_batch.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

_BITS = 21  # code points are < 0x110000 < 2**21 - 1


def ngram_key(g: str) -> int:
    k = 0
    for ch in g:
        k = (k << _BITS) | (ord(ch) + 1)
    return k


class CharKeys:
    """The vocabulary of a char block as sorted integer keys."""

    def __init__(self, vocab: dict[str, int]):
        if any(not 1 <= len(g) <= 3 for g in vocab):
            raise ValueError("a char vocabulary holds 1- to 3-grams")
        pairs = sorted((ngram_key(g), i) for g, i in vocab.items())
        self.keys = np.array([k for k, _ in pairs], dtype=np.int64)
        self.cols = np.array([i for _, i in pairs], dtype=np.int64)
        self.size = len(vocab)

    def counts(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, list[int]]:
        """Columns and counts of every text's known n-grams, text after text, each text's
        in first-seen order; and where each text's part starts and ends (len(texts) + 1)."""
        t = len(texts)
        lens = np.array([len(s) + 2 for s in texts], dtype=np.int64)
        joined = "".join(["^" + s + "$" for s in texts])
        c = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64) + 1
        n = len(c)
        tid = np.repeat(np.arange(t, dtype=np.int64), lens)  # text of each character
        start = np.zeros(t, dtype=np.int64)
        np.cumsum(lens[:-1], out=start[1:])
        local = np.arange(n, dtype=np.int64) - start[tid]  # position within its text
        per = 3 * lens - 3  # n-grams of a text of L characters: L + (L - 1) + (L - 2)
        first = np.zeros(t, dtype=np.int64)
        np.cumsum(per[:-1], out=first[1:])
        keys = np.empty(int(per.sum()), dtype=np.int64)
        owner = np.empty(len(keys), dtype=np.int64)
        # each n-gram goes where char_ngrams puts it: the text's 1-grams, 2-grams, 3-grams
        length = lens[tid]
        dest = first[tid] + local
        keys[dest] = c
        owner[dest] = tid
        k2 = (c[:-1] << _BITS) | c[1:]
        ok = local[:-1] <= length[:-1] - 2  # the 2-gram stays inside its text
        d = (dest + length)[:-1][ok]
        keys[d] = k2[ok]
        owner[d] = tid[:-1][ok]
        k3 = (c[:-2] << (2 * _BITS)) | (c[1:-1] << _BITS) | c[2:]
        ok = local[:-2] <= length[:-2] - 3
        d = (dest + 2 * length - 1)[:-2][ok]
        keys[d] = k3[ok]
        owner[d] = tid[:-2][ok]
        # vocabulary look-up
        pos = np.searchsorted(self.keys, keys)
        pos[pos >= self.size] = 0
        hit = self.keys[pos] == keys
        cols = self.cols[pos[hit]]
        owner = owner[hit]
        # distinct (text, column) with its count, in first-seen order
        comb, seen, cnt = np.unique(owner * self.size + cols, return_index=True, return_counts=True)
        order = np.argsort(seen, kind="stable")
        comb = comb[order]
        text_of = comb // self.size
        bounds = np.searchsorted(text_of, np.arange(t + 1)).tolist()
        return comb - text_of * self.size, cnt[order].astype(np.float64), bounds
